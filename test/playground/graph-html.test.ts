// `quarry graph --format html` in a real browser (chromium through puppeteer-core): the page for
// examples/shop draws its violating edges red, lists a clicked module's imports with file and line,
// narrows the graph with the filter, and lays out a generated 1,000-module graph. Any console error
// fails the test. Screenshots go to test/playground/.screenshots/ (git-ignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";
import { graphCommand, layoutScript } from "../../src/cli/check-command.js";
import { renderGraphHtml, type HtmlGraph } from "../../src/check/report/graph-html.js";
import { fsHost } from "../check/helpers.js";
import { repoRoot } from "../support/corpus.js";
import { browserOrSkip } from "./browser.js";

const SHOTS = join(repoRoot(), "test", "playground", ".screenshots");

// The page's globals, as seen from page.evaluate.
interface Elem {
  getAttribute(n: string): string | null;
  textContent: string;
  classList: { contains(c: string): boolean };
}
declare const window: { quarryGraph: { layoutMs: number } };
declare const document: { querySelectorAll(s: string): Elem[]; getElementById(id: string): Elem | null };
declare function getComputedStyle(e: Elem): { stroke: string };
declare class MouseEvent {
  constructor(type: string, init: { bubbles: boolean });
}

// A layered graph of `n` modules in 12 levels: each imports up to three modules of the next two
// levels, and about 3% import upwards (the violations).
function generated(n: number): HtmlGraph {
  const layers = ["api", "service", "domain", "infra"];
  const levels = 12;
  const per = Math.ceil(n / levels);
  const layer = (i: number) => layers[Math.floor((Math.floor(i / per) * layers.length) / levels)]!;
  const id = (i: number) => `pkg${i % 37}.${layer(i)}.mod${i}`;
  const nodes = Array.from({ length: n }, (_, i) => ({ id: id(i), layer: layer(i) }));
  const edges: HtmlGraph["edges"] = [];
  const seen = new Set<string>();
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    const L = Math.floor(i / per);
    for (let j = 0; j < 3; j++) {
      const up = rnd() < 0.03;
      const tl = up ? Math.floor(rnd() * (L + 1)) : L + 1 + Math.floor(rnd() * 2);
      const t = tl * per + Math.floor(rnd() * per);
      if (tl >= levels || t >= n || t === i || seen.has(`${i}>${t}`)) continue;
      seen.add(`${i}>${t}`);
      edges.push({
        from: id(i),
        to: id(t),
        declared: !up,
        deprecated: false,
        violation: up,
        used: 1,
        imports: [{ file: `src/m${i}.py`, line: j + 1, name: id(t) }],
      });
    }
  }
  edges.sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
  return { title: "generated", nodes, edges, layers };
}

