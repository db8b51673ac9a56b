"""Validating a large contribution: a seeded synthetic Turtle file of N triples
(default 200,000), checked with a progress bar against an empty data folder.

    .venv/bin/python benchmarks/bench_contribute.py [N]

Prints the time per 10,000 triples, so runs on different machines compare as
ratios, not absolute seconds. The test suite runs the same generator at 10,000.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

HEADER = """@prefix rg: <https://w3id.org/rightsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .
@prefix doc: <https://w3id.org/rightsgraph/id/doc/> .
@prefix claim: <https://w3id.org/rightsgraph/id/claim/> .
@prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .
@prefix incident: <https://w3id.org/rightsgraph/id/incident/> .
@prefix role: <https://w3id.org/rightsgraph/vocab/role/> .
@prefix stance: <https://w3id.org/rightsgraph/vocab/stance/> .
@prefix itype: <https://w3id.org/rightsgraph/vocab/itype/> .
@prefix dkind: <https://w3id.org/rightsgraph/vocab/dkind/> .
@prefix precision: <https://w3id.org/rightsgraph/vocab/precision/> .

doc:synthetic a rg:Document ; rdfs:label "synthetic benchmark document"@en ;
    rg:documentKind dkind:report ; rg:publisherUnknown true ;
    rg:publicationDate [ a rg:DateSpec ; rg:precision precision:unknown ] .
"""
UNIT = """
actor:synthetic-{i} a rg:NonStateArmedGroup ; rdfs:label "synthetic group {i}"@en .
incident:synthetic-{i} a rg:Incident ; rdfs:label "synthetic incident {i}"@en ;
    rg:incidentType itype:{itype} ;
    rg:date [ a rg:DateSpec ; rg:earliest "{d}"^^xsd:date ; rg:latest "{d}"^^xsd:date ; rg:precision precision:day ] .
claim:synthetic-{i} a rg:Involvement ; rdfs:label "synthetic claim {i}"@en ;
    rg:actor actor:synthetic-{i} ; rg:incident incident:synthetic-{i} ; rg:role role:perpetrator ;
    rg:evidence ev:synthetic-{i} .
ev:synthetic-{i} a rg:Evidence ; rg:document doc:synthetic ; rg:quote "synthetic quote number {i}." ;
    rg:claimant actor:synthetic-{i} ; rg:stance stance:{stance} .
"""
TRIPLES_PER_UNIT = 22


def write_synthetic(path: Path, triples: int, seed: int = 7) -> Path:
    """Write a valid contribution of about ``triples`` triples (seeded, reproducible)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(max(1, triples // TRIPLES_PER_UNIT)):
            out.write(
                UNIT.format(
                    i=i,
                    itype=rng.choice(["killing", "abduction", "looting", "torture"]),
                    d=f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    stance=rng.choice(["asserts", "reports"]),
                )
            )
    return path


def main() -> None:
    from rightsgraph.cli.options import progress_bar
    from rightsgraph.validation.files import validate

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        big = write_synthetic(Path(tmp) / "big.ttl", n)
        start = time.perf_counter()
        report = validate([big], data, progress=progress_bar() or _plain)
        elapsed = time.perf_counter() - start
    print(
        f"{n} triples: {len(report.errors)} errors, {elapsed:.1f} s, "
        f"{elapsed / (n / 10_000):.2f} s per 10k triples"
    )


def _plain(name: str, i: int, n: int) -> None:
    print(f"  [{i}/{n}] {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
