"""Oxigraph stores and the conversion of Oxigraph answers to rdflib terms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, QueryError
from . import generations
from .base import XSD_STRING, QueryResult
from .sparqltext import bind_values, check_read_only, group_concat_vars

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Node


class OxConverter:
    """Oxigraph terms to normalised rdflib terms, each distinct term converted once."""

    def __init__(self) -> None:
        import pyoxigraph as ox
        from rdflib import BNode, Literal, URIRef

        # looked up once: a large answer converts tens of thousands of terms
        self._ox = ox
        self._rdf = (BNode, Literal, URIRef)
        self.cache: dict[Any, Node] = {}
        self.bnodes: dict[str, Node] = {}
        self.plains: dict[str, Node] = {}

    def __call__(self, term: Any) -> Node:
        hit = self.cache.get(term)
        if hit is not None:
            return hit
        ox = self._ox
        BNode, Literal, URIRef = self._rdf
        out: Node
        if isinstance(term, ox.NamedNode):
            # Oxigraph has validated the IRI already; URIRef's own check would only
            # repeat it (its constructor is that check plus str.__new__)
            out = str.__new__(URIRef, term.value)
        elif isinstance(term, ox.BlankNode):
            out = self.bnodes.setdefault(term.value, BNode())
        elif isinstance(term, ox.Literal):
            # strings need no normalising (rdflib would cast them to themselves): a
            # third of the time of converting a large answer
            if term.language:
                out = Literal(term.value, lang=term.language.lower(), normalize=False)
            elif term.datatype.value == XSD_STRING:
                out = Literal(term.value, normalize=False)
            else:
                out = Literal(term.value, datatype=URIRef(term.datatype.value))
        else:
            raise QueryError(f"unsupported RDF term {term!r} (RDF-star is not supported)")
        self.cache[term] = out
        return out

    def plain(self, term: Any) -> Node:
        """A GROUP_CONCAT result: a simple literal even if the engine kept a language tag."""
        if isinstance(term, self._ox.Literal) and term.language:
            hit = self.plains.get(term.value)
            if hit is None:
                hit = self.plains[term.value] = self._rdf[1](term.value, normalize=False)
            return hit
        return self(term)


def ox_result(res: Any, concat_vars: set[str] | None = None) -> QueryResult:
    """A pyoxigraph query result as a QueryResult of normalised rdflib terms.

    ``concat_vars`` (GROUP_CONCAT results) come back as simple literals, converted
    once rather than converted and then rebuilt.
    """
    import pyoxigraph as ox

    conv = OxConverter()
    if isinstance(res, bool | ox.QueryBoolean):
        return QueryResult(boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        from rdflib import Graph

        g = Graph()
        for t in res:
            g.add((conv(t.subject), conv(t.predicate), conv(t.object)))
        return QueryResult(graph=g)
    variables = [v.value for v in res.variables]
    concat = concat_vars or set()
    convs = [conv.plain if v in concat else conv for v in variables]
    rows: list[tuple[Node | None, ...]] = []
    for sol in res:
        rows.append(tuple(None if (t := sol[i]) is None else c(t) for i, c in enumerate(convs)))
    return QueryResult(variables, rows)


class OxigraphStore:
    """An on-disk Oxigraph store: fast loading and querying for large graphs.

    Opened read-only by default, so several commands (and the server) can read it
    at once; ``build`` fills a fresh directory and swaps it in.
    """

    FINGERPRINT = "rightsgraph-fingerprint"

    def __init__(self, path: Path, read_only: bool = True) -> None:
        import pyoxigraph as ox

        self.path = path
        self.description = f"oxigraph:{path}"
        # the generation CURRENT points to, locked so no build deletes it while open
        self.dir, self._reader = generations.open_current(path) if read_only else (path, None)
        if read_only and not (self.dir / self.FINGERPRINT).exists():
            raise InputError(
                f"{path}: no rightsgraph store here — run 'rightsgraph --store oxigraph:{path} build' first"
            )
        try:
            self._store = ox.Store.read_only(str(self.dir)) if read_only else ox.Store(str(path))
        except OSError as exc:
            raise InputError(f"{path}: cannot open the Oxigraph store ({exc})") from None

    @property
    def ox(self) -> Any:
        """The underlying ``pyoxigraph.Store`` (for bulk work such as validation)."""
        return self._store

    def stored_fingerprint(self) -> str | None:
        f = self.dir / self.FINGERPRINT
        return f.read_text().strip() if f.exists() else None

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        check_read_only(sparql)
        concat = group_concat_vars(sparql) if "GROUP_CONCAT" in sparql.upper() else None
        return self.raw_query(bind_values(sparql, bindings), concat)

    def raw_query(self, sparql: str, concat_vars: set[str] | None = None) -> QueryResult:
        """Run already-checked, already-bound text."""
        try:
            res = self._store.query(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc} — fix the query text") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        return ox_result(res, concat_vars)

    def graph(self) -> rdflib.Graph:
        from rdflib import Graph

        from ..vocab import bind_all

        g = Graph()
        bind_all(g)
        conv = OxConverter()
        for q in self._store.quads_for_pattern(None, None, None, None):
            g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
        return g

    def triple_count(self) -> int:
        return len(self._store)
