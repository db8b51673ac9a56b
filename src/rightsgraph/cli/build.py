"""``rightsgraph build``: load the ontology and data into a store, with progress."""

from __future__ import annotations

import click

from .options import Settings, progress_bar, quiet_option


@click.command()
@click.option("--force", is_flag=True, help="Rebuild an on-disk store even if nothing changed.")
@quiet_option()
@click.pass_obj
def build(settings: Settings, force: bool, quiet: bool) -> None:
    """Load ontology + data into a store (progress shown)."""
    from ..store.build import build as do_build

    rep = do_build(settings.store, settings.data, progress_bar(not quiet), force=force)
    state = "built" if rep.rebuilt else "up to date"
    click.echo(f"{rep.store}: {state}, {rep.triples} triples from {rep.files} files")
