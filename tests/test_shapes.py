"""Every shape in ontology/shapes/ as a table of broken snippets.

Each case is a small piece of Turtle with one broken node; all cases are
appended to tests/shapes/good.ttl and validated in ONE pySHACL run (against an
empty data folder), then each case checks that the problems reported on its
focus node are exactly the expected (severity, path, value, message) records and
that the reported line is the line where the focus node is written.
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SH, Graph, URIRef

from rightsgraph.resources import shape_files
from rightsgraph.validation.files import Problem, ValidationReport, validate

HERE = Path(__file__).resolve().parent
GOOD = HERE / "shapes" / "good.ttl"

Expected = tuple[str, str | None, str | None, str]  # severity, path, value, message


def E(path: str | None, message: str, value: str | None = None) -> Expected:
    return ("error", path, value, message)


def W(path: str | None, message: str, value: str | None = None) -> Expected:
    return ("warning", path, value, message)


@dataclass(frozen=True)
class Case:
    id: str
    snippet: str
    focus: str
    expected: tuple[Expected, ...]
    # validate() reports this one through the consistency check (an undeclared
    # IRI, an impossible date) in place of the shape's message
    consistency: bool = False


def case(
    id: str,
    focus: str,
    snippet: str,
    *expected: Expected,
    consistency: bool = False,
    xfail: str | None = None,
) -> object:
    c = Case(id, textwrap.dedent(snippet).strip() + "\n", focus, tuple(expected), consistency)
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(c, id=id, marks=marks)


# messages used by more than one case (copied from the shapes, exactly)
PRECISION = "needs exactly one rg:precision: precision:day, precision:month, precision:year, precision:range or precision:unknown"
KNOWN_BOUNDS = "a date with a precision other than unknown needs both rg:earliest and rg:latest; if the text gives no date use rg:precision precision:unknown"
BOUNDS_ORDER = 'rg:earliest is after rg:latest, or one of them is not an xsd:date: swap the bounds, or give both as "2023-06-16"^^xsd:date'
DATE_NODE = "a date must be a node [ rg:earliest ...; rg:latest ...; rg:precision precision:day ], not a bare literal"
DERIVED = "this property is derived at build from the evidence (contested, corroboration counts): remove it — add or correct evidence records instead"
ACCESS = "rg:accessLevel must be access:public or access:restricted, given once"
PUBLIC_ON_RESTRICTED = "this public claim rests only on restricted evidence: add public evidence or mark the claim rg:accessLevel access:restricted"
NO_PUBLISHER = "document has no publisher: add dcterms:publisher, or rg:publisherUnknown true with an rdfs:comment on what the text suggests"
ADMIN_LEVEL = "place needs one rg:adminLevel: level:country, level:region, level:city, level:town, level:village or level:area"
INCIDENT_TYPE = "incident needs at least one rg:incidentType from the itype: scheme (e.g. itype:summary-execution)"
EV_DOCUMENT = "evidence needs exactly one rg:document: the document in which the quote is read"
EV_CLAIMANT = (
    "evidence needs an rg:claimant: who asserts or denies the claim (an actor, e.g. actor:ohchr)"
)
EV_STANCE = "evidence needs exactly one rg:stance, e.g. stance:asserts or stance:rejects"
EV_QUOTE = "evidence needs exactly one rg:quote: a short verbatim quote (one sentence at most) from the document"
CLAIM_EVIDENCE_CLASS = "rg:evidence points to something that is not an rg:Evidence record: declare it 'a rg:Evidence' or fix the reference"
LOWER_BOUND = "rg:lowerBound must be one non-negative integer, not above rg:upperBound"
LONG_QUOTE = "x" * 601

INVISIBLE_LABEL = (
    "rdfs:label holds an invisible bidirectional-control or zero-width character (U+200B-U+200D, "
    "U+202A-U+202E, U+2060, U+2066-U+2069, U+FEFF) that disguises the name: retype the label without it"
)
INVISIBLE_ALIAS = (
    "skos:altLabel holds an invisible bidirectional-control or zero-width character (U+200B-U+200D, "
    "U+202A-U+202E, U+2060, U+2066-U+2069, U+FEFF) that disguises the name: retype the alias without it"
)
INVISIBLE_PREF = (
    "skos:prefLabel holds an invisible bidirectional-control or zero-width character (U+200B-U+200D, "
    "U+202A-U+202E, U+2060, U+2066-U+2069, U+FEFF) that disguises the name: retype the label without it"
)

CASES = [
    case(
        "label-with-bidi-override",
        "actor:disguised-label",
        """
        actor:disguised-label a rg:NGO ; rdfs:label "Wagner\u202eGroup"@en .
        """,
        E("rdfs:label", INVISIBLE_LABEL, '"Wagner\\u202eGroup"'),
    ),
    case(
        "alias-with-zero-width-space",
        "actor:disguised-alias",
        """
        actor:disguised-alias a rg:NGO ; rdfs:label "Disguised alias"@en ; skos:altLabel "FA\u200bMa"@en .
        """,
        E("skos:altLabel", INVISIBLE_ALIAS, '"FA\\u200bMa"'),
    ),
    case(
        "preflabel-with-word-joiner",
        "actor:disguised-pref",
        """
        actor:disguised-pref a rg:NGO ; rdfs:label "Disguised pref"@en ; skos:prefLabel "OH\u2060CHR"@en .
        """,
        E("skos:prefLabel", INVISIBLE_PREF, '"OH\\u2060CHR"'),
    ),
    # ---------------------------------------------------------------- labels
    case(
        "label-missing",
        "actor:no-label",
        "actor:no-label a rg:NGO .",
        E("rdfs:label", 'has no rdfs:label: add one, e.g. rdfs:label "Wagner Group"@en'),
    ),
    case(
        "label-blank",
        "actor:blank-label",
        'actor:blank-label a rg:NGO ; rdfs:label "   "@en .',
        E(
            "rdfs:label",
            "has an empty or non-text rdfs:label: give a non-empty text label",
            '"   "',
        ),
    ),
    case(
        "label-not-text",
        "actor:iri-label",
        "actor:iri-label a rg:NGO ; rdfs:label actor:hrw .",
        E(
            "rdfs:label",
            "has an empty or non-text rdfs:label: give a non-empty text label",
            "actor:hrw",
        ),
    ),
    case(
        "alias-empty",
        "actor:empty-alias",
        'actor:empty-alias a rg:NGO ; rdfs:label "Empty alias"@en ; skos:altLabel ""@en .',
        E(
            "skos:altLabel",
            "has an empty or non-text skos:altLabel (alias): remove it or give the alias as text",
            '""',
        ),
    ),
    # ---------------------------------------------------------------- dates
    case(
        "date-bare-literal",
        "incident:literal-date rg:date",
        """
        incident:literal-date a rg:Incident ;
            rdfs:label "Literal date"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date "2023-06-16"^^xsd:date .
        """,
        E(None, DATE_NODE),
        E(None, KNOWN_BOUNDS),
        E("rg:precision", PRECISION),
    ),
    case(
        "date-missing-precision",
        "incident:date-without-precision rg:date",
        """
        incident:date-without-precision a rg:Incident ;
            rdfs:label "Date without precision"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:earliest "2023-06-16"^^xsd:date ; rg:latest "2023-06-16"^^xsd:date ] .
        """,
        E("rg:precision", PRECISION),
    ),
    case(
        "date-precision-outside-scheme",
        "incident:date-odd-precision rg:date",
        """
        incident:date-odd-precision a rg:Incident ;
            rdfs:label "Date with an odd precision"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:earliest "2023-06-16"^^xsd:date ; rg:latest "2023-06-16"^^xsd:date ;
                      rg:precision level:country ] .
        """,
        E("rg:precision", PRECISION, "level:country"),
    ),
    case(
        "date-two-precisions",
        "incident:date-two-precisions rg:date",
        """
        incident:date-two-precisions a rg:Incident ;
            rdfs:label "Date with two precisions"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:earliest "2023-06-16"^^xsd:date ; rg:latest "2023-06-16"^^xsd:date ;
                      rg:precision precision:day, precision:month ] .
        """,
        E("rg:precision", PRECISION),
    ),
    case(
        "date-invalid-day",
        "incident:date-feb-30 rg:date",
        """
        incident:date-feb-30 a rg:Incident ;
            rdfs:label "Date on 30 February"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:earliest "2023-02-30"^^xsd:date ; rg:latest "2023-03-01"^^xsd:date ;
                      rg:precision precision:range ] .
        """,
        E(
            "rg:earliest",
            'rg:earliest must be one valid xsd:date such as "2023-06-16"^^xsd:date (check that the day exists)',
            '"2023-02-30"',
        ),
        # an ill-typed bound cannot be compared (SHACL's lessThanOrEquals)
        E("rg:earliest", BOUNDS_ORDER, '"2023-02-30"'),
        consistency=True,
    ),
    case(
        "date-latest-plain-text",
        "incident:date-latest-text rg:date",
        """
        incident:date-latest-text a rg:Incident ;
            rdfs:label "Latest bound as plain text"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:earliest "2023-06-01"^^xsd:date ; rg:latest "2023-06-30" ;
                      rg:precision precision:month ] .
        """,
        E(
            "rg:latest",
            'rg:latest must be one valid xsd:date such as "2023-06-30"^^xsd:date (check that the day exists)',
            '"2023-06-30"',
        ),
        E("rg:earliest", BOUNDS_ORDER, '"2023-06-01"'),
    ),
    case(
        "date-earliest-after-latest",
        "incident:date-swapped rg:date",
        """
        incident:date-swapped a rg:Incident ;
            rdfs:label "Date with swapped bounds"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:earliest "2023-07-01"^^xsd:date ; rg:latest "2023-06-01"^^xsd:date ;
                      rg:precision precision:range ] .
        """,
        E("rg:earliest", BOUNDS_ORDER, '"2023-07-01"'),
    ),
    case(
        "date-day-unequal-bounds",
        "incident:date-day-span rg:date",
        """
        incident:date-day-span a rg:Incident ;
            rdfs:label "Day precision over two days"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:earliest "2023-06-01"^^xsd:date ; rg:latest "2023-06-02"^^xsd:date ;
                      rg:precision precision:day ] .
        """,
        E(
            None,
            "precision:day needs rg:earliest equal to rg:latest; for a span use precision:month, precision:year or precision:range",
        ),
    ),
    case(
        "date-known-precision-without-bounds",
        "incident:date-month-no-bounds rg:date",
        """
        incident:date-month-no-bounds a rg:Incident ;
            rdfs:label "Month without bounds"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:month ; rg:dateText "in June" ] .
        """,
        E(None, KNOWN_BOUNDS),
    ),
    case(
        "date-one-bound-only",
        "meeting:date-one-bound rg:date",
        """
        meeting:date-one-bound a rg:Meeting ;
            rdfs:label "Meeting with one bound"@en ;
            rg:evidence ev:sc-9350--record ;
            rg:date [ rg:earliest "2023-01-01"^^xsd:date ; rg:precision precision:year ] .
        """,
        E(None, KNOWN_BOUNDS),
    ),
    case(
        "date-text-twice",
        "incident:date-two-wordings rg:date",
        """
        incident:date-two-wordings a rg:Incident ;
            rdfs:label "Date with two wordings"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:unknown ; rg:dateText "recently", "lately" ] .
        """,
        E(
            "rg:dateText",
            "rg:dateText is the document's own wording of the date, given once as text",
        ),
    ),
    # ---------------------------------------------------------------- access levels
    case(
        "access-outside-scheme",
        "actor:secret-ngo",
        'actor:secret-ngo a rg:NGO ; rdfs:label "Secret NGO"@en ; rg:accessLevel access:secret .',
        E("rg:accessLevel", ACCESS, "access:secret"),
        consistency=True,
    ),
    case(
        "access-given-twice",
        "actor:twice-ngo",
        """
        actor:twice-ngo a rg:NGO ; rdfs:label "Twice NGO"@en ;
            rg:accessLevel access:public, access:restricted .
        """,
        E("rg:accessLevel", ACCESS),
    ),
    # ---------------------------------------------------------------- derived facts
    case(
        "derived-contested-stated",
        "actor:stated-contested",
        'actor:stated-contested a rg:NGO ; rdfs:label "Stated Contested"@en ; rg:contested false .',
        E("rg:contested", DERIVED),
    ),
    # ---------------------------------------------------------------- actors
    case(
        "state-bad-iso",
        "actor:bad-iso",
        'actor:bad-iso a rg:State ; rdfs:label "Bad ISO"@en ; rg:iso3166 "mli" .',
        E(
            "rg:iso3166",
            'rg:iso3166 is the two-letter upper-case ISO 3166-1 code, e.g. "ML"',
            '"mli"',
        ),
    ),
    case(
        "organization-parent-undeclared",
        "actor:orphan-unit",
        """
        actor:orphan-unit a rg:OrganizationalUnit ; rdfs:label "Orphan unit"@en ;
            org:subOrganizationOf actor:nowhere .
        """,
        E(
            "org:subOrganizationOf",
            "org:subOrganizationOf must point to a declared rg:Organization",
            "actor:nowhere",
        ),
        consistency=True,
    ),
    case(
        "group-member-undeclared",
        "actor:bad-group",
        """
        actor:bad-group a rg:GroupOfStates ; rdfs:label "Bad group"@en ;
            org:hasMember actor:mali, actor:atlantis .
        """,
        E(
            "org:hasMember",
            "org:hasMember must point to declared actors (the member states)",
            "actor:atlantis",
        ),
        consistency=True,
    ),
    case(
        "post-without-organisation",
        "post:no-organisation",
        'post:no-organisation a rg:Post ; rdfs:label "Post of nothing"@en .',
        E(
            "org:postIn",
            "post needs org:postIn: the declared organisation or state the post belongs to",
        ),
    ),
    # ---------------------------------------------------------------- places
    case(
        "place-without-level",
        "place:no-level",
        'place:no-level a rg:Place ; rdfs:label "No level"@en .',
        E("rg:adminLevel", ADMIN_LEVEL),
    ),
    case(
        "place-level-outside-scheme",
        "place:odd-level",
        'place:odd-level a rg:Place ; rdfs:label "Odd level"@en ; rg:adminLevel itype:killing .',
        E("rg:adminLevel", ADMIN_LEVEL, "itype:killing"),
    ),
    case(
        "place-within-not-a-place",
        "place:within-actor",
        """
        place:within-actor a rg:Place ; rdfs:label "Within an actor"@en ;
            rg:adminLevel level:town ; rg:within actor:mali .
        """,
        E("rg:within", "rg:within must point to a declared rg:Place", "actor:mali"),
    ),
    # ---------------------------------------------------------------- events and incidents
    case(
        "event-two-dates",
        "incident:two-dates",
        """
        incident:two-dates a rg:Incident ;
            rdfs:label "Two dates"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:unknown ], [ rg:precision precision:unknown ; rg:dateText "later" ] .
        """,
        E(
            "rg:date",
            "event has more than one rg:date: keep one, with bounds wide enough for all wordings",
        ),
    ),
    case(
        "event-place-undeclared",
        "incident:place-undeclared",
        """
        incident:place-undeclared a rg:Incident ;
            rdfs:label "Undeclared place"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:unknown ] ;
            rg:place place:atlantis .
        """,
        E("rg:place", "rg:place must point to a declared rg:Place", "place:atlantis"),
        consistency=True,
    ),
    case(
        "event-part-of-not-event",
        "incident:part-of-actor",
        """
        incident:part-of-actor a rg:Incident ;
            rdfs:label "Part of an actor"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:unknown ] ;
            rg:partOf actor:mali .
        """,
        E("rg:partOf", "rg:partOf must point to a declared event or incident", "actor:mali"),
    ),
    case(
        "event-duration-not-duration",
        "incident:worded-duration",
        """
        incident:worded-duration a rg:Incident ;
            rdfs:label "Worded duration"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:unknown ] ;
            rg:duration "five days" .
        """,
        E(
            "rg:duration",
            'rg:duration is one xsd:duration such as "P5D"^^xsd:duration',
            '"five days"',
        ),
    ),
    case(
        "event-without-evidence",
        "meeting:no-evidence",
        """
        meeting:no-evidence a rg:Meeting ;
            rdfs:label "Meeting without evidence"@en ;
            rg:date [ rg:precision precision:unknown ] .
        """,
        W(
            "rg:evidence",
            "event has no rg:evidence: add the evidence record of the document that describes it",
        ),
    ),
    case(
        "event-evidence-not-evidence",
        "meeting:evidence-is-document",
        """
        meeting:evidence-is-document a rg:Meeting ;
            rdfs:label "Evidence is a document"@en ;
            rg:date [ rg:precision precision:unknown ] ;
            rg:evidence doc:ohchr-moura-report .
        """,
        E(
            "rg:evidence",
            "rg:evidence must point to a declared rg:Evidence record",
            "doc:ohchr-moura-report",
        ),
    ),
    case(
        "incident-without-type",
        "incident:no-type",
        """
        incident:no-type a rg:Incident ;
            rdfs:label "No type"@en ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:unknown ] .
        """,
        E("rg:incidentType", INCIDENT_TYPE),
    ),
    case(
        "incident-type-outside-scheme",
        "incident:topic-as-type",
        """
        incident:topic-as-type a rg:Incident ;
            rdfs:label "Topic as type"@en ;
            rg:incidentType topic:children ;
            rg:evidence ev:moura--ohchr-report ;
            rg:date [ rg:precision precision:unknown ] .
        """,
        E("rg:incidentType", INCIDENT_TYPE, "topic:children"),
    ),
    case(
        "incident-without-date",
        "incident:no-date",
        """
        incident:no-date a rg:Incident ;
            rdfs:label "No date"@en ;
            rg:incidentType itype:killing ;
            rg:evidence ev:moura--ohchr-report .
        """,
        W(
            "rg:date",
            "incident has no rg:date: add one (precision:unknown if the text gives none)",
        ),
    ),
    # ---------------------------------------------------------------- meetings
    case(
        "meeting-convener-undeclared",
        "meeting:ghost-convener",
        """
        meeting:ghost-convener a rg:Meeting ;
            rdfs:label "Ghost convener"@en ;
            rg:evidence ev:sc-9350--record ;
            rg:date [ rg:precision precision:unknown ] ;
            rg:convenedBy actor:ghost-convener .
        """,
        E(
            "rg:convenedBy",
            "rg:convenedBy must point to a declared rg:Actor",
            "actor:ghost-convener",
        ),
        consistency=True,
    ),
    case(
        "meeting-participant-undeclared",
        "meeting:ghost-participant",
        """
        meeting:ghost-participant a rg:Meeting ;
            rdfs:label "Ghost participant"@en ;
            rg:evidence ev:sc-9350--record ;
            rg:date [ rg:precision precision:unknown ] ;
            rg:participant actor:france, actor:ghost-participant .
        """,
        E(
            "rg:participant",
            "rg:participant must point to a declared rg:Actor",
            "actor:ghost-participant",
        ),
        consistency=True,
    ),
    case(
        "meeting-without-date",
        "meeting:no-date",
        """
        meeting:no-date a rg:Meeting ;
            rdfs:label "Undated meeting"@en ;
            rg:evidence ev:sc-9350--record .
        """,
        E("rg:date", "meeting needs an rg:date (precision:unknown if the text gives none)"),
    ),
    # ---------------------------------------------------------------- mechanisms, decisions, instruments
    case(
        "mechanism-without-type",
        "mech:no-type",
        'mech:no-type a rg:AccountabilityMechanism ; rdfs:label "No type"@en .',
        E(
            "rg:mechanismType",
            "mechanism needs at least one rg:mechanismType from the mtype: scheme (e.g. mtype:sanctions-regime)",
        ),
    ),
    case(
        "mechanism-established-by-undeclared",
        "mech:ghost-founder",
        """
        mech:ghost-founder a rg:AccountabilityMechanism ; rdfs:label "Ghost founder"@en ;
            rg:mechanismType mtype:investigation ; rg:establishedBy actor:ghost-founder .
        """,
        E(
            "rg:establishedBy",
            "rg:establishedBy must point to a declared rg:Actor",
            "actor:ghost-founder",
        ),
        consistency=True,
    ),
    case(
        "mechanism-operated-by-undeclared",
        "mech:ghost-operator",
        """
        mech:ghost-operator a rg:AccountabilityMechanism ; rdfs:label "Ghost operator"@en ;
            rg:mechanismType mtype:investigation ; rg:operatedBy actor:ghost-operator .
        """,
        E(
            "rg:operatedBy",
            "rg:operatedBy must point to a declared rg:Actor",
            "actor:ghost-operator",
        ),
        consistency=True,
    ),
    case(
        "decision-without-body",
        "decision:no-body",
        """
        decision:no-body a rg:DraftResolution ; rdfs:label "No body"@en ;
            rg:date [ rg:precision precision:unknown ] .
        """,
        E(
            "rg:decidedBy",
            "decision needs rg:decidedBy: the declared body that adopted or considered it",
        ),
    ),
    case(
        "decision-without-date",
        "decision:no-date",
        """
        decision:no-date a rg:DraftResolution ; rdfs:label "No date"@en ;
            rg:decidedBy actor:un-security-council .
        """,
        E("rg:date", "decision needs one rg:date (precision:unknown if the text gives none)"),
    ),
    case(
        "decision-penholder-undeclared",
        "decision:ghost-penholder",
        """
        decision:ghost-penholder a rg:DraftResolution ; rdfs:label "Ghost penholder"@en ;
            rg:decidedBy actor:un-security-council ; rg:penholder actor:ghost-penholder ;
            rg:date [ rg:precision precision:unknown ] .
        """,
        E(
            "rg:penholder",
            "rg:penholder must point to a declared rg:Actor",
            "actor:ghost-penholder",
        ),
        consistency=True,
    ),
    case(
        "decision-occasion-not-meeting",
        "decision:occasion-incident",
        """
        decision:occasion-incident a rg:DraftResolution ; rdfs:label "Occasion incident"@en ;
            rg:decidedBy actor:un-security-council ; rg:occasion incident:moura ;
            rg:date [ rg:precision precision:unknown ] .
        """,
        E("rg:occasion", "rg:occasion must point to a declared rg:Meeting", "incident:moura"),
    ),
    case(
        "instrument-without-type",
        "instr:no-type",
        'instr:no-type a rg:Instrument ; rdfs:label "No type"@en .',
        E(
            "rg:instrumentType",
            "instrument needs one rg:instrumentType: instrument:treaty, instrument:agreement, instrument:law or instrument:plan",
        ),
    ),
    # ---------------------------------------------------------------- documents
    case(
        "document-without-publisher",
        "doc:no-publisher",
        """
        doc:no-publisher a rg:Document ; rdfs:label "No publisher"@en ;
            rg:documentKind dkind:report ;
            rg:publicationDate [ rg:precision precision:unknown ] .
        """,
        E(None, NO_PUBLISHER),
    ),
    case(
        "document-publisher-unknown-false",
        "doc:publisher-unknown-false",
        """
        doc:publisher-unknown-false a rg:Document ; rdfs:label "Publisher known?"@en ;
            rg:documentKind dkind:report ; rg:publisherUnknown false ;
            rg:publicationDate [ rg:precision precision:unknown ] .
        """,
        E(None, NO_PUBLISHER),
    ),
    case(
        "document-without-publication-date",
        "doc:no-date",
        """
        doc:no-date a rg:Document ; rdfs:label "No date"@en ;
            rg:documentKind dkind:report ; dcterms:publisher actor:hrw .
        """,
        E(
            "rg:publicationDate",
            "document needs one rg:publicationDate; if the text does not say, use [ rg:precision precision:unknown ] and explain in rdfs:comment",
        ),
    ),
    case(
        "document-without-kind",
        "doc:no-kind",
        """
        doc:no-kind a rg:Document ; rdfs:label "No kind"@en ; dcterms:publisher actor:hrw ;
            rg:publicationDate [ rg:precision precision:unknown ] .
        """,
        E(
            "rg:documentKind",
            "document needs one rg:documentKind from the dkind: scheme (e.g. dkind:report)",
        ),
    ),
    case(
        "document-empty-title",
        "doc:empty-title",
        """
        doc:empty-title a rg:Document ; rdfs:label "Empty title"@en ; dcterms:title " " ;
            rg:documentKind dkind:report ; dcterms:publisher actor:hrw ;
            rg:publicationDate [ rg:precision precision:unknown ] .
        """,
        E(
            "dcterms:title",
            "dcterms:title is the document's own title, given once as text",
            '" "',
        ),
    ),
    case(
        "document-publisher-undeclared",
        "doc:ghost-publisher",
        """
        doc:ghost-publisher a rg:Document ; rdfs:label "Ghost publisher"@en ;
            rg:documentKind dkind:report ; dcterms:publisher actor:ghost-publisher ;
            rg:publicationDate [ rg:precision precision:unknown ] .
        """,
        E(
            "dcterms:publisher",
            "dcterms:publisher must point to a declared rg:Actor",
            "actor:ghost-publisher",
        ),
        consistency=True,
    ),
    case(
        "document-derived-from-non-document",
        "doc:derived-from-actor",
        """
        doc:derived-from-actor a rg:Document ; rdfs:label "Derived from an actor"@en ;
            rg:documentKind dkind:report ; dcterms:publisher actor:hrw ;
            rg:publicationDate [ rg:precision precision:unknown ] ;
            prov:wasDerivedFrom actor:hrw .
        """,
        E(
            "prov:wasDerivedFrom",
            "prov:wasDerivedFrom must point to a declared rg:Document",
            "actor:hrw",
        ),
    ),
    case(
        "document-primary-source-non-document",
        "doc:cites-ghost",
        """
        doc:cites-ghost a rg:Document ; rdfs:label "Cites a ghost"@en ;
            rg:documentKind dkind:report ; dcterms:publisher actor:hrw ;
            rg:publicationDate [ rg:precision precision:unknown ] ;
            prov:hadPrimarySource doc:ghost-primary-source .
        """,
        E(
            "prov:hadPrimarySource",
            "prov:hadPrimarySource must point to a declared rg:Document",
            "doc:ghost-primary-source",
        ),
        consistency=True,
    ),
    case(
        "document-quoted-from-non-document",
        "doc:quotes-ghost",
        """
        doc:quotes-ghost a rg:Document ; rdfs:label "Quotes a ghost"@en ;
            rg:documentKind dkind:report ; dcterms:publisher actor:hrw ;
            rg:publicationDate [ rg:precision precision:unknown ] ;
            prov:wasQuotedFrom doc:ghost-quoted .
        """,
        E(
            "prov:wasQuotedFrom",
            "prov:wasQuotedFrom must point to a declared rg:Document",
            "doc:ghost-quoted",
        ),
        consistency=True,
    ),
    case(
        "document-archived-copy-with-folder",
        "doc:archived-in-folder",
        """
        doc:archived-in-folder a rg:Document ; rdfs:label "Archived in a folder"@en ;
            rg:documentKind dkind:report ; dcterms:publisher actor:hrw ;
            rg:publicationDate [ rg:precision precision:unknown ] ;
            rg:archivedCopy "sources/report.txt" .
        """,
        E(
            "rg:archivedCopy",
            "rg:archivedCopy is a bare file name in the sources folder, without any directory",
            '"sources/report.txt"',
        ),
    ),
    # ---------------------------------------------------------------- claims
    case(
        "claim-without-evidence",
        "claim:no-evidence",
        "claim:no-evidence a rg:Statement ; rg:speaker actor:hrw .",
        E(
            "rg:evidence",
            "claim has no evidence: add rg:evidence pointing to an rg:Evidence record with the document, quote, claimant and stance",
        ),
    ),
    case(
        "claim-evidence-undeclared",
        "claim:ghost-evidence",
        "claim:ghost-evidence a rg:Statement ; rg:speaker actor:hrw ; rg:evidence ev:ghost .",
        E("rg:evidence", CLAIM_EVIDENCE_CLASS, "ev:ghost"),
        # an undeclared record is not restricted: no restricted-evidence warning on top
        consistency=True,
    ),
    case(
        "claim-assessment-not-assessment",
        "claim:assessed-by-actor",
        """
        claim:assessed-by-actor a rg:Statement ; rg:speaker actor:hrw ;
            rg:evidence ev:moura-deaths--ohchr ; rg:assessment actor:hrw .
        """,
        E("rg:assessment", "rg:assessment must point to an rg:Assessment node", "actor:hrw"),
    ),
    case(
        "claim-two-summaries",
        "claim:two-summaries",
        """
        claim:two-summaries a rg:Statement ; rg:speaker actor:hrw ;
            rg:evidence ev:moura-deaths--ohchr ; rg:summary "One.", "Two." .
        """,
        E("rg:summary", "rg:summary is one short text paraphrase"),
    ),
    # ---------------------------------------------------------------- evidence
    case(
        "evidence-without-document-claimant-stance",
        "ev:bare",
        'ev:bare a rg:Evidence ; rg:quote "Something happened." .',
        E("rg:document", EV_DOCUMENT),
        E("rg:claimant", EV_CLAIMANT),
        E("rg:stance", EV_STANCE),
    ),
    case(
        "evidence-document-undeclared",
        "ev:ghost-document",
        """
        ev:ghost-document a rg:Evidence ; rg:document doc:ghost-read ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance stance:asserts .
        """,
        E(
            "rg:document",
            "rg:document points to an unknown document: declare it 'a rg:Document' in data/ or correct the IRI",
            "doc:ghost-read",
        ),
        consistency=True,
    ),
    case(
        "evidence-two-documents",
        "ev:two-documents",
        """
        ev:two-documents a rg:Evidence ; rg:document doc:ohchr-moura-report, doc:hrw-moura ;
            rg:quote "Q." ; rg:claimant actor:hrw ; rg:stance stance:asserts .
        """,
        E("rg:document", EV_DOCUMENT),
    ),
    case(
        "evidence-without-quote",
        "ev:no-quote",
        """
        ev:no-quote a rg:Evidence ; rg:document doc:hrw-moura ;
            rg:claimant actor:hrw ; rg:stance stance:asserts .
        """,
        E("rg:quote", EV_QUOTE),
    ),
    case(
        "evidence-empty-quote",
        "ev:empty-quote",
        """
        ev:empty-quote a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "  " ;
            rg:claimant actor:hrw ; rg:stance stance:asserts .
        """,
        E(
            "rg:quote",
            "rg:quote is empty: copy the sentence that supports the claim, verbatim",
            '"  "',
        ),
    ),
    case(
        "evidence-long-quote",
        "ev:long-quote",
        f"""
        ev:long-quote a rg:Evidence ; rg:document doc:hrw-moura ;
            rg:quote "{LONG_QUOTE}" ;
            rg:claimant actor:hrw ; rg:stance stance:asserts .
        """,
        W(
            "rg:quote",
            "rg:quote is longer than 600 characters: quote one sentence at most, never a whole paragraph",
            '"' + "x" * 80 + '…"',
        ),
    ),
    case(
        "evidence-claimant-undeclared",
        "ev:ghost-claimant",
        """
        ev:ghost-claimant a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:ghost-claimant ; rg:stance stance:asserts .
        """,
        E(
            "rg:claimant",
            "rg:claimant points to an unknown actor: declare the actor in data/actors.ttl or correct the IRI",
            "actor:ghost-claimant",
        ),
        consistency=True,
    ),
    case(
        "evidence-stance-outside-scheme",
        "ev:topic-stance",
        """
        ev:topic-stance a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance topic:children .
        """,
        E(
            "rg:stance",
            "rg:stance is not in the stance scheme: use stance:asserts, stance:reports, stance:expresses-concern, stance:recommends, stance:calls-for, stance:welcomes, stance:denies, stance:rejects or stance:disputes",
            "topic:children",
        ),
    ),
    case(
        "evidence-two-stances",
        "ev:two-stances",
        """
        ev:two-stances a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance stance:asserts, stance:denies .
        """,
        E("rg:stance", EV_STANCE),
    ),
    case(
        "evidence-two-locators",
        "ev:two-locators",
        """
        ev:two-locators a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance stance:asserts ; rg:locator "p. 1", "p. 2" .
        """,
        E("rg:locator", "rg:locator is one text: the section, paragraph or heading"),
    ),
    case(
        "evidence-two-statement-dates",
        "ev:two-statement-dates",
        """
        ev:two-statement-dates a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance stance:asserts ;
            rg:statementDate [ rg:precision precision:unknown ], [ rg:precision precision:unknown ; rg:dateText "later" ] .
        """,
        E("rg:statementDate", "evidence has more than one rg:statementDate: keep one"),
    ),
    case(
        "evidence-occasion-not-meeting",
        "ev:occasion-incident",
        """
        ev:occasion-incident a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance stance:asserts ; rg:occasion incident:moura .
        """,
        E(
            "rg:occasion",
            "rg:occasion points to something that is not an rg:Meeting: declare the meeting or correct the IRI",
            "incident:moura",
        ),
    ),
    case(
        "evidence-primary-source-non-document",
        "ev:cites-ghost",
        """
        ev:cites-ghost a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance stance:reports ; prov:hadPrimarySource doc:ghost-cited-by-evidence .
        """,
        E(
            "prov:hadPrimarySource",
            "prov:hadPrimarySource on evidence must point to the rg:Document it cites",
            "doc:ghost-cited-by-evidence",
        ),
        consistency=True,
    ),
    case(
        "evidence-quoted-from-non-document",
        "ev:quotes-ghost",
        """
        ev:quotes-ghost a rg:Evidence ; rg:document doc:hrw-moura ; rg:quote "Q." ;
            rg:claimant actor:hrw ; rg:stance stance:reports ; prov:wasQuotedFrom doc:ghost-quoted-by-evidence .
        """,
        E(
            "prov:wasQuotedFrom",
            "prov:wasQuotedFrom on evidence must point to the rg:Document it quotes",
            "doc:ghost-quoted-by-evidence",
        ),
        consistency=True,
    ),
    # ---------------------------------------------------------------- assessments
    case(
        "assessment-all-wrong",
        "claim:badly-assessed rg:assessment",
        """
        claim:badly-assessed a rg:Statement ; rg:speaker actor:hrw ;
            rg:evidence ev:moura-deaths--ohchr ;
            rg:assessment [ a rg:Assessment ;
                rg:reliability credibility:1 ;
                rg:credibility reliability:A ;
                rg:assessedOn "last week" ] .
        """,
        E(
            "rg:editorialStatus",
            "assessment needs one rg:editorialStatus from the status: scheme (e.g. status:alleged)",
        ),
        E(
            "rg:reliability",
            "rg:reliability is one Admiralty grade, reliability:A to reliability:F",
            "credibility:1",
        ),
        E(
            "rg:credibility",
            "rg:credibility is one Admiralty grade, credibility:1 to credibility:6",
            "reliability:A",
        ),
        E("rg:assessedBy", "assessment needs rg:assessedBy: the actor who made the judgement"),
        E(
            "rg:assessedOn",
            'assessment needs one rg:assessedOn date, e.g. "2026-11-23"^^xsd:date',
            '"last week"',
        ),
    ),
    # ---------------------------------------------------------------- access of claims
    case(
        "public-claim-on-restricted-evidence",
        "claim:public-on-restricted-evidence",
        """
        claim:public-on-restricted-evidence a rg:Statement ; rg:speaker actor:hrw ;
            rg:evidence ev:jnim-moura--restricted-note .
        """,
        W(None, PUBLIC_ON_RESTRICTED),
    ),
    case(
        "public-claim-on-restricted-document",
        "claim:public-on-restricted-document",
        """
        claim:public-on-restricted-document a rg:Statement ; rg:speaker actor:hrw ;
            rg:accessLevel access:public ;
            rg:evidence ev:public-record-of-restricted-note .

        ev:public-record-of-restricted-note a rg:Evidence ; rg:document doc:restricted-note ;
            rg:quote "A witness saw armed men arrive." ; rg:claimant actor:hrw ; rg:stance stance:reports .
        """,
        W(None, PUBLIC_ON_RESTRICTED),
    ),
    # ---------------------------------------------------------------- involvements
    case(
        "involvement-actor-undeclared",
        "claim:ghost-perpetrator",
        """
        claim:ghost-perpetrator a rg:Involvement ; rg:actor actor:ghost-perpetrator ;
            rg:incident incident:moura ; rg:role role:perpetrator ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:actor",
            "involvement needs exactly one rg:actor that is a declared rg:Actor",
            "actor:ghost-perpetrator",
        ),
        consistency=True,
    ),
    case(
        "involvement-incident-not-incident",
        "claim:involved-in-place",
        """
        claim:involved-in-place a rg:Involvement ; rg:actor actor:fama ;
            rg:incident place:moura ; rg:role role:perpetrator ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:incident",
            "involvement needs exactly one rg:incident that is a declared rg:Incident",
            "place:moura",
        ),
    ),
    case(
        "involvement-role-outside-scheme",
        "claim:stance-as-role",
        """
        claim:stance-as-role a rg:Involvement ; rg:actor actor:fama ;
            rg:incident incident:moura ; rg:role stance:asserts ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:role",
            "involvement needs one rg:role from the role: scheme (e.g. role:perpetrator)",
            "stance:asserts",
        ),
    ),
    # ---------------------------------------------------------------- counts
    case(
        "count-without-qualifier",
        "claim:count-no-qualifier",
        """
        claim:count-no-qualifier a rg:Count ; rg:countOf measure:people-killed ;
            rg:countSubject incident:moura ; rg:countText "500" ; rg:bestEstimate 500 ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:qualifier",
            "count needs one rg:qualifier: qualifier:exactly, qualifier:more-than, qualifier:at-least, qualifier:approximately, qualifier:at-most or qualifier:order-of-magnitude",
        ),
    ),
    case(
        "count-without-bound",
        "claim:count-no-figure",
        """
        claim:count-no-figure a rg:Count ; rg:qualifier qualifier:approximately ;
            rg:countOf measure:people-killed ; rg:countSubject incident:moura ;
            rg:countText "hundreds" ; rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            None,
            'count has no figure: give rg:lowerBound, rg:upperBound or rg:bestEstimate ("more than 500" is rg:lowerBound 501)',
        ),
    ),
    case(
        "count-lower-above-upper",
        "claim:count-swapped",
        """
        claim:count-swapped a rg:Count ; rg:qualifier qualifier:approximately ;
            rg:countOf measure:people-killed ; rg:countSubject incident:moura ;
            rg:countText "between 10 and 5" ; rg:lowerBound 10 ; rg:upperBound 5 ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E("rg:lowerBound", LOWER_BOUND, '"10"'),
    ),
    case(
        "count-negative-lower-bound",
        "claim:count-negative",
        """
        claim:count-negative a rg:Count ; rg:qualifier qualifier:at-least ;
            rg:countOf measure:people-killed ; rg:countSubject incident:moura ;
            rg:countText "at least -3" ; rg:lowerBound -3 ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E("rg:lowerBound", LOWER_BOUND, '"-3"'),
    ),
    case(
        "count-upper-not-integer",
        "claim:count-upper-text",
        """
        claim:count-upper-text a rg:Count ; rg:qualifier qualifier:at-most ;
            rg:countOf measure:people-killed ; rg:countSubject incident:moura ;
            rg:countText "at most fifty" ; rg:upperBound "fifty" ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E("rg:upperBound", "rg:upperBound must be one non-negative integer", '"fifty"'),
    ),
    case(
        "count-best-estimate-negative",
        "claim:count-best-negative",
        """
        claim:count-best-negative a rg:Count ; rg:qualifier qualifier:approximately ;
            rg:countOf measure:people-killed ; rg:countSubject incident:moura ;
            rg:countText "about -1" ; rg:bestEstimate -1 ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E("rg:bestEstimate", "rg:bestEstimate must be one non-negative integer", '"-1"'),
    ),
    case(
        "count-out-of-zero",
        "claim:count-out-of-zero",
        """
        claim:count-out-of-zero a rg:Count ; rg:qualifier qualifier:exactly ;
            rg:countOf measure:votes-in-favour ; rg:countSubject decision:draft-2023-08 ;
            rg:countText "none out of none" ; rg:bestEstimate 0 ; rg:outOf 0 ;
            rg:evidence ev:draft-2023-08--record .
        """,
        E("rg:outOf", "rg:outOf must be one positive integer (the denominator)", '"0"'),
    ),
    case(
        "count-without-measure",
        "claim:count-no-measure",
        """
        claim:count-no-measure a rg:Count ; rg:qualifier qualifier:exactly ;
            rg:countSubject incident:moura ; rg:countText "12" ; rg:bestEstimate 12 ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:countOf",
            "count needs one rg:countOf from the measure: scheme (e.g. measure:people-killed)",
        ),
    ),
    case(
        "count-without-subject",
        "claim:count-no-subject",
        """
        claim:count-no-subject a rg:Count ; rg:qualifier qualifier:exactly ;
            rg:countOf measure:people-killed ; rg:countText "12" ; rg:bestEstimate 12 ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:countSubject",
            "count needs rg:countSubject: the incident, mechanism, decision or actor it belongs to",
        ),
    ),
    case(
        "count-without-wording",
        "claim:count-no-wording",
        """
        claim:count-no-wording a rg:Count ; rg:qualifier qualifier:exactly ;
            rg:countOf measure:people-killed ; rg:countSubject incident:moura ;
            rg:bestEstimate 12 ; rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:countText",
            'count needs one rg:countText: the figure in the document\'s words, e.g. "more than 500"',
        ),
    ),
    # ---------------------------------------------------------------- statements
    case(
        "statement-without-speaker",
        "claim:no-speaker",
        "claim:no-speaker a rg:Statement ; rg:evidence ev:moura-deaths--ohchr .",
        E(
            "rg:speaker",
            "statement needs exactly one rg:speaker that is a declared rg:Actor (one statement per speaker)",
        ),
    ),
    case(
        "statement-topic-outside-scheme",
        "claim:type-as-topic",
        """
        claim:type-as-topic a rg:Statement ; rg:speaker actor:hrw ; rg:topic itype:killing ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E("rg:topic", "rg:topic must come from the topic: scheme", "itype:killing"),
    ),
    case(
        "statement-occasion-not-meeting",
        "claim:occasion-incident",
        """
        claim:occasion-incident a rg:Statement ; rg:speaker actor:hrw ; rg:occasion incident:moura ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E("rg:occasion", "rg:occasion must be one declared rg:Meeting", "incident:moura"),
    ),
    case(
        "statement-addressee-undeclared",
        "claim:ghost-addressee",
        """
        claim:ghost-addressee a rg:Statement ; rg:speaker actor:hrw ; rg:addressee actor:ghost-addressee ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E("rg:addressee", "rg:addressee must be a declared rg:Actor", "actor:ghost-addressee"),
        consistency=True,
    ),
    case(
        "statement-monitoring-body-undeclared",
        "claim:ghost-monitor",
        """
        claim:ghost-monitor a rg:Statement ; rg:speaker actor:hrw ; rg:monitoringBody actor:ghost-monitor ;
            rg:evidence ev:moura-deaths--ohchr .
        """,
        E(
            "rg:monitoringBody",
            "rg:monitoringBody must be a declared rg:Actor",
            "actor:ghost-monitor",
        ),
        consistency=True,
    ),
    case(
        "recommendation-without-addressee",
        "claim:no-addressee",
        """
        claim:no-addressee a rg:Recommendation ; rg:speaker actor:hrw ; rg:topic topic:accountability ;
            rg:evidence ev:hrw-recommends--hrw .
        """,
        E("rg:addressee", "recommendation needs an rg:addressee: the actor asked to act"),
    ),
    case(
        "recommendation-without-topic",
        "claim:no-topic",
        """
        claim:no-topic a rg:Recommendation ; rg:speaker actor:hrw ; rg:addressee actor:mali ;
            rg:evidence ev:hrw-recommends--hrw .
        """,
        W(
            "rg:topic",
            "recommendation has no rg:topic: add one or more from the topic: scheme so it can be found by topic",
        ),
    ),
    case(
        "rejection-without-target",
        "claim:rejects-nothing",
        """
        claim:rejects-nothing a rg:Rejection ; rg:speaker actor:mali-transitional-authorities ;
            rg:evidence ev:wagner-moura--mali-denial .
        """,
        E("rg:rejects", "rejection needs rg:rejects: the document or claim rejected"),
    ),
    case(
        "rejection-of-an-actor",
        "claim:rejects-actor",
        """
        claim:rejects-actor a rg:Rejection ; rg:speaker actor:mali-transitional-authorities ;
            rg:rejects actor:hrw ; rg:evidence ev:wagner-moura--mali-denial .
        """,
        E("rg:rejects", "rg:rejects must point to a declared rg:Document or rg:Claim", "actor:hrw"),
    ),
    # ---------------------------------------------------------------- votes
    case(
        "vote-without-voter",
        "claim:no-voter",
        """
        claim:no-voter a rg:Vote ; rg:onDecision decision:draft-2023-08 ;
            rg:votePosition vote:abstention ; rg:evidence ev:draft-2023-08--record .
        """,
        E("rg:voter", "vote needs exactly one rg:voter that is a declared rg:Actor"),
    ),
    case(
        "vote-on-non-decision",
        "claim:vote-on-meeting",
        """
        claim:vote-on-meeting a rg:Vote ; rg:voter actor:france ; rg:onDecision meeting:sc-9350 ;
            rg:votePosition vote:in-favour ; rg:evidence ev:draft-2023-08--record .
        """,
        E(
            "rg:onDecision",
            "vote needs exactly one rg:onDecision that is a declared rg:Decision",
            "meeting:sc-9350",
        ),
    ),
    case(
        "vote-position-outside-scheme",
        "claim:vote-maybe",
        """
        claim:vote-maybe a rg:Vote ; rg:voter actor:france ; rg:onDecision decision:draft-2023-08 ;
            rg:votePosition vote:maybe ; rg:evidence ev:draft-2023-08--record .
        """,
        E(
            "rg:votePosition",
            "vote needs one rg:votePosition: vote:in-favour, vote:against or vote:abstention",
            "vote:maybe",
        ),
        consistency=True,
    ),
    case(
        "veto-in-favour",
        "claim:veto-in-favour",
        """
        claim:veto-in-favour a rg:Veto ; rg:voter actor:russia ; rg:onDecision decision:draft-2023-08 ;
            rg:votePosition vote:in-favour ; rg:evidence ev:draft-2023-08--record .
        """,
        E("rg:votePosition", "a veto is a vote against: set rg:votePosition vote:against"),
    ),
    # ---------------------------------------------------------------- lifecycle events
    case(
        "lifecycle-mechanism-undeclared",
        "claim:ghost-mechanism-renewed",
        """
        claim:ghost-mechanism-renewed a rg:LifecycleEvent ; rg:mechanism mech:ghost ;
            rg:stage stage:renewed ; rg:date [ rg:precision precision:unknown ] ;
            rg:evidence ev:draft-2023-08--record .
        """,
        E(
            "rg:mechanism",
            "lifecycle event needs exactly one rg:mechanism that is a declared rg:AccountabilityMechanism",
            "mech:ghost",
        ),
        consistency=True,
    ),
    case(
        "lifecycle-stage-outside-scheme",
        "claim:mechanism-role-stage",
        """
        claim:mechanism-role-stage a rg:LifecycleEvent ; rg:mechanism mech:mali-sanctions-regime ;
            rg:stage role:victim ; rg:date [ rg:precision precision:unknown ] ;
            rg:evidence ev:draft-2023-08--record .
        """,
        E(
            "rg:stage",
            "lifecycle event needs one rg:stage from the stage: scheme (e.g. stage:vetoed)",
            "role:victim",
        ),
    ),
    case(
        "lifecycle-by-decision-not-decision",
        "claim:ended-by-meeting",
        """
        claim:ended-by-meeting a rg:LifecycleEvent ; rg:mechanism mech:mali-sanctions-regime ;
            rg:stage stage:ended ; rg:byDecision meeting:sc-9350 ;
            rg:date [ rg:precision precision:unknown ] ; rg:evidence ev:draft-2023-08--record .
        """,
        E("rg:byDecision", "rg:byDecision must be a declared rg:Decision", "meeting:sc-9350"),
    ),
    case(
        "lifecycle-by-actor-undeclared",
        "claim:obstructed-by-ghost",
        """
        claim:obstructed-by-ghost a rg:LifecycleEvent ; rg:mechanism mech:mali-sanctions-regime ;
            rg:stage stage:obstructed ; rg:byActor actor:ghost-obstructor ;
            rg:date [ rg:precision precision:unknown ] ; rg:evidence ev:draft-2023-08--record .
        """,
        E("rg:byActor", "rg:byActor must be a declared rg:Actor", "actor:ghost-obstructor"),
        consistency=True,
    ),
    case(
        "lifecycle-without-date",
        "claim:undated-renewal",
        """
        claim:undated-renewal a rg:LifecycleEvent ; rg:mechanism mech:mali-sanctions-regime ;
            rg:stage stage:renewed ; rg:evidence ev:draft-2023-08--record .
        """,
        W(
            "rg:date",
            "lifecycle event has no rg:date: add one (precision:unknown if the text gives none)",
        ),
    ),
    # ---------------------------------------------------------------- relationships, posts
    case(
        "relationship-subject-undeclared",
        "claim:ghost-partner",
        """
        claim:ghost-partner a rg:Relationship ; rg:subject actor:ghost-partner ; rg:object actor:fama ;
            rg:relationType rel:linked-to ; rg:evidence ev:wagner-fama--hrw .
        """,
        E(
            "rg:subject",
            "relationship needs exactly one rg:subject that is a declared rg:Actor",
            "actor:ghost-partner",
        ),
        consistency=True,
    ),
    case(
        "relationship-without-object",
        "claim:partner-of-nobody",
        """
        claim:partner-of-nobody a rg:Relationship ; rg:subject actor:wagner-group ;
            rg:relationType rel:linked-to ; rg:evidence ev:wagner-fama--hrw .
        """,
        E("rg:object", "relationship needs exactly one rg:object that is a declared rg:Actor"),
    ),
    case(
        "relationship-type-outside-scheme",
        "claim:partner-by-stance",
        """
        claim:partner-by-stance a rg:Relationship ; rg:subject actor:wagner-group ;
            rg:object actor:fama ; rg:relationType stance:welcomes ; rg:evidence ev:wagner-fama--hrw .
        """,
        E(
            "rg:relationType",
            "relationship needs one rg:relationType from the rel: scheme (e.g. rel:linked-to)",
            "stance:welcomes",
        ),
    ),
    case(
        "post-holding-holder-not-person",
        "claim:ngo-holds-post",
        """
        claim:ngo-holds-post a rg:PostHolding ; rg:holder actor:hrw ;
            rg:post post:mali-foreign-minister ; rg:evidence ev:diop--record .
        """,
        E(
            "rg:holder",
            "post holding needs exactly one rg:holder that is a declared rg:Person",
            "actor:hrw",
        ),
    ),
    case(
        "post-holding-post-not-post",
        "claim:holds-a-state",
        """
        claim:holds-a-state a rg:PostHolding ; rg:holder actor:abdoulaye-diop ;
            rg:post actor:mali ; rg:evidence ev:diop--record .
        """,
        E(
            "rg:post",
            "post holding needs exactly one rg:post that is a declared rg:Post",
            "actor:mali",
        ),
    ),
]


