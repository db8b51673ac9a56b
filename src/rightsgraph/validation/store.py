"""``rightsgraph --store oxigraph:PATH validate``: the fast validator on the on-disk store.

pySHACL on an in-memory rdflib graph (``validation.files``) is the reference and what
the embedded store uses; past ~100k triples it takes minutes and gigabytes. On an
Oxigraph store the shapes run through ``shacl_fast`` instead — the same results,
checked against pySHACL by the tests — and a contribution is checked against the
whole store without copying it. Results become the same ``Problem`` lines.

Whole-store results name the node and property, not a file line: the store does
not keep where each triple came from (grep the data folder for the node's IRI).
Results on given files do name the line.

A contribution's evidence records also get the attribution check
(``attribution``), read from the store around them, as the embedded store checks
a contribution. The whole store does not yet: on a large graph that is one more
full pass, and the synthetic benchmark graph's quotes never name their actors, so
it would bury the shape results under one warning per record.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..rdf.parse import parse_file, rdf_files
from ..vocab import DATE_PROPERTIES
from .problems import (
    Problem,
    ShapeResult,
    ValidationReport,
    display,
    shape_problems,
    syntax_problem,
    term_text,
)
from .shacl_eval import Violation
from .shacl_view import View


def validate_oxigraph(
    ox_store: Any, paths: Sequence[Path] | None = None, loaded: Sequence[Path] = ()
) -> ValidationReport:
    """The whole store (built from the files ``loaded``), or ``paths`` (RDF
    files) checked against it."""
    import pyoxigraph as ox

    from ..store.ingest import load_files
    from .shacl_fast import validate_additions, validate_store

    if not paths:
        report = ValidationReport(files=[display(f) for f in loaded] or ["(the store)"])
        report.problems = _problems(validate_store(ox_store), View(ox_store), {})
        return report
    if any(p.suffix.lower() == ".csv" for p in paths):
        raise InputError(
            "CSV templates are checked on the embedded store — run "
            "`rightsgraph validate FILE.csv` without --store"
        )
    targets = rdf_files(paths)
    if not targets:
        raise InputError("no RDF files to validate — give .ttl/.nt/.rdf/.jsonld files")
    report = ValidationReport(files=[display(t) for t in targets])
    added = ox.Store()
    lines: dict[str, tuple[str, int]] = {}
    for path in targets:
        try:
            load_files(added, [path])
        except InputError as exc:
            report.problems.append(syntax_problem(exc.message, path))
            continue
        for iri, line in parse_file(path).subject_lines.items():
            lines.setdefault(iri, (display(path), line))
    if report.unusable:
        return report
    violations = validate_additions(ox_store, added, None)
    view = View(ox_store, added)
    report.problems = _problems(violations, view, lines) + _attribution(view, added, lines)
    report.problems.sort(key=_place)
    return report


class StoreTriples:
    """rdflib's ``Graph.triples`` lookup answered from the stores of a ``View``
    (their data and ontology graphs): what ``attribution.around`` reads, so a
    contribution's attributions are checked against the store without copying it."""

    def __init__(self, view: View) -> None:
        from ..store.oxigraph import OxConverter

        self.view = view
        # blank nodes keep their store labels: a lookup may start from one it returned
        self.conv = OxConverter(keep_bnode_ids=True)

    def _ox(self, term: Any) -> Any:
        from ..store.oxigraph import to_ox

        return None if term is None else to_ox(term)

    def triples(self, pattern: tuple[Any, Any, Any]) -> Iterator[tuple[Any, Any, Any]]:
        s, p, o = (self._ox(t) for t in pattern)
        if isinstance(s, self.view.ox.Literal) or isinstance(p, self.view.ox.Literal):
            return  # nothing is said of a literal
        seen: set[Any] = set()
        for st in self.view.stores:
            for q in self.view.quads(st, s, p, o):
                triple = (q.subject, q.predicate, q.object)
                if triple not in seen:
                    seen.add(triple)
                    yield (self.conv(q.subject), self.conv(q.predicate), self.conv(q.object))


def _attribution(view: View, added: Any, lines: dict[str, tuple[str, int]]) -> list[Problem]:
    """The attribution check (``attribution``) on the records a contribution adds,
    read with the store, as the embedded store checks a contribution."""
    from .attribution import attribution_problems

    ox = view.ox
    subjects = {
        q.subject.value
        for q in added.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if isinstance(q.subject, ox.NamedNode)
    }
    if not subjects:
        return []
    return attribution_problems(StoreTriples(view), lines, subjects)


def _place(p: Problem) -> tuple[Any, ...]:
    return (p.file or "~", p.line or 0, p.severity, p.focus or "", p.message)


def _owner(view: View, node: Any, depth: int = 0) -> tuple[Any, Any]:
    """(named node, predicate) a blank node or literal hangs from, as in
    ``problems.owner``: a date belongs to its event."""
    ox = view.ox
    if depth > 10 or isinstance(node, ox.NamedNode):
        return node, None
    holders = [
        (q.subject, q.predicate) for st in view.stores for q in view.quads(st, None, None, node)
    ]
    if not holders:
        return node, None
    holders.sort(key=lambda sp: sp[1].value not in DATE_PROPERTIES)
    subject, pred = holders[0]
    if isinstance(subject, ox.NamedNode):
        return subject, pred
    top, _ = _owner(view, subject, depth + 1)
    return top, pred


def _problems(
    violations: list[Violation], view: View, lines: dict[str, tuple[str, int]]
) -> list[Problem]:
    from rdflib import URIRef

    from ..store.oxigraph import OxConverter

    conv = OxConverter()
    results: list[ShapeResult] = []
    for v in violations:
        top, via = _owner(view, v.focus)
        text = term_text(conv(top))
        if via is not None and top != v.focus:
            text = f"{text} {term_text(conv(via))}"
        value = None if v.value is None or v.value == v.focus else term_text(conv(v.value))
        simple = v.path if v.path and " / " not in v.path and not v.path.startswith("^") else None
        results.append(
            ShapeResult(
                severity="error" if v.severity == "Violation" else "warning",
                focus=text,
                owner=top.value if isinstance(top, view.ox.NamedNode) else None,
                node=str(v.focus),
                path=simple,
                # as pySHACL's reports are read: a predicate path only
                path_id=str(term_text(URIRef(simple)) if simple else None),
                value=value,
                value_id=str(value),
                message=v.message,
                shape=term_text(v.shape) if isinstance(v.shape, URIRef) else None,
            )
        )
    out = shape_problems(results, lines)
    out.sort(key=_place)
    return out
