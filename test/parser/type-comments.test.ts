// ast.parse(src, type_comments=True) against CPython 3.14 (Pyodide): exact dumps (type_comment
// fields, TypeIgnore nodes) and exact errors for misplaced type comments, over hand-written cases
// in every mode and over the stdlib corpus. Default parses are checked to ignore type comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, type ParseOptions } from "../../src/parser/parse.js";
import type { ParseMode } from "../../src/parser/modes.js";
import { dump } from "../../src/ast/dump.js";
import { view } from "../../src/ast/view.js";
import { walk } from "../../src/ast/walk.js";
import { fromJSON } from "../../src/ast/from-json.js";
import { unparse } from "../../src/unparse/unparse.js";
import { askOracle } from "../support/oracle.js";
import { stdlibFiles } from "../support/corpus.js";
import { quarryOutcome, oracleOutcome as theirs } from "../support/outcome.js";

const enc = new TextEncoder();
// compile()'s PyCF_TYPE_COMMENTS, which ast.parse(type_comments=True) sets.
const PYCF_TYPE_COMMENTS = 0x1000;

function ours(src: Uint8Array, options: ParseOptions): string {
  return quarryOutcome(src, options);
}

async function compare(sources: Uint8Array[], mode: ParseMode, label: (i: number) => string, bundle: boolean): Promise<string[]> {
  const answers = await askOracle(sources, { bundle, parse: { mode, flags: PYCF_TYPE_COMMENTS } });
  const bad: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const want = theirs(answers[i]!);
    const got = ours(sources[i]!, { mode, typeComments: true });
    if (got !== want) bad.push(`${label(i)}: ours ${got.slice(0, 400)} | CPython ${want.slice(0, 400)}`);
  }
  return bad;
}

