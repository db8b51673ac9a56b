"""Fuzzing with hypothesis: random and mutated Turtle and JSON-LD, and hostile
query parameter values.

Invariants: the library raises only ``InputError`` / ``UsageError`` (one-line
message naming the file) and never a RecursionError or any other exception; the
CLI exits 0, 1 or 2 with a one-line message, never prints a traceback, never
exits 3 (internal error); the data folder is byte-for-byte unchanged.

Derandomized (same examples on every run) with bounded ``max_examples`` so the
file stays well under a minute. The number of examples run per target is printed
at the end of the module.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsgraph.cli.main import main
from rightsgraph.errors import InputError, QueryError, UsageError
from rightsgraph.rdf.parse import parse_file

FAST = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=250,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SLOW = settings(FAST, max_examples=12)  # each CLI run builds the graph (~1 s)

EXAMPLES: Counter[str] = Counter()

SMALL_DATA = """\
@prefix rg: <https://w3id.org/rightsgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .
@prefix doc: <https://w3id.org/rightsgraph/id/doc/> .
@prefix claim: <https://w3id.org/rightsgraph/id/claim/> .
@prefix ev: <https://w3id.org/rightsgraph/id/evidence/> .
@prefix incident: <https://w3id.org/rightsgraph/id/incident/> .
@prefix stance: <https://w3id.org/rightsgraph/vocab/stance/> .
@prefix precision: <https://w3id.org/rightsgraph/vocab/precision/> .
@prefix role: <https://w3id.org/rightsgraph/vocab/role/> .

# a small graph for the fuzzer: one incident, one claim, a report and a denial
actor:ohchr a rg:Organization ; rdfs:label "OHCHR"@en .
actor:mali a rg:State ; rdfs:label "Mali"@en ; skos:altLabel "République du Mali"@fr .
actor:fama a rg:Organization ; rdfs:label "FAMa"@en .
incident:moura-2022-03 a rg:Incident ; rdfs:label "Moura"@en .
doc:report a rg:Document ; rdfs:label "OHCHR Moura report"@en .
doc:denial a rg:Document ; rdfs:label "Mali communiqué"@en .
claim:fama-moura a rg:Involvement ;
    rdfs:label "FAMa perpetrator of Moura"@en ;
    rg:actor actor:fama ; rg:incident incident:moura-2022-03 ; rg:role role:perpetrator ;
    rg:evidence ev:fama-moura--report, ev:fama-moura--denial .
ev:fama-moura--report a rg:Evidence ; rg:document doc:report ; rg:claimant actor:ohchr ;
    rg:stance stance:asserts ; rg:quote "FAMa soldiers killed civilians in Moura." .
ev:fama-moura--denial a rg:Evidence ; rg:document doc:denial ; rg:claimant actor:mali ;
    rg:stance stance:rejects ; rg:quote \"\"\"The Government "rejects" these allegations.\"\"\" ;
    rg:statementDate [ rg:earliest "2023-05-12"^^xsd:date ; rg:latest "2023-05-12"^^xsd:date ;
        rg:precision precision:day ; rg:dateText "12 May 2023" ] ;
    rg:locator ( "para. 3" "line 2" ) .
"""

SAMPLE_JSONLD = json.dumps(
    {
        "@context": "https://w3id.org/rightsgraph/context.jsonld",
        "@graph": [
            {
                "@id": "actor:new-ngo",
                "@type": "Organization",
                "label": {"@value": "New NGO", "@language": "en"},
            },
            {
                "@id": "ev:new-ngo--x",
                "@type": "Evidence",
                "quote": 'A quote with "quotes", [brackets] and {braces}.',
                "claimant": "actor:new-ngo",
                "statementDate": {"earliest": "2023-01-02", "precision": "precision:day"},
            },
        ],
    },
    indent=2,
    ensure_ascii=False,
)


# ---------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A small data folder of our own (never the project's data/), checked unchanged."""
    d = tmp_path_factory.mktemp("fuzzdata")
    (d / "small.ttl").write_text(SMALL_DATA, encoding="utf-8")
    before = _snapshot(d)
    yield d
    assert _snapshot(d) == before, "the fuzzers changed the data folder"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzzwork")


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not EXAMPLES:
        return
    lines = ["", "fuzz examples run per target:"]
    lines += [f"  {k:<28} {v:>5}" for k, v in sorted(EXAMPLES.items())]
    lines.append(f"  {'total':<28} {sum(EXAMPLES.values()):>5}")
    tr = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if tr is None or capture is None:  # pragma: no cover
        print("\n".join(lines))
        return
    with capture.global_and_fixture_disabled():
        tr.write_line("\n".join(lines))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# ---------------------------------------------------------------------------
# strategies

