"""Contributions: CSV rows equal their Turtle twins, good files in each format
merge and then validate, bad files get the exact one-line error and never touch
the data folder, and a merge killed at any step leaves the folder unchanged.

Every test works on a copy of data/ in a temporary folder (``--data``): the
real data/ is never written."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsgraph.cli.main import main

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "bad"
GOOD = REPO / "tests" / "contrib" / "good"
TWINS = REPO / "tests" / "contrib" / "twins"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the project's data folder."""
    dest = tmp_path / "data"
    shutil.copytree(REPO / "data", dest)
    return dest


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy for the read-only bad-input cases (each checks it stays unchanged)."""
    dest = tmp_path_factory.mktemp("bad") / "data"
    shutil.copytree(REPO / "data", dest)
    return dest


# --- CSV rows are the same RDF as their Turtle twins ------------------------


@pytest.mark.parametrize("template", ["actors", "incidents", "documents", "claims"])
def test_csv_example_row_is_isomorphic_to_turtle_twin(template: str) -> None:
    from rdflib.compare import isomorphic

    from rightsgraph.rdf.csvmap import read_csv
    from rightsgraph.rdf.parse import parse_file

    result = read_csv(REPO / "data" / "templates" / f"{template}.csv")
    assert result.problems == []
    twin = parse_file(TWINS / f"{template}.ttl")
    assert isomorphic(result.parsed.graph, twin.graph), (
        sorted(result.parsed.graph ^ twin.graph)  # type: ignore[operator]
    )


def test_templates_have_header_and_one_example_row_matching_the_mapping() -> None:
    from rightsgraph.rdf.csvmap import mapping

    for name, spec in mapping().items():
        lines = (
            (REPO / "data" / "templates" / spec["file"]).read_text(encoding="utf-8").splitlines()
        )
        assert lines[0].split(",") == list(spec["columns"]), name
        assert len(lines) == 2, f"{name}: one header row and one worked example row"


def test_every_template_column_is_explained_in_contributing() -> None:
    from rightsgraph.rdf.csvmap import mapping

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name, spec in mapping().items():
        for column in spec["columns"]:
            assert f"`{column}`" in text, f"{name}.{column} is not explained in CONTRIBUTING.md"


# --- bad input: the exact one-line error, data untouched ---------------------


def _normalise(output: str, data: Path) -> list[str]:
    return [
        re.sub(re.escape(str(data)) + r"/([\w.-]+):\d+", r"DATA/\1:N", line)
        for line in output.splitlines()
    ]


def test_bad_corpus_is_large_and_spans_the_formats() -> None:
    assert len(EXPECTED) >= 30
    kinds = {name.split("-", 1)[0] for name in EXPECTED}
    assert {"ttl", "jsonld", "csv"} <= kinds
    assert sorted(EXPECTED) == sorted(p.name for p in BAD.iterdir() if p.name != "expected.json")


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_contribution(case: str, shared_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    before = snapshot(shared_copy)
    expected = EXPECTED[case]
    result = CliRunner().invoke(
        main, ["--data", str(shared_copy), "contribute", "-q", "--apply", f"tests/bad/{case}"]
    )
    assert result.exit_code == expected["exit"], result.output
    assert "Traceback" not in result.output
    assert expected["error"] in _normalise(result.output, shared_copy), result.output
    assert snapshot(shared_copy) == before


@pytest.mark.parametrize(
    "case", ["ttl-unknown-actor.ttl", "csv-ambiguous-date.csv", "jsonld-type-clash.jsonld"]
)
def test_validate_reports_the_same_problem(
    case: str, shared_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["--data", str(shared_copy), "validate", f"tests/bad/{case}"])
    assert result.exit_code == EXPECTED[case]["exit"], result.output
    assert EXPECTED[case]["error"] in _normalise(result.output, shared_copy), result.output


def test_json_format_has_machine_fields(shared_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        main,
        [
            "--data",
            str(shared_copy),
            "contribute",
            "-q",
            "--format",
            "json",
            "tests/bad/csv-impossible-date.csv",
        ],
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    [problem] = report["problems"]
    assert problem["severity"] == "error"
    assert (problem["focus"], problem["path"]) == ("ev:x--src-002", "rg:statementDate")
    assert problem["file"] == "tests/bad/csv-impossible-date.csv"
    assert problem["line"] == 2 and problem["csv_column"] == "statement_date"
    assert report["applied"] is None


def test_bom_and_crlf_are_accepted(tmp_path: Path, shared_copy: Path) -> None:
    text = (GOOD / "getty-images.ttl").read_text(encoding="utf-8")
    f = tmp_path / "getty-images.ttl"
    f.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = CliRunner().invoke(main, ["--data", str(shared_copy), "contribute", "-q", str(f)])
    assert result.exit_code == 0, result.output


# --- good contributions: what they change, then a merge that validates -------


def _errors(data: Path) -> set[str]:
    result = CliRunner().invoke(main, ["--data", str(data), "validate", "--format", "json"])
    report = json.loads(result.stdout)
    return {
        f"{p['focus']} {p['path']} {p['message']}"
        for p in report["problems"]
        if p["severity"] == "error"
    }


@pytest.mark.parametrize(
    ("name", "expected_change"),
    [
        ("getty-images.ttl", "+ new entity: actor:getty-images (rg:MediaOutlet) Getty Images"),
        (
            "afp.csv",
            "+ new entity: actor:agence-france-presse (rg:MediaOutlet) Agence France-Presse",
        ),
        (
            "diop-rejects-at-least-500.jsonld",
            "! contested: claim:moura-killed-at-least-500 becomes contested: "
            "actor:abdoulaye-diop rejects in doc:src-000-russian-veto",
        ),
    ],
)
def test_good_contribution_merges_and_validates(
    name: str, expected_change: str, data_copy: Path
) -> None:
    errors_before = _errors(data_copy)
    before = snapshot(data_copy)
    runner = CliRunner()
    review = runner.invoke(main, ["--data", str(data_copy), "contribute", "-q", str(GOOD / name)])
    assert review.exit_code == 0, review.output
    assert expected_change in [line.strip() for line in review.output.splitlines()], review.output
    assert "run again with --apply" in review.output
    assert snapshot(data_copy) == before  # reviewing writes nothing

    merged = runner.invoke(
        main, ["--data", str(data_copy), "contribute", "-q", "--apply", str(GOOD / name)]
    )
    assert merged.exit_code == 0, merged.output
    target = data_copy / f"contrib-{Path(name).stem}.ttl"
    assert f"merged into {target}" in merged.output
    after = snapshot(data_copy)
    assert set(after) - set(before) == {target.name}
    assert all(after[k] == v for k, v in before.items())

    assert _errors(data_copy) <= errors_before  # the merged folder is no worse
    check = runner.invoke(main, ["--data", str(data_copy), "validate", str(target)])
    assert check.exit_code == 0, check.output

    again = runner.invoke(
        main, ["--data", str(data_copy), "contribute", "-q", "--apply", str(GOOD / name)]
    )
    assert again.exit_code == 2, again.output  # never overwrites
    assert "already exists" in again.output


def test_evidence_merge_is_isomorphic_to_the_contribution(data_copy: Path) -> None:
    from rdflib.compare import isomorphic

    from rightsgraph.rdf.parse import parse_file

    source = GOOD / "diop-rejects-at-least-500.jsonld"
    result = CliRunner().invoke(
        main, ["--data", str(data_copy), "contribute", "-q", "--apply", str(source)]
    )
    assert result.exit_code == 0, result.output
    merged = parse_file(data_copy / "contrib-diop-rejects-at-least-500.ttl")
    assert isomorphic(merged.graph, parse_file(source).graph)


def test_library_review_lists_changes(data_copy: Path) -> None:
    from rightsgraph.contribute.review import review

    report = review([GOOD / "diop-rejects-at-least-500.jsonld"], data_copy)
    kinds = sorted(c.kind for c in report.changes)
    assert kinds == ["contested", "new evidence"]
    assert report.conforms


# --- a merge killed at each step leaves data/ unchanged ----------------------


@pytest.mark.parametrize("step", ["checked", "written", "fsynced", "verified", "linked"])
def test_merge_killed_at_each_step(step: str, data_copy: Path) -> None:
    before = snapshot(data_copy)
    env = dict(os.environ, RIGHTSGRAPH_TEST_PAUSE_AT=step)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rightsgraph",
            "--data",
            str(data_copy),
            "contribute",
            "-q",
            "--apply",
            str(GOOD / "getty-images.ttl"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline().decode()
        assert line.strip() == f"paused at {step}", line
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    after = snapshot(data_copy)
    if step == "linked":
        # past the commit point: the new file is there whole, nothing else changed
        target = data_copy / "contrib-getty-images.ttl"
        assert set(after) - set(before) == {target.name}
        assert all(after[k] == v for k, v in before.items())
        check = CliRunner().invoke(main, ["--data", str(data_copy), "validate", str(target)])
        assert check.exit_code == 0, check.output
    else:
        assert after == before


# --- large input --------------------------------------------------------------


def test_large_contribution_validates_with_progress(tmp_path: Path, empty_data: Path) -> None:
    """A 10k-triple file (the 200k case is benchmarks/bench_contribute.py)."""
    from bench_contribute import write_synthetic

    big = write_synthetic(tmp_path / "big.ttl", 10_000)
    steps: list[tuple[str, int, int]] = []
    from rightsgraph.validation.files import validate

    report = validate([big], empty_data, progress=lambda name, i, n: steps.append((name, i, n)))
    assert report.conforms, report.to_text()[:2000]
    assert steps and steps[-1][1] == steps[-1][2]
    assert any(name == "shapes" for name, _, _ in steps)
