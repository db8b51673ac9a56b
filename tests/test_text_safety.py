"""Properties of the sanitiser, the look-alike rule, the CSV rule and the literal table.

hypothesis draws any Unicode text (derandomized, so a run is reproducible) and
checks what must hold for every input, against the Unicode database of the
running Python rather than against examples chosen by hand.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_corpus import DATATYPES as FUZZ_DATATYPES
from rightsgraph.rdf.literals import XSD, lexical_ok
from rightsgraph.text import (
    DEFAULT_IGNORABLE,
    control_characters,
    invisible_characters,
    is_default_ignorable,
    mixed_script_word,
    skeleton,
    spreadsheet_safe,
    visible,
)

PROPERTY = settings(max_examples=300, derandomize=True, deadline=None)
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=80)


# --- the sanitiser -------------------------------------------------------------


@PROPERTY
@given(ANY_TEXT)
def test_visible_text_has_nothing_a_terminal_acts_on(text: str) -> None:
    shown = visible(text)
    for ch in shown:
        cp = ord(ch)
        assert not (cp < 0x20 or 0x7F <= cp <= 0x9F), ascii(shown)
        assert not is_default_ignorable(ch), ascii(shown)
        assert unicodedata.category(ch) not in ("Cn", "Co", "Cs", "Zl", "Zp"), ascii(shown)


@PROPERTY
@given(st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=80))
def test_visible_leaves_ordinary_text_alone(text: str) -> None:
    assert visible(text) == text


@PROPERTY
@given(ANY_TEXT)
def test_visible_keeps_one_line_and_is_idempotent(text: str) -> None:
    shown = visible(text)
    assert "\n" not in shown and "\r" not in shown
    assert visible(shown) == shown


def test_visible_shows_each_escape_by_its_code() -> None:
    assert visible("a\x1b[2Kb") == "a\\x1b[2Kb"
    assert visible("FAMa\u200f") == "FAMa\\u200f"
    assert visible("x\U000e0041") == "x\\U000e0041"
    assert visible("line\nbreak", keep_newlines=True) == "line\nbreak"


def test_default_ignorable_table_covers_the_format_characters() -> None:
    """Every Cf character is Default_Ignorable except the ones Unicode excludes:
    prepended concatenation marks, interlinear annotation, Egyptian format controls
    and a few visible formatting marks (the list of DerivedCoreProperties.txt)."""
    visible_cf = {
        *range(0x0600, 0x0606),
        0x06DD,
        0x070F,
        0x0890,
        0x0891,
        0x08E2,
        0x110BD,
        0x110CD,
        *range(0xFFF9, 0xFFFC),
        *range(0x13430, 0x13456),
        *range(0x1BCA0, 0x1BCA4),  # in our table: shorthand format controls are ignorable
    }
    missing = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf"
        and cp not in visible_cf
        and not is_default_ignorable(chr(cp))
    ]
    assert missing == []
    # and the table holds no character a reader can see
    for lo, hi in DEFAULT_IGNORABLE:
        for cp in (lo, hi):
            assert unicodedata.category(chr(cp)) in ("Cf", "Mn", "Lo", "Cn", "So"), hex(cp)


@PROPERTY
@given(ANY_TEXT)
def test_control_and_invisible_checks_agree_with_the_sanitiser(text: str) -> None:
    """What the literal checks refuse is exactly what ``visible`` would escape."""
    text = text.replace("\r", "")  # a CR is allowed only before a LF: tested below
    flagged = set(control_characters(text)) | set(invisible_characters(text))
    escaped = {c for c in text if visible(c) != c and c != "\n"}
    # shown escaped but not refused: tabs, unassigned or private code points, separators
    shown_only = {
        c
        for c in escaped
        if (unicodedata.category(c) in ("Cn", "Co", "Cs") and not is_default_ignorable(c))
        or c in "\t\u2028\u2029"
    }
    assert flagged == escaped - shown_only


def test_carriage_return_only_as_part_of_crlf() -> None:
    assert control_characters("line\r\nnext") == []
    assert control_characters("over\rwrite") == ["\r"]


# --- look-alikes -------------------------------------------------------------------


@PROPERTY
@given(
    st.text(st.characters(categories=("Lu", "Ll"), max_codepoint=0x7F), min_size=1, max_size=20),
    st.data(),
)
def test_a_name_hidden_or_spoofed_has_the_same_skeleton(name: str, data: st.DataObject) -> None:
    spoof = {
        "a": "\u0430",
        "e": "\u0435",
        "o": "\u043e",
        "p": "\u0440",
        "c": "\u0441",
        "x": "\u0445",
        "i": "\u0456",
    }
    hidden = data.draw(st.sampled_from(["\u00ad", "\u200b", "\u200f", "\u2064", "\ufeff"]))
    at = data.draw(st.integers(0, len(name)))
    assert skeleton(name[:at] + hidden + name[at:]) == skeleton(name)
    swapped = "".join(spoof.get(c, c) for c in name)
    assert skeleton(swapped) == skeleton(name)
    if swapped != name and any(c in spoof for c in name.lower()) and len(set(swapped)) > 1:
        latin_left = any(c.isascii() for c in swapped)
        assert (mixed_script_word(swapped) is not None) == latin_left


@pytest.mark.parametrize(
    "name", ["Ménaka", "Forces Armées Maliennes", "Группа Вагнера", "مجموعة فاغنر", "G5 Sahel"]
)
def test_honest_names_are_not_mixed_script(name: str) -> None:
    assert mixed_script_word(name) is None


# --- spreadsheet formulas ----------------------------------------------------------


FORMULA = ("=", "+", "-", "@", "\t", "\r")


@PROPERTY
@given(st.one_of(ANY_TEXT, st.from_regex(r"[=+\-@\t\r].{0,20}", fullmatch=True)))
def test_no_cell_starts_a_formula(text: str) -> None:
    cell = spreadsheet_safe(text)
    assert not cell.startswith(FORMULA) or _is_number(cell), repr(cell)
    assert cell.endswith(text)  # nothing is lost: the value follows the quote
    term = spreadsheet_safe('"' + text + '"', term=True)
    assert not term[1:].startswith(FORMULA) or _is_number(text.split('"', 1)[0]), repr(term)


def _is_number(text: str) -> bool:
    """A plain number (-5, +1.5E3) is left as it is: it is no formula."""
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- the literal table ---------------------------------------------------------------

# the fuzz corpus's datatypes, and the integer and string types it does not vary
DATATYPES = [
    *FUZZ_DATATYPES,
    "int",
    "long",
    "short",
    "nonNegativeInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
]


@PROPERTY
@given(st.sampled_from(DATATYPES), st.text(st.characters(codec="utf-8"), max_size=30))
def test_what_the_table_accepts_rdflib_converts_silently(datatype: str, lexical: str) -> None:
    """The table's promise: an accepted literal never makes rdflib log a warning."""
    import logging

    from rdflib import Literal, URIRef

    if not lexical_ok(lexical, XSD + datatype):
        return
    records: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Catch()
    logger = logging.getLogger("rdflib")
    logger.addHandler(handler)
    try:
        lit = Literal(lexical, datatype=URIRef(XSD + datatype))
        assert lit.ill_typed is not True, (datatype, lexical)
    finally:
        logger.removeHandler(handler)
    assert records == [], (datatype, lexical, [r.getMessage() for r in records])


