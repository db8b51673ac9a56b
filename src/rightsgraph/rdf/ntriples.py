"""RDF terms as N-Triples text: the one writer that SPARQL parameter binding, the
compiled SHACL queries and the SPARQL TSV results share.

Every character that could end a literal or an IRI early is escaped or refused,
so a value put in a query or a results line can never escape its place.
"""

from __future__ import annotations

import re

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


def nt_term(term: object) -> str:
    """An rdflib term in N-Triples form; ValueError for an IRI or a language tag
    that no N-Triples (or SPARQL) text can hold. ``"x"^^xsd:string`` is written
    ``"x"``, as RDF 1.1 reads both."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        if not IRI_OK.match(str(term)):
            raise ValueError(f"<{term}>: not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = nt_string(str(term))
        if term.language:
            if not LANG_OK.match(term.language):
                raise ValueError(f"'{term.language}': not a valid language tag")
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != XSD_STRING:
            return f"{text}^^{nt_term(URIRef(str(term.datatype)))}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise ValueError(f"{term!r}: not an RDF term")
