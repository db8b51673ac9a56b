"""Untrusted queries run in worker processes, so a timeout really stops them.

Each worker is a separate process holding its own copy of the store; the
server sends it one request at a time (``pool.QueryPool``). Inside, the worker
bounds what a query may take, in three ways, so that one caller cannot take
the machine from everyone else:

* time: an alarm at the caller's timeout interrupts a query while it is in
  Python (rdflib's evaluation, reading rows), answering 503 without losing the
  worker; the pool kills a worker stuck inside the engine a moment later;
* rows: answers are read from the engine one row at a time and cut at the row
  cap while reading, never materialised whole first;
* memory: the worker's address space is limited (``RLIMIT_AS``) to what the
  loaded store needs plus a budget; a query that needs more fails inside the
  worker (or the engine aborts it), the caller gets 503 "query used too much
  memory" and the worker is replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import QueryError, RightsgraphError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from ..store.base import QueryResult, Store
    from ..store.dataset import Dataset

TOO_MUCH_MEMORY = "query used too much memory (this server's limit) — narrow the query or add LIMIT"


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


class Overrun(BaseException):
    """The caller's time is up (raised by the alarm; not an Exception, so no
    library's broad ``except Exception`` swallows it)."""


def generation_of(recipe: StoreRecipe) -> str:
    """Which version of the data a store opened now would hold.

    On-disk stores: the generation ``CURRENT`` names. The memory store: a hash of
    the data files it is loaded from (so a file edited back to what it was, or
    touched, is the same generation)."""
    from ..store.spec import parse_store_spec

    spec = parse_store_spec(recipe.spec)
    if spec.kind == "oxigraph":
        from ..store.generations import current_name

        return current_name(Path(spec.location or "")) or "single"
    if spec.kind != "memory":
        return "remote"
    from ..rdf.files import data_files

    files = data_files(recipe.data)
    stat = hashlib.sha256()
    for f in files:
        with contextlib.suppress(OSError):
            st = f.stat()
            stat.update(f"{f}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    key = stat.hexdigest()
    if key not in _CONTENT:  # contents hashed only when a file's size or time changed
        h = hashlib.sha256()
        for f in files:
            h.update(f"\n{f.name}\n".encode())
            with contextlib.suppress(OSError):
                h.update(f.read_bytes())
        _CONTENT.clear()
        _CONTENT[key] = "data-" + h.hexdigest()[:12]
    return _CONTENT[key]


_CONTENT: dict[str, str] = {}


def opened_generation(store: Store, before: str) -> str:
    """The generation ``store`` holds: an on-disk store knows exactly which one it
    opened; otherwise ``before``, taken before loading (if the files change while
    they load, the next check sees a newer generation and loads again)."""
    folder = getattr(store, "dir", None)
    if isinstance(folder, Path) and folder.name.startswith("gen-"):
        return folder.name
    return before


def _stream(
    store: Store, query: str, max_rows: int, dataset: Dataset | None = None
) -> tuple[QueryResult, bool]:
    """Run ``query`` and read at most ``max_rows`` rows (or triples) of its answer.

    Oxigraph's answer is an iterator; the store reads it row by row and drops it
    at the cap, so a query with a huge answer costs its first rows only. A remote
    endpoint's answer arrives whole and is cut afterwards."""
    from ..store.base import QueryResult
    from ..store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):
        result = store.query(query, max_rows=max_rows, dataset=dataset)
        return result, result.truncated
    result = store.query(query, dataset=dataset)
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


def _status(exc: QueryError, checked: bool) -> int:
    # SPARQL 1.1 Protocol 2.1.5: 400 for a string that is not a legal query (an
    # update is not one), whichever parser noticed; 500 when the service refuses
    # to execute it (SERVICE) or fails to
    from ..errors import QuerySyntaxError

    if isinstance(exc, QuerySyntaxError):
        return 400
    if not checked:
        return 500 if exc.message.startswith("federated SERVICE") else 400
    return 400 if exc.message.startswith("SPARQL syntax error") else 500


