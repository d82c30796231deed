// Strings hold code points, as Python's do: escaped surrogates (lone, paired, split across an
// implicit concatenation, in f-/t-strings and format specs) through parse, dump, views, toJSON and
// fromJSON, literal_eval, get_docstring, unparse and queries, each compared live with CPython 3.14
// (Pyodide; surrogates-oracle.ts). Also the sources no UTF-8 file can hold (a lone surrogate).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { view } from "../../src/ast/view.js";
import { preorderIds } from "../../src/ast/walk.js";
import { fromJSON } from "../../src/ast/from-json.js";
import { transform } from "../../src/ast/transform.js";
import { ast } from "../../src/ast/generated/constructors.js";
import { compare, getDocstring, literalEval, PyDict, PyList, PySet, PyTuple, type PyLiteral } from "../../src/ast/helpers.js";
import { literalEvalSource } from "../../src/parser/literal-eval.js";
import { unparse } from "../../src/unparse/unparse.js";
import { compileQuery } from "../../src/query/compile.js";
import { NodeKind as K } from "../../src/schema/generated/nodes.js";
import { PyBytes, PyStr, concatStr, strEquals, type PyValue } from "../../src/core/pyvalue.js";
import { pyRepr } from "../../src/ast/repr.js";
import type { Tree } from "../../src/ast/tree.js";
import type { PySyntaxError } from "../../src/core/diagnostics.js";
import { askSurrogates, askPythonJson, type Described, type SurrogateAnswer } from "./surrogates-oracle.js";

const enc = new TextEncoder();

/** quarry's error has CPython's class, message and four position fields (its code aside). */
function assertSameError(error: PySyntaxError, want: Omit<PySyntaxError, "cls"> & { cls: string }, label: string): void {
  const { code: _code, ...got } = error;
  const { cls, msg, lineno, offset, end_lineno, end_offset } = want;
  assert.deepEqual(got, { cls, msg, lineno, offset, end_lineno, end_offset }, label);
}

