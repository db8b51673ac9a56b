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
    "--include-restricted",
    is_flag=True,
    help="Also serve restricted nodes and every triple that mentions them (a banner on "
    "every page says so). Without it only public data is served.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.5, 3600),
    help="Seconds a SPARQL or named query may run; callers can only lower it (to 0.5 s at least).",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    help="Most rows (or triples) an answer holds, cut while reading; callers cannot raise it.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (each holds its own copy of the store).",
)
@click.option(
    "--worker-memory",
    default=1024,
    show_default=True,
    type=click.IntRange(0, 1 << 20),
    help="MB of memory one query may add to a worker's loaded size; past it the query gets "
    "503 and the worker is replaced (0: no limit).",
)
@click.option(
    "--per-client",
    default=4,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Queries one client address may have running at once (more get 429).",
)
@click.option(
    "--base-url",
    default=None,
    help="The server's public address (e.g. https://example.org), used in the service "
    "description instead of the Host header. Default: the address it listens on.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages from ORIGIN (scheme://host[:port]; repeat it or separate by commas; "
    "* for any) read /sparql from a browser: preflights are answered and "
    "Access-Control-Allow-Origin is sent to that origin only. Off by default.",
)
@click.pass_obj
def serve(
    obj: Any,
    host: str,
    port: int,
    include_restricted: bool,
    timeout: float,
    max_rows: int,
    workers: int,
    worker_memory: int,
    per_client: int,
    base_url: str | None,
    cors: tuple[str, ...],
) -> None:
    """Read-only SPARQL 1.1 endpoint (/sparql) and browsing site.

    Pages: search, a page per entity and document, the named queries with a
    form each, a SPARQL editor; /health reports the query workers and the store
    generation as JSON. Only public data unless --include-restricted. After
    'rightsgraph build' the server moves to the new store by itself within
    seconds (or at once on SIGHUP). Listens on 127.0.0.1 unless --host says
    otherwise; Ctrl-C stops it.
    """
    from ..errors import UsageError
    from ..serve.app import serve as run
    from ..serve.cors import parse_origins
    from ..serve.site import ServeConfig

    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url {base_url}: give an absolute http:// or https:// address")
    config = ServeConfig(
        store=obj.store,
        data=obj.data,
        host=host,
        port=port,
        include_restricted=include_restricted,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        worker_memory=worker_memory,
        per_client=per_client,
        base_url=base_url.rstrip("/") if base_url else None,
        cors=parse_origins(cors),
    )
    run(config, announce=lambda line: click.echo(line, err=True))
    click.echo("stopped", err=True)
