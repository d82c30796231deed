// applyEdits' contract beyond the fixtures: bad input comes back as errors (never thrown), the
// source option (CRLF, BOM, mismatch), addresses, nodeText, and the parenthesize option.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { applyEdits } from "../../src/edit/apply.js";
import { findNode } from "../../src/edit/address.js";
import { nodeText } from "../../src/edit/node-text.js";
import type { Edit, EditResult } from "../../src/edit/types.js";
import type { Tree } from "../../src/ast/tree.js";

function tree(src: string | Uint8Array): Tree {
  const r = parse(src);
  assert.equal(r.error, null);
  return r.tree;
}
function at(t: Tree, address: string): number {
  const id = findNode(t, address);
  assert.equal(typeof id, "number", String(id));
  return id as number;
}
/** Applies edits built from addresses; returns the result. */
function run(src: string, build: (t: Tree) => Edit[], source?: string | Uint8Array): EditResult {
  const t = tree(source ?? src);
  return applyEdits(t, build(t), source === undefined ? {} : { source });
}

test("without a source option the tree's own source is edited", () => {
  const r = run("x = 1\n", (t) => [{ op: "replace", node: at(t, "body[0].value"), with: "2" }]);
  assert.deepEqual([r.text, r.error], ["x = 2\n", null]);
  assert.deepEqual(r.changes, [{ edit: 0, start: 4, end: 5, text: "2" }]);
});

test("an empty script gives the source back", () => {
  const src = "a = 1\r\nb = 2\r\n";
  assert.equal(run(src, () => [], src).text, src);
});

test("bad node ids, ops and fields are invalid edits, not exceptions", () => {
  const src = "f(a)\n";
  const bad: Array<[Edit, string]> = [
    [{ op: "remove", node: 999 }, "E6004"],
    [{ op: "remove", node: -1 }, "E6004"],
    [{ op: "remove", node: 1.5 }, "E6004"],
    [{ op: "remove", node: 0 }, "E6004"],
    [{ op: "frobnicate", node: 1 } as unknown as Edit, "E6005"],
    [{ op: "insert", parent: 0, field: "nope", index: 0, with: "x" }, "E6005"],
    [{ op: "insert", parent: 0, field: "body", index: 7, with: "x" }, "E6010"],
    [{ op: "replace", node: 1, with: 42 as unknown as string }, "E6004"],
    [{ op: "insertAfter", node: at(tree(src), "body[0].value.args[0]"), with: "  \n" }, "E6020"],
    [{ op: "setIdentifier", node: at(tree(src), "body[0]"), name: "ok" }, "E6011"],
    [{ op: "setIdentifier", node: at(tree(src), "body[0].value.func"), name: "not ok" }, "E6012"],
    [{ op: "setIdentifier", node: at(tree(src), "body[0].value.func"), name: null }, "E6013"],
  ];
  for (const [e, code] of bad) {
    const r = applyEdits(tree(src), [e]);
    assert.equal(r.text, null);
    assert.equal(r.error?.kind, "invalid-edit", JSON.stringify(e));
    assert.equal(r.error?.code, code, `${JSON.stringify(e)}: ${r.error?.message}`);
  }
});

test("an operand is not a list item: remove is refused with a hint", () => {
  const r = run("x = a + b\n", (t) => [{ op: "remove", node: at(t, "body[0].value.left") }]);
  assert.equal(r.error?.code, "E6002");
  assert.match(r.error!.message, /^edit 0 \(remove Name at 1:5\): Name is not an item of a list field/);
});

test("a source that is not the tree's is refused", () => {
  const t = tree("x = 1\n");
  const r = applyEdits(t, [], { source: "x = 2\n" });
  assert.equal(r.error?.code, "E6001");
  const latin = new Uint8Array([...new TextEncoder().encode("# coding: latin-1\ns = '"), 0xe9, 0x27, 10]);
  const r2 = applyEdits(tree(latin), [], { source: latin });
  assert.equal(r2.error?.code, "E6001");
});

test("CRLF, lone CR and a BOM are kept; inserted lines take the file's newline", () => {
  const src = "a = 1\r\nb = 2\r\n";
  const r = run(src, (t) => [{ op: "insertAfter", node: at(t, "body[0]"), with: "if a:\n    c = 3" }], src);
  assert.equal(r.text, "a = 1\r\nif a:\r\n    c = 3\r\nb = 2\r\n");
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("x = 1\ry = 2\n")]);
  const t = tree(bom);
  const r2 = applyEdits(t, [{ op: "replace", node: at(t, "body[1].value"), with: "3" }], { source: bom });
  assert.equal(r2.text, "\ufeffx = 1\ry = 3\n");
  assert.deepEqual(r2.changes, [{ edit: 0, start: 13, end: 14, text: "3" }]);
});

test("a string source is taken as is: offsets in changes are UTF-8 bytes of it", () => {
  const src = "é = 'ü'\r\nprint(é)\r\n";
  const r = run(src, (t) => [{ op: "setIdentifier", node: at(t, "body[1].value.args[0]"), name: "e" }], src);
  assert.equal(r.text, "é = 'ü'\r\nprint(e)\r\n");
  assert.deepEqual(
    r.changes.map((c) => [c.start, c.end]),
    [[17, 19]],
  );
});

test("insertions at one offset come out in script order", () => {
  const r = run("f(a)\n", (t) => [
    { op: "insertAfter", node: at(t, "body[0].value.args[0]"), with: "b" },
    { op: "insertAfter", node: at(t, "body[0].value.args[0]"), with: "c" },
  ]);
  assert.equal(r.text, "f(a, b, c)\n");
});