// Sources as Python text (String.raw: the backslashes are Python's escapes).
const SOURCES: string[] = [
  // plain literals: lone high, lone low, a pair, the pair in every spelling
  String.raw`x = "\ud800"`,
  String.raw`x = "\udc00"`,
  String.raw`x = "\ud800\udc00"`,
  String.raw`x = "\uD800\uDC00"`,
  String.raw`x = "\U0000d800\U0000DC00"`,
  String.raw`x = "\ud800\U0000dc00"`,
  String.raw`x = '\udbff\udfff'`,
  String.raw`x = "\udc00\ud800"`,
  String.raw`x = "\ud800\ud800\udc00\udc00"`,
  String.raw`x = "a\ud800\udc00b\ud800\udc01c"`,
  String.raw`x = "\ud83d\ude00"`,
  String.raw`x = "\U0001F600"`,
  'x = "\u{1F600}"',
  String.raw`x = "\ud800\udc00'"`,
  String.raw`x = "\ud800\udc00'\""`,
  String.raw`x = u"\ud800\udc00"`,
  String.raw`x = """\ud800
\udc00"""`,
  // the backslash-newline inside a literal and the implicit concatenation put the halves together
  'x = "\\ud800\\\n\\udc00"',
  String.raw`x = "\ud800" "\udc00"`,
  String.raw`x = "a\ud800" '\udc00b' "\ud800"`,
  'x = ("\\ud800"  # high\n     "\\udc00")',
  String.raw`x = "\ud800" + "\udc00"`,
  String.raw`x = ("\ud800\udc00", "\ud800" "\udc00", "\U00010000")`,
  String.raw`x = {"\ud800\udc00": 1, "\U00010000": 2, "\ud800" "\udc00": 3}`,
  String.raw`x = {"\ud800\udc00", "\U00010000", "\ud800" "\udc00"}`,
  String.raw`x = ["\ud800\udc00", b"\ud800\udc00"]`,
  // raw strings and bytes: no such escapes
  String.raw`x = r"\ud800\udc00"`,
  String.raw`x = b"\ud800\udc00"`,
  String.raw`x = rb"\ud800" b"\udc00"`,
  // \N{...} is unaffected, also next to the halves
  String.raw`x = "\N{LATIN SMALL LETTER A}\ud800\udc00\N{BULLET}"`,
  String.raw`x = "\ud800\N{BULLET}\udc00"`,
  String.raw`x = "\N{LINEAR B SYLLABLE B008 A}"`,
  // f-strings: literal parts, concatenations, format specs, debug text
  String.raw`x = f"\ud800\udc00"`,
  String.raw`x = f"\ud800" "\udc00"`,
  String.raw`x = "\ud800" f"\udc00"`,
  String.raw`x = f"\ud800" f"\udc00"`,
  String.raw`x = f"a\ud800{y}\udc00"`,
  String.raw`x = f"\ud800{{\udc00"`,
  String.raw`x = f"\ud800\udc00{y}\ud800\udc00"`,
  String.raw`x = f"{y:\ud800\udc00}"`,
  String.raw`x = f"{y:\ud800}\udc00"`,
  String.raw`x = f"{y!r:\ud800}\udc00"`,
  String.raw`x = f"{y:{z}\ud800\udc00}"`,
  String.raw`x = f"{y:\N{BULLET}\ud800\udc00}"`,
  String.raw`x = f"\ud800\udc00{y=}"`,
  String.raw`x = f"{'\ud800\udc00'}"`,
  String.raw`x = rf"\ud800\udc00{y}"`,
  String.raw`x = f"""\ud800
\udc00{y}"""`,
  String.raw`x = f"\ud800\N{BULLET}\udc00"`,
  String.raw`x = f"'\ud800\udc00\"{y}"`,
  String.raw`x = f"{f'\ud800\udc00{y}'}"`,
  String.raw`x = f"{y:{'\ud800\udc00'}}"`,
  String.raw`x = f"""'\ud800\udc00"{y}\n'''\ud800"""`,
  // t-strings
  String.raw`x = t"\ud800\udc00{y}"`,
  String.raw`x = t"{y:\ud800\udc00}"`,
  String.raw`x = t"\ud800" t"\udc00{y}"`,
  // docstrings (unparse writes them with triple quotes), get_docstring's cleaning
  String.raw`"\ud800\udc00"`,
  '"""  \\ud800\\udc00\n\t\\ud800\\udc00\\t\\ud800\\udc00\n    \\udc00\n\n"""',
  String.raw`u"\ud800" "\udc00"`,
  String.raw`'''\ud800\udc00"""'''`,
  'def f():\n    "\\ud800\\udc00"\n    return "\\udc00\\ud800"',
  'class C:\n    """a\\ud800\n    \\udc00b"""',
  // match patterns, annotations, keywords
  'match x:\n    case "\\ud800\\udc00": pass\n    case {"\\ud800" "\\udc00": _}: pass',
  String.raw`f(a="\ud800\udc00", *["\ud800", "\udc00"])`,
  // errors around the halves
  String.raw`x = "\ud800\udc0"`,
  String.raw`x = "\ud800\udc00\xZ"`,
  String.raw`x = f"\ud800\udc00{y:\xZ}"`,
  String.raw`x = "\ud800" b"\udc00"`,
  // identifiers cannot hold escapes (or surrogates at all)
  String.raw`\ud800 = 1`,
  String.raw`a\udc00 = 1`,
];

/** Code points of a str value (a JS string is read code point by code point). */
function cps(v: string | PyStr): number[] {
  return typeof v === "string" ? Array.from(v, (c) => c.codePointAt(0)!) : v.codePoints();
}

/** UTF-16 code units of a list of code points (a surrogate code point is one unit). */
function units(c: readonly number[]): number[] {
  const out: number[] = [];
  for (const x of c) {
    if (x <= 0xffff) out.push(x);
    else out.push(0xd800 + ((x - 0x10000) >> 10), 0xdc00 + ((x - 0x10000) & 0x3ff));
  }
  return out;
}

