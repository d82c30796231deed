// ast.parse(src, mode=...) for eval, single and func_type against CPython 3.14 (Pyodide): exact
// dumps and exact errors, over hand-written cases and over the stdlib corpus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import type { ParseMode } from "../../src/parser/modes.js";
import { dump } from "../../src/ast/dump.js";
import { NodeKind as K } from "../../src/schema/generated/nodes.js";
import { askOracle, type OracleAnswer } from "../support/oracle.js";
import { stdlibFiles } from "../support/corpus.js";

const enc = new TextEncoder();

/** quarry's answer, formatted like theirs() formats CPython's. */
export function ours(src: Uint8Array, mode: ParseMode): string {
  const r = parse(src, { mode });
  if (r.error === null) return "OK " + dump(r.tree, { includeAttributes: true });
  const e = r.error;
  return `${e.cls}: ${e.msg} @${e.lineno},${e.offset},${e.end_lineno},${e.end_offset}`;
}
export function theirs(a: OracleAnswer): string {
  if (a.ok) return "OK " + a.dump;
  return `${a.cls}: ${a.msg} @${a.lineno},${a.offset},${a.end_lineno},${a.end_offset}`;
}

async function compare(mode: ParseMode, sources: Uint8Array[], label: (i: number) => string): Promise<string[]> {
  const answers = await askOracle(sources, { bundle: true, parse: { mode } });
  const bad: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const want = theirs(answers[i]!);
    const got = ours(sources[i]!, mode);
    if (got !== want) bad.push(`${label(i)}: ours ${got.slice(0, 300)} | CPython ${want.slice(0, 300)}`);
  }
  return bad;
}

const EVAL_CASES = [
  "x = 1",
  "1\n\n",
  "",
  "# c\n1 # d\n",
  "1\n2",
  "yield x",
  "*a, b",
  "a := 1",
  "1;",
  "  1",
  "1\n  ",
  "1,",
  "1, 2,",
  "(yield)",
  "lambda: (yield)",
  "f(a for a in b, c)",
  "1 +",
  "x if y",
  "a, *b",
  "[*a]",
  "\n\n1",
  "1 = 2",
  "f(**x, *y)",
  "print 1",
  "x.y.z(1)[2]",
  "\\\n1",
  "(\n1\n)",
  "{",
  "'''a\nb'''",
  "f'{x=}'",
  "await x",
  "not",
  "a b",
  "1 if 2 else 3, 4",
  "x\n\ny",
  "\ufeff1",
  "1 # c",
  "(a, b) = 1",
  "# coding=u",
  "if x:\n    y\n  ",
  "(\n  1\n )\n ",
  "# coding: latin-1\n1",
  "# coding=u\n1",
  "x\n# coding: foo",
  " ",
  "\n \t",
  "# c\n  ",
  "1 + \\",
  "# more\nx = 1 \\",
  "1 \\\n",
  "x +  # c",
  "x  # c",
  "f(x=1, y)",
  "None = 1",
  "del x",
  "pass",
  "import os",
  "if x: y",
  "a[1:2, ::3]",
];
const SINGLE_CASES = [
  // invalid_import's NEWLINE at the end of the source: no column, the end at the cursor.
  "from a import ",
  "x = 1; import",
  "if x:\n  pass\n",
  "x\ny",
  "x; y",
  "x\n# c\n",
  "",
  "\n",
  "x  # c\n\n  \n",
  "if 1:\n pass\nx",
  "x\n\n\ny\n",
  "x\n  # c\ny",
  'x\n"""s"""',
  "x\ny = (",
  "x\n+",
  "if 1:\n pass\n\n",
  "# only\n",
  "x\n\\\ny",
  "x = (",
  "if 1:\n  x = (",
  "x; y;",
  "def f():\n  return 1\n",
  "@d\nclass C: pass\n",
  "for x in y: pass\nelse: z\n",
  "class C:\n  x = 1\n\n  y = 2\n",
  "if 1: pass\n",
  "if 1: pass\nx",
  "while x:\n  y\n  z\n",
  "match x:\n  case 1: pass\n",
  "try:\n  x\nexcept: y\n",
  "from __future__ import braces",
  "from __future__ import annotations\n",
  '"""doc"""\nfrom __future__ import x\n',
  "  x",
  "x\n  y",
  "if x:\npass",
  "async def f(): await x\n",
  "x = 1 # c",
  "x = 1 \\\n",
  "with a as b: pass\n",
  "x\n\n",
  "if 1:\n  pass\n# c\n",
  "if 1:\n  pass\n  # c\n",
  "type X = int",
  "print 1",
  "f(\n",
  "x ++",
  "1 = 2",
  ";",
  "if 1:\n  pass\nelse:\n  pass\n",
  "x\r\ny",
  "x\n\x0c\n",
  "if 1:\n\tpass\n",
  "x\n#\n#\n",
  "lambda: (yield)",
  "if x:\n    main",
  "for i in range(10): x",
  "with (a)[0]: passand",
  "if i == j:\n    continue\n\x0c",
  "def __ca",
  "try",
  "if x3",
  "def f():\n  if x:\n    y",
  "class C:  # c\n    # only a comment",
  "try:\n  try:\n    pass\n  except E:\n    raise X from None",
  "x = 1 \\",
  " \n ",
  "x  # c",
  "def stacked():\n",
  "@property\ndef f(self) -> B",
  "if x:\n  y\n  ",
  "if x:\n    y\n  ",
  "if x:\n    y\n  z",
  "if x:\n  if y:\n      z\n    ",
  "if x:\n  if y:\n      z\n  ",
  "if x:\n    y\n\x0c",
];
const FUNC_TYPE_CASES = [
  "(int) -> str",
  "() -> None",
  "(*a, **k) -> x",
  "(a, *b) -> x\n",
  "x",
  "(a) -> b\nc",
  "(a, b, c) -> d",
  "(a,) -> b",
  "(*a) -> b",
  "(**a) -> b",
  "(*a, b) -> c",
  "(a, **b, *c) -> d",
  "(a, *b, **c) -> d",
  "(a, **b) -> c",
  "(*a, **b, c) -> d",
  "(List[int], Dict[str, Any]) -> Optional[bool]",
  "() -> Tuple[int, ...]",
  "(a) -> b -> c",
  "() ->",
  "(a b) -> c",
  "(a) -> b\n\n",
  "  () -> x",
  "(a=1) -> b",
  "(lambda: 1) -> x",
  "(x if y else z) -> w",
  "(a, *, b) -> c",
  "() -> *x",
  "(yield) -> x",
  "() -> (yield)",
  "(,) -> x",
  "(a,,) -> b",
  "(a) => b",
  "(a) -> b # c",
  "((a, b)) -> c",
  "(*a, *b) -> c",
  "(**a, **b) -> c",
  "(a:=1) -> b",
  "(a) -> b:=1",
  "() -> 'str'",
  "(a.b, c[d]) -> e.f",
  "() -> x\n  ",
  "  ",
  "(a) -> \\",
  "() -> x  # c",
  "# coding=u",
];

