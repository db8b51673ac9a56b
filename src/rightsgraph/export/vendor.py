"""The HTML page's JavaScript, shipped inside the package.

A pip install has no ``node_modules``, so the two libraries the page inlines
(graphology and sigma.js, pinned by ``package-lock.json``) are copied into
``export/assets/vendor/`` with their licences and a manifest (name, version,
the lockfile's integrity hash, our sha256 of the file). Refresh them with
``make vendor-js`` (``npm ci`` then ``python -m rightsgraph.export.vendor``);
a test fails when the copies and the lockfile disagree."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "assets" / "vendor"
MANIFEST = VENDOR / "manifest.json"
# npm package -> the browser bundle the page inlines
LIBRARIES = (
    ("graphology", "dist/graphology.umd.min.js"),
    ("sigma", "dist/sigma.min.js"),
)
LICENCE_NAMES = ("LICENSE.txt", "LICENSE", "LICENSE.md")


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    file: str  # the bundle's name in assets/vendor/
    source: str  # its path inside the npm package
    sha256: str
    integrity: str  # package-lock.json's hash of the npm tarball
    licence: str  # SPDX id from the package's package.json
    licence_file: str

    def code(self) -> str:
        return (VENDOR / self.file).read_text(encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def libraries() -> list[Library]:
    """The vendored libraries, in the order the page loads them."""
    raw = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [Library(**entry) for entry in raw["libraries"]]


def locked_package(node_modules: Path, lock: dict[str, Any], name: str) -> dict[str, Any]:
    """The ``package.json`` of ``node_modules/NAME``, refused unless it is the version
    ``package-lock.json`` pins (what is shipped must be what the lockfile names)."""
    meta: dict[str, Any] = json.loads((node_modules / name / "package.json").read_text("utf-8"))
    locked = lock.get(f"node_modules/{name}", {})
    if locked.get("version") != meta["version"]:
        raise SystemExit(
            f"node_modules/{name} is {meta['version']} but package-lock.json pins "
            f"{locked.get('version')} — run npm ci first"
        )
    return meta


def refresh(node_modules: Path, lockfile: Path) -> list[Library]:
    """Copy the bundles and licences out of ``node_modules`` and rewrite the manifest."""
    lock = json.loads(lockfile.read_text(encoding="utf-8"))["packages"]
    VENDOR.mkdir(parents=True, exist_ok=True)
    out = []
    for name, source in LIBRARIES:
        pkg = node_modules / name
        meta = locked_package(node_modules, lock, name)
        target = f"{name}.min.js"
        shutil.copyfile(pkg / source, VENDOR / target)
        licence = next((pkg / n for n in LICENCE_NAMES if (pkg / n).is_file()), None)
        if licence is None:
            raise SystemExit(f"node_modules/{name} has no licence file — cannot ship it")
        shutil.copyfile(licence, VENDOR / f"{name}.LICENSE.txt")
        out.append(
            Library(
                name=name,
                version=meta["version"],
                file=target,
                source=source,
                sha256=sha256(VENDOR / target),
                integrity=str(lock.get(f"node_modules/{name}", {}).get("integrity", "")),
                licence=str(meta.get("license", "")),
                licence_file=f"{name}.LICENSE.txt",
            )
        )
    MANIFEST.write_text(
        json.dumps({"libraries": [lib.__dict__ for lib in out]}, indent=2) + "\n",
        encoding="utf-8",
    )
    return out


if __name__ == "__main__":  # python -m rightsgraph.export.vendor [NODE_MODULES [LOCKFILE]]
    root = Path.cwd()
    nm = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "node_modules"
    lf = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "package-lock.json"
    for lib in refresh(nm, lf):
        print(f"vendored {lib.name} {lib.version} ({lib.licence}) -> {VENDOR / lib.file}")
