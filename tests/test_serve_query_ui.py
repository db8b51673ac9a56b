"""The SPARQL editor of ``rightsgraph serve`` (``/query``) in real headless
Chromium (Debian's /usr/bin/chromium through Playwright) against the real
command on 127.0.0.1: the YASGUI editor highlights, the named queries run as
examples into a sortable table with labelled entity links and readable
headers, the address bar is a shareable URL that reproduces the query, dated
answers get a timeline and entity pairs a graph, the download links give CSV,
TSV and SPARQL JSON, nothing is requested from anywhere but the server, the
page works without JavaScript, and ``--cors`` opens /sparql to the origins it
names and to no other (a cross-origin ``fetch`` from a page of another origin,
in the browser, as a notebook or hosted editor would). The vendored YASGUI is
checked against the lockfile here too.

The README's screenshots are taken here: RIGHTSGRAPH_UPDATE_SCREENSHOT=1 writes
docs/images/query-editor.png and docs/images/query-timeline.png."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers.chromium import requires_chromium
from helpers.servers import REPO, Server, command, running_server, small_data, snapshot_data
from rightsgraph.serve import vendor

HTTP = httpx.Client(timeout=300)  # a busy machine is slow, never wrong
WAIT = 300_000
GRAPH_QUERY = """PREFIX actor: <https://w3id.org/rightsgraph/id/actor/>
CONSTRUCT { actor:wagner-group ?p ?o } WHERE { actor:wagner-group ?p ?o }"""
INVOLVEMENTS = """PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?actor ?incident WHERE { ?c a rg:Involvement ; rg:actor ?actor ; rg:incident ?incident }"""


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_data(tmp_path_factory.mktemp("editor") / "data")


@pytest.fixture(scope="module")
def server(data_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(data_copy, workdir=tmp_path_factory.mktemp("log")) as s:
        yield s


@pytest.fixture(scope="module")
def cors_server(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A second server (small data) that lets pages of the first one's origin read /sparql."""
    data = small_data(tmp_path_factory.mktemp("cors") / "data")
    with running_server(data, "--cors", server.url, workdir=tmp_path_factory.mktemp("log")) as s:
        yield s


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _page(browser: Any, **options: Any) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 1300}, **options)
    page.set_default_timeout(WAIT)
    return page


def _endpoint_json(server: Server, query: str) -> dict[str, Any]:
    r = HTTP.post(server.url + "/sparql", data={"query": query, "format": "json"})
    assert r.status_code == 200, r.text
    answer: dict[str, Any] = r.json()
    return answer


def _example_text(server: Server, name: str) -> str:
    """The example's SPARQL as the no-JavaScript page shows it in its textarea."""
    page = HTTP.get(server.url + "/query", params={"example": name}).text
    found = re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, page[:500]
    return html.unescape(found.group(1))


def _labels(server: Server, iris: list[str]) -> dict[str, Any]:
    r = HTTP.post(server.url + "/query/labels", content=json.dumps(iris))
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def _table_rows(page: Any) -> Any:
    page.wait_for_selector(".yasr table.dataTable tbody tr td a.entity, .yasr .dt-empty")
    return page.locator(".yasr table.dataTable tbody tr")


# --- the vendored editor -------------------------------------------------------------


