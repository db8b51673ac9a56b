"""Cross-origin access to ``/sparql`` for the origins ``--cors`` names.

Off by default: without ``--cors`` no response carries a CORS header and an
``OPTIONS`` preflight is 405, so a page on another site cannot read answers
through a visitor's browser. With ``--cors https://notebook.example`` (repeat
it, or separate origins by commas) the endpoint answers preflights and sends
``Access-Control-Allow-Origin`` with that origin, only to a request that comes
from it; ``*`` is sent only when the user passes ``*``. No credentials are ever
allowed: the endpoint is read-only and public data needs none. Only ``/sparql``
is opened, since notebooks and hosted SPARQL editors need nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import UsageError

PATHS = ("/sparql",)
METHODS = "GET, POST, OPTIONS"
# request headers a SPARQL client sends; anything else in a preflight is refused
HEADERS = ("accept", "content-type", "accept-language", "content-language", "cache-control")
EXPOSED = "X-Rightsgraph-Truncated, X-SPARQL-MaxRows, Retry-After, Content-Type"
MAX_AGE = "600"
_ORIGIN = re.compile(
    r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$"
)


def parse_origins(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``--cors`` values as origins (``scheme://host[:port]``), or a one-line UsageError."""
    out: list[str] = []
    for value in values:
        for origin in (v.strip() for v in value.split(",")):
            if not origin:
                continue
            if origin != "*" and not _ORIGIN.match(origin.rstrip("/")):
                raise UsageError(
                    f"--cors {origin}: not an origin — give scheme://host[:port] such as "
                    "https://notebook.example.org (no path), or * for any origin"
                )
            out.append(origin.rstrip("/").lower() if origin != "*" else "*")
    return tuple(dict.fromkeys(out))


class Cors:
    """ASGI middleware: preflights and ``Access-Control-*`` headers on ``/sparql``."""

    def __init__(self, app: Any, origins: tuple[str, ...]) -> None:
        self.app = app
        self.origins = origins
        self.any = "*" in origins

    def allowed(self, origin: str) -> str | None:
        """The value of Access-Control-Allow-Origin for ``origin``, or None."""
        if self.any:
            return "*"
        return origin if origin.lower() in self.origins else None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] not in PATHS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if scope["method"] == "OPTIONS" and origin and "access-control-request-method" in headers:
            await self.preflight(origin, headers, send)
            return
        allow = self.allowed(origin) if origin else None
        if allow is None:
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"access-control-allow-origin", allow.encode("latin-1")),
                    (b"access-control-expose-headers", EXPOSED.encode()),
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
                message["headers"] = _vary_origin(message["headers"])
            await send(message)

        await self.app(scope, receive, with_headers)

    async def preflight(self, origin: str, headers: dict[str, str], send: Any) -> None:
        method = headers["access-control-request-method"].strip().upper()
        asked = [
            h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")
        ]
        asked = [h for h in asked if h]
        allow = self.allowed(origin)
        refused = None
        if allow is None:
            refused = f"origin {origin} may not query this endpoint (it is not among --cors)"
        elif method not in ("GET", "POST"):
            refused = f"method {method} is not allowed — use GET or POST"
        elif any(h not in HEADERS for h in asked):
            bad = next(h for h in asked if h not in HEADERS)
            refused = f"request header {bad} is not allowed — send only {', '.join(HEADERS)}"
        if refused:
            body = (refused + "\n").encode()
            out = [(b"content-type", b"text/plain; charset=utf-8"), (b"vary", b"Origin")]
            await _respond(send, 403, out, body)
            return
        assert allow is not None
        out = [
            (b"access-control-allow-origin", allow.encode("latin-1")),
            (b"access-control-allow-methods", METHODS.encode()),
            (b"access-control-max-age", MAX_AGE.encode()),
            (b"vary", b"Origin"),
        ]
        if asked:
            out.append((b"access-control-allow-headers", ", ".join(asked).encode()))
        await _respond(send, 204, out, b"")


def _vary_origin(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Add ``Origin`` to ``Vary``: answers differ by origin, caches must know."""
    for i, (k, v) in enumerate(headers):
        if k.lower() == b"vary":
            if b"origin" not in v.lower():
                headers[i] = (k, v + b", Origin")
            return headers
    return [*headers, (b"vary", b"Origin")]


async def _respond(send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
