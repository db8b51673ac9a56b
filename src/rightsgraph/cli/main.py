"""The command line: parses options, calls the library, prints. Nothing else.

Errors from the library (``RightsgraphError``) become one line on stderr and the
exit code of the design: 0 ok, 1 validation failures or no result, 2 unusable
input or usage error. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import RightsgraphError
from ..text import visible

# name -> "module:attribute" of a click command, imported only when used
LAZY_COMMANDS: dict[str, str] = {
    "export": "rightsgraph.cli.export:export",
    "contribute": "rightsgraph.cli.contribute:contribute",
    "verify-quotes": "rightsgraph.cli.verify_quotes:verify_quotes",
    "serve": "rightsgraph.cli.serve:serve",
}


class Rightsgraph(click.Group):
    """A group that converts library errors into one-line messages and exit codes,
    and loads the commands of ``LAZY_COMMANDS`` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib.util

        lazy = [n for n, t in LAZY_COMMANDS.items() if importlib.util.find_spec(t.split(":")[0])]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib
            import importlib.util

            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            if importlib.util.find_spec(module) is None:
                return None
            command = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RightsgraphError as exc:
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`| head`): stop quietly, as other tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except RecursionError:
            click.echo("error: input is nested too deeply to process — flatten it", err=True)
            ctx.exit(2)
        except Exception as exc:  # a bug: one line, traceback only on request
            if os.environ.get("RIGHTSGRAPH_DEBUG"):
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set RIGHTSGRAPH_DEBUG=1 for the traceback and report it)",
                err=True,
            )
            ctx.exit(3)


class Settings:
    def __init__(self, store: str, data: Path | None) -> None:
        self.store = store
        self.data = data


def _progress(quiet: bool = False) -> Any:
    if quiet or not sys.stderr.isatty():
        return None  # progress is for a person at a terminal, never for pipes or logs

    def report(name: str, i: int, n: int) -> None:
        bar = "#" * int(20 * i / n)
        line = f"loading [{bar:<20}] {i}/{n} {name}"
        click.echo("\r" + line[:79].ljust(79), err=True, nl=(i == n))

    return report


