// The fix path behind engine.ts: always loaded in Node (Query.fix synchronous), loaded on first
// use by the browser build's engine-lazy.ts (a page awaits loadFixEngine() before fixing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { compileQuery } from "../../src/query/compile.js";
import { fixEngine, loadFixEngine } from "../../src/query/engine.js";
import * as lazy from "../../src/query/engine-lazy.js";
import { runFixes } from "../../src/query/fix-run.js";

test("engine.ts: the fix engine is there at once; Query.fix is synchronous", async () => {
  assert.equal(fixEngine(), runFixes);
  await loadFixEngine();
  const { tree } = parse("n = len(b)\n");
  const r = compileQuery({ rule: { pattern: "len($X)" }, fix: "$X.__len__()" }).fix(tree);
  assert.equal(r.text, "n = b.__len__()\n");
});

test("engine-lazy.ts: a clear error before loadFixEngine(), the same engine after", async () => {
  assert.throws(() => lazy.fixEngine(), /await loadFixEngine\(\) before Query\.fix/);
  const first = lazy.loadFixEngine();
  assert.equal(lazy.loadFixEngine(), first, "one load");
  await first;
  assert.equal(lazy.fixEngine(), runFixes);
  lazy.wantFixEngine();
});
