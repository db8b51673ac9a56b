"""Exports from the real dataset, each read back by an independent reader:
rdflib and pyoxigraph for the dumps, networkx for GraphML and GEXF, a JSON
Schema for Cytoscape.js JSON, Graphviz for DOT/SVG, XML parsers for SVG.
The hostile dataset checks that labels, quotes and IRIs stay text."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from rightsgraph.cli.main import main
from rightsgraph.errors import InputError
from test_export_fixtures import (
    HOSTILE_IRI,
    HOSTILE_LABEL,
    MOURA,
    SECRET,
    WAGNER,
    hostile_data,
)

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz missing — run .ci/install-system-deps"
)
RDF_PARSE = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def public_graph(store):
    from rightsgraph.store.access import public_view

    return public_view(store.graph()).graph


@pytest.fixture(scope="module")
def exported(store, tmp_path_factory):
    """Each network format of the whole real graph, written once."""
    from rightsgraph.export import export

    folder = tmp_path_factory.mktemp("exports")
    names = {"graphml": "g.graphml", "gexf": "g.gexf", "cytoscape": "g.cyjs", "dot": "g.dot"}
    return {fmt: (export(store, fmt, folder / name), folder / name) for fmt, name in names.items()}


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    from rightsgraph.store.build import open_store

    return open_store("memory", hostile_data(tmp_path_factory.mktemp("hostile")))


# ---- RDF dumps ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_rdf_dump_round_trips(store, public_graph, tmp_path, fmt):
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from rightsgraph.export import export

    out = tmp_path / f"dump.{fmt}"
    report = export(store, fmt, out)
    back = Graph()
    back.parse(out, format=RDF_PARSE[fmt])
    assert report.triples == len(public_graph) == len(back)
    assert isomorphic(back, public_graph)
    ox_format = {
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    assert len(list(ox.parse(out.read_bytes(), format=ox_format))) == len(public_graph)


def test_jsonld_is_compacted_with_the_shipped_context(store, tmp_path):
    from rightsgraph.export import export
    from rightsgraph.resources import context_file

    out = tmp_path / "dump.jsonld"
    export(store, "jsonld", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    ids = {n.get("id") for n in doc["@graph"]}
    assert "incident:moura-2022-03" in ids  # compacted to CURIEs


def test_rdf_focus_is_the_neighbourhood_with_its_evidence(store, tmp_path):
    from rdflib import Graph, URIRef

    from rightsgraph.export import export

    out = tmp_path / "moura.ttl"
    export(store, "ttl", out, focus="incident:moura-2022-03", depth=1)
    g = Graph().parse(out)
    assert (URIRef(MOURA), None, None) in g
    assert (URIRef(WAGNER), None, None) in g
    quotes = set(g.objects(None, URIRef("https://w3id.org/rightsgraph/ontology#quote")))
    assert quotes, "the evidence records of the neighbourhood's claims are included"
    assert len(g) < len(store.graph())


# ---- network formats -------------------------------------------------------------


def read_graphml(path):
    """networkx's reading, with the nodes named by their IRI (the ids are n0, n1, …)."""
    import networkx as nx

    g = nx.read_graphml(path)
    return nx.relabel_nodes(g, {n: d["iri"] for n, d in g.nodes(data=True)})


def test_graphml_reads_back_with_networkx(exported):

    report, path = exported["graphml"]
    g = read_graphml(path)
    assert g.number_of_nodes() == report.nodes and g.number_of_edges() == report.edges
    moura = g.nodes[MOURA]
    assert moura["group"] == "incident"
    assert moura["label"].startswith("Moura")
    assert moura["earliest"].startswith("2022-03")
    assert isinstance(moura["evidence"], int) and moura["evidence"] > 0
    assert isinstance(moura["contested"], bool)
    assert moura["contested"] is True  # the Moura attribution is rejected by Mali
    assert g.nodes[WAGNER]["group"] == "actor"
    edges = [d for a, b, d in g.edges(data=True) if a == WAGNER and b == MOURA]
    assert edges and any(d["contested"] for d in edges)
    assert all(d["relation"] for d in edges)


