// literalEval, getDocstring and compare against CPython 3.14's ast.literal_eval, ast.get_docstring
// and ast.compare (Pyodide, cached): every literal-shaped expression and every def/class/module of
// the stdlib corpus, hand-written edge cases, and compare over fixture pairs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { literalEvalSource } from "../../src/parser/literal-eval.js";
import { compare, getDocstring, literalEval, PyDict, PyList, PySet, PyTuple, type PyLiteral } from "../../src/ast/helpers.js";
import { pyRepr } from "../../src/ast/repr.js";
import { KINDS, NodeKind } from "../../src/schema/generated/nodes.js";
import type { NodeId, Tree } from "../../src/ast/tree.js";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { askHelpers } from "./helpers-oracle.js";

type Row = [number, number, number, number, string, ...unknown[]];

/** Same text as the oracle's _canon: repr, with sets sorted. */
function canon(v: PyLiteral): string {
  if (v instanceof PyTuple) return "(" + v.items.map(canon).join(", ") + (v.items.length === 1 ? "," : "") + ")";
  if (v instanceof PyList) return "[" + v.items.map(canon).join(", ") + "]";
  if (v instanceof PyDict) return "{" + v.keys.map((k, i) => canon(k) + ": " + canon(v.values[i]!)).join(", ") + "}";
  if (v instanceof PySet) return v.items.length === 0 ? "set()" : "{" + v.items.map(canon).sort(byCodePoint).join(", ") + "}";
  return pyRepr(v);
}

// Python's sorted() on str compares code points; JS's default sort compares UTF-16 units.
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function evalText(r: { value: PyLiteral | undefined; error: { cls: string; msg: string } | null }): string {
  return r.error === null ? canon(r.value as PyLiteral) : `!${r.error.cls}: ${r.error.msg}`;
}

/** Every node reachable from the root, with an explicit stack (ast.walk's set, not its order). */
function walk(tree: Tree): NodeId[] {
  const out: NodeId[] = [];
  const stack: NodeId[] = [tree.root];
  while (stack.length > 0) {
    const id = stack.pop()!;
    out.push(id);
    const spec = KINDS[tree.kind[id]!]!;
    for (let i = 0; i < spec.fields.length; i++) {
      const c = spec.fields[i]!.category;
      const raw = tree.field(id, i);
      if ((c === "node" || c === "node?") && raw !== 0) stack.push(raw);
      else if (c === "node*")
        for (let j = 0; j < tree.listLength(raw); j++) if (tree.listItem(raw, j) !== 0) stack.push(tree.listItem(raw, j));
    }
  }
  return out;
}

function pos(tree: Tree, id: NodeId): [number, number, number, number, string] {
  const name = KINDS[tree.kind[id]!]!.name;
  if (!KINDS[tree.kind[id]!]!.hasPosition) return [0, 0, 0, 0, name];
  const [l, c] = tree.position(tree.start[id]!);
  const [el, ec] = tree.position(tree.end[id]!);
  return [l, c, el, ec, name];
}

