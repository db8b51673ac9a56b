"""Where the ontology, data and queries live.

They are files, not code: in a clone they sit at the top of the repository; in an
installed wheel they are package data under ``rightsgraph/_resources``. Everything
else asks this module, so both layouts work the same.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    """The folder that holds ``ontology/``, ``data/`` and ``queries/``."""
    installed = _PACKAGE_DIR / "_resources"
    if (installed / "ontology").is_dir():
        return installed
    clone = _PACKAGE_DIR.parent.parent
    if (clone / "ontology").is_dir():
        return clone
    raise FileNotFoundError("rightsgraph resources (ontology/, data/, queries/) not found")


def ontology_dir() -> Path:
    return resource_root() / "ontology"


def shapes_dir() -> Path:
    return ontology_dir() / "shapes"


def default_data_dir() -> Path:
    return resource_root() / "data"


def queries_dir() -> Path:
    return resource_root() / "queries"


def ontology_files() -> list[Path]:
    """The ontology and its vocabularies, always loaded with the data."""
    return [
        ontology_dir() / "rightsgraph.ttl",
        ontology_dir() / "vocabularies.ttl",
        ontology_dir() / "network.ttl",
    ]


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def context_file() -> Path:
    """The JSON-LD context shipped with the package (never fetched)."""
    return ontology_dir() / "context.jsonld"


PROJECT_MARKER = "rightsgraph.toml"  # the file ``rightsgraph init`` writes into a project


def project_data_dir(cwd: Path | None = None) -> Path | None:
    """``./data`` of a project made by ``rightsgraph init`` in ``cwd``, else None:
    what every command reads by default there (here, not in ``cli/init.py``, so a
    command that does not load click can ask too)."""
    folder = cwd or Path.cwd()
    if (folder / PROJECT_MARKER).is_file() and (folder / "data").is_dir():
        return folder / "data"
    return None
