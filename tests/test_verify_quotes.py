"""verify-quotes: the real dataset's quotes occur in the archived texts, and an
altered quote is caught with the closest passage (on a copy of data/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from rightsgraph.cli.main import main
from rightsgraph.contribute.quotes import closest_passage, normalise

REPO = Path(__file__).resolve().parent.parent
ORIGINAL = (
    "more than 500 people were killed – the vast majority summarily executed – by Malian troops"
)


def test_normalise_folds_space_case_and_typographic_quotes() -> None:
    assert normalise("Mali’s  “Foreign”\n Minister") == 'mali\'s "foreign" minister'


def test_closest_passage_finds_the_near_miss() -> None:
    text = normalise("Before. The panel expressed concern with patterns of violence. After.")
    passage, ratio = closest_passage(
        normalise("the panel expressed concern about patterns of violence"), text
    )
    assert "panel expressed concern with patterns" in passage
    assert ratio > 0.8


def test_real_dataset_quotes_are_all_found(sources: Path) -> None:
    result = CliRunner().invoke(
        main, ["verify-quotes", "--sources", str(sources), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["checked"] > 0 and report["failed"] == 0
    assert report["ok"] == report["checked"] - report["unchecked"]


def test_altered_quote_is_caught(sources: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    victim = next(
        f for f in sorted(data.glob("*.ttl")) if ORIGINAL in f.read_text(encoding="utf-8")
    )
    text = victim.read_text(encoding="utf-8")
    victim.write_text(
        text.replace(ORIGINAL, ORIGINAL.replace("more than 500", "more than 600"), 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["--data", str(data), "verify-quotes", "--sources", str(sources)]
    )
    assert result.exit_code == 1, result.output
    missing = [line for line in result.stdout.splitlines() if "quote not found" in line]
    assert len(missing) == 1, result.output
    assert missing[0].startswith(f"{victim}:")
    assert "closest passage" in missing[0] and "more than 500 people were killed" in missing[0]
    assert "quote(s) not found in their archived texts" in result.stderr


def test_contribution_quotes_checked_alone(sources: Path, tmp_path: Path) -> None:
    good = REPO / "tests" / "contrib" / "good" / "diop-rejects-at-least-500.jsonld"
    result = CliRunner().invoke(main, ["verify-quotes", "--sources", str(sources), str(good)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(
        "1 quote(s): 1 found, 0 not found, 0 without an archived copy"
    )
    bad = tmp_path / "bad.jsonld"
    bad.write_text(
        good.read_text(encoding="utf-8").replace("withdraw MINUSMA", "expel MINUSMA"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["verify-quotes", "--sources", str(sources), str(bad)])
    assert result.exit_code == 1, result.output
    assert "000_c928a44d6c4a21b9.txt" in result.stdout


def test_missing_sources_folder_is_unusable_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["verify-quotes", "--sources", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
