"""A dated timeline of incidents, meetings, decisions, reports and mechanism
changes (the named query ``cq8-timeline``), drawn with matplotlib as PNG or SVG.

Precision stays visible: a day is a point, a month or a year is a span from its
earliest to its latest bound, hatched. Labels are drawn as plain text
(matplotlib's mathtext is off, so ``$`` means a dollar)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from ..store.base import Store
from .legend import legend

MAX_ROWS = 400


@dataclass
class Item:
    iri: str
    label: str
    kind: str
    group: str
    earliest: str
    latest: str
    precision: str
    date_text: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def items(store: Store, keep: set[str] | None = None) -> list[Item]:
    """Everything dated, oldest first; ``keep`` limits it to these IRIs."""
    from ..answers.queries import run_query

    lg = legend()
    _, res = run_query(store, "cq8-timeline", {"from": "0001-01-01", "to": "9999-12-31"})
    out: list[Item] = []
    seen: set[tuple[str, str, str]] = set()
    for r in res.dicts():
        iri = str(r["item"])
        if keep is not None and iri not in keep:
            continue
        kind = str(r["kind"])
        key = (iri, kind, str(r["earliest"]))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Item(
                iri=iri,
                label=str(r["label"]),
                kind=kind,
                group=lg.timeline.get(kind, "other"),
                earliest=str(r["earliest"]),
                latest=str(r["latest"]),
                precision=str(r["precision"]),
                date_text=str(r["dateText"]) if r.get("dateText") is not None else "",
            )
        )
    out.sort(key=lambda i: (i.earliest, i.latest, i.label))
    return out


def draw(entries: list[Item], out: Path, fmt: str, title: str = "rightsgraph timeline") -> None:
    """Write the timeline as ``fmt`` (png or svg)."""
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    lg = legend()
    shown = entries[:MAX_ROWS]
    if len(entries) > MAX_ROWS:
        title += f" — first {MAX_ROWS} of {len(entries)} dated items"
    rows = max(len(shown), 1)
    with matplotlib.rc_context({"text.parse_math": False, "svg.fonttype": "path"}):
        fig = Figure(figsize=(13, 1.6 + 0.26 * rows), layout="constrained")
        ax = fig.add_subplot()
        for y, it in enumerate(shown):
            colour = lg.style(it.group).colour
            start = dt.date.fromisoformat(it.earliest[:10])
            end = dt.date.fromisoformat(it.latest[:10])
            if end > start:
                # a span: the whole interval the document's wording allows
                ax.barh(
                    y,
                    (end - start).days + 1,
                    left=mdates.date2num(start),
                    height=0.6,
                    color=colour,
                    alpha=0.55,
                    hatch="//",
                    edgecolor=colour,
                )
            else:
                ax.plot(mdates.date2num(start) + 0.5, y, "o", color=colour, markersize=6)
            when = it.date_text or it.precision
            ax.text(
                mdates.date2num(end) + 3,
                y,
                f"{_short(it.label)}  ({when})",
                va="center",
                fontsize=7,
                parse_math=False,
            )
        ax.set_yticks([])
        ax.set_ylim(rows - 0.5, -0.5)
        ax.xaxis_date()
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(title, loc="left", parse_math=False)
        groups = sorted({it.group for it in shown})
        handles = [Patch(color=lg.style(g).colour, label=lg.style(g).label) for g in groups]
        handles.append(
            Patch(
                facecolor="white", edgecolor="black", hatch="//", label="span (month, year, range)"
            )
        )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
        if shown:
            lo = min(dt.date.fromisoformat(i.earliest[:10]) for i in shown)
            hi = max(dt.date.fromisoformat(i.latest[:10]) for i in shown)
            pad = max((hi - lo).days * 0.35, 30)
            ax.set_xlim(mdates.date2num(lo) - 10, mdates.date2num(hi) + pad)
        fig.savefig(out, format=fmt, dpi=110 if fmt == "png" else None)


def _short(label: str, width: int = 90) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
