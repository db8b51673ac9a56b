"""The sections that need more than the store: ``serve`` over HTTP, validation
(against pySHACL), start-up, and the embedded default store on the project's
own data."""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

from measure import Server, fmt_s, measure, python_c, run_once, show
from rows import PROJECT, Base, bound_text, cli_rows, failed, ratio, rss


class Serving(Base):
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
        firsts: dict[str, float | None] = {}
        try:
            firsts = self._first_pages(server)
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
        self.raw["serve"] = {
            "queries": out,
            "rss_mb": peak,
            "flags": public,
            "ready": server.ready,
            "first_pages": firsts,
        }
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

        for what, secs in firsts.items():
            self.row(
                f"serve: first {what} after start",
                fmt_s(secs) if secs is not None else "-",
                "",
                None,
                "",
                None,
                "what the page computes from the whole graph is computed by its first request",
            )

    def _first_pages(self, server: Server) -> dict[str, float | None]:
        """Seconds for the first request of the home page and of an incident's page
        (which builds the network and the timeline), right after the start."""
        import json
        import urllib.parse
        import urllib.request

        if not server.url:
            return {}
        base = server.url[: -len("/sparql")]
        ask = "SELECT ?x WHERE { ?x a <https://w3id.org/rightsgraph/ontology#Incident> } LIMIT 1"
        pages = {"home page (/)": "/"}
        with urllib.request.urlopen(
            server.url + "?" + urllib.parse.urlencode({"query": ask, "format": "json"}),
            timeout=self.timeout,
        ) as resp:
            rows = json.loads(resp.read())["results"]["bindings"]
        instances = "https://w3id.org/rightsgraph/id/"
        if rows and rows[0]["x"]["value"].startswith(instances):
            pages["node page (/entity/…)"] = "/entity/" + rows[0]["x"]["value"][len(instances) :]
        out: dict[str, float | None] = {}
        for what, path in pages.items():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=self.serve_wait) as resp:
                    resp.read()
                out[what] = time.perf_counter() - start
            except OSError:
                out[what] = None
        return out

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
# the top-level results, as rightsgraph reports them (not those nested in sh:detail)
print(sum(1 for rep in report.subjects(RDF.type, SH.ValidationReport)
          for _ in report.objects(rep, SH.result)))
"""
