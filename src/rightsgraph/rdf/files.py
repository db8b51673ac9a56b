"""Assembling the graph from the ontology and a data folder, remembering where
every subject was written so that messages can name file and line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..records import Record
from ..resources import default_data_dir, ontology_files
from .formats import rdf_files

# not typing's, and the parsers loaded only to parse: every command lists the
# data folder (``data_files``), a query parses nothing
TYPE_CHECKING = False
if TYPE_CHECKING:
    import rdflib

    from .parse import ParsedFile

# how a long job reports: progress(step name, steps done, steps in all) — the CLI
# draws a bar on a terminal; the library never prints
Progress = Callable[[str, int, int], None]


class SourcedGraph(Record):
    """The merged graph plus, for each subject IRI, the file and line that defines it."""

    __slots__ = ("graph", "files", "locations")

    def __init__(
        self,
        graph: rdflib.Graph,
        files: list[Path],
        locations: dict[str, tuple[Path, int]] | None = None,
    ) -> None:
        self.graph = graph
        self.files = files
        self.locations: dict[str, tuple[Path, int]] = {} if locations is None else locations

    def where(self, iri: str) -> tuple[Path, int] | None:
        return self.locations.get(iri)


def data_files(data_dir: Path | None = None) -> list[Path]:
    """RDF files of a data folder (the project's data/ by default), templates excluded."""
    folder = data_dir or default_data_dir()
    return [f for f in rdf_files([folder]) if "templates" not in f.relative_to(folder).parts]


_PARSED: dict[tuple[str, int, int], ParsedFile] = {}


def parse_cached(path: Path) -> ParsedFile:
    """Parse a file once per content version (path, size, modification time).

    A long-running process (the server, a test session, a notebook) opens the
    store many times; unchanged files are not parsed again. Callers copy the
    triples out and never change the cached graph."""
    from .parse import parse_file

    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) > 512:
            _PARSED.clear()
        found = _PARSED[key] = parse_file(path)
    return found


def load_sourced(
    files: Iterable[Path], with_ontology: bool = True, progress: Progress | None = None
) -> SourcedGraph:
    """Parse every file strictly and merge them; the first syntax error stops it."""
    from rdflib import Graph

    from ..vocab import bind_all

    all_files = (ontology_files() if with_ontology else []) + list(files)
    graph = Graph()
    bind_all(graph)
    locations: dict[str, tuple[Path, int]] = {}
    for i, path in enumerate(all_files, start=1):
        parsed: ParsedFile = parse_cached(path)
        graph += parsed.graph
        for iri, line in parsed.subject_lines.items():
            locations.setdefault(iri, (path, line))
        if progress:
            progress(path.name, i, len(all_files))
    return SourcedGraph(graph, all_files, locations)
