"""The benchmark table as Markdown, from a results file written by ``run.py``.

    python benchmarks/table.py                         # benchmarks/results/latest.json
    python benchmarks/table.py path/to/results.json
    python benchmarks/table.py --summary               # one row per target (the README's table)

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


def heading(results: dict[str, Any]) -> str:
    """What was measured on what: size, seed, machine, and which graphs the raw
    baselines read."""
    gen = results["generated"]
    machine = results["machine"]
    seed = f" (seed {results['seed']})" if "seed" in results else ""
    data = f"{gen['triples']:,} synthetic triples{seed}" if gen else "the project's data"
    text = (
        f"{data}, "
        f"{machine['cpus']} CPUs, Python {machine['python']}, "
        f"load average {machine['load_average'][0]:.1f} at the end of the run."
    )
    if results.get("dataset"):
        text += " " + results["dataset"]
    if results.get("seconds"):
        text += f" The run took {results['seconds'] / 60:.1f} min."
    return text


def markdown(results: dict[str, Any]) -> str:
    """One row per target: what we measured, its baseline from the same run, the
    ratio, and the peak RSS of both processes."""
    lines = [
        heading(results),
        "",
        "| target | ours | baseline (same run) | ratio | peak RSS (ours / baseline) | goal | met | note |",
        "|---|---:|---:|---:|---:|---|---|---|",
    ]
    for row in results["rows"]:
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else ""
        cells = [
            row["target"],
            row["ours"],
            row["baseline"],
            ratio,
            row.get("rss", ""),
            row["goal"].replace(">=", "≥").replace("<=", "≤"),
            MET[row["met"]] if row["goal"] else "",
            row["note"],
        ]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def summary(results: dict[str, Any]) -> dict[str, Any]:
    """The same results with the per-query rows folded into one row per target:
    the worst query's ratio, and how many queries met the goal."""
    rows: list[dict[str, Any]] = []
    folded: dict[str, list[dict[str, Any]]] = {}
    for row in results["rows"]:
        target = row["target"]
        if target.startswith("query "):
            kind = target.split(": ", 1)[1]
            if kind not in folded:
                folded[kind] = []
                rows.append({"target": f"named queries: {kind}", "fold": kind})
            folded[kind].append(row)
        else:
            rows.append(row)
    out = []
    for row in rows:
        if "fold" not in row:
            out.append(row)
            continue
        group = folded[row["fold"]]
        # every folded ratio is ours / baseline: the largest is the worst
        measured = [r for r in group if r["ratio"] is not None]
        worst = max(measured, key=lambda r: r["ratio"]) if measured else None
        met = sum(1 for r in group if r["met"])
        out.append(
            {
                "target": row["target"],
                "ours": worst["ours"] if worst else "",
                "baseline": worst["baseline"] if worst else "",
                "ratio": worst["ratio"] if worst else None,
                "rss": worst.get("rss", "") if worst else "",
                "goal": group[0]["goal"],
                "met": met == len(group) if all(r["met"] is not None for r in group) else None,
                "note": (
                    f"{met} of {len(group)} queries meet it; worst: "
                    + (worst["target"].split(": ")[0].removeprefix("query ") if worst else "-")
                    + (" (a lower bound)" if worst and "lower bound" in worst["note"] else "")
                    + _timed_out(group)
                ),
            }
        )
    return {**results, "rows": out}


def _timed_out(group: list[dict[str, Any]]) -> str:
    """'; N timed out' for the rows of a group whose ours side did not finish."""
    n = sum(1 for r in group if r["ours"].startswith(">"))
    return f"; {n} timed out" if n else ""


def main(argv: list[str]) -> int:
    fold = "--summary" in argv
    args = [a for a in argv if a != "--summary"]
    path = Path(args[0]) if args else HERE / "results" / "latest.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    sys.stdout.write(markdown(summary(results) if fold else results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
