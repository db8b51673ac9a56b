"""Generate the Markdown reference of every class, property and controlled
vocabulary from the ontology, so contributors can read the model without
reading Turtle. ``python -m rightsgraph.docs > docs/ontology.md``; a test
checks that the committed file is current."""

from __future__ import annotations

from .resources import ontology_files
from .vocab import curie

HEADER = """# rightsgraph ontology reference

Generated from `ontology/rightsgraph.ttl` and `ontology/vocabularies.ttl` by
`make docs` — do not edit by hand. Namespaces are listed in
[data-conventions.md](data-conventions.md).
"""


def _first(graph: object, node: object, *preds: object) -> str:
    for p in preds:
        for v in graph.objects(node, p):  # type: ignore[attr-defined]
            return str(v)
    return ""


def reference() -> str:
    from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

    g = Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    out = [HEADER]

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    def links(node: URIRef, pred: URIRef) -> str:
        return ", ".join(
            sorted(curie(str(o)) for o in g.objects(node, pred) if isinstance(o, URIRef))
        )

    classes = sorted((c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)), key=str)
    out.append(f"## Classes ({len(classes)})\n")
    out.append("| class | label | subclass of | description |")
    out.append("|---|---|---|---|")
    for c in classes:
        out.append(
            f"| `{curie(str(c))}` | {cell(_first(g, c, RDFS.label))} | {links(c, RDFS.subClassOf)} "
            f"| {cell(_first(g, c, RDFS.comment, SKOS.definition))} |"
        )
    ours = "https://w3id.org/rightsgraph/"
    reused = sorted(
        (s for s in g.subjects(RDFS.isDefinedBy, None) if not str(s).startswith(ours)), key=str
    )
    props = sorted(
        (
            p
            for t in (OWL.ObjectProperty, OWL.DatatypeProperty)
            for p in g.subjects(RDF.type, t)
            if p not in reused
        ),
        key=str,
    )
    out.append(f"\n## Properties ({len(props)})\n")
    out.append("| property | label | domain | range | description |")
    out.append("|---|---|---|---|---|")
    for p in props:
        assert isinstance(p, URIRef)
        out.append(
            f"| `{curie(str(p))}` | {cell(_first(g, p, RDFS.label))} | {links(p, RDFS.domain)} "
            f"| {links(p, RDFS.range)} | {cell(_first(g, p, RDFS.comment, SKOS.definition))} |"
        )
    out.append(f"\n## Terms reused from other vocabularies ({len(reused)})\n")
    out.append("| term | label | defined by | how the data uses it |")
    out.append("|---|---|---|---|")
    for r in reused:
        assert isinstance(r, URIRef)
        out.append(
            f"| `{curie(str(r))}` | {cell(_first(g, r, RDFS.label))} | {links(r, RDFS.isDefinedBy)} "
            f"| {cell(_first(g, r, RDFS.comment))} |"
        )
    schemes = sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str)
    out.append(f"\n## Controlled vocabularies ({len(schemes)} schemes)\n")
    for s in schemes:
        out.append(f"### {_first(g, s, SKOS.prefLabel)} (`{s}`)\n")
        out.append(_first(g, s, SKOS.definition) + "\n")
        out.append("| concept | label | broader | definition |")
        out.append("|---|---|---|---|")
        for concept in sorted(g.subjects(SKOS.inScheme, s), key=str):
            c = URIRef(str(concept))
            out.append(
                f"| `{curie(str(c))}` | {cell(_first(g, c, SKOS.prefLabel))} | {links(c, SKOS.broader)} "
                f"| {cell(_first(g, c, SKOS.definition))} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(reference(), end="")
