// Derived fields (ast/layout.ts): every type_comment, Module.type_ignores, Constant.kind, Name.id,
// arg.arg, keyword.arg, Attribute.attr and alias.name take no slot, yet dump, toJSON and views give
// CPython's values for them. Identifiers are read back from the source (ast/tree.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, dump, view } from "../../src/index.js";
// These tests read fields by name across kinds: a loose view type, not the typed union.
// biome-ignore lint/suspicious/noExplicitAny: reads fields of several kinds by name
type NodeView = any;
import { KINDS, NodeKind } from "../../src/schema/generated/nodes.js";
import { FIELD_SLOT, SLOT_COUNT, slotIndex } from "../../src/ast/layout.js";
import { askOracle } from "../support/oracle.js";

test("layout: exactly the documented fields are derived", () => {
  const derived: string[] = [];
  for (let k = 1; k < KINDS.length; k++) {
    const spec = KINDS[k]!;
    let stored = 0;
    spec.fields.forEach((f, i) => {
      const s = FIELD_SLOT[k]![i]!;
      if (s < 0) derived.push(`${spec.name}.${f.name}`);
      else assert.equal(s, stored++, `${spec.name}.${f.name}: slots follow the stored fields in order`);
    });
    assert.equal(SLOT_COUNT[k], stored, spec.name);
  }
  const typeComments = KINDS.filter((s) => s.fields.some((f) => f.name === "type_comment")).map((s) => `${s.name}.type_comment`);
  const others = ["Constant.kind", "Module.type_ignores", "Name.id", "arg.arg", "keyword.arg", "Attribute.attr", "alias.name"];
  assert.deepEqual(derived.sort(), [...typeComments, ...others].sort());
  assert.equal(slotIndex(NodeKind.FunctionDef, "type_params"), 5, "after the derived type_comment");
  assert.equal(slotIndex(NodeKind.FunctionDef, "type_comment"), -1);
});

const SOURCE = [
  "x = y = 1  # type: int",
  "for a in b:  # type: int",
  "    pass",
  "async def f(a,  # type: int",
  "            b) -> None:  # type: () -> None",
  "    async for c in d: pass",
  "    async with e as g: pass",
  "with h: pass",
  "import os  # type: ignore",
  "u'u'",
  "'s'",
  "f'{x}' u'v'",
  "",
].join("\n");

test("derived fields read as CPython's: type_comment None, type_ignores [], kind 'u' or None", async () => {
  const [answer] = await askOracle([new TextEncoder().encode(SOURCE)], { variants: true });
  assert.ok(answer!.ok);
  const { tree, error } = parse(SOURCE);
  assert.equal(error, null);
  assert.equal(dump(tree, { includeAttributes: true }), answer!.dump);
  assert.equal(dump(tree), answer!.dumpPlain);
  assert.equal(dump(tree, { indent: 2 }), answer!.dumpIndent);

  const m = view(tree);
  assert.deepEqual(m.type_ignores, []);
  assert.deepEqual(tree.toJSON().type_ignores, []);
  const body = m.body as NodeView[];
  for (const s of body) {
    if (s._type === "Expr") continue;
    assert.equal(s.type_comment, undefined, s._type);
  }
  const fn = body[2]!;
  assert.equal(fn._type, "AsyncFunctionDef");
  for (const a of (fn.args as NodeView).args as NodeView[]) assert.equal(a.type_comment, undefined);
  for (const s of fn.body as NodeView[]) assert.equal(s.type_comment, undefined, s._type);
  const json = tree.toJSON() as unknown as { body: { type_comment?: unknown; value?: { kind?: unknown; values?: { kind: unknown }[] } }[] };
  assert.equal(json.body[0]!.type_comment, null);
  const kinds = body.slice(-3).map((s) => (s.value as NodeView).kind);
  assert.deepEqual(kinds, ["u", undefined, undefined]);
  assert.deepEqual(
    ((body.at(-1)!.value as NodeView).values as NodeView[]).map((v) => v.kind),
    [undefined, "u"],
  );
  assert.deepEqual(json.body.at(-3)!.value!.kind, "u");
  assert.deepEqual(
    json.body.at(-1)!.value!.values!.map((v) => v.kind),
    [undefined, "u"],
  );
});

// Identifiers of every kind of field, written in every way the grammar allows.
const IDENTIFIERS = [
  "import a . b, c.d as e, f",
  "import a.\\\n  b",
  "from . a . b import (c as d,\n   e)",
  "from .. import *",
  "from ...x import y",
  "from x import *",
  "ﬁ = ﬀ.ℌ + é.ŝ",
  "x = a . b .\\\n c",
  "global g, h",
  "def f(a, /, b: int = 1, *args, c, **kw):\n    nonlocal n\n    return lambda x, *y, z=1, **w: x",
  "f(a, k=1, **m, j=2)",
  "class C[T: int, *Ts, **P](B, metaclass=M): pass",
  "type X[T = int] = list[T]",
  "try:\n    pass\nexcept E as err:\n    pass",
  "match v:\n    case P(a, b=c, d=[*rest]) | {1: _, **kw} as whole: pass\n    case Q.R.S(): pass\n    case _: pass",
  "async def g():\n    async with a as (b, c): pass",
  "print(f'{x!r:>{width}}', t'{y}')",
  "",
].join("\n");

test("identifiers read back from the source dump as CPython's (NFKC, dotted names, every field)", async () => {
  const [answer] = await askOracle([new TextEncoder().encode(IDENTIFIERS)], { variants: true });
  assert.ok(answer!.ok);
  const { tree, error } = parse(IDENTIFIERS);
  assert.equal(error, null);
  assert.equal(dump(tree, { includeAttributes: true }), answer!.dump);
  assert.equal(dump(tree), answer!.dumpPlain);
  assert.equal(dump(tree, { indent: 2 }), answer!.dumpIndent);
  const body = view(tree).body as NodeView[];
  const names = (body[0]!.names as NodeView[]).map((a) => [a.name, a.asname]);
  assert.deepEqual(names, [
    ["a.b", undefined],
    ["c.d", "e"],
    ["f", undefined],
  ]);
  assert.equal(body[2]!.module, "a.b");
  assert.equal(body[3]!.module, undefined);
  assert.equal((body[3]!.names as NodeView[])[0]!.name, "*");
  const assign = body[6]!;
  assert.equal((assign.targets as NodeView[])[0]!.id, "fi");
  assert.equal(((assign.value as NodeView).left as NodeView).attr, "H");
});
