"""Node positions, computed once in Python so every format (GEXF, Cytoscape,
the HTML page) opens with the same picture and the browser does no layout work.

Small graphs get a seeded force-directed layout; large ones (where that would
take minutes) a fast one: each group in its own sector, nodes placed by degree
— hubs near the centre — with a seeded jitter. Deterministic either way."""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

FORCE_LIMIT = 2000  # above this many nodes, use the sector layout
DENSE_LIMIT = 500  # networkx needs scipy for a force layout above this many


def positions(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_nodes() <= FORCE_LIMIT and (g.number_of_nodes() <= DENSE_LIMIT or _has_scipy()):
        import networkx as nx

        und = nx.Graph(g.to_undirected(as_view=True))
        k = 2.0 / math.sqrt(max(und.number_of_nodes(), 1))
        pos = nx.spring_layout(und, seed=seed, k=k, iterations=80, scale=1000.0)
        return {str(n): (round(float(p[0]), 2), round(float(p[1]), 2)) for n, p in pos.items()}
    return sectors(g, seed)


def sectors(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    rng = random.Random(seed)
    by_group: dict[str, list[str]] = {}
    for n, d in g.nodes(data=True):
        by_group.setdefault(str(d.get("group", "other")), []).append(n)
    total = g.number_of_nodes()
    out: dict[str, tuple[float, float]] = {}
    start = 0.0
    for group in sorted(by_group):
        members = sorted(by_group[group], key=lambda n: (-g.degree(n), n))
        width = 2 * math.pi * len(members) / total
        for rank, n in enumerate(members):
            r = 1000.0 * math.sqrt((rank + 1) / len(members)) * (0.9 + 0.2 * rng.random())
            a = start + width * rng.random()
            out[n] = (round(r * math.cos(a), 2), round(r * math.sin(a), 2))
        start += width
    return out


def _has_scipy() -> bool:
    import importlib.util

    return importlib.util.find_spec("scipy") is not None
