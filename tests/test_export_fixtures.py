"""Shared pieces of the export tests: a small hostile dataset (labels, quotes and
an IRI that would run script if treated as markup, plus a restricted actor),
and the real-data expectations. No tests here."""

from __future__ import annotations

from pathlib import Path

HOSTILE_LABEL = "</script><script>alert(1)</script>"
HOSTILE_IRI = "javascript:alert(1)"
HOSTILE_QUOTE = '<img src=x onerror=alert(3)> "quoted" \\ back $x$ & done'
MOURA = "https://w3id.org/rightsgraph/id/incident/moura-2022-03"
WAGNER = "https://w3id.org/rightsgraph/id/actor/wagner-group"
SECRET = "https://w3id.org/rightsgraph/id/actor/secret-source"

HOSTILE_TTL = r"""
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .
@prefix doc: <https://w3id.org/rightsgraph/id/doc/> .
@prefix claim: <https://w3id.org/rightsgraph/id/claim/> .
@prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .
@prefix incident: <https://w3id.org/rightsgraph/id/incident/> .
@prefix stance: <https://w3id.org/rightsgraph/vocab/stance/> .
@prefix role: <https://w3id.org/rightsgraph/vocab/role/> .
@prefix precision: <https://w3id.org/rightsgraph/vocab/precision/> .
@prefix access: <https://w3id.org/rightsgraph/vocab/access/> .

<javascript:alert(1)> a rg:NGO ; rdfs:label "</script><script>alert(1)</script>"@en .

actor:speaker a rg:NGO ; rdfs:label "Speaker <b>bold</b> & \"co\""@en .
actor:secret-source a rg:NGO ; rdfs:label "Secret source"@en ; rg:accessLevel access:restricted .

incident:moura-2022-03 a rg:Incident ; rdfs:label "Moura"@en ;
    rg:date [ rg:earliest "2022-03-01"^^xsd:date ; rg:latest "2022-03-31"^^xsd:date ;
              rg:precision precision:month ; rg:dateText "March 2022" ] .

doc:report a rg:Document ; rdfs:label "Report </title><script>alert(4)</script>"@en ;
    rg:publicationDate [ rg:earliest "2023-05-12"^^xsd:date ; rg:latest "2023-05-12"^^xsd:date ;
                         rg:precision precision:day ] .

claim:hostile-perpetrator a rg:Involvement ;
    rg:actor <javascript:alert(1)> ; rg:incident incident:moura-2022-03 ; rg:role role:perpetrator ;
    rg:evidence ev:hostile-1, ev:hostile-2 .

ev:hostile-1 a rg:Evidence ; rg:document doc:report ; rg:claimant actor:speaker ;
    rg:stance stance:asserts ;
    rg:quote "<img src=x onerror=alert(3)> \"quoted\" \\ back $x$ & done" .

ev:hostile-2 a rg:Evidence ; rg:document doc:report ; rg:claimant actor:speaker ;
    rg:stance stance:denies ; rg:quote "We deny it." .

claim:secret-link a rg:Involvement ;
    rg:actor actor:secret-source ; rg:incident incident:moura-2022-03 ; rg:role role:witness ;
    rg:evidence ev:secret-1 .

ev:secret-1 a rg:Evidence ; rg:document doc:report ; rg:claimant actor:secret-source ;
    rg:stance stance:asserts ; rg:quote "Only for the secret eyes." .
"""


def hostile_data(folder: Path) -> Path:
    d = folder / "hostile-data"
    d.mkdir(exist_ok=True)
    (d / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    return d
