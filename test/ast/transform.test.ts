// transform against CPython's ast.NodeTransformer: the same transformers written in Python (run
// in Pyodide) and here give identical dumps with attributes, before and after
// fix_missing_locations, and call their callbacks in the same order. Plus: the identity
// transformer on the whole corpus, and bad callback results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { transform, type Transformer } from "../../src/ast/transform.js";
import { BuildError } from "../../src/ast/build.js";
import { copyLocation, fixMissingLocations } from "../../src/ast/location.js";
import type { NodeView } from "../../src/ast/view.js";
// Plain nodes as JSON would bring them: partial, loosely typed (fromJSON checks them).
type PlainNode = { _type: string; [field: string]: unknown };
import { stdlibFiles } from "../support/corpus.js";
import { pythonResult } from "./build-oracle.js";

const SRC = `"""Doc."""
import os
def f(x, y=1):
    """inner doc"""
    if x:
        print(x + 1)
        if y:
            return g(h(x), y)
    else:
        pass
    return None
class C:
    z = f(2)
    def m(self): return self.z
a = [f(i) for i in range(3)]
b = {**a, 'k': -1}
`;

// Callbacks here read fields of several kinds; the per-kind typing is exercised in test/ast/typed-api.test.ts.
// biome-ignore lint/suspicious/noExplicitAny: reads fields of several kinds by name
type V = any;
const isDocstring = (n: V) => {
  const v = n.value as V | undefined;
  return v !== undefined && v._type === "Constant" && typeof v.value === "string";
};

interface Case {
  readonly name: string;
  /** The body of a NodeTransformer subclass (4-space indented methods). */
  readonly py: string;
  readonly js: Transformer;
}

const CASES: Case[] = [
  {
    name: "replace every Name (copy_location)",
    py: "    def visit_Name(self, node):\n        return ast.copy_location(ast.Name(id=node.id.upper(), ctx=node.ctx), node)",
    js: { Name: (n: V) => copyLocation({ _type: "Name", id: (n.id as string).toUpperCase(), ctx: n.ctx }, n) },
  },
  {
    name: "delete docstrings from lists, else the generic visit",
    py: "    def visit_Expr(self, node):\n        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):\n            return None\n        return self.generic_visit(node)\n    def visit_Name(self, node):\n        return ast.copy_location(ast.Name(id='N', ctx=node.ctx), node)",
    js: {
      Expr: (n: V, c) => {
        if (isDocstring(n)) return null;
        c.genericVisit();
        return n;
      },
      Name: (n: V) => copyLocation({ _type: "Name", id: "N", ctx: n.ctx }, n),
    },
  },
  {
    name: "splice an if's body in its place, after the generic visit",
    py: "    def visit_If(self, node):\n        self.generic_visit(node)\n        return node.body",
    js: {
      If: (n: V, c) => {
        c.genericVisit();
        return n.body as NodeView[];
      },
    },
  },
  {
    name: "no generic visit: a kept node's subtree is left alone",
    py: "    def visit_FunctionDef(self, node):\n        return node\n    def visit_Name(self, node):\n        return ast.copy_location(ast.Name(id='N', ctx=node.ctx), node)",
    js: { FunctionDef: () => undefined, Name: (n: V) => copyLocation({ _type: "Name", id: "N", ctx: n.ctx }, n) },
  },
  {
    name: "delete every Constant (list items dropped, single fields unset)",
    py: "    def visit_Constant(self, node):\n        return None",
    js: { Constant: () => null },
  },
  {
    name: "wrap every call (its children transformed), no position for some",
    py: "    def visit_Call(self, node):\n        self.generic_visit(node)\n        return ast.copy_location(ast.Await(value=node), node) if node.args else ast.Starred(value=node, ctx=ast.Load())",
    js: {
      Call: (n: V, c) => {
        c.genericVisit();
        return (n.args as unknown[]).length > 0
          ? copyLocation({ _type: "Await", value: n }, n)
          : { _type: "Starred", value: n, ctx: { _type: "Load" } };
      },
    },
  },
  {
    name: "splice new statements (no positions) after each assignment",
    py: "    def visit_Assign(self, node):\n        return [node, ast.Expr(value=ast.Call(func=ast.Name(id='log', ctx=ast.Load()), args=[ast.Constant(value=1)], keywords=[]))]",
    js: {
      Assign: (n: V) => [
        n,
        {
          _type: "Expr",
          value: {
            _type: "Call",
            func: { _type: "Name", id: "log", ctx: { _type: "Load" } },
            args: [{ _type: "Constant", value: 1 }],
            keywords: [],
          },
        },
      ],
    },
  },
  {
    name: "replace the root, reusing transformed children",
    py: "    def visit_Module(self, node):\n        self.generic_visit(node)\n        return ast.Module(body=node.body[1:3], type_ignores=[])\n    def visit_Import(self, node):\n        return ast.copy_location(ast.ImportFrom(module='x', names=node.names, level=0), node)",
    js: {
      Module: (n: V, c) => {
        c.genericVisit();
        return { _type: "Module", body: (n.body as NodeView[]).slice(1, 3), type_ignores: [] };
      },
      Import: (n: V) => copyLocation({ _type: "ImportFrom", module: "x", names: n.names, level: 0 }, n),
    },
  },
];

