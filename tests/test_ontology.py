"""The ontology, its vocabularies and the shapes are well-formed and documented.

Counts at the time of writing (printed by ``test_term_and_shape_counts`` with
``pytest -s``): 44 classes; 75 object/datatype properties + 6 annotation
properties; 166 SKOS concepts in 18 schemes; shapes: 31 targeted node shapes,
16 scheme shapes used through sh:node and 99 property shapes (146 in all).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SH, SKOS, BNode, Graph, URIRef

from rightsgraph.resources import ontology_dir, ontology_files, shape_files
from rightsgraph.vocab import ONTOLOGY, curie

REPO = Path(__file__).resolve().parent.parent
RGSH = "https://w3id.org/rightsgraph/shapes#"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    return g


@pytest.fixture(scope="module")
def shapes() -> Graph:
    g = Graph()
    for f in shape_files():
        g.parse(f, format="turtle")
    return g


def rg_terms(g: Graph, *types: URIRef) -> set[URIRef]:
    return {
        s
        for t in types
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)
    }


def concepts(g: Graph) -> set[URIRef]:
    return {c for c in g.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}


def named_node_shapes(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


def property_shapes(g: Graph) -> set[tuple[URIRef, rdflib.term.Node]]:
    """(node shape, property shape) for every sh:property of a named node shape.

    The anonymous shapes nested inside sh:or / sh:not / sh:qualifiedValueShape
    are parts of their owner's constraint and report with the owner's message."""
    return {(s, p) for s in named_node_shapes(g) for p in g.objects(s, SH.property)}


def test_files_parse(onto: Graph, shapes: Graph) -> None:
    expected = ["rightsgraph.ttl", "vocabularies.ttl", "network.ttl"]
    assert [f.name for f in ontology_files()] == expected
    for name in expected:
        g = Graph().parse(ontology_dir() / name, format="turtle")
        assert len(g) > 0, name
    assert [f.name for f in shape_files()] == ["claims.ttl", "core.ttl", "entities.ttl"]
    assert (URIRef("https://w3id.org/rightsgraph/ontology"), RDF.type, OWL.Ontology) in onto
    assert len(named_node_shapes(shapes)) > 0


def test_every_rg_term_has_label_and_comment(onto: Graph) -> None:
    terms = rg_terms(onto, *TERM_TYPES)
    missing_label = sorted(curie(str(t)) for t in terms if onto.value(t, RDFS.label) is None)
    missing_comment = sorted(
        curie(str(t))
        for t in terms
        if onto.value(t, RDFS.comment) is None and onto.value(t, SKOS.definition) is None
    )
    assert missing_label == []
    assert missing_comment == []


def test_every_rg_term_is_declared_once_with_one_kind(onto: Graph) -> None:
    """A term is a class or one kind of property, never two at once."""
    clashes = sorted(
        curie(str(t))
        for t in rg_terms(onto, *TERM_TYPES)
        if len({k for k in onto.objects(t, RDF.type) if k in TERM_TYPES}) != 1
    )
    assert clashes == []


def test_every_concept_has_label_definition_and_one_scheme(onto: Graph) -> None:
    found = concepts(onto)
    schemes = set(onto.subjects(RDF.type, SKOS.ConceptScheme))
    no_label = sorted(curie(str(c)) for c in found if onto.value(c, SKOS.prefLabel) is None)
    no_definition = sorted(curie(str(c)) for c in found if onto.value(c, SKOS.definition) is None)
    not_one_scheme = sorted(
        curie(str(c)) for c in found if len(set(onto.objects(c, SKOS.inScheme))) != 1
    )
    unknown_scheme = sorted(
        curie(str(c)) for c in found for s in onto.objects(c, SKOS.inScheme) if s not in schemes
    )
    assert no_label == []
    assert no_definition == []
    assert not_one_scheme == []
    assert unknown_scheme == []
    # the scheme is the one the concept's namespace names (stance:x in .../vocab/stance)
    misplaced = sorted(
        curie(str(c))
        for c in found
        if str(c).rsplit("/", 1)[0] != str(onto.value(c, SKOS.inScheme))
    )
    assert misplaced == []


def test_every_concept_scheme_has_label_and_definition(onto: Graph) -> None:
    schemes = set(onto.subjects(RDF.type, SKOS.ConceptScheme))
    assert sorted(str(s) for s in schemes if onto.value(s, SKOS.prefLabel) is None) == []
    assert sorted(str(s) for s in schemes if onto.value(s, SKOS.definition) is None) == []


def test_shapes_use_only_declared_terms(onto: Graph, shapes: Graph) -> None:
    """Every rg: IRI in the shapes (paths, targets, sh:class, comparisons...) is
    declared in the ontology, and every vocabulary IRI is a declared concept or scheme."""
    declared = rg_terms(onto, *TERM_TYPES)
    used = {
        o
        for triple in shapes
        for o in triple
        if isinstance(o, URIRef) and str(o).startswith(ONTOLOGY)
    }
    assert sorted(curie(str(t)) for t in used - declared) == []
    # the kinds of term used where a path or a class is expected
    props = rg_terms(onto, OWL.ObjectProperty, OWL.DatatypeProperty)
    classes = rg_terms(onto, OWL.Class)
    for pred, pool in [
        (SH.path, props),
        (SH.targetObjectsOf, props),
        (SH.targetSubjectsOf, props),
        (SH.lessThanOrEquals, props),
        (SH.equals, props),
        (SH.targetClass, classes),
        (SH["class"], classes),
    ]:
        wrong = sorted(
            curie(str(o))
            for o in shapes.objects(None, pred)
            if isinstance(o, URIRef) and str(o).startswith(ONTOLOGY) and o not in pool
        )
        assert wrong == [], pred
    vocab = concepts(onto) | set(onto.subjects(RDF.type, SKOS.ConceptScheme))
    used_vocab = {
        o
        for triple in shapes
        for o in triple
        if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/rightsgraph/vocab/")
    }
    assert sorted(curie(str(t)) for t in used_vocab - vocab) == []


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    """pySHACL validates the shapes against SHACL-SHACL before using them."""
    import pyshacl

    sample = Graph().parse(
        data="""
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/rightsgraph/id/actor/hrw> a rg:NGO ; rdfs:label "Human Rights Watch"@en .
""",
        format="turtle",
    )
    conforms, _, text = pyshacl.validate(
        sample, shacl_graph=shapes, meta_shacl=True, inference="none"
    )
    assert conforms, text
    # the check is not vacuous: a malformed shape is refused
    bad = Graph().parse(
        data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:x:S> a sh:NodeShape ; sh:targetClass <urn:x:C> ;
    sh:property [ sh:path <urn:x:p> ; sh:minCount "one" ] .
""",
        format="turtle",
    )
    with pytest.raises(pyshacl.errors.ReportableRuntimeError, match="MetaSHACL"):
        pyshacl.validate(sample, shacl_graph=bad, meta_shacl=True, inference="none")


