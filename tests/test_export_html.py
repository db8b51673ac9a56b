"""The HTML export in a real headless Chromium (Debian's /usr/bin/chromium, driven
by Playwright; no browser is downloaded). The page must render the nodes, find
"Moura", show a node's evidence on click, keep hostile labels as text, and make
no request beyond its own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.chromium import requires_chromium
from test_export_fixtures import HOSTILE_LABEL, HOSTILE_QUOTE, MOURA, WAGNER, hostile_data

pytestmark = requires_chromium


class Opened:
    def __init__(self, page, requests, dialogs, errors):
        self.page, self.requests, self.dialogs, self.errors = page, requests, dialogs, errors


@pytest.fixture
def open_page(browser):
    pages = []

    def _open(path: Path) -> Opened:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        pages.append(page)
        requests: list[str] = []
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("window.rgReady !== undefined", timeout=60_000)
        return Opened(page, requests, dialogs, errors)

    yield _open
    for p in pages:
        p.close()


def only_local(requests: list[str]) -> bool:
    return all(u.startswith(("file://", "data:")) for u in requests)


@pytest.fixture(scope="module")
def real_page(store, tmp_path_factory):
    from rightsgraph.export import export

    out = tmp_path_factory.mktemp("html") / "rightsgraph.html"
    report = export(store, "html", out)
    return out, report


def test_page_renders_searches_and_shows_evidence(real_page, store, open_page):
    path, report = real_page
    o = open_page(path)
    page = o.page
    assert page.evaluate("window.rgGraph.order") == report.nodes
    assert page.evaluate("window.rgGraph.size") == report.edges
    # sigma drew into its WebGL and label canvases
    assert page.locator("#sigma canvas").count() >= 2

    page.fill("#search", "Moura")
    buttons = page.locator("#results button")
    assert buttons.count() >= 1
    labels = buttons.all_inner_texts()
    from rightsgraph.answers.resolve import Resolver

    moura_label = Resolver(store).label(MOURA)
    assert moura_label in labels
    buttons.nth(labels.index(moura_label)).click()
    details = page.locator("#details")
    assert details.locator("h2").inner_text().startswith(moura_label)
    quotes = details.locator("blockquote.quote").all_inner_texts()
    assert quotes, "clicking Moura shows the quotes behind it"
    assert details.locator(".badge").count() >= 1  # contested is marked
    assert MOURA in details.inner_text()
    assert only_local(o.requests), o.requests
    assert not o.errors and not o.dialogs


def test_clicking_a_node_on_the_canvas_shows_it(real_page, store, open_page):
    path, _ = real_page
    o = open_page(path)
    page = o.page
    # where sigma drew Moura, in page pixels
    point = page.evaluate(
        """(iri) => {
            const r = window.rgRenderer, g = window.rgGraph;
            const node = g.findNode((n, a) => JSON.parse(document.getElementById('rg-data')
                .textContent).nodes[+n][0] === iri);
            const p = r.graphToViewport(g.getNodeAttributes(node));
            const box = document.getElementById('sigma').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        MOURA,
    )
    page.mouse.click(point["x"], point["y"])
    details = page.locator("#details")
    details.locator("h2").wait_for()
    from rightsgraph.answers.resolve import Resolver

    assert details.locator("h2").inner_text().startswith(Resolver(store).label(MOURA))
    assert details.locator("blockquote.quote").count() > 0


def test_timeline_view_draws_month_as_span(real_page, open_page):
    path, _ = real_page
    o = open_page(path)
    page = o.page
    page.click("#tab-timeline")
    assert page.locator("#timeline svg").count() == 1
    rows = page.locator("#timeline g.row")
    assert rows.count() > 5
    moura = page.locator("#timeline g.row", has_text="Moura killings")
    assert moura.count() >= 1
    assert moura.first.locator("rect").count() == 1  # a month is a span, not a point
    assert float(moura.first.locator("rect").get_attribute("width")) > 2
    assert only_local(o.requests)


