"""Turning what a person types (an IRI, a CURIE, a label or an alias) into one
node of the graph: case- and accent-insensitive ("menaka" finds Ménaka); an
ambiguous term lists its candidates, an unknown one suggests the nearest labels."""

from __future__ import annotations

import re
import unicodedata

from ..errors import UsageError
from ..rdf.ntriples import term_parts
from ..records import Record
from ..store.base import Store
from ..vocab import INSTANCES, VOCAB, curie, expand

LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?node ?label ?kind WHERE {
  { ?node rdfs:label ?label . BIND("label" AS ?kind) }
  UNION { ?node skos:altLabel ?label . BIND("alias" AS ?kind) }
  UNION { ?node dcterms:title ?label . BIND("title" AS ?kind) }
  UNION { ?node rg:documentSymbol ?label . BIND("symbol" AS ?kind) }
}
"""
# what names no node a person would ask about: blank nodes and these vocabularies'
# terms, left out in Python (a string filter in the query costs more than the query)
NOT_NAMED = (
    "https://w3id.org/rightsgraph/ontology#",
    "http://www.w3.org/",
    "http://purl.org/dc/terms/",
)


_IRI_CHARS = re.compile(r'^[^\x00-\x20<>"{}|^`\\]+$')


def normalise(text: str) -> str:
    """Fold case, accents and spacing: 'Ménaka ' == 'menaka'."""
    if text.isascii():  # no accents to strip (most labels): the index is built faster
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("’", "'").split())


_NOT_ENTITIES = (INSTANCES + "claim/", INSTANCES + "evidence/")


def _entities(hits: dict[str, str]) -> list[str]:
    """The hits that are things (actors, incidents, places, documents, mechanisms...),
    not claims or evidence records, whose labels name things only in passing."""
    return sorted(i for i in hits if not i.startswith(_NOT_ENTITIES))


class Candidate(Record):
    """One node a term may name, and the label it is shown with."""

    __slots__ = ("iri", "label")

    def __init__(self, iri: str, label: str) -> None:
        self.iri = iri
        self.label = label


class Resolver:
    """Label index over a store, built once per command."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._loaded = False
        self._by_key: dict[str, dict[str, str]] = {}
        self._named: dict[str, set[str]] = {}  # key -> IRIs whose own label/title it is
        self._preferred: dict[str, str] = {}

    # the index is read on first use: an IRI or CURIE needs only one ASK, and on a
    # large store reading every label costs a second (a named query's defaults)
    @property
    def by_key(self) -> dict[str, dict[str, str]]:
        self._load()
        return self._by_key

    @property
    def named(self) -> dict[str, set[str]]:
        self._load()
        return self._named

    @property
    def preferred(self) -> dict[str, str]:
        self._load()
        return self._preferred

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        # the engine's own terms: reading labels needs no rdflib
        for node, label, kind_term in self.store.query(LABELS_QUERY).terms:
            node_kind, iri = term_parts(node)[:2]
            if node_kind != "iri" or iri.startswith(NOT_NAMED):
                continue
            text, how = term_parts(label)[1], term_parts(kind_term)[1]
            if how == "label":
                self._preferred[iri] = text
            else:
                self._preferred.setdefault(iri, text)
            if iri.startswith(VOCAB):
                continue  # concepts have labels for display, but TERM names entities
            key = normalise(text)
            self._by_key.setdefault(key, {})[iri] = text
            if how != "alias":
                self._named.setdefault(key, set()).add(iri)

    def label(self, iri: str) -> str:
        found = self.preferred.get(iri)
        return found if found is not None else curie(iri)

    def exists(self, iri: str) -> bool:
        import pyoxigraph as ox

        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False  # no IRI, so in no graph
        res = self.store.query("ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }", {"s": node})
        return bool(res.boolean)

    def resolve(self, term: str) -> str:
        """The IRI for ``term``; UsageError (exit 2) when unknown or ambiguous."""
        term = term.strip()
        if not term:
            raise UsageError("empty TERM — give an IRI, a CURIE (actor:wagner-group) or a label")
        if term.startswith("<") and term.endswith(">"):
            term = term[1:-1]
        if term.startswith(("http://", "https://", "urn:")):
            if not _IRI_CHARS.match(term):
                raise UsageError(
                    f"'{term[:200]}' is not a valid IRI — an IRI has no spaces or <>\"{{}}|^`\\ characters"
                )
            if self.exists(term):
                return term
            raise UsageError(f"'{term}' is not in the graph{self._suggest(term)}")
        expanded = expand(term)
        if expanded is not None and _IRI_CHARS.match(expanded) and self.exists(expanded):
            return expanded
        key = normalise(term)
        hits = self.by_key.get(key, {})
        if len(hits) == 1:
            return next(iter(hits))
        own = self.named.get(key, set())
        if len(hits) > 1 and len(own) == 1:
            return next(iter(own))  # a node's own label beats another's alias
        if len(hits) > 1 and len(entities := _entities(hits)) == 1:
            return entities[0]  # a thing beats a claim about it
        if not hits:
            # a unique node whose label or alias contains the term, word by word;
            # entities before claims, then names that start with the term
            partial = {
                iri: text
                for k, nodes in self.by_key.items()
                if k.startswith(key + " ") or f" {key} " in f" {k} "
                for iri, text in nodes.items()
            }
            if len(partial) == 1:
                return next(iter(partial))
            entities = _entities(partial)
            if len(entities) == 1:
                return entities[0]
            starting = [i for i in entities if normalise(partial[i]).startswith(key + " ")]
            if len(starting) == 1:
                return starting[0]
            hits = partial
        if len(hits) > 1:
            listing = "; ".join(f"{curie(i)} ({self.label(i)})" for i in sorted(hits)[:12])
            raise UsageError(f"'{term}' is ambiguous: {listing} — give one of these CURIEs")
        raise UsageError(f"'{term}' matches no label, alias or IRI{self._suggest(term)}")

    def _suggest(self, term: str) -> str:
        import difflib

        close = difflib.get_close_matches(normalise(term), list(self.by_key), n=3, cutoff=0.6)
        if not close:
            return " — run 'rightsgraph stats' or 'rightsgraph query entities' to list names"
        names = []
        for k in close:
            for iri, text in self.by_key[k].items():
                names.append(f"'{text}' ({curie(iri)})")
        return " — did you mean " + ", ".join(names[:4]) + "?"
