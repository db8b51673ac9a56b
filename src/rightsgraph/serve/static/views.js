/* The timeline and graph views of the SPARQL editor (Yasr plugins), drawn as SVG.
 *
 * Timeline: rows with an xsd:date/dateTime (or gYear, gYearMonth) value, from
 * the first date column to the second when there are two (a month is a span
 * from its first to its last day, a day a point), named by a *label column.
 * Graph: the entities of each row, a link between neighbouring entity columns,
 * laid out by a small force simulation. Both link entities to their pages.
 * Text is set with textContent only, so labels from the data stay text.
 */
"use strict";
window.rightsgraphViews = function (h) {
  // h: labels() -> {IRI: {label, href}}, labelOf(IRI), curie(IRI), isEntity(binding)
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const DATE_TYPES = ["date", "dateTime", "gYearMonth", "gYear"].map((t) => XSD + t);
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function linked(node, iri) {
    const info = h.labels()[iri];
    if (!info || !info.href) return node;
    const a = el("a", { href: info.href });
    a.appendChild(node);
    return a;
  }
  /** A 16-pixel icon for a view's button: a list of [tag, attributes] drawn in the text colour. */
  function icon(shapes) {
    const svg = el("svg", { viewBox: "0 0 16 16", width: "16", height: "16", "aria-hidden": "true" });
    for (const [tag, attrs] of shapes) svg.appendChild(el(tag, { fill: "currentColor", stroke: "currentColor", ...attrs }));
    return svg;
  }

  function dateValue(binding, end) {
    if (!binding || binding.type === "uri" || !DATE_TYPES.includes(binding.datatype)) return null;
    const v = binding.value;
    let m = /^(-?\d{4})$/.exec(v);
    if (m) return end ? Date.UTC(+m[1], 11, 31) : Date.UTC(+m[1], 0, 1);
    m = /^(-?\d{4})-(\d{2})$/.exec(v);
    if (m) return end ? Date.UTC(+m[1], +m[2], 0) : Date.UTC(+m[1], +m[2] - 1, 1);
    const t = Date.parse(v.length === 10 ? v + "T00:00:00Z" : v);
    return Number.isNaN(t) ? null : t;
  }
  function dateColumns(results) {
    const bindings = results.getBindings() || [];
    return results.getVariables().filter((v) => bindings.some((b) => dateValue(b[v]) !== null));
  }
  /** The column a row is named by: a *label literal, else any text, else an entity. */
  function nameColumn(results, skip) {
    const vars = results.getVariables().filter((v) => !skip.includes(v));
    const bindings = results.getBindings() || [];
    const literal = (v) => bindings.some((b) => b[v] && b[v].type !== "uri");
    return (
      vars.find((v) => /label$/i.test(v) && literal(v)) ||
      vars.find((v) => literal(v)) ||
      vars.find((v) => bindings.some((b) => b[v] && b[v].type === "uri"))
    );
  }

  class Timeline {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Timeline";
    }
    canHandleResults() {
      const r = this.yasr.results;
      return !!(r && r.getBindings() && r.getBindings().length && dateColumns(r).length);
    }
    getIcon() {
      return icon([
        ["line", { x1: 1, y1: 14, x2: 15, y2: 14, "stroke-width": 1.5 }],
        ["rect", { x: 2, y: 3, width: 7, height: 3, rx: 1, stroke: "none" }],
        ["rect", { x: 6, y: 8, width: 8, height: 3, rx: 1, stroke: "none" }],
      ]);
    }
    draw() {
      const r = this.yasr.results;
      const [startVar, endVar] = dateColumns(r);
      const name = nameColumn(r, [startVar, endVar]);
      const entityVar = r.getVariables().find((v) => r.getBindings().some((b) => h.isEntity(b[v])));
      const items = [];
      for (const b of r.getBindings()) {
        const start = dateValue(b[startVar]);
        if (start === null) continue;
        const end = Math.max(start, (endVar && dateValue(b[endVar], true)) || dateValue(b[startVar], true));
        const named = b[name];
        const text = !named ? "" : named.type === "uri" ? h.labelOf(named.value) : named.value;
        const iri = entityVar && b[entityVar] ? b[entityVar].value : null;
        items.push({ start, end, text, iri, shown: b[startVar].value + (endVar && b[endVar] ? " – " + b[endVar].value : "") });
      }
      items.sort((a, b) => a.start - b.start || a.end - b.end);
      const shown = items.slice(0, 1000);
      const width = Math.max(700, this.yasr.resultsEl.clientWidth || 1000);
      const left = Math.min(380, Math.round(width * 0.36));
      const right = width - 24;
      const rowH = 22;
      const top = 34;
      const height = top + shown.length * rowH + 10;
      const t0 = shown[0].start;
      const t1 = Math.max(...shown.map((i) => i.end), t0 + 86400000);
      const x = (t) => left + ((t - t0) / (t1 - t0)) * (right - left);
      const svg = el("svg", { class: "rg-timeline", width: String(width), height: String(height), role: "img" });
      svg.appendChild(el("title", {}, `Timeline of ${shown.length} dated row(s) by ?${startVar}${endVar ? " to ?" + endVar : ""}`));
      for (const tick of ticks(t0, t1)) {
        svg.appendChild(el("line", { x1: x(tick.t), x2: x(tick.t), y1: top - 8, y2: height, class: "tick" }));
        svg.appendChild(el("text", { x: x(tick.t) + 3, y: top - 14, class: "tick-label" }, tick.label));
      }
      shown.forEach((item, i) => {
        const y = top + i * rowH + rowH / 2;
        if (i % 2 === 0) svg.appendChild(el("rect", { x: 0, y: y - rowH / 2, width: width, height: rowH, class: "band" }));
        const label = item.text.length > 52 ? item.text.slice(0, 50) + "…" : item.text;
        const row = el("g", { class: "row" });
        row.appendChild(el("title", {}, `${item.text} (${item.shown})`));
        row.appendChild(el("text", { x: left - 10, y: y + 4, "text-anchor": "end", class: "row-label" }, label));
        svg.appendChild(item.iri ? linked(row, item.iri) : row);
        const x0 = x(item.start);
        const w = x(item.end) - x0;
        const mark = w >= 5
          ? el("rect", { x: x0, y: y - 6, width: w, height: 12, rx: 3, class: "span" })
          : el("circle", { cx: x0, cy: y, r: 5, class: "point" });
        mark.appendChild(el("title", {}, `${item.text}: ${item.shown}`));
        svg.appendChild(mark);
      });
      const wrap = document.createElement("div");
      wrap.className = "rg-view";
      if (items.length > shown.length) {
        const note = document.createElement("p");
        note.className = "meta";
        note.textContent = `The first ${shown.length} of ${items.length} dated rows.`;
        wrap.appendChild(note);
      }
      wrap.appendChild(svg);
      this.yasr.resultsEl.appendChild(wrap);
    }
  }
  function ticks(t0, t1) {
    const out = [];
    const a = new Date(t0);
    const years = (t1 - t0) / (365.25 * 86400000);
    const step = years > 30 ? 120 : years > 12 ? 24 : years > 4 ? 12 : years > 1.5 ? 3 : 1; // months
    let y = a.getUTCFullYear();
    let m = step >= 12 ? 0 : Math.floor(a.getUTCMonth() / step) * step;
    const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    for (;;) {
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      if (t >= t0) out.push({ t, label: step >= 12 ? String(y) : names[m] + " " + y });
      m += step;
      y += Math.floor(m / 12);
      m %= 12;
    }
    return out;
  }

  class Graph {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 4;
      this.label = "Graph";
    }
    entityVars() {
      const r = this.yasr.results;
      return r.getVariables().filter((v) => r.getBindings().some((b) => h.isEntity(b[v])));
    }
    canHandleResults() {
      const r = this.yasr.results;
      if (!r || !r.getBindings()) return false;
      const vars = this.entityVars();
      return r.getBindings().some((b) => vars.filter((v) => h.isEntity(b[v])).length >= 2);
    }
    getIcon() {
      return icon([
        ["line", { x1: 3, y1: 4, x2: 12, y2: 6, "stroke-width": 1.2 }],
        ["line", { x1: 3, y1: 4, x2: 7, y2: 13, "stroke-width": 1.2 }],
        ["line", { x1: 12, y1: 6, x2: 7, y2: 13, "stroke-width": 1.2 }],
        ["circle", { cx: 3, cy: 4, r: 2.5, stroke: "none" }],
        ["circle", { cx: 12, cy: 6, r: 2.5, stroke: "none" }],
        ["circle", { cx: 7, cy: 13, r: 2.5, stroke: "none" }],
      ]);
    }
    draw() {
      const r = this.yasr.results;
      const vars = this.entityVars();
      const nodes = new Map();
      const edges = new Map();
      for (const b of r.getBindings()) {
        const row = vars.filter((v) => h.isEntity(b[v])).map((v) => b[v].value);
        for (const iri of row) if (!nodes.has(iri) && nodes.size < 300) nodes.set(iri, { iri, degree: 0 });
        for (let i = 0; i + 1 < row.length; i++) {
          if (row[i] === row[i + 1] || !nodes.has(row[i]) || !nodes.has(row[i + 1])) continue;
          const key = row[i] + " " + row[i + 1];
          if (!edges.has(key)) edges.set(key, { a: nodes.get(row[i]), b: nodes.get(row[i + 1]) });
        }
      }
      for (const e of edges.values()) { e.a.degree++; e.b.degree++; }
      const width = Math.max(700, this.yasr.resultsEl.clientWidth || 1000);
      const height = 620;
      layout([...nodes.values()], [...edges.values()], width, height);
      const svg = el("svg", { class: "rg-graph", width: String(width), height: String(height), role: "img" });
      svg.appendChild(el("title", {}, `${nodes.size} entities, ${edges.size} links between the entity columns of each row`));
      for (const e of edges.values()) {
        svg.appendChild(el("line", { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y, class: "edge" }));
      }
      for (const n of nodes.values()) {
        const g = el("g", { class: "node" });
        g.appendChild(el("circle", { cx: n.x, cy: n.y, r: 4 + Math.min(10, Math.sqrt(n.degree) * 2) }));
        const text = h.labelOf(n.iri);
        g.appendChild(el("text", { x: n.x + 8, y: n.y + 4 }, text.length > 40 ? text.slice(0, 38) + "…" : text));
        g.appendChild(el("title", {}, `${text} (${h.curie(n.iri)})`));
        svg.appendChild(linked(g, n.iri));
      }
      const wrap = document.createElement("div");
      wrap.className = "rg-view";
      wrap.appendChild(svg);
      this.yasr.resultsEl.appendChild(wrap);
    }
  }
  /** A small force layout: nodes repel, links pull, everything drifts to the middle. */
  function layout(nodes, edges, width, height) {
    const n = nodes.length;
    nodes.forEach((node, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, n);
      node.x = width / 2 + (Math.cos(a) * width) / 3;
      node.y = height / 2 + (Math.sin(a) * height) / 3;
    });
    const k = Math.sqrt((width * height) / Math.max(1, n)) * 0.6;
    for (let step = 0, heat = width / 10; step < 300; step++, heat *= 0.985) {
      for (const p of nodes) { p.dx = (width / 2 - p.x) * 0.01; p.dy = (height / 2 - p.y) * 0.01; }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const p = nodes[i], q = nodes[j];
          const dx = p.x - q.x || 0.01, dy = p.y - q.y || 0.01;
          const d2 = dx * dx + dy * dy;
          const f = (k * k) / d2;
          p.dx += dx * f / Math.sqrt(d2); p.dy += dy * f / Math.sqrt(d2);
          q.dx -= dx * f / Math.sqrt(d2); q.dy -= dy * f / Math.sqrt(d2);
        }
      }
      for (const e of edges) {
        const dx = e.a.x - e.b.x, dy = e.a.y - e.b.y;
        const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
        const f = (d * d) / k / d;
        e.a.dx -= dx * f; e.a.dy -= dy * f; e.b.dx += dx * f; e.b.dy += dy * f;
      }
      for (const p of nodes) {
        const d = Math.sqrt(p.dx * p.dx + p.dy * p.dy) || 1;
        p.x = Math.min(width - 180, Math.max(20, p.x + (p.dx / d) * Math.min(d, heat)));
        p.y = Math.min(height - 20, Math.max(20, p.y + (p.dy / d) * Math.min(d, heat)));
      }
    }
  }

  return { Timeline, Graph };
};
