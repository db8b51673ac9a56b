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


# ---------------------------------------------------------------------------
# Evidence fidelity: each fact below is asserted with the values the sources give.

PREFIXES = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def sparql(store, text: str) -> list[dict[str, str]]:
    """A SELECT on the data, rows as plain strings (None -> '')."""
    result = store.query(PREFIXES + text)
    return [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in result.dicts()]


def test_who_says_the_foreign_security_partners_are_wagner(store) -> None:
    result = rows(store, "identifications", actor="Wagner")
    assert {r["description"] for r in result} == {
        "foreign security partners of the Malian Armed Forces"
    }
    by = {r["claimantLabel"] for r in result}
    assert "Human Rights Watch" in by
    assert "Panel of Experts on Mali" not in by  # the Panel names no one
    hrw = {r["quote"] for r in result if r["claimantLabel"] == "Human Rights Watch"}
    assert "associated foreign fighters apparently from the Russia-linked Wagner Group" in hrw
    assert any("ostensibly Wagner" in r["quote"] for r in result)
    assert any("[reportedly of the Wagner Group]" in r["quote"] for r in result)
    assert {r["status"] for r in result} == {"alleged"}


def test_the_panel_speaks_of_foreign_security_partners_not_of_wagner(store) -> None:
    result = sparql(
        store,
        """SELECT DISTINCT ?claim ?actor ?quote WHERE {
             ?claim rg:evidence ?ev ; rg:actor ?actor .
             ?ev rg:claimant <https://w3id.org/rightsgraph/id/actor/panel-of-experts-mali> ;
                 rg:quote ?quote }""",
    )
    actors = {r["actor"].rsplit("/", 1)[-1] for r in result}
    assert "wagner-group" not in actors
    assert "fama-foreign-security-partners" in actors
    crsv = [r for r in result if "crsv-mopti-menaka" in r["claim"]]
    assert {r["quote"] for r in crsv} >= {
        "especially those involving the foreign security partners of the Malian Armed Forces"
    }


def test_a3_and_upr_troika_memberships_rest_on_evidence(store) -> None:
    result = sparql(
        store,
        """SELECT ?group ?member ?quote WHERE {
             ?m a rg:GroupMembership ; org:organization ?group ; org:member ?member ;
                rg:evidence/rg:quote ?quote }""",
    )
    members: dict[str, set[str]] = {}
    for r in result:
        members.setdefault(r["group"].rsplit("/", 1)[-1], set()).add(r["member"].rsplit("/", 1)[-1])
    assert members == {
        "a3": {"gabon", "ghana", "mozambique"},
        "upr-troika-mali-2023": {"germany", "kyrgyzstan", "somalia"},
    }
    assert any("The A3 (Gabon, Ghana and Mozambique)" in r["quote"] for r in result)
    assert any("troika of Germany, Kyrgyzstan and Somalia" in r["quote"] for r in result)


def test_penholders_of_the_vetoed_draft_rest_on_evidence(store) -> None:
    result = sparql(
        store,
        """SELECT ?drafter ?quote WHERE {
             ?p a rg:Penholding ; rg:drafter ?drafter ;
                rg:onDecision <https://w3id.org/rightsgraph/id/decision/draft-2023-08-30-mali-sanctions> ;
                rg:evidence/rg:quote ?quote }""",
    )
    assert {r["drafter"].rsplit("/", 1)[-1] for r in result} == {"france", "united-arab-emirates"}
    assert {r["quote"] for r in result} == {
        "France and the United Arab Emirates led the thwarted extension proposal."
    }


def test_every_stated_publication_date_rests_on_evidence(store) -> None:
    result = sparql(
        store,
        """SELECT ?doc ?text ?early ?quote WHERE {
             ?doc rg:publicationDate/rg:dateText ?text .
             FILTER(?text != "not stated")
             OPTIONAL { ?p a rg:Publication ; rg:ofDocument ?doc ; rg:date ?d ;
                        rg:evidence/rg:quote ?quote .
                        OPTIONAL { ?d rg:earliest ?early } } }""",
    )
    assert result and all(r["quote"] for r in result), [r for r in result if not r["quote"]]
    by_doc = {r["doc"].rsplit("/", 1)[-1]: r for r in result}
    assert by_doc["src-002-russia-blocks-extension"]["early"] == "2023-09-21"
    assert by_doc["src-001-uphill-battle"]["text"] == "Home • 2023 • September • 8"
    assert by_doc["ohchr-moura-report-2023-05-12"]["early"] == "2023-05-12"
    assert all(r["text"] in r["quote"] for r in result if r["early"])


