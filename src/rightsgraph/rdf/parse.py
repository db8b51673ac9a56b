"""Reading RDF files strictly, with errors that name the file, line and fix.

Syntax is checked by Oxigraph's parsers, which reject what rdflib's Turtle parser
lets through (many W3C negative syntax tests); the triples are then handed to
rdflib. Hostile input is refused before parsing: DOCTYPEs in RDF/XML (entity
expansion, external entities), remote JSON-LD contexts, non-UTF-8 bytes,
oversized files and literals, and pathological nesting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..resources import context_file
from ..vocab import CONTEXT_URL
from .literals import lexical_ok, oversized_token

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}
RDF_SUFFIXES = tuple(FORMATS)

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LITERAL_CHARS = 100_000
MAX_NESTING = 200


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


def format_for(path: Path, explicit: str | None = None) -> str:
    """The parser to use: ``--format`` wins; the extension is only a default."""
    if explicit:
        if explicit not in set(FORMATS.values()):
            raise InputError(
                f"{path}: unknown format '{explicit}' — use one of turtle, ntriples, rdfxml, jsonld"
            )
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the extension '{path.suffix}' — "
            "rename it to .ttl, .nt, .rdf or .jsonld, or pass --format"
        )
    return fmt


def _decode(path: Path, raw: bytes) -> str:
    if not raw.strip():
        raise InputError(f"{path}: the file is empty — add RDF statements or remove the file")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{path}:{line}:{col}: the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}) — "
            "save it as UTF-8"
        ) from None


def _check_nesting(path: Path, text: str, fmt: str) -> None:
    """Refuse input nested deeper than any honest file needs (before any recursion)."""
    openers = "[(" if fmt == "turtle" else "{[" if fmt == "jsonld" else ""
    if not openers:
        return
    closers = {"[": "]", "(": ")", "{": "}"}
    depth = 0
    in_string = False
    quote = ""
    line = 1
    prev = ""
    in_comment = False
    in_iri = False
    for ch in text:
        if ch == "\n":
            line += 1
            in_comment = False
        if in_comment:
            continue
        if in_iri:
            # an IRI may hold ' # [ ( (e.g. <http://example.org/it's>): none of them count
            in_iri = ch not in "> \t\r\n"
        elif in_string:
            if ch == quote and prev != "\\":
                in_string = False
        elif ch == "<" and fmt == "turtle":
            in_iri = True
        elif ch == "#" and fmt == "turtle" and prev in ("", " ", "\t", "\n", ".", ";", ","):
            in_comment = True
        elif ((ch in "\"'" and fmt != "jsonld") or ch == '"') and prev != "\\":
            # a quote escaped in a local name (ex:it\'s) does not open a string
            in_string, quote = True, ch
        elif ch in openers:
            depth += 1
            if depth > MAX_NESTING:
                raise InputError(
                    f"{path}:{line}: input is nested more than {MAX_NESTING} levels deep — "
                    "flatten it with named nodes"
                )
        elif ch in (closers[o] for o in openers):
            depth = max(0, depth - 1)
        prev = "" if prev == "\\" and ch == "\\" else ch


def _prepare_jsonld(path: Path, text: str) -> str:
    """Replace our context URL with the shipped file; refuse any other remote context."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: input is nested too deeply — flatten it") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        found = re.search(r"\d{4300,}", text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        raise InputError(
            f"{path}{f':{line}' if line else ''}: a number of more than 4,300 digits — "
            "no value needs that many: check the file"
        ) from None
    local = json.loads(context_file().read_text(encoding="utf-8"))["@context"]

    def fix(ctx: object) -> object:
        if isinstance(ctx, str):
            if ctx == CONTEXT_URL or ctx.endswith("rightsgraph/context.jsonld"):
                return local
            raise InputError(
                f"{path}: remote JSON-LD context '{ctx}' refused (nothing is fetched) — "
                f'use "@context": "{CONTEXT_URL}" (shipped with rightsgraph) or inline the context'
            )
        if isinstance(ctx, list):
            return [fix(c) for c in ctx]
        return ctx

    def walk(node: object) -> object:
        if isinstance(node, dict):
            return {k: (fix(v) if k == "@context" else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(n) for n in node]
        return node

    return json.dumps(walk(doc))


_OX_FORMATS = {
    "turtle": "TURTLE",
    "ntriples": "N_TRIPLES",
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
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(
                f"{path}: cannot read the file ({exc.strerror}) — check the path"
            ) from None
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path}: file is {size // (1024 * 1024)} MiB, over the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MiB limit — split it into smaller files"
            )
        text = _decode(path, path.read_bytes())
    if fmt == "rdfxml" and re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        line = text[: re.search(r"<!(DOCTYPE|ENTITY)", text, re.I).start()].count("\n") + 1  # type: ignore[union-attr]
        raise InputError(
            f"{path}:{line}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entity expansion and external entities are unsafe) — remove the declaration"
        )
    _check_nesting(path, text, fmt)
    original = text
    if fmt == "jsonld":
        text = _prepare_jsonld(path, text)
    try:
        quads = list(
            ox.parse(
                text.encode("utf-8"),
                format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]),
                base_iri=base_iri or path.resolve().as_uri(),
            )
        )
    except SyntaxError as exc:
        raise InputError(_syntax_message(path, exc, original)) from None
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
    yield from quads