def _key(e: tuple[str | None, ...]) -> tuple[str, ...]:
    """Sort key for expected results, where a path or value may be None."""
    return tuple(x or "" for x in e)


def owner(focus: str) -> str:
    """'claim:x rg:date' (a blank node reported on its owner) -> 'claim:x'."""
    return focus.split()[0]


def the_case(param: object) -> Case:
    c = param.values[0]  # type: ignore[attr-defined]
    assert isinstance(c, Case)
    return c


@dataclass
class Run:
    path: Path
    lines: list[str]
    shapes: list[Problem]  # the shapes alone
    report: ValidationReport  # what validate() reports: shapes and consistency, merged

    def line_of(self, subject: str) -> int:
        return next(i for i, text in enumerate(self.lines, 1) if text.startswith(subject + " "))


def on(problems: list[Problem], subject: str) -> list[Problem]:
    return [p for p in problems if p.focus and owner(p.focus) == subject]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """good.ttl plus every case, checked once against an empty data folder.

    One pySHACL run: ``check_parsed`` returns the shape and consistency results
    unmerged; ``merge_problems`` is the step with which ``validate()`` combines them."""
    from rightsgraph.validation.files import check_parsed, load_target, merge_problems

    folder = tmp_path_factory.mktemp("shapes")
    data = folder / "data"
    data.mkdir()
    text = GOOD.read_text(encoding="utf-8").rstrip("\n") + "\n"
    for param in CASES:
        c = the_case(param)
        text += f"\n# case {c.id}\n{c.snippet}"
    path = folder / "cases.ttl"
    path.write_text(text, encoding="utf-8")
    parsed, unreadable = load_target(path, data)
    assert parsed is not None, [p.render() for p in unreadable]
    found = check_parsed([parsed], data)
    shapes = [p for p in found if p.kind == "shape"]
    report = ValidationReport(files=[str(path)], problems=merge_problems(found))
    return Run(path, text.splitlines(), shapes, report)


