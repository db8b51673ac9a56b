"""Which lexical forms are values of their XSD datatype: the one table that the
loader, the validators and the CLI share, so a literal is either refused
everywhere or accepted everywhere.

Each XSD datatype we accept has its lexical rule here (XML Schema 1.1 part 2),
with the value ranges of the integer types. A form that passes the rule is then
also given to the converter rdflib would run on it: what rdflib cannot turn into
a value (a year 0, a 24:00:00, an ISO week duration) is refused too, so rdflib
never logs a traceback for a literal the graph holds. Numbers are limited in
length (``MAX_DIGITS``) before anything converts them: Python refuses to parse
integers of more than 4,300 digits, and no count needs more than a few.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_DIGITS = 100

_TZ = r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
_YEAR = r"-?([1-9]\d{4,}|\d{4})"
_TIME = r"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)"
_DOUBLE = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN"
_DURATION = r"-?P(?=.)(\d+Y)?(\d+M)?(\d+D)?(T(?=.)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"

# name -> (lexical pattern, inclusive value range for the integer types)
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}

# the integer types, also read by the fast validator (validation/shacl_eval.py)
INTEGER_TYPES = frozenset(_INTEGER_RANGES)
_PATTERNS: dict[str, str] = {
    "boolean": r"true|false|1|0",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "double": _DOUBLE,
    "float": _DOUBLE,
    "date": _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _TZ,
    "dateTime": _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T" + _TIME + _TZ,
    "dateTimeStamp": _YEAR
    + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T"
    + _TIME
    + r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)",
    "time": _TIME + _TZ,
    "gYear": _YEAR + _TZ,
    "gYearMonth": _YEAR + r"-(0[1-9]|1[0-2])" + _TZ,
    "gMonthDay": r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _TZ,
    "gDay": r"---(0[1-9]|[12]\d|3[01])" + _TZ,
    "gMonth": r"--(0[1-9]|1[0-2])" + _TZ,
    "duration": _DURATION,
    "dayTimeDuration": r"-?P(?=.)(\d+D)?(T(?=.)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
    "yearMonthDuration": r"-?P(?=.)(\d+Y)?(\d+M)?",
    "hexBinary": r"([0-9a-fA-F]{2})*",
    "base64Binary": r"[A-Za-z0-9+/= ]*",
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "anyURI": r"[^\s<>\"{}|\\^`\x00-\x1f\x7f]*",
    "string": r"(?s).*",
    "normalizedString": r"[^\r\n\t]*",
    "token": r"([^\s](\ ?[^\s])*)?",
    "NMTOKEN": r"[\w.:-]+",
    "Name": r"[^\W\d.-][\w.:-]*",
    "NCName": r"[^\W\d.-][\w.-]*",
}
_COMPILED = {k: re.compile(v) for k, v in _PATTERNS.items()}
_STRINGLIKE = {"string", "normalizedString", "token", "language", "NMTOKEN", "Name", "NCName"}
ACCEPTED = frozenset(_PATTERNS) | frozenset(_INTEGER_RANGES)


def accepted_datatype(datatype: str) -> bool:
    """Whether ``datatype`` is an XSD datatype this table knows (others are left alone)."""
    return datatype.startswith(XSD) and datatype[len(XSD) :] in ACCEPTED


def lexical_ok(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is a value of ``datatype``.

    Datatypes outside the XSD namespace (and XSD ones we do not list) are
    accepted as they are: rdflib keeps them as text and never converts them.
    """
    if not datatype.startswith(XSD):
        return True
    name = datatype[len(XSD) :]
    if name in _STRINGLIKE:
        return _COMPILED[name].fullmatch(lexical) is not None
    text = lexical.strip(" \t\r\n")
    if name in _INTEGER_RANGES:
        if not re.fullmatch(rf"[+-]?\d{{1,{MAX_DIGITS}}}", text):
            return False
        low, high = _INTEGER_RANGES[name]
        value = int(text)
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    elif name in _COMPILED:
        if len(text) > MAX_DIGITS * 2 and name in ("decimal", "double", "float"):
            return False
        if not _COMPILED[name].fullmatch(text):
            return False
        if name.startswith("date") and not _calendar_ok(text):
            return False
        if name == "base64Binary" and not _base64_ok(text):
            return False
    else:
        return True
    return _rdflib_converts(lexical, name)


