"""Regenerate the export screenshots in docs/images/ from the real data, in the
real browser (Chromium driven by Playwright), so the README shows what the
current code draws. ``make screenshots``; needs Chromium (.ci/install-system-deps).

    graph-whole.png     the whole graph as the page opens: fitted to the canvas
    graph-focus.png     ``--focus "Moura killings"``: the neighbourhood, labelled
    graph-expanded.png  the same page after clicking Wagner Group: its neighbours added
    html-view.png       the focus page with the Moura killings' evidence open
    html-timeline.png   the page's Timeline tab
    timeline.png        ``export --format timeline``
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "images"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
MOURA = "https://w3id.org/rightsgraph/id/incident/moura-2022-03"
WAGNER = "https://w3id.org/rightsgraph/id/actor/wagner-group"


def main() -> int:
    from playwright.sync_api import sync_playwright

    from rightsgraph.export import export
    from rightsgraph.store.build import open_store

    if not CHROMIUM.exists():
        print("Chromium is missing — run .ci/install-system-deps", file=sys.stderr)
        return 2
    store = open_store("memory", None)
    with tempfile.TemporaryDirectory() as tmp:
        whole, focus = Path(tmp) / "whole.html", Path(tmp) / "focus.html"
        export(store, "html", whole)
        export(store, "html", focus, focus=MOURA, depth=1)
        export(store, "timeline", Path(tmp) / "timeline.png")
        shutil.copyfile(Path(tmp) / "timeline.png", IMAGES / "timeline.png")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860})

            def shot(name: str) -> None:
                page.wait_for_timeout(700)  # camera animations take 300 ms
                page.screenshot(path=str(IMAGES / name))
                print(f"wrote {IMAGES / name}")

            page.goto(whole.as_uri())
            page.wait_for_function("window.rgReady !== undefined")
            shot("graph-whole.png")
            page.goto(focus.as_uri())
            page.wait_for_function("window.rgReady !== undefined")
            shot("graph-focus.png")
            page.evaluate("(iri) => window.rgSelect(iri)", WAGNER)
            shot("graph-expanded.png")
            page.evaluate("(iri) => window.rgSelect(iri)", MOURA)
            shot("html-view.png")
            page.click("#tab-timeline")
            shot("html-timeline.png")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
