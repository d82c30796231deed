// Property over the whole stdlib corpus and every ok fixture: for every node, the typed view, the
// walks (walkPreorder, TreeCursor, preorderIds, visit, ast.walk), toJSON() and dump agree: same
// kinds in the same order, same fields and values, same children.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { view } from "../../src/ast/view.js";
import type { NodeView } from "../../src/ast/view.js";
import { walkPreorder, preorderIds, TreeCursor, childIds, iterFields, iterChildNodes, walk } from "../../src/ast/walk.js";
import { visit } from "../../src/ast/visitor.js";
import { plainConstant } from "../../src/ast/materialize.js";
import { pyRepr } from "../../src/ast/repr.js";
import { KINDS, KIND_NAMES, NodeKind } from "../../src/schema/generated/nodes.js";
import type { Tree } from "../../src/ast/tree.js";
import type { PyValue } from "../../src/core/pyvalue.js";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";

type Plain = Record<string, unknown> & { _type: string };

const SPEC_BY_NAME = new Map(KINDS.map((k) => [k.name, k]));
// "_type,field,...,lineno,..." per kind: the keys toJSON must write, in order.
const KEYS_BY_KIND = KINDS.map((k) =>
  ["_type", ...k.fields.map((f) => f.name), ...(k.hasPosition ? ["lineno", "col_offset", "end_lineno", "end_col_offset"] : [])].join(","),
);

