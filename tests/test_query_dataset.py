"""``rightsgraph query --default-graph IRI --named-graph IRI``: the SPARQL 1.1
Protocol's ``default-graph-uri`` / ``named-graph-uri`` on the command line.

Given either option the dataset is exactly what the options name (the default
graph the merge of the ``--default-graph`` graphs, empty if none; ``GRAPH ?g``
over the ``--named-graph`` graphs alone), they override the query's ``FROM``,
and a graph outside the view or not in the store is refused with exit 2 and one
line — as ``serve`` does. Every CLI test runs on the memory store and on an
on-disk Oxigraph store built by the command itself; the remote client's side
(what it sends) is checked against a recording endpoint.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from rightsgraph.cli.main import main

EX = "http://example.org/"
G1, G2, G3 = EX + "graph/one", EX + "graph/two", EX + "graph/three"
GRAPHS = "https://w3id.org/rightsgraph/graph/"
PUBLIC, RESTRICTED, ONTOLOGY = GRAPHS + "public", GRAPHS + "restricted", GRAPHS + "ontology"

DATA = f"""@prefix ex: <{EX}> .
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .

ex:report ex:says "in the default graph" .
ex:informant rg:accessLevel <https://w3id.org/rightsgraph/vocab/access/restricted> ;
    ex:says "about the informant" .

GRAPH <{G1}> {{ ex:report ex:says "in graph one" . }}
GRAPH <{G2}> {{ ex:report ex:says "in graph two" . }}
"""
# a user graph that mentions the restricted informant: hidden whole in public mode
HIDDEN = f"""@prefix ex: <{EX}> .
GRAPH <{G3}> {{ ex:note ex:cites ex:informant ; ex:says "in graph three" . }}
"""

# every triple the query sees, with the graph it came from ("default" for the default graph)
EVERYTHING = (
    f"SELECT ?g ?o WHERE {{ {{ GRAPH ?g {{ ?s <{EX}says> ?o }} }} "
    f'UNION {{ ?s <{EX}says> ?o BIND("default" AS ?g) }} }}'
)
STORES = ["memory", "oxigraph"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.trig").write_text(DATA, encoding="utf-8")
    (folder / "b.trig").write_text(HIDDEN, encoding="utf-8")
    return folder


def _run(data: Path, store: str, sparql: str, *options: str) -> Result:
    q = data.parent / "q.rq"
    q.write_text(sparql, encoding="utf-8")
    spec = "memory" if store == "memory" else f"oxigraph:{data.parent / 'store'}"
    args = ["--data", str(data), "--store", spec, "query", str(q), "--format", "json"]
    return CliRunner().invoke(main, [*args, *options])


def _seen(data: Path, store: str, *options: str, sparql: str = EVERYTHING) -> set[tuple[str, str]]:
    """(graph, value) of every ex:says the query sees."""
    res = _run(data, store, sparql, *options)
    assert res.exit_code in (0, 1), res.output
    doc = json.loads(res.stdout)
    return {(b["g"]["value"], b["o"]["value"]) for b in doc["results"]["bindings"]}


def _refusal(res: Result) -> str:
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output, res.stderr
    return lines[0]


@pytest.mark.parametrize("store", STORES)
def test_without_options_the_view_is_the_dataset(data: Path, store: str) -> None:
    seen = _seen(data, store)
    assert ("default", "in the default graph") in seen
    assert {(G1, "in graph one"), (G2, "in graph two"), (PUBLIC, "in the default graph")} <= seen
    assert not any("informant" in o or "three" in o for _, o in seen)  # restricted, hidden


@pytest.mark.parametrize("store", STORES)
def test_the_options_are_the_whole_dataset(data: Path, store: str) -> None:
    # default graph: the merge of the --default-graph graphs; no named graph at all
    merged = _seen(data, store, "--default-graph", G1, "--default-graph", G2)
    assert merged == {("default", "in graph one"), ("default", "in graph two")}
    # named graphs only: GRAPH ?g sees them alone (not ours), the default graph is empty
    named = _seen(data, store, "--named-graph", G2)
    assert named == {(G2, "in graph two")}
    both = _seen(data, store, "--default-graph", PUBLIC, "--named-graph", G1)
    assert both == {("default", "in the default graph"), (G1, "in graph one")}
    # the ontology is a graph like any other
    labels = _seen(
        data,
        store,
        "--named-graph",
        ONTOLOGY,
        sparql="SELECT DISTINCT ?g ?o WHERE { GRAPH ?g { "
        "<https://w3id.org/rightsgraph/ontology#Veto> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?o } }",
    )
    assert {g for g, _ in labels} == {ONTOLOGY} and labels


@pytest.mark.parametrize("store", STORES)
def test_the_options_override_from(data: Path, store: str) -> None:
    """SPARQL 1.1 Protocol 2.1.4: the protocol's dataset wins over FROM / FROM NAMED."""
    sparql = EVERYTHING.replace(" WHERE ", f" FROM <{G1}> FROM NAMED <{G1}> WHERE ", 1)
    assert _seen(data, store, sparql=sparql) == {
        ("default", "in graph one"),
        (G1, "in graph one"),
    }
    assert _seen(data, store, "--named-graph", G2, sparql=sparql) == {(G2, "in graph two")}