_HINTS = [
    (
        re.compile(r"prefix (\S+) has not been declared", re.I),
        "declare it with @prefix or use one of the prefixes in docs/data-conventions.md",
    ),
    (
        re.compile(r"unexpected end", re.I),
        "a statement is unfinished: check for a missing '.' or ']'",
    ),
    (
        re.compile(r"expecting|unexpected", re.I),
        "check the punctuation ( . ; , ] ) around this point",
    ),
    (re.compile(r"IRI", re.I), "IRIs go in <...> without spaces, or use a declared prefix"),
]


_NOT_NAMES = {
    "is",
    "not",
    "a",
    "an",
    "the",
    "of",
    "and",
    "as",
    "at",
    "for",
    "be",
    "been",
    "has",
    "have",
    "could",
    "same",
    "time",
    "set",
    "both",
    "valid",
    "value",
    "found",
    "no",
    "invalid",
    "property",
    "element",
    "tag",
    "name",
    "attribute",
    "already",
    "used",
    "must",
    "string",
}


def _locate(text: str, msg: str) -> int | None:
    """The line of the first token an error message names, for parsers that give no
    position (Oxigraph's RDF/XML and JSON-LD parsers): 'q:name is not a valid rdf:ID'."""
    masked = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S)
    tokens = []
    for raw in msg.split():
        tok = raw.strip("<>'\"`,.;()[]")
        if len(tok) < 2 or tok.lower() in _NOT_NAMES:
            continue
        tokens.append(tok)
        if "#" in tok:
            local = tok.rsplit("#", 1)[1]
            if tok.startswith("http://www.w3.org/1999/02/22-rdf-syntax-ns#"):
                tokens.append("rdf:" + local)
            tokens.append(local)
    for tok in sorted(filter(None, tokens), key=len, reverse=True):
        at = masked.find(tok)
        if at >= 0:
            return masked.count("\n", 0, at) + 1
    return None


def _syntax_message(path: Path, exc: SyntaxError, text: str | None = None) -> str:
    msg = str(exc.msg or exc)
    msg = re.sub(
        r"^Parser error at line \d+ (column \d+|between columns \d+ and \d+)(: )?", "", msg
    )
    msg = re.sub(r"^(error at )?\d+:\d+(-\d+:\d+)?:? ?", "", msg)
    msg = " ".join(msg.split())
    hint = next((h for pattern, h in _HINTS if pattern.search(msg)), "fix the syntax at this point")
    if exc.lineno:
        where = f"{path}:{exc.lineno}:{exc.offset}"
    else:
        line = _locate(text, msg) if text else None
        where = f"{path}:{line}" if line else f"{path}"
    return f"{where}: syntax error: {msg} — {hint}"


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
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        if not lexical_ok(term.value, dt):
            if ill_typed is not None:
                ill_typed.append((term.value, dt))
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise InputError(f"unsupported RDF term {term!r} (RDF-star is not supported)")


def parse_file(path: Path, fmt: str | None = None, text: str | None = None) -> ParsedFile:
    """Parse one file strictly into an rdflib graph, remembering subject lines."""
    from rdflib import Graph

    from ..vocab import bind_all

    graph = Graph()
    bind_all(graph)
    bnodes: dict[str, object] = {}
    bad: list[IllTyped] = []
    for q in iter_quads(path, fmt, text=text):
        found: list[tuple[str, str]] = []
        s = to_rdflib(q.subject, bnodes)
        graph.add((s, to_rdflib(q.predicate, bnodes), to_rdflib(q.object, bnodes, found)))
        bad.extend(IllTyped(s, q.predicate.value, lex, dt) for lex, dt in found)
    return ParsedFile(path, graph, _subject_lines(path, graph, text, fmt), bad)


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


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the RDF files they hold (sorted, recursively)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.suffix.lower() in RDF_SUFFIXES and f.is_file())
            )
        elif p.exists():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder — check the path")
    return out
