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
