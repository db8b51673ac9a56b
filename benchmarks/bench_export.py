"""Export benchmark: a seeded synthetic network of 50,000 nodes written as HTML
(and GraphML), and the page's time to interactive in headless Chromium, each
reported as a ratio to a 1,000-node baseline measured in the same run.

    .venv/bin/python benchmarks/bench_export.py [--nodes 50000] [--baseline 1000]

"Interactive" is the page's own signal: sigma's first frame has been drawn and
every handler (search, filters, clicks) is attached (``window.rgReady``). A
search for a label and the selection of the result are timed as well.
Needs /usr/bin/chromium (run .ci/install-system-deps); the page's JavaScript ships in the package.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GROUPS = ["actor", "incident", "meeting", "place", "mechanism", "decision", "document"]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic(n: int, seed: int = 42) -> Any:
    """A decorated network like the real one: groups, dates, claims, contested edges."""
    import networkx as nx

    from rightsgraph.export.evidence import ClaimInfo, EvidenceIndex, Record
    from rightsgraph.export.layout import positions
    from rightsgraph.export.legend import legend

    rng = random.Random(seed)
    lg = legend()
    g = nx.MultiDiGraph()
    index = EvidenceIndex()
    for i in range(n):
        group = rng.choice(GROUPS)
        dated = group in ("incident", "meeting", "decision", "document")
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        g.add_node(
            f"urn:bench:{i}",
            label=f"{group.title()} {i}",
            group=group,
            classes=f"rg:{group.title()}",
            earliest=day if dated else "",
            latest=day if dated else "",
            precision="day" if dated else "",
            date=day if dated else "",
            evidence=1,
            contested=False,
            colour=lg.style(group).colour,
        )
    nodes = list(g.nodes)
    for i, node in enumerate(nodes[1:], start=1):
        for _ in range(2):
            other = nodes[int(rng.random() ** 2 * i)]  # preferential: hubs emerge
            claim = f"urn:bench:claim:{i}:{other}"
            contested = rng.random() < 0.05
            g.add_edge(
                node, other, relation="linked to", claim=claim, evidence=2, contested=contested
            )
            records = [Record(f"Quote {i}", "Claimant", "asserts", False, "Document", "urn:d")]
            if contested:
                records.append(Record(f"Denial {i}", "Denier", "denies", True, "Document", "urn:d"))
            index.claims[claim] = ClaimInfo(
                claim, "Relationship", f"{node} linked to {other}", records
            )
            index.by_node.setdefault(node, []).append(claim)
    for node, (x, y) in positions(g).items():
        g.nodes[node]["x"], g.nodes[node]["y"] = x, y
    return g, index


def export_html(n: int, folder: Path) -> tuple[Path, float, float, int]:
    import networkx as nx

    from rightsgraph.export import html

    t0 = time.perf_counter()
    g, index = synthetic(n)
    t1 = time.perf_counter()
    out = folder / f"bench-{n}.html"
    html.write(g, index, [], out, f"benchmark {n} nodes", max_nodes=max(n, html.MAX_NODES))
    t2 = time.perf_counter()
    nx.write_graphml(nx.MultiDiGraph(g), folder / f"bench-{n}.graphml")
    return out, t1 - t0, t2 - t1, out.stat().st_size


def interactive(browser: Any, path: Path, search: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    t0 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function("() => window.rgReady !== undefined", timeout=300_000)
    tti = time.perf_counter() - t0
    t1 = time.perf_counter()
    page.fill("#search", search)
    page.locator("#results button").first.click()
    page.locator("#details h2").wait_for()
    select = time.perf_counter() - t1
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    page.close()
    return {"tti_s": tti, "search_select_s": select}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=50_000)
    ap.add_argument("--baseline", type=int, default=1_000)
    ap.add_argument("--runs", type=int, default=2, help="best of N page loads")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            for n in (args.baseline, args.nodes):
                path, gen_s, export_s, size = export_html(n, Path(tmp))
                loads = [interactive(browser, path, str(n // 2 + 7)) for _ in range(args.runs)]
                best = min(loads, key=lambda r: r["tti_s"])
                results[str(n)] = {
                    "generate_s": round(gen_s, 3),
                    "export_html_s": round(export_s, 3),
                    "html_mb": round(size / 1e6, 2),
                    "tti_s": round(best["tti_s"], 3),
                    "search_select_s": round(min(r["search_select_s"] for r in loads), 3),
                }
        finally:
            browser.close()
    base, big = results[str(args.baseline)], results[str(args.nodes)]
    ratios = {
        k: round(big[k] / base[k], 2) if base[k] else None
        for k in ("export_html_s", "tti_s", "search_select_s")
    }
    report = {"results": results, "ratio_vs_baseline": ratios}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for n, r in results.items():
            print(f"{int(n):>7} nodes: " + ", ".join(f"{k}={v}" for k, v in r.items()))
        print(
            f"ratios {args.nodes}/{args.baseline}: "
            + ", ".join(f"{k}={v}" for k, v in ratios.items())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
