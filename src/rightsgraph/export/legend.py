"""Colours and shapes per node group, read from ``ontology/legend.json`` (data,
not code) so every export format draws a group the same way."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from ..errors import InputError
from ..resources import ontology_dir


@dataclass(frozen=True)
class Style:
    group: str
    label: str
    colour: str
    shape: str
    shapes: dict[str, str] = field(default_factory=dict)

    def shape_for(self, tool: str) -> str:
        return self.shapes.get(tool, self.shape)


@dataclass(frozen=True)
class Legend:
    groups: dict[str, Style]
    edge_colour: str
    contested_colour: str
    edge_labels: dict[str, str]
    timeline: dict[str, str]

    def style(self, group: str) -> Style:
        return self.groups.get(group) or self.groups["other"]

    def to_dict(self) -> dict[str, object]:
        return {
            "groups": {
                g: {"label": s.label, "colour": s.colour, "shape": s.shape}
                for g, s in self.groups.items()
            },
            "edge": {"colour": self.edge_colour, "label": self.edge_labels["default"]},
            "contested": {"colour": self.contested_colour, "label": self.edge_labels["contested"]},
        }


@cache
def legend() -> Legend:
    """The shipped legend (``ontology/legend.json``)."""
    path = ontology_dir() / "legend.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        groups = {
            name: Style(name, g["label"], g["colour"], g["shape"], dict(g.get("shapes", {})))
            for name, g in raw["groups"].items()
        }
        edges = raw["edges"]
        if "other" not in groups:
            raise KeyError("groups.other")
        return Legend(
            groups,
            edges["default"]["colour"],
            edges["contested"]["colour"],
            {k: v["label"] for k, v in edges.items()},
            dict(raw.get("timeline", {})),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path}: unreadable legend ({exc}) — restore it from the repository"
        ) from None
