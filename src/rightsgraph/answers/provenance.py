"""Where a fact or an entity comes from: the claims about it and, for each claim,
its evidence (document, quote, claimant, date, stance), how many independent
original sources support it (computed from document lineage), and who denies or
disputes it.

Whether a claim is contested and how many independent originals support it are
decided by ``claims.py`` at build and read here as derived facts; this module
only gathers and phrases them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..store.base import Store
from ..vocab import ONTOLOGY, RDF_TYPE
from ..vocab import curie as full_curie
from .resolve import Resolver

if TYPE_CHECKING:
    from rdflib.term import Node

P = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

# a claim is what has the type rg:Claim: claims.derive writes the rdf:type closure
# over the ontology at build, so no query here walks rdfs:subClassOf
CLAIMS_ABOUT = (
    P
    + """
SELECT DISTINCT ?claim WHERE {
  { ?claim ?p ?e . ?claim a rg:Claim . FILTER(?p != rg:evidence) }
  UNION { ?e a rg:Claim . BIND(?e AS ?claim) }
  UNION { ?e rg:evidence ?x . BIND(?e AS ?claim) }
  # for a place: what happened there, and the claims about it
  UNION { ?claim rg:place ?e ; rg:evidence ?y }
  UNION { ?ev rg:place ?e . ?claim ?q ?ev . ?claim a rg:Claim . FILTER(?q != rg:evidence) }
  # for an actor: the claims about the mechanisms it operates (MINUSMA and its mandate)
  UNION { ?m rg:operatedBy ?e . ?claim rg:mechanism|rg:affects ?m }
  # and the claims about a described actor that someone identifies as it
  UNION { ?ident rg:identifiedAs ?e ; rg:describedActor ?d . ?claim ?r ?d .
          ?claim a rg:Claim . FILTER(?r != rg:evidence && ?claim != ?ident) }
}
"""
)

# who links a described actor (or an evidence record's description) to a named actor
IDENTIFICATIONS = (
    P
    + """
SELECT ?ident ?as ?target ?claimant WHERE {
  ?ident rg:identifiedAs ?as ; rg:evidence/rg:claimant ?claimant .
  { ?ident rg:describedActor ?target } UNION { ?ident rg:appliesTo ?target }
}
"""
)

# The claims found are then read whole, in one query for all their facts (values,
# classes, speakers and the standing claims.py derived at build) and one for all
# their evidence records, not a query per claim. ``{claims}`` stands for a VALUES
# block of the claims' IRIs put first in the group, so the engine reads each claim's
# triples by its subject, in the same order as a query about that claim alone.
EVIDENCE = (
    P
    + """
SELECT ?claim ?ev ?doc ?quote ?claimant ?stance ?group ?locator ?early ?late ?prec ?dtext ?primary ?occasion WHERE {
  {claims}
  ?claim rg:evidence ?ev .
  ?ev rg:document ?doc ; rg:quote ?quote ; rg:claimant ?claimant ; rg:stance ?stance .
  OPTIONAL { ?stance skos:broader ?group }
  OPTIONAL { ?ev rg:locator ?locator }
  OPTIONAL { ?ev rg:statementDate ?sd . ?sd rg:precision ?prec .
             OPTIONAL { ?sd rg:earliest ?early } OPTIONAL { ?sd rg:latest ?late }
             OPTIONAL { ?sd rg:dateText ?dtext } }
  OPTIONAL { { ?ev prov:hadPrimarySource ?primary } UNION { ?ev prov:wasQuotedFrom ?primary } }
  OPTIONAL { ?ev rg:occasion ?occasion }
}
"""
)

CLAIM_FACTS = (
    P
    + """
SELECT ?claim ?p ?o WHERE { {claims} ?claim ?p ?o . FILTER(?p != rg:evidence) }
"""
)

# the phrasing of each class of claim, from the ontology (a few dozen rows)
TEMPLATES = (
    P
    + """
