"""RDF terms as N-Triples text: the one writer that SPARQL parameter binding, the
compiled SHACL queries and the SPARQL TSV results share.

Every character that could end a literal or an IRI early is escaped or refused,
so a value put in a query or a results line can never escape its place.
"""

from __future__ import annotations

import re
import sys

from ..vocab import XSD_STRING

IRI_OK = re.compile(r'^[^\x00-\x20<>"{}|^`\\]*$')
LANG_OK = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")


def nt_string(text: str) -> str:
    """A string as a quoted N-Triples (and SPARQL) literal, on one line."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def term_parts(term: object) -> tuple[str, str, str | None, str | None]:
    """``(kind, value, language, datatype)`` of an rdflib or a pyoxigraph term, kind
    one of "iri", "bnode", "literal"; the datatype is None for a plain or
    language-tagged literal. Neither library is imported for it: a term of one
    exists only once its library is loaded, so the query path, whose terms are
    pyoxigraph's, never loads rdflib."""
    ox = sys.modules.get("pyoxigraph")
    if ox is not None:
        if isinstance(term, ox.NamedNode):
            return "iri", term.value, None, None
        if isinstance(term, ox.Literal):
            lang = term.language
            dt = None if lang else term.datatype.value
            return "literal", term.value, lang, None if dt == XSD_STRING else dt
        if isinstance(term, ox.BlankNode):
            return "bnode", term.value, None, None
    rdflib = sys.modules.get("rdflib")
    if rdflib is not None:
        if isinstance(term, rdflib.URIRef):
            return "iri", str(term), None, None
        if isinstance(term, rdflib.Literal):
            lang = term.language
            dt = None if lang or term.datatype is None else str(term.datatype)
            return "literal", str(term), lang, None if dt == XSD_STRING else dt
        if isinstance(term, rdflib.BNode):
            return "bnode", str(term), None, None
    raise ValueError(f"{term!r}: not an RDF term")


def nt_term(term: object) -> str:
    """An rdflib or pyoxigraph term in N-Triples form; ValueError for an IRI or a
    language tag that no N-Triples (or SPARQL) text can hold. ``"x"^^xsd:string``
    is written ``"x"``, as RDF 1.1 reads both."""
    kind, value, lang, datatype = term_parts(term)
    if kind == "iri":
        if not IRI_OK.match(value):
            raise ValueError(f"<{value}>: not a valid IRI")
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = nt_string(value)
    if lang:
        if not LANG_OK.match(lang):
            raise ValueError(f"'{lang}': not a valid language tag")
        return f"{text}@{lang}"
    if datatype:
        if not IRI_OK.match(datatype):
            raise ValueError(f"<{datatype}>: not a valid IRI")
        return f"{text}^^<{datatype}>"
    return text