function program(): string {
  const parts = ["import ast", `SRC = ${JSON.stringify(SRC)}`, "result = []"];
  CASES.forEach((c, i) => {
    parts.push(`class T${i}(ast.NodeTransformer):`, c.py);
    parts.push(
      `t = T${i}().visit(ast.parse(SRC))`,
      "a = ast.dump(t, include_attributes=True)",
      "ast.fix_missing_locations(t)",
      "result.append([a, ast.dump(t, include_attributes=True)])",
    );
  });
  // Callback order: every Name, Call, FunctionDef and arg as it is met.
  parts.push(
    "order = []",
    "class Order(ast.NodeTransformer):",
    "    def rec(self, node):",
    "        order.append('%s %d:%d' % (type(node).__name__, node.lineno, node.col_offset))",
    "        return self.generic_visit(node)",
    "    visit_Name = visit_Call = visit_FunctionDef = visit_arg = rec",
    "Order().visit(ast.parse(SRC))",
    "result.append(order)",
  );
  return parts.join("\n") + "\n";
}

test("transform matches CPython's NodeTransformer (dump with attributes, fix_missing_locations, callback order)", async () => {
  const answers = await pythonResult<unknown[]>(program());
  const { tree } = parse(SRC);
  CASES.forEach((c, i) => {
    const [want, wantFixed] = answers[i] as [string, string];
    const out = transform(tree, c.js);
    assert.equal(dump(out, { includeAttributes: true }), want, c.name);
    assert.equal(dump(fixMissingLocations(out), { includeAttributes: true }), wantFixed, c.name + " (fix_missing_locations)");
  });
  const order: string[] = [];
  const rec = (n: V, c: { genericVisit(): void }) => {
    order.push(`${n._type} ${n.lineno}:${n.col_offset}`);
    c.genericVisit();
  };
  transform(tree, { Name: rec, Call: rec, FunctionDef: rec, arg: rec });
  assert.deepEqual(order, answers[CASES.length]);
  // A visitor may keep state of its own; `this` is the visitor.
  const counter = {
    names: 0,
    Name(this: { names: number }) {
      this.names++;
    },
  };
  transform(tree, counter);
  assert.equal(counter.names, order.filter((s) => s.startsWith("Name ")).length);
  // The old tree is unchanged.
  assert.equal(dump(tree, { includeAttributes: true }), dump(parse(SRC).tree, { includeAttributes: true }));
});

test("the identity transformer gives a dump-identical tree on every corpus file", () => {
  // Callbacks that keep (with and without the generic visit) exercise the callback path.
  const keep: Transformer = {
    FunctionDef: (_n, c) => c.genericVisit(),
    ClassDef: (_n, c) => c.genericVisit(),
    Constant: () => undefined,
    Name: (n) => n,
  };
  let same = 0;
  const files = stdlibFiles();
  for (const f of files) {
    const { tree } = parse(f.bytes);
    const want = dump(tree, { includeAttributes: true });
    assert.equal(dump(transform(tree, {}), { includeAttributes: true }), want, f.name);
    assert.equal(dump(transform(tree, keep), { includeAttributes: true }), want, f.name + " (keeping callbacks)");
    same++;
  }
  assert.equal(same, files.length);
});

test("transform: the context's path, views of other trees, and a transformed built tree", () => {
  const { tree } = parse("x = f(a)\ny = [b]\n");
  const paths: string[] = [];
  const other = parse("z.w").tree;
  const w = (other.toJSON() as unknown as { body: { value: PlainNode }[] }).body[0]!.value;
  const out = transform(tree, {
    Name: (n, c) => {
      paths.push(c.path());
      return n.id === "b" ? ({ ...w } as PlainNode) : undefined;
    },
  });
  assert.deepEqual(paths, [
    "body[0].targets[0]",
    "body[0].value.func",
    "body[0].value.args[0]",
    "body[1].targets[0]",
    "body[1].value.elts[0]",
  ]);
  assert.equal(
    dump(out),
    "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load())])), Assign(targets=[Name(id='y', ctx=Store())], value=List(elts=[Attribute(value=Name(id='z', ctx=Load()), attr='w', ctx=Load())], ctx=Load()))])",
  );
  // A built tree transforms like a parsed one.
  const again = transform(out, { Attribute: (n) => (n as V).value as NodeView });
  assert.equal(
    dump(again, { includeAttributes: true }),
    dump(parse("x = f(a)\ny = [z]\n").tree, { includeAttributes: true }).replace(
      "Name(id='z', ctx=Load(), lineno=2, col_offset=5, end_lineno=2, end_col_offset=6)",
      "Name(id='z', ctx=Load(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)",
    ),
  );
});

function transformError(src: string, visitor: Transformer): BuildError {
  try {
    transform(parse(src).tree, visitor);
  } catch (e) {
    assert.ok(e instanceof BuildError, String(e));
    return e;
  }
  assert.fail("transform accepted a bad result");
}

test("transform: bad callback results get a BuildError naming the callback and paths", () => {
  assert.match(
    transformError("x = f(a)\n", { Call: () => [] }).message,
    /^transform: the Call callback's result for body\[0\]\.value: a list can only replace an item of a list field/,
  );
  assert.match(transformError("x\n", { Module: () => null }).message, /the root cannot be deleted/);
  assert.match(transformError("x\n", { Module: () => [] }).message, /a list can only replace/);
  const e = transformError("x = 1\nf(a, b)\n", { Name: (n) => (n.id === "b" ? { _type: "Call", func: { _type: "Nope" } } : undefined) });
  assert.equal(e.message, `transform: the Name callback's result for body[1].value.args[1]: func: unknown node type "Nope"`);
  const e2 = transformError("f()\n", { Expr: () => [{ _type: "Pass" }, { _type: "Expr", value: 3 }] });
  assert.equal(e2.message, "transform: the Expr callback's result for body[0]: [1].value: expected a node (an object with _type), got 3");
  // Deleting a single field leaves it None: a required one is then left out by dump, as
  // CPython's dump leaves out a field that delattr removed.
  const del = transform(parse("x = -y\n").tree, { Name: (n) => ((n as V).id === "y" ? null : undefined) });
  assert.equal(dump(del), "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=UnaryOp(op=USub()))])");
});
