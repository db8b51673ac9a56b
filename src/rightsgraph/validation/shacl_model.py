"""Our SHACL shapes as plain records, read once from ``ontology/shapes/``.

Only SHACL Core with predicate paths is supported — what our shapes use. A shape
using anything else (a complex path, sh:sparql, sh:closed, ...) is refused with
a message, so the fast validator never silently checks less than pySHACL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..vocab import RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, SH

if TYPE_CHECKING:
    import rdflib

# parameter -> constraint component (local names in the sh: namespace)
COMPONENTS = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "in": "InConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "equals": "EqualsConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "node": "NodeConstraintComponent",
    "not": "NotConstraintComponent",
    "or": "OrConstraintComponent",
    "and": "AndConstraintComponent",
    "qualifiedValueShape": "QualifiedMinCountConstraintComponent",
}
# parameters that are not constraints of their own
AUXILIARY = {"flags", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint"}
STRUCTURE = {
    "path",
    "property",
    "targetClass",
    "targetNode",
    "targetObjectsOf",
    "targetSubjectsOf",
    "severity",
    "message",
    "name",
    "description",
    "order",
    "group",
    "deactivated",
}
UNSUPPORTED = {
    "sparql",
    "closed",
    "ignoredProperties",
    "xone",
    "disjoint",
    "uniqueLang",
    "languageIn",
}


@dataclass
class Constraint:
    param: str  # the sh: parameter, e.g. "minCount"
    value: Any  # an rdflib term, a list, a Shape, or a list of Shapes
    extra: dict[str, Any] = field(default_factory=dict)  # flags, qualified counts

    @property
    def component(self) -> str:
        if self.param == "qualifiedValueShape" and "qualifiedMinCount" not in self.extra:
            return "QualifiedMaxCountConstraintComponent"
        return COMPONENTS[self.param]


@dataclass(eq=False)
class Shape:
    """A node shape (path is None) or a property shape."""

    node: Any  # the rdflib term naming the shape
    path: str | None = None  # a predicate path, or a display form of a complex one
    steps: tuple[tuple[str, bool], ...] | None = None  # (predicate, inverse) hops
    severity: str = "Violation"
    message: str | None = None
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    target_class: list[str] = field(default_factory=list)
    target_node: list[Any] = field(default_factory=list)
    target_objects_of: list[str] = field(default_factory=list)
    target_subjects_of: list[str] = field(default_factory=list)
    deactivated: bool = False

    @property
    def has_targets(self) -> bool:
        return bool(
            self.target_class
            or self.target_node
            or self.target_objects_of
            or self.target_subjects_of
        )

    def nested(self) -> list[Shape]:
        out: list[Shape] = list(self.properties)
        for c in self.constraints:
            if isinstance(c.value, Shape):
                out.append(c.value)
            elif isinstance(c.value, list):
                out.extend(v for v in c.value if isinstance(v, Shape))
        return out


def _rdf_list(g: rdflib.Graph, head: Any) -> list[Any]:
    from rdflib import URIRef

    out = []
    seen = set()
    while head is not None and head != URIRef(RDF_NIL) and head not in seen:
        seen.add(head)
        out.append(g.value(head, URIRef(RDF_FIRST)))
        head = g.value(head, URIRef(RDF_REST))
    return out


class ShapesReader:
    def __init__(self, g: rdflib.Graph) -> None:
        self.g = g
        self.cache: dict[Any, Shape] = {}

    def _path(self, shape: Any, o: Any) -> tuple[tuple[str, bool], ...]:
        """Predicate paths, sequences of them and inverse paths."""
        from rdflib import URIRef

        if isinstance(o, URIRef):
            return ((str(o), False),)
        inv = self.g.value(o, URIRef(SH + "inversePath"))
        if isinstance(inv, URIRef):
            return ((str(inv), True),)
        if self.g.value(o, URIRef(RDF_FIRST)) is not None:
            steps: list[tuple[str, bool]] = []
            for part in _rdf_list(self.g, o):
                steps.extend(self._path(shape, part))
            return tuple(steps)
        raise InputError(
            f"shape {shape}: only predicate, sequence and inverse paths are supported "
            "by the fast validator"
        )

    def shape(self, node: Any) -> Shape:
        if node in self.cache:
            return self.cache[node]
        from rdflib import Literal, URIRef

        s = Shape(node)
        self.cache[node] = s  # before recursing: shapes may refer to each other
        for p, o in self.g.predicate_objects(node):
            ps = str(p)
            if not ps.startswith(SH):
                continue
            name = ps[len(SH) :]
            if name in UNSUPPORTED:
                raise InputError(f"shape {node}: sh:{name} is not supported by the fast validator")
            if name == "path":
                s.steps = self._path(node, o)
                s.path = (
                    str(o)
                    if isinstance(o, URIRef)
                    else " / ".join(("^" if inv else "") + p for p, inv in s.steps)
                )
            elif name == "property":
                s.properties.append(self.shape(o))
            elif name == "targetClass":
                s.target_class.append(str(o))
            elif name == "targetNode":
                s.target_node.append(o)
            elif name == "targetObjectsOf":
                s.target_objects_of.append(str(o))
            elif name == "targetSubjectsOf":
                s.target_subjects_of.append(str(o))
            elif name == "severity":
                s.severity = str(o)[len(SH) :]
            elif name == "message":
                s.message = str(o) if isinstance(o, Literal) else None
            elif name == "deactivated":
                s.deactivated = bool(isinstance(o, Literal) and o.toPython() is True)
            elif name in ("node", "not", "qualifiedValueShape"):
                s.constraints.append(Constraint(name, self.shape(o)))
            elif name in ("or", "and"):
                s.constraints.append(
                    Constraint(name, [self.shape(x) for x in _rdf_list(self.g, o)])
                )
            elif name == "in":
                s.constraints.append(Constraint(name, _rdf_list(self.g, o)))
            elif name in COMPONENTS:
                s.constraints.append(Constraint(name, o))
            elif name in AUXILIARY or name in STRUCTURE:
                continue
            else:
                raise InputError(f"shape {node}: sh:{name} is not supported by the fast validator")
        for c in s.constraints:
            if c.param == "pattern":
                flags = self.g.value(node, URIRef(SH + "flags"))
                c.extra["flags"] = str(flags) if flags is not None else ""
            if c.param == "qualifiedValueShape":
                for k in ("qualifiedMinCount", "qualifiedMaxCount"):
                    v = self.g.value(node, URIRef(SH + k))
                    if v is not None:
                        c.extra[k] = int(v)
        return s


@dataclass
class ShapeSet:
    top: list[Shape]  # shapes with targets

    @property
    def all(self) -> list[Shape]:
        seen: dict[int, Shape] = {}
        todo = list(self.top)
        while todo:
            s = todo.pop()
            if id(s) in seen:
                continue
            seen[id(s)] = s
            todo.extend(s.nested())
        return list(seen.values())

    def depth(self) -> int:
        """How far (in property hops) a shape reads from its focus node."""

        def d(s: Shape, stack: frozenset[int]) -> int:
            if id(s) in stack:
                return 0
            inner = stack | {id(s)}
            best = 0
            for p in s.properties:
                best = max(best, len(p.steps or ()) + d(p, inner))
            for c in s.constraints:
                vals = c.value if isinstance(c.value, list) else [c.value]
                for v in vals:
                    if isinstance(v, Shape):
                        best = max(best, d(v, inner))
            return best

        return max((d(s, frozenset()) for s in self.top), default=0)


def read_shapes(files: list[Path] | None = None) -> ShapeSet:
    """The shapes of ``ontology/shapes/`` (or the given files)."""
    from rdflib import Graph, URIRef

    from ..resources import shape_files

    g = Graph()
    for f in files or shape_files():
        g.parse(f, format="turtle")
    reader = ShapesReader(g)
    sh_node = URIRef(SH + "NodeShape")
    sh_prop = URIRef(SH + "PropertyShape")
    top = []
    candidates = set(g.subjects(URIRef(RDF_TYPE), sh_node)) | set(
        g.subjects(URIRef(RDF_TYPE), sh_prop)
    )
    for t in ("targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf"):
        candidates |= set(g.subjects(URIRef(SH + t), None))
    for node in sorted(candidates, key=str):
        s = reader.shape(node)
        if s.has_targets and not s.deactivated:
            top.append(s)
    return ShapeSet(top)
