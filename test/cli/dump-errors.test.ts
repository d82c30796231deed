// `quarry dump` on programs CPython rejects: exit 1, and stderr exactly what
// `"".join(traceback.format_exception_only(e))` gives for the SyntaxError that
// `compile(source_bytes, filename, "exec", ast.PyCF_ONLY_AST)` raises with the filename the CLI
// was given (PyCF_ONLY_AST: `quarry dump` is ast.parse, and the err fixtures fail in the parser,
// before any compile-only check could run). CPython 3.14 runs in Pyodide; answers are cached.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fixturesDir, listFixtures } from "../support/fixtures.js";
import { stdlibFiles } from "../support/corpus.js";
import { ERR_STRIDE, MIN_ERR_SAMPLE, cpythonErrors, fixtureArg, pool, runCli } from "./helpers.js";

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
      bad.push(
        `${f.rel}: exit ${got.status}\n--- cpython\n${want.stderr}--- quarry\n${got.stderr}${got.stdout ? `--- stdout\n${got.stdout.slice(0, 200)}\n` : ""}`,
      );
    }
  });
  assert.deepEqual(bad, [], `${bad.length}/${sample.length} differ:\n${bad.join("\n")}`);
});

function fixtureBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesDir(), rel)));
}

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
  "MemoryError, no position": fixtureBytes("err/nesting/unary-minus-deep.py"),
  "unclosed bracket, end_offset 0": fixtureBytes("err/nesting/parens-unclosed-deep.py"),
  "error on a line after a multi-line string": "s = '''a\nb'''  x y\n",
  "error inside a multi-line bracket": "f(a,\n  b c,\n  d)\n",
  "IndentationError at the end of the input": "if x:\n",
  "unterminated string": "x = 'abc\n",
  "unterminated triple-quoted string at the end": 'x = 1\ny = """abc\n\ndef\n',
  "tab error": "if x:\n        a\n\tb\n",
  "latin-1 coding cookie": new Uint8Array([
    ...new TextEncoder().encode("# -*- coding: latin-1 -*-\nx = '"),
    0xe9,
    ...new TextEncoder().encode("' + = 1\n"),
  ]),
  "UTF-8 BOM, error on line 1": new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("x = = 1\n")]),
  "astral characters before the caret": "s = '\u{1F600}\u{1F600}' $ 1\n",
  "very long line": "x = " + "a + ".repeat(400) + "= 1\n",
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
    // Relative names (run from the temporary folder) keep the cache keys stable across runs.
    const expected = await cpythonErrors(files.map((f) => ({ bytes: f.bytes, filename: basename(f.path) })));
    const runs = await pool(files, 2, (f) => runCli(["dump", basename(f.path)], undefined, dir));
    const bad: string[] = [];
    files.forEach((f, i) => {
      const want = expected[i]!;
      const got = runs[i]!;
      assert.equal(want.ok, false, `${f.name}: CPython accepts it`);
      if (got.status !== 1 || got.stderr !== want.stderr)
        bad.push(`${f.name}: exit ${got.status}\n--- cpython\n${want.stderr}--- quarry\n${got.stderr}`);
    });
    assert.deepEqual(bad, [], `${bad.length}/${files.length} differ:\n${bad.join("\n")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Misspelt keywords: traceback's "Did you mean" search, which quarry's CLI redoes (src/render/keyword-typos.ts). */
const TYPO_CASES: readonly string[] = [
  "whille x:\n    pass\n",
  "x = 1\nfro i in y:\n    pass\n",
  "def f():\n    retrun 1\n",
  "if x:\n    y = 1\n    improt os\n",
  "impor os\n",
  "[a b]\n",
  "f(a b)\n",
  "x = 1 iff y else 2\n",
  "async deff f(): pass\n",
  "classs A:\n    pass\n",
  "for x inn y:\n    pass\n",
  "if x:\n    pass\nelsee:\n    pass\n",
  "x = [1 forr i in y]\n",
  "import os ass o\n",
  "print(1 iss 2)\n",
  "x = nott y\n",
  "def f(x):\n    yeld x\n",
  "lambada x: x\n",
  "try:\n    pass\nexcep E:\n    pass\n",
  "assrt x\n",
  "\tdeff f(): pass\n",
  "x = (1,\n     2 3)\n",
  "s = 'é' fro x\n",
  "raisee E\n",
  "x = a nad b\n",
  "with open(f) ass g:\n    pass\n",
  "def f():\n    return 1\nx y\n",
  "if x:\n    a = 1\n    b = 2\n    c d\n",
  "fro x in y: pass\n",
  "x = 1; fro x in y: pass\n",
  "from x improt y\n",
  "frm x import y\n",
  "globl x\n",
  "whille (x and\n        y):\n    pass\n",
  "def f():\n    x = 1\n    retrn x\n",
  "def f():\n    yeld = 1\n    yeld x\n",
  "async def f():\n    awit x\n",
  "def f():\n    awit x\n",
  "whille x:\n",
  "if x:\n    pass\nelif y:\n    pass\nels:\n    pass\n",
  "x = 1 if y esle 2\n",
  "class A:\n    deff f(self): pass\n",
  "fro\tx in y: pass\n",
  "  x = [i fro i in y]\n",
  "x = {1: 2 fro k in y}\n",
  "f'{x fro y}'\n",
  "imprt os, sys\n",
  "x y z\n",
  "print('é', 日本 fro)\n",
  "nonlocl x\n",
  "def f():\n    nonlocl x\n",
  "def g():\n    x = 1\n    def f():\n        nonlocl x\n",
  "rr'x'\n",
  "brek x\n",
  "for a in b:\n    a = 1\n    if z:\n        b = 1\nc d\n",
  "class A:\n    pass\nx y\n",
  "@d\nclass A:\n    pass\nx y\n",
];

test("formatSyntaxError (in process): traceback's text, keyword suggestions included, wherever quarry's error equals CPython's", async (t) => {
  const { parse } = (await import(new URL("../../src/index.js", import.meta.url).href)) as typeof import("../../src/index.js");
  const { formatSyntaxError } = (await import(
    new URL("../../src/render/syntax-error.js", import.meta.url).href
  )) as typeof import("../../src/render/syntax-error.js");
  const cases = [
    ...listFixtures("err").map((f) => ({ name: f.rel, bytes: f.bytes })),
    ...TYPO_CASES.map((s) => ({ name: JSON.stringify(s), bytes: new TextEncoder().encode(s) })),
  ];
  const expected = await cpythonErrors(cases.map((c) => ({ bytes: c.bytes, filename: "f.py" })));
  let compared = 0;
  let suggestions = 0;
  const bad: string[] = [];
  const parserDiffers: string[] = [];
  cases.forEach((c, i) => {
    const want = expected[i]!;
    assert.equal(want.ok, false, `${c.name}: CPython accepts it`);
    const err = parse(c.bytes).error;
    const mine = err && [err.cls, err.msg, err.lineno, err.offset, err.end_lineno, err.end_offset];
    if (JSON.stringify(mine) !== JSON.stringify(want.error)) {
      parserDiffers.push(c.name);
      return;
    }
    compared++;
    if (want.stderr.includes("Did you mean")) suggestions++;
    const got = formatSyntaxError(err!, "f.py", c.bytes);
    if (got !== want.stderr) bad.push(`${c.name}\n--- cpython\n${want.stderr}--- quarry\n${got}`);
  });
  t.diagnostic(
    `${compared}/${cases.length} compared (${suggestions} with a keyword suggestion); parser differs from CPython on ${parserDiffers.length}: ${parserDiffers.join(", ")}`,
  );
  assert.deepEqual(bad, [], `${bad.length}/${compared} differ:\n${bad.join("\n")}`);
  // The comparison must cover most cases, and the suggestion search must have been exercised.
  assert.ok(compared >= cases.length * 0.9, `only ${compared}/${cases.length} compared; parser differs on: ${parserDiffers.join(", ")}`);
  assert.ok(suggestions >= 20, `only ${suggestions} cases with a keyword suggestion`);
});

/** Seeded misspellings of one keyword in real code: the first 120 lines of every 7th stdlib file (60 files), 6 each. */
function misspeltStdlib(): string[] {
  const KW = [
    "if",
    "for",
    "while",
    "def",
    "class",
    "return",
    "import",
    "from",
    "else",
    "elif",
    "try",
    "except",
    "with",
    "in",
    "not",
    "and",
    "or",
    "is",
    "yield",
    "raise",
    "pass",
    "lambda",
    "as",
    "assert",
    "del",
    "global",
    "break",
    "continue",
    "finally",
  ];
  const re = new RegExp(`\\b(${KW.join("|")})\\b`, "g");
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: string[] = [];
  for (const f of stdlibFiles()
    .filter((_, i) => i % 7 === 0)
    .slice(0, 60)) {
    const text = new TextDecoder().decode(f.bytes).split("\n").slice(0, 120).join("\n") + "\n";
    const hits = [...text.matchAll(re)];
    for (let k = 0; k < 6 && hits.length > 0; k++) {
      const h = hits[rnd(hits.length)]!;
      const w = h[0];
      const muts = [w.slice(0, -1), w + w.at(-1), w.slice(0, 1) + w.slice(2), w.length > 2 ? w[1]! + w[0]! + w.slice(2) : w + "x"];
      out.push(text.slice(0, h.index) + muts[rnd(muts.length)]! + text.slice(h.index! + w.length));
    }
  }
  return out;
}

test("formatSyntaxError (in process): misspelt keywords in real stdlib code print as CPython prints them", async (t) => {
  const { parse } = (await import(new URL("../../src/index.js", import.meta.url).href)) as typeof import("../../src/index.js");
  const { formatSyntaxError } = (await import(
    new URL("../../src/render/syntax-error.js", import.meta.url).href
  )) as typeof import("../../src/render/syntax-error.js");
  const cases = misspeltStdlib().map((s) => new TextEncoder().encode(s));
  const expected = await cpythonErrors(cases.map((bytes) => ({ bytes, filename: "f.py" })));
  let rejected = 0;
  let compared = 0;
  let suggestions = 0;
  const bad: string[] = [];
  cases.forEach((bytes, i) => {
    const want = expected[i]!;
    if (want.ok) return;
    rejected++;
    const err = parse(bytes).error;
    const mine = err && [err.cls, err.msg, err.lineno, err.offset, err.end_lineno, err.end_offset];
    if (JSON.stringify(mine) !== JSON.stringify(want.error)) return;
    compared++;
    if (want.stderr.includes("Did you mean")) suggestions++;
    const got = formatSyntaxError(err!, "f.py", bytes);
    if (got !== want.stderr) bad.push(`case ${i}\n--- cpython\n${want.stderr}--- quarry\n${got}`);
  });
  t.diagnostic(`${compared}/${rejected} rejected mutants compared (${suggestions} with a keyword suggestion), ${cases.length} mutants`);
  assert.deepEqual(bad, [], `${bad.length}/${compared} differ:\n${bad.slice(0, 10).join("\n")}`);
  assert.ok(compared >= rejected * 0.95, `parser disagrees with CPython on ${rejected - compared}/${rejected} mutants`);
  assert.ok(suggestions >= 50, `only ${suggestions} suggestions`);
});
