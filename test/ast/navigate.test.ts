// Navigation: parents and fields, the node at an offset or a (line, column), source segments
// against CPython's ast.get_source_segment, and UTF-8 <-> UTF-16 columns with non-ASCII and
// astral characters (checked against CPython's own columns re-counted in UTF-16).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { view } from "../../src/ast/view.js";
import { walk } from "../../src/ast/walk.js";
import { parentOf, fieldOf, depthOf, ancestorIds, nodeAtOffset, nodeAtPosition, sourceSegment } from "../../src/ast/navigate.js";
import { utf8ToUtf16Column, utf16ToUtf8Column, offsetToPosition, positionToOffset, nodeRange } from "../../src/ast/positions.js";
import type { Tree } from "../../src/ast/tree.js";
import { stdlibFiles } from "../support/corpus.js";
import { segmentAnswers } from "./segment-oracle.js";

const enc = new TextEncoder();

function tree(src: string): Tree {
  const r = parse(src);
  assert.equal(r.error, null);
  return r.tree;
}

// "é" is 2 UTF-8 bytes / 1 UTF-16 unit, "€" 3 / 1, "😀" (U+1F600) 4 / 2.
const UNICODE = 's = "é€😀" + f(x)\nt = ("😀😀",\n\tg(y, "é"))  # 😀\nclass C:\n    def m(self): return "€" * 2\n';

test("UTF-8 and UTF-16 columns convert both ways (non-ASCII and astral characters)", () => {
  const t = tree(UNICODE);
  // Line 1: `s = "é€😀" + f(x)`: the string is bytes 4..15, UTF-16 units 4..10.
  assert.equal(utf8ToUtf16Column(t, 1, 4), 4);
  assert.equal(utf8ToUtf16Column(t, 1, 5), 5);
  assert.equal(utf8ToUtf16Column(t, 1, 7), 6); // after "é
  assert.equal(utf8ToUtf16Column(t, 1, 10), 7); // after "é€
  assert.equal(utf8ToUtf16Column(t, 1, 14), 9); // after "é€😀
  assert.equal(utf8ToUtf16Column(t, 1, 15), 10);
  assert.equal(utf8ToUtf16Column(t, 1, 6), 6, "inside a character: counts it");
  assert.equal(utf8ToUtf16Column(t, 1, 999), 's = "é€😀" + f(x)'.length, "past the end: the line's end");
  for (const [u16, u8] of [
    [0, 0],
    [5, 5],
    [6, 7],
    [7, 10],
    [9, 14],
    [10, 15],
    [16, 21],
  ] as const)
    assert.equal(utf16ToUtf8Column(t, 1, u16), u8, `u16 ${u16}`);
  assert.equal(utf16ToUtf8Column(t, 1, 8), 10, "between the halves of a surrogate pair: the character's start");
  assert.equal(utf16ToUtf8Column(t, 1, 999), enc.encode('s = "é€😀" + f(x)').length);
  assert.throws(() => utf8ToUtf16Column(t, 0, 0), RangeError);
  assert.throws(() => utf16ToUtf8Column(t, 99, 0), RangeError);
  // Offsets <-> positions.
  const off = enc.encode('s = "é€😀" + f(x)\nt = ("😀').length;
  assert.deepEqual(offsetToPosition(t, off), { lineno: 2, col: 10 });
  assert.deepEqual(offsetToPosition(t, off, "utf16"), { lineno: 2, col: 8 });
  assert.equal(positionToOffset(t, 2, 10), off);
  assert.equal(positionToOffset(t, 2, 8, "utf16"), off);
  assert.throws(() => offsetToPosition(t, -1), RangeError);
});

