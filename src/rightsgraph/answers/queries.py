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

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import QueryError, UsageError
from ..resources import queries_dir
from ..store.base import QueryResult, Store

if TYPE_CHECKING:
    from ..store.dataset import Dataset

PARAM_TYPES = ("entity", "iri", "string", "date", "integer")


@dataclass
class Param:
    name: str
    type: str
    default: str
    description: str


@dataclass
class QueryInfo:
    """A named query as its file describes it."""

    name: str
    path: Path
    title: str
    summary: str
    params: list[Param] = field(default_factory=list)
    text: str = ""

    def signature(self) -> str:
        if not self.params:
            return "(no parameters)"
        return ", ".join(
            f"{p.name} ({p.type}{', default ' + p.default if p.default else ', optional'})"
            for p in self.params
        )


def parse_header(path: Path, text: str) -> QueryInfo:
    info = QueryInfo(path.stem, path, path.stem, "", text=text)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        key, value = key.strip(), value.strip()
        if key == "title":
            info.title = value
        elif key in ("summary", "description"):
            info.summary = (info.summary + " " + value).strip()
        elif key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4 or parts[1] not in PARAM_TYPES or not re.fullmatch(r"\w+", parts[0]):
                raise QueryError(
                    f"{path}:{number}: bad param header — write '#+ param: name | "
                    f"{'/'.join(PARAM_TYPES)} | default | description'"
                )
            info.params.append(Param(*parts))
    return info


def named_queries(folder: Path | None = None) -> dict[str, QueryInfo]:
    folder = folder or queries_dir()
    out = {}
    for f in sorted(folder.glob("*.rq")):
        out[f.stem] = parse_header(f, f.read_text(encoding="utf-8"))
    return out


def load_query(name_or_file: str) -> QueryInfo:
    """A named query, or a user's ``.rq`` file."""
    path = Path(name_or_file)
    if name_or_file.endswith(".rq"):
        if not path.is_file():
            raise UsageError(f"{path}: no such query file — check the path")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{path}: the query file is not UTF-8 — save it as UTF-8") from None
        return parse_header(path, text)
    own = queries_dir() / f"{name_or_file}.rq"
    if re.fullmatch(r"[\w-]+", name_or_file) and own.is_file():  # only its own file is read
        return parse_header(own, own.read_text(encoding="utf-8"))
    queries = named_queries()
    if name_or_file not in queries:
        import difflib

        close = difflib.get_close_matches(name_or_file, list(queries), n=3, cutoff=0.4)
        hint = f" — did you mean {', '.join(close)}?" if close else ""
        raise UsageError(
            f"no named query '{name_or_file}'{hint} (rightsgraph query --list shows them all)"
        )
    return queries[name_or_file]


def bind_params(
    info: QueryInfo, given: dict[str, str], resolve_entity: Callable[[str], str]
) -> dict[str, Any]:
    """Turn ``--param k=v`` strings into RDF terms (pyoxigraph's, which every store
    binds) by the declared types."""
    import pyoxigraph as ox

    from ..vocab import XSD

    known = {p.name: p for p in info.params}
    unknown = [k for k in given if k not in known]
    if unknown:
        raise UsageError(
            f"query '{info.name}' has no parameter '{unknown[0]}' — its parameters: {info.signature()}"
        )
    out: dict[str, Any] = {}
    for p in info.params:
        raw = given.get(p.name, p.default)
        if raw == "":
            continue
        try:
            if p.type == "entity":
                out[p.name] = ox.NamedNode(resolve_entity(raw))
            elif p.type == "iri":
                from ..vocab import expand

                iri = expand(raw) or raw
                if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", iri, re.I):
                    raise ValueError("not an IRI")
                out[p.name] = ox.NamedNode(iri)
            elif p.type == "date":
                import datetime as dt

                day = dt.date.fromisoformat(raw).isoformat()
                out[p.name] = ox.Literal(day, datatype=ox.NamedNode(XSD + "date"))
            elif p.type == "integer":
                out[p.name] = ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
            else:
                out[p.name] = ox.Literal(raw)
        except ValueError:
            example = {"date": "2023-06-16", "integer": "500", "iri": "actor:wagner-group"}.get(
                p.type, ""
            )
            raise UsageError(
                f"parameter '{p.name}' of query '{info.name}' must be a {p.type}"
                f"{' such as ' + example if example else ''}, not '{raw}' — its parameters: {info.signature()}"
            ) from None
    return out


def run_query(
    store: Store,
    name_or_file: str,
    params: dict[str, str] | None = None,
    dataset: Dataset | None = None,
) -> tuple[QueryInfo, QueryResult]:
    """Run a named query (or a ``.rq`` file) with typed parameters, on ``dataset``
    when given (``query --default-graph`` / ``--named-graph``)."""
    from .resolve import Resolver

    info = load_query(name_or_file)
    resolver: Resolver | None = None

    def resolve_entity(term: str) -> str:
        nonlocal resolver
        if resolver is None:
            resolver = Resolver(store)
        return resolver.resolve(term)

    bindings = bind_params(info, params or {}, resolve_entity)
    # relative IRIs in the text resolve against the query file, as SPARQL says
    base = info.path.resolve().as_uri()
    return info, store.query(info.text, bindings, base_iri=base, dataset=dataset)
