"""Stores behind one query interface: rdflib in memory (default), Oxigraph on
disk, or any SPARQL 1.1 Protocol endpoint. Named queries run unchanged on each.

Query parameters are always bound as RDF terms: rdflib ``initBindings``,
Oxigraph ``substitutions``, and for remote endpoints a VALUES block built from
N-Triples-escaped terms — never text spliced into the query.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import InputError, QueryError

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Node

    from .graphdata import Progress


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
    """Refuse updates and, unless allowed, federated SERVICE calls."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(sparql)
    except Exception as exc:  # pyparsing raises several kinds
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "col", None)
        where = f"line {line}, column {col}: " if line else ""
        msg = str(getattr(exc, "msg", exc)).splitlines()[0]
        lowered = sparql.lower()
        if any(k in lowered for k in ("insert", "delete", "drop ", "clear ", "load ", "create ")):
            raise QueryError(
                "update operations are refused: rightsgraph queries are read-only — "
                "use SELECT, ASK, CONSTRUCT or DESCRIBE"
            ) from None
        raise QueryError(f"SPARQL syntax error at {where}{msg} — fix the query text") from None
    if not allow_service and "SERVICE" in _algebra_names(parsed):
        raise QueryError("federated SERVICE calls are refused: queries run on the local graph only")


def _algebra_names(node: Any, depth: int = 0) -> set[str]:
    names: set[str] = set()
    if depth > 200:
        return names
    name = getattr(node, "name", None)
    if isinstance(name, str):
        names.add("SERVICE" if name == "ServiceGraphPattern" else name)
    if isinstance(node, dict):
        for v in node.values():
            names |= _algebra_names(v, depth + 1)
    elif isinstance(node, list | tuple):
        for v in node:
            names |= _algebra_names(v, depth + 1)
    return names


class MemoryStore:
    """rdflib in memory, built from the data folder: nothing to install or start."""

    def __init__(self, graph: rdflib.Graph, description: str = "memory") -> None:
        self._graph = graph
        self.description = description

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        _check_read_only(sparql)
        from rdflib.term import Variable

        try:
            res = self._graph.query(
                sparql,
                initBindings={Variable(k): v for k, v in (bindings or {}).items()},  # type: ignore[misc]
            )
        except Exception as exc:
            raise QueryError(f"query failed: {exc}") from None
        return _from_rdflib_result(res)

    def graph(self) -> rdflib.Graph:
        return self._graph

    def triple_count(self) -> int:
        return len(self._graph)


