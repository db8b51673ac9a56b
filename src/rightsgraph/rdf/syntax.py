"""Parser errors as one line that names the file, the line and the fix.

Oxigraph's Turtle and N-Triples parsers give a position; its RDF/XML and JSON-LD
parsers often do not, so the line is found from the token the message names.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..vocab import RDF

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


def locate(text: str, msg: str) -> int | None:
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
            if tok.startswith(RDF):
                tokens.append("rdf:" + local)
            tokens.append(local)
    for tok in sorted(filter(None, tokens), key=len, reverse=True):
        at = masked.find(tok)
        if at >= 0:
            return masked.count("\n", 0, at) + 1
    return None


def syntax_message(path: Path, exc: SyntaxError, text: str | None = None) -> str:
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
        line = locate(text, msg) if text else None
        where = f"{path}:{line}" if line else f"{path}"
    return f"{where}: syntax error: {msg} — {hint}"