for (const [mode, cases] of [
  ["eval", EVAL_CASES],
  ["single", SINGLE_CASES],
  ["func_type", FUNC_TYPE_CASES],
] as const) {
  test(`mode=${mode}: hand-written cases equal CPython's (trees and errors)`, async () => {
    const sources = cases.map((c) => enc.encode(c));
    const bad = await compare(mode, sources, (i) => JSON.stringify(cases[i]));
    console.log(`mode=${mode}: ${cases.length - bad.length}/${cases.length} hand-written cases identical`);
    assert.deepEqual(bad, []);
  });
}

// Segments of the corpus, cut with quarry's own exec-mode tree (which the conformance suite holds
// identical to CPython's).
function corpusSegments(): { evalSources: Uint8Array[]; evalLabels: string[]; singleSources: Uint8Array[]; singleLabels: string[] } {
  const evalSources: Uint8Array[] = [],
    evalLabels: string[] = [],
    singleSources: Uint8Array[] = [],
    singleLabels: string[] = [];
  for (const f of stdlibFiles()) {
    const r = parse(f.bytes);
    if (r.error !== null) continue;
    const t = r.tree;
    const src = t.source;
    // eval: every expression statement's value, as ast.get_source_segment would cut it.
    for (let id = 1; id < t.count; id++) {
      if (t.kind[id] !== K.Expr) continue;
      const v = t.field(id, 0);
      evalSources.push(src.subarray(t.start[v]!, t.end[v]!));
      evalLabels.push(`${f.name}:${t.lineOf(t.start[v]!)}`);
    }
    // single: each top-level statement with the lines after it up to the next one (statements
    // sharing a line go together); a decorated definition starts at its first decorator.
    const body = t.field(t.root, 0);
    const starts: number[] = [];
    for (let j = 0; j < t.listLength(body); j++) {
      const st = t.listItem(body, j);
      let s = t.start[st]!;
      const k = t.kind[st]!;
      if (k === K.FunctionDef || k === K.AsyncFunctionDef || k === K.ClassDef) {
        const decos = t.field(st, k === K.ClassDef ? 3 : 2);
        if (t.listLength(decos) > 0) s = t.start[t.listItem(decos, 0)]!;
      }
      const ls = t.lineStarts[t.lineOf(s) - 1]!;
      if (starts.length === 0 || starts[starts.length - 1] !== ls) starts.push(ls);
    }
    for (let j = 0; j < starts.length; j++) {
      const s = starts[j]!;
      singleSources.push(src.subarray(s, j + 1 < starts.length ? starts[j + 1]! : src.length));
      singleLabels.push(`${f.name}:${t.lineOf(s)}`);
    }
  }
  return { evalSources, evalLabels, singleSources, singleLabels };
}

test("mode=eval over every expression statement of the stdlib, mode=single over every top-level statement: identical to CPython", async () => {
  const seg = corpusSegments();
  assert.ok(seg.evalSources.length > 15_000 && seg.singleSources.length > 8_000);
  const CHUNK = 4000;
  const bad: string[] = [];
  for (const [mode, sources, labels] of [
    ["eval", seg.evalSources, seg.evalLabels],
    ["single", seg.singleSources, seg.singleLabels],
  ] as const) {
    let badHere = 0;
    for (let i = 0; i < sources.length; i += CHUNK) {
      const b = await compare(mode, sources.slice(i, i + CHUNK), (k) => `${mode} ${labels[i + k]}`);
      badHere += b.length;
      bad.push(...b);
    }
    console.log(`mode=${mode}: ${sources.length - badHere}/${sources.length} stdlib segments identical`);
  }
  assert.deepEqual(bad.slice(0, 20), []);
});
