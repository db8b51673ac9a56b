"""Validation: strict syntax first, then the SHACL shapes, reported as records
(severity, focus node, path, value, file, line, message) that render as text or
JSON. A blank-node focus (a date, an assessment) is reported on the named node
that owns it, since that is what a person can find in the file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .graphdata import data_files
from .load import parse_file, rdf_files
from .namespaces import curie
from .resources import ontology_files, shape_files

if TYPE_CHECKING:
    import rdflib


@dataclass
class Problem:
    """One thing wrong, in the contributor's terms."""

    severity: str  # "error" or "warning"
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    kind: str = "shape"  # "syntax", "shape" or "consistency"

    def render(self) -> str:
        where = self.file or "<graph>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        subject = ""
        if self.focus:
            subject = self.focus
            if self.path:
                subject += f" {self.path}"
            if self.value and self.value != self.focus:
                subject += f" = {self.value}"
            subject += ": "
        return f"{where}: {self.severity}: {subject}{self.message}"


@dataclass
class ValidationReport:
    files: list[str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def unusable(self) -> bool:
        """True when some input could not even be parsed (exit code 2)."""
        return any(p.kind == "syntax" for p in self.problems)

    @property
    def conforms(self) -> bool:
        return not self.errors

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "files": self.files,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [asdict(p) for p in self.problems],
            },
            indent=2,
            ensure_ascii=False,
        )

    def to_text(self) -> str:
        lines = [p.render() for p in self.problems]
        lines.append(
            f"{len(self.files)} file(s) checked: {len(self.errors)} error(s), "
            f"{len(self.warnings)} warning(s)"
        )
        return "\n".join(lines)


def _shapes_graph() -> rdflib.Graph:
    from rdflib import Graph

    g = Graph()
    for f in shape_files():
        g.parse(f, format="turtle")
    return g


def _owner(graph: rdflib.Graph, node: rdflib.term.Node, depth: int = 0) -> rdflib.term.Node:
    """The named node a blank node hangs from (a date belongs to its event)."""
    from rdflib import BNode

    if not isinstance(node, BNode) or depth > 10:
        return node
    for s in graph.subjects(None, node):
        return _owner(graph, s, depth + 1)
    return node


def _term(t: rdflib.term.Node | None) -> str | None:
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return curie(str(t))
    if isinstance(t, Literal):
        text = str(t)
        return json.dumps(text[:80] + ("…" if len(text) > 80 else ""), ensure_ascii=False)
    if isinstance(t, BNode):
        return "[blank node]"
    return str(t)


def shacl_problems(
    data: rdflib.Graph,
    locations: dict[str, tuple[Path, int]],
    only_focus: set[str] | None = None,
) -> list[Problem]:
    """Run the shapes over ``data`` and turn pySHACL's report into Problems."""
    import pyshacl
    from rdflib import SH, Literal, URIRef
    from rdflib.namespace import RDF

    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=_shapes_graph(),
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    problems: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        owner = _owner(data, focus) if focus is not None else None
        owner_iri = str(owner) if isinstance(owner, URIRef) else None
        if only_focus is not None and owner_iri not in only_focus:
            continue
        severity = (
            "warning"
            if report.value(result, SH.resultSeverity) in (SH.Warning, SH.Info)
            else "error"
        )
        msg = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        focus_text = _term(owner)
        if focus is not None and owner is not focus:
            # name the property through which the blank node hangs, e.g. rg:date
            via = next(iter(data.predicates(owner, focus)), None) if owner is not None else None
            if via is not None:
                focus_text = f"{focus_text} {_term(via)}"
        file, line = (None, None)
        if owner_iri and owner_iri in locations:
            f, line = locations[owner_iri]
            file = str(f)
        key = (str(owner), str(path), str(value), str(msg))
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            Problem(
                severity=severity,
                message=str(msg) if isinstance(msg, Literal) else "does not conform to its shape",
                file=file,
                line=line,
                focus=focus_text,
                path=_term(path) if isinstance(path, URIRef) else None,
                value=_term(value) if value is not None and value != focus else None,
                shape=_term(shape) if isinstance(shape, URIRef) else None,
            )
        )
    problems.sort(key=lambda p: (p.file or "~", p.line or 0, p.severity, p.message))
    return problems


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def validate(
    paths: Sequence[Path] | None = None,
    data_dir: Path | None = None,
) -> ValidationReport:
    """Validate files (default: every file of the data folder).

    Given files are checked together with the existing data, so references to
    actors and documents already in the graph resolve; only problems on nodes
    the given files define are reported.
    """
    from rdflib import Graph

    from .namespaces import bind_all

    existing = data_files(data_dir)
    targets = rdf_files(paths) if paths else existing
    if not targets:
        raise InputError(
            "no RDF files to validate — give a file or a folder with .ttl/.nt/.rdf/.jsonld files"
        )
    resolved_targets = {t.resolve() for t in targets}
    context_files = [f for f in existing if f.resolve() not in resolved_targets]
    report = ValidationReport(files=[_display(t) for t in targets])

    graph = Graph()
    bind_all(graph)
    locations: dict[str, tuple[Path, int]] = {}
    target_subjects: set[str] = set()
    for path in ontology_files() + context_files + list(targets):
        is_target = path.resolve() in resolved_targets
        try:
            parsed = parse_file(path)
        except InputError as exc:
            if not is_target:
                raise
            report.problems.append(_syntax_problem(exc.message, path))
            continue
        graph += parsed.graph
        for iri, line in parsed.subject_lines.items():
            if is_target:
                locations[iri] = (Path(_display(path)), line)
                target_subjects.add(iri)
            else:
                locations.setdefault(iri, (Path(_display(path)), line))
        if is_target:
            target_subjects |= {str(s) for s in parsed.graph.subjects() if not _is_bnode(s)}
    if report.unusable:
        return report
    only = None if not paths else target_subjects
    report.problems.extend(shacl_problems(graph, locations, only))
    return report


def _is_bnode(node: object) -> bool:
    from rdflib import BNode

    return isinstance(node, BNode)


def _syntax_problem(message: str, path: Path) -> Problem:
    """An InputError message 'file:line:col: text' as a Problem record."""
    import re

    m = re.match(r"^(.*?):(\d+)(?::(\d+))?: (.*)$", message)
    if m and Path(m.group(1)) == path:
        return Problem(
            "error",
            m.group(4),
            _display(path),
            int(m.group(2)),
            int(m.group(3)) if m.group(3) else None,
            kind="syntax",
        )
    rest = message[len(str(path)) + 2 :] if message.startswith(str(path)) else message
    return Problem("error", rest, _display(path), kind="syntax")