// Every place the grammar takes a type comment, every place it does not, the tokenizer's prefix
// and TYPE_IGNORE rules, and the errors (invalid syntax at the comment, the two specific ones,
// the indentation errors whose message changes after a type comment).
const EXEC_CASES = [
  "x = 1 # type: int\n",
  "x = y = 1  # type: List[int]\n",
  "x = 1 #type:int\n",
  "x = 1 #\ttype:\tint\t\n",
  "x = 1 # type:\n",
  "x = 1 # type: int  \n",
  "x = 1 # type : int\n",
  "x = 1 # Type: int\n",
  "x = 1 # types: int\n",
  "x = 1 # type: é\n",
  "x = 1 # type: ignore\n",
  "x = 1 # type: ignore[attr-defined]  \n",
  "x = 1 # type: ignoreX\n",
  "x = 1 # type: ignore_x\n",
  "x = 1 # type: ignore2\n",
  "x = 1 # type: ignoreé\n",
  "x = 1 # type: ignore  # note\n",
  "x = 1 # type:ignore\n",
  "# type: ignore\nx = 1\n",
  "#type: ignore[x]\n\n\nx = 1  # type: ignore\n",
  "x = 1\n# type: int\ny = 2\n",
  "# type: int\n",
  "x = 1 # type: ignore # type: int\n",
  "x = 1 # type: int # type: ignore\n",
  "if x:\n    y = 1\n# type: ignore\n",
  "if x:\n    # type: ignore\n    y = 1\n",
  "if x:\n  x = 1 # type: int\n# type: ignore\n",
  "x = 1  # type: int",
  "# type: ignore",
  "x: int = 1 # type: int\n",
  "x += 1 # type: int\n",
  "x = 1; y = 2 # type: int\n",
  "x = 1 # type: int; y = 2\n",
  "x = (yield) # type: int\n",
  "x = *a, b # type: int\n",
  "f(x) # type: int\n",
  "del x # type: int\n",
  "pass # type: int\n",
  "for x in y: # type: int\n  pass\n",
  "for x in y:  # type: ignore\n  pass\n",
  "for x in y # type: int\n  pass\n",
  "for x in y: # type: int\n",
  "for x in y: pass # type: int\n",
  "for x in y: # type: int\n  pass\nelse: # type: int\n  pass\n",
  "async def f():\n  async for x in y: # type: int\n    pass\n",
  "with a: # type: int\n  pass\n",
  "with a as b, c: # type: int\n  pass\n",
  "with (a, b): # type: int\n  pass\n",
  "with (a as b): # type: int\n  pass\n",
  "with a: # type: int\n",
  "async def f():\n async with (a, b): # type: int\n  pass\n",
  "async def f():\n async with a, b: # type: int\n  pass\n",
  "async def f():\n async with (a as b): # type: int\n  pass\n",
  "while x: # type: int\n  pass\n",
  "if x: # type: int\n  pass\n",
  "class A: # type: int\n  pass\n",
  "try: # type: int\n  pass\nexcept: pass\n",
  "def f(): # type: () -> None\n  pass\n",
  "def f():\n  # type: () -> None\n  pass\n",
  "def f():\n  # type: () -> None\n\n  # comment\n  pass\n",
  "def f(): # type: () -> None\n  # type: () -> None\n  pass\n",
  "def f():\n  # type: int\n  # type: str\n  x = 1\n",
  "def f(): # type: int\n\n  # type: str\n  x = 1\n",
  "def f():\n# type: int\npass\n",
  "def f():\n  # type: int\npass\n",
  "def f(): # type: int\npass\n",
  "def f(): # type: int\n",
  "def f(): pass # type: int\n",
  "def f():  # type: ignore\n  pass\n",
  "@d\ndef f(x): # type: (int) -> int\n  return x\n",
  "async def f(): # type: () -> None\n  await x\n",
  "class C:\n  def f(self): # type: () -> None\n    pass\n",
  "def f(a, # type: int\n  b # type: str\n  ):\n  # type: (...) -> None\n  pass\n",
  "def f(a, b=1, # type: int\n *c, # type: str\n d, # type: x\n **e # type: y\n ): pass\n",
  "def f(a, # type: int\n):\n  pass\n",
  "def f(a=1 # type: int\n):\n  pass\n",
  "def f(*a # type: int\n):\n  pass\n",
  "def f(*a: *b # type: int\n):\n  pass\n",
  "def f(a # type: int\n , b): pass\n",
  "def f(a, /, # type: int\n b): pass\n",
  "def f(a, # type: int\n /, b): pass\n",
  "def f(*, # type: int\n  b):\n  pass\n",
  "def f(*, a, # type: int\n  b):\n  pass\n",
  "def f(**k, # type: int\n): pass\n",
  "def f(a, # type: ignore\n b): pass\n",
  "lambda a, # type: int\n: 1\n",
  "(lambda a, # type: int\n b: 1)\n",
  "f(a, # type: int\n b)\n",
  "x = [1, # type: int\n 2]\n",
  "x = [1, # type: ignore\n 2]\n",
  "x = (  # type: int\n 1)\n",
  'x = """\n# type: int\n"""\n',
  "x = f'{a # type: int\n}'\n",
  "x = f'''{a # type: int\n}'''\n",
  "x = 1 \\\n  # type: int\n",
  "x = 1 # type: int\r\n",
  "x = 1 # type: ignore\r\n# type: ignore\r\n",
  "\ufeffx = 1 # type: ignore\n",
  "x = 1 # type: ignore\ny = (\n",
  "x = 1 # type: int\n  y = 2\n",
  "if x:\n  pass\n  # type: int\n",
  "if x:\n    pass\n  # type: ignore\n",
];

const OTHER_MODE_CASES: Array<[ParseMode, string]> = [
  ["func_type", "(int, str) -> bool # type: int"],
  ["func_type", "(int, str) -> bool # type: ignore"],
  ["func_type", "(int) -> str\n"],
  ["func_type", "(int, # type: int\n str) -> bool"],
  ["eval", "x # type: ignore"],
  ["eval", "x # type: int"],
  ["eval", "(x # type: int\n)"],
  ["single", "x = 1 # type: int\n"],
  ["single", "# type: ignore\n"],
  ["single", "def f(): # type: int\n  pass\n\n"],
  ["single", "for x in y: # type: int\n  pass\n\n"],
  ["single", "x = 1 # type: int"],
  ["single", "if x: # type: int\n  pass\n\n"],
];

