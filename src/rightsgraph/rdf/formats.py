"""Which files are RDF, and in which format: by extension, read without loading
the parsers (``parse.py``), so listing a data folder — which every command does
to see whether its store is current — costs no more than the listing."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

TYPE_CHECKING = False  # not typing's: every command lists the data folder
if TYPE_CHECKING:
    from collections.abc import Iterable

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}
RDF_SUFFIXES = tuple(FORMATS)


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the RDF files they hold (sorted, recursively)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.suffix.lower() in RDF_SUFFIXES and f.is_file())
            )
        elif p.exists():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder — check the path")
    return out
