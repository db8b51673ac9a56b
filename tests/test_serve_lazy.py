"""``rightsgraph serve`` opens a generation without computing its page data: the
endpoint answers before the statistics, the network or the timeline exist, each
is computed by the first page that needs it (once, however many ask at the same
time), and a node's existence is asked of the served view per request, so a node
that only restricted data mentions is a 404 in public mode."""

from __future__ import annotations

import asyncio
import signal
import time
import urllib.parse
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers.servers import Server, running_server, small_data
from rightsgraph.serve.pagedata import Lazy
from rightsgraph.serve.site import ServeConfig, Site
from rightsgraph.vocab import INSTANCES

HTTP = httpx.Client(timeout=300)
ASK = "ASK { ?s ?p ?o }"
RESTRICTED_ONLY = [
    "doc/secret-memo",
    "actor/secret-source",
    "claim/secret-claim",
    "evidence/memo-ev",
]
PUBLIC = ["actor/open-actor", "incident/open-incident", "doc/public-report"]


def computed(s: Server) -> dict[str, bool]:
    doc: dict[str, Any] = HTTP.get(s.url + "/health").json()
    assert doc["status"] == "ok", doc
    result: dict[str, bool] = doc["computed"]
    return result


def test_the_endpoint_answers_before_the_network_is_built(tmp_path: Path) -> None:
    data = small_data(tmp_path / "data")
    with running_server(data, workdir=tmp_path) as s:
        assert HTTP.get(s.url + "/sparql", params={"query": ASK}).json()["boolean"] is True
        assert computed(s) == {"stats": False, "network": False, "timeline": False}
        for page in ("/queries", "/search?q=open", "/entity/no/such-node"):
            HTTP.get(s.url + page)
        assert computed(s) == {"stats": False, "network": False, "timeline": False}
        home = HTTP.get(s.url + "/")
        assert home.status_code == 200 and "evidence records" in home.text
        assert computed(s) == {"stats": True, "network": False, "timeline": False}
        graph = HTTP.get(s.url + "/graph/actor/open-actor")
        assert graph.status_code == 200 and "Open Armed Group" in graph.text
        assert computed(s)["network"] is True
        page = HTTP.get(s.url + "/entity/incident/open-incident")
        assert page.status_code == 200 and "perpetrator" in page.text
        assert computed(s) == {"stats": True, "network": True, "timeline": True}
        # a reload opens the next generation just as lazily, and it serves the same pages
        reloads = HTTP.get(s.url + "/health").json()["reloads"]
        s.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while HTTP.get(s.url + "/health").json()["reloads"] == reloads:
            assert time.monotonic() < deadline, s.stderr()
            time.sleep(0.1)
        assert computed(s) == {"stats": False, "network": False, "timeline": False}
        again = HTTP.get(s.url + "/entity/incident/open-incident")
        assert again.status_code == 200 and again.text == page.text
    assert "Traceback" not in s.stderr()


def _node_pages(s: Server, path: str) -> dict[str, int]:
    iri = INSTANCES + path
    return {
        "page": HTTP.get(f"{s.url}/entity/{path}").status_code,
        "turtle": HTTP.get(f"{s.url}/entity/{path}?format=ttl").status_code,
        "node": HTTP.get(s.url + "/node?" + urllib.parse.urlencode({"iri": iri})).status_code,
    }


def test_a_node_only_restricted_data_mentions_is_404_in_public_mode(tmp_path: Path) -> None:
    data = small_data(tmp_path / "data")
    with running_server(data, "--include-restricted", workdir=tmp_path) as full:
        for path in RESTRICTED_ONLY + PUBLIC:
            assert _node_pages(full, path) == {"page": 200, "turtle": 200, "node": 301}, path
    with running_server(data, workdir=tmp_path) as public:
        for path in RESTRICTED_ONLY:
            assert _node_pages(public, path) == {"page": 404, "turtle": 404, "node": 404}, path
            found = HTTP.get(public.url + "/search", params={"q": INSTANCES + path})
            assert f'href="/entity/{path}"' not in found.text
        for path in PUBLIC:
            assert _node_pages(public, path) == {"page": 200, "turtle": 200, "node": 301}, path
            found = HTTP.get(public.url + "/search", params={"q": INSTANCES + path})
            assert f'href="/entity/{path}"' in found.text
        # the restricted claim's incident is public, and its page does not name the claim
        assert "secret-claim" not in HTTP.get(public.url + "/entity/incident/open-incident").text


@pytest.fixture
def site(tmp_path: Path) -> Any:
    data = small_data(tmp_path / "data")
    s = Site(ServeConfig(data=data, watch=0), pool=None, log=lambda _m: None)
    yield s
    s.close()


def test_concurrent_first_requests_compute_the_network_once(site: Site) -> None:
    gen = site.current

    async def visitors() -> list[Any]:
        return await asyncio.gather(*(gen.data("network") for _ in range(20)))

    networks = asyncio.run(visitors())
    assert gen.lazy["network"].computations == 1
    assert all(n is networks[0] for n in networks)
    assert INSTANCES + "actor/open-actor" in networks[0]
    assert gen.lazy["timeline"].computations == 0 and gen.lazy["stats"].computations == 0


def test_existence_and_types_come_from_the_served_view(site: Site) -> None:
    gen = site.current
    assert gen.has_node(INSTANCES + "actor/open-actor")
    assert not gen.has_node(INSTANCES + "doc/secret-memo")
    assert not gen.has_node("x> } UNION { ?s ?p ?o")
    types = gen.types_of([INSTANCES + "actor/open-actor", INSTANCES + "doc/secret-memo", "no iri"])
    assert (
        "https://w3id.org/rightsgraph/ontology#NonStateArmedGroup"
        in types[INSTANCES + "actor/open-actor"]
    )
    assert list(types) == [INSTANCES + "actor/open-actor"]


def test_a_failed_computation_is_tried_again() -> None:
    calls: list[int] = []

    def flaky() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("store busy")
        return len(calls)

    lazy = Lazy(flaky)
    with pytest.raises(OSError):
        lazy.get()
    assert not lazy.done
    assert lazy.get() == 2 and lazy.get() == 2 and lazy.done and lazy.computations == 1
