// Built trees against CPython: each case builds the same nodes with ast's constructors in
// Pyodide and as plain objects here (fromJSON); dump (plain, with attributes, indented) must be
// identical, before and after fix_missing_locations, after increment_lineno, and with
// copy_location. Positions a constructed node lacks are left out exactly as CPython 3.14 does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dump } from "../../src/ast/dump.js";
import { fromJSON } from "../../src/ast/from-json.js";
import { view } from "../../src/ast/view.js";
import { copyLocation, fixMissingLocations, incrementLineno } from "../../src/ast/location.js";
// Plain nodes as JSON would bring them: partial, loosely typed (fromJSON checks them).
type PlainNode = { _type: string; [field: string]: unknown };
import { pythonResult } from "./build-oracle.js";

interface Case {
  readonly name: string;
  /** A Python expression that builds the node (`ast` is imported). */
  readonly py: string;
  /** The same node as plain objects (a function: the helpers mutate it). */
  readonly js: () => PlainNode;
}

const load = { _type: "Load" };
const store = { _type: "Store" };
const name = (id: string, extra: Record<string, unknown> = {}): PlainNode => ({ _type: "Name", id, ctx: load, ...extra });

const CASES: Case[] = [
  {
    name: "a module with a call, no positions",
    py: "ast.Module(body=[ast.Expr(value=ast.Call(func=ast.Name(id='print', ctx=ast.Load()), args=[ast.Constant(value='hi')], keywords=[]))], type_ignores=[])",
    js: () => ({
      _type: "Module",
      body: [{ _type: "Expr", value: { _type: "Call", func: name("print"), args: [{ _type: "Constant", value: "hi" }], keywords: [] } }],
      type_ignores: [],
    }),
  },
  {
    name: "defaults left out (lists, optional fields, ctx)",
    py: "ast.Module(body=[ast.Return(), ast.Expr(value=ast.Call(func=ast.Name(id='f')))])",
    js: () => ({
      _type: "Module",
      body: [{ _type: "Return" }, { _type: "Expr", value: { _type: "Call", func: { _type: "Name", id: "f" } } }],
    }),
  },
  {
    name: "identifiers that are no source names",
    py: "ast.Module(body=[ast.Assign(targets=[ast.Name(id='a b', ctx=ast.Store())], value=ast.Attribute(value=ast.Name(id='\\ufb01', ctx=ast.Load()), attr='x-y', ctx=ast.Load())), ast.Expr(value=ast.Name(id='', ctx=ast.Load()))])",
    js: () => ({
      _type: "Module",
      body: [
        {
          _type: "Assign",
          targets: [{ _type: "Name", id: "a b", ctx: store }],
          value: { _type: "Attribute", value: name("\ufb01"), attr: "x-y", ctx: load },
        },
        { _type: "Expr", value: name("") },
      ],
    }),
  },
  {
    name: "partial positions",
    py: "ast.Module(body=[ast.Expr(value=ast.BinOp(left=ast.Name(id='x', ctx=ast.Load(), lineno=3, col_offset=4), op=ast.Add(), right=ast.Constant(value=1, end_lineno=7, end_col_offset=2), lineno=2, col_offset=0, end_lineno=2, end_col_offset=9))])",
    js: () => ({
      _type: "Module",
      body: [
        {
          _type: "Expr",
          value: {
            _type: "BinOp",
            left: name("x", { lineno: 3, col_offset: 4 }),
            op: { _type: "Add" },
            right: { _type: "Constant", value: 1, end_lineno: 7, end_col_offset: 2 },
            lineno: 2,
            col_offset: 0,
            end_lineno: 2,
            end_col_offset: 9,
          },
        },
      ],
    }),
  },
  {
    name: "imports: dotted names, aliases, level None and 2",
    py: "ast.Module(body=[ast.ImportFrom(module='a.b', names=[ast.alias(name='c', asname='d'), ast.alias(name='*')]), ast.ImportFrom(names=[ast.alias(name='e')], level=2), ast.Import(names=[ast.alias(name='os.path', asname='p')])])",
    js: () => ({
      _type: "Module",
      body: [
        {
          _type: "ImportFrom",
          module: "a.b",
          names: [
            { _type: "alias", name: "c", asname: "d" },
            { _type: "alias", name: "*" },
          ],
          level: null,
        },
        { _type: "ImportFrom", module: null, names: [{ _type: "alias", name: "e" }], level: 2 },
        { _type: "Import", names: [{ _type: "alias", name: "os.path", asname: "p" }] },
      ],
    }),
  },
  {
    name: "constants of every type, and kinds",
    py: "ast.Module(body=[ast.Expr(value=ast.Tuple(elts=[ast.Constant(value='s', kind='u'), ast.Constant(value=b'\\x00b'), ast.Constant(value=1.5), ast.Constant(value=2.0), ast.Constant(value=float('inf')), ast.Constant(value=complex(0, 2)), ast.Constant(value=2**80), ast.Constant(value=2**31), ast.Constant(value=None), ast.Constant(value=True), ast.Constant(value=...), ast.Constant(value=-5), ast.Constant(value='x', kind='k')], ctx=ast.Load()))])",
    js: () => ({
      _type: "Module",
      body: [
        {
          _type: "Expr",
          value: {
            _type: "Tuple",
            elts: [
              { _type: "Constant", value: "s", kind: "u" },
              { _type: "Constant", value: { _type: "bytes", value: [0, 98] } },
              { _type: "Constant", value: 1.5 },
              { _type: "Constant", value: { _type: "float", value: "2" } },
              { _type: "Constant", value: { _type: "float", value: "Infinity" } },
              { _type: "Constant", value: { _type: "complex", real: 0, imag: 2 } },
              { _type: "Constant", value: { _type: "int", value: (2n ** 80n).toString() } },
              { _type: "Constant", value: 2 ** 31 },
              { _type: "Constant", value: null },
              { _type: "Constant", value: true },
              { _type: "Constant", value: { _type: "Ellipsis" } },
              { _type: "Constant", value: -5 },
              { _type: "Constant", value: "x", kind: "k" },
            ],
            ctx: load,
          },
        },
      ],
    }),
  },
  {
    name: "functions, arguments, keywords, Dict with a ** entry, Compare",
    py: "ast.Module(body=[ast.FunctionDef(name='f', args=ast.arguments(args=[ast.arg(arg='a', annotation=ast.Name(id='int', ctx=ast.Load()))], defaults=[ast.Constant(value=1)], kwarg=ast.arg(arg='kw')), body=[ast.Return(value=ast.Call(func=ast.Name(id='g', ctx=ast.Load()), args=[ast.Dict(keys=[None, ast.Constant(value='k')], values=[ast.Name(id='kw', ctx=ast.Load()), ast.Compare(left=ast.Name(id='a', ctx=ast.Load()), ops=[ast.Lt(), ast.IsNot()], comparators=[ast.Constant(value=2), ast.Constant(value=None)])])], keywords=[ast.keyword(arg='x', value=ast.Constant(value=1)), ast.keyword(value=ast.Name(id='kw', ctx=ast.Load()))]))], decorator_list=[], returns=ast.Name(id='bool', ctx=ast.Load()))])",
    js: () => ({
      _type: "Module",
      body: [
        {
          _type: "FunctionDef",
          name: "f",
          args: {
            _type: "arguments",
            args: [{ _type: "arg", arg: "a", annotation: name("int") }],
            defaults: [{ _type: "Constant", value: 1 }],
            kwarg: { _type: "arg", arg: "kw" },
          },
          body: [
            {
              _type: "Return",
              value: {
                _type: "Call",
                func: name("g"),
                args: [
                  {
                    _type: "Dict",
                    keys: [null, { _type: "Constant", value: "k" }],
                    values: [
                      name("kw"),
                      {
                        _type: "Compare",
                        left: name("a"),
                        ops: [{ _type: "Lt" }, "IsNot"],
                        comparators: [
                          { _type: "Constant", value: 2 },
                          { _type: "Constant", value: null },
                        ],
                      },
                    ],
                  },
                ],
                keywords: [
                  { _type: "keyword", arg: "x", value: { _type: "Constant", value: 1 } },
                  { _type: "keyword", arg: null, value: name("kw") },
                ],
              },
            },
          ],
          decorator_list: [],
          returns: name("bool"),
        },
      ],
    }),
  },
  {
    name: "an Expression root",
    py: "ast.Expression(body=ast.Lambda(args=ast.arguments(), body=ast.UnaryOp(op=ast.Not(), operand=ast.BoolOp(op=ast.Or(), values=[ast.Name(id='a', ctx=ast.Load()), ast.Name(id='b', ctx=ast.Load())]))))",
    js: () => ({
      _type: "Expression",
      body: {
        _type: "Lambda",
        args: { _type: "arguments" },
        body: { _type: "UnaryOp", op: "Not", operand: { _type: "BoolOp", op: "Or", values: [name("a"), name("b")] } },
      },
    }),
  },
  {
    name: "an expression as the root, with positions",
    py: "ast.BinOp(left=ast.Name(id='a', ctx=ast.Load(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1), op=ast.Mult(), right=ast.Subscript(value=ast.Name(id='b', ctx=ast.Load()), slice=ast.Slice(upper=ast.Constant(value=3)), ctx=ast.Load()), lineno=1, col_offset=0, end_lineno=1, end_col_offset=9)",
    js: () => ({
      _type: "BinOp",
      left: name("a", { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 1 }),
      op: { _type: "Mult" },
      right: { _type: "Subscript", value: name("b"), slice: { _type: "Slice", upper: { _type: "Constant", value: 3 } }, ctx: load },
      lineno: 1,
      col_offset: 0,
      end_lineno: 1,
      end_col_offset: 9,
    }),
  },
  {
    name: "match, try and f-strings",
    py: "ast.Module(body=[ast.Match(subject=ast.Name(id='x', ctx=ast.Load()), cases=[ast.match_case(pattern=ast.MatchAs(pattern=ast.MatchSingleton(value=None), name='y'), body=[ast.Pass()])]), ast.Try(body=[ast.Expr(value=ast.JoinedStr(values=[ast.Constant(value='a'), ast.FormattedValue(value=ast.Name(id='b', ctx=ast.Load()), conversion=114)]))], handlers=[ast.ExceptHandler(type=ast.Name(id='E', ctx=ast.Load()), name='e', body=[ast.Raise()])], finalbody=[ast.Pass(lineno=9, col_offset=0)])])",
    js: () => ({
      _type: "Module",
      body: [
        {
          _type: "Match",
          subject: name("x"),
          cases: [
            {
              _type: "match_case",
              pattern: { _type: "MatchAs", pattern: { _type: "MatchSingleton", value: null }, name: "y" },
              body: [{ _type: "Pass" }],
            },
          ],
        },
        {
          _type: "Try",
          body: [
            {
              _type: "Expr",
              value: {
                _type: "JoinedStr",
                values: [
                  { _type: "Constant", value: "a" },
                  { _type: "FormattedValue", value: name("b"), conversion: 114 },
                ],
              },
            },
          ],
          handlers: [{ _type: "ExceptHandler", type: name("E"), name: "e", body: [{ _type: "Raise" }] }],
          finalbody: [{ _type: "Pass", lineno: 9, col_offset: 0 }],
        },
      ],
    }),
  },
];

