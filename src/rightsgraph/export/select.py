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
from .evidence import EvidenceIndex, collect
from .fast import OxigraphMemoryStore
from .legend import legend

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

RG = ONTOLOGY


@dataclass
class Selection:
    store: Store  # the store exports read (public unless restricted data was asked for)
    graph: rdflib.Graph  # the RDF to dump
    network: nx.MultiDiGraph
    focus: str | None = None
    restricted_removed: int = 0
    include_restricted: bool = False
    notes: list[str] = field(default_factory=list)
    _evidence: EvidenceIndex | None = None

    @property
    def evidence(self) -> EvidenceIndex:
        if self._evidence is None:
            self._evidence = collect(self.store, set(self.network.nodes))
        return self._evidence


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
    from ..store.access import public_view

    if focus and query:
        raise UsageError("give --focus or --query, not both")
    full = store.graph()
    removed = 0
    if include_restricted:
        graph = full
    else:
        redaction = public_view(full)
        graph, removed = redaction.graph, len(redaction.removed_nodes)
    view: Store = OxigraphMemoryStore(graph, f"{store.description} (public)")
    if focus:
        net: Any = neighbourhood(view, focus, depth)
        chosen = _describe(graph, _resources(graph, net))
        sel = Selection(view, chosen, net, net.graph.get("focus"), removed, include_restricted)
    elif query:
        from rdflib import URIRef

        from ..answers.queries import bind_params, load_query
        from ..answers.resolve import Resolver

        info = load_query(query)
        bindings = bind_params(info, params or {}, Resolver(view).resolve)
        result = view.query(info.text, bindings)
        # the entities the query returns, and the ones it was asked about
        iris = _result_iris(result) | {str(v) for v in bindings.values() if isinstance(v, URIRef)}
        net = build_network(view)
        keep = [n for n in net.nodes if n in iris]
        if not keep and not (rdf_only and result.graph is not None):
            raise NoResult(f"query '{query}' names no entity of the network — nothing to export")
        net = net.subgraph(keep).copy()
        chosen = result.graph if result.graph is not None else _describe(graph, iris)
        if result.graph is not None:
            for prefix, ns in graph.namespaces():
                chosen.bind(prefix, ns, override=True, replace=True)
        sel = Selection(view, chosen, net, None, removed, include_restricted)
    else:
        net = None if rdf_only else build_network(view)
        sel = Selection(view, graph, net, None, removed, include_restricted)
    return sel


def _result_iris(result: Any) -> set[str]:
    from rdflib import URIRef

    if result.graph is not None:
        return {str(t) for triple in result.graph for t in triple if isinstance(t, URIRef)}
    return {str(v) for row in result.rows for v in row if isinstance(v, URIRef)}


def _resources(graph: rdflib.Graph, net: nx.MultiDiGraph) -> set[str]:
    """A neighbourhood's entities, the claims on its edges and their evidence records."""
    from rdflib import URIRef

    out = set(net.nodes)
    for _, _, d in net.edges(data=True):
        if d.get("claim"):
            out.add(d["claim"])
            out.update(str(e) for e in graph.objects(URIRef(d["claim"]), URIRef(RG + "evidence")))
    return out


def _describe(graph: rdflib.Graph, iris: set[str]) -> rdflib.Graph:
    """Concise bounded description of each resource: its triples and its blank nodes'."""
    from rdflib import BNode, Graph, URIRef

    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    todo: list[Any] = [URIRef(i) for i in sorted(iris)]
    seen: set[Any] = set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for t in graph.triples((s, None, None)):
            out.add(t)
            if isinstance(t[2], BNode):
                todo.append(t[2])
    return out


def decorate(sel: Selection, with_layout: bool = True) -> nx.MultiDiGraph:
    """Add evidence counts, contested flags, date text, colour, shape and position."""
    from ..answers.provenance import date_text

    net = sel.network
    lg = legend()
    index = sel.evidence
    for n, d in net.nodes(data=True):
        claims = index.for_node(n)
        style = lg.style(d.get("group", "other"))
        d["iri"] = n
        d["evidence"] = sum(len(c.records) for c in claims)
        d["claims"] = len(claims)
        d["contested"] = any(c.contested for c in claims)
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
