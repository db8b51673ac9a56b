"""The graph as a network of entities, for questions SPARQL answers awkwardly:
paths between actors, centrality, neighbourhoods — and for the exports.

Nodes are actors, incidents, meetings, places, mechanisms, decisions, documents
(never raw literals); edges come from claims (an involvement links its actor to
its incident) and from a few plain properties. Which is which is declared in
``ontology/network.ttl``. Each edge carries its claim, relation, evidence count
and contested flag, so every hop of a path can show its evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import NoResult, UsageError
from ..rdf.ntriples import term_parts
from ..store.base import Store
from ..vocab import curie
from .resolve import Resolver

if TYPE_CHECKING:
    import networkx as nx

P = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

NODES = (
    P
    + """
SELECT ?n ?cls ?group ?label ?early ?late ?prec ?access WHERE {
  GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?top rg:networkNodeClass ?group . ?cls rdfs:subClassOf* ?top . }
  ?n a ?cls .
  # the classes the data states: the type closure adds their superclasses too
  FILTER NOT EXISTS { ?n a ?sub . ?sub rdfs:subClassOf ?cls }
  FILTER(isIRI(?n))
  OPTIONAL { ?n rdfs:label ?label }
  OPTIONAL { { ?n rg:date ?d } UNION { ?n rg:publicationDate ?d }
             ?d rg:precision ?prec . OPTIONAL { ?d rg:earliest ?early } OPTIONAL { ?d rg:latest ?late } }
  OPTIONAL { ?n rg:accessLevel ?access }
}
"""
)

CLAIM_EDGES = (
    P
    + """
SELECT ?claim ?cls ?clsLabel ?s ?t ?via ?qual ?access ?contested
       (COUNT(DISTINCT ?ev) AS ?evidence) WHERE {
  GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?cls rg:edgeTarget ?via . }
  ?claim a ?cls ; ?via ?t .
  # an edge for the claim's own class only, not for each superclass the closure adds
  FILTER NOT EXISTS { ?claim a ?sub . ?sub rdfs:subClassOf ?cls }
  OPTIONAL { GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?cls rg:edgeSource ?srcProp } ?claim ?srcProp ?s }
  OPTIONAL { GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?cls rdfs:label ?clsLabel } }
  OPTIONAL { GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?cls rg:edgeQualifier ?qp } ?claim ?qp ?q . ?q rdfs:label ?qual }
  OPTIONAL { ?claim rg:evidence ?ev }
  OPTIONAL { ?claim rg:contested ?contested }
  OPTIONAL { ?claim rg:accessLevel ?access }
} GROUP BY ?claim ?cls ?clsLabel ?s ?t ?via ?qual ?access ?contested
"""
)

REJECTION_SPEAKERS = P + "SELECT ?claim ?s WHERE { ?claim a rg:Rejection ; rg:speaker ?s }"

PLAIN_EDGES = (
    P
    + """
SELECT ?s ?p ?o ?plabel WHERE {
  GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?p rg:networkEdge true . }
  ?s ?p ?o .
  FILTER(isIRI(?o))
  OPTIONAL { GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?p rdfs:label ?plabel } }
}
"""
)


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _v(term: Any) -> str | None:
    """A term's value as ``str()`` of its rdflib form gives it; None when unbound."""
    return None if term is None else term_parts(term)[1]


