"""rightsgraph: who did what, who says so, and who holds whom to account.

The library is the product; the CLI (``rightsgraph.cli``) is a thin layer over it.
What a Python user needs is here, loaded on first use (a module ``__getattr__``),
so ``import rightsgraph`` and ``rightsgraph --help`` stay fast:

>>> import rightsgraph
>>> store = rightsgraph.open_store()  # the embedded store, built from data/
>>> info, result = rightsgraph.run_query(store, "cq5-expelled-officials")
>>> info.title
'CQ5 Officials expelled, by whom, when, and the posts they held'
>>> sorted(str(row[result.variables.index("personLabel")]) for row in result.rows)
['Guillaume Ngefa', 'Olivier Salgado']

Parameters are bound as RDF terms, never pasted into the query text:

>>> _, links = rightsgraph.run_query(store, "cq9-actor-links", {"actor": "Wagner"})
>>> len(links.rows) > 0
True

Where a fact comes from: its documents, quotes, claimants and who denies it.

>>> report = rightsgraph.provenance(store, "claim:moura-killed-more-than-500")
>>> claim = report.claims[0]
>>> claim.contested, len(claim.independent_originals), claim.derived_copies
(True, 1, 3)
>>> claim.opposed_by
['Abdoulaye Diop', 'Russia']

Validation returns records, never prints (``--store oxigraph:PATH`` picks the fast
validator, with the same records):

>>> checked = rightsgraph.validate()  # every file of data/
>>> checked.conforms, checked.errors
(True, [])

Exports write one file and say what they wrote (``export_graph`` is
``rightsgraph.export.export``: the name ``rightsgraph.export`` is the package):

>>> import pathlib, tempfile, rdflib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.ttl"
>>> written = rightsgraph.export_graph(store, "ttl", out)
>>> len(rdflib.Graph().parse(out)) == written.triples
True

Errors are ``RightsgraphError`` subclasses with a one-line message:

>>> try:
...     rightsgraph.run_query(store, "no-such-query")
... except rightsgraph.UsageError as exc:
...     print(exc.exit_code)
2
"""

from __future__ import annotations

# not ``typing.TYPE_CHECKING``: importing typing costs every command a few
# milliseconds, and type checkers read this name the same way
TYPE_CHECKING = False

__version__ = "0.1.0"

# public name -> "module:attribute", imported on first use
API: dict[str, str] = {
    "open_store": "rightsgraph.store.build:open_store",
    "build": "rightsgraph.store.build:build",
    "named_queries": "rightsgraph.answers.queries:named_queries",
    "run_query": "rightsgraph.answers.queries:run_query",
    "provenance": "rightsgraph.answers.provenance:provenance",
    "validate": "rightsgraph.validation:validate",
    # not "export": once imported, the subpackage rightsgraph.export takes that name
    "export_graph": "rightsgraph.export:export",
    "RightsgraphError": "rightsgraph.errors:RightsgraphError",
    "InputError": "rightsgraph.errors:InputError",
    "UsageError": "rightsgraph.errors:UsageError",
    "QueryError": "rightsgraph.errors:QueryError",
    "NoResult": "rightsgraph.errors:NoResult",
    "ValidationFailed": "rightsgraph.errors:ValidationFailed",
}

__all__ = [
    "InputError",
    "NoResult",
    "QueryError",
    "RightsgraphError",
    "UsageError",
    "ValidationFailed",
    "build",
    "export_graph",
    "named_queries",
    "open_store",
    "provenance",
    "run_query",
    "validate",
]

if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from typing import Any

    from .answers.provenance import provenance
    from .answers.queries import named_queries, run_query
    from .errors import (
        InputError,
        NoResult,
        QueryError,
        RightsgraphError,
        UsageError,
        ValidationFailed,
    )
    from .export import export as export_graph
    from .store.build import build, open_store
    from .validation import validate


def __getattr__(name: str) -> Any:
    target = API.get(name)
    if target is None:
        raise AttributeError(f"module 'rightsgraph' has no attribute '{name}'")
    import importlib

    module, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *API])
