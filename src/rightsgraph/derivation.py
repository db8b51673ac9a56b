"""Writing the derived facts at build: one read of each index the rules need,
both access views at once, each fact stored once.

``claims.py`` says what the rules are; this module feeds them. It reads, from
the store's data graphs, the few predicates the rules look at (``rdf:type``,
``rg:evidence``, ``rg:document``, ``rg:claimant``, ``rg:stance``, ``rg:speaker``,
the ``prov`` citation and rewrite links) as Python tables, one index scan per
predicate and graph, and applies the rules to the whole data and to the public
data alone. Joining those tables in SPARQL, with an ``OPTIONAL`` per field,
took most of a million-triple build; the scans take a few seconds.

A fact is written to one of three graphs (``store/dataset.py``), so that the
store holds each fact once however many views see it:

``graph/derived``
    facts that hold in both views — on data with nothing restricted, all of them;
``graph/derived-restricted``
    facts that hold only when restricted data counts (a restricted claim's
    standing, the types of a restricted node): hidden from public output, like
    ``graph/restricted``;
``graph/derived-public``
    the public view's own answer where restricted data changes it (a claim
    whose restricted evidence would make it contested reads ``false`` here).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .claims import DERIVED_PROPERTIES, VOCABULARY_USED, Record, Standing, standing
from .store.dataset import (
    DERIVED,
    DERIVED_PUBLIC,
    DERIVED_RESTRICTED,
    ONTOLOGY,
    PUBLIC,
    RESTRICTED,
)
from .vocab import ONTOLOGY as RG
from .vocab import RDF_TYPE, STANCE_AFFIRMING, STANCE_OPPOSING, XSD

if TYPE_CHECKING:
    import rdflib

RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
PROV = "http://www.w3.org/ns/prov#"
CLAIM = RG + "Claim"
BATCH = 100_000

# a fact: (subject term, predicate term, object term), pyoxigraph terms
Fact = tuple[Any, Any, Any]


@dataclass
class Tables:
    """What the rules read from one view of the data, by term value."""

    types: dict[Any, set[Any]] = field(default_factory=dict)  # node term -> asserted classes
    evidence: dict[str, set[str]] = field(default_factory=dict)  # claim -> records
    document: dict[str, set[str]] = field(default_factory=dict)  # record -> documents
    claimant: dict[str, set[str]] = field(default_factory=dict)
    stance: dict[str, set[str]] = field(default_factory=dict)
    cites: dict[str, set[str]] = field(default_factory=dict)  # record -> primary sources
    speaker: dict[str, set[str]] = field(default_factory=dict)
    lineage: dict[str, set[str]] = field(default_factory=dict)  # document -> parents

    def merged(self, other: Tables) -> Tables:
        """This view plus ``other`` (the public tables plus the restricted ones)."""
        out = Tables()
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            both = {k: set(v) for k, v in mine.items()}
            for k, v in theirs.items():
                both.setdefault(k, set()).update(v)
            setattr(out, name, both)
        return out


_STRING_TABLES = {
    RG + "evidence": "evidence",
    RG + "document": "document",
    RG + "claimant": "claimant",
    RG + "stance": "stance",
    PROV + "hadPrimarySource": "cites",
    PROV + "wasQuotedFrom": "cites",
    RG + "speaker": "speaker",
    PROV + "wasDerivedFrom": "lineage",
}


class TableCollector:
    """Fills ``Tables`` from quads as they go by — the loader hands it every batch
    it parses (``store.ingest.load_files(observe=…)``), so a build reads nothing
    back from the store — or from index scans (``read_tables``)."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.tables = Tables()
        self._type = ox.NamedNode(RDF_TYPE)
        self._by_predicate = {
            ox.NamedNode(p): getattr(self.tables, name) for p, name in _STRING_TABLES.items()
        }

    def __call__(self, quads: Iterable[Any]) -> None:
        types, by_predicate, rdf_type = self.tables.types, self._by_predicate, self._type
        for q in quads:
            p = q.predicate
            if p == rdf_type:
                types.setdefault(q.subject, set()).add(q.object)
            else:
                table = by_predicate.get(p)
                if table is not None:
                    table.setdefault(q.subject.value, set()).add(q.object.value)

    def predicates(self) -> list[Any]:
        return [self._type, *self._by_predicate]


