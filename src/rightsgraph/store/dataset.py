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
    facts computed at build by the rules of ``claims.py`` (the ``rdf:type``
    closure over ``rdfs:subClassOf``, ``rg:contested``, corroboration counts)
    that hold whether or not restricted data is counted — with nothing
    restricted, all of them;
``graph/derived-restricted``
    derived facts that hold only when restricted data counts (hidden from public
    output, like ``graph/restricted``);
``graph/derived-public``
    the public view's own answer where restricted data would change it.

Each derived fact is stored once too (``derivation.py``). A query's default
graph is the data plus its derived facts: public by default (``public`` +
``derived`` + ``derived-public``), everything with ``--include-restricted``
(``public`` + ``restricted`` + ``derived`` + ``derived-restricted``). The ontology is never merged into
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
DERIVED_RESTRICTED = GRAPH_BASE + "derived-restricted"
DERIVED_PUBLIC = GRAPH_BASE + "derived-public"

FULL_GRAPHS = (PUBLIC, RESTRICTED, ONTOLOGY, DERIVED, DERIVED_RESTRICTED)
PUBLIC_GRAPHS = (PUBLIC, ONTOLOGY, DERIVED, DERIVED_PUBLIC)
ALL_GRAPHS = (PUBLIC, RESTRICTED, ONTOLOGY, DERIVED, DERIVED_RESTRICTED, DERIVED_PUBLIC)


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

    >>> [g.rsplit("/", 1)[1] for g in query_dataset().default]
    ['public', 'derived', 'derived-public']
    """

    def g(iri: str) -> str:
        return prefix + iri[len(GRAPH_BASE) :]

    if include_restricted:
        full = (PUBLIC, RESTRICTED, DERIVED, DERIVED_RESTRICTED)
        return Dataset(tuple(map(g, full)), tuple(map(g, FULL_GRAPHS)))
    public = (PUBLIC, DERIVED, DERIVED_PUBLIC)
    return Dataset(tuple(map(g, public)), tuple(map(g, PUBLIC_GRAPHS)))


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
