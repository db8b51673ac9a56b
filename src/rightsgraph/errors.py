"""The error hierarchy: the library raises these, only the CLI turns them into
one-line messages and exit codes (0 ok, 1 validation failures or no result,
2 unusable input or usage error)."""

from __future__ import annotations

from .text import visible


def one_line(text: str) -> str:
    """``text`` safe to print as one line: each control or invisible character shown
    as its code (the one sanitiser, ``text.visible``)."""
    return visible(text)


class RightsgraphError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with. The message is always
    one printable line, whatever input it quotes."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message


class InputError(RightsgraphError):
    """Unusable input: a file that cannot be read or parsed, a bad option value."""

    exit_code = 2


class UsageError(RightsgraphError):
    """The command was called wrongly (unknown parameter, bad TERM, ...)."""

    exit_code = 2


class QueryError(RightsgraphError):
    """A query that cannot be run: syntax error, update, forbidden SERVICE."""

    exit_code = 2


class QuerySyntaxError(QueryError):
    """The engine's parser refused the query text (HTTP 400 at the endpoint)."""


class ValidationFailed(RightsgraphError):
    """Data does not conform to the shapes; the report has already been shown."""

    exit_code = 1


class NoResult(RightsgraphError):
    """A well-formed question with no answer."""

    exit_code = 1
