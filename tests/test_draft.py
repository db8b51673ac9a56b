"""rightsgraph draft: each extraction rule on sentences of the five archived sources,
the draft as a contribution (it parses, passes contribute, every quote verifies),
and bad input (one-line errors, exit 2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsgraph.cli.main import main
from rightsgraph.draft.counts import read_counts
from rightsgraph.draft.dates import DateReader
from rightsgraph.draft.graph import GraphView
from rightsgraph.draft.mentions import EntityIndex
from rightsgraph.draft.run import draft_document
from rightsgraph.draft.text import load_document
from rightsgraph.vocab import INSTANCES, curie

DOCS = {
    "000": "doc:src-000-russian-veto",
    "001": "doc:src-001-uphill-battle",
    "002": "doc:src-002-russia-blocks-extension",
    "003": "doc:src-003-mali-human-rights-brief",
    "004": "doc:src-004-minusma-to-end",
}


def source(sources: Path, number: str) -> Path:
    return next(sources.glob(f"{number}_*.txt"))


def sentence(sources: Path, number: str, start: str):
    doc = load_document(source(sources, number))
    return next(s for s in doc.sentences if s.text.startswith(start))


@pytest.fixture(scope="module")
def index(store) -> EntityIndex:
    return EntityIndex(GraphView(store))


@pytest.fixture(scope="module")
def drafts(store, sources):
    """Each source redrafted as if none of its evidence were recorded."""
    return {n: draft_document(source(sources, n), d, store, redraft=True) for n, d in DOCS.items()}


def candidates(draft, start: str):
    return [c for c in draft.candidates if c.sentence.text.startswith(start)]


# -- sentences, locators, boilerplate ------------------------------------------------


def test_boilerplate_is_skipped_and_body_kept(sources: Path) -> None:
    texts = {n: [s.text for s in load_document(source(sources, n)).sentences] for n in DOCS}
    every = [t for ts in texts.values() for t in ts]
    for furniture in ("Skip to", "Leave a Comment", "Looks good", "tax deductible", "Rate this"):
        assert not any(furniture in t for t in every), furniture
    assert not any("© 2023" in t or "Getty Images" in t for t in every)  # photo credits
    assert any(t.startswith("Russia dealt a severe blow") for t in texts["000"])
    assert not any("Tanzania" in t for t in texts["001"])  # related-article links


def test_locators_follow_paragraphs_sections_items_and_captions(sources: Path) -> None:
    assert sentence(sources, "000", "In February, the Malian").locator == "para 5"
    assert sentence(sources, "001", "In February, they").locator == (
        "section 'Implications for Accountability and Civic Space', para 2"
    )
    assert sentence(sources, "003", "Mali's Minister of Foreign").locator == (
        "Information familiar to the Security Council > Briefing in the Security Council, item 2"
    )
    assert sentence(sources, "004", "Vehicles from the United").locator == "photo caption"


# -- entity mentions -------------------------------------------------------------------


def test_mentions_fold_accents_possessives_and_plurals(sources: Path, index) -> None:
    s = sentence(sources, "000", "In its last report")
    found = {curie(m.iri): m for m in index.find(s.text)}
    assert found["place:menaka-region"].text == "Ménaka regions"  # accent and plural
    assert "plural" in found["place:menaka-region"].rule
    s = sentence(sources, "001", "The cessation of the panel")
    assert "actor:russia" in {curie(m.iri) for m in index.find(s.text)}  # 'Russia‘s'


def test_longest_match_and_short_names_only_as_written(index) -> None:
    text = "the UN Security Council expert panel wrote to us and the US"
    found = [(m.text, curie(m.iri)) for m in index.find(text)]
    assert ("UN Security Council expert panel", "actor:panel-of-experts-mali") in found
    assert ("the US", "actor:united-states") in found
    assert not any(t.endswith("us") for t, _ in found)


def test_a_name_inside_an_alias_is_named_too(index) -> None:
    found = {(m.text, curie(m.iri)) for m in index.find("abuses by the Russia-linked Wagner Group")}
    assert ("Russia-linked Wagner Group", "actor:wagner-group") in found
    assert ("Russia", "actor:russia") in found


def test_post_names_its_holder_and_report_its_publisher(sources: Path, index) -> None:
    s = sentence(sources, "000", "In June, Mali’s foreign minister")
    mentions = index.find(s.text)
    named = {curie(m.iri) for m in mentions}
    assert {"post:mali-minister-foreign-affairs", "doc:ohchr-moura-report-2023-05-12"} <= named
    implied = {curie(m.iri): m.rule for m in index.holders_of(mentions)}
    assert implied == {
        "actor:abdoulaye-diop": "holder of post:mali-minister-foreign-affairs",
        "actor:ohchr": "publisher of doc:ohchr-moura-report-2023-05-12",
    }


def test_role_phrase_without_a_name_is_a_question(index) -> None:
    text = "In February, they ordered the head of the human rights section to leave the country."
    questions = index.questions(text, 0, index.find(text))
    roles = [q for q in questions if q.rule == "role phrase"]
    assert roles and roles[0].text.startswith("the head of the human rights section")
    assert "actor:guillaume-ngefa" in {curie(n) for n in roles[0].nearest}


def test_unknown_capitalised_name_is_a_question(sources: Path, index) -> None:
    s = sentence(sources, "003", "Albania, Ecuador, Malta, Switzerland")
    questions = index.questions(s.text, 0, index.find(s.text))
    assert "IHL and IHRL" in {q.text for q in questions if q.rule == "unknown name"}


# -- dates -------------------------------------------------------------------------------


def test_dates_keep_wording_with_precision_and_bounds(sources: Path) -> None:
    reader = DateReader()
    [day] = reader.read(
        sentence(sources, "003", "On 16 June 2023, the Security Council held a").text
    )
    assert (day.text, day.precision, day.earliest) == (
        "On 16 June 2023",
        "day",
        dt.date(2023, 6, 16),
    )
    [early] = reader.read(sentence(sources, "004", "In early 2022").text)
    assert early.precision == "range"
    assert (early.earliest, early.latest) == (dt.date(2022, 1, 1), dt.date(2022, 4, 30))


def test_month_without_year_takes_the_document_date_with_a_note(sources: Path) -> None:
    reader = DateReader(dt.date(2023, 9, 8))
    [feb] = reader.read(sentence(sources, "001", "In February, they").text)
    assert (feb.precision, feb.earliest, feb.latest) == (
        "month",
        dt.date(2023, 2, 1),
        dt.date(2023, 2, 28),
    )
    assert "document date" in feb.note


def test_deadline_and_year_from_an_earlier_full_date(sources: Path) -> None:
    reader = DateReader()  # 000 states no publication date
    for s in load_document(source(sources, "000")).sentences:
        found = reader.read(s.text, s.start, s.block)
        if s.text.startswith("The mission is set to leave"):
            [deadline] = found
    assert (deadline.text, deadline.precision, deadline.earliest) == (
        "by December 31",
        "day",
        dt.date(2023, 12, 31),
    )
    assert "deadline" in deadline.note and "February 7, 2023" in deadline.note


def test_impossible_day_is_not_a_date() -> None:
    assert not [
        d for d in DateReader().read("On 31 February 2023 the panel met.") if d.precision == "day"
    ]


# -- counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "start", "text", "qualifier", "lower", "upper", "best", "out_of"),
    [
        (
            "003",
            "OHCHR's aforementioned",
            "more than 500 people",
            "more-than",
            501,
            None,
            None,
            None,
        ),
        ("003", "At least 58", "At least 58 women and girls", "at-least", 58, None, None, None),
        (
            "004",
            "The Security Council said",
            "approximately 15,000 armed and civilian personnel",
            "approximately",
            None,
            None,
            15000,
            None,
        ),
        (
            "003",
            "The US pointed out",
            "four out of five MINUSMA requests",
            "exactly",
            4,
            4,
            None,
            5,
        ),
        ("002", "Despite 13 out of 15", "13 out of 15 members", "exactly", 13, 13, None, 15),
        ("000", "Russia dealt a severe blow", "eight people", "exactly", 8, 8, None, None),
    ],
)
def test_counts_with_qualifier_and_bounds(
    sources: Path, number, start, text, qualifier, lower, upper, best, out_of
) -> None:
    found = read_counts(sentence(sources, number, start).text)
    hit = next(c for c in found if c.text == text)
    assert (hit.qualifier, hit.lower, hit.upper, hit.best, hit.out_of) == (
        qualifier,
        lower,
        upper,
        best,
        out_of,
    )


def test_years_and_resolution_numbers_are_not_counts(sources: Path) -> None:
    s = sentence(sources, "003", "On 30 June 2023, the Security Council held")
    assert [c.text for c in read_counts(s.text)] == ["unanimously"]
    assert read_counts("the sanctions, instituted in 2017, were renewed") == []


# -- candidate claims: classes, stances, claimants -----------------------------------------


def test_rejection_by_its_subject_of_the_claim_before(drafts) -> None:
    [c] = candidates(drafts["003"], "Mali's Foreign Ministry rejected")
    assert (c.claim_class, c.stance, curie(c.claimant or "")) == (
        "Rejection",
        "rejects",
        "actor:mali-foreign-ministry",
    )
    [before] = [x for x in candidates(drafts["003"], "It called for the African Union")]
    assert c.props["rejects"] == [before.existing or f"{INSTANCES}claim/{before.claim_id}"]
    [diop] = [
        x
        for x in candidates(drafts["003"], "Mali's Minister of Foreign")
        if x.trigger == "rejected"
    ]
    assert [curie(r) for r in diop.props["rejects"]] == ["doc:ohchr-moura-report-2023-05-12"]


def test_call_names_claimant_and_addressee(drafts) -> None:
    [c] = candidates(drafts["003"], "Japan and Switzerland called on")
    assert (c.claim_class, c.stance, curie(c.claimant or "")) == (
        "Recommendation",
        "calls-for",
        "actor:japan",
    )
    [urged] = candidates(drafts["003"], "Malta urged the Malian authorities")
    assert curie(urged.claimant or "") == "actor:malta"
    assert curie(urged.props["addressee"][0]) == "actor:malian-transitional-authorities"


def test_veto_and_abstention_are_votes_reported_by_the_document(drafts) -> None:
    [veto] = [c for c in candidates(drafts["000"], "Russia dealt") if c.claim_class == "Veto"]
    assert curie(veto.props["voter"][0]) == "actor:russia"
    assert curie(veto.claimant or "") == "actor:unnamed-author-src-000"
    [vote] = candidates(drafts["002"], "Meanwhile, China opted")
    assert (
        vote.claim_class,
        curie(vote.props["voter"][0]),
        curie(vote.props["votePosition"][0]),
    ) == (
        "Vote",
        "actor:china",
        "vote:abstention",
    )


def test_participle_and_pronoun_take_the_speaker_before_them(drafts) -> None:
    found = candidates(drafts["000"], "In February, the Malian")
    accusing = next(c for c in found if c.trigger == "accusing")
    assert accusing.quote.startswith("accusing him of")
    assert curie(accusing.claimant or "") == "actor:malian-transitional-authorities"
    [he] = candidates(drafts["003"], "He stated that MINUSMA")
    assert curie(he.claimant or "") == "actor:abdoulaye-diop"
    assert any("pronoun" in r for r in he.rules)


def test_should_asks_its_subject_in_the_document_s_voice(drafts) -> None:
    [c] = candidates(drafts["000"], "In its October session, the African Commission should")
    assert (c.claim_class, curie(c.claimant or "")) == (
        "Recommendation",
        "actor:unnamed-author-src-000",
    )
    assert curie(c.props["addressee"][0]) == "actor:achpr"


def test_list_entry_is_the_speaker_of_imperative_recommendations(drafts) -> None:
    [c] = candidates(drafts["003"], "Ratify the Second Optional Protocol")
    assert (c.claim_class, curie(c.claimant or ""), c.stance) == (
        "Recommendation",
        "actor:malta",
        "recommends",
    )
    assert curie(c.props["addressee"][0]) == "actor:mali"


def test_every_quote_is_a_clause_of_its_sentence(drafts) -> None:
    for draft in drafts.values():
        for c in draft.candidates:
            assert c.quote and c.quote in c.sentence.text
            assert c.rules and 0 < c.confidence <= 1


# -- known claims and lineage --------------------------------------------------------------


def test_rewrite_is_evidence_for_the_existing_claim_and_lineage(drafts) -> None:
    draft = drafts["001"]
    assert any(c.existing for c in draft.candidates)
    assert "doc:src-000-russian-veto" in {curie(d) for d, _ in draft.lineage}


def test_recorded_document_adds_nothing_new(store, sources: Path) -> None:
    draft = draft_document(source(sources, "002"), DOCS["002"], store)
    assert draft.candidates == [] and draft.already > 0


# -- the draft as a contribution -----------------------------------------------------------


def test_turtle_draft_parses_conforms_and_verifies(sources: Path, tmp_path: Path) -> None:
    import rdflib

    out = tmp_path / "draft-004.ttl"
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "draft",
            str(source(sources, "004")),
            "--document",
            DOCS["004"],
            "--redraft",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(out, format="turtle")
    quotes = list(graph.objects(None, rdflib.URIRef("https://w3id.org/rightsgraph/ontology#quote")))
    assert len(quotes) >= 10
    checked = runner.invoke(main, ["contribute", str(out)])
    assert checked.exit_code == 0, checked.output
    verified = runner.invoke(main, ["verify-quotes", "--sources", str(sources), str(out)])
    assert verified.exit_code == 0, verified.output
    assert f"{len(quotes)} quote(s): {len(quotes)} found" in verified.output


def test_curator_fills_a_commented_block_and_it_conforms(sources: Path, tmp_path: Path) -> None:
    """The README's edit: give a commented-out Rejection the rg:rejects its todo asks for."""
    out = tmp_path / "draft-004.ttl"
    runner = CliRunner()
    args = ["draft", str(source(sources, "004")), "--document", DOCS["004"], "--redraft"]
    assert runner.invoke(main, [*args, "-o", str(out)]).exit_code == 0
    blocks = out.read_text(encoding="utf-8").split("\n\n")
    marker = "#   claim:draft-rejection-malian-transitional-authorities-src-004 a rg:Rejection"
    [i] = [n for n, b in enumerate(blocks) if marker in b]
    assert "# todo: fill rg:rejects" in blocks[i]
    filled = blocks[i].replace(
        "#       rg:speaker actor:malian-transitional-authorities ;",
        "#       rg:speaker actor:malian-transitional-authorities ;\n"
        "#       rg:rejects claim:counterinsurgency-abuses-perpetrator-fama ;",
    )
    blocks[i] = "\n".join(
        line[4:] if line.startswith("#   ") else line for line in filled.splitlines()
    )
    out.write_text("\n\n".join(blocks), encoding="utf-8")
    checked = runner.invoke(main, ["contribute", str(out)])
    assert checked.exit_code == 0, checked.output
    assert (
        "claim:draft-rejection-malian-transitional-authorities-src-004 (rg:Rejection)"
        in checked.output
    )


