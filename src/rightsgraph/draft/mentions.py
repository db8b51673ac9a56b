"""Finding the known entities a sentence names, and the names and roles it does not.

Labels and aliases come from the store the other commands read (the same
label query as ``rightsgraph.resolve``). Matching folds case and accents,
takes the longest label at each word, reads "Mali's" as "Mali" and
"peacekeepers" as "peacekeeper". Names and role phrases that match nothing
("the head of the human rights section", "Russia's UN ambassador") become
"who is this?" questions with the nearest known entities, because guessing an
identity is the curator's call.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from ..vocab import INSTANCES, ONTOLOGY, curie
from .graph import GraphView
from .lexicon import (
    COMMON_CAPS,
    DEMONYM,
    INNER_NAME,
    LOCATIVE,
    MONTHS,
    NAME_RUN,
    ROLE_PHRASE,
    STOP,
)

# which kinds of node a sentence can name, in order of preference when one name fits several
KINDS = (
    "actor",
    "incident",
    "mechanism",
    "decision",
    "meeting",
    "post",
    "place",
    "instrument",
    "doc",
)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` case- and accent-folded, with the source offset of each folded character."""
    if text.isascii():  # the common case, and one folded character per character
        return text.lower().replace("`", "'"), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c in "’‘`´":
            c = "'"
        for ch in unicodedata.normalize("NFKD", c):
            if unicodedata.combining(ch):
                continue
            for f in ch.casefold():
                out.append(f)
                where.append(i)
    return "".join(out), where


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded words with their source offsets, possessive 's dropped."""
    folded, where = fold(text)
    out: list[tuple[str, int, int]] = []
    for m in re.finditer(r"[^\W_]+", folded):
        if m.group() == "s" and m.start() > 0 and folded[m.start() - 1] == "'":
            continue
        out.append((m.group(), where[m.start()], where[m.end() - 1] + 1))
    return out


@dataclass
class Mention:
    """A known entity named in a sentence: source offsets, how it was matched, how sure."""

    iri: str
    label: str
    text: str
    start: int
    end: int
    rule: str
    confidence: float
    alternatives: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return kind_of(self.iri)


@dataclass
class Question:
    """A name or role phrase that matches no known entity: 'who is this?'."""

    text: str
    start: int
    end: int
    rule: str  # "unknown name" or "role phrase"
    nearest: list[str] = field(default_factory=list)


def kind_of(iri: str) -> str:
    return iri[len(INSTANCES) :].split("/", 1)[0] if iri.startswith(INSTANCES) else ""


