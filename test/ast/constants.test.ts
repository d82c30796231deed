// Constant storage (ast/tree.ts): plain string literals are decoded from their source span only
// when asked for, small ints are stored inline in the slot, None/True/False/Ellipsis are implicit.
// Every case is dumped and compared with CPython 3.14, and the raw slot encoding is checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, dump, view, NodeKind } from "../../src/index.js";
import type { Tree } from "../../src/index.js";
// These tests read fields by name across kinds: a loose view type, not the typed union.
// biome-ignore lint/suspicious/noExplicitAny: reads fields of several kinds by name
type NodeView = any;
import { LAZY_STRING, INLINE_INT_MAX } from "../../src/ast/tree.js";
import type { PyBytes } from "../../src/core/pyvalue.js";
import { askOracle } from "../support/oracle.js";

const enc = new TextEncoder();

/** Ids of the Constant nodes of `tree`, in row order. */
function constants(tree: Tree): number[] {
  const out: number[] = [];
  for (let id = 0; id < tree.count; id++) if (tree.kind[id] === NodeKind.Constant) out.push(id);
  return out;
}

/** The raw slot of Constant `id`'s value (its first field). */
const rawOf = (tree: Tree, id: number) => tree.slots[tree.base[id]!]!;

async function agreeWithCPython(sources: string[]): Promise<void> {
  const answers = await askOracle(sources.map((s) => enc.encode(s)));
  for (let i = 0; i < sources.length; i++) {
    const a = answers[i]!;
    const { tree, error } = parse(sources[i]!);
    assert.ok(a.ok, `CPython rejects ${JSON.stringify(sources[i])}`);
    assert.equal(error, null, sources[i]);
    assert.equal(dump(tree, { includeAttributes: true }), a.dump, sources[i]);
  }
}

const STRING_CASES = [
  "'abc'\n",
  '"a\\nb"\n',
  'r"a\\nb"\n',
  'b"x\\x00y"\n',
  'rb"\\d"\n',
  "Rb'x'\n",
  'BR"x"\n',
  'bR"\\\\"\n',
  'u"a"\n',
  'U"a"\n',
  '"a" "b"\n',
  'u"a" "b"\n',
  '"a" u"b"\n',
  "U'a' 'b'\n",
  'b"a" b"\\xff" B"c"\n',
  'x = ("a"  # it\'s a comment "with quotes" and a \\\n     "b"\n     r\'\\c\')\n',
  'x = "a" \\\n    "b"\n',
  '"""a"b""c"""\n',
  "'''it\\'s'''\n",
  "'''''a'''\n",
  '""""x"""\n',
  '"\\N{BULLET}\\ud800"\n',
  '"\\U0001F600"\n',
  '"é" "\\xe9" "日本"\n',
  '""\n',
  '"" ""\n',
  '"" "a" ""\n',
  '"a\\\nb"\n',
  '"\\\\"\n',
  "'\\''\n",
  '"\\""\n',
  '"""\\""""\n',
  'b"\\\\" b"\\""\n',
  '"\\400\\x41\\101\\q"\n',
  'def f():\n    "docstring with \\t tab"\n    return "é", b"\\n"\n',
  'match x:\n    case "a" "b": pass\n    case u"c": pass\n    case b"d": pass\n',
  'f(k="v", *["a" "b"], **{"c": b"d"})\n',
  'x = "a" if "b" else "c"\n',
  '"\ufeffbom"\n',
];

test("lazy strings: plain literals and their implicit concatenations dump as CPython's", async () => {
  await agreeWithCPython(STRING_CASES);
});

