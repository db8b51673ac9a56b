"""Provenance, TERM resolution, named-query plumbing and network questions on
the real dataset, through the library and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rightsgraph.answers.provenance import provenance
from rightsgraph.answers.resolve import Resolver
from rightsgraph.cli.main import main
from rightsgraph.errors import UsageError

ID = "https://w3id.org/rightsgraph/id/"


@pytest.fixture(scope="module")
def resolver(store) -> Resolver:
    return Resolver(store)


def test_death_toll_repeated_by_four_documents_has_one_original(store) -> None:
    report = provenance(store, "claim:moura-killed-more-than-500")
    (claim,) = report.claims
    assert claim.documents == 4
    assert claim.independent_originals == [ID + "doc/ohchr-moura-report-2023-05-12"]
    assert claim.derived_copies == 3
    assert claim.contested
    assert {"Abdoulaye Diop", "Russia"} <= set(claim.opposed_by)
    assert all(e.quote for e in claim.evidence)


def test_a_rewrite_counts_as_its_original(store) -> None:
    """001 rewrites 000: evidence read in both traces back to one original."""
    report = provenance(store, "claim:veto-russia-2023-08-30")
    veto = next(c for c in report.claims if c.iri == ID + "claim/veto-russia-2023-08-30")
    docs = {e.document.rsplit("/", 1)[-1] for e in veto.evidence if not e.opposing}
    assert {"src-000-russian-veto", "src-001-uphill-battle"} <= docs
    assert ID + "doc/src-001-uphill-battle" not in veto.independent_originals
    assert ID + "doc/src-000-russian-veto" in veto.independent_originals
    assert len(veto.independent_originals) < veto.documents


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Wagner", "actor/wagner-group"),
        ("wagner group", "actor/wagner-group"),
        ("FAMa", "actor/fama"),
        ("menaka", "place/menaka"),
        ("actor:abdoulaye-diop", "actor/abdoulaye-diop"),
        (ID + "incident/moura-2022-03", "incident/moura-2022-03"),
        ("S/2023/402", "doc/s-2023-402"),
    ],
)
def test_terms_resolve_by_iri_curie_label_alias_case_and_accent(resolver, term, expected) -> None:
    assert resolver.resolve(term) == ID + expected


def test_ambiguous_term_lists_candidates(resolver) -> None:
    with pytest.raises(
        UsageError, match=r"'Mali' is ambiguous: actor:mali \(Mali\); place:mali \(Mali\)"
    ):
        resolver.resolve("Mali")


def test_unknown_term_suggests_nearest_labels(resolver) -> None:
    with pytest.raises(UsageError, match=r"did you mean 'Wagner Group' \(actor:wagner-group\)"):
        resolver.resolve("Wagner Grop")


def test_cli_provenance_marks_contested_and_shows_quotes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["provenance", "claim:moura-killed-more-than-500"])
    assert result.exit_code == 0, result.output
    assert "[CONTESTED]" in result.output
    assert (
        "1 independent original(s) [doc:ohchr-moura-report-2023-05-12], 3 derived copies"
        in result.output
    )
    assert (
        "“Russia echoed Mali's statement that OHCHR's report was blatantly biased.”"
        in result.output
    )


def test_cli_provenance_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["provenance", "Olivier Salgado", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["iri"] == ID + "actor/olivier-salgado"
    assert any("Salgado" in e["quote"] for c in doc["claims"] for e in c["evidence"])


def test_cli_unknown_and_ambiguous_terms_exit_2(runner: CliRunner) -> None:
    unknown = runner.invoke(main, ["provenance", "Wagner Grop"])
    assert unknown.exit_code == 2, unknown.output
    assert unknown.output.count("\n") == 1 and "did you mean" in unknown.output
    ambiguous = runner.invoke(main, ["provenance", "Mali"])
    assert ambiguous.exit_code == 2 and "ambiguous" in ambiguous.output


def test_query_list_shows_every_named_query(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0, result.output
    for name in ("cq1-vetoed-drafts", "cq10-upr-recommendations", "contested-claims", "posts-held"):
        assert name in result.output
    assert "parameters: incident (entity, default incident:moura-2022-03)" in result.output


def test_query_json_is_sparql_results_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "cq5-expelled-officials", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert "personLabel" in doc["head"]["vars"]
    names = {b["personLabel"]["value"] for b in doc["results"]["bindings"]}
    assert names == {"Guillaume Ngefa", "Olivier Salgado"}


def test_query_csv_and_tsv(runner: CliRunner) -> None:
    csv_out = runner.invoke(main, ["query", "posts-held", "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.output.splitlines()[0].startswith("postLabel,orgLabel,date")
    tsv_out = runner.invoke(main, ["query", "posts-held", "--format", "tsv"])
    assert tsv_out.output.splitlines()[0].startswith("?postLabel\t?orgLabel")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["query", "cq3-rejections", "--param", "nope=1"],
            "has no parameter 'nope' — its parameters: incident",
        ),
        (
            ["query", "cq4-mechanisms-ended", "--param", "from=30/08/2023"],
            "must be a date such as 2023-06-16",
        ),
        (
            ["query", "cq2-moura-death-toll-sources", "--param", "min=many"],
            "must be a integer such as 500",
        ),
        (["query", "entities", "--param", 'class="} ; DROP ALL ; {'], "must be a iri"),
        (["query", "cq3-rejections", "--param", 'incident="} ; DROP ALL ; {'], "matches no label"),
        (["query", "no-such-query"], "no named query 'no-such-query'"),
        (["query", "cq3-rejections", "--param", "incident"], "must be key=value"),
    ],
)
def test_query_bad_parameters_exit_2_with_one_line(runner: CliRunner, args, message) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_user_query_file_syntax_error_points_at_line(runner: CliRunner, tmp_path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s ?p \n}\n", encoding="utf-8")
    result = runner.invoke(main, ["query", str(bad)])
    assert result.exit_code == 2, result.output
    assert "SPARQL syntax error at line" in result.output


def test_update_queries_are_refused(runner: CliRunner, tmp_path) -> None:
    upd = tmp_path / "drop.rq"
    upd.write_text("DROP ALL", encoding="utf-8")
    result = runner.invoke(main, ["query", str(upd)])
    assert result.exit_code == 2, result.output
    assert "update operations are refused" in result.output


def test_service_is_refused(runner: CliRunner, tmp_path) -> None:
    fed = tmp_path / "fed.rq"
    fed.write_text(
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", encoding="utf-8"
    )
    result = runner.invoke(main, ["query", str(fed)])
    assert result.exit_code == 2, result.output
    assert "SERVICE" in result.output


def test_path_between_wagner_and_russia_shows_relation_and_evidence(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "Wagner", "Russia"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[1]
    assert "Wagner Group" in first and "Russia" in first
    assert "evidence record(s)" in first


def test_centrality_ranks_actors(runner: CliRunner) -> None:
    result = runner.invoke(main, ["centrality", "--top", "5"])
    assert result.exit_code == 0, result.output
    top = [line.split("  ")[0] for line in result.output.splitlines()[1:]]
    assert len(top) == 5
    assert "Mali" in top


def test_provenance_of_a_place_covers_what_happened_there(runner: CliRunner) -> None:
    result = runner.invoke(main, ["provenance", "moura"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Moura (place:moura)")
    assert "Malian Armed Forces — perpetrator — Moura killings" in result.output


def test_neighbours_of_moura_include_its_perpetrators(runner: CliRunner) -> None:
    result = runner.invoke(main, ["neighbours", "incident:moura-2022-03"])
    assert result.exit_code == 0, result.output
    assert "Malian Armed Forces → perpetrator → Moura killings" in result.output
    assert "Wagner Group → perpetrator → Moura killings" in result.output


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Panel of Experts", "actor/panel-of-experts-mali"),  # the actor; the mandate is mech:
        ("Moura killings", "incident/moura-2022-03"),  # the incident, not the claims about it
        ("MINUSMA", "actor/minusma"),
        ("UN independent expert on Mali", "actor/un-independent-expert-mali"),
        ("foreign security partners", "actor/fama-foreign-security-partners"),
    ],
)
def test_names_find_entities_before_claims(resolver, term, expected) -> None:
    assert resolver.resolve(term) == ID + expected


def test_provenance_of_wagner_shows_the_identification_chain(store) -> None:
    report = provenance(store, "Wagner")
    crsv = next(c for c in report.claims if "crsv-mopti-menaka" in c.iri)
    assert crsv.iri == ID + "claim/crsv-mopti-menaka-perpetrator-foreign-security-partners"
    assert {e.claimant_label for e in crsv.evidence} == {"Panel of Experts on Mali"}
    (chain,) = crsv.identified_as
    assert chain.startswith("Wagner Group by ") and "Human Rights Watch" in chain
    assert "Panel of Experts" not in chain
    assert "claim:identification-foreign-security-partners-as-wagner-group" in chain
    # no claim about Wagner itself rests on a Panel quote
    direct = [c for c in report.claims if c.iri.endswith("wagner-group")]
    assert direct and all(
        e.claimant_label != "Panel of Experts on Mali" for c in direct for e in c.evidence
    )


def test_provenance_of_minusma_includes_its_mandate_ending(store) -> None:
    claims = {c.iri.rsplit("/", 1)[-1] for c in provenance(store, "MINUSMA").claims}
    assert {"minusma-terminated-2023-06-30", "minusma-withdrawal-scheduled-2023"} <= claims


def test_provenance_of_the_a3_shows_its_memberships(store) -> None:
    claims = {c.iri.rsplit("/", 1)[-1] for c in provenance(store, "A3").claims}
    assert {"membership-a3-gabon", "membership-a3-ghana", "membership-a3-mozambique"} <= claims


@pytest.mark.parametrize(
    "args",
    [
        ["provenance", "Panel of Experts"],
        ["provenance", "MINUSMA"],
        ["neighbours", "Moura killings", "--depth", "1"],
        ["path", "Wagner", "Russia"],
        ["query", "identifications", "--param", "actor=Wagner"],
    ],
)
def test_readme_examples_run(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