interface Answer {
  plain: string;
  attrs: string;
  indent: string;
  fixed: string;
  incremented: string;
}

function program(): string {
  const lines = [
    "import ast",
    "def answer(make):",
    "    n = make()",
    "    a = dict(plain=ast.dump(n), attrs=ast.dump(n, include_attributes=True), indent=ast.dump(n, indent=2, include_attributes=True))",
    "    ast.fix_missing_locations(n)",
    "    a['fixed'] = ast.dump(n, include_attributes=True)",
    "    m = make()",
    "    ast.increment_lineno(m, 5)",
    "    a['incremented'] = ast.dump(m, include_attributes=True)",
    "    return a",
    "result = [",
    ...CASES.map((c) => `    answer(lambda: ${c.py}),`),
    "]",
  ];
  return lines.join("\n") + "\n";
}

test("built trees dump as CPython dumps the same nodes made with ast's constructors", async () => {
  const answers = await pythonResult<Answer[]>(program());
  CASES.forEach((c, i) => {
    const want = answers[i]!;
    const tree = fromJSON(c.js());
    assert.equal(dump(tree), want.plain, c.name);
    assert.equal(dump(tree, { includeAttributes: true }), want.attrs, c.name + " (attributes)");
    assert.equal(dump(tree, { includeAttributes: true, indent: 2 }), want.indent, c.name + " (indent)");
    // The views and toJSON of a built tree agree with its dump.
    assert.equal(dump(fromJSON(tree.toJSON()), { includeAttributes: true }), want.attrs, c.name + " (toJSON)");
    assert.equal(dump(fromJSON(view(tree).toJSON()), { includeAttributes: true }), want.attrs, c.name + " (view)");
    // The location helpers on plain nodes, then on the built tree.
    assert.equal(
      dump(fromJSON(fixMissingLocations(c.js())), { includeAttributes: true }),
      want.fixed,
      c.name + " (fix_missing_locations, plain)",
    );
    assert.equal(
      dump(fixMissingLocations(fromJSON(c.js())), { includeAttributes: true }),
      want.fixed,
      c.name + " (fix_missing_locations, tree)",
    );
    assert.equal(
      dump(fromJSON(incrementLineno(c.js(), 5)), { includeAttributes: true }),
      want.incremented,
      c.name + " (increment_lineno, plain)",
    );
    assert.equal(
      dump(incrementLineno(fromJSON(c.js()), 5), { includeAttributes: true }),
      want.incremented,
      c.name + " (increment_lineno, tree)",
    );
  });
});