def test_gexf_reads_back_with_networkx(exported):
    import networkx as nx

    report, path = exported["gexf"]
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == report.nodes and g.number_of_edges() == report.edges
    moura = g.nodes[MOURA]
    assert moura["classes"] == "rg:Incident"
    assert moura["group"] == "incident"
    # networkx reads viz:shape from the wrong attribute; GEXF 1.3 says value=
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    node = ET.parse(path).find(f".//g:node[@id='{MOURA}']", ns)
    assert node is not None and node.find("viz:shape", ns).get("value") == "diamond"
    assert moura["viz"]["color"] == {"r": 0xE6, "g": 0x9F, "b": 0x00, "a": 1.0}
    assert isinstance(moura["evidence"], int)


CYTOSCAPE_SCHEMA = {
    "type": "object",
    "required": ["elements"],
    "properties": {
        "elements": {
            "type": "object",
            "required": ["nodes", "edges"],
            "properties": {
                "nodes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "object",
                                "required": ["id", "name", "group", "iri", "contested"],
                                "properties": {
                                    "id": {"type": "string"},
                                    "name": {"type": "string"},
                                    "contested": {"type": "boolean"},
                                    "evidence": {"type": "integer"},
                                },
                                "additionalProperties": {"type": ["string", "number", "boolean"]},
                            },
                            "position": {
                                "type": "object",
                                "required": ["x", "y"],
                                "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
                            },
                        },
                    },
                },
                "edges": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "object",
                                "required": ["id", "source", "target", "relation"],
                                "additionalProperties": {"type": ["string", "number", "boolean"]},
                            }
                        },
                    },
                },
            },
        },
        "style": {
            "type": "array",
            "items": {"type": "object", "required": ["selector", "style"]},
        },
    },
}


