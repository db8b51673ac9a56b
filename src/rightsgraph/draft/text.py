"""Reading a source text and splitting it into blocks and sentences with locators.

A quote must be copied verbatim, so every block and sentence keeps its offsets
in the original text and is always a slice of it. Page furniture (navigation,
comment forms, photo credits, donation appeals) is recognised and skipped, so
that no candidate claim is drafted from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 5 * 1024 * 1024  # a long report is ~200 KB of text; more is not one document

# A line that is page furniture wherever it appears.
BOILERPLATE = re.compile(
    r"^(?:skip to (?:main )?content|top of page|bottom of page|trending tags|breaking news|"
    r"table of contents|you might want to read !?|click heading to jump to section|rate this article:?|"
    r"please (?:enter|check)\b.*|looks good!?|leave the first review|share(?: this)?:?|"
    r"on \d+ (?:years?|months?|days?) ago|\d+ (?:years?|months?|weeks?|days?|hours?) ago|"
    r"home|menu|search|subscribe|donate(?: now)?|print|email|"
    r"picture: .*|photo: .*|<< photo by .*|the image is for illustrative purposes.*|"
    r".*\bcopyright\b.*\breserved\b.*|© .*|.*tax deductible gift.*|"
    r"(?-i:(?:[a-z]+ ){5,}\w+)|in [\w ]+in \w+(?: , \w+)+|[\w–-]+(?:,[\w–-]+){2,})$",
    re.IGNORECASE,
)
# A line after which the rest of the page is furniture (comments, related links).
END_MARKERS = re.compile(
    r"^(?:leave a (?:comment|reply)|post navigation|you might want to read !?|you may like|"
    r"most viewed|related (?:articles|posts|news)|commenting has been turned off\.?|"
    r"read more|comments?)$",
    re.IGNORECASE,
)
DATELINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated)(?: on)?:?\s*)?"
    r"(?:\w+ \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|\w+ \d{1,2})$",
    re.IGNORECASE,
)
ITEM = re.compile(r"^\s*(?:(\d{1,3})[.)]|[•\u2022\-*–])\s+")
SENTENCE_END = re.compile(r"[.!?:;”\"’)\]]$")
CREDIT = re.compile(r"©|\bphoto by\b|\bvia (?:AP|AFP|Getty|Reuters)\b", re.IGNORECASE)


@dataclass
class Block:
    """One paragraph, list item, heading or caption: a slice ``start:end`` of the text."""

    text: str
    start: int
    end: int
    kind: str  # title, heading, para, item, caption, dateline, boilerplate
    locator: str = ""
    number: int | None = None  # the list item's own number, when it has one
    label: str = ""  # the short list entry an item sits under ('Brazil'), if any


@dataclass
class Sentence:
    """One sentence of a body block, with the locator a quote from it gets."""

    text: str
    start: int
    end: int
    locator: str
    block: int  # index of its block in the document's blocks
    index: int = 0  # position in the document's sentences
    label: str = ""  # the list entry its item sits under, e.g. the speaker of a list


@dataclass
class Document:
    """The split text: every block (furniture included, for review) and the body sentences."""

    path: Path
    text: str
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return next((b.text for b in self.blocks if b.kind == "title"), None)

    @property
    def datelines(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "dateline"]

    def words(self) -> int:
        return len(self.text.split())


def read_source(path: Path) -> str:
    """The text of ``path``; a one-line InputError (exit 2) for anything that is not
    a plain UTF-8 text of reasonable size."""
    if not path.exists():
        raise InputError(f"{path}: no such file — give the archived plain text of the document")
    if not path.is_file():
        raise InputError(f"{path}: not a file — give the archived plain text of the document")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"{path}: {size / 1024 / 1024:.0f} MB is more than the {MAX_BYTES // 1024 // 1024} MB "
            "a single document's text can be — split it into its documents"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise InputError(
            f"{path}: a binary file, not plain text — extract the document's text first (e.g. pdftotext)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}) — "
            "convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 8:
        raise InputError(f"{path}: has control characters, not plain text — extract its text first")
    if not text.strip():
        raise InputError(f"{path}: the file is empty — give the archived text of the document")
    return text


def _raw_blocks(text: str) -> list[tuple[int, int]]:
    """Offsets of each paragraph: one per line, as archived page texts have them, except
    that a hard-wrapped line (no closing punctuation, next line in lower case) goes on."""
    spans: list[tuple[int, int]] = []
    pos = 0
    current: tuple[int, int] | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start = pos + (len(line) - len(line.lstrip()))
        end = pos + len(line.rstrip())
        pos += len(line)
        if not stripped:
            if current:
                spans.append(current)
            current = None
            continue
        wrapped = (
            current is not None
            and current[1] - current[0] >= 40
            and not SENTENCE_END.search(text[current[0] : current[1]])
            and stripped[0].islower()
            and not ITEM.match(line)
        )
        if current and wrapped:
            current = (current[0], end)
        else:
            if current:
                spans.append(current)
            current = (start, end)
    if current:
        spans.append(current)
    return spans


def _title_case(text: str) -> bool:
    long_words = [w for w in re.findall(r"[^\W\d_][\w’'‘-]*", text) if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)


def _is_heading(text: str) -> bool:
    """A short line without closing punctuation, or a longer one in Title Case."""
    words = text.split()
    if not words or len(words) > 20 or not (text[0].isupper() or text[0] in '“"'):
        return False
    bare = _strip_note(text)
    if re.search(r"[.!?:;]$", bare):
        return False
    return _title_case(bare) if (len(words) > 10 or bare.endswith(("”", '"'))) else True


def _strip_note(heading: str) -> str:
    """'Relevant information ... [108 words]' -> 'Relevant information ...'."""
    return re.sub(r"\s*\[[^\]]*\]\s*$", "", heading).strip()


def classify(text: str) -> Document:
    """Blocks with kinds and locators, then body sentences (see module docstring)."""
    doc = Document(Path(), text)
    ended = False
    for start, end in _raw_blocks(text):
        body = text[start:end]
        m = ITEM.match(body)
        content = body[m.end() :] if m else body
        line = " ".join(content.split())
        if ended:
            kind = "boilerplate"
        elif END_MARKERS.match(line) and not m:
            kind, ended = "boilerplate", True
        elif BOILERPLATE.match(line):
            kind = "boilerplate"
        elif DATELINE.match(line) and len(line.split()) <= 6:
            kind = "dateline"
        elif CREDIT.search(line) and not m:
            kind = "caption"
        elif m and len(line.split()) <= 14 and not SENTENCE_END.search(line):
            kind = "label" if m.group(1) is None else "heading"
        elif _is_heading(line) and not m:
            kind = "heading"
        else:
            kind = "item" if m else "para"
        number = int(m.group(1)) if m and m.group(1) else None
        offset = start + (m.end() if m else 0)
        doc.blocks.append(Block(text[offset:end], offset, end, kind, number=number))
    _locate(doc)
    return doc


def _locate(doc: Document) -> None:
    """Give each block its locator: 'para N' in an unsectioned text, "section 'H', para N"
    under headings, 'H1 > H2, item N' for list items, 'photo caption' for captions."""
    body_seen = False
    for b in doc.blocks:
        if b.kind in ("para", "item") and not body_seen:
            body_seen = True
        elif (
            b.kind == "heading" and not body_seen and not any(x.kind == "title" for x in doc.blocks)
        ):
            b.kind = "title"
    # sectioned when a heading falls between two body blocks
    kinds = [b.kind for b in doc.blocks if b.kind in ("para", "item", "heading")]
    first = next((i for i, k in enumerate(kinds) if k != "heading"), len(kinds))
    sectioned = "heading" in kinds[first:]
    path: list[str] = []
    parent_style = False
    para = item = 0
    label = ""
    previous = ""
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading" and sectioned:
            name = _strip_note(" ".join(b.text.split()))
            nxt = next((x for x in doc.blocks[i + 1 :] if x.kind != "boilerplate"), None)
            is_parent = b.text.rstrip().endswith("]") or (nxt is not None and nxt.kind == "heading")
            if is_parent or not path or not parent_style:
                path, parent_style = [name], is_parent
            else:
                path = [path[0], name]
            para = item = 0
            label = ""
        elif b.kind == "label":
            label = " ".join(b.text.split())
            item = 0
        elif b.kind == "para":
            para += 1
            b.locator = f"section '{path[-1]}', para {para}" if path else f"para {para}"
        elif b.kind == "item":
            item = b.number if b.number is not None and not label else item + 1
            where = " > ".join(path) if path else (previous or "list")
            if label:
                where = f"{where}: {label}"
                b.label = label
            b.locator = f"{where}, item {item}"
        elif b.kind == "caption":
            b.locator = "photo caption"
        if b.kind in ("para", "item"):
            previous = b.locator.rsplit(",", 1)[0]


def split_sentences(doc: Document) -> None:
    """Body sentences of paragraphs, items and captions (the credit line dropped)."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    for bi, b in enumerate(doc.blocks):
        if b.kind not in ("para", "item", "caption"):
            continue
        for span in segmenter.segment(b.text):
            raw = span.sent
            lead = len(raw) - len(raw.lstrip())
            s = b.start + span.start + lead
            e = b.start + span.start + len(raw.rstrip())
            sentence = doc.text[s:e]
            if not sentence or (b.kind == "caption" and CREDIT.search(sentence)):
                continue
            if BOILERPLATE.match(" ".join(sentence.split())):
                continue
            doc.sentences.append(
                Sentence(sentence, s, e, b.locator, bi, len(doc.sentences), b.label)
            )


def load_document(path: Path) -> Document:
    """Read, classify and split ``path`` (InputError for unusable files)."""
    doc = classify(read_source(path))
    doc.path = path
    split_sentences(doc)
    return doc
