"""``rightsgraph stats``: counts by class, sources, claims and contested facts."""

from __future__ import annotations

import click

from .options import Settings, format_option


@click.command()
@format_option("table", "json")
@click.pass_obj
def stats(settings: Settings, fmt: str) -> None:
    """Counts by class, sources, claims, contested facts."""
    import json

    from ..answers.stats import compute
    from ..store.build import open_store

    # counts only, never content: restricted items are counted with the rest
    s = compute(open_store(settings.store, settings.data, include_restricted=True))
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
