// Tree rows: the root Module is row 0 (no sentinel row), nobody's child; parents link up to it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, view, NodeKind } from "../../src/index.js";
import type { NodeView } from "../../src/index.js";

test("the root Module is row 0; top-level statements have it as parent, it has none", () => {
  const { tree } = parse("import os\nx = 1\n");
  assert.equal(tree.root, 0);
  assert.equal(tree.kind[0], NodeKind.Module);
  const m = view(tree);
  assert.equal(m.nodeId, 0);
  assert.equal(m.parent, undefined);
  assert.equal(tree.parent[0], -1);
  for (const s of m.body as NodeView[]) {
    assert.equal(tree.parent[s.nodeId], 0);
    assert.equal(s.parent!.nodeId, 0);
    assert.equal(s.parent!._type, "Module");
  }
  // Module, Import, alias, Assign, Name, Store, Constant.
  assert.equal(tree.nodeCount, 7);
  assert.equal(tree.count, 6);
});

test("an empty module is one row and one node; a rejected source gives an empty Module", () => {
  for (const src of ["", "\n", "# only a comment\n", "x = (\n"]) {
    const { tree } = parse(src);
    assert.equal(tree.count, 1, JSON.stringify(src));
    assert.equal(tree.nodeCount, 1);
    assert.deepEqual(tree.toJSON(), { _type: "Module", body: [], type_ignores: [] });
    assert.ok(tree.byteSize() <= 24, `empty module: ${tree.byteSize()} bytes`);
  }
});

test("lists: [] is 0, a one-item list is -x - 1 with no pool entry, longer ones live in the pool", () => {
  const { tree } = parse("f(a)\ng(a, b)\nx = {**m}\ny = {**m, 1: 2}\nz = {}\n");
  const body = (view(tree).body as NodeView[]).map((s) => s.nodeId);
  const call = (i: number) => tree.field(body[i]!, 0); // Expr.value
  const args = (c: number) => tree.field(c, 1); // Call.args
  const one = args(call(0));
  assert.ok(one < 0);
  assert.equal(tree.listLength(one), 1);
  assert.equal(tree.kind[tree.listItem(one, 0)], NodeKind.Name);
  const two = args(call(1));
  assert.ok(two > 0);
  assert.equal(tree.listLength(two), 2);
  assert.deepEqual(
    tree.listItems(two).map((n) => tree.kind[n]),
    [NodeKind.Name, NodeKind.Name],
  );
  // Dict keys: [None] is a one-item list holding 0; None is nobody's child, so the root keeps no parent.
  const dict = tree.field(body[2]!, 1); // Assign.value
  const keys = tree.field(dict, 0);
  assert.equal(keys, -1);
  assert.deepEqual(tree.listItems(keys), [0]);
  assert.deepEqual(
    tree.listItems(tree.field(tree.field(body[3]!, 1), 0)).map((n) => (n === 0 ? 0 : tree.kind[n])),
    [0, NodeKind.Constant],
  );
  assert.equal(tree.parent[0], -1);
  assert.equal(view(tree).parent, undefined);
  assert.equal(tree.field(tree.field(body[4]!, 1), 0), 0);
});
