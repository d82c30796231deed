// ast.parse(src, optimize=N) against CPython 3.14 (Pyodide): the optimized AST (PyCF_OPTIMIZED_AST,
// Python/ast_preprocess.c) dumped exactly, over hand-written cases and over the stdlib corpus at
// optimize 1 and 2; and the copy is a well-formed tree (every row reachable, subtrees contiguous).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, type ParseOptions } from "../../src/parser/parse.js";
import type { ParseMode } from "../../src/parser/modes.js";
import { walk } from "../../src/ast/walk.js";
import { treeIndex } from "../../src/query/runtime.js";
import type { Tree } from "../../src/ast/tree.js";
import { askOracle } from "../support/oracle.js";
import { stdlibFiles } from "../support/corpus.js";
import { quarryOutcome, oracleOutcome as theirs } from "../support/outcome.js";

const enc = new TextEncoder();

function ours(src: Uint8Array, options: ParseOptions): string {
  return quarryOutcome(src, options);
}

async function compare(
  sources: Uint8Array[],
  optimize: number,
  mode: ParseMode,
  label: (i: number) => string,
  typeComments = false,
): Promise<string[]> {
  const answers = await askOracle(sources, { parse: { mode, optimize, ...(typeComments ? { flags: 0x1000 } : {}) } });
  const bad: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const want = theirs(answers[i]!);
    const got = ours(sources[i]!, { mode, optimize, typeComments });
    if (got !== want) bad.push(`${label(i)}: ours ${got.slice(0, 400)} | CPython ${want.slice(0, 400)}`);
  }
  return bad;
}

// Every rewrite, the cases each one leaves alone, and the places it does not reach.
const CASES = [
  // __debug__: Load only, everywhere but future-deferred annotations and pattern values.
  "x = __debug__\n",
  "__debug__ = 1\n",
  "del __debug__\n",
  "f(x=__debug__, *__debug__)\n",
  "x = {**a, 1: __debug__}\n",
  "x.__debug__\n",
  "__debug__.x\n",
  "lambda a=__debug__: __debug__\n",
  "[__debug__ for __debug__ in __debug__ if __debug__]\n",
  "f'{__debug__!r:{__debug__}}'\n",
  "t'{__debug__}'\n",
  "x: __debug__ = __debug__\n",
  "def f(a: __debug__ = __debug__, *b: __debug__) -> __debug__: pass\n",
  "from __future__ import annotations\nx: __debug__ = 1\ndef f(a: __debug__ = __debug__) -> __debug__: pass\n",
  "'''doc'''\nfrom __future__ import annotations\nx: __debug__\n",
  "import os\nfrom __future__ import annotations\n",
  "class C[T: __debug__ = __debug__, *U = __debug__, **V = __debug__](__debug__, k=__debug__): pass\n",
  "type A[T: __debug__] = __debug__\n",
  "@__debug__\ndef f(): pass\n",
  "if __debug__: assert __debug__, __debug__\n",
  "while __debug__: pass\nelse: __debug__\n",
  "with __debug__ as x: pass\n",
  "try: pass\nexcept __debug__: pass\n",
  "for x in __debug__: pass\n",
  "x[__debug__:__debug__:__debug__]\n",
  "(x := __debug__)\n",
  "await __debug__\n",
  "def g(): yield __debug__; yield from __debug__\n",
  "raise __debug__ from __debug__\n",
  "return __debug__\n",
  "x = \uff3f\uff3fdebug\uff3f\uff3f\n",
  "x = __debug\n",
  "x = __debug__x\n",
  "global __debug__\n",
  // %-formatting to f-strings.
  "x = '%s %r %a %5s %-5s %.3s %%' % (a, b, c, d, e, f)\n",
  "x = '%d' % (a,)\n",
  "x = '%s' % a\n",
  "'%s%s' % (a, *b)\n",
  "'%s' % (a, b)\n",
  "'%s %s' % (a,)\n",
  "'%10.2s|%0s|%+s|%#s|% s|%-9s|%.s' % (a,b,c,d,e,f,g)\n",
  "'%100s' % (a,)\n",
  "'%.100s' % (a,)\n",
  "'%' % ()\n",
  "'' % ()\n",
  "'abc' % ()\n",
  "'%%' % ()\n",
  "'a%%b%sc' % (x,)\n",
  "b'%s' % (a,)\n",
  "u'%s' % (a,)\n",
  "'a' 'b%s' % (a,)\n",
  "f'%s' % (a,)\n",
  "'%s' % (a,) % (b,)\n",
  "('%s' % (a,)) % (b,)\n",
  "'%-' % (a,)\n",
  "'%5' % (a,)\n",
  "'%s%' % (a,)\n",
  "'%(x)s' % (a,)\n",
  "'%*s' % (a,)\n",
  "'%-05.1a' % (a,)\n",
  "'%s' % (__debug__,)\n",
  "'%s%%%s' % (__debug__, [__debug__])\n",
  "'é%s😀%r' % (a, b)\n",
  "'%s' % ('%s' % (a,),)\n",
  "x %= ('%s' % (a,))\n",
  "'%s' + '%s' % (a,)\n",
  "'%s' % (yield,)\n",
  "'\\n%s\\t' % (a,)\n",
  "'%s' % ()\n",
  // match patterns.
  "match x:\n case -1: pass\n case 1+2j: pass\n case -1-2j: pass\n case {-1: a}: pass\n case 1 - 0j: pass\n case -0.0 - 0j: pass\n case -0: pass\n",
  "match x:\n case -0.0 + 0j: pass\n case -0j: pass\n case 1.5 + 2.5j: pass\n case -1e400: pass\n case -1 | -2: pass\n case [-1, *r]: pass\n",
  "match x:\n case C(-1, k=-2): pass\n case (-1 as z): pass\n case {1+2j: a, -2: b, 'x': c, a.b: d}: pass\n case __debug__.x: pass\n",
  "match x:\n case __debug__.x(): pass\n case {__debug__.y: 1}: pass\n case 1 if __debug__: '%s' % (a,)\n case -100000000000000000000000: pass\n",
  "match __debug__:\n case -" + "9".repeat(400) + " - 1j: pass\n case " + "9".repeat(400) + " + 1j: pass\n",
  // docstrings (removed only at 2).
  "'doc'\nx = 1\n",
  "'doc'\n",
  "def f():\n  'doc'\n",
  "def f():\n  ''\n",
  'def f():\n  ""\n',
  "def f():\n  (\n'')\n",
  'class C:\n  "d"\n  x=1\n',
  "'a'\n'b'\nx\n",
  "'a'\nb'b'\nx\n",
  "def f():\n  'a'\n  'b'\n",
  "if x:\n  'a'\n",
  "b'a'\nx\n",
  "'a' 'b'\nx\n",
  "f'a'\nx\n",
  "('a')\nx\n",
  "'a'\n('b')\nx\n",
  "'%s' % (a,)\nx\n",
  "'a'\n'%s' % (a,)\nx\n",
  "'a'\n__debug__\nx\n",
  "lambda: 'a'\n",
  "async def f():\n  'd'\n  '%s' % (a,)\n",
  'class C[T: __debug__]: "d"\n',
  'def f():\n  """doc\n  more"""\n  return 1\n',
  "def f():\n  '''a\n'''\n",
  "'a'; 'b'\n",
  "def f(): 'a'; 'b'; 'c'\n",
  "u'doc'\nx\n",
  "'\\u00e9'\n'b'\n",
  "x = 1\n'not a docstring'\n",
  "class C:\n  def f(self):\n    'doc'\n    class D:\n      'doc'\n      def g(): 'doc'\n",
];

