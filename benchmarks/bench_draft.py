"""How close `rightsgraph draft` comes to the curated data, document by document.

    python benchmarks/bench_draft.py [--sources ../shared/sources] [--json FILE]

Each archived text in the sources folder is redrafted (as if none of its
evidence were recorded) and compared with the curated evidence of its document:

- quote recall: share of curated quotes contained in the sentence of a candidate;
- entity recall / precision, per sentence that carries curated claims: the actors
  of those claims (each claim's actors and each evidence record's claimant)
  against the actors of the candidates drafted from the sentence (their
  claimant, their properties and mentions, and the claim they corroborate);
  "all entities" counts incidents, mechanisms, decisions, places and posts too;
- date accuracy: curated dates (not 'unknown') whose wording is in the sentence,
  drafted there with the same precision and bounds;
- count accuracy: curated counts whose figure is written in the sentence (not a
  rejection of the figure), drafted there with the same qualifier and bounds;
- time: drafting alone (the graph loaded once before) and the whole command
  (a new process: start, load the graph, draft, write), best of three.

Nothing here asserts a figure: the targets are judged in the printed table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ROOT / ".." / "shared" / "sources"
ID = "https://w3id.org/rightsgraph/id/"
RG = "https://w3id.org/rightsgraph/ontology#"

CURATED = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?node ?ev ?quote ?claimant WHERE {
  ?node rg:evidence ?ev . ?ev rg:document ?doc ; rg:quote ?quote .
  OPTIONAL { ?ev rg:claimant ?claimant }
}
"""
REFS = """
SELECT ?o WHERE { ?node ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?o), "https://w3id.org/rightsgraph/id/")
  && !STRSTARTS(STR(?o), "https://w3id.org/rightsgraph/id/evidence/")) }
"""
DATES = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?text ?earliest ?latest ?precision WHERE {
  { ?ev rg:statementDate ?d } UNION { ?node rg:date ?d }
  ?d rg:dateText ?text ; rg:precision ?precision ; rg:earliest ?earliest ; rg:latest ?latest .
}
"""
COUNT = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?qualifier ?lower ?upper ?best ?text WHERE {
  ?node a rg:Count ; rg:qualifier ?qualifier ; rg:countText ?text .
  OPTIONAL { ?node rg:lowerBound ?lower } OPTIONAL { ?node rg:upperBound ?upper }
  OPTIONAL { ?node rg:bestEstimate ?best }
}
"""
DOCS = """
PREFIX rg: <https://w3id.org/rightsgraph/ontology#>
SELECT ?doc ?copy WHERE { ?doc rg:archivedCopy ?copy }
"""


def numbers(text: str) -> set[int]:
    """Every figure written in ``text`` ('500', '15,000', 'eight')."""
    import re

    from rightsgraph.draft.counts import number

    found = {number(w) for w in re.findall(r"\d{1,3}(?:,\d{3})+|\w+", text)}
    return {n for n in found if n is not None}


def ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def evaluate(store: Any, doc: str, source: Path) -> dict[str, Any]:
    from rdflib import URIRef

    from rightsgraph.contribute.quotes import normalise
    from rightsgraph.draft.graph import GraphView
    from rightsgraph.draft.known import KnownClaims
    from rightsgraph.draft.run import draft_document

    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        draft = draft_document(source, doc, store, redraft=True)
        best = min(best, time.perf_counter() - t)
    known = KnownClaims.load(GraphView(store))
    by_sentence: dict[int, list[Any]] = {}
    for c in draft.candidates:
        by_sentence.setdefault(c.sentence.index, []).append(c)
    sentences = [
        (s.index, normalise(s.text)) for s in draft.text.sentences if s.index in by_sentence
    ]

    def where(quote: str) -> list[int]:
        q = normalise(quote)
        return [i for i, text in sentences if q and q in text]

    def drafted(index: int, kinds: tuple[str, ...]) -> set[str]:
        out: set[str] = set()
        for c in by_sentence.get(index, []):
            ents = set(c.entities)
            if c.existing and c.existing in known.claims:
                ents |= set(known.claims[c.existing][1])
            out |= {e for e in ents if e[len(ID) :].split("/")[0] in kinds}
        return out

    rows = store.query(CURATED, {"doc": URIRef(doc)}).rows
    found = 0
    curated_by_sentence: dict[int, dict[str, set[str]]] = {}
    dates_total = dates_ok = counts_total = counts_ok = 0
    missed: list[str] = []
    kinds_actor = ("actor",)
    kinds_all = (
        "actor",
        "incident",
        "mechanism",
        "decision",
        "place",
        "post",
        "meeting",
        "instrument",
    )
    for node, ev, quote, claimant in rows:
        hits = where(str(quote))
        if hits:
            found += 1
        else:
            missed.append(str(quote))
        if not str(node).startswith(ID + "claim/"):
            continue
        refs = {str(r[0]) for r in store.query(REFS, {"node": node}).rows}
        if claimant is not None:
            refs.add(str(claimant))
        for i in hits[:1]:
            slot = curated_by_sentence.setdefault(i, {"actor": set(), "all": set()})
            slot["actor"] |= {e for e in refs if e[len(ID) :].split("/")[0] in kinds_actor}
            slot["all"] |= {e for e in refs if e[len(ID) :].split("/")[0] in kinds_all}
        for text, earliest, latest, precision in store.query(DATES, {"ev": ev, "node": node}).rows:
            q = normalise(str(text))
            sent = [i for i in hits if q in dict(sentences)[i]]
            if not sent:
                continue
            dates_total += 1
            want = (str(earliest), str(latest), str(precision).rsplit("/", 1)[-1])
            got = {
                (str(d.earliest), str(d.latest), d.precision)
                for i in sent
                for d in draft.dates.get(i, [])
            }
            dates_ok += want in got
        for qualifier, lower, upper, best_estimate, ctext in store.query(
            COUNT, {"node": node}
        ).rows[:1]:
            q = str(qualifier).rsplit("/", 1)[-1]
            lo = int(lower) if lower is not None else None
            hi = int(upper) if upper is not None else None
            be = int(best_estimate) if best_estimate is not None else None
            figure = {lo, hi, be, lo - 1 if lo is not None else None} - {None}
            words = {normalise(w) for w in str(ctext).split()}
            hits = [
                i
                for i in hits
                if figure & numbers(dict(sentences)[i])
                or words & {"unanimously", "hundreds", "thousands", "dozens"}
            ]
            if not hits:
                continue  # the quote is about the figure (a rejection of it), not the figure
            counts_total += 1
            for c in (x for i in hits for x in draft.counts.get(i, [])):
                same = c.qualifier == q and c.lower == lo and c.upper == hi
                if q == "approximately":
                    same = c.qualifier == q and c.best == be
                if same:
                    counts_ok += 1
                    break
    tp = {"actor": 0, "all": 0}
    cur = {"actor": 0, "all": 0}
    dra = {"actor": 0, "all": 0}
    for i, slots in curated_by_sentence.items():
        for key, kinds in (("actor", kinds_actor), ("all", kinds_all)):
            d = drafted(i, kinds)
            tp[key] += len(slots[key] & d)
            cur[key] += len(slots[key])
            dra[key] += len(d)
    return {
        "document": doc,
        "source": source.name,
        "words": draft.text.words(),
        "candidates": len(draft.candidates),
        "quotes": len(rows),
        "quotes_found": found,
        "entity": {k: {"tp": tp[k], "curated": cur[k], "drafted": dra[k]} for k in tp},
        "dates": [dates_ok, dates_total],
        "counts": [counts_ok, counts_total],
        "draft_seconds": best,
        "missed": missed,
    }


