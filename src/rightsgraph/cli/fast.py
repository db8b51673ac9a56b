"""``rightsgraph query NAME`` without loading click, and how every command turns an
exception into one line and an exit code.

A named query on the embedded store answers in a few milliseconds; importing
click alone costs more than that, several times over. So the console script
(``launch.py``) hands this module the command lines it reads exactly as click
would — the global ``--store`` and ``--data``, then ``query NAME`` (or
``FILE.rq``) with ``--param``/``-p``, ``--format`` and ``--include-restricted``
— and everything else (``--help``, ``--list``, an unknown option, a value click
would refuse) to the click CLI (``main.py``), which stays the one definition of
the interface. A test runs the same command lines both ways and compares their
output and exit codes.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
from pathlib import Path

from ..records import Record

FORMATS = ("table", "csv", "tsv", "json")
RESTRICTED_WARNING = (
    "warning: --include-restricted: the output contains restricted material — do not publish it"
)
# what click.echo strips from text written to anything but a terminal
ANSI_STYLE = r"\033\[[0-?]*[ -/]*[@-~]"


def echo(text: str, err: bool = False) -> None:
    """``click.echo``: the text and a newline, styles stripped off a non-terminal
    (``re`` is loaded only for text that holds an escape character)."""
    stream = sys.stderr if err else sys.stdout
    if "\033" in text and not stream.isatty():
        import re

        text = re.sub(ANSI_STYLE, "", text)
    stream.write(text + "\n")
    stream.flush()


def disk_full(exc: OSError, data: Path | None) -> str:
    """No space left: which path, how much is free there and how much is needed.

    What a command writes is at most a copy of the data files (an atomic rewrite
    or an export of them), so their size is the space to make."""
    import contextlib
    import shutil

    # the error often names no file: of the paths this command was given, the
    # fullest device is the one that ran out
    named = [exc.filename, *(a.partition("=")[2] or a for a in sys.argv[1:]), data, Path.cwd()]
    free_at: dict[Path, int] = {}
    for p in named:
        if not p or "\0" in str(p):
            continue
        where = Path(p).absolute()
        while not where.exists() and where != where.parent:
            where = where.parent
        with contextlib.suppress(OSError):
            free_at.setdefault(Path(p).absolute(), shutil.disk_usage(where).free)
    target, free_bytes = min(free_at.items(), key=lambda kv: kv[1], default=(Path.cwd(), 0))
    free = free_bytes >> 20
    needed = 1
    with contextlib.suppress(Exception):
        from ..rdf.files import data_files

        needed += sum(f.stat().st_size for f in data_files(data)) >> 20
    return (
        f"{target}: no space left on the device — about {needed} MB needed there, "
        f"{free} MB free; make room and run the command again (data/ is unchanged)"
    )


def report(exc: BaseException, data: Path | None) -> int | None:
    """Print what went wrong as one line on stderr and return the exit code of the
    design (0 ok, 1 validation failures or no result, 2 unusable input, 3 a bug);
    None for an exception to let through (a traceback asked for, or not ours)."""
    from ..errors import RightsgraphError

    if isinstance(exc, RightsgraphError):
        echo(f"error: {exc.message}", err=True)
        return exc.exit_code
    if isinstance(exc, BrokenPipeError):
        # the reader went away (`| head`): stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    if isinstance(exc, KeyboardInterrupt):
        echo("interrupted", err=True)
        return 130
    if isinstance(exc, OSError):
        if exc.errno != errno.ENOSPC:
            return None
        echo(f"error: {disk_full(exc, data)}", err=True)
        return 2
    if isinstance(exc, RecursionError):
        echo("error: input is nested too deeply to process — flatten it", err=True)
        return 2
    if isinstance(exc, Exception):  # a bug: one line, traceback only on request
        if os.environ.get("RIGHTSGRAPH_DEBUG"):
            return None
        echo(
            f"internal error: {type(exc).__name__}: {exc} "
            "(set RIGHTSGRAPH_DEBUG=1 for the traceback and report it)",
            err=True,
        )
        return 3
    return None


class QueryLine(Record):
    """A ``rightsgraph ... query NAME ...`` command line as click would read it."""

    __slots__ = ("store", "data", "name", "params", "fmt", "include_restricted")

    def __init__(
        self,
        store: str = "memory",
        data: Path | None = None,
        name: str = "",
        params: dict[str, str] | None = None,
        fmt: str = "table",
        include_restricted: bool = False,
    ) -> None:
        self.store = store
        self.data = data
        self.name = name
        self.params: dict[str, str] = {} if params is None else params
        self.fmt = fmt
        self.include_restricted = include_restricted


def _utf8(stream: object) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def _take(argv: list[str], i: int, option: str) -> tuple[str, int] | None:
    """The value of ``option`` at ``argv[i]`` (``--opt=v`` or ``--opt v``), and the
    next index; None when it has none."""
    tok = argv[i]
    if tok.startswith(option + "="):
        return tok[len(option) + 1 :], i + 1
    if tok == option and i + 1 < len(argv):
        return argv[i + 1], i + 2
    return None


def parse(argv: list[str]) -> QueryLine | None:
    """The command line if it is a plain query this module runs as click would,
    else None (click takes it, and its own messages for what is wrong)."""
    if not (_utf8(sys.stdout) and _utf8(sys.stderr)):
        return None  # click re-encodes a misconfigured stream: let it
    line = QueryLine()
    i = 0
    while True:  # the group's options, up to the command
        if i >= len(argv):
            return None
        if argv[i] == "query":
            i += 1
            break
        for option in ("--store", "--data"):
            got = _take(argv, i, option)
            if got is not None:
                value, i = got
                if option == "--store":
                    line.store = value
                elif value and Path(value).is_dir():
                    line.data = Path(value)
                else:
                    return None  # click's own message for a bad --data
                break
        else:
            return None
    names: list[str] = []
    raw_params: list[str] = []
    while i < len(argv):
        tok = argv[i]
        if tok == "--include-restricted":
            line.include_restricted, i = True, i + 1
            continue
        got = _take(argv, i, "--param") or _take(argv, i, "--format")
        if tok == "-p" and i + 1 < len(argv):
            got = argv[i + 1], i + 2
        elif tok.startswith("-p") and len(tok) > 2:
            got = tok[2:], i + 1  # -pKEY=VALUE: the rest of the word, as click reads it
        if got is not None:
            value, i = got
            if tok.startswith("--format"):
                line.fmt = value
            else:
                raw_params.append(value)
            continue
        if tok.startswith("-"):
            return None  # --help, --list, --, an unknown option: click's
        names.append(tok)
        i += 1
    if len(names) != 1 or line.fmt not in FORMATS:
        return None
    line.name = names[0]
    for value in raw_params:  # as options.parse_params reads them
        key, sep, val = value.partition("=")
        if not sep or not key:
            return None  # click's usage error
        line.params[key.strip()] = val
    return line


def run(line: QueryLine) -> int:
    """Run the query as ``cli/query.py`` does; the exit code."""
    from ..resources import project_data_dir

    data = line.data if line.data is not None else project_data_dir()
    try:
        from ..answers.named import run_query  # queries.py's, without its dataclass
        from ..answers.render import render
        from ..errors import NoResult
        from ..store.build import open_store
        from ..store.spec import parse_store_spec

        parse_store_spec(line.store)
        if line.include_restricted:
            echo(RESTRICTED_WARNING, err=True)
        store = open_store(line.store, data, include_restricted=line.include_restricted)
        _, result = run_query(store, line.name, line.params)
        echo(render(result, line.fmt))
        if result.boolean is None and not result.is_graph and not result.terms:
            raise NoResult("the query returned no rows")
    except BaseException as exc:
        code = report(exc, data)
        if code is None:
            raise
        return code
    return 0
