"""Text that is safe to show, and text that must not enter the graph.

One sanitiser for everything the tool prints (review, errors, tables,
provenance): a label or quote comes from whoever wrote the file, and a terminal
acts on what it is sent. ``visible`` shows every control and invisible character
as an escape (``\\x1b``, ``\\u200f``), so an ANSI sequence cannot erase a line of a
review and a right-to-left override cannot reorder one.

The checks on literals live here too, so that what is refused and what is shown
escaped are the same sets:

- control characters (C0 except tab, line feed and the CR of a CRLF, DEL, C1)
  are refused in every literal: XML cannot carry them (GraphML, GEXF, RDF/XML
  exports would not be well-formed) and no honest text needs them;
- the Unicode ``Default_Ignorable_Code_Point`` set (zero-width characters, soft
  hyphen, bidirectional controls, variation selectors, tag characters...) is
  what makes two names look the same while being different, so names may not
  hold any of it;
- look-alikes: a name is reduced to a *skeleton* (NFKC, case-folded, ignorables
  dropped, the Cyrillic and Greek letters that look like Latin ones mapped to
  them). Two names with the same skeleton look the same to a reader. A word that
  mixes Latin letters with Cyrillic or Greek ones is refused outright: real
  names in this field do not, spoofed ones do. This is the mixed-script rule of
  Unicode TR39 restricted to the scripts whose letters are confused with Latin,
  written with the standard library so that it needs no data download.

``spreadsheet_safe`` is the one rule for CSV/TSV cells (OWASP "CSV injection").
"""

from __future__ import annotations

import re
import unicodedata

# DerivedCoreProperties.txt, Default_Ignorable_Code_Point (Unicode 15.1)
DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def is_default_ignorable(ch: str) -> bool:
    """Whether ``ch`` is in Unicode's Default_Ignorable_Code_Point set (drawn as nothing)."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in DEFAULT_IGNORABLE)


def is_control(ch: str) -> bool:
    """C0 (tab and line feed aside), DEL and C1 controls: refused in literals."""
    cp = ord(ch)
    return (cp < 0x20 and ch not in "\t\n") or 0x7F <= cp <= 0x9F


def _escape(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x100:
        return f"\\x{cp:02x}"
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


def _needs_escape(ch: str, keep_newlines: bool) -> bool:
    cp = ord(ch)
    if ch in "\n\t":
        return not keep_newlines
    if cp < 0x20 or 0x7F <= cp <= 0x9F or cp in (0x2028, 0x2029):
        return True
    if cp < 0xA0:
        return False
    if is_default_ignorable(ch):
        return True
    # unassigned, private-use and surrogate code points: nothing honest to draw
    return unicodedata.category(ch) in ("Cn", "Co", "Cs")


_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe to print: every control and invisible character as its escape.

    One line unless ``keep_newlines`` (then line feeds and tabs stay as they are).

    A backslash is left alone, so ordinary text prints unchanged; what an escape
    stands for is always a character that a terminal would otherwise act on or
    draw as nothing.
    """
    if text.isascii() and text.isprintable():
        return text
    # only the distinct characters outside printable ASCII need judging: a line of
    # prose has a handful
    if not any(_needs_escape(c, keep_newlines) for c in set(text).difference(_PRINTABLE_ASCII)):
        return text
    return "".join(_escape(c) if _needs_escape(c, keep_newlines) else c for c in text)


def control_characters(text: str) -> list[str]:
    """The control characters of ``text`` that a literal may not hold (CR of CRLF allowed)."""
    found = []
    for i, ch in enumerate(text):
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            continue
        if is_control(ch):
            found.append(ch)
    return found


def invisible_characters(text: str) -> list[str]:
    """The Default_Ignorable code points of ``text`` (zero-width, bidi, soft hyphen...)."""
    return [c for c in text if ord(c) >= 0xA0 and is_default_ignorable(c)]


def bidi_controls(text: str) -> list[str]:
    """Bidirectional controls: they reorder what a reader sees, in any literal."""
    return [c for c in text if ord(c) in BIDI_CONTROLS]


def has_letter_or_digit(text: str) -> bool:
    """Whether ``text`` has something a reader can see and read: a letter or a digit."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


# letters of other scripts drawn like Latin ones (after case folding)
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "ë",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ї": "ï",
        "ј": "j",
        "ѕ": "s",
        "һ": "h",
        "ԁ": "d",
        "ӏ": "l",
        "ү": "y",
        "ԛ": "q",
        "ԝ": "w",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "ζ": "z",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "μ": "m",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
    }
)
CONFUSED_SCRIPTS = ("CYRILLIC", "GREEK")


def skeleton(text: str) -> str:
    """What a name looks like: equal skeletons are names a reader cannot tell apart."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in text if not is_default_ignorable(c))
    text = unicodedata.normalize("NFC", text.translate(_LOOKALIKES))
    return " ".join(text.split())


def script_of(ch: str) -> str | None:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK...)."""
    if not ch.isalpha():
        return None
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return None


def mixed_script_word(text: str) -> str | None:
    """The first word that mixes Latin letters with Cyrillic or Greek ones, if any."""
    for word in re.findall(r"\w+", text):
        scripts = {script_of(c) for c in word} - {None}
        if "LATIN" in scripts and scripts & set(CONFUSED_SCRIPTS):
            return word
    return None


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")  # -5 is a number, not a formula


def spreadsheet_safe(cell: str, term: bool = False) -> str:
    """A CSV/TSV cell a spreadsheet will not run: formula-like text gets a leading '.

    OWASP's rule: a cell starting with = + - @ tab or carriage return is taken as
    a formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)`` leaks
    data, ``=cmd|...`` runs a program). The quote makes it text; readers of the
    file see the value with a leading '. A plain number (-5, +1.5E3) is left as it
    is. ``term`` is for SPARQL TSV, whose cells are N-Triples terms: spreadsheets
    drop the surrounding double quotes of ``"=1+1"``, so the ' goes inside them.
    """
    if term and cell.startswith('"'):
        inner = cell[1:]
        if inner.startswith(FORMULA_START) and not _NUMBER.match(inner.split('"', 1)[0]):
            return "\"'" + inner
        return cell
    if cell.startswith(FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
