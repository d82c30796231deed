// `quarry dump` end to end: runs `node bin/quarry.js dump ...` (the build) as a child process and
// compares stdout/stderr with CPython 3.14 in Pyodide. A syntax error must print exactly what
// `"".join(traceback.format_exception_only(e))` gives for the SyntaxError that
// `compile(source_bytes, filename, "exec", ast.PyCF_ONLY_AST)` raises with the filename the CLI
// was given (PyCF_ONLY_AST: `quarry dump` is ast.parse, and the err fixtures fail in the parser,
// before any compile-only check could run).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { askOracle } from "../support/oracle.js";
import { listFixtures } from "../support/fixtures.js";
import { firstDifference } from "../support/quarry.js";
import { callPython } from "./python.js";

const root = repoRoot();
const BIN = join(root, "bin", "quarry.js");
/** Every ERR_STRIDE-th err fixture (sorted by path) is run through the CLI. */
const ERR_STRIDE = 10;
const MIN_ERR_SAMPLE = 60;

const PY = `
import ast, json, traceback, warnings

def cli_error(js_bytes, filename):
    src = js_bytes.to_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(src, filename, "exec", ast.PyCF_ONLY_AST)
    except BaseException as e:
        return json.dumps({"ok": False, "stderr": "".join(traceback.format_exception_only(e))})
    return json.dumps({"ok": True, "stderr": ""})

def dump_attr_indent(js_bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(js_bytes.to_bytes())
    return json.dumps(ast.dump(tree, include_attributes=True, indent=2))
`;

interface CpythonError { ok: boolean; stderr: string }

/** What CPython prints for `source` compiled under `filename` (ok: false when it raises). */
function cpythonErrors(calls: { bytes: Uint8Array; filename: string }[]): Promise<CpythonError[]> {
  return callPython<CpythonError>(PY, "cli_error", calls.map((c) => ({ bytes: c.bytes, args: [c.filename] })));
}

interface Run { status: number | null; stdout: string; stderr: string }

/** Runs the CLI with a 30 s guard; `input` is written to its stdin. */
function runCli(args: readonly string[], input?: Uint8Array): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, stdio: ["pipe", "pipe", "pipe"], timeout: 30_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    child.stdin.on("error", () => {}); // the CLI may exit before reading stdin
    child.stdin.end(input ?? new Uint8Array(0));
  });
}

/** Runs jobs with at most `limit` at a time (the machine has 2 cores). */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

const fixtureArg = (rel: string) => `test/parser/fixtures/${rel}`;

test("the CLI is built", () => {
  assert.ok(existsSync(join(root, "dist", "src", "cli", "main.js")), "dist/src/cli/main.js is missing: run npx tsc -p .");
});

test("ok fixtures: stdout equals ast.dump (include_attributes=True, indent=2) and ast.dump()", async () => {
  const ok = listFixtures("ok");
  assert.ok(ok.length > 0);
  const plain = await askOracle(ok.map((f) => f.bytes), { variants: true });
  const attrIndent = await callPython<string>(PY, "dump_attr_indent", ok.map((f) => ({ bytes: f.bytes })));
  const runs = await pool(ok, 2, async (f) => [
    await runCli(["dump", fixtureArg(f.rel), "--include-attributes", "--indent", "2"]),
    await runCli(["dump", fixtureArg(f.rel)]),
  ] as const);
  const bad: string[] = [];
  ok.forEach((f, i) => {
    const a = plain[i]!;
    const [withAttrs, noOpts] = runs[i]!;
    const expected: [string, Run, string | undefined][] = [
      ["--include-attributes --indent 2", withAttrs, attrIndent[i]],
      ["no options", noOpts, a.ok ? a.dumpPlain : undefined],
    ];
    for (const [name, run, dump] of expected) {
      if (dump === undefined) { bad.push(`${f.rel} (${name}): no CPython dump`); continue; }
      if (run.status !== 0 || run.stderr !== "") bad.push(`${f.rel} (${name}): exit ${run.status}, stderr ${JSON.stringify(run.stderr.slice(0, 300))}`);
      else if (run.stdout !== dump + "\n") bad.push(`${f.rel} (${name}): ${firstDifference(dump + "\n", run.stdout)}`);
    }
  });
  assert.deepEqual(bad, [], `${bad.length} mismatch(es):\n${bad.join("\n")}`);
});

