"""The benchmark's process measurements: each process's own peak RSS, a killed
process reported as over its limit, and the table built from the results."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import measure  # noqa: E402
import rows  # noqa: E402
import table  # noqa: E402

ALLOCATE = "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); print(len(b))"


def test_peak_rss_is_each_process_own() -> None:
    big = measure.run_once([sys.executable, "-c", ALLOCATE], timeout=60)
    small = measure.run_once([sys.executable, "-c", "print(1)"], timeout=60)
    assert big.rc == 0 and big.out.strip() == str(200 * 1024 * 1024)
    assert big.rss_mb >= 200
    # a later, small process does not inherit the first one's high-water mark
    assert small.rss_mb < 100


def test_peak_rss_is_not_the_benchmarks_own() -> None:
    held = bytearray(300 * 1024 * 1024)
    held[::4096] = b"x" * len(held[::4096])  # this process now holds 300 MB
    small = measure.run_once([sys.executable, "-c", "print(1)"], timeout=60)
    assert small.rc == 0 and small.rss_mb < 100
    del held


def test_overrun_is_killed_and_reported_as_over_the_limit() -> None:
    got = measure.measure(
        {"slow": [sys.executable, "-c", "import time; time.sleep(30)"]}, k=3, timeout=0.5
    )["slow"]
    assert "timeout" in got and "seconds" not in got
    assert got["runs"] == [None]  # not run again after it overran
    assert measure.show(got).startswith("> ")


def test_median_of_interleaved_runs() -> None:
    got = measure.measure(
        {"a": [sys.executable, "-c", "print('a')"], "b": [sys.executable, "-c", "print('b')"]},
        k=3,
        timeout=60,
        budget=1e9,
    )
    assert [len(got[n]["runs"]) for n in "ab"] == [3, 3]
    assert got["a"]["out"].strip() == "a" and got["b"]["out"].strip() == "b"
    assert sorted(got["a"]["runs"])[1] == got["a"]["seconds"]


def test_cli_rows_reads_the_table_footer() -> None:
    assert rows.cli_rows("x | y\n--+--\n1 | 2\n(1 row)") == 1
    assert rows.cli_rows("a\n(353 rows)\n") == 353
    assert rows.cli_rows("(no results)\n") == 0
    assert rows.cli_rows("error: nothing") is None


def test_ratio_bounds_when_one_side_timed_out() -> None:
    r, why = rows.ratio({"timeout": 60.0}, {"seconds": 2.0})
    assert r == 30.0 and "lower bound" in why
    r, why = rows.ratio({"seconds": 3.0}, {"seconds": 2.0})
    assert r == 1.5 and why == ""


def test_table_and_summary() -> None:
    table_rows = [
        {"target": "query a: CLI / raw pyoxigraph", "ours": "2.0 s", "baseline": "1.0 s",
         "ratio": 2.0, "goal": "<= 1.5x", "met": False, "note": "", "rss": "70 / 30 MB"},
        {"target": "query b: CLI / raw pyoxigraph", "ours": "> 60 s", "baseline": "1.0 s",
         "ratio": 60.0, "goal": "<= 1.5x", "met": False, "note": "ours timed out: ratio is a lower bound",
         "rss": "90 / 30 MB"},
        {"target": "stats: CLI / raw pyoxigraph", "ours": "1.0 s", "baseline": "0.5 s",
         "ratio": 2.0, "goal": "", "met": None, "note": "", "rss": "50 / 30 MB"},
    ]  # fmt: skip
    results = {
        "generated": {"triples": 1000},
        "machine": {"cpus": 2, "python": "3.11", "load_average": [1.0, 1.0, 1.0]},
        "dataset": "Raw baselines query the public dataset.",
        "rows": table_rows,
    }
    md = table.markdown(results)
    assert "1,000 synthetic triples" in md and "public dataset" in md
    assert "| query b: CLI / raw pyoxigraph | > 60 s | 1.0 s | 60.00× | 90 / 30 MB | ≤ 1.5x |" in md
    folded = table.summary(results)["rows"]
    assert [r["target"] for r in folded] == [
        "named queries: CLI / raw pyoxigraph",
        "stats: CLI / raw pyoxigraph",
    ]
    assert folded[0]["ratio"] == 60.0
    assert folded[0]["note"] == "0 of 2 queries meet it; worst: b (a lower bound); 1 timed out"
