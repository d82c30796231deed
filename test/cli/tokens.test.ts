// `quarry tokens` end to end (the built CLI as a child process): stdout, stderr and exit status
// equal what CPython 3.14's `python -m tokenize -e FILE` (tokenize._main, run in Pyodide) prints,
// for a sample of the grammar fixtures, encoding errors, NUL bytes and standard input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callPython } from "./python.js";
import { runCli } from "./helpers.js";
import { listFixtures } from "../support/fixtures.js";

const PY = `
import tokenize, io, sys, os, json, contextlib
def tokenize_main(js_bytes, name, stdin):
    data = js_bytes.to_bytes()
    os.makedirs("/tmp/qt", exist_ok=True)
    os.chdir("/tmp/qt")
    args = ["-e"]
    if stdin == "1":
        # The CLI reads standard input as text with universal newlines, as sys.stdin does.
        sys.stdin = io.StringIO(data.decode("utf-8"), newline=None)
    else:
        with open(name, "wb") as f:
            f.write(data)
        args.append(name)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            tokenize._main(args)
        except SystemExit as e:
            code = e.code
    return json.dumps({"status": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
`;

interface Answer {
  status: number;
  stdout: string;
  stderr: string;
}

const enc = new TextEncoder();
const EXTRA: Array<[string, Uint8Array]> = [
  ["unknown-cookie.py", enc.encode("# coding: foo\nx = 1\n")],
  ["nul.py", enc.encode("x\0\n")],
  ["nul-line-3.py", enc.encode("x = 1\ny = 2\n\0\n")],
  ["bad-utf8.py", new Uint8Array([0xff, 0x0a])],
  ["bom-latin1.py", new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode("# coding: latin-1\n")])],
  ["latin1.py", new Uint8Array([...enc.encode("# coding: latin-1\nx = '"), 0xe9, ...enc.encode("'\n")])],
  ["crlf.py", enc.encode("if x:\r\n    y = '\\\r\n'\r\n")],
  ["dedent.py", enc.encode("if x:\n    y\n  z\n")],
  ["eof.py", enc.encode("x = (1,\n")],
  ["wide.py", enc.encode("s = '𝕏 é' # ☃\n")],
  ["empty.py", new Uint8Array(0)],
];

test("tokens FILE: stdout, stderr and status as python -m tokenize -e FILE", async () => {
  // A sample (each case spawns the CLI): the streams themselves are checked in full by
  // test/tokenizer/stream.test.ts.
  const fixtures = [...listFixtures("ok").filter((_, i) => i % 4 === 0), ...listFixtures("err").filter((_, i) => i % 25 === 0)];
  const cases: Array<[string, Uint8Array]> = [...fixtures.map((f): [string, Uint8Array] => ["case.py", f.bytes]), ...EXTRA];
  const want = await callPython<Answer>(
    PY,
    "tokenize_main",
    cases.map(([name, bytes]) => ({ bytes, args: [name, "0"] })),
  );
  const dir = mkdtempSync(join(tmpdir(), "quarry-tokens-"));
  let same = 0;
  try {
    for (let i = 0; i < cases.length; i++) {
      const [name, bytes] = cases[i]!;
      writeFileSync(join(dir, name), bytes);
      const got = await runCli(["tokens", name], undefined, dir);
      const label = i < fixtures.length ? fixtures[i]!.rel : name;
      assert.deepEqual({ status: got.status, stdout: got.stdout, stderr: got.stderr }, want[i], label);
      same++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`quarry tokens: ${same}/${cases.length} files print exactly what python -m tokenize -e prints`);
});

test("tokens -: standard input as text, tokens printed up to the error", async () => {
  const inputs = [enc.encode("x = 1\n"), enc.encode("x = (1,\n"), enc.encode("if x:\r\n  y\r\n z\r\n"), enc.encode("a\rb\n")];
  const want = await callPython<Answer>(
    PY,
    "tokenize_main",
    inputs.map((bytes) => ({ bytes, args: ["", "1"] })),
  );
  for (let i = 0; i < inputs.length; i++) {
    const got = await runCli(["tokens", "-"], inputs[i]);
    assert.deepEqual({ status: got.status, stdout: got.stdout, stderr: got.stderr }, want[i]);
  }
});

test("tokens: a missing file and usage errors", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-tokens-"));
  try {
    const r = await runCli(["tokens", "missing.py"], undefined, dir);
    assert.deepEqual(r, { status: 1, stdout: "", stderr: "error: [Errno 2] No such file or directory: 'missing.py'\n" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal((await runCli(["tokens"])).status, 2);
  assert.equal((await runCli(["tokens", "a.py", "b.py"])).status, 2);
  assert.equal((await runCli(["tokens", "--bogus", "a.py"])).status, 2);
});
