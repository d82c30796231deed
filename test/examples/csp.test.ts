// The csp example (examples/csp/): the four transforms written with quarry's transformer produce a
// module that, driven tick by tick under python3, emits exactly what the original nodes emit under
// a reference runtime that runs them as written (test/examples/csp_runtime.py). Skipped, with the
// reason printed, only where python3 is absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { transformSource } from "../../examples/csp/transform.js";
import { parse, unparse } from "../../src/index.js";

const root = repoRoot();
const nodes = join(root, "examples", "csp", "nodes.py");
const runtime = join(root, "test", "examples", "csp_runtime.py");
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const skip = python.error !== undefined || python.status !== 0 ? "python3 is not installed" : false;

function run(mode: "reference" | "transformed", file: string): Record<string, [number, unknown[]][]> {
  const r = spawnSync("python3", [runtime, mode, file], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 0, `${mode} runtime failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, [number, unknown[]][]>;
}

test("csp transforms: the generated module is valid Python with the four rewrites in place", () => {
  const out = transformSource(readFileSync(nodes));
  const { error } = parse(out);
  assert.equal(error, null);
  assert.ok(!out.includes("csp."), "every csp.* call is rewritten");
  assert.ok(!/^import csp/m.test(out), "import csp is dropped");
  assert.match(
    out,
    /def running_sum\(x\):\n {4}x = \('input_var', 0\)\n {4}s_total = 0\n {4}while True:\n {8}yield\n {8}if \+x:\n {12}s_total \+= x\n {12}out \+ s_total\n/,
  );
  assert.match(out, /if \+bid and \+ask:/);
  assert.match(out, /if \+fast or \+slow:/);
  // Transforming is deterministic, and the printed module is unparse's fixed point.
  assert.equal(transformSource(readFileSync(nodes)), out);
  assert.equal(unparse(parse(out).tree) + "\n", out);
});

test("csp transforms: the transformed nodes emit what the originals emit, tick for tick", { skip }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-csp-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "transformed.py");
  writeFileSync(file, transformSource(readFileSync(nodes)));
  const want = run("reference", nodes);
  const got = run("transformed", file);
  assert.deepEqual(Object.keys(got).sort(), ["crossings", "ema", "running_sum", "spread"]);
  for (const [name, rows] of Object.entries(want)) assert.ok(rows.length > 10, `${name} emits on several ticks`);
  assert.deepEqual(got, want);
  t.diagnostic(
    `csp: ${Object.values(want).reduce((n, r) => n + r.length, 0)} output ticks identical across ${Object.keys(want).length} nodes`,
  );
});
