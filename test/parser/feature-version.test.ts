// ast.parse(src, feature_version=(3, N)) for N = 4..14 against CPython 3.14 (Pyodide): every ok
// grammar fixture and hand-written cases for each CHECK_VERSION of CPython's parser, under every
// version: the same tree, or the same "... only supported in Python 3.N and greater" error at the
// same position.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { askOracle } from "../support/oracle.js";
import { listFixtures } from "../support/fixtures.js";
import { stdlibFiles } from "../support/corpus.js";
import { featureVersionErrors } from "./feature-version-oracle.js";
import { quarryOutcome, oracleOutcome as theirs } from "../support/outcome.js";

const enc = new TextEncoder();
const VERSIONS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];

function ours(src: Uint8Array, minor: number): string {
  return quarryOutcome(src, { featureVersion: [3, minor] });
}

async function compareAll(sources: Uint8Array[], labels: string[]): Promise<{ bad: string[]; total: number; rejected: number }> {
  const bad: string[] = [];
  let rejected = 0;
  for (const minor of VERSIONS) {
    const answers = await askOracle(sources, { bundle: true, parse: { featureVersion: minor } });
    for (let i = 0; i < sources.length; i++) {
      const want = theirs(answers[i]!);
      if (!answers[i]!.ok) rejected++;
      const got = ours(sources[i]!, minor);
      if (got !== want) bad.push(`3.${minor} ${labels[i]}: ours ${got.slice(0, 200)} | CPython ${want.slice(0, 200)}`);
    }
  }
  return { bad, total: sources.length * VERSIONS.length, rejected };
}

// One or more sources per CHECK_VERSION in Grammar/python.gram and pegen's number check, in
// statement, expression, nested and concatenated positions.
const CASES = [
  "x: int = 1",
  "x: int",
  "(x): int = 1",
  "x.y: int",
  "x[0]: int = 2",
  "class C:\n  x: int\n",
  "def f():\n  y: list[int] = []\n",
  "a @ b",
  "a @= b",
  "x = a @ b @ c",
  "f(a @ b)",
  "x[a @ b]: int",
  "async def f(): pass",
  "async def f(): await x",
  "async def f():\n  async for x in y: pass\n",
  "async def f():\n  async with a: pass\n",
  "async def f():\n  async with (a as b, c): pass\n",
  "async def f():\n  return [x async for x in y]\n",
  "async def f():\n  return {x async for x in y if x}\n",
  "async def f():\n  await x\n  y = 1\n",
  "async def f():\n  async for x in y:\n    pass\n  else:\n    pass\n",
  "try:\n  pass\nexcept* E:\n  pass\n",
  "try:\n  pass\nexcept* (A, B) as e:\n  pass\n",
  "try:\n  pass\nexcept A, B:\n  pass\n",
  "try:\n  pass\nexcept* A, B:\n  pass\n",
  "try:\n  pass\nexcept (A, B):\n  pass\n",
  "match x:\n  case 1: pass\n",
  "match x:\n  case 1_0: pass\n",
  "match (a, b):\n  case [1, 2] | {'k': _}: pass\n  case C(x=1): pass\n",
  "type X = int",
  "type X[T] = list[T]",
  "def f[T](): pass",
  "class C[T]: pass",
  "def f[T: int, *Ts, **P](): pass",
  "def f[T=int](): pass",
  "class C[*Ts=int]: pass",
  "type A[**P=[int]] = P",
  "def f[T: int = str](): pass",
  "(x := 1)",
  "if (n := len(a)) > 10: pass",
  "[y := f(x), y**2]",
  "f(a := 1)",
  "while (line := f()):\n  pass\n",
  "x = (y := 1)",
  "def f(a, /): pass",
  "def f(a, /, b): pass",
  "def f(a=1, /, b=2): pass",
  "lambda a, /: 1",
  "lambda a=1, /, b=2: 1",
  "def f(a, /, *, b): pass",
  "x = 1_000",
  "x = 0x_ff",
  "x = 1_0.5",
  "x = 1_0j",
  "x = 100",
  "f(1_000)",
  "x = [1, 2_0]",
  "t'{x}'",
  "t'a' t'b'",
  "x = t'{y:{z}}'",
  "f(t'{x=}')",
  "f'{x}'",
  "f'{x=}'",
  "f'{x!r:>{w}}'",
  "with (a as b, c as d): pass",
  "def f():\n  return *a, b\n",
  "a[*b]",
  "def f(*args: *Ts): pass",
  "print(*a, *b)",
  "{**a, **b}",
  "x = yield",
  "@a.b[c]\ndef f(): pass",
  "x = *a, b",
  "for x in *a, b: pass",
  "async def f():\n  x = [await y async for y in z]\n",
  "async def f():\n  async for x in y:\n    pass\n  z = 1\n",
  "async def f():\n  async for x in y: pass\n  z = 1\n",
  "try:\n  pass\nexcept* E:\n  pass\nx = 1\n",
  "try:\n  pass\nexcept* E: pass\nelse: pass\nx = 1\n",
  "try:\n  pass\nexcept* E: pass\nfinally: pass\nx = 1\n",
  "try:\n  pass\nexcept* E:\n  pass\nfinally:\n  pass\nx = 1\n",
  "async def f():\n  async with a:\n    pass\n  x = 1\n",
  "async def f():\n  pass\nx = 1\n",
  "match x:\n  case 1:\n    pass\nx = 1\n",
  "try:\n  pass\nexcept A, B:\n  pass\nexcept C: pass\n",
  "class C:\n  async def f(self):\n    pass\n  x = 1\n",
  "def f():\n  try:\n    pass\n  except* E:\n    pass\n",
  "if x:\n  async def f(): pass\nelse:\n  pass\n",
  "def f(a, /):\n  x: int = (y := 1)\n",
  "type X = (a := 1)",
  "x: int = 1_000",
  // A version error in the first pass is final: the second pass's invalid_string_tstring_concat
  // would say "cannot mix t-string literals ..." further on.
  't"a" t"b" "tc"',
  "x = t'a' 'b'",
  // parameters' CHECK_VERSION runs once '/' and ',' are read, whatever fails after them.
  "def f(a, /, b=1, c): pass",
  "lambda a, /, b=1, c: 1",
  "def f(a, /, *, b := ): pass",
  "def f(a, /, await): pass",
  "def f(a=1, /, b: int lambda = 2): pass",
  "def f(a, /, b=1 +): pass",
  "def f(a, / b): pass",
  "def f(a, /",
  "x = [a lambda a, /, b c: 0]",
  // A CHECK_VERSION right after an expression runs on the longest prefix that parses.
  "type X = Callable[[, object]",
  "type X = f(a b) +",
  "type X = )",
  "type X = (1 +",
  "def f[T=x[[, y]](): pass",
  "def f[*T=*a[(]](): pass",
  // invalid_string_tstring_concat reads the t-string after a string run: its CHECK_VERSION first.
  "x = 'a' t'{b}'",
  "if k in (''t'{a:{b}}', 'q'): pass",
  "x = 'a' t'b' '\\N{no such name}'",
  // tstring's CHECK_VERSION runs once the first t-string's end is read, before anything after it.
  "x t'a'\\= 2",
  "(x t'a' \\= 2)",
  "x = t'a' t'{b!z}'",
  't"""{\n x\n}"""t"if x:\n  pass\n',
];

