"""The SPARQL editor at ``/query``, and the small JSON it needs.

One URL for everything: ``GET /query?query=...`` (or ``?example=NAME``, a
named query with its default parameters) shows the query and its answer,
so any state of the editor can be bookmarked, shared and reloaded. Without
JavaScript the page is a form that GETs that URL and the answer is an HTML
table rendered here; with JavaScript (``static/editor.js``, on the vendored
YASGUI) the same page becomes a highlighting editor whose result views
(sortable table, timeline, graph) read the answer from ``/sparql`` and whose
runs rewrite the address bar to the same URL. Downloads are ``/sparql`` links
with ``format=csv|tsv|json``.

``/query/labels`` (POST, a JSON list of IRIs) gives the labels and local pages
the result views show; ``/query/prefixes.json`` gives the prefixes of
``ontology/context.jsonld`` to the editor's prefix completion. Both read only
the served (by default public) store.
"""

from __future__ import annotations

import dataclasses
import json
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

from ..vocab import INSTANCES, prefixes
from .pages import client_of, error_page, href, render
from .site import current

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from .site import Generation as Site

# the page loads only files of our own: the vendored YASGUI and our script and style
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
MAX_LABELS = 20_000  # IRIs one /query/labels request may ask about
DOWNLOADS = (("csv", "CSV"), ("tsv", "TSV"), ("json", "JSON"))
GRAPH_DOWNLOADS = (("turtle", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"))


def downloads(query: str) -> list[tuple[str, str, str]]:
    """(label, /sparql link, format) for each download of the query's answer: tables
    for SELECT and ASK, graphs for CONSTRUCT and DESCRIBE."""
    from ..errors import RightsgraphError
    from ..store.sparqltext import query_form

    try:
        graph = query_form(query) in ("CONSTRUCT", "DESCRIBE")
    except RightsgraphError:
        graph = False
    return [
        (label, sparql_link(query, fmt), fmt)
        for fmt, label in (GRAPH_DOWNLOADS if graph else DOWNLOADS)
    ]


STARTER = """SELECT ?claim ?kind ?label WHERE {
  ?claim a ?kind ; rg:evidence ?ev .
  FILTER(STRSTARTS(STR(?kind), STR(rg:)))
  OPTIONAL { ?claim rdfs:label ?label }
} LIMIT 50"""


def prefix_block() -> str:
    """``PREFIX`` lines for every prefix of the shipped JSON-LD context."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes().items())


def default_query() -> str:
    return prefix_block() + STARTER


def example_text(site: Site, name: str) -> str | None:
    """A named query as runnable SPARQL: its text with its default parameters
    bound as VALUES blocks (the way the CLI binds them), so it can be edited and
    shared like any other query. A default that names nothing stays unbound."""
    from ..answers.queries import bind_params
    from ..errors import RightsgraphError
    from ..store.sparqltext import bind_values

    info = site.queries.get(name)
    if info is None:
        return None
    bound = {}
    for p in info.params:
        if not p.default:
            continue
        try:  # one parameter at a time: a default that names nothing leaves only itself out
            bound.update(
                bind_params(dataclasses.replace(info, params=[p]), {}, site.resolver.resolve)
            )
        except RightsgraphError:
            continue
    text = bind_values(info.text, bound)
    if info.params:
        note = "; ".join(f"?{p.name} = {p.default or '(unbound)'}" for p in info.params)
        text = f"# parameters, bound in the VALUES blocks below: {note}\n{text}"
    return text


def examples(site: Site) -> list[dict[str, str]]:
    return [
        {"name": info.name, "title": info.title, "summary": info.summary}
        for info in site.queries.values()
    ]


def column_titles(query: str, variables: list[str]) -> dict[str, str]:
    """Readable headers: ``#+ column: var | Title`` lines of the query, else the
    variable name in words (``dateText`` -> "Date text")."""
    given = {}
    for m in re.finditer(r"^#\+\s*column:\s*(\w+)\s*\|\s*(.+?)\s*$", query, re.M):
        given[m.group(1)] = m.group(2)
    return {v: given.get(v) or humanise(v, variables) for v in variables}


def humanise(variable: str, variables: list[str]) -> str:
    """``personLabel`` -> "Person", unless ``?person`` is a column too ("Person label")."""
    bare = re.sub(r"(?<=[a-z0-9])Label$", "", variable)
    name = bare if bare and bare not in variables else variable
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|_+", " ", name).split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:] if text else variable


def sparql_link(query: str, fmt: str | None = None) -> str:
    params = {"query": query, **({"format": fmt} if fmt else {})}
    return "/sparql?" + urllib.parse.urlencode(params)


def page_config(site: Site) -> dict[str, Any]:
    """What the script needs, embedded in the page as JSON (never executed)."""
    return {
        "endpoint": "/sparql",
        "prefixes": prefixes(),
        "instances": INSTANCES,
        "maxRows": site.config.max_rows,
        "downloads": {"table": DOWNLOADS, "graph": GRAPH_DOWNLOADS},
    }


async def editor(request: Request) -> Response:
    site = current(request)
    query = request.query_params.get("query", "")
    name = request.query_params.get("example", "")
    if request.method == "POST":  # the form of earlier versions posted its query
        from .http import BodyTooSlow, form_fields, read_body

        try:
            body = await read_body(request)
        except BodyTooSlow:
            return error_page(
                request,
                {"status": 408, "message": "the form did not arrive in time — send it again"},
            )
        try:
            form = form_fields(body or b"")
        except UnicodeDecodeError:
            form = {}
        query = (form.get("query") or [""])[0]
    context: dict[str, Any] = {
        "query": query,
        "answer": None,
        "error": None,
        "example": None,
        "examples": examples(site),
        "config": page_config(site),
        "downloads": [],
        "titles": {},
        "sparql_link": None,
        "sent": None,
    }
    if name and not query:
        text = example_text(site, name)
        if text is None:
            context["query"] = default_query()
            context["error"] = f"no named query '{name}' — pick one of the examples"
            return _page(request, context, 404)
        query = context["query"] = text
        context["example"] = site.queries[name]
    if not query.strip():
        context["query"] = default_query()
        return _page(request, context)
    context["sparql_link"] = sparql_link(query)
    context["downloads"] = downloads(query)
    answer = await site.run_untrusted(
        {"query": query, "mode": "table", "max_rows": site.config.max_rows},
        site.config.timeout,
        client_of(request),
    )
    if answer["status"] != 200:
        context["error"] = answer["message"]
        return _page(request, context, int(answer["status"]))
    context["answer"] = answer
    context["sent"] = sent_answer(query, answer)
    context["titles"] = column_titles(query, [str(v) for v in answer.get("variables") or []])
    return _page(request, context)


def sent_answer(query: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The answer rendered in the page, also as the script's views read it (SPARQL
    JSON, or Turtle for a graph), so a shared link runs its query once, not twice."""
    from ..answers.render import sparql_json
    from ..store.base import QueryResult

    if answer.get("turtle") is not None:
        media, data = "text/turtle", answer["turtle"]
    else:
        result = QueryResult(
            list(answer.get("variables") or []), list(answer.get("rows") or []), answer["boolean"]
        )
        media, data = "application/sparql-results+json", sparql_json(result)
    return {"query": query, "contentType": media, "data": data, "truncated": answer["truncated"]}


def _page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    response = render(request, "editor.html", status, **context)
    response.headers["Content-Security-Policy"] = POLICY
    return response


async def labels(request: Request) -> Response:
    """``{"iri": {"label": ..., "href": ...}}`` for a JSON list of IRIs."""
    from starlette.responses import JSONResponse, PlainTextResponse

    from .http import BodyTooSlow, read_body

    site = current(request)
    try:
        body = await read_body(request)
        iris = json.loads(body or b"[]")
    except BodyTooSlow:
        return PlainTextResponse("the request body did not arrive in time\n", status_code=408)
    except (ValueError, UnicodeDecodeError):
        return PlainTextResponse("send a JSON list of IRIs\n", status_code=400)
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        return PlainTextResponse("send a JSON list of IRIs\n", status_code=400)
    if len(iris) > MAX_LABELS:
        return PlainTextResponse(f"at most {MAX_LABELS} IRIs at once\n", status_code=413)
    out = {iri: {"label": site.resolver.label(iri), "href": href(iri)} for iri in set(iris)}
    return JSONResponse(out, headers={"Cache-Control": "no-store"})


async def prefix_list(request: Request) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse(prefixes())
