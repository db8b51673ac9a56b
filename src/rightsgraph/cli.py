"""The command line: parses options, calls the library, prints. Nothing else.

Errors from the library (``RightsgraphError``) become one line on stderr and the
exit code of the design: 0 ok, 1 validation failures or no result, 2 unusable
input or usage error. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .errors import RightsgraphError


class Rightsgraph(click.Group):
    """A group that converts library errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RightsgraphError as exc:
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
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


class Settings:
    def __init__(self, store: str, data: Path | None) -> None:
        self.store = store
        self.data = data


def _progress(quiet: bool = False) -> Any:
    if quiet:
        return None
    tty = sys.stderr.isatty()

    def report(name: str, i: int, n: int) -> None:
        bar = "#" * int(20 * i / n)
        line = f"loading [{bar:<20}] {i}/{n} {name}"
        if tty:
            click.echo("\r" + line[:79].ljust(79), err=True, nl=(i == n))
        elif i == n:
            click.echo(f"loaded {n} files", err=True)

    return report


@click.group(cls=Rightsgraph, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rightsgraph")
@click.option(
    "--store",
    default="memory",
    show_default=True,
    metavar="SPEC",
    help="memory | oxigraph:PATH | sparql:URL[,update=URL]",
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
    ctx.obj = Settings(store, data_dir)


@main.command()
@click.option("--force", is_flag=True, help="Rebuild an on-disk store even if nothing changed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.pass_obj
def build(settings: Settings, force: bool, quiet: bool) -> None:
    """Load ontology + data into a store (progress shown)."""
    from .build import build as do_build

    rep = do_build(settings.store, settings.data, _progress(quiet), force=force)
    state = "built" if rep.rebuilt else "up to date"
    click.echo(f"{rep.store}: {state}, {rep.triples} triples from {rep.files} files")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
def validate(settings: Settings, paths: tuple[Path, ...], fmt: str) -> None:
    """SHACL and syntax checks; default: all of data/.

    Files given are checked against the existing graph; each problem is one line:
    file:line: severity: focus path = value: what is wrong and how to fix it.
    """
    from .validate import validate as do_validate

    report = do_validate(list(paths) or None, settings.data)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(report.to_text())
    if report.unusable:
        sys.exit(2)
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_obj
def stats(settings: Settings, fmt: str) -> None:
    """Counts by class, sources, claims, contested facts."""
    import json

    from .build import open_store
    from .stats import compute

    s = compute(open_store(settings.store, settings.data))
    if fmt == "json":
        click.echo(
            json.dumps(
                {"triples": s.triples, "totals": s.totals, "by_class": dict(s.by_class)}, indent=2
            )
        )
        return
    click.echo(f"triples: {s.triples}")
    width = max(len(k) for k in s.totals)
    for k, v in s.totals.items():
        click.echo(f"{k:<{width}}  {v:>6}")
    click.echo("")
    click.echo("by class:")
    cw = max((len(c) for c, _ in s.by_class), default=5)
    for c, n in s.by_class:
        click.echo(f"  {c:<{cw}}  {n:>6}")


if __name__ == "__main__":  # pragma: no cover
    main()
