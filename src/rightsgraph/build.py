"""Building a store from the ontology and a data folder, and opening it again.

The memory store is rebuilt on every run (it is cheap at this size). An Oxigraph
store is filled once and reused; it is rebuilt only when a data or ontology file
changed, which a fingerprint of their contents tells.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .graphdata import Progress, data_files, fingerprint, load_sourced
from .resources import ontology_files
from .store import MemoryStore, OxigraphStore, SparqlStore, Store, parse_store_spec


@dataclass
class BuildReport:
    store: str
    files: int
    triples: int
    rebuilt: bool


def _inputs(data_dir: Path | None) -> list[Path]:
    return ontology_files() + data_files(data_dir)


def build(
    store_spec: str = "memory",
    data_dir: Path | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> BuildReport:
    """Load ontology + data into the store named by ``store_spec``."""
    spec = parse_store_spec(store_spec)
    files = _inputs(data_dir)
    if spec.kind == "memory":
        sourced = load_sourced(data_files(data_dir), progress=progress)
        return BuildReport("memory", len(files), len(sourced.graph), True)
    if spec.kind == "oxigraph":
        path = Path(spec.location or "")
        path.mkdir(parents=True, exist_ok=True)
        fp = fingerprint(files)
        store = OxigraphStore(path, read_only=False)
        if not force and store.stored_fingerprint() == fp:
            return BuildReport(store.description, len(files), store.triple_count(), False)
        n = store.rebuild(files, fp, progress)
        return BuildReport(store.description, len(files), n, True)
    # a remote endpoint: upload through the Graph Store Protocol
    remote = SparqlStore(spec.location or "", spec.update_url)
    sourced = load_sourced(data_files(data_dir), progress=progress)
    remote.upload(sourced.graph.serialize(format="nt", encoding="utf-8"))
    return BuildReport(remote.description, len(files), remote.triple_count(), True)


def open_store(
    store_spec: str = "memory", data_dir: Path | None = None, progress: Progress | None = None
) -> Store:
    """The store other commands read; an on-disk store is refreshed if stale."""
    spec = parse_store_spec(store_spec)
    if spec.kind == "memory":
        sourced = load_sourced(data_files(data_dir), progress=progress)
        return MemoryStore(sourced.graph)
    if spec.kind == "oxigraph":
        path = Path(spec.location or "")
        if not (path / OxigraphStore.FINGERPRINT).exists() or (
            OxigraphStore(path).stored_fingerprint() != fingerprint(_inputs(data_dir))
        ):
            build(store_spec, data_dir, progress)
        return OxigraphStore(path)
    return SparqlStore(spec.location or "", spec.update_url)
