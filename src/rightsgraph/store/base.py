"""Stores behind one query interface: Oxigraph in memory (default) or on
disk, or any SPARQL 1.1 Protocol endpoint (``remote.py``). Named queries run
unchanged on each and their answers compare equal:

* parameters are bound the same way everywhere — a VALUES block of
  N-Triples-escaped terms first in the outermost WHERE group
  (``sparqltext.bind_values``), never text spliced into the query;
* results are normalised: ``xsd:string`` literals come back as plain literals and
  language tags in lower case, whatever the engine returns.
"""

from __future__ import annotations

from ..vocab import XSD_STRING
from .sparqltext import check_read_only, group_concat_vars

# not typing's TYPE_CHECKING and Protocol: every query would pay for importing
# typing; checkers read ``Store`` as the protocol it is, at run time it is a class
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    import rdflib
    from rdflib.term import Node

    from .dataset import Dataset
else:
    Protocol = object


class QueryResult:
    """SELECT rows (None when unbound), an ASK boolean, or a graph.

    ``rows`` are rdflib terms and ``graph`` an rdflib graph, for the library's
    callers; ``terms`` and ``triples`` are the terms as the engine gave them, which
    is what the command line renders. Here both are the same rdflib terms (a
    remote endpoint's answer is read into rdflib); Oxigraph's answers
    (``oxigraph.OxResult``) keep pyoxigraph terms and convert only when ``rows``
    or ``graph`` is asked for, so a command that only prints never loads rdflib.
    """

    def __init__(
        self,
        variables: list[str] | None = None,
        rows: list[tuple[Node | None, ...]] | None = None,
        boolean: bool | None = None,
        graph: rdflib.Graph | None = None,
        truncated: bool = False,  # cut at the caller's row cap while read from the engine
    ) -> None:
        self.variables = variables if variables is not None else []
        self._rows = rows if rows is not None else []
        self.boolean = boolean
        self._graph = graph
        self.truncated = truncated

    def __repr__(self) -> str:
        what = (
            f"boolean={self.boolean}"
            if self.boolean is not None
            else "graph"
            if self.is_graph
            else f"{len(self.terms)} row(s)"
        )
        return f"<{type(self).__name__} {self.variables} {what}>"

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple[Node | None, ...]]) -> None:
        self._rows = rows

    @property
    def graph(self) -> rdflib.Graph | None:
        return self._graph

    @property
    def terms(self) -> list[tuple[Any, ...]]:
        """The rows in the engine's own terms (rdflib's here)."""
        return self.rows

    @property
    def is_graph(self) -> bool:
        """A CONSTRUCT or DESCRIBE answer (asked without building the graph)."""
        return self._graph is not None

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, r, strict=True)) for r in self.rows]


class Store(Protocol):
    """What every store offers: one view (public, or everything) of the dataset of
    ``store/dataset.py``, queried by its engine."""

    description: str
    include_restricted: bool

    @property
    def dataset(self) -> Dataset: ...

    def query(
        self,
        sparql: str,
        bindings: dict[str, Any] | None = None,
        base_iri: str | None = None,
        *,
        dataset: Dataset | None = None,
    ) -> QueryResult: ...

    def graph(self) -> rdflib.Graph: ...

    def triple_count(self) -> int: ...

    def with_access(self, include_restricted: bool) -> Store: ...


def syntax_message(exc: SyntaxError) -> str:
    """Oxigraph's parse error as one line with line and column, and the fix."""
    import re

    text = str(exc).splitlines()[0] if str(exc) else "invalid query"
    m = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", text)
    where = f" at line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else f": {text}"
    return f"SPARQL syntax error{where} — fix the query text"


def check_syntax(sparql: str) -> None:
    """Refuse updates and SERVICE; let Oxigraph's parser judge the rest (it parses
    and plans; nothing is evaluated until results are read)."""
    import pyoxigraph as ox

    from ..errors import QuerySyntaxError

    check_read_only(sparql)
    try:
        ox.Store().query(sparql)
    except SyntaxError as exc:
        raise QuerySyntaxError(syntax_message(exc)) from None
    except (OSError, ValueError, RuntimeError):
        pass  # not a syntax error: the engine will say it when it runs the query


def normalise_term(term: Node | None) -> Node | None:
    """One form for equal terms across engines: plain literals, lower-case language tags."""
    from rdflib import Literal

    if isinstance(term, Literal):
        if term.language and term.language != term.language.lower():
            return Literal(str(term), lang=term.language.lower())
        if term.datatype is not None and str(term.datatype) == XSD_STRING:
            return Literal(str(term))
    return term


def plain_concats(result: QueryResult, sparql: str) -> QueryResult:
    """GROUP_CONCAT results as simple literals, whatever the engine did."""
    if not result.rows or "GROUP_CONCAT" not in sparql.upper():
        return result
    from rdflib import Literal

    concat = group_concat_vars(sparql)
    cols = [i for i, v in enumerate(result.variables) if v in concat]
    if not cols:
        return result
    if not any(
        isinstance(t := row[i], Literal) and t.language for row in result.rows for i in cols
    ):
        return result
    plain: dict[Node, Node] = {}
    fixed = []
    for row in result.rows:
        r = list(row)
        for i in cols:
            t = r[i]
            if isinstance(t, Literal) and t.language:
                r[i] = plain.get(t) or plain.setdefault(t, Literal(str(t), normalize=False))
        fixed.append(tuple(r))
    result.rows = fixed
    return result