def _calendar_ok(text: str) -> bool:
    """The day exists in its month (30 February does not; 29 February in leap years)."""
    import calendar

    m = re.match(r"-?(\d{4,})-(\d{2})-(\d{2})", text)
    if not m:
        return False
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    leap = calendar.isleap(year) if year else True
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days


def _base64_ok(text: str) -> bool:
    import base64
    import binascii

    compact = text.replace(" ", "")
    if len(compact) % 4:
        return False
    try:
        base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


_CONVERTERS: dict[str, Callable[[str], object] | None] = {}


def _rdflib_converts(lexical: str, name: str) -> bool:
    """Whether rdflib's own converter for the datatype takes ``lexical`` without error.

    rdflib catches a converter's exception and logs it with a traceback; running
    the converter here first means such a literal is refused instead.
    """
    if name not in _CONVERTERS:
        from rdflib import URIRef
        from rdflib.term import XSDToPython

        _CONVERTERS[name] = XSDToPython.get(URIRef(XSD + name))
    convert = _CONVERTERS[name]
    if convert is None:
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            convert(lexical)
    except Exception:  # noqa: BLE001 - any failure of a third-party converter means "not a value"
        return False
    return True


def oversized_token(path: object, text: str, limit: int) -> str:
    """The one-line error for a file holding a literal or IRI too long to parse.

    Found by a linear scan for the first stretch between quote marks (or
    between spaces) longer than ``limit``, so the message can name its line.
    """
    line, start, longest = 1, 0, 0
    for i, ch in enumerate(text):
        if ch in "\"' <>\n":
            if i - start > limit:
                longest = i - start
                break
            start = i + 1
            if ch == "\n":
                line += 1
    if not longest and len(text) - start > limit:
        longest = len(text) - start
    where = f"{path}:{line}" if longest else f"{path}"
    size = f"{longest:,}" if longest else "more than 16 MiB of"
    return (
        f"{where}: a literal or IRI of {size} characters exceeds the {limit:,}-character "
        "limit for a literal — quotes are one sentence at most"
    )


def problem_text(lexical: str, datatype: str) -> str:
    """What is wrong with an ill-typed literal and how to write it, in one phrase."""
    name = datatype[len(XSD) :] if datatype.startswith(XSD) else datatype
    shown = lexical if len(lexical) <= 60 else lexical[:57] + "..."
    examples = {
        "double": "1.5, 2E3, INF",
        "float": "1.5, 2E3, INF",
        "time": "13:45:00",
        "dateTime": "2023-08-30T13:45:00Z",
        "gYear": "2023",
        "gYearMonth": "2023-08",
        "gMonthDay": "--08-30",
        "gDay": "---30",
        "gMonth": "--08",
        "duration": "P1Y2M3DT4H, PT30M",
        "dayTimeDuration": "P3DT4H",
        "yearMonthDuration": "P1Y2M",
        "hexBinary": "0FB7",
        "base64Binary": "aGVsbG8=",
        "boolean": "true or false",
        "decimal": "12.5",
        "language": "en, fr-ML",
        "anyURI": "https://example.org/page",
    }
    if name in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[name]
        bounds = (
            ""
            if low is None and high is None
            else f" from {low}"
            if high is None
            else f" up to {high}"
            if low is None
            else f" from {low} to {high}"
        )
        return f"'{shown}' is not an xsd:{name} — write at most {MAX_DIGITS} digits{bounds}"
    example = examples.get(name)
    fix = f"write it like {example}" if example else "correct it or drop the datatype"
    return f"'{shown}' is not a valid xsd:{name} value — {fix}"
