"""Named queries: one ``.rq`` file per question in ``queries/``, documented by its
own header, and run with parameters bound as RDF terms (never spliced).

Header lines start with ``#+``::

    #+ title: Who rejected the Moura findings
    #+ summary: Opposing statements on claims about an incident, with date and place
    #+ param: incident | entity | incident:moura-2022-03 | The incident (IRI, CURIE or label)
    #+ param: from | date | 2022-01-01 | Earliest date

A parameter line is ``name | type | default | description``; types are
``entity`` (IRI, CURIE or label, resolved), ``iri``, ``string``, ``date`` and
``integer``. An empty default makes the parameter optional (left unbound).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import named
from .named import PARAM_TYPES as PARAM_TYPES
from .named import Param

if TYPE_CHECKING:
    from ..store.base import QueryResult, Store
    from ..store.dataset import Dataset


@dataclass
class QueryInfo:
    """A named query as its file describes it. The work is ``named.py``'s (a plain
    query reads it without loading dataclasses); this is the library's record."""

    name: str
    path: Path
    title: str
    summary: str
    params: list[Param] = field(default_factory=list)
    text: str = ""

    def signature(self) -> str:
        return named.signature(self.params)


def _info(header: named.Header) -> QueryInfo:
    return QueryInfo(
        header.name, header.path, header.title, header.summary, header.params, header.text
    )


def parse_header(path: Path, text: str) -> QueryInfo:
    return _info(named.parse_header(path, text))


def named_queries(folder: Path | None = None) -> dict[str, QueryInfo]:
    return {k: _info(h) for k, h in named.named_queries(folder).items()}


def load_query(name_or_file: str) -> QueryInfo:
    """A named query, or a user's ``.rq`` file."""
    return _info(named.load_query(name_or_file))


def bind_params(
    info: QueryInfo, given: dict[str, str], resolve_entity: Callable[[str], str]
) -> dict[str, Any]:
    """Turn ``--param k=v`` strings into RDF terms (pyoxigraph's, which every store
    binds) by the declared types."""
    return named.bind_params(info.name, info.params, given, resolve_entity)


def run_query(
    store: Store,
    name_or_file: str,
    params: dict[str, str] | None = None,
    dataset: Dataset | None = None,
) -> tuple[QueryInfo, QueryResult]:
    """Run a named query (or a ``.rq`` file) with typed parameters, on ``dataset``
    when given (``query --default-graph`` / ``--named-graph``)."""
    header, result = named.run_query(store, name_or_file, params, dataset)
    return _info(header), result