class EntityIndex:
    """Every label and alias of the store's entities, keyed by first folded word."""

    def __init__(self, graph: GraphView) -> None:
        self.preferred: dict[str, str] = {}
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = {}
        self.keys: dict[str, set[str]] = {}
        for iri, text, how in graph.labels():
            if kind_of(iri) not in KINDS and how != "symbol":
                continue
            if how == "label" or iri not in self.preferred:
                self.preferred[iri] = text
            words = tuple(w for w, _, _ in tokens(text))
            if not words:
                continue
            self.by_first.setdefault(words[0], []).append((words, iri, how, text))
            self.keys.setdefault(" ".join(words), set()).add(iri)
        for entries in self.by_first.values():
            entries.sort(key=lambda e: (-len(e[0]), _rank(e[1], e[2])))
        self.states = {s for s in self.preferred if ONTOLOGY + "State" in graph.types(s)}
        self.publishers = {
            d: str(p)
            for d in self.preferred
            if kind_of(d) == "doc"
            for p in graph.values(d, "http://purl.org/dc/terms/publisher")[:1]
        }
        self.holders: dict[str, list[str]] = {}
        for holding in graph.subjects_with(ONTOLOGY + "holder"):
            for post in graph.rg(holding, "post"):
                for holder in graph.rg(holding, "holder"):
                    self.holders.setdefault(str(post), []).append(str(holder))

    def label(self, iri: str) -> str:
        return self.preferred.get(iri, curie(iri))

    def is_state(self, iri: str) -> bool:
        return iri in self.states

    def refer(
        self, text: str, offset: int, found: list[Mention], recent: list[Mention]
    ) -> list[Mention]:
        """'the panel', 'the mission': a definite noun that is a word of the name of an
        entity named earlier in the document refers to the latest such entity."""
        out: list[Mention] = []
        for m in re.finditer(r"\b[Tt]he ([a-z]{4,})\b(?!\s+(?:of|[A-Z]))", text):
            s, e = offset + m.start(), offset + m.end()
            if any(s < x.end and x.start < e for x in found):
                continue
            word = m.group(1)
            if word in STOP:
                continue
            for prior in reversed(recent[-40:]):
                words = {w for w, _, _ in tokens(prior.label)} | {
                    w for w, _, _ in tokens(prior.text)
                }
                if word in words or word.rstrip("s") in words:
                    out.append(
                        Mention(
                            prior.iri,
                            prior.label,
                            m.group(),
                            s,
                            e,
                            f"earlier mention '{prior.text}' (the {word})",
                            0.6,
                        )
                    )
                    break
        return out

    def as_place(self, text: str, offset: int, m: Mention) -> Mention:
        """'in Mali' names the place, not the state as an actor: the place when the
        name has one and follows a locative preposition."""
        places = [a for a in m.alternatives if kind_of(a) == "place"]
        before = text[: m.start - offset]
        if m.kind == "actor" and places and LOCATIVE.search(before):
            return Mention(
                places[0],
                self.label(places[0]),
                m.text,
                m.start,
                m.end,
                f"{m.rule}, a place after a preposition",
                m.confidence,
                [m.iri],
            )
        return m

    def holders_of(self, found: list[Mention]) -> list[Mention]:
        """A post with one known holder names that person too ('Mali's foreign minister');
        a document named by its alias ('OHCHR's report') names its publisher."""
        out: list[Mention] = []
        for m in found:
            if m.kind == "doc" and m.iri in self.publishers:
                p = self.publishers[m.iri]
                out.append(
                    Mention(
                        p,
                        self.label(p),
                        m.text,
                        m.start,
                        m.end,
                        f"publisher of {curie(m.iri)}",
                        0.6,
                    )
                )
            holders = sorted(set(self.holders.get(m.iri, [])))
            if m.kind == "post" and len(holders) == 1:
                out.append(
                    Mention(
                        holders[0],
                        self.label(holders[0]),
                        m.text,
                        m.start,
                        m.end,
                        f"holder of {curie(m.iri)}",
                        0.6,
                    )
                )
        return out

    def find(self, text: str, offset: int = 0) -> list[Mention]:
        """Known entities in ``text`` (offsets shifted by ``offset``), longest match first."""
        words = tokens(text)
        found: list[Mention] = []
        i = 0
        while i < len(words):
            hit = self._match_at(text, words, i)
            if hit is None:
                i += 1
                continue
            n, iri, how, label, rule = hit
            s, e = words[i][1], words[i + n - 1][2]
            same = sorted(self.keys.get(" ".join(label), set()) - {iri})
            confidence = {"label": 0.95, "symbol": 0.95, "alias": 0.9}.get(how, 0.85)
            if rule != "exact":
                confidence -= 0.1
            found.append(
                Mention(
                    iri,
                    self.label(iri),
                    text[s:e],
                    offset + s,
                    offset + e,
                    f"{how} match ({rule})",
                    round(confidence, 2),
                    same,
                )
            )
            i += n
            inner = INNER_NAME.match(found[-1].text)
            if inner is not None:
                key = " ".join(w for w, _, _ in tokens(inner.group(1)))
                named = sorted(self.keys.get(key, set()), key=lambda x: _rank(x, "label"))
                if named and named[0] != found[-1].iri:
                    # "Russia's Wagner mercenary force", "Russia-linked Wagner Group": Russia too
                    found.append(
                        Mention(
                            named[0],
                            self.label(named[0]),
                            inner.group(1),
                            offset + s,
                            offset + s + len(inner.group(1)),
                            f"named inside '{found[-1].text}'",
                            0.6,
                        )
                    )
        return found

    def _match_at(
        self, text: str, words: list[tuple[str, int, int]], i: int
    ) -> tuple[int, str, str, tuple[str, ...], str] | None:
        first = words[i][0]
        options = list(self.by_first.get(first, []))
        if not options and first.endswith("s"):
            options = [e for e in self.by_first.get(first[:-1], []) if len(e[0]) == 1]
        for label, iri, how, original in options:
            n = len(label)
            if i + n > len(words):
                continue
            got = [w for w, _, _ in words[i : i + n]]
            rule = "exact"
            if got[:-1] != list(label[:-1]):
                continue
            if got[-1] != label[-1]:
                if got[-1] in (label[-1] + "s", label[-1] + "es"):
                    rule = "plural"
                else:
                    continue
            source = text[words[i][1] : words[i + n - 1][2]]
            short = original.replace(" ", "")
            # 'US', 'UK', 'A3' only as written: 'us' is a pronoun
            as_written = source.replace(" ", "") in (short, short + "s")
            if len(short) <= 4 and any(c.isupper() for c in short) and not as_written:
                continue
            return n, iri, how, label, rule
        return None

    def nearest(self, phrase: str, mentioned: list[str], limit: int = 3) -> list[str]:
        """Known entities most like ``phrase``: by shared words, then by spelling; the
        holders of a post that fits."""
        want = {w for w, _, _ in tokens(phrase)} - STOP
        scored: list[tuple[float, str]] = []
        if want:
            for key, iris in self.keys.items():
                have = set(key.split()) - STOP
                if not have:
                    continue
                overlap = len(want & have) / len(want | have)
                if overlap >= 0.25:
                    for iri in iris:
                        scored.append((overlap, iri))
        folded = fold(phrase)[0]
        for key in difflib.get_close_matches(folded, list(self.keys), n=limit, cutoff=0.7):
            for iri in self.keys[key]:
                scored.append((0.6, iri))
        scored.sort(key=lambda t: (-t[0], t[1]))
        out: list[str] = []
        for _, iri in scored:
            for candidate in [iri, *self.holders.get(iri, [])]:
                if candidate not in out:
                    out.append(candidate)
        return out[:limit]

    def questions(self, sentence: str, offset: int, mentions: list[Mention]) -> list[Question]:
        """Unknown capitalised names and role phrases in ``sentence``."""
        covered = [(m.start - offset, m.end - offset) for m in mentions]
        out: list[Question] = []

        def free(s: int, e: int) -> bool:
            return not any(s < ce and cs < e for cs, ce in covered)

        for m in ROLE_PHRASE.finditer(sentence):
            phrase = m.group().rstrip(" ,.;")
            s, e = m.start(), m.start() + len(phrase)
            inner = [x.iri for x in mentions if s <= x.start - offset and x.end - offset <= e]
            rs, re_ = m.span("role")
            if any(x.start - offset <= rs and re_ <= x.end - offset for x in mentions):
                continue  # the role noun is part of a known name ('the panel of experts')
            out.append(
                Question(
                    phrase,
                    offset + s,
                    offset + e,
                    "role phrase",
                    self.nearest(phrase, inner),
                )
            )
            covered.append((s, e))
        for m in NAME_RUN.finditer(sentence):
            name = m.group().rstrip(".’'")
            s, e = m.start(), m.start() + len(name)
            if not free(s, e):
                continue
            words = name.split()
            before = sentence[: m.start()].rstrip()
            if (not before or before[-1] in ':>“"(') and words:
                # a capital that only starts a sentence or list item ('> Ensure', 'WPS: Detailing')
                words = words[1:]
                if words and words[0].casefold() in STOP:
                    words = words[1:]
                if not words:
                    continue
                name = " ".join(words)
                s = e - len(name)
                if sentence[s:e] != name:
                    continue
            low = [w.casefold().strip(".") for w in words]
            if all(w in COMMON_CAPS or w in MONTHS for w in low):
                continue
            if len(words) == 1 and len(name) <= 2:
                continue
            if all(DEMONYM.fullmatch(w) for w in words[-1:]) and len(words) <= 2:
                continue  # 'Malian', 'West African': an adjective, not a name
            out.append(
                Question(name, offset + s, offset + e, "unknown name", self.nearest(name, []))
            )
        for x in mentions:
            if x.kind == "post":
                out.append(
                    Question(x.text, x.start, x.end, "post named", self.holders.get(x.iri, [])[:3])
                )
        return out


def _rank(iri: str, how: str) -> tuple[int, int]:
    kind = kind_of(iri)
    return (0 if how != "alias" else 1, KINDS.index(kind) if kind in KINDS else len(KINDS))
