"""The benchmark table as Markdown, from a results file written by ``run.py``.

    python benchmarks/table.py                         # benchmarks/results/latest.json
    python benchmarks/table.py path/to/results.json

``run.py`` writes ``latest.md`` beside ``latest.json`` with this same table, so the
figures in the README and docs/scale.md can be pasted from a run, never typed in.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MET = {True: "yes", False: "**no**", None: "?"}


def markdown(results: dict[str, Any]) -> str:
    """One row per target: what we measured, its baseline from the same run, the ratio."""
    gen = results["generated"]
    machine = results["machine"]
    seed = f" (seed {results['seed']})" if "seed" in results else ""
    lines = [
        f"{gen['triples']:,} synthetic triples{seed}, "
        f"{machine['cpus']} CPUs, Python {machine['python']}, "
        f"load average {machine['load_average'][0]:.1f} at the end of the run.",
        "",
        "| target | ours | baseline (same run) | ratio | goal | met | note |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for row in results["rows"]:
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else ""
        cells = [
            row["target"],
            row["ours"],
            row["baseline"],
            ratio,
            row["goal"].replace(">=", "≥").replace("<=", "≤"),
            MET[row["met"]],
            row["note"],
        ]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else HERE / "results" / "latest.json"
    sys.stdout.write(markdown(json.loads(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
