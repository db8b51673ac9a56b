"""The page's JavaScript ships inside the package, and the shipped copies are the
ones ``package-lock.json`` pins: same versions, same bytes as ``npm ci`` installs
(checked when ``node_modules`` is present), licences alongside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightsgraph.export import vendor

REPO = Path(__file__).resolve().parent.parent
LOCK = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))["packages"]
PACKAGE = json.loads((REPO / "package.json").read_text(encoding="utf-8"))


def test_every_runtime_dependency_is_vendored_at_its_locked_version() -> None:
    shipped = {lib.name: lib for lib in vendor.libraries()}
    # the SPARQL editor's YASGUI is vendored by serve.vendor (tests/test_serve_query_ui.py)
    page_deps = set(PACKAGE["dependencies"]) - {"@zazuko/yasgui"}
    assert set(shipped) == page_deps == {n for n, _ in vendor.LIBRARIES}
    for name, lib in shipped.items():
        locked = LOCK[f"node_modules/{name}"]
        assert lib.version == locked["version"] == PACKAGE["dependencies"][name]
        assert lib.integrity == locked["integrity"]


def test_vendored_files_match_their_manifest_and_carry_a_licence() -> None:
    for lib in vendor.libraries():
        assert vendor.sha256(vendor.VENDOR / lib.file) == lib.sha256, lib.file
        licence = (vendor.VENDOR / lib.licence_file).read_text(encoding="utf-8")
        assert lib.licence == "MIT" and "Permission is hereby granted" in licence
        assert "</script" not in lib.code().lower()


def test_vendored_files_are_the_bytes_npm_installs() -> None:
    nm = REPO / "node_modules"
    if not all((nm / name / "package.json").is_file() for name, _ in vendor.LIBRARIES):
        pytest.skip("node_modules missing — run npm ci (or make vendor-js) to compare the bytes")
    for lib in vendor.libraries():
        meta = json.loads((nm / lib.name / "package.json").read_text(encoding="utf-8"))
        if meta["version"] != LOCK[f"node_modules/{lib.name}"]["version"]:
            pytest.skip(f"node_modules/{lib.name} is not the locked version — run npm ci")
        assert (nm / lib.name / lib.source).read_bytes() == (vendor.VENDOR / lib.file).read_bytes()


def test_the_page_inlines_the_vendored_code(store, tmp_path: Path) -> None:
    from rightsgraph.export import export

    out = tmp_path / "page.html"
    export(store, "html", out)
    text = out.read_text(encoding="utf-8")
    for lib in vendor.libraries():
        assert lib.code() in text
        assert f"{lib.name} {lib.version}" in text  # named in the generator meta tag
