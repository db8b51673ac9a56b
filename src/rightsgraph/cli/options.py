"""What several commands share: the settings of the group, option decorators
(``--param``, ``--include-restricted``, ``--format``, ``--quiet``) and the
helpers behind them, so each option is spelled, parsed and warned about once.

A decorator per option, as sqlite-utils' ``output_options``: a command lists the
options it takes and gets them with the same names, help and checks everywhere.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .fast import RESTRICTED_WARNING

F = TypeVar("F", bound=Callable[..., Any])


class Settings:
    """The group's options (``--store``, ``--data``), handed to every command."""

    def __init__(self, store: str, data: Path | None) -> None:
        self.store = store
        self.data = data


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format``, one of ``choices`` (the first is the default), as ``fmt``."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True
    )


def param_option(help: str = "A query parameter (repeatable).") -> Callable[[F], F]:
    """``--param/-p KEY=VALUE``, repeatable, as ``params``; read with ``parse_params``."""
    return click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help=help)


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """``--param`` values as a dict; a value without ``=`` is a usage error."""
    out = {}
    for v in values:
        key, sep, val = v.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param '{v}' must be key=value, e.g. --param incident=Moura")
        out[key.strip()] = val
    return out


def include_restricted_option(
    help: str = "Show restricted material too (not for publication; a warning is printed).",
) -> Callable[[F], F]:
    """``--include-restricted``, as ``include_restricted``; see ``warn_restricted``."""
    return click.option("--include-restricted", is_flag=True, help=help)


def warn_restricted(include_restricted: bool) -> None:
    """The warning every command prints on stderr when it shows restricted material."""
    if include_restricted:
        click.echo(RESTRICTED_WARNING, err=True)


def public_store(settings: Settings, include_restricted: bool) -> Any:
    """The store commands read: its public view by default (materialised at build),
    everything only on request, with the warning."""
    from ..store.build import open_store

    warn_restricted(include_restricted)
    return open_store(settings.store, settings.data, include_restricted=include_restricted)


def quiet_option(help: str = "No progress display.") -> Callable[[F], F]:
    """``-q/--quiet``, as ``quiet``: no progress display (see ``progress_bar``)."""
    return click.option("-q", "--quiet", is_flag=True, help=help)


def progress_bar(enabled: bool = True, verb: str = "loading") -> Any:
    """A one-line progress bar on stderr, only for a person at a terminal (never in
    pipes or logs); None when there is nothing to show."""
    if not enabled or not sys.stderr.isatty():
        return None

    def report(name: str, i: int, n: int) -> None:
        bar = "#" * int(20 * i / max(n, 1))
        line = f"{verb} [{bar:<20}] {i}/{n} {name}"
        click.echo("\r" + line[:79].ljust(79), err=True, nl=(i == n))

    return report
