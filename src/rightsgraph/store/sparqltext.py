"""Reading SPARQL text without a full parser: which form a query has, whether it
is an update or calls SERVICE, and where its outermost WHERE group opens.

Parameters are bound the same way on every store, in standard SPARQL: every
group graph pattern that mentions a parameter starts with a one-row ``VALUES``
block holding its N-Triples-escaped term. The parameter then has its value in
every scope where it is used (a UNION branch such as ``{ BIND(?incident AS
?claim) }``, an OPTIONAL, a subquery), exactly as if the term had been written
there, and an optional parameter that is not given stays unbound, so
``FILTER(!BOUND(?p) || ...)`` works. Oxigraph's own ``substitutions`` refuse
variables that are not projected, a single VALUES block in the outer group does
not reach into a UNION branch evaluated on its own, and rdflib's
``initBindings`` are not standard SPARQL — hence this.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import QueryError
from ..records import Record

TYPE_CHECKING = False  # not typing's: every query is read here
if TYPE_CHECKING:
    from collections.abc import Iterator

    from rdflib.term import Node

_TOKEN = re.compile(
    r"""
     (?P<ws>\s+)
    |(?P<comment>\#[^\n]*)
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<var>[?$][^\s{}()<>;,.=!|&+*/"'#\[\]]+)
    |(?P<word>[A-Za-z_][\w.\-]*(?::[^\s{}()<>;,"'#\[\]]*)?|:[^\s{}()<>;,"'#\[\]]*)
    |(?P<punct>.)
    """,
    re.X | re.S,
)

UPDATE_KEYWORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


class Token(Record):
    """One token of a query and where it is (read-only by convention)."""

    __slots__ = ("kind", "text", "start", "end", "depth")

    def __init__(self, kind: str, text: str, start: int, end: int, depth: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.depth = depth  # brace depth before the token

    def __hash__(self) -> int:
        return hash(self._fields())


def tokens(sparql: str) -> Iterator[Token]:
    return iter(_token_list(sparql))


@lru_cache(maxsize=512)
def _token_list(sparql: str) -> tuple[Token, ...]:
    return tuple(_scan(sparql))


def _scan(sparql: str) -> Iterator[Token]:
    depth = 0
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        text = m.group()
        if text == "}":
            depth -= 1
        yield Token(kind, text, m.start(), m.end(), depth)
        if text == "{":
            depth += 1


def _keyword(tok: Token) -> str | None:
    return tok.text.upper() if tok.kind == "word" and ":" not in tok.text else None


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; QueryError for updates and non-queries."""
    for tok in tokens(sparql):
        kw = _keyword(tok)
        if kw in ("PREFIX", "BASE") or tok.kind == "iri" or (tok.kind == "word" and kw is None):
            continue
        if kw in FORMS:
            return kw
        if kw in UPDATE_KEYWORDS:
            raise QueryError(
                "update operations are refused: rightsgraph queries are read-only — "
                "use SELECT, ASK, CONSTRUCT or DESCRIBE"
            )
        break
    raise QueryError(
        "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prefixes"
    )


def check_read_only(sparql: str, allow_service: bool = False) -> str:
    """Refuse updates and, unless allowed, federated SERVICE calls; returns the form."""
    form = query_form(sparql)
    if not allow_service and any(_keyword(t) == "SERVICE" for t in tokens(sparql)):
        raise QueryError("federated SERVICE calls are refused: queries run on the local graph only")
    return form


def dataset_clauses(sparql: str) -> tuple[str, list[tuple[bool, str]]]:
    """The query's prologue (its text before the query form) and its ``FROM`` /
    ``FROM NAMED`` targets as written: (is it NAMED, IRI or prefixed name)."""
    toks = list(tokens(sparql))
    prologue_end: int | None = None
    targets: list[tuple[bool, str]] = []
    for i, tok in enumerate(toks):
        if tok.depth != 0:
            continue
        kw = _keyword(tok)
        if kw in FORMS and prologue_end is None:
            prologue_end = tok.start
        elif kw == "FROM" and i + 1 < len(toks):
            named = _keyword(toks[i + 1]) == "NAMED"
            at = i + 2 if named else i + 1
            if at < len(toks) and toks[at].kind in ("iri", "word"):
                targets.append((named, toks[at].text))
    return sparql[: prologue_end or 0], targets


def where_brace(sparql: str) -> int | None:
    """Offset just after the '{' that opens the outermost WHERE group."""
    form_seen = False
    after_where = False
    for tok in tokens(sparql):
        if tok.depth != 0:
            continue
        kw = _keyword(tok)
        if kw in FORMS:
            form_seen = True
        elif kw == "WHERE":
            after_where = True
        elif tok.text == "{" and (after_where or (form_seen and _form_allows_bare(sparql))):
            return tok.end
    return None


def _form_allows_bare(sparql: str) -> bool:
    # SELECT ... { } and ASK { } may omit WHERE; CONSTRUCT's first group is its template
    return query_form(sparql) in ("SELECT", "ASK")


def nt_term(term: Node) -> str:
    """An RDF term as N-Triples text for a query parameter: a blank node or
    anything that could escape its place is refused."""
    from ..rdf.ntriples import nt_term as write
    from ..rdf.ntriples import term_parts

    try:
        if term_parts(term)[0] == "bnode":
            raise QueryError("cannot bind a blank node as a query parameter — use an IRI")
        return write(term)
    except ValueError as exc:
        raise QueryError(f"cannot bind {exc}") from None


def group_braces(sparql: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every group graph pattern: just after its '{' and
    at its '}'. Not included: VALUES data blocks, CONSTRUCT templates and the
    braces that only wrap a subquery (its own WHERE group is included)."""
    toks = list(tokens(sparql))
    out: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = []  # (offset after '{', is a group)
    pending_values = False
    after_where = False
    construct = False
    for i, tok in enumerate(toks):
        kw = _keyword(tok)
        if kw == "VALUES":
            pending_values = True
        elif kw == "CONSTRUCT" and tok.depth == 0:
            construct = True
        elif kw == "WHERE" and tok.depth == 0:
            after_where = True
        elif tok.text == "{":
            nxt = _keyword(toks[i + 1]) if i + 1 < len(toks) else None
            is_group = not pending_values and nxt != "SELECT"
            if tok.depth == 0 and construct and not after_where:
                is_group = False  # the template
            pending_values = False
            stack.append((tok.end, is_group))
        elif tok.text == "}" and stack:
            start, is_group = stack.pop()
            if is_group:
                out.append((start, tok.start))
    return out


def bind_values(sparql: str, bindings: dict[str, Node] | None) -> str:
    """The query with its parameters bound to RDF terms.

    Each group graph pattern that mentions a parameter starts with a one-row
    VALUES block for it, so the parameter has its value in every scope it is
    used — a UNION branch, an OPTIONAL, a subquery, a FILTER — as if the term
    had been written there, and stays unbound where it is not given.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"'{name}' is not a SPARQL variable name")
    if where_brace(sparql) is None:
        raise QueryError("cannot bind parameters: the query has no WHERE block")
    terms = {k: nt_term(v) for k, v in bindings.items()}
    sparql = _inline_filter_only(sparql, terms)
    terms = {k: v for k, v in terms.items() if _mentions(sparql, k)}
    var_at = [
        (t.start, t.text[1:]) for t in tokens(sparql) if t.kind == "var" and t.text[1:] in terms
    ]
    inserts: list[tuple[int, str]] = []
    for start, end in group_braces(sparql):
        used = sorted({name for pos, name in var_at if start <= pos < end})
        if used:
            names = " ".join(f"?{k}" for k in used)
            values = " ".join(terms[k] for k in used)
            inserts.append((start, f" VALUES ({names}) {{ ({values}) }} "))
    for pos, text in sorted(inserts, reverse=True):
        sparql = sparql[:pos] + text + sparql[pos:]
    return sparql


def _mentions(sparql: str, name: str) -> bool:
    return any(t.kind == "var" and t.text[1:] == name for t in tokens(sparql))


def _closing(toks: list[Token], start: int) -> int | None:
    """Index of the ``)`` that closes the ``(`` at or after ``start``."""
    depth = 0
    for j in range(start, len(toks)):
        if toks[j].text == "(":
            depth += 1
        elif toks[j].text == ")":
            depth -= 1
            if depth == 0:
                return j
    return None


def _filter_spans(toks: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges of the parenthesised expression of each FILTER."""
    spans = []
    for i, tok in enumerate(toks):
        if _keyword(tok) != "FILTER" or i + 1 >= len(toks) or toks[i + 1].text != "(":
            continue
        end = _closing(toks, i + 1)
        if end is not None:
            spans.append((i + 1, end))
    return spans


def _inline_filter_only(sparql: str, terms: dict[str, str]) -> str:
    """Write a parameter used only inside FILTER expressions (never in BOUND, a
    pattern, a BIND or the projection) as the term itself: the same meaning, and
    engines can then push the comparison down (a VALUES join would not be)."""
    toks = list(tokens(sparql))
    spans = _filter_spans(toks)
    replace: list[Token] = []
    for name in terms:
        uses = [i for i, t in enumerate(toks) if t.kind == "var" and t.text[1:] == name]
        if not uses:
            continue
        inside = all(any(a < i < b for a, b in spans) for i in uses)
        in_bound = any(i >= 2 and _keyword(toks[i - 2]) == "BOUND" for i in uses)
        if inside and not in_bound:
            replace.extend(toks[i] for i in uses)
    for tok in sorted(replace, key=lambda t: t.start, reverse=True):
        sparql = sparql[: tok.start] + terms[tok.text[1:]] + sparql[tok.end :]
    return sparql


def group_concat_vars(sparql: str) -> set[str]:
    """Variables bound to ``GROUP_CONCAT(...) AS ?v``: SPARQL makes them simple
    literals, though some engines keep a language tag shared by every part."""
    toks = list(tokens(sparql))
    out: set[str] = set()
    for i, tok in enumerate(toks):
        if _keyword(tok) != "GROUP_CONCAT":
            continue
        j = _closing(toks, i + 1)
        if (
            j is not None
            and j + 2 < len(toks)
            and _keyword(toks[j + 1]) == "AS"
            and toks[j + 2].kind == "var"
        ):
            out.add(toks[j + 2].text[1:])
    return out