NOT_CONSTRAINTS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.targetClass,
    SH.targetNode,
    SH.targetObjectsOf,
    SH.targetSubjectsOf,
    SH.property,
    SH.severity,
    SH.message,
    SH.deactivated,
}


def is_targeted(g: Graph, shape: URIRef) -> bool:
    return any(
        g.value(shape, t) is not None
        for t in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
    )


def test_every_shape_has_a_message(shapes: Graph) -> None:
    """Every result a shape can produce carries an sh:message that says how to fix it.

    That is: every property shape of a targeted node shape; every node shape with
    a constraint of its own (sh:or, sh:nodeKind...); every untargeted node shape
    used through sh:node (the SKOS scheme checks). A targeted node shape that only
    groups property shapes never reports by itself, so it needs none (its
    property shapes speak)."""
    node_shapes = named_node_shapes(shapes)
    assert sorted(curie(str(s)) for s in node_shapes if not str(s).startswith(RGSH)) == []
    needs_message = {
        s
        for s in node_shapes
        if not is_targeted(shapes, s) or set(shapes.predicates(s, None)) - NOT_CONSTRAINTS
    }
    no_message = sorted(curie(str(s)) for s in needs_message if shapes.value(s, SH.message) is None)
    assert no_message == []
    prop_no_message = sorted(
        f"{curie(str(s))} {curie(str(shapes.value(p, SH.path)))}"
        for s, p in property_shapes(shapes)
        if is_targeted(shapes, s) and shapes.value(p, SH.message) is None
    )
    assert prop_no_message == []
    # untargeted shapes are only used through sh:node
    referenced = set(shapes.objects(None, SH.node))
    unused = sorted(
        curie(str(s)) for s in node_shapes if not is_targeted(shapes, s) and s not in referenced
    )
    assert unused == []
    # property shapes are blank nodes, each owned by one node shape
    assert all(isinstance(p, BNode) for _, p in property_shapes(shapes))
    assert all(len(set(shapes.subjects(SH.property, p))) == 1 for _, p in property_shapes(shapes))


