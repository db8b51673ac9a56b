"""Grading an answer against the expected one, the way the W3C SPARQL test
harnesses do (see ``w3c_sparql_manifest`` for the rules)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pyoxigraph as ox

from w3c_sparql_manifest import Answer, Row, Term, strip_text

# ---------------------------------------------------------------------------
# ORDER BY


_CONDITION = re.compile(r"\s*(?:(?:ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.I)


def ordered_vars(query: str) -> list[str]:
    """The variables a top-level ORDER BY sorts on, in order, up to the first
    condition that is an expression (after it, ties are not decidable here)."""
    text = strip_text(query)
    depth = 0
    for m in re.finditer(r"[{}]|\bORDER\s+BY\b", text, re.I):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            out: list[str] = []
            pos = m.end()
            while c := _CONDITION.match(text, pos):
                out.append(c.group(1) or c.group(2))
                pos = c.end()
            return out
    return []


# ---------------------------------------------------------------------------
# comparison


_CANONICAL: dict[Term, Term] = {}
_SUBJECT = ox.NamedNode("urn:x-canonical:s")


def by_value(t: Term) -> Term:
    """A literal of an XSD datatype in its canonical form (``"3.0E4"^^xsd:double``
    -> ``"30000"^^xsd:double``), as an Oxigraph store keeps it: the reading of
    Oxigraph's own test harness, shown beside the strict one in the README table."""
    if not isinstance(t, ox.Literal) or t.language:
        return t
    hit = _CANONICAL.get(t)
    if hit is None:
        store = ox.Store()
        store.add(ox.Quad(_SUBJECT, _SUBJECT, t))
        hit = _CANONICAL[t] = next(iter(store)).object
    return hit


def _norm(t: Term, value: bool = False) -> Term:
    if isinstance(t, ox.Literal) and t.language and t.language != t.language.lower():
        return ox.Literal(t.value, language=t.language.lower())
    return by_value(t) if value else t


def _key(row: Row, variables: list[str], value: bool = False) -> tuple[Term | None, ...]:
    return tuple(_norm(row[v], value) if v in row else None for v in variables)


def _shape(row: tuple[Term | None, ...]) -> tuple[Term | None, ...]:
    return tuple("_:" if isinstance(t, ox.BlankNode) else t for t in row)


def _match_rows(
    expected: list[tuple[Term | None, ...]], actual: list[tuple[Term | None, ...]]
) -> dict[Term, Term] | None:
    """A one-to-one blank node mapping expected -> actual under which the two bags
    of rows are equal, or None when there is none."""
    if Counter(map(_shape, expected)) != Counter(map(_shape, actual)):
        return None
    # rows with the fewest blank nodes first: they constrain the search most cheaply
    todo = sorted(expected, key=lambda r: sum(isinstance(t, ox.BlankNode) for t in r))
    used = [False] * len(actual)
    fwd: dict[Term, Term] = {}
    back: dict[Term, Term] = {}

    def fits(e: tuple[Term | None, ...], a: tuple[Term | None, ...]) -> list[Term] | None:
        added: list[Term] = []
        for x, y in zip(e, a, strict=True):
            if isinstance(x, ox.BlankNode) and isinstance(y, ox.BlankNode):
                if fwd.get(x, y) != y or back.get(y, x) != x:
                    for k in added:
                        del back[fwd.pop(k)]
                    return None
                if x not in fwd:
                    fwd[x], back[y] = y, x
                    added.append(x)
            elif x != y:
                for k in added:
                    del back[fwd.pop(k)]
                return None
        return added

    def search(i: int) -> bool:
        if i == len(todo):
            return True
        shape = _shape(todo[i])
        for j, a in enumerate(actual):
            if used[j] or _shape(a) != shape:
                continue
            added = fits(todo[i], a)
            if added is None:
                continue
            used[j] = True
            if search(i + 1):
                return True
            used[j] = False
            for k in added:
                del back[fwd.pop(k)]
        return False

    return fwd if search(0) else None


def _graph(triples: list[tuple[Term, Term, Term]]) -> Any:
    from rdflib import BNode, Graph, Literal, URIRef

    def conv(t: Term) -> Any:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language.lower(), normalize=False)
        return Literal(t.value, datatype=URIRef(t.datatype.value), normalize=False)

    g = Graph()
    for s, p, o in triples:
        g.add((conv(s), conv(p), conv(o)))
    return g


def compare(expected: Answer, actual: Answer, order: list[str], value: bool = False) -> str | None:
    """None when ``actual`` is a correct answer, else what differs (one line).

    ``value`` compares literals of XSD datatypes by value (``by_value``) instead
    of as terms; the tests never set it."""
    if expected.kind != actual.kind:
        return f"expected {expected.describe()}, got {actual.describe()}"
    if expected.kind == "boolean":
        return None if expected.boolean == actual.boolean else f"expected {expected.boolean}"
    if expected.kind == "graph":
        from rdflib.compare import graph_diff, isomorphic, to_isomorphic

        def triples(a: Answer) -> list[tuple[Term, Term, Term]]:
            return [(s, p, _norm(o, value)) for s, p, o in a.triples]

        want_g, got_g = _graph(triples(expected)), _graph(triples(actual))
        if isomorphic(want_g, got_g):
            return None
        _, missing_g, extra_g = graph_diff(to_isomorphic(want_g), to_isomorphic(got_g))

        def nt(g: Any) -> list[str]:
            return sorted(" ".join(x.n3() for x in t) for t in g)[:2]

        return (
            f"graph of {len(got_g)} triples, expected {len(want_g)}: "
            f"missing {nt(missing_g)} extra {nt(extra_g)}"
        )
    if set(expected.variables) != set(actual.variables):
        return f"variables {sorted(actual.variables)}, expected {sorted(expected.variables)}"
    variables = sorted(expected.variables)
    want = [_key(r, variables, value) for r in expected.rows]
    got = [_key(r, variables, value) for r in actual.rows]
    mapping = _match_rows(want, got)
    if mapping is None:
        w, g = Counter(map(_shape, want)), Counter(map(_shape, got))
        missing, extra = list((w - g).elements()), list((g - w).elements())
        return (
            f"{len(got)} rows, expected {len(want)}; missing {[_show(r) for r in missing[:2]]} "
            f"extra {[_show(r) for r in extra[:2]]}"
            if missing or extra
            else "rows differ only in how blank nodes are shared"
        )
    sort_vars = [v for v in order if v in expected.variables]
    if not sort_vars and expected.ordered:
        sort_vars = variables
    if sort_vars:
        idx = [variables.index(v) for v in sort_vars]
        want_seq = [tuple(mapping.get(r[i], r[i]) for i in idx) for r in want]
        got_seq = [tuple(r[i] for i in idx) for r in got]
        if want_seq != got_seq:
            return f"rows are not in ORDER BY {' '.join('?' + v for v in sort_vars)} order"
    return None


def _show(row: tuple[Term | None, ...]) -> str:
    return " ".join("UNDEF" if t is None else str(t) for t in row)
