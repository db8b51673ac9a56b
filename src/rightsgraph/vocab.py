"""Every namespace and IRI the code names, once; prefixes come from the shipped
JSON-LD context, so they are declared once too.

Plain strings, not rdflib terms: the modules that read them (the fast validator,
the Oxigraph loader, ``--help``) must not pay for importing rdflib.
"""

from __future__ import annotations

from functools import cache

from .resources import context_file

ONTOLOGY = "https://w3id.org/rightsgraph/ontology#"
INSTANCES = "https://w3id.org/rightsgraph/id/"
VOCAB = "https://w3id.org/rightsgraph/vocab/"
CONTEXT_URL = "https://w3id.org/rightsgraph/context.jsonld"
GRAPHS = "https://w3id.org/rightsgraph/graph/"  # the named graphs of store/dataset.py

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
RDFS_SUBCLASS = RDFS + "subClassOf"
XSD_STRING = XSD + "string"
RDFS_LABEL = RDFS + "label"
SKOS_BROADER = SKOS + "broader"
# the properties that name an entity (search, duplicates, the pages' titles)
NAME_PROPERTIES = (RDFS_LABEL, SKOS + "altLabel", SKOS + "prefLabel")

STANCE_AFFIRMING = VOCAB + "stance/affirming"
STANCE_OPPOSING = VOCAB + "stance/opposing"
ACCESS_RESTRICTED = VOCAB + "access/restricted"

# the properties whose value is a date (a rg:DateSpec node or a literal): a problem
# on a date is reported on the event that holds it
DATE_PROPERTIES = tuple(
    ONTOLOGY + p
    for p in (
        "date",
        "startDate",
        "endDate",
        "publicationDate",
        "statementDate",
        "heldOn",
        "targetDate",
    )
)


@cache
def prefixes() -> dict[str, str]:
    """Prefix -> namespace IRI, for every prefix in the shipped context (``json`` is
    loaded here, not for every command that imports this module)."""
    import json

    ctx = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    return {
        k: v
        for k, v in ctx.items()
        if isinstance(v, str) and not v.startswith("@") and v.endswith(("/", "#"))
    }


def bind_all(graph: object) -> None:
    """Bind our prefixes on one graph (never globally)."""
    for prefix, ns in prefixes().items():
        graph.bind(prefix, ns, override=True, replace=True)  # type: ignore[attr-defined]


# what a local name may hold besides letters and digits
_LOCAL_PUNCTUATION = str.maketrans("", "", "-_.")


@cache
def _longest_first() -> tuple[tuple[str, str], ...]:
    """(prefix, namespace), longest namespace first; equal lengths in the context's order."""
    return tuple(sorted(prefixes().items(), key=lambda kv: -len(kv[1])))


def curie(iri: str) -> str:
    """Shortest prefixed form of an IRI, or the IRI in angle brackets: the longest
    namespace whose remainder is a local name (letters, digits, ``-_.``)."""
    for prefix, ns in _longest_first():
        if iri.startswith(ns) and len(iri) > len(ns):
            rest = iri[len(ns) :].translate(_LOCAL_PUNCTUATION)
            if not rest or rest.isalnum():
                return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def expand(term: str) -> str | None:
    """Expand a CURIE with a known prefix; None when it is not one."""
    if ":" not in term or term.startswith(("http://", "https://", "urn:")):
        return None
    prefix, local = term.split(":", 1)
    ns = prefixes().get(prefix)
    return ns + local if ns is not None else None
