/* The SPARQL editor of `rightsgraph serve`, on the vendored YASGUI (Yasqe + Yasr).
 *
 * Without this script (or without JavaScript) the page is a plain form whose
 * GET /query renders the answer on the server. With it, the textarea becomes a
 * Yasqe editor (highlighting, syntax check, prefix completion from the
 * ontology's JSON-LD context), runs go to /sparql and the address bar becomes
 * /query?query=..., so every query can be bookmarked and shared. Results show
 * in Yasr: a sortable table whose entity IRIs are labelled links to the entity
 * pages and whose headers are readable, a timeline for date columns and a graph
 * for rows that pair entities (both in views.js), and the raw response. Nothing is fetched from
 * anywhere but this server.
 */
"use strict";
(function () {
  const configEl = document.getElementById("editor-config");
  if (!configEl || !window.Yasgui || !window.rightsgraphViews) return; // the plain form stays
  const cfg = JSON.parse(configEl.textContent);
  const Yasqe = window.Yasgui.Yasqe;
  const Yasr = window.Yasgui.Yasr;
  const textarea = document.getElementById("query");
  const form = document.getElementById("editor-form");
  const errorEl = document.getElementById("query-error");
  const helpEl = document.getElementById("run-help");
  const downloadsEl = document.getElementById("downloads");
  let labels = {}; // IRI -> {label, href}, for the current answer

  // ---- helpers --------------------------------------------------------------
  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  }
  function curie(iri) {
    for (const [p, ns] of Object.entries(cfg.prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
    }
    return iri;
  }
  function labelOf(iri) {
    return (labels[iri] && labels[iri].label) || curie(iri);
  }
  function isEntity(binding) {
    return binding && binding.type === "uri" && binding.value.startsWith(cfg.instances);
  }
  /** Readable headers: `#+ column: var | Title` lines, else the name in words. */
  function columnTitles(query, variables) {
    const given = {};
    for (const m of query.matchAll(/^#\+\s*column:\s*(\w+)\s*\|\s*(.+?)\s*$/gm)) given[m[1]] = m[2];
    const out = {};
    for (const v of variables) out[v] = given[v] || humanise(v, variables);
    return out;
  }
  /** `personLabel` -> "Person", `dateText` -> "Date text"; but "Person label" when ?person is there too. */
  function humanise(variable, variables) {
    const bare = variable.replace(/(?<=[a-z0-9])Label$/, "");
    const name = bare && !variables.includes(bare) ? bare : variable;
    const text = name.replace(/(?<=[a-z0-9])(?=[A-Z])|_+/g, " ").trim().toLowerCase();
    return text ? text[0].toUpperCase() + text.slice(1) : variable;
  }
  function queryUrl(query) {
    return "/query?" + new URLSearchParams({ query: query }).toString();
  }
  function sparqlUrl(query, format) {
    const params = { query: query };
    if (format) params.format = format;
    return cfg.endpoint + "?" + new URLSearchParams(params).toString();
  }

  // ---- the result views -----------------------------------------------------
  const BaseTable = Yasr.plugins.table;
  class EntityTable extends BaseTable {
    constructor(yasr) {
      super(yasr);
      // values as they read (no quotes, language tags or datatypes) and whole, not cut off
      this.persistentConfig = { compact: true, isEllipsed: false };
    }
    getCellContent(binding, prefixes) {
      if (binding.type !== "uri") return super.getCellContent(binding, prefixes);
      const info = labels[binding.value];
      const text = esc(labelOf(binding.value));
      const title = esc(curie(binding.value));
      if (info && info.href) {
        return `<div><a class="iri entity" href="${esc(info.href)}" title="${title}">${text}</a></div>`;
      }
      return `<div><span class="iri" title="${title}">${text}</span></div>`;
    }
    getColumns() {
      const columns = super.getColumns();
      const vars = this.yasr.results ? this.yasr.results.getVariables() : [];
      const titles = columnTitles(yasqe.getValue(), vars);
      for (const column of columns.slice(1)) {
        column.title = `<span title="?${esc(column.name)}">${esc(titles[column.name] || column.name)}</span>`;
        const render = column.render;
        column.render = (data, type, row, meta) => {
          // sort and search entities by the label shown, numbers as numbers
          if (data && (type === "sort" || type === "type" || type === "filter")) {
            if (data.type === "uri") return labelOf(data.value);
            if (/#(integer|decimal|double|float|int|long)$/.test(data.datatype || "")) {
              return type === "filter" ? data.value : Number(data.value);
            }
          }
          return render(data, type, row, meta);
        };
      }
      return columns;
    }
  }
  EntityTable.defaults = BaseTable.defaults;

  const views = window.rightsgraphViews({ labels: () => labels, labelOf, curie, isEntity });
  Yasr.registerPlugin("table", EntityTable);
  Yasr.registerPlugin("timeline", views.Timeline);
  Yasr.registerPlugin("graph", views.Graph);
  // only completers that work offline: prefixes (ours, from /query/prefixes.json) and variables
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];

  // ---- the editor and the runs ------------------------------------------------
  document.body.classList.add("js-editor");
  const yasqe = new Yasqe(document.getElementById("yasqe"), {
    value: textarea.value,
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: (y) => location.origin + queryUrl(y.getValue()),
    showQueryButton: false,
    collapsePrefixesOnLoad: true,
    editorHeight: "360px",
    prefixCcApi: "/query/prefixes.json",
    requestConfig: { endpoint: cfg.endpoint, method: "POST" },
    extraKeys: { "Ctrl-Enter": () => run(true), "Cmd-Enter": () => run(true) },
  });
  const yasr = new Yasr(document.getElementById("yasr"), {
    prefixes: cfg.prefixes,
    persistenceId: null,
    pluginOrder: ["table", "timeline", "graph", "response"],
    defaultPlugin: "table",
  });
  yasqe.on("change", () => { textarea.value = yasqe.getValue(); });
  const HELP = "Ctrl-Enter runs the query; Ctrl-Space completes a prefix or variable.";
  helpEl.textContent = HELP;

  function isGraphQuery() {
    return ["CONSTRUCT", "DESCRIBE"].includes(yasqe.getQueryType());
  }
  /** Download links for this query: tables for SELECT and ASK, graphs for CONSTRUCT and DESCRIBE. */
  function links(query) {
    const box = document.getElementById("download-links");
    box.replaceChildren();
    cfg.downloads[isGraphQuery() ? "graph" : "table"].forEach(([format, label], i) => {
      if (i) box.append(" · ");
      const a = document.createElement("a");
      a.href = sparqlUrl(query, format);
      a.dataset.format = format;
      a.download = "rightsgraph-query." + format;
      a.textContent = label;
      box.append(a);
    });
    document.getElementById("endpoint-link").href = sparqlUrl(query);
    downloadsEl.hidden = false;
  }
  function fail(message) {
    errorEl.textContent = message;
    errorEl.hidden = false;
    document.getElementById("yasr").hidden = true;
  }
  /** The labels and local pages of every IRI in the rows; true if there were any. */
  async function fetchLabels(rows, signal) {
    const iris = new Set();
    for (const b of rows) for (const v of Object.values(b)) if (v && v.type === "uri") iris.add(v.value);
    if (!iris.size) return false;
    const answer = await fetch("/query/labels", { method: "POST", body: JSON.stringify([...iris]), signal });
    if (answer.ok) labels = await answer.json();
    return answer.ok;
  }
  let pending = null;
  /** Run the editor's query at /sparql, or show `given` (the answer the page came with). */
  async function run(push, given) {
    const query = yasqe.getValue();
    textarea.value = query;
    if (push && location.pathname + location.search !== queryUrl(query)) {
      history.pushState({ query }, "", queryUrl(query));
    }
    links(query);
    errorEl.hidden = true;
    helpEl.textContent = HELP;
    if (pending) pending.abort();
    const controller = (pending = new AbortController());
    const started = performance.now();
    document.body.classList.add("running");
    try {
      let answer = given;
      if (!answer) {
        const response = await fetch(cfg.endpoint, {
          method: "POST",
          headers: { Accept: isGraphQuery() ? "text/turtle" : "application/sparql-results+json" },
          body: new URLSearchParams({ query }),
          signal: controller.signal,
        });
        const text = await response.text();
        if (!response.ok) return fail(text.trim() || `the endpoint answered ${response.status}`);
        answer = {
          data: text,
          contentType: response.headers.get("content-type") || "",
          truncated: !!response.headers.get("x-rightsgraph-truncated"),
          executionTime: Math.round(performance.now() - started),
        };
      }
      await show(answer, controller.signal);
    } catch (e) {
      if (e.name !== "AbortError") fail(`the server did not answer: ${e.message}`);
    } finally {
      if (pending === controller) { pending = null; document.body.classList.remove("running"); }
    }
  }
  async function show(answer, signal) {
    if (answer.truncated) helpEl.textContent = `The answer was cut to ${cfg.maxRows} rows.`;
    const summary = { data: answer.data, contentType: answer.contentType, status: 200, executionTime: answer.executionTime };
    labels = {};
    document.getElementById("yasr").hidden = false;
    if (answer.contentType.includes("json")) {
      // a table: its labels first, so the views draw once
      await fetchLabels((JSON.parse(answer.data).results || {}).bindings || [], signal);
      yasr.setResponse(summary);
    } else {
      // a graph: Yasr reads the Turtle into rows, then the views are drawn again with labels
      yasr.setResponse(summary);
      if (await fetchLabels((yasr.results && yasr.results.getBindings()) || [], signal)) yasr.draw();
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
  window.addEventListener("popstate", () => {
    const query = new URLSearchParams(location.search).get("query");
    if (query !== null) {
      yasqe.setValue(query);
      run(false);
    } else {
      location.reload(); // an example or the empty editor: as the server renders it
    }
  });
  // a shared link: the server has run the query already and sent its answer with the page
  const sent = document.getElementById("editor-answer");
  const answer = sent ? JSON.parse(sent.textContent) : null;
  const params = new URLSearchParams(location.search);
  if (answer && answer.query === yasqe.getValue()) run(false, answer);
  else if ((params.get("query") || params.get("example")) && errorEl.hidden) run(false); // not again after an error
  window.rightsgraphEditor = { yasqe, yasr, run };
})();
