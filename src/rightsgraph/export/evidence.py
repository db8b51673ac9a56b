"""The evidence behind the network, in bulk: for every claim with evidence, its
phrasing and its records (quote, claimant, stance, document, date), and for
every entity the claims that mention it. The same reading as
``rightsgraph.answers.provenance``, done in three SPARQL queries instead of several per
claim, so a page of thousands of nodes can carry its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..answers.provenance import date_text
from ..claims import OPPOSING
from ..store.base import Store

P = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

EVIDENCE = (
    P
    + """
SELECT ?claim ?ev ?doc ?docLabel ?quote ?claimant ?claimantLabel ?stanceLabel ?group
       ?locator ?early ?late ?prec ?dtext WHERE {
  ?claim rg:evidence ?ev .
  ?ev rg:document ?doc ; rg:quote ?quote ; rg:claimant ?claimant ; rg:stance ?stance .
  OPTIONAL { ?doc rdfs:label ?docLabel }
  OPTIONAL { ?claimant rdfs:label ?claimantLabel }
  OPTIONAL { ?stance skos:prefLabel ?stanceLabel }
  OPTIONAL { ?stance skos:broader ?group }
  OPTIONAL { ?ev rg:locator ?locator }
  OPTIONAL { ?ev rg:statementDate ?sd . ?sd rg:precision ?prec .
             OPTIONAL { ?sd rg:earliest ?early } OPTIONAL { ?sd rg:latest ?late }
             OPTIONAL { ?sd rg:dateText ?dtext } }
}
"""
)

CLAIMS = (
    P
    + """
SELECT ?claim ?cls ?clsLabel ?label ?summary ?contested WHERE {
  ?claim rg:evidence ?x ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), "https://w3id.org/rightsgraph/ontology#"))
  # the most specific class: none of the claim's other classes is below it
  FILTER NOT EXISTS { ?claim a ?sub . ?sub rdfs:subClassOf ?cls }
  OPTIONAL { ?cls rdfs:label ?clsLabel }
  OPTIONAL { ?claim rdfs:label ?label }
  OPTIONAL { ?claim rg:summary ?summary }
  OPTIONAL { ?claim rg:contested ?contested }
}
"""
)

MENTIONS = (
    P
    + """
SELECT DISTINCT ?claim ?e WHERE {
  ?claim rg:evidence ?x ; ?p ?e .
  FILTER(isIRI(?e) && ?p != rg:evidence && ?p != rdf:type)
}
"""
)


@dataclass
class Record:
    quote: str
    claimant: str
    stance: str
    opposing: bool
    document: str
    document_iri: str
    locator: str = ""
    date: str = ""


@dataclass
class ClaimInfo:
    iri: str
    kind: str
    text: str
    records: list[Record] = field(default_factory=list)
    contested: bool = False  # rg:contested, decided by claims.py at build


@dataclass
class EvidenceIndex:
    claims: dict[str, ClaimInfo] = field(default_factory=dict)
    by_node: dict[str, list[str]] = field(default_factory=dict)  # entity IRI -> claim IRIs

    def for_node(self, node: str) -> list[ClaimInfo]:
        return [self.claims[c] for c in self.by_node.get(node, []) if c in self.claims]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def collect(store: Store, nodes: set[str] | None = None) -> EvidenceIndex:
    """Claims with evidence and their records; ``nodes`` limits which entities are indexed."""
    index = EvidenceIndex()
    best_kind: dict[str, tuple[int, str]] = {}
    for claim, cls, cls_label, label, summary, contested in store.query(CLAIMS).rows:
        c = str(claim)
        info = index.claims.get(c)
        text = str(label) if label is not None else str(summary) if summary is not None else ""
        if info is None:
            info = index.claims[c] = ClaimInfo(c, "", text)
        elif not info.text:
            info.text = text
        info.contested = info.contested or str(contested) == "true"
        kind = str(cls_label) if cls_label is not None else _local(str(cls))
        # the most specific class is the one named least often among claims (Claim is last)
        rank = 0 if _local(str(cls)) == "Claim" else 1
        if c not in best_kind or rank > best_kind[c][0]:
            best_kind[c] = (rank, kind)
            info.kind = kind
    seen: set[tuple[str, str]] = set()
    for row in store.query(EVIDENCE).rows:
        claim, ev, doc, doc_label, quote, claimant, cl_label, st_label, group = row[:9]
        locator, early, late, prec, dtext = row[9:]
        key = (str(claim), str(ev))
        if key in seen or str(claim) not in index.claims:
            continue
        seen.add(key)
        index.claims[str(claim)].records.append(
            Record(
                quote=str(quote),
                claimant=str(cl_label) if cl_label is not None else _local(str(claimant)),
                stance=str(st_label) if st_label is not None else "",
                opposing=str(group) == OPPOSING,
                document=str(doc_label) if doc_label is not None else _local(str(doc)),
                document_iri=str(doc),
                locator=str(locator) if locator is not None else "",
                date=date_text(early, late, prec, dtext) if prec is not None else "",
            )
        )
    for info in index.claims.values():
        if not info.text:
            info.text = f"{info.kind} {_local(info.iri)}"
        info.records.sort(key=lambda r: (r.opposing, r.date, r.claimant))
    for claim, e in store.query(MENTIONS).rows:
        e_iri = str(e)
        if nodes is not None and e_iri not in nodes:
            continue
        index.by_node.setdefault(e_iri, []).append(str(claim))
    for claims in index.by_node.values():
        claims.sort()
    return index
