"""Constraints that read nested shapes (sh:or, sh:and, sh:not, sh:node, qualified
value shapes) or complex paths, compiled to SPARQL like the simple ones of
``shacl_sparql``.

Checked node by node, such a constraint costs a few index lookups per focus node
and per hop, tens of thousands of times on a large graph; as one query Oxigraph
answers it from its indexes by scans, hash joins and MINUS. The query is built
from one rule: ``violators(shape, C)`` is a group binding the nodes of a
candidate group ``C`` that do not conform to ``shape``; a shape's violators are
the union of its constraints' and property shapes', sh:or's the intersection of
its members', sh:not's the candidates minus the inner shape's violators. The
semantics are ``shacl_eval.Evaluator``'s (which stays what runs when a shape
uses anything not written here: ``NotCompiled``), and the tests compare both
with pySHACL.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from ..rdf.ntriples import nt_term
from ..vocab import RDF_TYPE
from .shacl_model import Constraint, Shape
from .shacl_sparql import VALUE_TESTS, scan, value_test

# constraints on each value node, one at a time
PER_VALUE = VALUE_TESTS | {"class", "node", "not", "or", "and"}
# constraints on the set of values a property shape's path reaches
ON_SET = {"minCount", "maxCount", "hasValue", "qualifiedValueShape"}
MAX_DEPTH = 8  # nested shapes deeper than this (or recursive ones) stay node by node


class NotCompiled(Exception):
    """A shape uses something this module does not write as SPARQL."""


class Writer:
    """Builds the groups of one query, with fresh variable names."""

    def __init__(self, subclasses: Any) -> None:
        self.subclasses = subclasses
        self.ids = count()

    def var(self, stem: str = "n") -> str:
        return f"?{stem}{next(self.ids)}"

    @staticmethod
    def expr(steps: tuple[tuple[str, bool], ...]) -> str:
        """The SPARQL property path of the steps."""
        return "/".join(("^" if inverse else "") + f"<{p}>" for p, inverse in steps)

    def path(self, steps: tuple[tuple[str, bool], ...], x: str, y: str) -> str:
        """A group binding ``x`` and each value ``y`` its path reaches, once."""
        if len(steps) == 1 and not steps[0][1]:
            return scan(x, f"<{steps[0][0]}>", y)
        return f"{{ SELECT DISTINCT {x} {y} WHERE {{ {x} {self.expr(steps)} {y} }} }}"

    @staticmethod
    def nothing(x: str) -> str:
        return f"{{ VALUES {x} {{ }} }}"

    @staticmethod
    def distinct(x: str, body: str) -> str:
        return f"{{ SELECT DISTINCT {x} WHERE {{ {body} }} }}"

    # -- a shape ----------------------------------------------------------------------

    def violators(self, shape: Shape, cand: str, x: str, depth: int = 0) -> str:
        """The nodes ``x`` of ``cand`` that do not conform to ``shape``."""
        if depth > MAX_DEPTH:
            raise NotCompiled("nested too deep")
        if shape.deactivated:
            return self.nothing(x)
        parts = [
            self.node_constraint(c, cand, x, depth)
            if shape.steps is None
            else self.path_constraint(shape, c, cand, x, depth)
            for c in shape.constraints
        ]
        # as the evaluator reads them: a shape's property shapes apply to its focus
        parts += [self.violators(p, cand, x, depth + 1) for p in shape.properties]
        if not parts:
            return self.nothing(x)
        if len(parts) == 1:
            return parts[0]
        return self.distinct(x, " UNION ".join(parts))

    def conformers(self, shape: Shape, cand: str, x: str, depth: int) -> str:
        """The nodes ``x`` of ``cand`` that conform to ``shape``."""
        free = self.all_conforming(shape, x, depth + 1)
        if free is not None:
            return self.distinct(x, f"{cand} {free}")
        return self.distinct(x, f"{cand} MINUS {self.violators(shape, cand, x, depth + 1)}")

    def all_conforming(self, shape: Shape, x: str, depth: int) -> str | None:
        """Every node of the graph that conforms to ``shape``, when that is a set
        the graph's triples list (a value it must have, a class, a value it must
        reach): conformance as one scan, not candidates minus violators minus ...
        None otherwise."""
        if depth > MAX_DEPTH:
            raise NotCompiled("nested too deep")
        if shape.deactivated:
            return None
        parts: list[str | None] = []
        for c in shape.constraints:
            if shape.steps is None:
                parts.append(self.node_conforming(c, x, depth))
            else:
                parts.append(self.path_conforming(shape, c, x, depth))
        parts += [self.all_conforming(p, x, depth + 1) for p in shape.properties]
        if not parts or any(p is None for p in parts):
            return None
        return parts[0] if len(parts) == 1 else self.distinct(x, " ".join(map(str, parts)))

    def node_conforming(self, c: Constraint, x: str, depth: int) -> str | None:
        p = c.param
        if p == "class":
            k = self.var("k")
            values = " ".join(f"<{v}>" for v in sorted(self.subclasses(str(c.value))))
            return self.distinct(x, f"{x} <{RDF_TYPE}> {k} . VALUES {k} {{ {values} }}")
        if p == "hasValue":
            return f"{{ VALUES {x} {{ {nt_term(c.value)} }} }}"
        if p == "node":
            return self.all_conforming(c.value, x, depth + 1)
        if p == "or" and c.value:
            inner = [self.all_conforming(s, x, depth + 1) for s in c.value]
            if all(i is not None for i in inner):
                return self.distinct(x, " UNION ".join(map(str, inner)))
        return None

    def path_conforming(self, shape: Shape, c: Constraint, x: str, depth: int) -> str | None:
        assert shape.steps is not None
        p = c.param
        if p == "minCount" and int(c.value) == 1:
            return self.distinct(x, self.path(shape.steps, x, self.var()))
        if p == "hasValue":
            return self.distinct(x, f"{x} {self.expr(shape.steps)} {nt_term(c.value)}")
        if (
            p == "qualifiedValueShape"
            and "qualifiedMaxCount" not in c.extra
            and int(c.extra.get("qualifiedMinCount", 0)) == 1
        ):
            y = self.var()
            good = self.conformers(c.value, self.values(shape, y), y, depth)
            return self.distinct(x, f"{self.path(shape.steps, x, y)} {good}")
        return None

    # -- a constraint on the node itself ----------------------------------------------

    def node_constraint(self, c: Constraint, cand: str, x: str, depth: int) -> str:
        """The nodes ``x`` of ``cand`` that, as value nodes, violate ``c``."""
        p = c.param
        if p == "class":
            k = self.var("k")
            values = " ".join(f"<{v}>" for v in sorted(self.subclasses(str(c.value))))
            return self.distinct(
                x, f"{cand} MINUS {{ {x} <{RDF_TYPE}> {k} . VALUES {k} {{ {values} }} }}"
            )
        if p in VALUE_TESTS:
            extra, test = value_test(c, self.subclasses, x, self.var("z"))
            return self.distinct(x, f"{cand} {extra} FILTER({test})")
        if p == "hasValue":
            return self.distinct(x, f"{cand} FILTER(!sameTerm({x}, {nt_term(c.value)}))")
        if p == "node":
            return self.violators(c.value, cand, x, depth + 1)
        if p == "not":
            return self.conformers(c.value, cand, x, depth)
        if p == "and":
            inner = [self.violators(s, cand, x, depth + 1) for s in c.value]
            return self.distinct(x, " UNION ".join(inner)) if inner else self.nothing(x)
        if p == "or":
            # violating every member: the candidates less those conforming to a member
            # whose conforming nodes the graph lists, and violating each other one
            free = [self.all_conforming(s, x, depth + 1) for s in c.value]
            body = cand
            if any(f is not None for f in free):
                body += " MINUS " + self.distinct(x, " UNION ".join(f for f in free if f))
            rest = [s for s, f in zip(c.value, free, strict=True) if f is None]
            return self.distinct(
                x, " ".join([body] + [self.violators(s, cand, x, depth + 1) for s in rest])
            )
        raise NotCompiled(f"sh:{p} on a node")

    # -- a constraint of a property shape ---------------------------------------------

    def values(self, shape: Shape, y: str) -> str:
        """Every value ``y`` the shape's path reaches from any node: the candidates
        for the constraints on values. Whether a node conforms depends on the node
        alone, so a superset of the values the focus nodes reach gives the same
        answer once joined back to them, without evaluating those again."""
        assert shape.steps is not None
        return self.distinct(y, self.path(shape.steps, self.var(), y))

    def path_constraint(self, shape: Shape, c: Constraint, cand: str, x: str, depth: int) -> str:
        """The nodes ``x`` of ``cand`` whose values along ``shape``'s path violate ``c``."""
        assert shape.steps is not None
        p, y = c.param, self.var()
        pp = self.path(shape.steps, x, y)
        if p == "minCount":
            n = int(c.value)
            if n <= 0:
                return self.nothing(x)
            if n == 1:
                return self.distinct(x, f"{cand} MINUS {pp}")
            return (
                f"{{ SELECT {x} WHERE {{ {cand} OPTIONAL {pp} }} "
                f"GROUP BY {x} HAVING (COUNT(DISTINCT {y}) < {n}) }}"
            )
        if p == "maxCount":
            if int(c.value) == 0:
                return self.distinct(x, f"{cand} {pp}")
            return (
                f"{{ SELECT {x} WHERE {{ {cand} {pp} }} "
                f"GROUP BY {x} HAVING (COUNT(DISTINCT {y}) > {int(c.value)}) }}"
            )
        if p == "hasValue":
            has = self.distinct(x, f"{x} {self.expr(shape.steps)} {nt_term(c.value)}")
            return self.distinct(x, f"{cand} MINUS {has}")
        if p == "qualifiedValueShape":
            if "qualifiedMaxCount" in c.extra:
                raise NotCompiled("sh:qualifiedMaxCount")
            n = int(c.extra.get("qualifiedMinCount", 0))
            if n <= 0:
                return self.nothing(x)
            good = self.conformers(c.value, self.values(shape, y), y, depth)
            if n == 1:
                return self.distinct(x, f"{cand} MINUS {self.distinct(x, f'{pp} {good}')}")
            return (
                f"{{ SELECT {x} WHERE {{ {cand} OPTIONAL {{ {pp} {good} }} }} "
                f"GROUP BY {x} HAVING (COUNT(DISTINCT {y}) < {n}) }}"
            )
        if p in PER_VALUE:
            bad = self.node_constraint(c, self.values(shape, y), y, depth)
            return self.distinct(x, f"{cand} {pp} {bad}")
        if p == "equals" and len(shape.steps) == 1 and not shape.steps[0][1]:
            other = scan(x, f"<{c.value}>", y)
            differ = f"{{ {pp} MINUS {other} }} UNION {{ {other} MINUS {pp} }}"
            return self.distinct(x, f"{cand} {differ}")
        raise NotCompiled(f"sh:{p} in a nested shape")


def compile_nested(shape: Shape, c: Constraint, subclasses: Any, targets: str) -> str | None:
    """One SELECT returning ?f (and ?v) for each violation of ``c``, a constraint
    of a top shape or of one of its property shapes, as the evaluator reports it;
    None when it does not compile."""
    w = Writer(subclasses)
    try:
        if shape.steps is None:
            bad = w.node_constraint(c, targets, "?f", 0)
            if c.param == "hasValue":  # a missing value: reported without one
                return f"SELECT ?f WHERE {{ {bad} }}"
            return f"SELECT ?f ?v WHERE {{ {bad} BIND(?f AS ?v) }}"
        if c.param in ON_SET:
            return f"SELECT ?f WHERE {{ {w.path_constraint(shape, c, targets, '?f', 0)} }}"
        if c.param in PER_VALUE:
            values = w.values(shape, "?v")
            bad = w.node_constraint(c, values, "?v", 0)
            pp = w.path(shape.steps, "?f", "?v")
            return f"SELECT DISTINCT ?f ?v WHERE {{ {targets} {pp} {bad} }}"
    except NotCompiled:
        return None
    return None
