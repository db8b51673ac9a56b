"""The site object every page and the endpoint are handed: the configuration,
the query pool, and the generation of the store being served.

Why two objects: ``Site`` lives as long as the server; a ``Generation`` is one
version of the data with what is computed from it (labels, statistics, the
network, the page cache), each on first use (``pagedata``). When ``build``
switches the on-disk store to a new generation, or the data files of the memory
store change, or the server gets SIGHUP, the site loads the new version in the
background and then switches pages and query workers to it together; a request
in flight keeps the generation it started with. Pages never import the
application module: they get a ``Generation`` from ``current(request)``.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import math
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fairness import FairShares
from .pagedata import Lazy, is_iri, network, stats, timeline
from .pool import QueryPool, log_line
from .worker import StoreRecipe, generation_of, make_store, opened_generation

if TYPE_CHECKING:
    import networkx as nx
    from starlette.requests import Request

    from ..store.base import Store

CACHE_PAGES = 2000
MIN_TIMEOUT = 0.5  # seconds: below this a caller would only make the pool restart workers


@dataclass
class ServeConfig:
    store: str = "memory"
    data: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    include_restricted: bool = False
    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    worker_memory: int = 1024  # MB a query may add to a worker's loaded size
    per_client: int = 4  # queries one client address may have running at once
    queue_wait: float = 2.0  # seconds a query may wait for a free worker
    watch: float = 2.0  # seconds between checks for a new store generation (0: SIGHUP only)
    base_url: str | None = None
    cors: tuple[str, ...] = ()  # origins that may read /sparql from a browser ("*": any)

    @property
    def public(self) -> bool:
        return not self.include_restricted

    def recipe(self) -> StoreRecipe:
        return StoreRecipe(self.store, self.data, self.public)


def caller_timeout(asked: str, limit: float) -> float | None:
    """The caller's ``timeout=`` as seconds within [MIN_TIMEOUT, limit]; None if not valid."""
    try:
        value = float(asked)
    except ValueError:
        return None
    if math.isnan(value) or value < 0:
        return None
    return min(limit, max(MIN_TIMEOUT, value))


