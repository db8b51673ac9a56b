"""Network formats from the decorated networkx view: Cytoscape.js JSON, Graphviz
DOT, and SVG/PNG rendered by Graphviz (GraphML and GEXF have modules of their own). Every value written is a str, int, float or bool; labels
and IRIs are always escaped by the writer (XML, JSON) or by ``dot_string``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .legend import legend

if TYPE_CHECKING:
    import networkx as nx

GRAPHVIZ_HINT = (
    "Graphviz's `dot` is not installed — apt-get install graphviz "
    "(or run .ci/install-system-deps); graphml, gexf, cytoscape, csv, dot and html exports work without it"
)

DOT_LAYOUT_LIMIT = 60  # above this many nodes the layout's positions are used instead of dot
SCREEN = (1600, 1000)  # svg/png default size in pixels: a screen, not a poster
DPI = 96


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _plain(value: Any) -> str | int | float | bool:
    return value if isinstance(value, str | int | float | bool) else str(value)


def _flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all GraphML/GEXF-typed scalars."""
    out = g.__class__()
    out.graph.update({k: _plain(v) for k, v in g.graph.items()})
    for n, d in g.nodes(data=True):
        out.add_node(n, **{k: _plain(v) for k, v in d.items()})
    for a, b, k, d in g.edges(keys=True, data=True):
        out.add_edge(a, b, key=k, **{kk: _plain(v) for kk, v in d.items()})
    return out


def _size(g: nx.MultiDiGraph, n: str) -> float:
    return round(4.0 + 2.0 * min(g.degree(n), 100) ** 0.5, 2)


