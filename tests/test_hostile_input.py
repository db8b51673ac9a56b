"""Hostile input through the CLI: `rightsgraph --data EMPTY validate FILE`.

Each case is a file a contributor (or an attacker posing as one) could send. The
tool must refuse what is unsafe with exit 2 and one line per problem, never
expand entities, never open a network connection, never print a traceback, and
never touch the data folder. The network is cut for every test here: any call to
``socket.connect`` fails the test.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsgraph.cli.main import main
from rightsgraph.rdf import parse as load

PREFIXES = (
    "@prefix rg: <https://w3id.org/rightsgraph/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix actor: <https://w3id.org/rightsgraph/id/actor/> .\n"
    "@prefix ex: <http://example.org/> .\n"
)
RDF_OPEN = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/">'
)
DEEP = 5_000


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    content: bytes
    exit_code: int
    message: str  # a regular expression the problem line must match
    forbidden: tuple[str, ...] = ()  # strings that must not appear in the output


def _t(text: str) -> bytes:
    return text.encode("utf-8")


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    + RDF_OPEN
    + '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n'
)
DOCTYPE_REFUSED = r"^\S+\.rdf:2: error: RDF/XML with a DOCTYPE or ENTITY declaration is refused"
REMOTE_REFUSED = r"remote JSON-LD context .* refused \(nothing is fetched\)"
NESTED = r"^\S+:\d+: error: input is nested more than \d+ levels deep — flatten it"

CASES = [
    Case(
        "rdfxml-billion-laughs",
        "laughs.rdf",
        _t(BILLION_LAUGHS),
        2,
        DOCTYPE_REFUSED,
        ("lollol",),
    ),
    Case(
        "rdfxml-external-entity-passwd",
        "xxe.rdf",
        _t(
            '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            + RDF_OPEN
            + '<rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p>'
            "</rdf:Description></rdf:RDF>\n"
        ),
        2,
        DOCTYPE_REFUSED,
        ("root:",),
    ),
    Case(
        "rdfxml-external-dtd",
        "dtd.rdf",
        _t(
            '<?xml version="1.0"?>\n<!doctype rdf:RDF SYSTEM "http://evil.example/x.dtd">\n'
            + RDF_OPEN
            + "</rdf:RDF>\n"
        ),
        2,
        DOCTYPE_REFUSED,
    ),
    Case(
        "rdfxml-parameter-entity",
        "pe.rdf",
        _t(
            '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;]>\n'
            + RDF_OPEN
            + "</rdf:RDF>\n"
        ),
        2,
        DOCTYPE_REFUSED,
        ("root:",),
    ),
    Case(
        "rdfxml-undeclared-entity",
        "undeclared.rdf",
        _t(
            '<?xml version="1.0"?>\n'
            + RDF_OPEN
            + '\n<rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p>'
            "</rdf:Description></rdf:RDF>\n"
        ),
        2,
        r"^\S+\.rdf(:\d+)*: error: syntax error",
    ),
    Case(
        "rdfxml-stylesheet-pi",
        "pi.rdf",
        _t(
            '<?xml version="1.0"?>\n<?xml-stylesheet href="http://evil.example/s.xsl"?>\n'
            + RDF_OPEN
            + "</rdf:RDF>\n"
        ),
        0,
        r"^1 file\(s\) checked: 0 error",
    ),
    Case(
        "jsonld-remote-context",
        "remote.jsonld",
        _t(
            '{"@context": "http://evil.example/ctx.jsonld", "@id": "http://example.org/a", '
            '"http://example.org/p": "x"}'
        ),
        2,
        REMOTE_REFUSED,
    ),
    Case(
        "jsonld-remote-context-in-array",
        "remote2.jsonld",
        _t(
            '{"@context": ["https://w3id.org/rightsgraph/context.jsonld", '
            '"https://evil.example/ctx"], "@id": "actor:x", "label": "x"}'
        ),
        2,
        REMOTE_REFUSED,
    ),
    Case(
        "jsonld-file-context",
        "filectx.jsonld",
        _t('{"@context": "file:///etc/passwd", "@id": "http://example.org/a"}'),
        2,
        REMOTE_REFUSED,
        ("root:",),
    ),
    Case(
        "jsonld-nested-remote-context",
        "nestedctx.jsonld",
        _t(
            '{"@id": "http://example.org/a", "http://example.org/p": '
            '{"@context": "https://evil.example/ctx", "@id": "http://example.org/b"}}'
        ),
        2,
        REMOTE_REFUSED,
    ),
    Case(
        "jsonld-scoped-remote-context",
        "scoped.jsonld",
        _t(
            '{"@context": {"p": {"@id": "http://example.org/p", "@context": '
            '"https://evil.example/ctx"}}, "@id": "http://example.org/a", "p": {"@id": "http://example.org/b"}}'
        ),
        2,
        r"^\S+\.jsonld(:\d+)*: error: .*(refused|remote context)",
    ),
    Case(
        "jsonld-import",
        "import.jsonld",
        _t(
            '{"@context": {"@version": 1.1, "@import": "https://evil.example/ctx"}, '
            '"@id": "http://example.org/a"}'
        ),
        2,
        r"^\S+\.jsonld(:\d+)*: error: .*(refused|remote context)",
    ),
    Case(
        "jsonld-not-json",
        "broken.jsonld",
        _t('{\n  "@id": "http://example.org/a",\n  "x": \n'),
        2,
        r"^\S+\.jsonld:\d+:\d+: error: invalid JSON",
    ),
    Case(
        "jsonld-nan",
        "nan.jsonld",
        _t('{"@id": "http://example.org/a", "http://example.org/p": NaN}'),
        2,
        r"^\S+\.jsonld(:\d+)*: error: ",
    ),
    Case(
        "not-utf8-latin1",
        "latin1.ttl",
        (PREFIXES + 'ex:a ex:p "Ménaka" .\n').encode("latin-1"),
        2,
        r"^\S+\.ttl:5:\d+: error: the file is not valid UTF-8 \(byte 0xe9\) — save it as UTF-8",
    ),
    Case(
        "not-utf8-utf16",
        "utf16.ttl",
        (PREFIXES + 'ex:a ex:p "x" .\n').encode("utf-16"),
        2,
        r"^\S+\.ttl:1:\d+: error: the file is not valid UTF-8",
    ),
    Case(
        "nul-bytes",
        "nul.ttl",
        _t(PREFIXES) + b"ex:a ex:p \x00\x00 .\n",
        2,
        r"^\S+\.ttl:5:\d+: error: syntax error",
    ),
    Case("empty-file", "empty.ttl", b"", 2, r"^\S+\.ttl: error: the file is empty"),
    Case(
        "whitespace-only",
        "blank.ttl",
        b"  \n\n\t\r\n",
        2,
        r"^\S+\.ttl: error: the file is empty",
    ),
    Case(
        "huge-literal",
        "big.ttl",
        _t(PREFIXES + 'ex:a ex:p "' + "x" * 5_000_000 + '" .\n'),
        2,
        rf"^\S+\.ttl: error: a literal of 5000000 characters exceeds the {load.MAX_LITERAL_CHARS}-character limit",
    ),
    Case(
        "turtle-nested-blank-nodes",
        "deep.ttl",
        _t(PREFIXES + "ex:a ex:p " + "[ ex:p " * DEEP + "ex:b" + " ]" * DEEP + " .\n"),
        2,
        NESTED,
    ),
    Case(
        "trig-nested-blank-nodes",
        "deep.trig",
        _t(
            PREFIXES
            + "GRAPH ex:g { ex:a ex:p "
            + "[ ex:p " * DEEP
            + "ex:b"
            + " ]" * DEEP
            + " . }\n"
        ),
        2,
        NESTED,
    ),
    Case(
        "trig-not-utf8",
        "latin1.trig",
        (PREFIXES + 'GRAPH ex:g { ex:a ex:p "Ménaka" . }\n').encode("latin-1"),
        2,
        r"^\S+\.trig:5:\d+: error: the file is not valid UTF-8 \(byte 0xe9\)",
    ),
    Case(
        "nquads-huge-literal",
        "big.nq",
        _t(
            '<http://example.org/a> <http://example.org/p> "'
            + "x" * 5_000_000
            + '" <http://example.org/g> .\n'
        ),
        2,
        rf"^\S+\.nq: error: a literal of 5000000 characters exceeds the {load.MAX_LITERAL_CHARS}-character limit",
    ),
    Case(
        "trig-graph-in-our-namespace",
        "ours.trig",
        _t(
            PREFIXES
            + "GRAPH <https://w3id.org/rightsgraph/graph/restricted> { ex:a ex:p ex:b . }\n"
        ),
        2,
        r"^\S+\.trig:5: error: named graph <https://w3id.org/rightsgraph/graph/restricted> is inside rightsgraph's own graph namespace",
    ),
    Case(
        "turtle-nested-lists",
        "deeplist.ttl",
        _t(PREFIXES + "ex:a ex:p " + "( " * DEEP + " )" * DEEP + " .\n"),
        2,
        NESTED,
    ),
    Case(
        "turtle-nesting-hidden-by-quote-in-iri",
        "evade.ttl",
        _t(
            PREFIXES
            + "ex:a ex:p <http://example.org/it's> .\n"
            + "ex:a ex:q "
            + "[ ex:p " * DEEP
            + "ex:b"
            + " ]" * DEEP
            + " .\n"
            + "ex:a ex:r <http://example.org/o'clock> .\n"
        ),
        2,
        NESTED,
    ),
    Case(
        "jsonld-nested-objects",
        "deep.jsonld",
        _t(
            '{"@id": "http://example.org/a", "http://example.org/p": '
            + '{"http://example.org/p": ' * DEEP
            + '"x"'
            + "}" * DEEP
            + "}"
        ),
        2,
        NESTED,
    ),
    Case(
        "jsonld-nested-arrays",
        "deeparr.jsonld",
        _t(
            '{"@id": "http://example.org/a", "http://example.org/p": '
            + "[" * DEEP
            + '"x"'
            + "]" * DEEP
            + "}"
        ),
        2,
        NESTED,
    ),
    Case(
        "unknown-extension",
        "data.txt",
        _t(PREFIXES),
        2,
        r"^\S+\.txt: error: cannot tell the RDF format from the extension '\.txt' — rename it",
    ),
    Case(
        "bom-and-crlf",
        "bom.ttl",
        b"\xef\xbb\xbf" + _t(PREFIXES.replace("\n", "\r\n") + 'ex:a ex:p "x" .\r\n'),
        0,
        r"^1 file\(s\) checked: 0 error\(s\), 0 warning\(s\)$",
    ),
    Case(
        "crlf-only",
        "crlf.ttl",
        _t(PREFIXES.replace("\n", "\r\n") + 'ex:a ex:p """two\r\nlines""" .\r\n'),
        0,
        r"^1 file\(s\) checked: 0 error\(s\), 0 warning\(s\)$",
    ),
    Case(
        "bom-jsonld",
        "bom.jsonld",
        b"\xef\xbb\xbf" + _t('{"@id": "http://example.org/a", "http://example.org/p": "x"}'),
        0,
        r"^1 file\(s\) checked: 0 error\(s\), 0 warning\(s\)$",
    ),
    Case(
        "owl-imports-not-followed",
        "imports.ttl",
        _t(
            PREFIXES
            + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            + "ex:a owl:imports <http://evil.example/more.ttl> ; rdfs:seeAlso <file:///etc/passwd> .\n"
        ),
        1,  # never followed, and refused: owl:* is the ontology's, not a contribution's
        r"^\S+imports\.ttl:6: error: <http://example.org/a> owl:imports: a contribution may not change",
        ("root:",),
    ),
]


# Cases that show a bug in a file this test does not own; the fix is proposed in
# the issue 11 note. strict: the test fails as soon as the fix lands (remove the entry).
KNOWN_BUGS: dict[str, str] = {}


def _params() -> list[object]:
    return [
        pytest.param(
            c,
            id=c.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[c.name])]
            if c.name in KNOWN_BUGS
            else [],
        )
        for c in CASES
    ]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Cut the network: any connection attempt is recorded and fails."""
    calls: list[object] = []

    def connect(self: socket.socket, address: object) -> None:
        calls.append(address)
        raise OSError(f"network access attempted in a test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(
        socket, "create_connection", lambda address, *a, **k: connect(None, address)
    )  # type: ignore[arg-type]
    return calls


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def run_validate(path: Path, data: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["--data", str(data), "validate", str(path)])
    out = result.output
    assert "Traceback" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{out}"
    )
    assert "internal error" not in out, out
    return result.exit_code, out.splitlines(), out


