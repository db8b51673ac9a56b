"""The checkout and what lies beside it: the repository root, the archived source
documents and the W3C test suites (each found beside the clone or named by an
environment variable), and the rows of a named query as plain strings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent.parent


def _beside(variable: str, name: str) -> Path | None:
    env = os.environ.get(variable)
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / name)
    # resolved: the command line names files by their real path (a query's base IRI,
    # a data file's graph IRI), so a suite reached through a symbolic link must be too
    return next((c.resolve() for c in candidates if c.is_dir()), None)


def sources_dir() -> Path | None:
    """The archived source texts (``RIGHTSGRAPH_SOURCES``), if this checkout has them."""
    return _beside("RIGHTSGRAPH_SOURCES", "sources")


def w3c_dir() -> Path | None:
    """The W3C RDF, SPARQL and SHACL test suites (``RIGHTSGRAPH_W3C``), if present."""
    return _beside("RIGHTSGRAPH_W3C", "w3c")


def rows(store: Any, name: str, **params: str) -> list[dict[str, str]]:
    """Run a named query and return rows as plain strings (None -> '')."""
    from rightsgraph.answers.queries import run_query

    _, result = run_query(store, name, params)
    return [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in result.dicts()]
