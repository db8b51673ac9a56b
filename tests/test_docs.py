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
