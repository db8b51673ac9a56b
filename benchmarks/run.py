"""Ratio benchmarks of what users run: the ``rightsgraph`` command as a whole
process, each figure beside a baseline measured in the same run, printed as a
table and written to benchmarks/results/latest.json (and latest.md).

    python benchmarks/run.py                 # 1M triples (the default; long)
    python benchmarks/run.py --size 100k     # a quicker run
    python benchmarks/run.py --only embedded # one section (comma-separated: several)

Every measurement is one process (``rightsgraph ...`` or its baseline), timed
from spawn to exit, with that process's own peak RSS; each is the median of
``--repeat`` runs, interleaved with its baseline's. A measurement that overruns
``--timeout`` is killed and reported as "> limit". The commands run in their
default mode: public output, default parameters. Nothing here asserts a time:
the goals are judged in the table. ``sections.py`` and ``serving.py`` hold the
measurements, ``measure.py`` the process timing, ``table.py`` the Markdown.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sections  # noqa: E402
import table  # noqa: E402

SIZES = {"100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
# the sections in the order they run; all but the last two read the synthetic store
SECTIONS = ("build", "dataset", "queries", "commands", "serve", "validation", "startup", "embedded")
NEED_STORE = set(SECTIONS[:6])
VIOLATIONS = 50
CONTRIB_TRIPLES = 1000
CONTRIB_VIOLATIONS = 5


def prepare(size: int, seed: int, root: Path) -> Path:
    """The synthetic data folder (and a contribution beside it), regenerated only
    when the generator changed since it was written."""
    import generate

    work = root / f"rightsgraph-bench-{size}-{seed}"
    stamp = work / "generated.json"
    version = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:16]
    old = json.loads(stamp.read_text()) if stamp.exists() else {}
    if old.get("generator") != version:
        base, contrib = generate.write(
            work / "data" / "graph.nt",
            size,
            seed=seed,
            violations=VIOLATIONS,
            contribution=work / "contribution.nt",
            contribution_triples=CONTRIB_TRIPLES,
            contribution_violations=CONTRIB_VIOLATIONS,
        )
        assert contrib is not None
        stamp.write_text(
            json.dumps(
                {
                    "triples": base.triples,
                    "injected": len(base.injected),
                    "contribution_triples": contrib.triples,
                    "contribution_injected": len(contrib.injected),
                    "generator": version,
                }
            )
        )
    return work


def cli_command() -> list[str]:
    """The console script users run, from the interpreter's own environment."""
    exe = Path(sys.executable).parent / "rightsgraph"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "rightsgraph"]


def print_table(results: dict[str, Any]) -> None:
    rows = results["rows"]
    w = max(len(x["target"]) for x in rows)
    print(f"\n{table.heading(results)}")
    print(
        f"{'target':<{w}}  {'ours':>12}  {'baseline':>22}  {'ratio':>8}  "
        f"{'peak RSS':>20}  {'goal':>12}  met"
    )
    for x in rows:
        ratio = f"{x['ratio']:.2f}x" if x["ratio"] is not None else ""
        met = {True: "yes", False: "NO", None: "?"}[x["met"]] if x["goal"] else ""
        print(
            f"{x['target']:<{w}}  {x['ours']:>12}  {x['baseline']:>22}  {ratio:>8}  "
            f"{x.get('rss', ''):>20}  {x['goal']:>12}  {met}  {x['note']}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", choices=sorted(SIZES), default="1m")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs per measurement, median (default 3 at 1M and above, 5 below)",
    )
    ap.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds one process may run (default 60, 120 at 1M and above)",
    )
    ap.add_argument("--build-timeout", type=float, default=1800.0)
    ap.add_argument("--pyshacl-timeout", type=float, default=900.0)
    ap.add_argument("--skip-baselines", action="store_true", help="no pySHACL run")
    ap.add_argument(
        "--queries", default="", help="only these named queries (comma-separated; default all)"
    )
    ap.add_argument(
        "--only",
        default="",
        help=f"only these sections (comma-separated: {', '.join(SECTIONS)}; default all)",
    )
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    args = ap.parse_args(argv)
    chosen = [x for x in args.only.split(",") if x] or list(SECTIONS)
    if unknown := [x for x in chosen if x not in SECTIONS]:
        ap.error(f"--only: no section {', '.join(unknown)} — choose from {', '.join(SECTIONS)}")

    # the package as installed: pip writes its bytecode at install time, but a
    # checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every module again in
    # every measured process
    import compileall

    import rightsgraph

    compileall.compile_dir(Path(rightsgraph.__file__).parent, quiet=1)
    # a stopped run stops the process it is timing too (measure.run_once)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    size = SIZES[args.size]
    big = size >= 1_000_000
    started = time.time()

    def say(msg: str) -> None:
        print(f"[{time.time() - started:6.0f}s] {msg}", file=sys.stderr, flush=True)

    gen: dict[str, Any] = {}
    work = args.workdir  # the embedded and start-up sections read no synthetic data
    if NEED_STORE & set(chosen):
        say(f"generating {args.size} triples (seed {args.seed}) in {args.workdir}")
        work = prepare(size, args.seed, args.workdir)
        gen = json.loads((work / "generated.json").read_text())
    bench = sections.Bench(
        cli=cli_command(),
        work=work,
        repeat=args.repeat or (3 if big else 5),
        timeout=args.timeout or (120.0 if big else 60.0),
        build_timeout=args.build_timeout,
        say=say,
        only=[q for q in args.queries.split(",") if q],
    )
    if "build" in chosen:
        bench.build(repeat=1 if big else 3)
    elif NEED_STORE & set(chosen):  # the store they read, built untimed unless current
        bench.ensure_built()
    if NEED_STORE & set(chosen):
        bench.dataset()
    if "queries" in chosen:
        bench.queries()
    if "commands" in chosen:
        bench.commands()
    if "serve" in chosen:
        bench.serve(requests=3 if big else 5)
    if "validation" in chosen:
        bench.validation(
            repeat=1 if big else 3,
            pyshacl_timeout=None if args.skip_baselines else args.pyshacl_timeout,
        )
    if "startup" in chosen:
        bench.startup(repeat=10)
    if "embedded" in chosen:
        bench.embedded(repeat=3)

    results = {
        "size": args.size,
        "seed": args.seed,
        "generated": gen,
        "dataset": bench.dataset_note,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "rows": bench.rows,
        "raw": bench.raw,
        "seconds": time.time() - started,
    }
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # the record names the scratch folder W, not this machine's path to it
    text = json.dumps(results, indent=1).replace(str(work), "W")
    args.out.write_text(text.replace(str(args.workdir), "TMP"))
    args.out.with_suffix(".md").write_text(table.markdown(results))
    say(f"written {args.out} and {args.out.with_suffix('.md').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