test("feature_version 3.4-3.14: hand-written cases for every version check equal CPython's", async () => {
  const sources = CASES.map((c) => enc.encode(c));
  const { bad, total, rejected } = await compareAll(
    sources,
    CASES.map((c) => JSON.stringify(c)),
  );
  console.log(`feature_version cases: ${total - bad.length}/${total} identical (${rejected} rejected by CPython)`);
  assert.deepEqual(bad.slice(0, 30), []);
});

test("feature_version 3.4-3.14: every ok grammar fixture equals CPython", async () => {
  const ok = listFixtures("ok");
  const { bad, total, rejected } = await compareAll(
    ok.map((f) => f.bytes),
    ok.map((f) => f.rel),
  );
  console.log(
    `feature_version fixtures: ${total - bad.length}/${total} identical (${ok.length} fixtures x ${VERSIONS.length} versions, ${rejected} rejected by CPython)`,
  );
  assert.deepEqual(bad.slice(0, 30), []);
});

test("featureVersion must be [3, whole number]", () => {
  assert.throws(() => parse("x", { featureVersion: [2, 7] }), RangeError);
  assert.throws(() => parse("x", { featureVersion: [3, 1.5] }), RangeError);
  assert.equal(parse("x := 1", { featureVersion: [3, 15] }).error?.msg, "invalid syntax");
});

test("feature_version 3.4, 3.7, 3.9, 3.11, 3.13: every stdlib file is accepted or rejected as CPython does, error position included", async () => {
  const files = stdlibFiles();
  for (const minor of [4, 7, 9, 11, 13]) {
    const want = await featureVersionErrors(
      files.map((f) => f.bytes),
      minor,
    );
    const bad: string[] = [];
    let rejected = 0;
    for (let i = 0; i < files.length; i++) {
      const e = parse(files[i]!.bytes, { featureVersion: [3, minor] }).error;
      const got = e === null ? "OK" : `${e.cls}: ${e.msg} @${e.lineno},${e.offset},${e.end_lineno},${e.end_offset}`;
      if (want[i] !== "OK") rejected++;
      if (got !== want[i]) bad.push(`3.${minor} ${files[i]!.name}: ours ${got} | CPython ${want[i]}`);
    }
    console.log(`feature_version 3.${minor}: ${files.length - bad.length}/${files.length} stdlib files identical (${rejected} rejected)`);
    assert.deepEqual(bad.slice(0, 10), []);
  }
});