def test_the_rewrite_lineage_rests_on_the_editors_comparison(store) -> None:
    result = sparql(
        store,
        """SELECT ?derived ?original ?claimant ?quote ?comment WHERE {
             ?d a rg:Derivation ; rg:ofDocument ?derived ; prov:entity ?original ;
                rdfs:comment ?comment ; rg:evidence ?ev .
             ?ev rg:claimant/rdfs:label ?claimant ; rg:quote ?quote }""",
    )
    assert {
        (r["derived"].rsplit("/", 1)[-1], r["original"].rsplit("/", 1)[-1]) for r in result
    } == {("src-001-uphill-battle", "src-000-russian-veto")}
    assert {r["claimant"] for r in result} == {"rightsgraph editors"}
    assert any("dealt a severe blow to rights protections in Mali" in r["quote"] for r in result)
    assert "paragraph by paragraph" in result[0]["comment"]


def test_the_obstruction_was_by_no_fly_zones(store) -> None:
    result = sparql(
        store,
        """SELECT ?means ?stage WHERE {
             <https://w3id.org/rightsgraph/id/incident/obstruction-minusma-moura-investigation-2022>
                 rg:means/rdfs:label ?means .
             ?l rg:byIncident <https://w3id.org/rightsgraph/id/incident/obstruction-minusma-moura-investigation-2022> ;
                rg:stage/rdfs:label ?stage }""",
    )
    assert result == [{"means": "no-fly zones", "stage": "obstructed"}]


def test_russias_counter_proposal_is_a_proposal_with_its_terms(store) -> None:
    result = sparql(
        store,
        """SELECT ?mech ?effect ?term ?final WHERE {
             ?prop rg:alternativeTo <https://w3id.org/rightsgraph/id/decision/draft-2023-08-30-mali-sanctions> ;
                   rg:penholder <https://w3id.org/rightsgraph/id/actor/russia> .
             ?p a rg:Provision ; rg:onDecision ?prop ; rg:affects ?mech ; rg:effect ?effect ;
                rg:evidence ?ev .
             OPTIONAL { ?p rg:term ?term } OPTIONAL { ?p rg:finalRenewal ?final } }""",
    )
    terms = {(r["mech"].rsplit("/", 1)[-1], r["effect"].rsplit("/", 1)[-1]): r for r in result}
    assert set(terms) == {("mali-sanctions-regime", "renewed"), ("panel-of-experts-mali", "ended")}
    assert terms[("mali-sanctions-regime", "renewed")]["term"] == "P1Y"
    assert terms[("mali-sanctions-regime", "renewed")]["final"] == "true"


def test_elections_are_delayed_until_2026(store) -> None:
    result = sparql(
        store,
        """SELECT ?early ?late ?text ?when WHERE {
             <https://w3id.org/rightsgraph/id/incident/mali-election-delay-2026>
                 rg:targetDate [ rg:earliest ?early ; rg:latest ?late ; rg:dateText ?text ] ;
                 rg:date/rg:dateText ?when }""",
    )
    assert result == [
        {"early": "2026-01-01", "late": "2026-12-31", "text": "until 2026", "when": "not stated"}
    ]


def test_subjects_of_the_secretary_general_reports(store) -> None:
    result = sparql(
        store,
        """SELECT ?doc ?subject WHERE {
             VALUES ?doc { <https://w3id.org/rightsgraph/id/doc/s-2023-402>
                           <https://w3id.org/rightsgraph/id/doc/s-2023-413> }
             ?doc dcterms:subject ?subject ; rg:evidence ?ev }""",
    )
    subjects: dict[str, set[str]] = {}
    for r in result:
        subjects.setdefault(r["doc"].rsplit("/", 1)[-1], set()).add(r["subject"].rsplit("/", 1)[-1])
    assert subjects == {"s-2023-402": {"mali"}, "s-2023-413": {"sexual-violence", "mali"}}


