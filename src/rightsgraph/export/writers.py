"""One ``Writer`` per export format: its name, the file extensions that fit it,
what it needs (a tool on the PATH, an optional Python package) and how it writes.

``export()`` looks the format up here and calls it; adding a format is one class
and one line in ``WRITERS``, never another branch in ``export()``."""

from __future__ import annotations

import importlib.util
import shutil
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .network import GRAPHVIZ_HINT

if TYPE_CHECKING:
    import networkx as nx

    from .select import Selection

MATPLOTLIB_HINT = (
    "the timeline image needs matplotlib — pip install 'rightsgraph[viz]' "
    "(or apt-get install python3-matplotlib); the html export has a Timeline tab without it"
)


@dataclass
class Job:
    """What a writer is asked to write."""

    sel: Selection
    out: Path  # the final path (its suffix decides PNG or SVG for a timeline)
    title: str | None = None
    max_nodes: int | None = None
    size: tuple[float, float] | None = None  # svg/png: inches (Graphviz's unit) at 96 dpi
    narrowed: bool = False  # --focus or --query was given
    focus: str | None = None
    depth: int = 1


@dataclass
class Written:
    nodes: int = 0
    edges: int = 0
    triples: int = 0
    notices: list[str] = field(default_factory=list)


class Writer(ABC):
    """One export format. ``folder`` writers fill a directory, the others one file."""

    name: str = ""
    extensions: tuple[str, ...] = ()
    folder: bool = False
    network: bool = True  # needs the decorated network (else only RDF)

    def require(self) -> None:
        """Raise a one-line ``InputError`` naming what to install when a tool is missing;
        most formats need nothing beyond the core dependencies."""
        return None

    @abstractmethod
    def write(self, job: Job, tmp: Path) -> Written:
        """Write ``job`` to ``tmp`` (a file, or an empty folder for ``folder`` writers)."""


def _decorated(job: Job) -> nx.MultiDiGraph:
    from .select import decorate

    return decorate(job.sel)


class RdfWriter(Writer):
    network = False

    def __init__(self, name: str, *extensions: str) -> None:
        self.name, self.extensions = name, extensions

    def write(self, job: Job, tmp: Path) -> Written:
        from . import rdf

        return Written(triples=rdf.write(job.sel.graph, self.name, tmp))


class GraphmlWriter(Writer):
    name, extensions = "graphml", (".graphml", ".xml")

    def write(self, job: Job, tmp: Path) -> Written:
        from .graphml import write

        g = _decorated(job)
        write(g, tmp)
        return Written(g.number_of_nodes(), g.number_of_edges())


class GexfWriter(Writer):
    name, extensions = "gexf", (".gexf",)

    def write(self, job: Job, tmp: Path) -> Written:
        from .gexf import write

        g = _decorated(job)
        write(g, job.sel, tmp)
        return Written(g.number_of_nodes(), g.number_of_edges())


class CytoscapeWriter(Writer):
    name, extensions = "cytoscape", (".cyjs", ".json")

    def write(self, job: Job, tmp: Path) -> Written:
        from .network import write_cytoscape

        g = _decorated(job)
        write_cytoscape(g, tmp)
        return Written(g.number_of_nodes(), g.number_of_edges())


class CsvWriter(Writer):
    """``nodes.csv`` and ``edges.csv`` in the folder given with ``-o``."""

    name, extensions, folder = "csv", ("",), True

    def write(self, job: Job, tmp: Path) -> Written:
        from .tables import write

        g = _decorated(job)
        write(g, job.sel, tmp)
        return Written(g.number_of_nodes(), g.number_of_edges())


class DotWriter(Writer):
    name, extensions = "dot", (".dot", ".gv")

    def write(self, job: Job, tmp: Path) -> Written:
        from .network import dot

        g = _decorated(job)
        tmp.write_text(dot(g), encoding="utf-8")
        return Written(g.number_of_nodes(), g.number_of_edges())


class GraphvizWriter(Writer):
    """SVG or PNG drawn by Graphviz, sized for a screen unless ``--size`` says otherwise."""

    def __init__(self, name: str) -> None:
        self.name, self.extensions = name, (f".{name}",)

    def require(self) -> None:
        if shutil.which("dot") is None:
            raise InputError(GRAPHVIZ_HINT)

    def write(self, job: Job, tmp: Path) -> Written:
        from .network import dot, graphviz

        g = _decorated(job)
        tmp.write_bytes(graphviz(dot(g, size=job.size), self.name))
        return Written(g.number_of_nodes(), g.number_of_edges())


class HtmlWriter(Writer):
    """The offline page. A focus view carries ``EXPAND_HOPS`` more hops than it shows
    at first, so clicking a node can reveal its neighbours without a server."""

    name, extensions = "html", (".html", ".htm")
    EXPAND_HOPS = 2

    def write(self, job: Job, tmp: Path) -> Written:
        from . import html, timeline
        from .select import decorate, select

        initial = None
        sel = job.sel
        if job.focus is not None and sel.focus:
            initial = set(sel.network.nodes)
            # the store already is the view chosen (public unless asked), so take it whole
            sel = select(
                sel.store, sel.focus, job.depth + self.EXPAND_HOPS, include_restricted=True
            )
            sel.include_restricted = job.sel.include_restricted
        index = sel.evidence  # the page shows the records: read them all, once
        g = decorate(sel)
        keep = set(g.nodes) | {d["claim"] for _, _, d in g.edges(data=True) if d.get("claim")}
        entries = timeline.items(sel.store, keep)
        n, e, notice = html.write(
            g,
            index,
            entries,
            tmp,
            job.title or _title(g),
            job.max_nodes or html.MAX_NODES,
            initial,
        )
        return Written(n, e, notices=[notice] if notice else [])


class TimelineWriter(Writer):
    name, extensions = "timeline", (".png", ".svg")

    def require(self) -> None:
        if importlib.util.find_spec("matplotlib") is None:
            raise InputError(MATPLOTLIB_HINT)

    def write(self, job: Job, tmp: Path) -> Written:
        from . import timeline

        keep = None
        net = job.sel.network
        if job.narrowed:
            keep = set(net.nodes) | {
                d["claim"] for _, _, d in net.edges(data=True) if d.get("claim")
            }
        entries = timeline.items(job.sel.store, keep)
        fmt = job.out.suffix.lower().lstrip(".")
        timeline.draw(entries, tmp, fmt, job.title or "rightsgraph timeline")
        return Written(nodes=len(entries))


def _title(g: Any) -> str:
    focus = g.graph.get("focus")
    if focus:
        return f"rightsgraph — around {g.nodes[focus].get('label', focus)}"
    return "rightsgraph — the whole graph"


WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        RdfWriter("ttl", ".ttl"),
        RdfWriter("nt", ".nt"),
        RdfWriter("jsonld", ".jsonld", ".json"),
        GraphmlWriter(),
        GexfWriter(),
        CytoscapeWriter(),
        CsvWriter(),
        DotWriter(),
        GraphvizWriter("svg"),
        GraphvizWriter("png"),
        HtmlWriter(),
        TimelineWriter(),
    )
}