def assert_one_line_per_problem(lines: list[str]) -> None:
    """Every line is either a problem (file[:line[:col]]: severity: ...), the
    closing count, or a single 'error: ...' line from the command."""
    for line in lines:
        assert line.strip(), f"blank line in output: {lines!r}"
        assert (
            re.match(r"^\S+?(:\d+){0,2}: (error|warning): \S", line)
            or re.match(r"^\d+ file\(s\) checked: \d+ error\(s\), \d+ warning\(s\)$", line)
            or re.match(r"^error: \S", line)
        ), f"unexpected output line: {line!r}"
    problems = [line for line in lines if not re.match(r"^\d+ file\(s\) checked", line)]
    assert len(set(problems)) == len(problems), f"a problem reported twice: {problems!r}"


@pytest.mark.parametrize("case", _params())
def test_hostile_file(
    case: Case, tmp_path: Path, empty_data: Path, no_network: list[object]
) -> None:
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    before = _snapshot(empty_data)
    code, lines, out = run_validate(path, empty_data)
    assert code == case.exit_code, out[:2000]
    assert any(re.search(case.message, line) for line in lines), out[:2000]
    for s in case.forbidden:
        assert s not in out, f"{s!r} leaked into the output"
    assert_one_line_per_problem(lines)
    if case.exit_code == 2 and case.filename.endswith((".ttl", ".rdf", ".jsonld", ".trig", ".nq")):
        # a refused file is one problem line plus the closing count
        assert len(lines) == 2, out[:2000]
    assert no_network == [], f"network connection attempted: {no_network}"
    assert _snapshot(empty_data) == before, "the data folder changed"
    assert path.read_bytes() == case.content, "the input file was modified"


