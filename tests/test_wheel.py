"""The built wheel works outside the clone: ontology, data and queries travel as
package data, and `rightsgraph validate` runs from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0 and "No module named" in proc.stderr:
        pytest.skip(
            f"the wheel cannot be built here: {proc.stderr.strip().splitlines()[-1]} (pip install build hatchling)"
        )
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("rightsgraph-*.whl")
    return found


def test_wheel_ships_ontology_data_and_queries(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rightsgraph/_resources/ontology/rightsgraph.ttl" in names
    assert "rightsgraph/_resources/ontology/shapes/claims.ttl" in names
    assert "rightsgraph/_resources/ontology/context.jsonld" in names
    assert "rightsgraph/_resources/queries/cq2-moura-death-toll-sources.rq" in names
    assert "rightsgraph/_resources/data/claims-moura.ttl" in names
    assert "rightsgraph/cli/help.txt" in names  # the console script's pre-rendered --help


def test_installed_wheel_validates_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import rightsgraph.resources as r; print(r.resource_root())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.stdout.strip().startswith(str(site)), where.stdout + where.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "rightsgraph", "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s), 0 warning(s)" in proc.stdout
