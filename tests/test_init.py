"""`rightsgraph init` makes a project folder; writing commands work only on a
project's data (or --data DIR), never on the data shipped with the package."""

from __future__ import annotations

from pathlib import Path

from rightsgraph.cli.main import main
from rightsgraph.resources import default_data_dir

REPO = Path(__file__).resolve().parent.parent
GOOD = REPO / "tests" / "contrib" / "good" / "getty-images.ttl"


def _listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


def test_init_makes_a_project_that_validates_and_takes_contributions(runner, tmp_path, monkeypatch):
    project = tmp_path / "my-dataset"
    result = runner.invoke(main, ["init", str(project)])
    assert result.exit_code == 0, result.output
    assert (project / "rightsgraph.toml").is_file() and (project / "README.md").is_file()
    assert (project / "data" / "templates" / "claims.csv").is_file()
    assert (project / "data" / "templates" / "mapping.json").is_file()
    monkeypatch.chdir(project)
    checked = runner.invoke(main, ["validate"])
    assert checked.exit_code == 0 and "1 file(s) checked: 0 error(s)" in checked.output
    merged = runner.invoke(main, ["contribute", str(GOOD), "--apply", "-q"])
    assert merged.exit_code == 0, merged.output
    assert (project / "data" / "contrib-getty-images.ttl").is_file()
    stats = runner.invoke(main, ["stats"])  # reads the project's data, not the example's
    assert "Getty" not in stats.output and "triples:" in stats.output
    found = runner.invoke(main, ["provenance", "Moura"])
    assert found.exit_code != 0  # the Mali example is not this project's data


def test_init_refuses_a_folder_that_is_not_empty(runner, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["init", str(tmp_path / "x")])
    assert result.exit_code == 2 and "not empty" in result.output
    assert (tmp_path / "x" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_apply_outside_a_project_is_one_line_and_writes_nothing(runner, tmp_path, monkeypatch):
    before = _listing(default_data_dir())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["contribute", str(GOOD), "--apply"])
    assert result.exit_code == 2
    assert "not a rightsgraph project" in result.output and "rightsgraph init" in result.output
    assert _listing(default_data_dir()) == before
    assert list(tmp_path.iterdir()) == []
    # reviewing without --apply still works anywhere, against the example data
    review = runner.invoke(main, ["contribute", str(GOOD), "-q"])
    assert review.exit_code == 0 and "not merged" in review.output


def test_apply_with_data_dir_works_anywhere(runner, tmp_path, monkeypatch):
    project = tmp_path / "p"
    assert runner.invoke(main, ["init", str(project)]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        main, ["--data", str(project / "data"), "contribute", str(GOOD), "--apply", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert (project / "data" / "contrib-getty-images.ttl").is_file()
