"""Real servers for the tests: start ``rightsgraph serve`` as a
subprocess on 127.0.0.1 with a free port, wait until it answers, stop it with
Ctrl-C (SIGINT) in ``finally``; small data folders with restricted and hostile
content. (No tests here.)"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .project import REPO
from .turtle import PREFIXES

HOSTILE = "</script><script>alert(1)</script>"

SMALL_DATA = (
    PREFIXES
    + """
actor:open-actor a rg:NonStateArmedGroup ; rdfs:label "Open Armed Group" ; skos:altLabel "OAG" .
actor:hostile a rg:NonStateArmedGroup ; rdfs:label "</script><script>alert(1)</script>" ;
    skos:altLabel "Hostile label group" .
actor:secret-source a rg:Person ; rdfs:label "Secret Informant Zeta" ; rg:accessLevel access:restricted .
incident:open-incident a rg:Incident ; rdfs:label "Open incident at Riverside" .
doc:public-report a rg:Document ; rdfs:label "Public report on Riverside" ; rg:accessLevel access:public .
doc:secret-memo a rg:Document ; rdfs:label "Secret memo Omega" ; rg:accessLevel access:restricted .

claim:public-involvement a rg:Involvement ;
    rdfs:label "Open Armed Group — perpetrator — Open incident at Riverside" ;
    rg:actor actor:open-actor ; rg:incident incident:open-incident ; rg:role role:perpetrator ;
    rg:evidence ev:public-ev , ev:memo-ev .
ev:public-ev a rg:Evidence ; rg:document doc:public-report ; rg:quote "Public quote alpha about Riverside" ;
    rg:claimant actor:open-actor ; rg:stance stance:asserts .
ev:memo-ev a rg:Evidence ; rg:document doc:secret-memo ; rg:quote "Secret quote sigma from the memo" ;
    rg:claimant actor:secret-source ; rg:stance stance:asserts .

claim:secret-claim a rg:Involvement ; rg:accessLevel access:restricted ;
    rdfs:label "Secret claim label kappa" ;
    rg:actor actor:hostile ; rg:incident incident:open-incident ; rg:role role:perpetrator ;
    rg:evidence ev:secret-claim-ev .
ev:secret-claim-ev a rg:Evidence ; rg:document doc:public-report ; rg:quote "Secret claim quote tau" ;
    rg:claimant actor:open-actor ; rg:stance stance:asserts .

claim:hostile-involvement a rg:Involvement ;
    rg:actor actor:hostile ; rg:incident incident:open-incident ; rg:role role:perpetrator ;
    rg:evidence ev:hostile-ev .
ev:hostile-ev a rg:Evidence ; rg:document doc:public-report ;
    rg:quote "<img src=x onerror=alert(2)> was seen at Riverside" ;
    rg:claimant actor:open-actor ; rg:stance stance:asserts .
"""
)

# what --public must never show (IRIs' local names, labels, quotes)
SECRETS = [
    "secret-source",
    "Secret Informant Zeta",
    "secret-memo",
    "Secret memo Omega",
    "Secret quote sigma",
    "memo-ev",
    "secret-claim",
    "Secret claim label kappa",
    "Secret claim quote tau",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def command() -> list[str]:
    script = Path(sys.executable).parent / "rightsgraph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "rightsgraph"]


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    stderr_path: Path

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running_server(
    data: Path, *options: str, workdir: Path, store: str = "memory"
) -> Iterator[Server]:
    """``rightsgraph --store STORE --data DATA serve --port P OPTIONS``, stopped with
    SIGINT at the end."""
    import httpx

    port = free_port()
    err = workdir / f"serve-{port}.stderr"
    with err.open("wb") as err_file:
        proc = subprocess.Popen(
            [
                *command(),
                "--store",
                store,
                "--data",
                str(data),
                "serve",
                "--port",
                str(port),
                *options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=err_file,
        )
    server = Server(f"http://127.0.0.1:{port}", port, proc, err)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"rightsgraph serve exited with {proc.returncode}: {server.stderr()}"
                )
            try:
                if httpx.get(server.url + "/sparql", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"rightsgraph serve did not answer within 120 s: {server.stderr()}"
                )
            time.sleep(0.2)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def snapshot_data(target: Path) -> Path:
    """A copy of the project's data/ so that the server and the library read the
    same files even while someone edits data/."""
    shutil.copytree(REPO / "data", target)
    return target


def small_data(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    (target / "small.ttl").write_text(SMALL_DATA, encoding="utf-8")
    return target
