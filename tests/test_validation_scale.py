"""The fast validator (compiled SPARQL + node-by-node evaluation on Oxigraph) gives
exactly pySHACL's results: on a clean synthetic graph, on one with every kind of
injected violation, and for a contribution checked incrementally against the
graph. pySHACL is the reference; sizes are small so it stays quick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import generate

REPO = Path(__file__).resolve().parent.parent

SIZE = 6000


def _ox_store(files: list[Path]) -> Any:
    import pyoxigraph as ox

    from rightsgraph.resources import ontology_files
    from rightsgraph.store.ingest import load_files

    store = ox.Store()
    load_files(store, ontology_files() + files)
    return store


def _ox_key(stores: list[Any], term: Any) -> Any:
    """A term as comparable text; a blank node as (owner, predicate) — its only parent."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        for st in stores:
            for q in st.quads_for_pattern(None, None, term, None):
                return ("bnode", q.subject.value, q.predicate.value)
        return ("bnode", "?", "?")
    if isinstance(term, ox.Literal):
        return (term.value, term.language or term.datatype.value)
    return term.value


def fast_keys(stores: list[Any], results: list[Any]) -> set[tuple[Any, ...]]:
    return {
        (
            _ox_key(stores, r.focus),
            r.path,
            _ox_key(stores, r.value),
            r.component,
            r.severity,
            r.message,
        )
        for r in results
    }


def pyshacl_keys(files: list[Path]) -> set[tuple[Any, ...]]:
    import pyshacl
    from rdflib import SH, BNode, Graph, Literal
    from rdflib.namespace import RDF, XSD

    from rightsgraph.resources import ontology_files, shape_files

    g = Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    for f in files:
        g.parse(f, format="nt")
    shapes = Graph()
    for f in shape_files():
        shapes.parse(f, format="turtle")
    _, report, _ = pyshacl.validate(
        g, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )

    def key(t: Any) -> Any:
        if t is None:
            return None
        if isinstance(t, BNode):
            for s, p in g.subject_predicates(t):
                return ("bnode", str(s), str(p))
            return ("bnode", "?", "?")
        if isinstance(t, Literal):
            return (str(t), t.language or str(t.datatype or XSD.string))
        return str(t)

    out = set()
    for rep in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(rep, SH.result):  # top-level results, not sh:detail
            path = report.value(r, SH.resultPath)
            msg = report.value(r, SH.resultMessage)
            out.add(
                (
                    key(report.value(r, SH.focusNode)),
                    str(path) if path is not None and not isinstance(path, BNode) else None,
                    key(report.value(r, SH.value)),
                    str(report.value(r, SH.sourceConstraintComponent)).split("#")[1],
                    str(report.value(r, SH.resultSeverity)).split("#")[1],
                    str(msg) if msg is not None else None,
                )
            )
    return out


def _simple_paths(keys: set[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    # pySHACL names a complex path by a blank node; compare such paths as None
    return {(f, p if p is None or " / " not in p else None, *rest) for f, p, *rest in keys}


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("synthetic")
    clean, _ = generate.write(d / "clean.nt", SIZE, seed=3)
    n = len(generate.VIOLATION_KINDS)
    dirty, _ = generate.write(d / "dirty.nt", SIZE, seed=4, violations=n)
    base, contrib = generate.write(
        d / "base.nt",
        SIZE,
        seed=5,
        contribution=d / "contrib.nt",
        contribution_triples=800,
        contribution_violations=n,
    )
    return {"dir": d, "dirty": dirty, "contrib": contrib}


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled-sparql", "node-by-node"])
def test_clean_synthetic_graph_conforms(graphs: dict[str, Any], compiled: bool) -> None:
    from rightsgraph.validation.shacl_fast import validate_store

    store = _ox_store([graphs["dir"] / "clean.nt"])
    assert validate_store(store, compiled=compiled) == []
    assert pyshacl_keys([graphs["dir"] / "clean.nt"]) == set()


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled-sparql", "node-by-node"])
def test_injected_violations_same_as_pyshacl(graphs: dict[str, Any], compiled: bool) -> None:
    from rightsgraph.validation.shacl_fast import validate_store

    files = [graphs["dir"] / "dirty.nt"]
    store = _ox_store(files)
    fast = fast_keys([store], validate_store(store, compiled=compiled))
    ref = pyshacl_keys(files)
    assert _simple_paths(fast) == _simple_paths(ref), (
        f"only fast: {sorted(fast - ref, key=str)}\nonly pySHACL: {sorted(ref - fast, key=str)}"
    )
    # every injected violation is among them, on the node it was injected on
    owners = {f[1] if isinstance(f, tuple) else f for f, *_ in fast}
    injected = graphs["dirty"].injected
    assert len(injected) == len(generate.VIOLATION_KINDS)
    missing = [i for i in injected if i.focus not in owners]
    assert not missing, missing


def test_contribution_checked_incrementally_same_as_full(graphs: dict[str, Any]) -> None:
    import pyoxigraph as ox

    from rightsgraph.store.ingest import load_files
    from rightsgraph.validation.shacl_fast import validate_additions, validate_store

    base_file, contrib_file = graphs["dir"] / "base.nt", graphs["dir"] / "contrib.nt"
    base = _ox_store([base_file])
    assert validate_store(base) == []
    added = ox.Store()
    load_files(added, [contrib_file])
    incremental = fast_keys([added, base], validate_additions(base, added))
    union = _ox_store([base_file, contrib_file])
    full = fast_keys([union], validate_store(union))
    assert incremental == full
    ref = pyshacl_keys([base_file, contrib_file])
    assert _simple_paths(incremental) == _simple_paths(ref)
    assert len(graphs["contrib"].injected) == len(generate.VIOLATION_KINDS)
    assert len(incremental) >= len(generate.VIOLATION_KINDS)


def test_contribution_that_changes_the_class_hierarchy_is_checked_in_full(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from rightsgraph.validation.shacl_fast import affected_nodes
    from rightsgraph.validation.shacl_model import read_shapes
    from rightsgraph.validation.shacl_view import View

    base = _ox_store([])
    added = ox.Store()
    added.add(
        ox.Quad(
            ox.NamedNode("https://w3id.org/rightsgraph/ontology#Thing"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            ox.NamedNode("https://w3id.org/rightsgraph/ontology#Claim"),
        )
    )
    assert affected_nodes(View(base, added), added, read_shapes()) is None
