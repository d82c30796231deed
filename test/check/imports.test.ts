// Import extraction: unit cases, and agreement with CPython's own ast (run in Pyodide) on every
// file of the stdlib corpus plus the check fixtures. The oracle's answers are cached by content
// hash under .cache/check-imports/, so a warm run never loads Pyodide.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, gunzipSync } from "node:zlib";
import { extractImports, extractImportsFromTree, type ImportRecord } from "../../src/check/extract/imports.js";
import { stdlibFiles, repoRoot } from "../support/corpus.js";

const enc = (s: string) => new TextEncoder().encode(s);

test("absolute, relative, aliased and parenthesized imports", () => {
  const r = extractImports(enc("import os, a.b as c\nfrom ..pkg.mod import (y,\n   z as w)\nfrom . import x\nfrom .a import *\n"), "t.py");
  assert.equal(r.error, null);
  assert.deepEqual(
    r.imports.map((i) => [
      i.kind,
      i.module,
      i.level,
      i.names.map((n) => `${n.name}${n.asname ? "=" + n.asname : ""}@${n.line}:${n.col}`),
      i.line,
      i.endLine,
    ]),
    [
      ["import", null, 0, ["os@1:7", "a.b=c@1:11"], 1, 1],
      ["from", "pkg.mod", 2, ["y@2:23", "z=w@3:3"], 2, 3],
      ["from", null, 1, ["x@4:14"], 4, 4],
      ["from", "a", 1, ["*@5:15"], 5, 5],
    ],
  );
});

test("scopes and TYPE_CHECKING branches", () => {
  const src =
    [
      "if TYPE_CHECKING:",
      "    import t1",
      "elif x:",
      "    import t2",
      "else:",
      "    import t3",
      "def f():",
      "    import f1; import f2",
      "class K: import k1",
      "for i in x:",
      "    pass",
      "else:",
      "    import fe",
      "try: import tr",
      "except E: import te",
      "finally: import tf",
      "with a: import w",
      "while 1:",
      "    import wh",
      "match x:",
      "    case 1:",
      "        import m",
      "if typing.TYPE_CHECKING: import t4",
    ].join("\n") + "\n";
  const r = extractImports(enc(src), "t.py");
  assert.equal(r.error, null);
  const got = r.imports.map((i) => `${i.names[0]!.name}:${i.scope}${i.typeChecking ? ":tc" : ""}${i.typeCheckingElse ? ":else" : ""}`);
  assert.deepEqual(got, [
    "t1:if:tc",
    "t2:if:else",
    "t3:if:else",
    "f1:function",
    "f2:function",
    "k1:class",
    "fe:for",
    "tr:try",
    "te:try",
    "tf:try",
    "w:with",
    "wh:while",
    "m:module",
    "t4:if:tc",
  ]);
});

test("tach-ignore directives, string imports and Django references", () => {
  const src =
    [
      "import a  # tach-ignore(reason here) a b.c",
      "# tach-ignore",
      "import b",
      "x = 'pkg.mod.Name'  # tach-ignore is not at the end, so not a directive x",
      "fk = models.ForeignKey('app.Model', on_delete=1)",
      "m = ManyToManyField(to='other.Thing')",
      "s = 'not.a'",
    ].join("\n") + "\n";
  const r = extractImports(enc(src), "t.py", { strings: true, django: true });
  assert.deepEqual(r.directives, [
    { line: 1, targetLine: 1, reason: "reason here", names: ["a", "b.c"] },
    { line: 2, targetLine: 3, reason: null, names: [] },
  ]);
  assert.deepEqual(r.strings, [{ value: "pkg.mod.Name", line: 4 }]);
  assert.deepEqual(r.django, [
    { value: "app.Model", line: 5 },
    { value: "other.Thing", line: 6 },
  ]);
});

test("a syntax error is reported with its line; imports before it are kept", () => {
  const r = extractImports(enc("import a\nx = (1,\nimport b\n"), "t.py");
  assert.notEqual(r.error, null);
  assert.equal(r.imports[0]!.names[0]!.name, "a");
  const r2 = extractImports(enc("import a\ns = 'unterminated\n"), "t.py");
  assert.equal(r2.error?.line, 2);
});

// ---- Oracle agreement -------------------------------------------------------------------------

