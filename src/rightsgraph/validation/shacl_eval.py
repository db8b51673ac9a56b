"""SHACL Core constraints evaluated node by node on a ``View``: what the compiled
queries of ``shacl_sparql`` and ``shacl_nested`` cannot express (a qualified
maximum, comparisons inside nested shapes), the nodes a contribution can affect,
and everything when compilation is turned off.

Values are compared as SPARQL orders them (numbers, dates, strings); a value that
cannot be compared violates the constraint, as SHACL says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from ..rdf.literals import INTEGER_TYPES
from ..vocab import SH, XSD
from .shacl_model import Constraint, Shape
from .shacl_view import View


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


_DATE = re.compile(r"^-?\d{4,}-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")


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
        if local in INTEGER_TYPES or local in ("decimal", "double", "float"):
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