def read_tables(store: Any, graphs: Iterable[str]) -> Tables:
    """The rules' tables from the given graphs of a pyoxigraph store."""
    import pyoxigraph as ox

    collect = TableCollector()
    for graph in graphs:
        g = ox.NamedNode(graph)
        for p in collect.predicates():
            collect(store.quads_for_pattern(None, p, None, g))
    return collect.tables


def without(tables: Tables, quads: Iterable[Any]) -> Tables:
    """A copy of ``tables`` less the given quads (the public view's tables: the
    whole data's less what the access rule moved). Sets are shared, never changed."""
    out = Tables(**{name: dict(getattr(tables, name)) for name in Tables.__dataclass_fields__})
    for q in quads:
        if q.predicate.value == RDF_TYPE:
            table: dict[Any, set[Any]] = out.types
            key, value = q.subject, q.object
        else:
            name = _STRING_TABLES.get(q.predicate.value)
            if name is None:
                continue
            table = getattr(out, name)
            key, value = q.subject.value, q.object.value
        current = table.get(key)
        if current and value in current:
            if len(current) == 1:
                del table[key]
            else:
                table[key] = current - {value}
    return out


@dataclass
class Ontology:
    """The two hierarchies the rules use, read once from the ontology graph."""

    superclasses: dict[Any, set[Any]]  # class -> every IRI class above it
    groups: dict[str, str | None]  # stance -> AFFIRMING, OPPOSING or None

    @classmethod
    def read(cls, store: Any) -> Ontology:
        import pyoxigraph as ox

        g = ox.NamedNode(ONTOLOGY)
        parents: dict[Any, set[Any]] = {}
        for q in store.quads_for_pattern(None, ox.NamedNode(RDFS_SUBCLASS), None, g):
            if isinstance(q.object, ox.NamedNode):
                parents.setdefault(q.subject, set()).add(q.object)
        above: dict[Any, set[Any]] = {}
        for c in parents:
            seen: set[Any] = set()
            todo = list(parents[c])
            while todo:
                p = todo.pop()
                if p not in seen:
                    seen.add(p)
                    todo.extend(parents.get(p, ()))
            above[c] = seen
        broader: dict[str, set[str]] = {}
        for q in store.quads_for_pattern(None, ox.NamedNode(SKOS_BROADER), None, g):
            broader.setdefault(q.subject.value, set()).add(q.object.value)
        groups: dict[str, str | None] = {}
        for stance, up in broader.items():
            groups[stance] = next((x for x in (STANCE_AFFIRMING, STANCE_OPPOSING) if x in up), None)
        return cls(above, groups)


def closure_of(asserted: set[Any], onto: Ontology) -> set[Any]:
    """Every superclass of the asserted classes that they do not already name."""
    above: set[Any] = set()
    for c in asserted:
        above |= onto.superclasses.get(c, set())
    return above - asserted


def type_closure(tables: Tables, onto: Ontology) -> Iterator[Fact]:
    """``x a super`` for every superclass of an asserted class the data does not state."""
    import pyoxigraph as ox

    rdf_type = ox.NamedNode(RDF_TYPE)
    for x, asserted in tables.types.items():
        for s in closure_of(asserted, onto):
            yield (x, rdf_type, s)


def claim_terms(tables: Tables, onto: Ontology) -> dict[str, Any]:
    """Every node typed ``rg:Claim`` or a subclass of it, by value."""
    claim_classes = {c for c, up in onto.superclasses.items() if any(s.value == CLAIM for s in up)}
    claim_classes |= {c for c in tables_classes(tables) if c.value == CLAIM}
    return {
        x.value: x for x, asserted in tables.types.items() if not asserted.isdisjoint(claim_classes)
    }


def tables_classes(tables: Tables) -> set[Any]:
    out: set[Any] = set()
    for asserted in tables.types.values():
        out |= asserted
    return out


