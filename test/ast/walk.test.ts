// Walk order (preorder in CPython field order; ast.walk breadth-first), skipping, depth, the
// visitor's enter/leave/skip, and chains 200,000 deep walked without a stack overflow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { view } from "../../src/ast/view.js";
import type { NodeView } from "../../src/ast/view.js";
import { walkPreorder, preorderIds, TreeCursor, childIds, forEachChild, iterFields, iterChildNodes, walk } from "../../src/ast/walk.js";
import { visit } from "../../src/ast/visitor.js";
import { depthOf, nodeAtOffset, fieldOf, ancestorIds } from "../../src/ast/navigate.js";
import type { Tree } from "../../src/ast/tree.js";

function tree(src: string): Tree {
  const r = parse(src);
  assert.equal(r.error, null);
  return r.tree;
}

// A readable label per node: kind, plus the identifier or constant it holds.
function label(t: Tree, id: number): string {
  const v = view(t, id);
  if (v._type === "Name") return `Name:${v.id}`;
  if (v._type === "Constant") return `Constant:${String(v.value)}`;
  if (v._type === "arg") return `arg:${v.arg}`;
  return v._type;
}

const SRC = "def f(a, b=1):\n    return g(a, k=b)[0]\nx = {1: y, **z}\n";
const PREORDER = [
  "Module",
  "FunctionDef",
  "arguments",
  "arg:a",
  "arg:b",
  "Constant:1",
  "Return",
  "Subscript",
  "Call",
  "Name:g",
  "Name:a",
  "keyword",
  "Name:b",
  "Constant:0",
  "Assign",
  "Name:x",
  "Dict",
  "Constant:1",
  "Name:y",
  "Name:z",
];

test("walkPreorder: node, then children in CPython field order; depth; returning false skips", () => {
  const t = tree(SRC);
  const seen: string[] = [];
  const depths: number[] = [];
  walkPreorder(t, (id, d) => {
    seen.push(label(t, id));
    depths.push(d);
  });
  assert.deepEqual(seen, PREORDER);
  assert.deepEqual(depths, [0, 1, 2, 3, 3, 3, 2, 3, 4, 5, 5, 5, 6, 4, 1, 2, 2, 3, 3, 3]);
  // Dict.keys holds None for `**z`: not a node, left out; values follow keys (field order).
  const skipped: string[] = [];
  walkPreorder(t, (id) => {
    skipped.push(label(t, id));
    return view(t, id)._type !== "FunctionDef";
  });
  assert.deepEqual(skipped, ["Module", "FunctionDef", "Assign", "Name:x", "Dict", "Constant:1", "Name:y", "Name:z"]);
  assert.deepEqual(
    Array.from(preorderIds(t), (id) => label(t, id)),
    PREORDER,
  );
});

test("walkPreorder from a subtree, nested walks, and preorderIds from a subtree", () => {
  const t = tree(SRC);
  const call = Array.from(preorderIds(t)).find((id) => view(t, id)._type === "Call")!;
  const sub: string[] = [];
  walkPreorder(t, (id, d) => void sub.push(`${label(t, id)}@${d}`), call);
  assert.deepEqual(sub, ["Call@0", "Name:g@1", "Name:a@1", "keyword@1", "Name:b@2"]);
  assert.deepEqual(
    Array.from(preorderIds(t, call), (id) => label(t, id)),
    ["Call", "Name:g", "Name:a", "keyword", "Name:b"],
  );
  // A walk inside another walk's callback gets its own stack.
  let inner = 0;
  let outer = 0;
  walkPreorder(t, () => {
    outer++;
    walkPreorder(t, () => void inner++, call);
  });
  assert.equal(outer, PREORDER.length);
  assert.equal(inner, PREORDER.length * 5);
});

test("TreeCursor: same order and depths as walkPreorder; skipChildren", () => {
  const t = tree(SRC);
  const c = new TreeCursor(t);
  const seen: string[] = [];
  for (let id = c.next(); id >= 0; id = c.next()) {
    seen.push(`${label(t, id)}@${c.depth}`);
    if (view(t, id)._type === "Call") c.skipChildren();
  }
  assert.deepEqual(
    seen.map((s) => s.split("@")[0]),
    PREORDER.filter((_, i) => i < 9 || i > 12),
  );
  assert.equal(c.next(), -1);
  assert.equal(c.next(), -1);
});

