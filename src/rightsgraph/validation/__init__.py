"""Validation: syntax, SHACL shapes and consistency, reported as ``Problem`` records.

``validate`` is the one entry point: it picks the engine for the store — pySHACL
over an in-memory graph (``files``) for the embedded store, the fast validator
(``store``, over ``shacl_fast``) on an on-disk Oxigraph store — and both engines'
results become Problems through one adapter (``problems.shape_problems``).
Imports happen inside, so importing this package costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..rdf.files import Progress
    from .problems import ValidationReport


def validate(
    paths: Sequence[Path] | None = None,
    data_dir: Path | None = None,
    store: str = "memory",
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate ``paths`` (RDF files, CSV templates or folders) against the graph,
    or, without paths, the whole graph of ``store`` built from ``data_dir``.

    ``store`` is a store spec as ``--store`` takes it: ``oxigraph:PATH`` runs the
    fast validator on that store (built or refreshed first); any other store is
    checked from the data files with pySHACL. The report is the same either way.
    """
    from ..store.spec import parse_store_spec

    if parse_store_spec(store).kind == "oxigraph":
        from ..rdf.files import data_files
        from ..store.build import open_store
        from .store import validate_oxigraph

        opened = open_store(store, data_dir, progress=progress)
        return validate_oxigraph(
            opened.ox,  # type: ignore[attr-defined]
            list(paths) if paths else None,
            data_files(data_dir),
        )
    from .files import validate as validate_files

    return validate_files(list(paths) if paths else None, data_dir, progress=progress)


__all__ = ["validate"]
