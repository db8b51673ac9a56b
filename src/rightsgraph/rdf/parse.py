"""Reading RDF files strictly, with errors that name the file, line and fix.

Syntax is checked by Oxigraph's parsers, which reject what rdflib's Turtle parser
lets through (many W3C negative syntax tests); the triples are then handed to
rdflib. Hostile input is refused before parsing: DOCTYPEs in RDF/XML (entity
expansion, external entities), remote JSON-LD contexts, non-UTF-8 bytes,
oversized files and literals, and pathological nesting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..vocab import GRAPHS, XSD_STRING

# the file listing lives in formats.py (no parser loaded); its names stay here too
from .formats import FORMATS
from .formats import RDF_SUFFIXES as RDF_SUFFIXES
from .formats import rdf_files as rdf_files
from .guard import (
    MAX_LITERAL_CHARS,
    check_nesting,
    decode_utf8,
    prepare_jsonld,
    read_limited,
    refuse_doctype,
)
from .literals import lexical_ok, oversized_token
from .syntax import syntax_message

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib


@dataclass
class IllTyped:
    """A literal whose text is not a value of its datatype ("2023-02-30"^^xsd:date).

    rdflib would log a traceback for it, so it is kept as plain text in the graph
    and remembered here: the consistency checks turn it into a one-line problem.
    """

    subject: rdflib.term.Node
    predicate: str
    lexical: str
    datatype: str


@dataclass
class ParsedFile:
    """One parsed file: its triples and where each subject is defined.

    For a CSV file ``subject_lines`` holds row numbers and ``columns`` names the
    column each (subject, predicate) came from, so problems can say "row 3,
    column 'date'" instead of a line of generated Turtle.
    """

    path: Path
    graph: rdflib.Graph
    subject_lines: dict[str, int] = field(default_factory=dict)
    ill_typed: list[IllTyped] = field(default_factory=list)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    is_csv: bool = False
    named_graphs: set[str] = field(default_factory=set)  # TriG / N-Quads graph names


def format_for(path: Path, explicit: str | None = None) -> str:
    """The parser to use: ``--format`` wins; the extension is only a default."""
    if explicit:
        if explicit not in set(FORMATS.values()):
            raise InputError(
                f"{path}: unknown format '{explicit}' — use one of turtle, ntriples, "
                "trig, nquads, rdfxml, jsonld"
            )
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the extension '{path.suffix}' — "
            "rename it to .ttl, .nt, .trig, .nq, .rdf or .jsonld, or pass --format"
        )
    return fmt


# our format names -> pyoxigraph.RdfFormat attribute names
OX_FORMATS = {
    "turtle": "TURTLE",
    "ntriples": "N_TRIPLES",
    "trig": "TRIG",
    "nquads": "N_QUADS",
    "rdfxml": "RDF_XML",
    "jsonld": "JSON_LD",
}


def iter_quads(
    path: Path, fmt: str | None = None, base_iri: str | None = None, text: str | None = None
) -> Iterator[pyoxigraph.Quad]:
    """Strictly parse one file into Oxigraph quads, raising InputError with file:line:col."""
    import pyoxigraph as ox

    fmt = format_for(path, fmt)
    if text is None:
        text = decode_utf8(path, read_limited(path))
    if fmt == "rdfxml":
        refuse_doctype(path, text)
    check_nesting(path, text, "turtle" if fmt == "trig" else fmt)
    original = text
    if fmt == "jsonld":
        text = prepare_jsonld(path, text)
    try:
        quads = list(
            ox.parse(
                text.encode("utf-8"),
                format=getattr(ox.RdfFormat, OX_FORMATS[fmt]),
                base_iri=base_iri or path.resolve().as_uri(),
            )
        )
    except SyntaxError as exc:
        raise InputError(syntax_message(path, exc, original)) from None
    except MemoryError:
        # Oxigraph's parsers stop at one token of 16 MiB, long before our own limit
        raise InputError(oversized_token(path, original, MAX_LITERAL_CHARS)) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{path}: {exc}") from None
    for q in quads:
        obj = q.object
        if isinstance(obj, ox.Literal) and len(obj.value) > MAX_LITERAL_CHARS:
            raise InputError(
                f"{path}: a literal of {len(obj.value)} characters exceeds the "
                f"{MAX_LITERAL_CHARS}-character limit — quotes are one sentence at most"
            )
        if not isinstance(q.graph_name, ox.DefaultGraph):
            check_graph_name(path, q.graph_name, original)
    yield from quads


def check_graph_name(path: Path, name: object, text: str | None = None) -> None:
    """Refuse a named graph a data file may not define: one named by a blank node
    (no query could name it) or one inside rightsgraph's own graph namespace,
    where it would be mistaken for, or merged into, the graphs the build writes
    (``store/dataset.py``). ``text`` is the file's text, to name the line."""
    import pyoxigraph as ox

    if isinstance(name, ox.NamedNode) and not name.value.startswith(GRAPHS):
        return
    iri = name.value if isinstance(name, ox.NamedNode) else f"_:{getattr(name, 'value', '')}"
    line = _line_of(text, iri) if text else None
    where = f"{path}:{line}" if line else f"{path}"
    if isinstance(name, ox.NamedNode):
        raise InputError(
            f"{where}: named graph <{iri}> is inside rightsgraph's own graph namespace "
            f"<{GRAPHS}> — name the graph with an IRI of your own"
        )
    raise InputError(
        f"{where}: a named graph labelled by a blank node cannot be queried by name "
        "— name the graph with an IRI"
    )


