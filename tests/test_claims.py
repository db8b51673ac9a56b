"""The one rule for "contested" and corroboration (src/rightsgraph/claims.py), the
derived facts every command reads, and the analysts' obvious queries they make
work (?c a rg:Claim) — on the Mali data and on crafted cases."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsgraph import claims, derivation
from rightsgraph.cli.main import main
from rightsgraph.store import dataset
from rightsgraph.store.build import open_store

ID = "https://w3id.org/rightsgraph/id/"
RG = "https://w3id.org/rightsgraph/ontology#"

HEADER = """
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix stance: <https://w3id.org/rightsgraph/vocab/stance/> .
@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .
@prefix doc: <https://w3id.org/rightsgraph/id/doc/> .
@prefix claim: <https://w3id.org/rightsgraph/id/claim/> .
@prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .
"""


def test_doctests() -> None:
    for module in (claims, dataset):
        failed, _ = doctest.testmod(module)
        assert failed == 0, module.__name__


@pytest.fixture(scope="module")
def store() -> object:
    return open_store("memory", include_restricted=True)


def _select(store: object, sparql: str) -> list[tuple[object, ...]]:
    return store.query(sparql).rows  # type: ignore[attr-defined]


def _contested_set(store: object) -> set[str]:
    rows = _select(store, f"SELECT ?c WHERE {{ ?c <{RG}contested> true }}")
    return {str(r[0]) for r in rows}


def test_type_closure_finds_every_claim_and_actor(store: object) -> None:
    from rightsgraph.answers.stats import compute

    totals = compute(store).totals  # type: ignore[arg-type]
    (n,) = _select(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{RG}Claim> }}")[0]
    assert int(str(n)) == totals["claims"] == 229
    (n,) = _select(store, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{RG}Actor> }}")[0]
    assert int(str(n)) == totals["actors"] == 69


def test_russias_veto_is_a_vote(store: object) -> None:
    rows = _select(
        store,
        f"SELECT ?v WHERE {{ ?v a <{RG}Vote> ; <{RG}voter> <{ID}actor/russia> . ?v a <{RG}Veto> }}",
    )
    assert rows, "Russia's veto is found as an rg:Vote"


def test_ontology_is_not_in_the_default_graph_but_is_named(store: object) -> None:
    """Only the labels and hierarchy of the terms the data uses are derived into the
    default graph; the ontology itself (comments, domains, shapes' targets) is named."""
    comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
    assert not _select(store, f"SELECT ?c WHERE {{ <{RG}Veto> {comment} ?c }}")
    rows = _select(
        store, f"SELECT ?c WHERE {{ GRAPH <{dataset.ONTOLOGY}> {{ <{RG}Veto> {comment} ?c }} }}"
    )
    assert len(rows) == 1
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    rows = _select(store, f"SELECT ?l WHERE {{ <{RG}Veto> {label} ?l }}")
    assert [str(r[0]) for r in rows] == ["Veto"]


def test_every_command_agrees_on_contested(store: object) -> None:
    """stats, the named query, provenance, the network, the export index and the
    contribution preview all read (or apply) the one rule."""
    from rightsgraph.answers.network import build_network
    from rightsgraph.answers.provenance import provenance
    from rightsgraph.answers.queries import run_query
    from rightsgraph.answers.stats import compute
    from rightsgraph.export.evidence import collect

    derived = _contested_set(store)
    assert len(derived) == 8
    assert ID + "claim/diop-rejects-ohchr-moura-report" not in derived
    assert ID + "claim/moura-killed-more-than-500" in derived

    assert compute(store).totals["contested claims"] == len(derived)  # type: ignore[arg-type]
    _, res = run_query(store, "contested-claims")  # type: ignore[arg-type]
    assert {str(r[0]) for r in res.rows} == derived

    all_claims = {
        str(r[0])
        for r in _select(store, f"SELECT ?c WHERE {{ ?c a <{RG}Claim> ; <{RG}evidence> ?e }}")
    }
    flagged = set()
    for c in sorted(all_claims):
        report = provenance(store, c)  # type: ignore[arg-type]
        flagged |= {v.iri for v in report.claims if v.contested}
    assert flagged == derived

    net = build_network(store)  # type: ignore[arg-type]
    on_edges = {d["claim"] for _, _, d in net.edges(data=True) if d.get("contested")}
    edge_claims = {d["claim"] for _, _, d in net.edges(data=True) if d.get("claim")}
    assert on_edges == derived & edge_claims

    index = collect(store)  # type: ignore[arg-type]
    assert {c for c, info in index.claims.items() if info.contested} == derived

    assert derivation.contested_in(store.graph()) == derived  # type: ignore[attr-defined]


def _standing(tmp_path: Path, body: str) -> dict[str, claims.Standing]:
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    (d / "case.ttl").write_text(HEADER + body, encoding="utf-8")
    s = open_store("memory", d, include_restricted=True)
    return derivation.standings(s.ox, list(dataset.query_dataset(True).default))  # type: ignore[attr-defined]


def _ev(name: str, doc: str, who: str, stance: str, extra: str = "") -> str:
    return (
        f'ev:{name} a rg:Evidence ; rg:document doc:{doc} ; rg:quote "q {name}" ; '
        f"rg:claimant actor:{who} ; rg:stance stance:{stance} {extra}.\n"
    )


def test_a_rejection_is_not_contested_by_its_own_speaker(tmp_path: Path) -> None:
    found = _standing(
        tmp_path,
        "claim:r a rg:Rejection ; rg:speaker actor:mali ; rg:evidence ev:r1 .\n"
        + _ev("r1", "a", "mali", "rejects"),
    )
    st = found[ID + "claim/r"]
    assert not st.contested
    assert [r.evidence for r in st.supporting] == [ID + "evidence/r1"]


def test_opposition_from_another_claimant_contests(tmp_path: Path) -> None:
    found = _standing(
        tmp_path,
        "claim:r a rg:Rejection ; rg:speaker actor:mali ; rg:evidence ev:r1, ev:r2 .\n"
        + _ev("r1", "a", "mali", "rejects")
        + _ev("r2", "b", "ohchr", "disputes"),
    )
    assert found[ID + "claim/r"].contested


def test_opposition_alone_is_not_contested(tmp_path: Path) -> None:
    found = _standing(
        tmp_path,
        "claim:c a rg:Count ; rg:evidence ev:c1 .\n" + _ev("c1", "a", "mali", "denies"),
    )
    st = found[ID + "claim/c"]
    assert not st.contested and st.documents == 0 and st.originals == []


def test_any_of_two_speakers_does_not_contest(tmp_path: Path) -> None:
    found = _standing(
        tmp_path,
        "claim:s a rg:Statement ; rg:speaker actor:a, actor:b ; rg:evidence ev:s1, ev:s2 .\n"
        + _ev("s1", "x", "c", "asserts")
        + _ev("s2", "y", "a", "rejects"),
    )
    assert not found[ID + "claim/s"].contested


def test_rewrites_and_citations_are_not_independent(tmp_path: Path) -> None:
    found = _standing(
        tmp_path,
        "doc:copy prov:wasDerivedFrom doc:orig .\n"
        "claim:k a rg:Count ; rg:evidence ev:k1, ev:k2, ev:k3 .\n"
        + _ev("k1", "orig", "hrw", "asserts")
        + _ev("k2", "copy", "rta", "asserts")
        + _ev("k3", "news", "afp", "reports", "; prov:hadPrimarySource doc:report "),
    )
    st = found[ID + "claim/k"]
    assert st.documents == 3
    assert st.originals == [ID + "doc/orig", ID + "doc/report"]
    assert st.derived_copies == 1


def _restricted_denial(tmp_path: Path, extra: str = "") -> Path:
    """claim:k, affirmed by HRW in public and denied by Mali in a restricted record."""
    d = tmp_path / "data"
    d.mkdir()
    (d / "case.ttl").write_text(
        HEADER
        + "claim:k a rg:Count ; rg:evidence ev:k1, ev:k2 .\n"
        + extra
        + _ev("k1", "a", "hrw", "asserts")
        + _ev(
            "k2",
            "b",
            "mali",
            "denies",
            "; rg:accessLevel <https://w3id.org/rightsgraph/vocab/access/restricted> ",
        ),
        encoding="utf-8",
    )
    return d


def test_restricted_opposition_does_not_show_in_public(tmp_path: Path) -> None:
    d = _restricted_denial(tmp_path)
    assert _contested_set(open_store("memory", d, include_restricted=True)) == {ID + "claim/k"}
    assert _contested_set(open_store("memory", d)) == set()


def test_provenance_json_carries_the_derived_flag() -> None:
    result = CliRunner().invoke(main, ["provenance", "Moura", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    flags = {c["iri"]: c["contested"] for c in doc["claims"]}
    assert flags[ID + "claim/moura-killed-more-than-500"] is True


def _graph_quads(store: object, graph: str) -> set[str]:
    import pyoxigraph as ox

    ox_store = store.ox  # type: ignore[attr-defined]
    return {
        f"{q.subject} {q.predicate} {q.object}"
        for q in ox_store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    }


def test_each_derived_fact_is_stored_once(tmp_path: Path) -> None:
    """Facts both views share sit in graph/derived; what restricted evidence changes
    sits in derived-restricted (full view) and derived-public (public view)."""
    extra = "claim:j a rg:Count ; rg:evidence ev:j1 .\n" + _ev("j1", "a", "hrw", "asserts")
    d = _restricted_denial(tmp_path, extra)
    s = open_store("memory", d, include_restricted=True)
    common = _graph_quads(s, dataset.DERIVED)
    full_only = _graph_quads(s, dataset.DERIVED_RESTRICTED)
    public_only = _graph_quads(s, dataset.DERIVED_PUBLIC)
    k, j = f"<{ID}claim/k>", f"<{ID}claim/j>"
    contested = f"<{RG}contested>"
    boolean = "<http://www.w3.org/2001/XMLSchema#boolean>"
    assert f'{k} {contested} "true"^^{boolean}' in full_only
    assert f'{k} {contested} "false"^^{boolean}' in public_only
    assert f'{j} {contested} "false"^^{boolean}' in common  # untouched by restricted data
    assert not (common & full_only) and not (common & public_only) and not (full_only & public_only)
    assert f"{j} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{RG}Claim>" in common


def test_nothing_restricted_means_one_derived_graph(store: object) -> None:
    assert _graph_quads(store, dataset.DERIVED)
    assert not _graph_quads(store, dataset.DERIVED_RESTRICTED)
    assert not _graph_quads(store, dataset.DERIVED_PUBLIC)
