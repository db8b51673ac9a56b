"""Access levels: what public output may show.

A node marked ``rg:accessLevel access:restricted`` is dropped together with
every triple that mentions it. So are the evidence records of a restricted
claim, evidence read in a restricted document, and any blank node (a date, an
assessment) left hanging from nothing — otherwise a quote or a date could
outlive the node it belonged to. Public output may say that restricted
evidence exists (``withheld_evidence``) without revealing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..vocab import ACCESS_RESTRICTED, ONTOLOGY

if TYPE_CHECKING:
    import rdflib

RG = ONTOLOGY
RESTRICTED = ACCESS_RESTRICTED


@dataclass
class Redaction:
    graph: rdflib.Graph
    removed_nodes: set[str] = field(default_factory=set)
    removed_triples: int = 0
    withheld_evidence: dict[str, int] = field(default_factory=dict)  # claim IRI -> hidden records


def restricted_nodes(graph: rdflib.Graph) -> set[rdflib.term.Node]:
    """Every node public output must not show."""
    from rdflib import URIRef

    acc = URIRef(RG + "accessLevel")
    evidence = URIRef(RG + "evidence")
    document = URIRef(RG + "document")
    hidden: set[rdflib.term.Node] = set(graph.subjects(acc, URIRef(RESTRICTED)))
    # evidence of a restricted claim, and evidence read in a restricted document
    for node in list(hidden):
        hidden.update(graph.objects(node, evidence))
    for ev, doc in graph.subject_objects(document):
        if doc in hidden:
            hidden.add(ev)
    return hidden


def public_view(graph: rdflib.Graph) -> Redaction:
    """A copy of ``graph`` without restricted nodes and what hangs from them."""
    from rdflib import BNode, Graph, URIRef

    hidden = restricted_nodes(graph)
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    evidence = URIRef(RG + "evidence")
    withheld: dict[str, int] = {}
    removed = 0
    for s, p, o in graph:
        if s in hidden or o in hidden or p in hidden:
            removed += 1
            if p == evidence and s not in hidden and o in hidden:
                withheld[str(s)] = withheld.get(str(s), 0) + 1
            continue
        out.add((s, p, o))
    # drop blank nodes no longer reachable from a named node (dates, assessments)
    while True:
        orphans = {
            s
            for s in set(out.subjects())
            if isinstance(s, BNode) and not any(out.subjects(None, s))
        }
        if not orphans:
            break
        for b in orphans:
            for t in list(out.triples((b, None, None))):
                out.remove(t)
                removed += 1
    return Redaction(out, {str(h) for h in hidden}, removed, withheld)