def cytoscape(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Cytoscape.js JSON (``cy.json()`` shape), with a style built from the legend."""
    lg = legend()
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    nodes = []
    for n, d in g.nodes(data=True):
        data = {k: _plain(v) for k, v in d.items() if k not in ("x", "y")}
        data["id"] = ids[n]
        data["name"] = str(d.get("label", n))
        el: dict[str, Any] = {"data": data}
        if "x" in d:
            el["position"] = {"x": float(d["x"]), "y": float(-d["y"])}
        nodes.append(el)
    edges = []
    for i, (a, b, k, d) in enumerate(g.edges(keys=True, data=True)):
        data = {kk: _plain(v) for kk, v in d.items()}
        data.update({"id": f"e{i}", "source": ids[a], "target": ids[b], "key": str(k)})
        edges.append({"data": data})
    style: list[dict[str, Any]] = [
        {"selector": "node", "style": {"label": "data(name)", "font-size": 8}},
        {
            "selector": "edge",
            "style": {
                "line-color": lg.edge_colour,
                "target-arrow-color": lg.edge_colour,
                "target-arrow-shape": "triangle",
                "curve-style": "bezier",
                "width": 1,
            },
        },
        {
            "selector": "edge[?contested]",
            "style": {
                "line-color": lg.contested_colour,
                "target-arrow-color": lg.contested_colour,
                "line-style": "dashed",
                "width": 2,
            },
        },
    ]
    for group, s in lg.groups.items():
        style.append(
            {
                "selector": f'node[group = "{group}"]',
                "style": {"background-color": s.colour, "shape": s.shape_for("cytoscape")},
            }
        )
    style.append(
        {
            "selector": "node[?contested]",
            "style": {"border-width": 3, "border-color": lg.contested_colour},
        }
    )
    return {
        "format_version": "1.0",
        "generated_by": "rightsgraph",
        "target_cytoscapejs_version": "~3.2",
        "data": {k: _plain(v) for k, v in g.graph.items()},
        "elements": {"nodes": nodes, "edges": edges},
        "style": style,
    }


def write_cytoscape(g: nx.MultiDiGraph, out: Path) -> None:
    out.write_text(json.dumps(cytoscape(g), ensure_ascii=False, indent=1), encoding="utf-8")


def dot_string(value: object) -> str:
    """A DOT quoted string: data, never markup (no HTML label, no escape sequence)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def dot(g: nx.MultiDiGraph, size: tuple[float, float] | None = None) -> str:
    """DOT text; ``size`` (pixels) bounds the drawing Graphviz renders from it."""
    lg = legend()
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    big = g.number_of_nodes() > DOT_LAYOUT_LIMIT
    # a big graph keeps the positions every other format has (export/layout.py): the
    # drawing matches the HTML page and Graphviz has no layout to compute
    pinned = big and all("x" in d for _, d in g.nodes(data=True))
    lines = ["digraph rightsgraph {"]
    w, h = size or SCREEN
    graph_attrs = ['charset="UTF-8"', 'fontname="Helvetica"']
    # fit into w×h pixels (scaled down, never up), at a screen's resolution
    graph_attrs += [f'size="{w / DPI:.2f},{h / DPI:.2f}"', f"dpi={DPI}", 'ratio="compress"']
    if pinned:
        graph_attrs += ["layout=neato", "splines=false", "overlap=true", "outputorder=edgesfirst"]
    elif big:
        graph_attrs += ["layout=sfdp", "K=1.2", "splines=true", "overlap=prism"]
    else:
        graph_attrs += ["rankdir=LR", "splines=true", "overlap=false"]
    lines.append("  graph [" + ", ".join(graph_attrs) + "];")
    lines.append('  node [style=filled, fontname="Helvetica", fontsize=10];')
    lines.append('  edge [fontname="Helvetica", fontsize=8];')
    for n, d in g.nodes(data=True):
        style = lg.style(str(d.get("group", "other")))
        label = str(d.get("label", n))
        if d.get("date"):
            label += "\n" + str(d["date"])
        attrs = {
            "label": dot_string(label),
            "tooltip": dot_string(n),
            "shape": style.shape_for("dot"),
            "fillcolor": dot_string(style.colour),
        }
        if attrs["shape"] in ("star", "doublecircle", "circle"):
            # these shapes grow with their label (a star around a long name fills the page):
            # keep the shape small and set the label beside it
            attrs.update(xlabel=attrs["label"], label='""', width="0.35", fixedsize="true")
        if pinned:
            # inches (neato reads pos in inches): ±1000 layout units span ~67 in, room for labels
            attrs["pos"] = dot_string(f"{float(d['x']) / 30:.2f},{float(d['y']) / 30:.2f}!")
        if d.get("contested"):
            attrs["color"] = dot_string(lg.contested_colour)
            attrs["penwidth"] = "3"
        if g.graph.get("focus") == n:
            attrs["peripheries"] = "2"
        lines.append(f"  {ids[n]} [" + ", ".join(f"{k}={v}" for k, v in attrs.items()) + "];")
    for a, b, d in g.edges(data=True):
        contested = bool(d.get("contested"))
        attrs = {
            "label": dot_string(str(d.get("relation", "")) + (" (contested)" if contested else "")),
            "color": dot_string(lg.contested_colour if contested else lg.edge_colour),
        }
        if contested:
            attrs["style"] = "dashed"
            attrs["penwidth"] = "2"
        lines.append(
            f"  {ids[a]} -> {ids[b]} [" + ", ".join(f"{k}={v}" for k, v in attrs.items()) + "];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def graphviz(dot_text: str, fmt: str, timeout: float = 600.0) -> bytes:
    """Render DOT through Graphviz; a missing ``dot`` is a one-line InputError."""
    exe = shutil.which("dot")
    if exe is None:
        raise InputError(GRAPHVIZ_HINT)
    try:
        done = subprocess.run(
            [exe, f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"Graphviz took over {timeout:.0f}s — export a neighbourhood with --focus TERM --depth N"
        ) from None
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"Graphviz failed: {msg[-1] if msg else 'exit ' + str(done.returncode)}")
    return done.stdout