test("node ranges in UTF-16 units, and source segments, agree with CPython", async () => {
  const sources = [
    enc.encode(UNICODE),
    enc.encode("x = [\n    1,\n\t2,  # c\n]\nif a:\n  \tb = {\n 'k': (\n  v)}\n"),
    enc.encode('"""doc ünï"""\ndef f(\n    a: "😀" = "ö",\n) -> None:\n    return f"{a!r:>{10}} 😀 {b}"\n'),
    ...stdlibFiles()
      .filter((_, i) => i % 60 === 7)
      .map((f) => f.bytes),
  ];
  for (const src of sources) {
    const answers = await segmentAnswers(src);
    const { tree: t, error } = parse(src);
    assert.equal(error, null);
    const ours = Array.from(walk(t)).filter((v) => v.lineno !== undefined && v._type !== "TypeIgnore");
    assert.equal(ours.length, answers.length);
    ours.forEach((v, i) => {
      const [cls, seg, padded, l, c, el, ec] = answers[i]!;
      assert.equal(v._type, cls);
      assert.equal(sourceSegment(t, v.nodeId) ?? null, seg, `${cls} at ${l}:${c}`);
      assert.equal(sourceSegment(t, v.nodeId, { padded: true }) ?? null, padded, `${cls} padded`);
      assert.deepEqual(nodeRange(t, v.nodeId, "utf16"), { lineno: l, col_offset: c, end_lineno: el, end_col_offset: ec });
      assert.deepEqual(nodeRange(t, v.nodeId), {
        lineno: v.lineno,
        col_offset: v.col_offset,
        end_lineno: v.end_lineno,
        end_col_offset: v.end_col_offset,
      });
    });
  }
  const t = tree("def f(a): pass\n");
  const args = Array.from(walk(t)).find((v) => v._type === "arguments")!;
  assert.equal(sourceSegment(t, args.nodeId), undefined, "no positions, as CPython's None");
  assert.equal(nodeRange(t, args.nodeId), undefined);
});

test("the innermost node at an offset or a position", () => {
  const t = tree(UNICODE);
  const at = (l: number, c: number, unit: "utf8" | "utf16" = "utf8") => {
    const id = nodeAtPosition(t, l, c, unit);
    const v = view(t, id);
    return v._type === "Name" ? `Name:${v.id}` : v._type;
  };
  assert.equal(at(1, 0), "Name:s");
  assert.equal(at(1, 4), "Constant");
  assert.equal(at(1, 14), "Constant", "the closing quote, in bytes");
  assert.equal(at(1, 15), "BinOp", "the space after it");
  assert.equal(at(1, 10, "utf16"), "BinOp");
  assert.equal(at(1, 13, "utf16"), "Name:f", "`f` is at UTF-16 column 13, byte 18");
  assert.equal(at(1, 18), "Name:f");
  assert.equal(at(1, 19), "Call", "the `(`");
  assert.equal(at(1, 20), "Name:x");
  assert.equal(at(3, 1), "Name:g");
  assert.equal(at(3, 3), "Name:y");
  assert.equal(at(3, 15), "Module", "in a comment");
  assert.equal(at(5, 4), "FunctionDef");
  assert.equal(at(5, 10), "arg");
  assert.equal(nodeAtOffset(t, -1), -1);
  assert.equal(nodeAtOffset(t, t.source.length), t.root);
  // Decorators come before their def's own start and are still found.
  const d = tree("@dec(1)\nclass C:\n    @prop\n    def m(self): pass\n");
  assert.equal(view(d, nodeAtPosition(d, 1, 2))._type, "Name");
  assert.equal(view(d, nodeAtPosition(d, 1, 5))._type, "Constant");
  assert.equal(view(d, nodeAtPosition(d, 3, 6))._type, "Name");
  assert.equal(view(d, nodeAtPosition(d, 4, 10))._type, "arg");
});

test("parents, ancestors, depth and the field a node sits in", () => {
  const t = tree("def f(a, b=1):\n    return {1: y, **z}\n");
  const byType = (ty: string) => Array.from(walk(t)).filter((v) => v._type === ty);
  const z = byType("Name").find((v) => v._type === "Name" && v.id === "z")!;
  const dict = byType("Dict")[0]!;
  assert.equal(parentOf(t, z.nodeId), dict.nodeId);
  assert.equal(parentOf(t, t.root), -1);
  assert.deepEqual(fieldOf(t, z.nodeId), { parent: dict.nodeId, field: "values", fieldIndex: 1, index: 1 });
  assert.equal(fieldOf(t, t.root), undefined);
  const ret = byType("Return")[0]!;
  assert.deepEqual(fieldOf(t, dict.nodeId), { parent: ret.nodeId, field: "value", fieldIndex: 0, index: -1 });
  const one = byType("Constant").find((v) => v.parent?._type === "arguments")!;
  assert.deepEqual(fieldOf(t, one.nodeId), { parent: one.parent!.nodeId, field: "defaults", fieldIndex: 6, index: 0 });
  assert.equal(depthOf(t, z.nodeId), 4);
  assert.deepEqual(
    ancestorIds(t, z.nodeId).map((id) => view(t, id)._type),
    ["Dict", "Return", "FunctionDef", "Module"],
  );
});
