"""What ``rightsgraph query`` costs before it answers: no rdflib on the query path,
the click-free path (``cli/fast.py``) saying exactly what the click CLI says, and
the embedded default's cache (``store/cache.py``) never serving a stale dataset."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsgraph.answers.queries import named_queries
from rightsgraph.cli.main import main
from rightsgraph.resources import default_data_dir

# the console script as installed (launch.main), reporting which libraries it loaded
CONSOLE = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nloaded: %s %s' % ("
    "'rdflib' in sys.modules, 'click' in sys.modules)))\n"
    "sys.argv = ['rightsgraph'] + sys.argv[1:]\n"
    "from rightsgraph.cli.launch import main\n"
    "main()\n"
)
# the click CLI itself, whatever launch.py would do with the line
CLICK = CONSOLE.replace("rightsgraph.cli.launch", "rightsgraph.cli.main")
WIDTH = "120"  # the same table width for the subprocess and CliRunner


def run(args: list[str], entry: str = CONSOLE, **env: str) -> tuple[int, str, str, str]:
    """Exit code, stdout, stderr, and what was loaded ("rdflib click" as booleans)."""
    full = {**os.environ, "COLUMNS": WIDTH, **env}
    proc = subprocess.run(
        [sys.executable, "-c", entry, *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=120,
    )
    err, _, loaded = proc.stderr.rpartition("\nloaded: ")
    return proc.returncode, proc.stdout, err, loaded


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_a_named_query_loads_neither_rdflib_nor_click(name: str) -> None:
    code, out, err, loaded = run(["query", name])
    assert code in (0, 1), err
    assert loaded == "False False", f"rdflib, click loaded: {loaded}"
    assert out.strip(), err


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_machine_formats_load_no_rdflib_either(fmt: str) -> None:
    code, out, err, loaded = run(["query", "cq5-expelled-officials", "--format", fmt])
    assert code == 0, err
    assert "Guillaume Ngefa" in out
    assert loaded == "False False"


def test_the_click_cli_loads_no_rdflib_for_a_query() -> None:
    code, out, err, loaded = run(["query", "cq9-actor-links", "-p", "actor=Wagner"], CLICK)
    assert code == 0, err
    assert "(18 rows)" in out and "Russia" in out
    assert loaded == "False True"


def test_an_on_disk_store_opens_without_rdflib(tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = CliRunner().invoke(main, ["--store", f"oxigraph:{store}", "build", "--quiet"])
    assert built.exit_code == 0, built.output
    code, out, err, loaded = run(["--store", f"oxigraph:{store}", "query", "cq1-vetoed-drafts"])
    assert code == 0, err
    assert "decision:draft-2023-" in out
    assert loaded == "False False"


def test_a_construct_is_turtle_without_rdflib(tmp_path: Path) -> None:
    rq = tmp_path / "veto.rq"
    rq.write_text(
        "PREFIX rg: <https://w3id.org/rightsgraph/ontology#>\n"
        "CONSTRUCT { ?v a rg:Veto } WHERE { ?v a rg:Veto }\n",
        encoding="utf-8",
    )
    code, out, err, loaded = run(["query", str(rq)])
    assert code == 0, err
    assert loaded == "False False"
    import pyoxigraph as ox

    triples = list(ox.parse(out, format=ox.RdfFormat.TURTLE))
    assert triples and all(t.object.value.endswith("#Veto") for t in triples)


# --- the click-free path says what click says ---------------------------------------

BAD_RQ = "SELECT ?x WHERE { ?x ?y }\n"

# (command line, whether click must judge it: a usage error, --list, a bad --data)
PARITY = [
    (["query", "cq8-timeline"], False),
    (["query", "cq8-timeline", "--format=csv"], False),
    (["query", "--format", "tsv", "cq3-rejections"], False),
    (["query", "entity-claims", "--format", "json"], False),
    (["query", "cq8-timeline", "--param", "from=2023-06-01"], False),
    (["query", "cq8-timeline", "-pfrom=2023-06-01", "-p", "to=2023-06-30"], False),
    (["query", "cq9-actor-links", "--param", "actor=Wagner"], False),
    (["query", "cq9-actor-links", "-pactor=actor:wagner-group"], False),
    (["query", "cq9-actor-links", "--param=actor=Moura"], False),
    (["query", "cq9-actor-links", "-p", "actor=nobody-at-all"], False),
    (["query", "cq2-moura-death-toll-sources", "-p", "min=lots"], False),
    (["query", "cq2-moura-death-toll-sources", "-p", "nope=1"], False),
    (["query", "cq2-moura-death-toll-sources", "-p", "min=100000"], False),
    (["query", "cq3-rejections", "--param", 'incident="} ; DROP ALL ; {'], False),
    (["query", "no-such-query"], False),
    (["query", "document-claims", "--include-restricted"], False),
    (["--store", "nonsense", "query", "cq8-timeline"], False),
    (["query", "missing.rq"], False),
    (["query", "BAD.rq"], False),
    (["query", "cq2-moura-death-toll-sources", "-p", "min"], True),
    (["query", "cq8-timeline", "--format", "xml"], True),
    (["query", "cq8-timeline", "--bogus"], True),
    (["query", "cq8-timeline", "extra"], True),
    (["query"], True),
    (["query", "--list"], True),
    (["--data", "no-such-folder", "query", "cq8-timeline"], True),
]


@pytest.mark.parametrize(("args", "via_click"), PARITY, ids=[" ".join(a)[:60] for a, _ in PARITY])
def test_the_fast_path_answers_as_click_does(
    args: list[str], via_click: bool, tmp_path: Path
) -> None:
    (tmp_path / "BAD.rq").write_text(BAD_RQ, encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        clicked = CliRunner().invoke(main, args, env={"COLUMNS": WIDTH}, prog_name="rightsgraph")
    finally:
        os.chdir(cwd)
    proc = subprocess.run(
        [sys.executable, "-c", CONSOLE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": WIDTH},
        cwd=tmp_path,
        timeout=120,
    )
    err, _, loaded = proc.stderr.rpartition("\nloaded: ")
    assert (proc.returncode, err) == (clicked.exit_code, clicked.stderr)
    # the same lines: rows that tie under ORDER BY, and the parts of a GROUP_CONCAT,
    # come in the engine's order, which differs from one process to the next
    assert sorted(proc.stdout.splitlines()) == sorted(clicked.stdout.splitlines())
    assert proc.stdout.strip() or err.strip()
    assert loaded == ("False True" if via_click else "False False"), loaded


# --- the embedded default's cache -------------------------------------------------


def _data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    return data


def _query(data: Path, name: str, **env: str) -> tuple[int, list[str], str]:
    """Exit code, the CSV lines sorted (rows that tie come in the engine's order),
    and stderr."""
    code, out, err, _ = run(["--data", str(data), "query", name, "--format", "csv"], **env)
    return code, sorted(line for line in out.splitlines() if line), err


def test_the_cache_is_filled_once_and_follows_the_data(tmp_path: Path) -> None:
    data, cache = _data_copy(tmp_path), tmp_path / "cache"
    first = _query(data, "cq8-timeline", RIGHTSGRAPH_CACHE_DIR=str(cache))
    assert first[0] == 0, first[2]
    stores = list(cache.glob("memory-*/CURRENT"))
    assert len(stores) == 1, list(cache.iterdir())
    generation = stores[0].read_text().strip()
    assert _query(data, "cq8-timeline", RIGHTSGRAPH_CACHE_DIR=str(cache)) == first
    assert stores[0].read_text().strip() == generation  # read, not filled again
    assert _query(data, "cq8-timeline", RIGHTSGRAPH_CACHE_DIR="off") == first
    # an edit to a data file: the next run answers from the new data, never the cache
    posts = data / "posts.ttl"
    text = posts.read_text(encoding="utf-8")
    before = _query(data, "posts-held", RIGHTSGRAPH_CACHE_DIR=str(cache))
    assert "Minister of Foreign Affairs" in "\n".join(before[1]), before[2]
    posts.write_text(
        text.replace("Minister of Foreign Affairs", "Foreign Minister (edited)"), encoding="utf-8"
    )
    code, lines, err = _query(data, "posts-held", RIGHTSGRAPH_CACHE_DIR=str(cache))
    assert code == 0, err
    out = "\n".join(lines)
    assert "Foreign Minister (edited)" in out and "Minister of Foreign Affairs" not in out
    assert stores[0].read_text().strip() != generation


def test_an_unusable_cache_folder_changes_nothing(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    expected = _query(data, "cq8-timeline", RIGHTSGRAPH_CACHE_DIR="off")
    assert expected[0] == 0 and len(expected[1]) > 30, expected[2]
    assert _query(data, "cq8-timeline", RIGHTSGRAPH_CACHE_DIR=str(blocker / "cache")) == expected
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rightsgraph.store.cache import cache_dir

    monkeypatch.delenv("RIGHTSGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "rightsgraph"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the spec: ignore it
    assert cache_dir() == Path.home() / ".cache" / "rightsgraph"
    monkeypatch.setenv("RIGHTSGRAPH_CACHE_DIR", "off")
    assert cache_dir() is None


def test_a_blank_node_shared_by_two_triples_stays_one_node(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "b.ttl").write_text(
        "@prefix ex: <https://example.org/> .\n"
        "ex:a ex:p _:shared . ex:b ex:p _:shared . _:shared ex:q ex:c .\n",
        encoding="utf-8",
    )
    rq = tmp_path / "join.rq"
    rq.write_text(
        "PREFIX ex: <https://example.org/>\n"
        "SELECT ?s WHERE { ?s ex:p ?n . ?n ex:q ex:c } ORDER BY ?s\n",
        encoding="utf-8",
    )
    args = ["--data", str(data), "query", str(rq), "--format", "csv"]
    for cache in (str(tmp_path / "cache"), str(tmp_path / "cache"), "off"):
        code, out, err, _ = run(args, RIGHTSGRAPH_CACHE_DIR=cache)
        assert code == 0, err
        assert out.split() == ["s", "https://example.org/a", "https://example.org/b"]


def test_the_cache_signature_covers_every_module_fill_runs(tmp_path: Path) -> None:
    """A module ``fill`` imports that ``cache.CODE`` does not name could change the
    filled dataset without the cache noticing."""
    script = (
        "import sys, pyoxigraph as ox\n"
        "from rightsgraph.store.build import fill\n"
        "from rightsgraph.rdf.files import data_files\n"
        "fill(ox.Store(), data_files(None))\n"
        "print('\\n'.join(m.__file__ for n, m in list(sys.modules.items())"
        " if n.startswith('rightsgraph.') and getattr(m, '__file__', None)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    from rightsgraph.store.cache import code_files

    signed = {str(f) for f in code_files()}
    used = {str(Path(f).resolve()) for f in proc.stdout.split()}
    package_init = str(Path(code_files()[0]).parents[1] / "__init__.py")
    assert sorted(used - signed - {package_init}) == []


def test_a_cell_wraps_as_textwrap_wraps_it() -> None:
    """``render.wrap`` skips textwrap for a cell that fits; it must agree with it."""
    import textwrap

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from rightsgraph.answers.render import wrap

    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet="ab -\t\n\r\x0b\xa0\u2003\u202fé", max_size=20), st.integers(1, 24))
    def agree(cell: str, width: int) -> None:
        assert wrap(cell, width) == (textwrap.wrap(cell, width) or [""])

    agree()


# --- what a plain query does not load ----------------------------------------------

# each costs a plain query more than answering it: dataclasses loads inspect (and
# ast, dis, tokenize), typing and shutil (and the compression modules) are loaded
# by nothing else on the path
HEAVY = ("rdflib", "click", "dataclasses", "inspect", "typing", "shutil")
REPORT_HEAVY = CONSOLE.replace(
    "'rdflib' in sys.modules, 'click' in sys.modules)))",
    f"' '.join(m for m in {HEAVY!r} if m in sys.modules), '')))",
)


@pytest.mark.parametrize(
    "args",
    [
        ["query", "cq1-vetoed-drafts"],  # an entity default, wrapped cells
        ["query", "cq8-timeline", "-p", "from=2023-01-01"],  # dates
        ["query", "cq9-actor-links", "-p", "actor=Wagner", "--format", "json"],  # a label
        ["query", "cq5-expelled-officials", "--format", "csv"],
    ],
    ids=lambda a: " ".join(a[1:]),
)
def test_a_plain_query_loads_none_of_the_heavy_modules(args: list[str]) -> None:
    code, out, err, loaded = run(args, REPORT_HEAVY)
    assert code == 0, err
    assert out.strip()
    assert loaded.strip() == "", f"loaded: {loaded}"


def test_query_info_stays_the_dataclass_of_the_header() -> None:
    """The plain path reads ``named.Header``; the library returns ``QueryInfo``, a
    dataclass with the same fields, which the server's editor copies with
    ``dataclasses.replace`` to bind one parameter at a time."""
    import dataclasses

    from rightsgraph.answers import named, queries

    info = queries.load_query("cq2-moura-death-toll-sources")
    header = named.load_query("cq2-moura-death-toll-sources")
    assert dataclasses.is_dataclass(info)
    fields = [f.name for f in dataclasses.fields(info)]
    assert fields == list(header.__slots__)
    assert [getattr(info, f) for f in fields] == [getattr(header, f) for f in fields]
    assert info.signature() == named.signature(header.params)
    only_min = dataclasses.replace(info, params=[p for p in info.params if p.name == "min"])
    bound = queries.bind_params(only_min, {}, lambda term: pytest.fail(f"resolved {term}"))
    assert [(k, v.value) for k, v in bound.items()] == [("min", "500")]


def test_the_stat_check_sees_through_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fingerprint names each file by its real path, whichever way it is reached
    (a linked folder, a linked file), and any edit of a file is seen."""
    from rightsgraph.rdf.files import data_files
    from rightsgraph.resources import ontology_files
    from rightsgraph.store import build

    real = tmp_path / "real"
    shutil.copytree(default_data_dir(), real)
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    store = tmp_path / "store"
    build.build_oxigraph(store, ontology_files() + data_files(real))
    hashed: list[list[Path]] = []
    content_hash = build.content_hash

    def counted(files: list[Path]) -> str:
        hashed.append(files)
        return content_hash(files)

    monkeypatch.setattr(build, "content_hash", counted)

    through_link = ontology_files() + data_files(tmp_path / "linked")
    assert build.is_current(store, through_link) and not hashed  # the stat check alone
    one = data_files(real)[0]
    (tmp_path / "one.ttl").symlink_to(one)
    swapped = [tmp_path / "one.ttl" if f.name == one.name else f for f in through_link]
    assert build.is_current(store, swapped) and not hashed

    one.write_text(one.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert build.is_current(store, through_link) is False and hashed


def test_a_curie_uses_the_longest_namespace_that_leaves_a_local_name() -> None:
    """Every IRI of the dataset as a table shows it: the CURIE expands back to the
    IRI, and no longer namespace of the context would leave a local name."""
    from rightsgraph.store.build import open_store
    from rightsgraph.vocab import curie, expand, prefixes

    def local_name(text: str) -> bool:
        return bool(text) and all(c.isalnum() or c in "-_." for c in text)

    store = open_store(include_restricted=True)
    iris = {
        t.value
        for q in store.ox.quads_for_pattern(None, None, None, None)  # type: ignore[attr-defined]
        for t in (q.subject, q.predicate, q.object)
        if type(t).__name__ == "NamedNode"
    }
    odd = [ns + tail for ns in prefixes().values() for tail in ("", "a/b", "x y", "..", "é-1")]
    shown = 0
    for iri in sorted(iris) + odd:
        c = curie(iri)
        fits = [
            ns for ns in prefixes().values() if iri.startswith(ns) and local_name(iri[len(ns) :])
        ]
        if not fits:
            assert c == f"<{iri}>"
            continue
        shown += 1
        assert expand(c) == iri
        used = iri[: len(iri) - len(c.split(":", 1)[1])]
        assert len(used) == max(len(ns) for ns in fits), (iri, c)
    assert shown > 1000
