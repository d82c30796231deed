// `quarry json` end to end (the built CLI as a child process): stdout is the tree's toJSON() with a
// 2-space indent; syntax errors, standard input and unreadable files behave exactly as `quarry dump`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "../../src/parser/parse.js";
import { runCli } from "./helpers.js";
import { fixturesDir, listFixtures } from "../support/fixtures.js";

test("json FILE: stdout is JSON.stringify(tree.toJSON(), null, 2)", async () => {
  const ok = listFixtures("ok").filter((_, i) => i % 5 === 0);
  for (const f of ok) {
    const got = await runCli(["json", join(fixturesDir(), f.rel)]);
    const want = JSON.stringify(parse(f.bytes).tree.toJSON(), null, 2) + "\n";
    assert.deepEqual(got, { status: 0, stdout: want, stderr: "" }, f.rel);
  }
});

test("json: syntax errors, stdin, missing files and usage errors as dump", async () => {
  const err = listFixtures("err").filter((_, i) => i % 40 === 0);
  for (const f of err) {
    const path = join(fixturesDir(), f.rel);
    const [j, d] = [await runCli(["json", path]), await runCli(["dump", path])];
    assert.equal(j.status, 1, f.rel);
    assert.deepEqual(j, d, f.rel);
  }
  const enc = new TextEncoder();
  for (const src of ["x = = 1\n", "def f(:\n"])
    assert.deepEqual(await runCli(["json", "-"], enc.encode(src)), await runCli(["dump", "-"], enc.encode(src)));
  const ok = await runCli(["json", "-"], enc.encode("x = 1\n"));
  assert.equal(ok.status, 0);
  assert.deepEqual(JSON.parse(ok.stdout), parse(enc.encode("x = 1\n")).tree.toJSON());
  const dir = mkdtempSync(join(tmpdir(), "quarry-json-"));
  try {
    const missing = join(dir, "missing.py");
    assert.deepEqual(await runCli(["json", missing]), await runCli(["dump", missing]));
    assert.deepEqual(await runCli(["json", dir]), await runCli(["dump", dir]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal((await runCli(["json"])).status, 2);
  assert.equal((await runCli(["json", "a.py", "b.py"])).status, 2);
});

test("json: JSON text identical to JSON.stringify(toJSON(), null, 2), and deep trees print", async () => {
  const { stringifyIndented } = await import("../../src/cli/json.js");
  for (const f of listFixtures("ok")) {
    const v = parse(f.bytes).tree.toJSON();
    assert.equal(stringifyIndented(v), JSON.stringify(v, null, 2), f.rel);
  }
  assert.equal(
    stringifyIndented({ a: [], b: {}, c: [1, "x\n", null, true] }),
    JSON.stringify({ a: [], b: {}, c: [1, "x\n", null, true] }, null, 2),
  );
  // toJSON walks with an explicit stack: a 100,000-term chain (100,000 levels deep) materializes.
  const deep = "x = " + Array.from({ length: 100_000 }, () => "a").join(" + ") + "\n";
  const stmt = parse(deep).tree.toJSON().body[0]!;
  assert.equal(stmt._type, "Assign");
  let node = stmt._type === "Assign" ? stmt.value : stmt;
  let depth = 0;
  while (node._type === "BinOp") {
    node = node.left;
    depth++;
  }
  assert.equal(depth, 99_999);
  // The CLI writes in pieces (the indented text of a deep tree grows with the square of its depth).
  const src = "x = " + Array.from({ length: 500 }, () => "a").join(" + ") + "\n";
  const r = await runCli(["json", "-"], new TextEncoder().encode(src));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, JSON.stringify(parse(src).tree.toJSON(), null, 2) + "\n");
});
