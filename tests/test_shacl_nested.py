"""Nested shapes compiled to SPARQL (``shacl_nested``) give exactly the results of
the node-by-node evaluator and of pySHACL, on shapes written to use the forms the
project's own shapes do not (sh:and, sh:not of a class, counts above one,
qualified counts of two, inverse and sequence paths, sh:equals inside sh:or) —
and every constraint of the project's shapes compiles, so a whole-store
validation never falls back to checking node by node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""

SHAPES = (
    PREFIXES
    + """
ex:AndNot a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:and ( [ sh:property [ sh:path ex:name ; sh:minCount 1 ] ]
             [ sh:not [ sh:class ex:Banned ] ] ) .
ex:TwoOrMore a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:or ( [ sh:property [ sh:path ex:part ; sh:minCount 2 ] ]
            [ sh:property [ sh:path ex:solo ; sh:hasValue true ] ] ) .
ex:AtMostTwo a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:not [ sh:property [ sh:path ex:part ; sh:maxCount 2 ] ] .
ex:Qualified a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path [ sh:inversePath ex:about ] ;
                  sh:qualifiedValueShape [ sh:class ex:Note ] ; sh:qualifiedMinCount 2 ] .
ex:Sequence a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ( ex:part ex:name ) ; sh:or ( [ sh:datatype xsd:string ]
                                                        [ sh:nodeKind sh:IRI ] ) ] .
ex:Equal a sh:NodeShape ; sh:targetSubjectsOf ex:low ;
    sh:or ( [ sh:property [ sh:path ex:low ; sh:equals ex:high ] ]
            [ sh:property [ sh:path ex:exact ; sh:hasValue false ] ] ) .
ex:IsSelf a sh:NodeShape ; sh:targetNode ex:a, ex:b ; sh:hasValue ex:a .
ex:Off a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:or ( [ sh:deactivated true ; sh:class ex:Nothing ] [ sh:class ex:Nothing ] ) .
ex:Inverse a sh:NodeShape ; sh:targetClass ex:Note ;
    sh:property [ sh:path ex:about ; sh:node [ sh:property [ sh:path [ sh:inversePath ex:about ] ;
                                                             sh:maxCount 2 ] ] ] .
"""
)

DATA = (
    PREFIXES
    + """