def test_hostile_labels_stay_text(tmp_path, open_page):
    from rightsgraph.export import export
    from rightsgraph.store.build import open_store

    store = open_store("memory", hostile_data(tmp_path))
    out = tmp_path / "hostile.html"
    export(store, "html", out)
    o = open_page(out)
    page = o.page
    page.fill("#search", "alert")
    labels = page.locator("#results button").all_inner_texts()
    assert HOSTILE_LABEL in labels
    page.locator("#results button", has_text="alert(1)").first.click()
    details = page.locator("#details")
    assert details.locator("h2").inner_text().startswith(HOSTILE_LABEL)
    assert "javascript:alert(1)" in details.locator("code").inner_text()
    assert details.locator("a").count() == 0
    page.fill("#search", "Moura")
    page.locator("#results button").first.click()
    quotes = page.locator("#details blockquote.quote").all_inner_texts()
    assert "“" + HOSTILE_QUOTE + "”" in quotes
    page.click("#tab-timeline")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 4
    assert o.dialogs == [], "a hostile label ran script"
    assert not o.errors
    assert only_local(o.requests), o.requests


def test_limit_notice_is_visible(store, tmp_path, open_page):
    from rightsgraph.export import export

    out = tmp_path / "limited.html"
    export(store, "html", out, max_nodes=20)
    o = open_page(out)
    notice = o.page.locator("#notice")
    assert notice.is_visible()
    assert "20 best-connected" in notice.inner_text()
    assert o.page.evaluate("window.rgGraph.order") == 20


# ---- views that open readable ---------------------------------------------------

GEOMETRY = """() => {
    const r = window.rgRenderer, g = window.rgGraph;
    const box = document.getElementById('sigma').getBoundingClientRect();
    const pts = g.nodes().filter((n) => !r.getNodeDisplayData(n).hidden)
        .map((n) => r.graphToViewport(g.getNodeAttributes(n)));
    const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
    return {w: box.width, h: box.height, n: pts.length,
            inside: pts.filter((p) => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height).length,
            spanX: Math.max(...xs) - Math.min(...xs), spanY: Math.max(...ys) - Math.min(...ys),
            labels: r.displayedNodeLabels.size};
}"""


def test_whole_graph_opens_fitted_to_the_canvas(real_page, open_page):
    path, report = real_page
    o = open_page(path)
    o.page.wait_for_timeout(300)
    geo = o.page.evaluate(GEOMETRY)
    assert geo["n"] == report.nodes and geo["inside"] == geo["n"]  # nothing off screen
    # the graph fills the canvas rather than a third of it
    assert geo["spanX"] > 0.6 * geo["w"] or geo["spanY"] > 0.6 * geo["h"], geo
    assert geo["labels"] >= 15, "the hubs are labelled at the opening zoom"


@pytest.fixture(scope="module")
def focus_page(store, tmp_path_factory):
    from rightsgraph.export import export

    out = tmp_path_factory.mktemp("focus") / "moura.html"
    return out, export(store, "html", out, focus=MOURA, depth=1)


def test_focus_view_opens_with_the_whole_neighbourhood_labelled(focus_page, open_page):
    path, report = focus_page
    o = open_page(path)
    o.page.wait_for_timeout(300)
    geo = o.page.evaluate(GEOMETRY)
    assert geo["n"] == report.nodes > 3
    assert geo["inside"] == geo["n"], geo  # not zoomed in on the focus alone
    assert geo["spanX"] > 0.3 * geo["w"] or geo["spanY"] > 0.3 * geo["h"], geo
    assert geo["labels"] == geo["n"], "every node of a small neighbourhood is labelled"
    assert "click a node to show its neighbours" in o.page.inner_text("#counts")
    assert not o.errors


def test_clicking_a_node_shows_its_neighbours(focus_page, open_page):
    path, report = focus_page
    o = open_page(path)
    page = o.page
    page.wait_for_timeout(300)
    point = page.evaluate(
        """(iri) => {
            const r = window.rgRenderer, g = window.rgGraph;
            const rows = JSON.parse(document.getElementById('rg-data').textContent).nodes;
            const node = g.findNode((n) => rows[+n][0] === iri);
            const p = r.graphToViewport(g.getNodeAttributes(node));
            const box = document.getElementById('sigma').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y, node: node,
                    degree: g.neighbors(node).length};
        }""",
        WAGNER,
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_timeout(600)
    assert page.locator("#details h2").inner_text().startswith("Wagner Group")
    shown = page.evaluate("window.rgShown()")
    assert shown > report.nodes
    hidden = page.evaluate(
        """(node) => window.rgGraph.neighbors(node)
            .filter((m) => window.rgRenderer.getNodeDisplayData(m).hidden).length""",
        point["node"],
    )
    assert hidden == 0, "every neighbour of the clicked node is now shown"
    geo = page.evaluate(GEOMETRY)
    assert geo["inside"] >= point["degree"], "the camera fits the node and its neighbours"
