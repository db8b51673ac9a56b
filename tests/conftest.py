"""Shared fixtures: the real dataset in a memory store, a CLI runner, and the
archived source documents (read from ../shared/sources beside the clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent


def sources_dir() -> Path | None:
    """The archived source texts, if this checkout has them beside it."""
    env = os.environ.get("RIGHTSGRAPH_SOURCES")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "sources")
    return next((c for c in candidates if c.is_dir()), None)


def w3c_dir() -> Path | None:
    env = os.environ.get("RIGHTSGRAPH_W3C")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "w3c")
    return next((c for c in candidates if c.is_dir()), None)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def store():
    """The project's own data/ in the embedded memory store (built once)."""
    from rightsgraph.store.build import open_store

    return open_store("memory")


@pytest.fixture(scope="session")
def sources() -> Path:
    found = sources_dir()
    if found is None:
        pytest.skip(
            "the archived source documents (../shared/sources) are not beside this checkout"
        )
    return found


@pytest.fixture
def empty_data(tmp_path: Path) -> Path:
    """An empty data folder, for checking files on their own."""
    d = tmp_path / "data"
    d.mkdir()
    return d


def rows(store, name: str, **params: str) -> list[dict[str, str]]:
    """Run a named query and return rows as plain strings (None -> '')."""
    from rightsgraph.answers.queries import run_query

    _, result = run_query(store, name, params)
    return [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in result.dicts()]
