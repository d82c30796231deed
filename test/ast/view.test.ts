// Lazy node views read the same tree that dump and toJSON print: for every ok fixture and a
// sample of the stdlib, walking the views gives exactly toJSON's plain objects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, view } from "../../src/index.js";
import type { NodeView } from "../../src/index.js";
import { plainConstant } from "../../src/ast/materialize.js";
import { KINDS } from "../../src/schema/generated/nodes.js";
import { listFixtures } from "../support/fixtures.js";
import { stdlibFiles } from "../support/corpus.js";

// Rebuild toJSON's shape from the views alone.
function plain(v: NodeView): unknown {
  const spec = KINDS.find((k) => k.name === v._type)!;
  const out: Record<string, unknown> = { _type: v._type };
  for (const f of spec.fields) {
    const x = (v as unknown as Record<string, unknown>)[f.name];
    if (f.category === "ctx" || f.category === "op") out[f.name] = { _type: x };
    else if (f.category === "op*") out[f.name] = (x as string[]).map((o) => ({ _type: o }));
    else if (f.category === "node" || f.category === "node?") out[f.name] = x === undefined ? null : plain(x as NodeView);
    else if (f.category === "node*") out[f.name] = (x as (NodeView | undefined)[]).map((c) => (c === undefined ? null : plain(c)));
    else if (f.category === "constant") out[f.name] = plainConstant(x as never);
    else out[f.name] = x === undefined ? null : x;
  }
  if (spec.hasPosition) {
    out.lineno = v.lineno;
    out.col_offset = v.col_offset;
    out.end_lineno = v.end_lineno;
    out.end_col_offset = v.end_col_offset;
  }
  return out;
}

test("node views agree with toJSON on every ok fixture and every 25th stdlib file", () => {
  const sources = [
    ...listFixtures("ok").map((f) => f.bytes),
    ...stdlibFiles()
      .filter((_, i) => i % 25 === 0)
      .map((f) => f.bytes),
  ];
  for (const src of sources) {
    const { tree, error } = parse(src);
    assert.equal(error, null);
    assert.deepEqual(plain(view(tree)), tree.toJSON());
  }
});

test("node views: CPython field names win, parents link up, None is undefined", () => {
  const { tree } = parse("def f(a, *, b=1):\n    return a + b\nu'x'\n");
  const m = view(tree);
  const def = m.body[0]!;
  assert.equal(def._type, "FunctionDef");
  if (def._type !== "FunctionDef") return;
  assert.equal(def.name, "f");
  assert.equal(def.returns, undefined);
  const ret = def.body[0]!;
  assert.ok(ret._type === "Return" && ret.value?._type === "BinOp");
  assert.equal(ret.value.op, "Add");
  const left = ret.value.left;
  assert.ok(left._type === "Name");
  assert.equal(left.id, "a");
  assert.equal(left.ctx, "Load");
  assert.equal(left.parent!.parent!.parent!.nodeId, def.nodeId);
  const second = m.body[1]!;
  assert.ok(second._type === "Expr" && second.value._type === "Constant");
  assert.equal(second.value.kind, "u");
  assert.deepEqual([def.lineno, def.col_offset, def.end_lineno, def.end_col_offset], [1, 0, 2, 16]);
  assert.equal(m.parent, undefined);
  assert.equal(m.lineno, undefined);
});
