"""``rightsgraph serve`` with real clients: SPARQLWrapper and rdflib's
SPARQLStore get the same answers as the library; httpx checks the protocol's
status codes, content types, the timeout, the result cap, the pages' content
negotiation and the public view that is served by default. Each server is the real command, started
on 127.0.0.1 with a free port and stopped (Ctrl-C) in ``finally``."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers.servers import (
    HOSTILE,
    SECRETS,
    Server,
    running_server,
    small_data,
    snapshot_data,
)
from rightsgraph.answers.queries import named_queries

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# pages do real work; a busy machine is slow, never wrong (no timing assertions)
HTTP = httpx.Client(timeout=300)
SELECT_ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
CONSTRUCT_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
# a cartesian product that would take hours: only the timeout ends it
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_data(tmp_path_factory.mktemp("serve") / "data")


@pytest.fixture(scope="module")
def server(data_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # a generous timeout: this server checks answers, the strict one checks limits
    # all data, so that answers compare with the library's over the same graph
    with running_server(
        data_copy,
        "--timeout",
        "600",
        "--include-restricted",
        workdir=tmp_path_factory.mktemp("log"),
    ) as s:
        yield s


@pytest.fixture(scope="module")
def library_store(data_copy: Path) -> Any:
    from rightsgraph.store.build import open_store

    return open_store("memory", data_copy)


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with a 1 s timeout and a 5-row cap, on the small data set."""
    data = small_data(tmp_path_factory.mktemp("strict") / "data")
    with running_server(
        data, "--timeout", "1", "--max-rows", "5", workdir=tmp_path_factory.mktemp("log")
    ) as s:
        yield s


# --- the same answers as the library -------------------------------------------


def _norm(term: Any) -> tuple[str, ...] | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    if term.language:
        return ("literal", str(term), "@" + term.language.lower())
    return ("literal", str(term), str(term.datatype or XSD_STRING))


def _norm_json(b: dict[str, str] | None) -> tuple[str, ...] | None:
    if b is None:
        return None
    if b["type"] == "uri":
        return ("uri", b["value"])
    if b["type"] == "bnode":
        return ("bnode",)
    if "xml:lang" in b:
        return ("literal", b["value"], "@" + b["xml:lang"].lower())
    return ("literal", b["value"], b.get("datatype", XSD_STRING))


def _unordered(text: str) -> tuple[set[str], set[str]]:
    """Columns whose value the spec leaves open: GROUP_CONCAT order, SAMPLE choice."""
    concat = set(re.findall(r"GROUP_CONCAT\(.*?\)\s+AS\s+\?(\w+)", text, re.S | re.I))
    sample = set(re.findall(r"SAMPLE\(.*?\)\s+AS\s+\?(\w+)", text, re.S | re.I))
    return concat, sample


def _comparable(variables: list[str], rows: Any, text: str) -> set[tuple[Any, ...]]:
    concat, sample = _unordered(text)
    out = set()
    for row in rows:
        cells: list[Any] = []
        for var, cell in zip(variables, row, strict=True):
            if var in sample:
                cells.append("any sample")
            elif var in concat and cell is not None:
                cells.append(tuple(sorted(re.split(r", | \| ", cell[1]))))
            else:
                cells.append(cell)
        out.add(tuple(cells))
    return out


def _library(store: Any, name: str) -> tuple[str, set[tuple[Any, ...]]]:
    """The named query's rows from the library, and its text with the defaults
    bound as a VALUES block (how any SPARQL client would send it)."""
    from rightsgraph.answers.queries import bind_params, load_query, run_query
    from rightsgraph.answers.resolve import Resolver
    from rightsgraph.store.sparqltext import bind_values

    info = load_query(name)
    bindings = bind_params(info, {}, Resolver(store).resolve)
    text = bind_values(info.text, bindings)
    _, result = run_query(store, name)
    rows = [[_norm(t) for t in row] for row in result.rows]
    return text, _comparable(result.variables, rows, info.text)