INTERESTING = [
    b"[",
    b"]",
    b"(",
    b")",
    b"{",
    b"}",
    b'"',
    b"'",
    b'"""',
    b"<",
    b">",
    b"#",
    b"\\",
    b"\\u",
    b".",
    b";",
    b",",
    b"@",
    b":",
    b"_:",
    b"^^",
    b"\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xae",  # U+202E
    b"\xef\xbb\xbf",  # BOM
    b"@prefix",
    b"@base <file:///etc/> .",
    b"<!DOCTYPE x>",
    b'"@context": "http://evil.example/c"',
    b'"@import"',
]

mutation = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.integers(min_value=0, max_value=10_000),
    st.one_of(st.sampled_from(INTERESTING), st.binary(min_size=1, max_size=4)),
    st.sampled_from([1, 1, 1, 2, 3, 250]),  # repeat: 250 crosses the nesting limit
)


def mutate(sample: bytes, ops: list[tuple[str, int, bytes, int]]) -> bytes:
    b = bytearray(sample)
    for op, pos, chunk, repeat in ops:
        pos %= len(b) + 1
        if op == "insert":
            b[pos:pos] = chunk * repeat
        elif op == "delete":
            del b[pos : pos + len(chunk) * repeat]
        else:
            b[pos : pos + len(chunk)] = chunk * repeat
    return bytes(b)


TURTLE_ALPHABET = list("@prefix:base<>[](){}\"'#\\.;,_^-aAzZ09 \n\t\r") + ["\u202e", "é", "\x00"]
turtle_text = st.text(alphabet=TURTLE_ALPHABET, max_size=400)

json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["@id", "@type", "@context", "@graph", "actor:x", "http://example.org/p"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "@id",
                    "@type",
                    "@value",
                    "@language",
                    "@list",
                    "@graph",
                    "@context",
                    "label",
                    "quote",
                ]
            )
            | st.text(max_size=10),
            children,
            max_size=4,
        )
    ),
    max_leaves=25,
)


# ---------------------------------------------------------------------------
# library-level invariants


def _parse_outcome(path: Path, fmt: str | None = None) -> str:
    """Parse; only InputError may come out, as one line naming the file."""
    try:
        parse_file(path, fmt)
    except InputError as exc:
        msg = exc.message
        assert "\n" not in msg and "\r" not in msg, repr(msg)
        assert msg.startswith(str(path)), msg
        assert "Traceback" not in msg
        return "refused"
    return "parsed"


@FAST
@given(text=turtle_text)
def test_random_turtle(text: str, work: Path) -> None:
    EXAMPLES["turtle random"] += 1
    path = work / "random.ttl"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    _parse_outcome(path)


@FAST
@given(ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_turtle(ops: list[tuple[str, int, bytes, int]], work: Path) -> None:
    EXAMPLES["turtle mutated"] += 1
    path = work / "mutated.ttl"
    path.write_bytes(mutate(SMALL_DATA.encode("utf-8"), ops))
    _parse_outcome(path)


@FAST
@given(ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_jsonld(ops: list[tuple[str, int, bytes, int]], work: Path) -> None:
    EXAMPLES["json-ld mutated"] += 1
    path = work / "mutated.jsonld"
    path.write_bytes(mutate(SAMPLE_JSONLD.encode("utf-8"), ops))
    _parse_outcome(path)


@FAST
@given(doc=json_value)
def test_random_jsonld(doc: object, work: Path) -> None:
    EXAMPLES["json-ld random"] += 1
    path = work / "random.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _parse_outcome(path)


# ---------------------------------------------------------------------------
# the CLI end to end


def _cli(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    out = result.output
    assert "Traceback" not in out, out
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code}: {out[-2000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )
    assert "internal error" not in out, out
    return result.exit_code, out


@SLOW
@given(
    ops=st.lists(mutation, min_size=1, max_size=4),
    which=st.sampled_from(["ttl", "jsonld"]),
)
def test_cli_validate_mutated(
    ops: list[tuple[str, int, bytes, int]], which: str, work: Path, data_dir: Path
) -> None:
    EXAMPLES[f"cli validate mutated {which}"] += 1
    sample = SMALL_DATA if which == "ttl" else SAMPLE_JSONLD
    path = work / f"contribution.{which}"
    path.write_bytes(mutate(sample.encode("utf-8"), ops))
    code, out = _cli(["--data", str(data_dir), "validate", str(path)])
    for line in out.rstrip("\n").split("\n"):
        assert one_line(line), repr(line[:300])
        assert re.match(
            r"^(\S+?(:\d+){0,2}: (error|warning): \S|\d+ file\(s\) checked: |error: \S)", line
        ), f"unexpected output line: {line!r}"


INJECTIONS = [
    '"} ; DROP ALL ; {',
    "> } ; DROP ALL ; { <",
    "incident:moura-2022-03> } INSERT DATA { <a> <b> <c> } #",
    "?incident",
    "$incident",
    "Moura' } UNION { ?s ?p ?o } #",
    'Moura" . ?s ?p ?o . FILTER("x',
    "SERVICE <http://evil.example/sparql> { ?s ?p ?o }",
    "<file:///etc/passwd>",
    "\u202eaidem",
    "Mo\u200bura",
    "M\u00f3ura",  # accent-insensitive match
    "moura",
    "incident:moura-2022-03",
    "https://w3id.org/rightsgraph/id/incident/moura-2022-03",
    "",
    " ",
    "\\",
    "\x00",
    "x" * 100_000,
    "Moura" * 20_000,
    "😀" * 1000,
]
param_value = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(max_size=60),
    st.builds(lambda s: "incident:" + s, st.text(max_size=20)),
    st.builds(lambda s: "https://w3id.org/rightsgraph/id/" + s, st.text(max_size=20)),
    st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x2FFFF), max_size=30),
)


