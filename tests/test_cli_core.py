"""The core commands through click's CliRunner: help, validate (text, JSON,
unusable input), build and stats. Never on data/: every run points --data at
a folder of its own."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.turtle import PREFIXES
from rightsgraph.cli.main import main

GOOD = Path(__file__).resolve().parent / "shapes" / "good.ttl"

# three broken nodes, checked against a data folder holding good.ttl
BROKEN = (
    PREFIXES
    + """
actor:bad-iso a rg:State ;
    rdfs:label "Bad ISO"@en ;
    rg:iso3166 "mli" .

claim:no-evidence a rg:Statement ;
    rg:speaker actor:hrw .

claim:no-topic a rg:Recommendation ;
    rg:speaker actor:hrw ;
    rg:addressee actor:mali ;
    rg:evidence ev:hrw-recommends--hrw .
"""
)


def line_of(text: str, subject: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(subject + " "))


@pytest.fixture
def good_data(tmp_path: Path) -> Path:
    """A data folder holding only tests/shapes/good.ttl."""
    folder = tmp_path / "good-data"
    folder.mkdir()
    shutil.copy(GOOD, folder / "good.ttl")
    return folder


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run inside a fresh folder (with an empty data/), so reported file names
    are short and exact."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    listed = set(re.findall(r"^  ([a-z-]+)\s", result.output.split("Commands:")[1], re.M))
    expected = {
        "build",
        "validate",
        "stats",
        "query",
        "provenance",
        "path",
        "centrality",
        "neighbours",
    }
    assert expected <= listed, sorted(expected - listed)
    assert "--store" in result.output and "--data" in result.output


def test_validate_good_file(runner: CliRunner, empty_data: Path) -> None:
    result = runner.invoke(main, ["--data", str(empty_data), "validate", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert result.output == "1 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_validate_broken_file_text(runner: CliRunner, workdir: Path) -> None:
    shutil.copy(GOOD, "data/good.ttl")
    Path("broken.ttl").write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(main, ["--data", "data", "validate", "broken.ttl"])
    assert result.exit_code == 1, result.output
    iso, evidence, topic = (
        line_of(BROKEN, s) for s in ("actor:bad-iso", "claim:no-evidence", "claim:no-topic")
    )
    assert result.output.splitlines() == [
        f'broken.ttl:{iso}: error: actor:bad-iso rg:iso3166 = "mli": '
        'rg:iso3166 is the two-letter upper-case ISO 3166-1 code, e.g. "ML"',
        f"broken.ttl:{evidence}: error: claim:no-evidence rg:evidence: claim has no evidence: "
        "add rg:evidence pointing to an rg:Evidence record with the document, quote, claimant and stance",
        f"broken.ttl:{topic}: warning: claim:no-topic rg:topic: recommendation has no rg:topic: "
        "add one or more from the topic: scheme so it can be found by topic",
        "1 file(s) checked: 2 error(s), 1 warning(s)",
    ]


def test_validate_broken_file_json(runner: CliRunner, workdir: Path) -> None:
    shutil.copy(GOOD, "data/good.ttl")
    Path("broken.ttl").write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(main, ["--data", "data", "validate", "--format", "json", "broken.ttl"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["conforms"] is False
    assert doc["files"] == ["broken.ttl"]
    assert (doc["errors"], doc["warnings"]) == (2, 1)
    fields = ("severity", "focus", "path", "value", "file", "line", "message")
    for record in doc["problems"]:
        assert set(fields) <= set(record), record
    got = [tuple(r[f] for f in fields) for r in doc["problems"]]
    assert got == [
        (
            "error",
            "actor:bad-iso",
            "rg:iso3166",
            '"mli"',
            "broken.ttl",
            line_of(BROKEN, "actor:bad-iso"),
            'rg:iso3166 is the two-letter upper-case ISO 3166-1 code, e.g. "ML"',
        ),
        (
            "error",
            "claim:no-evidence",
            "rg:evidence",
            None,
            "broken.ttl",
            line_of(BROKEN, "claim:no-evidence"),
            "claim has no evidence: add rg:evidence pointing to an rg:Evidence record with the document, quote, claimant and stance",
        ),
        (
            "warning",
            "claim:no-topic",
            "rg:topic",
            None,
            "broken.ttl",
            line_of(BROKEN, "claim:no-topic"),
            "recommendation has no rg:topic: add one or more from the topic: scheme so it can be found by topic",
        ),
    ]


def test_validate_turtle_syntax_error(runner: CliRunner, workdir: Path) -> None:
    Path("syntax.ttl").write_text(
        PREFIXES + '\nactor:x a rg:NGO ;\n    rdfs:label "X"@en\nactor:y a rg:NGO .\n',
        encoding="utf-8",
    )
    line = PREFIXES.count("\n") + 4  # the statement after the missing '.'
    result = runner.invoke(main, ["--data", "data", "validate", "syntax.ttl"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    first, summary = result.output.splitlines()
    assert re.fullmatch(rf"syntax\.ttl:{line}:1: error: syntax error: \S.* — \S.*", first), first
    assert "dot is expected" in first
    assert summary == "1 file(s) checked: 1 error(s), 0 warning(s)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "latin1.ttl",
            "actor:caf\xe9 a rg:NGO .".encode("latin-1"),
            "latin1.ttl:1:10: error: the file is not valid UTF-8 (byte 0xe9) — save it as UTF-8",
        ),
        (
            "empty.ttl",
            b"",
            "empty.ttl: error: the file is empty — add RDF statements or remove the file",
        ),
        (
            "doctype.rdf",
            b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x "y"> ]>\n'
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
            "doctype.rdf:2: error: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entity expansion and external entities are unsafe) — remove the declaration",
        ),
        (
            "remote.jsonld",
            b'{"@context": "http://example.org/ctx.jsonld",'
            b' "@id": "https://w3id.org/rightsgraph/id/actor/x", "label": "X"}\n',
            "remote.jsonld: error: remote JSON-LD context 'http://example.org/ctx.jsonld' refused "
            '(nothing is fetched) — use "@context": "https://w3id.org/rightsgraph/context.jsonld" '
            "(shipped with rightsgraph) or inline the context",
        ),
    ],
    ids=["non-utf8", "empty", "rdfxml-doctype", "jsonld-remote-context"],
)
def test_validate_unusable_file(
    runner: CliRunner, workdir: Path, name: str, content: bytes, message: str
) -> None:
    Path(name).write_bytes(content)
    result = runner.invoke(main, ["--data", "data", "validate", name])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [
        message,
        "1 file(s) checked: 1 error(s), 0 warning(s)",
    ]


@pytest.mark.parametrize("command", [["stats"], ["build"]])
def test_unknown_store_is_a_usage_error(
    runner: CliRunner, empty_data: Path, command: list[str]
) -> None:
    result = runner.invoke(main, ["--store", "nonsense", "--data", str(empty_data), *command])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "error: --store 'nonsense' is not understood — "
        "use memory, oxigraph:PATH or sparql:URL[,update=URL][,graph=IRI]\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "sparql:http://127.0.0.1:1/q,user=x",
            "after the URL only ',update=URL' and ',graph=IRI' are allowed",
        ),
        (
            "sparql:http://127.0.0.1:1/q,graph=a,graph=b",
            "after the URL only ',update=URL' and ',graph=IRI' are allowed",
        ),
        ("sparql:http://127.0.0.1:1/q,graph=not an iri", "is not an absolute IRI"),
    ],
)
def test_bad_sparql_store_options_are_usage_errors(
    runner: CliRunner, empty_data: Path, spec: str, message: str
) -> None:
    result = runner.invoke(main, ["--store", spec, "--data", str(empty_data), "stats"])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_build_and_stats_on_good_data(runner: CliRunner, good_data: Path) -> None:
    built = runner.invoke(main, ["--data", str(good_data), "build", "--quiet"])
    assert built.exit_code == 0, built.output
    m = re.fullmatch(r"memory: built, (\d+) triples from 4 files\n", built.stdout)
    assert m, built.stdout  # 3 ontology files + good.ttl

    result = runner.invoke(main, ["--data", str(good_data), "stats"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"triples: {m.group(1)}"
    totals = {k: int(v) for k, v in re.findall(r"^(\S.*?)\s+(\d+)$", "\n".join(lines[1:]), re.M)}
    assert totals == {
        "claims": 23,
        "evidence records": 21,
        "contested claims": 1,
        "documents": 6,
        "archived documents": 1,
        "actors": 20,
        "incidents": 2,
        "accountability mechanisms": 1,
        "restricted nodes": 5,
    }
    by_class = dict(
        (c, int(n)) for c, n in re.findall(r"^  (rg:\w+)\s+(\d+)$", result.stdout, re.M)
    )
    assert by_class["rg:Evidence"] == 21
    assert by_class["rg:State"] == 3
    assert by_class["rg:Veto"] == 1 and by_class["rg:Vote"] == 1
    assert "rg:Claim" not in by_class  # only the classes instances are typed with


def test_stats_json_on_good_data(runner: CliRunner, good_data: Path) -> None:
    result = runner.invoke(main, ["--data", str(good_data), "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["totals"]["claims"] == 23
    assert doc["totals"]["contested claims"] == 1
    assert doc["by_class"]["rg:Document"] == 6
    # 81 typed nodes, the resolution typed twice (rg:Resolution and rg:Document)
    assert sum(doc["by_class"].values()) == 82


def test_validate_on_the_oxigraph_store(runner: CliRunner, workdir: Path) -> None:
    """--store oxigraph:PATH validate: the same lines, exit codes and summaries as
    the embedded store, from the fast validator."""
    shutil.copy(GOOD, "data/good.ttl")
    Path("broken.ttl").write_text(BROKEN, encoding="utf-8")
    store = ["--store", "oxigraph:store", "--data", "data"]
    whole = runner.invoke(main, [*store, "validate"])
    assert whole.exit_code == 0, whole.output
    assert whole.output.splitlines() == ["1 file(s) checked: 0 error(s), 0 warning(s)"]
    fast = runner.invoke(main, [*store, "validate", "broken.ttl"])
    reference = runner.invoke(main, ["--data", "data", "validate", "broken.ttl"])
    assert fast.exit_code == reference.exit_code == 1
    assert fast.output == reference.output
    Path("syntax.ttl").write_text(PREFIXES + "\nactor:x a rg:NGO\nactor:y a rg:NGO .\n")
    bad = runner.invoke(main, [*store, "validate", "syntax.ttl"])
    assert bad.exit_code == 2 and "syntax.ttl:" in bad.output and "Traceback" not in bad.output
    Path("rows.csv").write_text("id,label\n")
    csv = runner.invoke(main, [*store, "validate", "rows.csv"])
    assert csv.exit_code == 2 and "without --store" in csv.output
