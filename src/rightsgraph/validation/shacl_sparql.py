"""SHACL Core constraints compiled to SPARQL queries that return only violations.

Most of the work of validating a large graph is simple constraints on predicate
paths (counts, classes, datatypes, patterns, value lists, scheme membership):
each becomes one SELECT that Oxigraph answers from its indexes without handing
every value to Python. Negation is written with MINUS, never FILTER NOT EXISTS
(Oxigraph cannot optimise the latter), and comparisons that cannot be made count
as violations (COALESCE(..., false)), as SHACL says. A path's triples are read
as a sub-select (``scan``): Oxigraph then scans the predicate once and joins it
to the targets by hashing, where a plain pattern would cost one index seek per
target in each stored graph (three times slower on a large store).

What does not compile here — sh:or, sh:not, sh:and, qualified shapes, sh:node on
a shape that is more than scheme membership, constraints on complex paths — goes
to ``plan``'s fallback (``shacl_nested``), and what that cannot write either to
``shacl_eval.Evaluator``, node by node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..rdf.ntriples import nt_string, nt_term
from ..vocab import RDF_TYPE, SH, XSD
from .shacl_model import Constraint, Shape, ShapeSet

CASTABLE = {"date", "dateTime", "integer", "decimal", "double", "float", "boolean", "duration"}


@dataclass
class Compiled:
    shape: Shape  # the shape that holds the constraint (for severity, message, path)
    constraint: Constraint
    sparql: str  # SELECT ?f [?v], or ?f ?v ?t0 ?t1 ... when several tests are merged
    merged: tuple[Constraint, ...] = ()  # the constraints behind ?t0, ?t1, ...


# tests on each value alone: one query can run all of a property shape's at once
VALUE_TESTS = {
    "datatype",
    "nodeKind",
    "pattern",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "in",
}
# constraints that compile to a query of their own
COMPILABLE = VALUE_TESTS | {
    "minCount",
    "maxCount",
    "class",
    "hasValue",
    "equals",
    "lessThanOrEquals",
    "lessThan",
    "node",
}


def scheme_members(shape: Shape) -> list[tuple[str, Any]] | None:
    """(predicate, value) pairs when a shape only requires values on predicates —
    our SKOS scheme shapes; None when it is anything more."""
    if shape.constraints or not shape.properties:
        return None
    out = []
    for p in shape.properties:
        if p.properties or p.steps is None or len(p.steps) != 1 or p.steps[0][1]:
            return None
        if len(p.constraints) != 1 or p.constraints[0].param != "hasValue":
            return None
        out.append((p.steps[0][0], p.constraints[0].value))
    return out


def compilable(shape: Shape, c: Constraint) -> bool:
    if c.param not in COMPILABLE:
        return False
    if shape.steps is not None and (len(shape.steps) != 1 or shape.steps[0][1]):
        return False
    if shape.steps is None and c.param not in ("nodeKind", "class", "datatype", "in", "pattern"):
        return False
    if c.param == "node":
        return shape.steps is not None and scheme_members(c.value) is not None
    return True


def target_pattern(shape: Shape, subclasses: Any) -> str:
    """A group binding ?f to each target of ``shape``."""
    parts = []
    for cls in shape.target_class:
        values = " ".join(f"<{c}>" for c in sorted(subclasses(cls)))
        parts.append(f"{{ VALUES ?tc {{ {values} }} ?f <{RDF_TYPE}> ?tc }}")
    for node in shape.target_node:
        parts.append(f"{{ VALUES ?f {{ {nt_term(node)} }} }}")
    for p in shape.target_objects_of:
        parts.append(f"{{ ?tx <{p}> ?f }}")
    for p in shape.target_subjects_of:
        parts.append(f"{{ ?f <{p}> ?tx }}")
    return "{ SELECT DISTINCT ?f WHERE { " + " UNION ".join(parts) + " } }"


def value_test(
    c: Constraint, subclasses: Any, v: str = "?v", cast: str = "?cast"
) -> tuple[str, str]:
    """(extra patterns, filter expression true for a violating value ``v``); ``cast``
    names the variable a datatype test binds."""
    p, val = c.param, c.value
    if p == "class":
        values = " ".join(f"<{x}>" for x in sorted(subclasses(str(val))))
        return f"MINUS {{ {v} <{RDF_TYPE}> ?vc . VALUES ?vc {{ {values} }} }}", ""
    if p == "datatype":
        dt = str(val)
        test = f'!isLiteral({v}) || DATATYPE({v}) != <{dt}> || LANG({v}) != ""'
        if dt.startswith(XSD) and dt[len(XSD) :] in CASTABLE:
            return f"BIND(<{dt}>(STR({v})) AS {cast})", f"{test} || !BOUND({cast})"
        return "", test
    if p == "nodeKind":
        kind = str(val)[len(SH) :]
        ok = []
        if "IRI" in kind:
            ok.append(f"isIRI({v})")
        if "BlankNode" in kind:
            ok.append(f"isBlank({v})")
        if "Literal" in kind:
            ok.append(f"isLiteral({v})")
        return "", f"!({' || '.join(ok)})"
    if p == "pattern":
        flags = c.extra.get("flags", "")
        return "", f"isBlank({v}) || !REGEX(STR({v}), {nt_string(str(val))}, {nt_string(flags)})"
    if p in ("minLength", "maxLength"):
        op = "<" if p == "minLength" else ">"
        return "", f"isBlank({v}) || STRLEN(STR({v})) {op} {int(val)}"
    if p in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        op = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}[
            p
        ]
        return "", f"!COALESCE({v} {op} {nt_term(val)}, false)"
    if p == "in":
        alts = " || ".join(f"sameTerm({v}, {nt_term(x)})" for x in val) or "false"
        return "", f"!({alts})"
    if p == "node":
        members = scheme_members(val) or []
        pats = " . ".join(f"{v} <{pred}> {nt_term(obj)}" for pred, obj in members)
        return f"MINUS {{ {pats} }}", ""
    raise ValueError(p)


def scan(subject: str, predicate: str, obj: str) -> str:
    """A triple pattern as a sub-select, so that it joins by hash (see the module doc)."""
    return f"{{ SELECT {subject} {obj} WHERE {{ {subject} {predicate} {obj} }} }}"


def compile_constraint(shape: Shape, c: Constraint, subclasses: Any, targets: str) -> str:
    """One SELECT returning ?f (and ?v) for each violation of ``c``."""
    p = c.param
    if shape.steps is None:  # a node-level constraint: the value node is the focus
        extra, test = value_test(c, subclasses)
        body = f"{targets} BIND(?f AS ?v) {extra}"
        return f"SELECT ?f ?v WHERE {{ {body} {f'FILTER({test})' if test else ''} }}"
    path = f"<{shape.steps[0][0]}>"
    values = scan("?f", path, "?v")
    if p == "minCount":
        n = int(c.value)
        if n <= 0:
            return "SELECT ?f WHERE { FILTER(false) }"
        if n == 1:
            return f"SELECT ?f WHERE {{ {targets} MINUS {{ ?f {path} ?v }} }}"
        return (
            f"SELECT ?f WHERE {{ {targets} OPTIONAL {{ {values} }} }} "
            f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) < {n})"
        )
    if p == "maxCount":
        return (
            f"SELECT ?f WHERE {{ {targets} {values} }} "
            f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) > {int(c.value)})"
        )
    if p == "hasValue":
        return f"SELECT ?f WHERE {{ {targets} MINUS {{ ?f {path} {nt_term(c.value)} }} }}"
    if p == "equals":
        other = f"<{c.value}>"
        return (
            f"SELECT DISTINCT ?f ?v WHERE {{ {targets} "
            f"{{ {values} MINUS {{ ?f {other} ?v }} }} UNION "
            f"{{ {scan('?f', other, '?v')} MINUS {{ ?f {path} ?v }} }} }}"
        )
    if p in ("lessThanOrEquals", "lessThan"):
        op = "<=" if p == "lessThanOrEquals" else "<"
        return (
            f"SELECT DISTINCT ?f ?v WHERE {{ {targets} {values} {scan('?f', f'<{c.value}>', '?w')} "
            f"FILTER(!COALESCE(?v {op} ?w, false)) }}"
        )
    extra, test = value_test(c, subclasses)
    filt = f"FILTER({test})" if test else ""
    return f"SELECT DISTINCT ?f ?v WHERE {{ {targets} {values} {extra} {filt} }}"


def compile_value_tests(
    shape: Shape, constraints: list[Constraint], subclasses: Any, targets: str
) -> str:
    """One SELECT for several value tests on one predicate path: a scan of the
    targets' values instead of one per constraint. ``?tN`` is true where the value
    violates ``constraints[N]`` (a test that raises an error counts as passed, as
    in the single-constraint FILTER)."""
    assert shape.steps is not None
    path = f"<{shape.steps[0][0]}>"
    extras, binds, flags = [], [], []
    for i, c in enumerate(constraints):
        extra, test = value_test(c, subclasses)
        extras.append(extra.replace("?cast", f"?cast{i}"))
        binds.append(f"BIND(COALESCE({test.replace('?cast', f'?cast{i}')}, false) AS ?t{i})")
        flags.append(f"?t{i}")
    return (
        f"SELECT DISTINCT ?f ?v {' '.join(flags)} WHERE {{ {targets} {scan('?f', path, '?v')} "
        f"{' '.join(extras)} {' '.join(binds)} FILTER({' || '.join(flags)}) }}"
    )


@dataclass
class Plan:
    compiled: list[Compiled]
    residual: list[tuple[Shape, Shape]]  # (top shape, shape to evaluate per focus)


Fallback = Callable[[Shape, Constraint, Any, str], str | None]


def plan(shapes: ShapeSet, subclasses: Any, fallback: Fallback | None = None) -> Plan:
    """Split the work: compiled queries, and what the evaluator does node by node.

    ``fallback(shape, constraint, subclasses, targets)`` may compile what this
    module does not (``shacl_nested.compile_nested``): a query, or None."""

    def other(shape: Shape, c: Constraint, targets: str) -> str | None:
        return fallback(shape, c, subclasses, targets) if fallback else None

    compiled: list[Compiled] = []
    residual: list[tuple[Shape, Shape]] = []
    for top in shapes.top:
        targets = target_pattern(top, subclasses)
        rest_constraints = []
        for c in top.constraints:
            if compilable(top, c):
                compiled.append(Compiled(top, c, compile_constraint(top, c, subclasses, targets)))
            elif (sparql := other(top, c, targets)) is not None:
                compiled.append(Compiled(top, c, sparql))
            else:
                rest_constraints.append(c)
        rest_props = []
        for prop in top.properties:
            left = []
            if prop.properties or prop.deactivated:
                rest_props.append(prop)
                continue
            tests = [c for c in prop.constraints if c.param in VALUE_TESTS and compilable(prop, c)]
            if len(tests) > 1:
                sparql = compile_value_tests(prop, tests, subclasses, targets)
                compiled.append(Compiled(prop, tests[0], sparql, tuple(tests)))
            for c in prop.constraints:
                if len(tests) > 1 and any(c is t for t in tests):
                    continue
                if compilable(prop, c):
                    sparql = compile_constraint(prop, c, subclasses, targets)
                    compiled.append(Compiled(prop, c, sparql))
                elif (sparql := other(prop, c, targets)) is not None:
                    compiled.append(Compiled(prop, c, sparql))
                else:
                    left.append(c)
            if left:
                rest_props.append(_only(prop, left))
        if rest_constraints or rest_props:
            residual.append((top, _only(top, rest_constraints, rest_props)))
    return Plan(compiled, residual)


def _only(shape: Shape, constraints: list[Constraint], props: list[Shape] | None = None) -> Shape:
    """A copy of ``shape`` keeping only some constraints (and property shapes)."""
    return Shape(
        node=shape.node,
        path=shape.path,
        steps=shape.steps,
        severity=shape.severity,
        message=shape.message,
        constraints=constraints,
        properties=props if props is not None else [],
    )


def run_compiled(ox_store: Any, item: Compiled) -> Iterator[tuple[Any, Any, Constraint]]:
    """(focus, value, constraint) of each violation; value is None where SHACL
    reports none."""
    from ..store.dataset import stored_graphs

    true = "true"
    for sol in ox_store.query(item.sparql, default_graph=stored_graphs(ox_store)):
        f = sol["f"]
        try:
            v = sol["v"]
        except (KeyError, IndexError):
            v = None
        if not item.merged:
            yield f, v, item.constraint
            continue
        for i, c in enumerate(item.merged):
            flag = sol[f"t{i}"]
            if flag is not None and flag.value == true:
                yield f, v, c
