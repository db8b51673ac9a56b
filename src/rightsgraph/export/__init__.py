"""Exports: RDF dumps, network formats, tables, an offline HTML page and a timeline.

``export(store, fmt, out, ...)`` is what ``rightsgraph export`` calls. Public by
default: restricted nodes, and every triple that mentions them, are dropped
(``rightsgraph.store.access.public_view``) before anything is written. Each
format is a ``Writer`` in ``writers.py``; this module picks one, selects what
to show, and moves the result into place atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..store.base import Store
from .writers import WRITERS, Job

# format -> file extensions that fit it (the first is the usual one; "" is a folder)
FORMATS: dict[str, tuple[str, ...]] = {name: w.extensions for name, w in WRITERS.items()}
GUESS: dict[str, str] = {}
for _name, _w in WRITERS.items():
    for _ext in _w.extensions:
        if _ext and _name != "timeline":
            GUESS.setdefault(_ext, _name)
GUESS.pop(".json", None)  # JSON-LD or Cytoscape: the format must be named
GUESS.pop(".xml", None)


@dataclass
class ExportReport:
    format: str
    path: Path
    nodes: int = 0
    edges: int = 0
    triples: int = 0
    restricted_removed: int = 0
    include_restricted: bool = False
    notices: list[str] = field(default_factory=list)


def resolve_format(fmt: str | None, out: Path) -> str:
    """``--format`` wins; the extension is only a default, and a mismatch is an error."""
    ext = out.suffix.lower()
    if fmt is None:
        if ext not in GUESS:
            raise InputError(
                f"cannot tell the format from '{out.name}' — give --format, one of {', '.join(FORMATS)}"
            )
        return GUESS[ext]
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}' — use one of {', '.join(FORMATS)}")
    fits = FORMATS[fmt]
    if fmt == "timeline" and ext not in fits:
        raise InputError(
            f"a timeline is written as PNG or SVG — name the file {out.stem}.png or {out.stem}.svg"
        )
    if WRITERS[fmt].folder:
        if (out.exists() and not out.is_dir()) or ext == ".csv":
            raise InputError(
                f"{out}: csv writes two files (nodes.csv, edges.csv) into a folder — give a folder, e.g. -o {out.with_suffix('')}-csv"
            )
        return fmt
    if ext and ext not in fits and ext in GUESS:
        raise InputError(
            f"'{out.name}' looks like {GUESS[ext]}, not {fmt} — name it {out.stem}{fits[0]} or use --format {GUESS[ext]}"
        )
    return fmt


def _temporary(out: Path, folder: bool) -> Path:
    """A temporary file (or folder) beside ``out``; the caller moves it into place."""
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such folder — create it first")
    if folder:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    return Path(tmp)


def _publish(tmp: Path, out: Path) -> None:
    """Rename into place with ordinary permissions (mkstemp made the file private)."""
    umask = os.umask(0)
    os.umask(umask)
    if tmp.is_dir():
        out.mkdir(exist_ok=True)
        for f in sorted(tmp.iterdir()):
            f.chmod(0o666 & ~umask)
            f.replace(out / f.name)
        return
    tmp.chmod(0o666 & ~umask)
    tmp.replace(out)


def export(
    store: Store,
    fmt: str | None,
    out: Path,
    focus: str | None = None,
    depth: int = 1,
    query: str | None = None,
    params: dict[str, str] | None = None,
    include_restricted: bool = False,
    max_nodes: int | None = None,
    title: str | None = None,
    size: tuple[float, float] | None = None,
) -> ExportReport:
    """Write the graph (or a neighbourhood, or a query's result) as ``fmt`` to ``out``."""
    from .select import select

    fmt = resolve_format(fmt, out)
    writer = WRITERS[fmt]
    writer.require()
    if depth < 0:
        raise InputError("--depth must be 0 or more")
    sel = select(
        store, focus, depth, query, params, include_restricted, rdf_only=not writer.network
    )
    report = ExportReport(
        fmt, out, restricted_removed=sel.restricted_removed, include_restricted=include_restricted
    )
    job = Job(sel, out, title, max_nodes, size, bool(focus or query), focus, depth)
    tmp = _temporary(out, writer.folder)
    try:
        written = writer.write(job, tmp)
        _publish(tmp, out)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp)
        elif tmp.exists():
            tmp.unlink()
    report.nodes, report.edges, report.triples = written.nodes, written.edges, written.triples
    report.notices.extend(written.notices)
    return report


__all__ = ["FORMATS", "ExportReport", "export", "resolve_format"]
