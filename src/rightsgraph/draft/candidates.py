"""Candidate claims: one per reporting or action clause of a body sentence.

Each candidate says which rule made it and how sure it is: the verb that
decides the claim class and stance ("rejected" -> Rejection, rejects; "called
on" -> Recommendation, calls-for; "vetoed" -> Veto), who the claimant is (the
named subject before the verb, a pronoun's antecedent, or the document's own
voice), the clause quoted verbatim (never more than the sentence), and the
entities, date and count found in it. Sentences with no such verb still get a
low-confidence candidate, so that no curated fact is lost to the lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocab import INSTANCES, VOCAB
from .counts import CountFound, read_counts
from .dates import DateFound, DateReader
from .lexicon import (
    ACTOR_KINDS,
    ATTRIBUTION,
    IMPERATIVE,
    MEASURES,
    OBJECT_OF,
    PARTICIPLE,
    POSSESSOR,
    PRONOUN,
    TRIGGER,
    TRIGGERS,
    clauses,
)
from .mentions import EntityIndex, Mention, Question, fold
from .text import Document, Sentence


@dataclass
class Candidate:
    """One drafted claim with its evidence record, and why each value is there."""

    sentence: Sentence
    quote: str
    quote_start: int
    claim_class: str
    stance: str
    trigger: str
    claimant: str | None
    props: dict[str, list[str]] = field(default_factory=dict)  # rg property -> IRIs
    mentions: list[Mention] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    date: DateFound | None = None
    count: CountFound | None = None
    confidence: float = 0.5
    rules: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    existing: str | None = None  # an existing claim this is further evidence for
    existing_class: str | None = None
    also: list[str] = field(default_factory=list)  # further existing claims the clause supports
    repeats: list[tuple[str, str]] = field(default_factory=list)  # (evidence, document)
    claim_id: str = ""
    evidence_id: str = ""

    @property
    def entities(self) -> list[str]:
        """Every entity the candidate names, claimant first, without repeats."""
        out: list[str] = []
        for iri in [self.claimant or "", *[v for vs in self.props.values() for v in vs]]:
            if iri.startswith(INSTANCES) and iri not in out:
                out.append(iri)
        for m in self.mentions:
            if m.iri not in out:
                out.append(m.iri)
        return out

    def missing(self) -> list[str]:
        """Required properties of the class (as the shapes require them) still empty."""
        need = {
            "Statement": ["speaker"],
            "Rejection": ["speaker", "rejects"],
            "Recommendation": ["addressee"],
            "Veto": ["voter", "onDecision", "votePosition"],
            "Vote": ["voter", "onDecision", "votePosition"],
            "Involvement": ["actor", "incident", "role"],
            "Relationship": ["subject", "object", "relationType"],
            "Count": ["countOf", "countSubject", "qualifier"],
        }
        if self.existing:
            return [] if self.claimant else ["claimant"]
        gaps = [p for p in need.get(self.claim_class, []) if not self.props.get(p)]
        return gaps + ([] if self.claimant else ["claimant"])


def _subjects(c: Candidate, verb_at: int) -> list[Mention]:
    """Actors named before the verb that can be its subject: not the object of a
    preposition ('at UN criticism'), not a possessor ('Mali's Minister')."""
    s = c.sentence
    return [
        m
        for m in c.mentions
        if m.end <= verb_at
        and m.kind in ACTOR_KINDS
        and not OBJECT_OF.search(s.text[: m.start - s.start])
        and not POSSESSOR.match(s.text[m.end - s.start :])
    ]


def _vocab(scheme: str, local: str) -> str:
    return f"{VOCAB}{scheme}/{local}"


class Drafter:
    """Turns the sentences of one document into candidates."""

    def __init__(
        self, index: EntityIndex, author: str | None, topics: dict[str, str], reader: DateReader
    ) -> None:
        self.index = index
        self.author = author
        self.topics = topics  # topic IRI -> label
        self.reader = reader
        self.previous_speaker: str | None = None
        self.dates: dict[int, list[DateFound]] = {}  # sentence index -> every date in it
        self.counts: dict[int, list[CountFound]] = {}
        self.clause_subject: str | None = None  # the main clause's subject, for participles
        self.recent: list[Mention] = []  # mentions so far, for 'the panel', 'the mission'
        self.subject_state: str | None = None  # the state the document names most

    def _main_state(self, doc: Document) -> str | None:
        tally: dict[str, int] = {}
        for s in doc.sentences:
            for m in self.index.find(s.text, s.start):
                if self.index.is_state(m.iri):
                    tally[m.iri] = tally.get(m.iri, 0) + 1
        return max(tally, key=lambda k: tally[k]) if tally else None

    def draft(self, doc: Document) -> list[Candidate]:
        self.subject_state = self._main_state(doc)
        out: list[Candidate] = []
        for s in doc.sentences:
            out.extend(self.sentence(s))
        return out

    def sentence(self, s: Sentence) -> list[Candidate]:
        mentions = self.index.find(s.text, s.start)
        mentions += self.index.refer(s.text, s.start, mentions, self.recent)
        mentions += self.index.holders_of(mentions)
        mentions = [self.index.as_place(s.text, s.start, m) for m in mentions]
        mentions.sort(key=lambda m: m.start)
        self.recent.extend(m for m in mentions if m.rule.startswith(("label", "alias")))
        questions = self.index.questions(s.text, s.start, mentions)
        dates = self.reader.read(s.text, s.start, s.block)
        counts = read_counts(s.text, s.start)
        self.dates[s.index], self.counts[s.index] = dates, counts
        hits = list(TRIGGER.finditer(s.text))
        said = ATTRIBUTION.search(s.text)
        if said is not None:
            # '“…,” said Alioune Tine': one statement, its speaker named after the verb
            hits = [h for h in hits if h.start() == said.start("verb")]
        spans = clauses(s.text, hits)
        found: list[Candidate] = []
        for (a, b), hit in spans:
            cls, stance, rule, conf = ("Statement", "asserts", "no reporting verb", 0.3)
            if hit is not None:
                i = int(next(k for k, v in hit.groupdict().items() if v is not None)[1:])
                _, cls, stance, rule, conf = TRIGGERS[i]
            elif IMPERATIVE.match(s.text[a:].lstrip()):
                cls, stance, rule, conf = (
                    "Recommendation",
                    "recommends",
                    "imperative sentence",
                    0.6,
                )
            quote = s.text[a:b].strip().rstrip(",;")
            start = s.start + a + (len(s.text[a:b]) - len(s.text[a:b].lstrip()))
            inside = [m for m in mentions if start <= m.start and m.end <= start + len(quote)]
            c = Candidate(s, quote, start, cls, stance, hit.group() if hit else "", None)
            c.mentions = inside
            c.questions = [q for q in questions if start <= q.start < start + len(quote)]
            c.date = next((d for d in dates if start <= d.start < start + len(quote)), None)
            c.count = next((x for x in counts if start <= x.start < start + len(quote)), None)
            c.confidence = conf
            c.rules.append(
                f"class {cls}, stance {stance}: {rule}" + (f" '{hit.group()}'" if hit else "")
            )
            verb_at = s.start + hit.start() if hit else start
            self._claimant(c, verb_at, s)
            self._fill(c, verb_at)
            found.append(c)
            if c.count is not None and cls != "Count":
                found.append(self._count(c))
        return found

    def _claimant(self, c: Candidate, verb_at: int, s: Sentence) -> None:
        """The actor named last before the verb in the clause; a pronoun's antecedent;
        else the document's own voice."""
        before = _subjects(c, verb_at)
        head = s.text[: verb_at - s.start]
        said = ATTRIBUTION.search(s.text)
        after = [m for m in c.mentions if m.kind in ACTOR_KINDS and m.start >= verb_at]
        if said is not None and after and s.start + said.start("verb") == verb_at:
            c.claimant = after[0].iri
            c.rules.append(f"claimant: '{after[0].text}', named after the verb of a quotation")
            self.previous_speaker = c.claimant
            return
        speaker = self.index.find(s.label)[0] if s.label and self.index.find(s.label) else None
        modal = any("modal verb" in r for r in c.rules)
        if modal and not speaker:
            c.claimant = self.author
            c.rules.append("claimant: the document's own voice (who says what should be done)")
        elif c.claim_class in ("Veto", "Vote", "Involvement") or (not c.trigger and not speaker):
            c.claimant = self.author
            c.rules.append("claimant: the document's own voice (it reports the act)")
        elif speaker is not None and (not before or not c.trigger):
            c.claimant = speaker.iri
            c.rules.append(f"claimant: '{s.label}', the list entry the item sits under")
        elif (
            c.trigger
            and PARTICIPLE.match(s.text[c.quote_start - s.start :])
            and self.clause_subject
        ):
            c.claimant = self.clause_subject
            c.rules.append("claimant: the subject of the main clause (a participle clause)")
        elif c.trigger and before:
            c.claimant = before[-1].iri
            c.rules.append(
                f"claimant: '{before[-1].text}', the subject before the verb ({before[-1].rule})"
            )
        elif (
            c.trigger
            and PRONOUN.match(head.split(",")[-1] if "," in head else head)
            and self.previous_speaker
        ):
            c.claimant = self.previous_speaker
            c.confidence = round(c.confidence - 0.15, 2)
            c.rules.append("claimant: pronoun read as the previous sentence's speaker")
            c.todo.append("check who the pronoun refers to")
        elif c.trigger and any(q.rule == "role phrase" and q.start < verb_at for q in c.questions):
            q = next(q for q in c.questions if q.rule == "role phrase" and q.start < verb_at)
            c.claimant = next((n for n in q.nearest if n.startswith(INSTANCES + "actor/")), None)
            c.todo.append(f"who is '{q.text}'?")
            c.rules.append("claimant: nearest known actor to the role phrase before the verb")
            c.confidence = round(c.confidence - 0.2, 2)
        else:
            c.claimant = self.author
            c.rules.append("claimant: the document's own voice")
            if c.claim_class in ("Statement", "Rejection") and c.trigger:
                c.confidence = round(c.confidence - 0.2, 2)
        if self.author is None and c.claimant is None:
            c.todo.append("the document's author is unknown: give the claimant")
        if c.trigger and c.claimant and c.claimant != self.author:
            self.previous_speaker = c.claimant
        subject = before[-1].iri if before else None
        self.clause_subject = (
            subject if c.quote_start == s.start or subject else self.clause_subject
        )

    def _fill(self, c: Candidate, verb_at: int) -> None:
        actors = [m.iri for m in c.mentions if m.kind == "actor"]
        after = [m.iri for m in c.mentions if m.start >= verb_at and m.kind == "actor"]
        others = [i for i in dict.fromkeys(m.iri for m in c.mentions) if i != c.claimant]
        cls = c.claim_class
        if cls in ("Statement", "Rejection"):
            if c.claimant:
                c.props["speaker"] = [c.claimant]
            c.props["about"] = others
            if cls == "Rejection":
                docs = [m.iri for m in c.mentions if m.kind == "doc" or "/doc/" in m.iri]
                if docs:
                    c.props["rejects"] = docs[:1]
                    c.rules.append("rejects: the document named after the verb")
        elif cls == "Recommendation":
            if c.claimant:
                c.props["speaker"] = [c.claimant]
            addressees = [a for a in after if a != c.claimant]
            if any("modal verb" in r for r in c.rules):
                # 'the African Commission should ...': the subject is who is asked to act
                subjects = [m.iri for m in _subjects(c, verb_at)]
                addressees = (subjects[-1:] if subjects else []) + addressees[:1]
            if addressees:
                c.props["addressee"] = addressees[:2]
                c.rules.append("addressee: the actors named after the verb")
            elif self.subject_state and self.subject_state != c.claimant:
                c.props["addressee"] = [self.subject_state]
                c.rules.append("addressee: the state the document names most (none after the verb)")
                c.todo.append("check the addressee")
            c.props["about"] = [o for o in others if o not in addressees[:2]]
        elif cls in ("Veto", "Vote"):
            before = [m.iri for m in _subjects(c, verb_at)]
            voter = before[-1] if before else (actors[0] if actors else None)
            if voter:
                c.props["voter"] = [voter]
                c.rules.append("voter: the actor named before the verb")
            decisions = [m.iri for m in c.mentions if m.kind == "decision"]
            if decisions:
                c.props["onDecision"] = decisions[:1]
            verb = c.trigger.casefold()
            position = (
                "abstention" if "abst" in verb else "in-favour" if cls == "Vote" else "against"
            )
            c.props["votePosition"] = [_vocab("vote", position)]
            if c.claimant == voter:
                c.claimant = self.author  # the document reports the vote
        elif cls == "Involvement":
            before = [m.iri for m in _subjects(c, verb_at)]
            if before:
                c.props["actor"] = [before[-1]]
                c.props["role"] = [_vocab("role", "responsible-authority")]
                c.rules.append("role responsible-authority: the actor before the expulsion verb")
            incidents = [m.iri for m in c.mentions if m.kind == "incident"]
            if incidents:
                c.props["incident"] = incidents[:1]
        topics = self._topics(c.quote)
        if topics and cls in ("Recommendation", "Statement", "Rejection"):
            c.props["topic"] = topics
            c.rules.append("topic: the topic's words occur in the quote")
        if c.date is not None:
            c.rules.append(f"date {c.date.precision}: {c.date.rule} '{c.date.text}'")

    def _topics(self, quote: str) -> list[str]:
        stems = {w[:6] for w in re.findall(r"\w+", fold(quote)[0]) if len(w) > 3}
        out = []
        for iri, label in self.topics.items():
            for part in re.split(r"\s+and\s+|,\s*", fold(label)[0]):
                words = [w[:6] for w in re.findall(r"\w+", part) if len(w) > 3]
                if words and all(w in stems for w in words):
                    out.append(iri)
                    break
        return out[:3]

    def _count(self, base: Candidate) -> Candidate:
        """A Count candidate for the figure in a clause, beside the clause's own candidate."""
        assert base.count is not None
        n = base.count
        c = Candidate(
            base.sentence, base.quote, base.quote_start, "Count", "asserts", "", base.claimant
        )
        c.mentions, c.questions, c.date, c.count = base.mentions, base.questions, base.date, n
        c.confidence = n.confidence
        c.rules = [f"class Count: {n.rule} '{n.text}' -> {n.qualifier}"]
        if n.note:
            c.rules.append(n.note)
        c.claimant = (
            base.claimant if base.claim_class in ("Statement", "Rejection") else self.author
        )
        at = n.start - base.sentence.start
        near = fold(base.sentence.text[max(0, at - 60) : n.end - base.sentence.start + 60])[0]
        own = fold(n.text)[0]
        measure = next((m for pat, m in MEASURES if re.search(pat, own)), None) or next(
            (m for pat, m in MEASURES if re.search(pat, near)), None
        )
        if measure:
            c.props["countOf"] = [_vocab("measure", measure)]
            c.rules.append(f"count of {measure}: keyword next to the figure")
        subject = [m.iri for m in c.mentions if m.kind in ("incident", "decision", "mechanism")]
        subject = subject or [m.iri for m in c.mentions if m.kind == "actor"]
        if subject:
            c.props["countSubject"] = subject[:1]
        c.props["qualifier"] = [_vocab("qualifier", n.qualifier)]
        return c
