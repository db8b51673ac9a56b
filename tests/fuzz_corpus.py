"""A seeded corpus of hostile contributions, written at test time (never committed).

    python tests/fuzz_corpus.py FOLDER [COUNT] [SEED]

Each file starts from a case of the hostile corpus (tests/bad/) or a good
contribution (tests/contrib/good/) and gets a few seeded mutations aimed at the
protections of SECURITY.md: control, invisible and look-alike characters in
literals, IRIs of other schemes, ill-typed literals of every XSD datatype,
numbers of thousands of digits, ontology and access-level triples, and plain
byte damage (flips, cuts, duplicated spans). The same seed gives the same files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted(
    p
    for folder in (REPO / "tests" / "bad", REPO / "tests" / "contrib" / "good")
    for p in folder.iterdir()
    if p.suffix in (".ttl", ".csv", ".jsonld") and p.stat().st_size < 200_000
)
CHARACTERS = [
    "\x00",
    "\x07",
    "\x1b[2K",
    "\x1b]0;title\x07",
    "\r",
    "\x85",
    "\u00ad",
    "\u200b",
    "\u200d",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u2064",
    "\ufeff",
    "\U000e0041",
    "\u0430",
    "\u0435",
    "\u03bf",
    "\ud7ff",
    "\ufffd",
]
DATATYPES = [
    "double",
    "float",
    "time",
    "dateTime",
    "date",
    "gYear",
    "gYearMonth",
    "gMonthDay",
    "gDay",
    "gMonth",
    "duration",
    "dayTimeDuration",
    "yearMonthDuration",
    "hexBinary",
    "base64Binary",
    "boolean",
    "decimal",
    "integer",
    "byte",
    "unsignedLong",
    "positiveInteger",
    "anyURI",
    "language",
]
LEXICALS = [
    "",
    " ",
    "x",
    "1",
    "-0",
    "P1X",
    "P1W",
    "25:99",
    "24:00:00",
    "zz",
    "0000-01-01",
    "2023-02-30",
    "INF",
    "1e99999",
    "9" * 5000,
    "--13",
    "---32",
    "T",
    "NaN",
    "true ",
]
SCHEMES = [
    "mailto:x@example.org",
    "javascript:alert(9)",
    "data:text/html,x",
    "ftp://h/x",
    "tag:example.org,2023:x",
    "x:y",
    "file:///etc/passwd",
    "urn:x:y",
]
TRIPLES = [
    "rg:Document rdfs:subClassOf rg:Claim .",
    "rg:Evil a owl:Class .",
    "<https://evil.example/S> a sh:NodeShape ; sh:targetClass rg:Actor .",
    "stance:rejects skos:broader stance:affirming .",
    "actor:fama rg:accessLevel access:restricted .",
    'actor:fama rdfs:label "Wagner Group"@en .',
    "actor:fama a rg:NGO .",
    "<https://w3id.org/rightsgraph/id/actor/fama> owl:sameAs actor:wagner-group .",
]
PREFIXES = (
    "@prefix rg: <https://w3id.org/rightsgraph/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .\n"
    "@prefix stance: <https://w3id.org/rightsgraph/vocab/stance/> .\n"
    "@prefix access: <https://w3id.org/rightsgraph/vocab/access/> .\n"
)


def _escape(ch: str, turtle: bool) -> str:
    """In Turtle a character goes in as \\u escape half the time (the parser decodes it)."""
    if turtle and ch.isprintable() is False and len(ch) == 1:
        return f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"
    return ch


def _mutate(text: str, rng: random.Random, suffix: str) -> str:
    turtle = suffix == ".ttl"
    op = rng.choice(["char", "char", "typed", "iri", "triple", "digits", "flip", "cut", "dup"])
    quotes = [i for i, c in enumerate(text) if c == '"'] or [len(text) // 2]
    at = rng.choice(quotes) + 1 if op in ("char", "digits") else rng.randrange(len(text) + 1)
    if op == "char":
        ch = rng.choice(CHARACTERS)
        return text[:at] + (_escape(ch, turtle) if rng.random() < 0.5 else ch) + text[at:]
    if op == "digits":
        return text[:at] + "9" * rng.choice([101, 4301, 5000]) + text[at:]
    if turtle and op in ("typed", "iri", "triple"):
        if op == "typed":
            lexical = rng.choice(LEXICALS)
            line = f'actor:fama rdfs:comment "{lexical}"^^xsd:{rng.choice(DATATYPES)} .'
        elif op == "iri":
            line = f"actor:fama rdfs:seeAlso <{rng.choice(SCHEMES)}> ."
        else:
            line = rng.choice(TRIPLES)
        return PREFIXES + text + "\n" + line + "\n"
    raw = bytearray(text.encode("utf-8"))
    if op == "flip" and raw:
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    elif op == "cut" and raw:
        del raw[rng.randrange(len(raw)) :]
    elif raw:
        i = rng.randrange(len(raw))
        raw[i:i] = raw[i : i + rng.randrange(1, 200)]
    return raw.decode("utf-8", errors="surrogateescape")


def write_corpus(folder: Path, count: int = 200, seed: int = 17) -> list[Path]:
    """``count`` mutated files in ``folder`` (same seed, same files)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        source = SEEDS[i % len(SEEDS)]
        text = source.read_text(encoding="utf-8", errors="replace")
        for _ in range(rng.randint(1, 3)):
            text = _mutate(text, rng, source.suffix)
        path = folder / f"fuzz-{i:03d}-{source.stem[:40]}{source.suffix}"
        path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
        out.append(path)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1])
    files = write_corpus(
        target,
        int(sys.argv[2]) if len(sys.argv) > 2 else 200,
        int(sys.argv[3]) if len(sys.argv) > 3 else 17,
    )
    print(f"{len(files)} files in {target}")
