"""The console script's entry: ``rightsgraph --help`` without importing click.

Importing click alone costs several times Python's own start-up, and the top-level
help is what people type most while learning the tool. Its text is rendered ahead
of time into ``help.txt`` (``make help-text``; a test fails when it drifts from
what click would print) and shown as is when the terminal is at least as wide as
the 80 columns click renders it for. A plain ``query NAME`` is answered by
``fast.py``, also without click. Everything else goes to ``rightsgraph.cli.main``.
"""

from __future__ import annotations

import os
import sys

HELP_FILE = os.path.join(os.path.dirname(__file__), "help.txt")
HELP_WIDTH = 80  # click's default max_width: wider terminals get the same text


def _columns() -> int:
    """The terminal width as click's formatter (``shutil.get_terminal_size``) sees it."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    if stdout is None:
        return HELP_WIDTH
    try:
        return os.get_terminal_size(stdout.fileno()).columns or HELP_WIDTH
    except (AttributeError, ValueError, OSError):
        return HELP_WIDTH


def main() -> None:
    """``rightsgraph``: the pre-rendered help for ``-h``/``--help``, a plain query
    without click, else the CLI."""
    if sys.argv[1:] in (["--help"], ["-h"]) and _columns() >= HELP_WIDTH:
        try:
            with open(HELP_FILE, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            text = ""
        if text:
            sys.stdout.write(text)
            sys.stdout.flush()
            raise SystemExit(0)
    from .fast import parse, run

    line = parse(sys.argv[1:])
    if line is not None:  # a plain query: answered without loading click
        raise SystemExit(run(line))
    from .main import main as cli_main

    cli_main()


def render_help() -> str:
    """What click prints for ``rightsgraph --help`` on a terminal of ``HELP_WIDTH``."""
    import contextlib
    import io

    from .main import main as cli_main

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(HELP_WIDTH)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            cli_main.main(["--help"], prog_name="rightsgraph", standalone_mode=False)
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return out.getvalue()


if __name__ == "__main__":  # python -m rightsgraph.cli.launch: rewrite help.txt
    with open(HELP_FILE, "w", encoding="utf-8") as out:
        out.write(render_help())