test("quarry graph --format html in a real browser", { timeout: 120_000 }, async (t) => {
  const browserPath = browserOrSkip(t, "graph browser tests");
  if (browserPath === null) return;
  const puppeteer = (await import("puppeteer-core")).default;
  const dir = mkdtempSync(join(tmpdir(), "quarry-graph-html-"));
  const profile = mkdtempSync(join(tmpdir(), "quarry-chromium-"));
  mkdirSync(SHOTS, { recursive: true });
  let browser: Browser | undefined;
  t.after(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const h = fsHost(join(repoRoot(), "examples", "shop"));
  assert.equal(await graphCommand(["--format", "html", "--no-cache", "-o", join(dir, "shop.html")], h), 0, h.err);
  browser = await puppeteer.launch({
    executablePath: browserPath,
    headless: true,
    userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const open = async (file: string): Promise<Page> => {
    const page = await browser!.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(`page error: ${(e as Error).message}`));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => window.quarryGraph !== undefined && window.quarryGraph.layoutMs > 0, { timeout: 60_000 });
    return page;
  };
  const page = await open(join(dir, "shop.html"));

  await t.test("the violating edges are red, the others are not", async () => {
    const edges = await page.evaluate(() =>
      [...document.querySelectorAll("path.edge")].map((p) => ({
        from: p.getAttribute("data-from"),
        to: p.getAttribute("data-to"),
        bad: p.classList.contains("bad"),
        stroke: getComputedStyle(p).stroke,
      })),
    );
    const json = fsHost(join(repoRoot(), "examples", "shop"));
    assert.equal(await graphCommand(["--format", "json", "--no-cache"], json), 0);
    const want = (JSON.parse(json.out) as { edges: { from: string; to: string; violation: boolean }[] }).edges;
    assert.equal(edges.length, want.length);
    for (const w of want) {
      const e = edges.find((x) => x.from === w.from && x.to === w.to);
      assert.ok(e, `${w.from} -> ${w.to} is drawn`);
      assert.equal(e.bad, w.violation, `${w.from} -> ${w.to}`);
      if (w.violation) assert.equal(e.stroke, "rgb(221, 0, 0)");
      else assert.notEqual(e.stroke, "rgb(221, 0, 0)");
    }
    assert.ok(want.some((w) => w.violation));
    // The layers are drawn as bands.
    const bands = await page.evaluate(() => [...document.querySelectorAll("g.band")].map((b) => b.getAttribute("data-layer")));
    assert.deepEqual(bands, ["web", "domain", "data"]);
    await page.screenshot({ path: join(SHOTS, "graph-shop.png") });
  });

  await t.test("clicking a module lists its imports with file and line", async () => {
    await page.click('g.node[data-id="shop.catalog"]');
    const items = await page.evaluate(() =>
      [...document.querySelectorAll("#panel ul.imports li")].map((l) => ({ text: l.textContent, bad: l.classList.contains("bad") })),
    );
    assert.ok(
      items.some(
        (i) => i.bad && i.text.startsWith("shop.orders (violation): shop.orders.pricing._discount_table at src/shop/catalog/search.py:2"),
      ),
      JSON.stringify(items),
    );
    assert.ok(
      items.some((i) => !i.bad && /^shop\.db: shop\.db\.models\.Product at src\/shop\/catalog\/search\.py:1$/.test(i.text)),
      JSON.stringify(items),
    );
    const selected = await page.evaluate(() => [...document.querySelectorAll("g.node.sel")].map((n) => n.getAttribute("data-id")));
    assert.deepEqual(selected, ["shop.catalog"]);
    await page.screenshot({ path: join(SHOTS, "graph-shop-clicked.png") });
  });

  await t.test("the filter narrows the graph to the matching modules and their neighbours", async () => {
    const ids = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("g.node")].map((n) => ({ id: n.getAttribute("data-id")!, dim: n.classList.contains("dim") })),
      );
    const before = await ids();
    await page.type("#filter", "util");
    await page.waitForFunction(() => document.querySelectorAll("g.node").length < 5, { timeout: 10_000 });
    const after = await ids();
    assert.ok(after.length < before.length);
    assert.deepEqual(
      after.filter((n) => !n.dim).map((n) => n.id),
      ["shop.util"],
    );
    assert.ok(after.filter((n) => n.dim).every((n) => n.id !== "shop.util"));
    await page.click("#filter", { count: 3 });
    await page.keyboard.press("Backspace");
    await page.waitForFunction((n: number) => document.querySelectorAll("g.node").length === n, { timeout: 10_000 }, before.length);
  });

  await t.test("a generated 1,000-module graph is laid out and drawn", async () => {
    const g = generated(1000);
    const script = layoutScript();
    assert.ok(script !== null);
    writeFileSync(join(dir, "big.html"), renderGraphHtml(g, script));
    const big = await open(join(dir, "big.html"));
    const drawn = await big.evaluate(() => ({
      nodes: document.querySelectorAll("g.node").length,
      edges: document.querySelectorAll("path.edge").length,
      ms: window.quarryGraph.layoutMs,
    }));
    assert.equal(drawn.nodes, 1000);
    assert.equal(drawn.edges, g.edges.length);
    console.log(`1,000 modules, ${g.edges.length} edges: laid out and drawn in ${Math.round(drawn.ms)} ms`);
    // Fitted to the window, a box is a pixel or two tall: the click is dispatched on it directly.
    await big.$eval(`g.node[data-id="${g.nodes[500]!.id}"]`, (n) => n.dispatchEvent(new MouseEvent("click", { bubbles: true })));
    const items = await big.evaluate(() => document.querySelectorAll("#panel li").length);
    assert.ok(items > 0);
    await big.type("#filter", "pkg3.");
    await big.waitForFunction(() => document.querySelectorAll("g.node").length < 1000, { timeout: 30_000 });
    await big.screenshot({ path: join(SHOTS, "graph-1000-filtered.png") });
  });

  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(requests, [], "the pages fetch nothing");
});