test("typeComments: hand-written cases equal CPython's (trees and errors)", async () => {
  const sources = EXEC_CASES.map((c) => enc.encode(c));
  const bad = await compare(sources, "exec", (i) => JSON.stringify(EXEC_CASES[i]), false);
  for (const [mode, src] of OTHER_MODE_CASES)
    bad.push(...(await compare([enc.encode(src)], mode, () => `${mode} ${JSON.stringify(src)}`, false)));
  console.log(
    `typeComments: ${EXEC_CASES.length + OTHER_MODE_CASES.length - bad.length}/${EXEC_CASES.length + OTHER_MODE_CASES.length} hand-written cases identical`,
  );
  assert.deepEqual(bad, []);
});

test("typeComments over the stdlib corpus: identical to CPython", async () => {
  const files = stdlibFiles();
  const bad = await compare(
    files.map((f) => f.bytes),
    "exec",
    (i) => files[i]!.name,
    false,
  );
  console.log(`typeComments: ${files.length - bad.length}/${files.length} stdlib files identical`);
  assert.deepEqual(bad.slice(0, 10), []);
});

test("typeComments: views, toJSON, walk, fromJSON and unparse see the type comments", () => {
  const src = "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    x = 1  # type: ignore[x]\n    y = 2  # type: str\n";
  const { tree, error } = parse(src, { typeComments: true });
  assert.equal(error, null);
  // biome-ignore lint/suspicious/noExplicitAny: reads fields of several kinds by name
  const m = view(tree) as any;
  const fn = m.body[0];
  assert.equal(fn.type_comment, "(...) -> None");
  assert.equal(fn.args.args[0].type_comment, "int");
  assert.equal(fn.args.args[1].type_comment, undefined);
  assert.equal(fn.body[0].type_comment, undefined);
  assert.equal(fn.body[1].type_comment, "str");
  assert.equal(m.type_ignores.length, 1);
  assert.equal(m.type_ignores[0].lineno, 4);
  assert.equal(m.type_ignores[0].tag, "[x]");
  const json = tree.toJSON();
  assert.deepEqual(json.type_ignores, [{ _type: "TypeIgnore", lineno: 4, tag: "[x]" }]);
  assert.ok(
    Array.from(walk(tree)).some((v) => v._type === "TypeIgnore"),
    "walk reaches the TypeIgnore",
  );
  assert.equal(dump(fromJSON(json)), dump(tree), "fromJSON keeps type comments and type ignores");
  // ast.unparse prints a statement's type comment, or a type ignore on its line, after it (the
  // string is CPython 3.14's ast.unparse output for this source).
  const more =
    src +
    "for a in b: # type: int\n  pass\nwith a: # type: x\n  pass\nasync def g(): # type: ignore\n  async with a: # type: y\n    pass\n";
  assert.equal(
    unparse(parse(more, { typeComments: true }).tree),
    "def f(a, b): # type: (...) -> None\n    x = 1 # type: ignore[x]\n    y = 2 # type: str\nfor a in b: # type: int\n    pass\n" +
      "with a: # type: x\n    pass\n\nasync def g(): # type: ignore\n    async with a: # type: y\n        pass",
  );
});

test("typeComments off (the default): type comments are plain comments, and a bad one is no error", () => {
  const src = "x = 1  # type: int\n# type: int\ndef f(a,  # type: int\n      b):\n    pass  # type: ignore\n";
  const on = parse(src, { typeComments: true });
  assert.equal(on.error?.msg, "invalid syntax");
  const off = parse(src);
  assert.equal(off.error, null);
  assert.doesNotMatch(dump(off.tree), /type_comment|TypeIgnore/);
});
