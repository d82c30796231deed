// `quarry dump --mode M` (and --feature-version 3.N) print what CPython's ast.dump(ast.parse(src,
// mode=..., feature_version=...)) prints, and reject a bad option value as a usage error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { askOracle, type OracleParseOptions } from "../support/oracle.js";
import { runCli } from "./helpers.js";

const enc = new TextEncoder();

const CASES: [string[], OracleParseOptions, string][] = [
  [["--mode", "eval"], { mode: "eval" }, "a + b * c\n"],
  [["--mode=single"], { mode: "single" }, "if x:\n  y = 1\n"],
  [["--mode", "func_type"], { mode: "func_type" }, "(int, *str) -> bool\n"],
  [["--mode", "exec"], { mode: "exec" }, "x = 1\n"],
  [["--feature-version", "3.8"], { featureVersion: 8 }, "if (n := 1): pass\n"],
  [["--feature-version=3.14", "--mode", "eval"], { mode: "eval", featureVersion: 14 }, "t'{x}'\n"],
];

test("quarry dump --mode prints CPython's ast.dump for that mode", async () => {
  for (const [args, opts, src] of CASES) {
    const [a] = await askOracle([enc.encode(src)], { parse: opts });
    assert.ok(a!.ok && a!.dump !== null);
    const r = await runCli(["dump", "--include-attributes", ...args, "-"], enc.encode(src));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, a!.dump + "\n", `${args.join(" ")}`);
  }
});

test("quarry dump --mode: errors are CPython's, bad values are usage errors", async () => {
  const r = await runCli(["dump", "--mode", "single", "-"], enc.encode("x\ny\n"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /SyntaxError: multiple statements found while compiling a single statement/);
  for (const bad of [["--mode", "file"], ["--mode"]]) {
    const u = await runCli(["dump", ...bad, "-"], enc.encode("x\n"));
    assert.equal(u.status, 2, bad.join(" "));
    assert.match(u.stderr, /--mode takes exec, eval, single or func_type/);
  }
});

test("quarry dump --feature-version: CPython's version error, bad values are usage errors", async () => {
  const r = await runCli(["dump", "--feature-version", "3.7", "-"], enc.encode("x = 1\nif (n := 1): pass\n"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 2\n[\s\S]*SyntaxError: Assignment expressions are only supported in Python 3\.8 and greater/);
  for (const bad of [["--feature-version", "2.7"], ["--feature-version", "3"], ["--feature-version"], ["--feature-version=3.x"]]) {
    const u = await runCli(["dump", ...bad, "-"], enc.encode("x\n"));
    assert.equal(u.status, 2, bad.join(" "));
    assert.match(u.stderr, /--feature-version takes 3\.N/);
  }
});

test("quarry dump --show-empty --no-annotate-fields prints ast.dump(annotate_fields=False, show_empty=True)", async () => {
  // CPython 3.14: ast.dump(ast.parse("class C: pass\n"), annotate_fields=False, show_empty=True)
  const r = await runCli(["dump", "--show-empty", "--no-annotate-fields", "-"], enc.encode("class C: pass\n"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "Module([ClassDef('C', [], [], [Pass()], [], [])], [])\n");
});
