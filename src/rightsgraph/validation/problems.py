"""Problem records shared by every check (syntax, CSV, shapes, consistency).

A problem is one line for a person (where, what, how to fix) and one JSON
object for a machine (severity, focus node, path, value, file, line). They live
in their own module so the CSV reader and the consistency checks can make them
without importing the SHACL machinery.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..vocab import DATE_PROPERTIES, curie, expand

if TYPE_CHECKING:
    import rdflib


@dataclass
class Problem:
    """One thing wrong, in the contributor's terms.

    ``line`` is a line of an RDF file, or the spreadsheet row of a CSV file
    (the header is row 1), in which case ``csv_column`` names the column.
    """

    severity: str  # "error" or "warning"
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    kind: str = "shape"  # "syntax", "csv", "shape", "consistency" or "attribution"
    csv_column: str | None = None

    def where(self) -> str:
        where = self.file or "<graph>"
        if self.file and self.file.lower().endswith(".csv"):
            if self.line:
                where += f" row {self.line}"
                if self.csv_column:
                    where += f", column '{self.csv_column}'"
            return where
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where

    def render(self) -> str:
        subject = ""
        if self.focus:
            subject = self.focus
            if self.path:
                subject += f" {self.path}"
            if self.value and self.value != self.focus:
                subject += f" = {self.value}"
            subject += ": "
        from ..text import visible

        return visible(f"{self.where()}: {self.severity}: {subject}{self.message}")

    def key(self) -> tuple[str, str]:
        """What a problem is about; a shape result with the same key says the same thing."""
        return (self.focus or "", self.path or "")


@dataclass
class ValidationReport:
    """Every problem found in some files, in the order a person should fix them."""

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

    def to_dict(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "files": self.files,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [asdict(p) for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        lines = [p.render() for p in self.problems]
        lines.append(
            f"{len(self.files)} file(s) checked: {len(self.errors)} error(s), "
            f"{len(self.warnings)} warning(s)"
        )
        return "\n".join(lines)


SKOLEM = "urn:rightsgraph:blank:"


def is_blank(node: object) -> bool:
    """A blank node, or one renamed for the shapes engine (which only focuses IRIs)."""
    from rdflib import BNode

    return isinstance(node, BNode) or str(node).startswith(SKOLEM)


def owner(graph: rdflib.Graph, node: rdflib.term.Node, depth: int = 0) -> rdflib.term.Node:
    """The named node a blank node or literal hangs from (a date belongs to its event)."""
    from rdflib import Literal

    if isinstance(node, Literal) and depth <= 10:
        # a literal is not unique: prefer a subject that holds it as a date (the
        # shapes that focus literals target the date properties)
        holders = sorted(
            graph.subject_predicates(node), key=lambda sp: str(sp[1]) not in DATE_PROPERTIES
        )
        return owner(graph, holders[0][0], depth + 1) if holders else node
    if not is_blank(node) or depth > 10:
        return node
    for s in graph.subjects(None, node):
        return owner(graph, s, depth + 1)
    return node


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def term_text(t: rdflib.term.Node | None) -> str | None:
    """A term as a person reads it: a CURIE, a quoted (shortened) text, or [blank node]."""
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if is_blank(t):
        return "[blank node]"
    if isinstance(t, URIRef):
        return curie(str(t))
    if isinstance(t, Literal):
        text = str(t)
        shown = json.dumps(text[:80] + ("…" if len(text) > 80 else ""), ensure_ascii=False)
        # never echo a bidi control or zero-width character to a terminal: show its code
        return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)
    if isinstance(t, BNode):
        return "[blank node]"
    return str(t)


def focus_text(graph: rdflib.Graph, node: rdflib.term.Node) -> tuple[str | None, str | None]:
    """(text, owner IRI) for a focus node: a blank node is named through its owner,
    e.g. ``incident:moura rg:date``."""
    from rdflib import URIRef

    top = owner(graph, node)
    text = term_text(top)
    if top is not node:
        via = next(iter(graph.predicates(top, node)), None)
        if via is not None:
            text = f"{text} {term_text(via)}"
    return text, (str(top) if isinstance(top, URIRef) and not is_blank(top) else None)


def display(path: Path) -> str:
    """A file as a message names it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def syntax_problem(message: str, path: Path) -> Problem:
    """An InputError message 'file:line:col: text' (or 'file row N: text') as a Problem."""
    m = re.match(r"^(.*?):(\d+)(?::(\d+))?: (.*)$", message)
    if m and Path(m.group(1)) == path:
        return Problem(
            "error",
            m.group(4),
            display(path),
            int(m.group(2)),
            int(m.group(3)) if m.group(3) else None,
            kind="syntax",
        )
    m = re.match(r"^(.*?) row (\d+): (.*)$", message)
    if m and Path(m.group(1)) == path:
        return Problem("error", m.group(3), display(path), int(m.group(2)), kind="syntax")
    rest = message[len(str(path)) + 2 :] if message.startswith(str(path)) else message
    return Problem("error", rest, display(path), kind="syntax")


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL result from either engine (pySHACL or the fast validator), reduced
    to what a ``Problem`` shows; ``shape_problems`` is the one place that turns
    them into Problems, so both engines locate and de-duplicate the same way."""

    severity: str  # "error" or "warning"
    focus: str | None  # the focus as text, named through its owner: "incident:moura rg:date"
    owner: str | None  # IRI of the named node the focus belongs to (finds file and line)
    node: str  # the focus node itself, as the engine names it
    path: str | None  # the result path's IRI when it is a single predicate
    path_id: str  # what tells two results' paths apart
    value: str | None  # the value as text; None when there is none or it is the focus
    value_id: str  # what tells two results' values apart
    message: str | None
    shape: str | None  # the source shape as text, when it is named


def shape_problems(
    results: Iterable[ShapeResult],
    locations: Mapping[str, tuple[Path | str, int]],
    only_focus: set[str] | None = None,
    columns: dict[str, dict[tuple[str, str], str]] | None = None,
) -> list[Problem]:
    """Problems for shape results, in the engine's order: each placed at the file
    and line (or CSV row and column) of its owner, once per (node, focus, path,
    value, message). ``only_focus`` keeps results whose owner is one of those IRIs."""
    from rdflib import URIRef

    problems: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for r in results:
        if only_focus is not None and r.owner not in only_focus:
            continue
        key = (r.owner or r.node, str(r.focus), r.path_id, r.value_id, str(r.message))
        if key in seen:
            continue
        seen.add(key)
        file, line, column = None, None, None
        if r.owner and r.owner in locations:
            f, line = locations[r.owner]
            file = str(f)
            table = (columns or {}).get(file)
            if table is not None:
                column = table.get((r.owner, r.path)) if r.path else None
                via = r.focus.split(" ", 1)[1] if r.focus and " " in r.focus else None
                if column is None and via is not None:
                    column = table.get((r.owner, expand(via) or ""))
        problems.append(
            Problem(
                severity=r.severity,
                message=r.message or "does not conform to its shape",
                file=file,
                line=line,
                focus=r.focus,
                path=term_text(URIRef(r.path)) if r.path else None,
                value=r.value,
                shape=r.shape,
                csv_column=column,
            )
        )
    return problems
