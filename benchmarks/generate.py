"""Seeded synthetic graphs in the rightsgraph vocabulary, valid against our shapes.

The graph is built from "incident units" (an incident with its date, place and
evidence, involvements with affirming and opposing evidence, a death-toll count,
statements and recommendations) plus pools of actors, documents, places,
meetings, mechanisms, decisions, votes and post holdings, so every named query
has work to do. The entities the named queries use as defaults (actor:russia,
incident:moura-2022-03, doc:src-000-russian-veto, ...) exist, so the queries run
unchanged on a synthetic graph.

``violations=N`` injects N known violations, cycling through ``VIOLATION_KINDS``;
each is recorded (kind, focus IRI) so tests and benchmarks can check that a
validator finds them.

    python benchmarks/generate.py --triples 1000000 -o g.nt [--violations 50] [--seed 1]
        [--contribution c.nt --contribution-triples 1000 --contribution-violations 5]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RG = "https://w3id.org/rightsgraph/ontology#"
ID = "https://w3id.org/rightsgraph/id/"
VOCAB = "https://w3id.org/rightsgraph/vocab/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# kinds of injected violation: (name, what the validator must report)
VIOLATION_KINDS = [
    "evidence-without-quote",  # EvidenceShape rg:quote minCount
    "empty-quote",  # EvidenceShape rg:quote pattern
    "evidence-not-evidence",  # ClaimShape rg:evidence sh:class
    "role-not-in-scheme",  # InvolvementShape rg:role sh:node
    "lower-above-upper",  # CountShape lessThanOrEquals
    "negative-bound",  # CountShape minInclusive
    "day-bounds-differ",  # DayPrecisionShape sh:or
    "document-without-publisher",  # DocumentShape sh:or
    "two-speakers",  # StatementShape rg:speaker maxCount
    "place-without-level",  # PlaceShape rg:adminLevel minCount
    "bad-access-level",  # AccessLevelShape sh:in
    "restricted-only-evidence",  # PublicClaimHasPublicEvidenceShape (warning)
    "actor-without-label",  # LabelledShape rdfs:label minCount
    "earliest-after-latest",  # DateSpecShape lessThanOrEquals
    "claimant-not-actor",  # EvidenceShape rg:claimant sh:class
]


def iri(kind: str, local: str) -> str:
    return f"<{ID}{kind}/{local}>"


def rg(local: str) -> str:
    return f"<{RG}{local}>"


def voc(scheme: str, local: str) -> str:
    return f"<{VOCAB}{scheme}/{local}>"


def lit(text: str, lang: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def typed(value: str, dt: str) -> str:
    return f'"{value}"^^<{XSD}{dt}>'


A = f"<{RDF_TYPE}>"
LABEL = f"<{RDFS}label>"
ALT = f"<{SKOS}altLabel>"

# anchors the named queries use as default parameters
ANCHOR_ACTORS = {
    "russia": ("State", "Russia", "RU"),  # labelled as in data/, so `provenance Russia` finds it
    "mali": ("State", "Mali", "ML"),
    "united-states": ("State", "United States", "US"),
    "france": ("State", "France", "FR"),
    "ohchr": ("IntergovernmentalBody", "OHCHR", None),
    "hrw": ("NGO", "Human Rights Watch", None),
    "wagner-group": ("PrivateMilitaryCompany", "Wagner Group", None),
    "fama": ("StateArmedForce", "Malian Armed Forces", None),
    "abdoulaye-diop": ("Person", "Abdoulaye Diop", None),
    "un-security-council": ("IntergovernmentalBody", "UN Security Council", None),
}
ACTOR_TYPES = ["NGO", "NonStateArmedGroup", "StateArmedForce", "IntergovernmentalBody", "Person"]
ITYPES = ["killing", "mass-killing", "summary-execution", "abduction", "torture", "looting"]
AFFIRMING = ["asserts", "reports", "expresses-concern"]
OPPOSING = ["denies", "rejects", "disputes"]
TOPICS = ["accountability", "investigations", "protection-of-civilians", "children", "civic-space"]
DKINDS = ["report", "news-release", "article", "briefing", "statement"]
RELS = ["linked-to", "backed-by", "allied-with", "cooperates-with"]
STAGES = ["terminated", "vetoed", "ended", "withdrawal-scheduled", "renewed", "established"]


@dataclass
class Injected:
    kind: str
    focus: str  # IRI (without <>) of the node the violation is reported on / owned by


@dataclass
class Generated:
    triples: int
    injected: list[Injected] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {"triples": self.triples, "injected": [i.__dict__ for i in self.injected]}, indent=1
        )


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.n = 0
        self.lines: list[str] = []
        self.actors: list[str] = []
        self.persons: list[str] = []
        self.docs: list[str] = []
        self.places: list[str] = []
        self.meetings: list[str] = []
        self.mechanisms: list[str] = []
        self.decisions: list[str] = []
        self.posts: list[str] = []
        self.bnode = 0
        self.pending: list[str] = []  # violation kinds still to inject
        self.injected: list[Injected] = []

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")

    def want(self, kind: str) -> bool:
        """True (once) when the next violation to inject is of this kind."""
        if self.pending and self.pending[0] == kind:
            self.pending.pop(0)
            return True
        return False

    def mark(self, kind: str, focus: str) -> None:
        self.injected.append(Injected(kind, focus.strip("<>")))

    def pick(self, pool: list[str], skew: bool = True) -> str:
        if skew and self.r.random() < 0.3:
            return pool[0] if len(pool) < 8 else pool[self.r.randrange(8)]
        return pool[self.r.randrange(len(pool))]

    def date(self, subject: str, pred: str, year: int) -> None:
        self.bnode += 1
        b = f"_:d{self.bnode}"
        self.t(subject, rg(pred), b)
        m, d = self.r.randint(1, 12), self.r.randint(1, 28)
        day = f"{year:04d}-{m:02d}-{d:02d}"
        if self.r.random() < 0.8:
            early = late = day
            prec = "day"
            if self.want("day-bounds-differ"):
                late = f"{year:04d}-{m:02d}-{min(d + 1, 28):02d}"
                if late == early:
                    early = f"{year:04d}-{m:02d}-{d - 1:02d}"
                self.mark("day-bounds-differ", subject)
        else:
            early, late, prec = f"{year:04d}-{m:02d}-01", f"{year:04d}-{m:02d}-28", "month"
            if self.want("earliest-after-latest"):
                early, late = late, early
                self.mark("earliest-after-latest", subject)
        self.t(b, rg("precision"), voc("precision", prec))
        self.t(b, rg("earliest"), typed(early, "date"))
        self.t(b, rg("latest"), typed(late, "date"))
        if self.r.random() < 0.3:
            self.t(b, rg("dateText"), lit(f"{day} or thereabouts"))

    def actor(self, local: str, cls: str, label: str, iso: str | None = None) -> str:
        a = iri("actor", local)
        self.t(a, A, rg(cls))
        if self.want("actor-without-label"):
            self.mark("actor-without-label", a)
        else:
            self.t(a, LABEL, lit(label, "en"))
        if self.r.random() < 0.3:
            self.t(a, ALT, lit(label.split()[0] + " alias"))
        if iso:
            self.t(a, rg("iso3166"), lit(iso))
        if self.want("bad-access-level"):
            self.t(a, rg("accessLevel"), voc("access", "secret"))
            self.mark("bad-access-level", a)
        if cls == "Person":
            self.persons.append(a)
        self.actors.append(a)
        return a

    def document(self, local: str, year: int) -> str:
        d = iri("doc", local)
        self.t(d, A, rg("Document"))
        self.t(d, LABEL, lit(f"Document {local}", "en"))
        self.t(d, f"<{DCT}title>", lit(f"Report {local} on the situation"))
        self.t(d, rg("documentKind"), voc("dkind", self.r.choice(DKINDS)))
        self.date(d, "publicationDate", year)
        if self.want("document-without-publisher"):
            self.mark("document-without-publisher", d)
        else:
            self.t(d, f"<{DCT}publisher>", self.pick(self.actors))
        parent = self.pick(self.docs) if self.docs and self.r.random() < 0.2 else None
        if parent:
            self.t(d, f"<{PROV}wasDerivedFrom>", parent)
        self.docs.append(d)
        # the claims behind the plain triples, as the shapes require
        pub = iri("claim", f"publication-{local}")
        self.t(pub, A, rg("Publication"))
        self.t(pub, rg("ofDocument"), d)
        self.date(pub, "date", year)
        self.evidence(f"publication-{local}", pub, year=year)
        if parent:
            der = iri("claim", f"derivation-{local}")
            self.t(der, A, rg("Derivation"))
            self.t(der, rg("ofDocument"), d)
            self.t(der, f"<{PROV}entity>", parent)
            self.evidence(f"derivation-{local}", der, year=year)
        return d

    def place(self, local: str, level: str) -> str:
        p = iri("place", local)
        self.t(p, A, rg("Place"))
        self.t(p, LABEL, lit(f"Place {local}", "en"))
        if self.want("place-without-level"):
            self.mark("place-without-level", p)
        else:
            self.t(p, rg("adminLevel"), voc("level", level))
        if self.places:
            self.t(p, rg("within"), self.places[0])
        self.places.append(p)
        return p

    def evidence(self, local: str, claim: str, opposing: bool = False, year: int = 2022) -> str:
        e = iri("evidence", local)
        self.t(claim, rg("evidence"), e)
        self.t(e, A, rg("Evidence"))
        self.t(e, rg("document"), self.pick(self.docs))
        if self.want("evidence-without-quote"):
            self.mark("evidence-without-quote", e)
        elif self.want("empty-quote"):
            self.t(e, rg("quote"), lit(" "))
            self.mark("empty-quote", e)
        else:
            self.t(e, rg("quote"), lit(f"The report finds {local.replace('-', ' ')} happened."))
        if self.want("claimant-not-actor"):
            self.t(e, rg("claimant"), self.pick(self.docs))
            self.mark("claimant-not-actor", e)
        else:
            self.t(e, rg("claimant"), self.pick(self.actors))
        stance = self.r.choice(OPPOSING if opposing else AFFIRMING)
        self.t(e, rg("stance"), voc("stance", stance))
        if self.r.random() < 0.5:
            self.t(e, rg("locator"), lit(f"para. {self.r.randint(1, 90)}"))
        if self.r.random() < 0.3:
            self.date(e, "statementDate", year)
        if self.r.random() < 0.15 and len(self.docs) > 1:
            self.t(e, f"<{PROV}hadPrimarySource>", self.pick(self.docs))
        if self.meetings and self.r.random() < 0.1:
            self.t(e, rg("occasion"), self.pick(self.meetings))
        return e

    def meeting(self, local: str, year: int) -> str:
        m = iri("meeting", local)
        self.t(m, A, rg("Meeting"))
        self.t(m, LABEL, lit(f"Meeting {local}", "en"))
        self.date(m, "date", year)
        self.t(m, rg("convenedBy"), self.pick(self.actors))
        self.meetings.append(m)
        self.evidence(f"{local}--e", m, year=year)
        return m

    def decision(self, local: str, year: int, draft: bool) -> str:
        d = iri("decision", local)
        self.t(d, A, rg("DraftResolution" if draft else "Resolution"))
        self.t(d, LABEL, lit(f"Draft {local}" if draft else f"Resolution {local}", "en"))
        self.t(d, rg("decidedBy"), iri("actor", "un-security-council"))
        self.date(d, "date", year)
        self.decisions.append(d)
        return d

    def mechanism(self, local: str) -> str:
        m = iri("mechanism", local)
        self.t(m, A, rg("AccountabilityMechanism"))
        self.t(m, LABEL, lit(f"Mechanism {local}", "en"))
        self.t(m, rg("mechanismType"), voc("mtype", "panel-of-experts"))
        self.t(m, rg("establishedBy"), iri("actor", "un-security-council"))
        self.t(m, rg("covers"), self.pick(self.actors[:3] + self.places[:2], skew=False))
        self.mechanisms.append(m)
        return m

    def claim(self, cls: str, local: str) -> str:
        c = iri("claim", local)
        self.t(c, A, rg(cls))
        return c

    def unit(self, u: int) -> None:
        """One incident with its claims: ~100 triples."""
        r = self.r
        year = 2015 + u % 10
        inc = iri("incident", "moura-2022-03") if u == 0 else iri("incident", f"i{u}")
        self.t(inc, A, rg("Incident"))
        self.t(inc, LABEL, lit("Moura" if u == 0 else f"Incident {u}", "en"))
        itype = "expulsion" if u % 50 == 7 else r.choice(ITYPES)
        self.t(inc, rg("incidentType"), voc("itype", itype))
        self.date(inc, "date", year)
        self.t(inc, rg("place"), self.pick(self.places))
        self.evidence(f"i{u}-e0", inc, year=year)
        # involvements, each with affirming and sometimes opposing evidence
        for k, role in enumerate(["perpetrator", "victim"]):
            c = self.claim("Involvement", f"inv-{u}-{k}")
            actor = self.pick(self.actors)
            if itype == "expulsion" and role == "victim" and self.persons:
                role, actor = "target", self.pick(self.persons)
            self.t(c, rg("actor"), actor)
            self.t(c, rg("incident"), inc)
            if self.want("role-not-in-scheme"):
                self.t(c, rg("role"), voc("itype", "killing"))
                self.mark("role-not-in-scheme", c)
            else:
                self.t(c, rg("role"), voc("role", role))
            if self.want("evidence-not-evidence"):
                self.t(c, rg("evidence"), self.pick(self.docs))
                self.mark("evidence-not-evidence", c)
            self.evidence(f"inv-{u}-{k}-a", c, year=year)
            # the first incident (the queries' default) always has a denial, so the
            # rejection query has something to find
            if r.random() < 0.4 or (u == 0 and k == 0):
                self.evidence(f"inv-{u}-{k}-o", c, opposing=True, year=year)
        # a death toll
        c = self.claim("Count", f"count-{u}")
        self.t(c, rg("countSubject"), inc)
        self.t(c, rg("countOf"), voc("measure", "people-killed"))
        self.t(c, rg("qualifier"), voc("qualifier", "more-than"))
        low = 501 if u == 0 else r.randint(1, 700)
        self.t(c, rg("countText"), lit(f"more than {low - 1}"))
        if self.want("negative-bound"):
            self.t(c, rg("lowerBound"), typed("-3", "integer"))
            self.mark("negative-bound", c)
        else:
            self.t(c, rg("lowerBound"), typed(str(low), "integer"))
        if self.want("lower-above-upper"):
            self.t(c, rg("upperBound"), typed(str(max(0, low - 1)), "integer"))
            self.mark("lower-above-upper", c)
        elif r.random() < 0.5:
            self.t(c, rg("upperBound"), typed(str(low + r.randint(0, 50)), "integer"))
        if self.want("restricted-only-evidence"):
            e = self.evidence(f"count-{u}-a", c, year=year)
            self.t(e, rg("accessLevel"), voc("access", "restricted"))
            self.mark("restricted-only-evidence", c)
        else:
            self.evidence(f"count-{u}-a", c, year=year)
        # a statement and a recommendation
        s = self.claim("Statement", f"st-{u}")
        speaker = self.pick(self.actors)
        self.t(s, rg("speaker"), speaker)
        if self.want("two-speakers"):
            self.t(s, rg("speaker"), self.actors[-1 if self.actors[-1] != speaker else -2])
            self.mark("two-speakers", s)
        self.t(s, rg("topic"), voc("topic", r.choice(TOPICS)))
        self.t(s, rg("occasion"), self.pick(self.meetings))
        self.t(s, rg("summary"), lit(f"A statement on incident {u}."))
        self.evidence(f"st-{u}-a", s, year=year)
        rec = self.claim("Recommendation", f"rec-{u}")
        upr = u % 5 == 0  # the queries' default review, with France among the speakers
        speaker = iri("actor", "france") if u % 10 == 0 else self.pick(self.actors)
        self.t(rec, rg("speaker"), speaker)
        self.t(rec, rg("addressee"), iri("actor", "mali"))
        self.t(rec, rg("topic"), voc("topic", r.choice(TOPICS)))
        self.t(rec, rg("occasion"), self.meetings[0] if upr else self.pick(self.meetings))
        if u % 20 == 3:  # some call for a monitoring body, as UPR recommendations do
            self.t(rec, rg("monitoringBody"), iri("actor", "ohchr"))
        self.evidence(f"rec-{u}-a", rec, year=year)

    def extras(self, u: int) -> None:
        """Pools grow with the graph; rarer claim kinds every few units."""
        r = self.r
        year = 2015 + u % 10
        if u % 4 == 0:
            self.actor(f"a{u}", ACTOR_TYPES[u % len(ACTOR_TYPES)], f"Actor {u}")
        if u % 2 == 0:
            self.document(f"d{u}", year)
        if u % 10 == 0:
            self.place(f"p{u}", "village")
        if u % 20 == 0:
            self.meeting(f"m{u}", year)
        if u % 15 == 0:
            d = self.decision(f"dr{u}", year, draft=True)
            v = self.claim("Veto", f"veto-{u}")
            self.t(
                v, rg("voter"), iri("actor", "russia") if u % 30 == 0 else self.pick(self.actors)
            )
            self.t(v, rg("onDecision"), d)
            self.t(v, rg("votePosition"), voc("vote", "against"))
            self.evidence(f"veto-{u}-a", v, year=year)
            le = self.claim("LifecycleEvent", f"le-{u}")
            self.t(le, rg("mechanism"), self.pick(self.mechanisms))
            self.t(le, rg("stage"), voc("stage", r.choice(STAGES)))
            self.t(le, rg("byDecision"), d)
            # every year in turn (u is a multiple of 15 here, so `year` would only
            # ever be 2015 or 2020): some fall in the queries' default window
            le_year = 2015 + (u // 15) % 10
            self.date(le, "date", le_year)
            self.evidence(f"le-{u}-a", le, year=le_year)
        if u % 40 == 0:
            self.mechanism(f"mech{u}")
        if u % 6 == 0:
            c = self.claim("Relationship", f"rel-{u}")
            self.t(c, rg("subject"), self.pick(self.actors))
            self.t(c, rg("object"), self.pick(self.actors))
            self.t(c, rg("relationType"), voc("rel", r.choice(RELS)))
            self.evidence(f"rel-{u}-a", c, year=year)
            if r.random() < 0.3:
                self.evidence(f"rel-{u}-o", c, opposing=True, year=year)
        if u % 25 == 0 and self.persons:
            post = iri("post", f"post{u}")
            self.t(post, A, rg("Post"))
            self.t(post, LABEL, lit(f"Minister {u}", "en"))
            self.t(post, f"<{ORG}postIn>", iri("actor", "mali"))
            ph = self.claim("PostHolding", f"ph-{u}")
            holder = iri("actor", "abdoulaye-diop") if u % 50 == 0 else self.pick(self.persons)
            self.t(ph, rg("holder"), holder)
            self.t(ph, rg("post"), post)
            self.evidence(f"ph-{u}-a", ph, year=year)

    def seed_pools(self) -> None:
        for local, (cls, label, iso) in ANCHOR_ACTORS.items():
            self.actor(local, cls, label, iso)
        self.place("mali-country", "country")
        self.document("src-000-russian-veto", 2023)
        for i in range(3):
            self.document(f"seed-{i}", 2022)
        self.meeting("upr-mali-2023-05-02", 2023)
        self.mechanism("minusma")
        self.decision("seed", 2023, draft=False)


def generate(
    triples: int, seed: int = 42, violations: int = 0
) -> tuple[Iterator[list[str]], Callable[[], Generated]]:
    """Chunks of N-Triples lines totalling about ``triples``, and a function that
    returns what was generated once the chunks are consumed."""
    chunks, info, _ = _generate(triples, seed, violations)
    return chunks, info


def _generate(
    triples: int, seed: int, violations: int
) -> tuple[Iterator[list[str]], Callable[[], Generated], _Gen]:
    g = _Gen(seed)
    g.pending = [VIOLATION_KINDS[i % len(VIOLATION_KINDS)] for i in range(violations)]
    # spread injections through the graph: every `gap` units, one kind is armed
    units = max(1, triples // 100)
    gap = max(1, units // (violations + 1)) if violations else 0
    queue = list(g.pending)
    g.pending = []
    total = 0

    def chunks() -> Iterator[list[str]]:
        nonlocal total
        g.seed_pools()
        u = 0
        while total + len(g.lines) < triples:
            if gap and queue and u % gap == gap - 1:
                g.pending.append(queue.pop(0))
            g.extras(u)
            g.unit(u)
            u += 1
            if len(g.lines) >= 50_000:
                total += len(g.lines)
                yield g.lines
                g.lines = []
        # whatever was not injected yet goes into one last unit
        while queue or g.pending:
            g.pending.extend(queue)
            queue.clear()
            g.extras(u)
            g.unit(u)
            u += 1
        total += len(g.lines)
        yield g.lines
        g.lines = []

    return chunks(), lambda: Generated(total, list(g.injected)), g


def write(
    path: Path,
    triples: int,
    seed: int = 42,
    violations: int = 0,
    contribution: Path | None = None,
    contribution_triples: int = 1000,
    contribution_violations: int = 0,
) -> tuple[Generated, Generated | None]:
    """Write an N-Triples file (and optionally a contribution that builds on it).

    The contribution adds new incidents, claims and entities that refer to the
    graph's actors, documents, places and meetings, like a real one would.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    chunks, info, gen = _generate(triples, seed, violations)
    with path.open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.writelines(chunk)
    base = info()
    if contribution is None:
        return base, None
    gen.injected = []
    gen.lines = []
    kinds = [VIOLATION_KINDS[i % len(VIOLATION_KINDS)] for i in range(contribution_violations)]
    u = 10_000_000
    while len(gen.lines) < contribution_triples or kinds or gen.pending:
        if kinds and not gen.pending:
            gen.pending.append(kinds.pop(0))
        gen.extras(u)
        gen.unit(u)
        u += 1
    contribution.parent.mkdir(parents=True, exist_ok=True)
    contribution.write_text("".join(gen.lines), encoding="utf-8")
    return base, Generated(len(gen.lines), list(gen.injected))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--violations", type=int, default=0)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--contribution", type=Path, help="also write a contribution file here")
    ap.add_argument("--contribution-triples", type=int, default=1000)
    ap.add_argument("--contribution-violations", type=int, default=0)
    args = ap.parse_args(argv)
    info, contrib = write(
        args.output,
        args.triples,
        args.seed,
        args.violations,
        args.contribution,
        args.contribution_triples,
        args.contribution_violations,
    )
    args.output.with_suffix(".json").write_text(info.to_json())
    print(f"{args.output}: {info.triples} triples, {len(info.injected)} injected violations")
    if contrib is not None and args.contribution is not None:
        args.contribution.with_suffix(".json").write_text(contrib.to_json())
        print(f"{args.contribution}: {contrib.triples} triples, {len(contrib.injected)} injected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
