"""The command line: the ``rightsgraph`` group and its global options. Each
command lives in its own module of this package (``LAZY_COMMANDS``), parses its
options, calls the library and prints; shared options are in ``options.py``.

Errors from the library (``RightsgraphError``) become one line on stderr and the
exit code of the design: 0 ok, 1 validation failures or no result, 2 unusable
input or usage error. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import RightsgraphError
from .options import Settings

# name -> "module:attribute" of a click command, imported only when used: one
# module per command (the network commands share one), so running one command
# imports only its own module
LAZY_COMMANDS: dict[str, str] = {
    "build": "rightsgraph.cli.build:build",
    "validate": "rightsgraph.cli.validate:validate",
    "stats": "rightsgraph.cli.stats:stats",
    "query": "rightsgraph.cli.query:query",
    "provenance": "rightsgraph.cli.provenance:provenance",
    "path": "rightsgraph.cli.network:path",
    "centrality": "rightsgraph.cli.network:centrality",
    "neighbours": "rightsgraph.cli.network:neighbours",
    "export": "rightsgraph.cli.export:export",
    "contribute": "rightsgraph.cli.contribute:contribute",
    "verify-quotes": "rightsgraph.cli.verify_quotes:verify_quotes",
    "serve": "rightsgraph.cli.serve:serve",
    "init": "rightsgraph.cli.init:init",
    "draft": "rightsgraph.cli.draft:draft",
}


class Rightsgraph(click.Group):
    """A group that converts library errors into one-line messages and exit codes,
    and loads the commands of ``LAZY_COMMANDS`` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib.util

        lazy = [n for n, t in LAZY_COMMANDS.items() if importlib.util.find_spec(t.split(":")[0])]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib
            import importlib.util

            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            if importlib.util.find_spec(module) is None:
                return None
            command = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RightsgraphError as exc:
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`| head`): stop quietly, as other tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
            click.echo(f"error: {disk_full(exc, ctx)}", err=True)
            ctx.exit(2)
        except RecursionError:
            click.echo("error: input is nested too deeply to process — flatten it", err=True)
            ctx.exit(2)
        except Exception as exc:  # a bug: one line, traceback only on request
            if os.environ.get("RIGHTSGRAPH_DEBUG"):
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set RIGHTSGRAPH_DEBUG=1 for the traceback and report it)",
                err=True,
            )
            ctx.exit(3)


def disk_full(exc: OSError, ctx: click.Context) -> str:
    """No space left: which path, how much is free there and how much is needed.

    What a command writes is at most a copy of the data files (an atomic rewrite
    or an export of them), so their size is the space to make."""
    import contextlib
    import shutil

    settings = ctx.find_object(Settings)
    data = settings.data if settings else None
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


@click.group(cls=Rightsgraph, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rightsgraph")
@click.option(
    "--store",
    default="memory",
    show_default=True,
    metavar="SPEC",
    help="memory | oxigraph:PATH | sparql:URL[,update=URL][,graph=IRI]",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Read data from DIR (any RDF files in it) instead of the project's data/.",
)
@click.pass_context
def main(ctx: click.Context, store: str, data_dir: Path | None) -> None:
    """rightsgraph: who did what, who says so, and who holds whom to account.

    A knowledge graph of actors, incidents, accountability mechanisms and the
    documents that report them, where every fact is traceable to a quote.
    """
    if data_dir is not None and not data_dir.is_dir():
        raise click.BadParameter(f"{data_dir}: no such folder", param_hint="--data")
    if data_dir is None:  # inside a project made by `rightsgraph init`: its data/
        from .init import project_data_dir

        data_dir = project_data_dir()
    from ..store.spec import parse_store_spec

    parse_store_spec(store)  # a bad --store is a one-line error for every command
    ctx.obj = Settings(store, data_dir)


if __name__ == "__main__":  # pragma: no cover
    main()
