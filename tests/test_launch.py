"""The console script answers ``--help`` from pre-rendered text, without click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# run the entry point as the console script does, and report whether click was imported
ENTRY = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('click imported: %s' % ('click' in sys.modules)))\n"
    "sys.argv = ['rightsgraph'] + sys.argv[1:]\n"
    "from rightsgraph.cli.launch import main\n"
    "main()\n"
)


def _run(*args: str, columns: str | None = "80") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_help_txt_is_what_click_prints() -> None:
    from rightsgraph.cli.launch import HELP_FILE, render_help

    assert Path(HELP_FILE).read_text(encoding="utf-8") == render_help(), (
        "src/rightsgraph/cli/help.txt is out of date with the CLI: run `make help-text`"
    )


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_skips_click(flag: str) -> None:
    from rightsgraph.cli.launch import render_help

    proc = _run(flag)
    assert proc.returncode == 0
    assert proc.stdout == render_help()
    assert proc.stderr.endswith("click imported: False")


def test_help_on_a_narrow_terminal_is_clicks_own() -> None:
    proc = _run("--help", columns="60")
    assert proc.returncode == 0 and proc.stderr.endswith("click imported: True")
    assert max(len(line) for line in proc.stdout.splitlines()) <= 60


def test_other_arguments_go_to_the_cli() -> None:
    proc = _run("--version")
    assert proc.returncode == 0 and "version" in proc.stdout
    assert proc.stderr.endswith("click imported: True")
    bad = _run("no-such-command")
    assert bad.returncode == 2 and "No such command" in bad.stderr