SELECT ?type ?template WHERE {
  GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?type rg:displayTemplate ?template }
}
"""
)

RG = ONTOLOGY

# the same documents, classes and claims come back thousands of times in a large answer
curie = lru_cache(maxsize=65536)(full_curie)


@dataclass
class EvidenceView:
    iri: str
    document: str
    document_label: str
    quote: str
    claimant: str
    claimant_label: str
    stance: str
    opposing: bool
    date: str | None = None
    locator: str | None = None
    cites: str | None = None
    occasion: str | None = None


@dataclass
class ClaimView:
    iri: str
    kind: str
    text: str
    evidence: list[EvidenceView] = field(default_factory=list)
    documents: int = 0
    independent_originals: list[str] = field(default_factory=list)
    derived_copies: int = 0
    opposed_by: list[str] = field(default_factory=list)
    # "identified as Wagner Group by HRW, ... (claim:identification-...)": the chain from
    # what the source said to the named actor, when the claim rests on a description
    identified_as: list[str] = field(default_factory=list)
    contested: bool = False  # rg:contested, decided by claims.py at build


@dataclass
class ProvenanceReport:
    term: str
    iri: str
    label: str
    claims: list[ClaimView] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        return out


def date_text(early: object, late: object, prec: object, text: object) -> str:
    """A date with its precision made visible: a month reads as a month."""
    p = str(prec).rsplit("/", 1)[-1] if prec else "unknown"
    e, lt = (str(early) if early else None), (str(late) if late else None)
    if p == "day" and e:
        shown = e
    elif p == "month" and e:
        shown = e[:7] + " (month)"
    elif p == "year" and e:
        shown = e[:4] + " (year)"
    elif e or lt:
        shown = f"{e or '?'} .. {lt or '?'} (range)"
    else:
        shown = "date unknown"
    if text:
        shown += f' "{text}"'
    return shown


@dataclass
class ClaimFacts:
    """What one claim states besides its evidence, in the engine's row order."""

    rows: list[tuple[Node | None, Node | None]] = field(default_factory=list)  # (p, o)
    kinds: list[tuple[str, str | None]] = field(default_factory=list)  # (class, template)


def values_block(var: str, iris: Iterable[str]) -> str:
    """A VALUES block giving ``?var`` each IRI (already checked by the engine that
    returned it, written as N-Triples so nothing can escape its place)."""
    from rdflib import URIRef

    from ..store.sparqltext import nt_term

    return f"VALUES ?{var} {{ {' '.join(nt_term(URIRef(i)) for i in iris)} }}"


def claim_facts(store: Store, claims: list[str]) -> dict[str, ClaimFacts]:
    """Every claim's facts in one query: values, classes (with their display
    templates), speakers and the standing ``claims.py`` derived at build."""
    out = {c: ClaimFacts() for c in claims}
    if not claims:
        return out
    templates: dict[str, list[str]] = {}
    for typ, tmpl in store.query(TEMPLATES).rows:
        templates.setdefault(str(typ), []).append(str(tmpl))
    sparql = CLAIM_FACTS.replace("{claims}", values_block("claim", claims))
    for claim, p, o in store.query(sparql).rows:
        facts = out[str(claim)]
        facts.rows.append((p, o))
        if str(p) == RDF_TYPE and str(o).startswith(RG):
            facts.kinds.extend((str(o), t) for t in templates.get(str(o), [None]))
    return out


def claim_text(resolver: Resolver, claim: str, facts: ClaimFacts) -> tuple[str, str]:
    """(kind, one-line phrasing) from the class's display template."""
    from rdflib import Literal, URIRef

    values: dict[str, str] = {}
    for p, o in facts.rows:
        local = re.split(r"[#/]", str(p))[-1]
        shown = (
            str(o)
            if isinstance(o, Literal)
            else resolver.label(str(o))
            if isinstance(o, URIRef)
            else ""
        )
        values[local] = f"{values[local]}, {shown}" if local in values else shown
    # data types a claim with its most specific class; prefer one that has a template
    kinds = sorted(facts.kinds, key=lambda k: (k[1] is None, k[0]))
    kind, template = kinds[0] if kinds else ("", None)
    label = resolver.label(claim)
    missing = template is not None and any(
        f not in values for f in re.findall(r"\{(\w+)\}", template)
    )
    if template and not (missing and label != curie(claim)):
        text = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "?"), template)
    elif label != curie(claim):
        text = label
    else:
        text = values.get("summary", curie(claim))
    return curie(kind) if kind else "", text


def standing_of(view: ClaimView, facts: ClaimFacts) -> set[str]:
    """Fill the claim's derived standing (read, never recomputed) from its facts;
    its speakers, whose own opposing records support it."""
    speakers: set[str] = set()
    for p, o in facts.rows:
        prop = str(p)
        if prop == RG + "speaker":
            speakers.add(str(o))
        elif prop == RG + "contested":
            view.contested = str(o) == "true"
        elif prop == RG + "supportingDocuments":
            view.documents = int(str(o))
        elif prop == RG + "derivedCopies":
            view.derived_copies = int(str(o))
        elif prop == RG + "independentOriginal":
            view.independent_originals.append(str(o))
    view.independent_originals.sort()
    return speakers


def evidence_rows(store: Store, claims: list[str]) -> dict[str, list[tuple[Node | None, ...]]]:
    """Every evidence row of every claim in one query, grouped by claim in the
    engine's order (the order the claim's records are shown in)."""
    out: dict[str, list[tuple[Node | None, ...]]] = {c: [] for c in claims}
    if not claims:
        return out
    sparql = EVIDENCE.replace("{claims}", values_block("claim", claims))
    for row in store.query(sparql).rows:
        out[str(row[0])].append(row[1:])
    return out


