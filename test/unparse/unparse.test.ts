// One-line unparse cases (esbuild style): source in, CPython 3.14's ast.unparse text out. Every
// expectation is also checked against CPython itself (Pyodide, cached), so the table cannot drift
// from the judge. Plus sub-node printing, Interactive, and the errors of trees unparse refuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { FIELD_SLOT, fieldIndex } from "../../src/ast/layout.js";
import { NodeKind as K } from "../../src/schema/generated/nodes.js";
import type { NodeId, Tree } from "../../src/ast/tree.js";
import { unparse, UnparseError, UnparseCode } from "../../src/unparse/unparse.js";
import { askUnparse } from "./oracle.js";
import { fromJSON } from "../../src/ast/from-json.js";

// [source, what ast.unparse(ast.parse(source)) returns]
const CASES: readonly [string, string][] = [
  // Plain literals (spelled from their source bytes) and the ones that must be decoded
  [`x = 'it"s'`, `x = 'it"s'`],
  [`x = "it's"`, `x = "it's"`],
  [`x = "abc"`, `x = 'abc'`],
  [`x = ""`, `x = ''`],
  [`x = ''''''`, `x = ''`],
  [`x = 'a' 'b'`, `x = 'ab'`],
  [`x = "a" 'b'`, `x = 'ab'`],
  [`x = """x"""`, `x = 'x'`],
  [`x = u"x"`, `x = u'x'`],
  [String.raw`x = "a'b\"c"`, String.raw`x = 'a\'b"c'`],
  [String.raw`x = '\ufeff'`, String.raw`x = '\ufeff'`],
  ["x = 'é'", "x = 'é'"],
  // Identifiers: NFKC-normalized, 2-, 3- and 4-byte UTF-8
  ["ñ + ﬁ", "ñ + fi"],
  ["变量.ﬁ(𠀀)", "变量.fi(𠀀)"],
  // A format spec's text is written unescaped: here a lone surrogate
  [String.raw`f"{x:\ud800}"`, "f'{x:\ud800}'"],
  // Precedence and parentheses
  ["(x := a + b)", "(x := (a + b))"],
  ["yield a + b", "yield (a + b)"],
  ["def f():\n    x = yield\n    return (yield a)", "def f():\n    x = (yield)\n    return (yield a)"],
  ["def f():\n    x = yield from g()", "def f():\n    x = (yield from g())"],
  ["x or y or z and w", "x or y or (z and w)"],
  ["(a and b) or c", "a and b or c"],
  ["a and (b or c)", "a and (b or c)"],
  ["a or (b or c)", "a or (b or c)"],
  ["not (a == b)", "not a == b"],
  ["(not a) == b", "(not a) == b"],
  ["-(-x)", "--x"],
  ["(-1) ** 2", "(-1) ** 2"],
  ["-1 ** 2", "-1 ** 2"],
  ["2 ** -1", "2 ** (-1)"],
  ["(a ** b) ** c", "(a ** b) ** c"],
  ["a ** b ** c", "a ** b ** c"],
  ["a - (b - c)", "a - (b - c)"],
  ["(a - b) - c", "a - b - c"],
  ["a | b ^ c & d << e + f * g", "a | b ^ c & d << e + f * g"],
  ["((a | b) ^ c) & d", "((a | b) ^ c) & d"],
  ["a < (b < c)", "a < (b < c)"],
  ["(a < b) < c", "(a < b) < c"],
  ["a if b else c if d else e", "a if b else c if d else e"],
  ["(a if b else c) if d else e", "(a if b else c) if d else e"],
  ["x if y else (lambda: z)", "x if y else lambda: z"],
  ["(lambda: x)()", "(lambda: x)()"],
  ["async def f():\n    await (a + b)\n    (await a).b", "async def f():\n    await (a + b)\n    (await a).b"],
  ["[*(a or b)]", "[*(a or b)]"],
  ["{**(a or b)}", "{**(a or b)}"],
  ["f(**(a or b))", "f(**a or b)"],
  ["f(a for a in b)", "f((a for a in b))"],
  // Tuples
  ["(a, b)", "(a, b)"],
  ["a = b, c", "a = (b, c)"],
  ["a, b = c", "a, b = c"],
  ["for x in a, b: pass", "for x in (a, b):\n    pass"],
  ["()", "()"],
  ["(1,)", "(1,)"],
  ["a[1:2, 3]", "a[1:2, 3]"],
  ["a[(1,)]", "a[1,]"],
  ["a[()]", "a[()]"],
  ["a[*b]", "a[*b,]"],
  ["a[::2]", "a[::2]"],
  ["a[:]", "a[:]"],
  ["del (a, b), c", "del (a, b), c"],
  ["[x for x, y in z]", "[x for x, y in z]"],
  // Attributes of int literals
  ["1 .real", "1 .real"],
  ["True.real", "True .real"],
  ["1.0.real", "1.0.real"],
  ["1j.imag", "1j.imag"],
  // Containers
  ["{**a, 'b': 1}", "{**a, 'b': 1}"],
  ["{*()}", "{*()}"],
  ["set()", "set()"],
  ["{k: v for k, v in d.items()}", "{k: v for k, v in d.items()}"],
  ["(x for x in y if z if w)", "(x for x in y if z if w)"],
  ["[x async for x in y]", "[x async for x in y]"],
  ["[x for x in (lambda: y)()]", "[x for x in (lambda: y)()]"],
  ["[x for x in a if (b if c else d)]", "[x for x in a if (b if c else d)]"],
  ["print(*a, **b, c=1)", "print(*a, **b, c=1)"],
  // Statements and blocks
  ["if a:\n    pass\nelif b:\n    pass\nelse:\n    x = 1", "if a:\n    pass\nelif b:\n    pass\nelse:\n    x = 1"],
  ["if a:\n    pass\nelse:\n    if b:\n        pass\n    x = 1", "if a:\n    pass\nelse:\n    if b:\n        pass\n    x = 1"],
  [
    "class A:\n    def f(self): pass\n    x = 1\n    class B: pass",
    "class A:\n\n    def f(self):\n        pass\n    x = 1\n\n    class B:\n        pass",
  ],
  ["@d\ndef f(): pass", "@d\ndef f():\n    pass"],
  ["x = 1\n@a.b(c)\n@d\nclass X: pass", "x = 1\n\n@a.b(c)\n@d\nclass X:\n    pass"],
  ["def f(a, /, b=1, *c, d, e=2, **f): pass", "def f(a, /, b=1, *c, d, e=2, **f):\n    pass"],
  ["def f(a, b=1, /, c=2, *, d): pass", "def f(a, b=1, /, c=2, *, d):\n    pass"],
  ["def f(*a: int, **k: str) -> None: pass", "def f(*a: int, **k: str) -> None:\n    pass"],
  ["lambda: 1", "lambda: 1"],
  ["lambda *, a: 1", "lambda *, a: 1"],
  ["lambda *a, **k: 0", "lambda *a, **k: 0"],
  [
    "async def f():\n    async for x in y: pass\n    async with a as b: pass",
    "async def f():\n    async for x in y:\n        pass\n    async with a as b:\n        pass",
  ],
  [
    "try:\n    pass\nexcept* E as e:\n    pass\nelse:\n    pass\nfinally:\n    pass",
    "try:\n    pass\nexcept* E as e:\n    pass\nelse:\n    pass\nfinally:\n    pass",
  ],
  ["try:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    raise", "try:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    raise"],
  [
    "try:\n    try:\n        pass\n    except E:\n        pass\nexcept* F:\n    pass",
    "try:\n    try:\n        pass\n    except E:\n        pass\nexcept* F:\n    pass",
  ],
  ["global a, b", "global a, b"],
  ["def f():\n    nonlocal x", "def f():\n    nonlocal x"],
  ["from . import (a as b, c)", "from . import a as b, c"],
  ["from .x.y import *", "from .x.y import *"],
  ["from ...a import b", "from ...a import b"],
  ["import a.b as c, d", "import a.b as c, d"],
  ["x: int = 1\n(y): int\na.b: c", "x: int = 1\n(y): int\na.b: c"],
  ["type X[T: int = str, *Ts = int, **P = [int]] = list[T]", "type X[T: int = str, *Ts = int, **P = [int]] = list[T]"],
  ["class A[T](B, metaclass=M): pass", "class A[T](B, metaclass=M):\n    pass"],
  ["class A(): pass", "class A:\n    pass"],
  ["def f[T: (int, str)](x: T) -> T: pass", "def f[T: (int, str)](x: T) -> T:\n    pass"],
  ["assert x, y", "assert x, y"],
  ["raise X from Y", "raise X from Y"],
  ["x += 1\nx @= y\nx **= 2\nx //= 3", "x += 1\nx @= y\nx **= 2\nx //= 3"],
  ["with (a, b): pass", "with a, b:\n    pass"],
  ["with (a, b) as c: pass", "with (a, b) as c:\n    pass"],
  ["with a as (b, c), d: pass", "with a as (b, c), d:\n    pass"],
  ["while 1:\n    break\nelse:\n    continue", "while 1:\n    break\nelse:\n    continue"],
  ["for x, y in z: pass\nelse: pass", "for x, y in z:\n    pass\nelse:\n    pass"],
  ["a; b; c", "a\nb\nc"],
  ["", ""],
  // Match
  [
    "match x:\n    case 1 | 2 as y if y: pass\n    case {'a': 1, **r}: pass\n    case C(1, a=2): pass\n    case [*_, *r]: pass\n    case (1 as a) | b: pass",
    "match x:\n    case 1 | 2 as y if y:\n        pass\n    case {'a': 1, **r}:\n        pass\n    case C(1, a=2):\n        pass\n    case [*_, *r]:\n        pass\n    case (1 as a) | b:\n        pass",
  ],
  ["match x:\n    case None | True | -1 | 1+2j | a.b | _: pass", "match x:\n    case None | True | -1 | 1 + 2j | a.b | _:\n        pass"],
  [
    "match x:\n    case {**r}: pass\n    case C(a=1): pass\n    case (a, b): pass\n    case (a | b) as c: pass",
    "match x:\n    case {**r}:\n        pass\n    case C(a=1):\n        pass\n    case [a, b]:\n        pass\n    case a | b as c:\n        pass",
  ],
  // Constants
  ["x = 'a\"b'", "x = 'a\"b'"],
  ['x = "it\'s"', 'x = "it\'s"'],
  ["x = '\\n\\t\\x00\\u200b\\U0001f600'", "x = '\\n\\t\\x00\\u200b😀'"],
  ["x = b'\\x00\"\\''", "x = b'\\x00\"\\''"],
  ["x = u'abc'", "x = u'abc'"],
  ["x = 'a' 'b'", "x = 'ab'"],
  ["x = 1e400", "x = 1e309"],
  ["x = 1e400j", "x = 1e309j"],
  ["x = -1e400", "x = -1e309"],
  ["x = 0xff + 1_000 + 0o7 + 0b1", "x = 255 + 1000 + 7 + 1"],
  ["x = 1.5e-10 + 1e16 + 1e15 + 0.1", "x = 1.5e-10 + 1e+16 + 1000000000000000.0 + 0.1"],
  ["x = 10**400.0", "x = 10 ** 400.0"],
  ["x = ...", "x = ..."],
  ["x = None, True, False", "x = (None, True, False)"],
  // Docstrings
  ["'''doc'''", '"""doc"""'],
  ["def f():\n    'x\\ty\\n'", 'def f():\n    """x\ty\n"""'],
  ["u'abc'", 'u"""abc"""'],
  ["'a\"'", "'''a\"'''"],
  ["'''a\"\"\"'''", "'''a\"\"\"'''"],
  ["'''\"\"\"doc\\'\\'\\' x'''", "'''\"\"\"doc\\'\\'\\' x'''"],
  ['"""doc\'\'\' and \\"\\"\\" """', "'''doc\\'\\'\\' and \"\"\" '''"],
  ["'\\\\ \\x7f'", '"""\\\\ \\x7f"""'],
  ["class A:\n    'doc'\n    x = 1", 'class A:\n    """doc"""\n    x = 1'],
  ["x = 1\n'not a docstring'", "x = 1\n'not a docstring'"],
  ["b'not a docstring'", "b'not a docstring'"],
  // f-strings and t-strings
  ["f'{x!r:>{w}} {a, b}'", "f'{x!r:>{w}} {(a, b)}'"],
  ["f'{\"a\"}' 'b'", "f\"{'a'}b\""],
  ["print(f'''{x}\n''')", "print(f'{x}\\n')"],
  ["f'{x:{\"a\"}}'", "f\"{x:{'a'}}\""],
  ["f'{{}}{x:{{}}}'", "f'{{}}{x:{ {}}}'"],
  ["f'{ {1: 2} }'", "f'{ {1: 2}}'"],
  ["f'{x=!s:>10}'", "f'x={x!s:>10}'"],
  ["f'{x!a}'", "f'{x!a}'"],
  ["f'{x:\\'\"}'", 'f"""{x:\\\'\\"}"""'],
  ["f'''a'b\"c{x}'''", 'f"""a\'b"c{x}"""'],
  ["f'{(lambda: 1)}'", "f'{(lambda: 1)}'"],
  ["f'{x if y else z}'", "f'{(x if y else z)}'"],
  ["f'{(x := 1)}'", "f'{(x := 1)}'"],
  ["f'{f\"{x}\"}'", "f\"{f'{x}'}\""],
  ["f'{x}' u'a'", "f'{x}a'"],
  ["f'a\\'b\"c'", 'f"""a\'b"c"""'],
  ["f'''\\'\\'\\'\"\"\"{x}'''", "f'\\'\\'\\'\"\"\"{x}'"],
  ["f'{x:\\n}'", "f'{x:\\n}'"],
  ["f'\\\\{x}\\t'", "f'\\\\{x}\\t'"],
  ["f''", "f''"],
  ["t'{x=} {y!r:>10}'", "t'x={x!r} {y!r:>10}'"],
  ["t'{x\n+1}'", 't"""{x\n+1}"""'],
  ["t'a{x:{y}}b'", "t'a{x:{y}}b'"],
  ["t'{x}' t'{y}'", "t'{x}{y}'"],
  ["t'{ x }'", "t'{ x}'"],
  // No quote suits every literal piece: all of them are written in repr()'s escaping under '''
  [String.raw`f'''\'\'\'{x}""\"\''''`, String.raw`f'''\'\'\'{x}"""\''''`],
  [String.raw`f'''\'\'\'{x}""\"\' {y!r:'"}'''`, String.raw`f'''\'\'\'{x}"""\' {y!r:\'\"}'''`],
];

