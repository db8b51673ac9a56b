"""Ratio benchmarks: each figure of issue 10 measured beside its baseline in the
same run, printed as a table and written to benchmarks/results/latest.json.

    python benchmarks/run.py                 # 1M triples (the default; ~15-20 min)
    python benchmarks/run.py --size 100k     # a quick run
    python benchmarks/run.py --size 5m       # 5M triples (long: pySHACL and rdflib baselines time out)

Every measurement runs in its own process, so peak memory (ru_maxrss) is that
measurement's alone. Baselines that exceed their time limit are reported as
"> limit" and their ratio as a lower bound. Nothing here asserts a time: the
targets are ratios, judged in the table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SIZES = {"100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
VIOLATIONS = 50
CONTRIB_TRIPLES = 1000
CONTRIB_VIOLATIONS = 5


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- shared helpers ------------------------------------------------------------------


def query_bindings(info: Any) -> dict[str, Any]:
    """Default parameters as RDF terms, without the label index (CURIEs expand)."""
    from rightsgraph.answers.queries import bind_params
    from rightsgraph.vocab import expand

    return bind_params(info, {}, lambda term: expand(term) or term)


def ox_keys(store: Any, results: list[Any]) -> list[list[Any]]:
    import pyoxigraph as ox

    def k(t: Any) -> Any:
        if t is None:
            return None
        if isinstance(t, ox.BlankNode):
            for q in store.quads_for_pattern(None, None, t, None):
                return ["bnode", q.subject.value, q.predicate.value]
        if isinstance(t, ox.Literal):
            return [t.value, t.language or t.datatype.value]
        return t.value

    return sorted(
        ([k(r.focus), r.path, k(r.value), r.component, r.severity, r.message] for r in results),
        key=str,
    )


def pyshacl_keys(g: Any, report: Any) -> list[list[Any]]:
    from rdflib import SH, BNode, Literal
    from rdflib.namespace import RDF, XSD

    def k(t: Any) -> Any:
        if t is None:
            return None
        if isinstance(t, BNode):
            for s, p in g.subject_predicates(t):
                return ["bnode", str(s), str(p)]
        if isinstance(t, Literal):
            return [str(t), t.language or str(t.datatype or XSD.string)]
        return str(t)

    out = []
    for rep in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(rep, SH.result):
            path = report.value(r, SH.resultPath)
            msg = report.value(r, SH.resultMessage)
            out.append(
                [
                    k(report.value(r, SH.focusNode)),
                    str(path) if path is not None and not isinstance(path, BNode) else None,
                    k(report.value(r, SH.value)),
                    str(report.value(r, SH.sourceConstraintComponent)).split("#")[1],
                    str(report.value(r, SH.resultSeverity)).split("#")[1],
                    str(msg) if msg is not None else None,
                ]
            )
    return sorted(out, key=str)


def forked(fn: Any, timeout: float) -> tuple[Any, bool]:
    """Run fn() in a forked child (sharing the parent's graph); (result, finished)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            out = json.dumps({"ok": fn(), "rss": maxrss_mb()})
        except BaseException as exc:  # report, never return into the parent's code
            out = json.dumps({"error": repr(exc)})
        with os.fdopen(w, "w") as fh:
            fh.write(out)
        os._exit(0)
    os.close(w)
    deadline = time.monotonic() + timeout
    while True:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(r)
            return None, False
        time.sleep(0.05)
    with os.fdopen(r) as fh:
        data = fh.read()
    doc = json.loads(data) if data else {"error": "no answer"}
    if "error" in doc:
        raise RuntimeError(doc["error"])
    return doc, True


# -- workers (each runs in its own process) ------------------------------------------


def w_build(work: Path) -> dict[str, Any]:
    from rightsgraph.resources import ontology_files
    from rightsgraph.store.build import build_oxigraph

    files = ontology_files() + [work / "data" / "graph.nt"]
    before = maxrss_mb()
    t = time.perf_counter()
    rep = build_oxigraph(work / "store", files, force=True)
    secs = time.perf_counter() - t
    return {"seconds": secs, "triples": rep.triples, "rss_mb": maxrss_mb(), "rss_before": before}


def w_query(work: Path, name: str, repeat: int) -> dict[str, Any]:
    """One named query: our OxigraphStore vs the same bound text on raw pyoxigraph."""
    from rightsgraph.answers.queries import named_queries
    from rightsgraph.store.oxigraph import OxigraphStore
    from rightsgraph.store.sparqltext import bind_values

    store = OxigraphStore(work / "store")
    raw = store.ox
    info = named_queries()[name]
    b = query_bindings(info)
    text = bind_values(info.text, b)
    ours, base = [], []
    rows = 0
    for _ in range(repeat):  # interleaved, so both see the same caches and load
        t = time.perf_counter()
        res = raw.query(text)
        n = len(res.variables)
        got = [[sol[i] for i in range(n)] for sol in res]
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = len(store.query(info.text, b).rows)
        ours.append(time.perf_counter() - t)
        assert rows == len(got), name
    return {"ours": statistics.median(ours), "raw": statistics.median(base), "rows": rows}


def w_validate(work: Path) -> dict[str, Any]:
    from rightsgraph.store.oxigraph import OxigraphStore
    from rightsgraph.validation.shacl_fast import validate_store

    store = OxigraphStore(work / "store")
    t = time.perf_counter()
    results = validate_store(store.ox)
    secs = time.perf_counter() - t
    keys = ox_keys(store.ox, results)
    (work / "fast-violations.json").write_text(json.dumps(keys))
    return {"seconds": secs, "results": len(results), "rss_mb": maxrss_mb()}


def w_contribution(work: Path, repeat: int) -> dict[str, Any]:
    from rightsgraph.store.oxigraph import OxigraphStore
    from rightsgraph.validation.shacl_fast import validate_contribution

    times, n = [], 0
    for _ in range(repeat):
        store = OxigraphStore(work / "store")  # a fresh handle: no warm caches in Python
        t = time.perf_counter()
        n = len(validate_contribution(store.ox, [work / "contribution.nt"]))
        times.append(time.perf_counter() - t)
    return {"seconds": statistics.median(times), "results": n}


def w_rdflib(work: Path, query_timeout: float, pyshacl_timeout: float) -> dict[str, Any]:
    """Parse with rdflib (build baseline), then queries and pySHACL on that graph."""
    from rdflib import Graph

    from rightsgraph.answers.queries import named_queries
    from rightsgraph.resources import ontology_files, shape_files
    from rightsgraph.store.memory import MemoryStore

    before = maxrss_mb()
    t = time.perf_counter()
    g = Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    g.parse(work / "data" / "graph.nt", format="nt")
    parse = {"seconds": time.perf_counter() - t, "triples": len(g), "rss_mb": maxrss_mb()}
    parse["rss_before"] = before
    store = MemoryStore(g)
    queries: dict[str, Any] = {}
    for name, info in named_queries().items():
        b = query_bindings(info)

        def run(info: Any = info, b: dict[str, Any] = b) -> dict[str, Any]:
            t0 = time.perf_counter()
            rows = len(store.query(info.text, b).rows)
            return {"seconds": time.perf_counter() - t0, "rows": rows}

        doc, finished = forked(run, query_timeout)
        queries[name] = doc["ok"] if finished else {"timeout": query_timeout}

    def shacl() -> dict[str, Any]:
        import pyshacl

        shapes = Graph()
        for f in shape_files():
            shapes.parse(f, format="turtle")
        t0 = time.perf_counter()
        _, report, _ = pyshacl.validate(
            g, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
        )
        secs = time.perf_counter() - t0
        keys = pyshacl_keys(g, report)
        (work / "pyshacl-violations.json").write_text(json.dumps(keys))
        return {"seconds": secs, "results": len(keys)}

    doc, finished = forked(shacl, pyshacl_timeout)
    pyshacl_doc = {**doc["ok"], "rss_mb": doc["rss"]} if finished else {"timeout": pyshacl_timeout}
    return {"parse": parse, "queries": queries, "pyshacl": pyshacl_doc}


WORKERS = {
    "build": w_build,
    "query": w_query,
    "validate": w_validate,
    "contribution": w_contribution,
    "rdflib": w_rdflib,
}


def worker(name: str, args: list[str]) -> None:
    work = Path(args[0])
    extra = [
        float(a) if a.replace(".", "").isdigit() and "." in a else int(a) if a.isdigit() else a
        for a in args[1:]
    ]
    print(json.dumps(WORKERS[name](work, *extra)))


def spawn(name: str, *args: Any, timeout: float | None = None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {name} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cli_start(repeat: int = 10) -> dict[str, float]:
    exe = Path(sys.executable).parent / "rightsgraph"
    help_cmd = (
        [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "rightsgraph", "--help"]
    )
    base_cmd = [sys.executable, "-c", "pass"]
    a, b = [], []
    for _ in range(repeat):  # interleaved, so load on the machine hits both alike
        t = time.perf_counter()
        subprocess.run(help_cmd, capture_output=True, check=True)
        a.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run(base_cmd, capture_output=True, check=True)
        b.append(time.perf_counter() - t)
    return {"help": statistics.median(a), "python": statistics.median(b)}


# -- the run -------------------------------------------------------------------------


def prepare(size: int, seed: int, root: Path) -> Path:
    import generate

    work = root / f"rightsgraph-bench-{size}-{seed}"
    stamp = work / "generated.json"
    # reuse a generated graph only if the generator has not changed since
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


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":
        worker(argv[1], argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", choices=sorted(SIZES), default="1m")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (median)")
    ap.add_argument(
        "--query-timeout", type=float, default=120.0, help="seconds for all runs of one query"
    )
    ap.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query")
    ap.add_argument("--pyshacl-timeout", type=float, default=900.0)
    ap.add_argument("--skip-baselines", action="store_true", help="no rdflib/pySHACL runs")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    args = ap.parse_args(argv)

    size = SIZES[args.size]
    started = time.time()
    say = lambda msg: print(f"[{time.time() - started:6.0f}s] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    say(f"generating {args.size} triples (seed {args.seed}) in {args.workdir}")
    work = prepare(size, args.seed, args.workdir)
    gen = json.loads((work / "generated.json").read_text())
    say("build (ours)")
    build = spawn("build", work)
    say("named queries: ours vs raw pyoxigraph")
    from rightsgraph.answers.queries import named_queries

    queries: dict[str, Any] = {}
    for name in named_queries():
        try:
            queries[name] = spawn("query", work, name, args.repeat, timeout=args.query_timeout)
        except subprocess.TimeoutExpired:
            queries[name] = {"timeout": args.query_timeout}
        say(f"  {name}: {queries[name]}")
    say("full validation (ours)")
    valid = spawn("validate", work)
    say("contribution validation (ours)")
    contrib = spawn("contribution", work, args.repeat)
    say("CLI start-up")
    start = cli_start()
    rd: dict[str, Any] = {"parse": {}, "queries": {}, "pyshacl": {}}
    if not args.skip_baselines:
        say("baselines: rdflib parse, rdflib queries, pySHACL (slow)")
        rd = spawn("rdflib", work, float(args.rdflib_timeout), float(args.pyshacl_timeout))

    rows: list[dict[str, Any]] = []

    def row(
        target: str,
        ours: str,
        baseline: str,
        ratio: float | None,
        goal: str,
        met: bool | None,
        note: str = "",
    ) -> None:
        rows.append(
            {
                "target": target,
                "ours": ours,
                "baseline": baseline,
                "ratio": ratio,
                "goal": goal,
                "met": met,
                "note": note,
            }
        )

    # build
    tps = build["triples"] / build["seconds"]
    kb = build["rss_mb"] * 1024 / build["triples"]
    row(
        "build: triples/s",
        f"{tps:,.0f}/s",
        "",
        None,
        ">= 400,000/s",
        tps >= 400_000,
        "absolute figure",
    )
    if rd["parse"]:
        rtps = rd["parse"]["triples"] / rd["parse"]["seconds"]
        row(
            "build vs rdflib parse",
            f"{tps:,.0f}/s",
            f"{rtps:,.0f}/s",
            tps / rtps,
            ">= 8x",
            tps / rtps >= 8,
        )
    row(
        "build: RAM per triple",
        f"{kb:.2f} KB",
        f"{rd['parse']['rss_mb'] * 1024 / rd['parse']['triples']:.2f} KB (rdflib)"
        if rd["parse"]
        else "",
        None,
        "<= 1 KB",
        kb <= 1.0,
        "peak RSS / triples",
    )
    # queries
    for name, q in queries.items():
        if "timeout" in q:
            row(
                f"query {name}: ours / raw pyoxigraph",
                f"> {q['timeout']:.0f} s",
                "",
                None,
                "<= 1.5x",
                None,
                "did not finish: the query needs rewriting (docs/scale.md)",
            )
            continue
        r = q["ours"] / q["raw"] if q["raw"] > 0 else None
        row(
            f"query {name}: ours / raw pyoxigraph",
            fmt_s(q["ours"]),
            fmt_s(q["raw"]),
            r,
            "<= 1.5x",
            r is not None and r <= 1.5,
            f"{q['rows']} rows",
        )
        b = rd["queries"].get(name)
        if b:
            if "timeout" in b:
                lower = b["timeout"] / q["ours"]
                row(
                    f"query {name}: rdflib / ours",
                    fmt_s(q["ours"]),
                    f"> {b['timeout']:.0f} s",
                    lower,
                    ">= 3x",
                    lower >= 3,
                    "rdflib timed out: ratio is a lower bound",
                )
            else:
                sp = b["seconds"] / q["ours"]
                row(
                    f"query {name}: rdflib / ours",
                    fmt_s(q["ours"]),
                    fmt_s(b["seconds"]),
                    sp,
                    ">= 3x",
                    sp >= 3,
                )
    # validation
    ps = rd["pyshacl"]
    same = None
    if ps and "timeout" not in ps:
        fast = json.loads((work / "fast-violations.json").read_text())
        ref = json.loads((work / "pyshacl-violations.json").read_text())
        same = fast == ref
        sp = ps["seconds"] / valid["seconds"]
        row(
            "full validation vs pySHACL",
            fmt_s(valid["seconds"]),
            fmt_s(ps["seconds"]),
            sp,
            ">= 10x",
            sp >= 10 and same,
            f"{valid['results']} vs {ps['results']} results, same: {same}",
        )
    elif ps:
        lower = ps["timeout"] / valid["seconds"]
        row(
            "full validation vs pySHACL",
            fmt_s(valid["seconds"]),
            f"> {ps['timeout']:.0f} s",
            lower,
            ">= 10x",
            None,
            "pySHACL timed out: ratio is a lower bound, violations not compared",
        )
    finished = ps and "timeout" not in ps
    row(
        "full validation peak RAM",
        f"{valid['rss_mb']:.0f} MB",
        f"{ps['rss_mb']:.0f} MB (pySHACL)" if finished else "",
        None,
        "<= 2048 MB",
        valid["rss_mb"] <= 2048,
        "" if ps else f"{valid['seconds']:.1f} s, {valid['results']} results",
    )
    row(
        "1k-triple contribution vs the graph",
        fmt_s(contrib["seconds"]),
        f"{fmt_s(valid['seconds'])} (full)",
        valid["seconds"] / contrib["seconds"],
        "<= 2 s",
        contrib["seconds"] <= 2.0,
        f"{gen['contribution_triples']} triples, {contrib['results']} results",
    )
    r = start["help"] / start["python"]
    row(
        "rightsgraph --help vs python -c pass",
        fmt_s(start["help"]),
        fmt_s(start["python"]),
        r,
        "<= 3x",
        r <= 3,
    )

    # print
    w = max(len(x["target"]) for x in rows)
    print(
        f"\nrightsgraph benchmarks — {gen['triples']:,} triples, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'target':<{w}}  {'ours':>12}  {'baseline':>22}  {'ratio':>8}  {'goal':>12}  met")
    for x in rows:
        ratio = f"{x['ratio']:.2f}x" if x["ratio"] is not None else ""
        met = {True: "yes", False: "NO", None: "?"}[x["met"]]
        print(
            f"{x['target']:<{w}}  {x['ours']:>12}  {x['baseline']:>22}  {ratio:>8}  {x['goal']:>12}  {met}  {x['note']}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "size": args.size,
                "seed": args.seed,
                "generated": gen,
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average": os.getloadavg(),
                },
                "rows": rows,
                "raw": {
                    "build": build,
                    "queries": queries,
                    "validate": valid,
                    "contribution": contrib,
                    "cli": start,
                    "baselines": rd,
                },
                "seconds": time.time() - started,
            },
            indent=1,
        )
    )
    args.out.with_suffix(".md").write_text(table.markdown(json.loads(args.out.read_text())))
    say(f"written {args.out} and {args.out.with_suffix('.md').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