def test_literal_limit_is_what_the_huge_case_exceeds() -> None:
    assert load.MAX_LITERAL_CHARS < 5_000_000


def test_remote_context_makes_no_network_call(
    tmp_path: Path, empty_data: Path, no_network: list[object]
) -> None:
    """The refusal happens before any fetch: the patched connect is never reached,
    and our loader also maps our own context URL to the shipped file."""
    ours = tmp_path / "ours.jsonld"
    ours.write_text(
        '{"@context": "https://w3id.org/rightsgraph/context.jsonld", '
        '"@id": "actor:new-ngo", "@type": "Organization", "label": {"@value": "New NGO", "@language": "en"}}',
        encoding="utf-8",
    )
    code, lines, out = run_validate(ours, empty_data)
    assert code in (0, 1), out
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "https://evil.example/c", "@id": "http://example.org/a"}')
    code, lines, out = run_validate(remote, empty_data)
    assert code == 2, out
    assert no_network == []


# --- labels that disguise names ----------------------------------------------

DISGUISED = {
    "bidi-override-U+202E": "Wag\u202ener Group",
    "zero-width-space-U+200B": "Wagner\u200b Group",
    "bidi-isolate-U+2066": "\u2066Wagner Group\u2069",
    "zero-width-joiner-in-alias-U+200D": "Wag\u200dner",
}
BIDI_PATCH_REASON = (
    "labels with bidi-control or zero-width characters are not flagged yet: proposed "
    "rgsh:InvisibleCharactersShape for ontology/shapes/core.ttl, and problems.term_text "
    "escaping such characters in the report (issue 11 note)"
)


