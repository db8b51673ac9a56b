"""The W3C SPARQL 1.1 query test suite: its manifests, its expected answers, and
the rules for comparing an answer with the expected one (``w3c_sparql_compare``).

Read by ``tests/test_w3c_sparql.py`` and ``benchmarks/w3c_sparql_table.py``, so
that the test and the README table count exactly the same thing.

Comparison rules (those of the W3C test harnesses):

* result sets are bags: row order only matters when the query has a top-level
  ``ORDER BY``, and then only for the variables it orders by;
* blank nodes match under some one-to-one renaming (for a result set, a search
  for a mapping of labels; for a graph, ``rdflib.compare.isomorphic``);
* literals compare as terms: lexical form plus datatype or language tag (tags
  without regard to case), so ``"01"^^xsd:integer`` is not ``"1"^^xsd:integer``.

Every term is a pyoxigraph term: the expected files are read by pyoxigraph's
strict parsers, which keep lexical forms as written.
"""

from __future__ import annotations

import csv
import io
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
QUERY_MANIFEST = "manifest-sparql11-query.ttl"

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

Term = Any  # a pyoxigraph NamedNode, BlankNode or Literal
Row = dict[str, Term]


def suite_root() -> Path | None:
    """The SPARQL 1.1 suite beside the checkout (``../shared/w3c/sparql11``), or
    under ``$RIGHTSGRAPH_W3C``; None when it is not there."""
    env = os.environ.get("RIGHTSGRAPH_W3C")
    bases = ([Path(env)] if env else []) + [REPO.parent / "shared" / "w3c"]
    for base in bases:
        if (base / "sparql11" / QUERY_MANIFEST).is_file():
            # the real path: the command line names query and data files by theirs
            # (base IRIs, graph IRIs), so a suite reached through a link must be too
            return (base / "sparql11").resolve()
    return None


def _file(iri: str) -> Path:
    return Path(urllib.request.url2pathname(urllib.parse.urlparse(iri).path))


@dataclass(frozen=True)
class EvalCase:
    """One ``mf:QueryEvaluationTest``."""

    id: str  # "folder/fragment", the name used in the expected-failures list
    name: str
    query: Path
    data: tuple[Path, ...]
    graph_data: tuple[Path, ...]
    result: Path

    @property
    def graph_files(self) -> tuple[Path, ...]:
        """The files of the dataset's named graphs, each named by its file IRI:
        ``qt:graphData``, and local files the query's ``FROM`` / ``FROM NAMED``
        name (relative IRIs resolve against the query file)."""
        from rightsgraph.store.dataset import from_clauses

        found = list(self.graph_data)
        asked = from_clauses(self.query.read_text(encoding="utf-8"), self.query.as_uri())
        for iri in (*asked.default, *asked.named) if asked else ():
            f = _file(iri)
            if iri.startswith("file:") and f.is_file() and f not in found:
                found.append(f)
        return tuple(found)


@dataclass(frozen=True)
class SyntaxCase:
    """One ``mf:PositiveSyntaxTest11`` or ``mf:NegativeSyntaxTest11``."""

    id: str
    name: str
    query: Path
    positive: bool


@dataclass
class Suite:
    evaluation: list[EvalCase] = field(default_factory=list)
    syntax: list[SyntaxCase] = field(default_factory=list)


