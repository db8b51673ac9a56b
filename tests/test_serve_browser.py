"""The browsing site in real headless Chromium (Playwright, Debian's
/usr/bin/chromium — never a downloaded browser): search, entity page with the
Moura claim, a named query run from its form, and a hostile label that must
render as text. The server is the real ``rightsgraph serve`` on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.chromium import requires_chromium
from helpers.servers import HOSTILE, REPO, Server, running_server, small_data, snapshot_data

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_data(tmp_path_factory.mktemp("browse") / "data")


@pytest.fixture(scope="module")
def server(data_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(data_copy, workdir=tmp_path_factory.mktemp("log")) as s:
        yield s


def test_search_wagner_then_see_the_moura_claim(browser: Any, server: Server) -> None:
    # usable with JavaScript off: plain links and forms
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(300_000)  # a busy machine is slow, never wrong
    try:
        page.goto(server.url + "/")
        page.fill("#q2", "Wagner")
        page.click("form.bigsearch button")
        page.wait_for_url("**/search?q=Wagner")
        page.get_by_role("link", name="Wagner Group", exact=True).first.click()
        page.wait_for_url("**/entity/actor/wagner-group")
        assert page.locator("h1").inner_text() == "Wagner Group"
        claim = page.locator("article.claim", has_text="Moura killings").first
        assert claim.is_visible()
        quotes = claim.locator("blockquote").all_inner_texts()
        # supporting and opposing quotes both show; at least one names the killings
        assert any("Moura" in q or "500" in q for q in quotes), quotes
        document = claim.locator("a.document").first
        title = document.inner_text()
        assert title
        document.click()
        page.wait_for_url("**/entity/doc/**")
        assert page.locator("h1").inner_text() == title
        assert page.locator("#document-claims").is_visible()
    finally:
        context.close()


def test_named_query_from_its_form(browser: Any, server: Server, data_copy: Path) -> None:
    from rightsgraph.answers.queries import run_query
    from rightsgraph.store.build import open_store

    _, expected = run_query(
        open_store("memory", data_copy),
        "cq2-moura-death-toll-sources",
        {"incident": "incident:moura-2022-03", "min": "500"},
    )
    page = browser.new_page()
    page.set_default_timeout(300_000)  # a busy machine is slow, never wrong
    try:
        page.goto(server.url + "/queries")
        page.click("a[href='/queries/cq2-moura-death-toll-sources']")
        page.fill("#p-incident", "incident:moura-2022-03")
        page.fill("#p-min", "500")
        page.click("form.params button")
        page.wait_for_selector("#results")
        rows = page.locator("table.results tbody tr")
        assert rows.count() == len(expected.rows) > 0
        link = rows.first.locator("a[href^='/entity/']").first
        link.click()
        assert page.locator("h1").inner_text()
        # a bad parameter: the one-line message, status 400
        response = page.goto(server.url + "/queries/cq2-moura-death-toll-sources?min=lots")
        assert response is not None and response.status == 400
        assert "must be a integer" in page.locator(".error").inner_text()
    finally:
        page.close()


def test_hostile_label_renders_as_text(browser: Any, tmp_path: Path) -> None:
    data = small_data(tmp_path / "data")
    dialogs: list[str] = []
    with running_server(data, workdir=tmp_path) as s:
        page = browser.new_page()
        page.set_default_timeout(300_000)  # a busy machine is slow, never wrong
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            page.goto(s.url + "/search?q=hostile")
            page.get_by_role("link", name=HOSTILE).click()
            page.wait_for_url("**/entity/actor/hostile")
            assert page.locator("h1").inner_text() == HOSTILE
            assert "<img src=x onerror=alert(2)>" in page.locator("blockquote").first.inner_text()
            page.goto(s.url + "/entity/incident/open-incident")
            assert HOSTILE in page.locator("body").inner_text()
            page.wait_for_timeout(300)
        finally:
            page.close()
    assert dialogs == []


def test_entity_page_screenshot(browser: Any, server: Server, tmp_path: Path) -> None:
    """The README's screenshot is this page; RIGHTSGRAPH_UPDATE_SCREENSHOT=1
    writes it to docs/images/entity-page.png."""
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    page.set_default_timeout(300_000)  # a busy machine is slow, never wrong
    try:
        page.goto(server.url + "/entity/actor/wagner-group")
        out = tmp_path / "entity-page.png"
        page.screenshot(path=str(out))
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if os.environ.get("RIGHTSGRAPH_UPDATE_SCREENSHOT"):
            target = REPO / "docs" / "images" / "entity-page.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(out.read_bytes())
    finally:
        page.close()
