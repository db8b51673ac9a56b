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

Results are ``Violation`` records; ``to_problems`` turns them into the
``validate.Problem`` records the CLI prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from .shacl_model import RDF_TYPE, RDFS_SUBCLASS, SH, Constraint, Shape, ShapeSet, read_shapes

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Violation:
    """One validation result, with pyoxigraph terms."""

    focus: Any
    path: str | None
    value: Any
    component: str
    severity: str  # Violation, Warning or Info
    message: str | None
    shape: Any  # the rdflib term of the source shape


# -- graph access ---------------------------------------------------------------------


class View:
    """Index lookups on one pyoxigraph store, or on a base store plus additions."""

    def __init__(self, *stores: Any) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.stores = stores
        self.type = ox.NamedNode(RDF_TYPE)
        self.g = ox.DefaultGraph()
        self._objects: dict[tuple[Any, str], list[Any]] = {}
        self._tables: dict[str, dict[Any, list[Any]]] = {}
        self.superclasses = self._superclasses()

    def preload(self, predicates: Iterable[str]) -> None:
        """Read every triple of each predicate into a table, once.

        Checking tens of thousands of focus nodes one lookup at a time costs an
        index seek per node and hop (tens of microseconds each, the bulk of a
        full validation); one scan per predicate then dictionary lookups cost a
        fraction of that, for memory proportional to those predicates' triples."""
        for p in predicates:
            if p in self._tables:
                continue
            pred = self.ox.NamedNode(p)
            table: dict[Any, list[Any]] = {}
            for st in self.stores:
                for q in st.quads_for_pattern(None, pred, None, self.g):
                    table.setdefault(q.subject, []).append(q.object)
            if len(self.stores) > 1:
                table = {k: list(dict.fromkeys(v)) for k, v in table.items()}
            self._tables[p] = table

    def _superclasses(self) -> dict[str, set[str]]:
        sub = self.ox.NamedNode(RDFS_SUBCLASS)
        direct: dict[str, set[str]] = {}
        for st in self.stores:
            for q in st.quads_for_pattern(None, sub, None, self.g):
                direct.setdefault(q.subject.value, set()).add(q.object.value)
        closure: dict[str, set[str]] = {}
        for c in direct:
            seen = {c}
            todo = [c]
            while todo:
                for sup in direct.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            closure[c] = seen
        return closure

    def subclasses(self, cls: str) -> set[str]:
        return {c for c, sups in self.superclasses.items() if cls in sups} | {cls}

    def objects(self, s: Any, p: str) -> list[Any]:
        table = self._tables.get(p)
        if table is not None:
            return table.get(s, [])
        key = (s, p)
        hit = self._objects.get(key)
        if hit is not None:
            return hit
        if isinstance(s, self.ox.Literal):
            out: list[Any] = []
        else:
            pred = self.ox.NamedNode(p)
            out = []
            for st in self.stores:
                out.extend(q.object for q in st.quads_for_pattern(s, pred, None, self.g))
            if len(self.stores) > 1:
                out = list(dict.fromkeys(out))
        if len(self._objects) < 200_000:
            self._objects[key] = out
        return out

    def is_instance(self, node: Any, cls: str) -> bool:
        if isinstance(node, self.ox.Literal):
            return False
        for t in self.objects(node, RDF_TYPE):
            if t.value == cls or cls in self.superclasses.get(t.value, ()):
                return True
        return False

    def instances(self, cls: str) -> Iterator[Any]:
        for c in self.subclasses(cls):
            node = self.ox.NamedNode(c)
            for st in self.stores:
                for q in st.quads_for_pattern(None, self.type, node, self.g):
                    yield q.subject

    def subjects_of(self, p: str) -> Iterator[Any]:
        pred = self.ox.NamedNode(p)
        for st in self.stores:
            for q in st.quads_for_pattern(None, pred, None, self.g):
                yield q.subject

    def objects_of(self, p: str) -> Iterator[Any]:
        pred = self.ox.NamedNode(p)
        for st in self.stores:
            for q in st.quads_for_pattern(None, pred, None, self.g):
                yield q.object

    def subjects(self, p: str, o: Any) -> Iterator[Any]:
        pred = self.ox.NamedNode(p)
        for st in self.stores:
            for q in st.quads_for_pattern(None, pred, o, self.g):
                yield q.subject


# -- values ---------------------------------------------------------------------------

_INT_TYPES = {
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
    "unsignedByte",
}


def well_formed(value: str, datatype: str) -> bool:
    """Is the lexical form valid for the datatype? The one literal table decides."""
    from ..rdf.literals import lexical_ok

    return lexical_ok(value, datatype)


