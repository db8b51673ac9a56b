"""Dates in the document's own words, with precision and bounds (a DateSpec).

"On 16 June 2023" is a day; "In February" is a month whose year comes from the
nearest full date before it in the document (or the document's date), with a
note saying so; "early 2022" is a range (January to April); "by December 31" is
a deadline (its latest day). The wording is always kept. ``dateparser`` reads
the day expressions ("16 June 2023", "September 21, 2023"), so that formats and
impossible days are handled by a maintained parser, never by hand.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
LEAD = r"(?:(?:[Oo]n|[Ii]n|[Aa]lso in|[Bb]y|[Uu]ntil|[Ss]ince|[Bb]efore|[Aa]fter|[Ff]rom|[Dd]uring|published on|dated)\s+)?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "day range",
        re.compile(LEAD + r"between (\d{1,2}) and (\d{1,2}) (" + MONTH + r") (\d{4})\b"),
    ),
    ("day month year", re.compile(LEAD + r"(\d{1,2}) (" + MONTH + r"),? (\d{4})\b")),
    ("month day year", re.compile(LEAD + r"(" + MONTH + r") (\d{1,2}),? (\d{4})\b")),
    (
        "part of year",
        re.compile(r"(?:[Ii]n |[Bb]y )?(?:the )?([Ee]arly|[Mm]id-?|[Ll]ate|[Ee]nd of) ?(\d{4})\b"),
    ),
    ("month year", re.compile(LEAD + r"(" + MONTH + r") (\d{4})\b")),
    ("day month", re.compile(LEAD + r"(\d{1,2}) (" + MONTH + r")\b(?! \d{4})")),
    ("month day", re.compile(LEAD + r"(" + MONTH + r") (\d{1,2})\b(?!,? \d{4})(?!\d)")),
    (
        "month",
        re.compile(
            r"(?:[Ii]n (?:its |the |their )?|[Aa]lso in |[Ss]ince |[Bb]y |[Uu]ntil |[Dd]uring |"
            r"upcoming |begin in |recorded in )(" + MONTH + r")\b(?! \d)"
        ),
    ),
    ("year", re.compile(r"(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom) ((?:19|20)\d{2})\b(?![-/])")),
]
PARTS = {"early": (1, 4), "mid": (5, 8), "mid-": (5, 8), "late": (9, 12), "end of": (10, 12)}


@dataclass
class DateFound:
    """A date expression and the DateSpec it stands for."""

    text: str
    start: int
    end: int
    precision: str  # day, month, year, range, unknown
    earliest: dt.date | None
    latest: dt.date | None
    rule: str
    confidence: float
    note: str = ""

    def iso(self) -> str:
        """The CSV template's date cell: YYYY-MM-DD, YYYY-MM or YYYY (empty for ranges)."""
        if self.earliest is None:
            return ""
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":
            return self.earliest.isoformat()[:7]
        if self.precision == "year":
            return str(self.earliest.year)
        return ""


def _day(text: str) -> dt.date | None:
    """A day expression read by dateparser; None for an impossible day."""
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )
    return parsed.date() if parsed else None


def _month(year: int, name: str) -> tuple[dt.date, dt.date]:
    number = list(calendar.month_name).index(name)
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


class DateReader:
    """Reads the dates of one document in order, remembering the last full year seen,
    so that 'In February' after 'February 7, 2023' is February 2023."""

    def __init__(self, document_date: dt.date | None = None) -> None:
        self.document_date = document_date
        self.last_year: tuple[int, str, int] | None = None
        self.block = -1

    def _year(self) -> tuple[int | None, str]:
        """The year for a date without one: the document's date, else the latest year of
        the full dates before it (a text reports the past, so its latest year is nearest)."""
        if self.document_date is not None:
            y = self.document_date.year
            return y, f"year {y} taken from the document date"
        if self.last_year is not None:
            year, source, _ = self.last_year
            return year, f"year {year} taken from '{source}' earlier in the document"
        return None, "the text gives no year — add it or leave the date unknown"

    def read(self, text: str, offset: int = 0, block: int = -1) -> list[DateFound]:
        """Every date expression in ``text`` (a sentence of paragraph ``block``), in order."""
        self.block = block
        taken: list[tuple[int, int]] = []
        found: list[DateFound] = []
        for rule, pattern in PATTERNS:
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                date = self._interpret(rule, m)
                if date is None:
                    continue
                taken.append((m.start(), m.end()))
                date.start, date.end = offset + m.start(), offset + m.end()
                found.append(date)
        found.sort(key=lambda d: d.start)
        for d in found:
            full = d.precision in ("day", "month") and d.rule.endswith("year")
            if (
                full
                and d.earliest
                and (self.last_year is None or d.earliest.year >= self.last_year[0])
            ):
                self.last_year = (d.earliest.year, d.text, block)
        return found

    def _interpret(self, rule: str, m: re.Match[str]) -> DateFound | None:
        words = m.group()
        lead = words.split(" ", 1)[0]
        deadline = lead.casefold() in ("by", "until")
        note = f"deadline: '{lead}' gives the latest date" if deadline else ""
        g = m.groups()
        if rule == "day range":
            first, last = _day(f"{g[0]} {g[2]} {g[3]}"), _day(f"{g[1]} {g[2]} {g[3]}")
            if not first or not last:
                return None
            return DateFound(words, 0, 0, "range", first, last, rule, 0.9, note)
        if rule in ("day month year", "month day year"):
            day = _day(" ".join(g))
            if day is None:
                return None
            return DateFound(words, 0, 0, "day", day, day, rule, 0.95, note)
        if rule == "part of year":
            part, in_year = g[0].casefold(), int(g[1])
            lo, hi = PARTS[part]
            first, _ = _month(in_year, calendar.month_name[lo])
            _, last = _month(in_year, calendar.month_name[hi])
            return DateFound(
                words, 0, 0, "range", first, last, rule, 0.8, f"'{g[0]}' read as months {lo}-{hi}"
            )
        if rule == "month year":
            first, last = _month(int(g[1]), g[0])
            return DateFound(words, 0, 0, "month", first, last, rule, 0.95, note)
        if rule == "year":
            y = int(g[0])
            return DateFound(
                words, 0, 0, "year", dt.date(y, 1, 1), dt.date(y, 12, 31), rule, 0.85, note
            )
        year, why = self._year()
        if rule in ("day month", "month day"):
            day_text, month_name = (g[0], g[1]) if rule == "day month" else (g[1], g[0])
            if year is None:
                return DateFound(words, 0, 0, "unknown", None, None, rule, 0.5, why)
            day = _day(f"{day_text} {month_name} {year}")
            if day is None:
                return None
            return DateFound(
                words, 0, 0, "day", day, day, rule, 0.75, "; ".join(filter(None, [note, why]))
            )
        if rule == "month":
            if year is None:
                return DateFound(words, 0, 0, "unknown", None, None, rule, 0.5, why)
            first, last = _month(year, g[0])
            return DateFound(words, 0, 0, "month", first, last, rule, 0.75, why)
        return None
