// Relations beyond the fixtures: stopBy/field static checks (Q3020, Q3021), their defaults, stop
// rules that never bind, `$$$` between statements, `:has` on deep chains and sibling relations on
// long lists (linear: results asserted, and sub-rule evaluations counted; no timing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { compileQuery, QueryError, type QuerySpec } from "../../src/query/compile.js";
import { relationWork } from "../../src/query/runtime.js";

function err(spec: QuerySpec): QueryError {
  try {
    compileQuery(spec);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  assert.fail(`expected a QueryError for ${JSON.stringify(spec)}`);
}

const BACKENDS = ["closure", "codegen"] as const;

function count(spec: QuerySpec, src: string): number[] {
  const { tree, error } = parse(src);
  assert.equal(error, null);
  return BACKENDS.map((backend) => compileQuery(spec, { backend }).count(tree));
}

test("bad stopBy: Q3020 with a position and a did-you-mean", () => {
  const rule = (r: object) => ({ ruleText: JSON.stringify({ rule: r }, null, 1) });
  let e = err(rule({ kind: "Call", inside: { kind: "FunctionDef", stopBy: "End" } }));
  assert.equal(e.code, "Q3020");
  assert.match(e.message, /stopBy is 'neighbor', 'end' or a rule, not 'End' \(did you mean 'end'\?\)/);
  assert.equal(e.diagnostics[0]!.source.slice(e.diagnostics[0]!.start, e.diagnostics[0]!.end), "End");
  e = err(rule({ kind: "Call", has: { kind: "Name", stopBy: "nieghbor" } }));
  assert.match(e.message, /did you mean 'neighbor'/);
  assert.equal(err(rule({ kind: "Call", has: { kind: "Name", stopBy: 3 } })).code, "Q3020");
  assert.equal(err(rule({ kind: "Call", has: { kind: "Name", stopBy: ["end"] } })).code, "Q3020");
  e = err(rule({ kind: "Call", has: { kind: "Name", stopBy: "end", immediate: true } }));
  assert.match(e.message, /not both/);
  e = err(rule({ kind: "Call", has: { kind: "Name", stopBy: { all: [{ kind: "Call" }, { kind: "Name" }] } } }));
  assert.match(e.message, /stopBy rule can never match/);
  e = err(rule({ kind: "Call", scope: { kind: "FunctionDef", stopBy: "end" } }));
  assert.equal(e.code, "Q3020");
  e = err(rule({ kind: "Call", stopBy: "end" }));
  assert.match(e.message, /'stopBy' belongs in the rule of a relation/);
  // An unknown kind inside a stop rule is the ordinary Q3002.
  assert.equal(err(rule({ kind: "Call", inside: { kind: "For", stopBy: { kind: "FunctionDf" } } })).code, "Q3002");
});

test("bad field: Q3021, unknown field names Q3003", () => {
  const rule = (r: object) => ({ rule: r }) as QuerySpec;
  let e = err(rule({ kind: "Call", has: { kind: "Name", field: "fnc" } }));
  assert.equal(e.code, "Q3003");
  assert.match(e.message, /did you mean 'func'/);
  e = err(rule({ kind: "Call", has: { kind: "Name", field: "id" } }));
  assert.equal(e.code, "Q3021");
  assert.match(e.message, /never holds nodes/);
  e = err(rule({ kind: "Call", follows: { kind: "Name", field: "value" } }));
  assert.equal(e.code, "Q3021");
  assert.match(e.message, /applies to has and inside, not to follows/);
  assert.equal(err(rule({ kind: "Call", has: { kind: "Name", field: 1 } })).code, "Q3021");
  assert.equal(err(rule({ kind: "Call", field: "func" })).code, "Q3021");
});

test("defaults: neighbor for has/inside/follows/precedes, end for hasOwn; immediate spells either", () => {
  const src = "def f():\n    a = 1\n    b = 2\n    print(a)\n";
  const print = (rel: object) => ({ rule: { pattern: "print($A)", ...rel } }) as QuerySpec;
  assert.deepEqual(count(print({ inside: { kind: "FunctionDef" } }), src), [0, 0]);
  assert.deepEqual(count(print({ inside: { kind: "FunctionDef", stopBy: "end" } }), src), [1, 1]);
  assert.deepEqual(count(print({ inside: { kind: "FunctionDef", immediate: false } }), src), [1, 1]);
  assert.deepEqual(count(print({ follows: { pattern: "a = 1" } }), src), [0, 0]);
  assert.deepEqual(count(print({ follows: { pattern: "a = 1", stopBy: "end" } }), src), [1, 1]);
  assert.deepEqual(count(print({ follows: { pattern: "b = 2" } }), src), [1, 1]);
  assert.deepEqual(count({ rule: { kind: "FunctionDef", has: { kind: "Constant" } } }, src), [0, 0]);
  assert.deepEqual(count({ rule: { kind: "FunctionDef", hasOwn: { kind: "Constant" } } }, src), [1, 1]);
  assert.deepEqual(count({ rule: { kind: "FunctionDef", hasOwn: { kind: "Assign", immediate: true } } }, src), [1, 1]);
  assert.deepEqual(count({ rule: { kind: "Assign", precedes: { kind: "Expr", stopBy: { kind: "Assign" } } } }, src), [1, 1]);
});

test("a stop rule is a probe: its metavariables never bind", () => {
  const src = "x = 1\ny = 2\nprint(x)\n";
  for (const backend of BACKENDS) {
    const q = compileQuery({ rule: { pattern: "print($A)", follows: { pattern: "$A = 1", stopBy: { pattern: "$Z = 2" } } } }, { backend });
    assert.equal(q.find(parse(src).tree).length, 0, "y = 2 stops the search before x = 1");
    const q2 = compileQuery({ rule: { pattern: "print($A)", follows: { pattern: "$A = 1", stopBy: { pattern: "$Z = 3" } } } }, { backend });
    const [m] = q2.find(parse(src).tree);
    assert.deepEqual(Object.keys(m!.bindings), ["A"]);
  }
});

test("$$$ between top-level statements: range, bindings, same body only, Expr subjects", () => {
  const src = "def f():\n    setup()\n    x = 1\n    work(x)\n    teardown()\nsetup()\nteardown()\n";
  const { tree } = parse(src);
  for (const backend of BACKENDS) {
    const ms = compileQuery("setup()\n$$$BODY\nteardown()", { backend }).find(tree);
    assert.equal(ms.length, 2);
    assert.equal(src.slice(ms[0]!.range.start, ms[0]!.range.end), "setup()\n    x = 1\n    work(x)\n    teardown()");
    assert.equal(ms[0]!.bindings.BODY!.text, "x = 1\n    work(x)");
    assert.equal(src.slice(ms[1]!.range.start, ms[1]!.range.end), "setup()\nteardown()");
    assert.deepEqual(Object.keys(ms[1]!.bindings), ["BODY"], "the span variable stays hidden");
    assert.deepEqual(compileQuery("setup()\n$$$BODY\nteardown()").vars, ["BODY"]);
    // Several globs, backtracking: x = 1 must come somewhere between.
    assert.equal(compileQuery("setup()\n$$$\nx = 1\n$$$\nteardown()", { backend }).count(tree), 1);
    assert.equal(compileQuery("setup()\n$$$\nwork($X)\nx = 1\n$$$\nteardown()", { backend }).count(tree), 0);
    // A rule whose subject pattern has $$$ reports the same range; a fix replaces it whole.
    const r = compileQuery({ rule: { pattern: "setup()\n$$$B\nteardown()" }, fix: "with ctx():\n    $$$B" }, { backend }).find(tree);
    assert.equal(src.slice(r[0]!.range.start, r[0]!.range.end), "setup()\n    x = 1\n    work(x)\n    teardown()");
  }
  // A metavariable subject is a statement: once per statement (not again as an expression
  // statement's value), never an item of an argument list.
  assert.deepEqual(count("$$$A\n$S\n$$$B", "f(a, b, c)\nx = 1\n"), [2, 2]);
  assert.deepEqual(count("$S\n$$$\nx = 1", "f(a, b, c)\nx = 1\n"), [1, 1]);
  assert.equal(err("$$$A\n$$$B").code, "Q3004");
});

test(":has on deep chains is linear: 200,000-long a+b+..., 100,000 nested calls", () => {
  const n = 200_000;
  const bin = parse("x = " + Array.from({ length: n }, (_, i) => (i === n - 1 ? "z" : "a")).join(" + ") + "\n");
  assert.equal(bin.error, null);
  const calls = parse("x" + ".f()".repeat(100_000) + "\n");
  assert.equal(calls.error, null);
  for (const backend of BACKENDS) {
    const c = (spec: QuerySpec, t = bin.tree) => compileQuery(spec, { backend }).count(t);
    assert.equal(c({ select: "BinOp:has(Name)" }), n - 1);
    // z is the rightmost operand: only the outermost BinOp holds it.
    assert.equal(c({ select: "BinOp:has(Name[id='z'])" }), 1);
    assert.equal(c({ select: "BinOp:has(BinOp Name[id='a'])" }), n - 2);
    assert.equal(c({ rule: { kind: "BinOp", has: { pattern: "z", stopBy: { kind: "BinOp" } } } }), 1);
    assert.equal(c({ rule: { kind: "Name", inside: { kind: "Assign", field: "value", stopBy: "end" } } }), n);
    assert.equal(c({ rule: { kind: "BinOp", has: { field: "left", stopBy: "end", pattern: "z" } } }), 0);
    assert.equal(c({ rule: { kind: "BinOp", has: { field: "left", stopBy: "end", kind: "Name" } } }), n - 1);
    assert.equal(c({ select: "Call:has(Call)" }, calls.tree), 99_999);
    assert.equal(c({ select: "Call:not(:has(Call))" }, calls.tree), 1);
    assert.equal(c({ select: "Call:has(> Attribute Call)" }, calls.tree), 99_999);
    // The nearest scope is kept per tree: no walk up the whole chain from each node.
    assert.equal(c({ rule: { kind: "Name", scope: { kind: "Module" } } }), n + 1);
  }
});

test("field tests on a 100,000-statement module are linear (the list-field index)", () => {
  const { tree, error } = parse("x = 1\n".repeat(100_000));
  assert.equal(error, null);
  for (const backend of BACKENDS) {
    assert.equal(compileQuery({ select: "Assign:field(body)" }, { backend }).count(tree), 100_000);
    assert.equal(
      compileQuery({ rule: { kind: "Name", inside: { kind: "Module", field: "body", stopBy: "end" } } }, { backend }).count(tree),
      100_000,
    );
    assert.equal(
      compileQuery({ rule: { kind: "Constant", inside: { kind: "Module", field: "type_ignores", stopBy: "end" } } }, { backend }).count(
        tree,
      ),
      0,
    );
  }
});

test("follows/precedes to the end, ~ and :nth-child(of) on long lists: work linear in the list's length", () => {
  // The worst case is a sub-rule that matches nothing: each candidate would rescan its siblings.
  const specs: [QuerySpec, (n: number) => number][] = [
    [{ rule: { kind: "Assign", follows: { pattern: "g()", stopBy: "end" } } }, () => 0],
    [{ rule: { kind: "Assign", precedes: { pattern: "g()", stopBy: "end" } } }, () => 0],
    [{ rule: { kind: "Assign", precedes: { pattern: "f()", stopBy: "end" } } }, (n) => n],
    [{ rule: { kind: "Assign", follows: { pattern: "g()", stopBy: { pattern: "h()" } } } }, () => 0],
    [{ rule: { kind: "Assign", precedes: { kind: "Expr", stopBy: { kind: "Assign" } } } }, () => 1],
    [{ select: "Expr ~ Assign" }, () => 0],
    [{ select: "Assign ~ Call" }, () => 1],
    [{ select: "Assign + Assign" }, (n) => n - 1],
    [{ select: "Assign:nth-child(2n+1 of Assign)" }, (n) => n / 2],
    [{ select: "Assign:nth-last-child(2n of Assign)" }, (n) => n / 2],
    [{ select: "stmt:nth-last-child(1)" }, () => 1],
  ];
  const n = 100_000;
  const trees = [n, 2 * n].map((k) => {
    const r = parse("x = 1\n".repeat(k) + "f()\n");
    assert.equal(r.error, null);
    return r.tree;
  });
  for (const backend of BACKENDS)
    for (const [spec, want] of specs) {
      const q = compileQuery(spec, { backend });
      const work = trees.map((tree, i) => {
        relationWork.evals = 0;
        assert.equal(q.count(tree), want(n << i), `${JSON.stringify(spec)} (${backend})`);
        return relationWork.evals;
      });
      const what = `${JSON.stringify(spec)} (${backend}): ${work.join(" then ")} sub-rule evaluations`;
      // Each statement's own test, and its Expr's value: at most a few evaluations per statement.
      assert.ok(work[0]! <= 3 * (n + 1), what);
      assert.ok(work[1]! <= 2 * work[0]! + 4, what);
    }
});

test("many queries over one tree: the kind index from the third scan on gives the same rows, in order", () => {
  const { tree, error } = parse("def f(a):\n    x = g(a)[0].b\n    return h(x, y=a)\nclass C:\n    z = [i for i in f(1)]\n");
  assert.equal(error, null);
  const specs: QuerySpec[] = [{ select: "Call, Attribute, Subscript" }, { select: "Name" }, "$F($$$)", { select: "expr" }, { select: "*" }];
  for (const backend of BACKENDS)
    for (const spec of specs) {
      const q = compileQuery(spec, { backend });
      const first = q.nodes(tree);
      assert.deepEqual(
        [...first].sort((a, b) => a - b),
        first,
        "row order",
      );
      for (let i = 0; i < 4; i++) {
        assert.deepEqual(q.nodes(tree), first, `${JSON.stringify(spec)} (${backend}), run ${i + 2}`);
        assert.equal(q.count(tree), first.length);
      }
    }
});
