"""Each competency question answered by its named query on the real dataset.

Expected values come from the five source documents (see
../shared/competency-questions.md), not from the data files: these tests fail
if the data stops saying what the documents say.
"""

from __future__ import annotations

from helpers.project import rows

ID = "https://w3id.org/rightsgraph/id/"


def test_cq1_russia_vetoed_sanctions_and_panel_renewal(store) -> None:
    result = rows(store, "cq1-vetoed-drafts")
    drafts = {r["draft"] for r in result}
    assert drafts == {ID + "decision/draft-2023-08-30-mali-sanctions"}
    assert {r["date"] for r in result} == {"2023-08-30"}
    mechanisms = {r["mechanism"] for r in result}
    assert {
        ID + "mechanism/mali-sanctions-regime",
        ID + "mechanism/panel-of-experts-mali",
    } <= mechanisms
    details = " ".join(r["detail"] for r in result).lower()
    assert "eight" in details
    documents = " | ".join(r["documents"] for r in result)
    assert "Russian Veto Puts Rights in Mali at Risk" in documents


def test_cq2_sources_of_more_than_500_killed_in_moura(store) -> None:
    result = rows(store, "cq2-moura-death-toll-sources")
    docs = {r["document"].rsplit("/", 1)[-1] for r in result}
    assert {
        "src-000-russian-veto",
        "src-002-russia-blocks-extension",
        "src-003-mali-human-rights-brief",
        "src-004-minusma-to-end",
    } <= docs
    # the OHCHR report is the origin the documents relay
    assert any("OHCHR" in r["citesLabel"] or "Moura" in r["citesLabel"] for r in result)
    assert {r["lowerBound"] for r in result} <= {"500", "501"}
    perpetrators = result[0]["perpetrators"]
    assert "Malian Armed Forces" in perpetrators and "Wagner Group" in perpetrators


def test_cq3_diop_and_russia_rejected_the_moura_findings(store) -> None:
    result = rows(store, "cq3-rejections")
    diop = [r for r in result if r["who"] == ID + "actor/abdoulaye-diop"]
    assert diop, result
    assert "2023-06-16" in {r["date"] for r in diop}
    assert any(
        "16 June 2023" in r["occasionLabel"] or "2023-06-16" in r["occasionLabel"] for r in diop
    ) or any(r["occasionLabel"] for r in diop)
    assert {ID + "doc/src-003-mali-human-rights-brief", ID + "doc/src-000-russian-veto"} <= {
        r["document"] for r in diop
    }
    russia = [r for r in result if r["who"] == ID + "actor/russia"]
    assert russia and all(r["document"].endswith("src-003-mali-human-rights-brief") for r in russia)
    assert any("biased" in r["quote"] for r in russia)


def test_cq4_mechanisms_ended_or_cut_back_in_2023(store) -> None:
    result = rows(store, "cq4-mechanisms-ended")
    by_mech: dict[str, list[dict[str, str]]] = {}
    for r in result:
        by_mech.setdefault(r["mechanism"].rsplit("/", 1)[-1], []).append(r)
    assert {"minusma-mandate", "mali-sanctions-regime", "panel-of-experts-mali"} <= set(by_mech)
    minusma = by_mech["minusma-mandate"]
    assert any("2690" in r["decisionLabel"] and r["date"] == "2023-06-30" for r in minusma)
    for m in ("mali-sanctions-regime", "panel-of-experts-mali"):
        assert any(r["date"] == "2023-08-30" and "Russia" in r["actorLabel"] for r in by_mech[m]), (
            by_mech[m]
        )


def test_cq5_expelled_un_officials(store) -> None:
    result = rows(store, "cq5-expelled-officials")
    people = {r["personLabel"] for r in result}
    assert {"Guillaume Ngefa", "Olivier Salgado"} <= people
    ngefa = [r for r in result if r["personLabel"] == "Guillaume Ngefa"]
    assert any(r["date"].startswith("2023-02") for r in ngefa)
    assert all(
        "MINUSMA" in " ".join([r["postLabel"], r["incidentLabel"]]) or r["postLabel"]
        for r in result
    )


def test_cq6_repeats_are_not_independent_corroboration(store) -> None:
    result = {r["incident"].rsplit("/", 1)[-1]: r for r in rows(store, "cq6-corroboration")}
    moura = result["moura-2022-03"]
    assert int(moura["documents"]) == 5  # the five source documents all speak of Moura
    originals = moura["originals"]
    assert "OHCHR report on the Moura operation" in originals
    # 000, 001 and 002 relay OHCHR's findings (001 by rewriting 000): not independent
    for relay in ("Russian Veto Puts Rights", "An Uphill Battle", "Russia Blocks Extension"):
        assert relay not in originals
    # the Panel's earlier reports are the one origin behind three documents
    attacks = result["attacks-on-civilians-by-malian-forces"]
    assert (attacks["documents"], attacks["independentOriginals"]) == ("3", "1")


def test_cq7_bodies_called_on_to_keep_monitoring(store) -> None:
    bodies = {r["body"].rsplit("/", 1)[-1] for r in rows(store, "cq7-monitoring-bodies")}
    assert {"achpr", "ohchr", "un-independent-expert-mali", "ecowas", "cndh-mali"} <= bodies


def test_cq8_timeline_runs_from_moura_to_minusma_departure_with_precision(store) -> None:
    result = rows(store, "cq8-timeline")
    assert [r["earliest"] for r in result] == sorted(r["earliest"] for r in result)
    moura = [r for r in result if r["item"].endswith("incident/moura-2022-03")]
    assert moura and moura[0]["precision"] == "month"
    assert (moura[0]["earliest"], moura[0]["latest"]) == ("2022-03-01", "2022-03-31")
    assert any(r["latest"] == "2023-12-31" and "MINUSMA" in r["label"] for r in result)
    assert any(r["kind"] == "Meeting" and r["earliest"] == "2023-06-16" for r in result)
    assert {r["precision"] for r in result} >= {"day", "month"}


def test_cq9_wagner_links(store) -> None:
    result = rows(store, "cq9-actor-links")
    pairs = {(r["relation"], r["other"].rsplit("/", 1)[-1]) for r in result if not r["viaLabel"]}
    assert ("perpetrator", "moura-2022-03") in pairs
    assert ("foreign security partner of", "fama") in pairs
    assert any(rel in ("linked to", "backed by") and other == "russia" for rel, other in pairs)


def test_cq10_upr_recommendations_per_member(store) -> None:
    result = rows(store, "cq10-upr-recommendations")
    per_state: dict[str, int] = {}
    for r in result:
        per_state[r["stateLabel"]] = per_state.get(r["stateLabel"], 0) + 1
    # 003: twelve Council members made recommendations (Russia noted it offered none)
    assert len(per_state) == 12, per_state
    assert sum(per_state.values()) == 32
    assert per_state["Ecuador"] == 4 and per_state["Japan"] == 1
    assert all(r["topics"] for r in result)
    france = rows(store, "cq10-upr-recommendations", state="France")
    assert len(france) == 3 and any("Wagner Group" in r["quote"] for r in france)
