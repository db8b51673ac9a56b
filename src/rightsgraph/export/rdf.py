"""RDF dumps: Turtle, N-Triples and JSON-LD compacted with the shipped context.

The JSON-LD carries the context inline (not its URL), so reading it back needs
no network and gives the same graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..resources import context_file

if TYPE_CHECKING:
    import rdflib

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def context() -> dict[str, object]:
    """The ``@context`` object of ``ontology/context.jsonld``."""
    ctx: dict[str, object] = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    return ctx


def _expand(term: str, ctx: dict[str, object]) -> str:
    prefix, sep, local = term.partition(":")
    ns = ctx.get(prefix)
    return ns + local if sep and isinstance(ns, str) else term


def jsonld(graph: rdflib.Graph) -> bytes:
    """Compact JSON-LD with the shipped context inline.

    rdflib drops a blank node (a date) that is the value of a property the
    context types as ``@id``; so compaction runs with those few coercions lifted
    (the blank nodes are then embedded) and the shipped context is written as is —
    an embedded node object reads the same under either context.
    """
    from rdflib import BNode

    shipped = context()
    with_bnodes = {str(p) for _, p, o in graph if isinstance(o, BNode)}
    working: dict[str, object] = {}
    for term, spec in shipped.items():
        if (
            isinstance(spec, dict)
            and spec.get("@type") == "@id"
            and _expand(str(spec.get("@id", "")), shipped) in with_bnodes
        ):
            spec = {k: v for k, v in spec.items() if k != "@type"}
        working[term] = spec
    text = graph.serialize(format="json-ld", context=working, auto_compact=True)
    doc = json.loads(text)
    doc["@context"] = shipped
    return json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8")


def serialize(graph: rdflib.Graph, fmt: str) -> bytes:
    if fmt == "jsonld":
        return jsonld(graph)
    out: bytes = graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8")
    return out


def write(graph: rdflib.Graph, fmt: str, out: Path) -> int:
    out.write_bytes(serialize(graph, fmt))
    return len(graph)