def comparable(term: Any) -> tuple[str, Any] | None:
    """A literal as a (kind, value) pair that orders like SPARQL; None if it cannot."""
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return None
    dtype = term.datatype.value
    local = dtype[len(XSD) :] if dtype.startswith(XSD) else ""
    try:
        if local in _INT_TYPES or local in ("decimal", "double", "float"):
            if not well_formed(term.value, dtype) and local not in ("double", "float"):
                return None
            return ("number", Decimal(term.value.strip()))
        if local == "date":
            if not well_formed(term.value, dtype):
                return None
            return ("date", term.value.strip()[:10] if term.value[0] != "-" else term.value)
        if local == "dateTime":
            return ("dateTime", term.value.strip())
        if local in ("string", "") and not term.language:
            return ("string", term.value)
    except InvalidOperation:
        return None
    return None


@cache
def _regex(pattern: str, flags: str) -> re.Pattern[str]:
    f = 0
    if "i" in flags:
        f |= re.IGNORECASE
    if "m" in flags:
        f |= re.MULTILINE
    if "s" in flags:
        f |= re.DOTALL
    if "x" in flags:
        f |= re.VERBOSE
    return re.compile(pattern, f)


# -- evaluation -----------------------------------------------------------------------


class Evaluator:
    def __init__(self, view: View) -> None:
        import pyoxigraph as ox

        self.v = view
        self.ox = ox
        self._conforms: dict[tuple[int, Any], bool] = {}

    def to_ox(self, term: Any) -> Any:
        from rdflib import BNode, Literal, URIRef

        if isinstance(term, URIRef):
            return self.ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return self.ox.Literal(str(term), language=term.language)
            if term.datatype:
                return self.ox.Literal(str(term), datatype=self.ox.NamedNode(str(term.datatype)))
            return self.ox.Literal(str(term))
        if isinstance(term, BNode):
            return self.ox.BlankNode(str(term))
        return term

    def path_values(self, focus: Any, steps: tuple[tuple[str, bool], ...]) -> list[Any]:
        if len(steps) == 1 and not steps[0][1]:
            return self.v.objects(focus, steps[0][0])
        nodes = [focus]
        for pred, inverse in steps:
            nxt: list[Any] = []
            for n in nodes:
                nxt.extend(self.v.subjects(pred, n) if inverse else self.v.objects(n, pred))
            nodes = list(dict.fromkeys(nxt))
        return nodes

    def conforms(self, node: Any, shape: Shape) -> bool:
        key = (id(shape), node)
        hit = self._conforms.get(key)
        if hit is None:
            hit = next(iter(self.check(node, shape)), None) is None
            self._conforms[key] = hit
        return hit

    def check(self, focus: Any, shape: Shape) -> Iterator[Violation]:
        """Results of one shape on one focus node (property shapes read their path)."""
        if shape.deactivated:
            return
        values = [focus] if shape.steps is None else self.path_values(focus, shape.steps)
        for c in shape.constraints:
            yield from self._constraint(focus, shape, c, values)
        for p in shape.properties:
            yield from self.check(focus, p)

    def _result(self, focus: Any, shape: Shape, c: Constraint, value: Any) -> Violation:
        return Violation(
            focus, shape.path, value, c.component, shape.severity, shape.message, shape.node
        )

    def _constraint(
        self, focus: Any, shape: Shape, c: Constraint, values: list[Any]
    ) -> Iterator[Violation]:
        ox = self.ox
        p = c.param
        if p == "minCount":
            if len(values) < int(c.value):
                yield self._result(focus, shape, c, None)
        elif p == "maxCount":
            if len(values) > int(c.value):
                yield self._result(focus, shape, c, None)
        elif p == "class":
            for v in values:
                if not self.v.is_instance(v, str(c.value)):
                    yield self._result(focus, shape, c, v)
        elif p == "datatype":
            dtype = str(c.value)
            for v in values:
                ok = (
                    isinstance(v, ox.Literal)
                    and v.datatype.value == dtype
                    and not v.language
                    and well_formed(v.value, dtype)
                )
                if not ok:
                    yield self._result(focus, shape, c, v)
        elif p == "nodeKind":
            kind = str(c.value)[len(SH) :]
            for v in values:
                k = (
                    "Literal"
                    if isinstance(v, ox.Literal)
                    else "BlankNode"
                    if isinstance(v, ox.BlankNode)
                    else "IRI"
                )
                if k not in kind:
                    yield self._result(focus, shape, c, v)
        elif p in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            bound = comparable(self.to_ox(c.value))
            for v in values:
                cv = comparable(v)
                ok = False
                if cv is not None and bound is not None and cv[0] == bound[0]:
                    ok = {
                        "minInclusive": cv[1] >= bound[1],
                        "maxInclusive": cv[1] <= bound[1],
                        "minExclusive": cv[1] > bound[1],
                        "maxExclusive": cv[1] < bound[1],
                    }[p]
                if not ok:
                    yield self._result(focus, shape, c, v)
        elif p in ("minLength", "maxLength"):
            n = int(c.value)
            for v in values:
                if isinstance(v, ox.BlankNode):
                    yield self._result(focus, shape, c, v)
                    continue
                size = len(v.value)
                if (p == "minLength" and size < n) or (p == "maxLength" and size > n):
                    yield self._result(focus, shape, c, v)
        elif p == "pattern":
            rx = _regex(str(c.value), c.extra.get("flags", ""))
            for v in values:
                if isinstance(v, ox.BlankNode) or not rx.search(v.value):
                    yield self._result(focus, shape, c, v)
        elif p == "in":
            allowed = {self.to_ox(x) for x in c.value}
            for v in values:
                if v not in allowed:
                    yield self._result(focus, shape, c, v)
        elif p == "hasValue":
            if self.to_ox(c.value) not in values:
                yield self._result(focus, shape, c, None)
        elif p == "equals":
            other = self.v.objects(focus, str(c.value))
            for v in values:
                if v not in other:
                    yield self._result(focus, shape, c, v)
            for w in other:
                if w not in values:
                    yield self._result(focus, shape, c, w)
        elif p in ("lessThanOrEquals", "lessThan"):
            other = self.v.objects(focus, str(c.value))
            for v in values:
                for w in other:
                    a, b = comparable(v), comparable(w)
                    ok = a is not None and b is not None and a[0] == b[0]
                    if ok:
                        ok = a[1] <= b[1] if p == "lessThanOrEquals" else a[1] < b[1]  # type: ignore[index]
                    if not ok:
                        yield self._result(focus, shape, c, v)
        elif p == "node":
            for v in values:
                if not self.conforms(v, c.value):
                    yield self._result(focus, shape, c, v)
        elif p == "not":
            for v in values:
                if self.conforms(v, c.value):
                    yield self._result(focus, shape, c, v)
        elif p == "or":
            for v in values:
                if not any(self.conforms(v, s) for s in c.value):
                    yield self._result(focus, shape, c, v)
        elif p == "and":
            for v in values:
                if not all(self.conforms(v, s) for s in c.value):
                    yield self._result(focus, shape, c, v)
        elif p == "qualifiedValueShape":
            n = sum(1 for v in values if self.conforms(v, c.value))
            low = c.extra.get("qualifiedMinCount")
            high = c.extra.get("qualifiedMaxCount")
            if low is not None and n < low:
                yield self._result(focus, shape, c, None)
            if high is not None and n > high:
                yield Violation(
                    focus,
                    shape.path,
                    None,
                    "QualifiedMaxCountConstraintComponent",
                    shape.severity,
                    shape.message,
                    shape.node,
                )

    def targets(self, shape: Shape) -> Iterator[Any]:
        seen: set[Any] = set()
        streams: list[Iterable[Any]] = [self.v.instances(c) for c in shape.target_class]
        streams += [[self.to_ox(n) for n in shape.target_node]]
        streams += [self.v.objects_of(p) for p in shape.target_objects_of]
        streams += [self.v.subjects_of(p) for p in shape.target_subjects_of]
        for stream in streams:
            for node in stream:
                if node not in seen:
                    seen.add(node)
                    yield node

    def is_target(self, node: Any, shape: Shape) -> bool:
        if any(self.v.is_instance(node, c) for c in shape.target_class):
            return True
        if node in {self.to_ox(n) for n in shape.target_node}:
            return True
        if any(next(self.v.subjects(p, node), None) is not None for p in shape.target_objects_of):
            return True
        return any(self.v.objects(node, p) for p in shape.target_subjects_of)


