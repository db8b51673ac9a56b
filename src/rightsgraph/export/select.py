"""What an export shows: the public (or full) graph, then the whole network, a
neighbourhood (``--focus``) or a query's result (``--query``), with the
attributes every network format writes (label, group, classes, dates, evidence
count, contested flag, colour, shape, position)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import NoResult, UsageError
from ..store.base import Store
from ..vocab import ONTOLOGY
from .evidence import EvidenceIndex, NodeCounts, collect, counts
from .legend import legend

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

RG = ONTOLOGY


@dataclass
class Selection:
    store: Store  # the store exports read (public unless restricted data was asked for)
    graph_source: Any  # the RDF to dump: an rdflib graph, or a function that makes it
    network: nx.MultiDiGraph
    focus: str | None = None
    restricted_removed: int = 0
    include_restricted: bool = False
    notes: list[str] = field(default_factory=list)
    _evidence: EvidenceIndex | None = None

    @property
    def graph(self) -> rdflib.Graph:
        """The RDF to dump, read from the store only when a dump is written."""
        if callable(self.graph_source):
            self.graph_source = self.graph_source()
        return self.graph_source

    @property
    def evidence(self) -> EvidenceIndex:
        if self._evidence is None:
            self._evidence = collect(self.store, set(self.network.nodes))
        return self._evidence

    def node_counts(self) -> dict[str, NodeCounts]:
        """Each node's evidence numbers: from the records if they were read (the
        HTML page reads them), else by the lean queries of ``evidence.counts``."""
        if self._evidence is not None:
            return {n: self._evidence.counts(n) for n in self.network.nodes}
        return counts(self.store, set(self.network.nodes))


def select(
    store: Store,
    focus: str | None = None,
    depth: int = 1,
    query: str | None = None,
    params: dict[str, str] | None = None,
    include_restricted: bool = False,
    rdf_only: bool = False,
) -> Selection:
    """The graph and network an export shows; restricted nodes dropped unless asked."""
    from ..answers.network import build_network, neighbourhood

    if focus and query:
        raise UsageError("give --focus or --query, not both")
    # the public view is materialised in the store at build: nothing is copied or
    # filtered here, and the RDF is read only for the formats that dump it
    view = store.with_access(include_restricted)
    removed = 0 if include_restricted else restricted_count(store)
    if focus:
        net: Any = neighbourhood(view, focus, depth)
        chosen = _describe(view, _resources(view, net))
        sel = Selection(view, chosen, net, net.graph.get("focus"), removed, include_restricted)
    elif query:
        from ..answers.queries import bind_params, load_query
        from ..answers.resolve import Resolver
        from ..rdf.ntriples import term_parts

        info = load_query(query)
        bindings = bind_params(info, params or {}, Resolver(view).resolve)
        result = view.query(info.text, bindings)
        # the entities the query returns, and the ones it was asked about
        iris = _result_iris(result) | {
            term_parts(v)[1] for v in bindings.values() if term_parts(v)[0] == "iri"
        }
        net = build_network(view)
        keep = [n for n in net.nodes if n in iris]
        if not keep and not (rdf_only and result.graph is not None):
            raise NoResult(f"query '{query}' names no entity of the network — nothing to export")
        net = net.subgraph(keep).copy()
        chosen = result.graph if result.graph is not None else _describe(view, iris)
        if result.graph is not None:
            from ..vocab import bind_all

            bind_all(chosen)
        sel = Selection(view, chosen, net, None, removed, include_restricted)
    else:
        net = None if rdf_only else build_network(view)
        sel = Selection(view, view.graph, net, None, removed, include_restricted)
    return sel


RESTRICTED_COUNT = f"""
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {{
  ?n <{RG}accessLevel> <https://w3id.org/rightsgraph/vocab/access/restricted>
}}"""


def restricted_count(store: Store) -> int:
    """How many restricted nodes public output leaves out (the number, never what)."""
    rows = store.with_access(True).query(RESTRICTED_COUNT).rows
    return int(str(rows[0][0])) if rows else 0


def _result_iris(result: Any) -> set[str]:
    from rdflib import URIRef

    if result.graph is not None:
        return {str(t) for triple in result.graph for t in triple if isinstance(t, URIRef)}
    return {str(v) for row in result.rows for v in row if isinstance(v, URIRef)}


def _resources(store: Store, net: nx.MultiDiGraph) -> set[str]:
    """A neighbourhood's entities, the claims on its edges and their evidence records."""
    from rdflib import URIRef

    out = set(net.nodes)
    claims = sorted({d["claim"] for _, _, d in net.edges(data=True) if d.get("claim")})
    out.update(claims)
    for claim in claims:
        rows = store.query(f"SELECT ?e WHERE {{ ?c <{RG}evidence> ?e }}", {"c": URIRef(claim)}).rows
        out.update(str(r[0]) for r in rows)
    return out


DESCRIBE = """
CONSTRUCT { ?s ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 } WHERE {
  GRAPH ?g { ?s ?p ?o
    OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2
      OPTIONAL { FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 } } }
}"""


def _describe(store: Store, iris: set[str]) -> rdflib.Graph:
    """Concise bounded description of each resource: its triples and those of its
    blank nodes (dates, counts, assessments), read from the data graphs only, as a
    dump holds them (no derived facts)."""
    from rdflib import Graph, URIRef

    from ..store.dataset import data_graphs
    from ..vocab import bind_all

    out = Graph()
    bind_all(out)
    values = " ".join(f"<{g}>" for g in data_graphs(store.dataset))
    text = DESCRIBE.replace("GRAPH ?g {", f"VALUES ?g {{ {values} }} GRAPH ?g {{", 1)
    for iri in sorted(iris):
        res = store.query(text, {"s": URIRef(iri)})
        for t in res.graph or ():
            out.add(t)
    return out


def decorate(sel: Selection, with_layout: bool = True) -> nx.MultiDiGraph:
    """Add evidence counts, contested flags, date text, colour, shape and position."""
    from ..answers.provenance import date_text

    net = sel.network
    lg = legend()
    numbers = sel.node_counts()
    for n, d in net.nodes(data=True):
        c = numbers[n]
        style = lg.style(d.get("group", "other"))
        d["iri"] = n
        d["evidence"] = c.evidence
        d["claims"] = c.claims
        d["contested"] = c.contested
        d["date"] = (
            date_text(d.get("earliest") or None, d.get("latest") or None, d.get("precision"), None)
            if d.get("earliest") or d.get("latest")
            else ""
        )
        d["colour"] = style.colour
        d["shape"] = style.shape
        if not sel.include_restricted:
            d.pop("restricted", None)
    for _, _, d in net.edges(data=True):
        d["colour"] = lg.contested_colour if d.get("contested") else lg.edge_colour
        if not sel.include_restricted:
            d.pop("restricted", None)
    if with_layout:
        from .layout import positions

        for n, (x, y) in positions(net).items():
            net.nodes[n]["x"] = x
            net.nodes[n]["y"] = y
    if sel.focus:
        net.graph["focus"] = sel.focus
    return net
