"""Validation in the order a contributor fixes things: encoding and syntax
(file:line:column, or CSV row and column), then the SHACL shapes, then — for
files checked against the data folder — consistency with the existing graph.

Results are ``Problem`` records (severity, focus node, path, value, file, line,
message) that render as one line of text or as JSON. A blank-node focus (a
date, an assessment) is reported on the named node that owns it, since that is
what a person can find in the file. When a consistency or CSV check and a shape
say the same thing about the same node and property, only the more specific
message is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..rdf.files import Progress, data_files, parse_cached
from ..rdf.parse import ParsedFile, parse_file, rdf_files
from ..resources import ontology_files, shape_files
from ..vocab import DATE_PROPERTIES
from .guards import IRI_SCHEMES, literal_problems
from .problems import (
    Problem,
    ShapeResult,
    ValidationReport,
    display,
    focus_text,
    is_blank,
    shape_problems,
    syntax_problem,
    term_text,
)

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "Problem",
    "ValidationReport",
    "check_parsed",
    "load_target",
    "load_targets",
    "shacl_problems",
    "validate",
]


def _shapes_graph() -> rdflib.Graph:
    from rdflib import Graph

    g = Graph()
    for f in shape_files():
        g.parse(f, format="turtle")
    return g


def shacl_problems(
    data: rdflib.Graph,
    locations: dict[str, tuple[Path, int]],
    only_focus: set[str] | None = None,
    columns: dict[str, dict[tuple[str, str], str]] | None = None,
    focus_nodes: list[str | rdflib.URIRef] | None = None,
) -> list[Problem]:
    """Run the shapes over ``data`` and turn pySHACL's report into Problems.

    ``columns`` maps a CSV file's display name to its (subject, predicate) ->
    column table, so a shape result on a CSV row names the column to fix.
    ``focus_nodes`` limits the shapes to those nodes (a contribution's own), which
    keeps checking a small file against a large graph fast.
    """
    import pyshacl
    from rdflib import SH, Literal, URIRef
    from rdflib.namespace import RDF

    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=_shapes_graph(),
        inference="none",
        advanced=False,
        allow_warnings=True,
        focus_nodes=focus_nodes,
    )
    results: list[ShapeResult] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        text, owner_iri = focus_text(data, focus)
        msg = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        results.append(
            ShapeResult(
                severity="warning" if severity in (SH.Warning, SH.Info) else "error",
                focus=text,
                owner=owner_iri,
                node=str(focus),
                path=str(path) if isinstance(path, URIRef) else None,
                path_id=str(path),
                value=term_text(value) if value is not None and value != focus else None,
                value_id=str(value),
                message=str(msg) if isinstance(msg, Literal) else None,
                shape=term_text(shape) if isinstance(shape, URIRef) else None,
            )
        )
    return shape_problems(results, locations, only_focus, columns)


def load_target(
    path: Path, data_dir: Path | None = None, text: str | None = None, fmt: str | None = None
) -> tuple[ParsedFile | None, list[Problem]]:
    """Parse one contribution (Turtle, JSON-LD, N-Triples, RDF/XML or a CSV template).

    Returns the parsed file (None when unusable) and the problems found while
    reading it; an unreadable file is one 'syntax' problem, never an exception.
    """
    try:
        if (fmt or path.suffix.lower().lstrip(".")) == "csv":
            from ..rdf.csvmap import read_csv

            result = read_csv(path, data_dir, text=text)
            for p in result.problems:
                p.file = display(path)
            return (
                None if any(p.kind == "syntax" for p in result.problems) else result.parsed,
                result.problems,
            )
        return parse_file(path, fmt, text=text), []
    except InputError as exc:
        return None, [syntax_problem(exc.message, path)]


def load_targets(
    paths: Sequence[Path], report: ValidationReport, data_dir: Path | None = None
) -> list[ParsedFile]:
    """``load_target`` for each file: the usable ones, their problems added to ``report``."""
    parsed: list[ParsedFile] = []
    for path in paths:
        one, found = load_target(path, data_dir)
        report.problems.extend(found)
        if one is not None:
            parsed.append(one)
    return parsed


@dataclass
class ExistingGraph:
    """The ontology and data folder a contribution joins, with where each subject is."""

    graph: rdflib.Graph
    locations: dict[str, tuple[Path, int]]


def load_existing(
    data_dir: Path | None = None, exclude: Sequence[Path] = (), progress: Progress | None = None
) -> ExistingGraph:
    """Ontology + data folder (minus ``exclude``), parsed strictly."""
    from rdflib import Graph

    from ..vocab import bind_all

    skip = {p.resolve() for p in exclude}
    context = ontology_files() + [f for f in data_files(data_dir) if f.resolve() not in skip]
    graph = Graph()
    bind_all(graph)
    locations: dict[str, tuple[Path, int]] = {}
    for i, path in enumerate(context, start=1):
        parsed = parse_cached(path)
        graph += parsed.graph
        for iri, line in parsed.subject_lines.items():
            locations.setdefault(iri, (Path(display(path)), line))
        if progress:
            progress(path.name, i, len(context) + 2)
    return ExistingGraph(graph, locations)


FOCUS_LIMIT = 400


def check_parsed(
    targets: list[ParsedFile],
    data_dir: Path | None = None,
    exclude: Sequence[Path] = (),
    progress: Progress | None = None,
    consistency: bool = True,
    existing: ExistingGraph | None = None,
) -> list[Problem]:
    """Shapes and consistency problems of ``targets`` joined to the data folder.

    Only problems on nodes the targets write about are returned. Files of the
    data folder listed in ``exclude`` (and the targets themselves) are left out
    of the existing graph: a file being re-checked must not meet itself.
    """
    from rdflib import Graph

    from ..vocab import bind_all

    if existing is None:
        existing = load_existing(data_dir, [*exclude, *(t.path for t in targets)], progress)
    steps = len(data_files(data_dir)) + len(ontology_files()) + 2
    merged = Graph()
    bind_all(merged)
    merged += existing.graph
    locations = dict(existing.locations)
    subjects: set[str] = set()
    columns: dict[str, dict[tuple[str, str], str]] = {}
    names: dict[Path, str] = {}
    for t in targets:
        merged += t.graph
        name = display(t.path)
        names[t.path] = name
        for iri, line in t.subject_lines.items():
            locations[iri] = (Path(name), line)
        subjects |= {str(s) for s in t.graph.subjects() if not is_blank(s)}
        if t.is_csv:
            columns[name] = t.columns
    if progress:
        progress("shapes", steps - 1, steps)
    # pySHACL focuses IRIs only: give the targets' blank nodes (dates...) IRIs
    # in a copy, so the shapes check just the contribution, dates included
    from rdflib import BNode, Literal, URIRef

    from .problems import SKOLEM

    shapes_input = Graph()
    shapes_input += existing.graph
    focus: set[URIRef] = set()
    literal_dates = False

    def named(n: rdflib.term.Node) -> rdflib.term.Node:
        return URIRef(SKOLEM + str(n)) if isinstance(n, BNode) else n

    for t in targets:
        for s, p, o in t.graph:
            s2, o2 = named(s), named(o)
            shapes_input.add((s2, p, o2))
            if isinstance(s2, URIRef):
                focus.add(s2)
            # pySHACL also limits nested sh:node checks to the focus list, so the
            # values (a stance, a topic, a document) must be in it too; results
            # on them are filtered out below by ``subjects``
            if isinstance(o2, URIRef):
                focus.add(o2)
            elif isinstance(o2, Literal) and str(p) in DATE_PROPERTIES:
                literal_dates = True  # only an unfocused run reaches a literal focus
    # pySHACL tests focus nodes by list membership (quadratic): a large
    # contribution is cheaper to check whole, filtered by ``subjects`` after
    # pySHACL cannot take a focus of another IRI scheme (guards.py refuses those)
    focus = {f for f in focus if str(f).lower().startswith(IRI_SCHEMES)}
    focus_list: list[str | URIRef] | None = (
        list(focus) if 0 < len(focus) <= FOCUS_LIMIT and not literal_dates else None
    )
    problems = shacl_problems(shapes_input, locations, subjects, columns, focus_list)
    del shapes_input
    if consistency:
        from .consistency import check

        problems = check(existing.graph, targets, merged, names, existing.locations) + problems
        from .attribution import attribution_problems

        problems += attribution_problems(merged, locations, subjects)
    if progress:
        progress("consistency", steps, steps)
    return problems


def merge_problems(problems: list[Problem]) -> list[Problem]:
    """Drop shape results that repeat a more specific CSV/consistency problem; sort by place."""
    specific = {p.key() for p in problems if p.kind in ("csv", "consistency")}
    # a consistency problem about the node as a whole (no path) covers every shape
    # result on it; one about a property covers only that property
    specific |= {
        (p.focus or "", "") for p in problems if p.kind in ("csv", "consistency") and not p.path
    }
    from_csv = {p.key() for p in problems if p.kind == "csv"}
    kept = [
        p
        for p in problems
        if (p.kind == "consistency" and p.key() not in from_csv)
        or p.kind not in ("shape", "consistency")
        or (p.key() not in specific and (p.focus or "", "") not in specific)
    ]
    kept.sort(key=lambda p: (p.file or "~", p.line or 0, p.severity, p.kind != "csv", p.message))
    return kept


def validate(
    paths: Sequence[Path] | None = None,
    data_dir: Path | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate files (default: every file of the data folder).

    Given files (RDF or CSV templates) are checked together with the existing
    data, so references to actors and documents already in the graph resolve,
    and then for consistency with it; only problems on nodes the given files
    write about are reported.
    """
    existing = data_files(data_dir)
    targets = rdf_files(paths) if paths else existing
    if not targets:
        raise InputError(
            "no RDF files to validate — give a file or a folder with .ttl/.nt/.rdf/.jsonld files"
        )
    report = ValidationReport(files=[display(t) for t in targets])
    if not paths:
        report.problems.extend(_validate_folder(targets, progress))
        report.problems = merge_problems(report.problems)
        return report
    parsed = load_targets(targets, report, data_dir)
    if report.unusable:
        return report
    report.problems.extend(check_parsed(parsed, data_dir, progress=progress))
    report.problems = merge_problems(report.problems)
    return report


def _validate_folder(files: list[Path], progress: Progress | None) -> list[Problem]:
    """The whole data folder: syntax of each file, then the shapes over all of it."""
    from rdflib import Graph

    from ..vocab import bind_all

    graph = Graph()
    bind_all(graph)
    locations: dict[str, tuple[Path, int]] = {}
    problems: list[Problem] = []
    all_files = ontology_files() + files
    for i, path in enumerate(all_files, start=1):
        try:
            parsed = parse_file(path)
        except InputError as exc:
            if path not in files:
                raise
            problems.append(syntax_problem(exc.message, path))
            continue
        graph += parsed.graph
        for iri, line in parsed.subject_lines.items():
            locations.setdefault(iri, (Path(display(path)), line))
        problems.extend(literal_problems(parsed, display(path)))
        if progress:
            progress(path.name, i, len(all_files) + 1)
    if any(p.kind == "syntax" for p in problems):
        return problems
    if progress:
        progress("shapes", len(all_files) + 1, len(all_files) + 1)
    from .attribution import attribution_problems

    return (
        problems + shacl_problems(graph, locations, None) + attribution_problems(graph, locations)
    )
