"""The web application: a Starlette app over the site object, and ``serve()``
which binds the port and runs it under uvicorn.

Why Starlette + uvicorn: a small, well-kept ASGI toolkit (routing, requests,
responses, static files) with no ORM or admin to carry, a production server
that shuts down gracefully on Ctrl-C/SIGTERM, and Jinja2 for autoescaped
server-rendered pages; the SPARQL protocol itself stays in our own short
module so that its status codes are ours to choose and test.

Connections are bounded too: request headers must arrive within
``HEADER_TIMEOUT`` seconds (bodies within ``http.BODY_TIMEOUT``), an idle
keep-alive connection is closed after 5 s, and past ``MAX_CONNECTIONS`` open
connections uvicorn answers 503 at once.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import InputError
from .pool import QueryPool
from .site import ServeConfig, Site

if TYPE_CHECKING:
    import asyncio

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

HERE = Path(__file__).resolve().parent
HEADER_TIMEOUT = 10.0
MAX_CONNECTIONS = 512

# pages carry no script at all; the graph view and the SPARQL editor set their own policy
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

__all__ = ["ServeConfig", "Site", "create_app", "serve"]


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


async def health(request: Request) -> Response:
    """``/health``: workers alive, store generation, last error (503 while degraded)."""
    from starlette.responses import JSONResponse

    site: Site = request.app.state.site
    status = site.health()
    code = 200 if status["status"] == "ok" else 503
    return JSONResponse(status, status_code=code, headers={"Cache-Control": "no-store"})


def create_app(site: Site) -> Starlette:
    """The Starlette application: pages, the SPARQL endpoint, /health and static files."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from . import editor, nodes, pages, sparql
    from .cors import Cors

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        yield
        site.close()  # uvicorn calls this on Ctrl-C and SIGTERM

    routes = [
        Route("/", pages.home),
        Route("/search", pages.search),
        Route("/health", health),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"]),
        Route("/entity/{path:path}", nodes.entity),
        Route("/vocab/{path:path}", nodes.vocab),
        Route("/node", nodes.node),
        Route("/queries", pages.query_list),
        Route("/queries/{name}", pages.named_query),
        Route("/query", editor.editor, methods=["GET", "POST"]),
        Route("/query/labels", editor.labels, methods=["POST"]),
        Route("/query/prefixes.json", editor.prefix_list),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    if site.graph_view:
        routes.append(Route("/graph/{path:path}", pages.graph_view))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(SecurityHeaders),
            *([Middleware(Cors, origins=site.config.cors)] if site.config.cors else []),
        ],
        exception_handlers={404: pages.not_found, 405: pages.method_not_allowed},
    )
    app.router.redirect_slashes = False  # its redirects are built from the Host header
    app.state.site = site
    app.state.templates = pages.environment()
    return app


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for request headers: a client
    that opens a connection (or starts a new request) and stalls is dropped."""

    _timer: asyncio.TimerHandle | None = None
    _armed_for: Any = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._armed_for = self.cycle
        self._timer = self.loop.call_later(HEADER_TIMEOUT, self._overdue)

    def _between_requests(self) -> bool:
        return self.cycle is None or bool(self.cycle.response_complete)

    def _overdue(self) -> None:
        self._timer = None
        # no request has begun since the deadline was set: the headers never came
        stalled = self.cycle is self._armed_for and self._between_requests()
        if stalled and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # the start of another request on a kept-alive connection: a new deadline
        if self._between_requests() and (self._timer is None or self._armed_for is not self.cycle):
            if self._timer is not None:
                self._timer.cancel()
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        super().connection_lost(exc)


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
    """Serve until Ctrl-C or SIGTERM; SIGHUP reloads the store. The port is
    checked before anything loads."""
    import uvicorn

    sock = bind(config.host, config.port)
    site: Site | None = None
    try:
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        if not config.base_url:
            config.base_url = f"http://{shown}:{port}"
        if announce and config.include_restricted:
            announce(
                "warning: --include-restricted: restricted documents, claims and entities "
                "are served to every visitor"
            )
        pool = QueryPool(config.recipe(), config.workers, memory_mb=config.worker_memory)
        site = Site(config, pool)
        pool.start()
        app = create_app(site)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                http=GuardedH11,
                log_level="warning",
                access_log=False,
                lifespan="on",
                timeout_graceful_shutdown=5,
                timeout_keep_alive=5,
                limit_concurrency=MAX_CONNECTIONS,
            )
        )
        reload_site = site

        def on_hup(signum: int, frame: Any) -> None:
            reload_site.wake(force=True)

        with contextlib.suppress(ValueError, AttributeError):
            signal.signal(signal.SIGHUP, on_hup)
        if announce:
            view = "all data, restricted included" if config.include_restricted else "public data"
            announce(
                f"serving {site.current.triples} triples ({view}) at {config.base_url}/ — "
                f"SPARQL endpoint {config.base_url}/sparql — Ctrl-C to stop, SIGHUP to reload"
            )
            if config.cors:
                announce(f"cross-origin reads of /sparql allowed from: {', '.join(config.cors)}")
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C after shutdown
            server.run(sockets=[sock])
    finally:
        if site is not None:
            site.close()
        sock.close()
