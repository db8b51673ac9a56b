"""The SPARQL editor's JavaScript and CSS (YASGUI), shipped inside the package.

The editor page (``/query``) is built on ``@zazuko/yasgui``: its Yasqe editor
(CodeMirror with the SPARQL grammar) and its Yasr result views. A pip install
has no ``node_modules``, so its browser bundle and stylesheet, pinned by
``package-lock.json``, are copied into ``serve/static/vendor/`` with a manifest
(version, the lockfile's integrity hash, our sha256 of each file) and one
licence file. The npm package carries no licence file of its own and its bundle
inlines its dependencies, so the licence file is written from the package's
declared MIT licence and the licence file of every package the bundle includes
(the package's dependencies in the lockfile, transitively). Refresh with
``make vendor-js`` (``npm ci``, then ``python -m rightsgraph.serve.vendor``);
a test fails when the copies and the lockfile disagree."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..export.vendor import LICENCE_NAMES, sha256

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"
PACKAGE = "@zazuko/yasgui"
# the files the page loads, as (path inside the npm package, name in static/vendor/)
FILES = (
    ("build/yasgui.min.js", "yasgui.min.js"),
    ("build/yasgui.min.css", "yasgui.min.css"),
)
LICENCE_FILE = "yasgui.LICENSE.txt"
MORE_LICENCE_NAMES = (*LICENCE_NAMES, "license", "License.txt", "LICENSE.txt", "license.txt")

# The MIT licence the YASGUI project publishes (its repository's LICENSE); the npm
# package declares "license": "MIT" but leaves the text out.
MIT = """The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""


def manifest() -> dict[str, object]:
    """What is shipped: name, version, integrity, licence, bundled packages, files."""
    result: dict[str, object] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return result


def bundled(lock: dict[str, dict[str, object]], name: str = PACKAGE) -> list[str]:
    """Every package ``name`` depends on in the lockfile, transitively, sorted."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        entry = lock.get(f"node_modules/{todo.pop()}", {})
        deps = entry.get("dependencies") or {}
        for dep in deps if isinstance(deps, dict) else {}:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return sorted(seen)


def licence_text(node_modules: Path, lock: dict[str, dict[str, object]], version: str) -> str:
    """YASGUI's licence, then the licence of each package its bundle includes."""
    parts = [f"{PACKAGE} {version} (MIT)\n\n{MIT}"]
    for dep in bundled(lock):
        folder = node_modules / dep
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        declared = meta.get("license") or lock[f"node_modules/{dep}"].get("license") or "unstated"
        head = f"{dep} {meta['version']} ({declared})"
        found = next((folder / n for n in MORE_LICENCE_NAMES if (folder / n).is_file()), None)
        if found is None and dep.startswith("@zazuko/"):
            parts.append(f"{head}: part of the YASGUI project, under the MIT licence above\n")
        elif found is None:
            parts.append(
                f"{head}: the package ships no licence file; its package.json declares {declared}\n"
            )
        else:
            parts.append(f"{head}\n\n{found.read_text(encoding='utf-8').strip()}\n")
    rule = "\n" + "-" * 72 + "\n\n"
    return rule.join(parts)


# YASGUI's bundle carries prefix.cc's table of ~2,000 prefixes as its fallback for
# prefix completion. The editor completes the project's own prefixes
# (``/query/prefixes.json``), so the copy ships that table empty: no third-party
# namespace is offered as if it were ours, and the bundle names no outside hosts
# it would never contact anyway.
PREFIX_TABLE_START = ",madsrdf=`"
PREFIX_TABLE_END = ",prefixes_default={"


def shipped(target: str, data: bytes) -> bytes:
    """The bytes shipped as ``target`` for the npm file ``data``: the bundle with its
    bundled prefix table emptied (declarations kept, values blank), the rest as is."""
    if target != "yasgui.min.js":
        return data
    text = data.decode("utf-8")
    start = text.find(PREFIX_TABLE_START)
    end = text.find(PREFIX_TABLE_END, start)
    close = text.find("}", end + len(PREFIX_TABLE_END))
    if start < 0 or end < 0 or close < 0:
        raise SystemExit(
            f"{PACKAGE}: its bundle no longer has the prefix table this module empties "
            "— update rightsgraph.serve.vendor.shipped for the new version"
        )
    table = re.sub(r"`[^`]*`", "``", text[start:end])
    text = text[:start] + table + PREFIX_TABLE_END + text[close:]
    return text.encode("utf-8")


def refresh(node_modules: Path, lockfile: Path) -> dict[str, object]:
    """Copy the bundle, stylesheet and licences out of ``node_modules``; rewrite the manifest."""
    lock = json.loads(lockfile.read_text(encoding="utf-8"))["packages"]
    from ..export.vendor import locked_package

    pkg = node_modules / PACKAGE
    meta = locked_package(node_modules, lock, PACKAGE)
    VENDOR.mkdir(parents=True, exist_ok=True)
    files = []
    for source, target in FILES:
        (VENDOR / target).write_bytes(shipped(target, (pkg / source).read_bytes()))
        files.append({"file": target, "source": source, "sha256": sha256(VENDOR / target)})
    (VENDOR / LICENCE_FILE).write_text(
        licence_text(node_modules, lock, meta["version"]), encoding="utf-8"
    )
    out = {
        "name": PACKAGE,
        "version": meta["version"],
        "integrity": str(lock.get(f"node_modules/{PACKAGE}", {}).get("integrity", "")),
        "licence": str(meta.get("license", "")),
        "licence_file": LICENCE_FILE,
        "bundled": bundled(lock),
        "files": files,
    }
    MANIFEST.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":  # python -m rightsgraph.serve.vendor [NODE_MODULES [LOCKFILE]]
    root = Path.cwd()
    nm = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "node_modules"
    lf = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "package-lock.json"
    done = refresh(nm, lf)
    print(f"vendored {done['name']} {done['version']} ({done['licence']}) -> {VENDOR}")