def test_yasgui_is_vendored_at_its_locked_version_with_its_licences() -> None:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    shipped = vendor.manifest()
    locked = lock[f"node_modules/{vendor.PACKAGE}"]
    assert shipped["version"] == locked["version"] == package["dependencies"][vendor.PACKAGE]
    assert shipped["integrity"] == locked["integrity"]
    for entry in shipped["files"]:  # type: ignore[attr-defined]
        assert vendor.sha256(vendor.VENDOR / entry["file"]) == entry["sha256"], entry["file"]
    licence = (vendor.VENDOR / str(shipped["licence_file"])).read_text(encoding="utf-8")
    assert shipped["licence"] == "MIT" and "Permission is hereby granted" in licence
    # every package the bundle includes is named with its licence
    assert shipped["bundled"] == vendor.bundled(lock)
    for name in vendor.bundled(lock):
        assert f"\n{name} {lock['node_modules/' + name]['version']} (" in licence, name
    nm = REPO / "node_modules" / vendor.PACKAGE
    if (nm / "package.json").is_file():
        meta = json.loads((nm / "package.json").read_text(encoding="utf-8"))
        if meta["version"] == locked["version"]:
            for source, target in vendor.FILES:
                expected = vendor.shipped(target, (nm / source).read_bytes())
                assert expected == (vendor.VENDOR / target).read_bytes(), target


def test_the_bundled_prefix_table_ships_empty() -> None:
    """YASGUI's fallback table of outside prefixes is emptied in the copy; the
    editor completes the project's own."""
    text = (vendor.VENDOR / "yasgui.min.js").read_text(encoding="utf-8")
    assert "prefixes_default={}" in text
    assert "madsrdf=``" in text and "http://www.loc.gov/mads/rdf/v1#" not in text
    assert "bblfish.net" not in text


# --- in the browser ----------------------------------------------------------------


