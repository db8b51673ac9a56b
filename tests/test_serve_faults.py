"""``rightsgraph serve`` under faults, bounded and on 127.0.0.1 only: killed and
unstartable workers, a rebuild while serving, memory bombs, hostile timeouts,
bad requests; and the store generations that make rebuilding safe. Each check
asserts that the server recovers (``/health`` back to full within seconds) and
that other clients are served meanwhile. Heavy load is in benchmarks/bench_serve.py.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers.project import REPO
from helpers.servers import Server, command, running_server, small_data

HTTP = httpx.Client(timeout=60)
ASK = "ASK { ?s ?p ?o }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CROSS = "SELECT * { ?a ?b ?c . ?d ?e ?f }"
BOMB = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
NEW_ACTOR = """
actor:new-actor a rg:NonStateArmedGroup ; rdfs:label "Newly Added Group" .
"""


def client(address: str) -> httpx.Client:
    """A client from its own loopback address, as a separate caller would be."""
    return httpx.Client(timeout=60, transport=httpx.HTTPTransport(local_address=address))


def health(s: Server) -> dict[str, Any]:
    r = HTTP.get(s.url + "/health")
    doc: dict[str, Any] = r.json()
    assert r.status_code == (200 if doc["status"] == "ok" else 503)
    return doc


def wait_for(check: Callable[[], bool], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within} s")
        time.sleep(0.1)


def full(s: Server) -> bool:
    w = health(s)["workers"]
    return bool(w["alive"] == w["size"] and not w["starting"])


def current(store: Path) -> str:
    return (store / "CURRENT").read_text().strip()


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def build(store: Path, data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(), "--store", f"oxigraph:{store}", "--data", str(data), "build", *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def ox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path, Path]]:
    """One on-disk store server for the fault tests (each leaves it healthy again)."""
    tmp_path = tmp_path_factory.mktemp("faults")
    data = small_data(tmp_path / "data")
    store = tmp_path / "store"
    assert build(store, data).returncode == 0
    with running_server(
        data,
        "--include-restricted",
        "--timeout",
        "5",
        "--worker-memory",
        "300",
        workdir=tmp_path,
        store=f"oxigraph:{store}",
    ) as s:
        yield s, data, store


class Loop:
    """A client asking over and over in the background; every status it got."""

    def __init__(self, url: str, address: str = "127.0.0.2") -> None:
        self.url, self.address = url, address
        self.statuses: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with client(self.address) as c:
            while not self._stop.is_set():
                r = c.get(self.url + "/sparql", params={"query": ASK})
                self.statuses.append(r.status_code)
                p = c.get(self.url + "/entity/actor/open-actor")
                self.statuses.append(p.status_code)
                time.sleep(0.05)

    def stop(self) -> list[int]:
        self._stop.set()
        self._thread.join(30)
        return self.statuses


def test_killed_and_unstartable_workers_heal(ox_server: tuple[Server, Path, Path]) -> None:
    s, data, _ = ox_server
    first = health(s)["workers"]["pids"]
    os.kill(first[0], signal.SIGKILL)
    assert HTTP.get(s.url + "/sparql", params={"query": ASK}).status_code == 200
    wait_for(lambda: full(s) and first[0] not in health(s)["workers"]["pids"])
    # a broken data file when every worker dies: starts fail, are retried and said
    good = (data / "small.ttl").read_text(encoding="utf-8")
    (data / "small.ttl").write_text(good + "\nthis is not turtle <<<\n", encoding="utf-8")
    for pid in health(s)["workers"]["pids"]:
        os.kill(pid, signal.SIGKILL)
    wait_for(lambda: health(s)["last_error"] is not None)
    report = health(s)
    assert report["status"] == "degraded"
    assert "small.ttl" in report["last_error"]["message"]
    answer = HTTP.get(s.url + "/sparql", params={"query": ASK})
    assert answer.status_code == 503 and "small.ttl" in answer.text
    assert HTTP.get(s.url + "/entity/actor/open-actor").status_code == 200  # pages go on
    (data / "small.ttl").write_text(good, encoding="utf-8")
    wait_for(lambda: full(s))
    assert HTTP.get(s.url + "/sparql", params={"query": ASK}).json()["boolean"] is True
    log = s.stderr()
    assert "a query worker failed to start" in log and "back to 2/2" in log
    assert "Traceback" not in log


def test_rebuild_while_serving_moves_pages_and_workers_together(
    ox_server: tuple[Server, Path, Path],
) -> None:
    s, data, store = ox_server
    earlier = health(s)["last_error"]  # from an earlier test, if any
    loop = Loop(s.url)
    try:
        for _ in range(3):
            assert build(store, data, "--force").returncode == 0
        with (data / "small.ttl").open("a", encoding="utf-8") as fh:
            fh.write(NEW_ACTOR)
        assert build(store, data).returncode == 0
        # (a worker started meanwhile may have built the new data first: CURRENT decides)
        wait_for(lambda: health(s)["generation"] == current(store) and full(s), 20)
    finally:
        statuses = loop.stop()
    assert statuses and set(statuses) == {200}, statuses
    ask = "ASK { <https://w3id.org/rightsgraph/id/actor/new-actor> ?p ?o }"
    answers = [
        HTTP.get(s.url + "/sparql", params={"query": ask}).json()["boolean"] for _ in range(6)
    ]
    assert answers == [True] * 6
    assert HTTP.get(s.url + "/entity/actor/new-actor").status_code == 200
    report = health(s)
    assert report["last_error"] == earlier  # no worker start failed meanwhile
    assert report["workers"]["generation"] == current(store)
    assert report["workers"]["alive"] == report["workers"]["size"]
    assert not list(store.glob("building-*"))
    # SIGHUP: load again now, even with nothing new
    reloads = report["reloads"]
    s.process.send_signal(signal.SIGHUP)
    wait_for(lambda: health(s)["reloads"] > reloads and full(s))
    assert "(SIGHUP)" in s.stderr()


def test_memory_bombs_and_hostile_timeouts_spare_other_clients(
    ox_server: tuple[Server, Path, Path],
) -> None:
    s, _, _ = ox_server
    url = s.url + "/sparql"
    polite, hostile = client("127.0.0.2"), client("127.0.0.3")
    result: dict[str, httpx.Response] = {}
    bomb = threading.Thread(
        target=lambda: result.update(r=hostile.get(url, params={"query": BOMB}))
    )
    bomb.start()
    while bomb.is_alive():
        assert polite.get(url, params={"query": ASK}).status_code == 200
    assert result["r"].status_code == 503
    assert "too much memory" in result["r"].text
    wait_for(lambda: full(s))
    # the caller's timeout: validated, and never below half a second
    for bad in ("nan", "-5", "soon"):
        assert hostile.get(url, params={"query": "ASK {}", "timeout": bad}).status_code == 400
    assert polite.get(url, params={"query": "ASK {}", "timeout": "0.001"}).status_code == 200
    before = health(s)["workers"]["restarts"]
    stop = time.monotonic() + 4
    seen: list[int] = []
    while time.monotonic() < stop:
        seen.append(hostile.get(url, params={"query": ENDLESS, "timeout": "0.5"}).status_code)
        assert polite.get(url, params={"query": ASK}).status_code == 200
    assert 429 in seen and set(seen) <= {429, 503}, seen
    assert health(s)["workers"]["restarts"] - before <= 3  # the pauses spare the pool
    # answers are cut while they are read: three million rows cost their first 10,000
    cut = polite.get(url, params={"query": CROSS}, headers={"Accept": "text/csv"})
    assert cut.status_code == 200 and cut.headers["x-rightsgraph-truncated"].startswith("true")
    assert len(cut.text.splitlines()) == 10_001
    # a syntax error that only the engine's parser finds is still 400
    assert polite.get(url, params={"query": "SELECT * { ?s (<>|!<>)* ?o }"}).status_code == 400
    wait_for(lambda: full(s))


def test_bad_requests_are_4xx_and_misses_do_not_fill_the_cache(tmp_path: Path) -> None:
    data = small_data(tmp_path / "data")
    with running_server(data, "--per-client", "1", "--timeout", "2", workdir=tmp_path) as s:
        stalled = socket.create_connection(("127.0.0.1", s.port))
        stalled.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        opened = time.monotonic()
        # the same on a kept-alive connection, at its second request
        kept = socket.create_connection(("127.0.0.1", s.port))
        kept.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        response = b""
        while not response.endswith(b"}"):  # the whole answer: headers, then the JSON body
            response += kept.recv(65536)
        assert response.startswith(b"HTTP/1.1 200")
        kept.sendall(b"GET / HTTP/1.1\r\n")
        for path in (
            "/entity/actor/%00",
            "/entity/actor/%FF%FE",
            "/node?iri=x%3E%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo",
            "/vocab/%00",
        ):
            assert HTTP.get(s.url + path).status_code == 404, path
        assert HTTP.get(s.url + "/entity/actor/open-actor").status_code == 200
        cached = health(s)["pages_cached"]
        for i in range(100):
            assert HTTP.get(f"{s.url}/entity/actor/missing-{i}").status_code == 404
        assert health(s)["pages_cached"] == cached
        assert HTTP.get(s.url + "/entity/incident/open-incident").status_code == 200
        assert health(s)["pages_cached"] == cached + 1
        cut = HTTP.get(s.url + "/sparql", params={"query": CROSS}, headers={"Accept": "text/csv"})
        assert cut.status_code == 200 and len(cut.text.splitlines()) == 10_001
        # the Host header is not reflected: the service description names the bound address
        sd = HTTP.get(s.url + "/sparql", headers={"Host": "evil.example"})
        assert "evil.example" not in sd.text and f"127.0.0.1:{s.port}/sparql" in sd.text
        # one query at a time per client: a second one at once is 429, another client is served
        slow: dict[str, httpx.Response] = {}
        t = threading.Thread(
            target=lambda: slow.update(r=HTTP.get(s.url + "/sparql", params={"query": ENDLESS}))
        )
        t.start()
        time.sleep(0.5)
        assert HTTP.get(s.url + "/sparql", params={"query": ASK}).status_code == 429
        with client("127.0.0.2") as other:
            assert other.get(s.url + "/sparql", params={"query": ASK}).status_code == 200
        t.join(30)
        assert slow["r"].status_code == 503
        # the stalled connection is dropped once the header deadline passes
        stalled.settimeout(max(1.0, 15 - (time.monotonic() - opened)))
        assert stalled.recv(1024) == b""
        stalled.close()
        kept.settimeout(max(1.0, 15 - (time.monotonic() - opened)))
        assert kept.recv(1024) == b""
        kept.close()
    assert "Traceback" not in s.stderr()


# --- store generations, without a server -------------------------------------------


def test_a_generation_a_reader_has_open_is_never_deleted(tmp_path: Path) -> None:
    from rightsgraph.store.oxigraph import OxigraphStore

    data = small_data(tmp_path / "data")
    store = tmp_path / "store"
    assert build(store, data).returncode == 0
    reader = OxigraphStore.open(store)
    opened = reader.dir
    assert build(store, data, "--force").returncode == 0
    assert (store / "CURRENT").read_text().strip() != opened.name
    assert opened.is_dir() and reader.triple_count() > 0  # still there, still readable
    del reader
    gc.collect()
    assert build(store, data, "--force").returncode == 0
    assert [d.name for d in store.glob("gen-*") if d.is_dir()] == [
        (store / "CURRENT").read_text().strip()
    ]


def test_a_killed_build_leaves_the_previous_store_and_is_cleaned_up(tmp_path: Path) -> None:
    from rightsgraph.store.oxigraph import OxigraphStore

    data = small_data(tmp_path / "data")
    store = tmp_path / "store"
    assert build(store, data).returncode == 0
    n = OxigraphStore.open(store).triple_count()
    proc = subprocess.Popen(
        [*command(), "--store", f"oxigraph:{store}", "--data", str(data), "build", "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: any(store.glob("building-*")) or proc.poll() is not None, 60)
    finally:
        proc.kill()
        proc.wait()
    assert OxigraphStore.open(store).triple_count() == n  # a kill at any point leaves a store
    # leftovers of the earlier layout's killed builds: the moved-aside store comes back
    legacy = tmp_path / "legacy"
    assert build(legacy, data).returncode == 0
    legacy.rename(tmp_path / f".legacy.old-{dead_pid()}")
    (tmp_path / f".legacy.building-{dead_pid()}").mkdir()
    assert build(legacy, data).returncode == 0
    assert OxigraphStore.open(legacy).triple_count() == n
    assert not list(tmp_path.glob(".legacy.*"))
    (store / f"building-{dead_pid()}").mkdir()
    assert build(store, data, "--force").returncode == 0
    assert not list(store.glob("building-*"))
    assert len([d for d in store.glob("gen-*") if d.is_dir()]) == 1


def test_a_store_in_the_earlier_layout_opens_and_moves_to_generations(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from rightsgraph.store.oxigraph import OxigraphStore

    data = small_data(tmp_path / "data")
    old = tmp_path / "old"
    raw = ox.Store(str(old))
    raw.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    raw.flush()
    del raw
    (old / OxigraphStore.FINGERPRINT).write_text(json.dumps({"stat": "x", "content": "y"}))
    assert len(OxigraphStore.open(old).ox) == 1  # opens; its one triple is in no dataset graph
    done = build(old, data)
    assert done.returncode == 0, done.stderr
    assert (old / "CURRENT").read_text().startswith("gen-")
    assert not (old / OxigraphStore.FINGERPRINT).exists()
    assert OxigraphStore.open(old).triple_count() > 1


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_a_full_disk_is_one_line_exit_2_and_nothing_is_lost(tmp_path: Path) -> None:
    from rightsgraph.store.oxigraph import OxigraphStore

    data = small_data(tmp_path / "data")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3584k", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        store = disk / "store"
        assert build(store, data).returncode == 0
        n = OxigraphStore.open(store).triple_count()
        before = sorted(p.name for p in store.iterdir())
        failed = build(store, data, "--force")
        assert failed.returncode == 2, failed.stderr
        lines = failed.stderr.strip().splitlines()
        assert len(lines) == 1 and str(store) in lines[0] and "MB free" in lines[0], lines
        assert "no space left" in lines[0]
        assert OxigraphStore.open(store).triple_count() == n
        assert sorted(p.name for p in store.iterdir() if not p.name.endswith(".lock")) == [
            p for p in before if not p.endswith(".lock")
        ]
        # contribute --apply into a data folder on the full device: one line, data unchanged
        shutil.rmtree(store)
        folder = disk / "data"
        shutil.copytree(REPO / "data", folder)
        with (disk / "filler").open("wb") as fh, contextlib.suppress(OSError):
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        files = {f: f.read_bytes() for f in folder.rglob("*") if f.is_file()}
        applied = subprocess.run(
            [*command(), "--data", str(folder), "contribute", "-q", "--apply"]
            + [str(REPO / "tests/contrib/good/getty-images.ttl")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert applied.returncode == 2, applied.stderr
        lines = applied.stderr.strip().splitlines()
        assert len(lines) == 1 and str(folder) in lines[0] and "no space left" in lines[0], lines
        assert {f: f.read_bytes() for f in folder.rglob("*") if f.is_file()} == files
    finally:
        subprocess.run(["umount", str(disk)], check=False)
