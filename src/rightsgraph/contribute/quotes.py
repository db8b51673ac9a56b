"""Checking quotes against the archived texts of the documents they cite.

Each evidence record carries a verbatim ``rg:quote`` from its ``rg:document``;
each document names its archived text with ``rg:archivedCopy`` (a file name in
the sources folder) — the mapping is data, not code. A quote passes when it
occurs in that text up to whitespace, case and typographic quote marks; one
that does not is listed with the closest passage found, so the fix is usually a
matter of copying the passage back.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..vocab import ONTOLOGY, curie

if TYPE_CHECKING:
    import rdflib

QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
    }
)


def normalise(text: str) -> str:
    """Fold what copying between formats changes: whitespace, case, quote marks."""
    text = unicodedata.normalize("NFC", text).translate(QUOTE_MARKS)
    return " ".join(text.casefold().split())


@dataclass
class QuoteCheck:
    """The outcome for one evidence record's quote."""

    evidence: str
    document: str
    quote: str
    status: str  # "ok", "missing", "no-archive", "archive-not-found"
    archived_copy: str | None = None
    closest: str | None = None
    similarity: float | None = None
    file: str | None = None
    line: int | None = None

    def render(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else ""
        head = f"{where}{curie(self.evidence)}"
        if self.status == "missing":
            return (
                f"{head}: quote not found in {self.archived_copy} ({curie(self.document)}) — "
                f'copy it verbatim; closest passage ({self.similarity:.0%} alike): "{self.closest}"'
            )
        if self.status == "no-archive":
            return (
                f"{head}: {curie(self.document)} has no rg:archivedCopy — "
                "add the file name of its archived text to check this quote"
            )
        if self.status == "archive-not-found":
            return (
                f"{head}: archived copy {self.archived_copy} of {curie(self.document)} is not in "
                "the sources folder — add the file or correct rg:archivedCopy"
            )
        return f"{head}: ok"


@dataclass
class QuoteReport:
    """Every checked quote; ``failed`` are the ones that make the command exit 1."""

    checks: list[QuoteCheck] = field(default_factory=list)

    @property
    def failed(self) -> list[QuoteCheck]:
        return [c for c in self.checks if c.status in ("missing", "archive-not-found")]

    @property
    def unchecked(self) -> list[QuoteCheck]:
        return [c for c in self.checks if c.status == "no-archive"]

    def to_dict(self) -> dict[str, object]:
        return {
            "checked": len(self.checks),
            "ok": sum(1 for c in self.checks if c.status == "ok"),
            "failed": len(self.failed),
            "unchecked": len(self.unchecked),
            "quotes": [asdict(c) for c in self.checks],
        }

    def to_text(self) -> str:
        lines = [c.render() for c in self.failed + self.unchecked]
        ok = sum(1 for c in self.checks if c.status == "ok")
        lines.append(
            f"{len(self.checks)} quote(s): {ok} found, {len(self.failed)} not found, "
            f"{len(self.unchecked)} without an archived copy"
        )
        return "\n".join(lines)


# the bounded search for the closest passage: a fixed number of sampled k-grams
# of the quote, each looked up at most MAX_HITS times, vote for where the quote
# would start (a k-gram found too often says nothing, so a longer one is tried);
# only the best CANDIDATES places are scored. The cost is linear in the size of
# the text and in the length of the quote, whatever the quote is.
GRAMS = (8, 16, 32)
SAMPLES = 48
MAX_HITS = 64
CANDIDATES = 8
EXACT_SCORE_LIMIT = 600  # longer quotes are scored by shared trigrams, not difflib


def _trigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 3] for i in range(len(text) - 2))


def _similarity(window: str, quote: str, quote_grams: Counter[str] | None) -> float:
    """How alike two strings are, 0..1: difflib's ratio for a sentence, trigram Dice beyond."""
    if quote_grams is None:
        return difflib.SequenceMatcher(None, window, quote, autojunk=False).ratio()
    grams = _trigrams(window)
    total = sum(grams.values()) + sum(quote_grams.values())
    return 2 * sum((grams & quote_grams).values()) / total if total else 0.0


def _hits(text: str, gram: str) -> list[int] | None:
    """Where ``gram`` occurs in ``text``; None when more than MAX_HITS times."""
    found: list[int] = []
    pos = text.find(gram)
    while pos >= 0:
        if len(found) == MAX_HITS:
            return None
        found.append(pos)
        pos = text.find(gram, pos + 1)
    return found