// The plain objects of toJSON() in preorder (fields in order, list items in order).
function plainPreorder(root: Plain): Plain[] {
  const out: Plain[] = [];
  const stack: Plain[] = [root];
  while (stack.length > 0) {
    const p = stack.pop()!;
    out.push(p);
    const spec = SPEC_BY_NAME.get(p._type)!;
    const kids: Plain[] = [];
    for (const f of spec.fields) {
      const v = p[f.name];
      if (f.category === "node" || f.category === "node?") {
        if (v !== null) kids.push(v as Plain);
      } else if (f.category === "node*") for (const x of v as (Plain | null)[]) if (x !== null) kids.push(x);
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

// ast.dump(tree) rebuilt from the views through iterFields alone (flat, no attributes).
function dumpView(v: NodeView): string {
  const spec = KINDS[v.tree.kind[v.nodeId]!]!;
  const keepEmpty = v._type === "Constant" || v._type === "MatchSingleton";
  const parts: string[] = [];
  let i = 0;
  for (const [name, x] of iterFields(v)) {
    const f = spec.fields[i++]!;
    assert.equal(name, f.name);
    let text: string;
    switch (f.category) {
      case "node":
      case "node?":
        if (x === undefined) {
          if (f.noneByDefault || !keepEmpty) continue;
          text = "None";
        } else text = dumpView(x as NodeView);
        break;
      case "node*": {
        const xs = x as readonly (NodeView | undefined)[];
        if (xs.length === 0 && !keepEmpty) continue;
        text = "[" + xs.map((c) => (c === undefined ? "None" : dumpView(c))).join(", ") + "]";
        break;
      }
      case "ident":
      case "ident?":
        if (x === undefined) {
          if (f.noneByDefault || !keepEmpty) continue;
          text = "None";
        } else text = pyRepr(x as string);
        break;
      case "ident*":
      case "op*": {
        const xs = x as readonly string[];
        if (xs.length === 0) continue;
        text = "[" + xs.map((s) => (f.category === "op*" ? s + "()" : pyRepr(s))).join(", ") + "]";
        break;
      }
      case "int":
      case "int?":
        text = String(x);
        break;
      case "constant":
        if (x === null && !keepEmpty) continue;
        text = pyRepr(x as PyValue);
        break;
      case "ctx":
      case "op":
        text = String(x) + "()";
        break;
    }
    parts.push(name + "=" + text);
  }
  return v._type + "(" + parts.join(", ") + ")";
}

function checkTree(tree: Tree, name: string): void {
  const ids = preorderIds(tree);
  assert.equal(ids.length, tree.count, `${name}: the walk reaches every row`);

  // walkPreorder, TreeCursor and visit give the same ids, and depths follow the parents.
  const depth = new Int32Array(tree.count).fill(-1);
  let i = 0;
  walkPreorder(tree, (id, d) => {
    assert.equal(id, ids[i++], name);
    const p = tree.parent[id]!;
    assert.equal(d, p < 0 ? 0 : depth[p]! + 1, name);
    depth[id] = d;
  });
  const cursor = new TreeCursor(tree);
  i = 0;
  for (let id = cursor.next(); id >= 0; id = cursor.next()) {
    assert.equal(id, ids[i++], name);
    assert.equal(cursor.depth, depth[id], name);
  }
  assert.equal(i, ids.length);
  let entered = 0;
  let left = 0;
  visit(tree, {
    enter(v, d) {
      assert.equal(v.nodeId, ids[entered++]);
      assert.equal(d, depth[v.nodeId]);
    },
    leave() {
      left++;
    },
  });
  assert.equal(entered, ids.length);
  assert.equal(left, ids.length);
  // ast.walk: breadth-first, so the same set in a different order; the root first.
  const bfs = Array.from(walk(tree), (v) => v.nodeId);
  assert.equal(bfs[0], tree.root);
  assert.deepEqual(Int32Array.from(bfs).sort(), ids.slice().sort(), name);
  for (let j = 1; j < bfs.length; j++) assert.ok(depth[bfs[j - 1]!]! <= depth[bfs[j]!]!, `${name}: ast.walk goes level by level`);

  // toJSON in preorder lines up with the ids: same kinds, same fields, same children.
  const plains = plainPreorder(tree.toJSON() as unknown as Plain);
  assert.equal(plains.length, ids.length, name);
  const index = new Int32Array(tree.count);
  ids.forEach((id, j) => {
    index[id] = j;
  });
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j]!;
    const p = plains[j]!;
    const v = view(tree, id);
    const spec = KINDS[tree.kind[id]!]!;
    assert.equal(v._type, KIND_NAMES[tree.kind[id]!]);
    assert.equal(p._type, v._type);
    assert.equal(Object.keys(p).join(","), KEYS_BY_KIND[tree.kind[id]!], `${name}: ${v._type} keys`);
    // Children: the view's, iterChildNodes', childIds' and toJSON's are the same nodes.
    const kids = childIds(tree, id);
    assert.deepEqual(
      Array.from(iterChildNodes(v), (c) => c.nodeId),
      kids,
    );
    let f = 0;
    for (const [fname, x] of iterFields(v)) {
      const fs = spec.fields[f++]!;
      const px = p[fname];
      const same = (c: NodeView | undefined, q: unknown) => {
        if (c === undefined) assert.equal(q, null, `${name}: ${v._type}.${fname}`);
        else assert.equal(plains[index[c.nodeId]!], q, `${name}: ${v._type}.${fname} child`);
      };
      switch (fs.category) {
        case "node":
        case "node?":
          same(x as NodeView | undefined, px);
          break;
        case "node*": {
          const xs = x as readonly (NodeView | undefined)[];
          assert.equal(xs.length, (px as unknown[]).length);
          xs.forEach((c, k) => {
            same(c, (px as unknown[])[k]);
          });
          break;
        }
        case "constant":
          assert.deepEqual(plainConstant(x as PyValue), px);
          break;
        case "ctx":
        case "op":
          assert.deepEqual({ _type: x }, px);
          break;
        case "op*":
          assert.deepEqual(
            (x as string[]).map((o) => ({ _type: o })),
            px,
          );
          break;
        default:
          assert.deepEqual(x === undefined ? null : x, px, `${name}: ${v._type}.${fname}`);
      }
    }
    if (spec.hasPosition) {
      assert.deepEqual([v.lineno, v.col_offset, v.end_lineno, v.end_col_offset], [p.lineno, p.col_offset, p.end_lineno, p.end_col_offset]);
    } else if (tree.kind[id] !== NodeKind.TypeIgnore) {
      assert.equal(v.lineno, undefined);
    }
  }
  // dump, rebuilt from the views, is CPython's dump.
  assert.equal(dumpView(view(tree)), dump(tree), `${name}: dump`);
}

test("views, walks, toJSON and dump agree on every node of the stdlib corpus", () => {
  let nodes = 0;
  for (const f of stdlibFiles()) {
    const { tree, error } = parse(f.bytes);
    assert.equal(error, null, f.name);
    checkTree(tree, f.name);
    nodes += tree.count;
  }
  assert.ok(nodes > 600_000, `only ${nodes} nodes`);
});

test("views, walks, toJSON and dump agree on every ok grammar fixture", () => {
  for (const f of listFixtures("ok")) {
    const { tree, error } = parse(f.bytes);
    assert.equal(error, null, f.rel);
    checkTree(tree, f.rel);
  }
});
