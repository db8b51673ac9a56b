"""Named graphs in data files (TriG, N-Quads): each named graph of a file is kept
as a *user graph* under its own name, outside the default graph, readable with
GRAPH, FROM and FROM NAMED; public mode hides a user graph whole when it marks
or mentions anything restricted; our own graph namespace is refused.

Every test runs the ``rightsgraph`` command on crafted data, on the memory store
and on an on-disk Oxigraph store built by the command itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsgraph.cli.main import main

EX = "http://example.org/"
G1, G2, G3 = EX + "graph/one", EX + "graph/two", EX + "graph/three"
RESTRICTED = "https://w3id.org/rightsgraph/vocab/access/restricted"

TRIG = f"""@prefix ex: <{EX}> .
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .

ex:report ex:says "in the default graph" .

GRAPH <{G1}> {{
  ex:report ex:says "in graph one" .
  ex:witness ex:saw ex:event .
}}

GRAPH <{G2}> {{
  ex:report ex:says "in graph two" ;
      ex:about ex:event .
}}
"""

# a second file: its graph marks a node restricted, and the third graph only
# mentions that node; the default graph has a public triple about it
SECRET = f"""@prefix ex: <{EX}> .
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .

ex:informant ex:says "public triple about the informant" .

GRAPH <{G3}> {{
  ex:informant rg:accessLevel <{RESTRICTED}> ;
      ex:says "in graph three" .
}}
"""

MENTIONS = f"""<{EX}note> <{EX}cites> <{EX}informant> <{EX}graph/four> .
<{EX}note> <{EX}says> "in graph four" <{EX}graph/four> .
<{EX}plain> <{EX}says> "an N-Quads default-graph triple" .
"""

STORES = ["memory", "oxigraph"]


def _data(tmp_path: Path, files: dict[str, str]) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    return data


def _spec(store: str, tmp_path: Path) -> str:
    return "memory" if store == "memory" else f"oxigraph:{tmp_path / 'store'}"


def _query(
    tmp_path: Path, store: str, sparql: str, *extra: str, expect: int = 0
) -> list[dict[str, str]]:
    """Run ``sparql`` through the CLI (JSON results); the rows as {var: value}."""
    q = tmp_path / "q.rq"
    q.write_text(sparql, encoding="utf-8")
    args = ["--data", str(tmp_path / "data"), "--store", _spec(store, tmp_path)]
    res = CliRunner().invoke(main, [*args, "query", str(q), "--format", "json", *extra])
    assert res.exit_code == expect, res.output
    if expect == 2:
        return []
    doc = json.loads(res.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def _says(rows: list[dict[str, str]]) -> set[str]:
    return {r["o"] for r in rows}


@pytest.mark.parametrize("store", STORES)
def test_named_graphs_are_read_by_graph_and_kept_out_of_the_default_graph(
    tmp_path: Path, store: str
) -> None:
    _data(tmp_path, {"a.trig": TRIG})
    per_graph = _query(tmp_path, store, f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?s <{EX}says> ?o }} }}")
    found = {(r["g"], r["o"]) for r in per_graph}
    assert (G1, "in graph one") in found and (G2, "in graph two") in found
    # the file's default graph went where any file's triples go
    assert ("https://w3id.org/rightsgraph/graph/public", "in the default graph") in found
    default = _query(tmp_path, store, f"SELECT ?o WHERE {{ ?s <{EX}says> ?o }}")
    assert _says(default) == {"in the default graph"}
    one = _query(tmp_path, store, f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s <{EX}says> ?o }} }}")
    assert _says(one) == {"in graph one"}


@pytest.mark.parametrize("store", STORES)
def test_from_and_from_named_choose_the_dataset(tmp_path: Path, store: str) -> None:
    _data(tmp_path, {"a.trig": TRIG})
    merged = _query(
        tmp_path, store, f"SELECT ?o FROM <{G1}> FROM <{G2}> WHERE {{ ?s <{EX}says> ?o }}"
    )
    assert _says(merged) == {"in graph one", "in graph two"}
    # a prefixed name, resolved with the query's prefixes
    prefixed = _query(
        tmp_path,
        store,
        f"PREFIX g: <{EX}graph/>\nSELECT ?o FROM g:two WHERE {{ ?s <{EX}says> ?o }}",
    )
    assert _says(prefixed) == {"in graph two"}
    # FROM NAMED alone: the named graphs are exactly those, the default graph empty
    only = _query(
        tmp_path,
        store,
        f"SELECT ?g ?o FROM NAMED <{G2}> WHERE {{ {{ GRAPH ?g {{ ?s <{EX}says> ?o }} }} "
        f"UNION {{ ?s <{EX}says> ?o }} }}",
    )
    assert {(r.get("g"), r["o"]) for r in only} == {(G2, "in graph two")}


@pytest.mark.parametrize("store", STORES)
def test_a_graph_that_marks_or_mentions_a_restricted_node_is_hidden_whole(
    tmp_path: Path, store: str
) -> None:
    _data(tmp_path, {"a.trig": TRIG, "b.trig": SECRET, "c.nq": MENTIONS})
    listing = (
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{EX}')) }}"
    )
    public = {r["g"] for r in _query(tmp_path, store, listing)}
    assert public == {G1, G2}  # three marks the informant restricted, four mentions it
    full = {r["g"] for r in _query(tmp_path, store, listing, "--include-restricted")}
    assert full == {G1, G2, G3, EX + "graph/four"}
    # the marker inside graph three hides the informant's public triple too
    about = f"SELECT ?o WHERE {{ <{EX}informant> <{EX}says> ?o }}"
    assert _query(tmp_path, store, about, expect=1) == []
    assert _says(_query(tmp_path, store, about, "--include-restricted")) == {
        "public triple about the informant"
    }
    # the N-Quads file's default graph is public data like any file's
    plain = _query(tmp_path, store, f"SELECT ?o WHERE {{ <{EX}plain> <{EX}says> ?o }}")
    assert _says(plain) == {"an N-Quads default-graph triple"}
    # naming a hidden graph in FROM is refused in public mode, not answered empty
    _query(tmp_path, store, f"SELECT * FROM <{G3}> WHERE {{ ?s ?p ?o }}", expect=2)
    shown = _query(
        tmp_path,
        store,
        f"SELECT ?o FROM <{G3}> WHERE {{ ?s <{EX}says> ?o }}",
        "--include-restricted",
    )
    assert _says(shown) == {"in graph three"}


def test_blank_nodes_stay_distinct_per_file(tmp_path: Path) -> None:
    one = f'GRAPH <{G1}> {{ _:b <{EX}says> "x" . }}\n'
    _data(tmp_path, {"a.trig": one, "b.trig": one})
    rows = _query(
        tmp_path,
        "memory",
        f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ GRAPH <{G1}> {{ ?b <{EX}says> ?o }} }}",
    )
    assert rows == [{"n": "2"}]


OURS = "https://w3id.org/rightsgraph/graph/restricted"


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize(
    "head",
    [
        f'<{EX}s> <{EX}p> "o" .\n\nGRAPH <{OURS}>',
        f'@prefix g: <https://w3id.org/rightsgraph/graph/> .\n<{EX}s> <{EX}p> "o" .\ng:restricted',
    ],
    ids=["iri", "prefixed-name"],
)
def test_a_graph_in_our_namespace_is_refused_in_one_line(
    tmp_path: Path, store: str, head: str
) -> None:
    data = _data(tmp_path, {"bad.trig": head + f' {{ <{EX}s> <{EX}p> "planted" . }}\n'})
    args = ["--data", str(data), "--store", _spec(store, tmp_path), "stats"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert f"bad.trig:3: named graph <{OURS}>" in lines[0]
    assert "own graph namespace" in lines[0] and "Traceback" not in res.output


def test_bad_trig_names_file_line_and_column(tmp_path: Path) -> None:
    bad = f'GRAPH <{G1}> {{\n  <{EX}s> <{EX}p> "o" \n  <{EX}t> <{EX}p> "o" .\n}}\n'
    data = _data(tmp_path, {"bad.trig": bad})
    res = CliRunner().invoke(main, ["--data", str(data), "stats"])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ") and "bad.trig:3:" in lines[0], lines[0]
    assert "syntax error" in lines[0]


def test_the_store_lists_its_user_graphs(tmp_path: Path) -> None:
    """The validator's graphs and the dataset the endpoint's service
    description lists include the shown user graphs."""
    import pyoxigraph as ox

    from rightsgraph.store.build import open_store
    from rightsgraph.store.dataset import stored_graphs

    data = _data(tmp_path, {"a.trig": TRIG, "b.trig": SECRET})
    public = open_store("memory", data)
    assert {G1, G2} <= set(public.dataset.named) and G3 not in public.dataset.named
    full = public.with_access(True)
    assert {G1, G2, G3} <= set(full.dataset.named)
    assert not {G1, G2, G3} & set(public.dataset.default)
    judged = {g.value for g in stored_graphs(public.ox) if isinstance(g, ox.NamedNode)}
    assert {G1, G2, G3} <= judged
    # the endpoint's service description names the graphs of its (public) dataset
    from types import SimpleNamespace

    from rdflib import URIRef

    from rightsgraph.serve.sparql import service_description

    config = SimpleNamespace(public=True, timeout=5.0, max_rows=10)
    site = SimpleNamespace(store=public, config=config, triples=public.triple_count())
    sd = service_description("http://127.0.0.1/sparql", site)  # type: ignore[arg-type]
    sd_name = URIRef("http://www.w3.org/ns/sparql-service-description#name")
    listed = {str(o) for o in sd.objects(None, sd_name)}
    assert {G1, G2} <= listed and G3 not in listed


def test_a_remote_store_refuses_user_graphs_in_one_line(tmp_path: Path) -> None:
    """Remote stores do not carry user graphs yet: refused before anything is sent."""
    data = _data(tmp_path, {"a.trig": TRIG})
    spec = "sparql:http://127.0.0.1:9/query,update=http://127.0.0.1:9/update"
    res = CliRunner().invoke(main, ["--data", str(data), "--store", spec, "build"])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and f"<{G1}>" in lines[0] and "remote stores" in lines[0], res.stderr


def test_a_contribution_with_named_graphs_is_refused(tmp_path: Path) -> None:
    contribution = tmp_path / "mine.trig"
    contribution.write_text(TRIG, encoding="utf-8")
    res = CliRunner().invoke(main, ["contribute", str(contribution)])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot hold named graphs" in lines[0], res.stderr


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "deep.trig",
            f"GRAPH <{G1}> {{ <{EX}a> <{EX}p> "
            + f"[ <{EX}p> " * 5000
            + "1"
            + " ]" * 5000
            + " . }\n",
            "deep.trig:1: input is nested more than 200 levels deep",
        ),
        (
            "big.nq",
            f'<{EX}a> <{EX}p> "' + "x" * 200_000 + f'" <{G1}> .\n',
            "big.nq: a literal of 200000 characters",
        ),
        (
            "latin1.trig",
            f'GRAPH <{G1}> {{ <{EX}a> <{EX}p> "M\xe9naka" . }}\n',
            "latin1.trig:1:",
        ),
    ],
)
def test_the_data_folder_guards_trig_and_nquads_as_turtle(
    tmp_path: Path, store: str, name: str, content: str, message: str
) -> None:
    """The build's own loader (not validate's parser) refuses what Turtle is
    refused for: nesting, over-long literals (inside a named graph too), bad bytes."""
    data = tmp_path / "data"
    data.mkdir()
    (data / name).write_bytes(content.encode("latin-1" if "latin1" in name else "utf-8"))
    res = CliRunner().invoke(
        main, ["--data", str(data), "--store", _spec(store, tmp_path), "stats"]
    )
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], res.stderr


def test_a_graph_named_by_a_blank_node_is_refused(tmp_path: Path) -> None:
    data = _data(tmp_path, {"anon.trig": f'_:g {{ <{EX}s> <{EX}p> "o" . }}\n'})
    res = CliRunner().invoke(main, ["--data", str(data), "stats"])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "anon.trig" in lines[0] and "blank node" in lines[0], res.stderr