NEAR_VALID = {
    "duration": r"-?P(\d{1,3}[YMDW])*(T(\d{1,2}(\.\d)?[HMS])*)?",
    "dayTimeDuration": r"-?P(\d{1,3}[YMD])*(T(\d{1,2}[HMS])*)?",
    "time": r"\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?",
    "date": r"-?\d{4,5}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?",
    "dateTime": r"-?\d{4,5}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?",
    "gYearMonth": r"-?\d{4,5}-\d{2}(Z)?",
    "gYear": r"-?\d{4,5}(Z)?",
    "double": r"[+-]?\d{0,3}(\.\d{0,3})?([eE][+-]?\d{1,4})?|[+-]?INF|NaN",
    "hexBinary": r"[0-9a-fA-Fg]{0,6}",
    "base64Binary": r"[A-Za-z0-9+/= ]{0,12}",
}


@settings(max_examples=600, derandomize=True, deadline=None)
@given(
    st.sampled_from(sorted(NEAR_VALID)).flatmap(
        lambda d: st.tuples(st.just(d), st.from_regex(NEAR_VALID[d], fullmatch=True))
    )
)
def test_near_valid_forms_are_refused_or_converted_silently(pair: tuple[str, str]) -> None:
    """Forms close to the lexical space, where rdflib's converters are most likely to fail."""
    datatype, lexical = pair
    test_what_the_table_accepts_rdflib_converts_silently.hypothesis.inner_test(  # type: ignore[attr-defined]
        datatype, lexical
    )


