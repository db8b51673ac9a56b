"""Oxigraph stores, their answers (pyoxigraph terms, converted to rdflib terms
only when a caller asks for them) and that conversion."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, QueryError
from . import generations
from .base import XSD_STRING, QueryResult, syntax_message
from .dataset import (
    ONTOLOGY,
    PUBLIC,
    RESTRICTED,
    Dataset,
    from_clauses,
    query_dataset,
    user_graphs,
)
from .sparqltext import bind_values, check_read_only, group_concat_vars

TYPE_CHECKING = False  # not typing's: a query need not load typing
if TYPE_CHECKING:
    from typing import Any

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
                out = typed_literal(term.value, term.datatype.value)
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


def typed_literal(lexical: str, datatype: str) -> Node:
    """An rdflib literal keeping the engine's lexical form. An ill-typed value (one
    the literal table refuses, such as "P1X"^^xsd:duration in a hand-edited data
    file) stays a literal of its datatype — it is data, and SPARQL answers carry
    it — but rdflib's failed conversion is not logged as a traceback."""
    import logging

    from rdflib import Literal, URIRef

    from ..rdf.literals import lexical_ok

    dt = str.__new__(URIRef, datatype)
    if lexical_ok(lexical, datatype):
        return Literal(lexical, datatype=dt, normalize=False)
    log = logging.getLogger("rdflib.term")
    was = log.disabled
    log.disabled = True  # for this one construction only, restored at once
    try:
        return Literal(lexical, datatype=dt, normalize=False)
    finally:
        log.disabled = was


def to_ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (a pyoxigraph term as it is)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
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


class OxResult(QueryResult):
    """An answer of the engine in its own terms (normalised: lower-case language
    tags, GROUP_CONCAT results plain), rendered as they are by the command line;
    ``rows`` and ``graph`` convert to rdflib once, on first use."""

    def __init__(
        self,
        variables: list[str] | None = None,
        terms: list[tuple[Any, ...]] | None = None,
        boolean: bool | None = None,
        triples: list[Any] | None = None,
        truncated: bool = False,
    ) -> None:
        super().__init__(variables, None, boolean, None, truncated)
        self._terms: list[tuple[Any, ...]] | None = terms if terms is not None else []
        self._triples = triples
        self._converted = False

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        if not self._converted:
            conv = OxConverter()
            self._rows = [
                tuple(None if t is None else conv(t) for t in row) for row in self._terms or ()
            ]
            self._converted = True
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple[Node | None, ...]]) -> None:
        self._rows, self._terms, self._converted = rows, None, True

    @property
    def terms(self) -> list[tuple[Any, ...]]:
        return self._terms if self._terms is not None else self.rows

    @property
    def graph(self) -> rdflib.Graph | None:
        if self._graph is None and self._triples is not None:
            from rdflib import Graph

            g = Graph(bind_namespaces="none")
            conv = OxConverter()
            for t in self._triples:
                g.add((conv(t.subject), conv(t.predicate), conv(t.object)))
            self._graph = g
        return self._graph

    @property
    def triples(self) -> list[Any] | None:
        """A graph answer's pyoxigraph triples (None for rows or a boolean)."""
        return self._triples

    @property
    def is_graph(self) -> bool:
        return self._triples is not None or self._graph is not None


def _normaliser(plain: bool) -> Any:
    """One form for equal terms across engines: lower-case language tags, and for a
    GROUP_CONCAT result (``plain``) a simple literal even if the engine kept a tag."""
    from pyoxigraph import Literal

    def normal(t: Any) -> Any:
        if type(t) is Literal:
            lang = t.language
            if lang:
                if plain:
                    return Literal(t.value)
                if lang != lang.lower():
                    return Literal(t.value, language=lang.lower())
        return t

    return normal


