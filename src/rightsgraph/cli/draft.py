"""``rightsgraph draft``: a draft contribution from the archived text of one document.

Options in, library call (``rightsgraph.draft``), draft out. Exit 0 when a
draft was written, 2 when the source or an option cannot be used. The draft is
for a curator to edit; nothing reaches data/ without ``contribute --apply``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--document",
    "document",
    required=True,
    metavar="ID",
    help="The document the text is an archived copy of (doc:ID).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "csv"]),
    default=None,
    help="ttl (default; every claim class) or csv (the claims template, with a todo column).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the draft to FILE (default: standard output); .csv or .ttl picks the format.",
)
@click.option(
    "--new-document",
    "new_document",
    is_flag=True,
    help="The document is not in the graph yet: draft its record too (needs --title).",
)
@click.option(
    "--redraft",
    is_flag=True,
    help="Ignore the evidence already recorded from this document (to compare with it).",
)
@click.option("--title", default=None, help="With --new-document: the title as printed.")
@click.option(
    "--publisher", default=None, help="With --new-document: the publisher's actor identifier."
)
@click.option(
    "--date", "pub_date", default=None, help="With --new-document: publication date YYYY-MM-DD."
)
@click.option(
    "--kind",
    default=None,
    help="With --new-document: document kind from the dkind: scheme (default article).",
)
@click.pass_obj
def draft(
    settings: Any,
    source: Path,
    document: str,
    fmt: str | None,
    output: Path | None,
    new_document: bool,
    redraft: bool,
    title: str | None,
    publisher: str | None,
    pub_date: str | None,
    kind: str | None,
) -> None:
    """Draft a contribution from SOURCE, the archived plain text of one document.

    Splits the text into sentences with locators (skipping page furniture), finds
    the known entities, dates and counts in each, and proposes one candidate claim
    per reporting or action clause, with the verbatim quote, claimant, stance, and
    the rule and confidence behind each value. Candidates that match an existing
    claim become further evidence for it. Edit the draft, then check it with
    'rightsgraph contribute FILE' and 'rightsgraph verify-quotes'.
    """
    from ..draft.run import draft_document
    from ..draft.text import read_source
    from ..draft.write import to_csv, to_turtle
    from ..errors import UsageError
    from ..store.build import open_store

    if fmt is None:
        fmt = "csv" if output is not None and output.suffix.lower() == ".csv" else "ttl"
    if (
        output is not None
        and output.suffix.lower() in (".csv", ".ttl")
        and output.suffix.lower()[1:] != fmt
    ):
        raise UsageError(
            f"-o {output}: the extension says {output.suffix[1:]} but --format is {fmt} — make them agree"
        )
    if not new_document and any(v is not None for v in (title, publisher, pub_date, kind)):
        raise UsageError(
            "--title, --publisher, --date and --kind describe a new document — add --new-document"
        )
    read_source(source)  # a bad file fails before the graph is loaded
    given = None
    if new_document:
        given = {
            "title": title or "",
            "publisher": publisher or "",
            "date": pub_date or "",
            "kind": kind or "",
        }
    result = draft_document(
        source, document, open_store(settings.store, settings.data), given, redraft
    )
    extra = ""
    if fmt == "csv":
        text, left = to_csv(result)
        if left:
            extra = f"; {len(left)} Veto/Vote candidate(s) need Turtle (--format ttl)"
        if result.new_document is not None:
            extra += "; the new document's record is only written with --format ttl"
    else:
        text = to_turtle(result)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"-o {output}: cannot write the draft ({exc.strerror}) — give a file in an existing, writable folder"
            ) from None
    complete = len(result.complete())
    click.echo(
        f"{source.name}: {len(result.text.sentences)} sentence(s), {len(result.candidates)} candidate(s) "
        f"({complete} complete, {sum(1 for c in result.candidates if c.existing)} for existing claims)"
        f"{extra}" + (f" -> {output}" if output else ""),
        err=True,
    )