def test_cytoscape_json_matches_the_schema(exported):
    import jsonschema

    report, path = exported["cytoscape"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(doc, CYTOSCAPE_SCHEMA)
    nodes = doc["elements"]["nodes"]
    ids = {n["data"]["id"] for n in nodes}
    assert len(nodes) == report.nodes
    assert all(
        e["data"]["source"] in ids and e["data"]["target"] in ids for e in doc["elements"]["edges"]
    )
    assert any(n["data"]["iri"] == MOURA for n in nodes)


@needs_dot
def test_dot_is_read_by_graphviz(exported):
    report, path = exported["dot"]
    done = subprocess.run(["dot", "-Tcanon", str(path)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.count(b"->") == report.edges


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_graphviz_renders_a_neighbourhood(store, tmp_path, fmt):
    from rightsgraph.export import export

    out = tmp_path / f"moura.{fmt}"
    report = export(store, fmt, out, focus="actor:wagner-group", depth=1)
    assert report.nodes > 1
    data = out.read_bytes()
    if fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        root = ET.fromstring(data)
        texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
        assert "Wagner Group" in texts or any(t and t.startswith("Wagner") for t in texts)


def test_missing_graphviz_is_one_line_and_other_formats_still_work(
    store, tmp_path, monkeypatch, runner
):
    from rightsgraph.export import export

    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` on it
    with pytest.raises(InputError, match="apt-get install graphviz"):
        export(store, "svg", tmp_path / "x.svg")
    result = runner.invoke(main, ["export", "--format", "png", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2, result.output
    assert "apt-get install graphviz" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
    report = export(store, "graphml", tmp_path / "x.graphml")
    assert report.nodes > 0


# ---- hostile labels stay text -------------------------------------------------------


def test_hostile_labels_in_dot_are_escaped(hostile_store, tmp_path):
    from rightsgraph.export import export
    from rightsgraph.export.network import dot_string

    assert dot_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    out = tmp_path / "h.dot"
    export(hostile_store, "dot", out)
    text = out.read_text(encoding="utf-8")
    assert f'label="{HOSTILE_LABEL}"' in text
    assert "URL=" not in text and "href=" not in text


@needs_dot
def test_hostile_labels_in_svg_are_text(hostile_store, tmp_path):
    from rightsgraph.export import export

    out = tmp_path / "h.svg"
    export(hostile_store, "svg", out)
    root = ET.fromstring(out.read_bytes())
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert HOSTILE_LABEL in texts
    for el in root.iter():
        for name, value in el.attrib.items():
            assert not value.strip().lower().startswith("javascript:") or "title" in name, (
                name,
                value,
            )
            assert not name.lower().startswith("on")


def test_hostile_labels_in_html_source_are_data(hostile_store, tmp_path):
    from rightsgraph.export import export

    out = tmp_path / "h.html"
    export(hostile_store, "html", out)
    page = out.read_text(encoding="utf-8")
    assert HOSTILE_LABEL not in page
    assert "<img src=x" not in page
    assert page.count("<script") == 4  # data block + graphology + sigma + the page's own
    assert "http://" not in page.split("<script")[0].replace("http-equiv", "")
    assert "connect-src 'none'" in page


def test_hostile_timeline_svg_is_text(hostile_store, tmp_path):
    from rightsgraph.export import export

    out = tmp_path / "t.svg"
    export(hostile_store, "timeline", out)
    root = ET.fromstring(out.read_bytes())
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "script" not in tags


# ---- public by default ------------------------------------------------------------


def test_restricted_nodes_are_left_out_unless_asked(hostile_store, tmp_path, runner):

    from rightsgraph.export import export

    public = tmp_path / "public.graphml"
    export(hostile_store, "graphml", public)
    g = read_graphml(public)
    assert SECRET not in g and HOSTILE_IRI in g
    ttl = tmp_path / "public.ttl"
    export(hostile_store, "ttl", ttl)
    assert "secret-source" not in ttl.read_text(encoding="utf-8")
    html = tmp_path / "public.html"
    export(hostile_store, "html", html)
    assert "Secret source" not in html.read_text(encoding="utf-8")

    full = tmp_path / "full.graphml"
    data_dir = hostile_data(tmp_path)
    result = runner.invoke(
        main,
        [
            "--data",
            str(data_dir),
            "export",
            "--format",
            "graphml",
            "-o",
            str(full),
            "--include-restricted",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "restricted" in result.output
    assert SECRET in read_graphml(full)


# ---- selection, formats, CLI ----------------------------------------------------


def test_focus_exports_a_neighbourhood(store, tmp_path):

    from rightsgraph.export import export

    out = tmp_path / "moura.graphml"
    report = export(store, "graphml", out, focus="incident:moura-2022-03", depth=1)
    g = read_graphml(out)
    assert MOURA in g and WAGNER in g
    assert g.graph["focus"] == MOURA
    whole = export(store, "graphml", tmp_path / "all.graphml")
    assert report.nodes < whole.nodes


def test_query_exports_the_entities_it_returns(store, tmp_path):

    from rightsgraph.export import export

    out = tmp_path / "links.graphml"
    export(store, "graphml", out, query="cq9-actor-links", params={"actor": "actor:wagner-group"})
    g = read_graphml(out)
    assert WAGNER in g and MOURA in g


def test_html_limits_large_graphs_with_a_notice(store, tmp_path):
    from rightsgraph.export import export

    out = tmp_path / "small.html"
    report = export(store, "html", out, max_nodes=10)
    assert report.nodes == 10
    assert report.notices and "best-connected" in report.notices[0]
    assert "best-connected" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("ext", ["png", "svg"])
def test_timeline_images(store, tmp_path, ext):
    from rightsgraph.export import export

    out = tmp_path / f"timeline.{ext}"
    report = export(store, "timeline", out)
    assert report.nodes > 5
    data = out.read_bytes()
    if ext == "png":
        assert data.startswith(b"\x89PNG")
    else:
        assert ET.fromstring(data).tag.endswith("svg")


def test_timeline_items_keep_precision(store):
    from rightsgraph.export.timeline import items

    moura = [i for i in items(store) if i.iri == MOURA]
    assert moura and moura[0].precision.lower().startswith("month")
    assert moura[0].earliest[:7] == moura[0].latest[:7] == "2022-03"
    assert moura[0].earliest < moura[0].latest  # drawn as a span, not a day


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "gexf", "-o", "x.png"], "looks like png, not gexf"),
        (["--format", "timeline", "-o", "x.html"], "PNG or SVG"),
        (["-o", "x.unknown"], "give --format"),
        (["--focus", "Nowhere-at-all-xyz", "-o", "x.graphml"], "Nowhere-at-all-xyz"),
        (["--focus", "Moura", "--query", "cq3-rejections", "-o", "x.graphml"], "not both"),
    ],
)
def test_bad_export_options_exit_2(runner, tmp_path, args, message):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    result = runner.invoke(main, ["export", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_cli_export_writes_and_summarises(runner, tmp_path):
    out = tmp_path / "g.gexf"
    result = runner.invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "gexf: wrote" in result.output and "nodes" in result.output
    assert out.stat().st_size > 0
