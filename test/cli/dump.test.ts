// `quarry dump` end to end: runs `node bin/quarry.js dump ...` (the build) as a child process.
// ok fixtures: stdout equals CPython 3.14's ast.dump (Pyodide); plus stdin, missing paths,
// directories, empty files, invalid UTF-8 and usage errors. Syntax errors: dump-errors.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { askOracle } from "../support/oracle.js";
import { listFixtures } from "../support/fixtures.js";
import { firstDifference } from "../support/quarry.js";
import { callPython } from "./python.js";
import { PY, cpythonErrors, fixtureArg, pool, root, runCli } from "./helpers.js";


test("the CLI is built", () => {
  assert.ok(existsSync(join(root, "dist", "src", "cli", "main.js")), "dist/src/cli/main.js is missing: run npx tsc -p .");
});

/** Runs `quarry dump FIXTURE ...options` on every ok fixture and compares stdout with `expected`. */
async function checkOkFixtures(options: readonly string[], expected: (bytes: Uint8Array[]) => Promise<(string | undefined)[]>): Promise<void> {
  const ok = listFixtures("ok");
  assert.ok(ok.length > 0);
  const dumps = await expected(ok.map((f) => f.bytes));
  const runs = await pool(ok, 2, (f) => runCli(["dump", fixtureArg(f.rel), ...options]));
  const bad: string[] = [];
  ok.forEach((f, i) => {
    const dump = dumps[i];
    const run = runs[i]!;
    if (dump === undefined) bad.push(`${f.rel}: no CPython dump`);
    else if (run.status !== 0 || run.stderr !== "") bad.push(`${f.rel}: exit ${run.status}, stderr ${JSON.stringify(run.stderr.slice(0, 300))}`);
    else if (run.stdout !== dump + "\n") bad.push(`${f.rel}: ${firstDifference(dump + "\n", run.stdout)}`);
  });
  assert.deepEqual(bad, [], `${bad.length}/${ok.length} mismatch(es):\n${bad.join("\n")}`);
}

test("ok fixtures, --include-attributes --indent 2: stdout equals ast.dump(tree, include_attributes=True, indent=2)", () =>
  checkOkFixtures(["--include-attributes", "--indent", "2"], (bytes) => callPython<string>(PY, "dump_attr_indent", bytes.map((b) => ({ bytes: b })))));

test("ok fixtures, no options: stdout equals ast.dump(tree)", () =>
  checkOkFixtures([], async (bytes) => (await askOracle(bytes, { variants: true })).map((a) => (a.ok ? a.dumpPlain : undefined))));

test("reads standard input for -, and reports errors as <stdin>", async () => {
  const ok = await runCli(["dump", "-"], new TextEncoder().encode("x = 1\n"));
  assert.deepEqual(ok, { status: 0, stdout: "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))])\n", stderr: "" });
  const src = new TextEncoder().encode("x = = 1\n");
  const [want] = await cpythonErrors([{ bytes: src, filename: "<stdin>" }]);
  const bad = await runCli(["dump", "-"], src);
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, "");
  assert.equal(bad.stderr, want!.stderr);
});

test("an empty file prints Module()", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-cli-"));
  try {
    const path = join(dir, "empty.py");
    writeFileSync(path, "");
    assert.deepEqual(await runCli(["dump", path]), { status: 0, stdout: "Module()\n", stderr: "" });
    assert.deepEqual(await runCli(["dump", path, "--include-attributes", "--indent", "2"]), { status: 0, stdout: "Module()\n", stderr: "" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("invalid UTF-8: exit 1 with CPython's message", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-cli-"));
  try {
    const cases = [new Uint8Array([0x78, 0x20, 0x3d, 0x20, 0x27, 0xff, 0x27, 0x0a]), new Uint8Array([0x23, 0x20, 0xc3, 0x28, 0x0a, 0x78, 0x0a])];
    for (const [i, bytes] of cases.entries()) {
      const path = join(dir, `bad${i}.py`);
      writeFileSync(path, bytes);
      const [want] = await cpythonErrors([{ bytes, filename: basename(path) }]);
      assert.equal(want!.ok, false);
      const got = await runCli(["dump", basename(path)], undefined, dir);
      assert.equal(got.status, 1);
      assert.equal(got.stdout, "");
      assert.equal(got.stderr, want!.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a missing path or a directory: exit 2 and a message naming the path", async () => {
  const missing = await runCli(["dump", "no/such/file.py"]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, "");
  assert.match(missing.stderr, /no\/such\/file\.py/);
  assert.match(missing.stderr, /no such file/i);
  const dir = await runCli(["dump", "test"]);
  assert.equal(dir.status, 2);
  assert.equal(dir.stdout, "");
  assert.match(dir.stderr, /\btest\b.*directory/);
});

test("usage errors: exit 2 with the usage text", async () => {
  for (const args of [
    ["dump", "--frobnicate", "x.py"],
    ["dump", "x.py", "--indent"],
    ["dump", "x.py", "--indent", "two"],
    ["dump", "x.py", "--indent=-1"],
    ["dump"],
    ["dump", "a.py", "b.py"],
    ["frobnicate"],
  ]) {
    const r = await runCli(args);
    assert.equal(r.status, 2, `${args.join(" ")}: exit ${r.status}`);
    assert.equal(r.stdout, "", args.join(" "));
    assert.match(r.stderr, /usage: quarry/, args.join(" "));
  }
  const unknown = await runCli(["dump", "--frobnicate", "x.py"]);
  assert.match(unknown.stderr, /--frobnicate/);
  const indent = await runCli(["dump", "x.py", "--indent", "two"]);
  assert.match(indent.stderr, /--indent/);
});