def execute(store: Store, request: dict[str, Any]) -> dict[str, Any]:
    """Check, run, cap and serialise one query; the answer says which HTTP status."""
    from ..store.base import check_syntax

    query = request["query"]
    checked = False
    from ..store.dataset import protocol_dataset

    # SPARQL 1.1 Protocol 2.1.4: given either, the dataset is exactly what is given
    dataset = protocol_dataset(
        request.get("default_graphs") or (), request.get("named_graphs") or ()
    )
    try:
        check_syntax(query)
        checked = True
        result, truncated = _stream(store, query, int(request["max_rows"]), dataset)
    except QueryError as exc:
        return {"status": _status(exc, checked), "message": exc.message}
    except RightsgraphError as exc:  # a graph outside the dataset
        return {"status": 400, "message": exc.message}
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
    from .formats import (
        GRAPH_FORMATS,
        RESULT_FORMATS,
        FormatError,
        negotiate,
        serialize_graph,
        serialize_result,
    )

    try:
        if result.graph is not None:
            fmt = negotiate(GRAPH_FORMATS, request.get("accept"), request.get("format"), True)
            body = serialize_graph(result.graph, fmt)
        else:
            fmt = negotiate(RESULT_FORMATS, request.get("accept"), request.get("format"), True)
            body = serialize_result(result, fmt)
    except FormatError as exc:
        return {"status": exc.status, "message": exc.message}
    return {
        "status": 200,
        "media_type": fmt.media_type,
        "body": body,
        "truncated": truncated,
        "size": size,
    }


class _Named:
    """Named queries in a worker, with one label index kept between calls."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.resolver: Any = None

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        from ..answers.queries import bind_params, load_query
        from ..answers.resolve import Resolver
        from ..store.base import QueryResult

        def resolve(term: str) -> str:
            if self.resolver is None:
                self.resolver = Resolver(self.store)
            return str(self.resolver.resolve(term))

        try:
            info = load_query(request["name"])
            bindings = bind_params(info, request.get("params") or {}, resolve)
            result = self.store.query(info.text, bindings)
        except RightsgraphError as exc:
            return {"status": 400, "message": exc.message}
        cap = int(request["max_rows"])
        truncated = len(result.rows) > cap
        if truncated:
            result = QueryResult(result.variables, result.rows[:cap], result.boolean)
        return {"status": 200, "result": result, "truncated": truncated}


def _vm_size() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def limit_memory(budget_mb: int) -> int:
    """Cap this process's address space at its present size plus ``budget_mb``.

    Measured after the store is loaded, so the budget is what one query may add.
    Returns the limit in bytes (0: not limited)."""
    if budget_mb <= 0:
        return 0
    limit = _vm_size() + (budget_mb << 20)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        return limit
    return 0


def _on_alarm(signum: int, frame: Any) -> None:
    raise Overrun


def worker_main(conn: Connection, recipe: StoreRecipe, memory_mb: int) -> None:
    """The worker process: load the store, say which generation, answer requests."""
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        before = generation_of(recipe)
        store = make_store(recipe)
        store.query("ASK { ?s ?p ?o }")  # warm the parser and evaluator
        generation = opened_generation(store, before)
    except RightsgraphError as exc:
        conn.send(("error", exc.message))
        return
    except Exception as exc:  # report, never hang the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    named = _Named(store)
    limit_memory(memory_mb)
    signal.signal(signal.SIGALRM, _on_alarm)
    conn.send(("ready", generation))
    _quiet_stderr()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        if request is None:
            return
        answer = _answer(store, named, request)
        try:
            conn.send(answer)
        except MemoryError:
            conn.send({"status": 503, "message": TOO_MUCH_MEMORY, "retire": True})
        except (OSError, ValueError):
            return
        if answer.get("retire"):
            return


def _quiet_stderr() -> None:
    """Once loaded, a worker reports through its pipe only: the engine's own
    message when the memory limit stops it would otherwise clutter the log."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def _answer(store: Store, named: _Named, request: dict[str, Any]) -> dict[str, Any]:
    timeout = float(request.get("timeout") or 0)
    try:
        if timeout > 0:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            if request.get("kind") == "named":
                return named(request)
            return execute(store, request)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Overrun:
        return {"status": 503, "message": timed_out(timeout), "overran": True}
    except MemoryError:
        return {"status": 503, "message": TOO_MUCH_MEMORY, "retire": True}
    except Exception as exc:
        return {"status": 500, "message": f"internal error: {type(exc).__name__}: {exc}"}


def timed_out(timeout: float) -> str:
    return (
        f"query timed out after {timeout:g} s (this server's limit) — narrow the query or add LIMIT"
    )