@click.group(cls=Rightsgraph, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rightsgraph")
@click.option(
    "--store",
    default="memory",
    show_default=True,
    metavar="SPEC",
    help="memory | oxigraph:PATH | sparql:URL[,update=URL][,graph=IRI]",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Read data from DIR (any RDF files in it) instead of the project's data/.",
)
@click.pass_context
def main(ctx: click.Context, store: str, data_dir: Path | None) -> None:
    """rightsgraph: who did what, who says so, and who holds whom to account.

    A knowledge graph of actors, incidents, accountability mechanisms and the
    documents that report them, where every fact is traceable to a quote.
    """
    if data_dir is not None and not data_dir.is_dir():
        raise click.BadParameter(f"{data_dir}: no such folder", param_hint="--data")
    from ..store.spec import parse_store_spec

    parse_store_spec(store)  # a bad --store is a one-line error for every command
    ctx.obj = Settings(store, data_dir)


@main.command()
@click.option("--force", is_flag=True, help="Rebuild an on-disk store even if nothing changed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.pass_obj
def build(settings: Settings, force: bool, quiet: bool) -> None:
    """Load ontology + data into a store (progress shown)."""
    from ..store.build import build as do_build

    rep = do_build(settings.store, settings.data, _progress(quiet), force=force)
    state = "built" if rep.rebuilt else "up to date"
    click.echo(f"{rep.store}: {state}, {rep.triples} triples from {rep.files} files")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
def validate(settings: Settings, paths: tuple[Path, ...], fmt: str) -> None:
    """SHACL and syntax checks; default: all of data/.

    Files given are checked against the existing graph; each problem is one line:
    file:line: severity: focus path = value: what is wrong and how to fix it.
    With --store oxigraph:PATH the fast validator checks the whole store, or the
    files against it, with the same results as pySHACL.
    """
    if settings.store.startswith("oxigraph:"):
        from ..rdf.files import data_files
        from ..store.build import open_store
        from ..validation.store import validate_oxigraph

        store = open_store(settings.store, settings.data, progress=_progress(fmt == "json"))
        report = validate_oxigraph(
            store.ox,  # type: ignore[attr-defined]
            list(paths) or None,
            data_files(settings.data),
        )
    else:
        from ..validation.files import validate as do_validate

        report = do_validate(list(paths) or None, settings.data, progress=_progress(fmt == "json"))
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(report.to_text())
    if report.unusable:
        sys.exit(2)
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_obj
def stats(settings: Settings, fmt: str) -> None:
    """Counts by class, sources, claims, contested facts."""
    import json

    from ..answers.stats import compute
    from ..store.build import open_store

    s = compute(open_store(settings.store, settings.data))
    if fmt == "json":
        click.echo(
            json.dumps(
                {"triples": s.triples, "totals": s.totals, "by_class": dict(s.by_class)}, indent=2
            )
        )
        return
    click.echo(f"triples: {s.triples}")
    width = max(len(k) for k in s.totals)
    for k, v in s.totals.items():
        click.echo(f"{k:<{width}}  {v:>6}")
    click.echo("")
    click.echo("by class:")
    cw = max((len(c) for c, _ in s.by_class), default=5)
    for c, n in s.by_class:
        click.echo(f"  {c:<{cw}}  {n:>6}")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, val = v.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param '{v}' must be key=value, e.g. --param incident=Moura")
        out[key.strip()] = val
    return out


INCLUDE_RESTRICTED = click.option(
    "--include-restricted",
    is_flag=True,
    help="Show restricted material too (not for publication; a warning is printed).",
)


def _public_store(settings: Settings, include_restricted: bool) -> Any:
    """The store commands read: public by default (access.public_view), the whole
    graph only on request, with a warning."""
    from ..store.build import open_store

    store = open_store(settings.store, settings.data)
    if include_restricted:
        click.echo(
            "warning: --include-restricted: the output contains restricted material — do not publish it",
            err=True,
        )
        return store
    from ..store.access import public_view
    from ..store.memory import MemoryStore

    return MemoryStore(public_view(store.graph()).graph, f"{store.description} (public)")


@main.command()
@click.argument("name", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--list", "list_", is_flag=True, help="List the named queries with their descriptions."
)
@INCLUDE_RESTRICTED
@click.pass_obj
def query(
    settings: Settings,
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_: bool,
    include_restricted: bool,
) -> None:
    """Run a named query (NAME) or a SPARQL file (FILE.rq).

    Parameters are bound as RDF terms, never pasted into the query. Exit 1 when
    a query returns no rows.
    """
    from ..answers.queries import named_queries, run_query
    from ..answers.render import render
    from ..errors import NoResult

    if list_:
        for info in named_queries().values():
            click.echo(
                f"{info.name}\n    {info.title}. {info.summary}\n    parameters: {info.signature()}"
            )
        return
    if not name:
        raise click.UsageError("give a query NAME or FILE.rq, or --list")
    store = _public_store(settings, include_restricted)
    _, result = run_query(store, name, _params(params))
    click.echo(render(result, fmt))
    if result.boolean is None and result.graph is None and not result.rows:
        raise NoResult("the query returned no rows")


@main.command()
@click.argument("term")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@INCLUDE_RESTRICTED
@click.pass_obj
def provenance(settings: Settings, term: str, fmt: str, include_restricted: bool) -> None:
    """Where a fact or entity comes from: documents, quotes, claimants,
    corroboration (independent originals vs derived copies), denials.

    TERM is an IRI, a CURIE (actor:wagner-group) or a label or alias ("Wagner",
    "FAMa", "menaka"), matched without regard to case or accents.
    """
    import json

    from ..answers.provenance import provenance as do_provenance
    from ..answers.provenance import render_text
    from ..errors import NoResult

    report = do_provenance(_public_store(settings, include_restricted), term)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
    if not report.claims:
        raise NoResult(f"no claims with evidence mention {report.label}")


@main.command()
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
                visible(
                    f"  {labels[h.source]} {arrow} {h.relation} {arrow} {labels[h.target]}{ev}{mark}"
                )
            )


@main.command()
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
        click.echo(visible(f"{label:<{width}}  {score:11.4f}  {degree:6d}  {curie(iri)}"))


@main.command()
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
        visible(
            f"{sub.nodes[focus]['label']}: {sub.number_of_nodes() - 1} neighbour(s) within {depth} hop(s)"
        )
    )
    for a, b, d in sorted(
        sub.edges(data=True), key=lambda e: (sub.nodes[e[0]]["label"], d_rel(e[2]))
    ):
        mark = " [CONTESTED]" if d["contested"] else ""
        ev = f" ({d['evidence']} evidence)" if d["evidence"] else ""
        click.echo(
            visible(
                f"  {sub.nodes[a]['label']} → {d['relation']} → {sub.nodes[b]['label']}{ev}{mark}"
            )
        )


def d_rel(d: dict[str, Any]) -> str:
    return str(d.get("relation", ""))


if __name__ == "__main__":  # pragma: no cover
    main()
