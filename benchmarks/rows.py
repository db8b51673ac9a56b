"""What every measurement section shares: the run's settings, the rows of the
table, and the helpers that turn two measured processes into one row."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import RAW_QUERY, python_c

PROJECT = Path(__file__).resolve().parent.parent
RUSSIA = "https://w3id.org/rightsgraph/id/actor/russia"
FOOTER = re.compile(r"^\((\d+) rows?\)$", re.M)


def query_bindings(info: Any) -> dict[str, Any]:
    """Default parameters as RDF terms, as the command binds them (every default
    is a CURIE, so it expands without the label index)."""
    from rightsgraph.answers.queries import bind_params
    from rightsgraph.vocab import expand

    return bind_params(info, {}, lambda term: expand(term) or term)


def bound_text(info: Any) -> str:
    """The query text with its default parameters bound, as every store gets it."""
    from rightsgraph.store.sparqltext import bind_values

    return bind_values(info.text, query_bindings(info))


def cli_rows(out: str) -> int | None:
    """Rows of a query's default (table) output: its closing '(N rows)' line."""
    if out.strip().endswith("(no results)"):
        return 0
    found = FOOTER.findall(out)
    return int(found[-1]) if found else None


def rss(ours: dict[str, Any], base: dict[str, Any] | None = None) -> str:
    """'ours / baseline MB'; '?' for a process killed at its limit (never reported)."""

    def mb(doc: dict[str, Any]) -> str:
        return f"{doc['rss_mb']:.0f}" if doc["rss_mb"] else "?"

    return f"{mb(ours)} / {mb(base)} MB" if base else f"{mb(ours)} MB"


def ratio(ours: dict[str, Any], base: dict[str, Any]) -> tuple[float | None, str]:
    """ours / baseline, or (lower bound, why) when one side timed out."""
    if "timeout" in ours and "timeout" in base:
        return None, "both timed out"
    if "timeout" in ours:
        return ours["timeout"] / base["seconds"], "ours timed out: ratio is a lower bound"
    if "timeout" in base:
        return ours["seconds"] / base["timeout"], "baseline timed out: ratio is an upper bound"
    return (ours["seconds"] / base["seconds"] if base["seconds"] > 0 else None), ""


def failed(doc: dict[str, Any], ok: tuple[int, ...] = (0,)) -> str:
    """'' when the process exited as expected (or timed out), else why not."""
    if "timeout" in doc or doc["rc"] in ok:
        return ""
    last = (doc["err"].strip().splitlines() or ["no message"])[-1]
    return f"exit {doc['rc']}: {last[:120]}"


class Base:
    """One benchmark run over one synthetic data folder and the store built from it."""

    def __init__(
        self,
        cli: list[str],
        work: Path,
        repeat: int,
        timeout: float,
        build_timeout: float,
        say: Callable[[str], None],
        only: list[str] | None = None,
    ) -> None:
        self.cli = cli
        self.work = work
        self.data = work / "data"
        self.store = work / "store"
        self.on = [*cli, "--data", str(self.data), "--store", f"oxigraph:{self.store}"]
        self.repeat = repeat
        self.timeout = timeout
        self.build_timeout = build_timeout
        self.serve_wait = max(5 * timeout, 300.0)  # seconds serve may take to answer
        self.say = say
        self.rows: list[dict[str, Any]] = []
        self.raw: dict[str, Any] = {}
        self.default: list[str] | None = None
        self.named_graphs: list[str] = []
        self.dataset_note = ""
        self.cli_queries: dict[str, dict[str, Any]] = {}
        self.only = only or []

    def store_dir(self) -> Path:
        """The folder raw pyoxigraph opens: the generation the store's CURRENT names."""
        from rightsgraph.store.generations import current_dir

        return current_dir(self.store)

    def selected(self) -> dict[str, Any]:
        """The named queries to measure: all, or those given with --queries."""
        from rightsgraph.answers.queries import named_queries

        every = named_queries()
        unknown = [q for q in self.only if q not in every]
        if unknown:
            raise SystemExit(f"no named query {unknown[0]!r}: see rightsgraph query --list")
        return {n: q for n, q in every.items() if not self.only or n in self.only}

    def row(
        self,
        target: str,
        ours: str,
        baseline: str,
        r: float | None,
        goal: str,
        met: bool | None,
        note: str = "",
        peak: str = "",
    ) -> None:
        self.rows.append(
            {
                "target": target,
                "ours": ours,
                "baseline": baseline,
                "ratio": r,
                "goal": goal,
                "met": met,
                "note": note,
                "rss": peak,
            }
        )

    def job(self, texts: list[str]) -> list[str]:
        return python_c(
            RAW_QUERY,
            {
                "store": str(self.store_dir()),
                "default": self.default,
                "named": self.named_graphs,
                "texts": texts,
            },
        )

    # -- build -----------------------------------------------------------------------