def build_network(store: Store) -> nx.MultiDiGraph:
    """A networkx MultiDiGraph of entities and their claimed relations.

    The answers are read as the engine's own terms (``.terms``, ``term_parts``):
    a million-triple store answers with tens of thousands of rows, and converting
    them to rdflib first would cost more than building the graph."""
    import networkx as nx

    g = nx.MultiDiGraph()
    short: dict[str, str] = {}  # IRI -> CURIE: a node has a row per class, a class many nodes

    def cur(iri: str) -> str:
        hit = short.get(iri)
        if hit is None:
            hit = short[iri] = curie(iri)
        return hit

    for row in store.query(NODES).terms:
        n, cls, group, label, early, late, prec, access = (_v(t) for t in row)
        key = str(n)
        attrs = g.nodes[key] if key in g else {}
        cls_curie = cur(str(cls))
        classes = set(attrs.get("classes", "").split()) | {cls_curie}
        g.add_node(
            key,
            label=label if label is not None else attrs.get("label", cur(key)),
            group=attrs.get("group")
            if attrs.get("group") not in (None, "document")
            else str(group),
            classes=" ".join(sorted(classes)),
            curie=cur(key),
            earliest=early if early is not None else attrs.get("earliest", ""),
            latest=late if late is not None else attrs.get("latest", ""),
            precision=_local(prec) if prec is not None else attrs.get("precision", ""),
            restricted=bool(access is not None and access.endswith("/restricted"))
            or attrs.get("restricted", False),
        )
    # a class's own group beats the generic one (a resolution is a decision first)
    speakers = {str(_v(c)): str(_v(s)) for c, s in store.query(REJECTION_SPEAKERS).terms}
    for row in store.query(CLAIM_EDGES).terms:
        claim, cls, cls_label, s, t, via, qual, access, contested, evidence = (_v(x) for x in row)
        source = s if s is not None else speakers.get(str(claim))
        target = str(t)
        if source is None or source not in g or target not in g or source == target:
            continue
        relation = qual if qual is not None else (cls_label if cls_label else _local(str(cls)))
        g.add_edge(
            source,
            target,
            key=f"{claim}|{_local(str(via))}",
            relation=relation,
            kind=_local(str(cls)),
            via=_local(str(via)),
            claim=str(claim),
            evidence=int(str(evidence)),
            contested=contested == "true",
            restricted=bool(access is not None and access.endswith("/restricted")),
        )
    for row in store.query(PLAIN_EDGES).terms:
        s, p, o, plabel = (_v(x) for x in row)
        if s in g and o in g and s != o:
            g.add_edge(
                str(s),
                str(o),
                key=f"{p}",
                relation=plabel if plabel is not None else _local(str(p)),
                kind="property",
                via=cur(str(p)),
                claim="",
                evidence=0,
                contested=False,
                restricted=False,
            )
    return g


@dataclass
class Hop:
    source: str
    target: str
    relation: str
    claim: str
    evidence: int
    contested: bool
    forward: bool


def _hops(g: nx.MultiDiGraph, path: list[str]) -> list[Hop]:
    hops = []
    for a, b in zip(path, path[1:], strict=False):
        forward = g.has_edge(a, b)
        data = g.get_edge_data(a, b) if forward else g.get_edge_data(b, a)
        # prefer a claimed relation (it has evidence) over a plain property
        best = max(data.values(), key=lambda d: (d["evidence"], d["kind"] != "property"))
        hops.append(
            Hop(a, b, best["relation"], best["claim"], best["evidence"], best["contested"], forward)
        )
    return hops


def paths(
    store: Store,
    a: str,
    b: str,
    all_paths: bool = False,
    max_length: int = 4,
    limit: int = 20,
    via_documents: bool = False,
) -> tuple[dict[str, str], list[list[Hop]]]:
    """Shortest (or all simple, bounded) paths between two entities."""
    import networkx as nx

    resolver = Resolver(store)
    ia, ib = resolver.resolve(a), resolver.resolve(b)
    g = build_network(store)
    view = (
        g
        if via_documents
        else g.subgraph([n for n, d in g.nodes(data=True) if d["group"] != "document"])
    )
    und = nx.Graph(view.to_undirected(as_view=True))
    for n in (ia, ib):
        if n not in und:
            raise UsageError(
                f"{curie(n)} is not an entity of the network (it may be a claim or a concept)"
            )
    labels = {n: g.nodes[n]["label"] for n in g.nodes}
    if all_paths:
        found = []
        for p in nx.all_simple_paths(und, ia, ib, cutoff=max_length):
            found.append(p)
            if len(found) >= limit:
                break
        found.sort(key=len)
    else:
        try:
            found = [nx.shortest_path(und, ia, ib)]
        except nx.NetworkXNoPath:
            found = []
    if not found:
        raise NoResult(f"no path between {labels[ia]} and {labels[ib]} within {max_length} hops")
    return labels, [_hops(g, p) for p in found]


def centrality(
    store: Store, top: int = 15, group: str | None = "actor"
) -> list[tuple[str, str, float, int]]:
    """Actors (or any group) ranked by betweenness centrality, with degree."""
    import networkx as nx

    g = build_network(store)
    und = nx.Graph(
        g.subgraph([n for n, d in g.nodes(data=True) if d["group"] != "document"]).to_undirected(
            as_view=True
        )
    )
    scores = nx.betweenness_centrality(und)
    rows = [
        (n, g.nodes[n]["label"], scores[n], und.degree(n))
        for n in und.nodes
        if group is None or g.nodes[n]["group"] == group
    ]
    rows.sort(key=lambda r: (-r[2], -r[3], r[1]))
    return rows[:top]


def neighbourhood(store: Store, term: str, depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops of an entity (either direction)."""
    import networkx as nx

    iri = Resolver(store).resolve(term)
    g = build_network(store)
    if iri not in g:
        raise UsageError(
            f"{curie(iri)} is not an entity of the network (it may be a claim or a concept)"
        )
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    reach = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), iri, cutoff=depth)
    sub: Any = g.subgraph(reach).copy()
    sub.graph["focus"] = iri
    return sub
