"""``rightsgraph validate``: syntax, shapes and consistency, one line per problem.

The library picks the engine for the store (``rightsgraph.validation.validate``);
exit 0 when everything conforms, 1 on errors, 2 when a file cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import Settings, format_option, progress_bar


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("text", "json")
@click.pass_obj
def validate(settings: Settings, paths: tuple[Path, ...], fmt: str) -> None:
    """SHACL and syntax checks; default: all of data/.

    Files given are checked against the existing graph; each problem is one line:
    file:line: severity: focus path = value: what is wrong and how to fix it.
    With --store oxigraph:PATH the fast validator checks the whole store, or the
    files against it, with the same results as pySHACL.
    """
    from ..validation import validate as do_validate

    report = do_validate(paths, settings.data, settings.store, progress=progress_bar(fmt != "json"))
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(report.to_text())
    if report.unusable:
        sys.exit(2)
    if not report.conforms:
        sys.exit(1)
