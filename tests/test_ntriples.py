"""The one N-Triples writer (``rdf/ntriples.py``) that query parameters, the compiled
SHACL queries and both TSV outputs (the CLI's and the endpoint's) use: every term
on one line, escaped so it cannot end early, and parsed back to the same term."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from rightsgraph.rdf.ntriples import nt_term
from rightsgraph.vocab import XSD

S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")

TERMS = [
    URIRef("https://w3id.org/rightsgraph/id/actor/wagner-group"),
    Literal("plain"),
    Literal('a "quoted"\nline\twith tab \\ and\r return'),
    Literal("Ménaka", lang="fr"),
    Literal("2023-02", datatype=URIRef(XSD + "gYearMonth")),
    Literal("501", datatype=URIRef(XSD + "integer")),
    Literal("\u202eright-to-left override"),
]


@pytest.mark.parametrize("term", TERMS, ids=lambda t: repr(t)[:40])
def test_terms_read_back_as_the_same_term(term: Literal | URIRef) -> None:
    text = nt_term(term)
    assert "\n" not in text and "\t" not in text and "\r" not in text
    g = Graph().parse(data=f"{nt_term(S)} {nt_term(P)} {text} .\n", format="nt")
    assert list(g.objects(S, P)) == [term]


def test_xsd_string_is_written_plain_and_blank_nodes_by_label() -> None:
    assert nt_term(Literal("x", datatype=URIRef(XSD + "string"))) == '"x"'
    assert nt_term(BNode("b1")) == "_:b1"


@pytest.mark.parametrize("iri", ["https://example.org/a b", "https://example.org/>", "x\u0000"])
def test_an_iri_no_ntriples_text_can_hold_is_refused(iri: str) -> None:
    with pytest.raises(ValueError, match="not a valid IRI"):
        nt_term(URIRef(iri))


def test_cli_tsv_keeps_a_multi_line_literal_on_its_row() -> None:
    from rightsgraph.answers.render import render
    from rightsgraph.store.base import QueryResult

    result = QueryResult(variables=["s", "quote"], rows=[(S, Literal("two\nlines"))])
    lines = render(result, "tsv").splitlines()
    assert lines == ["?s\t?quote", f"<{S}>\t" + '"two\\nlines"']


def test_a_parameter_that_would_escape_the_query_is_refused() -> None:
    from rightsgraph.errors import QueryError
    from rightsgraph.store.sparqltext import nt_term as bind_term

    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_term(URIRef("https://example.org/> } ; DROP ALL ; { <x"))
    with pytest.raises(QueryError, match="blank node"):
        bind_term(BNode())
    assert bind_term(Literal('"} ; DROP ALL ; {')) == '"\\"} ; DROP ALL ; {"'
