"""``rightsgraph contribute``: review a contribution, and with --apply merge it.

Options in, library call (``rightsgraph.contribute.review``), report out. Exit 0 when
the contribution conforms (and, with --apply, was merged), 1 when it has
errors, 2 when a file cannot be read at all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .options import progress_bar, quiet_option


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--apply", "do_apply", is_flag=True, help="Merge into the data folder if it conforms."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--name",
    default=None,
    help="Name of the merged file, data/contrib-NAME.ttl (default: the first file's name).",
)
@click.option(
    "--allow-protected",
    is_flag=True,
    help="Allow changes to an existing entity's access level, type or label (listed first).",
)
@quiet_option("No progress bar.")
@click.pass_obj
def contribute(
    settings: Any,
    files: tuple[Path, ...],
    do_apply: bool,
    fmt: str,
    name: str | None,
    allow_protected: bool,
    quiet: bool,
) -> None:
    """Check a contribution (Turtle, JSON-LD or CSV template) against the graph.

    Lists every problem on one line (file:line, or CSV row and column: what is
    wrong and how to fix it), then what the contribution adds and changes: new
    entities, new claims, new evidence on existing claims, claims that become
    contested. With --apply a conforming contribution is merged atomically into
    the data folder as data/contrib-NAME.ttl. Changes to an existing entity's
    access level, type or label are protected: they are listed first, before →
    after, and merge only with --allow-protected. Merges take turns (a lock on
    the data folder) and are checked again against the folder under the lock.
    """
    from ..contribute.review import apply, review
    from ..errors import ValidationFailed
    from .init import writable_data_dir

    # --apply writes: only into --data DIR or a project's ./data, never the packaged example
    data = writable_data_dir(settings.data) if do_apply else settings.data
    progress = progress_bar(not quiet, "checking")
    report = review(list(files), data, progress, allow_protected=allow_protected)
    failure: ValidationFailed | None = None
    if do_apply and report.conforms:
        try:
            apply(report, data, name, progress)
        except ValidationFailed as exc:
            failure = exc
            report.refused = exc.message
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.to_text())
    if failure is not None:
        raise failure
    if report.validation.unusable:
        sys.exit(2)
    if not report.conforms:
        sys.exit(1)
