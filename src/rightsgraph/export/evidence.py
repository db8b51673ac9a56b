"""The evidence behind the network, in bulk: for every claim with evidence, its
phrasing and its records (quote, claimant, stance, document, date), and for
every entity the claims that mention it. The same reading as
``rightsgraph.answers.provenance``, done in three SPARQL queries instead of several per
claim, so a page of thousands of nodes can carry its evidence.

The network formats show no quote or document, only each node's numbers:
``counts`` reads those with lean queries (one row per claim, aggregated by the
engine) and never the records themselves; the HTML page, which shows them,
reads them all with ``collect``. Both read the terms as the engine gives them
(``rdf.ntriples.term_parts``), never converted to rdflib."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..answers.provenance import date_text
from ..claims import OPPOSING
from ..rdf.ntriples import IRI_OK, term_parts
from ..store.base import Store
from ..vocab import ONTOLOGY

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


# the claims ``collect`` indexes: those CLAIMS returns a row for
MEMBERS = (
    P
    + """
SELECT DISTINCT ?claim WHERE {
  ?claim rg:evidence ?x ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), "https://w3id.org/rightsgraph/ontology#"))
  FILTER NOT EXISTS { ?claim a ?sub . ?sub rdfs:subClassOf ?cls }
}
"""
)

# per claim, how many of its evidence records EVIDENCE returns (the OPTIONALs drop none)
RECORDS = (
    P
    + """
SELECT ?claim (COUNT(DISTINCT ?ev) AS ?records) WHERE {
  ?claim rg:evidence ?ev .
  ?ev rg:document ?doc ; rg:quote ?quote ; rg:claimant ?claimant ; rg:stance ?stance .
} GROUP BY ?claim
"""
)

# the derived standing, read as ``collect`` reads it (never recomputed here)
CONTESTED = P + 'SELECT DISTINCT ?claim WHERE { ?claim rg:contested ?c FILTER(STR(?c) = "true") }'

# MENTIONS as one row per claim (IRIs hold no space, so a space separates them),
# with the claim's classes marked "^" (no IRI starts so): MEMBERS's test is then
# made here from SUBCLASS, without the engine testing every (claim, class) pair
MENTIONED = (
    P
    + """
SELECT ?claim (GROUP_CONCAT(DISTINCT ?m; separator=" ") AS ?es) WHERE {
  ?claim rg:evidence ?x ; ?p ?e .
  FILTER(isIRI(?e) && ?p != rg:evidence)
  BIND(IF(?p = rdf:type, CONCAT("^", STR(?e)), STR(?e)) AS ?m)
} GROUP BY ?claim
"""
)

SUBCLASS = P + "SELECT ?sub ?cls WHERE { ?sub rdfs:subClassOf ?cls }"

VALUES_LIMIT = 2000  # up to this many entities (or claims), a query names them in VALUES


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

    def counts(self, node: str) -> NodeCounts:
        """The numbers ``counts`` reads, from the records already read."""
        claims = self.for_node(node)
        return NodeCounts(
            sum(len(c.records) for c in claims), len(claims), any(c.contested for c in claims)
        )


@dataclass
class NodeCounts:
    """What a network node carries of its evidence: numbers, no text."""

    evidence: int = 0  # evidence records of the claims that mention it
    claims: int = 0
    contested: bool = False  # any of those claims is rg:contested


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _v(term: object) -> str:
    """A term's value (an IRI, a blank node's label, a literal's lexical form)."""
    return term_parts(term)[1]


def _opt(term: object) -> str | None:
    return None if term is None else term_parts(term)[1]


def _plain_iris(iris: Iterable[str]) -> bool:
    """Every IRI can be written in a query as ``<iri>`` (and holds no space)."""
    return all(IRI_OK.match(i) for i in iris)


def _values(var: str, iris: list[str], query: str) -> str:
    """``query`` with a VALUES block giving ``?var`` each IRI (``_plain_iris``),
    first in its WHERE group."""
    block = f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }}"
    return query.replace("WHERE {", "WHERE { " + block, 1)


def _most_specific(store: Store) -> Any:
    """MEMBERS's test as a function of a claim's IRI classes, or None if a
    blank node is a subclass (a claim's classes as read here are IRIs only)."""
    below: dict[str, set[str]] = {}  # class -> its subclasses
    for sub, cls in store.query(SUBCLASS).terms:
        sub_kind, sub_iri = term_parts(sub)[:2]
        if sub_kind != "iri":
            return None
        cls_kind, cls_iri = term_parts(cls)[:2]
        if cls_kind == "iri":
            below.setdefault(cls_iri, set()).add(sub_iri)

    def member(classes: set[str]) -> bool:
        return any(c.startswith(ONTOLOGY) and not (below.get(c, set()) & classes) for c in classes)

    return member


