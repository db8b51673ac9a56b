"""The dataset every store holds, as named graphs, the same on every engine.

Each data triple is stored once, in one of two graphs, so that a public query
costs what a full one costs (no copy of the store is ever filtered at query
time):

``graph/public``
    the data as loaded, less what public output must not show (see
    ``store/access.py``);
``graph/restricted``
    the rest of the data: restricted nodes and every triple that mentions them;
``graph/ontology``
    the ontology, its SKOS vocabularies and the network declarations;
``graph/derived``
    facts computed at build from all the data by ``claims.py`` (the ``rdf:type``
    closure over ``rdfs:subClassOf``, ``rg:contested``, corroboration counts);
``graph/derived-public``
    the same facts computed from the public data alone.

A query's default graph is the data plus its derived facts: public by default
(``public`` + ``derived-public``), everything with ``--include-restricted``
(``public`` + ``restricted`` + ``derived``). The ontology is never merged into
it; ask it as ``GRAPH <https://w3id.org/rightsgraph/graph/ontology> { … }``.
The data as loaded is the union of ``public`` and ``restricted``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..vocab import GRAPHS as GRAPH_BASE

PUBLIC = GRAPH_BASE + "public"
RESTRICTED = GRAPH_BASE + "restricted"
ONTOLOGY = GRAPH_BASE + "ontology"
DERIVED = GRAPH_BASE + "derived"
DERIVED_PUBLIC = GRAPH_BASE + "derived-public"

ALL_GRAPHS = (PUBLIC, RESTRICTED, ONTOLOGY, DERIVED, DERIVED_PUBLIC)


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of one query: what its default graph merges, and which
    graphs ``GRAPH`` can name."""

    default: tuple[str, ...]
    named: tuple[str, ...]


def query_dataset(include_restricted: bool = False, prefix: str = GRAPH_BASE) -> Dataset:
    """The dataset a command's query sees: public unless ``include_restricted``.

    ``prefix`` replaces ``GRAPH_BASE`` for a remote engine that keeps several
    projects side by side (``--store sparql:URL,graph=IRI``).

    >>> query_dataset().default
    ('https://w3id.org/rightsgraph/graph/public', 'https://w3id.org/rightsgraph/graph/derived-public')
    """

    def g(iri: str) -> str:
        return prefix + iri[len(GRAPH_BASE) :]

    if include_restricted:
        return Dataset((g(PUBLIC), g(RESTRICTED), g(DERIVED)), tuple(g(x) for x in ALL_GRAPHS))
    return Dataset((g(PUBLIC), g(DERIVED_PUBLIC)), (g(PUBLIC), g(ONTOLOGY), g(DERIVED_PUBLIC)))


def data_graphs(dataset: Dataset) -> tuple[str, ...]:
    """The graphs of a dataset's default graph that hold data (not derived facts)."""
    return tuple(g for g in dataset.default if g.endswith(("/public", "/restricted")))


def stored_graphs(store: Any) -> list[Any]:
    """The graphs that hold what was written in a pyoxigraph store — data and
    ontology, never derived facts — or its default graph when it does not hold
    this dataset (a contribution read into a scratch store). The validator
    judges these."""
    import pyoxigraph as ox

    onto = ox.NamedNode(ONTOLOGY)
    if next(iter(store.quads_for_pattern(None, None, None, onto)), None) is None:
        return [ox.DefaultGraph()]
    return [ox.NamedNode(PUBLIC), ox.NamedNode(RESTRICTED), onto]
