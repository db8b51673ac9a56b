"""What the pages compute from one generation of the data only when a visitor
first needs it: the statistics (home page), the network (relations on node
pages, the graph view) and the timeline; and ``Lazy``, which computes such a
value once however many requests ask for it at the same time.

Why not at start-up: on a store of a million triples these take tens of seconds
and hundreds of megabytes, and a server that computed them before listening (and
again at every reload) would keep its users waiting for pages they may never open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from ..store.base import Store


class Lazy:
    """One value of a generation computed on first use, once: whichever thread asks
    first computes it, any other waits for that answer (a failure is not kept, so
    the next request tries again)."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute: Callable[[], Any] | None = compute
        self._lock = threading.Lock()
        self.value: Any = None
        self.computations = 0

    @property
    def done(self) -> bool:
        return self._compute is None

    def get(self) -> Any:
        if self._compute is not None:
            with self._lock:
                if self._compute is not None:
                    self.value = self._compute()
                    self.computations += 1
                    self._compute = None  # and the store it closed over with it
        return self.value


def is_iri(iri: str) -> bool:
    """Whether ``iri`` is an absolute IRI, written as is (anything else names no
    node, and only such IRIs are ever written into a query's text)."""
    import pyoxigraph as ox

    try:
        return str(ox.NamedNode(iri)) == f"<{iri}>"
    except ValueError:
        return False


def stats(store: Store) -> Any:
    from ..answers.stats import compute

    return compute(store)


def network(store: Store) -> nx.MultiDiGraph:
    from ..answers.network import build_network

    return build_network(store)


def timeline(store: Store) -> list[dict[str, Any]]:
    from ..answers.queries import run_query
    from ..errors import RightsgraphError

    try:
        _, res = run_query(store, "cq8-timeline", {"from": "0001-01-01", "to": "9999-12-31"})
    except RightsgraphError:
        return []
    return [{k: (None if v is None else str(v)) for k, v in d.items()} for d in res.dicts()]