const ORACLE_PY = `
import ast, json

SCOPES = {ast.FunctionDef: "function", ast.AsyncFunctionDef: "function", ast.ClassDef: "class",
          ast.If: "if", ast.Try: "try", ast.TryStar: "try", ast.With: "with", ast.AsyncWith: "with",
          ast.For: "for", ast.AsyncFor: "for", ast.While: "while"}

def is_tc(test):
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING" and isinstance(test.value, ast.Name)

def walk(stmts, scope, tc, tce, out):
    for s in stmts:
        if isinstance(s, (ast.Import, ast.ImportFrom)):
            out.append({
                "kind": "import" if isinstance(s, ast.Import) else "from",
                "module": getattr(s, "module", None), "level": getattr(s, "level", 0) or 0,
                "names": [[a.name, a.asname, a.lineno, a.col_offset] for a in s.names],
                "line": s.lineno, "endLine": s.end_lineno, "scope": scope, "tc": tc, "tce": tce})
            continue
        inner = SCOPES.get(type(s), scope)
        if isinstance(s, ast.If):
            t = is_tc(s.test)
            walk(s.body, inner, tc or t, tce, out)
            walk(s.orelse, inner, tc, tce or t, out)
            continue
        if isinstance(s, ast.Match):
            for c in s.cases:
                walk(c.body, scope, tc, tce, out)
            continue
        walk(getattr(s, "body", []) or [], inner, tc, tce, out)
        for h in getattr(s, "handlers", []) or []:
            walk(h.body, inner, tc, tce, out)
        for field in ("orelse", "finalbody"):
            walk(getattr(s, field, []) or [], inner, tc, tce, out)

def quarry_imports(js_bytes):
    try:
        tree = ast.parse(js_bytes.to_bytes())
    except Exception as e:
        return json.dumps({"error": type(e).__name__})
    out = []
    walk(tree.body, "module", False, False, out)
    return json.dumps({"imports": out})
`;

interface OracleImports {
  error?: string;
  imports?: {
    kind: string;
    module: string | null;
    level: number;
    names: [string, string | null, number, number][];
    line: number;
    endLine: number;
    scope: string;
    tc: boolean;
    tce: boolean;
  }[];
}

async function askImportsOracle(sources: Uint8Array[]): Promise<OracleImports[]> {
  const h = createHash("sha256");
  h.update("check-imports-oracle-v1\0" + ORACLE_PY);
  for (const s of sources) {
    h.update(String(s.length) + "\0");
    h.update(s);
  }
  const dir = join(repoRoot(), ".cache", "check-imports");
  const path = join(dir, h.digest("hex") + ".json.gz");
  if (existsSync(path)) {
    try {
      const v = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as OracleImports[];
      if (Array.isArray(v) && v.length === sources.length) return v;
    } catch {
      // corrupt: recomputed below
    }
  }
  const { loadPyodide } = await import("pyodide");
  const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  py.runPython(ORACLE_PY);
  const fn = py.globals.get("quarry_imports") as (b: Uint8Array) => string;
  const answers = sources.map((s) => JSON.parse(fn(s)) as OracleImports);
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, gzipSync(JSON.stringify(answers)));
  renameSync(tmp, path);
  return answers;
}

