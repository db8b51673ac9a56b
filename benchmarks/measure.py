"""Timing whole processes: wall time from spawn to exit, and the peak RSS of that
one process, for the command a user types and for its baseline.

Each measurement is one process, spawned by a small launcher process of its
own, which times it and reads its peak RSS from ``os.wait4`` (the resource
usage of exactly that child), so no measurement inherits another's
high-water mark, nor the benchmark's. A measurement that overruns its limit
is killed with its whole process group and reported as timed out, never as a
number.

The raw pyoxigraph baselines below run as ``python -c`` scripts that import
nothing but pyoxigraph, so process start-up is paid on both sides alike.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Run:
    """One finished (or killed) process."""

    seconds: float | None  # None: killed at its time limit
    rss_mb: float
    rc: int | None
    out: str
    err: str


# Runs one command and reports its own wall time, peak RSS and exit code. Linux
# starts a child's peak RSS at the RSS of the process that spawned it, so the
# command is spawned from this small process, never from the benchmark itself
# (which holds rdflib and grows): otherwise every figure would read at least the
# benchmark's size.
LAUNCHER = r"""
import json, os, signal, sys, time
report, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is for the command, not for us
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as fh:
    json.dump({"seconds": seconds, "rss_kb": usage.ru_maxrss,
               "rc": os.waitstatus_to_exitcode(status)}, fh)
