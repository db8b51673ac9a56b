"""The measurements of ``run.py``: each a ``rightsgraph`` command line beside its
baseline, both whole processes, measured in the same run and turned into rows.

The store is the on-disk one a user builds (``rightsgraph --data D --store
oxigraph:S build``) from the synthetic data folder D. The raw pyoxigraph
baselines read that same store, read-only, over the same RDF dataset the
command queries (``store/dataset.py``: the public graphs); a store built before
the data went into named graphs has none, and then the baselines read its
default graph, which the table says.
"""

from __future__ import annotations

import re
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import (
    NAMED_GRAPHS,
    RAW_BULK_LOAD,
    RAW_QUERY,
    RAW_SCAN,
    Server,
    fmt_s,
    measure,
    python_c,
    run_once,
    show,
)

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
    return f"{ours['rss_mb']:.0f} / {base['rss_mb']:.0f} MB" if base else f"{ours['rss_mb']:.0f} MB"


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


class Bench:
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

    def selected(self) -> dict[str, Any]:
        """The named queries to measure: all, or those given with --queries."""
        from rightsgraph.answers.queries import named_queries

        every = named_queries()
        unknown = [q for q in self.only if q not in every]
        if unknown:
            raise SystemExit(f"no named query {unknown[0]!r}: see rightsgraph query --list")
        return {n: q for n, q in every.items() if not self.only or n in self.only}

    def row(self, target: str, ours: str, baseline: str, r: float | None, goal: str,
            met: bool | None, note: str = "", peak: str = "") -> None:  # fmt: skip
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
            }  # fmt: skip
        )

    def job(self, texts: list[str]) -> list[str]:
        return python_c(
            RAW_QUERY,
            {
                "store": str(self.store),
                "default": self.default,
                "named": self.named_graphs,
                "texts": texts,
            },  # fmt: skip
        )

    # -- build -----------------------------------------------------------------------

    def build(self, repeat: int) -> None:
        """``build --force`` vs pyoxigraph's own bulk loader into a fresh store."""
        from rightsgraph.rdf.files import data_files
        from rightsgraph.resources import ontology_files

        self.say("build --force vs pyoxigraph Store(path).bulk_load")
        files = [str(f) for f in ontology_files() + data_files(self.data)]
        fresh = self.work / "raw-store"
        ours_cmd = [*self.on, "build", "--force", "--quiet"]
        base_cmd = python_c(RAW_BULK_LOAD, {"store": str(fresh), "files": files})
        ours_runs, base_runs = [], []
        for _ in range(repeat):
            ours_runs.append(run_once(ours_cmd, self.build_timeout))
            shutil.rmtree(fresh, ignore_errors=True)
            base_runs.append(run_once(base_cmd, self.build_timeout))
            shutil.rmtree(fresh, ignore_errors=True)
        from measure import summarise

        ours = summarise(ours_runs, self.build_timeout)
        base = summarise(base_runs, self.build_timeout)
        self.raw["build"] = {"ours": ours, "baseline": base}
        if failed(ours) or "timeout" in ours:
            raise SystemExit(f"build failed: {failed(ours) or show(ours)}")
        m = re.search(r"(\d+) triples", ours["out"])
        triples = int(m.group(1)) if m else 0
        base_triples = int(base["out"].strip() or 0) if "seconds" in base else triples
        tps = triples / ours["seconds"]
        btps = base_triples / base["seconds"] if "seconds" in base else None
        r = tps / btps if btps else None
        self.row(
            "build --force: triples/s, CLI / pyoxigraph bulk_load",
            f"{tps:,.0f}/s",
            f"{btps:,.0f}/s" if btps else show(base),
            r,
            ">= 0.75x",
            r is not None and r >= 0.75,
            f"{triples:,} triples ({fmt_s(ours['seconds'])} vs {show(base)}); "
            "ours also checks the input and compacts the store",
            rss(ours, base),
        )
        kb = ours["rss_mb"] * 1024 / triples
        bkb = base["rss_mb"] * 1024 / base_triples if base_triples else 0
        self.row(
            "build --force: peak RSS per triple",
            f"{kb:.2f} KB",
            f"{bkb:.2f} KB",
            None,
            "<= 0.5 KB",
            kb <= 0.5,
            "peak RSS of the process / triples",
            rss(ours, base),
        )

    def dataset(self) -> None:
        """Which graphs the raw baselines read: the public dataset, if the store has it."""
        from rightsgraph.store.dataset import PUBLIC, query_dataset

        r = run_once(python_c(NAMED_GRAPHS, str(self.store)), self.timeout)
        graphs = __import__("json").loads(r.out) if r.rc == 0 else []
        if PUBLIC in graphs:
            ds = query_dataset()
            self.default, self.named_graphs = list(ds.default), list(ds.named)
            self.dataset_note = (
                "Raw pyoxigraph baselines query the public dataset: default graph "
                + " + ".join(g.rsplit("/", 1)[1] for g in ds.default)
                + "."
            )
        else:
            self.default, self.named_graphs = None, []
            self.dataset_note = (
                "The store has no named graphs yet, so the raw pyoxigraph baselines "
                "query its default graph (all data, restricted included)."
            )
        self.raw["dataset"] = {
            "default": self.default,
            "named": self.named_graphs,
            "graphs": graphs,
        }

    # -- named queries -----------------------------------------------------------------

    def queries(self) -> None:
        """Every named query: ``rightsgraph query NAME`` vs raw pyoxigraph, same text."""
        self.say("named queries: rightsgraph query NAME vs raw pyoxigraph")
        out: dict[str, Any] = {}
        for name, info in self.selected().items():
            got = measure(
                {"ours": [*self.on, "query", name], "raw": self.job([bound_text(info)])},
                self.repeat,
                self.timeout,
            )
            ours, base = got["ours"], got["raw"]
            out[name] = got
            self.cli_queries[name] = ours
            bad = failed(ours, (0, 1)) or failed(base)
            r, why = ratio(ours, base) if not bad else (None, bad)
            rows = cli_rows(ours["out"]) if "seconds" in ours else None
            raw_rows = base["out"].strip() if "seconds" in base else "?"
            self.row(
                f"query {name}: CLI / raw pyoxigraph",
                show(ours),
                show(base),
                r,
                "<= 1.5x",
                None if bad or r is None else (r <= 1.5 and not why),
                "; ".join(x for x in (f"{rows} vs {raw_rows} rows", why) if x),
                rss(ours, base),
            )
            self.say(f"  {name}: {show(ours)} vs {show(base)}")
        self.raw["queries"] = out

    # -- provenance, stats, export -----------------------------------------------------

    def commands(self) -> None:
        from rdflib import URIRef

        from rightsgraph.answers import provenance as prov
        from rightsgraph.answers import stats
        from rightsgraph.store.sparqltext import bind_values

        self.say("provenance, stats, export vs raw pyoxigraph")
        claims = prov.CLAIMS_ABOUT[len(prov.P) :]
        evidence = bind_values(
            prov.P
            + "SELECT ?claim ?ev ?doc ?quote ?claimant ?stance WHERE { { "
            + claims
            + " } ?claim rg:evidence ?ev . ?ev rg:document ?doc ; rg:quote ?quote ; "
            "rg:claimant ?claimant ; rg:stance ?stance . }",
            {"e": URIRef(RUSSIA)},
        )
        by_class = (
            stats.PREFIXES + "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class . "
            'FILTER(STRSTARTS(STR(?class), "https://w3id.org/rightsgraph/ontology#")) } '
            "GROUP BY ?class"
        )
        scan = python_c(RAW_SCAN, {"store": str(self.store), "graphs": self.default or []})
        graphml = self.work / "export.graphml"
        cases = [
            (
                "provenance Russia",
                [*self.on, "provenance", "Russia"],
                self.job([prov.LINEAGE, evidence]),
                "raw: the claims about actor:russia joined with their evidence, and the "
                "document lineage (2 queries)",
            ),
            (
                "stats",
                [*self.on, "stats"],
                self.job([by_class, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]),
                "raw: instances per class and the triple count (2 queries)",
            ),
            (
                "export --format graphml",
                [*self.on, "export", "--format", "graphml", "-o", str(graphml)],
                scan,
                "raw: one scan of every data triple, terms read",
            ),
        ]
        for label, ours_cmd, base_cmd, what in cases:
            got = measure({"ours": ours_cmd, "raw": base_cmd}, self.repeat, self.timeout)
            ours, base = got["ours"], got["raw"]
            self.raw[label] = got
            bad = failed(ours) or failed(base)
            r, why = ratio(ours, base) if not bad else (None, bad)
            goal, met = "", None
            if label.startswith("provenance"):
                goal = "<= 3 s"
                met = None if bad or "timeout" in ours else ours["seconds"] <= 3.0
            self.row(
                f"{label}: CLI / raw pyoxigraph",
                show(ours),
                show(base),
                r,
                goal,
                met,
                "; ".join(x for x in (what, why) if x),
                rss(ours, base),
            )
            self.say(f"  {label}: {show(ours)} vs {show(base)}")

    # -- serve -------------------------------------------------------------------------

    def serve(self, requests: int) -> None:
        """Each named query sent to ``rightsgraph serve`` over HTTP vs the same
        query as a whole ``rightsgraph query`` process (measured above)."""
        helptext = run_once([*self.cli, "serve", "--help"], self.timeout).out
        public = [] if "--include-restricted" in helptext else ["--public"]
        self.say(f"serve {' '.join(public) or '(public by default)'}: HTTP vs CLI")
        cmd = [
            *self.on, "serve", "--port", "0", *public,
            "--timeout", str(self.timeout), "--max-rows", "10000000",
        ]  # fmt: skip
        server = Server(cmd, self.serve_wait)
        out: dict[str, Any] = {}
        try:
            for name, info in self.selected().items():
                ours = self._ask(server, bound_text(info), requests)
                out[name] = ours
                base = self.cli_queries.get(name, {"timeout": self.timeout})
                r, why = ratio(ours, base) if server.url else (None, server.problem)
                self.row(
                    f"query {name}: serve HTTP / CLI",
                    show(ours) if server.url else "-",
                    show(base),
                    r,
                    "<= 1.5x",
                    None if r is None else (r <= 1.5 and "lower" not in why),
                    "; ".join(x for x in (f"{ours.get('bytes', 0):,} bytes of JSON", why) if x),
                )
        finally:
            peak = server.stop()
        self.raw["serve"] = {"queries": out, "rss_mb": peak, "flags": public, "ready": server.ready}
        self.row(
            "serve: start until /sparql answers",
            fmt_s(server.ready) if server.ready else f"> {self.serve_wait:.0f} s",
            "",
            None,
            "",
            None,
            server.problem or " ".join(cmd[len(self.cli) :]).replace(str(self.work), "W"),
            f"{peak:.0f} MB",
        )

    def _ask(self, server: Server, text: str, requests: int) -> dict[str, Any]:
        """Median of ``requests`` HTTP requests of one query (none if the server is down)."""
        if not server.url:
            return {}
        times: list[float] = []
        size = 0
        for _ in range(requests):
            secs, size = server.ask(text, self.timeout)
            if secs is None:
                return {"timeout": self.timeout}
            times.append(secs)
        return {"seconds": statistics.median(times), "bytes": size, "runs": times}

    # -- validation --------------------------------------------------------------------

    def validation(self, repeat: int, pyshacl_timeout: float | None) -> None:
        """``validate`` of the whole store (vs pySHACL) and of a contribution."""
        self.say("validate (whole store), validate contribution.nt")
        full = measure({"ours": [*self.on, "validate"]}, repeat, self.timeout * 5)["ours"]
        contrib = measure(
            {"ours": [*self.on, "validate", str(self.work / "contribution.nt")]},
            self.repeat,
            self.timeout,
        )["ours"]
        self.raw["validate"] = {"full": full, "contribution": contrib}

        def counts(doc: dict[str, Any]) -> str:
            m = re.search(r"(\d+) error\(s\), (\d+) warning\(s\)", doc.get("out", ""))
            return f"{m.group(1)} errors, {m.group(2)} warnings" if m else "no summary line"

        base: dict[str, Any] | None = None
        if pyshacl_timeout is not None:
            self.say("pySHACL on the same files (slow)")
            from rightsgraph.rdf.files import data_files
            from rightsgraph.resources import ontology_files, shape_files

            job = {
                "files": [str(f) for f in ontology_files() + data_files(self.data)],
                "shapes": [str(f) for f in shape_files()],
            }
            base = measure({"b": python_c(PYSHACL, job)}, 1, pyshacl_timeout)["b"]
            self.raw["validate"]["pyshacl"] = base
        if base is not None and not failed(base):
            r, why = ratio(base, full)  # how many times faster ours is
            self.row(
                "validate (whole store): pySHACL / CLI",
                show(full),
                show(base),
                r,
                ">= 10x",
                None if r is None or "timeout" in full else r >= 10,
                "; ".join(
                    x
                    for x in (
                        f"ours {counts(full)}; pySHACL "
                        + (f"{base['out'].strip()} results" if "seconds" in base else "-"),
                        why.replace("ours", "pySHACL", 1) if why else "",
                        failed(full, (0, 1)),
                    )
                    if x
                ),
                rss(full, base),
            )
        else:
            self.row(
                "validate (whole store)",
                show(full),
                "",
                None,
                "",
                None,
                " ".join(
                    (counts(full), failed(full, (0, 1)), f"pySHACL {failed(base)}" if base else "")
                ).strip(),
                rss(full),
            )
        r, why = ratio(full, contrib)
        self.row(
            "validate a 1k-triple contribution: whole store / contribution",
            show(contrib),
            f"{show(full)} (whole)",
            r,
            "<= 2 s",
            None if "timeout" in contrib else contrib["seconds"] <= 2.0,
            f"{counts(contrib)} {failed(contrib, (0, 1))}".strip(),
            rss(contrib, full),
        )

    # -- start-up and the embedded default ---------------------------------------------

    def startup(self, repeat: int) -> None:
        self.say("rightsgraph --help vs python -c pass")
        got = measure(
            {"ours": [*self.cli, "--help"], "base": python_c("pass", "")}, repeat, self.timeout
        )
        self.raw["startup"] = got
        r, _ = ratio(got["ours"], got["base"])
        self.row(
            "rightsgraph --help vs python -c pass",
            show(got["ours"]),
            show(got["base"]),
            r,
            "<= 3x",
            r is not None and r <= 3,
            peak=rss(got["ours"], got["base"]),
        )

    def embedded(self, repeat: int) -> None:
        """The default store (no --store) on the project's own data: each named query
        as a whole process vs starting Python and importing pyoxigraph."""
        self.say("embedded default (project data): rightsgraph query NAME vs import pyoxigraph")
        base_cmd = python_c("import pyoxigraph", "")
        out: dict[str, Any] = {}
        for name in self.selected():
            got = measure(
                {"ours": [*self.cli, "query", name], "base": base_cmd},
                repeat,
                self.timeout,
                cwd=PROJECT,
            )
            out[name] = got
            ours, base = got["ours"], got["base"]
            bad = failed(ours, (0, 1))
            r, why = ratio(ours, base) if not bad else (None, bad)
            self.row(
                f"query {name}: embedded CLI / python -c 'import pyoxigraph'",
                show(ours),
                show(base),
                r,
                "<= 4x",
                None if r is None else (r <= 4 and not why),
                "; ".join(x for x in (f"{cli_rows(ours['out'])} rows", why) if x),
                rss(ours, base),
            )
        self.raw["embedded"] = out


PYSHACL = r"""
import json, sys
import pyshacl
from rdflib import RDF, SH, Graph
from rdflib.util import guess_format
job = json.loads(sys.argv[1])
g = Graph()
for f in job["files"]:
    g.parse(f, format=guess_format(f) or "turtle")
shapes = Graph()
for f in job["shapes"]:
    shapes.parse(f, format="turtle")
_, report, _ = pyshacl.validate(
    g, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
)
print(len(set(report.subjects(RDF.type, SH.ValidationResult))))
"""