// [source, the exception CPython's ast.unparse raises for it]
const REFUSED: readonly [string, string][] = [
  // A replacement field holding a newline needs a triple quote, and the literal uses both.
  [String.raw`t'''\'\'\' ""\" {x` + "\n+1}'''", "AssertionError"],
  ["x = 0x" + "f".repeat(4000), "ValueError"],
];

const enc = new TextEncoder();

function unparseSource(src: string): string {
  const { tree, error } = parse(src);
  assert.equal(error, null, `${JSON.stringify(src)} does not parse: ${error?.msg}`);
  return unparse(tree);
}

test("one-line cases: unparse gives the expected text", () => {
  const wrong: string[] = [];
  for (const [src, want] of CASES) {
    const got = unparseSource(src);
    if (got !== want) wrong.push(`${JSON.stringify(src)}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  assert.deepEqual(wrong, []);
});

test("sources CPython's unparser refuses: UnparseError naming the same exception", () => {
  for (const [src, pythonError] of REFUSED) {
    assert.throws(
      () => unparseSource(src),
      (e: unknown) => e instanceof UnparseError && e.pythonError === pythonError,
      JSON.stringify(src),
    );
  }
});

test("one-line cases: every expectation is CPython 3.14's own ast.unparse", async () => {
  const answers = await askUnparse(
    "unit",
    [...CASES, ...REFUSED].map(([src]) => enc.encode(src)),
  );
  REFUSED.forEach(([src, pythonError], i) => {
    const a = answers[CASES.length + i]!;
    assert.ok(
      a.parsed && "error" in a && a.error.startsWith(pythonError + ":"),
      `${JSON.stringify(src)}: CPython says ${JSON.stringify(a)}`,
    );
  });
  const wrong: string[] = [];
  CASES.forEach(([src, want], i) => {
    const a = answers[i]!;
    const cpython = a.parsed && "text" in a ? a.text : `(${a.error})`;
    if (cpython !== want) wrong.push(`${JSON.stringify(src)}: expected ${JSON.stringify(want)}, CPython says ${JSON.stringify(cpython)}`);
  });
  assert.deepEqual(wrong, []);
});

// ---- helpers to reach into a parsed tree (and to make trees no parse would) ----

function parsed(src: string): Tree {
  const { tree, error } = parse(src);
  assert.equal(error, null);
  return tree;
}

function child(t: Tree, id: NodeId, field: string): number {
  const i = fieldIndex(t.kind[id]!, field);
  assert.ok(i >= 0, `${t.kindName(id)} has no ${field}`);
  return t.field(id, i);
}

function item(t: Tree, id: NodeId, field: string, j: number): NodeId {
  return t.listItem(child(t, id, field), j);
}

function setField(t: Tree, id: NodeId, field: string, raw: number): void {
  const s = FIELD_SLOT[t.kind[id]!]![fieldIndex(t.kind[id]!, field)]!;
  assert.ok(s >= 0, `${t.kindName(id)}.${field} is derived`);
  t.slots[t.base[id]! + s] = raw;
}

function stmt(t: Tree, j: number): NodeId {
  return item(t, t.root, "body", j);
}

test("a node printed on its own prints as ast.unparse prints that node", () => {
  const t = parsed(
    "class A:\n    def f(self):\n        '''doc'''\n        return a, b\ntry:\n    pass\nexcept* E:\n    pass\n" +
      "x = lambda a, *b: 0\nf(x for x in y)\nmatch p:\n    case [1, *r] if r:\n        pass\nx = a if b else c\nf'{x}'\n1; 2\n",
  );
  const cls = stmt(t, 0);
  const def = item(t, cls, "body", 0);
  assert.equal(unparse(t, def), 'def f(self):\n    """doc"""\n    return (a, b)');
  assert.equal(unparse(t, child(t, item(t, def, "body", 1), "value")), "(a, b)");
  assert.equal(unparse(t, item(t, stmt(t, 1), "handlers", 0)), "except E:\n    pass");
  assert.equal(unparse(t, child(t, child(t, stmt(t, 2), "value"), "args")), "a, *b");
  assert.equal(unparse(t, stmt(t, 3)), "f((x for x in y))");
  assert.equal(unparse(t, item(t, item(t, child(t, stmt(t, 3), "value"), "args", 0), "generators", 0)), " for x in y");
  const mcase = item(t, stmt(t, 4), "cases", 0);
  assert.equal(unparse(t, mcase), "case [1, *r] if r:\n    pass");
  assert.equal(unparse(t, child(t, mcase, "pattern")), "[1, *r]");
  assert.equal(unparse(t, child(t, stmt(t, 5), "value")), "a if b else c");
  assert.equal(unparse(t, item(t, child(t, stmt(t, 6), "value"), "values", 0)), "{x}");
  assert.equal(unparse(t, stmt(t, 7)), "1");
  // CPython has no visitor for TypeIgnore (ast.parse makes one only with type_comments=True): "".
  const ignore = t.add(K.TypeIgnore, 0, 0);
  assert.equal(unparse(t, ignore), "");
  // An id that is no node: UnparseError.
  assert.throws(
    () => unparse(t, t.count + 5),
    (e: unknown) => e instanceof UnparseError && e.code === UnparseCode.UnknownNode,
  );
});

test("Interactive: top-level simple statements are joined with '; ' (as CPython does)", () => {
  const t = parsed("x = 1\ny = 2\nif a:\n    b = 1\n    c = 2\nz = 3\ndef f(): pass\nw=1\n");
  // A built tree: the same body under an Interactive root (both keep `body` in slot 0).
  assert.equal(FIELD_SLOT[K.Interactive]![0], FIELD_SLOT[K.Module]![0]);
  t.kind[0] = K.Interactive;
  assert.equal(unparse(t), "x = 1; y = 2\nif a:\n    b = 1\n    c = 2; z = 3\n\ndef f():\n    pass; w = 1");
});

function expectRefusal(t: Tree, code: UnparseCode, pythonError: string, node?: NodeId): void {
  assert.throws(
    () => unparse(t),
    (e: unknown) => {
      assert.ok(e instanceof UnparseError, String(e));
      assert.equal(e.code, code);
      assert.equal(e.pythonError, pythonError);
      if (node !== undefined) assert.equal(e.node, node);
      assert.match(e.message, /\(node \d+, \w+\)$/);
      return true;
    },
  );
}

test("trees CPython's unparser refuses: UnparseError with the node", () => {
  // raise from Y with no exception (ValueError in CPython)
  let t = parsed("raise X from Y\n");
  setField(t, stmt(t, 0), "exc", 0);
  expectRefusal(t, UnparseCode.InvalidNode, "ValueError", stmt(t, 0));
  // yield from with no value
  t = parsed("def f():\n    yield from g\n");
  const yf = child(t, item(t, stmt(t, 0), "body", 0), "value");
  setField(t, yf, "value", 0);
  expectRefusal(t, UnparseCode.InvalidNode, "ValueError", yf);
  // a mapping pattern with more keys than patterns
  t = parsed("match x:\n    case {1: a, 2: b}: pass\n");
  const mm = child(t, item(t, stmt(t, 0), "cases", 0), "pattern");
  setField(t, mm, "patterns", -item(t, mm, "patterns", 0) - 1);
  expectRefusal(t, UnparseCode.InvalidNode, "ValueError", mm);
  // a node that cannot be part of an f-string
  t = parsed("f'{x}'\n");
  const js = child(t, stmt(t, 0), "value");
  setField(t, js, "values", -child(t, item(t, js, "values", 0), "value") - 1);
  expectRefusal(t, UnparseCode.InvalidNode, "ValueError");
  // an int CPython cannot repr (more than 4300 digits)
  t = parsed("x = 0x" + "f".repeat(4000) + "\n");
  expectRefusal(t, UnparseCode.IntTooLarge, "ValueError");
});

test("a cyclic tree: UnparseError, not a hang or a stack overflow", () => {
  // UnaryOp whose operand is itself: each visit writes "-" and revisits (the work stack stays flat).
  let t = parsed("-a\n");
  const neg = child(t, stmt(t, 0), "value");
  setField(t, neg, "operand", neg);
  expectRefusal(t, UnparseCode.Cyclic, "RecursionError");
  // Attribute whose value is itself: each visit pushes more work.
  t = parsed("a.b\n");
  const attr = child(t, stmt(t, 0), "value");
  setField(t, attr, "value", attr);
  expectRefusal(t, UnparseCode.Cyclic, "RecursionError");
  // An elif chain that loops back.
  t = parsed("if a:\n    pass\nelif b:\n    pass\n");
  const inner = item(t, stmt(t, 0), "orelse", 0);
  setField(t, inner, "orelse", -stmt(t, 0) - 1);
  expectRefusal(t, UnparseCode.Cyclic, "RecursionError");
  // A statement that contains itself.
  t = parsed("while a:\n    pass\n");
  setField(t, stmt(t, 0), "body", -stmt(t, 0) - 1);
  expectRefusal(t, UnparseCode.Cyclic, "RecursionError");
});

test("built trees: text a UTF-8 buffer cannot hold (lone surrogates) and a leading U+FEFF print as given", () => {
  const module = (id: string) =>
    fromJSON({
      _type: "Module",
      body: [{ _type: "Expr", value: { _type: "Call", func: { _type: "Name", id }, args: [] } }],
      type_ignores: [],
    });
  assert.equal(unparse(module("\ufeffx")), "\ufeffx()");
  assert.equal(unparse(module("a\ud800")), "a\ud800()");
  assert.equal(unparse(module("\udc00\ud800")), "\udc00\ud800()");
  // Long text goes through the native encoder: the same check.
  const long = "é".repeat(40);
  assert.equal(unparse(module(long + "\ud800")), long + "\ud800()");
  assert.equal(unparse(module(long + "\ud83d\ude00")), long + "\ud83d\ude00()");
  // A pair is one character, in either printer.
  assert.equal(unparse(module("\ud83d\ude00")), "\ud83d\ude00()");
  // The next run (byte buffer again) is unaffected.
  assert.equal(unparse(module("ok")), "ok()");
});
