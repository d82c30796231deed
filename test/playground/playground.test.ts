// The playground in a real browser (Debian's chromium through puppeteer-core): build and serve it,
// type a program and check the AST and dump panes against quarry and CPython in Node, click a node
// and check the editor's selection, type a syntax error and check CPython's message, reload from
// a shared link, reload offline, and time re-parsing a 2,000-line file as the page measures it.
// Any console error fails the test. Screenshots go to test/playground/.screenshots/ (git-ignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { walkPreorder } from "../../src/ast/walk.js";
import { KINDS } from "../../src/schema/generated/nodes.js";
import { formatSyntaxError } from "../../src/render/syntax-error.js";
import { tokenize } from "../../src/tokenizer/stream.js";
import { reprStr } from "../../src/ast/repr.js";
import { askOracleText } from "../support/oracle.js";
import { repoRoot, stdlibFiles } from "../support/corpus.js";
import { browserOrSkip, buildAndServe } from "./browser.js";

const SHOTS = join(repoRoot(), "test", "playground", ".screenshots");

// The page's test hook (playground/src/main.ts), as seen from page.evaluate.
interface Hook {
  view: { state: { doc: { toString(): string; length: number } }; dispatch(spec: unknown): void; focus(): void };
  treePane: { rowsText(): string[]; expandAll(): void; selected: number };
  perf: { reset(): void; median(name: string): number | null };
  state(): { source: string; query: string; panes: string[]; dumpAttributes: boolean; dumpIndent: boolean };
  idle(): boolean;
  selection(): { from: number; to: number };
  errorText(): string;
  dumpText(): string;
}
declare const window: { quarryPlayground: Hook };
declare const document: { getElementById(id: string): { textContent: string } | null; querySelectorAll(s: string): { length: number } };

// One line per statement, none indented: the editor's auto-indent and bracket closing then leave
// the text exactly as typed. Non-ASCII on one line checks UTF-16 columns end to end.
const PROGRAM = [
  "import os",
  "xs = [i * 2 for i in range(10) if i % 3]",
  "def f(a, *b, c=1): return a + len(b)",
  's = "héllo 😀"; t = s',
  'print(f"{xs!r:>10}", f(1, 2, c=3), os.sep)',
];

async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.quarryPlayground?.idle(), { timeout: 10_000 });
}

// Replaces the editor's text by typing it key by key (Escape closes any completion popup before Enter).
async function typeProgram(page: Page, lines: readonly string[]): Promise<void> {
  await page.click(".cm-content");
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  for (let i = 0; i < lines.length; i++) {
    await page.keyboard.type(lines[i]!);
    await page.keyboard.press("Escape");
    if (i < lines.length - 1) await page.keyboard.press("Enter");
  }
  await waitIdle(page);
}

async function setPanes(page: Page, panes: readonly string[]): Promise<void> {
  for (const p of ["tree", "dump", "tokens", "query"]) {
    const on = await page.$eval(`#pane-toggles input[data-pane="${p}"]`, (el) => (el as unknown as { checked: boolean }).checked);
    if (on !== panes.includes(p)) await page.click(`#pane-toggles input[data-pane="${p}"]`);
  }
  await waitIdle(page);
}

// A 2,000-line stretch of a stdlib file that parses on its own.
function twoThousandLines(): string {
  for (const f of stdlibFiles()) {
    const lines = new TextDecoder().decode(f.bytes).split("\n");
    if (lines.length < 2100) continue;
    for (let n = 2000; n > 1900; n--) {
      const text = lines.slice(0, n).join("\n") + "\n";
      if (parse(text).error === null && n === 2000) return text;
    }
  }
  throw new Error("no stdlib file has 2,000 lines that parse alone");
}

