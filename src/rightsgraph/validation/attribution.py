"""The attribution check: a structured attribution is never stronger than the
quote it rests on.

A claim that names an actor (the actor of an involvement, either side of a
relationship, the holder of a post, a member or its group, the drafter of a
decision) rests on evidence records, each with a
verbatim quote. When a supporting quote names the actor by neither its label
nor any alias, the record says more than its source: "the foreign security
partners of the Malian Armed Forces" does not say "Wagner Group". Such a record
is accepted only when an identification claim (``rg:Identification``) says who
identifies the description as that actor and applies to the record (or to its
claim) through ``rg:appliesTo``; otherwise it is reported with a fix.

The check reads one rdflib graph (data plus ontology, for the class hierarchy)
and knows nothing of files, so it runs the same on the data folder, on a
contribution merged with the data, or on a store's export.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..vocab import curie
from .problems import Problem

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "AttributionFinding",
    "TripleSource",
    "around",
    "attribution_problems",
    "check_attributions",
    "mentions",
]

# Which property of which claim class names the actor a claim attributes.
ATTRIBUTED = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?claim ?prop ?actor ?ev ?quote WHERE {
  VALUES (?cls ?prop) {
    (rg:Involvement rg:actor) (rg:Relationship rg:subject) (rg:Relationship rg:object)
    (rg:PostHolding rg:holder) (rg:GroupMembership org:member) (rg:GroupMembership org:organization)
    (rg:Penholding rg:drafter)
  }
  ?claim a ?c . ?c rdfs:subClassOf* ?cls .
  ?claim ?prop ?actor ; rg:evidence ?ev .
  ?ev rg:quote ?quote .
  FILTER NOT EXISTS { ?ev rg:stance/skos:broader <https://w3id.org/rightsgraph/vocab/stance/opposing> }
}
"""

NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?name ?main WHERE {
  { ?node rdfs:label ?name . BIND(true AS ?main) } UNION { ?node skos:prefLabel ?name }
  UNION { ?node skos:altLabel ?name } UNION { ?node skos:hiddenLabel ?name }
}
"""

# An identification that vouches for an evidence record (or its whole claim).
IDENTIFIED = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?target ?actor WHERE {
  ?ident rg:identifiedAs ?actor ; rg:appliesTo ?target .
}
"""


@dataclass(frozen=True)
class AttributionFinding:
    """One evidence record whose quote does not name the actor it supports."""

    focus: str  # the evidence record
    claim: str
    actor: str
    message: str
    fix: str


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded away: "Mali’s" reads as
    "mali s", so a possessive still names Mali."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def mentions(quote: str, names: set[str]) -> bool:
    """Whether any name occurs in the quote as whole words."""
    text = f" {fold(quote)} "
    return any(f" {n} " in text for n in (fold(n) for n in names) if n)


def _rows(graph: rdflib.Graph, query: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in graph.query(query)]  # type: ignore[arg-type]


def check_attributions(graph: rdflib.Graph) -> list[AttributionFinding]:
    """Every supporting evidence record whose quote names neither the label nor
    an alias of the actor its claim attributes, unless an identification claim
    applies to the record or the claim. Sorted by evidence record."""
    names: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for node, name, main in _rows(graph, NAMES):
        names.setdefault(str(node), set()).add(str(name))
        if main is not None:
            labels[str(node)] = str(name)
    vouched: set[tuple[str, str]] = {(str(t), str(a)) for t, a in _rows(graph, IDENTIFIED)}
    findings: dict[tuple[str, str], AttributionFinding] = {}
    for claim, prop, actor, ev, quote in _rows(graph, ATTRIBUTED):
        a, e, c = str(actor), str(ev), str(claim)
        if (e, a) in vouched or (c, a) in vouched:
            continue
        if a not in names or not str(quote).strip():
            continue  # an undeclared actor or an empty quote is the shapes' to report
        if mentions(str(quote), names[a]):
            continue
        label = labels.get(a, curie(a))
        role = str(prop).rsplit("#", 1)[-1]
        findings[(e, a)] = AttributionFinding(
            focus=e,
            claim=c,
            actor=a,
            message=(f"the quote does not name {curie(a)} ({label}), the {role} of {curie(c)}"),
            fix=(
                "attach the record to a claim about the actor the quote names, "
                "add the name the quote uses as a skos:altLabel if it is a real alias, "
                "or record who identifies the quote's description as this actor in an "
                "rg:Identification claim with rg:appliesTo this record"
            ),
        )
    return [findings[k] for k in sorted(findings)]


RG = "https://w3id.org/rightsgraph/ontology#"
_NAME_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
)


class TripleSource(Protocol):
    """What ``around`` reads: rdflib's ``Graph.triples``, or the same lookup on a store."""

    def triples(self, pattern: tuple[Any, Any, Any]) -> Iterator[tuple[Any, Any, Any]]: ...


def around(graph: TripleSource, nodes: set[str]) -> rdflib.Graph:
    """The part of ``graph`` the check needs for claims and evidence records among
    ``nodes`` (a contribution's subjects): those claims and the claims their
    evidence belongs to, their evidence, the names of the nodes they point to, the
    class hierarchy and every identification. Small, so a contribution is checked
    without querying the whole graph. ``graph`` is an rdflib graph or anything
    with its ``triples`` lookup (a contribution read with an Oxigraph store)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    out = Graph()
    evidence = URIRef(RG + "evidence")
    claims: set[Any] = {URIRef(n) for n in nodes}
    claims |= {s for n in nodes for s, _, _ in graph.triples((None, evidence, URIRef(n)))}
    named = {URIRef(x) for x in (*_NAME_PROPERTIES, str(RDF.type))}
    seen: set[Any] = set()
    for c in claims:
        for _, p, o in graph.triples((c, None, None)):
            out.add((c, p, o))
            if o not in seen:  # the names and classes of what the claim points to
                seen.add(o)
                for triple in graph.triples((o, None, None)):
                    if triple[1] in named:
                        out.add(triple)
            if p == evidence:
                for _, p2, o2 in graph.triples((o, None, None)):
                    out.add((o, p2, o2))
                    for triple in graph.triples((o2, SKOS.broader, None)):  # stance group
                        out.add(triple)
    wanted = [RDFS.subClassOf, URIRef(RG + "identifiedAs"), URIRef(RG + "appliesTo")]
    for pred in wanted:
        for triple in graph.triples((None, pred, None)):
            out.add(triple)
    return out


def attribution_problems(
    graph: rdflib.Graph | TripleSource,
    locations: Mapping[str, tuple[object, int]] | None = None,
    only: set[str] | None = None,
) -> list[Problem]:
    """The findings as validation warnings, placed at the evidence record's line
    when ``locations`` (IRI -> (file, line)) knows it. With ``only`` (a
    contribution's subjects), just the findings on those evidence records, read
    from ``around`` them — then ``graph`` may be any ``TripleSource``; without,
    it is the whole rdflib graph."""
    out = []
    found = check_attributions(cast("rdflib.Graph", graph) if only is None else around(graph, only))
    for a in found:
        if only is not None and a.focus not in only:
            continue  # a record already in the data is the data's to fix
        file, line = (locations or {}).get(a.focus, (None, None))
        out.append(
            Problem(
                "warning",
                f"{a.message} — {a.fix}",
                str(file) if file is not None else None,
                line,
                focus=curie(a.focus),
                kind="attribution",
            )
        )
    return out