def evidence_views(
    resolver: Resolver, rows: list[tuple[Node | None, ...]], speakers: set[str]
) -> list[EvidenceView]:
    """A claim's evidence records, each once (its first row), with whether it opposes."""
    from ..claims import OPPOSING, Record, is_supporting

    views: list[EvidenceView] = []
    seen: set[str] = set()
    for row in rows:
        ev, doc, quote, claimant, stance, group, loc, early, late, prec, dtext, primary, occ = row
        if str(ev) in seen:
            continue
        seen.add(str(ev))
        rule = Record(str(ev), str(doc), str(claimant), str(group) if group else None)
        views.append(
            EvidenceView(
                iri=str(ev),
                document=str(doc),
                document_label=resolver.label(str(doc)),
                quote=str(quote),
                claimant=str(claimant),
                claimant_label=resolver.label(str(claimant)),
                stance=resolver.label(str(stance)),
                opposing=rule.group == OPPOSING and not is_supporting(rule, speakers),
                date=date_text(early, late, prec, dtext) if prec is not None else None,
                locator=str(loc) if loc is not None else None,
                cites=str(primary) if primary is not None else None,
                occasion=resolver.label(str(occ)) if occ is not None else None,
            )
        )
    return views


def provenance(store: Store, term: str) -> ProvenanceReport:
    """Claims about ``term`` (or the claim itself) with their evidence and corroboration.

    The same few queries whatever the number of claims (the label index, the
    identifications, the claims, their facts, their evidence), grouped here: an
    actor of a large graph has thousands of claims, and a query per claim cost more
    than everything else together."""
    from rdflib import URIRef

    resolver = Resolver(store)
    iri = resolver.resolve(term)
    report = ProvenanceReport(term, iri, resolver.label(iri))
    chains: dict[str, dict[tuple[str, str], set[str]]] = {}  # target -> (ident, as) -> claimants
    for ident, as_, target, claimant in store.query(IDENTIFICATIONS).rows:
        key = (str(ident), str(as_))
        chains.setdefault(str(target), {}).setdefault(key, set()).add(resolver.label(str(claimant)))
    claims = sorted({str(r[0]) for r in store.query(CLAIMS_ABOUT, {"e": URIRef(iri)}).rows})
    all_facts = claim_facts(store, claims)
    all_evidence = evidence_rows(store, claims)
    for claim in claims:
        facts = all_facts[claim]
        kind, text = claim_text(resolver, claim, facts)
        view = ClaimView(claim, kind, text)
        speakers = standing_of(view, facts)
        view.evidence = evidence_views(resolver, all_evidence[claim], speakers)
        view.opposed_by = sorted({e.claimant_label for e in view.evidence if e.opposing})
        objects = {str(o) for _, o in facts.rows}
        links: dict[tuple[str, str], set[str]] = {}
        for node in objects | {e.iri for e in view.evidence} | {claim}:
            for key, who in chains.get(node, {}).items():
                links.setdefault(key, set()).update(who)
        view.identified_as = [
            f"{resolver.label(as_)} by {', '.join(sorted(who))} ({curie(ident)})"
            for (ident, as_), who in sorted(links.items())
            if ident != claim
        ]
        if view.evidence:
            report.claims.append(view)
    report.claims.sort(key=lambda c: (c.kind, c.text))
    return report


def render_text(report: ProvenanceReport, width: int = 100) -> str:
    import textwrap

    lines = [f"{report.label} ({curie(report.iri)}): {len(report.claims)} claim(s) with evidence"]
    for c in report.claims:
        mark = "  [CONTESTED]" if c.contested else ""
        lines.append("")
        lines.append(f"● {c.text}{mark}")
        lines.append(f"  {curie(c.iri)} · {c.kind}")
        originals = ", ".join(curie(o) for o in c.independent_originals) or "none"
        lines.append(
            f"  supported by {c.documents} document(s): {len(c.independent_originals)} independent "
            f"original(s) [{originals}], {c.derived_copies} derived cop{'y' if c.derived_copies == 1 else 'ies'}"
        )
        if c.opposed_by:
            lines.append(f"  opposed by: {', '.join(c.opposed_by)}")
        for chain in c.identified_as:
            lines.append(f"  identified as {chain}")
        for e in c.evidence:
            head = f"  {'✗' if e.opposing else '✓'} {e.claimant_label} {e.stance}"
            if e.date:
                head += f", {e.date}"
            if e.occasion:
                head += f", at {e.occasion}"
            lines.append(head)
            for wrapped in textwrap.wrap(f"“{e.quote}”", width - 6):
                lines.append(f"      {wrapped}")
            src = f"      — {e.document_label}"
            if e.locator:
                src += f", {e.locator}"
            if e.cites:
                src += f" (citing {curie(e.cites)})"
            lines.append(src)
    from ..text import visible

    return "\n".join(visible(line) for line in lines)
