"""The pool of query workers: a fixed number of processes that heals itself.

Why a keeper thread: a worker can die (killed, out of memory, a query that
overran) and its replacement can fail to start (a broken data file, a store
being rebuilt). One thread owns bringing the pool back to its size: it starts
what is missing, and when a start fails it logs one line with the reason and
tries again after a back-off (0.5 s doubling to 2 s), so the pool is full again
seconds after the cause is gone. ``status()`` says how many are alive and the
last error, for ``/health``.

Workers are tagged with the store generation they opened. When the server
moves to a new generation (``set_generation``) idle workers of the old one are
retired at once and busy ones when they finish, so every answer comes from the
generation the pages show.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .worker import TOO_MUCH_MEMORY, StoreRecipe, timed_out, worker_main

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

GRACE = 1.0  # seconds past the timeout before a worker stuck in the engine is killed
BACKOFF = (0.5, 2.0)
BUSY = "every query worker is busy — try again shortly"


def log_line(text: str) -> None:
    print(f"rightsgraph serve: {text}", file=sys.stderr, flush=True)


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, recipe: StoreRecipe, memory_mb: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn: Connection
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=worker_main,
            args=(child, recipe, memory_mb),
            daemon=True,
            name="rightsgraph-query",
        )
        self.process.start()
        child.close()
        self.generation: str | None = None

    def wait_ready(self, timeout: float) -> None:
        """Until the store is loaded; InputError with the reason when it is not."""
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
        self.generation = str(message)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(2)


class QueryPool:
    """``size`` worker processes answering untrusted queries under a hard timeout."""

    def __init__(
        self,
        recipe: StoreRecipe,
        size: int = 2,
        start_timeout: float = 300.0,
        memory_mb: int = 1024,
        log: Callable[[str], None] = log_line,
        on_generation: Callable[[str], None] | None = None,
    ) -> None:
        self.recipe = recipe
        self.size = size
        self.start_timeout = start_timeout
        self.memory_mb = memory_mb
        self.log = log
        self.on_generation = on_generation  # a worker opened a generation not served yet
        self._parked: list[Worker] = []
        self._left: list[str] = []  # generations served before, never to be parked for
        self.generation: str | None = None
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._alive: set[Worker] = set()
        self._starting = 0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self.restarts = 0
        self._keeper: threading.Thread | None = None

    # --- lifetime -------------------------------------------------------------------

    def start(self) -> None:
        """Start every worker and wait for them; InputError (exit 2) if one fails."""
        workers = [Worker(self.recipe, self.memory_mb) for _ in range(self.size)]
        try:
            for w in workers:
                w.wait_ready(self.start_timeout)
        except InputError:
            for w in workers:
                w.stop()
            raise
        with self._lock:
            if self.generation is None:
                self.generation = workers[0].generation
            self._alive.update(workers)
        for w in workers:
            self._release(w)
        self._keeper = threading.Thread(target=self._keep, daemon=True, name="rightsgraph-pool")
        self._keeper.start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._alive)
            self._alive.clear()
        self._wake.set()
        for w in workers:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        for w in workers:
            w.process.join(1)
            w.stop()

    def set_generation(self, generation: str) -> None:
        """Serve ``generation`` from now on: workers that opened it start answering,
        every worker of another one is retired (busy ones when they finish)."""
        with self._lock:
            if self.generation is not None and self.generation != generation:
                self._left.append(self.generation)
                del self._left[:-16]
            if generation in self._left:  # the data went back to an earlier version
                self._left.remove(generation)
            self.generation = generation
            parked, self._parked = self._parked, []
        while True:
            try:
                parked.append(self._idle.get_nowait())
            except queue.Empty:
                break
        keep = 0
        for w in parked:
            if w.generation == generation and keep < self.size:
                keep += 1
                self._idle.put(w)
            else:
                self._retire(w)  # of another generation, or one more than the pool's size

    def warm(self) -> list[str]:
        """Start a full set of workers on the store as it is now, held back until
        ``set_generation`` names their generation; the generations they opened.

        So a move to a new generation never leaves the pool empty: the old
        workers answer until the new ones are ready."""
        fresh = [Worker(self.recipe, self.memory_mb) for _ in range(self.size)]
        opened: list[str] = []
        for w in fresh:
            try:
                w.wait_ready(self.start_timeout)
            except InputError as exc:
                self._failed(exc.message)
                continue
            with self._lock:
                if self._closed:
                    w.stop()
                    continue
                self._alive.add(w)
                self._parked.append(w)
            opened.append(str(w.generation))
        return opened

    def serving(self) -> int:
        """Workers of the generation being served (alive, not held back)."""
        with self._lock:
            return len(self._alive) - len(self._parked)

    def drop_parked(self) -> None:
        """Retire the workers held back for a generation the site did not move to."""
        with self._lock:
            parked, self._parked = self._parked, []
        for w in parked:
            self._retire(w)

    def _failed(self, message: str) -> None:
        self.last_error, self.last_error_at = message, time.time()

    def status(self) -> dict[str, Any]:
        with self._lock:
            alive, starting = len(self._alive), self._starting
            pids = sorted(w.process.pid or 0 for w in self._alive)
        return {
            "size": self.size,
            "alive": alive,
            "idle": self._idle.qsize(),
            "starting": starting,
            "waiting_for_new_generation": len(self._parked),
            "restarts": self.restarts,
            "pids": pids,
            "generation": self.generation,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
        }

    # --- answering ------------------------------------------------------------------

    def run(
        self, request: dict[str, Any], timeout: float, wait: float | None = None
    ) -> dict[str, Any]:
        """Send one request to an idle worker; kill it if it overruns ``timeout``.

        ``wait`` bounds the time spent queueing for a worker: past it the caller
        gets 503 at once rather than a held connection."""
        deadline = time.monotonic() + (timeout if wait is None else wait)
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return {"status": 503, "message": self._busy()}
            if worker.generation == self.generation and worker.process.is_alive():
                break
            self._retire(worker)
        request = {**request, "timeout": timeout}
        try:
            worker.conn.send(request)
            if worker.conn.poll(timeout + GRACE):
                answer: dict[str, Any] = worker.conn.recv()
                if answer.get("retire"):
                    self._retire(worker)
                else:
                    self._release(worker)
                return answer
        except (EOFError, OSError, ValueError):
            worker.process.join(1)
            code = worker.process.exitcode
            self._retire(worker)
            if code is not None and code < 0 and code != -9:
                # the engine aborts when the address-space limit refuses it memory
                self.log("a query used more memory than a worker may; worker replaced")
                return {"status": 503, "message": TOO_MUCH_MEMORY, "retire": True}
            return {"status": 500, "message": "the query worker stopped unexpectedly — try again"}
        self._retire(worker)
        return {"status": 503, "message": timed_out(timeout), "overran": True, "killed": True}

    def _busy(self) -> str:
        with self._lock:
            alive = len(self._alive)
        if alive or not self.last_error:
            return BUSY
        return f"no query worker is running — the last start failed: {self.last_error}"

    def _release(self, worker: Worker) -> None:
        if self._closed:
            self._retire(worker)
        elif worker.generation == self.generation:
            self._idle.put(worker)
        elif (
            worker.generation is not None
            and worker.generation not in self._left  # a busy worker of one left behind
            and self.on_generation is not None
        ):
            # a newer store than the pages show: hold it until the site moves too
            with self._lock:
                self._parked.append(worker)
            self.on_generation(worker.generation)
        else:
            self._retire(worker)

    def _retire(self, worker: Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._alive:
                self._alive.discard(worker)
                self.restarts += 1
        self._wake.set()

    # --- healing --------------------------------------------------------------------

    def _keep(self) -> None:
        backoff = BACKOFF[0]
        while True:
            self._wake.wait(1.0)
            self._wake.clear()
            with self._lock:
                dead = [w for w in self._alive if not w.process.is_alive()]
            for w in dead:  # killed while idle: nobody else would notice
                self.log(
                    f"query worker {w.process.pid} died (exit {w.process.exitcode}); replacing it"
                )
                self._retire(w)
            with self._lock:
                if self._closed:
                    return
                missing = self.size - len(self._alive) - self._starting
                self._starting += max(0, missing)
            if missing <= 0:
                continue
            fresh = [Worker(self.recipe, self.memory_mb) for _ in range(missing)]
            failed = None
            for w in fresh:
                try:
                    w.wait_ready(self.start_timeout)
                except InputError as exc:
                    failed = exc.message
                    with self._lock:
                        self._starting -= 1
                    continue
                with self._lock:
                    self._starting -= 1
                    if self._closed:
                        w.stop()
                        return
                    self._alive.add(w)
                self._release(w)
            if failed:
                self._failed(failed)
                self.log(
                    f"a query worker failed to start ({failed}); "
                    f"{len(self._alive)}/{self.size} running, retrying in {backoff:g} s"
                )
                time.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF[1])
                self._wake.set()
            elif backoff > BACKOFF[0]:
                backoff = BACKOFF[0]
                self.log(f"query workers back to {len(self._alive)}/{self.size}")
