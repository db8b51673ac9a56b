"""The README documents every command and option, and the two commands come first."""

from __future__ import annotations

from pathlib import Path

import click

from rightsgraph.cli.main import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(main)
    return [(name, main.get_command(ctx, name)) for name in main.list_commands(ctx)]  # type: ignore[misc]


def test_every_command_is_in_the_readme() -> None:
    missing = [
        name
        for name, _ in _commands()
        if f"rightsgraph {name}" not in README and f"  {name} " not in README
    ]
    assert missing == []


def test_every_option_is_in_the_readme() -> None:
    missing = []
    for name, cmd in [("(global)", main), *_commands()]:
        for param in cmd.params:
            if isinstance(param, click.Option):
                longs = [o for o in param.opts if o.startswith("--")]
                if longs and not any(o in README for o in longs):
                    missing.append(f"{name} {longs[0]}")
    assert missing == []


def test_readme_opens_with_the_two_commands() -> None:
    head = README.split("## A tour")[0]
    assert "make demo" in head and "make test" in head
    assert head.index("## Two commands") < head.index("make demo")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


# ---- the README's examples run ----------------------------------------------------

import re  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def examples(text: str = README) -> list[tuple[str, list[str]]]:
    """Every ``$ rightsgraph …`` line of a fenced block, with the output shown under it.

    A block fenced as ```` ```transcript ```` is a session with edits between its
    commands (the ``draft`` walkthrough): shown, not run here."""
    found: list[tuple[str, list[str]]] = []
    for info, block in re.findall(r"^```([a-z]*)\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        if info == "transcript":
            continue
        current: tuple[str, list[str]] | None = None
        for line in block.splitlines():
            if line.startswith("$ rightsgraph"):
                current = (line[2:], [])
                found.append(current)
            elif current is not None:
                current[1].append(line.rstrip())
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """``...`` alone skips any number of lines; inside a line it stands for any text."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    if not actual:
        return False
    pattern = ".*".join(re.escape(part) for part in head.split("..."))
    return re.fullmatch(pattern, actual[0].rstrip()) is not None and matches(rest, actual[1:])


def test_readme_examples_are_found() -> None:
    commands = [c for c, _ in examples()]
    assert len(commands) >= 10
    assert any(c.startswith("rightsgraph contribute examples/") for c in commands)


def test_readme_example_files_exist() -> None:
    for command, _ in examples():
        for word in shlex.split(command)[1:]:
            if "/" in word and not word.startswith(("-", "http")) and "sources" not in word:
                assert (REPO / word).exists(), f"{command}: {word} is not in the repository"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the repository's data and examples for each example, so --apply
    writes nowhere real and one example's merge does not change the next one's output."""
    root = tmp_path / "readme"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "examples", root / "examples")
    (root / "rightsgraph.toml").write_text("[project]\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("index", range(len(examples())))
def test_readme_example_output(index: int, project: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    import conftest

    command, expected = examples()[index]
    args = shlex.split(command)[1:]
    if "../shared/sources" in args:
        found = conftest.sources_dir()
        if found is None:
            pytest.skip("the archived source documents are not beside this checkout")
        args[args.index("../shared/sources")] = str(found)
    monkeypatch.chdir(project)
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(main, args)
    actual = [line.rstrip() for line in result.output.splitlines()]
    assert matches(expected, actual), f"$ {command}\n" + "\n".join(actual)


def test_readme_demo_block_is_what_make_demo_runs() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    runs = [
        line.strip().removeprefix("$(BIN)/")
        for line in recipe.splitlines()
        if "$(BIN)/rightsgraph" in line
    ]
    block = README.split("What `make demo` shows", 1)[1].split("```", 2)[1]
    shown = [c for c, _ in examples("```\n" + block + "```\n")]
    assert shown and all(c in runs for c in shown), (shown, runs)
    assert [c for c in runs if c in shown] == shown  # in the same order


def test_the_output_comparison_can_fail() -> None:
    assert matches(["a ... c", "...", "z"], ["a b c", "x", "y", "z"])
    assert not matches(["a ... c", "z"], ["a b c", "y", "z"])  # a line too many
    assert not matches(["3 error(s)"], ["0 error(s)"])
    assert not matches(["a"], [])
