"""rdflib in memory, built from the data folder: nothing to install or start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from .base import QueryResult, normalise_term, plain_concats
from .sparqltext import bind_values, check_read_only

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Node


def check_syntax(sparql: str, allow_service: bool = False) -> None:
    """Refuse updates and SERVICE; report syntax errors with line and column (rdflib)."""
    check_read_only(sparql, allow_service)
    _rdflib_parse(sparql)


def _rdflib_parse(sparql: str) -> Any:
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(sparql)
    except Exception as exc:  # pyparsing raises several kinds
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "col", None)
        where = f"line {line}, column {col}: " if line else ""
        msg = str(getattr(exc, "msg", exc)).splitlines()[0]
        raise QueryError(f"SPARQL syntax error at {where}{msg} — fix the query text") from None


class MemoryStore:
    """rdflib in memory, built from the data folder: nothing to install or start."""

    def __init__(self, graph: rdflib.Graph, description: str = "memory") -> None:
        self._graph = graph
        self.description = description

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        check_read_only(sparql)
        from rdflib.plugins.sparql.algebra import translateQuery

        parsed = _rdflib_parse(bind_values(sparql, bindings))
        try:
            res = self._graph.query(translateQuery(parsed))
        except Exception as exc:
            raise QueryError(f"query failed: {exc}") from None
        if res.type == "ASK":
            return QueryResult(boolean=bool(res.askAnswer))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(graph=res.graph)
        variables = [str(v) for v in res.vars or []]
        rows = [tuple(normalise_term(t) for t in row) for row in res]  # type: ignore[union-attr]
        return plain_concats(QueryResult(variables, rows), sparql)

    def graph(self) -> rdflib.Graph:
        return self._graph

    def triple_count(self) -> int:
        return len(self._graph)