def standings_of(
    tables: Tables, onto: Ontology, claims: Iterable[str] | None = None
) -> dict[str, Standing]:
    """The rules of ``claims.standing`` applied to every claim of the tables."""
    judge = Judge(tables, onto)
    return {c: judge(c) for c in (claims if claims is not None else claim_terms(tables, onto))}


class Judge:
    """One claim's standing from the tables, on demand (a build pairs the two
    views' standings claim by claim and keeps neither view's all at once)."""

    def __init__(self, tables: Tables, onto: Ontology) -> None:
        self.tables, self.groups = tables, onto.groups
        self.lineage = {d: sorted(ps) for d, ps in tables.lineage.items()}

    def __call__(self, claim: str) -> Standing:
        t, groups = self.tables, self.groups
        records = []
        for ev in sorted(t.evidence.get(claim, ())):
            docs = t.document.get(ev)
            if not docs:
                continue  # a record read in no document is not evidence of anything
            claimant = t.claimant.get(ev)
            stance = t.stance.get(ev, ())
            group = next((groups[s] for s in sorted(stance) if groups.get(s)), None)
            cites = t.cites.get(ev)
            records.append(
                Record(
                    ev,
                    min(docs),
                    min(claimant) if claimant else None,
                    group,
                    min(cites) if cites else None,
                )
            )
        return standing(claim, records, t.speaker.get(claim, set()), self.lineage)


