"""Checks of a contribution against the graph it joins.

The shapes see one merged graph and cannot tell what was already there. These
checks can: a reference to an actor nobody declared (with a did-you-mean from
labels, aliases and identifiers: "wagner-grop" -> actor:wagner-group "Wagner
Group"), an existing entity given a clashing type, a new entity that duplicates
an existing one under another identifier, a node with no type at all, and
literals that are not values of their datatype (2023-02-30, 30/08/2023).

They also keep a contribution from poisoning the graph: it may not change the
ontology (classes, properties, shapes, vocabularies live in ``ontology/``), use
IRI schemes other than http(s), urn and file, put control or bidirectional
characters in a literal, hide invisible characters in a name, take a name that
looks like another entity's (the skeleton rule in ``text.py``), or give a quote
that has nothing to read in it or is longer than one sentence can be.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..answers.resolve import normalise
from ..rdf.csvmap import impossible_date
from ..rdf.literals import problem_text
from ..rdf.parse import IllTyped, ParsedFile
from ..text import skeleton
from ..vocab import INSTANCES, NAME_PROPERTIES, ONTOLOGY, RDF_TYPE, RDFS_SUBCLASS, VOCAB, curie
from .guards import guard_problems
from .problems import Problem, focus_text

if TYPE_CHECKING:
    import rdflib

SUBCLASS = RDFS_SUBCLASS
# the kinds of thing two entities must share to be duplicates of each other
ROOT_KINDS = [
    ONTOLOGY + n
    for n in (
        "Actor",
        "Event",
        "Place",
        "AccountabilityMechanism",
        "Decision",
        "Document",
        "Post",
        "Instrument",
        "Claim",
        "Evidence",
    )
]
NOT_NAMED = {ONTOLOGY + "Claim", ONTOLOGY + "Evidence"}


@dataclass
class GraphIndex:
    """What the existing graph declares: types, class hierarchy, names."""

    types: dict[str, set[str]] = field(default_factory=dict)
    superclasses: dict[str, set[str]] = field(default_factory=dict)
    properties: set[str] = field(default_factory=set)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> iri -> text
    labels: dict[str, str] = field(default_factory=dict)

    skeletons: dict[str, dict[str, str]] = field(default_factory=dict)  # look-alike -> iri -> text

    @classmethod
    def of(cls, graph: rdflib.Graph) -> GraphIndex:
        from rdflib import Literal, URIRef

        idx = cls()
        for s, o in graph.subject_objects(URIRef(RDF_TYPE)):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                idx.types.setdefault(str(s), set()).add(str(o))
                if str(o).endswith("Property"):
                    idx.properties.add(str(s))
        parents: dict[str, set[str]] = {}
        for s, o in graph.subject_objects(URIRef(SUBCLASS)):
            parents.setdefault(str(s), set()).add(str(o))
        for c in set(parents) | {o for ts in idx.types.values() for o in ts}:
            seen: set[str] = set()
            todo = [c]
            while todo:
                x = todo.pop()
                if x not in seen:
                    seen.add(x)
                    todo.extend(parents.get(x, ()))
            idx.superclasses[c] = seen
        for prop in NAME_PROPERTIES:
            for s, o in graph.subject_objects(URIRef(prop)):
                if isinstance(s, URIRef) and isinstance(o, Literal) and str(o).strip():
                    idx.names.setdefault(normalise(str(o)), {})[str(s)] = str(o)
                    idx.skeletons.setdefault(skeleton(normalise(str(o))), {})[str(s)] = str(o)
                    if prop == NAME_PROPERTIES[0] or str(s) not in idx.labels:
                        idx.labels[str(s)] = str(o)
        return idx

    def roots(self, types: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for t in types:
            out |= self.superclasses.get(t, {t}) & set(ROOT_KINDS)
        return out

    def compatible(self, a: str, b: str) -> bool:
        return a in self.superclasses.get(b, {b}) or b in self.superclasses.get(a, {a})

    def describe(self, iri: str) -> str:
        label = self.labels.get(iri)
        return f"{curie(iri)} ({label})" if label else curie(iri)

    def suggest(self, iri: str, known: Iterable[str]) -> str:
        """' — did you mean X (Label)?' from identifiers, labels and aliases in the same namespace."""
        ns = namespace_of(iri)
        local = iri[len(ns) :]
        key = normalise(re.sub(r"[-_]+", " ", local))
        candidates: dict[str, set[str]] = {}
        for other in known:
            if other != iri and other.startswith(ns):
                candidates.setdefault(
                    normalise(re.sub(r"[-_]+", " ", other[len(ns) :])), set()
                ).add(other)
        for name, nodes in self.names.items():
            for other in nodes:
                if other != iri and other.startswith(ns):
                    candidates.setdefault(name, set()).add(other)
        close = difflib.get_close_matches(key, list(candidates), n=3, cutoff=0.75)
        found: list[str] = []
        for k in close:
            for other in sorted(candidates[k]):
                if other not in found:
                    found.append(other)
        if not found:
            return ""
        return " — did you mean " + " or ".join(self.describe(f) for f in found[:2]) + "?"


def namespace_of(iri: str) -> str:
    """The namespace an IRI's identifier lives in (…/id/actor/, …/vocab/stance/, rg:)."""
    for base in (INSTANCES, VOCAB):
        if iri.startswith(base):
            rest = iri[len(base) :]
            return base + rest.split("/", 1)[0] + "/" if "/" in rest else base
    if iri.startswith(ONTOLOGY):
        return ONTOLOGY
    return iri.rsplit("/", 1)[0] + "/"


