"""GEXF 1.3 for Gephi: colours, sizes, shapes and positions in ``viz:``, each
edge's ``weight`` its evidence count, and a ``start``/``end`` on every dated node
and claim edge so Gephi's timeline plays the story.

The spell is the DateSpec's own bounds: "March 2022" is 2022-03-01 to
2022-03-31, never a made-up day; undated nodes have no spell and are always
shown. A plain relation stated in the data (not a claim) weighs 1."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .legend import legend

if TYPE_CHECKING:
    import networkx as nx

    from .select import Selection


XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _plain(value: Any) -> str | int | float | bool:
    return value if isinstance(value, str | int | float | bool) else str(value)


def claim_dates(sel: Selection, claims: set[str]) -> dict[str, tuple[str, str]]:
    """claim IRI -> (earliest, latest) day of its date, from the timeline query."""
    from .timeline import items

    out: dict[str, tuple[str, str]] = {}
    for it in items(sel.store, claims):
        lo, hi = it.earliest[:10], it.latest[:10]
        if it.iri in out:  # several dates (e.g. statements): the span covers them all
            lo, hi = min(lo, out[it.iri][0]), max(hi, out[it.iri][1])
        out[it.iri] = (lo, hi)
    return out


def edge_spells(g: nx.MultiDiGraph, sel: Selection) -> list[tuple[str, str] | None]:
    """Each edge's (earliest, latest), in edge order: the claim's own date, else the
    date of the incident, meeting or decision it links (an involvement happens
    when its incident does); None for an undated edge."""
    claims = {str(d["claim"]) for _, _, d in g.edges(data=True) if d.get("claim")}
    dates = claim_dates(sel, claims) if claims else {}

    def node_spell(n: str) -> tuple[str, str] | None:
        d = g.nodes[n]
        if d.get("earliest") and d.get("latest"):
            return str(d["earliest"])[:10], str(d["latest"])[:10]
        return None

    out: list[tuple[str, str] | None] = []
    for a, b, d in g.edges(data=True):
        if not d.get("claim"):
            out.append(None)
            continue
        out.append(dates.get(str(d["claim"])) or node_spell(b) or node_spell(a))
    return out


def gexf_graph(g: nx.MultiDiGraph, sel: Selection) -> nx.MultiDiGraph:
    """A copy of ``g`` in the shape ``networkx.write_gexf`` writes as GEXF 1.3."""
    lg = legend()
    out: Any = g.__class__()
    for n, d in g.nodes(data=True):
        attrs: dict[str, Any] = {
            k: _plain(v) for k, v in d.items() if k not in ("x", "y") and v is not None
        }
        r, gg, b = _rgb(str(d.get("colour", "#bbbbbb")))
        attrs["viz"] = {
            "color": {"r": r, "g": gg, "b": b, "a": 1.0},
            "size": round(4.0 + 2.0 * min(g.degree(n), 100) ** 0.5, 2),
            "shape": lg.style(str(d.get("group", "other"))).shape_for("gexf"),
        }
        if "x" in d:
            attrs["viz"]["position"] = {"x": float(d["x"]), "y": float(d["y"]), "z": 0.0}
        if d.get("earliest") and d.get("latest"):
            attrs["start"], attrs["end"] = str(d["earliest"])[:10], str(d["latest"])[:10]
        out.add_node(n, **attrs)
    spells = edge_spells(g, sel)
    for i, (a, b, d) in enumerate(g.edges(data=True)):
        attrs = {k: _plain(v) for k, v in d.items() if v is not None}
        r, gg, bb = _rgb(str(d.get("colour", "#8a8a8a")))
        attrs["viz"] = {"color": {"r": r, "g": gg, "b": bb, "a": 1.0}}
        attrs["id"] = f"e{i}"
        attrs["label"] = str(d.get("relation", ""))
        attrs["weight"] = float(d.get("evidence") or 1) if d.get("claim") else 1.0
        when = spells[i]
        if when:
            attrs["start"], attrs["end"] = when
        out.add_edge(a, b, key=f"e{i}", **attrs)
    return out


def write(g: nx.MultiDiGraph, sel: Selection, out: Path) -> None:
    import networkx as nx

    lines = nx.generate_gexf(gexf_graph(g, sel), version="1.3")
    text = "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', *lines])
    # networkx spells the XML Schema instance namespace without its "www."
    text = text.replace('"http://w3.org/2001/XMLSchema-instance"', f'"{XSI}"', 1)
    out.write_text(text + "\n", encoding="utf-8")
