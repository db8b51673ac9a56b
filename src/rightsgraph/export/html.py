"""One self-contained HTML page: sigma.js (WebGL, fast at 50k nodes) over a
graphology graph, both inlined from the copies the package ships
(``export/vendor.py``: vendored from the npm packages ``package-lock.json``
pins), with search, class and date filters,
node and edge evidence, a legend and a timeline view.

Nothing leaves the page: no URL is referenced, and a Content-Security-Policy
allows only the page's own inline scripts (by hash) and no connections. All
data travels as JSON inside a ``<script type="application/json">`` block with
``<``, ``>`` and ``&`` escaped, and the script writes it with ``textContent``
only — a label ``</script><script>alert(1)</script>`` stays a label."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .legend import legend

if TYPE_CHECKING:
    import networkx as nx

    from .evidence import EvidenceIndex
    from .timeline import Item

MAX_NODES = 50_000  # above this, the page keeps the best-connected nodes and says so
ASSETS = Path(__file__).resolve().parent / "assets"


def libraries() -> list[tuple[str, str, str]]:
    """(name, version, code) of each inlined library, from the copies shipped in
    the package (``export/vendor.py``), so a pip install makes the page too."""
    from .vendor import libraries as vendored

    try:
        return [(lib.name, lib.version, lib.code()) for lib in vendored()]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"the page's JavaScript (sigma, graphology) is missing from the package ({exc}) — "
            "reinstall rightsgraph, or in a checkout run `make vendor-js`"
        ) from None


def embed_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _script_safe(code: str) -> str:
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise InputError("an inlined script contains '</script' — it cannot be embedded safely")
    return code


def limit(
    g: nx.MultiDiGraph, max_nodes: int, first: set[str] | None = None
) -> tuple[nx.MultiDiGraph, str]:
    """Keep the best-connected nodes (the focus and ``first`` before them) above
    ``max_nodes``, with a notice."""
    total = g.number_of_nodes()
    if total <= max_nodes:
        return g, ""
    focus = g.graph.get("focus")
    first = first or set()
    ranked = sorted(g.nodes, key=lambda n: (n != focus, n not in first, -g.degree(n), str(n)))
    sub: Any = g.subgraph(ranked[:max_nodes]).copy()
    notice = (
        f"Showing the {max_nodes:,} best-connected of {total:,} nodes (the page stays "
        f"responsive up to {max_nodes:,}). Export a neighbourhood with --focus TERM --depth N, "
        "or use --format gexf for Gephi, to see all of them."
    )
    return sub, notice


def page_data(
    g: nx.MultiDiGraph,
    evidence: EvidenceIndex,
    items: list[Item],
    title: str,
    notice: str = "",
    initial: set[str] | None = None,
) -> dict[str, Any]:
    """The page's data. ``initial``: the nodes a focus view shows before any click
    (None: all of them)."""
    lg = legend()
    index = {n: i for i, n in enumerate(g.nodes)}
    claim_ids: dict[str, int] = {}
    claims: list[list[Any]] = []

    def claim_ref(iri: str) -> int:
        if iri not in evidence.claims:
            return -1
        if iri not in claim_ids:
            c = evidence.claims[iri]
            claim_ids[iri] = len(claims)
            records = [
                [r.quote, r.claimant, r.stance, int(r.opposing), r.document, r.locator, r.date]
                for r in c.records
            ]
            claims.append([c.iri, c.kind, c.text, int(c.contested), records])
        return claim_ids[iri]

    nodes = []
    node_claims = []
    for n, d in g.nodes(data=True):
        nodes.append(
            [
                n,
                str(d.get("label", n)),
                str(d.get("group", "other")),
                float(d.get("x", 0.0)),
                float(d.get("y", 0.0)),
                round(3.0 + 1.6 * min(g.degree(n), 150) ** 0.5, 2),
                str(d.get("earliest", "")),
                str(d.get("latest", "")),
                str(d.get("precision", "")),
                str(d.get("date", "")),
                int(bool(d.get("contested"))),
                int(d.get("evidence", 0)),
                str(d.get("classes", "")),
            ]
        )
        node_claims.append([claim_ref(c.iri) for c in evidence.for_node(n)])
    edges = []
    for a, b, d in g.edges(data=True):
        edges.append(
            [
                index[a],
                index[b],
                str(d.get("relation", "")),
                claim_ref(str(d["claim"])) if d.get("claim") else -1,
                int(bool(d.get("contested"))),
                int(d.get("evidence", 0)),
                str(d.get("kind", "")),
            ]
        )
    timeline = [
        [
            index.get(it.iri, -1),
            it.label,
            it.kind,
            it.group,
            it.earliest[:10],
            it.latest[:10],
            it.precision,
            it.date_text,
        ]
        for it in items
    ]
    focus = g.graph.get("focus")
    return {
        "title": title,
        "notice": notice,
        "focus": index.get(focus) if focus else None,
        "initial": sorted(index[n] for n in initial if n in index) if initial else None,
        "legend": lg.to_dict(),
        "nodes": nodes,
        "edges": edges,
        "claims": claims,
        "nodeClaims": node_claims,
        "timeline": timeline,
    }


def _sha256(code: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
    )


def render(data: dict[str, Any]) -> str:
    """The page as one string (libraries, style, data and script inline)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("rightsgraph")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        own = "dev"
    libs = libraries()
    scripts = [_script_safe(code) for _, _, code in libs]
    scripts.append(_script_safe((ASSETS / "page.js").read_text(encoding="utf-8")))
    csp = (
        "default-src 'none'; script-src "
        + " ".join(_sha256(s) for s in scripts)
        + "; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    values = {
        "CSP": html.escape(csp, quote=False),
        "VERSION": html.escape(own),
        "LIBS": html.escape(", ".join(f"{n} {v}" for n, v, _ in libs)),
        "TITLE": html.escape(str(data["title"])),
        "CSS": (ASSETS / "page.css").read_text(encoding="utf-8"),
        "DATA": embed_json(data),
        "SCRIPTS": "\n".join(f"<script>{s}</script>" for s in scripts),
    }
    template = (ASSETS / "page.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: values[m.group(1)], template)


def write(
    g: nx.MultiDiGraph,
    evidence: EvidenceIndex,
    items: list[Item],
    out: Path,
    title: str = "rightsgraph",
    max_nodes: int = MAX_NODES,
    initial: set[str] | None = None,
) -> tuple[int, int, str]:
    """Write the page; returns (nodes, edges, notice) — for a focus view, the nodes
    and edges it opens with (``initial``), the rest appearing as nodes are clicked."""
    kept, notice = limit(g, max_nodes, initial)
    data = page_data(kept, evidence, items, title, notice, initial)
    out.write_text(render(data), encoding="utf-8")
    if initial:
        sub = kept.subgraph([n for n in kept.nodes if n in initial])
        return sub.number_of_nodes(), sub.number_of_edges(), notice
    return kept.number_of_nodes(), kept.number_of_edges(), notice
