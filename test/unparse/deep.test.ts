// Depth: unparse keeps its own work stack, so the longest chains the parser accepts (200,000-long
// left-nested `a+b+...`, `x.a.a...`, `f()()...`, 10,000-deep `a[0][0]...`, flat `and` and
// comparison chains) and right-nested input thousands deep print without a JS stack
// overflow, as does a built tree a million levels deep. (CPython's ast.unparse hits its
// recursion limit on all of these; the expected texts are built directly.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { Tree } from "../../src/ast/tree.js";
import { FIELD_SLOT, fieldIndex } from "../../src/ast/layout.js";
import { NodeKind as K, UnaryOperator } from "../../src/schema/generated/nodes.js";
import { unparse } from "../../src/unparse/unparse.js";

const LONG = 200_000;

function roundTrip(src: string, want: string): void {
  const { tree, error } = parse(src, { compact: false });
  assert.equal(error, null, error?.msg);
  const got = unparse(tree);
  // Compare lengths first: a failing deepEqual on megabyte strings prints too much.
  assert.equal(got.length, want.length);
  assert.ok(got === want, `first difference at ${[...got].findIndex((c, i) => c !== want[i])}`);
}

test(`left-nested chains ${LONG.toLocaleString("en")} long`, () => {
  roundTrip("a" + "+b".repeat(LONG) + "\n", "a" + " + b".repeat(LONG));
  roundTrip("a" + "-b*c".repeat(LONG / 2) + "\n", "a" + " - b * c".repeat(LONG / 2));
  roundTrip("x" + ".a".repeat(LONG) + "\n", "x" + ".a".repeat(LONG));
  roundTrip("f" + "()".repeat(LONG) + "\n", "f" + "()".repeat(LONG));
  roundTrip("f" + "(x).y".repeat(LONG / 2) + "\n", "f" + "(x).y".repeat(LONG / 2));
});

test("subscript chain 10,000 deep", () => {
  roundTrip("a" + "[0]".repeat(10_000) + "\n", "a" + "[0]".repeat(10_000));
});

test(`flat chains ${LONG.toLocaleString("en")} long: and, or, comparisons, assignment targets`, () => {
  roundTrip("a" + " and b".repeat(LONG) + "\n", "a" + " and b".repeat(LONG));
  roundTrip("a" + " or b".repeat(LONG) + "\n", "a" + " or b".repeat(LONG));
  roundTrip("a" + " < b".repeat(LONG) + "\n", "a" + " < b".repeat(LONG));
  roundTrip("a = ".repeat(LONG) + "1\n", "a = ".repeat(LONG) + "1");
});

test("right-nested input, thousands deep", () => {
  // Below the parser's limits (which it enforces partly by catching JS stack overflows, so the
  // exact maximum varies with JIT state): deep enough that a recursive printer would be at risk.
  roundTrip("-".repeat(3000) + "x\n", "-".repeat(3000) + "x");
  roundTrip("not ".repeat(3000) + "x\n", "not ".repeat(3000) + "x");
  roundTrip("a" + "**a".repeat(1500) + "\n", "a" + " ** a".repeat(1500));
  roundTrip("lambda: ".repeat(2000) + "x\n", "lambda: ".repeat(2000) + "x");
  roundTrip("a" + " if b else a".repeat(1500) + "\n", "a" + " if b else a".repeat(1500));
  roundTrip("if a:\n    pass\n" + "elif a:\n    pass\n".repeat(3000), "if a:\n    pass" + "\nelif a:\n    pass".repeat(3000));
  roundTrip("(".repeat(200) + "x" + ")".repeat(200) + "\n", "x");
  roundTrip("[".repeat(200) + "x" + "]".repeat(200) + "\n", "[".repeat(200) + "x" + "]".repeat(200));
});

test("a built tree a million levels deep (deeper than any parse)", () => {
  const DEPTH = 1_000_000;
  const t = new Tree(new Uint8Array(0));
  const slot = (k: number, f: string) => FIELD_SLOT[k]![fieldIndex(k, f)]!;
  const constant = t.add(K.Constant, 0, 0);
  t.slots[t.base[constant]! + slot(K.Constant, "value")] = t.constant(1n);
  let e = constant;
  for (let i = 0; i < DEPTH; i++) {
    const u = t.add(K.UnaryOp, 0, 0);
    t.slots[t.base[u]! + slot(K.UnaryOp, "op")] = UnaryOperator.USub;
    t.slots[t.base[u]! + slot(K.UnaryOp, "operand")] = e;
    e = u;
  }
  const stmt = t.add(K.Expr, 0, 0);
  t.slots[t.base[stmt]! + slot(K.Expr, "value")] = e;
  t.setRoot(t.list(Int32Array.of(stmt), 0, 1), 0);
  const got = unparse(t);
  assert.equal(got.length, DEPTH + 1);
  assert.ok(got === "-".repeat(DEPTH) + "1");
});
