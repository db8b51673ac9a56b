"""``rightsgraph query``: a named query (NAME) or a SPARQL file (FILE.rq), its
parameters bound as RDF terms; ``--list`` shows the named queries."""

from __future__ import annotations

import click

from .options import (
    Settings,
    format_option,
    include_restricted_option,
    param_option,
    parse_params,
    public_store,
)


@click.command()
@click.argument("name", required=False)
@param_option()
@format_option("table", "csv", "tsv", "json")
@click.option(
    "--list", "list_", is_flag=True, help="List the named queries with their descriptions."
)
@include_restricted_option()
@click.option(
    "--default-graph",
    "default_graphs",
    multiple=True,
    metavar="IRI",
    help="Make the default graph the merge of these graphs (repeatable), as the "
    "protocol's default-graph-uri; overrides the query's FROM.",
)
@click.option(
    "--named-graph",
    "named_graphs",
    multiple=True,
    metavar="IRI",
    help="Make these the only graphs GRAPH can read (repeatable), as the protocol's "
    "named-graph-uri; overrides the query's FROM NAMED.",
)
@click.pass_obj
def query(
    settings: Settings,
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_: bool,
    include_restricted: bool,
    default_graphs: tuple[str, ...],
    named_graphs: tuple[str, ...],
) -> None:
    """Run a named query (NAME) or a SPARQL file (FILE.rq).

    Parameters are bound as RDF terms, never pasted into the query. Given
    --default-graph or --named-graph, the query's dataset is exactly the graphs
    they name (the other part empty), as with the SPARQL protocol. Exit 1 when
    a query returns no rows.
    """
    from ..answers.queries import named_queries, run_query
    from ..answers.render import render
    from ..errors import NoResult
    from ..store.dataset import protocol_dataset

    if list_:
        for info in named_queries().values():
            click.echo(
                f"{info.name}\n    {info.title}. {info.summary}\n    parameters: {info.signature()}"
            )
        return
    if not name:
        raise click.UsageError("give a query NAME or FILE.rq, or --list")
    store = public_store(settings, include_restricted)
    dataset = protocol_dataset(default_graphs, named_graphs)
    _, result = run_query(store, name, parse_params(params), dataset=dataset)
    click.echo(render(result, fmt))
    if result.boolean is None and not result.is_graph and not result.terms:
        raise NoResult("the query returned no rows")