def command_seconds(source: Path, doc: str) -> float:
    """The whole command in a new process, best of three."""
    exe = Path(sys.executable).parent / "rightsgraph"
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(
                [
                    str(exe),
                    "draft",
                    str(source),
                    "--document",
                    doc,
                    "--redraft",
                    "-o",
                    f"{tmp}/d.ttl",
                ],
                check=True,
                capture_output=True,
            )
            best = min(best, time.perf_counter() - t)
    return best


def pct(a: float, b: float) -> str:
    r = ratio(a, b)
    return "–" if r is None else f"{100 * r:.0f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--no-command", action="store_true", help="skip the whole-command timing")
    args = parser.parse_args()
    from rightsgraph.store.build import open_store
    from rightsgraph.vocab import curie

    t = time.perf_counter()
    store = open_store()
    load = time.perf_counter() - t
    copies = {str(c): str(d) for d, c in store.query(DOCS).rows}
    results = []
    for source in sorted(args.sources.glob("*.txt")):
        if source.name not in copies:
            print(
                f"{source.name}: no document has it as its archived copy, skipped", file=sys.stderr
            )
            continue
        r = evaluate(store, copies[source.name], source)
        r["command_seconds"] = (
            None if args.no_command else command_seconds(source, copies[source.name])
        )
        results.append(r)
    head = "| document | words | candidates | quote recall | actor recall | actor precision | entity recall (all) | entity precision (all) | dates equal | counts equal | draft s | command s |"
    print(head)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    total: dict[str, float] = {}

    def add(key: str, value: float) -> None:
        total[key] = total.get(key, 0) + value

    for r in results:
        e = r["entity"]
        add("words", r["words"])
        add("candidates", r["candidates"])
        add("q", r["quotes_found"])
        add("qn", r["quotes"])
        for k in ("actor", "all"):
            add(f"{k}tp", e[k]["tp"])
            add(f"{k}c", e[k]["curated"])
            add(f"{k}d", e[k]["drafted"])
        add("d", r["dates"][0])
        add("dn", r["dates"][1])
        add("c", r["counts"][0])
        add("cn", r["counts"][1])
        cmd = "–" if r["command_seconds"] is None else f"{r['command_seconds']:.2f}"
        print(
            f"| {curie(r['document'])} | {r['words']} | {r['candidates']} | "
            f"{pct(r['quotes_found'], r['quotes'])} ({r['quotes_found']}/{r['quotes']}) | "
            f"{pct(e['actor']['tp'], e['actor']['curated'])} | {pct(e['actor']['tp'], e['actor']['drafted'])} | "
            f"{pct(e['all']['tp'], e['all']['curated'])} | {pct(e['all']['tp'], e['all']['drafted'])} | "
            f"{pct(*r['dates'])} ({r['dates'][0]}/{r['dates'][1]}) | {pct(*r['counts'])} ({r['counts'][0]}/{r['counts'][1]}) | "
            f"{r['draft_seconds']:.2f} | {cmd} |"
        )
    t = {k: int(v) for k, v in total.items()}
    print(
        f"| **overall** | {t.get('words', 0)} | {t.get('candidates', 0)} | "
        f"{pct(t.get('q', 0), t.get('qn', 0))} ({t.get('q', 0)}/{t.get('qn', 0)}) | "
        f"{pct(t.get('actortp', 0), t.get('actorc', 0))} | {pct(t.get('actortp', 0), t.get('actord', 0))} | "
        f"{pct(t.get('alltp', 0), t.get('allc', 0))} | {pct(t.get('alltp', 0), t.get('alld', 0))} | "
        f"{pct(t.get('d', 0), t.get('dn', 0))} ({t.get('d', 0)}/{t.get('dn', 0)}) | "
        f"{pct(t.get('c', 0), t.get('cn', 0))} ({t.get('c', 0)}/{t.get('cn', 0)}) | | |"
    )
    print(f"graph loaded once in {load:.2f} s (not in 'draft s'; part of 'command s')")
    for r in results:
        for q in r["missed"]:
            print(f"missed quote ({r['source']}): {q[:120]}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