function describe(v: PyLiteral): Described {
  if (typeof v === "string" || v instanceof PyStr) return { s: cps(v) };
  if (v instanceof PyBytes) return { b: Array.from(v.bytes) };
  if (v instanceof PyTuple) return { t: v.items.map(describe) };
  if (v instanceof PyList) return { l: v.items.map(describe) };
  if (v instanceof PySet) return { set: v.items.map(describe).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
  if (v instanceof PyDict) return { d: v.keys.map((k, i) => [describe(k), describe(v.values[i]!)] as [Described, Described]) };
  return { r: pyRepr(v) };
}

function isStr(v: PyValue): v is string | PyStr {
  return typeof v === "string" || v instanceof PyStr;
}

/** Each str Constant's position and code points, in a fixed order. */
function strConstants(tree: Tree): [number, number, number, number, number[]][] {
  const out: [number, number, number, number, number[]][] = [];
  for (const id of preorderIds(tree)) {
    if (tree.kind[id] !== K.Constant) continue;
    const v = view(tree, id as never) as unknown as {
      value: PyValue;
      lineno: number;
      col_offset: number;
      end_lineno: number;
      end_col_offset: number;
    };
    if (isStr(v.value)) out.push([v.lineno, v.col_offset, v.end_lineno, v.end_col_offset, cps(v.value)]);
  }
  return sortRows(out);
}

function sortRows<T>(rows: T[]): T[] {
  return rows
    .map((r) => [JSON.stringify(r), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((x) => x[1]);
}

function firstValue(tree: Tree): number | null {
  const body = tree.field(tree.root, 0);
  if (tree.listLength(body) === 0) return null;
  const st = tree.listItem(body, 0);
  if (tree.kind[st] === K.Expr) return tree.field(st, 0);
  if (tree.kind[st] === K.Assign) return tree.field(st, 1);
  return null;
}

let answers: Promise<SurrogateAnswer[]> | null = null;
function oracle(): Promise<SurrogateAnswer[]> {
  return (answers ??= askSurrogates(
    "cases",
    SOURCES.map((s) => ({ bytes: enc.encode(s) })),
  ));
}

test("escaped surrogates: parse and dump match CPython (accepted and rejected alike)", async (t) => {
  const expected = await oracle();
  let ok = 0;
  for (let i = 0; i < SOURCES.length; i++) {
    const src = SOURCES[i]!;
    const want = expected[i]!;
    const { tree, error } = parse(enc.encode(src));
    if (!want.ok) {
      assert.ok(error !== null, `${src}: CPython rejects it (${want.msg})`);
      assertSameError(error, want, src);
    } else {
      assert.equal(error, null, `${src}: ${error?.msg}`);
      assert.equal(dump(tree, { includeAttributes: true }), want.dump, src);
    }
    ok++;
  }
  const rejected = expected.filter((a) => !a.ok).length;
  t.diagnostic(`surrogates: ${ok}/${SOURCES.length} sources identical to CPython (${rejected} rejected)`);
});

test("escaped surrogates: views hold each str constant's code points, as CPython's Constant.value", async () => {
  const expected = await oracle();
  for (let i = 0; i < SOURCES.length; i++) {
    const want = expected[i]!;
    if (!want.ok) continue;
    const { tree } = parse(enc.encode(SOURCES[i]!));
    assert.deepEqual(strConstants(tree), sortRows(want.strs), SOURCES[i]);
  }
});

test("escaped surrogates: literal_eval and get_docstring match CPython", async () => {
  const expected = await oracle();
  for (let i = 0; i < SOURCES.length; i++) {
    const want = expected[i]!;
    if (!want.ok) continue;
    const src = SOURCES[i]!;
    const { tree } = parse(enc.encode(src));
    const v = firstValue(tree);
    if (v !== null && want.literal !== null) {
      const r = literalEval(tree, v as never);
      const got: Described = r.error === null ? describe(r.value) : { err: `${r.error.cls}: ${r.error.msg}` };
      assert.deepEqual(got, want.literal, src);
    }
    const doc = [getDocstring(tree, tree.root), getDocstring(tree, tree.root, false)].map((d) => (d === null ? null : describe(d)));
    assert.deepEqual(doc, want.doc, src);
  }
  // From source text too (the value of the first statement is what literalEvalSource sees).
  const r = literalEvalSource(String.raw`("\ud800" "\udc00", "\U00010000")`);
  assert.equal(r.error, null);
  assert.deepEqual(describe(r.value!), { t: [{ s: [0xd800, 0xdc00] }, { s: [0x10000] }] });
});

test("escaped surrogates: unparse writes what CPython's ast.unparse writes (code unit for code unit)", async () => {
  const expected = await oracle();
  for (let i = 0; i < SOURCES.length; i++) {
    const want = expected[i]!;
    if (!want.ok) continue;
    const { tree } = parse(enc.encode(SOURCES[i]!));
    const text = unparse(tree);
    // CPython writes a format spec's text unescaped, so its output can hold a high surrogate
    // right before a low one, which a JS string holds as the same two code units.
    if (typeof want.unparse === "string") assert.fail(`${SOURCES[i]}: CPython's unparse raised ${want.unparse}`);
    const got: number[] = [];
    for (let k = 0; k < text.length; k++) got.push(text.charCodeAt(k));
    assert.deepEqual(got, units(want.unparse), SOURCES[i]);
  }
});

test("escaped surrogates: toJSON writes a PyStr as code points and fromJSON reads it back (dump identical)", async () => {
  const expected = await oracle();
  let pystrs = 0;
  for (let i = 0; i < SOURCES.length; i++) {
    const want = expected[i]!;
    if (!want.ok) continue;
    const { tree } = parse(enc.encode(SOURCES[i]!));
    const text = JSON.stringify(tree.toJSON());
    pystrs += text.split('"_type":"str"').length - 1;
    const back = fromJSON(JSON.parse(text));
    assert.equal(dump(back, { includeAttributes: true }), want.dump, SOURCES[i]);
    // A built tree keeps PyStr constants in its table: its views and unparse agree too.
    assert.deepEqual(strConstants(back), sortRows(want.strs), SOURCES[i]);
    if (typeof want.unparse !== "string") assert.equal(unparse(back), unparse(tree), SOURCES[i]);
    // transform copies rows (lazy strings decoded into the table): the same tree again.
    assert.equal(dump(transform(tree, {}), { includeAttributes: true }), want.dump, SOURCES[i]);
  }
  // The ast constructors take a PyStr like any PyValue.
  const made = fromJSON(ast.Module({ body: [ast.Expr({ value: ast.Constant({ value: PyStr.fromCodePoints([0xd800, 0xdc00]) }) })] }));
  assert.equal(dump(made), String.raw`Module(body=[Expr(value=Constant(value='\ud800\udc00'))])`);
  assert.ok(pystrs >= 30, `only ${pystrs} PyStr constants in the JSON`);
  // The JSON form: code points, and a plain string when one can hold them.
  const { tree } = parse(String.raw`"\ud800\udc00"`);
  const c = (tree.toJSON() as unknown as { body: { value: { value: unknown } }[] }).body[0]!.value.value;
  assert.deepEqual(c, { _type: "str", value: [0xd800, 0xdc00] });
  const built = (value: unknown) => {
    const t = fromJSON({ _type: "Expression", body: { _type: "Constant", value } });
    return t.value(t.field(t.root, 0) === 0 ? 0 : t.field(t.field(t.root, 0), 0), t.field(t.root, 0));
  };
  assert.equal(built({ _type: "str", value: [0x10000] }), "\u{10000}");
  assert.equal(built({ _type: "str", value: [0xd800, 0x61] }), "\ud800a");
  assert.ok(strEquals(built({ _type: "str", value: [0x61, 0xd800, 0xdc00] }) as PyStr, PyStr.fromCodePoints([0x61, 0xd800, 0xdc00])));
  assert.throws(
    () => fromJSON({ _type: "Expression", body: { _type: "Constant", value: { _type: "str", value: [0x110000] } } }),
    /expected a constant/,
  );
  assert.throws(
    () => fromJSON({ _type: "Expression", body: { _type: "Constant", value: { _type: "str", value: ["a"] } } }),
    /expected a constant/,
  );
});

test("PyStr: made only where a JS string cannot hold the str; equality, concatenation, code points", () => {
  assert.equal(PyStr.fromCodePoints([0xd800]), "\ud800");
  assert.equal(PyStr.fromCodePoints([0xdc00, 0xd800]), "\udc00\ud800");
  assert.equal(PyStr.fromCodePoints([0x10000]), "\u{10000}");
  const p = PyStr.fromCodePoints([0x61, 0xd800, 0xdc00, 0x10000, 0xdbff, 0xdfff]);
  assert.ok(p instanceof PyStr);
  assert.equal(p.text, "a\ud800\udc00\u{10000}\udbff\udfff");
  assert.deepEqual(p.splits, [2, 6]);
  assert.deepEqual(p.codePoints(), [0x61, 0xd800, 0xdc00, 0x10000, 0xdbff, 0xdfff]);
  assert.equal(String(p), p.text);
  assert.throws(() => PyStr.fromCodePoints([-1]), RangeError);
  assert.throws(() => PyStr.fromCodePoints([1.5]), RangeError);
  // concatenation: a high surrogate at the end meeting a low one at the start stays two
  const hi = "x\ud800",
    lo = "\udc00y";
  const joined = concatStr(hi, lo);
  assert.ok(joined instanceof PyStr);
  assert.deepEqual(cps(joined), [0x78, 0xd800, 0xdc00, 0x79]);
  assert.equal(concatStr("a", "b"), "ab");
  assert.equal(concatStr("\udc00", "\ud800"), "\udc00\ud800");
  assert.ok(strEquals(concatStr(joined, joined), PyStr.fromCodePoints([0x78, 0xd800, 0xdc00, 0x79, 0x78, 0xd800, 0xdc00, 0x79])));
  assert.ok(strEquals(concatStr(concatStr("\ud800", "\udc00"), "\ud800"), PyStr.fromCodePoints([0xd800, 0xdc00, 0xd800])));
  assert.ok(!strEquals(joined, "x\ud800\udc00y"));
  assert.equal(pyRepr(joined), String.raw`'x\ud800\udc00y'`);
  assert.equal(pyRepr("x\ud800\udc00y"), "'x\u{10000}y'");
});

test("escaped surrogates: ast.compare tells the pair from the astral character, as CPython's does", async () => {
  const pairs: [string, string][] = [
    [String.raw`"\ud800\udc00"`, String.raw`"\ud800" "\udc00"`],
    [String.raw`"\ud800\udc00"`, String.raw`"\U00010000"`],
    [String.raw`"\ud800\udc00"`, String.raw`"\ud800\udc01"`],
    [String.raw`f"\ud800\udc00"`, String.raw`f"\ud800" "\udc00"`],
    [String.raw`f"\ud800\udc00"`, String.raw`f"\U00010000"`],
    [String.raw`"\ud800"`, String.raw`"\ud800"`],
  ];
  const want = (await askPythonJson(
    "compare",
    `
import ast, json
json.dumps([ast.compare(ast.parse(a), ast.parse(b)) for a, b in json.loads(INPUT)])
`,
    pairs,
  )) as boolean[];
  const got = pairs.map(([a, b]) => {
    const ta = parse(a).tree,
      tb = parse(b).tree;
    return compare(ta, ta.root, tb, tb.root);
  });
  assert.deepEqual(got, want);
});

test("escaped surrogates: queries compare constants as Python does (patterns, metavariables, both back ends)", async () => {
  const target = [
    String.raw`a = "\ud800\udc00"`,
    String.raw`b = "\ud800" "\udc00"`,
    String.raw`c = "\U00010000"`,
    'd = "\u{10000}"',
    String.raw`e = f"\ud800\udc00"`,
    String.raw`g = "\ud800"`,
    String.raw`h = b"\ud800\udc00"`,
    String.raw`i = "\ud800\udc01"`,
    String.raw`f("\ud800\udc00", "\ud800" "\udc00")`,
    String.raw`f("\ud800\udc00", "\U00010000")`,
    String.raw`f("\U00010000", "\U00010000")`,
  ].join("\n");
  const patterns = [String.raw`"\ud800\udc00"`, String.raw`"\U00010000"`, String.raw`"\ud800"`, String.raw`b"\ud800\udc00"`];
  // CPython: the lines of the Constants equal (with the same type) to each pattern's value, and
  // the calls whose two arguments are equal.
  const want = (await askPythonJson(
    "query",
    `
import ast, json
src, pats = json.loads(INPUT)
tree = ast.parse(src)
consts = [n for n in ast.walk(tree) if isinstance(n, ast.Constant)]
out = []
for p in pats:
    v = ast.literal_eval(p)
    out.append(sorted(n.lineno for n in consts if type(n.value) is type(v) and n.value == v))
calls = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args[0].value == n.args[1].value]
json.dumps([out, sorted(calls)])
`,
    [target, patterns],
  )) as [number[][], number[]];
  const tree = parse(target).tree;
  for (const backend of ["closure", "codegen"] as const) {
    const got = patterns.map((p) =>
      compileQuery(p, { backend })
        .find(tree)
        .map((m) => m.node)
        .map((n) => tree.lineOf(tree.start[n]!))
        .sort((a, b) => a - b),
    );
    assert.deepEqual(got, want[0], backend);
    const calls = compileQuery("f($X, $X)", { backend })
      .find(tree)
      .map((m) => tree.lineOf(tree.start[m.node]!))
      .sort((a, b) => a - b);
    assert.deepEqual(calls, want[1], backend);
    // A PyStr is a str to type tests and regexes (which read its code units).
    const strs = compileQuery({ select: "Constant[value=/^\\ud800/]" }, { backend }).find(tree).length;
    assert.ok(strs >= 6, `${backend}: ${strs}`);
  }
});

// ---- sources that hold a surrogate themselves: no UTF-8 file can, and CPython refuses a str one

test("a str source with a lone surrogate gets CPython's UnicodeEncodeError; bytes with one its decode error", async () => {
  const strSources = [
    "x = '\ud800'",
    "x = '\udc00'",
    "\ud800 = 1",
    "x\udc00 = 1",
    "x = 1  # \ud800",
    "x = '\udc00\udc00' + 1",
    "x = '\u{1F600}\ud800\ud800\u{1F600}'",
    "x = '\udc00\ud800\udc00'",
    "x = '\ud800'\0",
    "x = '\ud800\udc00'",
  ];
  const byteSources = [
    Uint8Array.of(...enc.encode("x = '"), 0xed, 0xa0, 0x80, ...enc.encode("'\n")),
    Uint8Array.of(...enc.encode("x = 1\n"), 0xed, 0xb0, 0x80, ...enc.encode(" = 2\n")),
    Uint8Array.of(...enc.encode("# coding: latin-1\nx = '"), 0xed, 0xa0, 0x80, ...enc.encode("'\n")),
    Uint8Array.of(...enc.encode("x = '"), 0xf0, 0x90, 0x80, 0x80, ...enc.encode("'\n")),
  ];
  const want = await askSurrogates("sources", [
    ...strSources.map((s) => ({ codePoints: Array.from(s, (c) => c.codePointAt(0)!) })),
    ...byteSources.map((b) => ({ bytes: b })),
  ]);
  const inputs: (string | Uint8Array)[] = [...strSources, ...byteSources];
  for (let i = 0; i < inputs.length; i++) {
    const w = want[i]!;
    const { tree, error } = parse(inputs[i]!);
    const label = JSON.stringify(typeof inputs[i] === "string" ? inputs[i] : Array.from(inputs[i] as Uint8Array));
    if (w.ok) {
      assert.equal(error, null, label);
      assert.equal(dump(tree, { includeAttributes: true }), w.dump, label);
    } else {
      assert.ok(error !== null, label);
      assertSameError(error, w, label);
      if (w.cls === "UnicodeEncodeError") assert.equal(error.code, error.msg.includes("characters in position") ? "T1011" : "T1010");
    }
  }
  // literal_eval(str) strips leading spaces and tabs first, so the position counts from there.
  const le = (await askPythonJson(
    "literal-eval-source",
    `
import ast, json
out = []
for c in json.loads(INPUT):
    try:
        ast.literal_eval("".join(map(chr, c)))
        out.append(None)
    except Exception as e:
        out.append([type(e).__name__, str(e)])
json.dumps(out)
`,
    [" \t'\udc00'", "'\ud800'", "('a', '\ud800')"].map((s) => Array.from(s, (c) => c.codePointAt(0)!)),
  )) as ([string, string] | null)[];
  const got = [" \t'\udc00'", "'\ud800'", "('a', '\ud800')"].map((s) => {
    const r = literalEvalSource(s);
    return r.error === null ? null : [r.error.cls, "msg" in r.error ? r.error.msg : ""];
  });
  assert.deepEqual(got, le);
});

// ---- generated: strings and f-/t-strings built from surrogate escapes and their neighbours

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generated(): string[] {
  const r = rng(10);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const halves = [
    String.raw`\ud800`,
    String.raw`\udbff`,
    String.raw`\udc00`,
    String.raw`\udfff`,
    String.raw`\U0000dc01`,
    String.raw`\uD83D`,
    String.raw`\uDE00`,
  ];
  const others = [
    "a",
    " ",
    "'",
    '"',
    String.raw`\n`,
    String.raw`\t`,
    String.raw`\\`,
    String.raw`\N{BULLET}`,
    String.raw`\U0001F600`,
    "\u{1F600}",
    "é",
    String.raw`\x41`,
    "\\\n",
  ];
  const body = (f: boolean, spec: boolean): string => {
    let b = "";
    const n = 1 + Math.floor(r() * 6);
    for (let k = 0; k < n; k++) {
      const x = r();
      if (x < 0.55) b += pick(halves);
      else if (f && !spec && x < 0.65) b += pick(["{{", "}}", "{y}", "{y!r}", "{y=}"]);
      else if (f && !spec && x < 0.75) b += "{y:" + body(true, true) + "}";
      else b += pick(others);
    }
    return b;
  };
  const out: string[] = [];
  for (let i = 0; i < 400; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(r() * 3);
    const t = r() < 0.1;
    for (let k = 0; k < n; k++) {
      const prefix = t ? pick(["t", "t", "tr"]) : pick(["", "", "u", "f", "f", "F", "rf", "r"]);
      const f = /[ftFT]/.test(prefix);
      const quote = pick(['"', '"', "'", '"""', "'''"]);
      let b = body(f, false);
      // Keep the body from closing the literal early (a quote character or a trailing backslash).
      b = b.split(quote[0]!).join("");
      if (quote.length === 1) b = b.split("\\\n").join("");
      if (/[rR]/.test(prefix)) b = b.split("\\N{").join("N{");
      parts.push(prefix + quote + b + quote);
    }
    if (t && parts.length > 1) parts.splice(1);
    out.push((r() < 0.2 ? "" : "x = ") + parts.join(pick([" ", "", "\\\n"])));
  }
  return out;
}

test("generated sources with surrogate escapes: dump, str constants and unparse identical to CPython's", async (t) => {
  const sources = generated();
  const expected = await askSurrogates(
    "generated",
    sources.map((s) => ({ bytes: enc.encode(s) })),
  );
  let accepted = 0,
    pystrs = 0;
  for (let i = 0; i < sources.length; i++) {
    const src = sources[i]!;
    const want = expected[i]!;
    const { tree, error } = parse(enc.encode(src));
    if (!want.ok) {
      assert.ok(error !== null, `${src}: CPython rejects it (${want.msg})`);
      assertSameError(error, want, src);
      continue;
    }
    accepted++;
    assert.equal(error, null, `${src}: ${error?.msg}`);
    assert.equal(dump(tree, { includeAttributes: true }), want.dump, src);
    const strs = strConstants(tree);
    assert.deepEqual(strs, sortRows(want.strs), src);
    for (const id of preorderIds(tree)) if (tree.kind[id] === K.Constant && tree.value(tree.field(id, 0), id) instanceof PyStr) pystrs++;
    if (typeof want.unparse === "string") {
      assert.throws(() => unparse(tree), Error, `${src}: CPython's unparse raised ${want.unparse}`);
      continue;
    }
    const text = unparse(tree);
    const got: number[] = [];
    for (let k = 0; k < text.length; k++) got.push(text.charCodeAt(k));
    assert.deepEqual(got, units(want.unparse), src);
    assert.equal(dump(fromJSON(JSON.parse(JSON.stringify(tree.toJSON()))), { includeAttributes: true }), want.dump, src);
  }
  t.diagnostic(`generated: ${sources.length}/${sources.length} identical to CPython (${accepted} accepted, ${pystrs} PyStr constants)`);
  assert.ok(pystrs > 100, `only ${pystrs} PyStr constants`);
});