def _line_of(text: str, iri: str) -> int | None:
    """The first line that names graph ``iri``: written whole, or as a prefixed
    name that opens a graph block (``g:restricted {``); None if neither is found."""
    local = re.split(r"[/#:]", iri.rstrip("/"))[-1]
    at = text.find(f"<{iri}>")
    if at < 0 and local:
        m = re.search(rf"(?<!\S)[\w.-]*:{re.escape(local)}\s*\{{", text)
        at = m.start() if m else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def to_rdflib(
    term: object, bnodes: dict[str, object], ill_typed: list[tuple[str, str]] | None = None
) -> rdflib.term.Node:
    """Convert an Oxigraph term to rdflib, keeping blank nodes distinct per file.

    A literal that is not a value of its datatype becomes plain text (so rdflib
    has nothing to complain about and the shapes' datatype checks still fail);
    when ``ill_typed`` is given, (lexical, datatype) is appended to it.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        b = bnodes.get(term.value)
        if b is None:
            b = bnodes[term.value] = BNode()
        return b  # type: ignore[return-value]
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if term.language:
            return Literal(term.value, lang=term.language)
        if dt == XSD_STRING:
            return Literal(term.value)
        if not lexical_ok(term.value, dt):
            if ill_typed is not None:
                ill_typed.append((term.value, dt))
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise InputError(f"unsupported RDF term {term!r} (RDF-star is not supported)")


def parse_file(path: Path, fmt: str | None = None, text: str | None = None) -> ParsedFile:
    """Parse one file strictly into an rdflib graph, remembering subject lines.

    The triples of a TriG or N-Quads file's named graphs are merged in with its
    default graph (validation judges them all); ``named_graphs`` says which
    graphs there were."""
    import pyoxigraph as ox
    from rdflib import Graph

    from ..vocab import bind_all

    graph = Graph()
    bind_all(graph)
    bnodes: dict[str, object] = {}
    bad: list[IllTyped] = []
    named: set[str] = set()
    for q in iter_quads(path, fmt, text=text):
        if isinstance(q.graph_name, ox.NamedNode):
            named.add(q.graph_name.value)
        found: list[tuple[str, str]] = []
        s = to_rdflib(q.subject, bnodes)
        graph.add((s, to_rdflib(q.predicate, bnodes), to_rdflib(q.object, bnodes, found)))
        bad.extend(IllTyped(s, q.predicate.value, lex, dt) for lex, dt in found)
    parsed = ParsedFile(path, graph, _subject_lines(path, graph, text, fmt), bad)
    parsed.named_graphs = named
    return parsed


def _subject_lines(
    path: Path, graph: rdflib.Graph, text: str | None, fmt: str | None
) -> dict[str, int]:
    """Line on which each named subject is first written (for messages)."""
    from rdflib import URIRef

    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return {}
    declared = dict(re.findall(r"@prefix\s+([\w.-]*):\s*<([^>]*)>", text, re.I))
    is_jsonld = fmt == "jsonld" or path.suffix.lower() in (".jsonld", ".json")
    if is_jsonld:
        from ..vocab import prefixes

        declared.update(prefixes())  # CURIEs of the shipped context
    declared.update(re.findall(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", text))
    lines = text.splitlines()
    starts: dict[str, int] = {}
    anywhere: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        token = re.match(r'(<[^>]*>|[\w.-]*:[^\s;,.]*[^\s;,]?|"@?id"\s*:\s*"[^"]*")', stripped)
        if token:
            starts.setdefault(token.group(1), number)
        for tok in re.findall(r'<[^>]*>|[\w-]+:[\w.-]*[\w-]|"[^"]*"', line):
            anywhere.setdefault(tok, number)
    result: dict[str, int] = {}
    for s in set(graph.subjects()):
        if not isinstance(s, URIRef):
            continue
        iri = str(s)
        forms = [f"<{iri}>", f'"{iri}"']
        for prefix, ns in declared.items():
            if iri.startswith(ns):
                forms.append(f"{prefix}:{iri[len(ns) :]}")
        if is_jsonld:
            forms = [
                f'"{key}": "{f.strip(chr(34))}"' for key in ("@id", "id") for f in forms
            ] + forms
        line_no = next((starts[f] for f in forms if f in starts), None) or next(
            (anywhere[f] for f in forms if f in anywhere), None
        )
        if line_no:
            result[iri] = line_no
    return result
