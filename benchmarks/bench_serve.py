"""``rightsgraph serve`` under load: C clients for S seconds on the Mali data, on
the memory and the on-disk store, quiet and with one hostile client, in one run.

    make bench-serve
    .venv/bin/python benchmarks/bench_serve.py [--clients 20] [--seconds 30] [--json FILE]

Every client sends requests one after another from its own loopback address
(127.0.0.x, as separate callers would): cheap requests (a small SPARQL SELECT
or ASK, the home page, a search, an entity page) and named-query pages. The
hostile client loops over a query that only the timeout ends (``timeout=0.5``)
and a memory bomb. Before the first phase every URL is fetched once (caches warm,
as on a server that has been running; that first pass is reported on its own).
Reported per phase: requests per second, p50/p95/p99 of the
cheap requests and of the named-query pages, the share of non-200 answers for
the polite clients, the most resident memory any worker reached (against its
limit: the loaded size plus ``--worker-memory``), and finally the seconds the
pool takes to be full again once a broken data file that stopped every worker
start is fixed. Everything runs on 127.0.0.1; the server is the real command.

Targets (issue 18): >= 50 req/s, p99 <= 1 s for cheap requests and named-query
pages, hostile p50 within 2x of quiet, recovery within 10 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BOMB = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
CHEAP = [
    (
        "/sparql",
        {
            "query": "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 10"
        },
    ),
    ("/sparql", {"query": "ASK { ?s a <https://w3id.org/rightsgraph/ontology#Incident> }"}),
    ("/", {}),
    ("/search", {"q": "wagner"}),
    ("/entity/actor/wagner-group", {}),
    ("/entity/actor/fama", {}),
]
NAMED = [
    ("/queries/cq5-expelled-officials", {"run": "1"}),
    ("/queries/cq9-actor-links", {"actor": "Wagner"}),
    ("/queries/contested-claims", {"run": "1"}),
]


def command() -> list[str]:
    script = Path(sys.executable).parent / "rightsgraph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "rightsgraph"]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, store: str, data: Path, args: list[str], log: Path) -> None:
        self.port = free_port()
        self.workers = 2
        self.url = f"http://127.0.0.1:{self.port}"
        with log.open("wb") as err:
            self.proc = subprocess.Popen(
                [*command(), "--store", store, "--data", str(data), "serve"]
                + ["--port", str(self.port), *args],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(self.url + "/sparql", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)

    def health(self) -> dict[str, Any]:
        r = httpx.get(self.url + "/health", timeout=30)
        if r.status_code != 404:
            doc: dict[str, Any] = r.json()
            return doc
        # a server without /health (an earlier version): its worker processes, from /proc
        pids = children(self.proc.pid)
        return {
            "status": "ok" if len(pids) >= self.workers else "degraded",
            "workers": {"pids": pids, "restarts": None},
            "last_error": None,
        }

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return sorted(c for c in set(out) if not zombie(c) and worker(c))


def worker(pid: int) -> bool:
    """A query worker (not multiprocessing's resource tracker)."""
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in "ZX"
    except (OSError, IndexError):
        return True


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def polite(url: str, address: str, stop: float, out: list[tuple[str, float, int]]) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(timeout=60, transport=transport) as c:
        i = 0
        while time.monotonic() < stop:
            kind, (path, params) = (
                ("named", NAMED[i % len(NAMED)]) if i % 4 == 3 else ("cheap", CHEAP[i % len(CHEAP)])
            )
            t = time.perf_counter()
            try:
                status = c.get(url + path, params=params).status_code
            except httpx.HTTPError:
                status = 0
            out.append((kind, time.perf_counter() - t, status))
            i += 1


def hostile(url: str, stop: float, out: list[int]) -> None:
    transport = httpx.HTTPTransport(local_address="127.0.0.250")
    with httpx.Client(timeout=60, transport=transport) as c:
        i = 0
        while time.monotonic() < stop:
            query = BOMB if i % 4 == 3 else ENDLESS
            try:
                out.append(
                    c.get(url + "/sparql", params={"query": query, "timeout": "0.5"}).status_code
                )
            except httpx.HTTPError:
                out.append(0)
            i += 1


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def phase(server: Server, clients: int, seconds: float, with_hostile: bool) -> dict[str, Any]:
    stop = time.monotonic() + seconds
    results: list[tuple[str, float, int]] = []
    bad: list[int] = []
    threads = [
        threading.Thread(target=polite, args=(server.url, f"127.0.0.{10 + i}", stop, results))
        for i in range(clients)
    ]
    if with_hostile:
        threads.append(threading.Thread(target=hostile, args=(server.url, stop, bad)))
    peak: dict[int, float] = {}
    started = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        for pid in server.health()["workers"]["pids"]:
            peak[pid] = max(peak.get(pid, 0.0), rss_mb(pid))
        time.sleep(0.25)
    elapsed = time.monotonic() - started
    row: dict[str, Any] = {"requests": len(results), "req_per_s": len(results) / elapsed}
    for kind in ("cheap", "named"):
        times = [d for k, d, s in results if k == kind and s == 200]
        row[kind] = {p: pct(times, p) for p in (50, 95, 99)}
    row["polite_non_200"] = sum(1 for _, _, s in results if s != 200)
    row["polite_statuses"] = {
        str(code): sum(1 for _, _, s in results if s == code)
        for code in sorted({s for _, _, s in results if s != 200})
    }
    row["hostile_statuses"] = {str(s): bad.count(s) for s in sorted(set(bad))}
    row["worker_peak_rss_mb"] = max(peak.values(), default=0.0)
    row["restarts"] = server.health()["workers"]["restarts"]
    return row


def warm_up(server: Server) -> float:
    """One request per URL the clients use, as a server that has been running has seen:
    the seconds it took (the cold-start cost, reported on its own)."""
    t = time.monotonic()
    with httpx.Client(timeout=120) as c:
        for path, params in CHEAP + NAMED:
            c.get(server.url + path, params=params)
    return time.monotonic() - t


def recovery(server: Server, data: Path) -> float:
    """Seconds from fixing a broken data file (which stopped every worker start) to a full pool."""
    victim = sorted(data.glob("*.ttl"))[0]
    good = victim.read_bytes()
    victim.write_bytes(good + b"\nthis is not turtle <<<\n")
    for pid in server.health()["workers"]["pids"]:
        os.kill(pid, signal.SIGKILL)
    # queries meanwhile, so that a pool which replaces workers only when it uses
    # them tries (and fails) too; at least 5 s broken, until a failed start is reported
    broken = time.monotonic()
    while time.monotonic() < broken + 20:
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        if time.monotonic() > broken + 5 and server.health()["last_error"] is not None:
            break
        time.sleep(0.2)
    victim.write_bytes(good)
    fixed = time.monotonic()
    while time.monotonic() < fixed + 30:
        # a query too: a pool that only notices dead workers when it uses them gets its chance
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        h = server.health()
        if h["status"] == "ok":
            return time.monotonic() - fixed
        time.sleep(0.1)
    return float("inf")


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| store | hostile client | req/s | cheap p50 / p95 / p99 (ms) | named-query p50 / p95 / p99 (ms) "
        "| polite non-200 | worker peak RSS (MB) | restarts |",
        "|---|---|---:|---|---|---:|---:|---:|",
    ]
    for r in rows:

        def ms(d: dict[Any, float]) -> str:
            return " / ".join(f"{d[p] * 1000:.0f}" for p in (50, 95, 99))

        lines.append(
            f"| {r['store']} | {'yes' if r['hostile'] else 'no'} | {r['req_per_s']:.0f} | {ms(r['cheap'])} "
            f"| {ms(r['named'])} | {r['polite_non_200']} | {r['worker_peak_rss_mb']:.0f} | {r['restarts']} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--stores", default="memory,oxigraph")
    ap.add_argument(
        "--serve-args",
        default="--include-restricted",
        help="options for serve (default: all data, so that both stores run their own engine)",
    )
    ap.add_argument("--no-hostile", action="store_true", help="the quiet phase only")
    ap.add_argument("--no-recovery", action="store_true")
    ap.add_argument("--json", type=Path)
    opts = ap.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(REPO / "data", data)
        for name in opts.stores.split(","):
            store = "memory" if name == "memory" else f"oxigraph:{Path(tmp) / 'store'}"
            if store != "memory":
                subprocess.run(
                    [*command(), "--store", store, "--data", str(data), "build"], check=True
                )
            server = Server(store, data, opts.serve_args.split(), Path(tmp) / f"{name}.log")
            try:
                cold = warm_up(server)
                print(
                    f"{name}: first request of each URL took {cold:.1f} s in all", file=sys.stderr
                )
                for h in (False,) if opts.no_hostile else (False, True):
                    print(
                        f"{name}: {opts.clients} clients x {opts.seconds:g} s, hostile={h}",
                        file=sys.stderr,
                    )
                    row = phase(server, opts.clients, opts.seconds, h)
                    rows.append({"store": name, "hostile": h, "warm_up_s": cold, **row})
                if not opts.no_recovery:
                    secs = recovery(server, data)
                    rows[-1]["recovery_s"] = secs
                    print(
                        f"{name}: pool full {secs:.1f} s after the data was fixed", file=sys.stderr
                    )
            finally:
                server.stop()
    out = table(rows)
    quiet = {r["store"]: r for r in rows if not r["hostile"]}
    notes = []
    for r in rows:
        if r["hostile"] and r["store"] in quiet:
            ratio = r["cheap"][50] / quiet[r["store"]]["cheap"][50]
            notes.append(
                f"{r['store']}: cheap p50 with the hostile client {ratio:.2f}x the quiet run"
            )
        if "recovery_s" in r:
            secs = r["recovery_s"]
            when = f"{secs:.1f} s" if secs != float("inf") else "never (gave up after 30 s)"
            notes.append(f"{r['store']}: pool full again {when} after a broken file was fixed")
        if not r["hostile"]:
            notes.append(
                f"{r['store']}: first request of each URL (cold caches) {r['warm_up_s']:.1f} s in all"
            )
        if r["polite_statuses"]:
            notes.append(
                f"{r['store']}, hostile={r['hostile']}: polite non-200 answers {r['polite_statuses']}"
            )
    print(out)
    print("\n".join("- " + n for n in notes))
    print(f"\n{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end of the run.")
    if opts.json:
        opts.json.write_text(json.dumps({"rows": rows, "notes": notes}, indent=2, default=str))


if __name__ == "__main__":
    main()
