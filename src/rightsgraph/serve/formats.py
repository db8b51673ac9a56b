"""Media types the endpoint speaks, content negotiation, and the serialisers for
query results (SPARQL 1.1 Query Results JSON, XML, CSV, TSV) and graphs
(Turtle, N-Triples, JSON-LD, RDF/XML)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from ..answers.render import sparql_json
from ..rdf.ntriples import nt_term
from ..text import spreadsheet_safe

if TYPE_CHECKING:
    import rdflib

    from ..store.base import QueryResult


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    rdflib_name: str = ""  # graph formats only
    suffix: str = ""


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", suffix="srj"),
    Format("xml", "application/sparql-results+xml", suffix="srx"),
    Format("csv", "text/csv", suffix="csv"),
    Format("tsv", "text/tab-separated-values", suffix="tsv"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", "turtle", "ttl"),
    Format("nt", "application/n-triples", "nt", "nt"),
    Format("jsonld", "application/ld+json", "json-ld", "jsonld"),
    Format("rdfxml", "application/rdf+xml", "xml", "rdf"),
)

# other names clients use for the same formats (format=/output= parameters, old types)
ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "ttl": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "application/ld+json": "jsonld",
    "json-ld": "jsonld",
    "application/rdf+xml": "rdfxml",
    "rdf+xml": "rdfxml",
    "rdf": "rdfxml",
}


def _by_key(formats: tuple[Format, ...], key: str) -> Format | None:
    return next((f for f in formats if f.key == key), None)


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges with their q-values, as the client gave them."""
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives ``media_type``."""
    main = media_type.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        spec = (
            2 if media == media_type else 1 if media == f"{main}/*" else 0 if media == "*/*" else -1
        )
        if spec > specificity:
            best, specificity = q, spec
    return best if specificity >= 0 else 0.0


class FormatError(Exception):
    """No format of the answer fits what the client asked for (``strict`` only)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def negotiate(
    formats: tuple[Format, ...],
    accept: str | None,
    requested: str | None = None,
    strict: bool = False,
) -> Format:
    """The format a client asked for: an explicit ``format=`` wins, then Accept.

    Pages fall back to the first (default) format. The SPARQL endpoint is
    ``strict``: a ``format=`` this answer has no form for is 400, and an Accept
    header that no format matches (and that allows nothing else, no ``*/*``) is
    406, as the protocol asks — never a silent answer in another format.
    """
    if requested:
        key = ALIASES.get(requested.lower(), requested.lower())
        if formats is GRAPH_FORMATS and key == "json":
            key = "jsonld"
        if formats is RESULT_FORMATS and key in ("turtle", "nt", "jsonld", "rdfxml"):
            key = ""
        found = _by_key(formats, key)
        if found:
            return found
        if strict:
            kind = (
                "graph (CONSTRUCT, DESCRIBE)" if formats is GRAPH_FORMATS else "table (SELECT, ASK)"
            )
            names = ", ".join(f.key for f in formats)
            raise FormatError(
                400, f"format={requested} is not a form of a {kind} answer — use one of: {names}"
            )
    if accept:
        ranges = parse_accept(accept)
        scored: list[tuple[float, int, Format]] = []
        for i, f in enumerate(formats):
            scored.append((_quality(f.media_type, ranges), -i, f))
        # old names for the same formats count too (application/json for results...)
        for media, q in ranges:
            named = ALIASES.get(media, "")
            if formats is GRAPH_FORMATS and named == "json":
                named = "jsonld"
            alias = _by_key(formats, named)
            if alias and q > 0:
                scored.append((q, -formats.index(alias), alias))
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        if scored and scored[0][0] > 0:
            return scored[0][2]
        if strict:
            raise FormatError(
                406,
                f"no form of this answer matches Accept: {accept} — accept one of: "
                + ", ".join(f.media_type for f in formats),
            )
    return formats[0]


def wants_rdf(accept: str | None, requested: str | None) -> Format | None:
    """For pages: an RDF format when the client prefers one to HTML, else None."""
    if requested:
        key = ALIASES.get(requested.lower(), requested.lower())
        if key == "json":
            key = "jsonld"
        return _by_key(GRAPH_FORMATS, key)
    if not accept:
        return None
    ranges = parse_accept(accept)
    html = max(_quality("text/html", ranges), _quality("application/xhtml+xml", ranges))
    best = negotiate(GRAPH_FORMATS, accept)
    explicit = any(m == best.media_type or ALIASES.get(m) == best.key for m, _ in ranges)
    if explicit and _quality(best.media_type, ranges) > html:
        return best
    return None


def serialize_graph(graph: rdflib.Graph, fmt: Format) -> bytes:
    from ..vocab import bind_all

    bind_all(graph)
    if fmt.key == "jsonld":
        from ..vocab import prefixes

        data: bytes = graph.serialize(format="json-ld", context=prefixes(), encoding="utf-8")
        return data
    out: bytes = graph.serialize(format=fmt.rdflib_name, encoding="utf-8")
    return out


def serialize_result(result: QueryResult, fmt: Format) -> bytes:
    """A SELECT or ASK result in one of the SPARQL 1.1 result formats."""
    if fmt.key == "json":
        return sparql_json(result).encode("utf-8")
    if fmt.key == "xml":
        return results_xml(result).encode("utf-8")
    if result.boolean is not None:
        return ("true\r\n" if result.boolean else "false\r\n").encode()
    if fmt.key == "csv":
        return results_csv(result).encode("utf-8")
    return results_tsv(result).encode("utf-8")


def results_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    from rdflib import BNode, Literal, URIRef

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.boolean is not None:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
        out.append("</sparql>")
        return "\n".join(out)
    out.append("<results>")
    for row in result.rows:
        out.append("<result>")
        for var, t in zip(result.variables, row, strict=True):
            if t is None:
                continue
            if isinstance(t, URIRef):
                inner = f"<uri>{escape(str(t))}</uri>"
            elif isinstance(t, BNode):
                inner = f"<bnode>{escape(str(t))}</bnode>"
            else:
                assert isinstance(t, Literal)
                attrs = ""
                if t.language:
                    attrs = f" xml:lang={quoteattr(t.language)}"
                elif t.datatype:
                    attrs = f" datatype={quoteattr(str(t.datatype))}"
                inner = f"<literal{attrs}>{escape(str(t))}</literal>"
            out.append(f"<binding name={quoteattr(var)}>{inner}</binding>")
        out.append("</result>")
    out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out)


def results_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, CRLF line ends (lossy by design)."""
    import csv
    import io

    from rdflib import BNode

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            [
                ""
                if t is None
                else "_:" + str(t)
                if isinstance(t, BNode)
                else spreadsheet_safe(str(t))
                for t in row
            ]
        )
    return buf.getvalue()


def results_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in their Turtle/N-Triples form."""
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append(
            "\t".join("" if t is None else spreadsheet_safe(nt_term(t), term=True) for t in row)
        )
    return "\n".join(lines) + "\n"


def error_json(message: str) -> str:
    return json.dumps({"error": message}, ensure_ascii=False)
