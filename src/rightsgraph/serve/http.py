"""Reading request bodies within bounds: at most ``MAX_BODY`` bytes, and within
``BODY_TIMEOUT`` seconds, so a client that stalls mid-body holds nothing for long."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.requests import Request

MAX_BODY = 1_000_000  # bytes of query text accepted
BODY_TIMEOUT = 10.0  # seconds to receive a whole body


class BodyTooSlow(Exception):
    """The body did not arrive within ``BODY_TIMEOUT`` (answered 408)."""


async def read_body(request: Request) -> bytes | None:
    """The body, or None when it is larger than ``MAX_BODY``; BodyTooSlow past the time."""
    import anyio

    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        return None
    body = b""
    try:
        with anyio.fail_after(BODY_TIMEOUT):
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY:
                    return None
    except TimeoutError:
        raise BodyTooSlow from None
    return body


def form_fields(body: bytes) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
