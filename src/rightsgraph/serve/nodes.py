"""Node pages: one page per entity, document and vocabulary term, at a URL that
mirrors its IRI (``https://w3id.org/rightsgraph/id/actor/wagner-group`` is
served at ``/entity/actor/wagner-group``), also as Turtle, N-Triples, JSON-LD or
RDF/XML by content negotiation or ``?format=``.

A page is computed once per generation and cached; an IRI the served graph does
not mention is a 404 after one index lookup (``Generation.has_node``), so a
flood of missing pages neither runs page queries nor fills the cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import RightsgraphError
from ..vocab import INSTANCES, ONTOLOGY, VOCAB, curie
from .pages import cell, href, not_found_page, render, web_link
from .site import current

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from .site import Generation as Site

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HIDDEN_FACTS = {
    RDF_TYPE,
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    ONTOLOGY + "evidence",
}

OUT = """SELECT ?p ?o ?bp ?bo WHERE {
  ?s ?p ?o OPTIONAL { FILTER(isBlank(?o)) ?o ?bp ?bo } }"""
IN = "SELECT DISTINCT ?x ?p WHERE { ?x ?p ?o FILTER(isIRI(?x)) } LIMIT 300"
DESCRIBE = """CONSTRUCT { ?s ?p ?o . ?o ?bp ?bo . ?x ?xp ?s } WHERE {
  { ?s ?p ?o OPTIONAL { FILTER(isBlank(?o)) ?o ?bp ?bo } } UNION { ?x ?xp ?s } }"""
IS_DOCUMENT = """PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
ASK { ?s a/rdfs:subClassOf* rg:Document }"""
DERIVES_FROM = """PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?how ?other WHERE {
  { ?d ?how ?other . VALUES ?how { prov:wasDerivedFrom prov:hadPrimarySource prov:wasQuotedFrom prov:wasRevisionOf } }
  UNION { ?ev rg:document ?d ; ?how ?other . VALUES ?how { prov:hadPrimarySource prov:wasQuotedFrom } }
} ORDER BY ?how ?other"""
CITED_BY = """PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?how ?other WHERE {
  { ?other ?how ?d . ?other a rg:Document .
    VALUES ?how { prov:wasDerivedFrom prov:hadPrimarySource prov:wasQuotedFrom prov:wasRevisionOf } }
  UNION { ?ev ?how ?d ; rg:document ?other . VALUES ?how { prov:hadPrimarySource prov:wasQuotedFrom } }
  UNION { ?other rg:rejects ?d . BIND(rg:rejects AS ?how) }
} ORDER BY ?how ?other"""


async def entity(request: Request) -> Response:
    return await show_node(request, INSTANCES + request.path_params["path"])


async def vocab(request: Request) -> Response:
    return await show_node(request, VOCAB + request.path_params["path"])


async def node(request: Request) -> Response:
    from starlette.responses import RedirectResponse

    iri = request.query_params.get("iri", "")
    site = current(request)
    target = href(iri) if await site.call(site.has_node, iri) else None
    if target and not target.startswith("/node?"):
        return RedirectResponse(target, status_code=301)
    return await show_node(request, iri)


def describe(site: Site, iri: str) -> Any:
    """The node's own triples (with the blank nodes it owns) and those that point to it."""
    from rdflib import URIRef

    graph = site.store.query(DESCRIBE, {"s": URIRef(iri)}).graph
    from ..vocab import bind_all

    bind_all(graph)
    return graph


async def show_node(request: Request, iri: str) -> Response:
    from starlette.responses import Response

    from .formats import serialize_graph, wants_rdf

    site = current(request)
    fmt = wants_rdf(request.headers.get("accept"), request.query_params.get("format"))
    # also every IRI that could not be bound: not a node here
    if iri not in site.views and not await site.call(site.has_node, iri):
        return not_found_page(request, "No node with this identifier is in this graph.")
    view = site.views.get(iri)
    if view is None:
        await site.data("network")  # what every node page reads, built by the first one
        await site.data("timeline")
        view = await site.once(("page", iri), lambda: site.call(node_view, site, iri))
        if view is None:
            return not_found_page(request, "No node with this identifier is in this graph.")
        site.cache(iri, view)
    if fmt is not None:
        body = await site.call(lambda: serialize_graph(describe(site, iri), fmt))
        name = iri.rstrip("/").rsplit("/", 1)[-1] or "node"
        return Response(
            body,
            media_type=fmt.media_type + "; charset=utf-8",
            headers={
                "Vary": "Accept",
                "Content-Disposition": f'inline; filename="{name}.{fmt.suffix}"',
                **({"Link": f'<{iri}>; rel="canonical"'} if web_link(iri) else {}),
            },
        )
    return render(request, "entity.html", **view)


def _bnode_text(site: Site, props: dict[str, list[Any]]) -> str:
    from ..answers.provenance import date_text
    from ..answers.render import display

    local = {k.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: v for k, v in props.items()}
    if "precision" in local:
        first = {k: (v[0] if v else None) for k, v in local.items()}
        return date_text(
            first.get("earliest"),
            first.get("latest"),
            first.get("precision"),
            first.get("dateText"),
        )
    parts = []
    for p, values in props.items():
        if p == RDF_TYPE:
            continue
        shown = ", ".join(
            site.resolver.label(str(v)) if v.__class__.__name__ == "URIRef" else display(v)
            for v in values
        )
        parts.append(f"{site.resolver.label(p)}: {shown}")
    return "; ".join(parts)