@requires_chromium
def test_editor_highlights_and_an_example_runs_into_a_sortable_table(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    page = _page(browser)
    try:
        page.goto(server.url + "/query")
        # syntax highlighting: CodeMirror's SPARQL mode marks the keywords
        page.wait_for_selector(".yasqe .CodeMirror")
        keywords = page.locator(".yasqe .CodeMirror .cm-keyword").all_inner_texts()
        assert "SELECT" in keywords and "WHERE" in keywords
        # the context's prefixes are declared (folded away) in the starting query
        value = page.evaluate("window.rightsgraphEditor.yasqe.getValue()")
        assert "PREFIX rg: <https://w3id.org/rightsgraph/ontology#>" in value
        assert "PREFIX actor: <https://w3id.org/rightsgraph/id/actor/>" in value
        # the named queries are the examples, titled by their #+ header
        page.click("details#examples summary")
        page.get_by_role("link", name="CQ8 Timeline of incidents", exact=False).click()
        page.wait_for_url("**/query?example=cq8-timeline")
        rows = _table_rows(page)
        expected = _endpoint_json(server, _example_text(server, "cq8-timeline"))
        bindings = expected["results"]["bindings"]
        assert rows.count() == len(bindings) > 10
        headers = page.locator(".yasr table.dataTable thead th").all_inner_texts()
        assert [h.strip() for h in headers] == [
            "Earliest",
            "Latest",
            "Precision",
            "Kind",
            "Label",
            "Date text",
            "Item",
        ]
        # entity IRIs are labelled links to the entity pages (rows in the query's order)
        item = bindings[0]["item"]["value"]
        link = rows.first.locator("a.entity").first
        assert link.get_attribute("href") == "/entity/" + item.split("/id/", 1)[1]
        assert link.inner_text() == _labels(server, [item])[item]["label"]
        # sort by the latest date (the second column), then the other way round
        latest = page.locator(".yasr table.dataTable thead th:nth-child(2)")
        latest.click()
        latest.click()
        page.wait_for_selector(".yasr thead th:nth-child(2)[aria-sort='descending']")
        shown = [
            c.strip() for c in page.locator(".yasr tbody tr td:nth-child(2)").all_inner_texts()
        ]
        assert shown == sorted((b["latest"]["value"] for b in bindings), reverse=True)
        assert shown != [b["latest"]["value"] for b in bindings]  # the query's order was not
    finally:
        page.close()


@requires_chromium
def test_the_address_is_a_shareable_url_that_reproduces_the_query(
    browser: Any, server: Server
) -> None:
    query = (
        "PREFIX rg: <https://w3id.org/rightsgraph/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?person ?name WHERE { ?person a rg:Person ; rdfs:label ?name FILTER(CONTAINS(?name, "a")) }\n'
        "ORDER BY ?name LIMIT 7"
    )
    page = _page(browser)
    try:
        page.goto(server.url + "/query")
        page.wait_for_selector(".yasqe .CodeMirror")
        page.evaluate("q => window.rightsgraphEditor.yasqe.setValue(q)", query)
        page.click("#run")
        page.wait_for_url("**/query?query=*")
        assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["query"] == [query]
        first = _table_rows(page).all_inner_texts()
        assert len(first) == 7
        shared = page.url
    finally:
        page.close()
    again = _page(browser)  # a new visitor opening the shared link
    try:
        again.goto(shared)
        assert _table_rows(again).all_inner_texts() == first
        assert again.evaluate("window.rightsgraphEditor.yasqe.getValue()") == query
        # back and forward move between queries
        again.evaluate("q => window.rightsgraphEditor.yasqe.setValue(q)", query.replace("7", "3"))
        again.click("#run")
        expect(again.locator(".yasr tbody tr")).to_have_count(3)
        again.go_back()
        expect(again.locator(".yasr tbody tr")).to_have_count(7)
    finally:
        again.close()


@requires_chromium
def test_timeline_view_for_dates_and_graph_view_for_entity_pairs(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    page = _page(browser)
    try:
        page.goto(server.url + "/query?example=cq8-timeline")
        _table_rows(page)
        page.click(".yasr .select_timeline")
        page.wait_for_selector("svg.rg-timeline")
        expected = _endpoint_json(server, _example_text(server, "cq8-timeline"))
        rows = expected["results"]["bindings"]
        marks = page.locator("svg.rg-timeline .span, svg.rg-timeline .point")
        assert marks.count() == len(rows)
        names = page.locator("svg.rg-timeline .row-label").all_text_contents()
        assert "Moura killings (March 2022)" in names
        # a month is drawn as a span from its first to its last day, a day as a point
        spans = page.locator("svg.rg-timeline rect.span title").all_text_contents()
        assert "Moura killings (March 2022): 2022-03-01 – 2022-03-31" in spans
        days = [b for b in rows if b["earliest"]["value"] == b["latest"]["value"]]
        points = page.locator("svg.rg-timeline circle.point title").all_text_contents()
        assert days and len(points) >= len(days)
        _screenshot(page, tmp_path, "query-timeline.png")
        # a query without dates has no timeline; one that pairs entities has a graph
        page.goto(server.url + "/query?" + urllib.parse.urlencode({"query": INVOLVEMENTS}))
        _table_rows(page)
        assert "disabled" in (page.get_attribute(".yasr .select_timeline", "class") or "")
        page.click(".yasr .select_graph")
        page.wait_for_selector("svg.rg-graph")
        pairs = _endpoint_json(server, INVOLVEMENTS)["results"]["bindings"]
        entities = {b[v]["value"] for b in pairs for v in ("actor", "incident")}
        assert page.locator("svg.rg-graph .node").count() == len(entities)
        node_names = page.locator("svg.rg-graph .node text").all_text_contents()
        assert any(n.startswith("Wagner Group") for n in node_names)
        assert page.locator("svg.rg-graph a[href^='/entity/'] .node").count() == len(entities)
    finally:
        page.close()


@requires_chromium
def test_editor_screenshot_with_a_result_table(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    page = _page(browser)
    try:
        page.goto(server.url + "/query?example=cq2-moura-death-toll-sources")
        rows = _table_rows(page)
        assert rows.count() == len(
            _endpoint_json(server, _example_text(server, "cq2-moura-death-toll-sources"))[
                "results"
            ]["bindings"]
        )
        assert "Office of the United Nations High Commissioner" in " ".join(rows.all_inner_texts())
        _screenshot(page, tmp_path, "query-editor.png")
    finally:
        page.close()


def _screenshot(page: Any, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    page.screenshot(path=str(out), full_page=False)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a drawn page, not a blank one
    if os.environ.get("RIGHTSGRAPH_UPDATE_SCREENSHOT"):
        target = REPO / "docs" / "images" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@requires_chromium
def test_download_links_give_csv_tsv_and_json(browser: Any, server: Server) -> None:
    def shown_links() -> dict[str, str]:
        return {
            a.get_attribute("data-format"): a.get_attribute("href")
            for a in page.locator("#downloads a[data-format]").all()
        }

    page = _page(browser)
    try:
        page.goto(server.url + "/query?example=cq5-expelled-officials")
        _table_rows(page)
        links = shown_links()
        # a CONSTRUCT query's answer is a graph: Turtle, N-Triples and JSON-LD, and the
        # table shows its triples with labelled entities
        page.evaluate("q => window.rightsgraphEditor.yasqe.setValue(q)", GRAPH_QUERY)
        page.click("#run")
        page.wait_for_selector(".yasr a.entity:text('Wagner Group')")
        graph_links = shown_links()
    finally:
        page.close()
    assert set(graph_links) == {"turtle", "nt", "jsonld"}
    turtle = HTTP.get(server.url + graph_links["turtle"])
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert "wagner-group" in turtle.text
    assert set(links) == {"csv", "tsv", "json"}
    text = _example_text(server, "cq5-expelled-officials")
    for fmt, link in links.items():
        assert link.startswith("/sparql?")
        assert urllib.parse.parse_qs(urllib.parse.urlparse(link).query) == {
            "query": [text],
            "format": [fmt],
        }
    answer = HTTP.get(server.url + links["json"])
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    bindings = answer.json()["results"]["bindings"]
    names = sorted(b["personLabel"]["value"] for b in bindings)
    assert names == ["Guillaume Ngefa", "Olivier Salgado"]
    table = list(csv.DictReader(io.StringIO(HTTP.get(server.url + links["csv"]).text)))
    assert sorted(r["personLabel"] for r in table) == names
    tsv = HTTP.get(server.url + links["tsv"])
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    lines = tsv.text.strip().splitlines()
    assert lines[0].split("\t")[0] == "?personLabel" and len(lines) == 1 + len(names)


@requires_chromium
def test_the_page_requests_nothing_but_the_server(browser: Any, server: Server) -> None:
    page = _page(browser)
    requests: list[str] = []
    refused: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    try:
        response = page.goto(server.url + "/query?example=cq9-actor-links")
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "connect-src 'self'" in policy and "script-src 'self'" in policy
        _table_rows(page)
        for view in ("response", "table"):
            page.click(f".yasr .select_{view}")
        # prefix completion reads the context's prefixes from the server
        page.click(".yasqe .CodeMirror")
        page.keyboard.press("Control+End")
        page.keyboard.type("\nPREFIX ")
        page.keyboard.press("Control+Space")
        page.wait_for_selector(".CodeMirror-hints")
        hints = page.locator(".CodeMirror-hints li").all_inner_texts()
        assert any(h.startswith("rg: <https://w3id.org/rightsgraph/ontology#>") for h in hints)
    finally:
        page.close()
    assert server.url + "/query/prefixes.json" in requests
    # the answer came with the page: opening a link runs its query once, on the server
    assert not [u for u in requests if u.startswith(server.url + "/sparql")]
    assert server.url + "/static/vendor/yasgui.min.js" in requests
    assert server.url + "/static/views.js" in requests
    outside = [
        u for u in requests if not u.startswith(server.url + "/") and not u.startswith("data:")
    ]
    assert outside == []
    assert refused == []


@requires_chromium
def test_without_javascript_the_form_gets_a_server_rendered_table(
    browser: Any, server: Server
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    try:
        page.goto(server.url + "/query")
        assert page.locator("#query").is_visible()
        page.fill("#query", INVOLVEMENTS)
        page.click("#run")
        page.wait_for_url("**/query?query=*")
        rows = page.locator("#results table.results tbody tr")
        expected = _endpoint_json(server, INVOLVEMENTS)["results"]["bindings"]
        assert rows.count() == len(expected) > 0
        assert page.locator("#results thead th").all_inner_texts() == ["Actor", "Incident"]
        assert rows.first.locator("a[href^='/entity/']").count() == 2
        # an example is a link that runs on the server too
        page.goto(server.url + "/query")
        page.click("details#examples summary")
        page.get_by_role("link", name="CQ5 Officials expelled", exact=False).click()
        page.wait_for_url("**/query?example=cq5-expelled-officials")
        names = page.locator("#results tbody tr td:first-child").all_inner_texts()
        assert sorted(names) == ["Guillaume Ngefa", "Olivier Salgado"]
        assert page.locator("#downloads a[data-format='csv']").get_attribute("href")
        # a graph's downloads are graph formats, without a browser's help too
        page.goto(server.url + "/query?" + urllib.parse.urlencode({"query": GRAPH_QUERY}))
        formats = [
            a.get_attribute("data-format") for a in page.locator("#downloads a[data-format]").all()
        ]
        assert formats == ["turtle", "nt", "jsonld"]
        assert "wagner-group" in page.locator("#results pre").inner_text()
    finally:
        context.close()
    # with JavaScript, a link whose query the server refused shows the refusal, run once
    page = _page(browser)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(
            server.url + "/query?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"})
        )
        page.wait_for_selector(".yasqe .CodeMirror")
        assert page.locator("#query-error").is_visible()
        assert not [u for u in requests if u.startswith(server.url + "/sparql")]
    finally:
        page.close()
    # and with no browser at all: a plain GET, errors as one line with their status
    bad = HTTP.get(server.url + "/query", params={"query": "SELECT ?x WHERE { ?x"})
    assert bad.status_code == 400 and 'class="error"' in bad.text
    missing = HTTP.get(server.url + "/query", params={"example": "no-such-query"})
    assert missing.status_code == 404
    assert "no named query 'no-such-query'" in html.unescape(missing.text)


def test_readable_column_titles() -> None:
    from rightsgraph.serve.editor import column_titles

    query = "#+ column: n | Independent sources\nSELECT ?n ?docLabel ?personLabel ?person ?dateText"
    variables = ["n", "docLabel", "personLabel", "person", "dateText", "lower_bound"]
    assert column_titles(query, variables) == {
        "n": "Independent sources",
        "docLabel": "Doc",
        "personLabel": "Person label",
        "person": "Person",
        "dateText": "Date text",
        "lower_bound": "Lower bound",
    }


def test_labels_for_the_result_views(server: Server) -> None:
    wagner = "https://w3id.org/rightsgraph/id/actor/wagner-group"
    assert _labels(server, [wagner, "urn:x:nothing"])[wagner] == {
        "label": "Wagner Group",
        "href": "/entity/actor/wagner-group",
    }
    assert HTTP.post(server.url + "/query/labels", content=b"{not json").status_code == 400
    assert HTTP.post(server.url + "/query/labels", content=b'{"a": 1}').status_code == 400


# --- --cors ----------------------------------------------------------------------------


def test_without_cors_no_preflight_and_no_headers(server: Server) -> None:
    preflight = HTTP.options(
        server.url + "/sparql",
        headers={"Origin": "https://notebook.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 405
    answer = HTTP.get(
        server.url + "/sparql",
        params={"query": "ASK {}"},
        headers={"Origin": "https://notebook.example"},
    )
    assert answer.status_code == 200
    assert not [h for h in answer.headers if h.startswith("access-control-")]


def test_cors_answers_preflights_and_names_only_the_given_origin(
    server: Server, cors_server: Server
) -> None:
    url = cors_server.url + "/sparql"
    ok = HTTP.options(
        url,
        headers={
            "Origin": server.url,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == server.url
    assert "POST" in ok.headers["access-control-allow-methods"]
    assert ok.headers["access-control-allow-headers"] == "content-type, accept"
    assert "origin" in ok.headers["vary"].lower()
    assert "access-control-allow-credentials" not in ok.headers
    other = HTTP.options(
        url, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert other.status_code == 403 and "access-control-allow-origin" not in other.headers
    assert "https://evil.example" in other.text
    odd = HTTP.options(
        url, headers={"Origin": server.url, "Access-Control-Request-Method": "DELETE"}
    )
    assert odd.status_code == 403
    answer = HTTP.get(url, params={"query": "ASK {}"}, headers={"Origin": server.url})
    assert answer.headers["access-control-allow-origin"] == server.url
    assert "X-Rightsgraph-Truncated" in answer.headers["access-control-expose-headers"]
    assert "origin" in answer.headers["vary"].lower()
    foreign = HTTP.get(url, params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 200 and "access-control-allow-origin" not in foreign.headers
    # pages other than /sparql stay closed
    home = HTTP.get(cors_server.url + "/", headers={"Origin": server.url})
    assert "access-control-allow-origin" not in home.headers


@requires_chromium
def test_cors_in_the_browser_a_page_of_another_origin_reads_sparql(
    browser: Any, server: Server, cors_server: Server
) -> None:
    read = """async url => {
        try {
            const r = await fetch(url, {method: "POST", headers: {Accept: "application/sparql-results+json"},
                                        body: new URLSearchParams({query: "SELECT ?s WHERE { ?s a ?c } LIMIT 2"})});
            return (await r.json()).results.bindings.length;
        } catch (e) { return "blocked: " + e.name; }
    }"""
    # our own pages forbid fetching anything (CSP): bypass that, so CORS alone decides,
    # as for a notebook or a hosted editor that may connect anywhere
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    try:
        page.goto(server.url + "/")  # a page of the origin --cors names
        assert page.evaluate(read, cors_server.url + "/sparql") == 2
        page.goto(cors_server.url + "/")  # the other way round: no --cors there
        assert page.evaluate(read, server.url + "/sparql") == "blocked: TypeError"
    finally:
        context.close()


def test_cors_star_only_when_asked_and_a_bad_origin_is_exit_2(tmp_path: Path) -> None:
    data = small_data(tmp_path / "data")
    with running_server(data, "--cors", "*", workdir=tmp_path) as s:
        r = HTTP.get(
            s.url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://a.example"}
        )
        assert r.headers["access-control-allow-origin"] == "*"
    bad = subprocess.run(
        [*command(), "--data", str(data), "serve", "--port", "0", "--cors", "notebook.example/x"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "--cors notebook.example/x: not an origin" in lines[0]


@requires_chromium
def test_a_hostile_label_stays_text_in_every_view(browser: Any, cors_server: Server) -> None:
    from helpers.servers import HOSTILE

    query = """PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actor ?name ?incident WHERE { ?c rg:actor ?actor ; rg:incident ?incident . ?actor rdfs:label ?name }"""
    dialogs: list[str] = []
    page = _page(browser)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(cors_server.url + "/query?" + urllib.parse.urlencode({"query": query}))
        rows = _table_rows(page)
        assert HOSTILE in " ".join(rows.all_inner_texts())
        entity = page.locator(".yasr a.entity", has_text="</script>").first
        assert entity.inner_text() == HOSTILE
        assert entity.get_attribute("href") == "/entity/actor/hostile"
        page.click(".yasr .select_graph")
        page.wait_for_selector("svg.rg-graph")
        assert HOSTILE in page.locator("svg.rg-graph .node text").all_text_contents()
        page.wait_for_timeout(300)
    finally:
        page.close()
    assert dialogs == []
