"""Fair shares of the query pool between callers, by client address.

Why: the pool has a few workers; one caller sending many queries at once, or
queries that always overrun, would otherwise hold them all. So one address may
have ``per_client`` queries running, and an address whose queries keep
overrunning (or blowing the memory limit) waits longer each time — nothing after
the first, then 1 s, 2 s, 4 s … up to 30 s — before its next one is taken. A
query that is answered resets the count. (Behind a proxy every caller has the
proxy's address: give the proxy its own limits.)
"""

from __future__ import annotations

import math
import time
from typing import Any

MAX_PAUSE = 30.0
REMEMBERED = 10_000  # offending addresses kept; the oldest are forgotten first


class FairShares:
    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self._running: dict[str, int] = {}
        self._strikes: dict[str, tuple[int, float]] = {}

    def refuse(self, client: str) -> dict[str, Any] | None:
        """A 429 answer if ``client`` must wait, else None (and the query is counted)."""
        _, until = self._strikes.get(client, (0, 0.0))
        wait = until - time.monotonic()
        if wait > 0:
            return {
                "status": 429,
                "message": f"your recent queries overran the limits — wait {math.ceil(wait)} s "
                "and narrow the query",
                "retry_after": math.ceil(wait),
            }
        if self._running.get(client, 0) >= self.per_client:
            return {
                "status": 429,
                "message": f"at most {self.per_client} queries at once per client — "
                "wait for one to finish",
                "retry_after": 1,
            }
        self._running[client] = self._running.get(client, 0) + 1
        return None

    def done(self, client: str, answer: dict[str, Any] | None) -> None:
        """The query counted by ``refuse`` has ended with ``answer`` (None: it failed)."""
        left = self._running.get(client, 1) - 1
        if left > 0:
            self._running[client] = left
        else:
            self._running.pop(client, None)
        if answer is None:
            return
        if answer.get("overran") or answer.get("retire"):
            strikes = self._strikes.pop(client, (0, 0.0))[0] + 1
            pause = 0.0 if strikes < 2 else min(MAX_PAUSE, 2.0 ** (strikes - 2))
            self._strikes[client] = (strikes, time.monotonic() + pause)
            if len(self._strikes) > REMEMBERED:
                self._strikes.pop(next(iter(self._strikes)))
        elif answer.get("status") == 200:
            self._strikes.pop(client, None)
