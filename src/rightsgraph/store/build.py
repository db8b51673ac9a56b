"""Building a store from the ontology and a data folder, and opening it again.

The memory store is rebuilt on every run (it is cheap at this size). An Oxigraph
store is filled once and reused; it is rebuilt only when a data or ontology file
changed. The check is cheap: file names, sizes and modification times first, and
only when those differ, a hash of the contents (so ``touch`` or a fresh checkout
does not force a rebuild). A rebuild fills a new generation and switches to it in one
step (``generations``), so a failed build leaves the previous store usable.

A remote endpoint (``sparql:URL,update=URL``) is filled through SPARQL Update:
its default graph is replaced by the ontology and data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..rdf.files import Progress, data_files, load_sourced
from ..resources import ontology_files
from . import generations
from .base import Store
from .memory import MemoryStore
from .oxigraph import OxigraphStore
from .spec import parse_store_spec

# bump when the way files are loaded changes, so old stores are rebuilt
LOADER_VERSION = "2"


@dataclass
class BuildReport:
    store: str
    files: int
    triples: int
    rebuilt: bool


def _inputs(data_dir: Path | None) -> list[Path]:
    return ontology_files() + data_files(data_dir)


def _stat_signature(files: list[Path]) -> str:
    parts = [LOADER_VERSION]
    for f in files:
        st = f.stat()
        parts.append(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def content_hash(files: list[Path]) -> str:
    """Changes whenever a file is added, removed, renamed or edited."""
    h = hashlib.sha256(LOADER_VERSION.encode())
    for f in files:
        h.update(f"\n{f.name}\n{f.stat().st_size}\n".encode())
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 22):
                h.update(chunk)
    return h.hexdigest()


def _read_marker(path: Path) -> dict[str, str]:
    try:
        doc = json.loads((path / OxigraphStore.FINGERPRINT).read_text())
        return doc if isinstance(doc, dict) else {}
    except (OSError, ValueError):
        return {}


def is_current(path: Path, files: list[Path]) -> bool:
    """True when the store at ``path`` was built from exactly these file contents."""
    path = generations.current_dir(path)
    marker = _read_marker(path)
    if not marker:
        return False
    if marker.get("stat") == _stat_signature(files):
        return True
    if marker.get("content") == content_hash(files):
        # same contents, new timestamps: remember them so the next check is cheap
        marker["stat"] = _stat_signature(files)
        with contextlib.suppress(OSError):
            (path / OxigraphStore.FINGERPRINT).write_text(json.dumps(marker))
        return True
    return False


def build_oxigraph(
    path: Path, files: list[Path], progress: Progress | None = None, force: bool = False
) -> BuildReport:
    """Fill an on-disk Oxigraph store at ``path`` (a fresh directory swapped in)."""
    import pyoxigraph as ox

    from .ingest import load_files

    description = f"oxigraph:{path}"
    if not force and is_current(path, files):
        return BuildReport(description, len(files), len(OxigraphStore(path).ox), False)
    foreign = (
        path.exists()
        and any(path.iterdir())
        and not (path / OxigraphStore.FINGERPRINT).exists()
        and not (path / "CURRENT").exists()  # not an Oxigraph (RocksDB) directory either
    )
    if foreign:
        raise InputError(
            f"{path}: the folder exists and is not a rightsgraph store — "
            "choose an empty or new folder for --store oxigraph:PATH"
        )
    with generations.new_generation(path) as tmp:  # switched to in one rename
        store = ox.Store(str(tmp))
        load_files(store, files, progress)
        # compact the files the loader wrote: about half the read time afterwards,
        # for every later query and validation, against seconds once per build
        store.optimize()
        store.flush()
        n = len(store)
        del store
        marker = {"stat": _stat_signature(files), "content": content_hash(files)}
        (tmp / OxigraphStore.FINGERPRINT).write_text(json.dumps(marker))
    return BuildReport(description, len(files), n, True)


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
        return build_oxigraph(Path(spec.location or ""), files, progress, force)
    return build_remote(store_spec, files, progress)


def build_remote(
    store_spec: str, files: list[Path], progress: Progress | None = None
) -> BuildReport:
    """Replace a remote endpoint's default graph with the ontology and data."""
    import pyoxigraph as ox

    from .ingest import load_files
    from .oxigraph import OxConverter
    from .remote import SparqlStore

    spec = parse_store_spec(store_spec)
    remote = SparqlStore(spec.location or "", spec.update_url, graph=spec.graph)
    if not spec.update_url:
        raise InputError(
            f"--store {store_spec}: building a remote store needs its SPARQL Update URL — "
            "use sparql:QUERY_URL,update=UPDATE_URL"
        )
    staging = ox.Store()  # parse strictly and fast, then send
    load_files(staging, files, progress)
    conv = OxConverter()
    triples = (
        (conv(q.subject), conv(q.predicate), conv(q.object))
        for q in staging.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    remote.replace_default_graph(triples)
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
        files = _inputs(data_dir)
        if not is_current(path, files):
            build_oxigraph(path, files, progress)
        return OxigraphStore(path)
    from .remote import SparqlStore

    return SparqlStore(spec.location or "", spec.update_url, graph=spec.graph)
