"""What a contribution may not hold, whatever the rest of the graph says.

A file that changes the ontology, names a node with an IRI scheme the shapes
engine cannot take (pySHACL fails on a ``mailto:`` focus node), or carries text
that can hide, reorder or spoof what a reader sees is refused triple by triple,
with the fix. ``consistency.check`` turns each into a problem on its file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..rdf.literals import problem_text
from ..rdf.parse import ParsedFile
from ..text import (
    bidi_controls,
    control_characters,
    has_letter_or_digit,
    invisible_characters,
    mixed_script_word,
)
from ..vocab import ONTOLOGY, VOCAB, curie
from .problems import Problem, focus_text

if TYPE_CHECKING:
    import rdflib

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NAME_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
)
DISPLAY_NAMES = (*NAME_PROPERTIES, "http://purl.org/dc/terms/title")
# the characters and properties rgsh:InvisibleCharactersShape (ontology/shapes/core.ttl) checks
SHAPE_NAMES = NAME_PROPERTIES
SHAPE_INVISIBLE = frozenset(
    [*range(0x200B, 0x200E), *range(0x202A, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF]
)
QUOTE = ONTOLOGY + "quote"
MAX_QUOTE_CHARS = 600
# IRI schemes the shapes engine can take as focus nodes (others crash it), and the
# only ones that name anything a reader can look up
IRI_SCHEMES = ("http:", "https:", "urn:", "file:")
OWL = "http://www.w3.org/2002/07/owl#"
SHACL = "http://www.w3.org/ns/shacl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ONTOLOGY_PREDICATES = {RDFS + n for n in ("subClassOf", "subPropertyOf", "domain", "range")}
META_CLASSES = {
    RDFS + "Class",
    RDFS + "Datatype",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme",
}
ONTOLOGY_FIX = (
    "a contribution may not change the ontology (classes, properties, shapes, vocabularies) — "
    "propose it as a change to ontology/rightsgraph.ttl, ontology/vocabularies.ttl or "
    "ontology/shapes/ instead"
)


def guard_problems(
    g: rdflib.Graph, existing_types: dict[str, set[str]]
) -> Iterable[tuple[rdflib.term.Node, str | None, str]]:
    """(subject, predicate, message) for each triple a contribution may not hold."""
    from rdflib import Literal, URIRef

    ontology_subjects = {iri for iri in existing_types if iri.startswith((ONTOLOGY, VOCAB))}
    # one problem per subject, on its first ontology predicate in sorted order, so
    # the message does not depend on the order rdflib happens to return triples in
    ontology_hits: dict[rdflib.term.Node, str] = {}
    for s, p, o in g:
        pred = str(p)
        for term in (s, p, o):
            if isinstance(term, URIRef) and not str(term).lower().startswith(IRI_SCHEMES):
                scheme = str(term).split(":", 1)[0]
                yield (
                    s,
                    pred,
                    (
                        f"<{term}>: IRIs with the scheme '{scheme}:' are not accepted — use an "
                        "http(s) or urn: IRI, or put the address in a literal (e.g. rdfs:comment)"
                    ),
                )
        ontology = (
            str(s).startswith((ONTOLOGY, VOCAB))
            or str(s) in ontology_subjects
            or pred.startswith((OWL, SHACL))
            or pred in ONTOLOGY_PREDICATES
            or (pred == RDF_TYPE and (str(o).startswith((OWL, SHACL)) or str(o) in META_CLASSES))
        )
        if ontology and (s not in ontology_hits or pred < ontology_hits[s]):
            ontology_hits[s] = pred
        if not isinstance(o, Literal):
            continue
        text = str(o)
        # what rgsh:InvisibleCharactersShape already reports on a name is left to it
        covered = SHAPE_INVISIBLE if pred in SHAPE_NAMES else frozenset()
        bad = control_characters(text) or [c for c in bidi_controls(text) if ord(c) not in covered]
        if bad:
            codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(bad))
            yield (
                s,
                pred,
                (
                    f"the text holds control or bidirectional character(s) {codes} — they can "
                    "hide or reorder what a reader sees; retype the text without them"
                ),
            )
            continue
        if pred in DISPLAY_NAMES:
            hidden = [c for c in invisible_characters(text) if ord(c) not in covered]
            if hidden:
                codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden))
                yield (
                    s,
                    pred,
                    (f"the name holds invisible character(s) {codes} — retype it without them"),
                )
                continue
            word = mixed_script_word(text)
            if word:
                yield (
                    s,
                    pred,
                    (
                        f"'{word}' mixes Latin letters with Cyrillic or Greek ones that look "
                        "alike — retype the name in one script"
                    ),
                )
        if pred == QUOTE and text.strip() and not has_letter_or_digit(text):
            yield s, pred, "the quote has no letter or digit to read — copy the sentence verbatim"

    for s, pred in sorted(ontology_hits.items(), key=lambda kv: (str(kv[0]), kv[1])):
        yield s, pred, ONTOLOGY_FIX


def long_quotes(g: rdflib.Graph) -> Iterable[tuple[rdflib.term.Node, int]]:
    """Evidence whose quote is longer than one sentence can be (a contribution's rule:
    the shapes only warn about data already in the graph)."""
    from rdflib import URIRef

    for s, o in g.subject_objects(URIRef(QUOTE)):
        if len(str(o)) > MAX_QUOTE_CHARS:
            yield s, len(str(o))


def literal_problems(parsed: ParsedFile, file: str) -> list[Problem]:
    """The literals of a data file that are not values of their datatype (kept as text),
    and those holding control characters (no XML export could carry them)."""
    from rdflib import Literal

    out = []
    for s, p, o in parsed.graph:
        if isinstance(o, Literal) and control_characters(str(o)):
            focus, owner = focus_text(parsed.graph, s)
            codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(control_characters(str(o))))
            out.append(
                Problem(
                    "error",
                    f"the text holds control character(s) {codes} — retype the text without them",
                    file,
                    parsed.subject_lines.get(owner or ""),
                    focus=focus,
                    path=curie(str(p)),
                    kind="consistency",
                )
            )
    for bad in parsed.ill_typed:
        focus, owner = focus_text(parsed.graph, bad.subject)
        out.append(
            Problem(
                "error",
                problem_text(bad.lexical, bad.datatype),
                file,
                parsed.subject_lines.get(owner or ""),
                focus=focus,
                path=curie(bad.predicate),
                kind="consistency",
            )
        )
    return out
