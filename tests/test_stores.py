"""The three stores give the same answers to every named query.

A real Oxigraph server (the ``oxigraph`` CLI from the PyPI package ``oxigraph``)
is started on 127.0.0.1 on a free port, filled by ``rightsgraph build`` through
SPARQL Update, and queried over HTTP; the same graph sits in the memory store
(rdflib) and in an on-disk Oxigraph store. Answers are compared as sets of rows.
Two things are not compared because SPARQL leaves them to the engine: the order
of the parts of a GROUP_CONCAT (compared as a set of parts) and which value
SAMPLE picks (the column is left out; see ``SAMPLE_NOTE``).
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import generate

REPO = Path(__file__).resolve().parent.parent

SAMPLE_NOTE = "SAMPLE() may pick any value of its group: engines differ; MIN() would not"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes], grace: float = 30) -> None:
    """Ask a server started by a fixture to stop; kill it if it does not."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_until_answering(
    proc: subprocess.Popen[bytes], url: str, seconds: float, why_exited: Callable[[], str]
) -> None:
    """Poll ``url`` until the server started as ``proc`` answers; fail the test,
    with ``why_exited()``, if it exits first or stays silent for ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{Path(str(proc.args[0])).name} exited: {why_exited()}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{url} did not answer within {seconds:g} s")
            time.sleep(0.1)


def oxigraph_cli() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("data")
    generate.write(d / "synthetic.nt", 3000, seed=7)
    # a Turtle file with a blank node and a language tag in upper case, like real data
    (d / "extra.ttl").write_text(
        "@prefix rg: <https://w3id.org/rightsgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/rightsgraph/id/place/extra> a rg:Place ;\n"
        '    rdfs:label "Extra Place"@en-GB ;\n'
        "    rg:adminLevel <https://w3id.org/rightsgraph/vocab/level/town> .\n",
        encoding="utf-8",
    )
    return d


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cli = oxigraph_cli()
    if cli is None:
        pytest.skip("the oxigraph server CLI is missing — pip install oxigraph (dev extra)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [cli, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(
            proc,
            f"{base}/query?query=ASK%7B%7D",
            30,
            lambda: proc.stderr.read().decode() if proc.stderr else "",
        )
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def rightsgraph_serve(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running ``rightsgraph serve`` (public by default) on the same data."""
    from helpers.servers import running_server

    with running_server(data_dir, workdir=tmp_path_factory.mktemp("serve-log")) as server:
        yield server.url + "/sparql"


@pytest.fixture(scope="module")
def stores(
    data_dir: Path,
    oxigraph_server: str,
    rightsgraph_serve: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    from rightsgraph.store.build import build, open_store

    disk = tmp_path_factory.mktemp("ox") / "store"
    remote = f"sparql:{oxigraph_server}/query,update={oxigraph_server}/update"
    build(f"oxigraph:{disk}", data_dir)
    report = build(remote, data_dir)
    memory = open_store("memory", data_dir)
    assert report.triples == memory.triple_count()
    return {
        "memory": memory,
        "oxigraph": open_store(f"oxigraph:{disk}", data_dir),
        "sparql": open_store(remote, data_dir),
        # our own endpoint as a remote store: the same dataset through the protocol
        "serve": open_store(f"sparql:{rightsgraph_serve}", data_dir),
    }


def comparable_rows(info: Any, result: Any) -> set[tuple[Any, ...]]:
    from rdflib import BNode

    seps = {
        v: s for s, v in re.findall(r'separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', info.text)
    }
    sampled = set(re.findall(r"SAMPLE\s*\([^)]*\)\s*AS\s*\?(\w+)", info.text, re.I))
    out = set()
    for row in result.dicts():
        key = []
        for k, v in sorted(row.items()):
            if k in sampled:
                continue
            if v is None:
                key.append((k, None))
            elif isinstance(v, BNode):
                key.append((k, "_:"))
            elif k in seps:
                key.append((k, tuple(sorted(str(v).split(seps[k])))))
            else:
                key.append((k, v.n3()))
        out.add(tuple(key))
    return out


def _named() -> list[str]:
    from rightsgraph.answers.queries import named_queries

    return sorted(named_queries())


@pytest.mark.parametrize("name", _named())
def test_named_query_same_answers_on_every_store(stores: dict[str, Any], name: str) -> None:
    from rightsgraph.answers.queries import run_query

    answers = {}
    for kind, store in stores.items():
        info, result = run_query(store, name)
        answers[kind] = comparable_rows(info, result)
    first = answers["oxigraph"]
    for kind, rows in answers.items():
        assert rows == first, f"{name}: {kind} differs from oxigraph: {rows ^ first}"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("cq10-upr-recommendations", {"state": "actor:france"}),
        ("cq10-upr-recommendations", {}),
        ("entities", {"class": "rg:Person"}),
        ("cq2-moura-death-toll-sources", {"min": "300"}),
    ],
)
def test_optional_and_given_parameters_agree(
    stores: dict[str, Any], name: str, params: dict[str, str]
) -> None:
    from rightsgraph.answers.queries import run_query

    answers = {kind: comparable_rows(*run_query(s, name, params)) for kind, s in stores.items()}
    assert answers["memory"] == answers["oxigraph"] == answers["sparql"] == answers["serve"]
    assert answers["memory"], "the synthetic graph should answer this query"


