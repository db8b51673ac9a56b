"""The domain rules about claims, in one place: what makes a claim contested,
which evidence supports it, and how many independent sources stand behind it.

They run once, at build, on the store itself (``derive``), and write their
answers as derived facts that every command reads: ``rg:contested``,
``rg:supportingDocuments``, ``rg:independentOriginals``, ``rg:derivedCopies``,
``rg:independentOriginal``, and the ``rdf:type`` closure over the ontology's
``rdfs:subClassOf`` (so ``?c a rg:Claim`` finds every claim). The vocabulary
the data uses — stances, roles, types and the classes of its nodes, with their
labels, ``skos:broader`` and ``rdfs:subClassOf`` — is copied next to them, so
``?ev rg:stance/skos:broader stance:opposing`` and ``?cls rdfs:label ?l`` work
without naming the ontology graph, and a node's most specific class is the one
no other of its classes is ``rdfs:subClassOf``.

The rules:

* **Stance groups.** Every stance is narrower than ``stance:affirming`` or
  ``stance:opposing`` (``ontology/vocabularies.ttl``).
* **Supporting evidence** is affirming evidence — and a speaker's own opposing
  evidence on a claim whose ``rg:speaker`` they are: the record of "Diop rejects
  the report" is the rejection itself, not opposition to it.
* **Contested**: a claim with supporting evidence and opposing evidence from a
  claimant who is not its speaker.
* **Independence**: each supporting record traces back to an origin — the
  document it cites (``prov:hadPrimarySource`` / ``prov:wasQuotedFrom``) or else
  the document it is read in — followed up ``prov:wasDerivedFrom`` (rewrites) to
  its root. Distinct roots are independent originals; the other supporting
  documents are derived copies.

The same function runs for the public view on the public data alone, so public
output never reveals what restricted evidence would change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .store.dataset import DERIVED, DERIVED_PUBLIC, ONTOLOGY, PUBLIC, RESTRICTED
from .vocab import ONTOLOGY as RG
from .vocab import RDF_TYPE, STANCE_AFFIRMING, STANCE_OPPOSING, XSD

if TYPE_CHECKING:
    import rdflib

AFFIRMING, OPPOSING = STANCE_AFFIRMING, STANCE_OPPOSING

# the properties derive() writes, declared in ontology/rightsgraph.ttl as derived
DERIVED_PROPERTIES = (
    RG + "contested",
    RG + "supportingDocuments",
    RG + "independentOriginals",
    RG + "derivedCopies",
    RG + "independentOriginal",
)

PREFIXES = f"""
PREFIX rg: <{RG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

# asserted types whose ontology superclasses the data does not state
TYPE_CLOSURE = f"""{PREFIXES}
SELECT DISTINCT ?x ?super WHERE {{
  ?x a ?c .
  GRAPH <{ONTOLOGY}> {{ ?c rdfs:subClassOf+ ?super }}
  FILTER(isIRI(?super))
  FILTER NOT EXISTS {{ ?x a ?super }}
}}
"""

# the vocabulary the data uses: concepts it points to and the concepts broader than
# them, classes it types nodes with and their superclasses — with their labels and
# hierarchy, so queries read them without naming the ontology graph
VOCABULARY_USED = f"""{PREFIXES}
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?c ?p ?o WHERE {{
  # from the ontology's few hundred terms, those some data triple points to (an
  # index probe each, not a scan of the data)
  GRAPH <{ONTOLOGY}> {{ {{ ?used a skos:Concept }} UNION {{ ?used a owl:Class }} }}
  FILTER EXISTS {{ ?s ?q ?used }}
  GRAPH <{ONTOLOGY}> {{
    ?used (skos:broader|rdfs:subClassOf)* ?c .
    ?c ?p ?o .
    VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel skos:broader skos:inScheme skos:notation rdfs:subClassOf }}
  }}
  FILTER(?p != rdfs:subClassOf || isIRI(?o))
  FILTER NOT EXISTS {{ ?c ?p ?o }}
}}
"""

# every evidence record of every claim, with what the rules need
EVIDENCE = f"""{PREFIXES}
SELECT ?claim ?ev ?doc ?claimant ?group ?primary WHERE {{
  ?claim rg:evidence ?ev .
  ?ev rg:document ?doc .
  OPTIONAL {{ ?ev rg:claimant ?claimant }}
  OPTIONAL {{ ?ev rg:stance ?stance . GRAPH <{ONTOLOGY}> {{ ?stance skos:broader ?group }} }}
  OPTIONAL {{ {{ ?ev prov:hadPrimarySource ?primary }} UNION {{ ?ev prov:wasQuotedFrom ?primary }} }}
}}
"""

SPEAKERS = f"{PREFIXES}SELECT ?claim ?speaker WHERE {{ ?claim rg:speaker ?speaker }}"

LINEAGE = f"{PREFIXES}SELECT ?d ?parent WHERE {{ ?d prov:wasDerivedFrom ?parent }}"

CLAIMS = f"{PREFIXES}SELECT DISTINCT ?claim WHERE {{ ?claim a rg:Claim }}"


@dataclass
class Record:
    """One evidence record as the rules see it."""

    evidence: str
    document: str
    claimant: str | None
    group: str | None  # AFFIRMING, OPPOSING or None (a stance outside both groups)
    cites: str | None = None


@dataclass
class Standing:
    """What the rules say about one claim."""

    claim: str
    supporting: list[Record] = field(default_factory=list)
    opposing: list[Record] = field(default_factory=list)  # by claimants other than the speaker
    originals: list[str] = field(default_factory=list)

    @property
    def contested(self) -> bool:
        return bool(self.supporting) and bool(self.opposing)

    @property
    def documents(self) -> int:
        return len({r.document for r in self.supporting})

    @property
    def derived_copies(self) -> int:
        return max(0, self.documents - len(self.originals))


def root(lineage: dict[str, list[str]], doc: str) -> str:
    """Follow rewrites up to the original (cycle-safe; the first parent in IRI
    order wins, so the answer does not depend on the engine's row order)."""
    seen = {doc}
    while lineage.get(doc):
        doc = min(lineage[doc])
        if doc in seen:
            break
        seen.add(doc)
    return doc


def is_supporting(record: Record, speakers: set[str]) -> bool:
    """Affirming evidence, or the speaker's own opposing record (the rejection itself)."""
    if record.group == AFFIRMING:
        return True
    return record.group == OPPOSING and record.claimant in speakers


def standing(
    claim: str,
    records: Iterable[Record],
    speakers: set[str],
    lineage: dict[str, list[str]],
) -> Standing:
    """Apply the rules to one claim's evidence.

    >>> ev = [Record("e1", "doc:a", "actor:ohchr", AFFIRMING),
    ...       Record("e2", "doc:b", "actor:mali", OPPOSING)]
    >>> standing("claim:x", ev, set(), {}).contested
    True
    >>> standing("claim:x", ev, {"actor:mali"}, {}).contested  # Mali's own rejection
    False
    >>> copy = Record("e3", "doc:c", "actor:hrw", AFFIRMING)
    >>> standing("claim:x", [ev[0], copy], set(), {"doc:c": ["doc:a"]}).originals
    ['doc:a']
    """
    out = Standing(claim)
    for r in records:
        if is_supporting(r, speakers):
            out.supporting.append(r)
        elif r.group == OPPOSING:
            out.opposing.append(r)
    out.originals = sorted({root(lineage, r.cites or r.document) for r in out.supporting})
    return out


def _value(term: Any) -> str | None:
    return None if term is None else term.value


def standings(store: Any, graphs: list[str]) -> dict[str, Standing]:
    """The standing of every claim in the given graphs of a pyoxigraph store."""
    import pyoxigraph as ox

    default = [ox.NamedNode(g) for g in graphs]
    named = [ox.NamedNode(ONTOLOGY)]

    def rows(sparql: str) -> Iterator[Any]:
        yield from store.query(sparql, default_graph=default, named_graphs=named)

    lineage: dict[str, list[str]] = {}
    for d, parent in rows(LINEAGE):
        lineage.setdefault(d.value, []).append(parent.value)
    speakers: dict[str, set[str]] = {}
    for c, s in rows(SPEAKERS):
        speakers.setdefault(c.value, set()).add(s.value)
    records: dict[str, dict[str, Record]] = {}
    for claim, ev, doc, claimant, group, primary in rows(EVIDENCE):
        per = records.setdefault(claim.value, {})
        if ev.value not in per:  # a record citing two sources: the first, in IRI order
            per[ev.value] = Record(ev.value, doc.value, _value(claimant), _value(group))
        rec = per[ev.value]
        if primary is not None and (rec.cites is None or primary.value < rec.cites):
            rec.cites = primary.value
    out = {}
    for (claim,) in rows(CLAIMS):
        c = claim.value
        out[c] = standing(c, records.get(c, {}).values(), speakers.get(c, set()), lineage)
    return out


def _derived_quads(store: Any, graphs: list[str], target: str) -> Iterator[Any]:
    import pyoxigraph as ox

    default = [ox.NamedNode(g) for g in graphs]
    named = [ox.NamedNode(ONTOLOGY)]
    g = ox.NamedNode(target)
    rdf_type = ox.NamedNode(RDF_TYPE)
    for x, sup in store.query(TYPE_CLOSURE, default_graph=default, named_graphs=named):
        yield ox.Quad(x, rdf_type, sup, g)
    for c, p, o in store.query(VOCABULARY_USED, default_graph=default, named_graphs=named):
        yield ox.Quad(c, p, o, g)


def _standing_quads(found: dict[str, Standing], target: str) -> Iterator[Any]:
    import pyoxigraph as ox

    g = ox.NamedNode(target)
    boolean, integer = ox.NamedNode(XSD + "boolean"), ox.NamedNode(XSD + "integer")
    contested, supporting, originals, copies, original = (
        ox.NamedNode(p) for p in DERIVED_PROPERTIES
    )
    for claim, st in found.items():
        c = ox.NamedNode(claim)
        yield ox.Quad(
            c, contested, ox.Literal("true" if st.contested else "false", datatype=boolean), g
        )
        yield ox.Quad(c, supporting, ox.Literal(str(st.documents), datatype=integer), g)
        yield ox.Quad(c, originals, ox.Literal(str(len(st.originals)), datatype=integer), g)
        yield ox.Quad(c, copies, ox.Literal(str(st.derived_copies), datatype=integer), g)
        for doc in st.originals:
            yield ox.Quad(c, original, ox.NamedNode(doc), g)


def derive_into(store: Any, graphs: list[str], target: str) -> int:
    """Compute the derived facts of ``graphs`` into graph ``target`` (emptied first)."""
    import pyoxigraph as ox

    store.update(f"CLEAR SILENT GRAPH <{target}>")
    # types and vocabulary first: the claim rules find claims by the closed types
    # and stance groups through the ontology graph
    closure = list(_derived_quads(store, graphs, target))
    store.bulk_extend(closure)
    found = standings(store, [*graphs, target])
    facts = list(_standing_quads(found, target))
    store.bulk_extend(facts)
    del ox
    return len(closure) + len(facts)


def derive(store: Any) -> int:
    """The derived facts of the whole data and of the public view, at build."""
    import pyoxigraph as ox

    n = derive_into(store, [PUBLIC, RESTRICTED], DERIVED)
    if next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(RESTRICTED))), None):
        return n + derive_into(store, [PUBLIC], DERIVED_PUBLIC)
    # nothing restricted: the public view's facts are the same, copied not recomputed
    store.update(f"CLEAR SILENT GRAPH <{DERIVED_PUBLIC}>")
    target = ox.NamedNode(DERIVED_PUBLIC)
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, target)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED))
    )
    return 2 * n


def contested_in(graph: rdflib.Graph) -> set[str]:
    """IRIs of the contested claims of an rdflib graph (data, with or without the
    ontology merged in) — for a contribution's preview, before anything is built.
    The same rules as ``derive``, on a scratch store."""
    import pyoxigraph as ox

    from .resources import ontology_files
    from .store.ingest import load_files
    from .store.oxigraph import to_ox

    scratch = ox.Store()
    load_files(scratch, ontology_files(), graph=ONTOLOGY)
    public = ox.NamedNode(PUBLIC)
    scratch.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), public) for s, p, o in graph)
    derive_into(scratch, [PUBLIC], DERIVED)
    return {c for c, st in standings(scratch, [PUBLIC, DERIVED]).items() if st.contested}
