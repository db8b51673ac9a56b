"""Shared fixtures: the real dataset in a memory store, a CLI runner, the
archived source documents (read from ../shared/sources beside the clone) and
a headless Chromium (``helpers.chromium.browser``). Helpers that test modules
import live in ``tests/helpers/``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.chromium import browser  # noqa: F401  (a fixture for every module)
from helpers.project import sources_dir


def pytest_configure(config: pytest.Config) -> None:
    """The embedded default's cache (``store/cache.py``) in a folder of this session
    only: never the user's, and every session starts cold."""
    os.environ["RIGHTSGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="rightsgraph-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("RIGHTSGRAPH_CACHE_DIR", ""), ignore_errors=True)


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