@pytest.mark.parametrize("label", list(DISGUISED.values()), ids=list(DISGUISED))
def test_disguised_label_is_flagged(label: str, tmp_path: Path, empty_data: Path) -> None:
    prop = "skos:altLabel" if "alias" in label or "\u200d" in label else "rdfs:label"
    path = tmp_path / "disguised.ttl"
    path.write_text(
        PREFIXES
        + "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        + f'actor:disguised a rg:Organization ; rdfs:label "Plain"@en ; {prop} "{label}"@en .\n',
        encoding="utf-8",
    )
    code, lines, out = run_validate(path, empty_data)
    assert_one_line_per_problem(lines)
    flagged = [ln for ln in lines if "actor:disguised" in ln and prop in ln]
    assert flagged, out
    # the report must not itself echo the character (U+202E would reverse the line)
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]", out), ascii(out)


def test_plain_label_is_not_flagged(tmp_path: Path, empty_data: Path) -> None:
    """The control for the case above: the same actor with an honest label is clean
    (also for scripts that need no invisible characters: Arabic, accents)."""
    path = tmp_path / "plain.ttl"
    path.write_text(
        PREFIXES + 'actor:plain a rg:Organization ; rdfs:label "Ménaka – مجموعة فاغنر"@en .\n',
        encoding="utf-8",
    )
    code, lines, out = run_validate(path, empty_data)
    assert code == 0, out
    assert not [ln for ln in lines if "actor:plain" in ln], out


