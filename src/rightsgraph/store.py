"""Stores behind one query interface: rdflib in memory (default), Oxigraph on
disk, or any SPARQL 1.1 Protocol endpoint (``remote.py``). Named queries run
unchanged on each and their answers compare equal:

* parameters are bound the same way everywhere — a VALUES block of
  N-Triples-escaped terms first in the outermost WHERE group
  (``sparqltext.bind_values``), never text spliced into the query;
* results are normalised: ``xsd:string`` literals come back as plain literals and
  language tags in lower case, whatever the engine returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import InputError, QueryError
from .sparqltext import bind_values, check_read_only, group_concat_vars

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Node

Progress = Callable[[str, int, int], None]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class QueryResult:
    """SELECT rows (rdflib terms, None when unbound), an ASK boolean, or a graph."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, r, strict=True)) for r in self.rows]


class Store(Protocol):
    """What every store offers."""

    description: str

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult: ...

    def graph(self) -> rdflib.Graph: ...

    def triple_count(self) -> int: ...


def _check_read_only(sparql: str, allow_service: bool = False) -> None:
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
        if read_only and not (path / self.FINGERPRINT).exists():
            raise InputError(
                f"{path}: no rightsgraph store here — run 'rightsgraph --store oxigraph:{path} build' first"
            )
        try:
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            raise InputError(f"{path}: cannot open the Oxigraph store ({exc})") from None

    @property
    def ox(self) -> Any:
        """The underlying ``pyoxigraph.Store`` (for bulk work such as validation)."""
        return self._store

    def stored_fingerprint(self) -> str | None:
        f = self.path / self.FINGERPRINT
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

        from .namespaces import bind_all

        g = Graph()
        bind_all(g)
        conv = OxConverter()
        for q in self._store.quads_for_pattern(None, None, None, None):
            g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
        return g

    def triple_count(self) -> int:
        return len(self._store)


def __getattr__(name: str) -> Any:
    # SparqlStore lives in remote.py; keep 'from rightsgraph.store import SparqlStore' working
    if name == "SparqlStore":
        from .remote import SparqlStore

        return SparqlStore
    raise AttributeError(name)


@dataclass
class StoreSpec:
    kind: str
    location: str | None = None
    update_url: str | None = None
    graph: str | None = None


def parse_store_spec(spec: str) -> StoreSpec:
    """'memory', 'oxigraph:PATH' or 'sparql:URL[,update=URL][,graph=IRI]'."""
    if spec == "memory":
        return StoreSpec("memory")
    if spec.startswith("oxigraph:") and len(spec) > len("oxigraph:"):
        return StoreSpec("oxigraph", spec[len("oxigraph:") :])
    if spec.startswith("sparql:") and len(spec) > len("sparql:"):
        url, *rest = spec[len("sparql:") :].split(",")
        options: dict[str, str] = {}
        for part in rest:
            key, eq, value = part.partition("=")
            if key not in ("update", "graph") or not eq or not value or key in options:
                raise InputError(
                    f"--store {spec}: after the URL only ',update=URL' and ',graph=IRI' are allowed"
                )
            options[key] = value
        return StoreSpec("sparql", url, options.get("update"), options.get("graph"))
    raise InputError(
        f"--store '{spec}' is not understood — use memory, oxigraph:PATH or sparql:URL[,update=URL][,graph=IRI]"
    )
