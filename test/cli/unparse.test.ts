// `quarry unparse` end to end (the built CLI as a child process): stdout is CPython 3.14's
// ast.unparse text plus a newline (print()), for files and standard input; syntax errors, missing
// files and usage errors fail as `quarry dump` does; a tree CPython refuses to unparse exits 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listFixtures } from "../support/fixtures.js";
import { stdlibFiles } from "../support/corpus.js";
import { askUnparse } from "../unparse/oracle.js";
import { cpythonErrors, fixtureArg, pool, runCli } from "./helpers.js";

const enc = new TextEncoder();

test("files: stdout is ast.unparse(ast.parse(source)) and a newline", async () => {
  // A sample of the ok fixtures (BOMs, coding cookies, CRLF, f-strings among them).
  const sample = listFixtures("ok").filter((_, i) => i % 6 === 0);
  const answers = await askUnparse(
    "cli",
    sample.map((f) => f.bytes),
  );
  const runs = await pool(sample, 2, (f) => runCli(["unparse", fixtureArg(f.rel)]));
  sample.forEach((f, i) => {
    const a = answers[i]!;
    assert.ok(a.parsed && "text" in a, f.rel);
    assert.deepEqual(runs[i], { status: 0, stdout: a.text + "\n", stderr: "" }, f.rel);
  });
});

test("standard input: `-`", async () => {
  const file = stdlibFiles().find((f) => f.name.endsWith("/string/__init__.py") || f.name === "string/__init__.py") ?? stdlibFiles()[0]!;
  const [a] = await askUnparse("cli-stdin", [file.bytes]);
  assert.ok(a!.parsed && "text" in a!);
  assert.deepEqual(await runCli(["unparse", "-"], file.bytes), { status: 0, stdout: a!.text + "\n", stderr: "" });
  assert.deepEqual(await runCli(["unparse", "-"], enc.encode("")), { status: 0, stdout: "\n", stderr: "" });
});

test("a syntax error: exit 1, CPython's rendering on stderr, as quarry dump", async () => {
  const src = enc.encode("def f(:\n    pass\n");
  const [want] = await cpythonErrors([{ bytes: src, filename: "<stdin>" }]);
  const run = await runCli(["unparse", "-"], src);
  assert.deepEqual(run, { status: 1, stdout: "", stderr: want!.stderr });
  assert.deepEqual(await runCli(["dump", "-"], src), run);
});

test("a tree CPython refuses to unparse (an int of more than 4300 digits): exit 1", async () => {
  const run = await runCli(["unparse", "-"], enc.encode("x = 0x" + "f".repeat(4000) + "\n"));
  assert.equal(run.status, 1);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^quarry: cannot unparse <stdin>: ValueError: Exceeds the limit \(4300 digits\)/);
});

test("missing files, directories and usage errors: exit 2", async () => {
  const missing = await runCli(["unparse", "no/such/file.py"]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no\/such\/file\.py: no such file/);
  const dir = mkdtempSync(join(tmpdir(), "quarry-unparse-"));
  try {
    writeFileSync(join(dir, "a.py"), "a\n");
    const isDir = await runCli(["unparse", dir]);
    assert.equal(isDir.status, 2);
    assert.match(isDir.stderr, /is a directory/);
    for (const args of [["unparse"], ["unparse", "--frobnicate", "a.py"], ["unparse", "a.py", "b.py"]]) {
      const r = await runCli(args, undefined, dir);
      assert.equal(r.status, 2, args.join(" "));
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /usage: quarry/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