# Characters a terminal would act on (line breaks, escapes, C1 controls, bidi
# overrides), and the rdflib warning printed for an IRI with a space, still make
# a message span lines: the fix is proposed in the issue 11 note and pinned by the
# xfail tests at the end of this file. The fuzzers check everything else for
# such values (exit code, no traceback, data unchanged).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(message: str) -> bool:
    return not CONTROL.search(message)


def _echo_hazard(value: str) -> bool:
    iri_like = value.startswith(("http", "incident:", "<")) or ":" in value[:20]
    return bool(CONTROL.search(value)) or (iri_like and bool(re.search(r"\s", value)))


@SLOW
@given(value=param_value)
def test_cli_query_parameter(value: str, data_dir: Path) -> None:
    EXAMPLES["cli query cq3 --param"] += 1
    code, out = _cli(
        ["--data", str(data_dir), "query", "cq3-rejections", "--param", f"incident={value}"]
    )
    if code == 0:
        # the one denial in the folder, and nothing the value could have added
        assert "The Government" in out, out
        assert out.count("(1 row)") == 1, out
    elif not _echo_hazard(value):
        lines = out.rstrip("\n").split("\n")
        assert lines[-1].startswith("error: "), out[-2000:]
        assert one_line(lines[-1]), repr(lines[-1][:300])
        errors = [ln for ln in lines if ln.startswith("error: ")]
        assert len(errors) == 1, out[-2000:]
        if code == 2:
            assert len(lines) == 1, out[-2000:]


@pytest.fixture(scope="module")
def resolver(data_dir: Path) -> object:
    from rightsgraph.answers.resolve import Resolver
    from rightsgraph.store.build import open_store

    return Resolver(open_store("memory", data_dir))


@FAST
@given(
    query=st.sampled_from(
        ["cq2-moura-death-toll-sources", "cq4-mechanisms-ended", "cq8-timeline", "entities"]
    ),
    value=param_value,
    which=st.integers(min_value=0, max_value=3),
)
def test_typed_parameters_bind_as_terms(
    query: str, value: str, which: int, resolver: object
) -> None:
    """Every typed parameter (date, integer, iri, entity, string) either becomes one
    RDF term of that type or is refused with a one-line UsageError: a value is
    never pasted into the query text."""
    from pyoxigraph import Literal, NamedNode

    from rightsgraph.answers.queries import bind_params, load_query

    EXAMPLES["bind typed parameters"] += 1
    info = load_query(query)
    if not info.params:
        return
    p = info.params[which % len(info.params)]
    try:
        bound = bind_params(info, {p.name: value}, resolver.resolve)  # type: ignore[attr-defined]
    except (UsageError, QueryError) as exc:  # both exit 2 in the CLI
        if not _echo_hazard(value):
            assert one_line(exc.message), repr(exc.message)
        return
    term = bound.get(p.name)
    if term is None:
        return
    if p.type in ("entity", "iri"):
        assert isinstance(term, NamedNode)
        assert not re.search(r"[\s<>\"{}|\\^`]", term.value), repr(term)
    else:
        assert isinstance(term, Literal)
    assert info.text == load_query(query).text  # the query text itself never changes


def test_named_query_files_unchanged_by_fuzzing(data_dir: Path) -> None:
    """The data folder fixture asserts itself at teardown; here also the queries."""
    from rightsgraph.resources import queries_dir

    before = {p.name: p.read_bytes() for p in queries_dir().glob("*.rq")}
    copy = data_dir.parent / "fuzzcopy"
    shutil.copytree(data_dir, copy, dirs_exist_ok=True)
    _cli(["--data", str(copy), "query", "cq3-rejections", "--param", 'incident="} ; DROP ALL ; {'])
    after = {p.name: p.read_bytes() for p in queries_dir().glob("*.rq")}
    assert before == after
    assert _snapshot(copy) == _snapshot(data_dir)


