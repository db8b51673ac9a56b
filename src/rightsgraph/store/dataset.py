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

**User graphs.** A TriG or N-Quads data file may hold named graphs of its own;
each ``<G>`` is stored as named graph ``<G>``, as written, and is a named graph
of every query's dataset (``GRAPH <G>``, ``FROM <G>``, ``FROM NAMED <G>``,
the protocol's ``named-graph-uri``) — never part of the default graph, and
never read by the derived facts. Their names may not lie under ``GRAPH_BASE``
(``rdf.parse.check_graph_name``). In public mode a user graph that marks or
mentions anything restricted is hidden whole (``store/access.py`` decides;
``hidden-graphs`` below records its decision, and is in no query's dataset).
"""

from __future__ import annotations

from ..records import Record
from ..vocab import GRAPHS as GRAPH_BASE

TYPE_CHECKING = False  # not typing's: every query builds a Dataset
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

PUBLIC = GRAPH_BASE + "public"
RESTRICTED = GRAPH_BASE + "restricted"
ONTOLOGY = GRAPH_BASE + "ontology"
DERIVED = GRAPH_BASE + "derived"
DERIVED_RESTRICTED = GRAPH_BASE + "derived-restricted"
DERIVED_PUBLIC = GRAPH_BASE + "derived-public"

FULL_GRAPHS = (PUBLIC, RESTRICTED, ONTOLOGY, DERIVED, DERIVED_RESTRICTED)
PUBLIC_GRAPHS = (PUBLIC, ONTOLOGY, DERIVED, DERIVED_PUBLIC)
ALL_GRAPHS = (PUBLIC, RESTRICTED, ONTOLOGY, DERIVED, DERIVED_RESTRICTED, DERIVED_PUBLIC)
# names of the user graphs that public output must not show (written by store/access.py)
HIDDEN_GRAPHS = GRAPH_BASE + "hidden-graphs"


class Dataset(Record):
    """The RDF dataset of one query: what its default graph merges, and which
    graphs ``GRAPH`` can name. Immutable and hashable, as a frozen dataclass."""

    __slots__ = ("default", "named")
    default: tuple[str, ...]
    named: tuple[str, ...]

    def __init__(self, default: tuple[str, ...], named: tuple[str, ...]) -> None:
        object.__setattr__(self, "default", default)
        object.__setattr__(self, "named", named)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field '{name}' of a Dataset")

    def __hash__(self) -> int:
        return hash((self.default, self.named))


def query_dataset(
    include_restricted: bool = False, prefix: str = GRAPH_BASE, user: tuple[str, ...] = ()
) -> Dataset:
    """The dataset a command's query sees: public unless ``include_restricted``.

    ``prefix`` replaces ``GRAPH_BASE`` for a remote engine that keeps several
    projects side by side (``--store sparql:URL,graph=IRI``); ``user`` are the
    user graphs this view shows (``user_graphs``), named graphs after ours.

    >>> [g.rsplit("/", 1)[1] for g in query_dataset().default]
    ['public', 'derived', 'derived-public']
    """

    def g(iri: str) -> str:
        return prefix + iri[len(GRAPH_BASE) :]

    if include_restricted:
        full = (PUBLIC, RESTRICTED, DERIVED, DERIVED_RESTRICTED)
        return Dataset(tuple(map(g, full)), tuple(map(g, FULL_GRAPHS)) + user)
    public = (PUBLIC, DERIVED, DERIVED_PUBLIC)
    return Dataset(tuple(map(g, public)), tuple(map(g, PUBLIC_GRAPHS)) + user)


def protocol_dataset(default: Sequence[str], named: Sequence[str]) -> Dataset | None:
    """The dataset the SPARQL 1.1 Protocol's ``default-graph-uri`` /
    ``named-graph-uri`` ask for (section 2.1.4; ``query --default-graph`` /
    ``--named-graph`` are the same): given either, the dataset is exactly what is
    given — no default graph, say, when only named graphs are — and it overrides
    the query's own ``FROM`` / ``FROM NAMED``; None when neither is given. The
    store checks each graph against its view (``oxigraph.check_within``).

    >>> protocol_dataset([], ["http://example.org/g"])
    Dataset(default=(), named=('http://example.org/g',))
    """
    if not default and not named:
        return None
    return Dataset(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


def user_graphs(store: Any, include_restricted: bool = True) -> tuple[str, ...]:
    """The user graphs of a pyoxigraph store (sorted), less those hidden from
    public output unless ``include_restricted``."""
    import pyoxigraph as ox

    names = sorted(
        g.value
        for g in store.named_graphs()
        if isinstance(g, ox.NamedNode) and not g.value.startswith(GRAPH_BASE)
    )
    if include_restricted or not names:
        return tuple(names)
    hidden = {
        q.subject.value
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(HIDDEN_GRAPHS))
    }
    return tuple(n for n in names if n not in hidden)


def from_clauses(sparql: str, base_iri: str | None = None) -> Dataset | None:
    """The dataset a query's ``FROM`` / ``FROM NAMED`` clauses ask for (SPARQL
    1.1 §13.2: given either, the dataset is exactly what they name), or None when
    it has none. The engine is handed the dataset explicitly, so every graph it
    reads has been checked against the view (``oxigraph.check_within``); the IRIs
    are resolved by Oxigraph's own parser, with the query's prefixes and base."""
    from .sparqltext import dataset_clauses

    prologue, targets = dataset_clauses(sparql)
    if not targets:
        return None
    import pyoxigraph as ox

    probe = ox.Store()
    default: list[str] = []
    named: list[str] = []
    for is_named, written in targets:
        try:
            res: Any = probe.query(
                f"{prologue}\nSELECT ?g WHERE {{ VALUES ?g {{ {written} }} }}", base_iri=base_iri
            )
            iri = next(iter(res))[0].value
        except (SyntaxError, ValueError, StopIteration):
            return None  # the query itself is refused with its own syntax error
        (named if is_named else default).append(iri)
    return Dataset(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


def data_graphs(dataset: Dataset) -> tuple[str, ...]:
    """The graphs of a dataset's default graph that hold data (not derived facts)."""
    return tuple(g for g in dataset.default if g.endswith(("/public", "/restricted")))


def stored_graphs(store: Any) -> list[Any]:
    """The graphs that hold what was written in a pyoxigraph store — data, user
    graphs and ontology, never derived facts — or its default graph when it does
    not hold this dataset (a contribution read into a scratch store). The
    validator judges these."""
    import pyoxigraph as ox

    onto = ox.NamedNode(ONTOLOGY)
    if next(iter(store.quads_for_pattern(None, None, None, onto)), None) is None:
        return [ox.DefaultGraph()]
    user = [ox.NamedNode(g) for g in user_graphs(store)]
    return [ox.NamedNode(PUBLIC), ox.NamedNode(RESTRICTED), *user, onto]
