"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: query via GET, via POST with
a URL-encoded form, and via POST with the query as the body; results by content
negotiation; a service description when no query is given.

Status codes (SPARQL 1.1 Protocol, section 2.1.5): 400 when the request or the
query is malformed — an update is not a legal query, so updates get 400 too;
500 when the service refuses to execute a query (federated ``SERVICE``) or
fails to; 503 when the query overran the server's timeout; 415 for a POST body
of a type the protocol does not define; 405 for other methods.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import rdflib
    from starlette.requests import Request
    from starlette.responses import Response

    from .app import Site

MAX_BODY = 1_000_000  # bytes of query text accepted

UPDATE_REFUSED = (
    "update operations are refused: this endpoint is read-only — "
    "use SELECT, ASK, CONSTRUCT or DESCRIBE"
)


def _text(message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


async def read_body(request: Request) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return body


def parse_form(body: bytes) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)


async def endpoint(request: Request) -> Response:
    site: Site = request.app.state.site
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    queries: list[str] = params.get("query", [])
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request)
        if body is None:
            return _text(f"the request body is larger than {MAX_BODY} bytes", 413)
        try:
            if ctype == "application/x-www-form-urlencoded":
                form = parse_form(body)
                if "update" in form:
                    return _text(UPDATE_REFUSED, 400)
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
                queries = params.get("query", [])
            elif ctype == "application/sparql-query":
                if queries:
                    return _text("give the query either in the body or as 'query', not both", 400)
                queries = [body.decode("utf-8")]
            elif ctype == "application/sparql-update":
                return _text(UPDATE_REFUSED, 400)
            else:
                return _text(
                    f"unsupported Content-Type '{ctype or 'none'}' — POST "
                    "application/x-www-form-urlencoded (query=...) or application/sparql-query",
                    415,
                )
        except UnicodeDecodeError:
            return _text("the request is not UTF-8 — send the query encoded as UTF-8", 400)
    if "update" in params:
        return _text(UPDATE_REFUSED, 400)
    if not queries:
        if request.method == "POST":
            return _text("no query given — send query=... or a SPARQL query body", 400)
        return service_description_response(request, site)
    if len(queries) > 1:
        return _text("more than one 'query' parameter — send exactly one query", 400)
    timeout = site.config.timeout
    asked = params.get("timeout", [""])[0]
    if asked:
        try:
            timeout = min(timeout, max(0.001, float(asked)))
        except ValueError:
            return _text(f"timeout '{asked}' is not a number of seconds", 400)
    answer = await site.run_untrusted(
        {
            "query": queries[0],
            "accept": request.headers.get("accept"),
            "format": (params.get("format") or params.get("output") or [""])[0],
            "max_rows": site.config.max_rows,
        },
        timeout,
    )
    return protocol_response(answer, site)


def protocol_response(answer: dict[str, Any], site: Site) -> Response:
    from starlette.responses import Response

    if answer["status"] != 200:
        return _text(answer["message"], int(answer["status"]))
    headers = {"Vary": "Accept", "X-SPARQL-MaxRows": str(site.config.max_rows)}
    if answer["truncated"]:
        headers["X-Rightsgraph-Truncated"] = (
            f"true; the answer was cut to {site.config.max_rows} rows or triples"
        )
    media = answer["media_type"]
    if media.startswith("text/") or media.endswith(("json", "xml", "triples")):
        media += "; charset=utf-8"
    return Response(answer["body"], media_type=media, headers=headers)


def service_description(endpoint_url: str, site: Site) -> rdflib.Graph:
    """A SPARQL 1.1 Service Description of this endpoint."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF, XSD

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    fmt = Namespace("http://www.w3.org/ns/formats/")
    void = Namespace("http://rdfs.org/ns/void#")
    g = Graph()
    g.bind("sd", sd)
    g.bind("fmt", fmt)
    g.bind("void", void)
    g.bind("dcterms", DCTERMS)
    me = URIRef(endpoint_url)
    g.add((me, RDF.type, sd.Service))
    g.add((me, sd.endpoint, me))
    g.add((me, sd.supportedLanguage, sd.SPARQL11Query))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        g.add((me, sd.resultFormat, fmt[name]))
    g.add((me, sd.feature, sd.UnionDefaultGraph))
    dataset, graph = BNode(), BNode()
    g.add((me, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    g.add((dataset, sd.defaultGraph, graph))
    g.add((graph, RDF.type, sd.Graph))
    g.add((graph, void.triples, Literal(site.triples, datatype=XSD.integer)))
    view = "only public data (restricted nodes removed)" if site.config.public else "all data"
    g.add(
        (
            me,
            DCTERMS.description,
            Literal(
                f"rightsgraph read-only SPARQL 1.1 Query endpoint over {view}. "
                f"Queries time out after {site.config.timeout:g} s and answers are cut to "
                f"{site.config.max_rows} rows; updates and federated SERVICE are refused.",
                lang="en",
            ),
        )
    )
    return g


def service_description_response(request: Request, site: Site) -> Response:
    from starlette.responses import Response

    from .formats import GRAPH_FORMATS, negotiate, serialize_graph

    url = str(request.url.replace(query="", fragment=""))
    requested = request.query_params.get("format")
    if requested:
        fmt = negotiate(GRAPH_FORMATS, None, requested)
    elif _explicit_rdf(request):
        fmt = negotiate(GRAPH_FORMATS, request.headers.get("accept"))
    else:
        fmt = GRAPH_FORMATS[0]  # Turtle, also for browsers
    body = serialize_graph(service_description(url, site), fmt)
    return Response(body, media_type=fmt.media_type + "; charset=utf-8", headers={"Vary": "Accept"})


def _explicit_rdf(request: Request) -> bool:
    """Did the client name an RDF type other than Turtle in Accept?"""
    from .formats import ALIASES, parse_accept

    return any(
        ALIASES.get(m) in ("nt", "jsonld", "rdfxml")
        for m, q in parse_accept(request.headers.get("accept", ""))
        if q > 0
    )