def test_given_optional_parameter_narrows_the_answer(stores: dict[str, Any]) -> None:
    from rightsgraph.answers.queries import run_query

    for store in stores.values():
        _, everyone = run_query(store, "cq10-upr-recommendations")
        _, france = run_query(store, "cq10-upr-recommendations", {"state": "actor:france"})
        labels = {str(r["stateLabel"]) for r in france.dicts()}
        assert labels == {"France"}, store.description
        assert 0 < len(france.rows) < len(everyone.rows)


def test_literals_compare_equal_across_stores(stores: dict[str, Any]) -> None:
    q = (
        "SELECT ?l WHERE { <https://w3id.org/rightsgraph/id/place/extra> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    plain = 'SELECT ?x WHERE { BIND("text" AS ?x) }'
    for store in stores.values():
        assert store.query(q).rows[0][0].n3() == '"Extra Place"@en-gb', store.description
        assert store.query(plain).rows[0][0].n3() == '"text"', store.description


def test_parameters_cannot_escape_their_place(stores: dict[str, Any]) -> None:
    from rdflib import Literal, URIRef

    from rightsgraph.errors import QueryError

    q = "SELECT ?x WHERE { BIND(?p AS ?x) }"
    nasty = Literal('a" } ; DROP ALL ; SELECT * { "')
    for store in stores.values():
        assert store.query(q, {"p": nasty}).rows[0][0] == nasty
        with pytest.raises(QueryError):
            store.query(q, {"p": URIRef("http://x/> } DROP ALL {")})


def test_oxigraph_store_is_reused_until_the_data_changes(data_dir: Path, tmp_path: Path) -> None:
    from rightsgraph.store.build import build

    d = tmp_path / "data"
    shutil.copytree(data_dir, d)
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert build(spec, d).rebuilt
    assert not build(spec, d).rebuilt
    os.utime(d / "extra.ttl")  # a new timestamp, the same content: no rebuild
    assert not build(spec, d).rebuilt
    extra = d / "extra.ttl"
    extra.write_text(
        extra.read_text()
        + '<https://w3id.org/rightsgraph/id/place/extra> <http://www.w3.org/2000/01/rdf-schema#comment> "new" .\n'
    )
    rebuilt = build(spec, d)
    assert rebuilt.rebuilt and rebuilt.triples == build(spec, d).triples


def test_failed_build_keeps_the_previous_store(data_dir: Path, tmp_path: Path) -> None:
    from rightsgraph.errors import InputError
    from rightsgraph.store.build import build, open_store

    d = tmp_path / "data"
    shutil.copytree(data_dir, d)
    spec = f"oxigraph:{tmp_path / 'store'}"
    n = build(spec, d).triples
    (d / "broken.ttl").write_text("<a> <b> .\n")
    with pytest.raises(InputError, match=r"broken\.ttl:1"):
        build(spec, d)
    (d / "broken.ttl").unlink()
    assert open_store(spec, d).triple_count() == n


# -- a server that lies about its answer ----------------------------------------------


class _Truncating(http.server.BaseHTTPRequestHandler):
    body = json.dumps(
        {
            "head": {"vars": ["x"]},
            "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]},
        }
    ).encode()
    mode = "short-content-length"

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        cut = self.body[: len(self.body) // 2]
        if self.mode == "short-content-length":
            self.send_header("Content-Length", str(len(self.body)))
            self.end_headers()
            self.wfile.write(cut)
        else:  # no length: the connection just closes early
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(cut)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def lying_server() -> Iterator[tuple[str, type[_Truncating]]]:
    handler = type("Handler", (_Truncating,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("mode", ["short-content-length", "connection-closed"])
def test_truncated_answer_is_an_error(lying_server: tuple[str, Any], mode: str) -> None:
    from rightsgraph.errors import QueryError
    from rightsgraph.store.remote import SparqlStore

    url, handler = lying_server
    handler.mode = mode
    with pytest.raises(QueryError, match="truncated"):
        SparqlStore(url, timeout=5).query("SELECT ?x WHERE { ?x ?p ?o }")


def test_unreachable_endpoint_is_an_error() -> None:
    from rightsgraph.errors import QueryError
    from rightsgraph.store.remote import SparqlStore

    with pytest.raises(QueryError, match="unreachable"):
        SparqlStore(f"http://127.0.0.1:{free_port()}/query", timeout=2).query("ASK {}")


def test_update_and_service_are_refused(stores: dict[str, Any]) -> None:
    from rightsgraph.errors import QueryError

    for store in stores.values():
        with pytest.raises(QueryError, match="update"):
            store.query("PREFIX x: <http://x/> DROP ALL")
        with pytest.raises(QueryError, match="SERVICE"):
            store.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_from_chooses_the_graphs_on_every_store(stores: dict[str, Any]) -> None:
    """FROM / FROM NAMED in the query text name the dataset on every store (the
    remote client sends them as the protocol's graph parameters), and a graph
    outside the public view is refused, not read."""
    from rightsgraph.errors import RightsgraphError

    graphs = "https://w3id.org/rightsgraph/graph/"
    counts = {}
    for name, store in stores.items():
        res = store.query(f"SELECT (COUNT(*) AS ?n) FROM <{graphs}ontology> WHERE {{ ?s ?p ?o }}")
        counts[name] = int(str(res.rows[0][0]))
        named = store.query(
            f"SELECT DISTINCT ?g FROM NAMED <{graphs}ontology> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        assert [str(r[0]) for r in named.rows] == [graphs + "ontology"], name
        with pytest.raises(RightsgraphError, match="not in this dataset"):
            store.query(f"ASK FROM <{graphs}restricted> {{ ?s ?p ?o }}")
    assert len(set(counts.values())) == 1 and counts["memory"] > 1000, counts


def test_query_dataset_options_on_every_store(
    stores: dict[str, Any], data_dir: Path, tmp_path: Path
) -> None:
    """``query --default-graph / --named-graph`` (the protocol's dataset) give the
    same answer on every store, remote ones included, and refuse a restricted
    graph in public mode with one line."""
    from click.testing import CliRunner

    from rightsgraph.cli.main import main

    graphs = "https://w3id.org/rightsgraph/graph/"
    q = tmp_path / "q.rq"
    q.write_text(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
        '{ ?s ?p ?o BIND("default" AS ?g) } } GROUP BY ?g',
        encoding="utf-8",
    )
    specs = {
        "memory": "memory",
        "oxigraph": f"oxigraph:{stores['oxigraph'].path}",
        "sparql": f"sparql:{stores['sparql'].url}",
        "serve": f"sparql:{stores['serve'].url}",
    }
    options = ["--default-graph", graphs + "public", "--named-graph", graphs + "ontology"]
    answers = {}
    for name, spec in specs.items():
        args = ["--data", str(data_dir), "--store", spec, "query", str(q), "--format", "csv"]
        res = CliRunner().invoke(main, [*args, *options])
        assert res.exit_code == 0, (name, res.output)
        answers[name] = sorted(r for r in res.stdout.splitlines()[1:] if r)
        refused = CliRunner().invoke(main, [*args, "--named-graph", graphs + "restricted"])
        assert refused.exit_code == 2, (name, refused.output)
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert f"graph <{graphs}restricted> is not in this dataset" in refused.stderr
    groups = {row.split(",")[0] for row in answers["memory"]}
    assert groups == {"default", graphs + "ontology"}, answers["memory"]
    assert all(rows == answers["memory"] for rows in answers.values()), answers
