"""Virtuoso, the engine teams reach for past one machine, as a ``--store sparql:`` backend.

A private Virtuoso 7 (Debian's ``virtuoso-opensource``) is started on 127.0.0.1
on free ports in a temporary folder, filled by ``rightsgraph build`` into a named
graph through SPARQL Update, and every named query is compared with the memory
store. Virtuoso has no boolean type (``true`` comes back as ``1``), so booleans
are compared by truth value; everything else must be identical. Skipped, saying
why, where Virtuoso is not installed (``.ci/install-system-deps`` installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_stores import (  # noqa: F401 (data_dir is a fixture)
    comparable_rows,
    data_dir,
    free_port,
    stop,
    wait_until_answering,
)

GRAPH = "https://w3id.org/rightsgraph/graph/test"
MAX_ROWS = 4000  # the server's ResultSetMaxRows: above every named query's answer here

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        pytest.skip("Virtuoso is not installed — apt install virtuoso-opensource")
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http, max_rows=MAX_ROWS))
    proc = subprocess.Popen(
        [server, "+foreground", "+configfile", str(d / "virtuoso.ini")],
        cwd=d,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        wait_until_answering(
            proc,
            f"{url}?query=ASK%7B%7D",
            60,
            lambda: (d / "virtuoso.log").read_text(errors="replace")[-500:],
        )
        # a private instance: let the anonymous SPARQL user update (never do this on a shared one)
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def both(data_dir: Path, virtuoso: str) -> dict[str, Any]:  # noqa: F811 (fixture)
    from rightsgraph.store.build import build, open_store

    spec = f"sparql:{virtuoso},update={virtuoso},graph={GRAPH}"
    report = build(spec, data_dir)
    memory = open_store("memory", data_dir)
    assert report.triples == memory.triple_count()
    return {"memory": memory, "virtuoso": open_store(spec, data_dir)}


def truth_values(rows: set[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    """Virtuoso's 1/0 and a boolean's true/false as one value."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    same = {
        f'"true"^^<{xsd}boolean>': "TRUE",
        f'"1"^^<{xsd}integer>': "TRUE",
        f'"false"^^<{xsd}boolean>': "FALSE",
        f'"0"^^<{xsd}integer>': "FALSE",
    }
    return {tuple((k, same.get(v, v) if isinstance(v, str) else v) for k, v in r) for r in rows}


def _named() -> list[str]:
    from rightsgraph.answers.queries import named_queries

    return sorted(named_queries())


@pytest.mark.parametrize("name", _named())
def test_named_query_same_answers_on_virtuoso(both: dict[str, Any], name: str) -> None:
    from rightsgraph.answers.queries import run_query

    mem = truth_values(comparable_rows(*run_query(both["memory"], name)))
    virt = truth_values(comparable_rows(*run_query(both["virtuoso"], name)))
    assert virt == mem, f"{name}: Virtuoso differs: {virt ^ mem}"


def test_build_fills_only_its_named_graph(both: dict[str, Any], virtuoso: str) -> None:
    import json
    import urllib.parse
    import urllib.request

    from rightsgraph.store.remote import SparqlStore

    # Virtuoso's own default graph is the union of every graph, its system graphs too
    body = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    req = urllib.request.Request(
        virtuoso, body.encode(), headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310 (127.0.0.1)
        doc = json.load(resp)
    everything = int(doc["results"]["bindings"][0]["n"]["value"])
    assert everything > both["virtuoso"].triple_count() == both["memory"].triple_count()
    # and none of its graphs under the standard names: only the ones graph=IRI names
    assert SparqlStore(virtuoso).triple_count() == 0


def test_virtuoso_row_cap_is_an_error_not_a_short_answer(both: dict[str, Any]) -> None:
    from rightsgraph.errors import QueryError

    assert len(both["memory"].query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows) > MAX_ROWS
    with pytest.raises(QueryError, match=r"cut its answer at 4000 rows .*truncated answer refused"):
        both["virtuoso"].query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