@PROPERTY
@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_integer_ranges(value: int) -> None:
    ranges = {
        "byte": (-128, 127),
        "unsignedByte": (0, 255),
        "short": (-(2**15), 2**15 - 1),
        "int": (-(2**31), 2**31 - 1),
        "long": (-(2**63), 2**63 - 1),
        "unsignedLong": (0, 2**64 - 1),
        "positiveInteger": (1, None),
        "negativeInteger": (None, -1),
        "nonNegativeInteger": (0, None),
        "nonPositiveInteger": (None, 0),
    }
    for name, (low, high) in ranges.items():
        inside = (low is None or value >= low) and (high is None or value <= high)
        assert lexical_ok(str(value), XSD + name) == inside, (name, value)


@pytest.mark.parametrize(
    ("datatype", "good", "bad"),
    [
        ("double", ["1.5", "-2E3", "INF", "NaN", ".5"], ["many", "1,5", "1e", "inf"]),
        ("time", ["13:45:00", "00:00:00Z", "23:59:59.5+01:00"], ["25:99", "13:45", "1:00:00"]),
        ("hexBinary", ["", "0FB7", "ff"], ["zz", "0FB", "0x0F"]),
        ("duration", ["P1Y", "PT30M", "-P1DT2H", "P0D"], ["P1X", "P", "PT", "P1W", "1Y"]),
        ("dayTimeDuration", ["P1D", "PT1H"], ["P1Y", "P1M"]),
        ("yearMonthDuration", ["P1Y2M"], ["P1D", "PT1H"]),
        ("date", ["2024-02-29", "2023-08-30Z"], ["2023-02-29", "2023-13-01", "0000-01-01"]),
        ("dateTime", ["2023-08-30T13:45:00"], ["2023-08-30", "2023-08-30T24:00:00"]),
        ("gYearMonth", ["2023-08"], ["2023-13", "2023"]),
        ("gMonthDay", ["--08-30"], ["08-30", "--13-01"]),
        ("gDay", ["---30"], ["---32", "30"]),
        ("gMonth", ["--08"], ["--13", "08"]),
        ("base64Binary", ["aGVsbG8=", ""], ["aGVsbG8", "!!!!"]),
        ("boolean", ["true", "0"], ["yes", "True"]),
        ("language", ["en", "fr-ML"], ["en_US", ""]),
        ("integer", ["501", "+3", "9" * 100], ["over 500", "9" * 101, "1.0"]),
    ],
)
def test_literal_table_examples(datatype: str, good: list[str], bad: list[str]) -> None:
    for lexical in good:
        assert lexical_ok(lexical, XSD + datatype), lexical
    for lexical in bad:
        assert not lexical_ok(lexical, XSD + datatype), lexical


def test_fast_validator_uses_the_same_table() -> None:
    from rightsgraph.validation.shacl_eval import well_formed

    for lexical in ("P1X", "P1Y", "25:99", "zz", "1.5", "many"):
        for datatype in ("duration", "time", "hexBinary", "double"):
            assert well_formed(lexical, XSD + datatype) == lexical_ok(lexical, XSD + datatype)
