"""Problem records shared by every check (syntax, CSV, shapes, consistency).

A problem is one line for a person (where, what, how to fix) and one JSON
object for a machine (severity, focus node, path, value, file, line). They live
in their own module so the CSV reader and the consistency checks can make them
without importing the SHACL machinery.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from ..vocab import curie

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
    kind: str = "shape"  # "syntax", "csv", "shape" or "consistency"
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


_DATE_LOCALS = ("#date", "#startDate", "#endDate", "#publicationDate", "#statementDate")


def owner(graph: rdflib.Graph, node: rdflib.term.Node, depth: int = 0) -> rdflib.term.Node:
    """The named node a blank node or literal hangs from (a date belongs to its event)."""
    from rdflib import Literal

    if isinstance(node, Literal) and depth <= 10:
        # a literal is not unique: prefer a subject that holds it as a date (the
        # shapes that focus literals target the date properties)
        holders = sorted(
            graph.subject_predicates(node), key=lambda sp: not str(sp[1]).endswith(_DATE_LOCALS)
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
