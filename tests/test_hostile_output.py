"""What hostile data can do to the people who read the tool's output.

A file that got into the graph (by a merge, or copied into data/ by hand) must
not take over a terminal, run as a spreadsheet formula, become a javascript:
link, or make a command print a traceback. Each test drives the real command.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from helpers.servers import Server, running_server, small_data
from rightsgraph.cli.main import main

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "bad"
FORMULAS = REPO / "tests" / "contrib" / "formulas" / "spreadsheet-formulas.csv"
PREFIXES = (
    "@prefix rg: <https://w3id.org/rightsgraph/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .\n"
)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess: what a terminal would show, stderr included."""
    return subprocess.run(
        [sys.executable, "-m", "rightsgraph", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("out") / "data"
    shutil.copytree(REPO / "data", dest)
    return dest


# --- the review cannot be spoofed ----------------------------------------------


def test_ansi_label_cannot_rewrite_the_review(data_copy: Path) -> None:
    result = _cli("--data", str(data_copy), "contribute", "-q", str(BAD / "ttl-ansi-label.ttl"))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "\x1b" not in out and "\r" not in out, ascii(out)
    # the escape sequence is shown, visibly, on the line of the entity it is in
    new = [ln for ln in result.stdout.splitlines() if ln.startswith("  + new entity:")]
    assert len(new) == 1 and "Getty\\x1b[2K\\x1b[1A\\x0d" in new[0], result.stdout


def test_protected_change_is_listed_first_with_before_and_after(data_copy: Path) -> None:
    path = str(BAD / "ttl-censor-by-access-level.ttl")
    refused = _cli("--data", str(data_copy), "contribute", "-q", "--apply", path)
    assert refused.returncode == 1, refused.stdout
    lines = refused.stdout.splitlines()
    assert lines[0] == "protected changes (need --allow-protected):"
    assert lines[1] == (
        "  ! access level: actor:fama rg:accessLevel: (public by default) → access:restricted"
        " (withdraws it and the 29 statement(s) naming it from public output)"
    )
    assert not (data_copy / "contrib-ttl-censor-by-access-level.ttl").exists()
    allowed = _cli("--data", str(data_copy), "contribute", "-q", "--allow-protected", path)
    assert allowed.returncode == 0, allowed.stdout
    assert allowed.stdout.splitlines()[0] == "protected changes (allowed by --allow-protected):"


ID_FAMA = "https://w3id.org/rightsgraph/id/actor/fama"


def test_protected_change_merges_only_when_allowed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    path = str(BAD / "ttl-censor-by-access-level.ttl")
    merged = _cli("--data", str(data), "contribute", "-q", "--apply", "--allow-protected", path)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert (data / "contrib-ttl-censor-by-access-level.ttl").is_file()
    # the change is real: FAMa is gone from public answers
    public = _cli("--data", str(data), "query", "entities", "--format", "csv")
    assert public.returncode == 0, public.stderr
    iris = {line.rsplit(",", 1)[-1] for line in public.stdout.splitlines()}
    assert ID_FAMA not in iris and ID_FAMA.replace("fama", "wagner-group") in iris


# --- ill-typed literals copied into data/: no command prints a traceback ----------

ILL_TYPED = PREFIXES + (
    'actor:fama rdfs:comment "many"^^xsd:double , "25:99"^^xsd:time , "zz"^^xsd:hexBinary , '
    '"P1X"^^xsd:duration , "P1W"^^xsd:duration , "0000-01-01"^^xsd:date , '
    '"2023-08-30T24:00:00"^^xsd:dateTime , "300"^^xsd:byte .\n'
)


@pytest.fixture(scope="module")
def ill_typed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("ill") / "data"
    shutil.copytree(REPO / "data", dest)
    (dest / "zz-ill-typed.ttl").write_text(ILL_TYPED, encoding="utf-8")
    return dest


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["validate"],
        ["query", "entities", "--format", "csv"],
        ["export", "--format", "graphml", "-o", "{out}/g.graphml"],
        ["export", "--format", "ttl", "-o", "{out}/g.ttl"],
    ],
    ids=["stats", "validate", "query", "export-graphml", "export-ttl"],
)
def test_ill_typed_literals_in_data_print_no_traceback(
    args: list[str], ill_typed_data: Path, tmp_path: Path
) -> None:
    result = _cli("--data", str(ill_typed_data), *[a.format(out=tmp_path) for a in args])
    out = result.stdout + result.stderr
    assert result.returncode in (0, 1), out[-2000:]
    assert "Traceback" not in out and "Failed to convert" not in out, out[-2000:]
    if args == ["validate"]:  # and the folder check names each one
        assert result.returncode == 1, out[-2000:]
        for value in ("'many' is not a valid xsd:double", "'P1X' is not a valid xsd:duration"):
            assert value in result.stdout, result.stdout[-2000:]


