// Read a GraphML file with graphology-graphml (what graphology and sigma.js users
// load GraphML with) and print what it loaded as JSON: {nodes, edges, sample}.
// Usage: node tests/readers/graphml.js FILE.graphml
"use strict";
const fs = require("fs");
const { MultiDirectedGraph } = require("graphology");
const graphml = require("graphology-graphml");

const text = fs.readFileSync(process.argv[2], "utf-8");
const graph = graphml.parse(MultiDirectedGraph, text);
const first = graph.nodes()[0];
console.log(
  JSON.stringify({
    nodes: graph.order,
    edges: graph.size,
    node: first === undefined ? null : graph.getNodeAttributes(first),
    edge: graph.size ? graph.getEdgeAttributes(graph.edges()[0]) : null,
  }),
);