# --- shapes and SPARQL inside a contribution are data, never rules ---------------

EVIL_SHAPES = (
    PREFIXES
    + """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix evil: <https://evil.example/shapes#> .

actor:new-ngo a rg:Organization ; rdfs:label "New NGO"@en .

evil:Shape a sh:NodeShape ;
    sh:targetClass rg:Organization ;
    sh:property [ sh:path evil:neverThere ; sh:minCount 1 ; sh:message "EVIL-MINCOUNT-RAN" ] ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "EVIL-SPARQL-RAN" ;
        sh:select "SELECT $this WHERE { $this a ?anything }" ;
    ] .

evil:NodeTarget a sh:NodeShape ;
    sh:targetNode actor:new-ngo ;
    sh:class evil:Nothing ;
    sh:message "EVIL-CLASS-RAN" .

evil:Rule a sh:NodeShape ;
    sh:targetClass rg:Organization ;
    sh:rule [ a sh:SPARQLRule ;
        sh:construct "CONSTRUCT { $this <https://evil.example/ran> true } WHERE {}" ] .
"""
)


def test_shapes_in_a_contribution_are_not_executed(tmp_path: Path, empty_data: Path) -> None:
    path = tmp_path / "contribution.ttl"
    path.write_text(EVIL_SHAPES, encoding="utf-8")
    code, lines, out = run_validate(path, empty_data)
    assert "EVIL-" not in out, out
    # refused as ontology changes (shapes live in ontology/shapes/), and never run
    assert code == 1, out
    errors = [ln for ln in lines if ": error: " in ln]
    assert errors and all("may not change the ontology" in ln for ln in errors), out
    assert not [ln for ln in lines if "actor:new-ngo" in ln], out
    assert_one_line_per_problem(lines)


def test_shapes_in_a_contribution_would_report(tmp_path: Path) -> None:
    """Control: the same shapes, run as shapes, do report. So the test above proves
    they were not executed, not that they could not fire."""
    import pyshacl
    from rdflib import Graph

    g = Graph().parse(data=EVIL_SHAPES, format="turtle")
    g.parse(data=PREFIXES + "actor:x a rg:Organization .", format="turtle")
    conforms, _, text = pyshacl.validate(g, shacl_graph=g, advanced=True)
    assert not conforms
    assert "EVIL-SPARQL-RAN" in text and "EVIL-MINCOUNT-RAN" in text
