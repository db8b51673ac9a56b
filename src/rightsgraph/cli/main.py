"""The command line: the ``rightsgraph`` group and its global options. Each
command lives in its own module of this package (``LAZY_COMMANDS``), parses its
options, calls the library and prints; shared options are in ``options.py``.

Errors from the library (``RightsgraphError``) become one line on stderr and the
exit code of the design: 0 ok, 1 validation failures or no result, 2 unusable
input or usage error (``fast.report``, shared with the click-free query path).
Heavy imports happen inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .fast import report
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
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BaseException as exc:  # one line and the exit code, as fast.py does
            settings = ctx.find_object(Settings)
            code = report(exc, settings.data if settings else None)
            if code is None:
                raise
            ctx.exit(code)


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
        from ..resources import project_data_dir

        data_dir = project_data_dir()
    from ..store.spec import parse_store_spec

    parse_store_spec(store)  # a bad --store is a one-line error for every command
    ctx.obj = Settings(store, data_dir)


if __name__ == "__main__":  # pragma: no cover
    main()