def test_csv_draft_is_the_claims_template_with_a_todo_column(sources: Path, tmp_path: Path) -> None:
    from rightsgraph.rdf.csvmap import read_csv, template_header

    out = tmp_path / "draft-000.csv"
    result = CliRunner().invoke(
        main,
        [
            "draft",
            str(source(sources, "000")),
            "--document",
            DOCS["000"],
            "--redraft",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == template_header("claims")
    assert "todo" in rows[0]
    text = source(sources, "000").read_text(encoding="utf-8")
    assert all(r["quote"] in text for r in rows)
    parsed = read_csv(out)
    assert not [p for p in parsed.problems if p.kind == "syntax"]


def test_new_document_drafts_its_record(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.ttl"
    runner = CliRunner()
    args = ["draft", str(source(sources, "004")), "--document", "doc:test-minusma-end-copy"]
    args += ["--new-document", "--title", "UN mission in Mali to end (second copy)", "-o", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert 'rg:archivedCopy "004_ae61a68dd2804091.txt"' in text
    assert "actor:unnamed-author-test-minusma-end-copy a rg:Actor" in text
    checked = runner.invoke(main, ["contribute", str(out)])
    assert checked.exit_code == 0, checked.output
    verified = runner.invoke(main, ["verify-quotes", "--sources", str(sources), str(out)])
    assert verified.exit_code == 0, verified.output


# -- bad input: one line, exit 2 -----------------------------------------------------------


def _bad(path: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["draft", str(path), "--document", DOCS["004"], *extra])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        ("Réunion à Bamako".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, err = _bad(path)
    assert code == 2
    assert message in err and str(path) in err and len(err.strip().splitlines()) == 1


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    code, err = _bad(path)
    assert code == 2 and "50 MB" in err and len(err.strip().splitlines()) == 1


def test_missing_file_and_unknown_document(tmp_path: Path, sources: Path) -> None:
    code, err = _bad(tmp_path / "nope.txt")
    assert code == 2 and "no such file" in err
    result = CliRunner().invoke(
        main, ["draft", str(source(sources, "004")), "--document", "doc:nope"]
    )
    assert result.exit_code == 2 and "--new-document" in result.stderr
    code, err = _bad(source(sources, "004"), "--title", "T")
    assert code == 2 and "--new-document" in err


def test_unwritable_output_is_a_one_line_error(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "draft.ttl"
    code, err = _bad(source(sources, "004"), "--redraft", "-o", str(out))
    assert code == 2 and "cannot write the draft" in err and len(err.strip().splitlines()) == 1


def test_wrong_archived_copy_is_refused(sources: Path) -> None:
    result = CliRunner().invoke(
        main, ["draft", str(source(sources, "003")), "--document", DOCS["004"]]
    )
    assert result.exit_code == 2
    assert "004_ae61a68dd2804091.txt" in result.stderr