def counts(store: Store, nodes: set[str]) -> dict[str, NodeCounts]:
    """Per entity of ``nodes``: the evidence records, claims and contested flag
    ``collect(store, nodes).for_node`` would give, read without the records."""
    if not nodes:
        return {}
    if not _plain_iris(nodes):
        # an IRI no query text can name (a lenient remote engine's): read the records
        index = collect(store, nodes)
        return {n: index.counts(n) for n in nodes}
    by_claim: dict[str, list[str]] = {}
    members: set[str] | None = None
    if len(nodes) <= VALUES_LIMIT:
        # a neighbourhood or a query's entities: only the claims that mention them
        for claim, es in store.query(_values("e", sorted(nodes), MENTIONS)).terms:
            by_claim.setdefault(_v(claim), []).append(_v(es))
    else:
        member = _most_specific(store)
        found: set[str] = set()
        for claim, es in store.query(MENTIONED).terms:
            marked = _v(es).split(" ") if es is not None else []
            c = _v(claim)
            hit = [e for e in marked if e in nodes]
            if hit:
                by_claim[c] = hit
            if member is not None and member({m[1:] for m in marked if m[:1] == "^"}):
                found.add(c)
        members = found if member is not None else None
    claims = sorted(by_claim)
    if not claims:
        return {n: NodeCounts() for n in nodes}
    members_q, records_q, contested_q = MEMBERS, RECORDS, CONTESTED
    if len(claims) <= VALUES_LIMIT and _plain_iris(claims):
        members_q, records_q, contested_q = (
            _values("claim", claims, q) for q in (MEMBERS, RECORDS, CONTESTED)
        )
    if members is None:
        members = {_v(c) for (c,) in store.query(members_q).terms}
    records = {_v(c): int(_v(n)) for c, n in store.query(records_q).terms}
    contested = {_v(c) for (c,) in store.query(contested_q).terms}
    out = {n: NodeCounts() for n in nodes}
    for claim, hit in by_claim.items():
        if claim not in members:
            continue
        n_records, is_contested = records.get(claim, 0), claim in contested
        for e in hit:
            nc = out[e]
            nc.evidence += n_records
            nc.claims += 1
            nc.contested = nc.contested or is_contested
    return out


def collect(store: Store, nodes: set[str] | None = None) -> EvidenceIndex:
    """Claims with evidence and their records; ``nodes`` limits which entities are indexed."""
    index = EvidenceIndex()
    best_kind: dict[str, tuple[int, str]] = {}
    for row in store.query(CLAIMS).terms:
        c, cls = _v(row[0]), _v(row[1])
        cls_label, label, summary, contested = (_opt(t) for t in row[2:])
        info = index.claims.get(c)
        text = label if label is not None else summary if summary is not None else ""
        if info is None:
            info = index.claims[c] = ClaimInfo(c, "", text)
        elif not info.text:
            info.text = text
        info.contested = info.contested or contested == "true"
        kind = cls_label if cls_label is not None else _local(cls)
        # the most specific class is the one named least often among claims (Claim is last)
        rank = 0 if _local(cls) == "Claim" else 1
        if c not in best_kind or rank > best_kind[c][0]:
            best_kind[c] = (rank, kind)
            info.kind = kind
    seen: set[tuple[str, str]] = set()
    for row in store.query(EVIDENCE).terms:
        claim, ev, doc, quote, claimant = (_v(row[i]) for i in (0, 1, 2, 4, 5))
        doc_label, cl_label, st_label, group = (_opt(row[i]) for i in (3, 6, 7, 8))
        locator, early, late, prec, dtext = (_opt(t) for t in row[9:])
        key = (claim, ev)
        if key in seen or claim not in index.claims:
            continue
        seen.add(key)
        index.claims[claim].records.append(
            Record(
                quote=quote,
                claimant=cl_label if cl_label is not None else _local(claimant),
                stance=st_label if st_label is not None else "",
                opposing=group == OPPOSING,
                document=doc_label if doc_label is not None else _local(doc),
                document_iri=doc,
                locator=locator if locator is not None else "",
                date=date_text(early, late, prec, dtext) if prec is not None else "",
            )
        )
    for info in index.claims.values():
        if not info.text:
            info.text = f"{info.kind} {_local(info.iri)}"
        info.records.sort(key=lambda r: (r.opposing, r.date, r.claimant))
    for claim_t, e in store.query(MENTIONS).terms:
        e_iri = _v(e)
        if nodes is not None and e_iri not in nodes:
            continue
        index.by_node.setdefault(e_iri, []).append(_v(claim_t))
    for claims in index.by_node.values():
        claims.sort()
    return index