for (const optimize of [1, 2]) {
  test(`optimize=${optimize}: hand-written cases equal CPython's`, async () => {
    const sources = CASES.map((c) => enc.encode(c));
    const bad = await compare(sources, optimize, "exec", (i) => JSON.stringify(CASES[i]));
    console.log(`optimize=${optimize}: ${CASES.length - bad.length}/${CASES.length} hand-written cases identical`);
    assert.deepEqual(bad, []);
  });
}

test("optimize in the other modes, with type comments, and at -1 and 0", async () => {
  const bad: string[] = [];
  const cases: Array<[ParseMode, string, number]> = [
    ["eval", "__debug__ and '%s' % (x,)", 1],
    ["eval", "'doc'", 2],
    ["single", "'doc'\n", 2],
    ["single", "__debug__\n", 1],
    ["single", "def f():\n  'doc'\n  return __debug__\n\n", 2],
    ["func_type", "(__debug__) -> __debug__", 1],
    ["exec", "x = __debug__\n", 0],
    ["exec", "x = __debug__\n", -1],
  ];
  for (const [mode, src, optimize] of cases)
    bad.push(...(await compare([enc.encode(src)], optimize, mode, () => `${mode} ${optimize} ${JSON.stringify(src)}`)));
  const tc =
    "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    'doc'\n    x = __debug__  # type: bool\n    y = 1  # type: ignore\n";
  bad.push(...(await compare([enc.encode(tc)], 2, "exec", () => "type comments", true)));
  assert.deepEqual(bad, []);
});

test("optimize outside -1..2 is a RangeError, as CPython's compile() raises ValueError", async () => {
  for (const optimize of [3, -5, 1.5, Number.NaN]) {
    if (Number.isInteger(optimize)) {
      const [a] = await askOracle([enc.encode("x\n")], { parse: { optimize } });
      assert.ok(!a!.ok && a!.cls === "ValueError" && a!.msg === "compile(): invalid optimize value", String(optimize));
    }
    assert.throws(() => parse("x\n", { optimize }), RangeError, String(optimize));
  }
});

// Every row of `t` is reached from the root, and each subtree is the contiguous row range the
// query index expects (the copy appends a node after its children, as the parser does).
function wellFormed(t: Tree): boolean {
  let n = 0;
  for (const _ of walk(t)) n++;
  return n === t.count && treeIndex(t).contiguous;
}

test("optimize over the stdlib corpus at 1 and 2: identical to CPython, and well-formed trees", async () => {
  const files = stdlibFiles();
  const bad: string[] = [];
  for (const optimize of [1, 2]) {
    const b = await compare(
      files.map((f) => f.bytes),
      optimize,
      "exec",
      (i) => `optimize=${optimize} ${files[i]!.name}`,
    );
    console.log(`optimize=${optimize}: ${files.length - b.length}/${files.length} stdlib files identical`);
    bad.push(...b);
    for (const f of files) {
      const r = parse(f.bytes, { optimize });
      if (r.error === null && !wellFormed(r.tree)) bad.push(`optimize=${optimize} ${f.name}: not well-formed`);
    }
  }
  assert.deepEqual(bad.slice(0, 10), []);
});

test("optimize is iterative: a 200,000-term chain of %-formats and __debug__ reads", () => {
  const src = "x = " + Array.from({ length: 200_000 }, () => "'%s' % (__debug__,)").join(" + ") + "\n";
  const r = parse(src, { optimize: 2 });
  assert.equal(r.error, null);
  assert.ok(wellFormed(r.tree));
});
