"""Rendering query results: aligned, wrapped tables for a terminal; CSV, TSV and
SPARQL 1.1 Query Results JSON, exact, for machines.

Results are rendered from the engine's own terms (``QueryResult.terms``:
pyoxigraph's for the local stores, rdflib's for a remote endpoint), read through
``rdf.ntriples.term_parts``, so printing an answer never loads rdflib; only a
graph answer as JSON-LD does.
"""

from __future__ import annotations

import io
import os
import sys

from ..rdf.ntriples import nt_term, term_parts
from ..store.base import QueryResult
from ..text import spreadsheet_safe, visible
from ..vocab import XSD, curie

TYPE_CHECKING = False  # not typing's: a printed answer need not load typing
if TYPE_CHECKING:
    from typing import Any

XSD_BOOLEAN = XSD + "boolean"


def display(term: Any) -> str:
    """A term as a person reads it: CURIEs for IRIs, text for literals."""
    if term is None:
        return ""
    kind, value, _, datatype = term_parts(term)
    if kind == "iri":
        return curie(value)
    if kind == "bnode":
        return "_:" + value[:8]
    if datatype == XSD_BOOLEAN:
        return "yes" if value.lower() in ("true", "1") else "no"
    return value


def sparql_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    import json

    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})

    def term(t: Any) -> dict[str, str]:
        kind, value, lang, datatype = term_parts(t)
        d = {"type": "uri" if kind == "iri" else kind, "value": value}
        if lang:
            d["xml:lang"] = lang
        elif datatype:
            d["datatype"] = datatype
        return d

    bindings = [
        {v: term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.terms
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
        for row in result.terms:
            buf.write(
                "\t".join("" if t is None else spreadsheet_safe(nt_term(t), term=True) for t in row)
                + "\n"
            )
        return buf.getvalue()
    # SPARQL 1.1 CSV: IRIs and lexical forms as they are, blank nodes as _:label
    import csv

    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.terms:
        cells = []
        for t in row:
            if t is None:
                cells.append("")
                continue
            kind, value, _, _ = term_parts(t)
            cells.append(f"_:{value}" if kind == "bnode" else spreadsheet_safe(value))
        writer.writerow(cells)
    return buf.getvalue()


def terminal_columns(fallback: int = 160) -> int:
    """The terminal's width as ``shutil.get_terminal_size((fallback, 40))`` gives it
    ($COLUMNS first), without importing shutil and the compression modules it loads."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = fallback
    return columns or fallback


def turtle(result: QueryResult) -> str:
    """A graph answer as Turtle with the project's prefixes: pyoxigraph's own
    serialiser for the engine's triples, rdflib's for a remote endpoint's graph."""
    from ..store.oxigraph import OxResult

    if isinstance(result, OxResult) and result.triples is not None:
        import pyoxigraph as ox

        from ..vocab import prefixes

        data = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes())
        return (data or b"").decode("utf-8")
    assert result.graph is not None
    from ..vocab import bind_all

    bind_all(result.graph)
    return str(result.graph.serialize(format="turtle"))


_WRAP_SPACE = frozenset("\t\n\x0b\x0c\r")


def wrap(cell: str, width: int) -> list[str]:
    """``textwrap.wrap(cell, width) or [""]``; a cell that fits on one line is that
    line as it is (textwrap would return it unchanged), so a table whose cells all
    fit never imports textwrap and its compiled patterns."""
    if (
        len(cell) <= width
        and not (cell and (cell[0].isspace() or cell[-1].isspace()))
        and _WRAP_SPACE.isdisjoint(cell)
    ):
        return [cell]
    import textwrap

    return textwrap.wrap(cell, width) or [""]


def table(result: QueryResult, width: int | None = None) -> str:
    """An aligned table whose long cells wrap, sized to the terminal."""
    if result.boolean is not None:
        return "yes" if result.boolean else "no"
    if result.is_graph:
        return turtle(result)
    rows = result.terms
    if not rows:
        return "(no results)"
    width = width or terminal_columns()
    cols = result.variables
    cells = [[visible(display(t)) for t in row] for row in rows]
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
        wrapped = [wrap(c, w) for c, w in zip(row, widths, strict=True)]
        for k in range(max(len(x) for x in wrapped)):
            lines.append(
                " | ".join(
                    (x[k] if k < len(x) else "").ljust(w)
                    for x, w in zip(wrapped, widths, strict=True)
                ).rstrip()
            )
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def render(result: QueryResult, fmt: str) -> str:
    """``result`` in ``fmt``; a graph (CONSTRUCT, DESCRIBE) as Turtle for ``table``
    and JSON-LD for ``json`` — never as an empty table of bindings."""
    if result.is_graph:
        if fmt == "json":
            from ..vocab import bind_all

            graph = result.graph
            assert graph is not None
            bind_all(graph)
            return str(graph.serialize(format="json-ld", auto_compact=True))
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