def test_every_shape_has_a_label(shapes: Graph) -> None:
    assert (
        sorted(
            curie(str(s)) for s in named_node_shapes(shapes) if shapes.value(s, RDFS.label) is None
        )
        == []
    )


def test_ontology_reference_is_current() -> None:
    """docs/ontology.md is what ``python -m rightsgraph.docs`` prints (run ``make docs``)."""
    from rightsgraph.docs import reference

    committed = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert committed == reference()


def test_term_and_shape_counts(onto: Graph, shapes: Graph) -> None:
    """Counts for the issue note; the reference document states the same numbers."""
    classes = rg_terms(onto, OWL.Class)
    props = rg_terms(onto, OWL.ObjectProperty, OWL.DatatypeProperty)
    annotations = rg_terms(onto, OWL.AnnotationProperty)
    schemes = set(onto.subjects(RDF.type, SKOS.ConceptScheme))
    node_shapes = named_node_shapes(shapes)
    targeted = {s for s in node_shapes if is_targeted(shapes, s)}
    prop_shapes = {(s, p) for s, p in property_shapes(shapes) if s in targeted}
    print(
        f"\nclasses: {len(classes)}; properties: {len(props)} object/datatype + "
        f"{len(annotations)} annotation; concepts: {len(concepts(onto))} in {len(schemes)} "
        f"schemes; shapes: {len(targeted)} targeted node shapes + "
        f"{len(node_shapes) - len(targeted)} scheme shapes (used via sh:node) + "
        f"{len(prop_shapes)} property shapes = {len(node_shapes) + len(prop_shapes)}"
    )
    doc = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert f"## Classes ({len(classes)})" in doc
    assert f"## Properties ({len(props)})" in doc
    assert f"## Controlled vocabularies ({len(schemes)} schemes)" in doc
    reused = {
        s
        for s in onto.subjects(RDFS.isDefinedBy, None)
        if not str(s).startswith("https://w3id.org/rightsgraph/")
    }
    assert f"## Terms reused from other vocabularies ({len(reused)})" in doc
    assert len(re.findall(r"^\| `[\w-]+:[\w.-]+` ", doc, re.M)) == (
        len(classes) + len(props) + len(concepts(onto)) + len(reused)
    )


def test_every_term_the_data_uses_is_in_the_reference() -> None:
    """An analyst writing SPARQL from docs/ontology.md finds every predicate and class of data/."""
    from rightsgraph.rdf.files import data_files

    data = Graph()
    for f in data_files(None):
        data.parse(f, format="turtle")
    used = {curie(str(p)) for p in data.predicates()}
    used |= {curie(str(c)) for c in data.objects(None, RDF.type)}
    doc = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert {"dcterms:publisher", "prov:wasAssociatedWith", "rg:Identification"} <= used
    assert sorted(t for t in used if f"`{t}`" not in doc) == []