class Generation:
    """One version of the served data and what the pages compute from it.

    Opening a generation costs the triple count alone: the statistics, the network
    and the timeline are computed when a page first needs them (``data``), a node's
    existence and types are asked of the store per request, so a big store is
    served in seconds and memory holds only what visitors have looked at."""

    def __init__(self, site: Site, store: Store, generation: str) -> None:
        from ..answers.resolve import Resolver

        self.site = site
        self.config = site.config
        self.queries = site.queries
        self.graph_view = site.graph_view
        self.generation = generation
        self.store = store
        self.loaded_at = time.time()
        self.resolver = Resolver(store)
        self.triples = store.triple_count()
        self.views: collections.OrderedDict[str, Any] = collections.OrderedDict()
        self.answers: collections.OrderedDict[Any, dict[str, Any]] = collections.OrderedDict()
        self._inflight: dict[Any, asyncio.Future[Any]] = {}
        self.lazy = {
            "stats": Lazy(lambda: stats(store)),
            "network": Lazy(lambda: network(store)),
            "timeline": Lazy(lambda: timeline(store)),
        }

    def read(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.site.read(fn, *args)

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await self.site.call(fn, *args)

    async def run_untrusted(
        self, request: dict[str, Any], timeout: float, client: str = ""
    ) -> dict[str, Any]:
        return await self.site.run_untrusted(request, timeout, client)

    def cache(self, iri: str, view: dict[str, Any]) -> None:
        """Remember a page that exists (a miss is never cached: it would crowd out real pages)."""
        _remember(self.views, iri, view)

    async def once(self, key: Any, compute: Callable[[], Awaitable[Any]]) -> Any:
        """``compute()``, shared by every request that asks for ``key`` meanwhile:
        twenty visitors opening the same uncached page cost one computation."""
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            value = await compute()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: nobody else may be waiting
            raise
        finally:
            del self._inflight[key]
        future.set_result(value)
        return value

    async def named(self, request: dict[str, Any], client: str) -> dict[str, Any]:
        """A named query's answer; the same query with the same parameters is run
        once per generation (the data cannot change within one)."""
        key = ("named", request["name"], tuple(sorted(request["params"].items())))
        hit = self.answers.get(key)
        if hit is not None:
            self.answers.move_to_end(key)
            return hit

        async def run() -> dict[str, Any]:
            return await self.run_untrusted(request, self.config.timeout, client)

        answer: dict[str, Any] = await self.once(key, run)
        if answer["status"] == 200:
            _remember(self.answers, key, answer)
        return answer

    async def data(self, name: str) -> Any:
        """``stats``, ``network`` or ``timeline``: computed by the first request that
        needs it, in a worker thread (the event loop serves on meanwhile), and shared
        with every request that asks while it is being computed."""
        lazy = self.lazy[name]
        if lazy.done:
            return lazy.value
        return await self.once(("data", name), lambda: self.call(lazy.get))

    # the same, for library code already running on the store (``read``, ``call``)
    @property
    def stats(self) -> Any:
        return self.lazy["stats"].get()

    @property
    def network(self) -> nx.MultiDiGraph:
        return self.lazy["network"].get()

    @property
    def timeline(self) -> list[dict[str, Any]]:
        return self.lazy["timeline"].get()

    def computed(self) -> dict[str, bool]:
        """Which page data this generation has computed so far (for ``/health``)."""
        return {name: lazy.done for name, lazy in self.lazy.items()}

    def has_node(self, iri: str) -> bool:
        """Whether a node page can show ``iri``: it is the subject or object of a
        triple of the served view (restricted data is not in the public one). One
        index lookup: a page for anything else is a 404 without further work."""
        return iri in self.views or self.resolver.exists(iri)

    def types_of(self, iris: list[str]) -> dict[str, list[str]]:
        """The ``rdf:type`` of each of ``iris`` in the served view, in one query."""
        terms = [f"<{i}>" for i in dict.fromkeys(iris) if is_iri(i)]
        out: dict[str, list[str]] = {}
        if not terms:
            return out
        rows = self.store.query(
            f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {' '.join(terms)} }} ?s a ?t }}"
        ).rows
        for s, t in rows:
            out.setdefault(str(s), []).append(str(t))
        return out


