"""Named queries as a plain ``rightsgraph query NAME`` runs them: the file found,
its ``#+`` header read, the parameters bound as RDF terms, the query run.

``queries.py`` is the library's face of the same work (its ``QueryInfo`` is a
dataclass, as callers and the server's editor use it) and does it through this
module, which stays free of ``dataclasses`` and ``typing``: importing the first
loads ``inspect``, ``ast`` and ``dis``, more than the rest of a plain query's
imports together. ``Header`` here holds the same fields as ``QueryInfo``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import QueryError, UsageError
from ..records import Record
from ..resources import queries_dir

TYPE_CHECKING = False  # not typing's: a plain query does not load typing
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from ..store.base import QueryResult, Store
    from ..store.dataset import Dataset

PARAM_TYPES = ("entity", "iri", "string", "date", "integer")


class Param(Record):
    """One ``#+ param:`` line: ``name | type | default | description``."""

    __slots__ = ("name", "type", "default", "description")

    def __init__(self, name: str, type: str, default: str, description: str) -> None:
        self.name = name
        self.type = type
        self.default = default
        self.description = description


def signature(params: Sequence[Param]) -> str:
    """The parameters as error messages and ``--list`` show them."""
    if not params:
        return "(no parameters)"
    return ", ".join(
        f"{p.name} ({p.type}{', default ' + p.default if p.default else ', optional'})"
        for p in params
    )


class Header(Record):
    """A named query as its file describes it (``queries.QueryInfo``'s fields)."""

    __slots__ = ("name", "path", "title", "summary", "params", "text")

    def __init__(
        self,
        name: str,
        path: Path,
        title: str,
        summary: str,
        params: list[Param] | None = None,
        text: str = "",
    ) -> None:
        self.name = name
        self.path = path
        self.title = title
        self.summary = summary
        self.params: list[Param] = [] if params is None else params
        self.text = text


def parse_header(path: Path, text: str) -> Header:
    info = Header(path.stem, path, path.stem, "", text=text)
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


def named_queries(folder: Path | None = None) -> dict[str, Header]:
    folder = folder or queries_dir()
    out = {}
    for f in sorted(folder.glob("*.rq")):
        out[f.stem] = parse_header(f, f.read_text(encoding="utf-8"))
    return out


def load_query(name_or_file: str) -> Header:
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
    name: str,
    params: Sequence[Param],
    given: dict[str, str],
    resolve_entity: Callable[[str], str],
) -> dict[str, Any]:
    """Turn ``--param k=v`` strings into RDF terms (pyoxigraph's, which every store
    binds) by the declared types of query ``name``'s ``params``."""
    import pyoxigraph as ox

    from ..vocab import XSD

    known = {p.name: p for p in params}
    unknown = [k for k in given if k not in known]
    if unknown:
        raise UsageError(
            f"query '{name}' has no parameter '{unknown[0]}' — its parameters: {signature(params)}"
        )
    out: dict[str, Any] = {}
    for p in params:
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
                f"parameter '{p.name}' of query '{name}' must be a {p.type}"
                f"{' such as ' + example if example else ''}, not '{raw}' — its parameters: "
                f"{signature(params)}"
            ) from None
    return out


def run_query(
    store: Store,
    name_or_file: str,
    params: dict[str, str] | None = None,
    dataset: Dataset | None = None,
) -> tuple[Header, QueryResult]:
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

    bindings = bind_params(info.name, info.params, params or {}, resolve_entity)
    # relative IRIs in the text resolve against the query file, as SPARQL says
    base = info.path.resolve().as_uri()
    return info, store.query(info.text, bindings, base_iri=base, dataset=dataset)
