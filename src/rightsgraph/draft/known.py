"""What the graph already knows: existing claims a candidate corroborates, earlier
documents whose sentences this one repeats, and the document's own record.

A candidate that names the same entities as an existing claim of the same class
becomes further evidence for that claim, so a new document adds corroboration
instead of a duplicate. A sentence that contains (or rewrites) another
document's quote is marked as repeating it, which is the lineage a curator
records with prov:wasDerivedFrom, so corroboration is not counted twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..namespaces import INSTANCES, ONTOLOGY
from ..quotes import normalise
from ..store import Store
from .candidates import Candidate

CLAIMS = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?claim ?type ?o WHERE {
  ?claim rg:evidence ?ev ; a ?type ; ?p ?o .
  FILTER(STRSTARTS(STR(?claim), "https://w3id.org/rightsgraph/id/claim/"))
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), "https://w3id.org/rightsgraph/id/")
         && !STRSTARTS(STR(?o), "https://w3id.org/rightsgraph/id/evidence/")
         && STRSTARTS(STR(?type), "https://w3id.org/rightsgraph/ontology#"))
}
"""
EVIDENCE = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?node ?ev ?doc ?quote ?claimant WHERE {
  ?node rg:evidence ?ev . ?ev rg:document ?doc ; rg:quote ?quote .
  OPTIONAL { ?ev rg:claimant ?claimant }
}
"""
PLACES = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?incident ?place WHERE { ?incident a rg:Incident ; rg:place ?place . }
"""
DOCUMENT = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?label ?title ?publisher ?creator ?earliest ?precision ?copy WHERE {
  ?doc a rg:Document .
  OPTIONAL { ?doc rdfs:label ?label }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:publisher ?publisher }
  OPTIONAL { ?doc dcterms:creator ?creator }
  OPTIONAL { ?doc rg:archivedCopy ?copy }
  OPTIONAL { ?doc rg:publicationDate ?d . ?d rg:precision ?precision . OPTIONAL { ?d rg:earliest ?earliest } }
}
"""
TOPICS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?l WHERE {
  ?c skos:prefLabel ?l . FILTER(STRSTARTS(STR(?c), "https://w3id.org/rightsgraph/vocab/topic/"))
}
"""
AUTHOR_LABEL = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a WHERE { ?a rdfs:label ?l . FILTER(STR(?l) = ?wanted) }
"""


@dataclass
class DocumentRecord:
    """What the graph says of the document being drafted (empty for a new one)."""

    iri: str
    exists: bool = False
    label: str | None = None
    author: str | None = None
    author_rule: str = ""
    date: dt.date | None = None
    archived_copy: str | None = None


def document_record(store: Store, iri: str) -> DocumentRecord:
    """The document's label, date and author: its creator, else its publisher, else the
    actor the data names 'unnamed author of <label>' for statements in its own voice."""
    from rdflib import Literal, URIRef

    rec = DocumentRecord(iri)
    for row in store.query(DOCUMENT, {"doc": URIRef(iri)}).rows:
        label, title, publisher, creator, earliest, _precision, copy = row
        rec.exists = True
        rec.label = str(label or title or "") or rec.label
        if creator is not None:
            rec.author, rec.author_rule = str(creator), "the document's creator"
        elif publisher is not None and not rec.author:
            rec.author, rec.author_rule = str(publisher), "the document's publisher"
        if earliest is not None:
            rec.date = dt.date.fromisoformat(str(earliest))
        if copy is not None:
            rec.archived_copy = str(copy)
    if rec.exists and not rec.author and rec.label:
        wanted = Literal(f"unnamed author of '{rec.label}'")
        hit = store.query(AUTHOR_LABEL, {"wanted": wanted}).rows
        if hit:
            rec.author, rec.author_rule = str(hit[0][0]), "the actor for the document's unnamed author"
    return rec


def topics(store: Store) -> dict[str, str]:
    return {str(c): str(label) for c, label in store.query(TOPICS).rows}


def _grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", normalise(text))
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


@dataclass
class KnownClaims:
    """Existing claims by class and entities, and every evidence quote with its document."""

    claims: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    quotes: list[tuple[str, str, str, str, set[tuple[str, ...]]]] = field(default_factory=list)
    at_place: dict[str, set[str]] = field(default_factory=dict)

    evidence_ids: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, store: Store, ignore: str | None = None) -> KnownClaims:
        """The claims and quotes of ``store``; with ``ignore``, as if that document's
        evidence were not recorded (to redraft it and compare with the curated data)."""
        known = cls()
        entities: dict[str, set[str]] = {}
        types: dict[str, str] = {}
        for claim, ctype, obj in store.query(CLAIMS).rows:
            local = str(ctype)[len(ONTOLOGY) :]
            if local in ("Claim", "Evidence"):
                continue
            types[str(claim)] = local
            entities.setdefault(str(claim), set()).add(str(obj))
        supported: set[str] = set()
        for node, ev, doc, quote, _claimant in store.query(EVIDENCE).rows:
            known.evidence_ids.add(str(ev))
            if ignore is not None and str(doc) == ignore:
                continue
            supported.add(str(node))
            known.quotes.append((str(node), str(ev), str(doc), str(quote), _grams(str(quote))))
        for claim, local in types.items():
            if claim in supported:
                known.claims[claim] = (local, frozenset(entities.get(claim, set())))
        for incident, place in store.query(PLACES).rows:
            known.at_place.setdefault(str(place), set()).add(str(incident))
        return known

    def mark(self, c: Candidate, document: str) -> None:
        """Set ``c.existing`` (and ``c.repeats``) when the graph already has the claim."""
        sentence = normalise(c.sentence.text)
        grams = _grams(c.sentence.text)
        for node, ev, doc, quote, qgrams in self.quotes:
            q = normalise(quote)
            same_words = bool(q) and q in sentence
            rewrite = bool(qgrams) and len(qgrams & grams) >= max(3, 0.6 * len(qgrams))
            if not (same_words or rewrite) or node not in self.claims:
                continue
            if doc == document:
                c.existing, c.existing_class = node, self.claims[node][0]
                c.rules.append(f"already recorded: {_curie(ev)} quotes this sentence")
                c.repeats.append((ev, doc))
                return
            if (doc, ev) not in [(d, e) for e, d in c.repeats]:
                c.repeats.append((ev, doc))
        ents = set(c.entities)
        for m in c.mentions:
            ents |= self.at_place.get(m.iri, set())
        best: tuple[float, str] | None = None
        wanted = c.claim_class
        repeated = [n for n, *_ in self._repeated(c)]
        for claim, (ctype, centities) in self.claims.items():
            named = {e for e in centities if e.startswith(INSTANCES)}
            core = {e for e in named if "/actor/" in e or "/incident/" in e}
            if not core or not core <= ents:
                continue  # every actor and incident of the claim must be named
            if ctype != wanted and not (c.trigger == "" and len(core) >= 2):
                continue
            score = len(named & ents) / len(named) + len(core) / 10
            if claim in repeated:
                score += 1
            if score >= 0.5 and (best is None or score > best[0]):
                best = (score, claim)
        if best is None and repeated:
            best = (1.0, repeated[0])
        if best is not None:
            c.existing, c.existing_class = best[1], self.claims[best[1]][0]
            c.rules.append(
                f"further evidence for {_curie(best[1])}: same class and entities"
                + (" (and another document's quote)" if best[1] in repeated else "")
            )
            c.confidence = round(min(0.95, c.confidence + 0.1), 2)

    def _repeated(self, c: Candidate) -> list[tuple[str, str]]:
        ids = {ev for ev, _ in c.repeats}
        return [(node, ev) for node, ev, *_ in self.quotes if ev in ids]


def _curie(iri: str) -> str:
    from ..namespaces import curie

    return curie(iri)
