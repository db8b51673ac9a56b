"""Where the embedded default keeps its filled dataset between runs.

Filling the in-memory store (parse the files, split the public view off, derive
the claims' facts) costs several times what answering a query does, and the
data rarely changes between two commands. So the embedded default is filled
once into an on-disk Oxigraph store in the user's cache folder — one per data
folder, built, checked and switched exactly as ``--store oxigraph:PATH`` is
(``store/build.is_current``, ``store/generations``) — and later runs open it
read-only, which costs less than loading even an N-Quads dump of it and keeps
every term (blank nodes included) as ``fill`` wrote it.

The store is current only for the data and ontology files *and the code* it was
filled from (the access rule and the derived facts live in code), so the modules
``fill`` runs are part of its signature (``code_files``). A cache folder that
cannot be written, or a disk that is full, only means the store is filled in
memory, as without a cache.

Where: ``$RIGHTSGRAPH_CACHE_DIR`` if set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/rightsgraph``, else ``~/.cache/rightsgraph``. The folder is
private to the user: the store holds the restricted graph too.
"""

from __future__ import annotations

import os
from pathlib import Path

try:  # CPython's own SHA-256: hashlib would first load OpenSSL, ~3 ms of every command
    from _sha256 import sha256  # Python 3.11
except ImportError:  # pragma: no cover - the module's name in later versions
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

CACHE_ENV = "RIGHTSGRAPH_CACHE_DIR"

# the code that fills a store (``store/build.fill``): the loader, the access rule,
# the derived facts and what they import (a test checks that fill imports no other)
CODE = (
    "rdf",
    "store",
    "claims.py",
    "derivation.py",
    "vocab.py",
    "resources.py",
    "errors.py",
    "text.py",
    "records.py",
)


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in ("", "off") else Path(value)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # the XDG spec: a relative value is invalid and is ignored
    root = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return root / "rightsgraph"


def store_dir(data_dir: Path) -> Path | None:
    """The cached store of the embedded default for ``data_dir`` (created private
    to the user), or None when the cache is off or cannot be created."""
    folder = cache_dir()
    if folder is None:
        return None
    key = sha256(str(data_dir.resolve()).encode()).hexdigest()[:24]
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"memory-{key}"


def code_files() -> list[Path]:
    """The modules a filled dataset depends on, as ``CODE`` names them."""
    package = Path(__file__).resolve().parent.parent
    out: list[Path] = []
    for name in CODE:
        where = package / name
        out.extend(sorted(where.glob("*.py")) if where.is_dir() else [where])
    return out
