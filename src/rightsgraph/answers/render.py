"""Rendering query results: aligned, wrapped tables for a terminal; CSV, TSV and
SPARQL 1.1 Query Results JSON, exact, for machines."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from typing import TYPE_CHECKING

from ..rdf.ntriples import nt_term
from ..store.base import QueryResult
from ..text import spreadsheet_safe, visible
from ..vocab import curie

if TYPE_CHECKING:
    from rdflib.term import Node


def display(term: Node | None) -> str:
    """A term as a person reads it: CURIEs for IRIs, text for literals."""
    from rdflib import XSD, BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term))
    if isinstance(term, BNode):
        return "_:" + str(term)[:8]
    if isinstance(term, Literal) and term.datatype == XSD.boolean:
        return "yes" if term.toPython() is True else "no"
    return str(term)


def sparql_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    from rdflib import BNode, Literal, URIRef

    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})

    def term(t: Node) -> dict[str, str]:
        if isinstance(t, URIRef):
            return {"type": "uri", "value": str(t)}
        if isinstance(t, BNode):
            return {"type": "bnode", "value": str(t)}
        assert isinstance(t, Literal)
        d = {"type": "literal", "value": str(t)}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype:
            d["datatype"] = str(t.datatype)
        return d

    bindings = [
        {v: term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
        indent=2,
        ensure_ascii=False,
    )


def delimited(result: QueryResult, delimiter: str) -> str:
    buf = io.StringIO()
    if delimiter == "\t":
        # SPARQL TSV: terms in their N-Triples form
        buf.write("\t".join("?" + v for v in result.variables) + "\n")
        for row in result.rows:
            buf.write(
                "\t".join("" if t is None else spreadsheet_safe(nt_term(t), term=True) for t in row)
                + "\n"
            )
        return buf.getvalue()
    # SPARQL 1.1 CSV: IRIs and lexical forms as they are, blank nodes as _:label
    from rdflib import BNode

    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            [
                "" if t is None else f"_:{t}" if isinstance(t, BNode) else spreadsheet_safe(str(t))
                for t in row
            ]
        )
    return buf.getvalue()


def table(result: QueryResult, width: int | None = None) -> str:
    """An aligned table whose long cells wrap, sized to the terminal."""
    if result.boolean is not None:
        return "yes" if result.boolean else "no"
    if result.graph is not None:
        return result.graph.serialize(format="turtle")
    if not result.rows:
        return "(no results)"
    width = width or shutil.get_terminal_size((160, 40)).columns
    cols = result.variables
    cells = [[visible(display(t)) for t in row] for row in result.rows]
    natural = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    budget = max(width - 3 * (len(cols) - 1), 20 * len(cols))
    widths = list(natural)
    while sum(widths) > budget:
        i = widths.index(max(widths))
        if widths[i] <= 12:
            break
        widths[i] -= 1
    lines = [" | ".join(c.ljust(w)[:w] for c, w in zip(cols, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    for row in cells:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths, strict=True)]
        for k in range(max(len(x) for x in wrapped)):
            lines.append(
                " | ".join(
                    (x[k] if k < len(x) else "").ljust(w)
                    for x, w in zip(wrapped, widths, strict=True)
                ).rstrip()
            )
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines)


def render(result: QueryResult, fmt: str) -> str:
    """``result`` in ``fmt``; a graph (CONSTRUCT, DESCRIBE) as Turtle for ``table``
    and JSON-LD for ``json`` — never as an empty table of bindings."""
    if result.graph is not None:
        if fmt == "json":
            from ..vocab import bind_all

            bind_all(result.graph)
            return result.graph.serialize(format="json-ld", auto_compact=True)
        if fmt in ("csv", "tsv"):
            from ..errors import UsageError

            raise UsageError(
                f"a CONSTRUCT or DESCRIBE answer is a graph, not a table: --format {fmt} cannot "
                "hold it — use --format table (Turtle) or --format json (JSON-LD)"
            )
    if fmt == "json":
        return sparql_json(result)
    if fmt == "csv":
        return delimited(result, ",")
    if fmt == "tsv":
        return delimited(result, "\t")
    return table(result)