def load_suite(root: Path) -> Suite:
    """Every evaluation and syntax test of the query manifests, in manifest order."""
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection

    def objects(g: Graph, s: Any, p: str) -> list[Any]:
        return sorted(g.objects(s, URIRef(p)), key=str)

    top_path = root / QUERY_MANIFEST
    top = Graph().parse(top_path, format="turtle", publicID=top_path.as_uri())
    suite = Suite()
    for include in objects(top, URIRef(top_path.as_uri()), MF + "include"):
        for manifest_iri in Collection(top, include):
            manifest = _file(str(manifest_iri))
            g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
            folder = manifest.parent.name
            for head in objects(g, URIRef(manifest.as_uri()), MF + "entries"):
                for entry in Collection(g, head):
                    kind = str(g.value(entry, URIRef(RDF + "type"))).removeprefix(MF)
                    test_id = f"{folder}/{str(entry).rsplit('#', 1)[-1]}"
                    name = str(g.value(entry, URIRef(MF + "name")) or test_id)
                    action = g.value(entry, URIRef(MF + "action"))
                    if kind == "QueryEvaluationTest":
                        result = g.value(entry, URIRef(MF + "result"))
                        suite.evaluation.append(
                            EvalCase(
                                test_id,
                                name,
                                _file(str(g.value(action, URIRef(QT + "query")))),
                                tuple(_file(str(d)) for d in objects(g, action, QT + "data")),
                                tuple(_file(str(d)) for d in objects(g, action, QT + "graphData")),
                                _file(str(result)),
                            )
                        )
                    elif kind in ("PositiveSyntaxTest11", "NegativeSyntaxTest11"):
                        suite.syntax.append(
                            SyntaxCase(test_id, name, _file(str(action)), kind.startswith("Pos"))
                        )
    return suite


# ---------------------------------------------------------------------------
# answers


