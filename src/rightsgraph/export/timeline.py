"""A dated timeline of incidents, meetings, decisions, reports and mechanism
changes (the named query ``cq8-timeline``), drawn with matplotlib as PNG or SVG.

Precision stays visible: a day is a point, a month or a year is a span from its
earliest to its latest bound, hatched. Labels sit on the left, wrapped (never
clipped), and the axis is broken where nothing happens for months, each piece
fitted to its items. Labels are drawn as plain text
(matplotlib's mathtext is off, so ``$`` means a dollar)."""

from __future__ import annotations

import datetime as dt
import textwrap
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


GAP_DAYS = 180  # a quiet stretch longer than this breaks the axis
LABEL_WIDTH = 48  # characters per label line; two lines at most


def segments(entries: list[Item]) -> list[tuple[dt.date, dt.date]]:
    """The axis pieces: runs of dated items separated by more than ``GAP_DAYS`` of
    nothing, so 2017 does not squeeze 2022-2023 into the right-hand edge."""
    spans = sorted(
        (dt.date.fromisoformat(i.earliest[:10]), dt.date.fromisoformat(i.latest[:10]))
        for i in entries
    )
    out: list[list[dt.date]] = []
    for lo, hi in spans:
        if out and (lo - out[-1][1]).days <= GAP_DAYS:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """At most two lines of ``width``; the rest is cut with an ellipsis."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1].rstrip() + "…"]
    return "\n".join(lines)


def draw(entries: list[Item], out: Path, fmt: str, title: str = "rightsgraph timeline") -> None:
    """Write the timeline as ``fmt`` (png or svg): one row per item, its label
    (wrapped, with the document's own wording of the date) on the left, the
    axis broken at long quiet stretches and each piece fitted to its items."""
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    lg = legend()
    shown = entries[:MAX_ROWS]
    if len(entries) > MAX_ROWS:
        title += f" — first {MAX_ROWS} of {len(entries)} dated items"
    rows = max(len(shown), 1)
    pieces = segments(shown) or [(dt.date(2000, 1, 1), dt.date(2000, 12, 31))]
    counts = [
        sum(1 for i in shown if lo <= dt.date.fromisoformat(i.earliest[:10]) <= hi)
        for lo, hi in pieces
    ]
    labels = [wrap(f"{it.label} ({it.date_text or it.precision})") for it in shown]
    with matplotlib.rc_context({"text.parse_math": False, "svg.fonttype": "path"}):
        fig = Figure(figsize=(14, 1.4 + 0.34 * rows), layout="constrained")
        axes = fig.subplots(
            1, len(pieces), sharey=True, squeeze=False, width_ratios=[max(c, 2) for c in counts]
        )[0]
        for ax, (lo, hi), count in zip(axes, pieces, counts, strict=True):
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
            pad = max((hi - lo).days * 0.04, 12)
            ax.set_xlim(mdates.date2num(lo) - pad, mdates.date2num(hi) + 1 + pad)
            # a narrow piece gets few ticks, so its dates do not run into each other
            ticks = max(2, min(8, round(8 * count / max(counts))))
            locator = mdates.AutoDateLocator(minticks=1, maxticks=ticks)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            ax.grid(axis="x", alpha=0.3)
            ax.tick_params(axis="x", labelsize=8)
            for i in range(rows):
                if i % 2:
                    ax.axhspan(i - 0.5, i + 0.5, color="#f3f3f3", zorder=0)
        first = axes[0]
        first.set_yticks(range(len(shown)), labels, fontsize=7.5)
        first.set_ylim(rows - 0.5, -0.5)
        for left, right in zip(axes, axes[1:], strict=False):
            right.tick_params(axis="y", left=False)
            left.spines["right"].set_linestyle((0, (4, 3)))  # the axis is broken here
            right.spines["left"].set_linestyle((0, (4, 3)))
        fig.suptitle(title, x=0.01, ha="left", fontsize=11)
        groups = sorted({it.group for it in shown})
        handles = [Patch(color=lg.style(g).colour, label=lg.style(g).label) for g in groups]
        handles.append(
            Patch(
                facecolor="white", edgecolor="black", hatch="//", label="span (month, year, range)"
            )
        )
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7.5)
        fig.savefig(out, format=fmt, dpi=110 if fmt == "png" else None)
