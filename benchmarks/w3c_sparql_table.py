"""W3C SPARQL 1.1 query conformance as a Markdown table, for the README:
rightsgraph's query command (memory store and on-disk Oxigraph store) next to
the raw libraries it builds on (pyoxigraph, rdflib), all in the same run and
graded by the same harness as ``tests/test_w3c_sparql.py``.

    python benchmarks/w3c_sparql_table.py                      # the table
    python benchmarks/w3c_sparql_table.py --details            # and every failure
    python benchmarks/w3c_sparql_table.py --expected-failures  # rewrite the xfail list

``--expected-failures`` rewrites ``tests/w3c_sparql_expected_failures.txt`` from
this run: lines of tests that still fail keep their reason, lines of tests that
now pass are dropped, and a new failure gets "new: " and what went wrong, to be
replaced by its cause. The suite is looked for as the tests do (beside the
checkout, or under RIGHTSGRAPH_W3C).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from w3c_sparql_engines import (  # noqa: E402
    STORES,
    cli_answer,
    cli_syntax,
    data_dir,
    dataset_args,
    grade,
    pyoxigraph_answer,
    pyoxigraph_syntax,
    rdflib_answer,
    rdflib_syntax,
)
from w3c_sparql_manifest import (  # noqa: E402
    EXPECTED_FAILURES,
    Answer,  # noqa: E402
    EvalCase,
    Suite,
    SyntaxCase,
    load_suite,
    read_expected_failures,
    suite_root,
    write_expected_failures,
)

ENGINES = ("rightsgraph (memory)", "rightsgraph (oxigraph)", "raw pyoxigraph", "raw rdflib")
Outcome = dict[str, str | None]  # test id -> None (passed) or the problem


def run(
    suite: Suite, tmp: Path
) -> tuple[dict[str, Outcome], dict[str, Outcome], dict[str, Outcome], dict[str, float]]:
    """Every evaluation and syntax test on every engine: (evaluation graded with
    literals as terms, evaluation graded by value, syntax, seconds per engine)."""
    strict: dict[str, Outcome] = {e: {} for e in ENGINES}
    value: dict[str, Outcome] = {e: {} for e in ENGINES}
    syntax: dict[str, Outcome] = {e: {} for e in ENGINES}
    seconds: dict[str, float] = {}
    folders: dict[tuple[tuple[Path, ...], tuple[Path, ...]], Path] = {}

    def work(case: EvalCase) -> Path:
        key = (case.data, case.graph_files)
        if key not in folders:
            folders[key] = Path(tempfile.mkdtemp(dir=tmp))
            data_dir(case, folders[key])
        return folders[key]

    def cli(
        store: str,
    ) -> tuple[Callable[[EvalCase], Answer | str], Callable[[SyntaxCase], str | None]]:
        empty = Path(tempfile.mkdtemp(dir=tmp))

        def answer(c: EvalCase) -> Answer | str:
            return cli_answer(c, store, work(c))

        return answer, lambda c: cli_syntax(c, empty, store)

    runners = {
        ENGINES[0]: cli(STORES[0]),
        ENGINES[1]: cli(STORES[1]),
        ENGINES[2]: (pyoxigraph_answer, pyoxigraph_syntax),
        ENGINES[3]: (rdflib_answer, rdflib_syntax),
    }
    for engine, (answer, syn) in runners.items():
        start = time.perf_counter()
        for case in suite.evaluation:
            got = answer(case)
            strict[engine][case.id] = grade(case, got)
            value[engine][case.id] = grade(case, got, value=True)
        for s in suite.syntax:
            syntax[engine][s.id] = syn(s)
        seconds[engine] = time.perf_counter() - start
        print(f"{engine}: {seconds[engine]:.1f} s", file=sys.stderr)
    return strict, value, syntax, seconds


def table(
    suite: Suite,
    strict: dict[str, Outcome],
    value: dict[str, Outcome],
    syntax: dict[str, Outcome],
    seconds: dict[str, float],
) -> str:
    def passed(outcome: Outcome, ids: list[str]) -> int:
        return sum(outcome[i] is None for i in ids)

    ev_ids = [c.id for c in suite.evaluation]
    pos = [c.id for c in suite.syntax if c.positive]
    neg = [c.id for c in suite.syntax if not c.positive]
    rows: list[tuple[str, Callable[[str], object]]] = [
        (f"evaluation tests passed (of {len(ev_ids)})", lambda e: passed(strict[e], ev_ids)),
        (
            "… with XSD literals compared by value",
            lambda e: passed(value[e], ev_ids),
        ),
        (f"valid queries accepted (of {len(pos)})", lambda e: passed(syntax[e], pos)),
        (f"invalid queries refused (of {len(neg)})", lambda e: passed(syntax[e], neg)),
        ("seconds, whole suite", lambda e: f"{seconds[e]:.1f}"),
    ]
    lines = ["| W3C SPARQL 1.1 query tests | " + " | ".join(ENGINES) + " |"]
    lines.append("|---|" + "---:|" * len(ENGINES))
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(str(cell(e)) for e in ENGINES) + " |")
    named = sum(bool(c.graph_files) for c in suite.evaluation)
    chosen = sum(bool(dataset_args(c)) for c in suite.evaluation)
    lines.append("")
    lines.append(
        "Literals compare as terms (lexical form and datatype or language tag); the "
        "second row reads XSD literals by value, as Oxigraph's own harness does "
        f'("3.0E4"^^xsd:double = "30000"^^xsd:double). {named} evaluation tests have '
        "named graphs: rightsgraph gets them as TriG data files, and the "
        f"{chosen} with `qt:graphData` and no `FROM` run with the protocol's dataset "
        "(`--default-graph` graph/public, `--named-graph` per graph)."
    )
    return "\n".join(lines)


def new_expected(
    suite: Suite, evaluation: dict[str, Outcome], syntax: dict[str, Outcome]
) -> dict[tuple[str, str], str]:
    """The expected-failures list this run implies (old reasons kept)."""
    old = read_expected_failures()
    out: dict[tuple[str, str], str] = {}
    for store, engine in zip(STORES, ENGINES, strict=False):
        for case in suite.evaluation:
            problem = evaluation[engine][case.id]
            if problem is not None:
                out[(store, case.id)] = old.get((store, case.id), f"new: {problem}")
    for s in suite.syntax:
        problem = syntax[ENGINES[0]][s.id]
        if problem is not None:
            out[("syntax", s.id)] = old.get(("syntax", s.id), f"new: {problem}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every failure")
    parser.add_argument(
        "--expected-failures",
        action="store_true",
        help=f"rewrite {EXPECTED_FAILURES.name} from this run",
    )
    args = parser.parse_args()
    root = suite_root()
    if root is None:
        print(
            "error: the W3C SPARQL 1.1 suite is not beside this checkout "
            "(../shared/w3c/sparql11) — set RIGHTSGRAPH_W3C to the folder that holds sparql11/",
            file=sys.stderr,
        )
        return 2
    suite = load_suite(root)
    with tempfile.TemporaryDirectory() as tmp:
        evaluation, by_value, syntax, seconds = run(suite, Path(tmp))
    print(table(suite, evaluation, by_value, syntax, seconds))
    if args.details:
        for engine in ENGINES:
            print(f"\n## {engine}")
            for kind, outcome in (("evaluation", evaluation[engine]), ("syntax", syntax[engine])):
                for test_id, problem in outcome.items():
                    if problem is not None:
                        print(f"- {kind} {test_id}: {problem[:200]}")
    if args.expected_failures:
        write_expected_failures(new_expected(suite, evaluation, syntax))
        print(f"\nwrote {EXPECTED_FAILURES}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