def _from_rdflib_result(res: Any) -> QueryResult:
    if res.type == "ASK":
        return QueryResult(boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(graph=res.graph)
    variables = [str(v) for v in res.vars]
    return QueryResult(variables, [tuple(row) for row in res])


class OxigraphStore:
    """An on-disk Oxigraph store: fast loading and querying for large graphs."""

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

    def stored_fingerprint(self) -> str | None:
        f = self.path / self.FINGERPRINT
        return f.read_text().strip() if f.exists() else None

    def rebuild(self, files: Sequence[Path], fp: str, progress: Progress | None = None) -> int:
        """Replace the store's content with the given files (each parsed strictly)."""
        from .load import iter_quads

        marker = self.path / self.FINGERPRINT
        if marker.exists():
            marker.unlink()
        self._store.clear()
        for i, f in enumerate(files, start=1):
            quads = list(iter_quads(f))
            # blank nodes from different files must stay distinct
            self._store.bulk_extend(_rename_bnodes(quads, i))
            if progress:
                progress(f.name, i, len(files))
        self._store.flush()
        self._store.optimize()
        marker.write_text(fp)
        return len(self._store)

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        _check_read_only(sparql)
        import pyoxigraph as ox

        subs = {ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()}
        try:
            res = self._store.query(sparql, substitutions=subs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc} — fix the query text") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        return _from_ox_result(res)

    def graph(self) -> rdflib.Graph:
        from rdflib import Graph

        from .load import to_rdflib
        from .namespaces import bind_all

        g = Graph()
        bind_all(g)
        bnodes: dict[str, object] = {}
        for q in self._store:
            g.add(
                (
                    to_rdflib(q.subject, bnodes),
                    to_rdflib(q.predicate, bnodes),
                    to_rdflib(q.object, bnodes),
                )
            )
        return g

    def triple_count(self) -> int:
        return len(self._store)


def _rename_bnodes(quads: list[Any], file_index: int) -> list[Any]:
    import pyoxigraph as ox

    def fix(t: Any) -> Any:
        return ox.BlankNode(f"f{file_index}_{t.value}") if isinstance(t, ox.BlankNode) else t

    return [ox.Quad(fix(q.subject), q.predicate, fix(q.object), ox.DefaultGraph()) for q in quads]


def _to_ox(term: Node) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


def _from_ox_result(res: Any) -> QueryResult:
    import pyoxigraph as ox

    from .load import to_rdflib

    bnodes: dict[str, object] = {}
    if isinstance(res, bool):
        return QueryResult(boolean=res)
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        from rdflib import Graph

        g = Graph()
        for t in res:
            g.add(
                (
                    to_rdflib(t.subject, bnodes),
                    to_rdflib(t.predicate, bnodes),
                    to_rdflib(t.object, bnodes),
                )
            )
        return QueryResult(graph=g)
    variables = [v.value for v in res.variables]
    rows = []
    for sol in res:
        rows.append(tuple(None if sol[v] is None else to_rdflib(sol[v], bnodes) for v in variables))
    return QueryResult(variables, rows)


class SparqlStore:
    """Any SPARQL 1.1 Protocol endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB...)."""

    def __init__(
        self,
        url: str,
        update_url: str | None = None,
        timeout: float = 60.0,
        max_rows: int = 1_000_000,
    ) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise InputError(
                f"'{url}' is not an http(s) SPARQL endpoint URL — use sparql:http://host:port/query"
            )
        self.url = url
        self.update_url = update_url
        self.timeout = timeout
        self.max_rows = max_rows
        self.description = f"sparql:{url}"

    def _post(self, body: bytes, content_type: str, accept: str, url: str | None = None) -> bytes:
        req = urllib.request.Request(
            url or self.url,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (http(s) only, checked above)
                declared = resp.headers.get("Content-Length")
                data: bytes = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace").strip().splitlines()
            raise QueryError(
                f"endpoint {self.url} answered {exc.code}: {detail[0] if detail else exc.reason}"
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(
                f"endpoint {self.url} unreachable: {reason} — is the server running?"
            ) from None
        if declared is not None and int(declared) != len(data):
            raise QueryError(
                f"endpoint {self.url} sent {len(data)} of {declared} bytes: truncated answer refused"
            )
        return data

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        _check_read_only(sparql)
        if bindings:
            sparql = _with_values(sparql, bindings)
        from rdflib.plugins.sparql.parser import parseQuery

        kind = parseQuery(sparql)[1].name
        if kind in ("ConstructQuery", "DescribeQuery"):
            from rdflib import Graph

            data = self._post(sparql.encode(), "application/sparql-query", "application/n-triples")
            g = Graph()
            try:
                g.parse(data=data.decode("utf-8"), format="nt")
            except Exception as exc:
                raise QueryError(
                    f"endpoint {self.url} sent an unreadable graph ({exc}): refused"
                ) from None
            return QueryResult(graph=g)
        data = self._post(
            sparql.encode(), "application/sparql-query", "application/sparql-results+json"
        )
        try:
            doc = json.loads(data)
        except json.JSONDecodeError:
            raise QueryError(
                f"endpoint {self.url} sent incomplete JSON results ({len(data)} bytes): truncated answer refused"
            ) from None
        if "boolean" in doc:
            return QueryResult(boolean=bool(doc["boolean"]))
        variables = doc.get("head", {}).get("vars", [])
        bindings_list = doc.get("results", {}).get("bindings")
        if bindings_list is None:
            raise QueryError(f"endpoint {self.url} sent results without bindings: refused")
        if len(bindings_list) > self.max_rows:
            raise QueryError(f"endpoint {self.url} sent more than {self.max_rows} rows — add LIMIT")
        rows = [tuple(_json_term(b.get(v)) for v in variables) for b in bindings_list]
        return QueryResult(variables, rows)

    def graph(self) -> rdflib.Graph:
        res = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert res.graph is not None
        return res.graph

    def triple_count(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(str(res.rows[0][0])) if res.rows else 0

    def upload(self, nt_data: bytes) -> None:
        """Replace the endpoint's default graph (SPARQL 1.1 Graph Store Protocol)."""
        if not self.update_url:
            raise InputError(
                "this endpoint has no update URL — use --store sparql:URL,update=UPDATE_URL"
            )
        req = urllib.request.Request(
            self.update_url,
            data=nt_data,
            method="PUT",
            headers={"Content-Type": "application/n-triples"},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout):  # noqa: S310
                pass
        except (urllib.error.URLError, OSError) as exc:
            raise QueryError(f"upload to {self.update_url} failed: {exc}") from None


def _json_term(b: dict[str, str] | None) -> Node | None:
    from rdflib import BNode, Literal, URIRef

    if b is None:
        return None
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    dt = b.get("datatype")
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        dt = None
    return Literal(b["value"], datatype=URIRef(dt) if dt else None)


def _with_values(sparql: str, bindings: dict[str, Node]) -> str:
    """Bind parameters for a remote endpoint with a VALUES block of escaped terms."""
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(v.n3() for v in bindings.values())
    values = f"VALUES ({names}) {{ ({terms}) }}"
    idx = sparql.find("{", sparql.upper().find("WHERE") if "WHERE" in sparql.upper() else 0)
    if idx < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE block")
    return sparql[: idx + 1] + " " + values + " " + sparql[idx + 1 :]


@dataclass
class StoreSpec:
    kind: str
    location: str | None = None
    update_url: str | None = None


def parse_store_spec(spec: str) -> StoreSpec:
    """'memory', 'oxigraph:PATH' or 'sparql:URL[,update=URL]'."""
    if spec == "memory":
        return StoreSpec("memory")
    if spec.startswith("oxigraph:") and len(spec) > len("oxigraph:"):
        return StoreSpec("oxigraph", spec[len("oxigraph:") :])
    if spec.startswith("sparql:") and len(spec) > len("sparql:"):
        url, _, rest = spec[len("sparql:") :].partition(",")
        update = rest[len("update=") :] if rest.startswith("update=") else None
        if rest and update is None:
            raise InputError(f"--store {spec}: after the URL only ',update=URL' is allowed")
        return StoreSpec("sparql", url, update)
    raise InputError(
        f"--store '{spec}' is not understood — use memory, oxigraph:PATH or sparql:URL[,update=URL]"
    )