def closest_passage(quote: str, text: str) -> tuple[str, float]:
    """The passage of ``text`` (already normalised) most like ``quote``, and how alike.

    A bounded search (see GRAMS, SAMPLES, MAX_HITS, CANDIDATES): time linear in
    ``len(text) + len(quote)``, so an invented 80,000-character quote cannot make
    the check hang.
    """
    n = len(quote)
    if not text or not quote:
        return "", 0.0
    bucket = min(GRAMS[0], n)
    votes: Counter[int] = Counter()
    for i in range(SAMPLES):
        for k in GRAMS:
            k = min(k, n)
            off = (i * (n - k)) // max(1, SAMPLES - 1)
            hits = _hits(text, quote[off : off + k])
            if hits is not None:
                for pos in hits:
                    votes[max(0, pos - off) // bucket] += 1
                break
            if k == n:
                break
    starts = [b * bucket for b, _ in votes.most_common(CANDIDATES)]
    if not starts:  # nothing shared: a few evenly spaced windows
        step = max(1, (len(text) - n) // (CANDIDATES - 1)) if len(text) > n else 1
        starts = list(range(0, max(1, len(text) - n + 1), step))[:CANDIDATES]
    quote_grams = _trigrams(quote) if n > EXACT_SCORE_LIMIT else None
    shifts = (0,) if quote_grams else (-bucket, -bucket // 2, 0, bucket // 2, bucket)
    best = ("", 0.0)
    for start in starts:
        for shift in shifts:
            s = max(0, start + shift)
            window = text[s : s + n]
            ratio = _similarity(window, quote, quote_grams)
            if ratio > best[1]:
                best = (window, ratio)
    passage, ratio = best
    return passage.strip(), ratio


def check_quotes(
    graph: rdflib.Graph,
    sources: Path,
    only: set[str] | None = None,
    locations: dict[str, tuple[Path, int]] | None = None,
) -> QuoteReport:
    """Check every rg:quote in ``graph`` (or only the evidence IRIs in ``only``)."""
    from rdflib import URIRef

    if not sources.is_dir():
        raise InputError(f"{sources}: no such folder — give the folder of archived source texts")
    quote_p = URIRef(ONTOLOGY + "quote")
    doc_p = URIRef(ONTOLOGY + "document")
    copy_p = URIRef(ONTOLOGY + "archivedCopy")
    texts: dict[str, str | None] = {}
    report = QuoteReport()
    for ev, quote in sorted(graph.subject_objects(quote_p), key=lambda t: (str(t[0]), str(t[1]))):
        if only is not None and str(ev) not in only:
            continue
        for doc in graph.objects(ev, doc_p) or [None]:
            loc = (locations or {}).get(str(ev))
            check = QuoteCheck(
                str(ev),
                str(doc),
                str(quote),
                "ok",
                file=str(loc[0]) if loc else None,
                line=loc[1] if loc else None,
            )
            report.checks.append(check)
            copy = next(iter(graph.objects(doc, copy_p)), None) if doc is not None else None
            if copy is None:
                check.status = "no-archive"
                continue
            name = str(copy)
            check.archived_copy = name
            if name not in texts:
                path = sources / name
                texts[name] = (
                    normalise(path.read_text(encoding="utf-8", errors="replace"))
                    if path.is_file() and Path(name).name == name
                    else None
                )
            text = texts[name]
            if text is None:
                check.status = "archive-not-found"
                continue
            wanted = normalise(str(quote))
            if wanted and wanted in text:
                continue
            check.status = "missing"
            check.closest, check.similarity = closest_passage(wanted, text)
    return report


def verify_quotes(
    sources: Path, files: list[Path] | None = None, data_dir: Path | None = None
) -> QuoteReport:
    """Check the quotes of the whole graph, or only those of the given files.

    Contribution files are read together with the data folder, so their quotes
    may cite documents (and archived copies) declared there.
    """
    from ..rdf.files import data_files, load_sourced
    from ..validation.files import load_target

    existing = [
        f
        for f in data_files(data_dir)
        if not files or f.resolve() not in {p.resolve() for p in files}
    ]
    sourced = load_sourced(existing)
    only: set[str] | None = None
    if files:
        only = set()
        for f in files:
            parsed, problems = load_target(f, data_dir)
            if parsed is None:
                raise InputError(problems[0].render() if problems else f"{f}: cannot be read")
            sourced.graph += parsed.graph
            for iri, line in parsed.subject_lines.items():
                sourced.locations[iri] = (f, line)
            only |= {str(s) for s in parsed.graph.subjects(None, None)}
    return check_quotes(sourced.graph, sources, only, sourced.locations)
