"""Writing a draft as Turtle or as the claims CSV template.

Turtle carries everything: complete candidates as statements, each preceded by
comments with its rules, confidence and to-dos; incomplete ones (a required
property the text did not give) commented out, to be filled in and uncommented
or deleted. The CSV template has a ``todo`` column for the same notes; a class
the template cannot express (Veto, Vote) is left to the Turtle draft and listed.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from ..vocab import INSTANCES, curie
from .candidates import Candidate

if TYPE_CHECKING:
    from .run import Draft

CSV_CLASSES = ("Involvement", "Count", "Statement", "Recommendation", "Rejection", "Relationship")
PREFIXES = (
    "rg: <https://w3id.org/rightsgraph/ontology#>",
    "rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "xsd: <http://www.w3.org/2001/XMLSchema#>",
    "prov: <http://www.w3.org/ns/prov#>",
    "dcterms: <http://purl.org/dc/terms/>",
)


def _lit(text: str, lang: str | None = None) -> str:
    from rdflib import Literal

    return Literal(text, lang=lang).n3()


def _ref(iri: str) -> str:
    return curie(iri)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def label(c: Candidate, name: object) -> str:
    """A one-line description for the curator to rewrite: class, who, what."""
    who = name(c.claimant) if c.claimant and callable(name) else "the document"
    words = " ".join(c.quote.split())
    short = words if len(words) <= 90 else words[:87].rsplit(" ", 1)[0] + "…"
    return f"{c.claim_class} by {who}: {short}"


def _date_spec(c: Candidate) -> str | None:
    d = c.date
    if d is None:
        return None
    parts = ["a rg:DateSpec"]
    if d.earliest is not None and d.latest is not None:
        parts += [
            f'rg:earliest "{d.earliest.isoformat()}"^^xsd:date',
            f'rg:latest "{d.latest.isoformat()}"^^xsd:date',
        ]
    parts += [f"rg:precision precision:{d.precision}", f"rg:dateText {_lit(d.text)}"]
    return "[ " + " ; ".join(parts) + " ]"


def _claim_lines(c: Candidate, draft: Draft) -> list[str]:
    lines: list[str] = []
    ev = f"<{INSTANCES}evidence/{c.evidence_id}>"
    if c.existing:
        lines.append(f"{_ref(c.existing)} rg:evidence {_ref(ev[1:-1])} .")
    else:
        body = [f"{_ref(INSTANCES + 'claim/' + c.claim_id)} a rg:{c.claim_class}"]
        body.append(f"rdfs:label {_lit(label(c, draft.index.label), 'en')}")
        for prop, values in c.props.items():
            values = [v for v in values if v]
            if values:
                body.append(f"rg:{prop} " + ", ".join(_ref(v) for v in values))
        if c.claim_class == "Count" and c.count is not None:
            n = c.count
            body.append(f"rg:countText {_lit(n.text)}")
            for prop, value in (
                ("lowerBound", n.lower),
                ("upperBound", n.upper),
                ("bestEstimate", n.best),
                ("outOf", n.out_of),
            ):
                if value is not None:
                    body.append(f"rg:{prop} {value}")
        spec = _date_spec(c)
        if spec and c.claim_class in ("Veto", "Vote"):
            body.append(f"rg:date {spec}")
        body.append(f"rg:evidence {_ref(ev[1:-1])}")
        lines.append(" ;\n    ".join(body) + " .")
    evb = [f"{_ref(ev[1:-1])} a rg:Evidence", f"rg:document {_ref(draft.document)}"]
    evb.append(f"rg:quote {_lit(c.quote)}")
    if c.claimant:
        evb.append(f"rg:claimant {_ref(c.claimant)}")
    evb.append(f"rg:stance stance:{c.stance}")
    evb.append(f"rg:locator {_lit(c.sentence.locator)}")
    spec = _date_spec(c)
    if spec and c.claim_class in ("Statement", "Recommendation", "Rejection"):
        evb.append(f"rg:statementDate {spec}")
    if c.repeats:
        sources = sorted({d for _, d in c.repeats if d != draft.document})
        if sources:
            evb.append("prov:hadPrimarySource " + ", ".join(_ref(d) for d in sources[:1]))
    lines.append(" ;\n    ".join(evb) + " .")
    return lines


def _notes(c: Candidate, draft: Draft) -> list[str]:
    notes = [f"{c.sentence.locator}: confidence {c.confidence:.2f}"]
    notes += [f"rule: {r}" for r in c.rules]
    if c.date is not None:
        d = c.date
        notes.append(
            f"date: '{d.text}' -> {d.precision} {d.earliest or '?'}..{d.latest or '?'}"
            + (f" ({d.note})" if d.note else "")
        )
    notes += [
        f"entity: '{m.text}' -> {curie(m.iri)} ({m.rule}, {m.confidence:.2f})"
        + (f"; also {', '.join(curie(a) for a in m.alternatives)}" if m.alternatives else "")
        for m in c.mentions
    ]
    notes += [
        f"who is this? '{q.text}' ({q.rule})"
        + (f"; nearest: {', '.join(curie(n) for n in q.nearest)}" if q.nearest else "")
        for q in c.questions
    ]
    for ev, doc in c.repeats:
        if doc != draft.document:
            notes.append(f"lineage: repeats {curie(ev)} of {curie(doc)}")
    notes += [f"todo: {t}" for t in todo(c)]
    return notes


def todo(c: Candidate) -> list[str]:
    """What the curator must still decide for this candidate."""
    out = list(dict.fromkeys(c.todo))
    out += [f"fill rg:{p}" for p in c.missing()]
    if c.claim_class == "Recommendation" and not c.existing and not c.props.get("topic"):
        out.append("add a topic (rg:topic) from the topic: scheme")
    if c.claim_class == "Count" and not c.existing:
        out.append("check what is counted (rg:countOf) and for what (rg:countSubject)")
    if not c.rules or c.rules[0].endswith("no reporting verb"):
        out.append("no reporting verb: choose the claim class, or delete")
    return list(dict.fromkeys(out))


def to_turtle(draft: Draft) -> str:
    out = [f"@prefix {p} ." for p in PREFIXES]
    out += [f"@prefix {k}: <{v}> ." for k, v in draft.prefixes().items()]
    out.append("")
    out += [f"# {line}" if line else "#" for line in draft.header()]
    out.append("")
    if draft.new_document is not None:
        out += draft.new_document.turtle()
        out.append("")
    for c in draft.candidates:
        out.append(f"# ---- {c.sentence.locator}: {_excerpt(c.sentence.text)}")
        out += [f"# {n}" for n in _notes(c, draft)]
        block = _claim_lines(c, draft)
        if c.missing():
            out += ["#   " + line for text in block for line in text.splitlines()]
        else:
            out += block
        out.append("")
    return "\n".join(out)


def _excerpt(text: str) -> str:
    flat = re.sub(r"\s+", " ", text)
    return flat if len(flat) <= 100 else flat[:97] + "…"


def csv_rows(draft: Draft) -> tuple[list[str], list[dict[str, str]], list[Candidate]]:
    """The claims template header (with ``todo``), its rows, and the candidates left out."""
    from ..rdf.csvmap import mapping, template_header

    header = template_header("claims")
    specs = mapping()["claims"]["columns"]
    if "todo" not in header:
        header.append("todo")
    rows: list[dict[str, str]] = []
    left: list[Candidate] = []
    for c in draft.candidates:
        if not c.existing and c.claim_class not in CSV_CLASSES:
            left.append(c)
            continue
        row = {h: "" for h in header}
        row["claim_id"] = _local(c.existing) if c.existing else c.claim_id
        if not c.existing:
            row["claim_type"] = c.claim_class
            row["label"] = label(c, draft.index.label)
            for prop, values in c.props.items():
                col = COLUMNS.get(prop)
                if col and col in row:
                    row[col] = "|".join(_cell(v, specs[col].get("prefix", "")) for v in values if v)
            if c.claim_class == "Count" and c.count is not None:
                n = c.count
                row["count_text"] = n.text
                for col, value in (
                    ("lower_bound", n.lower),
                    ("upper_bound", n.upper),
                    ("best_estimate", n.best),
                ):
                    row[col] = "" if value is None else str(value)
        row["evidence_id"] = c.evidence_id
        row["document"] = _local(draft.document)
        row["quote"] = c.quote
        row["claimant"] = _local(c.claimant) if c.claimant else ""
        row["stance"] = c.stance
        row["locator"] = c.sentence.locator
        if c.date is not None and c.claim_class in ("Statement", "Recommendation", "Rejection"):
            row["statement_date"] = c.date.iso()
            row["statement_date_text"] = c.date.text if c.date.iso() else ""
        notes = todo(c) + [f"confidence {c.confidence:.2f}"] + c.rules
        row["todo"] = "; ".join(notes)
        rows.append(row)
    return header, rows, left


COLUMNS = {
    "actor": "actor", "incident": "incident", "role": "role", "countOf": "count_of",
    "countSubject": "count_subject", "qualifier": "qualifier", "speaker": "speaker",
    "addressee": "addressee", "topic": "topic", "rejects": "rejects", "subject": "subject",
    "relationType": "relation_type", "object": "object", "about": "about",
}  # fmt: skip


def _cell(iri: str, default: str) -> str:
    """An identifier as the template wants it: a slug for the column's prefix, else a CURIE."""
    c = curie(iri)
    prefix, _, local = c.partition(":")
    return local if prefix == default else c


def to_csv(draft: Draft) -> tuple[str, list[Candidate]]:
    header, rows, left = csv_rows(draft)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue(), left
