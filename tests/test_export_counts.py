"""The network formats' lean evidence numbers (``export.evidence.counts``) against
the full records the HTML page reads (``collect``), on the real data: every node's
evidence count, claim count and contested flag agree, whether the queries name
the nodes in VALUES (a neighbourhood) or read the whole store (the whole graph)."""

from __future__ import annotations

import pytest

from rightsgraph.answers.network import build_network
from rightsgraph.export import evidence
from rightsgraph.export.select import decorate, select
from test_export_fixtures import MOURA


def _numbers(found: dict[str, evidence.NodeCounts]) -> dict[str, tuple[int, int, bool]]:
    return {n: (c.evidence, c.claims, c.contested) for n, c in found.items()}


@pytest.mark.parametrize("limit", [0, 100_000], ids=["whole-store", "values"])
@pytest.mark.parametrize("restricted", [False, True], ids=["public", "everything"])
def test_counts_agree_with_the_records(store, monkeypatch, limit, restricted) -> None:
    monkeypatch.setattr(evidence, "VALUES_LIMIT", limit)
    view = store.with_access(restricted)
    nodes = set(build_network(view).nodes)
    index = evidence.collect(view, nodes)
    lean = _numbers(evidence.counts(view, nodes))
    full = {n: (c.evidence, c.claims, c.contested) for n in nodes for c in [index.counts(n)]}
    assert lean == full
    # not vacuous: the data has nodes with evidence, and contested ones
    assert sum(e for e, _, _ in lean.values()) > 100
    assert sum(1 for *_, contested in lean.values() if contested) >= 5


@pytest.mark.parametrize("limit", [0, 100_000], ids=["whole-store", "values"])
def test_counts_of_a_few_nodes(store, monkeypatch, limit) -> None:
    """A neighbourhood's nodes only: the numbers are theirs, nothing else is read in."""
    monkeypatch.setattr(evidence, "VALUES_LIMIT", limit)
    view = store.with_access(False)
    every = sorted(build_network(view).nodes)
    few = set(every[::7])
    index = evidence.collect(view, few)
    lean = _numbers(evidence.counts(view, few))
    assert set(lean) == few
    assert lean == {n: (c.evidence, c.claims, c.contested) for n in few for c in [index.counts(n)]}
    assert evidence.counts(view, set()) == {}


def test_decorate_is_the_same_with_or_without_the_records(store) -> None:
    """The HTML page reads the records first; the other formats never do."""
    lean = decorate(select(store.with_access(False)), with_layout=False)
    sel = select(store.with_access(False))
    assert sel.evidence.claims  # read before decorating, as the page does
    full = decorate(sel, with_layout=False)
    keys = ("evidence", "claims", "contested")
    assert {n: tuple(d[k] for k in keys) for n, d in lean.nodes(data=True)} == {
        n: tuple(d[k] for k in keys) for n, d in full.nodes(data=True)
    }
    assert lean.nodes[MOURA]["contested"] and lean.nodes[MOURA]["evidence"] > 0


def test_counts_of_iris_no_query_can_name(store, monkeypatch) -> None:
    """An IRI a query could not hold (a lenient remote engine's) is never put in a
    query's text: the numbers are then read from the records, and still agree."""
    import re

    view = store.with_access(False)
    nodes = set(build_network(view).nodes)
    expected = _numbers(evidence.counts(view, nodes))
    monkeypatch.setattr(evidence, "IRI_OK", re.compile(r"^$"))  # every IRI refused
    assert _numbers(evidence.counts(view, nodes)) == expected
