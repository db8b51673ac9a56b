"""Reviewing a contribution against the graph, and merging it safely.

``review`` checks the files (syntax, shapes, consistency) and says what they
would add or change: new entities, new claims, new evidence on existing claims,
existing entities given new statements, and claims that become contested.
``apply`` merges a clean contribution into the data folder.

A merge writes one new file, ``data/contrib-<name>.ttl``, rather than appending
to the curated files: the curated files are never rewritten (nothing to corrupt
if the process dies), a contribution stays one reviewable, revertable file whose
name records where it came from, and creating a file is atomic where appending
is not. The file is written to a temporary file in the data folder, fsynced,
read back and validated together with the rest of the data, and only then named
(see ``atomic.py``); a rejected or interrupted merge leaves the folder unchanged.

Merges take turns: ``apply`` holds a lock on the data folder and re-runs every
check (shapes, consistency, protected changes) against the folder as it is
under the lock, so a contribution that became invalid while another merged is
refused with one line. Changes to an existing entity's access level, type or
label are listed first and need ``allow_protected`` (see ``protect.py``). Every
line of the review is printed through ``text.visible``: a label cannot move the
cursor, erase a line or paint a fake one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, ValidationFailed
from ..rdf.files import Progress
from ..rdf.parse import ParsedFile, parse_file
from ..resources import default_data_dir
from ..text import visible
from ..validation.files import (
    ExistingGraph,
    check_parsed,
    load_existing,
    load_targets,
    merge_problems,
)
from ..validation.problems import ValidationReport, display
from ..vocab import (
    ONTOLOGY,
    RDF_TYPE,
    RDFS_SUBCLASS,
    SKOS_BROADER,
    STANCE_AFFIRMING,
    STANCE_OPPOSING,
    curie,
)
from .atomic import create_atomically, locked, pause_point
from .protect import FLAG, ProtectedChange, overlong_quotes, protected_changes

if TYPE_CHECKING:
    import rdflib

SUBCLASS = RDFS_SUBCLASS
RG_EVIDENCE = ONTOLOGY + "evidence"
STANCE = ONTOLOGY + "stance"
CLAIMANT = ONTOLOGY + "claimant"
DOCUMENT = ONTOLOGY + "document"
BROADER, AFFIRMING, OPPOSING = SKOS_BROADER, STANCE_AFFIRMING, STANCE_OPPOSING

SYMBOLS = {
    "new entity": "+",
    "new claim": "+",
    "new evidence": "+",
    "changed": "~",
    "contested": "!",
}


@dataclass
class Change:
    """One thing the contribution adds or changes, for a reviewer."""

    kind: str  # "new entity", "new claim", "new evidence", "changed", "contested"
    iri: str
    detail: str

    def render(self) -> str:
        return f"  {SYMBOLS[self.kind]} {self.kind}: {curie(self.iri)} {self.detail}".rstrip()


@dataclass
class ContributionReport:
    """Problems and changes of one contribution (one or more files)."""

    validation: ValidationReport
    changes: list[Change] = field(default_factory=list)
    targets: list[ParsedFile] = field(default_factory=list)
    applied: str | None = None
    protected: list[ProtectedChange] = field(default_factory=list)
    allow_protected: bool = False
    refused: str | None = None

    @property
    def conforms(self) -> bool:
        return self.validation.conforms

    def summary(self) -> str:
        counts = {k: sum(1 for c in self.changes if c.kind == k) for k in SYMBOLS}
        parts = [
            f"{counts['new entity']} new entit{'y' if counts['new entity'] == 1 else 'ies'}",
            f"{counts['new claim']} new claim(s)",
            f"{counts['new evidence']} new evidence record(s) on existing claims",
            f"{counts['changed']} existing entit{'y' if counts['changed'] == 1 else 'ies'} changed",
            f"{counts['contested']} claim(s) become contested",
        ]
        return ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        out = self.validation.to_dict()
        out["changes"] = [
            {"kind": c.kind, "node": curie(c.iri), "iri": c.iri, "detail": c.detail}
            for c in self.changes
        ]
        out["protected"] = [p.to_dict() for p in self.protected]
        out["applied"] = self.applied
        if self.refused:
            out["refused"] = self.refused
        return out

    def to_text(self) -> str:
        lines: list[str] = []
        if self.protected:
            allowed = "allowed by" if self.allow_protected else "need"
            lines.append(f"protected changes ({allowed} {FLAG}):")
            lines.extend(p.render() for p in self.protected)
        lines.extend(p.render() for p in self.validation.problems)
        v = self.validation
        lines.append(
            f"{len(v.files)} file(s) checked: {len(v.errors)} error(s), {len(v.warnings)} warning(s)"
        )
        if self.changes or v.conforms:
            lines.append("changes:")
            lines.extend(c.render() for c in self.changes)
            lines.append(f"summary: {self.summary()}")
        if self.applied:
            lines.append(f"merged into {self.applied}")
        elif self.refused:
            lines.append(f"not merged: {self.refused}")
        elif v.conforms:
            lines.append("not merged: run again with --apply to merge into the data folder")
        else:
            lines.append("not merged: fix the errors above and run again")
        return "\n".join(visible(line) for line in lines)


def review(
    paths: Sequence[Path],
    data_dir: Path | None = None,
    progress: Progress | None = None,
    allow_protected: bool = False,
) -> ContributionReport:
    """Check a contribution and list what it adds and changes; never writes anything."""
    from ..rdf.parse import rdf_files

    files = rdf_files(paths)
    if not files:
        raise InputError("no contribution files given — pass .ttl, .jsonld or .csv files")
    validation = ValidationReport(files=[display(f) for f in files])
    targets = load_targets(files, validation, data_dir)
    for t in targets:
        if t.named_graphs:
            # a contribution is merged as one Turtle file: its graph names would be lost
            raise InputError(
                f"{display(t.path)}: a contribution cannot hold named graphs "
                f"(<{min(t.named_graphs)}>) — write its triples without GRAPH, or add "
                "the file to the data folder yourself"
            )
    report = ContributionReport(validation, targets=targets, allow_protected=allow_protected)
    if validation.unusable:
        validation.problems = merge_problems(validation.problems)
        return report
    existing = load_existing(data_dir, [t.path for t in targets], progress)
    validation.problems.extend(
        check_parsed(targets, data_dir, existing=existing, progress=progress)
    )
    shown = {str(t.path): display(t.path) for t in targets}
    validation.problems.extend(overlong_quotes(targets, shown))
    report.protected = protected_changes(existing.graph, targets, shown)
    if not allow_protected:
        validation.problems.extend(p.problem() for p in report.protected)
    validation.problems = merge_problems(validation.problems)
    report.changes = changes(existing, targets)
    return report


def _combined(targets: Sequence[ParsedFile]) -> rdflib.Graph:
    from rdflib import Graph

    from ..vocab import bind_all

    g = Graph()
    bind_all(g)
    for t in targets:
        g += t.graph
    return g


def _is_a(graph: rdflib.Graph, node: rdflib.term.Node, cls: str) -> bool:
    from rdflib import URIRef

    wanted = URIRef(cls)
    for t in graph.objects(node, URIRef(RDF_TYPE)):
        if t == wanted or wanted in graph.transitive_objects(t, URIRef(SUBCLASS)):
            return True
    return False


def _label(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    from rdflib import URIRef

    for p in ("http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title"):
        for o in graph.objects(node, URIRef(p)):
            return str(o)
    return ""


def _evidence_text(graph: rdflib.Graph, ev: rdflib.term.Node) -> str:
    from rdflib import URIRef

    who = next(iter(graph.objects(ev, URIRef(CLAIMANT))), None)
    stance = next(iter(graph.objects(ev, URIRef(STANCE))), None)
    doc = next(iter(graph.objects(ev, URIRef(DOCUMENT))), None)
    parts = [
        curie(str(who)) if who else "?",
        curie(str(stance)).split(":", 1)[-1] if stance else "?",
    ]
    return f"{parts[0]} {parts[1]} in {curie(str(doc)) if doc else '?'}"


def changes(existing: ExistingGraph, targets: Sequence[ParsedFile]) -> list[Change]:
    """What the contribution adds to and changes in the existing graph."""
    from rdflib import Graph, URIRef

    before = existing.graph
    contrib = _combined(targets)
    after = Graph()
    after += before
    after += contrib
    typed_before = {str(s) for s in before.subjects(URIRef(RDF_TYPE), None)}
    out: list[Change] = []
    claim_cls = ONTOLOGY + "Claim"
    evidence_cls = ONTOLOGY + "Evidence"
    for s in sorted({s for s in contrib.subjects() if isinstance(s, URIRef)}, key=str):
        iri = str(s)
        label = _label(after, s)
        if iri not in typed_before:
            if _is_a(after, s, evidence_cls):
                for claim in after.subjects(URIRef(RG_EVIDENCE), s):
                    if str(claim) in typed_before:
                        out.append(
                            Change(
                                "new evidence",
                                iri,
                                f"on {curie(str(claim))}: {_evidence_text(after, s)}",
                            )
                        )
                continue
            kind = "new claim" if _is_a(after, s, claim_cls) else "new entity"
            types = ", ".join(curie(str(t)) for t in after.objects(s, URIRef(RDF_TYPE)))
            detail = f"({types})" + (f" {label}" if label else "")
            if kind == "new claim":
                n = len(set(after.objects(s, URIRef(RG_EVIDENCE))))
                detail += f" — {n} evidence record(s)"
            out.append(Change(kind, iri, detail))
            continue
        added = [
            (p, o)
            for p, o in contrib.predicate_objects(s)
            if (s, p, o) not in before and str(p) != RG_EVIDENCE
        ]
        if added:
            props = sorted({curie(str(p)) for p, _ in added})
            out.append(
                Change("changed", iri, f"gains {len(added)} statement(s): {', '.join(props)}")
            )
    claims = {s for s in after.subjects(URIRef(RG_EVIDENCE), None) if _is_a(after, s, claim_cls)}
    touched = {s for s in claims if (s, None, None) in contrib}
    from ..derivation import contested_in

    now, earlier = (contested_in(after), contested_in(before)) if touched else (set(), set())
    for claim in sorted(touched, key=str):
        if str(claim) in now and str(claim) not in earlier:
            against = [
                _evidence_text(after, ev)
                for ev in after.objects(claim, URIRef(RG_EVIDENCE))
                if any(
                    str(b) == OPPOSING
                    for st in after.objects(ev, URIRef(STANCE))
                    for b in after.objects(st, URIRef(BROADER))
                )
            ]
            out.append(
                Change("contested", str(claim), "becomes contested: " + "; ".join(sorted(against)))
            )
    return out


def contribution_name(paths: Sequence[Path], name: str | None = None) -> str:
    """The file a merge creates: contrib-<name>.ttl, from --name or the first file."""
    from ..rdf.csvmap import slugify

    raw = name or paths[0].stem
    slug = slugify(raw)
    if not slug:
        raise InputError(f"'{raw}' gives no usable file name — pass --name with letters or digits")
    slug = re.sub(r"^contrib-", "", slug)
    return f"contrib-{slug}.ttl"


def serialise(report: ContributionReport) -> bytes:
    """The contribution as one Turtle file, with a header saying where it came from."""
    graph = _combined(report.targets)
    body = graph.serialize(format="turtle")
    sources = ", ".join(Path(f).name for f in report.validation.files)
    header = (
        f"# Contribution merged by 'rightsgraph contribute --apply' on {dt.date.today().isoformat()}\n"
        f"# from: {sources}\n\n"
    )
    return (header + body).encode("utf-8")


def apply(
    report: ContributionReport,
    data_dir: Path | None = None,
    name: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Merge a reviewed, conforming contribution into the data folder, atomically.

    Raises ValidationFailed (nothing written) if the contribution or the merged
    result has errors, InputError if the target file already exists.
    """
    if not report.conforms:
        raise ValidationFailed(
            f"the contribution has {len(report.validation.errors)} error(s) — nothing was merged"
        )
    folder = data_dir or default_data_dir()
    target = folder / contribution_name([Path(f) for f in report.validation.files], name)
    data = serialise(report)
    pause_point("checked")

    def verify(written: bytes) -> None:
        """Every check again, against the data folder as it is under the lock."""
        parsed = parse_file(target, "turtle", text=written.decode("utf-8"))
        existing = load_existing(data_dir, [target], progress)
        problems = merge_problems(
            check_parsed([parsed], data_dir, existing=existing, progress=progress)
            + overlong_quotes([parsed])
        )
        errors = [p for p in problems if p.severity == "error"]
        if not report.allow_protected:
            errors += [p.problem() for p in protected_changes(existing.graph, [parsed])]
        if errors:
            raise ValidationFailed(
                f"the merged data would not validate ({errors[0].render()}) — nothing was merged"
            )

    with locked(folder):
        create_atomically(target, data, verify)
    report.applied = display(target)
    return target
