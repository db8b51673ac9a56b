"""The domain rules about claims, in one place: what makes a claim contested,
which evidence supports it, and how many independent sources stand behind it.

They run once, at build, on the store itself (``derivation.derive`` reads
the data they need and writes their answers as derived facts that every command reads: ``rg:contested``,
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

from collections.abc import Iterable
from dataclasses import dataclass, field

from .store.dataset import ONTOLOGY
from .vocab import ONTOLOGY as RG
from .vocab import STANCE_AFFIRMING, STANCE_OPPOSING

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

LINEAGE = f"{PREFIXES}SELECT ?d ?parent WHERE {{ ?d prov:wasDerivedFrom ?parent }}"


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
