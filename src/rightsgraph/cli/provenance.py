"""``rightsgraph provenance``: where a fact or an entity comes from."""

from __future__ import annotations

import click

from .options import Settings, format_option, include_restricted_option, public_store


@click.command()
@click.argument("term")
@format_option("text", "json")
@include_restricted_option()
@click.pass_obj
def provenance(settings: Settings, term: str, fmt: str, include_restricted: bool) -> None:
    """Where a fact or entity comes from: documents, quotes, claimants,
    corroboration (independent originals vs derived copies), denials.

    TERM is an IRI, a CURIE (actor:wagner-group) or a label or alias ("Wagner",
    "FAMa", "menaka"), matched without regard to case or accents.
    """
    import json

    from ..answers.provenance import provenance as do_provenance
    from ..answers.provenance import render_text
    from ..errors import NoResult

    report = do_provenance(public_store(settings, include_restricted), term)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
    if not report.claims:
        raise NoResult(f"no claims with evidence mention {report.label}")
