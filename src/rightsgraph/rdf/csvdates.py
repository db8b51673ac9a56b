"""The date columns of the CSV templates: a cell (YYYY, YYYY-MM, YYYY-MM-DD or
'unknown') becomes a ``rg:DateSpec`` node with its earliest and latest day and its
precision, so "February 2023" is never turned into a false day. A date written
any other way gets advice that names the ISO form to write instead.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..vocab import ONTOLOGY, RDF_TYPE, VOCAB, XSD

if TYPE_CHECKING:
    import rdflib

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}


def date_node(
    value: str, wording: str, col: str, problem: Any, focus: str, path: str | None
) -> list[tuple[rdflib.URIRef, rdflib.term.Node]] | None:
    """The (predicate, object) pairs of a date node, or None after reporting a problem."""
    from rdflib import Literal, URIRef

    rg = ONTOLOGY
    xsd_date = URIRef(XSD + "date")
    precision = VOCAB + "precision/"
    parts: list[tuple[URIRef, rdflib.term.Node]] = [(URIRef(RDF_TYPE), URIRef(rg + "DateSpec"))]
    if wording:
        parts.append((URIRef(rg + "dateText"), Literal(wording)))
    if value.lower() in ("", "unknown"):
        return [*parts, (URIRef(rg + "precision"), URIRef(precision + "unknown"))]
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        problem(col, date_advice(value), focus, path)
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            first = last = dt.date(year, int(month or 0), int(day))
            level = "day"
        elif month is not None:
            first = dt.date(year, int(month), 1)
            last = dt.date(year, int(month), calendar.monthrange(year, int(month))[1])
            level = "month"
        else:
            first, last, level = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError:
        problem(col, impossible_date(value), focus, path)
        return None
    return [
        (URIRef(rg + "earliest"), Literal(first.isoformat(), datatype=xsd_date)),
        (URIRef(rg + "latest"), Literal(last.isoformat(), datatype=xsd_date)),
        (URIRef(rg + "precision"), URIRef(precision + level)),
        *parts,
    ]


def impossible_date(value: str) -> str:
    """Why a YYYY-MM-DD that looks right is not a date, and what to do."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
    if m and 1 <= int(m.group(2)) <= 12 and m.group(3):
        year, month = int(m.group(1)), int(m.group(2))
        days = calendar.monthrange(year, month)[1]
        return (
            f"{value} is not a date that exists ({calendar.month_name[month]} {year} has "
            f"{days} days) — correct the day"
        )
    return f"{value} is not a date that exists (the month must be 01 to 12) — write YYYY-MM-DD"


def date_advice(value: str) -> str:
    """Advice for a date not written YYYY-MM-DD: ambiguous numeric or worded forms."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        readings = []
        for d, mo in ((a, b), (b, a)):
            with contextlib.suppress(ValueError):
                readings.append(dt.date(y, mo, d).isoformat())
        readings = list(dict.fromkeys(readings))
        example = " or ".join(readings) if readings else "YYYY-MM-DD"
        return (
            f"'{value}' is an ambiguous date format (day/month or month/day) — write it as "
            f"YYYY-MM-DD, e.g. {example}, and keep the original wording in the date text column"
        )
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)\.? (\d{4})", value)
    if m and m.group(2).lower() in MONTHS:
        iso = f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
        return (
            f"'{value}' is not an ISO date — write {iso} here and put '{value}' in the date "
            "text column"
        )
    return (
        "'" + value + "' is not an ISO date — write YYYY-MM-DD (a day), YYYY-MM (a month) or "
        "YYYY (a year), or 'unknown', and put the document's wording in the date text column"
    )
