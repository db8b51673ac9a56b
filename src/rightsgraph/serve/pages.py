"""Server-rendered pages: home and search, a page per node (entity, document,
vocabulary term), the named queries with a form each, and a raw SPARQL editor.

Pages use no script. Every node page has a stable URL mirroring its IRI
(``https://w3id.org/rightsgraph/id/actor/wagner-group`` is served at
``/entity/actor/wagner-group``) and is also available as Turtle, N-Triples,
JSON-LD or RDF/XML by content negotiation or ``?format=``.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from ..errors import RightsgraphError
from ..vocab import INSTANCES, ONTOLOGY, VOCAB, curie

if TYPE_CHECKING:
    import jinja2
    from rdflib.term import Node
    from starlette.requests import Request
    from starlette.responses import Response

    from .app import Site

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


def href(iri: str) -> str | None:
    """The local page of a node, or None for a term we do not serve."""
    if iri.startswith(INSTANCES):
        return "/entity/" + urllib.parse.quote(iri[len(INSTANCES) :], safe="/-_.~")
    if iri.startswith(VOCAB):
        return "/vocab/" + urllib.parse.quote(iri[len(VOCAB) :], safe="/-_.~")
    if iri.startswith(("http://", "https://", "urn:")):
        return "/node?" + urllib.parse.urlencode({"iri": iri})
    return None


def web_link(iri: str) -> str | None:
    """``iri`` as a link target only if it is http(s): a ``javascript:`` or ``data:``
    IRI in the data is shown as text, never as a link, a canonical URL or a header."""
    return iri if iri.lower().startswith(("http://", "https://")) else None


def environment(site: Site) -> jinja2.Environment:
    import jinja2

    from .app import HERE

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        href=href,
        label=site.resolver.label,
        curie=curie,
        cell=lambda t: cell(site, t),
        site=site,
        quote=urllib.parse.quote,
    )
    return env


def cell(site: Site, term: Node | None) -> dict[str, Any]:
    """A term as a page shows it: a labelled link, or text."""
    from rdflib import BNode, URIRef

    from ..answers.render import display

    if term is None:
        return {"text": "", "href": None, "title": ""}
    if isinstance(term, URIRef):
        iri = str(term)
        return {"text": site.resolver.label(iri), "href": href(iri), "title": curie(iri)}
    if isinstance(term, BNode):
        return {"text": "(unnamed node)", "href": None, "title": ""}
    return {"text": display(term), "href": None, "title": ""}


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    from starlette.responses import HTMLResponse

    env: jinja2.Environment = request.app.state.templates
    html = env.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers={"Vary": "Accept"})


# --- home and search ---------------------------------------------------------


async def home(request: Request) -> Response:
    site: Site = request.app.state.site
    return render(request, "home.html", stats=site.stats, triples=site.triples, q="")


def search_index(site: Site, q: str, limit: int = 100) -> list[dict[str, Any]]:
    """Nodes whose label, alias, title or symbol contains ``q`` (case and accents
    folded as resolve.normalise does); exact matches first."""
    from ..answers.resolve import normalise
    from ..vocab import expand

    key = normalise(q)
    if not key:
        return []
    found: dict[str, tuple[int, str]] = {}
    for k, nodes in site.resolver.by_key.items():
        if key not in k:
            continue
        rank = 0 if k == key else 1 if k.startswith(key) else 2
        for iri, text in nodes.items():
            if iri not in found or rank < found[iri][0]:
                found[iri] = (rank, text)
    direct = expand(q.strip()) or q.strip()
    if direct in site.types:
        found[direct] = (0, q.strip())
    ordered = sorted(
        found.items(), key=lambda kv: (kv[1][0], site.resolver.label(kv[0]).casefold())
    )
    return [
        {
            "iri": iri,
            "href": href(iri),
            "label": site.resolver.label(iri),
            "matched": text,
            "curie": curie(iri),
            "kinds": [site.resolver.label(t) for t in site.types.get(iri, [])],
        }
        for iri, (_, text) in ordered[:limit]
    ]


async def search(request: Request) -> Response:
    site: Site = request.app.state.site
    q = request.query_params.get("q", "")
    results = search_index(site, q)
    return render(request, "search.html", q=q, results=results)


# --- node pages --------------------------------------------------------------


async def entity(request: Request) -> Response:
    return await show_node(request, INSTANCES + request.path_params["path"])


async def vocab(request: Request) -> Response:
    return await show_node(request, VOCAB + request.path_params["path"])


async def node(request: Request) -> Response:
    from starlette.responses import RedirectResponse

    iri = request.query_params.get("iri", "")
    target = href(iri)
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

    site: Site = request.app.state.site
    fmt = wants_rdf(request.headers.get("accept"), request.query_params.get("format"))
    view = site.views.get(iri)
    if view is None:
        view = await site.call(node_view, site, iri)
        if len(site.views) < 2000:  # the store never changes while serving
            site.views[iri] = view
    if view is None:
        return render(
            request,
            "error.html",
            404,
            title="Not found",
            message="No node with this identifier is in this graph.",
        )
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
    referred = [
        {"node": cell(site, x), "how": site.resolver.label(str(p))}
        for x, p in incoming
        if str(x) not in claim_iris
        and str(x) not in evidence
        and str(x) != iri
        and ONTOLOGY + "Evidence" not in site.types.get(str(x), [])
    ]
    relations, neighbours = _relations(site, iri)
    is_doc = bool(store.query(IS_DOCUMENT, {"s": URIRef(iri)}).boolean)
    return {
        "iri": iri,
        "cite_href": web_link(iri),
        "title": site.resolver.label(iri),
        "node_curie": curie(iri),
        "kinds": [
            {"text": site.resolver.label(t), "href": href(t)} for t in site.types.get(iri, [])
        ],
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


# --- named queries and the editor -------------------------------------------


async def query_list(request: Request) -> Response:
    site: Site = request.app.state.site
    return render(request, "queries.html", queries=list(site.queries.values()))


async def named_query(request: Request) -> Response:
    from starlette.responses import PlainTextResponse

    from ..answers.queries import run_query
    from ..answers.render import render as render_text

    site: Site = request.app.state.site
    info = site.queries.get(request.path_params["name"])
    if info is None:
        return render(
            request,
            "error.html",
            404,
            title="Not found",
            message=f"no named query '{request.path_params['name']}'",
        )
    given = {p.name: request.query_params.get(p.name, "") for p in info.params}
    ran = "run" in request.query_params or any(k in request.query_params for k in given)
    context: dict[str, Any] = {
        "info": info,
        "values": {p.name: given[p.name] or p.default for p in info.params},
        "error": None,
        "result": None,
        "ran": ran,
    }
    if not ran:
        return render(request, "query.html", **context)
    params = {k: v for k, v in given.items() if v.strip()}
    unknown = [k for k in request.query_params if k not in given and k not in ("run", "format")]
    try:
        if unknown:
            from ..errors import UsageError

            raise UsageError(
                f"query '{info.name}' has no parameter '{unknown[0]}' — its parameters: {info.signature()}"
            )
        _, result = await site.call(run_query, site.store, info.name, params)
    except RightsgraphError as exc:
        context["error"] = exc.message
        return render(request, "query.html", 400, **context)
    fmt = request.query_params.get("format")
    if fmt in ("csv", "tsv", "json"):
        media = {
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
            "json": "application/sparql-results+json",
        }[fmt]
        return PlainTextResponse(render_text(result, fmt), media_type=media + "; charset=utf-8")
    context["result"] = result
    context["download"] = urllib.parse.urlencode({**params, "run": "1"})
    return render(request, "query.html", **context)


EXAMPLE = """PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?kind ?label WHERE {
  ?claim a ?kind ; rg:evidence ?ev .
  OPTIONAL { ?claim rdfs:label ?label }
} LIMIT 50"""


async def editor(request: Request) -> Response:
    site: Site = request.app.state.site
    query = request.query_params.get("query", "")
    if request.method == "POST":
        from .sparql import _form, _read_body

        body = await _read_body(request)
        try:
            form = _form(body or b"")
        except UnicodeDecodeError:
            form = {}
        query = (form.get("query") or [""])[0]
    context: dict[str, Any] = {"query": query or EXAMPLE, "answer": None, "error": None}
    if not query.strip():
        return render(request, "editor.html", **context)
    answer = await site.run_untrusted(
        {"query": query, "mode": "table", "max_rows": site.config.max_rows}, site.config.timeout
    )
    if answer["status"] != 200:
        context["error"] = answer["message"]
        return render(request, "editor.html", int(answer["status"]), **context)
    context["answer"] = answer
    context["sparql_link"] = "/sparql?" + urllib.parse.urlencode({"query": query})
    return render(request, "editor.html", **context)


async def graph_view(request: Request) -> Response:
    """The interactive graph view of the exports, focused on one entity."""
    from starlette.responses import HTMLResponse

    site: Site = request.app.state.site
    iri = INSTANCES + request.path_params["path"]
    if iri not in site.network:
        return render(
            request,
            "error.html",
            404,
            title="Not found",
            message=f"{curie(iri)} is not an entity of the network",
        )
    try:
        html = await site.call(_graph_html, site, iri)
    except RightsgraphError as exc:
        return render(
            request, "error.html", 503, title="Graph view unavailable", message=exc.message
        )
    # the exported page carries its own inline script and no network access
    policy = (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})


def _graph_html(site: Site, iri: str) -> str:
    """The exports' offline HTML page (``rightsgraph export --format html``) around ``iri``."""
    import tempfile
    from pathlib import Path

    from ..export import export

    with tempfile.TemporaryDirectory(prefix="rightsgraph-graph-") as tmp:
        out = Path(tmp) / "graph.html"
        # the served store already is the public view when --public was given
        export(site.store, "html", out, focus=iri, depth=1, include_restricted=True)
        return out.read_text(encoding="utf-8")


async def not_found(request: Request, exc: Exception) -> Response:
    return render(
        request, "error.html", 404, title="Not found", message=f"nothing at {request.url.path}"
    )


async def method_not_allowed(request: Request, exc: Exception) -> Response:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(
        f"method {request.method} is not allowed here — use GET (or POST for /sparql)\n",
        status_code=405,
        headers={"Allow": "GET, POST" if request.url.path == "/sparql" else "GET"},
    )