def test_token_over_oxigraphs_buffer_is_one_line(tmp_path: Path) -> None:
    """17 MiB in one literal: Oxigraph stops at 16 MiB; the message names file and line."""
    path = tmp_path / "huge.ttl"
    with path.open("w", encoding="utf-8") as f:
        f.write(PREFIXES + 'actor:x rdfs:comment "')
        f.write("a" * (17 * 1024 * 1024))
        f.write('" .\n')
    empty = tmp_path / "data"
    empty.mkdir()
    result = CliRunner().invoke(main, ["--data", str(empty), "validate", str(path)])
    assert result.exit_code == 2, result.output[:500]
    first = result.output.splitlines()[0]
    assert re.match(r"^\S+huge\.ttl:5: error: a literal or IRI of 17,825,792 characters", first)
    assert len(result.output) < 1000


# --- CSV and TSV never carry a live formula --------------------------------------


@pytest.fixture(scope="module")
def formula_data(data_copy: Path) -> Path:
    merged = CliRunner().invoke(
        main, ["--data", str(data_copy), "contribute", "-q", "--apply", str(FORMULAS)]
    )
    assert merged.exit_code == 0, merged.output
    return data_copy


def _cells(text: str, delimiter: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_output_neutralises_formulas(fmt: str, formula_data: Path) -> None:
    result = CliRunner().invoke(
        main, ["--data", str(formula_data), "query", "entities", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    cells = _cells(result.output, "," if fmt == "csv" else "\t")
    hyperlink = [c for c in cells if "HYPERLINK" in c]
    dde = [c for c in cells if "cmd|" in c]
    assert hyperlink and dde, result.output[:500]
    live = [c for c in cells if c.lstrip('"').startswith(("=", "+", "@"))]
    assert live == [], live
    assert any(c.lstrip('"').startswith("'=HYPERLINK(") for c in hyperlink), hyperlink


# --- serve: only http(s) IRIs are links; CSV downloads are neutralised -----------

JAVASCRIPT_NODE = (
    '<javascript:alert(9)> rdfs:label "Click me" .\n'
    'actor:open-actor rdfs:seeAlso <javascript:alert(9)> ; rdfs:comment "=1+1" .\n'
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = small_data(tmp_path_factory.mktemp("js") / "data")
    (data / "js.ttl").write_text(PREFIXES + JAVASCRIPT_NODE, encoding="utf-8")
    with running_server(data, workdir=tmp_path_factory.mktemp("log")) as s:
        yield s


def test_javascript_iri_is_text_not_a_link(server: Server) -> None:
    page = httpx.get(server.url + "/node", params={"iri": "javascript:alert(9)"}, timeout=120)
    assert page.status_code == 200, page.text[:500]
    assert "Click me" in page.text  # the node is shown...
    assert not re.search(r"""href=["']?\s*javascript:""", page.text, re.I)  # ...never linked
    assert "canonical" not in page.text
    assert "link" not in {k.lower() for k in page.headers}
    rdf = httpx.get(
        server.url + "/node",
        params={"iri": "javascript:alert(9)", "format": "ttl"},
        timeout=120,
    )
    assert rdf.status_code == 200 and "link" not in {k.lower() for k in rdf.headers}
    http_node = httpx.get(server.url + "/entity/actor/open-actor", timeout=120)
    assert '<link rel="canonical" href="https://w3id.org/rightsgraph/id/actor/open-actor">' in (
        http_node.text
    )


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_sparql_download_neutralises_formulas(fmt: str, server: Server) -> None:
    query = "SELECT ?c WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#comment> ?c }"
    answer = httpx.get(server.url + "/sparql", params={"query": query, "format": fmt}, timeout=120)
    assert answer.status_code == 200, answer.text
    cells = _cells(answer.text, "," if fmt == "csv" else "\t")
    assert any(c.lstrip('"').startswith("'=1+1") for c in cells), cells
    assert not [c for c in cells if c.lstrip('"').startswith("=")], cells


def test_web_link_only_for_http() -> None:
    from rightsgraph.serve.pages import web_link

    assert web_link("https://w3id.org/rightsgraph/id/actor/x") == (
        "https://w3id.org/rightsgraph/id/actor/x"
    )
    for iri in ("javascript:alert(9)", "JaVaScRiPt:alert(9)", "data:text/html,x", "urn:x:y"):
        assert web_link(iri) is None


def test_control_characters_in_data_are_reported_by_validate(tmp_path: Path) -> None:
    """A NUL copied into data/ by hand (no XML export could carry it) is an error."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    (data / "zz-nul.ttl").write_text(PREFIXES + 'actor:fama rdfs:comment "a\\u0000b" .\n', "utf-8")
    result = CliRunner().invoke(main, ["--data", str(data), "validate"])
    assert result.exit_code == 1, result.output
    assert (
        "zz-nul.ttl:5: error: actor:fama rdfs:comment: the text holds control character(s) U+0000"
        in (result.output)
    )
    assert "\x00" not in result.output
