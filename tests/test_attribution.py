"""The attribution check: no evidence record supports an actor its quote does not name,
unless an identification claim says who makes the link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from rightsgraph.cli.main import main
from rightsgraph.rdf.files import data_files
from rightsgraph.resources import ontology_files
from rightsgraph.validation.attribution import check_attributions, mentions

ID = "https://w3id.org/rightsgraph/id/"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for f in ontology_files() + data_files(None):
        g.parse(f, format="turtle")
    return g


def test_names_match_whole_words_without_case_accents_or_possessives() -> None:
    assert mentions("Russia's Wagner mercenary force", {"Russia"})
    assert mentions("in Mali’s Mopti and MÉNAKA regions", {"Ménaka"})
    assert mentions("Kremlin-backed Wagner forces", {"Kremlin"})
    assert not mentions("the Russian mercenaries", {"Russia"})
    assert not mentions("the foreign security partners of the Malian Armed Forces", {"Wagner"})


def test_the_data_has_no_unresolved_attribution(graph: Graph) -> None:
    assert check_attributions(graph) == []


def test_a_panel_quote_on_a_wagner_claim_is_found(graph: Graph) -> None:
    """The error of issue 19: the Panel's words recorded as naming Wagner."""
    g = Graph()
    g += graph
    g.parse(
        data="""
        @prefix rg: <https://w3id.org/rightsgraph/ontology#> .
        @prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .
        <https://w3id.org/rightsgraph/id/claim/moura-perpetrator-wagner-group>
            rg:evidence ev:panel-on-wagner .
        ev:panel-on-wagner a rg:Evidence ;
            rg:document <https://w3id.org/rightsgraph/id/doc/src-000-russian-veto> ;
            rg:quote "especially those involving the foreign security partners of the Malian Armed Forces" ;
            rg:claimant <https://w3id.org/rightsgraph/id/actor/panel-of-experts-mali> ;
            rg:stance <https://w3id.org/rightsgraph/vocab/stance/expresses-concern> .
        """,
        format="turtle",
    )
    (finding,) = check_attributions(g)
    assert finding.focus == ID + "evidence/panel-on-wagner"
    assert finding.actor == ID + "actor/wagner-group"
    assert "does not name actor:wagner-group (Wagner Group)" in finding.message
    assert "rg:Identification" in finding.fix


def test_an_identification_that_applies_to_the_record_resolves_it(graph: Graph) -> None:
    """Ngefa is unnamed in 000 and 001; the editors' identification vouches for those records."""
    g = Graph()
    g += graph
    g.update(
        """PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
        DELETE WHERE { ?i rg:appliesTo ?e }"""
    )
    unresolved = {f.focus.rsplit("/", 1)[-1] for f in check_attributions(g)}
    assert "postholding-ngefa-minusma-human-rights-chief--src-000" in unresolved
    assert "postholding-diop-mali-foreign-minister--src-000-2" in unresolved
    assert len(unresolved) == 10


def test_opposing_evidence_is_not_checked(graph: Graph) -> None:
    """A rejection does not support the actor: 'Mali's Foreign Ministry rejected the allegations.'"""
    assert not [
        f for f in check_attributions(graph) if "rejection" in f.focus
    ]  # there are rejection records on Wagner claims that do not name Wagner


# a record on Wagner's Moura claim whose quote names only the description, not Wagner
BAD_RECORD = """@prefix rg: <https://w3id.org/rightsgraph/ontology#> .
@prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .
<https://w3id.org/rightsgraph/id/claim/moura-perpetrator-wagner-group> rg:evidence ev:bad .
ev:bad a rg:Evidence ;
    rg:document <https://w3id.org/rightsgraph/id/doc/src-004-minusma-to-end> ;
    rg:quote "associated foreign fighters" ;
    rg:claimant <https://w3id.org/rightsgraph/id/actor/ohchr> ;
    rg:stance <https://w3id.org/rightsgraph/vocab/stance/asserts> .
"""


def test_validate_reports_it_as_a_warning_with_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    (data / "zz-bad.ttl").write_text(
        BAD_RECORD,
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--data", str(data), "validate"])
    assert result.exit_code == 0, result.output  # a warning, not an error
    (line,) = [x for x in result.output.splitlines() if ": warning: " in x]
    assert "zz-bad.ttl:4: warning: ev:bad: the quote does not name actor:wagner-group" in line
    assert "0 error(s), 1 warning(s)" in result.output


def test_a_contribution_is_checked_against_the_data(tmp_path: Path) -> None:
    """`validate FILE` (and so `contribute`) checks the contribution's own records only."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        BAD_RECORD,
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 0, result.output
    warnings = [x for x in result.output.splitlines() if ": warning: " in x]
    assert len(warnings) == 1 and warnings[0].startswith(f"{bad}:4: warning: ev:bad:"), warnings
    good = tmp_path / "good.ttl"
    good.write_text(
        bad.read_text(encoding="utf-8").replace(
            '"associated foreign fighters"', '"Malian troops and Wagner fighters"'
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(good)])
    assert result.exit_code == 0 and "0 error(s), 0 warning(s)" in result.output, result.output


def test_a_contribution_is_checked_against_an_oxigraph_store(tmp_path: Path) -> None:
    """`--store oxigraph:PATH validate FILE` reports the same warning, read with the
    store instead of the data files, and the fixed record passes."""
    store = ["--data", str(REPO / "data"), "--store", f"oxigraph:{tmp_path / 'store'}"]
    built = CliRunner().invoke(main, [*store, "build"])
    assert built.exit_code == 0, built.output
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_RECORD, encoding="utf-8")
    result = CliRunner().invoke(main, [*store, "validate", str(bad)])
    assert result.exit_code == 0, result.output
    warnings = [x for x in result.output.splitlines() if ": warning: " in x]
    assert len(warnings) == 1, result.output
    assert warnings[0].startswith(
        f"{bad}:4: warning: ev:bad: the quote does not name actor:wagner-group"
    )
    good = tmp_path / "good.ttl"
    good.write_text(
        BAD_RECORD.replace('"associated foreign fighters"', '"Malian troops and Wagner fighters"'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, [*store, "validate", str(good)])
    assert result.exit_code == 0 and "0 error(s), 0 warning(s)" in result.output, result.output
