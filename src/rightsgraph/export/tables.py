"""``--format csv``: ``nodes.csv`` and ``edges.csv``, for spreadsheets, pandas,
R and Gephi's spreadsheet import (``Id``/``Label`` and ``Source``/``Target``
columns, as Gephi expects them).

One row per edge with its claim, evidence count, contested flag and the
claim's dates (earliest and latest bound: the claim's own, else its incident's)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from .select import Selection

NODE_COLUMNS = (
    "Id", "Label", "iri", "curie", "group", "classes", "earliest", "latest", "precision",
    "date", "claims", "evidence", "contested", "colour", "x", "y",
)  # fmt: skip
EDGE_COLUMNS = (
    "Id", "Source", "Target", "relation", "kind", "claim", "evidence", "contested",
    "earliest", "latest", "Weight",
)  # fmt: skip


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    # a cell a spreadsheet would run as a formula is kept as text
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write(g: nx.MultiDiGraph, sel: Selection, folder: Path) -> None:
    from .gexf import edge_spells

    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(NODE_COLUMNS)
        for n, d in g.nodes(data=True):
            row = {**d, "Id": ids[n], "Label": d.get("label", n), "iri": n}
            w.writerow([_cell(row.get(c, "")) for c in NODE_COLUMNS])
    spells = edge_spells(g, sel)
    with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(EDGE_COLUMNS)
        for i, (a, b, d) in enumerate(g.edges(data=True)):
            lo, hi = spells[i] or ("", "")
            row = {
                **d,
                "Id": f"e{i}",
                "Source": ids[a],
                "Target": ids[b],
                "earliest": lo,
                "latest": hi,
                "Weight": d.get("evidence") or 1 if d.get("claim") else 1,
            }
            w.writerow([_cell(row.get(c, "")) for c in EDGE_COLUMNS])
