"""Running one W3C SPARQL test through an engine and grading the answer.

``cli_eval`` / ``cli_syntax`` go through rightsgraph's own query path, the click
command the ``rightsgraph`` executable runs (``--data DIR [--store SPEC] query
FILE.rq --format json``), in-process. ``pyoxigraph_eval`` / ``rdflib_eval`` (and
their syntax twins) are the raw libraries with the manifest's dataset, the
baselines the README table compares with.

``*_answer`` functions return the engine's Answer, or one line saying why there
is none; ``grade`` turns that into None (a pass) or what went wrong. ``*_eval``
and ``*_syntax`` do both.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from w3c_sparql_compare import compare, ordered_vars
from w3c_sparql_manifest import (
    GRAPH_FORMATS,
    Answer,
    EvalCase,
    SyntaxCase,
    as_csv,
    expected_answer,
    from_solutions,
)

STORES = ("memory", "oxigraph")
CLI_SECONDS = 10  # far above any correct answer; stops cross products with the ontology


def grade(case: EvalCase, answer: Answer | str, value: bool = False) -> str | None:
    """None when ``answer`` is the expected one, else one line on the difference."""
    if isinstance(answer, str):
        return answer
    expected = expected_answer(case.result)
    if case.result.suffix.lower() == ".csv":
        answer = as_csv(answer)
    if expected.kind == "graph" and answer.kind == "bindings" and not answer.variables:
        return "a graph query printed an empty SPARQL results table, not the graph (JSON-LD)"
    order = ordered_vars(case.query.read_text(encoding="utf-8"))
    return compare(expected, answer, order, value)


def _cli(args: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout, stderr of one in-process ``rightsgraph`` run; an
    exception that escaped the command (a traceback) is reported as exit 3."""
    from click.testing import CliRunner

    from rightsgraph.cli.main import main

    try:
        res = CliRunner().invoke(main, args, catch_exceptions=True)
    except TooSlow as exc:
        return 124, "", str(exc)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        return 3, res.stdout, f"traceback: {type(res.exception).__name__}: {res.exception}"
    return res.exit_code, res.stdout, res.stderr


def data_dir(case: EvalCase, work: Path) -> Path:
    """A fresh folder ``work/data`` holding only the test's data: its default-graph
    files as they are, and each named-graph file (``EvalCase.graph_files``) as
    TriG, ``GRAPH <file IRI> { ... }``, so that ``GRAPH <data-g1.ttl>`` and
    ``FROM <data-g1.ttl>`` in the query (relative to the query file) name it.

    An empty data file is left out: it holds no triples, and the loader refuses
    empty files on purpose (an empty contribution is a mistake)."""
    data = work / "data"
    data.mkdir(parents=True)
    for f in case.data:
        if f.read_bytes().strip():
            # as N-Triples, relative IRIs resolved against the suite's file
            # (``:s1 :p <>`` names the file the test's graph is named by)
            (data / f"{f.name}.nt").write_bytes(_absolute(f, ox.DefaultGraph()))
    for i, f in enumerate(case.graph_files):
        trig = _absolute(f, ox.NamedNode(f.as_uri()))
        if trig:
            (data / f"graph-{i}-{f.stem}.trig").write_bytes(trig)
    return data


def _absolute(f: Path, graph: Any) -> bytes:
    """File ``f`` parsed with its own IRI as base, as N-Triples (into the default
    graph) or as TriG (into the named ``graph``); lexical forms kept as written."""
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, graph)
        for q in ox.parse(path=str(f), format=GRAPH_FORMATS[f.suffix], base_iri=f.as_uri())
    ]
    if isinstance(graph, ox.DefaultGraph):
        return ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
            format=ox.RdfFormat.N_TRIPLES,
        )
    return ox.serialize(quads, format=ox.RdfFormat.TRIG) if quads else b""


def parse_cli_answer(text: str) -> Answer:
    """``--format json`` output: SPARQL results JSON, or JSON-LD for a graph."""
    doc = json.loads(text)
    if isinstance(doc, dict) and "head" in doc:
        return from_solutions(ox.parse_query_results(text, ox.QueryResultsFormat.JSON))
    quads = ox.parse(text, format=ox.RdfFormat.JSON_LD)
    return Answer("graph", triples=[(q.subject, q.predicate, q.object) for q in quads])


PUBLIC_GRAPH = "https://w3id.org/rightsgraph/graph/public"


def dataset_args(case: EvalCase) -> list[str]:
    """The protocol's dataset for a test with ``qt:graphData``, as ``query``
    options: the test's graphs as the only named graphs (``--named-graph``, one per
    file IRI), and as default graph the test's ``qt:data`` alone, which ``build``
    loaded as public data (``--default-graph`` graph/public; the derived graphs are
    left out: the test's default graph is its data). A query with its own ``FROM``
    / ``FROM NAMED`` gets no options, as a protocol client would send none: the
    parameters would override the dataset the query names."""
    from rightsgraph.store.dataset import from_clauses

    if not case.graph_data:
        return []
    if from_clauses(case.query.read_text(encoding="utf-8"), case.query.as_uri()) is not None:
        return []
    args = ["--default-graph", PUBLIC_GRAPH]
    for f in case.graph_data:
        args += ["--named-graph", f.as_uri()]
    return args