def test_s_2023_402_was_presented_at_the_16_june_meeting(store) -> None:
    result = sparql(
        store,
        """SELECT ?meeting ?text ?quote WHERE {
             <https://w3id.org/rightsgraph/id/doc/s-2023-402> rg:presentedAt ?meeting ;
                 rg:publicationDate/rg:dateText ?text ; rg:evidence/rg:quote ?quote }""",
    )
    assert [r["meeting"].rsplit("/", 1)[-1] for r in result] == ["unsc-2023-06-16"]
    assert result[0]["text"] == "not stated"  # no paraphrase posing as the document's words
    assert "presented at that briefing (S/2023/402" in result[0]["quote"]


def test_s_res_2584_belongs_to_the_sanctions_regime(store) -> None:
    result = sparql(
        store,
        """SELECT ?quote WHERE {
             <https://w3id.org/rightsgraph/id/decision/s-res-2584-2021>
                 rg:concerns <https://w3id.org/rightsgraph/id/mechanism/mali-sanctions-regime> ;
                 rg:evidence/rg:quote ?quote }""",
    )
    assert "Human rights in resolutions related to the sanctions." in {r["quote"] for r in result}


def test_consent_revocation_and_obstruction_are_one_act_each(store) -> None:
    result = sparql(
        store,
        """SELECT ?claim ?incident ?claimLabel ?incidentLabel WHERE {
             ?claim rg:byIncident ?incident ; rdfs:label ?claimLabel .
             ?incident rdfs:label ?incidentLabel }""",
    )
    pairs = {(r["claim"].rsplit("/", 1)[-1], r["incident"].rsplit("/", 1)[-1]) for r in result}
    assert pairs == {
        ("minusma-consent-revoked-2023-06-16", "mali-revokes-consent-minusma-2023-06-16"),
        (
            "minusma-moura-investigation-obstructed-2022",
            "obstruction-minusma-moura-investigation-2022",
        ),
    }
    assert all(r["claimLabel"] != r["incidentLabel"] for r in result)


def test_post_holdings_carry_the_dates_the_sources_give(store) -> None:
    result = sparql(
        store,
        """SELECT ?holder ?early WHERE {
             ?h a rg:PostHolding ; rg:holder/rdfs:label ?holder ; rg:heldOn/rg:earliest ?early }""",
    )
    held = {(r["holder"], r["early"]) for r in result}
    assert {
        ("Abdoulaye Diop", "2023-02-07"),
        ("Abdoulaye Diop", "2023-06-16"),
        ("Sergey Lavrov", "2023-02-07"),
        ("Guillaume Ngefa", "2023-02-01"),
    } == held


def test_involvements_carry_the_dates_the_sources_give(store) -> None:
    result = sparql(
        store,
        """SELECT ?claim ?early ?late ?prec WHERE {
             ?c a rg:Involvement ; rg:date [ rg:earliest ?early ; rg:latest ?late ; rg:precision ?prec ] .
             BIND(STRAFTER(STR(?c), "/claim/") AS ?claim) }""",
    )
    dated = {r["claim"]: (r["early"], r["late"]) for r in result}
    assert dated["moura-perpetrator-fama"] == ("2022-03-01", "2022-03-31")
    assert dated["consent-revocation-by-mali"] == ("2023-06-16", "2023-06-16")
    assert dated["expulsion-ngefa-by-malian-authorities"] == ("2023-02-01", "2023-02-28")
    assert dated["moura-investigation-obstruction-by-malian-authorities"] == (
        "2022-01-01",
        "2022-04-30",
    )


def test_date_wordings_are_the_documents_own_words(store, sources) -> None:
    import re as regex

    texts = {
        r["text"] for r in sparql(store, "SELECT DISTINCT ?text WHERE { ?d rg:dateText ?text }")
    }
    archived = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in sources.glob("*.txt")
    )
    fold = lambda s: s.replace("’", "'").replace("‘", "'").casefold()  # noqa: E731
    assert "As the panel’s work ends" in texts
    assert not [t for t in texts if regex.search(r'^["“”]|["“”]$', t)]
    assert [t for t in texts if t != "not stated" and fold(t) not in fold(archived)] == []