test("children, fields and ast.walk (breadth-first) follow CPython", () => {
  const t = tree(SRC);
  const m = view(t);
  assert.deepEqual(
    childIds(t, t.root).map((id) => label(t, id)),
    ["FunctionDef", "Assign"],
  );
  const dict = Array.from(walk(m)).find((v) => v._type === "Dict")!;
  assert.deepEqual(
    Array.from(iterChildNodes(dict), (v) => label(t, v.nodeId)),
    ["Constant:1", "Name:y", "Name:z"],
  );
  const where: [number, number][] = [];
  forEachChild(t, dict.nodeId, (_c, f, j) => where.push([f, j]));
  assert.deepEqual(where, [
    [0, 0],
    [1, 0],
    [1, 1],
  ]); // keys[0], values[0], values[1]
  const fields = Array.from(iterFields(dict), ([k, v]) => [k, (v as readonly (NodeView | undefined)[]).map((x) => x?._type)]);
  assert.deepEqual(fields, [
    ["keys", ["Constant", undefined]],
    ["values", ["Name", "Name"]],
  ]);
  // ast.walk: a deque, level by level (CPython: Module, FunctionDef, Assign, arguments, Return, ...).
  assert.deepEqual(
    Array.from(walk(t), (v) => label(t, v.nodeId)),
    [
      "Module",
      "FunctionDef",
      "Assign",
      "arguments",
      "Return",
      "Name:x",
      "Dict",
      "arg:a",
      "arg:b",
      "Constant:1",
      "Subscript",
      "Constant:1",
      "Name:y",
      "Name:z",
      "Call",
      "Constant:0",
      "Name:g",
      "Name:a",
      "keyword",
      "Name:b",
    ],
  );
  const name = Array.from(walk(m)).find((v) => v._type === "Name")!;
  assert.deepEqual(Array.from(iterFields(name)), [
    ["id", "x"],
    ["ctx", "Store"],
  ]); // breadth-first: x comes first
  assert.deepEqual(Array.from(iterChildNodes(name)), []); // Store() is not a node here
});

test("visit: per-kind and generic enter/leave, in order; false skips the children but still leaves", () => {
  const t = tree(SRC);
  const log: string[] = [];
  visit(t, {
    enter(n, d) {
      log.push(`>${n._type}@${d}`);
    },
    leave(n) {
      log.push(`<${n._type}`);
    },
    Call: {
      enter(n) {
        log.push(`call ${n.func._type === "Name" ? n.func.id : "?"}`);
        return false;
      },
      leave(n) {
        log.push(`end call ${n.args.length}`);
      },
    },
    Name(n) {
      log.push(`name ${n.id}`);
    },
  });
  const i = log.indexOf(">Call@4");
  assert.deepEqual(log.slice(i, i + 5), [">Call@4", "call g", "end call 1", "<Call", ">Constant@4"]);
  assert.deepEqual(log.slice(0, 3), [">Module@0", ">FunctionDef@1", ">arguments@2"]);
  assert.equal(log.at(-1), "<Module");
  assert.ok(!log.includes("name g"), "the skipped Call's children are not visited");
  assert.deepEqual(
    log.filter((l) => l.startsWith("name ")),
    ["name x", "name y", "name z"],
  );
  // Only kinds with a callback get views: a visitor for Call alone makes one view per Call.
  let calls = 0;
  visit(t, { Call: () => void calls++ });
  assert.equal(calls, 1);
});

test("chains 200,000 deep: walks, visitor, toJSON, navigation and ast.walk without a stack overflow", () => {
  const n = 200_000;
  const t = tree("x = " + Array.from({ length: n }, () => "a").join(" + ") + "\n");
  let max = 0;
  let count = 0;
  walkPreorder(t, (_id, d) => {
    count++;
    if (d > max) max = d;
  });
  assert.equal(count, t.count);
  assert.equal(max, n + 1); // Module > Assign > BinOp x (n - 1) > Name
  const c = new TreeCursor(t);
  let cmax = 0;
  for (let id = c.next(); id >= 0; id = c.next()) cmax = Math.max(cmax, c.depth);
  assert.equal(cmax, n + 1);
  assert.equal(preorderIds(t).length, t.count);
  let entered = 0;
  let left = 0;
  visit(t, { BinOp: { enter: () => void entered++, leave: () => void left++ } });
  assert.equal(entered, n - 1);
  assert.equal(left, n - 1);
  assert.equal(Array.from(walk(t)).length, t.count);
  // The innermost node at the first `a` is the deepest Name.
  const first = nodeAtOffset(t, 4);
  assert.equal(label(t, first), "Name:a");
  assert.equal(depthOf(t, first), n + 1);
  assert.equal(ancestorIds(t, first).length, n + 1);
  assert.deepEqual(fieldOf(t, first), { parent: t.parent[first], field: "left", fieldIndex: 0, index: -1 });
  const json = t.toJSON();
  let depth = 0;
  let cur: unknown = json.body[0];
  while (cur !== null && typeof cur === "object" && "_type" in cur) {
    const o = cur as { _type: string; value?: unknown; left?: unknown };
    cur = o._type === "Assign" ? o.value : o.left;
    depth++;
  }
  assert.equal(depth, n + 1);
  // a[0][0]... 10,000 deep (Subscript chain) too.
  const s = tree("x = a" + "[0]".repeat(10_000) + "\n");
  let sub = 0;
  visit(s, { Subscript: () => void sub++ });
  assert.equal(sub, 10_000);
});
