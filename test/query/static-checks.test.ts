// Compile-time checks: each Q3xxx code, with its position in the query text and a did-you-mean
// where one helps; plus the API's cache, prefilters and debug output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileQuery, QueryError, type QuerySpec } from "../../src/query/compile.js";
import { parse } from "../../src/parser/parse.js";

function err(spec: QuerySpec): QueryError {
  try {
    compileQuery(spec);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  assert.fail(`compiled: ${JSON.stringify(spec)}`);
}

test("unknown kinds and fields, with did-you-mean and positions", () => {
  let e = err({ select: "Call > FuncDef" });
  assert.equal(e.code, "Q3002");
  assert.match(e.message, /unknown node kind 'FuncDef' \(did you mean 'FunctionDef'\?\)/);
  assert.equal(e.diagnostics[0]!.column, 7);
  e = err({ select: "Call[fnc.id='x']" });
  assert.equal(e.code, "Q3003");
  assert.match(e.message, /Call has a field 'fnc' \(did you mean 'func'\?\)/);
  assert.equal(e.diagnostics[0]!.column, 5);
  e = err({ rule: { kind: "Lamda" } });
  assert.equal(e.code, "Q3002");
  assert.match(e.message, /did you mean 'Lambda'/);
  e = err({ select: ":deff" });
  assert.match(e.message, /did you mean ':def'|did you mean 'def'/);
});

test("$$$X where one node is required, lower-case metavariables, syntax errors", () => {
  let e = err("foo.$$$X");
  assert.equal(e.code, "Q3004");
  e = err("x = $$$A + 1");
  assert.equal(e.code, "Q3004");
  assert.equal(e.diagnostics[0]!.column, 4);
  e = err("print($x)");
  assert.equal(e.code, "Q3005");
  assert.equal(e.diagnostics[0]!.column, 6);
  assert.match(e.message, /\$X/);
  e = err("print($A");
  assert.equal(e.code, "Q3001");
  e = err({ select: "Call[func.id=" });
  assert.equal(e.code, "Q3008");
  e = err({ pattern: "x", as: "kwarg" });
  assert.equal(e.code, "Q3013");
});

test("metavariables in fix and message must be bound on every path", () => {
  let e = err({ rule: { any: [{ pattern: "f($A)" }, { pattern: "g($B)" }] }, fix: "h($A)" });
  assert.equal(e.code, "Q3006");
  assert.match(e.message, /\$A in 'fix'/);
  e = err({ rule: { pattern: "f($A)", not: { pattern: "f($B)" } }, message: "bad $B" });
  assert.equal(e.code, "Q3006");
  e = err({ rule: { pattern: "f($A)" }, where: { Z: { regex: "x" } } });
  assert.equal(e.code, "Q3006");
  // Bound on both branches: fine.
  compileQuery({ rule: { any: [{ pattern: "f($A)" }, { pattern: "g($A)" }] }, fix: "h($A)" });
});

test("Q3015: a fix that would drop unwritten annotations warns", () => {
  const w = compileQuery({ rule: { pattern: "def $F($$$A): $$$B" }, fix: "async def $F($$$A): $$$B" }).warnings;
  assert.deepEqual(
    w.map((d) => d.code),
    ["Q3015"],
  );
  assert.match(w[0]!.message, /returns, type_params unconstrained/);
  assert.deepEqual(compileQuery({ rule: { pattern: "def $F($$$A) -> $R: $$$B", strict: true }, fix: "x" }).warnings, []);
  assert.deepEqual(compileQuery({ rule: { pattern: "f($A)" }, fix: "g($A)" }).warnings, []);
});

test("a rule that can never match", () => {
  let e = err({ rule: { all: [{ kind: "Call" }, { kind: "Name" }] } });
  assert.equal(e.code, "Q3007");
  e = err({ select: "Call:is(Name, Attribute)" });
  assert.equal(e.code, "Q3007");
});

test("rule files: bad YAML, unknown keys, bad regex", () => {
  let e = err({ ruleText: "rule:\n  pattern: [unclosed\n" });
  assert.equal(e.code, "Q3011");
  e = err({ ruleText: "rule:\n  patern: f()\n" });
  assert.equal(e.code, "Q3009");
  assert.match(e.message, /did you mean 'pattern'/);
  assert.equal(e.diagnostics[0]!.line, 2);
  // An error inside a pattern or selector points into the rule file.
  e = err({ ruleText: "id: x\nrule:\n  all:\n    - pattern: |\n        if $C:\n            foo($x)\n" });
  assert.equal(e.code, "Q3005");
  assert.deepEqual([e.diagnostics[0]!.line, e.diagnostics[0]!.column], [6, 16]);
  e = err({ ruleText: "rule:\n  select: Call[fnc.id='x']\n" });
  assert.deepEqual([e.code, e.diagnostics[0]!.line, e.diagnostics[0]!.column], ["Q3003", 2, 15]);
  e = err({ select: "Name[id=/(/]" });
  assert.equal(e.code, "Q3010");
});

test("cache, prefilters and explain()", () => {
  const a = compileQuery("requests.$M($$$, verify=False)");
  const b = compileQuery("requests.$N($$$, verify=False)");
  assert.equal(a.hash, b.hash, "alpha-equivalent queries share a compiled matcher");
  assert.deepEqual(a.kinds, ["Call"]);
  assert.deepEqual(a.literals, ["requests", "verify"]);
  assert.equal(a.mayMatch(new TextEncoder().encode("import requests\nrequests.get(u)\n")), false);
  assert.equal(a.mayMatch(new TextEncoder().encode("requests.get(u, verify=False)\n")), true);
  assert.deepEqual(compileQuery("import os.path as $P").literals, ["os", "path"]);
  const q = compileQuery({ select: "Call[func.id='eval']" }, { backend: "codegen" });
  q.count(parse("eval(x)\n").tree);
  assert.match(q.explain(), /kinds Call[\s\S]*literals eval[\s\S]*backend generated code requested[\s\S]*function/);
  const auto = compileQuery({ select: "Return[value]:inside(Lambda)" });
  auto.count(parse("f = lambda: 1\n").tree);
  assert.match(auto.explain(), /backend closures: \d+ candidates visited so far/);
  // The cost rule switches to generated code once enough candidates have been visited.
  const big = parse("x = 1\n".repeat(30000)).tree;
  const tier = compileQuery({ select: "Assign[targets.length=1]:not(:inside(Lambda))" });
  assert.equal(tier.count(big), 30000);
  assert.match(
    tier.explain(),
    /backend generated code: \d+ candidates visited before a tree of \d+ rows \(threshold 20000\)[\s\S]*function f0/,
  );
});

test("matches: bindings, extended range with decorators, views, fix templates", () => {
  const src = "@dec\n@other(1)\ndef f(a, b):\n    if a:\n        return b\n";
  const { tree } = parse(src);
  const [m] = compileQuery("def $F($$$ARGS): $$$BODY").find(tree);
  assert.ok(m !== undefined);
  assert.equal(src.slice(m.extendedRange.start, m.range.end).split("\n")[0], "@dec");
  assert.equal(src.slice(m.range.start, m.range.start + 3), "def");
  assert.equal(m.bindings.F!.kind, "ident");
  assert.equal(m.bindings.F!.text, "f");
  assert.equal(m.bindings.ARGS!.kind, "run");
  assert.equal(m.bindings.ARGS!.text, "a, b");
  assert.equal(m.bindings.BODY!.text, "if a:\n        return b");
  const q = compileQuery("def $F($$$ARGS): $$$BODY");
  assert.equal(q.view(tree, m.node)._type, "FunctionDef");
  // A multi-line capture is rebased to where it lands.
  const r = compileQuery({ rule: { pattern: "if $C:\n    $$$B" }, fix: "while $C:\n    $$$B" });
  const [fx] = r.find(tree);
  assert.equal(fx!.fix!.text, "while a:\n        return b");
  assert.equal(src.slice(fx!.fix!.start, fx!.fix!.end), "if a:\n        return b");
});

test("fixes(): sorted replacements, the outermost wins an overlap", () => {
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
    conflicts.map((e) => src.slice(e.start, e.end)),
    ["f(1)"],
  );
  assert.deepEqual(compileQuery("f($A)").fixes(tree), { edits: [], conflicts: [] });
});

test("deep input: relations and equality do not recurse with the tree", () => {
  const n = 100_000;
  const src = "x = " + Array.from({ length: n }, () => "a").join(" + ") + "\n";
  const { tree, error } = parse(src);
  assert.equal(error, null);
  for (const backend of ["closure", "codegen"] as const) {
    assert.equal(compileQuery({ select: "Name:inside(Assign)" }, { backend }).count(tree), n + 1); // and x
    assert.equal(compileQuery({ select: "Assign:has(Name[id='a'])" }, { backend }).count(tree), 1);
    assert.equal(compileQuery({ select: "BinOp:not(:has(BinOp))" }, { backend }).count(tree), 1);
    // $X = $X: structural equality over two 50,000-deep subtrees (the two halves differ in depth).
    assert.equal(compileQuery("$X + $X", { backend }).count(tree), 1);
  }
  const deep = "x = " + "a[0]".repeat(1) + "[0]".repeat(5000) + "\n";
  assert.equal(compileQuery({ select: "Subscript:has(Name)" }).count(parse(deep).tree), 5001);
});