function fixturePyFiles(): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".py")) out.push({ name: p, bytes: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(join(repoRoot(), "test", "check", "fixtures"));
  walk(join(repoRoot(), "examples"));
  return out;
}

function normalize(r: ImportRecord) {
  return {
    kind: r.kind,
    module: r.module,
    level: r.level,
    names: r.names.map((n) => [n.name, n.asname, n.line, n.col]),
    line: r.line,
    endLine: r.endLine,
    scope: r.scope,
    tc: r.typeChecking,
    tce: r.typeCheckingElse,
  };
}

test("fast path agrees with CPython's ast on every corpus file", { timeout: 300_000 }, async (t) => {
  const files = [...stdlibFiles(), ...fixturePyFiles()];
  const answers = await askImportsOracle(files.map((f) => f.bytes));
  let compared = 0;
  let statements = 0;
  const mismatches: string[] = [];
  files.forEach((f, i) => {
    const a = answers[i]!;
    const got = extractImports(f.bytes, f.name);
    if (a.error !== undefined) return; // files CPython rejects: not part of the agreement
    compared++;
    statements += a.imports!.length;
    const mine = got.imports.map(normalize);
    if (JSON.stringify(mine) !== JSON.stringify(a.imports)) {
      const k = mine.findIndex((m, j) => JSON.stringify(m) !== JSON.stringify(a.imports![j]));
      mismatches.push(`${f.name}: #${k} got ${JSON.stringify(mine[k])} want ${JSON.stringify(a.imports![k])}`);
    }
  });
  t.diagnostic(`compared ${compared} files, ${statements} import statements, ${mismatches.length} mismatching files`);
  assert.ok(compared >= 559, `compared ${compared} files`);
  assert.ok(statements > 3000, `only ${statements} import statements`);
  assert.deepEqual(mismatches.slice(0, 10), []);
});

test("fast path agrees with quarry's full parse on every corpus file", { timeout: 300_000 }, (t) => {
  const files = [...stdlibFiles(), ...fixturePyFiles()];
  let compared = 0;
  const mismatches: string[] = [];
  for (const f of files) {
    const fast = extractImports(f.bytes, f.name);
    const full = extractImportsFromTree(f.bytes);
    if (full === null) continue;
    compared++;
    if (JSON.stringify(fast.imports) !== JSON.stringify(full)) mismatches.push(f.name);
  }
  t.diagnostic(`compared ${compared} files, ${mismatches.length} mismatching`);
  assert.ok(compared >= 559);
  assert.deepEqual(mismatches.slice(0, 10), []);
});

test("full mode reports parser-level syntax errors the tokenizer cannot see", () => {
  const src = enc("import a\nx = = 1\n");
  assert.equal(extractImports(src, "t.py").error, null);
  const full = extractImports(src, "t.py", { mode: "full" });
  assert.equal(full.error?.line, 2);
});

test("full mode's tree walk (lazy views) gives the fast path's exact result on every corpus file", { timeout: 300_000 }, (t) => {
  const files = [...stdlibFiles(), ...fixturePyFiles()];
  let compared = 0;
  const mismatches: string[] = [];
  for (const f of files) {
    const fast = extractImports(f.bytes, f.name);
    const full = extractImports(f.bytes, f.name, { mode: "full" });
    if (full.error !== null) continue;
    compared++;
    if (JSON.stringify(fast) !== JSON.stringify(full)) mismatches.push(f.name);
  }
  t.diagnostic(`compared ${compared} files, ${mismatches.length} mismatching`);
  assert.ok(compared >= 559);
  assert.deepEqual(mismatches.slice(0, 10), []);
  // Files with a directive, a coding cookie or string references take the token pass in full mode.
  const directive = enc("import a  # tach-ignore(why) a\nimport b\n");
  assert.deepEqual(extractImports(directive, "t.py", { mode: "full" }), extractImports(directive, "t.py"));
  assert.equal(extractImports(directive, "t.py", { mode: "full" }).directives.length, 1);
  const shapes = enc(
    [
      "import typing",
      "if typing.TYPE_CHECKING:",
      "    from x import (y as z,",
      "        w)",
      "elif other:",
      "    import e1",
      "else:",
      "    import e2",
      "def f():",
      "    match v:",
      "        case 1:",
      "            import m1",
      "        case _:",
      "            from .. import m2",
      "    try:",
      "        import t1",
      "    except* E:",
      "        import t2",
      "    else:",
      "        import t3",
      "    finally:",
      "        import t4",
      "class C:",
      "    while x:",
      "        import w1",
      "    else:",
      "        async def g():",
      "            async with a as b, c:",
      "                import w2",
      "            async for i in y:",
      "                import w3; import w4",
      "for i in y:",
      "    pass",
      "else:",
      "    from . import *",
      "",
    ].join("\n"),
  );
  const shapesFull = extractImports(shapes, "t.py", { mode: "full" });
  assert.equal(shapesFull.error, null);
  assert.deepEqual(
    shapesFull.imports.map((i) => `${i.names[0]!.name}:${i.scope}${i.typeChecking ? ":tc" : ""}${i.typeCheckingElse ? ":tce" : ""}`),
    [
      "typing:module",
      "y:if:tc",
      "e1:if:tce",
      "e2:if:tce",
      "m1:function",
      "m2:function",
      "t1:try",
      "t2:try",
      "t3:try",
      "t4:try",
      "w1:while",
      "w2:with",
      "w3:for",
      "w4:for",
      "*:for",
    ],
  );
  assert.deepEqual(shapesFull, extractImports(shapes, "t.py"));
  const atEnd = enc("import a\nimport b  # tach-ignore");
  assert.equal(extractImports(atEnd, "t.py", { mode: "full" }).directives.length, 1);
  const cookie = enc("# -*- coding: latin-1 -*-\nimport a\n");
  assert.deepEqual(extractImports(cookie, "t.py", { mode: "full" }), extractImports(cookie, "t.py"));
  const strings = enc("x = 'pkg.mod.thing'\nimport a\n");
  assert.deepEqual(extractImports(strings, "t.py", { mode: "full", strings: true }), extractImports(strings, "t.py", { strings: true }));
});
