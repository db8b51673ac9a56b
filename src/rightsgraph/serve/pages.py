"""Server-rendered pages: home and search, the named queries with a form each,
the graph view, and the error pages; the helpers every page shares
(``render``, ``cell``, ``href``). Node pages are in ``nodes``, the SPARQL
editor in ``editor``.

These pages use no script. They are handed the site object (``site.current``) and
never import the application module. Named queries run in the
query pool, under the same timeout, row cap and fair shares as ``/sparql``.
"""

from __future__ import annotations

import contextvars
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RightsgraphError
from ..vocab import INSTANCES, VOCAB, curie
from .site import current

if TYPE_CHECKING:
    import jinja2
    from rdflib.term import Node
    from starlette.requests import Request
    from starlette.responses import Response

    from .site import Generation as Site

TEMPLATES = Path(__file__).resolve().parent / "templates"
_rendering: contextvars.ContextVar[Site] = contextvars.ContextVar("rendering")


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


def environment() -> jinja2.Environment:
    """The templates, autoescaped; the generation's labels come with each render."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        href=href,
        curie=curie,
        quote=urllib.parse.quote,
        # macros are imported without the render's context: they look the
        # generation being rendered up here
        label=lambda iri: _rendering.get().resolver.label(iri),
        cell=lambda t: cell(_rendering.get(), t),
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

    site = current(request)
    env: jinja2.Environment = request.app.state.templates
    token = _rendering.set(site)
    try:
        html = env.get_template(name).render(request=request, site=site, **context)
    finally:
        _rendering.reset(token)
    return HTMLResponse(html, status_code=status, headers={"Vary": "Accept"})


def not_found_page(request: Request, message: str) -> Response:
    return render(request, "error.html", 404, title="Not found", message=message)


def error_page(request: Request, answer: dict[str, Any]) -> Response:
    """A pool answer that is not 200 (busy, timed out, too much memory, a fair-share wait)."""
    response = render(
        request,
        "error.html",
        int(answer["status"]),
        title="Query not answered",
        message=answer["message"],
    )
    if answer.get("retry_after"):
        response.headers["Retry-After"] = str(answer["retry_after"])
    return response


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


# --- home and search ---------------------------------------------------------


async def home(request: Request) -> Response:
    site = current(request)
    stats = await site.data("stats")  # the first visit counts, in a worker thread
    return render(request, "home.html", stats=stats, triples=site.triples, q="")


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
    if site.types_of([direct]):
        found[direct] = (0, q.strip())
    ordered = sorted(
        found.items(), key=lambda kv: (kv[1][0], site.resolver.label(kv[0]).casefold())
    )[:limit]
    types = site.types_of([iri for iri, _ in ordered])
    return [
        {
            "iri": iri,
            "href": href(iri),
            "label": site.resolver.label(iri),
            "matched": text,
            "curie": curie(iri),
            "kinds": [site.resolver.label(t) for t in types.get(iri, [])],
        }
        for iri, (_, text) in ordered
    ]


async def search(request: Request) -> Response:
    site = current(request)
    q = request.query_params.get("q", "")
    results = await site.call(search_index, site, q)  # reads the store: in a worker thread
    return render(request, "search.html", q=q, results=results)


# --- named queries and the editor -------------------------------------------


async def query_list(request: Request) -> Response:
    site = current(request)
    return render(request, "queries.html", queries=list(site.queries.values()))


async def named_query(request: Request) -> Response:
    from starlette.responses import PlainTextResponse

    from ..answers.render import render as render_text

    site = current(request)
    info = site.queries.get(request.path_params["name"])
    if info is None:
        return not_found_page(request, f"no named query '{request.path_params['name']}'")
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
    if unknown:
        context["error"] = (
            f"query '{info.name}' has no parameter '{unknown[0]}' — its parameters: {info.signature()}"
        )
        return render(request, "query.html", 400, **context)
    answer = await site.named(
        {"kind": "named", "name": info.name, "params": params, "max_rows": site.config.max_rows},
        client_of(request),
    )
    if answer["status"] == 400:
        context["error"] = answer["message"]
        return render(request, "query.html", 400, **context)
    if answer["status"] != 200:
        return error_page(request, answer)
    result = answer["result"]
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


async def graph_view(request: Request) -> Response:
    """The interactive graph view of the exports, focused on one entity."""
    from starlette.responses import HTMLResponse

    site = current(request)
    iri = INSTANCES + request.path_params["path"]
    if iri not in await site.data("network"):  # the first visit builds it
        return not_found_page(request, f"{curie(iri)} is not an entity of the network")
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
        # the served store already is the public view unless --include-restricted was given
        export(site.store, "html", out, focus=iri, depth=1, include_restricted=True)
        return out.read_text(encoding="utf-8")


async def not_found(request: Request, exc: Exception) -> Response:
    return not_found_page(request, f"nothing at {request.url.path}")


async def method_not_allowed(request: Request, exc: Exception) -> Response:
    from starlette.responses import PlainTextResponse

    allow = {"/sparql": "GET, POST", "/query": "GET, POST", "/query/labels": "POST"}.get(
        request.url.path, "GET"
    )
    return PlainTextResponse(
        f"method {request.method} is not allowed here — use {' or '.join(allow.split(', '))}\n",
        status_code=405,
        headers={"Allow": allow},
    )