def test_case_ids_and_focus_nodes_are_unique() -> None:
    cases = [the_case(p) for p in CASES]
    assert len({c.id for c in cases}) == len(cases)
    assert len({owner(c.focus) for c in cases}) == len(cases)


def test_good_file_conforms(empty_data: Path) -> None:
    report = validate([GOOD], data_dir=empty_data)
    assert [p.render() for p in report.problems] == []
    assert report.conforms
    assert len(report.files) == 1 and Path(report.files[0]).resolve() == GOOD


def test_good_file_has_every_kind_of_node() -> None:
    """good.ttl has an instance of every class a shape targets, and every claim kind."""
    from rightsgraph.resources import ontology_files

    g = Graph().parse(GOOD, format="turtle")
    rg = "https://w3id.org/rightsgraph/ontology#"
    present = {str(t) for t in g.objects(None, RDF.type)}
    needed = {
        rg + name
        for name in [
            "State",
            "GroupOfStates",
            "GovernmentBody",
            "StateArmedForce",
            "NonStateArmedGroup",
            "PrivateMilitaryCompany",
            "IntergovernmentalBody",
            "UNMission",
            "OrganizationalUnit",
            "PanelOfExperts",
            "IndependentExpert",
            "RegionalCommission",
            "NGO",
            "MediaOutlet",
            "NationalHumanRightsInstitution",
            "Person",
            "Post",
            "Place",
            "Incident",
            "Meeting",
            "AccountabilityMechanism",
            "DraftResolution",
            "Resolution",
            "Instrument",
            "Document",
            "Evidence",
            "Assessment",
            "Involvement",
            "Count",
            "Statement",
            "Recommendation",
            "Rejection",
            "Vote",
            "Veto",
            "LifecycleEvent",
            "Relationship",
            "PostHolding",
        ]
    }
    assert sorted(needed - present) == []
    onto = Graph()
    for f in ontology_files():
        onto.parse(f, format="turtle")
    shapes = Graph()
    for f in shape_files():
        shapes.parse(f, format="turtle")

    def has_instance(cls: URIRef) -> bool:
        return any(str(c) in present for c in onto.transitive_subjects(RDFS.subClassOf, cls))

    targets = {t for t in shapes.objects(None, SH.targetClass) if isinstance(t, URIRef)}
    assert sorted(str(t) for t in targets if not has_instance(t)) == []
    for prop in ("publisherUnknown", "accessLevel", "date", "startDate", "statementDate"):
        assert (None, URIRef(rg + prop), None) in g, prop
    for used in [p for p in shapes.objects(None, SH.targetSubjectsOf)] + [
        p for p in shapes.objects(None, SH.targetObjectsOf)
    ]:
        # derived properties are never in data: their shape only refuses them
        from rightsgraph.claims import DERIVED_PROPERTIES

        if str(used) not in (rg + "endDate", *DERIVED_PROPERTIES):
            assert (None, used, None) in g, used


