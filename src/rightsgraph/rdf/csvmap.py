"""Spreadsheet rows to RDF, driven by ``data/templates/mapping.json``.

Contributors who do not write Turtle fill a CSV template; each row becomes the
same triples a hand-written Turtle twin would give (the tests compare the two
with ``rdflib.compare.isomorphic``). What each column means lives in the
mapping file, not here: this module only knows the handful of column kinds
(id, class, ref, text, string, integer, boolean, date, date_text).

Problems are reported by spreadsheet row (the header is row 1) and column name.
A header that does not fit any template makes the file unusable (exit 2); a bad
cell is an error on its row, so every row can be fixed from one report.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..resources import default_data_dir
from ..validation.problems import Problem
from ..vocab import INSTANCES, ONTOLOGY, XSD, expand, prefixes
from .csvdates import date_node, impossible_date
from .guard import MAX_LITERAL_CHARS, decode_utf8, read_limited
from .literals import MAX_DIGITS
from .parse import ParsedFile

if TYPE_CHECKING:
    import rdflib

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def templates_dir(data_dir: Path | None = None) -> Path:
    """The CSV templates and their mapping (shipped under the project's data/)."""
    own = (data_dir or default_data_dir()) / "templates"
    return own if (own / "mapping.json").is_file() else default_data_dir() / "templates"


@cache
def _load_mapping(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8"))["templates"])


def mapping(data_dir: Path | None = None) -> dict[str, Any]:
    """Template name -> its nodes and columns, as declared in mapping.json."""
    return _load_mapping(templates_dir(data_dir) / "mapping.json")


@dataclass
class CsvResult:
    """A CSV file turned into triples, plus the problems found in its cells."""

    parsed: ParsedFile
    template: str
    problems: list[Problem]


def _pick_template(path: Path, header: list[str], templates: dict[str, Any]) -> str:
    for name, spec in templates.items():
        first_node = next(iter(spec["nodes"].values()))
        if first_node["id_column"] in header:
            return name
    ids = ", ".join(next(iter(s["nodes"].values()))["id_column"] for s in templates.values())
    raise InputError(
        f"{path} row 1: the header names none of the templates' identifier columns ({ids}) — "
        "start from a template in data/templates/ and keep its header row"
    )


def read_csv(path: Path, data_dir: Path | None = None, text: str | None = None) -> CsvResult:
    """Read a filled-in template; InputError when the file or its header is unusable."""
    from rdflib import Graph

    from ..vocab import bind_all

    if text is None:
        text = decode_utf8(path, read_limited(path), csv=True)
    elif not text.strip():
        raise InputError(f"{path}: the file is empty — start from a template in data/templates/")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise InputError(
            f"{path}: not a readable CSV file ({exc}) — check the quoting of cells"
        ) from None
    templates = mapping(data_dir)
    header = [h.strip() for h in records[0]]
    name = _pick_template(path, header, templates)
    spec = templates[name]
    columns: dict[str, Any] = spec["columns"]
    problems: list[Problem] = []
    display = str(path)
    for i, h in enumerate(header):
        if h in columns:
            continue
        close = difflib.get_close_matches(h, list(columns), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"the columns are: {', '.join(columns)}"
        problems.append(
            Problem(
                "error",
                f"unknown column '{h}' in the {name} template — {hint}",
                display,
                1,
                kind="syntax",
                csv_column=h or f"#{i + 1}",
            )
        )
    for col, cspec in columns.items():
        if cspec.get("required") and col not in header:
            problems.append(
                Problem(
                    "error",
                    f"the {name} template needs a column '{col}' — add it ({cspec['help']})",
                    display,
                    1,
                    kind="syntax",
                    csv_column=col,
                )
            )
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        problems.append(
            Problem(
                "error",
                f"column '{dup}' appears twice — keep one",
                display,
                1,
                kind="syntax",
                csv_column=dup,
            )
        )
    graph = Graph()
    bind_all(graph)
    parsed = ParsedFile(path, graph, is_csv=True)
    if problems:
        return CsvResult(parsed, name, problems)
    for number, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        if len(record) > len(header):
            problems.append(
                Problem(
                    "error",
                    f"the row has {len(record)} cells but the header has {len(header)} columns — remove the extra cells or quote cells that contain '{delimiter}'",
                    display,
                    number,
                    kind="csv",
                )
            )
            continue
        cells = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)}
        _map_row(parsed, spec, cells, number, display, problems)
    return CsvResult(parsed, name, problems)


def _node_iri(value: str, prefix: str) -> str | None:
    """A slug or CURIE as an IRI; None when it is neither."""
    if value.startswith(("http://", "https://")):
        return value if " " not in value else None
    if ":" in value:
        return expand(value)
    return prefixes()[prefix] + value if SLUG.match(value) else None


def slugify(text: str) -> str:
    """What a typed name becomes as an identifier: 'Wagner Group' -> 'wagner-group'."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _map_row(
    parsed: ParsedFile,
    spec: dict[str, Any],
    cells: dict[str, str],
    row: int,
    display: str,
    problems: list[Problem],
) -> None:
    from rdflib import RDF, BNode, Literal, URIRef

    columns: dict[str, Any] = spec["columns"]
    graph = parsed.graph

    def problem(col: str, message: str, focus: str | None = None, path: str | None = None) -> None:
        problems.append(
            Problem(
                "error", message, display, row, focus=focus, path=path, kind="csv", csv_column=col
            )
        )

    nodes: dict[str, URIRef] = {}
    for node_name, node in spec["nodes"].items():
        col = node["id_column"]
        value = cells.get(col, "")
        if not value:
            if not node.get("optional"):
                problem(col, f"the identifier is empty — {columns[col]['help']}")
            continue
        iri = _node_iri(value, node["prefix"])
        if iri is None:
            problem(
                col,
                f"'{value}' is not an identifier — write lower-case words joined by hyphens, e.g. '{slugify(value)}'",
            )
            continue
        nodes[node_name] = URIRef(iri)
        parsed.subject_lines.setdefault(iri, row)
        if "class" in node:
            graph.add((URIRef(iri), RDF.type, URIRef(expand(node["class"]) or node["class"])))
    for node_name, node in spec["nodes"].items():
        if "link_from" in node and node_name in nodes and node["link_from"] in nodes:
            prop = URIRef(expand(node["link_property"]) or "")
            graph.add((nodes[node["link_from"]], prop, nodes[node_name]))
            parsed.columns[(str(nodes[node["link_from"]]), str(prop))] = node["id_column"]
    for col, cspec in columns.items():
        subject = nodes.get(cspec["node"])
        value = cells.get(col, "")
        kind = cspec["kind"]
        if kind in ("id", "date_text", "note") or subject is None:
            continue
        from ..vocab import curie

        prop_iri = expand(cspec["property"]) if "property" in cspec else None
        focus = curie(str(subject))
        path = cspec.get("property")
        if prop_iri is not None:
            parsed.columns[(str(subject), prop_iri)] = col
        wording = cells.get(cspec.get("text_column", ""), "") if kind == "date" else ""
        if not value and not wording:
            if cspec.get("required"):
                problem(col, f"the cell is empty — {cspec['help']}", focus, path)
            continue
        if len(value) > MAX_LITERAL_CHARS:
            problem(
                col,
                f"the cell has {len(value)} characters, over the {MAX_LITERAL_CHARS} limit — quote one sentence at most",
            )
            continue
        if kind == "class":
            if value not in cspec["values"]:
                close = difflib.get_close_matches(value, cspec["values"], n=1, cutoff=0.5)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "use one of: " + ", ".join(cspec["values"])
                )
                problem(
                    col,
                    f"'{value}' is not a known {col.replace('_', ' ')} — {hint}",
                    focus,
                    "rdf:type",
                )
                continue
            graph.add((subject, RDF.type, URIRef(ONTOLOGY + value)))
            parsed.columns[(str(subject), str(RDF.type))] = col
            continue
        assert prop_iri is not None
        pred = URIRef(prop_iri)
        parsed.columns[(str(subject), prop_iri)] = col
        if kind == "date":
            spec_node = date_node(
                value, cells.get(cspec["text_column"], ""), col, problem, focus, path
            )
            if spec_node is not None:
                b = BNode()
                graph.add((subject, pred, b))
                for p, o in spec_node:
                    graph.add((b, p, o))
            continue
        values = (
            [v.strip() for v in value.split(cspec["separator"])]
            if "separator" in cspec
            else [value]
        )
        for v in (v for v in values if v):
            obj: rdflib.term.Node | None
            if kind == "ref":
                iri = _node_iri(v, cspec["prefix"])
                if iri is None:
                    # a name typed instead of an identifier: 'Wagner Group' -> actor:wagner-group;
                    # an unknown result gets a did-you-mean from the consistency checks
                    iri = prefixes()[cspec["prefix"]] + slugify(v)
                obj = URIRef(iri)
            elif kind == "text":
                obj = Literal(v, lang=cspec.get("lang"))
            elif kind == "string":
                obj = Literal(v)
            elif kind == "integer":
                number = (
                    v.replace(",", "").replace(" ", "")
                    if re.fullmatch(r"\d{1,3}([, ]\d{3})+", v)
                    else v
                )
                if len(number.lstrip("+-")) > MAX_DIGITS:
                    problem(
                        col,
                        f"the number has {len(number)} digits, over {MAX_DIGITS} — no count needs that many: check the cell",
                        focus,
                        path,
                    )
                    continue
                if not re.fullmatch(r"[+-]?\d+", number):
                    problem(
                        col,
                        f"'{v}' is not a whole number — write digits only (e.g. 501) and keep the wording in count_text",
                        focus,
                        path,
                    )
                    continue
                obj = Literal(str(int(number)), datatype=URIRef(XSD + "integer"))
            elif kind == "boolean":
                if v.lower() not in ("true", "false", "yes", "no"):
                    problem(col, f"'{v}' is not true or false — write true or false", focus, path)
                    continue
                obj = Literal(
                    "true" if v.lower() in ("true", "yes") else "false",
                    datatype=URIRef(XSD + "boolean"),
                )
            else:  # pragma: no cover - mapping.json declares an unknown kind
                raise InputError(f"mapping.json: column '{col}' has unknown kind '{kind}'")
            graph.add((subject, pred, obj))


def template_header(name: str, data_dir: Path | None = None) -> list[str]:
    """The columns of a template, in the order the mapping declares them."""
    return list(mapping(data_dir)[name]["columns"])


__all__ = ["CsvResult", "INSTANCES", "impossible_date", "mapping", "read_csv", "slugify"]