const sortRows = (rows: Row[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

const LIT = new Set<number>([NodeKind.Tuple, NodeKind.List, NodeKind.Set, NodeKind.Dict, NodeKind.UnaryOp, NodeKind.BinOp]);

function literalRows(tree: Tree): Row[] {
  const rows: Row[] = [];
  for (const id of walk(tree)) {
    const k = tree.kind[id]!;
    let take = LIT.has(k);
    if (k === NodeKind.Call) {
      const f = tree.field(id, 0);
      take = tree.kind[f] === NodeKind.Name && tree.ident(tree.field(f, 0)) === "set";
    } else if (k === NodeKind.Constant) take = typeof tree.value(tree.field(id, 0), id) !== "string";
    if (take) rows.push([...pos(tree, id), evalText(literalEval(tree, id))]);
  }
  return rows;
}

test("literalEval: every literal-shaped expression of the stdlib identical to ast.literal_eval", async () => {
  const files = stdlibFiles();
  const want = await askHelpers<Row[]>(
    "literal_nodes",
    files.map((f) => f.bytes),
  );
  let nodes = 0;
  let errors = 0;
  const bad: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const ours = sortRows(literalRows(parse(files[i]!.bytes).tree));
    const theirs = sortRows(want[i]!);
    nodes += theirs.length;
    errors += want[i]!.filter((r) => String(r[5]).startsWith("!")).length;
    if (ours.length !== theirs.length) bad.push(`${files[i]!.name}: ${ours.length} nodes vs ${theirs.length}`);
    else
      for (let j = 0; j < ours.length; j++)
        if (ours[j] !== theirs[j]) {
          bad.push(`${files[i]!.name}: ours ${ours[j]} vs CPython ${theirs[j]}`);
          break;
        }
  }
  console.log(
    `literal_eval: ${files.length - bad.length}/${files.length} stdlib files identical (${nodes} expressions, ${errors} of them errors)`,
  );
  assert.deepEqual(bad.slice(0, 5), []);
});

const EDGE = [
  "1",
  "-1",
  "+1",
  "--1",
  "-(1)",
  "1.5",
  "-0.0",
  "+0.0",
  "1j",
  "-1j",
  "+1j",
  "1+2j",
  "1-2j",
  "-1-2j",
  "1 - 0j",
  "0 - 0j",
  "-0.0 + 0j",
  "1 + -0j",
  "1.5 + 2j",
  "(1)+2j",
  "2j + 1",
  "1 + 2",
  "1j + 1j",
  "True + 1j",
  "None + 1j",
  "10**400 + 1j",
  "1" + "0".repeat(400) + " + 1j",
  "-" + "1".repeat(20) + " - 1j",
  "1e400",
  "-1e400 + 1j",
  "'a'",
  "b'a'",
  "u'x'",
  "'a' 'b'",
  "f'x'",
  "...",
  "None",
  "True",
  "False",
  "-True",
  "not True",
  "()",
  "(1,)",
  "(1, 2)",
  "[]",
  "[1, [2, [3]]]",
  "{}",
  "{1: 2}",
  "{1: 2, 1.0: 3, True: 4}",
  "{'a': 1, **x}",
  "{1, 1.0, True, 2}",
  "{(1, 2), (1, 2)}",
  "{(1, [2])}",
  "{[1]: 2}",
  "{1: [], 2: {}}",
  "{frozenset(): 1}",
  "set()",
  "set([])",
  "set(x=1)",
  "frozenset()",
  "x",
  "x.y",
  "f(1)",
  "[1, 2, x]",
  "{x: 1}",
  "{1: x}",
  "(1, x)",
  "[i for i in y]",
  "1 if 2 else 3",
  "lambda: 1",
  "1 * 2",
  "-x",
  "~1",
  "a < b",
  "  1",
  "\t[1]",
  "[" + "1, ".repeat(50) + "]",
  "(" + "(".repeat(150) + ")".repeat(150) + ")",
  "{'a': {'b': {'c': [1, (2, {3})]}}}",
  "{0.0, -0.0}",
  "{1e400, 2e400}",
  "{-0j, 0j}",
  "{1: 1, 2: 2, 1: 3}",
  "{'é', 'e', '☃', '𝕏'}",
];

test("literalEvalSource: hand-written edge cases identical to ast.literal_eval(str)", async () => {
  const enc = new TextEncoder();
  const want = await askHelpers<string>(
    "literal_sources",
    EDGE.map((s) => enc.encode(s)),
  );
  for (let i = 0; i < EDGE.length; i++) assert.equal(evalText(literalEvalSource(EDGE[i]!) as never), want[i], EDGE[i]);
});

test("getDocstring: every module, class and function of the stdlib identical to ast.get_docstring", async () => {
  const files = stdlibFiles();
  const want = await askHelpers<Row[]>(
    "docstrings",
    files.map((f) => f.bytes),
  );
  let defs = 0;
  let withDoc = 0;
  const bad: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const tree = parse(files[i]!.bytes).tree;
    const rows: Row[] = [];
    for (const id of walk(tree)) {
      const k = tree.kind[id];
      if (k === NodeKind.Module || k === NodeKind.ClassDef || k === NodeKind.FunctionDef || k === NodeKind.AsyncFunctionDef) {
        rows.push([...pos(tree, id), getDocstring(tree, id), getDocstring(tree, id, false)]);
      }
    }
    const ours = sortRows(rows);
    const theirs = sortRows(want[i]!);
    defs += theirs.length;
    withDoc += want[i]!.filter((r) => r[5] !== null).length;
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      const j = ours.findIndex((r, k) => r !== theirs[k]);
      bad.push(`${files[i]!.name}: ours ${ours[j]} vs CPython ${theirs[j]}`);
    }
  }
  console.log(
    `get_docstring: ${files.length - bad.length}/${files.length} stdlib files identical (${defs} modules/classes/functions, ${withDoc} with a docstring)`,
  );
  assert.deepEqual(bad.slice(0, 5), []);
});

