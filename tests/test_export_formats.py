"""Exports that the tools accept: GraphML valid against the GraphML 1.0 schema and
read by networkx and graphology, GEXF 1.3 with date spells and evidence weights,
csv tables, and Graphviz drawings sized for a screen."""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rightsgraph.errors import InputError
from test_export_fixtures import MOURA, WAGNER

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "schemas"
GML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz missing")


@pytest.fixture(scope="module")
def written(store, tmp_path_factory):
    from rightsgraph.export import export

    folder = tmp_path_factory.mktemp("formats")
    out = {}
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("csv", "tables")):
        out[fmt] = (export(store, fmt, folder / name), folder / name)
    return out


def _schema():
    etree = pytest.importorskip("lxml.etree")
    return etree, etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml.xsd")))


def test_graphml_is_valid_against_the_graphml_schema(written):
    etree, schema = _schema()
    _, path = written["graphml"]
    doc = etree.parse(str(path))
    assert schema.validate(doc), schema.error_log
    root = ET.parse(path).getroot()
    keys = [k.get("id") for k in root.iter(f"{GML}key")]
    assert len(keys) == len(set(keys))
    edges = [e.get("id") for e in root.iter(f"{GML}edge")]
    assert len(edges) == len(set(edges)) == written["graphml"][0].edges
    assert all(n.get("id").startswith("n") for n in root.iter(f"{GML}node"))


def test_the_schema_check_can_fail(written):
    """A duplicate key id, or an IRI as node id, is refused by the same check."""
    etree, schema = _schema()
    text = written["graphml"][1].read_text(encoding="utf-8")
    duplicate = text.replace('<key id="k1"', '<key id="k0"', 1)
    assert not schema.validate(etree.parse(io.BytesIO(duplicate.encode("utf-8"))))
    iri_id = text.replace('<node id="n0">', f'<node id="{MOURA}">', 1)
    assert not schema.validate(etree.parse(io.BytesIO(iri_id.encode("utf-8"))))


def test_graphml_reads_in_networkx_with_iris_and_weights(written):
    import networkx as nx

    report, path = written["graphml"]
    g = nx.read_graphml(path)
    assert (g.number_of_nodes(), g.number_of_edges()) == (report.nodes, report.edges)
    by_iri = {d["iri"]: n for n, d in g.nodes(data=True)}
    assert MOURA in by_iri and WAGNER in by_iri
    claims = [d for a, b, d in g.edges(data=True) if a == by_iri[WAGNER] and b == by_iri[MOURA]]
    assert claims and all(d["weight"] == d["evidence"] for d in claims if d.get("claim"))
    assert {type(g.nodes[by_iri[MOURA]][k]) for k in ("r", "g", "b")} == {int}


def test_graphml_reads_in_graphology(written):
    node = shutil.which("node")
    reader = REPO / "node_modules" / "graphology-graphml"
    if node is None or not reader.is_dir():
        pytest.skip("node or node_modules/graphology-graphml missing — run npm ci")
    report, path = written["graphml"]
    done = subprocess.run(
        [node, str(REPO / "tests" / "readers" / "graphml.js"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert (loaded["nodes"], loaded["edges"]) == (report.nodes, report.edges)
    assert loaded["node"]["iri"].startswith("https://w3id.org/rightsgraph/id/")


def test_gexf_is_1_3_with_date_spells_and_evidence_weights(written, store):
    import networkx as nx

    report, path = written["gexf"]
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    graph = root.find("g:graph", GEXF)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    moura = root.find(f".//g:node[@id='{MOURA}']", GEXF)
    # "March 2022": the month's bounds, not a day picked inside it
    assert (moura.get("start"), moura.get("end")) == ("2022-03-01", "2022-03-31")
    g = nx.read_gexf(path)
    assert (g.number_of_nodes(), g.number_of_edges()) == (report.nodes, report.edges)
    claim_edges = [d for _, _, d in g.edges(data=True) if d.get("claim")]
    assert claim_edges and all(d["weight"] == d["evidence"] for d in claim_edges)
    dated = [d for d in claim_edges if "start" in d]
    assert dated and all(d["start"] <= d["end"] for d in dated)


def test_csv_writes_nodes_and_edges_tables(written):
    report, folder = written["csv"]
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert (len(nodes), len(edges)) == (report.nodes, report.edges)
    ids = {r["iri"]: r["Id"] for r in nodes}
    rows = [r for r in edges if r["Source"] == ids[WAGNER] and r["Target"] == ids[MOURA]]
    assert rows and any(r["contested"] == "true" for r in rows)
    claim = next(r for r in rows if r["claim"])
    assert int(claim["evidence"]) > 0 and claim["earliest"].startswith("2022-03")
    assert len({r["Id"] for r in edges}) == len(edges)


def test_csv_wants_a_folder(store, tmp_path):
    from rightsgraph.export import export

    (tmp_path / "x.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="into a folder"):
        export(store, "csv", tmp_path / "x.csv")
    with pytest.raises(InputError, match="into a folder"):
        export(store, "csv", tmp_path / "new.csv")
    assert not (tmp_path / "new.csv").exists()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    return w, h


@needs_dot
def test_png_is_sized_for_a_screen_unless_told(store, tmp_path, runner):
    from rightsgraph.cli.main import main

    out = tmp_path / "all.png"
    assert runner.invoke(main, ["export", "-o", str(out)]).exit_code == 0
    w, h = _png_size(out)
    assert w <= 1600 and h <= 1000 and max(w, h) >= 900
    small = tmp_path / "small.png"
    result = runner.invoke(main, ["export", "--size", "800x500", "-o", str(small)])
    assert result.exit_code == 0, result.output
    sw, sh = _png_size(small)
    assert sw <= 800 and sh <= 500
    bad = runner.invoke(main, ["export", "--size", "big", "-o", str(small)])
    assert bad.exit_code == 2 and "WxH" in bad.output


def test_timeline_axis_is_broken_at_quiet_stretches_and_labels_wrap(store):
    from rightsgraph.export.timeline import LABEL_WIDTH, items, segments, wrap

    entries = items(store)
    pieces = segments(entries)
    assert len(pieces) >= 2  # 2017 stands apart from 2022-2023
    assert pieces[-1][0].year == 2023 and pieces[0][0].year == 2017
    # every item falls inside one piece, so none is drawn off its axis
    import datetime as dt

    for it in entries:
        start = dt.date.fromisoformat(it.earliest[:10])
        assert any(lo <= start <= hi for lo, hi in pieces), it.label
    long = max((f"{it.label} ({it.date_text})" for it in entries), key=len)
    lines = wrap(long).split("\n")
    assert len(lines) <= 2 and all(len(line) <= LABEL_WIDTH for line in lines)


def test_layout_is_deterministic_spread_and_without_overlaps(store):
    import math

    from rightsgraph.export.layout import SCALE, positions
    from rightsgraph.export.select import select

    net = select(store).network
    first, again = positions(net), positions(net.copy())
    assert first == again and set(first) == set(net.nodes)
    pts = list(first.values())
    assert max(max(abs(x), abs(y)) for x, y in pts) <= SCALE + 1e-6
    assert min(math.dist(a, b) for i, a in enumerate(pts) for b in pts[i + 1 :]) > 0.02 * SCALE
    # spread over the drawing, not a hairball around the centre
    radii = sorted(math.hypot(x, y) for x, y in pts)
    assert radii[len(radii) // 2] > 0.3 * SCALE
