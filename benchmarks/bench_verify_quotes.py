"""verify-quotes against a long invented quote: the closest-passage search is bounded.

    .venv/bin/python benchmarks/bench_verify_quotes.py [SOURCE_BYTES]

Writes a seeded 1 MB archived text (default) and a data folder whose one
evidence record quotes something the text does not hold, then times the real
command (``rightsgraph verify-quotes`` as a subprocess) for quotes of 100
(the baseline), 4,000, 10,000 and 81,000 characters. Prints each time and its
ratio to the baseline, so runs on different machines compare as ratios. A
search that grew with the square of the quote would show ratios in the
hundreds at 10,000 characters; a linear one stays within a small factor.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "the",
    "panel",
    "said",
    "forces",
    "village",
    "killed",
    "people",
    "report",
    "council",
    "mission",
    "human",
    "rights",
    "security",
    "mali",
    "investigation",
    "civilians",
    "armed",
    "group",
    "operation",
    "market",
    "witnesses",
]


def source_text(size: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + ". "
        out.append(sentence)
        length += len(sentence)
    return "".join(out)[:size]


def invented_quote(chars: int, seed: int) -> str:
    """Words from the same vocabulary in an order the text never has."""
    rng = random.Random(seed)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < chars:
        words.append(rng.choice(WORDS)[::-1])
    return " ".join(words)[:chars]


def near_miss(text: str, chars: int) -> str:
    """A passage of the text with every 40th character changed: found nearly everywhere."""
    passage = list(text[len(text) // 3 : len(text) // 3 + chars])
    for i in range(0, len(passage), 40):
        passage[i] = "#"
    return "".join(passage)


def write_data(folder: Path, quote: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.ttl").write_text(
        "@prefix rg: <https://w3id.org/rightsgraph/ontology#> .\n"
        "@prefix doc: <https://w3id.org/rightsgraph/id/doc/> .\n"
        "@prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .\n"
        'doc:bench a rg:Document ; rg:archivedCopy "bench.txt" .\n'
        f'ev:bench a rg:Evidence ; rg:document doc:bench ; rg:quote "{quote}" .\n',
        encoding="utf-8",
    )


def time_command(data: Path, sources: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "rightsgraph", "--data", str(data), "verify-quotes"]
        + ["--sources", str(sources)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 1 or "quote not found" not in result.stdout:
        raise SystemExit(f"unexpected result ({result.returncode}): {result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = root / "sources"
        sources.mkdir()
        text = source_text(size)
        (sources / "bench.txt").write_text(text, encoding="utf-8")
        print(f"source: {size:,} characters")
        baseline = None
        for chars in (100, 4_000, 10_000, 81_000):
            for kind, quote in (
                ("invented", invented_quote(chars, seed=chars)),
                ("near-miss", near_miss(text, chars)),
            ):
                data = root / f"data-{kind}-{chars}"
                write_data(data, quote)
                elapsed = min(time_command(data, sources) for _ in range(2))
                baseline = baseline or elapsed
                print(
                    f"{kind:>9} quote {chars:>6,} chars: {elapsed:6.2f} s  "
                    f"({elapsed / baseline:4.1f}x the 100-character baseline)"
                )


if __name__ == "__main__":
    main()