test(`err fixtures (every ${ERR_STRIDE}th): exit 1 and stderr exactly as CPython's traceback prints the SyntaxError`, async () => {
  const sample = listFixtures("err").filter((_, i) => i % ERR_STRIDE === 0);
  assert.ok(sample.length >= MIN_ERR_SAMPLE, `only ${sample.length} err fixtures sampled`);
  const expected = await cpythonErrors(sample.map((f) => ({ bytes: f.bytes, filename: fixtureArg(f.rel) })));
  const runs = await pool(sample, 2, (f) => runCli(["dump", fixtureArg(f.rel)]));
  const bad: string[] = [];
  sample.forEach((f, i) => {
    const want = expected[i]!;
    const got = runs[i]!;
    if (want.ok) bad.push(`${f.rel}: CPython compiles it`);
    else if (got.status !== 1 || got.stdout !== "" || got.stderr !== want.stderr) {
      bad.push(`${f.rel}: exit ${got.status}\n--- cpython\n${want.stderr}--- quarry\n${got.stderr}${got.stdout ? `--- stdout\n${got.stdout.slice(0, 200)}\n` : ""}`);
    }
  });
  assert.deepEqual(bad, [], `${bad.length}/${sample.length} differ:\n${bad.join("\n")}`);
});

/** Hand-written sources for error shapes the fixtures may miss; each is compared with CPython. */
const ERROR_CASES: Record<string, string | Uint8Array> = {
  "tab before the error": "if x:\n\tpass\n\tx = = 1\n",
  "tabs and spaces in the indent": "if x:\n  \t  y = (1,\n\t\t2 3)\n",
  "non-ASCII before the caret": "s = 'héllo' + 日本 語\n",
  "wide range on one line": "f(**a, *b)\n",
  "range over two lines": "x = (1 +\n  2\n",
  "unclosed bracket at EOF": "foo(\n",
  "unterminated triple-quoted string": "x = 1\ns = '''abc\ndef\n",
  "error on the last line without newline": "x = = 1",
  "indentation error": "if x:\npass\n",
  "unindent mismatch": "if x:\n    a\n  b\n",
  "form feed in the indent": "\fx = = 1\n",
  "CRLF newlines": "x = 1\r\ny = = 2\r\n",
  "keyword typo": "whille x:\n    pass\n",
  "missing comma": "[a b]\n",
  "null byte": new Uint8Array([0x78, 0x00, 0x0a]),
  "deep nesting": "(".repeat(300) + ")".repeat(300) + "\n",
  "invalid character": "x = 1 € 2\n",
  "error in an f-string": "f'{a b}'\n",
};

test("hand-written error shapes: stderr exactly as CPython prints it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-cli-"));
  try {
    const names = Object.keys(ERROR_CASES);
    const files = names.map((name, i) => {
      const v = ERROR_CASES[name]!;
      const bytes = typeof v === "string" ? new TextEncoder().encode(v) : v;
      const path = join(dir, `case${i}.py`);
      writeFileSync(path, bytes);
      return { name, bytes, path };
    });
    const expected = await cpythonErrors(files.map((f) => ({ bytes: f.bytes, filename: f.path })));
    const runs = await pool(files, 2, (f) => runCli(["dump", f.path]));
    const bad: string[] = [];
    files.forEach((f, i) => {
      const want = expected[i]!;
      const got = runs[i]!;
      assert.equal(want.ok, false, `${f.name}: CPython accepts it`);
      if (got.status !== 1 || got.stderr !== want.stderr) bad.push(`${f.name}: exit ${got.status}\n--- cpython\n${want.stderr}--- quarry\n${got.stderr}`);
    });
    assert.deepEqual(bad, [], `${bad.length}/${files.length} differ:\n${bad.join("\n")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

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
      const [want] = await cpythonErrors([{ bytes, filename: path }]);
      assert.equal(want!.ok, false);
      const got = await runCli(["dump", path]);
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