ex:Banned rdfs:subClassOf ex:Bad .
ex:a a ex:Thing ; ex:name "a" ; ex:part ex:p1, ex:p2 .
ex:b a ex:Thing, ex:Banned ; ex:solo true ; ex:part ex:p1, ex:p2, ex:p3 .
ex:c a ex:Thing ; ex:name 3 ; ex:part ex:p1 .
ex:p1 ex:name "one" .
ex:p2 ex:name 2 .
ex:p3 ex:name ex:iri .
ex:n1 a ex:Note ; ex:about ex:a .
ex:n2 a ex:Note ; ex:about ex:a .
ex:n3 ex:about ex:b .
ex:n4 a ex:Note ; ex:about ex:b, ex:a .
ex:d ex:low 1 ; ex:high 1 .
ex:e ex:low 1 ; ex:high 2 .
ex:f ex:low 1 ; ex:high 2 ; ex:exact false .
"""
)


def _key(v: Any) -> tuple[Any, ...]:
    return (v.focus.value, v.path, v.value.value if v.value is not None else None, v.component)


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import pyoxigraph as ox

    from rightsgraph.validation.shacl_model import read_shapes

    d = tmp_path_factory.mktemp("nested")
    (d / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return {"store": store, "shapes": read_shapes([d / "shapes.ttl"]), "dir": d}


def _pyshacl(case: dict[str, Any]) -> set[tuple[Any, ...]]:
    import pyshacl
    from rdflib import SH, BNode, Graph
    from rdflib.namespace import RDF

    g = Graph().parse(data=DATA, format="turtle")
    shapes = Graph().parse(case["dir"] / "shapes.ttl", format="turtle")
    _, report, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", allow_warnings=True)
    out = set()
    for rep in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(rep, SH.result):
            path = report.value(r, SH.resultPath)
            value = report.value(r, SH.value)
            out.add(
                (
                    str(report.value(r, SH.focusNode)),
                    str(path) if path is not None and not isinstance(path, BNode) else None,
                    str(value) if value is not None else None,
                    str(report.value(r, SH.sourceConstraintComponent)).split("#")[1],
                )
            )
    return out


def test_every_constraint_here_compiles(case: dict[str, Any]) -> None:
    from rightsgraph.validation.shacl_nested import compile_nested
    from rightsgraph.validation.shacl_sparql import plan
    from rightsgraph.validation.shacl_view import View

    work = plan(case["shapes"], View(case["store"]).subclasses, compile_nested)
    assert work.residual == []
    assert len(work.compiled) == 9


def test_nested_queries_same_as_evaluator_and_pyshacl(case: dict[str, Any]) -> None:
    from rightsgraph.validation.shacl_fast import validate_store

    st = case["store"]
    compiled = {_key(v) for v in validate_store(st, case["shapes"])}
    by_node = {_key(v) for v in validate_store(st, case["shapes"], compiled=False)}
    assert compiled == by_node

    def simple(keys: set[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        # pySHACL names a complex path by a blank node: compare such paths as None
        return {
            (f, p if p and " / " not in p and not p.startswith("^") else None, *r)
            for f, p, *r in keys
        }

    assert simple(compiled) == simple(_pyshacl(case))
    ex = "http://example.org/"
    # one of each kind: b has no name, c one part, a only two, b one note about it,
    # a part of a is named by a number, e's bounds differ, b is not a, a has 3 notes
    for focus, component in [
        ("b", "AndConstraintComponent"),
        ("c", "OrConstraintComponent"),
        ("a", "NotConstraintComponent"),
        ("b", "QualifiedMinCountConstraintComponent"),
        ("a", "OrConstraintComponent"),
        ("e", "OrConstraintComponent"),
        ("b", "HasValueConstraintComponent"),
        ("n1", "NodeConstraintComponent"),
    ]:
        assert any(f == ex + focus and c == component for f, _, _, c in compiled), (
            focus,
            component,
            sorted(compiled),
        )
    assert not any(f == ex + "d" or f == ex + "f" for f, *_ in compiled)


def test_project_shapes_compile_whole() -> None:
    import pyoxigraph as ox

    from rightsgraph.resources import ontology_files
    from rightsgraph.store.ingest import load_files
    from rightsgraph.validation.shacl_model import read_shapes
    from rightsgraph.validation.shacl_nested import compile_nested
    from rightsgraph.validation.shacl_sparql import plan
    from rightsgraph.validation.shacl_view import View

    store = ox.Store()
    load_files(store, ontology_files())
    work = plan(read_shapes(), View(store).subclasses, compile_nested)
    assert [str(top.node) for top, _ in work.residual] == []


def test_unsupported_form_falls_back(tmp_path: Path) -> None:
    """A qualified maximum is left to the evaluator, and still found."""
    import pyoxigraph as ox

    from rightsgraph.validation.shacl_fast import validate_store
    from rightsgraph.validation.shacl_model import read_shapes
    from rightsgraph.validation.shacl_nested import compile_nested
    from rightsgraph.validation.shacl_sparql import plan
    from rightsgraph.validation.shacl_view import View

    f = tmp_path / "s.ttl"
    f.write_text(
        PREFIXES
        + """ex:Max a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path [ sh:inversePath ex:about ] ;
                  sh:qualifiedValueShape [ sh:class ex:Note ] ; sh:qualifiedMaxCount 1 ] .""",
        encoding="utf-8",
    )
    shapes = read_shapes([f])
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    assert len(plan(shapes, View(store).subclasses, compile_nested).residual) == 1
    found = {(v.focus.value, v.component) for v in validate_store(store, shapes)}
    assert found == {("http://example.org/a", "QualifiedMaxCountConstraintComponent")}
