"""The network commands: ``path`` (how two entities are linked), ``centrality``
(who sits between the others) and ``neighbours`` (what is within a few hops)."""

from __future__ import annotations

from typing import Any

import click

from .options import Settings


@click.command()
@click.argument("source")
@click.argument("target")
@click.option(
    "--all",
    "all_paths",
    is_flag=True,
    help="All simple paths up to --max-length, not only the shortest.",
)
@click.option("--max-length", default=4, show_default=True, type=click.IntRange(1, 8))
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--via-documents", is_flag=True, help="Also route through documents (who cites whom)."
)
@click.pass_obj
def path(
    settings: Settings,
    source: str,
    target: str,
    all_paths: bool,
    max_length: int,
    limit: int,
    via_documents: bool,
) -> None:
    """Paths between two entities, with the relation and evidence on each hop."""
    from ..answers.network import paths
    from ..store.build import open_store
    from ..vocab import curie

    labels, found = paths(
        open_store(settings.store, settings.data),
        source,
        target,
        all_paths,
        max_length,
        limit,
        via_documents,
    )
    for i, hops in enumerate(found, start=1):
        click.echo(f"path {i} ({len(hops)} hop{'s' if len(hops) != 1 else ''}):")
        for h in hops:
            arrow = "→" if h.forward else "←"
            mark = " [CONTESTED]" if h.contested else ""
            ev = f", {h.evidence} evidence record(s), {curie(h.claim)}" if h.claim else ""
            click.echo(
                f"  {labels[h.source]} {arrow} {h.relation} {arrow} {labels[h.target]}{ev}{mark}"
            )


@click.command()
@click.option("--top", default=15, show_default=True, type=click.IntRange(1, 10000))
@click.option(
    "--group",
    default="actor",
    show_default=True,
    help="Node group to rank: actor, incident, mechanism, decision, meeting, place, or 'all'.",
)
@click.pass_obj
def centrality(settings: Settings, top: int, group: str) -> None:
    """Entities ranked by betweenness centrality in the network (documents excluded)."""
    from ..answers.network import centrality as do_centrality
    from ..store.build import open_store
    from ..vocab import curie

    rows = do_centrality(
        open_store(settings.store, settings.data), top, None if group == "all" else group
    )
    width = max((len(r[1]) for r in rows), default=10)
    click.echo(f"{'entity':<{width}}  betweenness  degree  id")
    for iri, label, score, degree in rows:
        click.echo(f"{label:<{width}}  {score:11.4f}  {degree:6d}  {curie(iri)}")


@click.command()
@click.argument("term")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 6))
@click.pass_obj
def neighbours(settings: Settings, term: str, depth: int) -> None:
    """The entities within --depth hops of TERM and the relations that link them."""
    from ..answers.network import neighbourhood
    from ..store.build import open_store

    sub = neighbourhood(open_store(settings.store, settings.data), term, depth)
    focus = sub.graph["focus"]
    click.echo(
        f"{sub.nodes[focus]['label']}: {sub.number_of_nodes() - 1} neighbour(s) within {depth} hop(s)"
    )
    for a, b, d in sorted(
        sub.edges(data=True), key=lambda e: (sub.nodes[e[0]]["label"], d_rel(e[2]))
    ):
        mark = " [CONTESTED]" if d["contested"] else ""
        ev = f" ({d['evidence']} evidence)" if d["evidence"] else ""
        click.echo(
            f"  {sub.nodes[a]['label']} → {d['relation']} → {sub.nodes[b]['label']}{ev}{mark}"
        )


def d_rel(d: dict[str, Any]) -> str:
    return str(d.get("relation", ""))
