// Query.fix through the edit engine: overlapping fixes, results CPython rejects, fixes that do not
// fit a match, the static checks of fix objects (Q3016, Q3017, Q3006), TypeScript callbacks, and
// files with CRLF line ends, a BOM or a coding cookie (through the API and `quarry find --write`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { askOracleText } from "../support/oracle.js";
import { parse } from "../../src/parser/parse.js";
import { compileQuery, QueryError, type QuerySpec } from "../../src/query/compile.js";
import type { Edit } from "../../src/edit/types.js";
import { checkEdits } from "../../src/edit/apply.js";
import type { FixObject } from "../../src/query/fix-spec.js";

const enc = new TextEncoder();
const bin = join(repoRoot(), "bin", "quarry.js");

function fixText(spec: QuerySpec, src: string | Uint8Array) {
  const { tree, error } = parse(src);
  assert.equal(error, null);
  return compileQuery(spec).fix(tree, typeof src === "string" ? {} : { source: src });
}

function code(spec: QuerySpec): string {
  try {
    compileQuery(spec);
  } catch (e) {
    assert.ok(e instanceof QueryError);
    return `${e.code} ${e.diagnostics[0]!.message}`;
  }
  return "compiled";
}

test("overlapping fixes: the outermost match wins, the other is reported", () => {
  const r = fixText({ rule: { pattern: "f($A)" }, fix: "h($A)" }, "f(f(1))\ny = f(2) + f(f(3))\n");
  assert.equal(r.text, "h(f(1))\ny = h(2) + h(f(3))\n");
  assert.deepEqual(
    r.conflicts.map((c) => [c.match, c.code]),
    [
      [1, "E6016"],
      [4, "E6016"],
    ],
  );
  assert.match(
    r.conflicts[0]!.message,
    /overlaps the fix of match 0 \(the outermost wins\): edit 0 \(replace Expr at 1:1\) overlaps edit 1 \(replace Call at 1:3\)/,
  );
  // Two fix objects of one rule on the same node: the match conflicts with itself and is left out.
  const self = fixText({ rule: { pattern: "g($A)" }, fix: [{ remove: true }, { replace: "k" }] }, "f(g(1), 2)\n");
  assert.equal(self.text, "f(g(1), 2)\n");
  assert.equal(self.conflicts.length, 1);
  assert.match(self.conflicts[0]!.message, /the fix's own edits overlap/);
  // fixes(): the byte ranges the engine resolved, and the matches left out.
  const src = "f(f(1))\ng(2)\nf(3)\n";
  const { tree } = parse(src);
  const { edits, conflicts } = compileQuery({ rule: { pattern: "f($A)" }, fix: "h($A)" }).fixes(tree);
  assert.deepEqual(
    edits.map((e) => [src.slice(e.start, e.end), e.text]),
    [
      ["f(f(1))", "h(f(1))"],
      ["f(3)", "h(3)"],
    ],
  );
  assert.deepEqual(
    conflicts.map((c) => [src.slice(c.start, c.end), c.text]),
    [["f(1)", "h(1)"]],
  );
});

test("a result that is not valid Python is refused with CPython's error, nothing applied", async () => {
  const src = "def f(xs):\n    return len(xs) == 0\n";
  const r = fixText({ rule: { pattern: "len($X) == 0" }, fix: "$X ==" }, src);
  assert.equal(r.text, null);
  assert.ok(r.error !== null && r.refusal?.kind === "syntax");
  const refused = r.refusal.text;
  assert.equal(refused, "def f(xs):\n    return xs ==\n");
  const cpython = await askOracleText(refused);
  assert.ok(!cpython.ok);
  assert.deepEqual([r.error.cls, r.error.msg, r.error.lineno, r.error.offset], [cpython.cls, cpython.msg, cpython.lineno, cpython.offset]);
  // A fix that empties a list Python needs is refused by the engine at that match; the others apply.
  // Refusals are met in match order: `os` cannot go, nor can b and c together, so b stays.
  const s = fixText({ rule: { select: "alias" }, fix: { remove: true } }, "import os\nfrom a import b, c\n");
  assert.equal(s.text, "import os\nfrom a import b\n");
  assert.deepEqual(
    s.skipped.map((k) => [k.match, k.code]),
    [
      [0, "E6019"],
      [1, "E6019"],
    ],
  );
});

test("fixes that do not fit a match are skipped and reported; the rest apply", () => {
  // remove: $F where $F is an identifier.
  let r = fixText({ rule: { pattern: "def $F(): $$$B" }, fix: { remove: "$F" } }, "def f(): pass\n");
  assert.equal(r.text, "def f(): pass\n");
  assert.deepEqual(
    r.skipped.map((s) => s.code),
    ["Q3018"],
  );
  assert.match(r.skipped[0]!.message, /\$F is bound to an identifier \(f\)/);
  r = fixText({ rule: { pattern: "global $$$N" }, fix: { remove: "$$$N" } }, "def f():\n    global a, b\n");
  assert.deepEqual(
    r.skipped.map((s) => s.code),
    ["Q3018"],
  );
  // A bound expression that is a whole statement is removed with its statement.
  assert.equal(
    fixText({ rule: { pattern: "if $C:\n    $S" }, fix: { remove: "$S" } }, "if a:\n    f()\nx = 1\n").text,
    "if a:\n    pass\nx = 1\n",
  );
  // remove: true on a node that is no list item (an assignment's value): E6002; the others go.
  r = fixText({ rule: { pattern: "$X.close()" }, fix: [{ remove: true }] }, "f.close()\ny = h.close()\n[g, k.close()]\n");
  assert.deepEqual(
    r.skipped.map((s) => [s.match, s.code]),
    [[1, "E6002"]],
  );
  assert.equal(r.text, "y = h.close()\n[g]\n");
  // setField with a value that is not an identifier: E6012.
  r = fixText({ rule: { pattern: "def $F(): $$$B" }, fix: { setField: { field: "name", value: "not valid" } } }, "def f(): pass\n");
  assert.deepEqual(
    r.skipped.map((s) => s.code),
    ["E6012"],
  );
});

test("many fixes that cannot apply: all reported, the rest applied", () => {
  const src = "y = h.close()\n".repeat(2000) + "[g, k.close()]\n";
  const r = fixText({ rule: { pattern: "$X.close()" }, fix: { remove: true } }, src);
  assert.equal(r.skipped.length, 2000);
  assert.deepEqual(
    r.skipped.slice(0, 2).map((s) => [s.match, s.code]),
    [
      [0, "E6002"],
      [1, "E6002"],
    ],
  );
  assert.equal(r.text, "y = h.close()\n".repeat(2000) + "[g]\n");
  // checkEdits: each edit's own refusal, as applyEdits words it.
  const { tree } = parse("y = h.close()\n[k]\n");
  const checks = checkEdits(tree, [
    { op: "remove", node: 4 },
    { op: "remove", node: 1 },
    { op: "remove", node: 9999 },
    { op: "remove", node: 6 },
  ]);
  assert.deepEqual(
    checks.map((c) => c?.code ?? null),
    ["E6002", "E6019", "E6004", null],
  );
});

test("static checks of fix objects: Q3016, Q3017, Q3006", () => {
  assert.match(
    code({ rule: { pattern: "f($A)" }, fix: { replce: "g($A)" } as FixObject }),
    /^Q3016 unknown fix key 'replce' \(did you mean 'replace'\?\)/,
  );
  assert.match(
    code({ rule: { pattern: "f($A)" }, fix: { expandEnd: { regex: "," } } as FixObject }),
    /^Q3016 unknown fix key 'expandEnd' \(quarry's `remove` takes/,
  );
  assert.match(code({ rule: { pattern: "f($A)" }, fix: { replace: "g", remove: true } }), /^Q3016 a fix object has exactly one of/);
  assert.match(code({ rule: { pattern: "f($A)" }, fix: { wrap: "g($A)" } }), /^Q3016 a 'wrap' template needs `\$\$\$`/);
  assert.match(code({ rule: { pattern: "f($A)" }, fix: { remove: "A" } }), /^Q3016 'remove' is true/);
  assert.match(code({ rule: { pattern: "f($A)" }, fix: [] }), /^Q3016 'fix' is an empty list/);
  assert.match(
    code({ rule: { pattern: "f($A)" }, fix: { append: { field: "args", txt: "1" } } as unknown as FixObject }),
    /^Q3016 unknown key 'txt' in 'append' \(did you mean 'text'\?\)/,
  );
  assert.match(
    code({ rule: { pattern: "f($A)" }, fix: { setField: { field: "attr", value: 3 } } as unknown as FixObject }),
    /^Q3016 'setField' needs 'value'/,
  );
  // Fields: a list field (append) / identifier field (setField) of some kind the rule can match.
  assert.match(
    code({ rule: { pattern: "f($A)" }, fix: { append: { field: "func", text: "x" } } }),
    /^Q3017 'append': func is not a list field of Call$/,
  );
  assert.match(
    code({ rule: { pattern: "f($A)" }, fix: { append: { field: "bodyy", text: "x" } } }),
    /^Q3017 'append': bodyy is not a list field of Call$/,
  );
  assert.match(
    code({ rule: { pattern: "f($A)" }, fix: { setField: { field: "attr", value: "g" } } }),
    /^Q3017 'setField': attr is not an identifier field of Call \(they have no identifier fields\)/,
  );
  assert.match(
    code({ rule: { kind: ":def" }, fix: { setField: { field: "nme", value: "g" } } }),
    /^Q3017 'setField': nme is not an identifier field of AsyncFunctionDef, FunctionDef \(did you mean 'name'\?\)/,
  );
  assert.equal(
    code({
      rule: { kind: ":def" },
      fix: [{ setField: { field: "name", value: "g" } }, { append: { field: "decorator_list", text: "d" } }],
    }),
    "compiled",
  );
  assert.equal(
    code({ rule: { pattern: "f($A)" }, focus: "$A", fix: { append: { field: "elts", text: "1" } } }),
    "compiled",
    "a focus may be any kind",
  );
  // Metavariables in every template of a fix must be bound on every path.
  const branches = { any: [{ pattern: "f($A)" }, { pattern: "g($B)" }] };
  assert.match(code({ rule: branches, fix: { remove: "$A" } }), /^Q3006 \$A in 'fix' is not bound on every path/);
  assert.match(code({ rule: branches, fix: [{ replace: "x" }, { append: { field: "args", text: "$B" } }] }), /^Q3006 \$B in 'fix'/);
  assert.match(code({ rule: branches, fix: { setField: { field: "id", value: "$C" } } }), /^Q3006 \$C in 'fix'/);
  assert.match(code({ rule: { pattern: "f($A)" }, fix: { insertAfter: "log($Z)" } }), /^Q3006 \$Z in 'fix'/);
  // Q3015 warns only for forms that replace the whole match.
  assert.equal(
    compileQuery({ rule: { pattern: "def $F($$$A): $$$B" }, fix: { append: { field: "body", text: "pass" } } }).warnings.length,
    0,
  );
  assert.equal(compileQuery({ rule: { pattern: "def $F($$$A): $$$B" }, fix: { replace: "pass" } }).warnings[0]?.code, "Q3015");
  // Rule text: positions point into the YAML.
  try {
    compileQuery({ ruleText: "rule:\n  pattern: f($A)\nfix:\n  append: { field: func, text: x }\n" });
    assert.fail("compiled");
  } catch (e) {
    assert.ok(e instanceof QueryError);
    assert.deepEqual([e.code, e.diagnostics[0]!.line, e.diagnostics[0]!.column], ["Q3017", 4, 19]);
  }
});

test("TypeScript callbacks: text, an edit, edits, null; ctx.fill substitutes", () => {
  const src = "def f(a):\n    print(a)\n    print(a, b)\n    g(a)\n";
  const { tree } = parse(src);
  const q = compileQuery("print($$$ARGS)");
  let r = q.fix(tree, { fix: (m, ctx) => (m.bindings.ARGS!.nodes.length > 1 ? null : ctx.fill("log($$$ARGS)")) });
  assert.equal(r.text, "def f(a):\n    log(a)\n    print(a, b)\n    g(a)\n");
  // Edits name nodes as the engine does: the statement (ctx.target), not the call it holds.
  r = q.fix(tree, { fix: (_m, ctx) => ({ op: "remove", node: ctx.target }) });
  assert.equal(r.text, "def f(a):\n    g(a)\n");
  r = q.fix(tree, {
    fix: (m, ctx): Edit[] =>
      m.bindings.ARGS!.nodes.length > 1
        ? [
            { op: "remove", node: m.bindings.ARGS!.nodes[1]! },
            { op: "insertAfter", node: ctx.target, with: ctx.fill("done($$$ARGS)") },
          ]
        : [],
  });
  assert.equal(r.text, "def f(a):\n    print(a)\n    print(a)\n    done(a, b)\n    g(a)\n");
  // A plain pattern has no fix of its own: without a callback fix() changes nothing.
  r = q.fix(tree);
  assert.deepEqual([r.text, r.edits, r.changes], [src, [], []]);
  // Text returned for a statement is re-indented to its place; a decorated def keeps its decorators.
  const d = parse("class C:\n    @property\n    def x(self):\n        return 1\n").tree;
  r = compileQuery({ select: "FunctionDef" }).fix(d, { fix: () => "def x(self):\n    return 2" });
  assert.equal(r.text, "class C:\n    @property\n    def x(self):\n        return 2\n");
});

test("CRLF, BOM and a coding cookie: bytes outside the edits are kept (API)", () => {
  const spec = { rule: { pattern: "len($X) == 0" }, fix: "not $X" };
  const crlf = enc.encode("x = 1\r\nif len(a) == 0:\r\n    pass\r\n");
  assert.equal(fixText(spec, crlf).text, "x = 1\r\nif not a:\r\n    pass\r\n");
  const bom = enc.encode("\ufeffy = len(b) == 0  # é\n");
  assert.equal(fixText(spec, bom).text, "\ufeffy = not b  # é\n");
  // Inserted lines take the file's newline.
  const ins = fixText(
    { rule: { pattern: "return $X" }, fix: { insertBefore: "log($X)\nlog(2)" } },
    enc.encode("def f():\r\n    return 1\r\n"),
  );
  assert.equal(ins.text, "def f():\r\n    log(1)\r\n    log(2)\r\n    return 1\r\n");
  // The wrong source for the tree: refused (E6001), nothing applied.
  const { tree } = parse("z = len(c) == 0\n");
  const r = compileQuery(spec).fix(tree, { source: "something else\n" });
  assert.deepEqual([r.text, r.refusal?.code], [null, "E6001"]);
});

test("quarry find --write on CRLF, BOM and coding-cookie files", () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-fix-"));
  try {
    const files: Record<string, Uint8Array> = {
      "crlf.py": enc.encode("import os\r\n\r\ndef f(xs):\r\n    if len(xs) == 0:  # empty\r\n        return None\r\n    return xs\r\n"),
      "bom.py": enc.encode("\ufeffs = 'é'\nok = len(s) == 0\n"),
      // latin-1: "é" is the one byte 0xE9; CRLF too.
      "latin.py": Uint8Array.from([...enc.encode("# -*- coding: latin-1 -*-\r\ns = '"), 0xe9, ...enc.encode("'\r\nok = len(s) == 0\r\n")]),
      "cp1252.py": Uint8Array.from([...enc.encode("# coding: cp1252\ns = '"), 0x80, ...enc.encode("'\nok = len(s) == 0\n")]),
    };
    for (const [n, b] of Object.entries(files)) writeFileSync(join(dir, n), b);
    const r = spawnSync(process.execPath, [bin, "find", "len($X) == 0", "--rewrite", "not $X", "--write", "."], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    // The diff shows text lines (no "\r", no BOM, decoded).
    assert.match(
      r.stdout,
      /--- a\/latin\.py\n\+\+\+ b\/latin\.py\n@@ -1,3 \+1,3 @@\n # -\*- coding: latin-1 -\*-\n s = 'é'\n-ok = len\(s\) == 0\n\+ok = not s\n/,
    );
    const expect = (b: Uint8Array) =>
      Buffer.from(Buffer.from(b).toString("latin1").replace("len(xs) == 0", "not xs").replace("len(s) == 0", "not s"), "latin1");
    for (const [n, b] of Object.entries(files)) assert.deepEqual(readFileSync(join(dir, n)), expect(b), n);
    // A fix the declared encoding cannot hold: the file is left alone.
    const euro = spawnSync(process.execPath, [bin, "find", "not $X", "--rewrite", "'\u20ac' in $X", "--write", "latin.py"], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.match(euro.stderr, /latin\.py: not rewritten: "€" \(U\+20AC\) cannot be written in its declared encoding latin-1/);
    assert.deepEqual(readFileSync(join(dir, "latin.py")), expect(files["latin.py"]!));
    // cp1252 holds it.
    const ok = spawnSync(process.execPath, [bin, "find", "not $X", "--rewrite", "'\u20ac' in $X", "--write", "cp1252.py"], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.equal(ok.stderr, "");
    assert.deepEqual(
      readFileSync(join(dir, "cp1252.py")),
      Buffer.from([...enc.encode("# coding: cp1252\ns = '"), 0x80, ...enc.encode("'\nok = '"), 0x80, ...enc.encode("' in s\n")]),
    );
    // A result CPython rejects: nothing written, CPython's message.
    const before = readFileSync(join(dir, "crlf.py"));
    const bad = spawnSync(process.execPath, [bin, "find", "not $X", "--rewrite", "not $X +", "--write", "crlf.py"], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.match(bad.stderr, /crlf\.py: not rewritten: the result would not be valid Python \(SyntaxError: invalid syntax, line 4\)/);
    assert.deepEqual(readFileSync(join(dir, "crlf.py")), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("templates: multi-line captures, parentheses where a replacement needs them", () => {
  // A multi-line condition written inside the `if`'s parentheses gets its own outside brackets.
  const src = "def f():\n    if (a or\n            b):\n        return 1\n";
  let r = fixText({ rule: { pattern: "if $C:\n    $$$B" }, fix: "while $C:\n    $$$B\n    break" }, src);
  assert.equal(r.text, "def f():\n    while (a or\n               b):\n        return 1\n        break\n");
  // ... but not inside a bracket of the template.
  r = fixText({ rule: { pattern: "if $C:\n    $$$B" }, fix: "check($C)" }, src);
  assert.equal(r.text, "def f():\n    check(a or\n              b)\n");
  // An expression capture keeps its alignment relative to where it lands.
  r = fixText({ rule: { pattern: "foo($$$A)" }, fix: "barbaz($$$A)" }, "x = foo(a,\n        b)\n");
  assert.equal(r.text, "x = barbaz(a,\n           b)\n");
  // Every replacement that does not stand as one expression is parenthesized, not only the first.
  r = fixText({ rule: { pattern: "len($X)" }, fix: "size($X) + 0" }, "y = 2 * len(a) - len(b) * 3\n");
  assert.deepEqual([r.text, r.skipped], ["y = 2 * (size(a) + 0) - (size(b) + 0) * 3\n", []]);
  // Appending to the arguments of a call whose function is parenthesized.
  r = fixText({ rule: { kind: "Call" }, fix: { append: { field: "keywords", text: "k=1" } } }, "(a * b)()\n(f)(x)\n");
  assert.equal(r.text, "(a * b)(k=1)\n(f)(x, k=1)\n");
  // A list continued with backslashes takes new items on the same line (a new line would end it).
  r = fixText({ rule: { kind: "alias" }, fix: { insertAfter: "z" } }, "from m import a, \\\n     b\nfrom n import (\n    c,\n)\n");
  assert.equal(r.text, "from m import a, z, \\\n     b, z\nfrom n import (\n    c,\n    z,\n)\n");
});