def test_no_unexpected_problems(run: Run) -> None:
    """Nothing in good.ttl is reported; every problem belongs to a case."""
    subjects = {owner(the_case(p).focus) for p in CASES}
    for problems in (run.shapes, run.report.problems):
        stray = [p.render() for p in problems if not p.focus or owner(p.focus) not in subjects]
        assert stray == []
        # every result carries its shape's own message, never pySHACL's fallback
        assert [p.render() for p in problems if "does not conform" in p.message] == []
    assert [p.render() for p in run.report.problems if p.kind == "syntax"] == []


def test_every_shape_message_is_covered() -> None:
    """The table has a case for every message a targeted shape can report."""
    shapes = Graph()
    for f in shape_files():
        shapes.parse(f, format="turtle")
    targeted = {
        s
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if any(
            shapes.value(s, t) is not None
            for t in (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode)
        )
    }
    messages = {
        str(shapes.value(p, SH.message)) for s in targeted for p in shapes.objects(s, SH.property)
    }
    # node-level constraints (sh:or, sh:nodeKind) report the node shape's own message
    messages |= {str(m) for s in targeted if (m := shapes.value(s, SH.message)) is not None}
    covered = {e[3] for p in CASES for e in the_case(p).expected}
    assert sorted(messages - covered) == []
    assert sorted(covered - messages) == []