def _remember(cache: collections.OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > CACHE_PAGES:
        cache.popitem(last=False)


def _graph_view_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("rightsgraph.export.html") is not None
    except ModuleNotFoundError:
        return False


def current(request: Request) -> Generation:
    """The generation a page renders from (taken once per request)."""
    site: Site = request.app.state.site
    return site.current


class Site:
    """The server's state: configuration, query pool, current generation, health."""

    def __init__(
        self,
        config: ServeConfig,
        pool: QueryPool | None = None,
        log: Callable[[str], None] = log_line,
    ) -> None:
        from ..answers.queries import named_queries

        self.config = config
        self.recipe = config.recipe()
        self.log = log
        self.lock = threading.Lock()  # rdflib's parser is not thread-safe
        self.queries = named_queries()
        self.graph_view = _graph_view_available()
        self.pool = pool
        self.started = time.time()
        self.reloads = 0
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self.shares = FairShares(config.per_client)
        self._reload_lock = threading.Lock()
        self._wake = threading.Event()
        self._force = False
        self._closed = False
        self.current = self._load()
        if pool is not None:
            pool.generation = self.current.generation
            pool.on_generation = lambda _g: self.wake()
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="rightsgraph-watch")
        self._watcher.start()

    def _load(self) -> Generation:
        before = generation_of(self.recipe)
        store = make_store(self.recipe)
        return Generation(self, store, opened_generation(store, before))

    # --- trusted library code, in this process ---------------------------------------

    def read(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run trusted library code on the shared store, one call at a time."""
        with self.lock:
            return fn(*args)

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``read`` in a worker thread, so the event loop keeps serving."""
        import anyio.to_thread

        return await anyio.to_thread.run_sync(self.read, fn, *args)

    # --- untrusted queries, in the pool -------------------------------------------------

    async def run_untrusted(
        self, request: dict[str, Any], timeout: float, client: str = ""
    ) -> dict[str, Any]:
        """A caller's query (or a named query) in a worker process under the
        timeout, within the caller's fair share (``fairness``)."""
        import anyio.to_thread

        if self.pool is None:
            return {"status": 503, "message": "the query workers are not running"}
        refused = self.shares.refuse(client)
        if refused is not None:
            return refused
        answer: dict[str, Any] | None = None
        try:
            wait_for = min(timeout, self.config.queue_wait)
            answer = await anyio.to_thread.run_sync(self.pool.run, request, timeout, wait_for)
        finally:
            self.shares.done(client, answer)
        return answer

    # --- generations ----------------------------------------------------------------------

    def wake(self, force: bool = False) -> None:
        """Check for a new generation now (``force``: reload even if it looks the same)."""
        self._force = self._force or force
        self._wake.set()

    def _watch(self) -> None:
        failed: str | None = None
        while not self._closed:
            self._wake.wait(self.config.watch if self.config.watch > 0 else None)
            self._wake.clear()
            if self._closed:
                return
            force, self._force = self._force, False
            try:
                seen = generation_of(self.recipe)
            except Exception as exc:
                self._error(f"cannot read the store's generation: {exc}")
                continue
            if not force and (seen == self.current.generation or seen == failed):
                continue
            failed = None if self.reload("SIGHUP" if force else "new generation") else seen

    def reload(self, reason: str) -> bool:
        """Load the store again and move pages and workers to it; False (and the
        previous generation kept) when it cannot be loaded."""
        with self._reload_lock:
            for attempt in range(3):
                try:
                    fresh = self._load()
                except Exception as exc:
                    from ..errors import RightsgraphError

                    why = exc.message if isinstance(exc, RightsgraphError) else f"{exc}"
                    self._error(
                        f"could not load the store again ({why}); still serving the previous one"
                    )
                    return False
                if self.pool is None or not self.pool.serving():
                    break  # nobody to keep answering meanwhile: the pool fills itself
                # new workers ready before the old ones go; if another build switched
                # in between, workers and pages opened different ones: load again
                if fresh.generation in self.pool.warm() or attempt == 2:
                    break
                self.pool.drop_parked()
            old = self.current
            if self.pool is not None:
                self.pool.set_generation(fresh.generation)
            self.current = fresh
            self.reloads += 1
            if fresh.generation != old.generation or reason == "SIGHUP":
                self.log(
                    f"serving {fresh.triples} triples from {fresh.generation} ({reason}); "
                    "pages and query workers moved together"
                )
            del old
            import gc

            gc.collect()  # drop the previous generation's store and its reader lock now
            return True

    def _error(self, message: str) -> None:
        self.last_error, self.last_error_at = message, time.time()
        self.log(message)

    # --- health -----------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        pool = self.pool.status() if self.pool is not None else None
        errors = [(self.last_error_at or 0, self.last_error)]
        if pool is not None:
            errors.append((pool.pop("last_error_at") or 0, pool.pop("last_error")))
        at, message = max(errors, key=lambda e: e[0])
        ok = pool is not None and pool["alive"] >= pool["size"] and not pool["starting"]
        return {
            "status": "ok" if ok else "degraded",
            "workers": pool,
            "store": self.current.store.description,
            "generation": self.current.generation,
            "generation_loaded_at": _iso(self.current.loaded_at),
            "triples": self.current.triples,
            "pages_cached": len(self.current.views),
            "computed": self.current.computed(),
            "reloads": self.reloads,
            "include_restricted": self.config.include_restricted,
            "last_error": {"message": message, "at": _iso(at)} if message else None,
            "uptime_s": round(time.time() - self.started, 1),
        }

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        if self.pool is not None:
            with contextlib.suppress(Exception):
                self.pool.close()


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