@pytest.mark.parametrize("store", STORES)
def test_a_graph_outside_the_public_view_is_refused_in_one_line(data: Path, store: str) -> None:
    for graph, option in ((RESTRICTED, "--default-graph"), (G3, "--named-graph")):
        line = _refusal(_run(data, store, EVERYTHING, option, graph))
        assert line.startswith(f"error: graph <{graph}> is not in this dataset"), line
        listed = line.split("its graphs: ", 1)[1].split(", ")
        assert f"<{PUBLIC}>" in listed and f"<{G1}>" in listed, line
        assert f"<{RESTRICTED}>" not in listed and f"<{G3}>" not in listed, line
    # the full view holds them: the restricted data and the hidden graph are read
    full = _seen(
        data,
        store,
        "--include-restricted",
        "--default-graph",
        RESTRICTED,
        "--named-graph",
        G3,
    )
    assert full == {("default", "about the informant"), (G3, "in graph three")}


@pytest.mark.parametrize("store", STORES)
def test_a_graph_not_in_the_store_is_refused_in_one_line(data: Path, store: str) -> None:
    for option in ("--default-graph", "--named-graph"):
        line = _refusal(_run(data, store, EVERYTHING, option, EX + "graph/none"))
        assert f"graph <{EX}graph/none> is not in this dataset — its graphs: " in line, line
        assert f"<{G2}>" in line and f"<{ONTOLOGY}>" in line
    # one bad graph among good ones is still refused, not silently dropped
    line = _refusal(_run(data, store, EVERYTHING, "--named-graph", G1, "--named-graph", "nope"))
    assert "graph <nope> is not in this dataset" in line


def test_named_queries_take_the_options(tmp_path: Path) -> None:
    """On the project's data: the derived facts are graphs of the default graph too,
    so without them no claim is contested; with them, as without options."""
    args = ["query", "contested-claims", "--format", "json"]
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 0, plain.output
    rows = json.loads(plain.stdout)["results"]["bindings"]
    assert len(rows) == 8
    bare = CliRunner().invoke(main, [*args, "--default-graph", PUBLIC])
    assert bare.exit_code == 1 and json.loads(bare.stdout)["results"]["bindings"] == []
    derived = [f"--default-graph={GRAPHS}{g}" for g in ("public", "derived", "derived-public")]
    again = CliRunner().invoke(main, [*args, *derived])
    assert again.exit_code == 0 and json.loads(again.stdout)["results"]["bindings"] == rows


# ---------------------------------------------------------------------------
# the remote client sends the dataset as the protocol's parameters


class _Recording(BaseHTTPRequestHandler):
    forms: list[dict[str, list[str]]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        self.forms.append(urllib.parse.parse_qs(body))
        answer = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Recording)
    _Recording.forms = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        server.shutdown()
        server.server_close()


def test_the_remote_client_sends_the_options_as_graph_parameters(
    endpoint: str, tmp_path: Path
) -> None:
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?s FROM <http://example.org/ignored> WHERE { ?s ?p ?o }", encoding="utf-8")
    base = ["--store", f"sparql:{endpoint},graph=https://example.org/project", "query", str(q)]
    res = CliRunner().invoke(main, [*base, "--default-graph", PUBLIC, "--named-graph", ONTOLOGY])
    assert res.exit_code == 1, res.output  # no rows
    (form,) = _Recording.forms
    # our graphs under the endpoint's own names (graph=IRI), the query's FROM overridden
    assert form["default-graph-uri"] == ["https://example.org/project/public"]
    assert form["named-graph-uri"] == ["https://example.org/project/ontology"]
    # refused before anything is sent
    line = _refusal(CliRunner().invoke(main, [*base, "--named-graph", RESTRICTED]))
    assert "graph <https://example.org/project/restricted> is not in this dataset" in line
    assert len(_Recording.forms) == 1
