"""The built wheel works outside the clone, and a plain install runs every command.

"Plain" means what ``pip install rightsgraph`` gives, no extras: a fresh virtual
environment holding the wheel and exactly the distributions its core
``Requires-Dist`` pull in (read from the built wheel's own metadata, so a
dependency we forget to declare fails here). They are linked from the running
environment rather than downloaded, so the test works offline and stays short.
numpy and matplotlib are absent there: every export format except the timeline
image works without them, and the timeline says in one line what to install."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MOURA_PATH = "incident/moura-2022-03"


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


def test_wheel_ships_ontology_data_queries_and_javascript(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rightsgraph/_resources/ontology/rightsgraph.ttl" in names
    assert "rightsgraph/_resources/ontology/shapes/claims.ttl" in names
    assert "rightsgraph/_resources/ontology/context.jsonld" in names
    assert "rightsgraph/_resources/queries/cq2-moura-death-toll-sources.rq" in names
    assert "rightsgraph/_resources/data/claims-moura.ttl" in names
    assert "rightsgraph/cli/help.txt" in names  # the console script's pre-rendered --help
    for f in ("sigma.min.js", "graphology.min.js", "sigma.LICENSE.txt", "manifest.json"):
        assert f"rightsgraph/export/assets/vendor/{f}" in names
    # the SPARQL editor of serve: our script and style, the vendored YASGUI and its licences
    for f in (
        "editor.js",
        "views.js",
        "editor.css",
        "vendor/yasgui.min.js",
        "vendor/yasgui.min.css",
    ):
        assert f"rightsgraph/serve/static/{f}" in names
    assert "rightsgraph/serve/static/vendor/yasgui.LICENSE.txt" in names


# ---- a plain install ------------------------------------------------------------


def _requirements(text: str, extras: set[str]) -> list[str]:
    """Names of the distributions a METADATA text requires (markers evaluated)."""
    from packaging.requirements import Requirement

    names = []
    for line in Parser().parsestr(text).get_all("Requires-Dist") or []:
        req = Requirement(line)
        env = {"extra": next(iter(extras), "")}
        if req.marker is None or req.marker.evaluate(env):
            names.append(req.name)
    return names


def _closure(wheel: Path) -> list[metadata.Distribution]:
    """The installed distributions a plain ``pip install`` of the wheel would bring."""
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        todo = _requirements(z.read(meta).decode("utf-8"), set())
    seen: dict[str, metadata.Distribution] = {}
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        dist = metadata.distribution(name)
        seen[name] = dist
        todo += _requirements(dist.read_text("METADATA") or "", set())
    return list(seen.values())


def _link(dist: metadata.Distribution, into: Path) -> None:
    """Symlink a distribution's top-level modules, packages and metadata into ``into``."""
    root = Path(str(dist.locate_file("")))
    tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
    for top in tops:
        src, dst = root / top, into / top
        if src.exists() and not dst.exists() and top != "__pycache__":
            dst.symlink_to(src)


@pytest.fixture(scope="module")
def plain(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    started = time.monotonic()
    base = tmp_path_factory.mktemp("plain")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    deps = base / "deps"
    deps.mkdir()
    closure = _closure(wheel)
    for dist in closure:
        _link(dist, deps)
    (site / "core-dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],  # fmt: skip
        check=True,
        timeout=300,
    )
    work = base / "elsewhere"
    work.mkdir()
    seconds = time.monotonic() - started
    print(f"\nplain venv with {len(closure)} core distributions ready in {seconds:.1f}s")
    return {"bin": env_dir / "bin", "py": py, "work": work, "closure": closure}


def _run(plain: dict[str, object], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(Path(str(plain["bin"])) / "rightsgraph"), *args],
        cwd=str(plain["work"]),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_plain_install_has_no_extras(plain: dict[str, object]) -> None:
    names = {d.metadata["Name"].lower() for d in plain["closure"]}  # type: ignore[attr-defined]
    assert {"rdflib", "networkx", "starlette", "uvicorn", "jinja2"} <= names
    assert not {"numpy", "matplotlib", "scipy"} & names
    probe = subprocess.run(
        [str(plain["py"]), "-c", "import numpy"], capture_output=True, text=True, check=False
    )
    assert "No module named 'numpy'" in probe.stderr


def test_installed_wheel_reads_its_own_resources(plain: dict[str, object]) -> None:
    where = subprocess.run(
        [str(plain["py"]), "-c", "import rightsgraph.resources as r; print(r.resource_root())"],
        cwd=str(plain["work"]),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "site-packages" in where.stdout and str(REPO) not in where.stdout, where.stderr


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["validate"], "0 error(s), 0 warning(s)"),
        (["stats"], "contested claims"),
        (["build"], "built"),
        (["query", "cq5-expelled-officials"], "Guillaume Ngefa"),
        (["query", "--list"], "cq9-actor-links"),
        (["provenance", "incident:moura-2022-03"], "CONTESTED"),
        (["path", "Wagner", "Russia"], "linked to"),
        (["centrality", "--top", "3"], "betweenness"),
        (["neighbours", "incident:moura-2022-03"], "neighbour(s)"),
        (
            ["contribute", str(REPO / "tests/contrib/good/diop-rejects-at-least-500.jsonld")],
            "changes",
        ),
        (["verify-quotes", "--sources", "."], "quote(s)"),
        (["--help"], "Commands:"),
    ],
)
def test_plain_install_runs_every_command(plain, args: list[str], expect: str) -> None:
    proc = _run(plain, *args)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert expect in proc.stdout + proc.stderr