test("conflicts name both edits and nothing is applied", () => {
  const r = run("f(a)\n", (t) => [
    { op: "replace", node: at(t, "body[0].value"), with: "g()" },
    { op: "setIdentifier", node: at(t, "body[0].value.args[0]"), name: "b" },
  ]);
  assert.equal(r.text, null);
  assert.equal(r.error?.kind, "conflict");
  assert.deepEqual(
    r.conflicts.map((c) => [c.a, c.b]),
    [[0, 1]],
  );
  assert.equal(r.conflicts[0]!.message, "edit 0 (replace Call at 1:1) overlaps edit 1 (setIdentifier Name at 1:3)");
});

test("parenthesize: false reports the structure problem instead of adding parentheses", () => {
  const t = tree("y = a * b\n");
  const e: Edit[] = [{ op: "replace", node: at(t, "body[0].value.left"), with: "p + q" }];
  assert.equal(applyEdits(t, e).text, "y = (p + q) * b\n");
  const r = applyEdits(t, e, { parenthesize: false });
  assert.equal(r.error?.kind, "structure");
  assert.equal(r.error?.code, "E6018");
});

test("a syntax error in the result carries CPython's class, message and position in the new text", () => {
  const r = run("if x:\n    y = 1\n", (t) => [{ op: "replace", node: at(t, "body[0].body[0]"), with: "y = = 1" }]);
  assert.equal(r.error?.kind, "syntax");
  if (r.error?.kind !== "syntax") return;
  assert.equal(r.error.text, "if x:\n    y = = 1\n");
  assert.deepEqual(
    [r.error.syntaxError.cls, r.error.syntaxError.msg, r.error.syntaxError.lineno, r.error.syntaxError.offset],
    ["SyntaxError", "invalid syntax", 2, 9],
  );
  const r2 = run("def f():\n    pass\n", (t) => [{ op: "insertAfter", node: at(t, "body[0].body[0]"), with: "  x = 1\n y = 2" }]);
  assert.equal(r2.error?.kind, "syntax");
});

test("findNode: paths, kind#occurrence, and errors", () => {
  const t = tree("a = f(b, c)\nd = b\n");
  assert.equal(t.kindName(at(t, "body[0].value.args[1]")), "Name");
  assert.equal(at(t, "Name#2"), at(t, "body[0].value.args[0]"));
  assert.equal(at(t, "Call#0"), at(t, "body[0].value"));
  assert.equal(at(t, ""), 0);
  assert.match(String(findNode(t, "body[5]")), /has no item 5/);
  assert.match(String(findNode(t, "body")), /give an index/);
  assert.match(String(findNode(t, "body[0].nope")), /has no field/);
  assert.match(String(findNode(t, "Foo#0")), /unknown node kind/);
  assert.match(String(findNode(t, "Call#3")), /only 1 Call/);
});

test("nodeText writes any node with CPython's unparse: of a tree, or a plain node", () => {
  const t = tree("x\n'a\\'b'\n1.5\nNone\na + b\n");
  assert.equal(nodeText({ tree: t, id: at(t, "body[0].value") }), "x");
  assert.equal(nodeText({ tree: t, id: at(t, "body[1].value") }), `"a'b"`);
  assert.equal(nodeText({ tree: t, id: at(t, "body[2].value") }), "1.5");
  assert.equal(nodeText({ tree: t, id: at(t, "body[3].value") }), "None");
  assert.equal(nodeText({ tree: t, id: at(t, "body[4].value") }), "a + b");
  assert.equal(nodeText({ _type: "Call", func: { _type: "Name", id: "f" }, args: [{ _type: "Constant", value: 1 }] }), "f(1)");
  assert.throws(() => nodeText({ tree: t, id: 10_000 }), /not in the given tree/);
  assert.throws(() => nodeText({ _type: "Nmae", id: "x" }), /unknown node type/);
  const r = applyEdits(t, [{ op: "replace", node: at(t, "body[0].value"), with: { tree: t, id: at(t, "body[4].value") } }]);
  assert.equal(r.error, null);
  assert.ok(r.text!.startsWith("a + b\n"));
  const bad = applyEdits(t, [{ op: "replace", node: at(t, "body[0].value"), with: { _type: "Nmae", id: "x" } }]);
  assert.equal(bad.error?.code, "E6015");
});

test("the result's tree is not needed again: edits on a large file stay linear", () => {
  const lines = Array.from({ length: 20000 }, (_, i) => `v${i} = f(${i}, ${i + 1})`);
  const src = lines.join("\n") + "\n";
  const r = run(src, (t) => [
    { op: "remove", node: at(t, "body[100]") },
    { op: "remove", node: at(t, "body[19999].value.args[0]") },
    { op: "insertBefore", node: at(t, "body[0]"), with: "import f" },
  ]);
  assert.equal(r.error, null);
  assert.ok(r.text!.startsWith("import f\nv0 = f(0, 1)\n"));
  assert.ok(r.text!.endsWith("v19999 = f(20000)\n"));
  assert.ok(!r.text!.includes("v100 ="));
});

test("a list longer than a call takes arguments: removing many of its items at once", () => {
  const n = 200_000;
  const src = "x = [" + Array.from({ length: n }, (_, i) => String(i % 10)).join(", ") + "]\n";
  const t = tree(src);
  const elts = t.listItems(t.field(at(t, "body[0].value"), 0));
  assert.equal(elts.length, n);
  const r = applyEdits(t, [
    { op: "remove", node: elts[n - 1]! },
    { op: "remove", node: elts[n - 2]! },
    { op: "insertBefore", node: elts[0]!, with: "9" },
  ]);
  assert.equal(r.error, null, r.error?.message);
  assert.ok(r.text!.startsWith("x = [9, 0, 1, 2"));
  assert.ok(r.text!.endsWith(", 6, 7]\n"));
});
