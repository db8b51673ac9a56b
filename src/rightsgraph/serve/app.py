"""The web application: a Starlette app over one store, and ``serve()`` which
binds the port and runs it under uvicorn.

Why Starlette + uvicorn: a small, well-kept ASGI toolkit (routing, requests,
responses, static files) with no ORM or admin to carry, a production server
that shuts down gracefully on Ctrl-C/SIGTERM, and Jinja2 for autoescaped
server-rendered pages; the SPARQL protocol itself stays in our own short
module so that its status codes are ours to choose and test.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .worker import QueryPool, StoreRecipe, make_store

if TYPE_CHECKING:
    import networkx as nx
    from starlette.applications import Starlette

    from ..store.base import Store

HERE = Path(__file__).resolve().parent

# pages carry no script at all; the graph view sets its own policy
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


@dataclass
class ServeConfig:
    store: str = "memory"
    data: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    public: bool = False
    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2


class Site:
    """Everything the pages and the endpoint share, computed once at start."""

    def __init__(self, config: ServeConfig, pool: QueryPool | None = None) -> None:
        from ..answers.queries import named_queries
        from ..answers.resolve import Resolver
        from ..answers.stats import compute

        self.config = config
        self.recipe = StoreRecipe(config.store, config.data, config.public)
        self.store: Store = make_store(self.recipe)
        self.lock = threading.Lock()  # rdflib's parser is not thread-safe
        self.resolver = Resolver(self.store)
        self.triples = self.store.triple_count()
        self.stats = compute(self.store)
        self.queries = named_queries()
        self.types = _types(self.store)
        self._network: nx.MultiDiGraph | None = None
        self._timeline: list[dict[str, Any]] | None = None
        self.pool = pool
        self.views: dict[str, Any] = {}  # node pages, computed once each
        self.graph_view = _graph_view_available()
        _ = self.network, self.timeline  # computed now, read-only afterwards

    def read(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run trusted library code on the shared store, one call at a time."""
        with self.lock:
            return fn(*args)

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``read`` in a worker thread, so the event loop keeps serving."""
        import anyio.to_thread

        return await anyio.to_thread.run_sync(self.read, fn, *args)

    @property
    def network(self) -> nx.MultiDiGraph:
        if self._network is None:
            from ..answers.network import build_network

            self._network = build_network(self.store)
        return self._network

    @property
    def timeline(self) -> list[dict[str, Any]]:
        if self._timeline is None:
            from ..answers.queries import run_query
            from ..errors import RightsgraphError

            try:
                _, res = run_query(
                    self.store, "cq8-timeline", {"from": "0001-01-01", "to": "9999-12-31"}
                )
                self._timeline = [
                    {k: (None if v is None else str(v)) for k, v in d.items()} for d in res.dicts()
                ]
            except RightsgraphError:
                self._timeline = []
        return self._timeline

    async def run_untrusted(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        """A caller's query, in a worker process under the timeout."""
        import anyio.to_thread

        if self.pool is None:
            return {"status": 503, "message": "the query workers are not running"}
        answer: dict[str, Any] = await anyio.to_thread.run_sync(self.pool.run, request, timeout)
        return answer

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def _types(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s, t in store.query("SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s)) }").rows:
        out.setdefault(str(s), []).append(str(t))
    return out


def _graph_view_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("rightsgraph.export.html") is not None
    except ModuleNotFoundError:
        return False


class SecurityHeaders:
    """nosniff, no referrer, and a script-free Content-Security-Policy unless a
    route set its own."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"content-security-policy": CSP.encode(),
                    b"x-frame-options": b"DENY",
                }
                for k, v in extra.items():
                    if k not in names:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


def create_app(site: Site) -> Starlette:
    """The Starlette application: pages, the SPARQL endpoint and static files."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from . import pages, sparql

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        yield
        site.close()  # uvicorn calls this on Ctrl-C and SIGTERM

    routes = [
        Route("/", pages.home),
        Route("/search", pages.search),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"]),
        Route("/entity/{path:path}", pages.entity),
        Route("/vocab/{path:path}", pages.vocab),
        Route("/node", pages.node),
        Route("/queries", pages.query_list),
        Route("/queries/{name}", pages.named_query),
        Route("/query", pages.editor, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    if site.graph_view:
        routes.append(Route("/graph/{path:path}", pages.graph_view))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={404: pages.not_found, 405: pages.method_not_allowed},
    )
    app.state.site = site
    app.state.templates = pages.environment(site)
    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or a one-line InputError (exit 2) saying why not."""
    import errno

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"--host {host}: unknown host ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is already in use — stop the other server or "
                "choose another port with --port"
            ) from None
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def serve(config: ServeConfig, announce: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl-C or SIGTERM; the port is checked before anything loads."""
    import uvicorn

    sock = bind(config.host, config.port)
    site: Site | None = None
    try:
        pool = QueryPool(StoreRecipe(config.store, config.data, config.public), config.workers)
        site = Site(config, pool)
        pool.start()
        app = create_app(site)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                log_level="warning",
                access_log=False,
                lifespan="on",
                timeout_graceful_shutdown=5,
            )
        )
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        if announce:
            view = "public data only" if config.public else "all data"
            announce(
                f"serving {site.triples} triples ({view}) at http://{shown}:{port}/ — "
                f"SPARQL endpoint http://{shown}:{port}/sparql — Ctrl-C to stop"
            )
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C after shutdown
            server.run(sockets=[sock])
    finally:
        if site is not None:
            site.close()
        sock.close()
