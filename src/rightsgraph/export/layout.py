"""Node positions, computed once in Python so every format (GEXF, Cytoscape,
the HTML page) opens with the same picture and the browser does no layout work.

Pure Python on purpose: a plain ``pip install rightsgraph`` has no numpy, and
networkx's force layouts need it. Graphs up to ``FORCE_LIMIT`` nodes get a
seeded ForceAtlas2-style layout (degree-weighted repulsion spreads the hubs,
gravity keeps small components beside the big one instead of at the edge of
the canvas); larger ones a fast one: each group in its own sector, nodes placed
by degree — hubs near the centre — with a seeded jitter. Deterministic either
way, and the same on every machine."""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

FORCE_LIMIT = 400  # above this many nodes, use the sector layout (the force one is O(n²))
ITERATIONS = 160
SCALE = 1000.0  # positions are returned in [-SCALE, SCALE]


def positions(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Position of every node, centred and scaled to ``[-SCALE, SCALE]``."""
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_nodes() <= FORCE_LIMIT:
        return _scaled(sorted(g.nodes), separate(force(g, seed)))
    return sectors(g, seed)


def force(g: nx.MultiDiGraph, seed: int = 7, iterations: int = ITERATIONS) -> list[list[float]]:
    """ForceAtlas2's forces (linear attraction, repulsion ``(deg+1)(deg'+1)/d``,
    gravity ``deg+1``) with a cooling step; returns raw positions in sorted node order."""
    nodes = sorted(g.nodes)  # not insertion order, which varies from run to run
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    rng = random.Random(seed)
    pos = [[rng.uniform(-1.0, 1.0) * 100, rng.uniform(-1.0, 1.0) * 100] for _ in nodes]
    mass = [g.degree(v) + 1.0 for v in nodes]
    links: dict[tuple[int, int], float] = {}
    for a, b in sorted(g.edges()):
        i, j = index[a], index[b]
        if i != j:
            key = (i, j) if i < j else (j, i)
            links[key] = links.get(key, 0.0) + 1.0
    pairs = [(i, j, 1.0 + math.log(w)) for (i, j), w in sorted(links.items())]
    repulsion, gravity = 80.0, 1.0
    step = 10.0
    for it in range(iterations):
        fx = [0.0] * n
        fy = [0.0] * n
        for i in range(n):
            xi, yi, mi = pos[i][0], pos[i][1], mass[i]
            for j in range(i + 1, n):
                dx = xi - pos[j][0]
                dy = yi - pos[j][1]
                d2 = dx * dx + dy * dy or 0.01
                f = repulsion * mi * mass[j] / d2  # (k·m·m'/d) along the unit vector
                fx[i] += dx * f
                fy[i] += dy * f
                fx[j] -= dx * f
                fy[j] -= dy * f
        for i, j, w in pairs:
            dx = pos[i][0] - pos[j][0]
            dy = pos[i][1] - pos[j][1]
            fx[i] -= dx * w
            fy[i] -= dy * w
            fx[j] += dx * w
            fy[j] += dy * w
        for i in range(n):
            x, y = pos[i]
            d = math.sqrt(x * x + y * y) or 0.01
            fx[i] -= gravity * mass[i] * x / d
            fy[i] -= gravity * mass[i] * y / d
            f = math.sqrt(fx[i] * fx[i] + fy[i] * fy[i])
            if f > 0:
                # heavy nodes (hubs) move less, so they settle instead of oscillating
                move = min(step, f / mass[i]) / f
                x += fx[i] * move
                y += fy[i] * move
            pos[i] = [x, y]
        step = max(10.0 * (1 - it / iterations), 0.5)
    return pos


def separate(pos: list[list[float]], gap: float = 0.04, rounds: int = 30) -> list[list[float]]:
    """Push apart nodes closer than ``gap`` of the drawing's radius, so no node hides
    another (or takes its clicks)."""
    n = len(pos)
    if n < 2:
        return pos
    cx = sum(p[0] for p in pos) / n
    cy = sum(p[1] for p in pos) / n
    radius = max(math.hypot(p[0] - cx, p[1] - cy) for p in pos) or 1.0
    least = gap * radius
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx = pos[j][0] - pos[i][0]
                dy = pos[j][1] - pos[i][1]
                d = math.hypot(dx, dy)
                if d >= least:
                    continue
                if d == 0:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (least - d) / 2 / d
                pos[i][0] -= dx * push
                pos[i][1] -= dy * push
                pos[j][0] += dx * push
                pos[j][1] += dy * push
                moved = True
        if not moved:
            break
    return pos


def _scaled(nodes: list[str], pos: list[list[float]]) -> dict[str, tuple[float, float]]:
    """Centre on the mean and scale the farthest node to ``SCALE``."""
    cx = sum(p[0] for p in pos) / len(pos)
    cy = sum(p[1] for p in pos) / len(pos)
    far = max((math.hypot(p[0] - cx, p[1] - cy) for p in pos), default=0.0) or 1.0
    k = SCALE / far
    return {
        str(v): (round((p[0] - cx) * k, 2), round((p[1] - cy) * k, 2))
        for v, p in zip(nodes, pos, strict=True)
    }


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
            r = SCALE * math.sqrt((rank + 1) / len(members)) * (0.9 + 0.2 * rng.random())
            a = start + width * rng.random()
            out[n] = (round(r * math.cos(a), 2), round(r * math.sin(a), 2))
        start += width
    return out