class _Terms:
    """The few literals and predicates the standing facts use, made once."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.boolean = {
            v: ox.Literal("true" if v else "false", datatype=ox.NamedNode(XSD + "boolean"))
            for v in (True, False)
        }
        self._integer = ox.NamedNode(XSD + "integer")
        self._ints: dict[int, Any] = {}
        self.contested, self.supporting, self.originals, self.copies, self.original = (
            ox.NamedNode(p) for p in DERIVED_PROPERTIES
        )

    def integer(self, n: int) -> Any:
        lit = self._ints.get(n)
        if lit is None:
            lit = self._ints[n] = self.ox.Literal(str(n), datatype=self._integer)
        return lit


def standing_facts(claim: Any, st: Standing, t: _Terms) -> list[Fact]:
    facts = [
        (claim, t.contested, t.boolean[st.contested]),
        (claim, t.supporting, t.integer(st.documents)),
        (claim, t.originals, t.integer(len(st.originals))),
        (claim, t.copies, t.integer(st.derived_copies)),
    ]
    facts.extend((claim, t.original, t.ox.NamedNode(d)) for d in st.originals)
    return facts


def vocabulary_used(store: Any, graphs: list[str]) -> set[Fact]:
    import pyoxigraph as ox

    rows = store.query(
        VOCABULARY_USED,
        default_graph=[ox.NamedNode(g) for g in graphs],
        named_graphs=[ox.NamedNode(ONTOLOGY)],
    )
    return {(c, p, o) for c, p, o in rows}


def view_facts(store: Any, tables: Tables, graphs: list[str], onto: Ontology) -> Iterator[Fact]:
    """Every derived fact of one view."""
    yield from type_closure(tables, onto)
    yield from vocabulary_used(store, graphs)
    terms = _Terms()
    claims = claim_terms(tables, onto)
    for c, st in standings_of(tables, onto, claims).items():
        yield from standing_facts(claims[c], st, terms)


@dataclass
class Derived:
    common: int = 0
    restricted_only: int = 0
    public_only: int = 0

    @property
    def total(self) -> int:
        return self.common + self.restricted_only + self.public_only


def _write(store: Any, facts: Iterable[Fact], graph: str) -> int:
    import pyoxigraph as ox

    g = ox.NamedNode(graph)
    return _write_quads(store, (ox.Quad(s, p, o, g) for s, p, o in facts))


def derive(store: Any, whole: Tables | None = None, moved: Iterable[Any] = ()) -> Derived:
    """Compute and write the derived facts of both views (the graphs emptied first).

    ``whole``: the tables of all the data, collected while it was loaded, and
    ``moved``: the quads the access rule then moved to ``graph/restricted``; read
    from the store when not given."""
    for g in (DERIVED, DERIVED_RESTRICTED, DERIVED_PUBLIC):
        store.update(f"CLEAR SILENT GRAPH <{g}>")
    onto = Ontology.read(store)
    if not _has_quads(store, RESTRICTED):
        public = whole if whole is not None else read_tables(store, [PUBLIC])
        return Derived(common=_write(store, view_facts(store, public, [PUBLIC], onto), DERIVED))
    if whole is None:
        public = read_tables(store, [PUBLIC])
        whole = public.merged(read_tables(store, [RESTRICTED]))
    else:
        public = without(whole, moved)
    out = Derived()
    _write_quads(store, _paired_quads(store, whole, public, onto, out))
    return out


def _paired_quads(
    store: Any, whole: Tables, public: Tables, onto: Ontology, counts: Derived
) -> Iterator[Any]:
    """Both views' facts, one node or claim at a time (so memory holds one unit's
    facts, not two sets of every fact), each as a quad in the graph it belongs to."""
    import pyoxigraph as ox

    common, full_only, public_only = (
        ox.NamedNode(g) for g in (DERIVED, DERIVED_RESTRICTED, DERIVED_PUBLIC)
    )
    Quad = ox.Quad

    def split(full: Iterable[Fact], pub: Iterable[Fact]) -> Iterator[Any]:
        pub_set = set(pub)
        for f in full:
            if f in pub_set:
                pub_set.discard(f)
                counts.common += 1
                yield Quad(*f, common)
            else:
                counts.restricted_only += 1
                yield Quad(*f, full_only)
        counts.public_only += len(pub_set)
        for f in pub_set:
            yield Quad(*f, public_only)

    rdf_type = ox.NamedNode(RDF_TYPE)
    nobody: set[Any] = set()
    for x in whole.types.keys() | public.types.keys():
        full_types = closure_of(whole.types.get(x, nobody), onto)
        pub_types = closure_of(public.types.get(x, nobody), onto)
        yield from split(
            ((x, rdf_type, c) for c in full_types), ((x, rdf_type, c) for c in pub_types)
        )
    yield from split(vocabulary_used(store, [PUBLIC, RESTRICTED]), vocabulary_used(store, [PUBLIC]))
    terms = _Terms()
    full_claims, pub_claims = claim_terms(whole, onto), claim_terms(public, onto)
    full_judge, pub_judge = Judge(whole, onto), Judge(public, onto)
    for c in full_claims.keys() | pub_claims.keys():
        term = full_claims.get(c) or pub_claims[c]
        full_facts = standing_facts(term, full_judge(c), terms) if c in full_claims else []
        pub_facts = standing_facts(term, pub_judge(c), terms) if c in pub_claims else []
        yield from split(full_facts, pub_facts)


def _write_quads(store: Any, quads: Iterable[Any]) -> int:
    it = iter(quads)
    n = 0
    while batch := list(itertools.islice(it, BATCH)):
        store.bulk_extend(batch)
        n += len(batch)
    return n


def _has_quads(store: Any, graph: str) -> bool:
    import pyoxigraph as ox

    return (
        next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))), None) is not None
    )


def standings(store: Any, graphs: list[str]) -> dict[str, Standing]:
    """The standing of every claim in the given graphs of a pyoxigraph store."""
    return standings_of(read_tables(store, graphs), Ontology.read(store))


def contested_in(graph: rdflib.Graph) -> set[str]:
    """IRIs of the contested claims of an rdflib graph (data, with or without the
    ontology merged in) — for a contribution's preview, before anything is built.
    The same rules as at build, on a scratch store."""
    import pyoxigraph as ox

    from .resources import ontology_files
    from .store.ingest import load_files
    from .store.oxigraph import to_ox

    scratch = ox.Store()
    load_files(scratch, ontology_files(), graph=ONTOLOGY)
    public = ox.NamedNode(PUBLIC)
    scratch.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), public) for s, p, o in graph)
    return {c for c, st in standings(scratch, [PUBLIC]).items() if st.contested}
