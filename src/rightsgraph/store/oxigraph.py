"""Oxigraph stores and the conversion of Oxigraph answers to rdflib terms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, QueryError
from .base import XSD_STRING, QueryResult, syntax_message
from .dataset import ONTOLOGY, PUBLIC, RESTRICTED, Dataset, query_dataset
from .sparqltext import bind_values, check_read_only, group_concat_vars

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Node


class OxConverter:
    """Oxigraph terms to normalised rdflib terms, each distinct term converted once."""

    def __init__(self, keep_bnode_ids: bool = False) -> None:
        import pyoxigraph as ox
        from rdflib import BNode, Literal, URIRef

        # looked up once: a large answer converts tens of thousands of terms
        self._ox = ox
        self._rdf = (BNode, Literal, URIRef)
        self.cache: dict[Any, Node] = {}
        self.bnodes: dict[str, Node] = {}
        self.plains: dict[str, Node] = {}
        # answers get fresh blank nodes; a graph copied out keeps their labels
        self.keep_bnode_ids = keep_bnode_ids

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
            out = self.bnodes.setdefault(
                term.value, BNode(term.value) if self.keep_bnode_ids else BNode()
            )
        elif isinstance(term, ox.Literal):
            # strings need no normalising (rdflib would cast them to themselves): a
            # third of the time of converting a large answer
            if term.language:
                out = Literal(term.value, lang=term.language.lower(), normalize=False)
            elif term.datatype.value == XSD_STRING:
                out = Literal(term.value, normalize=False)
            else:
                # the engine's lexical form as it is: rdflib would re-parse it
                # ("PT0S"^^xsd:dayTimeDuration would come back as "P0D")
                out = Literal(
                    term.value, datatype=str.__new__(URIRef, term.datatype.value), normalize=False
                )
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


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"unsupported RDF term {term!r}")


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

        g = Graph(bind_namespaces="none")
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
    """A pyoxigraph store holding the rightsgraph dataset (``store/dataset.py``),
    in memory (the embedded default, built from ``data/`` at each run) or on disk
    (``--store oxigraph:PATH``, built once and reused).

    One store object is one view of the dataset: public unless it was opened with
    ``include_restricted``. Every query it runs — named, user's, or the library's
    own — sees that view's default graph and named graphs, and nothing else.
    """

    FINGERPRINT = "rightsgraph-fingerprint"

    def __init__(
        self,
        store: Any,
        description: str,
        include_restricted: bool = False,
        path: Path | None = None,
    ) -> None:
        self._store = store
        self.path = path
        self.include_restricted = include_restricted
        self.description = description if include_restricted else f"{description} (public)"
        self._dataset = query_dataset(include_restricted)
        import pyoxigraph as ox

        self._default = [ox.NamedNode(g) for g in self._dataset.default]
        self._named = [ox.NamedNode(g) for g in self._dataset.named]

    @classmethod
    def open(cls, path: Path, include_restricted: bool = False) -> OxigraphStore:
        """An on-disk store built by ``rightsgraph build``, opened read-only, so several
        commands (and the server's workers) can read it at once."""
        import pyoxigraph as ox

        if not (path / cls.FINGERPRINT).exists():
            raise InputError(
                f"{path}: no rightsgraph store here — run 'rightsgraph --store oxigraph:{path} build' first"
            )
        try:
            store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise InputError(f"{path}: cannot open the Oxigraph store ({exc})") from None
        return cls(store, f"oxigraph:{path}", include_restricted, path)

    @property
    def ox(self) -> Any:
        """The underlying ``pyoxigraph.Store`` (for bulk work such as validation)."""
        return self._store

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    def with_access(self, include_restricted: bool) -> OxigraphStore:
        """The same store seen through the other view."""
        base = self.description.removesuffix(" (public)")
        return OxigraphStore(self._store, base, include_restricted, self.path)

    def stored_fingerprint(self) -> str | None:
        f = self.path / self.FINGERPRINT if self.path else None
        return f.read_text().strip() if f and f.exists() else None

    def query(
        self, sparql: str, bindings: dict[str, Node] | None = None, base_iri: str | None = None
    ) -> QueryResult:
        check_read_only(sparql)
        concat = group_concat_vars(sparql) if "GROUP_CONCAT" in sparql.upper() else None
        return self.raw_query(bind_values(sparql, bindings), concat, base_iri)

    def raw_query(
        self, sparql: str, concat_vars: set[str] | None = None, base_iri: str | None = None
    ) -> QueryResult:
        """Run already-checked, already-bound text on this view's dataset."""
        from ..errors import QuerySyntaxError

        try:
            res = self._store.query(
                sparql, base_iri=base_iri, default_graph=self._default, named_graphs=self._named
            )
            return ox_result(res, concat_vars)
        except SyntaxError as exc:
            raise QuerySyntaxError(syntax_message(exc)) from None
        except (OSError, ValueError, RuntimeError, TypeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def data_quads(self) -> Any:
        """The data triples of this view (public, or public and restricted)."""
        import pyoxigraph as ox

        graphs = [PUBLIC, RESTRICTED] if self.include_restricted else [PUBLIC]
        for g in graphs:
            yield from self._store.quads_for_pattern(None, None, None, ox.NamedNode(g))

    def graph(self) -> rdflib.Graph:
        """The data of this view as an rdflib graph, for dumps (never for queries)."""
        from rdflib import Graph

        from ..vocab import bind_all

        g = Graph(bind_namespaces="none")
        bind_all(g)
        conv = OxConverter(keep_bnode_ids=True)
        for q in self.data_quads():
            g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
        return g

    def ontology_graph(self) -> rdflib.Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        g = Graph(bind_namespaces="none")
        conv = OxConverter(keep_bnode_ids=True)
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY)):
            g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
        return g

    def triple_count(self) -> int:
        """Data triples in this view (the ontology and derived facts not counted)."""
        import pyoxigraph as ox

        graphs = [PUBLIC, RESTRICTED] if self.include_restricted else [PUBLIC]
        n = 0
        for g in graphs:
            res = self._store.query(
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=[ox.NamedNode(g)]
            )
            n += int(next(iter(res))[0].value)
        return n