"""


def run_once(cmd: list[str], timeout: float, cwd: Path | None = None) -> Run:
    """Run ``cmd`` through the launcher, killing it (and its children) at ``timeout``."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".json") as report,
    ):
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, report.name, *cmd],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            start_new_session=True,  # so a kill takes the command too
        )
        try:
            proc.wait(timeout)
            killed = False
        except subprocess.TimeoutExpired:
            killed = True
        except BaseException:  # interrupted: leave no process behind
            _kill(proc)
            raise
        if killed:
            _kill(proc)
        out.seek(0)
        err.seek(0)
        doc = json.loads(report.read() or "{}")
        return Run(
            None if killed else doc.get("seconds"),
            doc.get("rss_kb", 0) / 1024,  # kilobytes on Linux
            None if killed else doc.get("rc", proc.returncode),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def summarise(runs: list[Run], timeout: float) -> dict[str, Any]:
    """Median seconds and largest peak RSS of finished runs, or the limit overrun."""
    last = runs[-1]
    doc: dict[str, Any] = {
        "rss_mb": max(r.rss_mb for r in runs),
        "rc": last.rc,
        "out": last.out[-4000:],
        "err": last.err[-2000:],
        "runs": [r.seconds for r in runs],
    }
    if any(r.seconds is None for r in runs):
        doc["timeout"] = timeout
    else:
        doc["seconds"] = statistics.median(r.seconds for r in runs if r.seconds is not None)
    return doc


def measure(
    cmds: dict[str, list[str]],
    k: int,
    timeout: float,
    cwd: Path | None = None,
    budget: float | None = None,
) -> dict[str, dict[str, Any]]:
    """Median of ``k`` runs of each command, interleaved (ours, baseline, ours, ...)
    so a change of load on the machine falls on both alike. A command that times
    out is not run again; once ``budget`` seconds (default: half the time limit)
    have gone on one measurement, no further rounds start, so a slow command is
    the median of fewer runs rather than a run of many minutes."""
    runs: dict[str, list[Run]] = {name: [] for name in cmds}
    budget = timeout / 2 if budget is None else budget
    start = time.perf_counter()
    for _ in range(k):
        if time.perf_counter() - start > budget:
            break
        for name, cmd in cmds.items():
            done = runs[name]
            if done and done[-1].seconds is None:
                continue
            done.append(run_once(cmd, timeout, cwd))
    return {name: summarise(r, timeout) for name, r in runs.items()}


def show(doc: dict[str, Any]) -> str:
    """'> 60 s' for a timed-out measurement, else its median."""
    if "timeout" in doc:
        return f"> {doc['timeout']:.0f} s"
    return fmt_s(doc["seconds"])


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


# -- raw pyoxigraph baselines (python -c; argv[1] is a JSON job) ---------------------

RAW_QUERY = r"""
import json, sys
import pyoxigraph as ox
job = json.loads(sys.argv[1])
store = ox.Store.read_only(job["store"])
kw = {}
if job["default"] is not None:
    kw["default_graph"] = [ox.NamedNode(g) for g in job["default"]]
    kw["named_graphs"] = [ox.NamedNode(g) for g in job["named"]]
n = 0
for text in job["texts"]:
    res = store.query(text, **kw)
    if isinstance(res, ox.QueryBoolean):
        n += 1
    elif isinstance(res, ox.QuerySolutions):
        for sol in res:
            [None if t is None else t.value for t in sol]
            n += 1
    else:
        for t in res:
            n += 1
print(n)
"""

RAW_SCAN = r"""
import json, sys
import pyoxigraph as ox
job = json.loads(sys.argv[1])
store = ox.Store.read_only(job["store"])
graphs = [ox.NamedNode(g) for g in job["graphs"]] if job["graphs"] else [ox.DefaultGraph()]
n = 0
for g in graphs:
    for q in store.quads_for_pattern(None, None, None, g):
        q.subject.value, q.predicate.value, q.object.value
        n += 1
print(n)
"""

RAW_BULK_LOAD = r"""
import json, shutil, sys
from pathlib import Path
import pyoxigraph as ox
job = json.loads(sys.argv[1])
store = ox.Store(job["store"])
for f in job["files"]:
    store.bulk_load(path=f, base_iri=Path(f).resolve().as_uri())
store.flush()
print(len(store))
"""

# the same, into the named graph the build puts the data in: Oxigraph keeps a named
# graph's quads in six indexes against the default graph's three, about twice the writes
RAW_BULK_LOAD_NAMED = r"""
import json, shutil, sys
from pathlib import Path
import pyoxigraph as ox
job = json.loads(sys.argv[1])
store = ox.Store(job["store"])
for f in job["files"]:
    store.bulk_load(path=f, base_iri=Path(f).resolve().as_uri(), to_graph=ox.NamedNode(job["graph"]))
store.flush()
print(len(store))
"""

NAMED_GRAPHS = r"""
import json, sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
print(json.dumps(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))))
"""


def python_c(script: str, job: Any) -> list[str]:
    """A ``python -c`` command running ``script`` on the JSON ``job``."""
    return [sys.executable, "-c", script, json.dumps(job) if not isinstance(job, str) else job]


# -- the HTTP endpoint ---------------------------------------------------------------


class Server:
    """``rightsgraph serve`` as a child process: started, waited for, stopped."""

    def __init__(self, cmd: list[str], timeout: float) -> None:
        self.err = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.report = tempfile.NamedTemporaryFile("r", suffix=".json")  # noqa: SIM115
        start = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, self.report.name, *cmd],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.err,
            start_new_session=True,
        )
        self.url: str | None = None
        self.problem = ""  # why it never answered, if it did not
        try:
            self.url = self._wait(timeout)
        except BaseException:  # interrupted: leave no server behind
            self.stop()
            raise
        # seconds until /sparql answered, or None
        self.ready = time.perf_counter() - start if self.url else None

    def _log(self) -> str:
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def _wait(self, timeout: float) -> str | None:
        import re
        import urllib.request

        deadline = time.monotonic() + timeout
        url = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                lines = self._log().strip().splitlines() or ["no message"]
                self.problem = f"serve exited {self.proc.returncode}: {lines[-1][:160]}"
                return None
            if url is None:
                m = re.search(r"(http://\S+/sparql)", self._log())
                url = m.group(1) if m else None
            if url is not None:
                try:
                    with urllib.request.urlopen(url, timeout=5) as resp:
                        if resp.status == 200:
                            return url
                except OSError:
                    pass
            time.sleep(0.1)
        self.problem = f"serve did not answer within {timeout:.0f} s"
        return None

    def ask(self, text: str, timeout: float) -> tuple[float | None, int]:
        """Seconds for one query, answer read to the end, and the answer's size."""
        import urllib.request

        assert self.url is not None, "ask() before the server answered"
        req = urllib.request.Request(
            self.url,
            data=text.encode("utf-8"),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, text/turtle",
            },
        )
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read()
        except OSError:
            return None, 0
        return time.perf_counter() - start, len(body)

    def stop(self) -> float:
        """Stop the server (Ctrl-C, as a person would) and return its peak RSS in MB."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            _kill(self.proc)
        self.err.close()
        doc = json.loads(self.report.read() or "{}")
        self.report.close()
        return float(doc.get("rss_kb", 0)) / 1024
