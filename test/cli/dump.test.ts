// `quarry dump` end to end: runs `node bin/quarry.js dump ...` (the build) as a child process.
// ok fixtures with --include-attributes --indent 2: stdout equals CPython 3.14's ast.dump (Pyodide)
// (no options: dump-plain.test.ts); plus stdin, missing paths,
// directories, empty files, invalid UTF-8 and usage errors. Syntax errors: dump-errors.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { callPython } from "./python.js";
import { PY, checkOkFixtures, cpythonErrors, root, runCli } from "./helpers.js";

test("the CLI is built", () => {
  assert.ok(existsSync(join(root, "dist", "src", "cli", "main.js")), "dist/src/cli/main.js is missing: run npx tsc -p .");
});

test("ok fixtures, --include-attributes --indent 2: stdout equals ast.dump(tree, include_attributes=True, indent=2)", () =>
  checkOkFixtures(["--include-attributes", "--indent", "2"], (bytes) =>
    callPython<string>(
      PY,
      "dump_attr_indent",
      bytes.map((b) => ({ bytes: b })),
    ),
  ));

test("reads standard input for -, and reports errors as <stdin>", async () => {
  const ok = await runCli(["dump", "-"], new TextEncoder().encode("x = 1\n"));
  assert.deepEqual(ok, {
    status: 0,
    stdout: "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))])\n",
    stderr: "",
  });
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
    assert.deepEqual(await runCli(["dump", path, "--include-attributes", "--indent", "2"]), {
      status: 0,
      stdout: "Module()\n",
      stderr: "",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("invalid UTF-8: exit 1 with CPython's message", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-cli-"));
  try {
    const cases = [
      new Uint8Array([0x78, 0x20, 0x3d, 0x20, 0x27, 0xff, 0x27, 0x0a]),
      new Uint8Array([0x23, 0x20, 0xc3, 0x28, 0x0a, 0x78, 0x0a]),
    ];
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