# --- found by the fuzzers: values echoed into messages ---------------------------

ONE_LINE_REASON = (
    "a value with a line break or control character is echoed raw into the error "
    "message (and rdflib logs a second line for an IRI with a space): proposed "
    "one_line() in errors.RightsgraphError and an IRI check in resolve.Resolver.resolve "
    "(issue 11 note)"
)


@pytest.mark.parametrize(
    "value",
    [
        "incident:a\nerror: forged second line",
        "Moura\r\x1b[2J",
        "0\x1c\u00bb",
        "https://w3id.org/rightsgraph/id/a b",
        "\u202eaidem\n",
    ],
    ids=["newline", "ansi-escape", "file-separator", "iri-with-space", "bidi-and-newline"],
)
def test_echoed_value_stays_on_one_line(
    value: str, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code, out = _cli(
        ["--data", str(data_dir), "query", "cq3-rejections", "--param", f"incident={value}"]
    )
    assert code == 2, out
    # a logged warning reaches the real stderr as a second line (pytest captures it here)
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not logged, logged
    assert out.endswith("\n") and out.count("\n") == 1, repr(out)
    assert out.startswith("error: ") and one_line(out.rstrip("\n")), repr(out)


@pytest.mark.parametrize("value", ["\n", "2023-01-01\n2023", "\x1b[31m5"])
def test_typed_parameter_refusal_is_one_line(value: str) -> None:
    from rightsgraph.answers.queries import bind_params, load_query

    info = load_query("cq2-moura-death-toll-sources")
    with pytest.raises(UsageError) as exc:
        bind_params(info, {"min": value}, lambda term: term)
    assert one_line(exc.value.message), repr(exc.value.message)


# ---------------------------------------------------------------------------
# a 200-file corpus of hostile contributions (tests/fuzz_corpus.py, seeded)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from fuzz_corpus import write_corpus

    return write_corpus(tmp_path_factory.mktemp("corpus"), count=200, seed=17)


@pytest.fixture(scope="module")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The actors and documents of data/: what the corpus files refer to, small enough
    to check 400 times in a couple of minutes."""
    folder = tmp_path_factory.mktemp("corpus-data") / "data"
    folder.mkdir()
    repo = Path(__file__).resolve().parent.parent
    for name in ("actors.ttl", "documents.ttl"):
        shutil.copy(repo / "data" / name, folder / name)
    return folder


def _folder_errors(data: Path) -> int:
    result = CliRunner().invoke(main, ["--data", str(data), "validate"])
    found = re.search(r"(\d+) error\(s\)", result.output)
    assert found, result.output
    return int(found.group(1))


def test_corpus_never_crashes_validate_or_contribute(corpus: list[Path], corpus_data: Path) -> None:
    errors_before = _folder_errors(corpus_data)
    curated = {p.name: p.read_bytes() for p in corpus_data.iterdir()}
    codes: Counter[tuple[str, int]] = Counter()
    for path in corpus:
        for command in (["validate", str(path)], ["contribute", "-q", "--apply", str(path)]):
            code, out = _cli(["--data", str(corpus_data), *command])
            codes[(command[0], code)] += 1
            for line in out.rstrip("\n").split("\n"):
                assert one_line(line), (path.name, repr(line[:300]))
    EXAMPLES["corpus files (validate + contribute --apply)"] += len(corpus)
    assert sum(codes.values()) == 2 * len(corpus)
    assert {c for _, c in codes} <= {0, 1, 2}
    # the curated files are untouched; what merged was checked and made nothing worse
    assert {p.name: p.read_bytes() for p in corpus_data.iterdir() if p.name in curated} == curated
    assert _folder_errors(corpus_data) <= errors_before


CONTRIBUTE_ONLY = {"ttl-censor-by-access-level.ttl"}


@pytest.mark.parametrize(
    "case",
    sorted(p.name for p in (Path(__file__).parent / "bad").iterdir() if p.suffix != ".json"),
)
def test_hostile_corpus_never_crashes_validate(case: str, corpus_data: Path) -> None:
    """Every file of tests/bad/ through ``validate`` (``contribute --apply`` runs them in
    tests/test_contribute.py): exit 0, 1 or 2, one line per problem, no traceback."""
    code, out = _cli(
        ["--data", str(corpus_data), "validate", str(Path(__file__).parent / "bad" / case)]
    )
    # each case is bad in some way; a protected change is a rule of contribute only
    assert code in ((0,) if case in CONTRIBUTE_ONLY else (1, 2)), out
    for line in out.rstrip("\n").split("\n"):
        assert one_line(line), (case, repr(line[:300]))