@pytest.mark.parametrize("c", CASES)
def test_shape_case(run: Run, c: Case) -> None:
    """The shapes report exactly the expected results, on the focus node's line."""
    found = on(run.shapes, owner(c.focus))
    assert sorted(((p.severity, p.path, p.value, p.message) for p in found), key=_key) == sorted(
        c.expected, key=_key
    )
    line = run.line_of(owner(c.focus))
    for p in found:
        assert p.focus == c.focus
        assert p.file is not None and Path(p.file).resolve() == run.path.resolve()
        assert p.line == line, p.render()


@pytest.mark.parametrize("c", CASES)
def test_validate_case(run: Run, c: Case) -> None:
    """validate() shows the shape's messages, or for an undeclared IRI or an
    impossible date one consistency error naming the value, on the same line."""
    found = on(run.report.problems, owner(c.focus))
    line = run.line_of(owner(c.focus))
    assert found, f"nothing reported on {c.focus}"
    for p in found:
        assert p.focus == c.focus
        assert p.file is not None and Path(p.file).resolve() == run.path.resolve()
        assert p.line == line, p.render()
    if not c.consistency:
        got = sorted(((p.kind, p.severity, p.path, p.value, p.message) for p in found), key=_key)
        assert got == sorted((("shape", *e) for e in c.expected), key=_key)
        return
    assert [(p.kind, p.severity) for p in found] == [("consistency", "error")], [
        p.render() for p in found
    ]
    expected_paths = {e[1] for e in c.expected}
    assert found[0].path in expected_paths
    value = next(e[2] for e in c.expected if e[1] == found[0].path and e[2])
    assert value.strip('"') in found[0].message


