"""Filling an Oxigraph store from RDF files, fast and as strictly as ``rdf.parse``.

N-Triples and Turtle go straight to Oxigraph's bulk loader (parsed in Rust, blank
nodes kept distinct per file) after the same hostile-input checks ``rdf.guard``
applies: size limit, UTF-8, nesting depth, and — checked once on the loaded
store — the literal length limit. RDF/XML and JSON-LD take ``rdf.parse.iter_quads``
(DOCTYPE refusal, local JSON-LD context) and are added quad by quad.

TriG and N-Quads are parsed by Oxigraph too, after the same checks, and streamed
in batches: their default graph goes where any file's triples go, and each named
graph ``<G>`` stays named graph ``<G>`` (a *user graph*, ``store/dataset.py``)
once its name is checked (``rdf.parse.check_graph_name``); literal lengths are
checked on the way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..rdf.files import Progress
from ..rdf.guard import (
    BOM,
    MAX_LITERAL_CHARS,
    MAX_NESTING,
    blank,
    check_nesting,
    check_utf8,
    decode_utf8,
    read_limited,
)
from ..rdf.parse import OX_FORMATS, check_graph_name, format_for, iter_quads
from ..rdf.syntax import syntax_message

BULK_BYTES = 4 * 1024 * 1024
BATCH_QUADS = 100_000

LONG_LITERAL = f"""
SELECT ?s ?p (STRLEN(STR(?o)) AS ?n) (SUBSTR(STR(?o), 1, 60) AS ?start) WHERE {{
  ?s ?p ?o . FILTER(isLiteral(?o) && STRLEN(STR(?o)) > {MAX_LITERAL_CHARS})
}} LIMIT 1
"""


Observer = Callable[[list[Any]], None]


def load_file(
    store: Any,
    path: Path,
    fmt: str | None = None,
    graph: str | None = None,
    observe: Observer | None = None,
) -> bool:
    """Add one file to a pyoxigraph store, into the named ``graph`` (default: the
    store's default graph); True when it may hold an over-long literal.

    ``observe`` is shown every quad added, in batches, before it is written (the
    build collects the tables of ``derivation`` on the way in): files then take
    the parse-and-add path whatever their size."""
    import pyoxigraph as ox

    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    fmt = format_for(path, fmt)
    if fmt not in ("ntriples", "turtle", "trig", "nquads"):
        quads = _renamed(list(iter_quads(path, fmt)), path, target)
        if observe:
            observe(quads)
        store.bulk_extend(quads)
        return False
    raw = read_limited(path)
    if blank(raw):
        # an empty Turtle or N-Triples document is a valid empty graph; only a
        # contribution (validate, contribute) is refused when it is empty
        return False
    text: str | None = None
    if fmt in ("trig", "nquads"):
        text = decode_utf8(path, raw)  # kept: a refused graph name is found in it by line
    else:
        check_utf8(path, raw)  # C-speed, one chunk at a time; names line and column if not
    if fmt in ("turtle", "trig") and raw.count(b"[") + raw.count(b"(") > MAX_NESTING:
        check_nesting(path, text or decode_utf8(path, raw), "turtle")
    body = raw[3:] if raw.startswith(BOM) else raw
    rdf_format = getattr(ox.RdfFormat, OX_FORMATS[fmt])
    base = path.resolve().as_uri()
    may_be_long = fmt not in ("trig", "nquads") and _may_hold_long_literal(body, fmt)
    try:
        if fmt in ("trig", "nquads"):
            _stream_dataset(store, path, text or "", body, rdf_format, base, target, observe)
            return False
        if len(body) > BULK_BYTES or observe:
            if body is raw and len(raw) > BULK_BYTES:
                # checked: the parser reads the file itself, so the build does not
                # hold its bytes while the store fills (a BOM needs the bytes)
                del raw, body
                with path.open("rb") as source:
                    _stream(store, source, rdf_format, base, target, observe)
            else:
                _stream(store, body, rdf_format, base, target, observe)
        else:
            store.load(body, format=rdf_format, base_iri=base, to_graph=target)
    except SyntaxError as exc:
        raise InputError(syntax_message(path, exc)) from None
    except MemoryError:
        # Oxigraph's parsers stop at one token of 16 MiB, long before our own limit
        from ..rdf.literals import oversized_token

        text = path.read_bytes().decode("utf-8", "replace")
        raise InputError(oversized_token(path, text, MAX_LITERAL_CHARS)) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{path}: {exc}") from None
    return may_be_long


def _stream(
    store: Any,
    body: bytes | BinaryIO,
    rdf_format: Any,
    base: str,
    target: Any,
    observe: Observer | None = None,
) -> None:
    """Parse once (blank nodes renamed for the whole file, so they stay one node
    within it and distinct from other files') and add in batches: memory stays at
    one batch, where ``bulk_load`` of the whole file holds ~1 KB per triple and
    ``bulk_load`` of pieces would split a blank node cut between two pieces."""
    import itertools

    import pyoxigraph as ox

    quads: Any = ox.parse(body, format=rdf_format, base_iri=base, rename_blank_nodes=True)
    if not isinstance(target, ox.DefaultGraph):
        Quad = ox.Quad
        quads = (Quad(q.subject, q.predicate, q.object, target) for q in quads)
    while batch := list(itertools.islice(quads, BATCH_QUADS)):
        if observe:
            observe(batch)
        store.bulk_extend(batch)


def _stream_dataset(
    store: Any,
    path: Path,
    text: str,
    body: bytes,
    rdf_format: Any,
    base: str,
    target: Any,
    observe: Observer | None = None,
) -> None:
    """A TriG or N-Quads file in batches: default-graph triples into ``target``,
    named graphs kept under their (checked) names, blank nodes renamed for the
    whole file, every literal's length checked. ``observe`` sees the data
    (``target``'s quads), never the user graphs."""
    import itertools

    import pyoxigraph as ox

    Quad, Default, Literal = ox.Quad, ox.DefaultGraph, ox.Literal
    into_target = not isinstance(target, Default)
    checked: set[Any] = set()

    def quads() -> Any:
        for q in ox.parse(body, format=rdf_format, base_iri=base, rename_blank_nodes=True):
            obj = q.object
            if isinstance(obj, Literal) and len(obj.value) > MAX_LITERAL_CHARS:
                raise InputError(
                    f"{path}: a literal of {len(obj.value)} characters on {q.subject} "
                    f"{q.predicate} exceeds the {MAX_LITERAL_CHARS}-character limit — "
                    "quotes are one sentence at most"
                )
            g = q.graph_name
            if isinstance(g, Default):
                yield Quad(q.subject, q.predicate, obj, target) if into_target else q
                continue
            if g not in checked:
                check_graph_name(path, g, text)
                checked.add(g)
            yield q

    stream = quads()
    while batch := list(itertools.islice(stream, BATCH_QUADS)):
        if observe:
            observe([q for q in batch if q.graph_name == target])
        store.bulk_extend(batch)


def _may_hold_long_literal(body: bytes, fmt: str) -> bool:
    """False when no literal can exceed ``MAX_LITERAL_CHARS``, so the store scan
    (seconds on a million triples) is skipped. A literal that long spans that many
    bytes without a line break, except Turtle's triple-quoted strings; any run
    that long contains a whole aligned window of half the length."""
    if len(body) <= MAX_LITERAL_CHARS:
        return False
    if fmt == "turtle" and (b'"""' in body or b"'''" in body):
        return True
    window = MAX_LITERAL_CHARS // 2
    return any(
        body.find(b"\n", start, start + window) < 0
        for start in range(0, len(body) - window + 1, window)
    )


def _renamed(quads: list[Any], path: Path, target: Any) -> list[Any]:
    """Blank nodes from different files must stay distinct."""
    import hashlib

    import pyoxigraph as ox

    tag = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]

    def fix(t: Any) -> Any:
        return ox.BlankNode(f"f{tag}x{t.value}") if isinstance(t, ox.BlankNode) else t

    return [ox.Quad(fix(q.subject), q.predicate, fix(q.object), target) for q in quads]


def load_files(
    store: Any,
    files: Sequence[Path],
    progress: Progress | None = None,
    graph: str | None = None,
    observe: Observer | None = None,
) -> None:
    """Load every file into ``store`` (into ``graph`` if given); InputError
    (file:line:col) on the first bad one."""
    suspects: list[Path] = []
    for i, f in enumerate(files, start=1):
        if load_file(store, f, graph=graph, observe=observe):
            suspects.append(f)
        if progress:
            progress(f.name, i, len(files))
    if suspects:
        _check_literal_lengths(store, suspects, graph)


def _check_literal_lengths(store: Any, suspects: list[Path], graph: str | None) -> None:
    import pyoxigraph as ox

    scope = [ox.NamedNode(graph)] if graph else None
    res = list(store.query(LONG_LITERAL, default_graph=scope))
    if not res:
        return
    row = res[0]
    n = int(row["n"].value)
    start = row["start"].value
    where = next((str(f) for f in suspects if start.encode() in f.read_bytes()), "a data file")
    raise InputError(
        f"{where}: a literal of {n} characters on {row['s']} {row['p']} exceeds the "
        f"{MAX_LITERAL_CHARS}-character limit — quotes are one sentence at most"
    )
