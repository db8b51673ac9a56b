"""Exports: RDF dumps, network formats, an offline HTML page and a timeline.

``export(store, fmt, out, ...)`` is what ``rightsgraph export`` calls. Public by
default: restricted nodes, and every triple that mentions them, are dropped
(``rightsgraph.store.access.public_view``) before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..store.base import Store

FORMATS: dict[str, tuple[str, ...]] = {
    # format -> file extensions that fit it (the first is the usual one)
    "ttl": (".ttl",),
    "nt": (".nt",),
    "jsonld": (".jsonld", ".json"),
    "graphml": (".graphml", ".xml"),
    "gexf": (".gexf",),
    "cytoscape": (".cyjs", ".json"),
    "dot": (".dot", ".gv"),
    "svg": (".svg",),
    "png": (".png",),
    "html": (".html", ".htm"),
    "timeline": (".png", ".svg"),
}
GUESS = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cyjs": "cytoscape",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".html": "html",
    ".htm": "html",
}


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
    if ext and ext not in fits and ext in GUESS:
        raise InputError(
            f"'{out.name}' looks like {GUESS[ext]}, not {fmt} — name it {out.stem}{fits[0]} or use --format {GUESS[ext]}"
        )
    return fmt


def _atomic_write(out: Path) -> Path:
    """A temporary path beside ``out``; the caller renames it into place."""
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such folder — create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    return Path(tmp)


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
) -> ExportReport:
    """Write the graph (or a neighbourhood, or a query's result) as ``fmt`` to ``out``."""
    from . import html, network, rdf, timeline
    from .select import decorate, select

    fmt = resolve_format(fmt, out)
    if fmt in ("svg", "png"):
        import shutil

        if shutil.which("dot") is None:
            raise InputError(network.GRAPHVIZ_HINT)
    if depth < 0:
        raise InputError("--depth must be 0 or more")
    sel = select(
        store, focus, depth, query, params, include_restricted, rdf_only=fmt in rdf.RDF_FORMATS
    )
    report = ExportReport(
        fmt, out, restricted_removed=sel.restricted_removed, include_restricted=include_restricted
    )
    tmp = _atomic_write(out)
    try:
        if fmt in rdf.RDF_FORMATS:
            report.triples = rdf.write(sel.graph, fmt, tmp)
        elif fmt == "timeline":
            keep = None
            if focus or query:
                keep = set(sel.network.nodes) | {
                    d["claim"] for _, _, d in sel.network.edges(data=True) if d.get("claim")
                }
            entries = timeline.items(sel.store, keep)
            timeline.draw(
                entries, tmp, out.suffix.lower().lstrip("."), title or "rightsgraph timeline"
            )
            report.nodes = len(entries)
        else:
            g = decorate(sel)
            if fmt == "html":
                keep = set(g.nodes) | {
                    d["claim"] for _, _, d in g.edges(data=True) if d.get("claim")
                }
                entries = timeline.items(sel.store, keep)
                n, e, notice = html.write(
                    g,
                    sel.evidence,
                    entries,
                    tmp,
                    title or _title(g),
                    max_nodes or html.MAX_NODES,
                )
                report.nodes, report.edges = n, e
                if notice:
                    report.notices.append(notice)
            else:
                network.write(g, fmt, tmp)
                report.nodes, report.edges = g.number_of_nodes(), g.number_of_edges()
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)  # mkstemp made it private; an export is an ordinary file
        tmp.replace(out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return report


def _title(g: object) -> str:
    focus = getattr(g, "graph", {}).get("focus")
    if focus:
        label = g.nodes[focus].get("label", focus)  # type: ignore[attr-defined]
        return f"rightsgraph — around {label}"
    return "rightsgraph — the whole graph"


__all__ = ["FORMATS", "ExportReport", "export", "resolve_format"]
