"""The hostile-input checks every reader applies before a parser sees a byte.

Size limits, UTF-8 (a bad byte named by line and column, or by CSV row), nesting
depth (counted without recursion, before any recursive parser runs) and the
JSON-LD context (only the shipped one; nothing is fetched). The Oxigraph loader
(``store.ingest``), the strict parser (``rdf.parse``) and the CSV reader
(``rdf.csvmap``) share them, so a file is refused the same way whichever reads it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from ..resources import context_file
from ..vocab import CONTEXT_URL

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LITERAL_CHARS = 100_000
MAX_NESTING = 200
BOM = b"\xef\xbb\xbf"
UTF8_CHUNK = 1 << 23


def read_limited(path: Path) -> bytes:
    """The bytes of a file, refusing one over ``MAX_FILE_BYTES`` before reading it."""
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
    return path.read_bytes()


def decode_utf8(path: Path, raw: bytes, csv: bool = False) -> str:
    """The text of a file; an empty file or a byte that is not UTF-8 is an InputError
    naming the place (line and column, or the spreadsheet row of a CSV file)."""
    if not raw.strip():
        fix = (
            "start from a template in data/templates/"
            if csv
            else "add RDF statements or remove the file"
        )
        raise InputError(f"{path}: the file is empty — {fix}")
    if raw.startswith(BOM):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        if csv:
            raise InputError(
                f"{path} row {line}: {bad} — save it as 'CSV UTF-8' from your spreadsheet program"
            ) from None
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{path}:{line}:{col}: {bad} — save it as UTF-8") from None


def blank(raw: bytes) -> bool:
    """True for an empty or all-whitespace file — without ``raw.strip()``, which
    copies a whole big file."""
    return not raw or raw.isspace()


def check_utf8(path: Path, raw: bytes) -> None:
    """``decode_utf8``'s check without keeping the text: decoded a chunk at a time,
    so a big N-Triples file costs one chunk of memory, not a second copy of itself;
    a bad byte is reported as ``decode_utf8`` reports it."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    step = UTF8_CHUNK
    start = len(BOM) if raw.startswith(BOM) else 0
    try:
        for at in range(start, len(raw), step):
            decoder.decode(view[at : at + step], final=at + step >= len(raw))
    except UnicodeDecodeError:
        decode_utf8(path, raw)  # names the line and column
        raise


def refuse_doctype(path: Path, text: str) -> None:
    """Refuse RDF/XML that declares a DOCTYPE or entities (entity expansion, external
    entities): no honest data file needs one."""
    found = re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE)
    if found:
        line = text[: found.start()].count("\n") + 1
        raise InputError(
            f"{path}:{line}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entity expansion and external entities are unsafe) — remove the declaration"
        )


def check_nesting(path: Path, text: str, fmt: str) -> None:
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


def prepare_jsonld(path: Path, text: str) -> str:
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
