"""GraphML 1.0 that the tools accept: valid against the GraphML schema, read by
networkx, graphology, Gephi, yEd and Cytoscape desktop.

Written here rather than by ``networkx.write_graphml`` because that writer gives
a node attribute and an edge attribute of the same name the same key id (the
schema wants key ids unique), reuses a multigraph's edge keys as edge ids (40 ids
shared by 374 edges on the Mali graph), and uses the node itself (a full IRI, not
an NMTOKEN) as its id. Here: one key per (domain, attribute), ``n0…``/``e0…``
ids (GraphML's canonical form, declared with ``parse.nodeids``), the IRI as the
``iri`` attribute, and Gephi's conventions for ``label``, ``r``/``g``/``b``,
``size``, ``x``/``y`` and ``weight``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    import networkx as nx

NS = "http://graphml.graphdrawing.org/xmlns"
SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
# the control characters XML 1.0 cannot carry, even escaped (tab, LF and CR it can)
CHUNK = 2000  # nodes (or edges) per piece written
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _type(values: list[Any]) -> str:
    """The narrowest GraphML attr.type that holds every value."""
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        # XML 1.0 cannot carry most control characters, even escaped: drop them
        # (one regular-expression pass: a million values are written at scale)
        return escape(CONTROL.sub("", str(value)))
    return escape(str(value))


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def node_rows(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Each node's attributes as written, Gephi's colour and size included."""
    rows = []
    for n, d in g.nodes(data=True):
        row = {k: v for k, v in d.items() if v is not None and v != ""}
        row["iri"] = str(n)
        row.setdefault("label", str(n))
        row["r"], row["g"], row["b"] = _rgb(str(d.get("colour", "#bbbbbb")))
        row["size"] = round(4.0 + 2.0 * min(g.degree(n), 100) ** 0.5, 2)
        rows.append(row)
    return rows


def edge_rows(g: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    rows = []
    for a, b, d in g.edges(data=True):
        row = {k: v for k, v in d.items() if v is not None and v != ""}
        row["label"] = str(d.get("relation", ""))
        # Gephi and yEd weigh edges: a claim by its evidence, a plain stated relation as 1
        row["weight"] = float(d.get("evidence") or 1) if d.get("claim") else 1.0
        rows.append((str(a), str(b), row))
    return rows


def _keys(rows: list[dict[str, Any]]) -> dict[str, str]:
    """attribute name -> attr.type, names in first-seen order."""
    seen: dict[str, list[Any]] = {}
    for row in rows:
        for k, v in row.items():
            seen.setdefault(k, []).append(v)
    return {k: _type(vs) for k, vs in seen.items()}


def graphml(g: nx.MultiDiGraph) -> str:
    """The GraphML document as text."""
    return "".join(_chunks(g))


def _chunks(g: nx.MultiDiGraph) -> Iterator[str]:
    """The document in pieces of whole lines, each ending in a newline, so a large
    graph is written as it goes rather than held as one string."""
    nodes = node_rows(g)
    edges = edge_rows(g)
    graph_row = {k: str(v) for k, v in g.graph.items() if v is not None and v != ""}
    graph_keys = _keys([graph_row])
    node_keys = _keys(nodes)
    edge_keys = _keys([r for _, _, r in edges])
    key_id: dict[tuple[str, str], str] = {}
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<graphml xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        f' xsi:schemaLocation="{NS} {SCHEMA}">',
    ]
    for domain, keys in (("graph", graph_keys), ("node", node_keys), ("edge", edge_keys)):
        for name, kind in keys.items():
            kid = f"k{len(key_id)}"
            key_id[(domain, name)] = kid
            out.append(
                f'  <key id="{kid}" for="{domain}" attr.name={quoteattr(_name(name))}'
                f' attr.type="{kind}"/>'
            )
    ids = {row["iri"]: f"n{i}" for i, row in enumerate(nodes)}
    out.append(
        f'  <graph id="G" edgedefault="directed" parse.nodeids="canonical"'
        f' parse.edgeids="canonical" parse.order="nodesfirst"'
        f' parse.nodes="{len(nodes)}" parse.edges="{len(edges)}">'
    )
    for name, value in graph_row.items():  # e.g. the focus of a neighbourhood, as an IRI
        out.append(f'    <data key="{key_id[("graph", name)]}">{_text(value, "string")}</data>')
    for i, row in enumerate(nodes):
        if i % CHUNK == 0:
            yield from _flush(out)
        out.append(f'    <node id="{ids[row["iri"]]}">')
        for name, value in row.items():
            kind = node_keys[name]
            out.append(f'      <data key="{key_id[("node", name)]}">{_text(value, kind)}</data>')
        out.append("    </node>")
    for i, (a, b, row) in enumerate(edges):
        if i % CHUNK == 0:
            yield from _flush(out)
        out.append(f'    <edge id="e{i}" source="{ids[a]}" target="{ids[b]}">')
        for name, value in row.items():
            kind = edge_keys[name]
            out.append(f'      <data key="{key_id[("edge", name)]}">{_text(value, kind)}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    yield from _flush(out)


def _flush(lines: list[str]) -> Iterator[str]:
    """The lines gathered so far as one piece (none if there are none), emptied."""
    if lines:
        yield "\n".join(lines) + "\n"
        lines.clear()


def _name(name: str) -> str:
    """attr.name is an NMTOKEN: letters, digits, ``.-_:`` only."""
    return "".join(c if c.isalnum() or c in ".-_:" else "_" for c in name) or "_"


def write(g: nx.MultiDiGraph, out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        f.writelines(_chunks(g))