def test_plain_install_drafts_a_contribution_that_contribute_accepts(plain, tmp_path: Path) -> None:
    """``draft`` runs on the wheel's core dependencies alone (sentence splitting and
    date reading included), and what it writes is a contribution ``contribute`` takes."""
    from helpers.project import sources_dir

    sources = sources_dir()
    if sources is None:
        pytest.skip("the archived source texts are not beside this checkout")
    out = tmp_path / "draft-004.ttl"
    source = next(sources.glob("004_*.txt"))
    proc = _run(
        plain, "draft", str(source), "--document", "doc:src-004-minusma-to-end", "-o", str(out)
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "rg:quote" in out.read_text(encoding="utf-8")
    checked = _run(plain, "contribute", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr


NETWORK = ["graphml", "gexf", "cytoscape", "csv", "dot", "html", "ttl", "nt", "jsonld"]


@pytest.mark.parametrize("fmt", NETWORK + ["svg", "png"])
def test_plain_install_writes_every_export_format(plain, fmt: str) -> None:
    import shutil

    if fmt in ("svg", "png") and shutil.which("dot") is None:
        pytest.skip("Graphviz missing — run .ci/install-system-deps")
    out = Path(str(plain["work"])) / f"out-{fmt}"
    proc = _run(plain, "export", "--format", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{fmt}: wrote" in proc.stdout
    assert out.exists() and (out.is_dir() or out.stat().st_size > 1000)
    if fmt == "html":
        page = out.read_text(encoding="utf-8")
        assert "sigma 3" in page and "graphology 0" in page


def test_plain_install_timeline_names_the_extra(plain) -> None:
    out = Path(str(plain["work"])) / "timeline.png"
    proc = _run(plain, "export", "--format", "timeline", "-o", str(out))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'rightsgraph[viz]'" in lines[0], proc.stderr
    assert not out.exists()


def test_plain_install_serves_pages_and_the_graph_view(plain) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.Popen(
        [str(Path(str(plain["bin"])) / "rightsgraph"), "serve", "--port", "0"],
        cwd=str(plain["work"]),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        found = re.search(r"at (http://[\d.]+:\d+/)", line)
        assert found, line + (proc.stderr.read() if proc.poll() is not None else "")
        base = found.group(1)
        with urllib.request.urlopen(base, timeout=60) as r:
            assert r.status == 200 and b"rightsgraph" in r.read()
        with urllib.request.urlopen(base + "graph/" + MOURA_PATH, timeout=120) as r:
            page = r.read().decode("utf-8")
            assert r.status == 200 and 'id="rg-data"' in page and "Moura" in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_plain_install_never_writes_into_the_package(plain) -> None:
    good = str(REPO / "tests/contrib/good/getty-images.ttl")
    packaged = Path(
        subprocess.run(
            [
                str(plain["py"]),
                "-c",
                "import rightsgraph.resources as r; print(r.default_data_dir())",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    before = sorted(p.name for p in packaged.iterdir())
    outside = _run(plain, "contribute", good, "--apply")
    assert outside.returncode == 2 and "rightsgraph init" in outside.stderr, outside.stderr
    forced = _run(plain, "--data", str(packaged), "contribute", good, "--apply")
    assert forced.returncode == 2 and "read-only" in forced.stderr, forced.stderr
    assert sorted(p.name for p in packaged.iterdir()) == before
    project = Path(str(plain["work"])) / "team-dataset"
    assert _run(plain, "init", str(project)).returncode == 0
    inside = _run(plain, "--data", str(project / "data"), "contribute", good, "--apply", "-q")
    assert inside.returncode == 0, inside.stdout + inside.stderr
    assert (project / "data" / "contrib-getty-images.ttl").is_file()
