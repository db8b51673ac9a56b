"""Counts that tell a reader what the graph holds: by class, claims, evidence,
contested claims, documents. Computed by SPARQL so every store answers alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store.base import Store
from ..vocab import curie

PREFIXES = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass
class Stats:
    triples: int
    by_class: list[tuple[str, int]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def _count(store: Store, where: str) -> int:
    res = store.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(str(res.rows[0][0])) if res.rows and res.rows[0][0] is not None else 0


def compute(store: Store) -> Stats:
    from ..store.dataset import data_graphs

    graphs = " ".join(f"<{g}>" for g in data_graphs(store.dataset))
    res = store.query(
        PREFIXES
        + """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  # the classes the data states, not those the type closure adds
  VALUES ?g { GRAPHS }
  GRAPH ?g { ?x a ?class }
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/rightsgraph/ontology#"))
} GROUP BY ?class ORDER BY DESC(?n) ?class""".replace("GRAPHS", graphs)
    )
    by_class = [(curie(str(r[0])), int(str(r[1]))) for r in res.rows]
    totals = {
        "claims": _count(store, "?x a rg:Claim"),
        "evidence records": _count(store, "?x a rg:Evidence"),
        "contested claims": _count(store, "?x rg:contested true"),
        "documents": _count(store, "?x a rg:Document"),
        "archived documents": _count(store, "?x a rg:Document ; rg:archivedCopy ?f"),
        "actors": _count(store, "?x a rg:Actor"),
        "incidents": _count(store, "?x a rg:Incident"),
        "accountability mechanisms": _count(store, "?x a rg:AccountabilityMechanism"),
        "restricted nodes": _count(
            store, "?x rg:accessLevel <https://w3id.org/rightsgraph/vocab/access/restricted>"
        ),
    }
    return Stats(store.triple_count(), by_class, totals)
