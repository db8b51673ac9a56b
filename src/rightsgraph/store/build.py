"""Building a store from the ontology and a data folder, and opening it again.

The memory store is filled once per version of its inputs and kept on disk in
the user's cache folder (``store/cache.py``), then opened read-only by every
later run. An Oxigraph
store is filled once and reused; it is rebuilt only when a data or ontology file
changed. The check is cheap: file names, sizes and modification times first, and
only when those differ, a hash of the contents (so ``touch`` or a fresh checkout
does not force a rebuild). A rebuild fills a new generation and switches to it in one
step (``generations``), so a failed build leaves the previous store usable.

Every store is filled the same way (``fill``): the ontology into its graph, the
data into ``graph/public``, then the access rule moves what public output must
not show into ``graph/restricted`` and ``derivation.derive`` writes the derived facts
(see ``store/dataset.py``). A remote endpoint (``sparql:URL,update=URL``) gets
the same graphs through SPARQL Update, computed on a local staging store.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..errors import InputError
from ..rdf.files import Progress, data_files
from ..records import Record
from ..resources import ontology_files
from . import generations
from .base import Store
from .cache import sha256
from .oxigraph import OxigraphStore
from .spec import parse_store_spec

# bump when the way files are loaded changes, so old stores are rebuilt
LOADER_VERSION = "4"  # 3: named graphs, derived facts and the public view; 4: derived once


class BuildReport(Record):
    """What ``build`` did: which store, from how many files, how many data
    triples it holds, and whether it was filled again."""

    __slots__ = ("store", "files", "triples", "rebuilt")

    def __init__(self, store: str, files: int, triples: int, rebuilt: bool) -> None:
        self.store = store
        self.files = files
        self.triples = triples
        self.rebuilt = rebuilt


def _inputs(data_dir: Path | None) -> list[Path]:
    return ontology_files() + data_files(data_dir)


def _stat_signature(files: list[Path]) -> str:
    """Each file's real path, size and modification time, hashed. Every command
    checks it, so each folder is resolved once (``Path.resolve`` would look at
    every component of every path again): a file that is not itself a link has
    the real path of its folder joined with its name."""
    parts = [LOADER_VERSION]
    real: dict[str, str] = {}
    for f in files:
        path = os.fspath(f)
        st = os.stat(path)
        folder, name = os.path.split(path)
        if name in ("", ".", "..") or os.path.islink(path):
            where = os.path.realpath(path)
        else:
            if folder not in real:
                real[folder] = os.path.realpath(folder)
            where = os.path.join(real[folder], name)
        parts.append(f"{where}|{st.st_size}|{st.st_mtime_ns}")
    return sha256("\n".join(parts).encode()).hexdigest()


def content_hash(files: list[Path]) -> str:
    """Changes whenever a file is added, removed, renamed or edited."""
    h = sha256(LOADER_VERSION.encode())
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


class Filled(Record):
    """How many triples ``fill`` wrote: data (public), restricted, derived."""

    __slots__ = ("data_triples", "restricted_triples", "derived_triples")

    def __init__(self, data_triples: int, restricted_triples: int, derived_triples: int) -> None:
        self.data_triples = data_triples
        self.restricted_triples = restricted_triples
        self.derived_triples = derived_triples


def fill(
    store: object, data: list[Path], progress: Progress | None = None, ontology: bool = True
) -> Filled:
    """Load ontology and data into a pyoxigraph store as the dataset's named graphs,
    then materialise the public view and the derived facts."""
    from ..derivation import TableCollector, derive
    from ..resources import ontology_files
    from .access import split_restricted
    from .dataset import ONTOLOGY, PUBLIC, user_graphs
    from .ingest import load_files

    if ontology:
        load_files(store, ontology_files(), None, graph=ONTOLOGY)
    tables = TableCollector()  # what the claim rules read, collected on the way in
    load_files(store, data, progress, graph=PUBLIC, observe=tables)
    split = split_restricted(store)
    derived = derive(store, tables.tables, split.moved).total
    total = len(store)  # type: ignore[arg-type]
    n_ontology = len(ontology_files()) and _graph_size(store, ONTOLOGY)
    # user graphs (TriG, N-Quads) and the record of the hidden ones are not data triples
    n_user = sum(_graph_size(store, g) for g in user_graphs(store)) + len(split.hidden_graphs)
    n_data = total - n_ontology - derived - split.moved_triples - n_user
    return Filled(n_data, split.moved_triples, derived)


def _graph_size(store: object, graph: str) -> int:
    import pyoxigraph as ox

    res = store.query(  # type: ignore[attr-defined]
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=[ox.NamedNode(graph)]
    )
    return int(next(iter(res))[0].value)


def build_oxigraph(
    path: Path,
    files: list[Path],
    progress: Progress | None = None,
    force: bool = False,
    signed: list[Path] | None = None,
) -> BuildReport:
    """Fill an on-disk Oxigraph store at ``path`` (a fresh directory swapped in).
    ``signed`` (default ``files``) are the files its fingerprint covers."""
    import pyoxigraph as ox

    description = f"oxigraph:{path}"
    ontology = set(ontology_files())
    data = [f for f in files if f not in ontology]
    signed = signed or files
    if not force and is_current(path, signed):
        opened = OxigraphStore.open(path, include_restricted=True)
        return BuildReport(description, len(files), opened.triple_count(), False)
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
        filled = fill(store, data, progress)
        # compact the files the loader wrote: about half the read time afterwards,
        # for every later query and validation, against seconds once per build
        store.optimize()
        store.flush()
        n = filled.data_triples + filled.restricted_triples
        del store
        marker = {"stat": _stat_signature(signed), "content": content_hash(signed)}
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
        store = memory_store(data_dir, progress, include_restricted=True)
        return BuildReport("memory", len(files), store.triple_count(), True)
    if spec.kind == "oxigraph":
        return build_oxigraph(Path(spec.location or ""), files, progress, force)
    return build_remote(store_spec, data_files(data_dir), progress)


def memory_store(
    data_dir: Path | None = None,
    progress: Progress | None = None,
    include_restricted: bool = False,
) -> OxigraphStore:
    """The embedded default: the dataset filled from the data folder, kept in the
    user's cache folder as an on-disk store (``store/cache.py``) and opened
    read-only, refilled only when a data or ontology file or the code that fills
    it changed; filled in memory when the cache is off or cannot be written."""
    from ..resources import default_data_dir
    from .cache import code_files, store_dir

    data = data_files(data_dir)
    root = store_dir(data_dir or default_data_dir())
    if root is not None:
        files = ontology_files() + data
        signed = files + code_files()
        try:
            if not is_current(root, signed):
                build_oxigraph(root, files, progress, signed=signed)
            opened = OxigraphStore.open(root, include_restricted)
        except (OSError, RuntimeError, InputError):
            pass  # unwritable or full: fill in memory below (bad data says so there)
        else:
            return opened.as_memory()
    import pyoxigraph as ox

    store = ox.Store()
    fill(store, data, progress)
    return OxigraphStore(store, "memory", include_restricted)


def build_remote(
    store_spec: str, data: list[Path], progress: Progress | None = None
) -> BuildReport:
    """Replace a remote endpoint's dataset graphs with the ontology, data and derived
    facts, computed on a local staging store (parsed strictly, as locally)."""
    import pyoxigraph as ox

    from .oxigraph import OxConverter
    from .remote import SparqlStore

    spec = parse_store_spec(store_spec)
    remote = SparqlStore(
        spec.location or "", spec.update_url, graph=spec.graph, include_restricted=True
    )
    if not spec.update_url:
        raise InputError(
            f"--store {store_spec}: building a remote store needs its SPARQL Update URL — "
            "use sparql:QUERY_URL,update=UPDATE_URL"
        )
    from .dataset import user_graphs

    staging = ox.Store()
    fill(staging, data, progress)
    if user := user_graphs(staging):
        raise InputError(
            f"--store {store_spec}: remote stores do not hold the named graphs of TriG or "
            f"N-Quads data files yet (<{user[0]}>) — use --store memory or oxigraph:PATH"
        )
    conv = OxConverter(keep_bnode_ids=True)
    quads = (
        (conv(q.subject), conv(q.predicate), conv(q.object), q.graph_name.value)  # type: ignore[union-attr]
        for q in staging.quads_for_pattern(None, None, None, None)
    )
    remote.replace_dataset(quads)
    return BuildReport(
        remote.description, len(data) + len(ontology_files()), remote.triple_count(), True
    )


def open_store(
    store_spec: str = "memory",
    data_dir: Path | None = None,
    progress: Progress | None = None,
    include_restricted: bool = False,
) -> Store:
    """The store commands read, public unless ``include_restricted``; an on-disk
    store is refreshed if stale."""
    spec = parse_store_spec(store_spec)
    if spec.kind == "memory":
        return memory_store(data_dir, progress, include_restricted)
    if spec.kind == "oxigraph":
        path = Path(spec.location or "")
        files = _inputs(data_dir)
        if not is_current(path, files):
            build_oxigraph(path, files, progress)
        return OxigraphStore.open(path, include_restricted)
    from .remote import SparqlStore

    return SparqlStore(
        spec.location or "",
        spec.update_url,
        graph=spec.graph,
        include_restricted=include_restricted,
    )
