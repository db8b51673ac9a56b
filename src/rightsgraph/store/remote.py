"""Any SPARQL 1.1 Protocol endpoint as a store: Oxigraph server, Virtuoso, Fuseki,
GraphDB, Neptune...

The client is defensive: it sets its own timeouts (per request, not per socket
read), caps the size of an answer and its rows, and refuses an answer that
stops early — a body shorter than its Content-Length or its chunked framing, a
JSON document that does not close, a graph whose RDF/XML does not close —
instead of returning it as a short answer.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..errors import InputError, QueryError
from .base import QueryResult, normalise_term, plain_concats
from .dataset import (
    ALL_GRAPHS,
    GRAPH_BASE,
    PUBLIC,
    RESTRICTED,
    Dataset,
    from_clauses,
    query_dataset,
)
from .sparqltext import bind_values, check_read_only, nt_term

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Node


MIN_BATCH = 100


class EndpointError(QueryError):
    """The endpoint answered with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class SparqlStore:
    """A remote endpoint: queries by the SPARQL 1.1 Protocol, loading by SPARQL Update."""

    def __init__(
        self,
        url: str,
        update_url: str | None = None,
        timeout: float = 120.0,
        max_rows: int = 1_000_000,
        max_bytes: int = 1 << 30,
        graph: str | None = None,
        include_restricted: bool = False,
    ) -> None:
        if graph is not None and (
            not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+", graph)
        ):
            raise InputError(
                f"graph '{graph}' is not an absolute IRI — use e.g. graph=https://example.org/rightsgraph"
            )
        for u in (url, update_url):
            if u is None:
                continue
            parsed = urllib.parse.urlparse(u)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise InputError(
                    f"'{u}' is not an http(s) SPARQL endpoint URL — use sparql:http://host:port/query"
                )
        self.url = url
        self.update_url = update_url
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        # graph=IRI: the dataset's graphs are named IRI/public, IRI/ontology... so
        # that several projects can share one engine; without it they keep their
        # names (https://w3id.org/rightsgraph/graph/...). Queries name them in
        # the protocol's default-graph-uri / named-graph-uri, build replaces them
        self.graph_iri = graph
        self.prefix = graph.rstrip("/") + "/" if graph else GRAPH_BASE
        self.include_restricted = include_restricted
        self.dataset = query_dataset(include_restricted, self.prefix)
        self.description = f"sparql:{url}" + (f" graph <{graph}>" if graph else "")
        if not include_restricted:
            self.description += " (public)"

    # -- HTTP -------------------------------------------------------------------------

    def _post(
        self, url: str, form: dict[str, str] | list[tuple[str, str]], accept: str
    ) -> tuple[bytes, str]:
        """POST a form; the whole body and its Content-Type, or a QueryError."""
        req = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(form).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
                "User-Agent": "rightsgraph",
            },
        )
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (http(s) only, checked above)
                declared = resp.headers.get("Content-Length")
                ctype = resp.headers.get("Content-Type", "")
                capped = resp.headers.get("X-SPARQL-MaxRows")
                if capped is not None:
                    # Virtuoso answers 200 with the first ResultSetMaxRows rows and
                    # says so only in this header: a short answer, refused as one
                    raise QueryError(
                        f"endpoint {url} cut its answer at {capped} rows (X-SPARQL-MaxRows): "
                        "truncated answer refused — add LIMIT, or raise the server's ResultSetMaxRows"
                    )
                chunks: list[bytes] = []
                size = 0
                while True:
                    chunk = resp.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise QueryError(
                            f"endpoint {url} sent more than {self.max_bytes} bytes — add LIMIT"
                        )
                    if time.monotonic() > deadline:
                        raise QueryError(
                            f"endpoint {url} did not finish answering within {self.timeout:g} s"
                        )
                    chunks.append(chunk)
                data = b"".join(chunks)
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace").strip().splitlines()
            raise EndpointError(
                f"endpoint {url} answered {exc.code}: {detail[0] if detail else exc.reason}",
                exc.code,
            ) from None
        except http.client.IncompleteRead as exc:
            raise QueryError(
                f"endpoint {url} stopped after {len(exc.partial)} bytes: truncated answer refused"
            ) from None
        except http.client.HTTPException as exc:
            raise QueryError(
                f"endpoint {url} sent a broken HTTP answer ({exc!r}): refused"
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(
                f"endpoint {url} unreachable: {reason} — is the server running?"
            ) from None
        if declared is not None and declared.isdigit() and int(declared) != len(data):
            raise QueryError(
                f"endpoint {url} sent {len(data)} of {declared} bytes: truncated answer refused"
            )
        return data, ctype

    # -- queries ----------------------------------------------------------------------

    def with_access(self, include_restricted: bool) -> SparqlStore:
        """The same endpoint seen through the other view."""
        return SparqlStore(
            self.url,
            self.update_url,
            self.timeout,
            self.max_rows,
            self.max_bytes,
            self.graph_iri,
            include_restricted,
        )

    def graph_name(self, iri: str) -> str:
        """The name a dataset graph (``store/dataset.py``) has on this endpoint."""
        return self.prefix + iri[len(GRAPH_BASE) :]

    def query(
        self,
        sparql: str,
        bindings: dict[str, Node] | None = None,
        base_iri: str | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        form = check_read_only(sparql)
        text = bind_values(sparql, bindings)
        if self.prefix != GRAPH_BASE:
            # queries name the dataset's graphs by their standard IRIs (GRAPH
            # <https://w3id.org/rightsgraph/graph/ontology>); here they have others
            text = text.replace(f"<{GRAPH_BASE}", f"<{self.prefix}")
        if base_iri and not re.match(r"\s*BASE\b", text, re.I):
            text = f"BASE <{base_iri}>\n{text}"
        request: list[tuple[str, str]] = [("query", text)]
        if dataset is None and "FROM" in sparql.upper():
            # the protocol's graph parameters, always sent, would override FROM
            dataset = from_clauses(sparql, base_iri)
        if dataset is not None:
            from .oxigraph import check_within

            # the dataset's graphs by their standard IRIs, as the query text names them
            here = [
                tuple(self.graph_name(g) if g in ALL_GRAPHS else g for g in graphs)
                for graphs in (dataset.default, dataset.named)
            ]
            dataset = Dataset(here[0], here[1])
            check_within(dataset, self.dataset)
        ds = dataset or self.dataset
        request += [("default-graph-uri", g) for g in ds.default]
        request += [("named-graph-uri", g) for g in ds.named]
        if form in ("CONSTRUCT", "DESCRIBE"):
            data, _ = self._post(self.url, request, "application/rdf+xml")
            return QueryResult(graph=self._graph_from_rdfxml(data))
        data, _ = self._post(self.url, request, "application/sparql-results+json")
        try:
            doc = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise QueryError(
                f"endpoint {self.url} sent incomplete JSON results ({len(data)} bytes): truncated answer refused"
            ) from None
        if not isinstance(doc, dict):
            raise QueryError(f"endpoint {self.url} sent something that is not SPARQL JSON results")
        if "boolean" in doc:
            return QueryResult(boolean=bool(doc["boolean"]))
        variables = doc.get("head", {}).get("vars", [])
        bindings_list = doc.get("results", {}).get("bindings")
        if bindings_list is None:
            raise QueryError(f"endpoint {self.url} sent results without bindings: refused")
        if len(bindings_list) > self.max_rows:
            raise QueryError(f"endpoint {self.url} sent more than {self.max_rows} rows — add LIMIT")
        bnodes: dict[str, Node] = {}
        rows = [tuple(_json_term(b.get(v), bnodes) for v in variables) for b in bindings_list]
        return plain_concats(QueryResult(variables, rows), sparql)

    def _graph_from_rdfxml(self, data: bytes) -> rdflib.Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        from .oxigraph import OxConverter

        g = Graph(bind_namespaces="none")
        conv = OxConverter()
        try:
            for t in ox.parse(data, format=ox.RdfFormat.RDF_XML):
                g.add((conv(t.subject), conv(t.predicate), conv(t.object)))
        except (SyntaxError, ValueError) as exc:
            raise QueryError(
                f"endpoint {self.url} sent an unreadable or incomplete graph ({exc}): refused"
            ) from None
        return g

    def _data_graphs(self) -> str:
        # standard names: query() renames them for this endpoint
        names = [PUBLIC, RESTRICTED] if self.include_restricted else [PUBLIC]
        return " ".join(f"<{g}>" for g in names)

    def graph(self) -> rdflib.Graph:
        """The data of this view (not the derived facts), for dumps."""
        res = self.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {self._data_graphs()} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        assert res.graph is not None
        return res.graph

    def triple_count(self) -> int:
        """Data triples in this view."""
        res = self.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {self._data_graphs()} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        return int(str(res.rows[0][0])) if res.rows else 0

    # -- loading ----------------------------------------------------------------------

    def update(self, sparql_update: str) -> None:
        """Send one SPARQL 1.1 Update request to the update endpoint."""
        if not self.update_url:
            raise InputError(
                "this endpoint has no update URL — use --store sparql:URL,update=UPDATE_URL"
            )
        self._post(self.update_url, {"update": sparql_update}, "*/*")

    def replace_dataset(
        self, quads: Iterable[tuple[Node, Node, Node, str]], batch: int = 50_000
    ) -> int:
        """Clear the dataset's graphs and insert ``quads`` (s, p, o, dataset graph
        IRI) in batches.

        A blank node's triples always travel in one request, whichever graphs they
        are in: labels are scoped to one request, so splitting them would split the
        node. Batches with blank nodes are sent as ``INSERT { ... } WHERE {}``, which
        instantiates them once as fresh nodes: the same effect as INSERT DATA, and
        accepted by engines (Virtuoso 7) that refuse blank nodes in INSERT DATA.
        """
        from rdflib import BNode

        for g in ALL_GRAPHS:
            self.update(f"CLEAR SILENT GRAPH <{self.graph_name(g)}>")
        n = 0
        size = [batch]  # shrinks when the engine refuses a batch as too large

        def send(group: list[tuple[Node, Node, Node, str]], has_bnodes: bool) -> None:
            by_graph: dict[str, list[str]] = {}
            for s, p, o, g in group:
                by_graph.setdefault(g, []).append(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n")
            body = "".join(
                f"GRAPH <{self.graph_name(g)}> {{\n{''.join(lines)}}}\n"
                for g, lines in by_graph.items()
            )
            if has_bnodes:
                self.update(f"INSERT {{\n{body}}} WHERE {{}}")
                return
            try:
                self.update(f"INSERT DATA {{\n{body}}}")
            except EndpointError as exc:
                # engines cap the size of one update (Virtuoso: ~1,000 triples); an
                # update is atomic, so a refused batch can be resent in halves
                if exc.status not in (400, 413, 500) or len(group) <= MIN_BATCH:
                    raise
                half = len(group) // 2
                size[0] = max(MIN_BATCH, half)
                send(group[:half], False)
                send(group[half:], False)

        for group in _batches(quads, batch):  # type: ignore[arg-type]
            has_bnodes = any(isinstance(t[0], BNode) or isinstance(t[2], BNode) for t in group)
            if has_bnodes:
                send(group, True)  # type: ignore[arg-type]
            else:
                for i in range(0, len(group), size[0]):
                    send(group[i : i + size[0]], False)  # type: ignore[arg-type]
            n += len(group)
        return n


def _nt(term: Node) -> str:
    from rdflib import BNode

    if isinstance(term, BNode):
        return f"_:b{term}"
    return nt_term(term)


def _batches(
    triples: Iterable[tuple[Node, Node, Node]], size: int, bnode_size: int = 500
) -> Iterator[list[tuple[Node, Node, Node]]]:
    """Batches of ``size`` triples without blank nodes, then batches of about
    ``bnode_size`` triples with them; the triples of one blank-node cluster stay together."""
    from rdflib import BNode

    plain: list[tuple[Node, Node, Node]] = []
    parent: dict[Node, Node] = {}

    def find(x: Node) -> Node:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with_bnodes: list[tuple[Node, Node, Node]] = []
    for t in triples:
        bn = [x for x in (t[0], t[2]) if isinstance(x, BNode)]
        if not bn:
            plain.append(t)
            if len(plain) >= size:
                yield plain
                plain = []
            continue
        with_bnodes.append(t)
        if len(bn) == 2:
            parent[find(bn[0])] = find(bn[1])
        else:
            find(bn[0])
    clusters: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for t in with_bnodes:
        b = t[0] if isinstance(t[0], BNode) else t[2]
        clusters.setdefault(find(b), []).append(t)
    if plain:
        yield plain
    # blank-node clusters in batches of their own, smaller: they go as INSERT ... WHERE {},
    # which engines compile like a query (Virtuoso caps the generated code)
    group: list[tuple[Node, Node, Node]] = []
    for cluster in clusters.values():
        if group and len(group) + len(cluster) > bnode_size:
            yield group
            group = []
        group.extend(cluster)
    if group:
        yield group


def _json_term(b: dict[str, str] | None, bnodes: dict[str, Node]) -> Node | None:
    from rdflib import BNode, Literal, URIRef

    if b is None:
        return None
    kind = b.get("type")
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return bnodes.setdefault(b["value"], BNode())
    lang = b.get("xml:lang") or b.get("lang")
    if lang:
        return Literal(b["value"], lang=lang.lower())
    dt = b.get("datatype")  # "typed-literal" (Virtuoso, SPARQL 1.0 JSON) carries one too
    return normalise_term(Literal(b["value"], datatype=URIRef(dt) if dt else None))
