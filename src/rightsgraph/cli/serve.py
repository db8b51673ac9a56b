"""``rightsgraph serve``: the thin command over ``rightsgraph.serve``."""

from __future__ import annotations

from typing import Any

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free port).",
)
@click.option(
    "--public",
    is_flag=True,
    help="Serve only public data: restricted nodes and every triple that mentions them are left out.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a SPARQL query may run; callers cannot raise it.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    help="Most rows (or triples) an answer holds; callers cannot raise it.",
)
@click.pass_obj
def serve(obj: Any, host: str, port: int, public: bool, timeout: float, max_rows: int) -> None:
    """Read-only SPARQL 1.1 endpoint (/sparql) and browsing site.

    Pages: search, a page per entity and document, the named queries with a
    form each, a SPARQL editor. Listens on 127.0.0.1 unless --host says
    otherwise; Ctrl-C stops it.
    """
    from ..serve.app import ServeConfig
    from ..serve.app import serve as run

    config = ServeConfig(
        store=obj.store,
        data=obj.data,
        host=host,
        port=port,
        public=public,
        timeout=timeout,
        max_rows=max_rows,
    )
    run(config, announce=lambda line: click.echo(line, err=True))
    click.echo("stopped", err=True)
