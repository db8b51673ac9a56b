"""Provenance read in a few whole-set queries: the answer checked against the data
itself (each claim's evidence records and documents read straight from the graph,
its standing recomputed by the rules of ``claims.py``), and the number of queries
independent of the number of claims."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from rightsgraph.answers.provenance import provenance, render_text
from rightsgraph.answers.resolve import Resolver, normalise
from rightsgraph.cli.main import main
from rightsgraph.derivation import standings
from rightsgraph.store.dataset import PUBLIC
from rightsgraph.vocab import curie

ID = "https://w3id.org/rightsgraph/id/"
MOURA = ID + "incident/moura-2022-03"
OHCHR_REPORT = ID + "doc/ohchr-moura-report-2023-05-12"

RECORDS = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?claim ?ev ?doc WHERE {
  ?claim rg:evidence ?ev .
  ?ev rg:document ?doc ; rg:quote ?q ; rg:claimant ?c ; rg:stance ?s .
}
"""


# the claims with evidence that have ?e as a value
NAMING = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT DISTINCT ?claim WHERE {
  ?claim ?p ?e ; a rg:Claim ; rg:evidence/rg:quote ?q . FILTER(?p != rg:evidence)
}
"""


@pytest.fixture(scope="module")
def records(store) -> dict[str, dict[str, str]]:
    """claim -> evidence record -> document, as the data states them."""
    out: dict[str, dict[str, str]] = {}
    for claim, ev, doc in store.query(RECORDS).rows:
        out.setdefault(str(claim), {})[str(ev)] = str(doc)
    return out


@pytest.fixture(scope="module")
def rules(store) -> dict[str, Any]:
    """Every claim's standing computed afresh by the rules, on the public data."""
    return standings(store.ox, [PUBLIC])


class CountingStore:
    """A store that counts the queries it is asked."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.queries = 0

    def query(self, sparql: str, bindings: Any = None, base_iri: str | None = None) -> Any:
        self.queries += 1
        return self.inner.query(sparql, bindings, base_iri)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_moura_claims_documents_and_counts_match_the_data(store, records, rules) -> None:
    report = provenance(store, "Moura killings")
    assert report.iri == MOURA
    by_iri = {c.iri: c for c in report.claims}
    # the claims that name the incident and have evidence are all there
    about = {str(r[0]) for r in store.query(NAMING, {"e": URIRef(MOURA)}).rows}
    assert about and about <= set(by_iri)
    assert {
        ID + "claim/moura-killed-more-than-500",
        ID + "claim/moura-perpetrator-fama",
        ID + "claim/moura-perpetrator-wagner-group",
    } <= set(by_iri)
    assert MOURA in by_iri  # the incident has evidence of its own
    for claim in report.claims:
        assert [e.iri for e in claim.evidence] == list(dict.fromkeys(e.iri for e in claim.evidence))
        assert {e.iri: e.document for e in claim.evidence} == records[claim.iri], claim.iri
        if claim.iri not in rules:  # the incident: no claim, so no standing
            continue
        st = rules[claim.iri]
        assert claim.documents == st.documents, claim.iri
        assert claim.independent_originals == st.originals, claim.iri
        assert claim.derived_copies == st.derived_copies, claim.iri
        assert claim.contested == st.contested, claim.iri
        assert set(claim.opposed_by) == {
            next(e.claimant_label for e in claim.evidence if e.claimant == r.claimant)
            for r in st.opposing
        }, claim.iri
    toll = by_iri[ID + "claim/moura-killed-more-than-500"]
    assert toll.documents == 4 and toll.derived_copies == 3
    assert toll.independent_originals == [OHCHR_REPORT]
    assert set(toll.opposed_by) == {"Abdoulaye Diop", "Russia"}
    fama = by_iri[ID + "claim/moura-perpetrator-fama"]
    assert (fama.documents, fama.derived_copies, fama.independent_originals) == (
        5,
        4,
        [OHCHR_REPORT],
    )
    # five documents repeat it, each citing OHCHR's report: one original
    assert len({e.document for e in fama.evidence if not e.opposing}) == 5
    assert OHCHR_REPORT in {e.cites for e in fama.evidence}


@pytest.mark.parametrize(
    "term", ["Russia", "Wagner", "MINUSMA", "moura", "claim:veto-russia-2023-08-30", "S/2023/402"]
)
def test_every_claim_shows_exactly_its_records_and_its_standing(
    store, records, rules, term
) -> None:
    report = provenance(store, term)
    assert report.claims
    for claim in report.claims:
        assert {e.iri: e.document for e in claim.evidence} == records[claim.iri]
        if claim.iri in rules:
            st = rules[claim.iri]
            assert (claim.documents, claim.derived_copies, claim.contested) == (
                st.documents,
                st.derived_copies,
                st.contested,
            )
            assert claim.independent_originals == st.originals


def test_the_claims_of_an_actor_are_those_that_name_it(store) -> None:
    """For Russia (no mechanism it operates, no description identified as it): the
    claims with evidence that have Russia as a value, and nothing else."""
    russia = ID + "actor/russia"
    naming = {str(r[0]) for r in store.query(NAMING, {"e": URIRef(russia)}).rows}
    report = provenance(store, "Russia")
    assert {c.iri for c in report.claims} == naming
    assert ID + "claim/veto-russia-2023-08-30" in naming


@pytest.mark.parametrize("term", ["Russia", "Moura killings", "claim:moura-killed-more-than-500"])
def test_queries_do_not_grow_with_the_claims(store, term) -> None:
    counting = CountingStore(store)
    report = provenance(counting, term)
    # the ASK for a CURIE, the label index, the identifications, the claims, the
    # display templates, the claims' facts, their evidence
    assert counting.queries <= 7, counting.queries
    if term == "Russia":
        assert len(report.claims) > 6


def test_text_and_json_say_the_same(runner: CliRunner, store) -> None:
    text = runner.invoke(main, ["provenance", "incident:moura-2022-03"])
    js = runner.invoke(main, ["provenance", "incident:moura-2022-03", "--format", "json"])
    assert text.exit_code == 0 and js.exit_code == 0, text.output + js.output
    doc = json.loads(js.output)
    assert text.output == render_text(provenance(store, "incident:moura-2022-03")) + "\n"
    assert text.output.startswith(
        f"Moura killings (March 2022) (incident:moura-2022-03): {len(doc['claims'])} claim(s)"
    )
    for c in doc["claims"]:
        originals = ", ".join(curie(o) for o in c["independent_originals"]) or "none"
        assert (
            f"  supported by {c['documents']} document(s): {len(c['independent_originals'])} "
            f"independent original(s) [{originals}]"
        ) in text.output
        for e in c["evidence"]:
            assert e["document"] and e["quote"] and e["claimant"]


def test_label_index_leaves_out_vocabulary_terms(store) -> None:
    resolver = Resolver(store)
    # classes have labels in the graph, but a class is shown by its CURIE and is no TERM
    assert resolver.label("https://w3id.org/rightsgraph/ontology#Actor") == "rg:Actor"
    assert "actor" not in resolver.by_key or all(
        not i.startswith("https://w3id.org/rightsgraph/ontology#") for i in resolver.by_key["actor"]
    )
    assert resolver.label(ID + "actor/russia") == "Russia"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  Ménaka  ", "menaka"),
        ("MOURA\tkillings", "moura killings"),
        ("Mali’s", "mali's"),
        ("S/2023/402", "s/2023/402"),
        ("Straße", "strasse"),
    ],
)
def test_normalise_folds_case_accents_and_spacing(text, key) -> None:
    assert normalise(text) == key
