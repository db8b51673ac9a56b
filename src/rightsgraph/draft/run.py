"""Drafting one document: the pipeline from a source file to a reviewed-ready draft."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..store.base import Store
from ..vocab import INSTANCES, curie, expand, prefixes
from .candidates import Candidate, Drafter
from .counts import CountFound
from .dates import DateFound, DateReader
from .graph import GraphView
from .known import DocumentRecord, KnownClaims, document_record
from .mentions import EntityIndex
from .text import Document, load_document

PUBLISHED = re.compile(r"^(?:published|updated|posted|last updated)", re.IGNORECASE)


@dataclass
class NewDocument:
    """The document record a curator asked to draft (--new-document)."""

    iri: str
    title: str
    archived_copy: str
    kind: str = "article"
    publisher: str | None = None
    date: dt.date | None = None
    date_text: str = ""

    @property
    def author(self) -> str:
        """Statements in the document's own voice: its publisher, else a node for its
        unnamed author (so that a guess is never recorded as the publisher)."""
        return self.publisher or f"{INSTANCES}actor/unnamed-author-{self.iri.rsplit('/', 1)[-1]}"

    def turtle(self) -> list[str]:
        from rdflib import Literal

        def lit(text: str, lang: str | None = None) -> str:
            return Literal(text, lang=lang).n3()

        lines = ["# The document record (check kind, publisher and date)"]
        body = [
            f"{curie(self.iri)} a rg:Document",
            f"rdfs:label {lit(self.title, 'en')}",
            f"dcterms:title {lit(self.title)}",
            f"rg:documentKind dkind:{self.kind}",
            f"rg:archivedCopy {lit(self.archived_copy)}",
        ]
        if self.publisher:
            body.append(f"dcterms:publisher {curie(self.publisher)}")
        else:
            body.append("rg:publisherUnknown true")
        if self.date is not None:
            day = self.date.isoformat()
            body.append(
                f'rg:publicationDate [ a rg:DateSpec ; rg:earliest "{day}"^^xsd:date ; '
                f'rg:latest "{day}"^^xsd:date ; rg:precision precision:day ; '
                f"rg:dateText {lit(self.date_text or day)} ]"
            )
        else:
            body.append(
                "rg:publicationDate [ a rg:DateSpec ; rg:precision precision:unknown ; "
                'rg:dateText "not stated" ]'
            )
        lines.append(" ;\n    ".join(body) + " .")
        if not self.publisher:
            lines.append(
                f"{curie(self.author)} a rg:Actor ;\n"
                f"    rdfs:label {lit(f'unnamed author of {self.title!r}', 'en')} ;\n"
                f"    rdfs:comment {lit('The text names no author or publisher; statements in its own voice are attributed to this node.', 'en')} ."
            )
        return lines


@dataclass
class Draft:
    """Everything drafted from one source: candidates, questions, lineage."""

    source: Path
    document: str
    text: Document
    index: EntityIndex
    record: DocumentRecord
    candidates: list[Candidate] = field(default_factory=list)
    already: int = 0
    new_document: NewDocument | None = None
    lineage: list[tuple[str, int]] = field(default_factory=list)
    dates: dict[int, list[DateFound]] = field(default_factory=dict)
    counts: dict[int, list[CountFound]] = field(default_factory=dict)

    def prefixes(self) -> dict[str, str]:
        skip = {"rg", "rdfs", "xsd", "prov", "dcterms"}
        return {k: v for k, v in prefixes().items() if k not in skip}

    def complete(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.missing()]

    def header(self) -> list[str]:
        words = self.text.words()
        lines = [
            f"Draft contribution for {curie(self.document)} from {self.source.name} ({words} words).",
            "Review every block before 'rightsgraph contribute': the claim class, claimant,",
            "stance, entities, date and count each come from the rule named above it.",
            "Blocks commented out lack a required value: fill it in and uncomment, or delete.",
            f"{len(self.candidates)} candidate(s): {len(self.complete())} complete, "
            f"{sum(1 for c in self.candidates if c.existing)} add evidence to existing claims, "
            f"{self.already} sentence(s) already recorded for this document were left out.",
        ]
        for doc, n in self.lineage:
            lines.append(
                f"lineage: {n} sentence(s) repeat {curie(doc)}; if this document is derived "
                f"from it, add prov:wasDerivedFrom {curie(doc)} to the document record."
            )
        return lines


def draft_document(
    source: Path,
    document: str,
    store: Store,
    new_document: dict[str, str] | None = None,
    redraft: bool = False,
) -> Draft:
    """Draft ``source`` as document ``document`` (an IRI or CURIE) against ``store``;
    ``redraft`` ignores the evidence already recorded from it."""
    text = load_document(source)
    iri = expand(document) if not document.startswith("http") else document
    if iri is None or not iri.startswith(INSTANCES + "doc/"):
        raise UsageError(
            f"--document {document}: give a document identifier such as doc:src-002-russia-blocks-extension"
        )
    graph = GraphView(store)
    record = document_record(graph, iri)
    new: NewDocument | None = None
    if new_document is not None:
        if record.exists:
            raise UsageError(
                f"{curie(iri)} is already in the graph — drop --new-document to draft more evidence for it"
            )
        new = _new_document(iri, source, new_document)
        record.author, record.date, record.label = new.author, new.date, new.title
        record.author_rule = (
            "the new document's publisher" if new.publisher else "the new document's unnamed author"
        )
    elif not record.exists:
        raise UsageError(
            f"{curie(iri)} is not in the graph — add --new-document --title TEXT [--publisher ACTOR --date YYYY-MM-DD] to draft its record too"
        )
    elif record.archived_copy and record.archived_copy != source.name:
        raise UsageError(
            f"{source}: {curie(iri)} is archived as {record.archived_copy} — draft from that file, or the quotes cannot be verified"
        )
    date = record.date or _dateline(text)
    index = EntityIndex(graph)
    drafter = Drafter(index, record.author, graph.topics(), DateReader(date))
    known = KnownClaims.load(graph, iri if redraft else None)
    result = Draft(source, iri, text, index, record, new_document=new)
    seen: Counter[str] = Counter()
    existing_ids = known.evidence_ids
    repeats: Counter[str] = Counter()
    corroborated: set[tuple[int, str]] = set()
    drafted: list[Candidate] = []
    for c in drafter.draft(text):
        known.mark(c, iri)
        drafted.append(c)
        for claim in c.also:
            twin = copy.copy(c)
            twin.props, twin.rules, twin.todo = dict(c.props), list(c.rules[:-1]), list(c.todo)
            twin.existing, twin.also = claim, []
            twin.rules.append(f"also further evidence for {curie(claim)}: same class and entities")
            drafted.append(twin)
    for c in drafted:
        if any(d == iri for _, d in c.repeats):
            result.already += 1
            continue
        if c.existing:
            if (c.sentence.index, c.existing) in corroborated:
                continue  # one evidence record per sentence and claim
            corroborated.add((c.sentence.index, c.existing))
        for d in {d for _, d in c.repeats}:
            repeats[d] += 1
        _name(c, iri, seen, existing_ids, record.author)
        result.candidates.append(c)
    _antecedents(result.candidates)
    result.dates, result.counts = drafter.dates, drafter.counts
    result.lineage = [(d, n) for d, n in repeats.most_common() if n >= 2]
    return result


ALLEGATIONS = re.compile(
    r"\b(?:the|these|those|such|its|their)\s+(?:allegations?|accusations?|findings|claims|charges)\b",
    re.I,
)


def _antecedents(found: list[Candidate]) -> None:
    """'rejected the allegations': what is rejected is the claim of the sentence before."""
    for i, c in enumerate(found):
        if (
            c.claim_class != "Rejection"
            or c.props.get("rejects")
            or not ALLEGATIONS.search(c.quote)
        ):
            continue
        before = [
            p
            for p in found[:i]
            if p.sentence.block == c.sentence.block
            and p.sentence.index < c.sentence.index
            and p.claim_class != "Rejection"
        ]
        if not before:
            continue
        target = before[-1]
        claim = target.existing or f"{INSTANCES}claim/{target.claim_id}"
        c.props["rejects"] = [claim]
        c.props.setdefault("about", [])
        c.props["about"] += [
            e for e in target.entities if e not in c.props["about"] and e != c.claimant
        ]
        c.rules.append(f"rejects: the claim of the sentence before ('{_short(target.quote)}')")
        c.todo.append("check what is rejected")


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "…"


def _dateline(text: Document) -> dt.date | None:
    """'Published September 21, 2023' at the top of a page dates the document."""
    for b in text.datelines:
        if PUBLISHED.match(b.text):
            found = DateReader().read(b.text)
            if found and found[0].precision == "day":
                return found[0].earliest
    return None


def _new_document(iri: str, source: Path, given: dict[str, str]) -> NewDocument:
    title = given.get("title", "").strip()
    if not title:
        raise UsageError("--new-document needs --title: the document's title as printed")
    publisher = given.get("publisher") or None
    if publisher:
        publisher = expand(publisher) if ":" in publisher else f"{INSTANCES}actor/{publisher}"
    date: dt.date | None = None
    if given.get("date"):
        try:
            date = dt.date.fromisoformat(given["date"])
        except ValueError:
            raise UsageError(
                f"--date {given['date']}: write the publication date as YYYY-MM-DD"
            ) from None
    return NewDocument(
        iri,
        title,
        source.name,
        given.get("kind") or "article",
        publisher,
        date,
        given.get("date_text", ""),
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _name(
    c: Candidate, document: str, seen: Counter[str], taken: set[str], author: str | None
) -> None:
    """Readable identifiers: draft-<class>-<who>-<document> and <claim>--<document>."""
    local = document.rsplit("/", 1)[-1]
    doc = "-".join(local.split("-")[:2]) if local.count("-") >= 2 else local
    if c.existing:
        base = f"{c.existing.rsplit('/', 1)[-1]}--{doc}"
    else:
        named = [v for vs in c.props.values() for v in vs] + [m.iri for m in c.mentions]
        main = next(
            (e for e in named if ("/actor/" in e or "/incident/" in e) and e != author), None
        )
        who = main.rsplit("/", 1)[-1] if main else "unattributed"
        base = f"draft-{_slug(c.claim_class)}-{who}-{doc}"
    seen[base] += 1
    ident = base if seen[base] == 1 else f"{base}-{seen[base]}"
    while f"{INSTANCES}evidence/{ident}" in taken or f"{INSTANCES}evidence/{ident}--{doc}" in taken:
        seen[base] += 1
        ident = f"{base}-{seen[base]}"
    if c.existing:
        c.evidence_id = ident
    else:
        c.claim_id = ident
        c.evidence_id = f"{ident}--{doc}"
