"""Store specifications as the user writes them: memory, oxigraph:PATH, sparql:URL."""

from __future__ import annotations

from ..errors import InputError
from ..records import Record


class StoreSpec(Record):
    """What ``--store`` names: its kind, and the path or URLs it gives."""

    __slots__ = ("kind", "location", "update_url", "graph")

    def __init__(
        self,
        kind: str,
        location: str | None = None,
        update_url: str | None = None,
        graph: str | None = None,
    ) -> None:
        self.kind = kind
        self.location = location
        self.update_url = update_url
        self.graph = graph


def parse_store_spec(spec: str) -> StoreSpec:
    """'memory', 'oxigraph:PATH' or 'sparql:URL[,update=URL][,graph=IRI]'."""
    if spec == "memory":
        return StoreSpec("memory")
    if spec.startswith("oxigraph:") and len(spec) > len("oxigraph:"):
        return StoreSpec("oxigraph", spec[len("oxigraph:") :])
    if spec.startswith("sparql:") and len(spec) > len("sparql:"):
        url, *rest = spec[len("sparql:") :].split(",")
        options: dict[str, str] = {}
        for part in rest:
            key, eq, value = part.partition("=")
            if key not in ("update", "graph") or not eq or not value or key in options:
                raise InputError(
                    f"--store {spec}: after the URL only ',update=URL' and ',graph=IRI' are allowed"
                )
            options[key] = value
        return StoreSpec("sparql", url, options.get("update"), options.get("graph"))
    raise InputError(
        f"--store '{spec}' is not understood — use memory, oxigraph:PATH or sparql:URL[,update=URL][,graph=IRI]"
    )
