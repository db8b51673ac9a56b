"""Validation that scales: our SHACL Core shapes evaluated directly on Oxigraph's
indexes, with the same results as pySHACL (which stays the reference in tests).

* ``validate_store(ox_store)`` — every target of every shape, on the whole store.
  Targets are found with one index scan per class, subclass or predicate; each
  constraint is then a handful of index lookups per focus node.
* ``validate_contribution(ox_store, files)`` — a contribution checked against the
  whole graph without copying or changing it: the new triples sit in a small
  in-memory store, every lookup reads both, and only the nodes the contribution
  can affect are validated (the nodes it mentions, plus the nodes whose shapes
  read, through a nested shape or sh:class, a node whose properties it changes).

Results are ``Violation`` records (``shacl_eval``); ``validation.store`` turns
them into the ``Problem`` records the CLI prints. The parts: ``shacl_model`` (the
shapes as records), ``shacl_view`` (index lookups), ``shacl_sparql`` (constraints
compiled to queries), ``shacl_nested`` (nested shapes and complex paths compiled
to queries), ``shacl_eval`` (the rest, node by node).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..vocab import RDF_TYPE, RDFS_SUBCLASS
from .shacl_eval import Evaluator, Violation
from .shacl_model import Shape, ShapeSet, read_shapes
from .shacl_view import View

__all__ = [
    "Violation",
    "affected_nodes",
    "validate_additions",
    "validate_contribution",
    "validate_store",
]


def _sorted(results: Iterable[Violation]) -> list[Violation]:
    return sorted(
        set(results), key=lambda r: (str(r.focus), str(r.path), str(r.value), r.component)
    )


def validate_store(
    ox_store: Any, shapes: ShapeSet | None = None, compiled: bool = True
) -> list[Violation]:
    """Every shape on every target of a pyoxigraph store.

    Constraints run as compiled SPARQL (``shacl_sparql``, nested shapes through
    ``shacl_nested``); what neither writes, and everything when ``compiled`` is
    false, node by node in Python.
    """
    from .shacl_nested import compile_nested
    from .shacl_sparql import plan, run_compiled

    shapes = shapes or read_shapes()
    view = View(ox_store)
    ev = Evaluator(view)
    out: list[Violation] = []
    if not compiled:
        for shape in shapes.top:
            for focus in ev.targets(shape):
                out.extend(ev.check(focus, shape))
        return _sorted(out)
    work = plan(shapes, view.subclasses, compile_nested)
    for item in work.compiled:
        sh = item.shape
        for f, v, c in run_compiled(ox_store, item):
            out.append(Violation(f, sh.path, v, c.component, sh.severity, sh.message, sh.node))
    for top, rest in work.residual:
        foci = list(ev.targets(top))
        if len(foci) >= PRELOAD_FROM:
            view.preload(forward_predicates(rest))
        for focus in foci:
            out.extend(ev.check(focus, rest))
    return _sorted(out)


PRELOAD_FROM = 1000  # focus nodes from which reading whole predicates pays off


def forward_predicates(shape: Shape) -> set[str]:
    """The predicates ``shape`` and the shapes nested in it read forwards (with
    rdf:type when a class is checked): what ``View.preload`` should read."""
    out: set[str] = set()
    todo, seen = [shape], set()
    while todo:
        sh = todo.pop()
        if id(sh) in seen:
            continue
        seen.add(id(sh))
        out.update(p for p, inverse in sh.steps or () if not inverse)
        for c in sh.constraints:
            if c.param == "class":
                out.add(RDF_TYPE)
            elif c.param in ("equals", "lessThan", "lessThanOrEquals"):
                out.add(str(c.value))
        todo.extend(sh.nested())
    return out


def affected_nodes(view: View, added: Any, shapes: ShapeSet) -> set[Any] | None:
    """Nodes whose validation the added triples can change; None means 'everything'."""
    import pyoxigraph as ox

    g = ox.DefaultGraph()
    subjects: set[Any] = set()
    typed: set[Any] = set()
    focus: set[Any] = set()
    for q in added.quads_for_pattern(None, None, None, g):
        if q.predicate.value == RDFS_SUBCLASS:
            return None  # the class hierarchy changed: every class target may change
        subjects.add(q.subject)
        focus.add(q.subject)
        focus.add(q.object)
        if q.predicate.value == RDF_TYPE:
            typed.add(q.subject)
    # the steps through which a shape reads another node's triples (nested shapes, paths
    # of several hops); an inverse step (^p) reads the triples that point at a node
    nested_steps: set[tuple[str, bool]] = set()
    class_steps: set[tuple[str, bool]] = set()
    for s in shapes.all:
        if s.steps is None:
            continue
        steps = set(s.steps)
        if len(s.steps) > 1 or any(inverse for _, inverse in s.steps):
            nested_steps |= steps
        for c in s.constraints:
            if c.param in ("node", "not", "or", "and", "qualifiedValueShape"):
                nested_steps |= steps
            elif c.param == "class":
                class_steps |= steps

    frontier = set(subjects)
    for _ in range(shapes.depth() + 1):
        nxt: set[Any] = set()
        for node in frontier:
            if isinstance(node, ox.Literal):
                continue
            steps = nested_steps | (class_steps if node in typed else set())
            for p, inverse in steps:
                # who reads this node: along p forward, the subjects pointing at it;
                # along ^p, the nodes it points at
                nxt.update(view.objects(node, p) if inverse else view.subjects(p, node))
        nxt -= focus
        focus |= nxt
        frontier = nxt
        if not frontier:
            break
    return focus


def validate_contribution(
    ox_store: Any, files: list[Path], shapes: ShapeSet | None = None
) -> list[Violation]:
    """Results on the graph plus ``files`` that the contribution can cause or change.

    When the store's own graph conforms, these are exactly the results of a full
    validation of the graph with the contribution added.
    """
    import pyoxigraph as ox

    from ..store.ingest import load_files

    added = ox.Store()
    load_files(added, files)
    return validate_additions(ox_store, added, shapes)


def validate_additions(
    ox_store: Any, added: Any, shapes: ShapeSet | None = None
) -> list[Violation]:
    """``validate_contribution`` for triples already in a (small) pyoxigraph store."""
    shapes = shapes or read_shapes()
    view = View(ox_store, added)
    ev = Evaluator(view)
    nodes = affected_nodes(view, added, shapes)
    out: list[Violation] = []
    for shape in shapes.top:
        if nodes is None:
            targets: Iterable[Any] = ev.targets(shape)
        else:
            targets = [n for n in nodes if ev.is_target(n, shape)]
        for focus in targets:
            out.extend(ev.check(focus, shape))
    return _sorted(out)