def node_view(site: Site, iri: str) -> dict[str, Any] | None:
    """What a node page shows; None when the graph does not mention the node."""
    from rdflib import BNode, URIRef

    store = site.store
    out = store.query(OUT, {"s": URIRef(iri)}).rows
    incoming = store.query(IN, {"o": URIRef(iri)}).rows
    if not out and not incoming:
        return None
    aliases: list[str] = []
    facts: dict[str, list[dict[str, Any]]] = {}
    bnodes: dict[tuple[str, str], dict[str, list[Any]]] = {}
    seen: set[tuple[str, str]] = set()
    for p, o, bp, bo in out:
        ps = str(p)
        if ps == "http://www.w3.org/2004/02/skos/core#altLabel" and str(o) not in aliases:
            aliases.append(str(o))
        if ps in HIDDEN_FACTS:
            continue
        if isinstance(o, BNode):
            props = bnodes.setdefault((ps, str(o)), {})
            if bp is not None:
                props.setdefault(str(bp), []).append(bo)
            continue
        if (ps, str(o)) in seen:
            continue
        seen.add((ps, str(o)))
        facts.setdefault(ps, []).append(cell(site, o))
    for (ps, _), props in bnodes.items():
        facts.setdefault(ps, []).append(
            {"text": _bnode_text(site, props), "href": None, "title": ""}
        )
    claims = _claims(site, iri)
    claim_iris = {c.iri for c in claims}
    evidence = {e.iri for c in claims for e in c.evidence}
    types = site.types_of([iri, *(str(x) for x, _ in incoming)])
    referred = [
        {"node": cell(site, x), "how": site.resolver.label(str(p))}
        for x, p in incoming
        if str(x) not in claim_iris
        and str(x) not in evidence
        and str(x) != iri
        and ONTOLOGY + "Evidence" not in types.get(str(x), [])
    ]
    relations, neighbours = _relations(site, iri)
    is_doc = bool(store.query(IS_DOCUMENT, {"s": URIRef(iri)}).boolean)
    return {
        "iri": iri,
        "cite_href": web_link(iri),
        "title": site.resolver.label(iri),
        "node_curie": curie(iri),
        "kinds": [{"text": site.resolver.label(t), "href": href(t)} for t in types.get(iri, [])],
        "aliases": aliases,
        "facts": sorted(
            ({"label": site.resolver.label(p), "values": v} for p, v in facts.items()),
            key=lambda f: str(f["label"]).casefold(),
        ),
        "claims": claims,
        "relations": relations,
        "timeline": _timeline(site, iri, neighbours | claim_iris),
        "referred": referred,
        "document": _document(site, iri) if is_doc else None,
        "graph_href": ("/graph/" + iri[len(INSTANCES) :])
        if site.graph_view and iri.startswith(INSTANCES) and iri in site.network
        else None,
    }


def _claims(site: Site, iri: str) -> list[Any]:
    from ..answers.provenance import provenance

    try:
        return provenance(site.store, iri).claims
    except RightsgraphError:
        return []


def _relations(site: Site, iri: str) -> tuple[list[dict[str, Any]], set[str]]:
    g = site.network
    if iri not in g:
        return [], set()
    rows = []
    for a, b, d in list(g.out_edges(iri, data=True)) + list(g.in_edges(iri, data=True)):
        other = b if a == iri else a
        rows.append(
            {
                "forward": a == iri,
                "relation": d["relation"],
                "other": {
                    "text": g.nodes[other]["label"],
                    "href": href(other),
                    "title": curie(other),
                },
                "other_iri": other,
                "claim": {"text": curie(d["claim"]), "href": href(d["claim"])}
                if d["claim"]
                else None,
                "evidence": d["evidence"],
                "contested": d["contested"],
            }
        )
    rows.sort(key=lambda r: (not r["forward"], r["relation"], r["other"]["text"].casefold()))
    return rows, {r["other_iri"] for r in rows}


def _timeline(site: Site, iri: str, related: set[str], limit: int = 40) -> list[dict[str, Any]]:
    own = [dict(r, own=True) for r in site.timeline if r.get("item") == iri]
    near = [dict(r, own=False) for r in site.timeline if r.get("item") in related]
    entries = own + near[: max(0, limit - len(own))]
    entries.sort(key=lambda r: (r.get("earliest") or "", r.get("latest") or ""))
    for e in entries:
        e["href"] = href(e["item"]) if e.get("item") else None
    return entries


def _document(site: Site, iri: str) -> dict[str, Any]:
    from rdflib import URIRef

    from ..answers.queries import run_query

    try:
        _, res = run_query(site.store, "document-claims", {"document": iri})
        claims = res.dicts()
    except RightsgraphError:
        claims = []
    derives = site.store.query(DERIVES_FROM, {"d": URIRef(iri)}).rows
    cited = site.store.query(CITED_BY, {"d": URIRef(iri)}).rows
    return {
        "claims": [{k: cell(site, v) for k, v in row.items()} for row in claims],
        "derives_from": [
            {"how": site.resolver.label(str(h)), "other": cell(site, o)} for h, o in derives
        ],
        "cited_by": [
            {"how": site.resolver.label(str(h)), "other": cell(site, o)} for h, o in cited
        ],
    }
