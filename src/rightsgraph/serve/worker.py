"""Untrusted queries run in worker processes, so a timeout really stops them.

rdflib evaluates SPARQL in pure Python and a thread cannot be cancelled; a
query that runs too long would keep a CPU busy after its caller gave up. Each
worker is a separate process holding its own copy of the store. The server
sends it one query at a time and waits at most the timeout; when the time is
up the worker is killed and a fresh one started in the background. The worker
also applies the row cap and serialises the answer, so that work counts
against the timeout too.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, QueryError, RightsgraphError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from ..store.base import QueryResult, Store


@dataclass(frozen=True)
class StoreRecipe:
    """How to open the served store, in this process or in a worker."""

    spec: str = "memory"
    data: Path | None = None
    public: bool = False


def make_store(recipe: StoreRecipe) -> Store:
    """The store to serve; with ``public`` only its public view (materialised at build)."""
    from ..store.build import open_store

    return open_store(recipe.spec, recipe.data, include_restricted=not recipe.public)


def _cap(result: QueryResult, max_rows: int) -> tuple[QueryResult, bool]:
    from ..store.base import QueryResult

    if result.graph is not None and len(result.graph) > max_rows:
        from rdflib import Graph

        g = Graph()
        for i, t in enumerate(result.graph):
            if i >= max_rows:
                break
            g.add(t)
        return QueryResult(graph=g), True
    if len(result.rows) > max_rows:
        return QueryResult(result.variables, result.rows[:max_rows]), True
    return result, False


def execute(store: Store, request: dict[str, Any]) -> dict[str, Any]:
    """Check, run, cap and serialise one query; the answer says which HTTP status."""
    from ..store.base import check_syntax

    query = request["query"]
    try:
        check_syntax(query)
    except QueryError as exc:
        # SPARQL 1.1 Protocol 2.1.5: 400 for a string that is not a legal query
        # (an update is not one); 500 when the service refuses to execute it
        from ..errors import QuerySyntaxError

        status = 400 if isinstance(exc, QuerySyntaxError) or "SERVICE" not in exc.message else 500
        return {"status": status, "message": exc.message}
    try:
        result = store.query(query)
    except QueryError as exc:
        from ..errors import QuerySyntaxError

        return {"status": 400 if isinstance(exc, QuerySyntaxError) else 500, "message": exc.message}
    result, truncated = _cap(result, int(request["max_rows"]))
    size = len(result.graph) if result.graph is not None else len(result.rows)
    if request.get("mode") == "table":
        turtle = None
        if result.graph is not None:
            from ..vocab import bind_all

            bind_all(result.graph)
            turtle = result.graph.serialize(format="turtle")
        return {
            "status": 200,
            "variables": result.variables,
            "rows": result.rows,
            "boolean": result.boolean,
            "turtle": turtle,
            "truncated": truncated,
            "size": size,
        }
    from .formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate, serialize_graph, serialize_result

    if result.graph is not None:
        fmt = negotiate(GRAPH_FORMATS, request.get("accept"), request.get("format"))
        body = serialize_graph(result.graph, fmt)
    else:
        fmt = negotiate(RESULT_FORMATS, request.get("accept"), request.get("format"))
        body = serialize_result(result, fmt)
    return {
        "status": 200,
        "media_type": fmt.media_type,
        "body": body,
        "truncated": truncated,
        "size": size,
    }


def _worker_main(conn: Connection, recipe: StoreRecipe) -> None:
    try:
        store = make_store(recipe)
        store.query("ASK { ?s ?p ?o }")  # warm the parser and evaluator
    except RightsgraphError as exc:
        conn.send(("error", exc.message))
        return
    except Exception as exc:  # report, never hang the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        if request is None:
            return
        try:
            answer = execute(store, request)
        except Exception as exc:
            answer = {"status": 500, "message": f"internal error: {type(exc).__name__}: {exc}"}
        conn.send(answer)


class _Worker:
    def __init__(self, recipe: StoreRecipe) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, recipe), daemon=True, name="rightsgraph-query"
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.stop()
            raise InputError(f"a query worker did not start within {timeout:g} s")
        try:
            kind, message = self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            raise InputError("a query worker stopped while loading the store") from None
        if kind != "ready":
            self.stop()
            raise InputError(str(message))

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)


class QueryPool:
    """A few worker processes answering untrusted queries under a hard timeout."""

    def __init__(self, recipe: StoreRecipe, size: int = 2, start_timeout: float = 300.0) -> None:
        self.recipe = recipe
        self.size = size
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        workers = [_Worker(self.recipe) for _ in range(self.size)]
        with self._lock:
            self._all.extend(workers)
        try:
            for w in workers:
                w.wait_ready(self.start_timeout)
        except InputError:
            self.close()
            raise
        for w in workers:
            self._idle.put(w)

    def run(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one query to an idle worker; kill it if it overruns ``timeout``."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return {"status": 503, "message": "every query worker is busy — try again shortly"}
        try:
            worker.conn.send(request)
            if worker.conn.poll(timeout):
                answer: dict[str, Any] = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError, ValueError):
            self._replace(worker)
            return {"status": 500, "message": "the query worker stopped unexpectedly — try again"}
        self._replace(worker)
        return {
            "status": 503,
            "message": f"query timed out after {timeout:g} s (this server's limit) — "
            "narrow the query or add LIMIT",
        }

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            if self._closed:
                return

        def spawn() -> None:
            fresh = _Worker(self.recipe)
            with self._lock:
                if self._closed:
                    fresh.stop()
                    return
                self._all.append(fresh)
            try:
                fresh.wait_ready(self.start_timeout)
            except InputError:
                with self._lock:
                    if fresh in self._all:
                        self._all.remove(fresh)
                return
            self._idle.put(fresh)

        threading.Thread(target=spawn, daemon=True, name="rightsgraph-respawn").start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            with contextlib.suppress(OSError, ValueError, BrokenPipeError):
                w.conn.send(None)
            w.process.join(1)
            w.stop()