def ox_result(
    res: Any, concat_vars: set[str] | None = None, max_rows: int | None = None
) -> QueryResult:
    """A pyoxigraph query result as a QueryResult of normalised pyoxigraph terms.

    With ``max_rows`` the answer is read up to that many rows or triples and
    marked ``truncated`` if there were more.
    """
    import pyoxigraph as ox

    if isinstance(res, bool | ox.QueryBoolean):
        return OxResult(boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        triples: list[Any] = []
        for t in res:
            if max_rows is not None and len(triples) >= max_rows:
                return OxResult(triples=triples, truncated=True)
            triples.append(t)
        return OxResult(triples=triples)
    variables = [v.value for v in res.variables]
    concat = concat_vars or set()
    norms = [_normaliser(v in concat) for v in variables]
    rows: list[tuple[Any, ...]] = []
    for sol in res:
        if max_rows is not None and len(rows) >= max_rows:
            return OxResult(variables, rows, truncated=True)
        rows.append(tuple(None if (t := sol[i]) is None else n(t) for i, n in enumerate(norms)))
    return OxResult(variables, rows)


def check_within(asked: Dataset, view: Dataset) -> None:
    """Refuse a graph that is not part of the view (a restricted graph in public
    mode, or one that does not exist): the caller named it, so say which."""
    from ..errors import UsageError

    known = set(view.default) | set(view.named)
    for g in (*asked.default, *asked.named):
        if g not in known:
            raise UsageError(
                f"graph <{g}> is not in this dataset — its graphs: "
                + ", ".join(f"<{x}>" for x in sorted(known))
            )


class OxigraphStore:
    """A pyoxigraph store holding the rightsgraph dataset (``store/dataset.py``),
    on disk (``--store oxigraph:PATH``, built once and reused; the embedded default's
    cached copy, ``store/cache.py``) or in memory (the embedded default when it
    cannot be cached).

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
        self._dataset = query_dataset(
            include_restricted, user=user_graphs(store, include_restricted)
        )
        import pyoxigraph as ox

        self._default = [ox.NamedNode(g) for g in self._dataset.default]
        self._named = [ox.NamedNode(g) for g in self._dataset.named]
        self.dir: Path | None = path
        self._reader: Any = None

    @classmethod
    def open(cls, path: Path, include_restricted: bool = False) -> OxigraphStore:
        """An on-disk store built by ``rightsgraph build``, opened read-only, so several
        commands (and the server's workers) can read it at once: the generation
        ``CURRENT`` points to, locked so that no build deletes it while it is open."""
        import pyoxigraph as ox

        folder, reader = generations.open_current(path)
        if not (folder / cls.FINGERPRINT).exists():
            raise InputError(
                f"{path}: no rightsgraph store here — run 'rightsgraph --store oxigraph:{path} build' first"
            )
        try:
            store = ox.Store.read_only(str(folder))
        except OSError as exc:
            raise InputError(f"{path}: cannot open the Oxigraph store ({exc})") from None
        opened = cls(store, f"oxigraph:{path}", include_restricted, path)
        opened.dir, opened._reader = folder, reader
        return opened

    def as_memory(self) -> OxigraphStore:
        """This store as the embedded default (its cached copy, opened read-only):
        described as ``memory`` and with no store folder of its own to watch — it
        changes when the data files do — but still holding its reader lock."""
        plain = OxigraphStore(self._store, "memory", self.include_restricted)
        plain._reader = self._reader
        return plain

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
        other = OxigraphStore(self._store, base, include_restricted, self.path)
        other.dir, other._reader = self.dir, self._reader
        return other

    def stored_fingerprint(self) -> str | None:
        f = self.dir / self.FINGERPRINT if self.dir else None
        return f.read_text().strip() if f and f.exists() else None

    def query(
        self,
        sparql: str,
        bindings: dict[str, Any] | None = None,
        base_iri: str | None = None,
        max_rows: int | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run a query on this view's dataset (or on ``dataset``, graphs of this view
        only: the protocol's default-graph-uri / named-graph-uri); with ``max_rows``
        the answer is read from the engine row by row and cut there (``truncated``
        says so), never materialised whole."""
        check_read_only(sparql)
        concat = group_concat_vars(sparql) if "GROUP_CONCAT" in sparql.upper() else None
        return self.raw_query(bind_values(sparql, bindings), concat, base_iri, max_rows, dataset)

    def raw_query(
        self,
        sparql: str,
        concat_vars: set[str] | None = None,
        base_iri: str | None = None,
        max_rows: int | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run already-checked, already-bound text on this view's dataset (or the
        one its FROM / FROM NAMED clauses name, graphs of this view only)."""
        import pyoxigraph as ox

        from ..errors import QuerySyntaxError

        default, named = self._default, self._named
        if dataset is None and "FROM" in sparql.upper():
            dataset = from_clauses(sparql, base_iri)
        if dataset is not None:
            check_within(dataset, self._dataset)
            default = [ox.NamedNode(g) for g in dataset.default]
            named = [ox.NamedNode(g) for g in dataset.named]
        try:
            res = self._store.query(
                sparql, base_iri=base_iri, default_graph=default, named_graphs=named
            )
            return ox_result(res, concat_vars, max_rows)
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
