// `quarry find` end to end: output formats, directory walking (.git, venvs, .gitignore), files
// CPython rejects, and exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { runCli } from "../cli/helpers.js";

const bin = join(repoRoot(), "bin", "quarry.js");

// Through test/cli's runner: one long-lived CLI process per test file (a fresh process per run
// under CI=true or QUARRY_TEST_SPAWN=1).
async function run(cwd: string, ...args: string[]) {
  const r = await runCli(["find", ...args], undefined, cwd);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("quarry find", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-find-"));
  try {
    writeFileSync(join(dir, "a.py"), "import os\nprint(x)\ns = 'é'; print(y)\n");
    mkdirSync(join(dir, "pkg"));
    writeFileSync(join(dir, "pkg", "b.py"), "def f():\n    print(x, end='')\n    print(z)\n");
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".git", "c.py"), "print(1)\n");
    mkdirSync(join(dir, "venv"));
    writeFileSync(join(dir, "venv", "pyvenv.cfg"), "home = /usr\n");
    writeFileSync(join(dir, "venv", "d.py"), "print(1)\n");
    mkdirSync(join(dir, "build"));
    writeFileSync(join(dir, "build", "e.py"), "print(1)\n");
    writeFileSync(join(dir, ".gitignore"), "build/\n");
    writeFileSync(join(dir, "bad.py"), "print(\n");

    let r = await run(dir, "print($A)");
    assert.equal(r.code, 0);
    assert.equal(r.out, "a.py:2:1: print(x)\na.py:3:11: s = 'é'; print(y)\npkg/b.py:3:5:     print(z)\n");
    assert.equal(r.err, "quarry: bad.py: skipped: SyntaxError: '(' was never closed (line 1)\n");

    r = await run(dir, "print($A)", "--json", "a.py");
    assert.equal(r.code, 0);
    const recs = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { file: string; range: unknown; bindings: Record<string, string> });
    assert.deepEqual(recs[1], {
      file: "a.py",
      range: { start: { line: 3, column: 10 }, end: { line: 3, column: 18 } },
      kind: "Call",
      text: "print(y)",
      bindings: { A: "y" },
    });

    r = await run(dir, "--select", 'Call[func.id="print"]', "--count", "a.py", "pkg");
    assert.equal(r.out, "a.py:2\npkg/b.py:2\n");

    writeFileSync(
      join(dir, "rule.yaml"),
      "id: no-print\nrule:\n  pattern: print($$$A)\n  inside: { kind: FunctionDef, stopBy: end }\nmessage: print of $$$A\n",
    );
    r = await run(dir, "--rule", "rule.yaml", "pkg");
    assert.equal(r.out, "pkg/b.py:2:5: no-print: print of x\npkg/b.py:3:5: no-print: print of z\n");

    r = await run(dir, "nothing_like_this($A)");
    assert.equal(r.code, 1);
    assert.equal(r.out, "");
    assert.equal(r.err, "", "the literal prefilter skips every file, bad.py included, before parsing");

    r = await run(dir, "--select", "Cal");
    assert.equal(r.code, 2);
    assert.match(r.err, /Q3002 unknown node kind 'Cal' \(did you mean 'Call'\?\)\n {2}Cal\n {2}\^\^\^/);
    assert.equal((await run(dir)).code, 2);

    // quarry scan: a directory of rules, reported like quarry check.
    mkdirSync(join(dir, "rules"));
    writeFileSync(
      join(dir, "rules", "print.yaml"),
      "id: no-print\nseverity: error\nrule:\n  pattern: print($A)\nmessage: print($A) left in\n",
    );
    writeFileSync(
      join(dir, "rules", "eval.json"),
      JSON.stringify({ id: "no-eval", rule: { select: "Call[func.id='eval']" }, message: "eval" }),
    );
    const scan = (...a: string[]) => spawnSync(process.execPath, [bin, "scan", ...a], { cwd: dir, encoding: "utf8" });
    let s = scan("--rules", "rules", "a.py", "pkg");
    assert.equal(s.status, 1);
    assert.equal(
      s.stdout,
      "a.py:2:1: error[no-print] print(x) left in\na.py:3:11: error[no-print] print(y) left in\npkg/b.py:3:5: error[no-print] print(z) left in\n3 findings (3 errors)\n",
    );
    s = scan("--rules", "rules", "--format", "github", "pkg");
    assert.equal(s.stdout, "::error file=pkg/b.py,line=3,col=5,title=no-print::print(z) left in\n");
    s = scan("--rules", "rules", "--format", "sarif", "pkg");
    assert.equal((JSON.parse(s.stdout) as { runs: { results: unknown[] }[] }).runs[0]!.results.length, 1);
    writeFileSync(join(dir, "rules", "bad.yaml"), "rule:\n  kind: Cal\n");
    s = scan("--rules", "rules", "pkg");
    assert.equal(s.status, 2);
    assert.match(s.stderr, /bad\.yaml:2:9: Q3002 unknown node kind 'Cal'/);
    assert.equal((await run(dir, "--bogus")).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("quarry find --rewrite prints a unified diff; --write applies it; invalid results are left alone", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-rewrite-"));
  try {
    const src =
      "import os\n\n\ndef f(xs):\n    if len(xs) == 0:  # empty?\n        return None\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n    e = 5\n    f = 6\n    g = 7\n    return len(xs) == 0\n";
    writeFileSync(join(dir, "m.py"), src);
    writeFileSync(join(dir, "crlf.py"), "x = 1\r\ny = len(a) == 0\r\n");
    const d = await run(dir, "len($X) == 0", "--rewrite", "not $X", "m.py", "crlf.py");
    assert.equal(d.code, 0);
    // Two hunks (the changes are more than six unchanged lines apart), each with 3 lines of context.
    assert.equal(
      d.out,
      [
        "--- a/m.py",
        "+++ b/m.py",
        "@@ -2,7 +2,7 @@",
        " ",
        " ",
        " def f(xs):",
        "-    if len(xs) == 0:  # empty?",
        "+    if not xs:  # empty?",
        "         return None",
        "     a = 1",
        "     b = 2",
        "@@ -11,4 +11,4 @@",
        "     e = 5",
        "     f = 6",
        "     g = 7",
        "-    return len(xs) == 0",
        "+    return not xs",
        // A CRLF file is rewritten too (its diff shows the lines without their "\r").
        "--- a/crlf.py",
        "+++ b/crlf.py",
        "@@ -1,2 +1,2 @@",
        " x = 1",
        "-y = len(a) == 0",
        "+y = not a",
        "",
      ].join("\n"),
    );
    assert.equal(d.err, "");
    assert.equal(readFileSync(join(dir, "m.py"), "utf8"), src, "without --write nothing is written");
    // A template that would not parse: refused, the file untouched.
    const bad = await run(dir, "len($X) == 0", "--rewrite", "$X +", "--write", "m.py");
    assert.match(bad.err, /m\.py: not rewritten: the result would not be valid Python \(SyntaxError: /);
    assert.equal(readFileSync(join(dir, "m.py"), "utf8"), src);
    const w = await run(dir, "len($X) == 0", "--rewrite", "not $X", "--write", "m.py");
    assert.equal(w.code, 0);
    assert.equal(readFileSync(join(dir, "m.py"), "utf8"), src.replaceAll("len(xs) == 0", "not xs"));
    assert.equal((await run(dir, "len($X)", "--write", "m.py")).code, 2, "--write without a fix is a usage error");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("quarry find and scan: worker threads (--jobs 3) print exactly what one thread prints", async () => {
  // Grammar fixtures: valid files and files CPython rejects (each rejected one gets its note).
  const dir = mkdtempSync(join(tmpdir(), "quarry-jobs-"));
  try {
    const fx = join(repoRoot(), "test", "parser", "fixtures");
    cpSync(join(fx, "ok"), join(dir, "src", "ok"), { recursive: true });
    for (const d of ["call", "assign", "fstring", "keyword", "match", "string"])
      cpSync(join(fx, "err", d), join(dir, "src", "err", d), { recursive: true });
    const serial = await run(dir, "--select", "Call[func.id=/^[a-p]/]", "--jobs", "1", "src");
    assert.equal(serial.code, 0);
    assert.ok(serial.out.split("\n").length > 20 && serial.err.split("\n").length > 100, "matches in many files, notes for many");
    assert.match(serial.err, /^quarry: src\/err\/assign\/[^:]+\.py: skipped: SyntaxError: [^\n]+\n/);
    const parallel = await run(dir, "--select", "Call[func.id=/^[a-p]/]", "--jobs", "3", "src");
    assert.deepEqual(parallel, serial);
    assert.deepEqual(
      await run(dir, "$F($$$A)", "--json", "--jobs", "3", "src"),
      await run(dir, "$F($$$A)", "--json", "--jobs", "1", "src"),
    );
    const none = await run(dir, "--select", "Call[func.id='no_such_name']", "--jobs", "3", "src");
    assert.equal(none.code, 1);
    assert.equal(none.out, "");
    assert.equal((await run(dir, "--select", "Call", "--jobs", "0", "src")).code, 2);

    mkdirSync(join(dir, "rules"));
    writeFileSync(
      join(dir, "rules", "print.yaml"),
      "id: no-print\nseverity: error\nrule:\n  pattern: print($$$A)\nmessage: print left in\n",
    );
    writeFileSync(
      join(dir, "rules", "lambda.yaml"),
      "id: lambda\nrule:\n  kind: Lambda\n  inside: { kind: Call, stopBy: end }\nmessage: lambda in a call\n",
    );
    const scan = (...a: string[]) => {
      const r = spawnSync(process.execPath, [bin, "scan", "--rules", "rules", ...a], { cwd: dir, encoding: "utf8" });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const s1 = scan("--jobs", "1", "src");
    assert.match(s1.out, /findings \(\d+ errors?\)\n$/);
    assert.deepEqual(scan("--jobs", "3", "src"), s1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
