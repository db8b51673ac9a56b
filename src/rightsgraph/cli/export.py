"""``rightsgraph export``: options in, library call, one summary line out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .options import include_restricted_option, param_option, parse_params, warn_restricted

FORMAT_NAMES = (
    "ttl",
    "nt",
    "jsonld",
    "graphml",
    "gexf",
    "cytoscape",
    "csv",
    "dot",
    "svg",
    "png",
    "html",
    "timeline",
)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    help="Output format; default: guessed from the -o file's extension.",
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write (csv: the folder for nodes.csv and edges.csv).",
)
@click.option(
    "--focus", metavar="TERM", help="Only the neighbourhood of TERM (IRI, CURIE or label)."
)
@click.option(
    "--depth", default=1, show_default=True, type=click.IntRange(0, 6), help="Hops around --focus."
)
@click.option(
    "--query",
    "query_name",
    metavar="NAME",
    help="Only the entities a named query (or FILE.rq) returns.",
)
@param_option("A --query parameter (repeatable).")
@include_restricted_option("Keep restricted nodes (not for publication; a warning is printed).")
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=None,
    help="html: most nodes drawn before the page limits itself (default 50000).",
)
@click.option("--title", default=None, help="Title of the html page or timeline.")
@click.option(
    "--size",
    metavar="WxH",
    default=None,
    help="svg/png: the largest drawing in pixels (default 1600x1000, a screen).",
)
@click.pass_obj
def export(
    obj: Any,
    fmt: str | None,
    output: Path,
    focus: str | None,
    depth: int,
    query_name: str | None,
    params: tuple[str, ...],
    include_restricted: bool,
    max_nodes: int | None,
    title: str | None,
    size: str | None,
) -> None:
    """Write the graph, a neighbourhood (--focus) or a query's result (--query).

    FMT: ttl, nt, jsonld (RDF dumps); graphml, gexf, cytoscape, dot (networks
    for Gephi, yEd, Cytoscape, Graphviz); csv (nodes.csv and edges.csv in the
    -o folder); svg, png (drawn by Graphviz); html (one
    offline interactive page); timeline (PNG or SVG by the file's extension).
    Public by default: restricted nodes and every triple that mentions them are
    left out.
    """
    from ..export import export as do_export
    from ..store.build import open_store

    warn_restricted(include_restricted)
    parsed = parse_params(params)
    store = open_store(obj.store, obj.data)
    pixels = None
    if size is not None:
        w, sep, h = size.lower().partition("x")
        if not (sep and w.isdigit() and h.isdigit() and int(w) > 0 and int(h) > 0):
            raise click.BadParameter(
                f"'{size}' is not WxH in pixels, e.g. 1600x1000", param_hint="--size"
            )
        pixels = (float(w), float(h))
    rep = do_export(
        store,
        fmt,
        output,
        focus=focus,
        depth=depth,
        query=query_name,
        params=parsed,
        include_restricted=include_restricted,
        max_nodes=max_nodes,
        title=title,
        size=pixels,
    )
    parts = [f"{rep.format}: wrote {rep.path}"]
    if rep.triples:
        parts.append(f"{rep.triples} triples")
    if rep.nodes or rep.edges:
        parts.append(
            f"{rep.nodes} dated items"
            if rep.format == "timeline"
            else f"{rep.nodes} nodes, {rep.edges} edges"
        )
    if not include_restricted and rep.restricted_removed:
        parts.append(f"{rep.restricted_removed} restricted nodes left out")
    click.echo(", ".join(parts))
    for notice in rep.notices:
        click.echo(f"note: {notice}", err=True)