QUERY_NAMES = sorted(named_queries())


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_sparqlwrapper_gets_the_library_answers(
    server: Server, library_store: Any, name: str
) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    text, expected = _library(library_store, name)
    client = SPARQLWrapper(server.url + "/sparql")
    # SPARQLWrapper guesses the query type from keywords and can mistake a word in
    # the '#+' header comments for an update (then it sends update=...): drop them
    client.setQuery("\n".join(line for line in text.splitlines() if not line.startswith("#")))
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    doc = client.query().convert()
    variables = doc["head"]["vars"]
    rows = [[_norm_json(b.get(v)) for v in variables] for b in doc["results"]["bindings"]]
    assert _comparable(variables, rows, text) == expected, name


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_rdflib_sparqlstore_gets_the_library_answers(
    server: Server, library_store: Any, name: str
) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    text, expected = _library(library_store, name)
    graph = Graph(SPARQLStore(server.url + "/sparql", returnFormat="xml", method="GET"))
    result = graph.query(text)
    variables = [str(v) for v in result.vars or []]
    rows = [[_norm(t) for t in row] for row in result]
    assert _comparable(variables, rows, text) == expected, name


# --- protocol: methods, status codes, content types -----------------------------


def test_service_description_in_turtle(server: Server) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    r = HTTP.get(server.url + "/sparql")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    me = URIRef(server.url + "/sparql")
    assert (me, RDF.type, URIRef(sd + "Service")) in g
    assert (me, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g


@pytest.mark.parametrize(
    ("accept", "media", "check"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("text/csv", "text/csv", "csv"),
        ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
        ("*/*", "application/sparql-results+json", "json"),
    ],
)
def test_select_results_by_content_negotiation(
    server: Server, accept: str, media: str, check: str
) -> None:
    q = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s LIMIT 3"
    r = HTTP.get(server.url + "/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    if check == "json":
        assert len(r.json()["results"]["bindings"]) == 3
    elif check == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert len(ET.fromstring(r.content).findall(f"{ns}results/{ns}result")) == 3
    elif check == "csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["s", "label"] and len(rows) == 4
    else:
        lines = r.text.splitlines()
        assert lines[0] == "?s\t?label" and len(lines) == 4


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_graphs_by_content_negotiation(
    server: Server, accept: str, media: str, rdflib_format: str
) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    q = (
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
        "FILTER(?s = <https://w3id.org/rightsgraph/id/actor/mali>) }"
    )
    r = HTTP.post(server.url + "/sparql", data={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    got = Graph().parse(data=r.text, format=rdflib_format)
    reference = HTTP.post(
        server.url + "/sparql",
        content=q.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert len(got) > 0
    assert isomorphic(got, Graph().parse(data=reference.text, format="nt"))


def test_get_form_post_and_direct_post_agree(server: Server) -> None:
    q = "SELECT ?s WHERE { ?s a <https://w3id.org/rightsgraph/ontology#Document> } ORDER BY ?s"
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        HTTP.get(server.url + "/sparql", params={"query": q}, headers=accept),
        HTTP.post(server.url + "/sparql", data={"query": q}, headers=accept),
        HTTP.post(
            server.url + "/sparql",
            content=q.encode(),
            headers={**accept, "Content-Type": "application/sparql-query; charset=utf-8"},
        ),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert answers[0].json()["results"]["bindings"]


def test_ask_and_format_parameter(server: Server) -> None:
    r = HTTP.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<boolean>true</boolean>" in r.text


@pytest.mark.parametrize(
    ("request_kwargs", "status", "says"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "syntax error"),
        ({"params": {"query": "DROP ALL"}}, 400, "update operations are refused"),
        (
            {"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
            400,
            "update operations are refused",
        ),
        ({"params": {"query": ["ASK {}", "ASK {}"]}}, 400, "more than one"),
        (
            {
                "params": {
                    "query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
                }
            },
            500,
            "SERVICE calls are refused",
        ),
        ({"params": {"query": "ASK {}", "timeout": "soon"}}, 400, "not a number"),
    ],
)
def test_get_errors_use_the_protocol_status_codes(
    server: Server, request_kwargs: dict[str, Any], status: int, says: str
) -> None:
    r = HTTP.get(server.url + "/sparql", **request_kwargs)
    assert r.status_code == status, r.text
    assert says in r.text
    assert len(r.text.strip().splitlines()) == 1


def test_updates_by_post_are_refused(server: Server) -> None:
    url = server.url + "/sparql"
    form = HTTP.post(url, data={"update": "CLEAR DEFAULT"})
    direct = HTTP.post(
        url, content=b"CLEAR DEFAULT", headers={"Content-Type": "application/sparql-update"}
    )
    for r in (form, direct):
        assert r.status_code == 400, r.text
        assert "update operations are refused" in r.text
    # and nothing changed
    count = HTTP.get(url, params={"query": "ASK { ?s ?p ?o }"}).json()
    assert count["boolean"] is True


def test_other_request_shapes_are_refused(server: Server) -> None:
    url = server.url + "/sparql"
    wrong_type = HTTP.post(url, content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    assert HTTP.put(url, content=b"ASK {}").status_code == 405
    assert HTTP.delete(url).status_code == 405
    no_query = HTTP.post(url, data={"default-graph-uri": "urn:x"})
    assert no_query.status_code == 400 and "no query given" in no_query.text


def test_no_permissive_cors(server: Server) -> None:
    r = HTTP.get(
        server.url + "/sparql",
        params={"query": "ASK {}"},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers


# --- timeout and result cap -------------------------------------------------------


def test_timeout_stops_the_query_and_the_server_recovers(strict_server: Server) -> None:
    url = strict_server.url + "/sparql"
    # asking for more time than the server allows changes nothing
    r = HTTP.get(url, params={"query": ENDLESS, "timeout": "600"}, timeout=60)
    assert r.status_code == 503, r.text
    assert "timed out after 1 s" in r.text
    after = HTTP.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_result_cap_cannot_be_exceeded(strict_server: Server) -> None:
    url = strict_server.url + "/sparql"
    r = HTTP.get(url, params={"query": SELECT_ALL + " LIMIT 1000"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 5
    assert r.headers["x-sparql-maxrows"] == "5"
    assert r.headers["x-rightsgraph-truncated"].startswith("true")
    g = HTTP.get(url, params={"query": CONSTRUCT_ALL}, headers={"Accept": "application/n-triples"})
    assert len([line for line in g.text.splitlines() if line.strip()]) == 5
    small = HTTP.get(url, params={"query": SELECT_ALL + " LIMIT 2"})
    assert len(small.json()["results"]["bindings"]) == 2
    assert "x-rightsgraph-truncated" not in small.headers


# --- pages over HTTP -----------------------------------------------------------------


def test_entity_page_html_and_rdf(server: Server) -> None:
    from rdflib import Graph, URIRef

    url = server.url + "/entity/actor/wagner-group"
    iri = URIRef("https://w3id.org/rightsgraph/id/actor/wagner-group")
    page = HTTP.get(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Wagner Group" in page.text and "Moura" in page.text
    assert "script-src" not in page.headers["content-security-policy"]
    ttl = HTTP.get(url, headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=ttl.text, format="turtle")
    assert (iri, None, None) in g
    jsonld = HTTP.get(url, params={"format": "jsonld"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(g)


def test_document_page_lists_claims_and_lineage(server: Server, library_store: Any) -> None:
    from rightsgraph.answers.queries import run_query

    docs = library_store.query(
        "SELECT DISTINCT ?d WHERE { ?ev <https://w3id.org/rightsgraph/ontology#document> ?d }"
    ).rows
    doc = str(docs[0][0])
    _, expected = run_query(library_store, "document-claims", {"document": doc})
    path = doc.split("/id/", 1)[1]
    r = HTTP.get(f"{server.url}/entity/{path}")
    assert r.status_code == 200
    assert f"What this document claims ({len(expected.rows)})" in r.text
    assert "What it derives from or cites" in r.text
    assert "What cites it" in r.text


def test_search_and_missing_pages(server: Server) -> None:
    r = HTTP.get(server.url + "/search", params={"q": "wagner"})
    assert r.status_code == 200
    assert 'href="/entity/actor/wagner-group"' in r.text
    assert HTTP.get(server.url + "/entity/actor/no-such-actor").status_code == 404
    assert HTTP.get(server.url + "/queries/no-such-query").status_code == 404


def test_named_query_page_bad_parameter_is_400(server: Server) -> None:
    r = HTTP.get(server.url + "/queries/cq4-mechanisms-ended", params={"from": "last spring"})
    assert r.status_code == 400
    assert (
        "parameter &#39;from&#39; of query &#39;cq4-mechanisms-ended&#39; must be a date" in r.text
    )
    unknown = HTTP.get(server.url + "/queries/cq9-actor-links", params={"actor": "Nobody Atall"})
    assert unknown.status_code == 400
    assert "matches no label, alias or IRI" in unknown.text


def test_named_query_page_csv_matches_cli(server: Server, data_copy: Path) -> None:
    from click.testing import CliRunner

    from rightsgraph.cli.main import main

    r = HTTP.get(
        server.url + "/queries/cq9-actor-links", params={"actor": "Wagner", "format": "csv"}
    )
    assert r.status_code == 200
    cli = CliRunner().invoke(
        main,
        [
            "--data",
            str(data_copy),
            "query",
            "cq9-actor-links",
            "-p",
            "actor=Wagner",
            "--format",
            "csv",
        ],
    )
    assert cli.exit_code == 0, cli.output
    assert r.text.strip() == cli.output.strip()


# --- the command itself ----------------------------------------------------------------


def test_port_in_use_is_one_clear_line_exit_2(runner: Any) -> None:
    from rightsgraph.cli.main import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_ctrl_c_stops_gracefully(tmp_path: Path) -> None:
    import signal

    data = small_data(tmp_path / "data")
    with running_server(data, workdir=tmp_path) as s:
        assert HTTP.get(s.url + "/").status_code == 200
        s.process.send_signal(signal.SIGINT)
        assert s.process.wait(30) == 0, s.stderr()
    assert "stopped" in s.stderr()
    assert "Traceback" not in s.stderr()


# --- public by default, --include-restricted ------------------------------------------------


def _everything(s: Server) -> dict[str, str]:
    """Pages, endpoint answers and downloads a visitor could fetch."""
    base = s.url
    pages = [
        "/",
        "/search?q=secret",
        "/search?q=zeta",
        "/search?q=omega",
        "/search?q=riverside",
        "/entity/actor/open-actor",
        "/entity/actor/hostile",
        "/entity/incident/open-incident",
        "/entity/doc/public-report",
        "/entity/doc/secret-memo",
        "/entity/actor/secret-source",
        "/entity/claim/secret-claim",
        "/entity/claim/public-involvement",
        "/entity/actor/open-actor?format=ttl",
        "/entity/incident/open-incident?format=jsonld",
        "/entity/doc/public-report?format=nt",
        "/queries/entities?run=1",
        "/queries/entities?run=1&format=csv",
        "/queries/entity-claims?entity=actor:open-actor",
        "/queries/document-claims?document=doc:public-report",
        "/queries/contested-claims?run=1",
        "/query?" + urllib.parse.urlencode({"query": SELECT_ALL}),
    ]
    out = {p: HTTP.get(base + p, timeout=60).text for p in pages}
    for accept in ("text/turtle", "application/n-triples", "application/ld+json"):
        out[f"/sparql construct {accept}"] = HTTP.get(
            base + "/sparql", params={"query": CONSTRUCT_ALL}, headers={"Accept": accept}
        ).text
    for accept in ("application/sparql-results+json", "text/csv", "text/tab-separated-values"):
        out[f"/sparql select {accept}"] = HTTP.get(
            base + "/sparql", params={"query": SELECT_ALL}, headers={"Accept": accept}
        ).text
    return out


def test_public_by_default_hides_restricted_data_everywhere(tmp_path: Path) -> None:
    data = small_data(tmp_path / "data")
    with running_server(data, "--include-restricted", workdir=tmp_path) as full:
        everything = _everything(full)
        home = HTTP.get(full.url + "/").text
    seen = "\n".join(everything.values())
    # the restricted content really is in the data and shows with --include-restricted,
    # under a banner on every page and a warning at start-up
    for secret in SECRETS:
        assert secret in seen, secret
    assert "Restricted data included" in home
    assert "warning: --include-restricted" in full.stderr()
    with running_server(data, workdir=tmp_path) as public:
        answers = _everything(public)
        assert HTTP.get(public.url + "/entity/doc/secret-memo").status_code == 404
        assert "Public quote alpha about Riverside" in answers["/entity/actor/open-actor"]
        assert "Restricted data included" not in answers["/"]
        assert "warning" not in public.stderr()
    for where, text in answers.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} leaked in {where}"


def test_hostile_label_is_escaped_in_html(tmp_path: Path) -> None:
    data = small_data(tmp_path / "data")
    with running_server(data, workdir=tmp_path) as s:
        r = HTTP.get(s.url + "/entity/actor/hostile")
        found = HTTP.get(s.url + "/search", params={"q": "hostile"})
    assert r.status_code == 200
    for text in (r.text, found.text):
        assert HOSTILE not in text
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img src=x" not in r.text


def test_sparql_json_errors_are_plain_text(server: Server) -> None:
    r = HTTP.get(
        server.url + "/sparql",
        params={"query": "SELEC nothing"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.text)


# --- the dataset: named graphs, default-graph-uri and named-graph-uri -----------------

GRAPHS = "https://w3id.org/rightsgraph/graph/"
COMMENT_ASK = (
    "ASK { <https://w3id.org/rightsgraph/ontology#Veto> "
    "<http://www.w3.org/2000/01/rdf-schema#comment> ?c }"
)


def _ask(server: Server, query: str, **params: Any) -> httpx.Response:
    return HTTP.get(
        server.url + "/sparql",
        params={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
    )


def test_the_service_description_lists_the_named_graphs(strict_server: Server) -> None:
    from rdflib import Graph, URIRef

    r = HTTP.get(strict_server.url + "/sparql")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    # public by default: the restricted graph and the full derived facts are not served
    assert names == {GRAPHS + g for g in ("public", "ontology", "derived", "derived-public")}
    assert not list(g.objects(None, URIRef(sd + "feature")))  # no union default graph claimed


def test_default_graph_uri_selects_a_graph(strict_server: Server) -> None:
    plain = _ask(strict_server, COMMENT_ASK)
    assert plain.status_code == 200 and plain.json()["boolean"] is False  # not merged in
    chosen = _ask(strict_server, COMMENT_ASK, **{"default-graph-uri": GRAPHS + "ontology"})
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["boolean"] is True


def test_graph_variable_ranges_over_the_named_graphs(strict_server: Server) -> None:
    r = HTTP.get(
        strict_server.url + "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200, r.text
    got = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
    assert got == {GRAPHS + g for g in ("public", "ontology", "derived", "derived-public")}


@pytest.mark.parametrize(
    "graph", [GRAPHS + "restricted", GRAPHS + "derived-restricted", "urn:nowhere"]
)
def test_a_graph_outside_the_served_dataset_is_400(strict_server: Server, graph: str) -> None:
    for param in ("default-graph-uri", "named-graph-uri"):
        r = _ask(strict_server, "ASK {}", **{param: graph})
        assert r.status_code == 400, (param, r.text)
        assert graph in r.text


def test_max_rows_header_only_on_a_cut_answer(strict_server: Server) -> None:
    small = _ask(strict_server, "SELECT ?x WHERE { VALUES ?x { 1 2 } }")
    assert small.status_code == 200 and "X-SPARQL-MaxRows" not in small.headers
    big = _ask(strict_server, "SELECT ?s WHERE { ?s ?p ?o }")
    assert big.status_code == 200 and big.headers["X-SPARQL-MaxRows"] == "5"


def test_our_remote_client_reads_a_running_serve(strict_server: Server) -> None:
    """--store sparql: pointed at rightsgraph serve: a short answer is not refused."""
    from rightsgraph.store.remote import SparqlStore

    remote = SparqlStore(strict_server.url + "/sparql")
    res = remote.query("SELECT ?x WHERE { VALUES ?x { 1 2 } }")
    assert [str(r[0]) for r in res.rows] == ["1", "2"]


def test_an_accept_no_format_matches_is_406(strict_server: Server) -> None:
    r = HTTP.get(
        strict_server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}
    )
    assert r.status_code == 406, r.text
    assert "application/sparql-results+json" in r.text


def test_a_format_the_answer_has_no_form_for_is_400(strict_server: Server) -> None:
    r = HTTP.get(strict_server.url + "/sparql", params={"query": "ASK {}", "format": "ttl"})
    assert r.status_code == 400, r.text
    r = HTTP.get(strict_server.url + "/sparql", params={"query": "ASK {}", "format": "nonsense"})
    assert r.status_code == 400, r.text
    ok = HTTP.get(strict_server.url + "/sparql", params={"query": "ASK {}", "format": "json"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True