test("the playground in a real browser", { timeout: 120_000 }, async (t) => {
  const browserPath = browserOrSkip(t, "playground browser tests");
  if (browserPath === null) return;
  const puppeteer = (await import("puppeteer-core")).default;
  const { url, server, outdir } = await buildAndServe();
  const profile = mkdtempSync(join(tmpdir(), "quarry-chromium-"));
  mkdirSync(SHOTS, { recursive: true });
  let browser: Browser | undefined;
  t.after(async () => {
    await browser?.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  });
  browser = await puppeteer.launch({
    executablePath: browserPath,
    headless: true,
    userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const consoleErrors: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${m.text()} (${m.location().url ?? ""})`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`page error: ${(e as Error).message}`));
  };
  const page = await browser.newPage();
  watch(page);
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url);
  await waitIdle(page);
  const source = PROGRAM.join("\n");

  await t.test("typing a program: the AST pane and the dump equal quarry's and CPython's", async () => {
    await setPanes(page, ["tree", "dump"]);
    await typeProgram(page, PROGRAM);
    const doc = await page.evaluate(() => window.quarryPlayground.view.state.doc.toString());
    assert.equal(doc, source, "the editor holds what was typed");
    const { tree, error } = parse(source);
    assert.equal(error, null);
    // The dump pane, with indent=2 (the default), then with attributes and no indent.
    const shown = await page.evaluate(() => window.quarryPlayground.dumpText());
    assert.equal(shown, dump(tree, { indent: 2 }));
    const cpython = await askOracleText(source, { variants: true });
    assert.ok(cpython.ok);
    assert.equal(shown, cpython.dumpIndent);
    await page.click("#dump-indent");
    await page.click("#dump-attrs");
    await waitIdle(page);
    const withAttrs = await page.evaluate(() => window.quarryPlayground.dumpText());
    assert.equal(withAttrs, cpython.dump);
    // The pane draws the visible part, wrapped at its width: the rows joined give the text's start.
    const drawnDump = await page.$$eval("#dump .row", (els) => els.map((el) => el.textContent!).join(""));
    assert.ok(drawnDump.length > 200 && withAttrs.startsWith(drawnDump), drawnDump.slice(0, 200));
    // The tree pane, fully expanded: one row per node, in preorder, at the node's depth.
    await page.click("#tree-expand");
    const rows = await page.evaluate(() => window.quarryPlayground.treePane.rowsText());
    const expected: string[] = [];
    walkPreorder(tree, (id, depth) => {
      expected.push(`${depth} ${KINDS[tree.kind[id]!]!.name}`);
    });
    const got = rows.map((r) => {
      const depth = (r.length - r.trimStart().length) / 2;
      const m = /^(?:\w+(?:\[\d+\])?: )?(\w+)/.exec(r.trimStart())!;
      return `${depth} ${m[1]}`;
    });
    assert.deepEqual(got, expected);
    // The rows in the DOM are the ones on screen, drawn from the same labels.
    const drawn = await page.$$eval("#tree .row", (els) =>
      els.map((el) => [Number((el as unknown as { dataset: { index: string } }).dataset.index), el.textContent!] as const),
    );
    assert.ok(drawn.length > 10 && drawn.length < rows.length, `${drawn.length} of ${rows.length} rows drawn`);
    for (const [i, text] of drawn) assert.equal(text.replace(/^[▾▸]/, ""), rows[i]!.trim());
    await page.screenshot({ path: join(SHOTS, "1-typed.png") });
  });

  await t.test("the page runs under a CSP that refuses inline scripts (and eval)", async () => {
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (el) => el.getAttribute("content"));
    assert.match(csp ?? "", /(^|; )script-src 'self'(;|$)/);
    const before = consoleErrors.length;
    // An inline script inserted into the page must not run (DevTools' own evaluation bypasses the
    // CSP, so the check goes through the DOM, as an injected script would).
    const result = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const g = globalThis as unknown as {
            inlineRan?: boolean;
            document: {
              addEventListener(t: string, f: (e: { violatedDirective: string }) => void): void;
              createElement(t: string): { textContent: string };
              head: { append(n: unknown): void };
            };
          };
          g.document.addEventListener("securitypolicyviolation", (e) => resolve(`refused by ${e.violatedDirective}`));
          const script = g.document.createElement("script");
          script.textContent = "globalThis.inlineRan = true";
          g.document.head.append(script);
          setTimeout(() => resolve(g.inlineRan === true ? "ran" : "not run"), 1000);
        }),
    );
    assert.match(result, /^refused by script-src/);
    // Chromium logs the refusal it was asked for; only that one is expected.
    const extra = consoleErrors.splice(before);
    assert.ok(
      extra.every((m) => /Content Security Policy/.test(m)),
      extra.join("\n"),
    );
  });

  await t.test("clicking a node selects its source; moving the cursor reveals the innermost node", async () => {
    // `t` after the emoji: its UTF-16 column differs from CPython's byte column.
    const line = 's = "héllo 😀"; t = s';
    const lineStart = source.indexOf(line);
    const at = lineStart + line.indexOf("t = s");
    const index = await page.evaluate(() =>
      window.quarryPlayground.treePane.rowsText().findIndex((r) => /Name id='t' ctx=Store\(\)/.test(r)),
    );
    assert.ok(index >= 0, "the tree pane has a row for Name t");
    await page.$eval(
      "#tree",
      (el, i) => {
        (el as unknown as { scrollTop: number }).scrollTop = Math.max(0, i * 20 - 100);
      },
      index,
    );
    await page.click(`#tree .row[data-index="${index}"] .kind`);
    assert.deepEqual(await page.evaluate(() => window.quarryPlayground.selection()), { from: at, to: at + 1 });
    await page.screenshot({ path: join(SHOTS, "2-clicked.png") });
    // The cursor inside `range` in line 2: the pane selects Name range.
    const pos = source.indexOf("range") + 2;
    await page.evaluate((p) => window.quarryPlayground.view.dispatch({ selection: { anchor: p } }), pos);
    const selectedRow = await page.$eval("#tree .row.selected", (el) => el.textContent);
    assert.match(selectedRow!, /func: Name id='range' ctx=Load\(\)/);
    // Hovering a row highlights its node's source in the editor.
    await page.hover("#tree .row.selected .kind");
    assert.equal(await page.$eval(".cm-node-hover", (el) => el.textContent), "range");
    // Keys: down moves to the next row (the call's argument), Enter selects its source.
    await page.focus("#tree");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const arg = source.indexOf("range(10)") + "range(".length;
    assert.deepEqual(await page.evaluate(() => window.quarryPlayground.selection()), { from: arg, to: arg + 2 });
  });

  await t.test("a syntax error shows CPython's message with its caret, and is marked in the editor", async () => {
    await typeProgram(page, ["x = 1", "if x = 1: pass"]);
    const doc = await page.evaluate(() => window.quarryPlayground.view.state.doc.toString());
    const { error } = parse(doc);
    assert.ok(error !== null);
    const cpython = await askOracleText(doc);
    assert.ok(!cpython.ok);
    assert.deepEqual([error.cls, error.msg, error.lineno, error.offset], [cpython.cls, cpython.msg, cpython.lineno, cpython.offset]);
    const text = await page.evaluate(() => window.quarryPlayground.errorText());
    assert.equal(text + "\n", formatSyntaxError(error, "<unknown>", new TextEncoder().encode(doc)));
    assert.ok(text.endsWith(`\n${cpython.cls}: ${cpython.msg}`), text);
    assert.match(text, /\n +\^+\n/, "a caret line");
    await page.waitForSelector(".cm-lintRange-error");
    await page.screenshot({ path: join(SHOTS, "3-error.png") });
  });

  await t.test("a shared link reproduces the state", async () => {
    await typeProgram(page, PROGRAM);
    await setPanes(page, ["tree", "dump", "tokens", "query"]);
    await page.type("#query", "len($X)");
    await waitIdle(page);
    const before = await page.evaluate(() => window.quarryPlayground.state());
    const link = page.url();
    assert.match(link, /#v1\./);
    const other = await browser!.newPage();
    watch(other);
    await other.setViewport({ width: 1280, height: 800 });
    await other.goto(link);
    await waitIdle(other);
    assert.deepEqual(await other.evaluate(() => window.quarryPlayground.state()), before);
    assert.equal(
      await other.evaluate(() => window.quarryPlayground.dumpText()),
      await page.evaluate(() => window.quarryPlayground.dumpText()),
    );
    assert.equal(await other.$eval("#query-status", (el) => el.textContent), "1 match");
    assert.equal(await other.$eval("#query-results", (el) => el.textContent), "3:30 len(b)$X=b");
    // The token pane: Python's tokenize stream, as quarry's tokenize computes it in Node.
    const tokenRows = await other.$$eval("#tokens .row", (els) => els.map((el) => el.textContent!));
    const stream = tokenize(source);
    assert.ok(tokenRows.length > 10, "the token pane shows tokens");
    tokenRows.forEach((row, i) => {
      const [sl, sc] = stream.startPos(i);
      const [el, ec] = stream.endPos(i);
      assert.equal(row, `${sl},${sc}-${el},${ec}:${stream.exactTypeName(i)}${reprStr(stream.string(i))}`);
    });
    await other.screenshot({ path: join(SHOTS, "4-shared.png") });
    // A link pasted into a tab that is already open replaces its state too.
    await other.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = "";
    });
    await typeProgram(other, ["y = 2"]);
    await setPanes(other, ["dump"]);
    await other.evaluate((hash) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
    }, new URL(link).hash);
    await other.waitForFunction((src) => window.quarryPlayground.view.state.doc.toString() === src, {}, source);
    await waitIdle(other);
    assert.deepEqual(await other.evaluate(() => window.quarryPlayground.state()), before);
    await other.close();
  });

  await t.test("the query pane lists matches, selects one on click, and shows a rule's rewrite", async () => {
    const rule = "rule:\n  pattern: len($X)\nfix: $X.__len__()\n";
    await page.$eval(
      "#query",
      (el, text) => {
        const box = el as unknown as { value: string; dispatchEvent(e: unknown): void };
        box.value = text;
        box.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event("input"));
      },
      rule,
    );
    await waitIdle(page);
    assert.equal(await page.$eval("#query-status", (el) => el.textContent), "1 match");
    assert.equal(await page.$eval("#query-results .bindings", (el) => el.textContent), "$X=b");
    // The match is highlighted in the editor, over exactly its source.
    assert.deepEqual(await page.$$eval(".cm-query-match", (els) => els.map((e) => e.textContent)), ["len(b)"]);
    assert.equal(await page.$eval("#rewrite-diff", (el) => el.textContent), "@@ line 3\n- len(b)\n+ b.__len__()");
    await page.click("#query-results .match");
    const at = source.indexOf("len(b)");
    assert.deepEqual(await page.evaluate(() => window.quarryPlayground.selection()), { from: at, to: at + "len(b)".length });
    await page.screenshot({ path: join(SHOTS, "5-query.png") });
    await page.$eval("#query", (el) => {
      const box = el as unknown as { value: string; dispatchEvent(e: unknown): void };
      box.value = "len($X";
      box.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event("input"));
    });
    assert.match(await page.$eval("#query-status", (el) => el.textContent), /^Q3\d{3} /, "a query error shows its code");
  });

  await t.test("a damaged link opens the default program instead", async () => {
    const other = await browser!.newPage();
    watch(other);
    await other.goto(`${url}?debug#v1.not-deflate-data`);
    await waitIdle(other);
    const st = await other.evaluate(() => window.quarryPlayground.state());
    assert.match(st.source, /^import math\n/);
    assert.deepEqual(st.panes, ["tree"]);
    assert.match(await other.$eval("#perf", (el) => el.textContent), /^parse [\d.]+ ms/, "?debug shows the timing line");
    await other.close();
  });

  await t.test("works offline once loaded (service worker)", async () => {
    await page.evaluate(async () => {
      await (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<unknown> } } }).navigator.serviceWorker.ready;
    });
    // Wait for the worker to control the page (it claims clients on activation).
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null,
    );
    await page.setOfflineMode(true);
    try {
      await page.reload();
      await waitIdle(page);
      assert.equal(await page.evaluate(() => window.quarryPlayground.view.state.doc.toString()), source);
      assert.ok((await page.evaluate(() => window.quarryPlayground.treePane.rowsText())).length > 10);
    } finally {
      await page.setOfflineMode(false);
    }
  });

  await t.test("speed the page reports: parse + tree-pane update per keystroke on a 2,000-line file", async () => {
    await setPanes(page, ["tree", "query"]);
    await page.$eval("#query", (el) => {
      const box = el as unknown as { value: string; dispatchEvent(e: unknown): void };
      box.value = "len($X)";
      box.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event("input"));
    });
    const big = twoThousandLines();
    await page.evaluate((text) => {
      const v = window.quarryPlayground.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, selection: { anchor: text.length } });
    }, big);
    await waitIdle(page);
    await page.evaluate(() => window.quarryPlayground.perf.reset());
    await page.focus(".cm-content");
    for (const line of ["value = compute(alpha, beta)", "other = value + 1"]) {
      await page.keyboard.type(line);
      await page.keyboard.press("Escape");
      await page.keyboard.press("Enter");
    }
    await waitIdle(page);
    const perf = await page.$eval("#perf", (el) => ({ ...(el as unknown as { dataset: Record<string, string> }).dataset }));
    const n = Number(perf.parseTreeN);
    assert.ok(n >= 40, `${n} re-parses timed`);
    console.log(
      `playground speed, 2,000-line file (${big.length} chars), median of ${n} keystrokes: parse ${perf.parse} ms, tree pane ${perf.tree} ms, parse + tree ${perf.parseTree} ms (target < 16 ms); query len($X) ${perf.query} ms (target < 5 ms)`,
    );
    const expandMs = await page.evaluate(() => {
      const t0 = performance.now();
      window.quarryPlayground.treePane.expandAll();
      return performance.now() - t0;
    });
    const rows = await page.evaluate(() => window.quarryPlayground.treePane.rowsText().length);
    console.log(`playground: expanding all ${rows} rows of the 2,000-line file took ${expandMs.toFixed(1)} ms`);
    await page.screenshot({ path: join(SHOTS, "6-large.png") });
  });

  assert.deepEqual(consoleErrors, [], "console errors");
});
