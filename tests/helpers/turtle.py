"""The ``@prefix`` header for Turtle written in tests, from the shipped JSON-LD
context — so a test's Turtle uses the same prefixes as data/ and never spells a
namespace out."""

from __future__ import annotations

from rightsgraph.vocab import prefixes


def prefix_header(*names: str, extra: dict[str, str] | None = None) -> str:
    """``@prefix`` lines for ``names`` (default: every prefix of the context),
    plus ``extra`` prefixes (e.g. ``{"ex": "http://example.org/"}``)."""
    known = prefixes()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise KeyError(f"not prefixes of the shipped context: {unknown}")
    chosen = {n: known[n] for n in (names or sorted(known))} | (extra or {})
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in chosen.items())


PREFIXES = prefix_header()
