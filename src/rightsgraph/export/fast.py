"""An in-memory Oxigraph copy of an rdflib graph, for the many SPARQL queries an
export runs (the network view, evidence, timeline): the same answers as the
rdflib store, about ten times faster. ``graph()`` still returns the rdflib graph.
Queries are checked and bound exactly as ``OxigraphStore`` does it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import QueryError
from ..store.base import QueryResult
from ..store.oxigraph import ox_result
from ..store.sparqltext import bind_values, check_read_only

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Node


class OxigraphMemoryStore:
    def __init__(self, graph: rdflib.Graph, description: str = "memory") -> None:
        import pyoxigraph as ox

        self._graph = graph
        self.description = description
        self._store = ox.Store()
        data = graph.serialize(format="nt", encoding="utf-8")
        self._store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        check_read_only(sparql)
        try:
            res = self._store.query(bind_values(sparql, bindings))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc} — fix the query text") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        return ox_result(res)

    def graph(self) -> rdflib.Graph:
        return self._graph

    def triple_count(self) -> int:
        return len(self._graph)
