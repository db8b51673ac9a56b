"""Counts with their qualifier and bounds, as the Count claim records them.

"more than 500" is more-than with lower bound 501; "at least 58" is at-least
58; "approximately 15,000" is a best estimate; "four out of five" and "13 out of
15" are exact counts out of a total; "eight people" is exact. Years, days,
document symbols, paragraph and resolution numbers are not counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
QUALIFIERS: list[tuple[str, str]] = [
    (r"more than|over|in excess of|upwards of", "more-than"),
    (r"at least|no fewer than|no less than|a minimum of", "at-least"),
    (
        r"approximately|about|around|some|nearly|almost|roughly|an estimated|an estimate of",
        "approximately",
    ),
    (r"up to|at most|no more than|a maximum of", "at-most"),
    (r"fewer than|less than", "fewer-than"),
]
QUALIFIED = re.compile(
    r"\b(?P<q>" + "|".join(q for q, _ in QUALIFIERS) + r")\s+(?P<n>" + NUMBER + r")\b(?![-/])",
    re.IGNORECASE,
)
OUT_OF = re.compile(
    r"\b(?P<n>" + NUMBER + r")\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m>" + NUMBER + r")\b(?![-/])",
    re.IGNORECASE,
)
MAGNITUDE = re.compile(
    r"\b(?P<n>hundreds|thousands|dozens|tens of thousands)\s+of\b", re.IGNORECASE
)
PLAIN = re.compile(r"(?<![\w/.-])(?P<n>" + NUMBER + r")\s+(?P<noun>[A-Za-z][\w-]*)", re.IGNORECASE)
UNANIMOUS = re.compile(r"\bunanimously\b", re.IGNORECASE)
NOT_AFTER = re.compile(
    r"(?:resolution|para|paragraph|article|item|op|section|page|no\.|number|protocol|of the|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\s*$",
    re.IGNORECASE,
)
NOT_BEFORE = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "words", "percent", "per", "years", "year", "months",
    "month", "days", "day", "weeks", "hours", "times", "and", "or", "to", "of",
}  # fmt: skip
COUNTABLE = re.compile(
    r"(?:people|persons|individuals|civilians|women|girls|men|boys|children|members|officials|"
    r"personnel|troops|soldiers|fighters|victims|deaths|mortalities|killings|incidents|cases|"
    r"requests|villages|states|countries|refugees|detainees|journalists|peacekeepers)$",
    re.IGNORECASE,
)
MAGNITUDES = {"dozens": (24, 99), "hundreds": (200, 999), "thousands": (2000, 9999)}


@dataclass
class CountFound:
    """A figure in the text and the bounds its wording allows."""

    text: str
    start: int
    end: int
    qualifier: str  # exactly, more-than, at-least, approximately, at-most, order-of-magnitude
    lower: int | None
    upper: int | None
    best: int | None
    rule: str
    confidence: float
    out_of: int | None = None
    note: str = ""


def number(text: str) -> int | None:
    """'15,000' -> 15000, 'eight' -> 8, 'twenty-five' is not handled (None)."""
    t = text.casefold().replace(",", "")
    if t.isdigit():
        return int(t)
    return UNITS.get(t)


def _is_year(value: int, raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2099


def _noun_phrase(text: str, end: int) -> int:
    """The end of the words after a figure up to the counted noun ('women and girls',
    'armed and civilian personnel'), at most six words; the first word when none fits."""
    words = list(re.finditer(r"[\w’'-]+", text[end:]))[:6]
    last = None
    gap_start = 0
    for w in words:
        if text[end + gap_start : end + w.start()].strip(" "):
            break  # punctuation: the phrase is over
        gap_start = w.end()
        if COUNTABLE.search(w.group()):
            last = w
            nxt = text[end + w.end() :].lstrip(" ")
            if not nxt.startswith("and "):
                break
    if last is not None:
        return end + last.end()
    return end + words[0].end() if words and not text[end : end + words[0].start()].strip() else end


def read_counts(text: str, offset: int = 0) -> list[CountFound]:
    """Every count in ``text`` (a sentence), in order."""
    found: list[CountFound] = []
    taken: list[tuple[int, int]] = []

    def add(c: CountFound, s: int, e: int) -> None:
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        c.start, c.end = offset + s, offset + e
        c.text = text[s:e]
        found.append(c)

    for m in OUT_OF.finditer(text):
        n, total = number(m["n"]), number(m["m"])
        if n is None or total is None or n > total or _is_year(total, m["m"]):
            continue
        e = _noun_phrase(text, m.end())
        add(CountFound("", 0, 0, "exactly", n, n, None, "N out of M", 0.9, total), m.start(), e)
    for m in QUALIFIED.finditer(text):
        n = number(m["n"])
        if n is None or _is_year(n, m["n"]):
            continue
        q = next(name for pat, name in QUALIFIERS if re.fullmatch(pat, m["q"], re.IGNORECASE))
        e = _noun_phrase(text, m.end())
        rule = f"'{m['q'].casefold()} N'"
        if q == "more-than":
            c = CountFound(
                "",
                0,
                0,
                q,
                n + 1,
                None,
                None,
                rule,
                0.9,
                note=f"more than {n}: lower bound {n + 1}",
            )
        elif q == "at-least":
            c = CountFound("", 0, 0, q, n, None, None, rule, 0.9)
        elif q == "approximately":
            c = CountFound("", 0, 0, q, None, None, n, rule, 0.85)
        elif q == "at-most":
            c = CountFound("", 0, 0, q, None, n, None, rule, 0.85)
        else:
            c = CountFound(
                "",
                0,
                0,
                "at-most",
                None,
                n - 1,
                None,
                rule,
                0.8,
                note=f"fewer than {n}: upper bound {n - 1}",
            )
        add(c, m.start(), e)
    for m in MAGNITUDE.finditer(text):
        lo, hi = MAGNITUDES.get(m["n"].casefold(), (20000, 99999))
        e = _noun_phrase(text, m.end())
        add(
            CountFound(
                "", 0, 0, "order-of-magnitude", lo, hi, None, f"'{m['n'].casefold()} of'", 0.6
            ),
            m.start(),
            e,
        )
    for m in PLAIN.finditer(text):
        n = number(m["n"])
        noun = m["noun"].casefold()
        if n is None or noun in NOT_BEFORE or NOT_AFTER.search(text[: m.start()]):
            continue
        if _is_year(n, m["n"]) and not COUNTABLE.search(noun):
            continue
        if text[m.end("n") : m.end("n") + 1] == "-" or (
            m["n"].isdigit() and n < 2 and not COUNTABLE.search(noun)
        ):
            continue
        e = _noun_phrase(text, m.end("n"))
        sure = 0.8 if COUNTABLE.search(text[m.end("n") : e]) else 0.5
        add(CountFound("", 0, 0, "exactly", n, n, None, "N + noun", sure), m.start(), e)
    for m in UNANIMOUS.finditer(text):
        add(
            CountFound(
                "", 0, 0, "exactly", 15, 15, None, "'unanimously'", 0.5,
                note="unanimously: all 15 members if it is a Security Council vote — check",
            ),
            m.start(),
            m.end(),
        )  # fmt: skip
    found.sort(key=lambda c: c.start)
    return found
