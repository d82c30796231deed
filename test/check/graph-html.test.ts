// `quarry graph --format html` without a browser: the page loads nothing from the network and
// carries the same graph as --format json, plus the import statements (file, line) behind each edge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { graphCommand } from "../../src/cli/check-command.js";
import { runGraph } from "../../src/check/api.js";
import { fsHost } from "./helpers.js";

const shop = fileURLToPath(new URL("../../../examples/shop", import.meta.url));

interface PageGraph {
  nodes: { id: string; layer: string | null }[];
  edges: { from: string; to: string; violation: boolean; imports: { file: string; line: number; name: string }[] }[];
  layers: string[];
}

/** The graph data embedded in a page. */
function pageData(html: string): PageGraph {
  const m = /<script id="graph-data" type="application\/json">([^<]*)<\/script>/.exec(html);
  assert.ok(m, "the page embeds its graph as JSON");
  return JSON.parse(m[1]!) as PageGraph;
}

async function graph(format: string): Promise<string> {
  const h = fsHost(shop);
  const code = await graphCommand(["--format", format, "--no-cache"], h);
  assert.equal(code, 0, h.err);
  return h.out;
}

test("the html page has no external URL: nothing is fetched", async () => {
  const html = await graph("html");
  assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i, "no src/href to another site");
  assert.doesNotMatch(html, /<link\b|<script[^>]*\bsrc\s*=|<iframe\b|@import|url\(\s*["']?https?:/i, "no linked resource");
  // The only http(s) URL allowed is the SVG namespace name, which is never fetched.
  const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]*/g)].map((m) => m[0]);
  assert.deepEqual(
    [...new Set(urls)].filter((u) => u !== "http://www.w3.org/2000/svg"),
    [],
  );
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.match(html, /dagre/, "the layout library is inlined");
});

test("the html page carries the module graph, layers, violations and the imports behind each edge", async () => {
  const page = pageData(await graph("html"));
  const json = JSON.parse(await graph("json")) as { nodes: string[]; edges: { from: string; to: string; violation: boolean }[] };
  assert.deepEqual(
    page.nodes.map((n) => n.id),
    json.nodes,
  );
  assert.deepEqual(
    page.edges.map((e) => [e.from, e.to, e.violation]),
    json.edges.map((e) => [e.from, e.to, e.violation]),
  );
  assert.deepEqual(page.layers, ["web", "domain", "data"]);
  assert.equal(page.nodes.find((n) => n.id === "shop.web")?.layer, "web");
  assert.equal(page.nodes.find((n) => n.id === "shop.util")?.layer, null);
  assert.ok(
    page.edges.some((e) => e.violation),
    "examples/shop has violations",
  );
  // Every used edge lists its import statements, each naming a file of its source module.
  for (const e of page.edges) {
    for (const i of e.imports) {
      assert.ok(i.file.startsWith(`src/${e.from.replace(/\./g, "/")}/`), `${i.file} belongs to ${e.from}`);
      assert.ok(i.line >= 1);
      assert.ok(i.name === e.to || i.name.startsWith(`${e.to}.`), `${i.name} is in ${e.to}`);
    }
  }
  const bad = page.edges.find((e) => e.from === "shop.catalog" && e.to === "shop.orders");
  assert.ok(bad?.violation);
  assert.deepEqual(
    bad.imports.map((i) => i.file),
    ["src/shop/catalog/search.py"],
  );
});

test("--format html with --files shows files, and without the layout library is an error", async () => {
  const h = fsHost(shop);
  assert.equal(await graphCommand(["--format", "html", "--files", "--no-cache"], h), 0, h.err);
  const page = pageData(h.out);
  assert.ok(page.nodes.some((n) => n.id === "src/shop/web/views.py" && n.layer === "web"));
  assert.ok(page.edges.every((e) => e.imports.length === e.imports.filter((i) => i.file === e.from).length && e.imports.length > 0));
  const h2 = fsHost(shop);
  assert.equal(await runGraph({ format: "html", cache: false }, h2), 1);
  assert.match(h2.err, /--format html needs the layout library/);
  assert.equal(h2.out, "");
});
