"""The words drafting reads by: verbs that decide a claim's class and stance, the
stop words and role nouns of name matching, and where a sentence's clauses break.

Kept apart from the code so that a curator who finds a missed verb or a false
name knows the one place to add it.
"""

from __future__ import annotations

import re

STOP = set(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "for",
        "and",
        "on",
        "in",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "our",
        "un",
    ]
)
MONTHS = set(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
COMMON_CAPS = set(
    [
        "the",
        "in",
        "on",
        "at",
        "as",
        "it",
        "he",
        "she",
        "they",
        "this",
        "these",
        "those",
        "a",
        "an",
        "despite",
        "meanwhile",
        "similarly",
        "however",
        "also",
        "and",
        "but",
        "after",
        "before",
        "during",
        "while",
        "when",
        "where",
        "there",
        "here",
        "our",
        "its",
        "his",
        "her",
        "their",
        "ultimately",
        "therefore",
        "further",
        "below",
        "above",
        "additional",
        "recommendations",
        "if",
        "of",
        "for",
        "by",
        "with",
        "mr",
        "mrs",
        "ms",
        "h.e",
        "dr",
    ]
)
ROLE = (
    r"(?:head|chief|spokesperson|spokesman|spokeswoman|minister|ambassador|envoy|president|"
    r"director|commissioner|representative|secretary|rapporteur|commander|leader|officials?|"
    r"investigators|monitors|observers|expert|experts)"
)
ROLE_PHRASE = re.compile(
    r"(?:\b(?:the|its|their|his|her)\s+|\b[A-Z][\w-]+[’']s\s+)"
    r"(?:[\w-]+\s+){0,3}?(?P<role>" + ROLE + r")\b"
    r"(?:\s+(?:of|to|for|on)\s+(?:the\s+)?[\w’'-]+(?:\s+(?:(?:of|to|for|on|in|the|and)\b|[\w’'-]+)){0,8})?"
)
LOCATIVE = re.compile(
    r"\b(?:in|across|within|throughout|inside|near|in central)\s+(?:the\s+)?$", re.I
)
INNER_NAME = re.compile(r"^((?:the\s+)?[A-Z]\w+(?:\s[A-Z]\w+)*)(?:['’‘]s\s|-linked\s|-backed\s)")
DEMONYM = re.compile(r"[A-Z]\w*(?:ian|ean|can|ese|ish|ch)")
NAME_RUN = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|for|and|on|de|al)\s+)?[A-Z][\w’'.-]*)*")


# (pattern, claim class, stance, rule name, confidence); the first that matches at a place wins
TRIGGERS: list[tuple[str, str, str, str, float]] = [
    (
        r"vetoed|vetoes|veto of|veto move|blocked the extension|blocks extension",
        "Veto",
        "asserts",
        "veto verb",
        0.8,
    ),
    (r"abstain(?:ed|s)?|abstention", "Vote", "asserts", "abstention verb", 0.75),
    (r"voted (?:for|in favour)", "Vote", "asserts", "vote verb", 0.6),
    (
        r"rejected|rejects|rejecting|dismissing|dismissed",
        "Rejection",
        "rejects",
        "rejection verb",
        0.85,
    ),
    (r"denied|denies|denying", "Rejection", "denies", "denial verb", 0.7),
    (r"disputed|disputes|disputing", "Rejection", "disputes", "dispute verb", 0.7),
    (
        r"called (?:for|on|upon|to)|calls (?:for|on|upon)|calling (?:for|on)|urged|urges|urging|"
        r"demanded|demanding|advocated|encouraged|requested|press(?:ed)? (?:the )?\w+ authorities",
        "Recommendation",
        "calls-for",
        "call verb",
        0.75,
    ),
    (
        r"should|must|it is crucial for|it is essential that|it is essential for",
        "Recommendation",
        "calls-for",
        "modal verb",
        0.6,
    ),
    (
        r"recommended|recommends|recommendations? (?:by|from|offered)",
        "Recommendation",
        "recommends",
        "recommendation verb",
        0.75,
    ),
    (
        r"expelled|expel|ordered [^.]{0,220}? to leave|revoked its consent",
        "Involvement",
        "asserts",
        "expulsion verb",
        0.7,
    ),
    (r"welcomed|welcomes", "Statement", "welcomes", "welcome verb", 0.8),
    (
        r"expressed concerns?|was (?:deeply )?concerned|were concerned|was (?:also )?alarmed|"
        r"express(?:ed)? (?:its |their )?concerns?",
        "Statement",
        "expresses-concern",
        "concern verb",
        0.8,
    ),
    (r"accused|accusing|accuses", "Statement", "asserts", "accusation verb", 0.75),
    (
        r"said|says|stated|states that|stating|noted|notes|added|told|reported|reports|documented|"
        r"pointed out|described|echoed|justified|highlighted|denounced|warned|announced|"
        r"released a statement|published|indicated|referred to|addressed|reiterated|investigated|"
        r"expressed the view|considered|criticized|criticised|deems|deemed|regards",
        "Statement",
        "asserts",
        "reporting verb",
        0.7,
    ),
]
SPACE = r"\s+"  # archived pages have no-break spaces between words
TRIGGER = re.compile(
    "|".join(
        f"(?P<t{i}>\\b(?:{p.replace(' ', SPACE)})\\b)" for i, (p, *_rest) in enumerate(TRIGGERS)
    ),
    re.IGNORECASE,
)
IMPERATIVE = re.compile(
    r"^(?:Pursue|Do|Strengthen|Take|Criminalize|Combat|Guarantee|Adopt|Implement|Continue|Ensure|"
    r"Ratify|Consider|Improve|Sign|Provide|Conduct|Enact|Cease|Fully|Protect|Investigate|Establish|"
    r"End|Prevent|Release|Allow|Promote|Respect|Publish|Prosecute|Increase|Abolish|Repeal)\b"
)
OBJECT_OF = re.compile(
    r"\b(?:by|against|of|on|to|with|from|for|at|in|and)\s+(?:the\s+|its\s+|their\s+)?$", re.I
)
ATTRIBUTION = re.compile(r"[”\"],?\s+(?P<verb>said|says|added|stated|told)\s+(?=[A-Z])")
POSSESSOR = re.compile(r"^['’‘]s\s+\w")  # 'Mali's Minister': Mali is not the subject
SUBORDINATE = re.compile(
    r",\s+(?:after|when|because|since|while|before|although|though|whereas)\s+"
)
PARTICIPLE = re.compile(r"^\s*(?:\w+ing|while \w+ing)\b", re.I)
PRONOUN = re.compile(
    r"^\s*(?:he|she|it|they|its|the (?:minister|official|government|council))\b", re.I
)
CLAUSE_CUT = re.compile(
    r";\s+|,\s+(?:and|while|but|whereas)\s+|\s+and\s+(?=\w+ed\b)|,\s+(?=\w+ing\b)"
)
ACTOR_KINDS = ("actor",)
MEASURES = [
    (r"killed|killing|mortalit|deaths|dead|massacre", "people-killed"),
    (r"raped|sexual violence", "sexual-violence-victims"),
    (r"personnel", "personnel"),
    (r"sanction", "individuals-sanctioned"),
    (r"backing|in favour|unanimous|members", "votes-in-favour"),
    (r"requests", "requests-denied"),
    (r"incidents", "incidents"),
    (r"officials|expelled", "officials-expelled"),
]


Clauses = list[tuple[tuple[int, int], re.Match[str] | None]]


def clauses(text: str, hits: list[re.Match[str]]) -> Clauses:
    """The sentence cut between consecutive verbs at the last clause boundary between them;
    a main clause without a verb of the lexicon before a subordinate one is a clause too."""
    if not hits:
        return [((0, len(text)), None)]
    lead = None
    for m in SUBORDINATE.finditer(text, 0, hits[0].start()):
        lead = m
    if lead is not None and lead.start() > 20:
        return [((0, lead.start()), None), *_clauses_from(text, hits, lead.start() + 1)]
    return _clauses_from(text, hits, 0)


def _clauses_from(text: str, hits: list[re.Match[str]], begin: int) -> Clauses:
    # keep one verb per stretch: a later verb right after an earlier one is the same clause
    kept: list[re.Match[str]] = []
    for h in hits:
        if kept and not CLAUSE_CUT.search(text, kept[-1].end(), h.end()):
            continue
        kept.append(h)
    cuts = [begin]
    for prev, nxt in zip(kept, kept[1:], strict=False):
        last = None
        for m in CLAUSE_CUT.finditer(text, prev.end(), nxt.end()):
            if m.start() >= nxt.start():
                break
            last = m
        cuts.append(last.end() if last else nxt.start())
    cuts.append(len(text))
    return [((cuts[i], cuts[i + 1]), h) for i, h in enumerate(kept)]