def test_consistency_problem_keeps_other_shape_results(empty_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "claim.ttl"
    prefixes = "".join(line for line in GOOD.read_text().splitlines(True) if line.startswith("@"))
    path.write_text(
        prefixes
        + "claim:unproven a rg:Involvement ; rg:actor actor:ghost-unproven ;\n"
        + "    rg:incident incident:moura ; rg:role role:perpetrator .\n",
        encoding="utf-8",
    )
    (empty_data / "good.ttl").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    report = validate([path], data_dir=empty_data)
    got = {(p.kind, p.path) for p in report.problems}
    assert got == {("consistency", "rg:actor"), ("shape", "rg:evidence")}


def _records(problems: list[Problem], with_line: bool) -> set[tuple[object, ...]]:
    return {
        (p.severity, p.focus, p.path, p.value, p.message) + ((p.line,) if with_line else ())
        for p in problems
    }


def test_oxigraph_store_reports_the_same_problems(run: Run, tmp_path: Path) -> None:
    """`--store oxigraph:PATH validate` (the fast validator) reports every case as
    pySHACL does: as a file checked against the store, and as part of the store."""
    from rightsgraph.store.build import build, open_store
    from rightsgraph.validation.store import validate_oxigraph

    empty = tmp_path / "empty"
    empty.mkdir()
    spec = f"oxigraph:{tmp_path / 'store'}"
    build(spec, empty)
    against = validate_oxigraph(open_store(spec, empty).ox, [run.path])  # type: ignore[attr-defined]
    assert _records(against.problems, True) == _records(run.shapes, True)
    full = tmp_path / "full"
    full.mkdir()
    shutil.copy(run.path, full / "cases.ttl")
    whole = f"oxigraph:{tmp_path / 'whole'}"
    store = open_store(whole, full)
    report = validate_oxigraph(store.ox, None, [full / "cases.ttl"])  # type: ignore[attr-defined]
    assert _records(report.problems, False) == _records(run.shapes, False)
    assert len(report.errors) > 100
