"""``rightsgraph verify-quotes``: every quote checked against the archived texts.

Options in, library call (``rightsgraph.contribute.quotes``), report out. Exit 0 when every
checkable quote occurs in its document's archived text, 1 when one does not
(or its archived file is missing), 2 when the input cannot be read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.command("verify-quotes")
@click.option(
    "--sources",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of archived source texts (the files named by rg:archivedCopy).",
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
def verify_quotes(settings: Any, sources: Path, files: tuple[Path, ...], fmt: str) -> None:
    """Check every quote (or those of FILE... contributions) against archived texts.

    A quote passes when it occurs in the archived text of its document, up to
    whitespace, case and typographic quote marks. Each quote that does not is
    listed with the closest passage found.
    """
    from ..contribute.quotes import verify_quotes as do_verify
    from ..errors import NoResult

    report = do_verify(sources, list(files) or None, settings.data)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.to_text())
    if report.failed:
        raise NoResult(f"{len(report.failed)} quote(s) not found in their archived texts")