def cli_answer(case: EvalCase, store: str, work: Path) -> Answer | str:
    """Run ``case`` through the CLI on the memory store or an on-disk Oxigraph store.

    ``work`` holds the test's data folder (made by ``data_dir`` if missing) and
    the Oxigraph store built from it; tests with the same data may share one
    ``work`` folder, so the store is built once, as the CLI reuses a current store.
    """
    data = work / "data"
    if not data.is_dir():
        data_dir(case, work)
    spec = "memory" if store == "memory" else f"oxigraph:{work / 'store'}"
    args = ["--data", str(data), "--store", spec, "query", str(case.query), "--format", "json"]
    with time_limit(CLI_SECONDS):
        code, out, err = _cli(args + dataset_args(case))
    if code not in (0, 1):  # 1: no rows, the answer is still printed
        return f"exit {code}: {err.strip()[:300]}"
    try:
        return parse_cli_answer(out)
    except (ValueError, SyntaxError) as exc:
        return f"output is not SPARQL results JSON or JSON-LD: {exc}"


def cli_eval(case: EvalCase, store: str, work: Path) -> str | None:
    return grade(case, cli_answer(case, store, work))


def cli_syntax(case: SyntaxCase, work: Path, store: str = "memory") -> str | None:
    """A valid query is accepted (any answer, on an empty dataset); an invalid one
    is refused with exit 2 and one line on stderr, never exit 3 or a traceback."""
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    spec = "memory" if store == "memory" else f"oxigraph:{work / 'store'}"
    args = ["--data", str(data), "--store", spec, "query", str(case.query), "--format", "json"]
    with time_limit(CLI_SECONDS):
        code, out, err = _cli(args)
    if code == 3 or "Traceback" in err:
        return f"exit {code}: {err.strip()[:300]}"
    if case.positive:
        return None if code in (0, 1) else f"valid query refused (exit {code}): {err.strip()}"
    if code != 2:
        return f"invalid query accepted (exit {code})"
    lines = err.strip().splitlines()
    return None if len(lines) == 1 else f"refusal is {len(lines)} lines, not one: {err!r}"


# ---------------------------------------------------------------------------
# the raw libraries, for the comparison table


class TooSlow(BaseException):
    """Raised by ``time_limit``; a BaseException so that no ``except Exception``
    on the way (the CLI's own handler for bugs) turns it into an answer."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop a runaway evaluation (rdflib has a few) after ``seconds``."""

    def stop(signum: int, frame: object) -> None:
        raise TooSlow(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def pyoxigraph_answer(case: EvalCase) -> Answer | str:
    """Raw pyoxigraph: data in the default graph, graphData (and FROM's files) as
    named graphs named by their file IRI, the query file's IRI as base."""
    store = ox.Store()
    try:
        for f in case.data:
            store.load(path=str(f), format=GRAPH_FORMATS[f.suffix], base_iri=f.as_uri())
        for f in case.graph_files:
            store.load(
                path=str(f),
                format=GRAPH_FORMATS[f.suffix],
                base_iri=f.as_uri(),
                to_graph=ox.NamedNode(f.as_uri()),
            )
        res = store.query(case.query.read_text(encoding="utf-8"), base_iri=case.query.as_uri())
        return from_solutions(res)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def pyoxigraph_syntax(case: SyntaxCase) -> str | None:
    """Parsed by pyoxigraph (it has no parse-only call: the query runs on an empty
    store, and only a SyntaxError counts as refusing it)."""
    try:
        ox.Store().query(case.query.read_text(encoding="utf-8"), base_iri=case.query.as_uri())
    except SyntaxError as exc:
        return None if not case.positive else f"valid query refused: {exc}"
    except (ValueError, OSError, RuntimeError):
        pass  # parsed, then failed to run (an unknown function, say): accepted
    return "invalid query accepted" if not case.positive else None


RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}


def _from_rdflib(t: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t)) if str(t).isalnum() else ox.BlankNode()
    assert isinstance(t, Literal)
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)


def rdflib_answer(case: EvalCase) -> Answer | str:
    """Raw rdflib: the same dataset in an rdflib Dataset."""
    from rdflib import Dataset, URIRef

    ds = Dataset()
    try:
        with time_limit(20):
            for f in case.data:
                ds.default_context.parse(f, format=RDFLIB_FORMATS[f.suffix], publicID=f.as_uri())
            for f in case.graph_files:
                ds.graph(URIRef(f.as_uri())).parse(
                    f, format=RDFLIB_FORMATS[f.suffix], publicID=f.as_uri()
                )
            res = ds.query(case.query.read_text(encoding="utf-8"), base=case.query.as_uri())
            if res.type == "ASK":
                actual = Answer("boolean", boolean=bool(res.askAnswer))
            elif res.type in ("CONSTRUCT", "DESCRIBE"):
                conv: dict[Any, Any] = {}
                triples = []
                for s, p, o in res.graph or []:
                    c = [conv.setdefault(x, _from_rdflib(x)) for x in (s, p, o)]
                    triples.append((c[0], c[1], c[2]))
                actual = Answer("graph", triples=triples)
            else:
                variables = tuple(str(v) for v in res.vars or [])
                bnodes: dict[Any, Any] = {}
                rows = []
                for row in res:
                    rows.append(
                        {
                            v: bnodes.setdefault(t, _from_rdflib(t))
                            for v, t in zip(variables, row, strict=True)  # type: ignore[arg-type]
                            if t is not None
                        }
                    )
                actual = Answer("bindings", variables, rows)
    except (Exception, TooSlow) as exc:  # rdflib raises many kinds; each is a failed test
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]
    return actual


def rdflib_syntax(case: SyntaxCase) -> str | None:
    from rdflib.plugins.sparql import prepareQuery

    try:
        with time_limit(20):
            prepareQuery(case.query.read_text(encoding="utf-8"), base=case.query.as_uri())
    except (Exception, TooSlow) as exc:  # any refusal counts as refusing
        return None if not case.positive else f"valid query refused: {type(exc).__name__}"
    return "invalid query accepted" if not case.positive else None
