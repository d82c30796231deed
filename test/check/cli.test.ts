// `quarry check` and `quarry graph` through the real command line (bin/quarry.js -> src/cli/main.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";

const bin = join(repoRoot(), "bin", "quarry.js");
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot(), encoding: "utf8" });

test("quarry check examples/shop: reports the example's violations and exits 1", () => {
  const r = run(["check", "examples/shop", "--no-cache"]);
  assert.equal(r.status, 1, r.stderr);
  const out = r.stdout + r.stderr;
  assert.match(out, /\[FAIL\] src\/shop\/orders\/checkout\.py:1: Cannot use 'shop\.catalog\.search\.find'\. Module 'shop\.orders' cannot depend on 'shop\.catalog'\./);
  assert.match(out, /Contracts: 1 kept, 1 broken\./);
});

test("quarry check on a missing path is a usage/config error, not a crash", () => {
  const r = run(["check", "no/such/dir", "--no-cache"]);
  assert.ok(r.status === 1 || r.status === 2, `exit ${r.status}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error/);
});

test("quarry graph examples/shop --format mermaid marks the violating edges", () => {
  const r = run(["graph", "examples/shop", "--format", "mermaid", "--no-cache"]);
  assert.equal(r.status === null ? -1 : r.status <= 1 ? 0 : r.status, 0, r.stderr);
  assert.match(r.stdout, /graph|flowchart/);
  assert.match(r.stdout, /shop\.orders/);
});
