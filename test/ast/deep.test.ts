// Depth: dump, toJSON, fromJSON, transform and the location helpers walk with explicit stacks,
// so any tree the parser accepts works: a left-nested BinOp chain 1,000,000 deep, and
// subscripts, attributes and calls 10,000+ deep (each of which used to end in a RangeError).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { fromJSON } from "../../src/ast/from-json.js";
import { transform } from "../../src/ast/transform.js";
import { BuildError } from "../../src/ast/build.js";
import { fixMissingLocations, incrementLineno } from "../../src/ast/location.js";
import { view, type NodeView } from "../../src/ast/view.js";
// Plain nodes as JSON would bring them: partial, loosely typed (fromJSON checks them).
type PlainNode = { _type: string; [field: string]: unknown };
import type { Tree } from "../../src/ast/tree.js";

const NAME_A = "Name(id='a', ctx=Load())";

// Follows `key` down from the root's first statement's value; returns the depth reached and
// the innermost node.
function descend(module: { readonly body: readonly unknown[] }, key: string): [number, PlainNode] {
  const root = module as unknown as PlainNode;
  let n = (root.body as { value: PlainNode }[])[0]!.value;
  let depth = 0;
  while ((n[key] as PlainNode | undefined)?._type === n._type) {
    n = n[key] as PlainNode;
    depth++;
  }
  return [depth, n];
}

function parsed(src: string): Tree {
  const { tree, error } = parse(src);
  assert.equal(error, null);
  return tree;
}

test("a + a + ... 1,000,001 terms: dump, toJSON, fromJSON, transform, incrementLineno", () => {
  const N = 1_000_000;
  const tree = parsed("a" + "+a".repeat(N) + "\n");
  const want =
    "Module(body=[Expr(value=" + "BinOp(left=".repeat(N) + NAME_A + ", op=Add(), right=Name(id='a', ctx=Load()))".repeat(N) + ")])";
  assert.equal(dump(tree), want);
  const plain = tree.toJSON();
  const [depth, inner] = descend(plain, "left");
  assert.equal(depth, N - 1);
  assert.deepEqual(inner.left, {
    _type: "Name",
    id: "a",
    ctx: { _type: "Load" },
    lineno: 1,
    col_offset: 0,
    end_lineno: 1,
    end_col_offset: 1,
  });
  const built = fromJSON(plain);
  assert.equal(dump(built), want);
  // The transformed tree: same rows, and the deepest node with its position.
  const out = transform(tree, {});
  assert.equal(out.count, tree.count);
  for (const t of [built, out]) {
    // biome-ignore lint/suspicious/noExplicitAny: reads fields of several kinds by name
    let v: any = view(t).body[0]!;
    v = v.value;
    for (let i = 0; i < N; i++) v = v.left;
    assert.equal(v._type, "Name");
    assert.equal(v.end_col_offset, 1);
    incrementLineno(t, 2);
    assert.equal(v.lineno, 3);
  }
});

test("a + a + ... 200,001 terms: dump with attributes and with an indent, through fromJSON and transform", () => {
  const N = 200_000;
  const tree = parsed("a" + "+a".repeat(N));
  const attrs = dump(tree, { includeAttributes: true });
  assert.ok(
    attrs.endsWith(
      `, lineno=1, col_offset=0, end_lineno=1, end_col_offset=${2 * N + 1}), lineno=1, col_offset=0, end_lineno=1, end_col_offset=${2 * N + 1})])`,
    ),
  );
  assert.equal(dump(fromJSON(tree.toJSON()), { includeAttributes: true }), attrs);
  // Callbacks without a generic visit keep the walk iterative; generic visits nest on the JS
  // stack, as Python's do, and stop with a BuildError (never a RangeError) past their limit.
  assert.equal(dump(transform(tree, { BinOp: () => undefined, Name: () => undefined }), { includeAttributes: true }), attrs);
  assert.throws(() => transform(tree, { BinOp: (_n, c) => c.genericVisit() }), BuildError);
  // An empty indent keeps the text linear in the depth (each level adds no spaces).
  const indented = dump(tree, { indent: "" });
  assert.equal(indented.split("\n").length, 3 * N + 4);
  assert.ok(indented.startsWith("Module(\nbody=[\nExpr(\nvalue=BinOp(\nleft=BinOp(\n"));
  // fixMissingLocations on plain nodes this deep: the innermost gets the root's positions.
  const plain = tree.toJSON();
  const [, inner] = descend(plain, "left");
  const a = inner.left as PlainNode;
  delete a.lineno;
  delete a.end_col_offset;
  fixMissingLocations(plain);
  assert.deepEqual([a.lineno, a.end_col_offset], [1, 3]);
});

const CHAINS: [string, string, string, string][] = [
  // name, source, the text before the innermost node (per level), the text after it (per level)
  ["subscripts", "x = a" + "[0]".repeat(12_000), "Subscript(value=", ", slice=Constant(value=0), ctx=Load())"],
  ["attributes", "x = a" + ".b".repeat(12_000), "Attribute(value=", ", attr='b', ctx=Load())"],
  ["calls", "x = a" + "()".repeat(12_000), "Call(func=", ")"],
];

for (const [name, src, open, close] of CHAINS) {
  test(`${name} 12,000 deep: dump, toJSON, fromJSON, transform`, () => {
    const N = 12_000;
    const tree = parsed(src);
    const want = "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=" + open.repeat(N) + NAME_A + close.repeat(N) + ")])";
    assert.equal(dump(tree), want);
    const attrs = dump(tree, { includeAttributes: true });
    // An empty indent: with spaces the text would grow with the square of the depth.
    const indent = dump(tree, { indent: "", includeAttributes: true });
    const [depth] = descend(tree.toJSON(), open.slice(open.indexOf("(") + 1, -1));
    assert.equal(depth, N - 1);
    const built = fromJSON(tree.toJSON());
    assert.equal(dump(built, { includeAttributes: true }), attrs);
    assert.equal(dump(built, { indent: "", includeAttributes: true }), indent);
    const renamed = transform(tree, {
      Name: (n) => ((n as NodeView & { id: string }).id === "a" ? { _type: "Name", id: "q" } : undefined),
    });
    assert.equal(dump(renamed), want.replace(NAME_A, "Name(id='q', ctx=Load())"));
    // Every node has its four positions again once the new Name gets its parent's.
    const count = (s: string) => s.split("end_col_offset=").length;
    assert.equal(count(dump(renamed, { includeAttributes: true })), count(attrs) - 1);
    assert.equal(count(dump(fixMissingLocations(renamed), { includeAttributes: true })), count(attrs));
  });
}
