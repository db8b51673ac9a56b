"""Which lexical forms are values of their XSD datatype: the one table that the
loader, the validators and the CLI share, so a literal is either refused
everywhere or accepted everywhere (rdflib would log a traceback for each bad value).
"""

from __future__ import annotations

import re

from ..vocab import XSD as _XSD

INTEGER_TYPES = {  # also read by the fast validator (validation/shacl_eval.py)
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
    "unsignedByte",
}


def lexical_ok(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is a value of ``datatype``, for the XSD types we use.

    Checked here rather than by rdflib, which logs a traceback for each bad value;
    unknown datatypes are accepted.
    """
    import datetime as dt

    if not datatype.startswith(_XSD):
        return True
    name = datatype[len(_XSD) :]
    text = lexical.strip()
    if name == "date":
        m = re.fullmatch(r"(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?", text)
        if not m:
            return False
        try:
            dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return False
        return True
    if name == "dateTime":
        m = re.fullmatch(
            r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?", text
        )
        if not m:
            return False
        try:
            y, mo, d, h, mi, sec = (int(m.group(i)) for i in range(1, 7))
            dt.datetime(y, mo, d, h, mi, min(sec, 59))
        except ValueError:
            return False
        return True
    if name in INTEGER_TYPES:
        return re.fullmatch(r"[+-]?\d+", text) is not None
    if name == "decimal":
        return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text) is not None
    if name == "boolean":
        return text in ("true", "false", "1", "0")
    if name == "gYear":
        return re.fullmatch(r"-?\d{4,}", text) is not None
    if name == "gYearMonth":
        return re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) is not None
    return True