test("lazy strings: a plain literal Constant holds LAZY_STRING and decodes on request", () => {
  const cases: [string, string | number[]][] = [
    ["\"a\\tb\" 'c'", "a\tbc"],
    ['b"a\\x00" rb"\\n"', [0x61, 0, 0x5c, 0x6e]],
    ['("x"  # "quoted" \'comment\'\n "y")', "xy"],
    ['"\\N{GREEK SMALL LETTER ALPHA}\\U0001F600é"', "\u03b1\u{1f600}é"],
  ];
  for (const [src, expected] of cases) {
    const { tree, error } = parse(src + "\n");
    assert.equal(error, null);
    const [c] = constants(tree);
    assert.equal(rawOf(tree, c!), LAZY_STRING, src);
    const v = (view(tree).body as NodeView[])[0]!.value as NodeView;
    if (typeof expected === "string") assert.equal(v.value, expected, src);
    else assert.deepEqual(Array.from((v.value as PyBytes).bytes), expected, src);
  }
});

test("lazy strings: decoding errors are still raised as and where CPython raises them", async () => {
  const sources = [
    'x = "\\xZ"\n',
    'x = "ab" "\\x1"\n',
    'x = b"é"\n',
    'x = b"a\\x"\n',
    'x = u"\\N{NOPE}"\n',
    'x = (b"a"\n  rb"é")\n',
    'x = ("a"  # "\\xZ"\n  "\\xZ")\n',
  ];
  const answers = await askOracle(sources.map((s) => enc.encode(s)));
  for (let i = 0; i < sources.length; i++) {
    const a = answers[i]!;
    const { error } = parse(sources[i]!);
    assert.ok(!a.ok && error !== null, sources[i]);
    assert.deepEqual(
      [error.cls, error.msg, error.lineno, error.offset, error.end_lineno, error.end_offset],
      [a.cls, a.msg, a.lineno, a.offset, a.end_lineno, a.end_offset],
      sources[i],
    );
  }
});

test("Constant.kind: 'u' exactly when CPython says so", async () => {
  const sources = [
    'u"a"\n',
    'U"a"\n',
    'u"a" "b"\n',
    '"a" u"b"\n',
    'u"a"\\\n"b"\n',
    'u"\\x41"\n',
    'u"""x"""\n',
    'u"a" f"{x}"\n',
    'u"a" f"b{x}c"\n',
    'f"{x}" u"a"\n',
    'f"a" u"b"\n',
    'f"{x}u\'"\n',
    'f"u{x}"\n',
    'match x:\n    case u"a": pass\n',
  ];
  await agreeWithCPython(sources);
  const { tree } = parse('u"a"\nU"b"\n"c" u"d"\n');
  const kinds = (view(tree).body as NodeView[]).map((s) => (s.value as NodeView).kind);
  assert.deepEqual(kinds, ["u", undefined, undefined]);
});

test("inline ints: 0..2^31-3 live in the slot, bigger ones in the constants table", async () => {
  const max = INLINE_INT_MAX;
  assert.equal(max, 2 ** 31 - 3);
  const src = `a = 0\nb = 1024\nc = ${max}\nd = ${max + 1}\ne = 0x7fffffff\nf = ${"9".repeat(30)}\ng = -5\nh = 1_000\ni = 0b11\n`;
  await agreeWithCPython([src]);
  const { tree } = parse(src);
  const ids = constants(tree);
  const raws = ids.map((id) => rawOf(tree, id));
  const values = ids.map((id) => tree.value(rawOf(tree, id), id));
  assert.deepEqual(values, [0n, 1024n, BigInt(max), BigInt(max) + 1n, 0x7fffffffn, BigInt("9".repeat(30)), 5n, 1000n, 3n]);
  assert.equal(raws[0], -2);
  assert.equal(raws[1], -1026);
  assert.equal(raws[2], -(2 ** 31) + 1);
  assert.ok(raws[3]! >= 4 && raws[4]! >= 4 && raws[5]! >= 4, "2^31-2 and above go to the table");
  assert.equal(tree.constants.length, 3);
});

test("None, True, False and Ellipsis take no constants-table entry", async () => {
  const src = "x = (None, True, False, ...)\nmatch y:\n    case None | True | False: pass\n";
  await agreeWithCPython([src]);
  const { tree } = parse(src);
  assert.equal(tree.constants.length, 0);
  assert.deepEqual(
    constants(tree).map((id) => rawOf(tree, id)),
    [0, 1, 2, 3],
  );
});
