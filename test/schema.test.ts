// The committed node schema and typed API (src/schema/generated/*.ts, src/ast/generated/*.ts) must
// be exactly what scripts/gen-schema.mjs generates from CPython 3.14's `ast` module (Pyodide).
// Fix: npm run gen:schema.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./support/corpus.js";

const GENERATED = [
  "src/schema/generated/nodes.ts",
  "src/schema/generated/plain.ts",
  "src/schema/generated/visitor-keys.ts",
  "src/ast/generated/view-types.ts",
  "src/ast/generated/views.ts",
  "src/ast/generated/constructors.ts",
];

test("every generated file of the schema and the typed API matches CPython 3.14's ast module (gen-schema --check)", () => {
  const root = repoRoot();
  const r = spawnSync(process.execPath, [join(root, "scripts", "gen-schema.mjs"), "--check"], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `gen-schema --check failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, new RegExp(`schema up to date \\(${GENERATED.length} files\\)`));
  // The generator writes exactly these files, and these folders hold nothing else.
  for (const dir of ["src/schema/generated", "src/ast/generated"]) {
    const present = readdirSync(join(root, dir))
      .map((f) => `${dir}/${f}`)
      .sort();
    assert.deepEqual(present, GENERATED.filter((g) => g.startsWith(dir + "/")).sort(), dir);
  }
});

test("the generated schema says it is for CPython 3.14", async () => {
  const url = new URL("../src/schema/generated/nodes.js", import.meta.url).href;
  const mod = (await import(url)) as { PYTHON_VERSION: string; KIND_NAMES: readonly string[] };
  assert.match(mod.PYTHON_VERSION, /^3\.14\./);
  for (const name of ["Module", "FunctionDef", "TemplateStr", "Interpolation", "MatchAs", "TypeAlias"]) {
    assert.ok(mod.KIND_NAMES.includes(name), `${name} missing from KIND_NAMES`);
  }
});