test("copy_location: lineno/col_offset where the old node has them, end_* always", async () => {
  const py = `
import ast
def case(old):
    new = ast.Name(id='n', ctx=ast.Load(), lineno=7, col_offset=7, end_lineno=7, end_col_offset=8)
    ast.copy_location(new, old)
    return ast.dump(new, include_attributes=True)
result = [
    case(ast.Name(id='o', ctx=ast.Load(), lineno=1, col_offset=2, end_lineno=3, end_col_offset=4)),
    case(ast.Name(id='o', ctx=ast.Load(), lineno=1, col_offset=2)),
    case(ast.Name(id='o', ctx=ast.Load())),
    case(ast.arguments()),
    case(ast.MatchAs(name='o', lineno=1, col_offset=2)),
    case(ast.MatchAs(name='o', lineno=1, col_offset=2, end_lineno=None)),
]
`;
  const answers = await pythonResult<string[]>(py);
  const olds: PlainNode[] = [
    name("o", { lineno: 1, col_offset: 2, end_lineno: 3, end_col_offset: 4 }),
    name("o", { lineno: 1, col_offset: 2 }),
    name("o"),
    { _type: "arguments" },
    { _type: "MatchAs", name: "o", lineno: 1, col_offset: 2 },
    { _type: "MatchAs", name: "o", lineno: 1, col_offset: 2, end_lineno: null },
  ];
  olds.forEach((old, i) => {
    const made = name("n", { lineno: 7, col_offset: 7, end_lineno: 7, end_col_offset: 8 });
    assert.equal(dump(fromJSON(copyLocation(made, old)), { includeAttributes: true }), answers[i], `case ${i}`);
    // The old node as a view of a built tree gives the same (a view has no explicit None).
    if (i === 5) return;
    const fromView = name("n", { lineno: 7, col_offset: 7, end_lineno: 7, end_col_offset: 8 });
    assert.equal(dump(fromJSON(copyLocation(fromView, view(fromJSON(old)))), { includeAttributes: true }), answers[i], `case ${i} (view)`);
  });
});

test("views of a built tree: fields, and positions undefined where missing", () => {
  const tree = fromJSON({ _type: "Module", body: [{ _type: "Expr", value: name("a b", { lineno: 4, col_offset: 1 }), lineno: 4 }] });
  const expr = view(tree).body as unknown as {
    value: { id: string; lineno: number; col_offset: number; end_lineno: unknown };
    lineno: number;
    col_offset: unknown;
  }[];
  assert.equal(expr[0]!.value.id, "a b");
  assert.equal(expr[0]!.value.lineno, 4);
  assert.equal(expr[0]!.value.col_offset, 1);
  assert.equal(expr[0]!.value.end_lineno, undefined);
  assert.equal(expr[0]!.lineno, 4);
  assert.equal(expr[0]!.col_offset, undefined);
  assert.deepEqual(tree.toJSON(), {
    _type: "Module",
    body: [{ _type: "Expr", value: { _type: "Name", id: "a b", ctx: { _type: "Load" }, lineno: 4, col_offset: 1 }, lineno: 4 }],
    type_ignores: [],
  });
});
