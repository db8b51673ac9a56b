/* rightsgraph offline page: sigma.js (WebGL) over a graphology graph.
 * Every label, quote and IRI is data: it reaches the page only through
 * textContent, setAttribute on SVG geometry, or sigma's canvas labels. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var legend = data.legend;
  var N = data.nodes, E = data.edges, C = data.claims, NC = data.nodeClaims;
  // node row: [iri, label, group, x, y, size, earliest, latest, precision, date, contested, evidence, classes]
  // edge row: [source, target, relation, claim, contested, evidence, kind]
  // claim row: [iri, kind, text, contested, records]; record: [quote, claimant, stance, opposing, document, locator, date]

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function norm(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function groupStyle(g) { return legend.groups[g] || legend.groups.other; }

  document.getElementById("title").textContent = data.title;
  document.title = data.title;
  if (data.notice) {
    var notice = document.getElementById("notice");
    notice.textContent = data.notice;
    notice.hidden = false;
  }
  // a focus view starts with the neighbourhood (data.initial) and grows as nodes are clicked
  var shown = data.initial ? new Set(data.initial.map(String)) : null;
  function showCounts() {
    var text = N.length + " nodes · " + E.length + " edges";
    if (shown) text = shown.size + " of " + N.length + " nodes shown · click a node to show its neighbours";
    if (data.focus !== null) text += " · focus: " + N[data.focus][1];
    document.getElementById("counts").textContent = text;
  }
  showCounts();
  // canvas labels are kept short so neighbouring labels do not run into each other;
  // the full label is in the details panel and the search results
  function shortLabel(s) { return s.length > 34 ? s.slice(0, 32).replace(/\s+\S*$/, "") + "…" : s; }

  var Graph = graphology.MultiDirectedGraph;
  var graph = new Graph();
  var names = new Array(N.length);
  for (var i = 0; i < N.length; i++) {
    var n = N[i];
    names[i] = norm(n[1]);
    graph.addNode(String(i), {
      x: n[3], y: n[4], size: n[5],
      label: shortLabel(n[1]) + (n[10] ? " (contested)" : ""),
      color: groupStyle(n[2]).colour,
      group: n[2],
    });
  }
  for (var j = 0; j < E.length; j++) {
    var e = E[j];
    graph.addEdgeWithKey("e" + j, String(e[0]), String(e[1]), {
      size: e[4] ? 2.5 : 1,
      color: e[4] ? legend.contested.colour : legend.edge.colour,
      label: e[2],
    });
  }

  // ---- filter state
  var hiddenGroups = new Set();
  var dateFrom = "", dateTo = "", showUndated = true;
  var selected = null, neighbours = new Set();

  function visible(i) {
    var n = N[i];
    if (shown && !shown.has(String(i))) return false;
    if (hiddenGroups.has(n[2])) return false;
    if (!n[6] && !n[7]) return showUndated;
    if (dateFrom && (n[7] || n[6]) < dateFrom) return false;
    if (dateTo && (n[6] || n[7]) > dateTo) return false;
    return true;
  }

  var big = N.length > 5000;
  var renderer = new Sigma(graph, document.getElementById("sigma"), {
    // the Timeline tab hides the network: sigma must tolerate a zero-width container
    allowInvalidContainer: true,
    enableEdgeEvents: true,
    defaultEdgeType: big ? "line" : "arrow",
    hideEdgesOnMove: big,
    // labels for every node big enough on screen, thinned by sigma's grid so they do not overlap
    labelRenderedSizeThreshold: big ? 12 : 4,
    labelDensity: big ? 0.3 : 0.6,
    labelGridCellSize: 140,
    labelSize: 12,
    zIndex: true,
    nodeReducer: function (node, attrs) {
      var res = Object.assign({}, attrs);
      if (!visible(+node)) { res.hidden = true; return res; }
      if (selected !== null) {
        if (node === selected) { res.highlighted = true; res.forceLabel = true; res.zIndex = 2; }
        else if (neighbours.has(node)) { res.forceLabel = few(); res.zIndex = 1; }
        else { res.color = "#e2e2e2"; res.label = ""; }
      } else if (shown && few()) res.forceLabel = true;
      return res;
    },
    edgeReducer: function (edge, attrs) {
      var res = Object.assign({}, attrs);
      var ends = graph.extremities(edge);
      if (!visible(+ends[0]) || !visible(+ends[1])) { res.hidden = true; return res; }
      if (selected !== null && ends[0] !== selected && ends[1] !== selected) res.color = "#eeeeee";
      return res;
    },
  });
  function few() { return (shown ? shown.size : N.length) <= 30 || neighbours.size <= 12; }
  window.rgGraph = graph;
  window.rgRenderer = renderer;

  // ---- details panel
  var details = document.getElementById("details");
  function clearDetails() { while (details.firstChild) details.removeChild(details.firstChild); }
  function line(label, value) {
    var p = el("p", null, "meta");
    p.appendChild(el("strong", label + ": "));
    p.appendChild(document.createTextNode(String(value)));
    return p;
  }
  function claimBlock(ci) {
    var c = C[ci];
    var box = el("div", null, "claim");
    var h = el("h3", c[2]);
    if (c[3]) { h.appendChild(document.createTextNode(" ")); h.appendChild(el("span", "contested", "badge")); }
    box.appendChild(h);
    box.appendChild(el("div", c[1], "meta"));
    c[4].forEach(function (r) {
      var rec = el("div", null, "record" + (r[3] ? " opposing" : ""));
      var who = (r[3] ? "✗ " : "✓ ") + r[1] + " " + r[2] + (r[6] ? ", " + r[6] : "");
      rec.appendChild(el("div", who, "claimant"));
      rec.appendChild(el("blockquote", "“" + r[0] + "”", "quote"));
      rec.appendChild(el("div", "— " + r[4] + (r[5] ? ", " + r[5] : ""), "meta document"));
      box.appendChild(rec);
    });
    return box;
  }
  function showNode(i) {
    var n = N[i];
    clearDetails();
    var h = el("h2", n[1]);
    if (n[10]) { h.appendChild(document.createTextNode(" ")); h.appendChild(el("span", "contested", "badge")); }
    details.appendChild(h);
    details.appendChild(line("Type", groupStyle(n[2]).label + (n[12] ? " (" + n[12] + ")" : "")));
    if (n[9]) details.appendChild(line("Date", n[9]));
    details.appendChild(line("Evidence records", n[11]));
    var iri = el("p", null, "meta");
    iri.appendChild(el("strong", "IRI: "));
    iri.appendChild(el("code", n[0]));
    details.appendChild(iri);
    var rel = graph.edges(String(i));
    if (rel.length) {
      details.appendChild(el("h3", "Relations (" + rel.length + ")"));
      var ul = el("ul");
      rel.slice(0, 60).forEach(function (edge) {
        var k = +edge.slice(1), ed = E[k];
        var other = ed[0] === i ? ed[1] : ed[0];
        var li = el("li");
        var b = el("button", (ed[0] === i ? "→ " : "← ") + ed[2] + " " + N[other][1] + (ed[4] ? " (contested)" : ""), "link");
        b.type = "button";
        b.addEventListener("click", function () { select(String(other)); });
        li.appendChild(b);
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    var claims = NC[i] || [];
    details.appendChild(el("h3", "Claims and evidence (" + claims.length + ")"));
    if (!claims.length) details.appendChild(el("p", "No claim with evidence mentions this entity.", "hint"));
    claims.forEach(function (ci) { details.appendChild(claimBlock(ci)); });
  }
  function showEdge(k) {
    var ed = E[k];
    clearDetails();
    var h = el("h2", ed[2]);
    if (ed[4]) { h.appendChild(document.createTextNode(" ")); h.appendChild(el("span", "contested", "badge")); }
    details.appendChild(h);
    details.appendChild(line("From", N[ed[0]][1]));
    details.appendChild(line("To", N[ed[1]][1]));
    details.appendChild(line("Type", ed[6]));
    details.appendChild(line("Evidence records", ed[5]));
    if (ed[3] >= 0) details.appendChild(claimBlock(ed[3]));
    else details.appendChild(el("p", "A plain relation stated in the data, without a claim of its own.", "hint"));
  }

  // fit the camera to these nodes (sigma's framed-graph coordinates, 0..1), with a margin
  function fit(nodes, duration, margin) {
    var xs = [], ys = [];
    nodes.forEach(function (node) {
      var d = renderer.getNodeDisplayData(node);
      if (d) { xs.push(d.x); ys.push(d.y); }
    });
    if (!xs.length) return;
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var box = document.getElementById("sigma").getBoundingClientRect();
    var aspect = box.width && box.height ? box.width / box.height : 1;
    // sigma fits the whole graph into the shorter side: a wide canvas has room across
    var w = (x1 - x0) / Math.max(aspect, 1), h = (y1 - y0) * Math.min(aspect, 1);
    var ratio = Math.min(Math.max(Math.max(w, h) * (margin || 1.4), 0.08), 1.2);
    // labels run to the right of their node: leave them the room
    var state = { x: (x0 + x1) / 2 + (x1 - x0) * 0.08, y: (y0 + y1) / 2, ratio: ratio };
    if (duration) renderer.getCamera().animate(state, { duration: duration });
    else renderer.getCamera().setState(state);
  }
  function shownNodes() {
    return graph.nodes().filter(function (node) { return visible(+node); });
  }
  window.rgFit = function () { fit(shownNodes(), 0); };

  function select(node, keepCamera) {
    selected = node;
    neighbours = new Set(graph.neighbors(node));
    if (shown) {
      neighbours.forEach(function (m) { shown.add(m); });
      shown.add(node);
      showCounts();
    }
    showNode(+node);
    showView("network");
    if (!keepCamera) {
      var around = [node];
      neighbours.forEach(function (m) { if (visible(+m)) around.push(m); });
      fit(around, 300);
    }
    renderer.refresh();
  }
  window.rgShown = function () { return shownNodes().length; };
  window.rgSelect = function (iri) {
    for (var i = 0; i < N.length; i++) if (N[i][0] === iri) { select(String(i)); return true; }
    return false;
  };
  renderer.on("clickNode", function (ev) { select(ev.node); });
  renderer.on("clickEdge", function (ev) { showEdge(+ev.edge.slice(1)); });
  renderer.on("clickStage", function () {
    selected = null; neighbours = new Set(); renderer.refresh();
  });

  // ---- search
  var search = document.getElementById("search"), results = document.getElementById("results");
  function runSearch() {
    while (results.firstChild) results.removeChild(results.firstChild);
    var q = norm(search.value.trim());
    if (!q) return [];
    // exact label first, then labels starting with the query, then any containing it
    var hits = [];
    for (var i = 0; i < N.length; i++) {
      var at = names[i].indexOf(q);
      if (at >= 0) hits.push([names[i] === q ? 0 : at === 0 ? 1 : 2, names[i].length, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    var found = hits.slice(0, 20).map(function (h) { return h[2]; });
    found.forEach(function (i) {
      var li = el("li"), b = el("button", N[i][1]);
      b.type = "button";
      b.title = groupStyle(N[i][2]).label;
      b.addEventListener("click", function () { select(String(i)); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!found.length) results.appendChild(el("li", "no match", "hint"));
    return found;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var f = runSearch(); if (f.length) select(String(f[0])); }
  });

  // ---- class filter and legend
  var counts = {};
  N.forEach(function (n) { counts[n[2]] = (counts[n[2]] || 0) + 1; });
  var classes = document.getElementById("classes"), legendBox = document.getElementById("legend");
  Object.keys(legend.groups).forEach(function (g) {
    var st = legend.groups[g];
    var row = el("label");
    var sw = el("span", null, "swatch"); sw.style.background = st.colour;
    row.appendChild(sw);
    row.appendChild(document.createTextNode(st.label + " (" + st.shape + " in Graphviz, Gephi, Cytoscape)"));
    legendBox.appendChild(row);
    if (!counts[g]) return;
    var lab = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = g;
    box.addEventListener("change", function () {
      if (box.checked) hiddenGroups.delete(g); else hiddenGroups.add(g);
      renderer.refresh(); drawTimeline();
    });
    var sw2 = el("span", null, "swatch"); sw2.style.background = st.colour;
    lab.appendChild(box); lab.appendChild(sw2);
    lab.appendChild(document.createTextNode(st.label + " (" + counts[g] + ")"));
    classes.appendChild(lab);
  });
  [["edge", "line"], ["contested", "line"]].forEach(function (pair) {
    var st = legend[pair[0]], row = el("label"), sw = el("span", null, "swatch line");
    sw.style.background = st.colour;
    row.appendChild(sw); row.appendChild(document.createTextNode(st.label));
    legendBox.appendChild(row);
  });

  // ---- date filter
  var from = document.getElementById("date-from"), to = document.getElementById("date-to");
  var undated = document.getElementById("undated");
  var dated = N.filter(function (n) { return n[6] || n[7]; });
  if (dated.length) {
    from.value = dated.reduce(function (m, n) { var v = n[6] || n[7]; return v < m ? v : m; }, "9999-12-31");
    to.value = dated.reduce(function (m, n) { var v = n[7] || n[6]; return v > m ? v : m; }, "0000-01-01");
  }
  function onDates() {
    dateFrom = from.value; dateTo = to.value; showUndated = undated.checked;
    renderer.refresh(); drawTimeline();
  }
  [from, to, undated].forEach(function (x) { x.addEventListener("change", onDates); });

  // ---- timeline view (SVG; a month or a year is a span, a day a point)
  var T = data.timeline; // [nodeIndex, label, kind, group, earliest, latest, precision, dateText]
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function day(s) { return Date.parse(s + "T00:00:00Z") / 86400000; }
  function drawTimeline() {
    var host = document.getElementById("timeline");
    while (host.firstChild) host.removeChild(host.firstChild);
    var rows = T.filter(function (t) {
      if (hiddenGroups.has(t[3])) return false;
      if (dateFrom && t[5] < dateFrom) return false;
      if (dateTo && t[4] > dateTo) return false;
      return true;
    });
    if (!rows.length) { host.appendChild(el("p", "Nothing dated in this selection.", "hint")); return; }
    // the axis is broken where nothing happens for months (as in the exported image):
    // each piece is fitted to its items, and wider the more items it holds
    var pieces = [];
    rows.slice().sort(function (p, q) { return day(p[4]) - day(q[4]); }).forEach(function (t) {
      var lo = day(t[4]), hi = day(t[5]) + 1, last = pieces[pieces.length - 1];
      if (last && lo - last.hi <= 180) { last.hi = Math.max(last.hi, hi); last.n += 1; }
      else pieces.push({ lo: lo, hi: hi, n: 1 });
    });
    var W = Math.max(host.clientWidth || 900, 600), labelW = Math.min(420, W * 0.45), gap = 16;
    var chart = W - labelW - 50 - gap * (pieces.length - 1);
    var weight = pieces.reduce(function (m, p) { return m + Math.max(p.n, 2); }, 0), x = labelW + 10;
    pieces.forEach(function (p) {
      p.x0 = x; p.w = chart * Math.max(p.n, 2) / weight; x += p.w + gap;
      var pad = Math.max((p.hi - p.lo) * 0.04, 10); p.lo -= pad; p.hi += pad;
    });
    function scale(d) {
      var p = pieces[0];
      pieces.forEach(function (q) { if (d >= q.lo) p = q; });
      return p.x0 + (Math.min(Math.max(d, p.lo), p.hi) - p.lo) / Math.max(p.hi - p.lo, 1) * p.w;
    }
    var H = 30 + rows.length * 18;
    var root = svg("svg", { width: W, height: H, role: "img" });
    pieces.forEach(function (p, k) {
      if (k) root.appendChild(svg("line", { x1: p.x0 - gap / 2, x2: p.x0 - gap / 2, y1: 0, y2: H, stroke: "#999", "stroke-dasharray": "4 3" }));
      // ticks about 70 px apart: years, quarters or months
      var months = (p.hi - p.lo) / 30.4, step = [1, 2, 3, 6, 12, 24, 60].find(function (m) { return p.w / (months / m) >= 70; }) || 120;
      var y0 = new Date(p.lo * 86400000).getUTCFullYear(), y1 = new Date(p.hi * 86400000).getUTCFullYear();
      var ticks = 0;
      for (var y = y0; y <= y1; y++) {
        for (var m = 0; m < 12; m++) {
          if ((y * 12 + m) % step) continue;
          var d = Date.UTC(y, m, 1) / 86400000;
          if (d < p.lo || d > p.hi) continue;
          var tx = scale(d);
          root.appendChild(svg("line", { x1: tx, x2: tx, y1: 14, y2: H, stroke: "#ddd" }));
          var lab = svg("text", { x: tx + 2, y: 11, fill: "#555" });
          lab.textContent = step >= 12 ? String(y) : y + "-" + String(m + 1).padStart(2, "0");
          root.appendChild(lab);
          ticks += 1;
        }
      }
      if (!ticks) {  // a narrow piece: name its year at its start
        var only = svg("text", { x: p.x0, y: 11, fill: "#555" });
        only.textContent = String(new Date((p.lo + (p.hi - p.lo) / 2) * 86400000).getUTCFullYear());
        root.appendChild(only);
      }
    });
    rows.forEach(function (t, r) {
      var g = svg("g", { "class": "row" }), yy = 26 + r * 18, colour = groupStyle(t[3]).colour;
      var a = scale(day(t[4])), b = scale(day(t[5]) + 1);
      // zebra stripes behind the row (not in it: a row's one rect is its span)
      if (r % 2) root.appendChild(svg("rect", { x: 0, y: yy - 9, width: W, height: 18, fill: "#f5f5f5", "class": "stripe" }));
      if (t[5] > t[4]) {
        g.appendChild(svg("rect", { x: a, y: yy - 6, width: Math.max(b - a, 2), height: 12, fill: colour, "fill-opacity": 0.55, stroke: colour }));
      } else {
        g.appendChild(svg("circle", { cx: a, cy: yy, r: 5, fill: colour }));
      }
      // the label sits left of the axis, cut to fit; the whole of it is in the tooltip
      var full = t[1] + "  (" + (t[7] || t[6]) + ", " + t[2] + ")";
      var room = Math.floor(labelW / 6.4);
      var txt = svg("text", { x: labelW - 4, y: yy + 4, "text-anchor": "end" });
      txt.textContent = full.length > room ? full.slice(0, room - 1) + "…" : full;
      g.appendChild(txt);
      var tip = svg("title", {});
      tip.textContent = full + " — " + (t[4] === t[5] ? t[4] : t[4] + " … " + t[5] + " (" + t[6] + ")");
      g.appendChild(tip);
      g.addEventListener("click", function () {
        if (t[0] >= 0) select(String(t[0]));
      });
      root.appendChild(g);
    });
    host.appendChild(root);
  }

  // ---- tabs
  var tabs = { network: document.getElementById("tab-network"), timeline: document.getElementById("tab-timeline") };
  function showView(name) {
    document.getElementById("network-view").hidden = name !== "network";
    document.getElementById("timeline-view").hidden = name !== "timeline";
    tabs.network.classList.toggle("active", name === "network");
    tabs.timeline.classList.toggle("active", name === "timeline");
    if (name === "timeline") drawTimeline();
    else renderer.refresh();
  }
  tabs.network.addEventListener("click", function () { showView("network"); });
  tabs.timeline.addEventListener("click", function () { showView("timeline"); });
  window.rgShowView = showView;

  // sigma drew its first frame in the constructor; ready once that frame is on screen
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      window.rgReady = performance.now();
      document.body.setAttribute("data-ready", "1");
    });
  });
  // open fitted to what is shown: the neighbourhood of the focus, or the whole graph
  if (data.focus !== null) select(String(data.focus), true);
  fit(shownNodes(), 0, shown ? 1.4 : 1.1);
})();