@dataclass
class Answer:
    """A query's answer: ``kind`` is "bindings", "boolean" or "graph"."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    ordered: bool = False  # rows are in a meaningful order (rs:index in the expected file)

    def describe(self) -> str:
        if self.kind == "boolean":
            return f"boolean {self.boolean}"
        if self.kind == "graph":
            return f"a graph of {len(self.triples)} triples"
        return f"{len(self.rows)} rows of {sorted(self.variables)}"


def from_solutions(res: Any) -> Answer:
    """A pyoxigraph QuerySolutions / QueryBoolean / QueryTriples as an Answer."""
    if isinstance(res, bool | ox.QueryBoolean):
        return Answer("boolean", boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        return Answer("graph", triples=[(t.subject, t.predicate, t.object) for t in res])
    variables = tuple(v.value for v in res.variables)
    rows = []
    for sol in res:
        rows.append({v: t for v in variables if (t := sol[v]) is not None})
    return Answer("bindings", variables, rows)


def _result_set(graph: list[tuple[Term, Term, Term]]) -> Answer | None:
    """The DAWG result-set vocabulary (rs:ResultSet) read as an Answer."""
    by_s: dict[Term, list[tuple[Term, Term]]] = {}
    for s, p, o in graph:
        by_s.setdefault(s, []).append((p, o))

    def val(s: Term, p: str) -> list[Term]:
        return [o for q, o in by_s.get(s, []) if q.value == RS + p]

    heads = [s for s, p, o in graph if p.value == RDF + "type" and o.value == RS + "ResultSet"]
    if not heads:
        return None
    head = heads[0]
    if val(head, "boolean"):
        return Answer("boolean", boolean=val(head, "boolean")[0].value == "true")
    variables = tuple(v.value for v in val(head, "resultVariable"))
    indexed: list[tuple[int, Row]] = []
    for sol in val(head, "solution"):
        row = {val(b, "variable")[0].value: val(b, "value")[0] for b in val(sol, "binding")}
        index = val(sol, "index")
        indexed.append((int(index[0].value) if index else 0, row))
    ordered = any(val(sol, "index") for sol in val(head, "solution"))
    indexed.sort(key=lambda x: x[0])
    return Answer("bindings", variables, [r for _, r in indexed], ordered=ordered)


def _csv(text: str) -> Answer:
    """SPARQL CSV results: every value is text; ``_:x`` is a blank node."""
    lines = list(csv.reader(io.StringIO(text)))
    variables = tuple(lines[0]) if lines else ()
    rows = []
    for line in lines[1:]:
        rows.append(
            {
                v: ox.BlankNode(c[2:]) if c.startswith("_:") else ox.Literal(c)
                for v, c in zip(variables, line, strict=False)
                if c != ""
            }
        )
    return Answer("bindings", variables, rows)


def as_csv(answer: Answer) -> Answer:
    """An answer reduced to what SPARQL CSV keeps, to compare with a .csv file."""
    rows = [
        {v: t if isinstance(t, ox.BlankNode) else ox.Literal(t.value) for v, t in r.items()}
        for r in answer.rows
    ]
    return Answer("bindings", answer.variables, rows)


GRAPH_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
GRAPH_FORMATS[".rdf"] = ox.RdfFormat.RDF_XML
RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}


def expected_answer(path: Path) -> Answer:
    """The expected answer of a test, from its .srx / .srj / .tsv / .csv / .ttl / .rdf."""
    suffix = path.suffix.lower()
    if suffix in RESULT_FORMATS:
        return from_solutions(ox.parse_query_results(path=str(path), format=RESULT_FORMATS[suffix]))
    if suffix == ".csv":
        return _csv(path.read_text(encoding="utf-8"))
    quads = ox.parse(path=str(path), format=GRAPH_FORMATS[suffix], base_iri=path.as_uri())
    triples = [(q.subject, q.predicate, q.object) for q in quads]
    return _result_set(triples) or Answer("graph", triples=triples)


def strip_text(query: str) -> str:
    """The query without comments, string literals and IRIs (so that their text
    is never read as keywords or braces)."""
    pattern = re.compile(
        r'"""(?:[^"\\]|\\.|"(?!""))*"""'
        r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
        r'|"(?:[^"\\\n]|\\.)*"'
        r"|'(?:[^'\\\n]|\\.)*'"
        r"|<[^\s<>\"{}|^`\\]*>"
        r"|#[^\n]*",
        re.S,
    )
    return pattern.sub(lambda m: " " if m.group(0).startswith("#") else '""', query)


# ---------------------------------------------------------------------------
# the expected-failures list

EXPECTED_FAILURES = Path(__file__).with_name("w3c_sparql_expected_failures.txt")
WHERE = ("memory", "oxigraph", "syntax")


def read_expected_failures(path: Path = EXPECTED_FAILURES) -> dict[tuple[str, str], str]:
    """``(where, test id) -> reason`` from lines ``WHERE TEST-ID REASON``, where
    WHERE is memory, oxigraph (evaluation tests on that store) or syntax."""
    out: dict[tuple[str, str], str] = {}
    if not path.is_file():
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        if len(parts) != 3 or parts[0] not in WHERE:
            raise ValueError(
                f"{path.name}:{number}: write 'memory|oxigraph|syntax TEST-ID reason', not {line!r}"
            )
        out[(parts[0], parts[1])] = parts[2]
    return out


def write_expected_failures(
    failures: dict[tuple[str, str], str], path: Path = EXPECTED_FAILURES
) -> None:
    """The list, grouped by reason (largest group first), then by place and test."""
    by_reason: dict[str, list[tuple[str, str]]] = {}
    for key, reason in failures.items():
        by_reason.setdefault(reason, []).append(key)
    lines = [
        "# W3C SPARQL 1.1 query tests that rightsgraph's query path is known to fail.",
        "# One line each: WHERE TEST-ID REASON; WHERE is memory or oxigraph (the store of an",
        "# evaluation test) or syntax. These are xfail(strict=True) in tests/test_w3c_sparql.py:",
        "# a test that starts passing fails there until its line is removed. Regenerate with",
        "#   python benchmarks/w3c_sparql_table.py --expected-failures",
        "# which keeps the reasons of lines that still fail and drops the others.",
    ]
    order = {w: i for i, w in enumerate(WHERE)}
    for reason, keys in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append("")
        lines.append(f"# {len(keys)}: {reason}")
        for where, test_id in sorted(keys, key=lambda k: (order[k[0]], k[1])):
            lines.append(f"{where:<8} {test_id:<44} {reason}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
