"""One pass over the store's triples, indexed for drafting.

Drafting needs every label, every claim with its entities and every evidence
quote. Asked as SPARQL with filters, rdflib takes seconds for the Mali graph;
read once as triples (the data and ontology graphs of an Oxigraph store, any
other store with one ``SELECT ?s ?p ?o``) and indexed in Python, it takes a
fraction of that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..store.base import Store
from ..vocab import INSTANCES, ONTOLOGY

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
DC = "http://purl.org/dc/terms/"


def _triples(store: Store) -> Iterable[tuple[Any, Any, Any]]:
    from ..store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):
        # what was written, not the derived facts: the asserted classes and labels
        yield from store.graph().triples((None, None, None))
        yield from store.ontology_graph().triples((None, None, None))
        return
    rows: list[tuple[Any, ...]] = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows
    yield from ((r[0], r[1], r[2]) for r in rows)


class GraphView:
    """Subjects' properties by predicate, for the few things drafting asks."""

    def __init__(self, store: Store) -> None:
        self.props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in _triples(store):
            self.props[str(s)][str(p)].append(o)

    def values(self, subject: str, predicate: str) -> list[Any]:
        found = self.props.get(subject)
        return found.get(predicate, []) if found else []

    def first(self, subject: str, predicate: str) -> Any | None:
        v = self.values(subject, predicate)
        return v[0] if v else None

    def rg(self, subject: str, local: str) -> list[Any]:
        return self.values(subject, ONTOLOGY + local)

    def types(self, subject: str) -> list[str]:
        return [str(t) for t in self.values(subject, RDF_TYPE)]

    def labels(self) -> Iterable[tuple[str, str, str]]:
        """(node, text, kind) for every instance label, alias and document symbol."""
        for s, props in self.props.items():
            if not s.startswith(INSTANCES):
                continue
            for kind, pred in (
                ("label", RDFS_LABEL),
                ("alias", ALT_LABEL),
                ("symbol", ONTOLOGY + "documentSymbol"),
            ):
                for v in props.get(pred, []):
                    yield s, str(v), kind

    def subjects_with(self, predicate: str) -> Iterable[str]:
        for s, props in self.props.items():
            if predicate in props:
                yield s

    def topics(self) -> dict[str, str]:
        base = "https://w3id.org/rightsgraph/vocab/topic/"
        return {
            s: str(props[PREF_LABEL][0])
            for s, props in self.props.items()
            if s.startswith(base) and props.get(PREF_LABEL)
        }

    def label_of(self, subject: str) -> str | None:
        v = self.first(subject, RDFS_LABEL) or self.first(subject, DC + "title")
        return str(v) if v is not None else None
