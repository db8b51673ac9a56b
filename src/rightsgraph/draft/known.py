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

from ..contribute.quotes import normalise
from ..vocab import INSTANCES, ONTOLOGY, curie
from .candidates import Candidate
from .graph import DC, GraphView


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


def document_record(graph: GraphView, iri: str) -> DocumentRecord:
    """The document's label, date and author: its creator, else its publisher, else the
    actor the data names 'unnamed author of <label>' for statements in its own voice."""
    rec = DocumentRecord(iri)
    if ONTOLOGY + "Document" not in graph.types(iri):
        return rec
    rec.exists = True
    rec.label = graph.label_of(iri)
    creator = graph.first(iri, DC + "creator")
    publisher = graph.first(iri, DC + "publisher")
    if creator is not None:
        rec.author, rec.author_rule = str(creator), "the document's creator"
    elif publisher is not None:
        rec.author, rec.author_rule = str(publisher), "the document's publisher"
    copy = graph.first(iri, ONTOLOGY + "archivedCopy")
    rec.archived_copy = str(copy) if copy is not None else None
    for spec in graph.rg(iri, "publicationDate"):
        earliest = graph.first(str(spec), ONTOLOGY + "earliest")
        if earliest is not None:
            rec.date = dt.date.fromisoformat(str(earliest))
    if not rec.author:
        # the data's convention: an actor 'unnamed author of <label>' (or of <CURIE>)
        marks = [f"'{rec.label}'", f"({curie(iri)})"] if rec.label else [f"({curie(iri)})"]
        hit = next(
            (
                n
                for n, text, kind in graph.labels()
                if kind == "label"
                and text.startswith("unnamed author of ")
                and any(text.endswith(m) for m in marks)
            ),
            None,
        )
        if hit:
            rec.author, rec.author_rule = hit, "the actor for the document's unnamed author"
    return rec


def _grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", normalise(text))
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


@dataclass
class KnownClaims:
    """Existing claims by class and entities, and every evidence quote with its document."""

    claims: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    # (claim or node, evidence, document, normalised quote, its word 4-grams)
    quotes: list[tuple[str, str, str, str, set[tuple[str, ...]]]] = field(default_factory=list)
    at_place: dict[str, set[str]] = field(default_factory=dict)

    evidence_ids: set[str] = field(default_factory=set)
    speakers: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, graph: GraphView, ignore: str | None = None) -> KnownClaims:
        """The claims and quotes of the graph; with ``ignore``, as if that document's
        evidence were not recorded (to redraft it and compare with the curated data)."""
        known = cls()
        claim_ns, evidence_ns = INSTANCES + "claim/", INSTANCES + "evidence/"
        for node in list(graph.subjects_with(ONTOLOGY + "evidence")):
            supported = False
            for ev in graph.rg(node, "evidence"):
                ev = str(ev)
                known.evidence_ids.add(ev)
                doc, quote = (
                    graph.first(ev, ONTOLOGY + "document"),
                    graph.first(ev, ONTOLOGY + "quote"),
                )
                if doc is None or quote is None or (ignore is not None and str(doc) == ignore):
                    continue
                supported = True
                known.quotes.append((node, ev, str(doc), normalise(str(quote)), _grams(str(quote))))
            if not supported or not node.startswith(claim_ns):
                continue
            types = [t[len(ONTOLOGY) :] for t in graph.types(node) if t.startswith(ONTOLOGY)]
            ctype = next((t for t in types if t != "Claim"), None)
            if ctype is None:
                continue
            ents = {
                str(o)
                for values in graph.props[node].values()
                for o in values
                if str(o).startswith(INSTANCES) and not str(o).startswith(evidence_ns)
            }
            known.claims[node] = (ctype, frozenset(ents))
            known.speakers[node] = {str(v) for v in graph.rg(node, "speaker")}
        for incident in graph.subjects_with(ONTOLOGY + "place"):
            if ONTOLOGY + "Incident" in graph.types(incident):
                for place in graph.rg(incident, "place"):
                    known.at_place.setdefault(str(place), set()).add(incident)
        return known

    def mark(self, c: Candidate, document: str) -> None:
        """Set ``c.existing`` (and ``c.repeats``) when the graph already has the claim."""
        sentence = normalise(c.sentence.text)
        grams = _grams(c.sentence.text)
        for node, ev, doc, q, qgrams in self.quotes:
            same_words = bool(q) and q in sentence
            rewrite = bool(qgrams) and len(qgrams & grams) >= max(4, 0.4 * len(qgrams))
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
        scored: list[tuple[float, str]] = []
        wanted = c.claim_class
        repeated = [n for n, *_ in self._repeated(c)]
        for claim, (ctype, centities) in self.claims.items():
            named = {e for e in centities if e.startswith(INSTANCES)}
            core = {e for e in named if "/actor/" in e or "/incident/" in e}
            if not core or not core <= ents:
                continue  # every actor and incident of the claim must be named
            if ctype != wanted and not (c.trigger == "" and len(core) >= 2):
                continue
            said_by = self.speakers.get(claim, set())
            if said_by and (c.claimant not in said_by or not (named & ents) - said_by):
                continue  # a statement is someone's, and about something: both must match
            score = len(named & ents) / len(named) + len(core) / 10
            if claim in repeated:
                score += 1
            if score >= 0.4:
                scored.append((score, claim))
            if score >= 0.4 and (best is None or score > best[0]):
                best = (score, claim)
        fitting = [n for n in repeated if self.claims[n][0] == wanted or not c.trigger]
        if fitting and (best is None or best[1] not in fitting):
            best = (1.0, fitting[0])  # the same words as another document's evidence win
        if best is not None:
            c.existing, c.existing_class = best[1], self.claims[best[1]][0]
            c.rules.append(
                f"further evidence for {_curie(best[1])}: same class and entities"
                + (" (and another document's quote)" if best[1] in repeated else "")
            )
            c.confidence = round(min(0.95, c.confidence + 0.1), 2)
            # the sentence may carry more claims of the same kind ('by Malian troops and
            # Wagner fighters': two involvements): the next best are listed to draft too
            others = [n for n in fitting if n != best[1]]
            others += [
                n for _, n in sorted(scored, reverse=True) if n != best[1] and n not in others
            ]
            c.also = [n for n in others if self.claims[n][0] == c.existing_class][:3]

    def _repeated(self, c: Candidate) -> list[tuple[str, str]]:
        ids = {ev for ev, _ in c.repeats}
        return [(node, ev) for node, ev, *_ in self.quotes if ev in ids]


def _curie(iri: str) -> str:
    from ..vocab import curie

    return curie(iri)