def _kind_word(iri: str) -> str:
    ns = namespace_of(iri)
    if ns == ONTOLOGY:
        return "term"
    if ns.startswith(VOCAB):
        return f"{ns[len(VOCAB) : -1]}: concept"
    word = ns[len(INSTANCES) : -1]
    return {"doc": "document", "ev": "evidence record", "evidence": "evidence record"}.get(
        word, word
    )


def check(
    existing: rdflib.Graph,
    targets: list[ParsedFile],
    merged: rdflib.Graph,
    display: dict[Path, str],
    existing_locations: dict[str, tuple[Path, int]],
) -> list[Problem]:
    """Every consistency problem of the target files, relative to ``existing``."""
    from rdflib import URIRef

    base = GraphIndex.of(existing)
    after = GraphIndex.of(merged)
    problems: list[Problem] = []

    def where_existing(iri: str) -> str:
        loc = existing_locations.get(iri)
        return f" ({loc[0]}:{loc[1]})" if loc else ""

    for parsed in targets:
        name = display.get(parsed.path, str(parsed.path))

        def add(
            subject: rdflib.term.Node,
            pred: str | None,
            message: str,
            value: str | None = None,
            p: ParsedFile = parsed,
            file: str = name,
        ) -> None:
            focus, owner_iri = focus_text(merged, subject)
            line = p.subject_lines.get(owner_iri or "")
            column = None
            if p.is_csv and owner_iri:
                column = p.columns.get((owner_iri, pred or "")) or p.columns.get(
                    (owner_iri, _via(merged, owner_iri, subject))
                )
            problems.append(
                Problem(
                    "error",
                    message,
                    file,
                    line,
                    focus=focus,
                    path=curie(pred) if pred else None,
                    value=value,
                    kind="consistency",
                    csv_column=column,
                )
            )

        for bad in parsed.ill_typed:
            add(bad.subject, bad.predicate, _ill_typed_message(bad))
        g = parsed.graph
        for node, via, message in guard_problems(g, base.types):
            add(node, via, message)
        classes = _classes(after)
        reported: set[tuple[str, str]] = set()
        for s, p, o in g:
            pred = str(p)
            if (
                pred.startswith(ONTOLOGY)
                and pred not in after.properties
                and (str(s), pred) not in reported
            ):
                reported.add((str(s), pred))
                add(
                    s,
                    None,
                    f"unknown property {curie(pred)}"
                    f"{base.suggest(pred, after.properties) or ' — see ontology/rightsgraph.ttl for the properties'}",
                )
            if not isinstance(o, URIRef):
                continue
            obj = str(o)
            if pred == RDF_TYPE:
                if obj.startswith(ONTOLOGY) and obj not in classes:
                    add(
                        s,
                        pred,
                        f"unknown class {curie(obj)}"
                        f"{base.suggest(obj, classes) or ' — see ontology/rightsgraph.ttl for the classes'}",
                    )
                continue
            if not obj.startswith((INSTANCES, VOCAB)) or obj in after.types:
                continue
            if (obj, pred) in reported:
                continue
            reported.add((obj, pred))
            hint = base.suggest(obj, after.types)
            kind = _kind_word(obj)
            fix = (
                f" Correct the identifier, or declare the {kind}."
                if hint
                else f" — correct the identifier, or declare the {kind} (here or in data/)"
            )
            add(s, pred, f"unknown {kind} {curie(obj)}{hint}{fix}", value=curie(obj))
        # nodes written about but never typed: usually a mistyped identifier
        for s in set(g.subjects()):
            iri = str(s)
            if isinstance(s, URIRef) and iri.startswith(INSTANCES) and iri not in after.types:
                add(
                    s,
                    RDF_TYPE,
                    f"{curie(iri)} is not in the graph and this file gives it no type"
                    f"{base.suggest(iri, base.types) or ' — declare what it is (a rg:...)'}",
                )
        # an existing entity redefined with a clashing type
        for s, o in g.subject_objects(URIRef(RDF_TYPE)):
            iri, new = str(s), str(o)
            old = base.types.get(iri)
            if not old or not new.startswith(ONTOLOGY) or new in old:
                continue
            if any(base.compatible(new, t) for t in old if t.startswith(ONTOLOGY)):
                continue
            olds = ", ".join(curie(t) for t in sorted(old) if t.startswith(ONTOLOGY))
            if not olds:
                continue
            add(
                s,
                RDF_TYPE,
                f"{curie(iri)} is already a {olds}{where_existing(iri)}; this file "
                f"makes it a {curie(new)} — use a new identifier for a different thing, or drop the type",
                value=curie(new),
            )
        # a name that is (or looks like) another entity's: a new duplicate, or an
        # existing entity renamed to pass for someone else
        for s, prop, label in g.triples((None, None, None)):
            iri = str(s)
            if str(prop) not in NAME_PROPERTIES or not isinstance(s, URIRef):
                continue
            roots = after.roots(after.types.get(iri, set())) - NOT_NAMED
            if not roots:
                continue
            key = skeleton(normalise(str(label)))
            for other, text in base.skeletons.get(key, {}).items():
                if other == iri or not (base.roots(base.types.get(other, set())) & roots):
                    continue
                alike = normalise(text) == normalise(str(label))
                verb = "already names" if alike else f"looks like '{text}', the name of"
                fix = (
                    f" — use {curie(other)} instead of a new {curie(iri)}, or if they are "
                    "different, give this one a distinguishing label"
                    if iri not in base.types
                    else f" — two entities cannot share a name; keep {curie(iri)}'s own name"
                )
                add(
                    s,
                    str(prop),
                    f"'{label}' {verb} {curie(other)}{where_existing(other)}{fix}",
                    value=f'"{label}"',
                )
                break
    return problems


