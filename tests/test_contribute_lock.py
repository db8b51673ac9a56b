"""Merges take turns: parallel ``contribute --apply`` runs never pass each other's checks.

Each round starts real processes at once on one copy of data/: two files that
declare the same new actor with different types, and two that give two new
actors the same name. Each file is valid alone; together they are not. With the
data folder locked and every check re-run under the lock, exactly one of each
pair merges and the folder still validates. Independent files all merge.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsgraph.cli.main import main

REPO = Path(__file__).resolve().parent.parent
PREFIXES = (
    "@prefix rg: <https://w3id.org/rightsgraph/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .\n\n"
)
ROUNDS = 3


def _actor(ident: str, cls: str, label: str) -> str:
    return f'{PREFIXES}actor:{ident} a rg:{cls} ;\n    rdfs:label "{label}"@en .\n'


def _apply_all(data: Path, files: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    """Start one ``contribute --apply`` process per file at the same time; wait for all."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "rightsgraph", "--data", str(data), "contribute", "-q"]
            + ["--apply", str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    out = []
    for p, f in zip(procs, files, strict=True):
        stdout, stderr = p.communicate(timeout=300)
        out.append(subprocess.CompletedProcess([str(f)], p.returncode, stdout, stderr))
    return out


def _merged(data: Path) -> set[str]:
    return {p.name for p in data.glob("contrib-*.ttl")}


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_parallel_clashing_merges_let_exactly_one_of_each_pair_in(
    round_no: int, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    files = {
        "ngo": _actor("race-x", "NGO", f"Race X {round_no}"),
        "state": _actor("race-x", "State", f"Race X {round_no}"),
        "name-a": _actor("race-a", "NGO", f"Same Name {round_no}"),
        "name-b": _actor("race-b", "NGO", f"Same Name {round_no}"),
    }
    paths = []
    for name, text in files.items():
        path = tmp_path / f"{name}.ttl"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    results = _apply_all(data, paths)
    for r in results:
        assert "Traceback" not in r.stdout + r.stderr, r.stderr
        assert r.returncode in (0, 1), r.stdout + r.stderr
    merged = _merged(data)
    assert len(merged & {"contrib-ngo.ttl", "contrib-state.ttl"}) == 1, merged
    assert len(merged & {"contrib-name-a.ttl", "contrib-name-b.ttl"}) == 1, merged
    refused = [r for r in results if r.returncode == 1]
    assert len(refused) == 2
    for r in refused:
        # refused on review or under the lock, always with a one-line reason
        reason = [line for line in r.stdout.splitlines() if "error:" in line]
        assert reason, r.stdout
    check = CliRunner().invoke(main, ["--data", str(data), "validate"])
    assert check.exit_code == 0, check.output


def test_parallel_independent_merges_all_land(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    paths = []
    for i in range(4):
        path = tmp_path / f"independent-{i}.ttl"
        path.write_text(_actor(f"independent-{i}", "NGO", f"Independent body {i}"), "utf-8")
        paths.append(path)
    results = _apply_all(data, paths)
    assert all(r.returncode == 0 for r in results), [r.stdout + r.stderr for r in results]
    assert _merged(data) == {f"contrib-independent-{i}.ttl" for i in range(4)}
    check = CliRunner().invoke(main, ["--data", str(data), "validate"])
    assert check.exit_code == 0, check.output


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    names=st.lists(
        st.sampled_from(["Alpha Unit", "Beta Unit", "Gamma Unit"]), min_size=2, max_size=4
    )
)
def test_lock_keeps_names_unique_whatever_the_interleaving(
    names: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """In-process merges on threads (each its own lock): no name ever lands twice."""
    from rightsgraph.contribute.review import apply, review
    from rightsgraph.errors import RightsgraphError

    root = tmp_path_factory.mktemp("lock")
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    paths = []
    for i, label in enumerate(names):
        path = root / f"unit-{i}.ttl"
        path.write_text(_actor(f"unit-{i}", "NGO", label), "utf-8")
        paths.append(path)
    reports = [review([p], data) for p in paths]
    assert all(r.conforms for r in reports)  # each is valid against the data alone

    def run(i: int) -> None:
        with contextlib.suppress(RightsgraphError):  # refused under the lock: expected
            apply(reports[i], data)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(paths))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    landed = [names[int(p.stem.split("-")[-1])] for p in data.glob("contrib-unit-*.ttl")]
    assert sorted(landed) == sorted(set(names))
