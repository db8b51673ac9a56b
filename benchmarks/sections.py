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
from typing import Any

from measure import (
    NAMED_GRAPHS,
    RAW_BULK_LOAD,
    RAW_BULK_LOAD_NAMED,
    RAW_SCAN,
    fmt_s,
    measure,
    python_c,
    run_once,
    show,
    summarise,
)
from rows import RUSSIA, Base, bound_text, cli_rows, failed, ratio, rss
from serving import Serving


class Bench(Serving, Base):
    """Every section of a run, in the order ``run.py`` calls them."""

    def build(self, repeat: int) -> None:
        """``build --force`` vs pyoxigraph's own bulk loader into a fresh store."""
        from rightsgraph.rdf.files import data_files
        from rightsgraph.resources import ontology_files

        self.say("build --force vs pyoxigraph Store(path).bulk_load")
        files = [str(f) for f in ontology_files() + data_files(self.data)]
        fresh = self.work / "raw-store"
        ours_cmd = [*self.on, "build", "--force", "--quiet"]
        from rightsgraph.store.dataset import PUBLIC

        base_cmd = python_c(RAW_BULK_LOAD, {"store": str(fresh), "files": files})
        named_cmd = python_c(
            RAW_BULK_LOAD_NAMED, {"store": str(fresh), "files": files, "graph": PUBLIC}
        )
        ours_runs, base_runs, named_runs = [], [], []
        for _ in range(repeat):
            ours_runs.append(run_once(ours_cmd, self.build_timeout))
            shutil.rmtree(fresh, ignore_errors=True)
            base_runs.append(run_once(base_cmd, self.build_timeout))
            shutil.rmtree(fresh, ignore_errors=True)
            named_runs.append(run_once(named_cmd, self.build_timeout))
            shutil.rmtree(fresh, ignore_errors=True)
        ours = summarise(ours_runs, self.build_timeout)
        base = summarise(base_runs, self.build_timeout)
        named = summarise(named_runs, self.build_timeout)
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
        if "seconds" in named:
            ntps = triples / named["seconds"]
            self.row(
                "build --force: triples/s, CLI / bulk_load into a named graph",
                f"{tps:,.0f}/s",
                f"{ntps:,.0f}/s",
                tps / ntps,
                "",
                None,
                f"the same files into graph/public, where the build puts them ({fmt_s(ours['seconds'])} "
                f"vs {show(named)}): the cost of the dataset's layout, apart from ours",
                rss(ours, named),
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

    def ensure_built(self) -> None:
        """``build`` without ``--force``: nothing to do when the store is current."""
        self.say("build (untimed, only if the store is not current)")
        r = run_once([*self.on, "build", "--quiet"], self.build_timeout)
        if r.rc != 0:
            raise SystemExit(f"build failed: {r.err.strip() or r.out.strip()}")

    def dataset(self) -> None:
        """Which graphs the raw baselines read: the public dataset, if the store has it."""
        from rightsgraph.store.dataset import PUBLIC, query_dataset

        r = run_once(python_c(NAMED_GRAPHS, str(self.store_dir())), self.timeout)
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
            rows = cli_rows(ours["out"]) if "seconds" in ours else "?"
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
        from rightsgraph.claims import LINEAGE
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
        scan = python_c(RAW_SCAN, {"store": str(self.store_dir()), "graphs": self.default or []})
        graphml = self.work / "export.graphml"
        cases = [
            (
                "provenance Russia",
                [*self.on, "provenance", "Russia"],
                self.job([LINEAGE, evidence]),
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