def _classes(idx: GraphIndex) -> set[str]:
    return {c for c, ts in idx.types.items() if any(t.endswith("#Class") for t in ts)}


def _via(graph: rdflib.Graph, owner_iri: str, node: rdflib.term.Node) -> str:
    from rdflib import URIRef

    return str(next(iter(graph.predicates(URIRef(owner_iri), node)), ""))


def _ill_typed_message(bad: IllTyped) -> str:
    dtype = curie(bad.datatype).replace("<http://www.w3.org/2001/XMLSchema#", "xsd:").rstrip(">")
    value = bad.lexical
    if dtype == "xsd:date":
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return impossible_date(value.strip())
        if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", value.strip()):
            return (
                f"'{value}' is an ambiguous date format (day/month or month/day) — write "
                '"YYYY-MM-DD"^^xsd:date and keep the wording in rg:dateText'
            )
        return f"'{value}' is not an xsd:date — write \"YYYY-MM-DD\"^^xsd:date"
    if "nteger" in dtype and len(value) <= 60 and re.fullmatch(r"[+-]?\d+", value.strip()):
        return problem_text(value, bad.datatype)  # digits, but out of the type's range
    if "nteger" in dtype and len(value) <= 60:
        return f"'{value}' is not a whole number — write digits only, e.g. 501, and keep the wording in rg:countText"
    return problem_text(value, bad.datatype)
