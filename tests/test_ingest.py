"""The streaming path of the on-disk build: big files are parsed once and added in
batches. Thresholds are lowered so small files take that path."""

from __future__ import annotations

from pathlib import Path

import pytest

P = "<https://example.org/p>"


@pytest.fixture
def streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    import rightsgraph.store.ingest as ingest

    monkeypatch.setattr(ingest, "BULK_BYTES", 64)
    monkeypatch.setattr(ingest, "BATCH_QUADS", 3)


def _store() -> object:
    import pyoxigraph as ox

    return ox.Store()


def test_blank_node_split_across_batches_stays_one_node_and_files_stay_apart(
    streaming: None, tmp_path: Path
) -> None:
    from rightsgraph.store.ingest import load_files

    lines = [f'_:a {P} "{i}" .' for i in range(7)]  # 7 quads: three batches
    one = tmp_path / "one.nt"
    one.write_text("\n".join(lines) + "\n")
    two = tmp_path / "two.nt"
    two.write_text("\n".join(lines[:2]) + "\n" + f'_:a {P} "other" .\n')
    store = _store()
    load_files(store, [one, two])
    subjects: dict[object, set[str]] = {}
    for q in store:  # type: ignore[attr-defined]
        subjects.setdefault(q.subject, set()).add(q.object.value)
    assert sorted(len(v) for v in subjects.values()) == [3, 7]


def test_syntax_error_late_in_a_big_file_names_its_line(streaming: None, tmp_path: Path) -> None:
    from rightsgraph.errors import InputError
    from rightsgraph.store.ingest import load_files

    f = tmp_path / "big.nt"
    f.write_text("".join(f'<https://example.org/s{i}> {P} "x" .\n' for i in range(20)) + "<oops\n")
    with pytest.raises(InputError) as err:
        load_files(_store(), [f])
    assert f"{f}:21:" in err.value.message and "syntax error" in err.value.message


def test_over_long_literal_in_a_big_file_is_refused(streaming: None, tmp_path: Path) -> None:
    from rightsgraph.errors import InputError
    from rightsgraph.rdf.guard import MAX_LITERAL_CHARS
    from rightsgraph.store.ingest import load_files

    f = tmp_path / "big.nt"
    f.write_text(f'<https://example.org/s> {P} "{"a" * (MAX_LITERAL_CHARS + 1)}" .\n')
    with pytest.raises(InputError) as err:
        load_files(_store(), [f])
    assert "exceeds" in err.value.message and str(f) in err.value.message


@pytest.mark.parametrize(
    ("body", "fmt", "expected"),
    [
        (b"short", "ntriples", False),
        (b"<s> <p> " + b"x" * 150_000 + b" .\n", "ntriples", True),  # one long line
        ((b"<s> <p> " + b"x" * 60 + b" .\n") * 5000, "ntriples", False),  # many short ones
        ((b"<s> <p> " + b"x" * 60 + b" .\n") * 5000 + b'"""', "turtle", True),
    ],
)
def test_long_literal_precheck(body: bytes, fmt: str, expected: bool) -> None:
    from rightsgraph.store.ingest import _may_hold_long_literal

    assert _may_hold_long_literal(body, fmt) is expected


@pytest.mark.parametrize("chunk", [1, 2, 5, 1 << 23])
def test_utf8_is_checked_a_chunk_at_a_time(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A character split between two chunks is fine; a bad byte is named by line
    and column as the one-piece check names it."""
    from rightsgraph.errors import InputError
    from rightsgraph.rdf import guard

    monkeypatch.setattr(guard, "UTF8_CHUNK", chunk)
    good = f'<https://example.org/s> {P} "Bamako — Ménaka, 𝔐" .\n'.encode()
    guard.check_utf8(tmp_path / "good.nt", guard.BOM + good * 3)
    bad = good + good[:30] + b"\xff" + good[30:]
    with pytest.raises(InputError) as err:
        guard.check_utf8(tmp_path / "bad.nt", bad)
    assert f"{tmp_path / 'bad.nt'}:2:31:" in err.value.message
    assert "not valid UTF-8 (byte 0xff)" in err.value.message
