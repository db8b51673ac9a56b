"""Protected changes: what a contribution may do to an existing entity only on purpose.

A contribution can only add triples, but one added triple can do a lot: an
``rg:accessLevel access:restricted`` on an actor withdraws it, and every claim
that names it, from every public output (censorship by one line); a second
``rdf:type`` or ``rdfs:label`` turns an entity into something, or someone,
else. These are listed first in a review, before → after, and a merge that
holds any of them needs ``--allow-protected``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..rdf.parse import ParsedFile
from ..validation.guards import MAX_QUOTE_CHARS, QUOTE, long_quotes
from ..validation.problems import Problem
from ..vocab import ONTOLOGY, curie

if TYPE_CHECKING:
    import rdflib

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
ACCESS_LEVEL = ONTOLOGY + "accessLevel"
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
WHAT = {ACCESS_LEVEL: "access level", RDF_TYPE: "type", **dict.fromkeys(LABELS, "label")}
FLAG = "--allow-protected"


@dataclass
class ProtectedChange:
    """A new value for an existing entity's access level, type or label."""

    iri: str
    predicate: str
    before: list[str]
    after: list[str]
    file: str | None = None
    line: int | None = None
    note: str = ""

    @property
    def what(self) -> str:
        return WHAT[self.predicate]

    def render(self) -> str:
        old = ", ".join(self.before) or "(none)"
        note = f" ({self.note})" if self.note else ""
        return (
            f"  ! {self.what}: {curie(self.iri)} {curie(self.predicate)}: {old} → "
            f"{', '.join(self.after)}{note}"
        )

    def problem(self) -> Problem:
        return Problem(
            "error",
            f"protected change of an existing entity's {self.what}: "
            f"{', '.join(self.before) or '(none)'} → {', '.join(self.after)} — check it is "
            f"meant, then run again with {FLAG}",
            self.file,
            self.line,
            focus=curie(self.iri),
            path=curie(self.predicate),
            kind="consistency",
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "node": curie(self.iri),
            "iri": self.iri,
            "what": self.what,
            "property": curie(self.predicate),
            "before": self.before,
            "after": self.after,
        }


def _show(term: rdflib.term.Node) -> str:
    from rdflib import Literal

    if isinstance(term, Literal):
        return f'"{term}"'
    return curie(str(term))


def _implied_types(graph: rdflib.Graph, node: rdflib.term.Node) -> set[str]:
    """The entity's types and all their superclasses: a type already implied is no change."""
    from rdflib import URIRef

    out: set[str] = set()
    for t in graph.objects(node, URIRef(RDF_TYPE)):
        out.add(str(t))
        out |= {str(c) for c in graph.transitive_objects(t, URIRef(SUBCLASS))}
    return out


def protected_changes(
    existing: rdflib.Graph,
    targets: Sequence[ParsedFile],
    display: dict[str, str] | None = None,
) -> list[ProtectedChange]:
    """Every new access level, type or label the targets give an entity ``existing`` holds."""
    from rdflib import URIRef

    out: list[ProtectedChange] = []
    for t in targets:
        name = (display or {}).get(str(t.path), str(t.path))
        for s in sorted({s for s in t.graph.subjects() if isinstance(s, URIRef)}, key=str):
            if (s, URIRef(RDF_TYPE), None) not in existing:
                continue  # a new entity: nothing to protect yet
            implied = _implied_types(existing, s)
            for pred in (ACCESS_LEVEL, RDF_TYPE, *LABELS):
                p = URIRef(pred)
                old = sorted(existing.objects(s, p), key=str)
                new = [
                    o
                    for o in sorted(t.graph.objects(s, p), key=str)
                    if o not in old and not (pred == RDF_TYPE and str(o) in implied)
                ]
                if not new:
                    continue
                if pred == ACCESS_LEVEL and not old:
                    old_shown = ["(public by default)"]
                else:
                    old_shown = [_show(o) for o in old]
                note = ""
                if pred == ACCESS_LEVEL and any(str(o).endswith("/restricted") for o in new):
                    mentions = len(set(existing.triples((s, None, None)))) + len(
                        set(existing.triples((None, None, s)))
                    )
                    note = (
                        f"withdraws it and the {mentions} statement(s) naming it from public output"
                    )
                out.append(
                    ProtectedChange(
                        str(s),
                        pred,
                        old_shown,
                        [_show(o) for o in new],
                        name,
                        t.subject_lines.get(str(s)),
                        note,
                    )
                )
    return out


def overlong_quotes(
    targets: Sequence[ParsedFile], display: dict[str, str] | None = None
) -> list[Problem]:
    """Quotes over MAX_QUOTE_CHARS refused in a contribution (the shapes only warn).

    The project's rule is one sentence; a quote of a paragraph or a page is a copy
    of the document, not evidence, and makes every later check of it slower.
    """
    from ..validation.problems import focus_text

    out = []
    for t in targets:
        name = (display or {}).get(str(t.path), str(t.path))
        for node, length in long_quotes(t.graph):
            focus, owner = focus_text(t.graph, node)
            out.append(
                Problem(
                    "error",
                    f"the quote is {length} characters, over {MAX_QUOTE_CHARS} — quote one "
                    "sentence at most, never a whole paragraph",
                    name,
                    t.subject_lines.get(owner or ""),
                    focus=focus,
                    path=curie(QUOTE),
                    kind="consistency",
                )
            )
    return out
