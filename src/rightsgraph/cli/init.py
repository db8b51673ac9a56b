"""``rightsgraph init DIR``, and where data lives.

The data inside an installed package is an example dataset, read-only: a
command that writes (``contribute --apply``) works on ``--data DIR``, or on
``./data`` when the current folder is a rightsgraph project, and otherwise says
so in one line — it never writes into site-packages. A project is a folder made
by ``rightsgraph init`` (it holds ``rightsgraph.toml``) or a clone of the
repository (its ``pyproject.toml`` names rightsgraph). Inside a project made by
``init``, every command reads its ``data/`` by default.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from ..errors import UsageError
from ..resources import PROJECT_MARKER as MARKER
from ..resources import project_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent.parent

PROJECT_FILE = """\
# A rightsgraph project: commands run in this folder read and write ./data.
# Validate with `rightsgraph validate`; merge a checked contribution with
# `rightsgraph contribute FILE --apply`.
[project]
data = "data"
"""

# the project's first data file: the prefixes every file of the dataset uses, no statements yet
DATASET = """\
# Your dataset starts here: add actors, documents, incidents and claims in this
# file or in new files beside it (see data/templates/ for the CSV route).
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .
@prefix doc: <https://w3id.org/rightsgraph/id/doc/> .
@prefix claim: <https://w3id.org/rightsgraph/id/claim/> .
@prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .
@prefix incident: <https://w3id.org/rightsgraph/id/incident/> .
@prefix place: <https://w3id.org/rightsgraph/id/place/> .
@prefix mech: <https://w3id.org/rightsgraph/id/mechanism/> .
"""

README = """\
# {name}

A rightsgraph dataset. Every fact is a claim backed by evidence: the document, a
short verbatim quote, who asserts it and when.

- `data/` — the graph, as Turtle or JSON-LD files (any names; `dataset.ttl` is a
  start); `data/templates/`
  holds the CSV templates (`actors.csv`, `incidents.csv`, `documents.csv`,
  `claims.csv`) and their column mapping.
- `rightsgraph validate` checks every file against the shapes.
- `rightsgraph contribute FILE` reviews a contribution (Turtle, JSON-LD or a filled
  CSV template); `--apply` merges it into `data/` as a new file.
- `rightsgraph export --format html -o graph.html` draws the graph.

Run the commands from this folder, or pass `--data {name}/data` from anywhere.
"""


def _is_clone(folder: Path) -> bool:
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return False
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return 'name = "rightsgraph"' in text and (folder / "ontology").is_dir()


def in_package(path: Path) -> bool:
    """Whether ``path`` is inside the installed package (its example data)."""
    try:
        path.resolve().relative_to(PACKAGE_DIR)
    except ValueError:
        return False
    return True


def writable_data_dir(data: Path | None, cwd: Path | None = None) -> Path:
    """The data folder a writing command may change, or a one-line UsageError (exit 2)."""
    folder = cwd or Path.cwd()
    if data is None:
        data = project_data_dir(folder)
    if data is None and _is_clone(folder) and (folder / "data").is_dir():
        data = folder / "data"
    if data is None:
        raise UsageError(
            "this folder is not a rightsgraph project and the data shipped with the package "
            "is a read-only example — give --data DIR, run it inside a project, "
            "or start one with `rightsgraph init DIR`"
        )
    if in_package(data):
        raise UsageError(
            f"{data} is the example dataset inside the installed package (read-only) — "
            "give --data DIR, or start a project with `rightsgraph init DIR`"
        )
    return data


def create_project(target: Path) -> list[Path]:
    """Make ``target`` a new project folder; returns the files written."""
    from ..resources import default_data_dir

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not empty — choose a new folder")
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such folder — create it first")
    templates = default_data_dir() / "templates"
    target.mkdir(exist_ok=True)
    (target / "data").mkdir()
    shutil.copytree(templates, target / "data" / "templates")
    (target / "data" / "dataset.ttl").write_text(DATASET, encoding="utf-8")
    (target / MARKER).write_text(PROJECT_FILE, encoding="utf-8")
    (target / "README.md").write_text(README.format(name=target.name), encoding="utf-8")
    return sorted(p for p in target.rglob("*") if p.is_file())


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new project folder: data/ with the CSV templates, a README.

    Run the other commands inside it (or with --data DIRECTORY/data) to build
    your own dataset; the data shipped with the package stays a read-only
    example.
    """
    files = create_project(directory)
    click.echo(f"created {directory}: {len(files)} file(s), data/ and data/templates/")
    click.echo(f"next: cd {directory} && rightsgraph validate")