def _sorted(results: Iterable[Violation]) -> list[Violation]:
    return sorted(
        set(results), key=lambda r: (str(r.focus), str(r.path), str(r.value), r.component)
    )


def validate_store(
    ox_store: Any, shapes: ShapeSet | None = None, compiled: bool = True
) -> list[Violation]:
    """Every shape on every target of a pyoxigraph store.

    Simple constraints run as compiled SPARQL (``shacl_sparql``); the rest, and
    everything when ``compiled`` is false, node by node in Python.
    """
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
    work = plan(shapes, view.subclasses)
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
    # predicates through which a shape reads another node's triples (nested shapes)
    nested_preds: set[str] = set()
    class_preds: set[str] = set()
    for s in shapes.all:
        if s.steps is None:
            continue
        if any(inverse for _, inverse in s.steps):
            return None  # a shape reads incoming edges: validate everything
        preds = {p for p, _ in s.steps}
        if len(s.steps) > 1:
            nested_preds |= preds  # a path of several hops reads other nodes
        for c in s.constraints:
            if c.param in ("node", "not", "or", "and", "qualifiedValueShape"):
                nested_preds |= preds
            elif c.param == "class":
                class_preds |= preds

    frontier = set(subjects)
    for _ in range(shapes.depth() + 1):
        nxt: set[Any] = set()
        for node in frontier:
            if isinstance(node, ox.Literal):
                continue
            preds = nested_preds | (class_preds if node in typed else set())
            for p in preds:
                nxt.update(view.subjects(p, node))
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