test("getDocstring: other node kinds are a TypeError, as in CPython", () => {
  const tree = parse("x = 1\n").tree;
  const assign = tree.listItem(tree.field(tree.root, 0), 0);
  assert.throws(() => getDocstring(tree, assign), { name: "TypeError", message: "'Assign' can't have docstrings" });
});

const PAIRS: Array<[string, string]> = [
  ["1", "1.0"],
  ["True", "1"],
  ["1", "1"],
  ["x", "y"],
  ["x", "x"],
  ["f(a)", "f(a,)"],
  ["u'x'", "'x'"],
  ["'x'", "'x'"],
  ["-0.0", "-0.0"],
  ["0.0", "-0.0"],
  ["b'a'", "'a'"],
  ["...", "..."],
  ["None", "False"],
  ["a < b", "a <= b"],
  ["x = 1", "x=1"],
  ["x = 1", "x = 1  # c"],
  ["def f(): pass", "async def f(): pass"],
  ["import a.b", "import a.c"],
  ["from . import x", "from .. import x"],
  ["{**a}", "{**a}"],
  ["{**a}", "{a: a}"],
  ["f'{x!r}'", "f'{x!s}'"],
  ["1j", "1j"],
  ["2j", "1j"],
  ["x[1:2]", "x[1:2:]"],
  ["del x", "del x,"],
  ["x: int", "x: int = 1"],
  ["é = 1", "é = 1"],
  ["a\nb", "a\n\nb"],
  ["(a)", "a"],
  ["t'{x}'", "t'{x}'"],
  ["t'{x}'", "f'{x}'"],
];

test("compare: equal to ast.compare (with and without attributes) on fixture and hand-written pairs", async () => {
  const enc = new TextEncoder();
  const ok = listFixtures("ok")
    .map((f) => f.bytes)
    .filter((b) => parse(b).error === null);
  const pairs: Array<[Uint8Array, Uint8Array]> = PAIRS.map(([a, b]) => [enc.encode(a), enc.encode(b)]);
  for (let i = 0; i < ok.length; i++) {
    const a = ok[i]!;
    pairs.push([a, a], [a, ok[(i + 1) % ok.length]!]);
    const shifted = new Uint8Array([10, ...a]);
    if (parse(shifted).error === null) pairs.push([a, shifted]);
  }
  const want = await askHelpers<[boolean, boolean]>(
    "compare_pair",
    pairs.map(([a, b]) => new Uint8Array([...a, 0, ...b])),
  );
  let same = 0;
  for (let i = 0; i < pairs.length; i++) {
    const ta = parse(pairs[i]![0]).tree;
    const tb = parse(pairs[i]![1]).tree;
    const ours = [compare(ta, ta.root, tb, tb.root), compare(ta, ta.root, tb, tb.root, { compareAttributes: true })];
    assert.deepEqual(
      ours,
      want[i],
      new TextDecoder().decode(pairs[i]![0]).slice(0, 80) + " | " + new TextDecoder().decode(pairs[i]![1]).slice(0, 80),
    );
    same++;
  }
  console.log(`compare: ${same}/${pairs.length} pairs agree with ast.compare`);
});

test("compare: a 200,000-long chain compares without deep recursion", () => {
  const src = "x = " + Array.from({ length: 200_000 }, (_, i) => `a${i % 7}`).join(" + ") + "\n";
  const a = parse(src).tree;
  const b = parse(src).tree;
  assert.equal(compare(a, a.root, b, b.root, { compareAttributes: true }), true);
  const c = parse(src.slice(0, -2) + "9\n").tree; // the last name differs
  assert.equal(compare(a, a.root, c, c.root), false);
});
