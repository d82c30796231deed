// `quarry graph --format html`: one self-contained page (no network) that lays the module graph out
// with dagre (its browser build is passed in and inlined), draws violations in red and Tach layers
// as bands, lists a module's imports (file and line) on click, and narrows the graph with a filter.

/** One import statement behind an edge, for the side panel. */
export interface HtmlImport {
  /** File, relative to the project root. */
  file: string;
  line: number;
  /** The imported name as written (`a.b.c`). */
  name: string;
}

/** An edge of the page's graph. */
export interface HtmlEdge {
  from: string;
  to: string;
  declared: boolean;
  deprecated: boolean;
  violation: boolean;
  used: number;
  imports: HtmlImport[];
}

/** What the page shows: nodes with their layer (or null), edges, and the layers top to bottom. */
export interface HtmlGraph {
  title: string;
  nodes: { id: string; layer: string | null }[];
  edges: HtmlEdge[];
  layers: string[];
}

// JSON inside <script>: `<` escaped so no `</script>` or `<!--` can end the element early.
function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * The page for `graph`. `layoutScript` is dagre's browser build (it defines the global `dagre`);
 * a `</script` inside it is neutralised. The page loads nothing: a Content-Security-Policy forbids
 * every fetch and `eval`.
 */
export function renderGraphHtml(graph: HtmlGraph, layoutScript: string): string {
  const lib = layoutScript.replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(graph.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><strong>${escapeHtml(graph.title)}</strong>
<input id="filter" type="search" placeholder="filter modules (substring)" autocomplete="off">
<span id="stats"></span>
<span class="legend"><span class="key bad"></span>violation <span class="key undeclared"></span>used, not declared <span class="key deprecated"></span>deprecated</span>
</header>
<main><div id="canvas"><svg id="graph" xmlns="http://www.w3.org/2000/svg"></svg></div>
<aside id="panel"><p class="hint">Click a module to list its imports. Drag to pan, wheel to zoom.</p></aside></main>
<script id="graph-data" type="application/json">${scriptJson(graph)}</script>
<script>${lib}</script>
<script>${PAGE}</script>
</body>
</html>
`;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:13px system-ui,sans-serif;color:#222;height:100vh;display:flex;flex-direction:column}
header{display:flex;gap:12px;align-items:center;padding:6px 10px;border-bottom:1px solid #ccc;background:#f7f7f7}
#filter{width:280px;padding:3px 6px}#stats{color:#666}.legend{margin-left:auto;color:#555}
.key{display:inline-block;width:18px;height:0;border-top:2px solid #888;vertical-align:middle;margin:0 4px 0 10px}
.key.bad{border-color:#d00}.key.undeclared{border-top-style:dotted}.key.deprecated{border-top-style:dashed}
main{flex:1;display:flex;min-height:0}#canvas{flex:1;overflow:hidden;cursor:grab}#graph{width:100%;height:100%;display:block}
#panel{width:360px;overflow:auto;border-left:1px solid #ccc;padding:8px 10px;background:#fcfcfc}
#panel h2{font-size:14px;margin:4px 0 8px;word-break:break-all}#panel h3{font-size:12px;margin:10px 0 4px;color:#555}
#panel ul{margin:0;padding-left:16px}#panel li{margin:2px 0;word-break:break-all}#panel .bad{color:#d00}
#panel code{font-size:12px}.hint{color:#777}
.node rect{fill:#fff;stroke:#557;stroke-width:1.2;rx:4}.node text{font-size:12px;fill:#222;pointer-events:none}
.node{cursor:pointer}.node.sel rect{fill:#ffe9a8;stroke:#a60}.node.dim{opacity:.45}.node.hasbad rect{stroke:#d00}
.edge{fill:none;stroke:#889;stroke-width:1.2}.edge.undeclared{stroke-dasharray:2 3}.edge.deprecated{stroke-dasharray:6 4}
.edge.bad{stroke:#d00;stroke-width:2.2}.edge.hi{stroke:#a60;stroke-width:2.4}.edge.bad.hi{stroke:#d00}
.band rect{stroke:none}.band text{font-size:14px;font-weight:bold;fill:#889}
`;

// The page's script: plain ES2020, no eval, listeners attached with addEventListener.
const PAGE = String.raw`(function () {
"use strict";
var NS = "http://www.w3.org/2000/svg";
var data = JSON.parse(document.getElementById("graph-data").textContent);
var svg = document.getElementById("graph");
var panel = document.getElementById("panel");
var stats = document.getElementById("stats");
var filter = document.getElementById("filter");
var LAYOUT_EDGES = 800;
var BAND = ["#eef3fb", "#f1f8ee", "#fbf3ea", "#f5eefb", "#eefaf8", "#faf8ea"];
var layerOf = new Map(data.nodes.map(function (n) { return [n.id, n.layer]; }));
var outs = new Map(), ins = new Map();
data.nodes.forEach(function (n) { outs.set(n.id, []); ins.set(n.id, []); });
data.edges.forEach(function (e) { outs.get(e.from).push(e); ins.get(e.to).push(e); });
var view = { x: 0, y: 0, w: 100, h: 100 };
var selected = null;
var nodeEls = new Map();
var edgeEls = [];

function el(tag, attrs, parent) {
  var x = document.createElementNS(NS, tag);
  for (var k in attrs) x.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(x);
  return x;
}
function setView() { svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h); }
function textWidth(s) { return 7.2 * s.length + 16; }

// Lays out and draws the nodes in 'keep' (all when null); 'dim' nodes are drawn faded.
function draw(keep, dim) {
  var t0 = performance.now();
  var g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 18, ranksep: 46, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(function () { return {}; });
  var shown = data.nodes.filter(function (n) { return keep === null || keep.has(n.id); });
  shown.forEach(function (n) { g.setNode(n.id, { width: textWidth(n.id), height: 26 }); });
  var edges = data.edges.filter(function (e) { return e.from !== e.to && g.hasNode(e.from) && g.hasNode(e.to); });
  // dagre's cost grows with edges times the ranks they span (a 1,000-module graph with 2,600
  // edges takes a minute), so a large graph is laid out from one edge per module (a forest,
  // about 2 s) and its other edges are drawn straight.
  var big = edges.length > LAYOUT_EDGES;
  var seen = new Set();
  edges.forEach(function (e) {
    if (big && (e.violation || seen.has(e.from))) return;
    seen.add(e.from);
    // Edges that keep to the rules weigh more, so the ranks follow the layers where they can.
    g.setEdge(e.from, e.to, { weight: e.violation ? 1 : 2 });
  });
  dagre.layout(g);
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  nodeEls.clear();
  edgeEls = [];
  var gi = g.graph();
  var W = Math.max(gi.width || 0, 200), H = Math.max(gi.height || 0, 100);
  // Layers: one band per layer from its highest to its lowest module.
  var bands = el("g", {}, svg);
  data.layers.forEach(function (name, i) {
    var top = Infinity, bottom = -Infinity;
    shown.forEach(function (n) {
      if (n.layer !== name) return;
      var p = g.node(n.id);
      top = Math.min(top, p.y - 22); bottom = Math.max(bottom, p.y + 22);
    });
    if (top === Infinity) return;
    var b = el("g", { class: "band", "data-layer": name }, bands);
    el("rect", { x: 0, y: top, width: W, height: bottom - top, fill: BAND[i % BAND.length], opacity: 0.8 }, b);
    el("text", { x: 6, y: top + 15 }, b).textContent = name;
  });
  var eg = el("g", {}, svg), ng = el("g", {}, svg);
  edges.forEach(function (e) {
    var pts = g.hasEdge(e.from, e.to) ? g.edge(e.from, e.to).points : straight(g.node(e.from), g.node(e.to));
    var d = "M" + pts.map(function (p) { return p.x.toFixed(1) + "," + p.y.toFixed(1); }).join("L");
    var cls = "edge" + (e.violation ? " bad" : e.deprecated ? " deprecated" : !e.declared ? " undeclared" : "");
    var path = el("path", { d: d, class: cls, "marker-end": e.violation ? "url(#arrow-bad)" : "url(#arrow)", "data-from": e.from, "data-to": e.to }, eg);
    var title = el("title", {}, path);
    title.textContent = e.from + " -> " + e.to + (e.violation ? " (violation)" : "") + (e.used ? ", " + e.used + " import(s)" : "");
    edgeEls.push({ edge: e, path: path });
  });
  shown.forEach(function (n) {
    var p = g.node(n.id);
    var cls = "node" + (dim && dim.has(n.id) ? " dim" : "") + (outs.get(n.id).some(function (e) { return e.violation; }) ? " hasbad" : "");
    var ge = el("g", { class: cls, transform: "translate(" + (p.x - p.width / 2).toFixed(1) + "," + (p.y - p.height / 2).toFixed(1) + ")", "data-id": n.id }, ng);
    el("rect", { width: p.width, height: p.height }, ge);
    el("text", { x: 8, y: 17 }, ge).textContent = n.id;
    nodeEls.set(n.id, ge);
  });
  var defs = el("defs", {}, svg);
  [["arrow", "#889"], ["arrow-bad", "#d00"]].forEach(function (a) {
    var m = el("marker", { id: a[0], viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0L10,5L0,10z", fill: a[1] }, m);
  });
  view = { x: 0, y: 0, w: W, h: H };
  fit();
  stats.textContent = shown.length + " of " + data.nodes.length + " modules, " + edges.length + " edges, " +
    edges.filter(function (e) { return e.violation; }).length + " violations; laid out" + (big ? " from " + g.edgeCount() + " edges" : "") + " in " + Math.round(performance.now() - t0) + " ms";
  window.quarryGraph.layoutMs = performance.now() - t0;
  if (selected !== null && nodeEls.has(selected)) select(selected); else selected = null;
}

// A straight edge from the bottom (or top) of one box to the facing side of the other.
function straight(a, b) {
  var down = b.y >= a.y;
  return [{ x: a.x, y: a.y + (down ? a.height / 2 : -a.height / 2) }, { x: b.x, y: b.y + (down ? -b.height / 2 : b.height / 2) }];
}

// Keeps the aspect ratio of the canvas so the graph is not stretched.
function fit() {
  var r = svg.getBoundingClientRect();
  if (r.width > 0 && r.height > 0) {
    // A small graph is enlarged at most 1.6 times, and centred.
    var s = Math.max(view.w / r.width, view.h / r.height, 0.625);
    var cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    view.w = r.width * s; view.h = r.height * s; view.x = cx - view.w / 2; view.y = cy - view.h / 2;
  }
  setView();
}

function li(list, text, bad) {
  var x = document.createElement("li");
  x.textContent = text;
  if (bad) x.className = "bad";
  list.appendChild(x);
}

function select(id) {
  selected = id;
  nodeEls.forEach(function (g, k) { g.classList.toggle("sel", k === id); });
  edgeEls.forEach(function (x) { x.path.classList.toggle("hi", x.edge.from === id || x.edge.to === id); });
  panel.textContent = "";
  var h = document.createElement("h2");
  h.textContent = id + (layerOf.get(id) ? "  [layer " + layerOf.get(id) + "]" : "");
  panel.appendChild(h);
  var sections = [["Imports", outs.get(id), "to"], ["Imported by", ins.get(id), "from"]];
  sections.forEach(function (s) {
    var h3 = document.createElement("h3");
    h3.textContent = s[0] + " (" + s[1].length + " modules)";
    panel.appendChild(h3);
    var ul = document.createElement("ul");
    ul.className = s[0] === "Imports" ? "imports" : "imported-by";
    panel.appendChild(ul);
    s[1].forEach(function (e) {
      var other = e[s[2]];
      var tag = e.violation ? " (violation)" : e.deprecated ? " (deprecated)" : !e.declared ? " (not declared)" : e.used === 0 ? " (declared, unused)" : "";
      if (e.imports.length === 0) li(ul, other + tag, e.violation);
      e.imports.forEach(function (imp) { li(ul, other + tag + ": " + imp.name + " at " + imp.file + ":" + imp.line, e.violation); });
    });
  });
}

// Panning and zooming by changing the viewBox.
var drag = null;
svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false }; });
window.addEventListener("mousemove", function (ev) {
  if (drag === null) return;
  var s = view.w / svg.getBoundingClientRect().width;
  if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
  view.x = drag.vx - (ev.clientX - drag.x) * s; view.y = drag.vy - (ev.clientY - drag.y) * s; setView();
});
window.addEventListener("mouseup", function () { setTimeout(function () { drag = null; }, 0); });
svg.addEventListener("wheel", function (ev) {
  ev.preventDefault();
  var r = svg.getBoundingClientRect();
  var k = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
  var px = view.x + (ev.clientX - r.left) / r.width * view.w, py = view.y + (ev.clientY - r.top) / r.height * view.h;
  view.w *= k; view.h *= k; view.x = px - (px - view.x) * k; view.y = py - (py - view.y) * k; setView();
}, { passive: false });
svg.addEventListener("click", function (ev) {
  if (drag !== null && drag.moved) return;
  var g = ev.target.closest ? ev.target.closest(".node") : null;
  if (g) select(g.getAttribute("data-id"));
});

// The filter keeps the modules whose name contains the text, plus their direct neighbours (faded).
var timer = 0;
function applyFilter() {
  var q = filter.value.trim().toLowerCase();
  if (q === "") { draw(null, null); return; }
  var hit = new Set(data.nodes.filter(function (n) { return n.id.toLowerCase().indexOf(q) >= 0; }).map(function (n) { return n.id; }));
  var keep = new Set(hit), dim = new Set();
  data.edges.forEach(function (e) {
    if (hit.has(e.from) && !hit.has(e.to)) { keep.add(e.to); dim.add(e.to); }
    if (hit.has(e.to) && !hit.has(e.from)) { keep.add(e.from); dim.add(e.from); }
  });
  draw(keep, dim);
}
filter.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilter, 150); });
window.addEventListener("resize", fit);
window.quarryGraph = { layoutMs: 0, select: select, applyFilter: applyFilter };
draw(null, null);
})();
`;
