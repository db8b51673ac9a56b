"""Access levels: what public output may show — decided here and nowhere else.

A node marked ``rg:accessLevel access:restricted`` is hidden together with
every triple that mentions it. So are the evidence records of a restricted
claim, evidence read in a restricted document, and any blank node (a date, an
assessment) that hung only from hidden triples — otherwise a quote or a date
could outlive the node it belonged to. A blank node that nothing pointed to in
the first place (a standalone description) is not hidden.

A *user graph* (a named graph of a TriG or N-Quads data file, see
``store/dataset.py``) is shown or hidden whole, never cut: it is hidden in
public mode when it marks or mentions anything restricted — any triple of it
with a hidden node as subject, predicate or object. The hidden nodes are
found over ``graph/public`` and the user graphs together, so a restricted
marker written inside a user graph hides that node's public triples too, and
the user graph with it.

The rule runs once, at build, on the store itself: ``split_restricted`` moves
the hidden triples from ``graph/public`` into ``graph/restricted`` (see
``store/dataset.py``) and names the hidden user graphs in ``graph/hidden-graphs``,
so public queries read a materialised view and cost what full ones cost.
``public_view`` applies the same function to an rdflib graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..vocab import ACCESS_RESTRICTED
from ..vocab import ONTOLOGY as RG
from .dataset import HIDDEN_GRAPHS, PUBLIC, RESTRICTED, user_graphs

if TYPE_CHECKING:
    import rdflib

RESTRICTED_LEVEL = ACCESS_RESTRICTED

HIDDEN = f"""
SELECT DISTINCT ?n WHERE {{
  {{ ?n <{RG}accessLevel> <{RESTRICTED_LEVEL}> }}
  UNION {{ ?c <{RG}accessLevel> <{RESTRICTED_LEVEL}> ; <{RG}evidence> ?n }}
  UNION {{ ?d <{RG}accessLevel> <{RESTRICTED_LEVEL}> . ?n <{RG}document> ?d }}
}}
"""


@dataclass
class Split:
    """What ``split_restricted`` hid."""

    hidden_nodes: set[str] = field(default_factory=set)
    moved: list[Any] = field(default_factory=list)  # the quads moved, as they were

    @property
    def moved_triples(self) -> int:
        return len(self.moved)

    withheld_evidence: dict[str, int] = field(default_factory=dict)  # claim IRI -> hidden records
    hidden_graphs: list[str] = field(default_factory=list)  # user graphs public output hides


def split_restricted(store: Any, source: str = PUBLIC, target: str = RESTRICTED) -> Split:
    """Move every triple public output must not show from graph ``source`` to
    graph ``target`` of a pyoxigraph store. Idempotent."""
    import pyoxigraph as ox

    src, dst = ox.NamedNode(source), ox.NamedNode(target)
    user = [ox.NamedNode(g) for g in user_graphs(store)]
    hidden = [row[0] for row in store.query(HIDDEN, default_graph=[src, *user])]
    hidden_graphs = _hide_user_graphs(store, user, hidden)
    if not hidden:
        return Split()
    hidden_set = set(hidden)
    evidence = ox.NamedNode(RG + "evidence")
    removed: set[Any] = set()
    for h in hidden:
        removed.update(store.quads_for_pattern(h, None, None, src))
        removed.update(store.quads_for_pattern(None, h, None, src))
        removed.update(store.quads_for_pattern(None, None, h, src))
    withheld: dict[str, int] = {}
    for q in removed:
        if q.predicate == evidence and q.subject not in hidden_set and q.object in hidden_set:
            withheld[q.subject.value] = withheld.get(q.subject.value, 0) + 1
    # blank nodes that hung only from hidden triples go too, and what hangs from them
    todo = [q.object for q in removed if isinstance(q.object, ox.BlankNode)]
    seen: set[Any] = set()
    while todo:
        b = todo.pop()
        if b in seen:
            continue
        seen.add(b)
        if all(q in removed for q in store.quads_for_pattern(None, None, b, src)):
            for q in store.quads_for_pattern(b, None, None, src):
                if q not in removed:
                    removed.add(q)
                    if isinstance(q.object, ox.BlankNode):
                        todo.append(q.object)
    for q in removed:
        store.remove(q)
        store.add(ox.Quad(q.subject, q.predicate, q.object, dst))
    return Split(
        {h.value for h in hidden_set if isinstance(h, ox.NamedNode)},
        list(removed),
        withheld,
        hidden_graphs,
    )


def _hide_user_graphs(store: Any, user: list[Any], hidden: list[Any]) -> list[str]:
    """Record (in ``graph/hidden-graphs``, replacing what was there) each user
    graph that mentions a hidden node, and return their names."""
    import pyoxigraph as ox

    record = ox.NamedNode(HIDDEN_GRAPHS)
    store.remove_graph(record)
    patterns = [(h, None, None) for h in hidden] + [(None, None, h) for h in hidden]
    patterns += [(None, h, None) for h in hidden if isinstance(h, ox.NamedNode)]
    found = [
        g
        for g in user
        if any(next(iter(store.quads_for_pattern(*p, g)), None) is not None for p in patterns)
    ]
    level, restricted = ox.NamedNode(RG + "accessLevel"), ox.NamedNode(RESTRICTED_LEVEL)
    store.bulk_extend(ox.Quad(g, level, restricted, record) for g in found)
    return [g.value for g in found]


@dataclass
class Redaction:
    graph: rdflib.Graph
    removed_nodes: set[str] = field(default_factory=set)
    removed_triples: int = 0
    withheld_evidence: dict[str, int] = field(default_factory=dict)


def public_view(graph: rdflib.Graph) -> Redaction:
    """A copy of an rdflib ``graph`` without what public output must not show
    (the rule of ``split_restricted``, run on a scratch Oxigraph store)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from .oxigraph import OxConverter, to_ox

    scratch = ox.Store()
    src = ox.NamedNode(PUBLIC)
    scratch.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), src) for s, p, o in graph)
    split = split_restricted(scratch)
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    conv = OxConverter(keep_bnode_ids=True)
    for q in scratch.quads_for_pattern(None, None, None, src):
        out.add((conv(q.subject), conv(q.predicate), conv(q.object)))
    return Redaction(out, split.hidden_nodes, split.moved_triples, split.withheld_evidence)
