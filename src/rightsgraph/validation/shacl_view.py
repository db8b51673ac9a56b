"""Index lookups for the fast validator: one pyoxigraph store, or a base store
plus a small store of additions read as if they were one graph (a contribution
checked against the whole graph without copying or changing it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..store.dataset import stored_graphs
from ..vocab import RDF_TYPE, RDFS_SUBCLASS


class View:
    """Index lookups on one pyoxigraph store, or on a base store plus additions."""

    def __init__(self, *stores: Any) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.stores = stores
        self.type = ox.NamedNode(RDF_TYPE)
        self.graphs = {id(st): stored_graphs(st) for st in stores}
        self.wanted = {k: set(v) for k, v in self.graphs.items()}
        self._objects: dict[tuple[Any, str], list[Any]] = {}
        self._tables: dict[str, dict[Any, list[Any]]] = {}
        self.superclasses = self._superclasses()

    def quads(self, st: Any, s: Any, p: Any, o: Any) -> Iterator[Any]:
        """Matching triples of a store's data and ontology graphs (never the derived
        ones: the validator judges what was written).

        A lookup from a node (subject or object given) is one index seek across
        every graph, filtered here by graph name, instead of one seek per graph;
        a scan of a whole predicate stays per graph, where the derived graphs
        would add as many triples to skip as they hold."""
        graphs = self.graphs[id(st)]
        if len(graphs) == 1 or (s is None and o is None):
            for g in graphs:
                yield from st.quads_for_pattern(s, p, o, g)
            return
        wanted = self.wanted[id(st)]
        for q in st.quads_for_pattern(s, p, o, None):
            if q.graph_name in wanted:
                yield q

    def preload(self, predicates: Iterable[str]) -> None:
        """Read every triple of each predicate into a table, once.

        Checking tens of thousands of focus nodes one lookup at a time costs an
        index seek per node and hop (tens of microseconds each, the bulk of a
        full validation); one scan per predicate then dictionary lookups cost a
        fraction of that, for memory proportional to those predicates' triples."""
        for p in predicates:
            if p in self._tables:
                continue
            pred = self.ox.NamedNode(p)
            table: dict[Any, list[Any]] = {}
            for st in self.stores:
                for q in self.quads(st, None, pred, None):
                    table.setdefault(q.subject, []).append(q.object)
            if len(self.stores) > 1:
                table = {k: list(dict.fromkeys(v)) for k, v in table.items()}
            self._tables[p] = table

    def _superclasses(self) -> dict[str, set[str]]:
        sub = self.ox.NamedNode(RDFS_SUBCLASS)
        direct: dict[str, set[str]] = {}
        for st in self.stores:
            for q in self.quads(st, None, sub, None):
                direct.setdefault(q.subject.value, set()).add(q.object.value)
        closure: dict[str, set[str]] = {}
        for c in direct:
            seen = {c}
            todo = [c]
            while todo:
                for sup in direct.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            closure[c] = seen
        return closure

    def subclasses(self, cls: str) -> set[str]:
        return {c for c, sups in self.superclasses.items() if cls in sups} | {cls}

    def objects(self, s: Any, p: str) -> list[Any]:
        table = self._tables.get(p)
        if table is not None:
            return table.get(s, [])
        key = (s, p)
        hit = self._objects.get(key)
        if hit is not None:
            return hit
        if isinstance(s, self.ox.Literal):
            out: list[Any] = []
        else:
            pred = self.ox.NamedNode(p)
            out = []
            for st in self.stores:
                out.extend(q.object for q in self.quads(st, s, pred, None))
            if len(self.stores) > 1:
                out = list(dict.fromkeys(out))
        if len(self._objects) < 200_000:
            self._objects[key] = out
        return out

    def is_instance(self, node: Any, cls: str) -> bool:
        if isinstance(node, self.ox.Literal):
            return False
        for t in self.objects(node, RDF_TYPE):
            if t.value == cls or cls in self.superclasses.get(t.value, ()):
                return True
        return False

    def instances(self, cls: str) -> Iterator[Any]:
        for c in self.subclasses(cls):
            node = self.ox.NamedNode(c)
            for st in self.stores:
                for q in self.quads(st, None, self.type, node):
                    yield q.subject

    def subjects_of(self, p: str) -> Iterator[Any]:
        pred = self.ox.NamedNode(p)
        for st in self.stores:
            for q in self.quads(st, None, pred, None):
                yield q.subject

    def objects_of(self, p: str) -> Iterator[Any]:
        pred = self.ox.NamedNode(p)
        for st in self.stores:
            for q in self.quads(st, None, pred, None):
                yield q.object

    def subjects(self, p: str, o: Any) -> Iterator[Any]:
        pred = self.ox.NamedNode(p)
        for st in self.stores:
            for q in self.quads(st, None, pred, o):
                yield q.subject
