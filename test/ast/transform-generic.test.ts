// transform's generic visit against CPython's NodeTransformer: the same transformers written in
// Python (Pyodide) and here give dump-identical trees (with attributes) over the stdlib and the
// grammar fixtures; bottom-up rewrites read the transformed children; the nesting guard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { transform, MAX_GENERIC_VISIT_DEPTH, type Transformer } from "../../src/ast/transform.js";
import { BuildError } from "../../src/ast/build.js";
import { copyLocation } from "../../src/ast/location.js";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { dumpHash, pythonTransformHashes } from "./transform-oracle.js";

// Callbacks read fields of several kinds; the per-kind typing is exercised in test/ast/typed-api.test.ts.
// biome-ignore lint/suspicious/noExplicitAny: reads fields of several kinds by name
type V = any;

const PY = `
class Fold(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        l, r = node.left, node.right
        if isinstance(l, ast.Constant) and isinstance(r, ast.Constant) and type(l.value) is int and type(r.value) is int:
            if isinstance(node.op, ast.Add):
                return ast.copy_location(ast.Constant(value=l.value + r.value), node)
            if isinstance(node.op, ast.Sub):
                return ast.copy_location(ast.Constant(value=l.value - r.value), node)
            if isinstance(node.op, ast.Mult) and abs(l.value) < 2**64 and abs(r.value) < 2**64:
                return ast.copy_location(ast.Constant(value=l.value * r.value), node)
        return node
    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) and type(node.operand.value) is int:
            return ast.copy_location(ast.Constant(value=-node.operand.value), node)
        return node

class Rename(ast.NodeTransformer):
    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=node.id + "_", ctx=node.ctx), node)
    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.name = "f_" + node.name
        return node

class Delete(ast.NodeTransformer):
    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant):
            return None
        return self.generic_visit(node)
    def visit_Pass(self, node):
        return None
    def visit_Assert(self, node):
        return None

class Splice(ast.NodeTransformer):
    def visit_If(self, node):
        self.generic_visit(node)
        return node.body + node.orelse
    def visit_With(self, node):
        node = self.generic_visit(node)
        return [ast.Expr(value=node.items[0].context_expr)] + node.body

class Child(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        if node.args:
            return node.args[0]
        return node
    def visit_Attribute(self, node):
        self.generic_visit(node)
        return node.value
    def visit_Subscript(self, node):
        self.generic_visit(node)
        return node.slice

class Mixed(Delete, Splice, Child):
    pass
`;

const int = (e: V) => e._type === "Constant" && typeof e.value === "bigint";
const LIMIT = 1n << 64n;
const abs = (x: bigint) => (x < 0n ? -x : x);

const TRANSFORMERS: Record<string, Transformer> = {
  Fold: {
    BinOp: (_node, c) => {
      const n: V = c.genericVisit();
      const l = n.left;
      const r = n.right;
      if (int(l) && int(r)) {
        if (n.op === "Add") return copyLocation({ _type: "Constant", value: l.value + r.value }, n);
        if (n.op === "Sub") return copyLocation({ _type: "Constant", value: l.value - r.value }, n);
        if (n.op === "Mult" && abs(l.value) < LIMIT && abs(r.value) < LIMIT)
          return copyLocation({ _type: "Constant", value: l.value * r.value }, n);
      }
      return n;
    },
    UnaryOp: (_node, c) => {
      const n: V = c.genericVisit();
      if (n.op === "USub" && int(n.operand)) return copyLocation({ _type: "Constant", value: -n.operand.value }, n);
      return n;
    },
  },
  Rename: {
    Name: (n: V) => copyLocation({ _type: "Name", id: n.id + "_", ctx: n.ctx }, n),
    FunctionDef: (_node, c) => {
      const n: V = c.genericVisit();
      return copyLocation(
        {
          _type: "FunctionDef",
          name: "f_" + n.name,
          args: n.args,
          body: n.body,
          decorator_list: n.decorator_list,
          returns: n.returns ?? null,
          type_comment: n.type_comment ?? null,
          type_params: n.type_params,
        },
        n,
      );
    },
  },
  Delete: {
    Expr: (n: V, c) => (n.value._type === "Constant" ? null : c.genericVisit()),
    Pass: () => null,
    Assert: () => null,
  },
  Splice: {
    // The callback's own (old) view after the generic visit stands for the transformed node.
    If: (n: V, c) => {
      c.genericVisit();
      return [...n.body, ...n.orelse];
    },
    With: (_node, c) => {
      const n: V = c.genericVisit();
      return [{ _type: "Expr", value: n.items[0].context_expr }, ...n.body];
    },
  },
  Child: {
    // Old views of a direct child, after the generic visit: its transformed result.
    Call: (n: V, c) => {
      c.genericVisit();
      return n.args.length > 0 ? n.args[0] : undefined;
    },
    Attribute: (_node, c) => (c.genericVisit() as V).value,
    Subscript: (_node, c) => (c.genericVisit() as V).slice,
  },
};
// The last three touch disjoint kinds: on the stdlib (where a dump with attributes per file and
// transformer is most of the test's time) they run together.
TRANSFORMERS.Mixed = { ...TRANSFORMERS.Delete, ...TRANSFORMERS.Splice, ...TRANSFORMERS.Child };
const STDLIB_SET = ["Fold", "Rename", "Mixed"];
const FIXTURE_SET = ["Fold", "Rename", "Delete", "Splice", "Child", "Mixed"];

interface Tally {
  identical: number;
  cpythonRecursion: number;
}

async function compare(sources: { name: string; bytes: Uint8Array }[], names: readonly string[]): Promise<Tally> {
  const usable = sources.flatMap((s) => {
    const { tree, error } = parse(s.bytes);
    return error === null ? [{ ...s, tree }] : [];
  });
  const answers = await pythonTransformHashes(
    PY,
    names,
    usable.map((s) => s.bytes),
  );
  const tally: Tally = { identical: 0, cpythonRecursion: 0 };
  usable.forEach((s, i) => {
    const tree = s.tree;
    names.forEach((name, j) => {
      const want = answers[i]![j]!;
      if (want === "error: RecursionError") {
        tally.cpythonRecursion++;
        return;
      }
      assert.equal(dumpHash(dump(transform(tree, TRANSFORMERS[name]!), { includeAttributes: true })), want, `${name} on ${s.name}`);
      tally.identical++;
    });
  });
  return tally;
}

test("generic visits: the transformers give CPython's trees on every stdlib file", async (t) => {
  const files = stdlibFiles();
  const tally = await compare(files, STDLIB_SET);
  t.diagnostic(`stdlib: ${tally.identical} identical, ${tally.cpythonRecursion} where CPython hit its recursion limit`);
  assert.equal(tally.identical + tally.cpythonRecursion, files.length * STDLIB_SET.length);
  assert.ok(tally.identical >= files.length * STDLIB_SET.length - 10);
});

test("generic visits: the transformers give CPython's trees on every grammar fixture it parses", async (t) => {
  const fixtures = [...listFixtures("ok"), ...listFixtures("err")].map((f) => ({ name: f.rel, bytes: f.bytes }));
  const tally = await compare(fixtures, FIXTURE_SET);
  t.diagnostic(`fixtures: ${tally.identical} identical, ${tally.cpythonRecursion} where CPython hit its recursion limit`);
  assert.ok(tally.identical > 0);
});

test("a bottom-up fold sees the transformed children in one pass", () => {
  const out = transform(parse("x = 1 + 2 + 3 * 4 - -5\n").tree, TRANSFORMERS.Fold!);
  assert.equal(dump(out), "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=20))])");
  // Callbacks run in Python's order: a node's callback starts before its children's and ends after.
  const log: string[] = [];
  transform(parse("(a + b) + c\n").tree, {
    BinOp: (n: V, c) => {
      log.push("enter " + n.col_offset);
      c.genericVisit();
      log.push("leave " + n.col_offset);
    },
    Name: (n: V) => {
      log.push(n.id);
    },
  });
  assert.deepEqual(log, ["enter 0", "enter 1", "a", "b", "leave 1", "c", "leave 0"]);
  // A second call returns a view of the same node; the node is kept with its new children.
  const twice = transform(parse("f(a)\n").tree, {
    Call: (_n, c) => {
      const [x, y] = [c.genericVisit(), c.genericVisit()];
      assert.ok(x.tree === y.tree && x.nodeId === y.nodeId);
    },
    Name: () => ({ _type: "Name", id: "z" }),
  });
  assert.equal(dump(twice), "Module(body=[Expr(value=Call(func=Name(id='z', ctx=Load()), args=[Name(id='z', ctx=Load())]))])");
});

test("a transformed node placed twice is copied twice; the built tree's rows stay in pre-order", () => {
  const out = transform(parse("f(a)\n").tree, {
    Expr: (_n, c) => {
      const n = c.genericVisit();
      return [n, n];
    },
    Name: (n: V) => ({ _type: "Name", id: n.id.toUpperCase() }),
  });
  assert.equal(
    dump(out),
    "Module(body=[Expr(value=Call(func=Name(id='F', ctx=Load()), args=[Name(id='A', ctx=Load())])), Expr(value=Call(func=Name(id='F', ctx=Load()), args=[Name(id='A', ctx=Load())]))])",
  );
  assert.equal(out.count, 9);
  // Pre-order: each row's parent comes before it.
  for (let id = 1; id < out.count; id++) assert.ok(out.parent[id]! >= 0 && out.parent[id]! < id);
});

test("parents read during a transform leave the finished tree's parents right", () => {
  const src = "f(a)\ng(b, c)\n";
  const want = Array.from(transform(parse(src).tree, {}).parent);
  const out = transform(parse(src).tree, {
    Call: (_n, c) => {
      const n: V = c.genericVisit();
      assert.equal(n.parent, undefined); // not placed yet
      assert.equal(n.args[0].parent._type, "Call");
    },
  });
  assert.deepEqual(Array.from(out.parent), want);
});

test(`generic visits nested deeper than ${MAX_GENERIC_VISIT_DEPTH} levels throw a BuildError naming the path`, () => {
  const chain = (n: number) => parse("a" + "+a".repeat(n) + "\n").tree;
  const visit: Transformer = { BinOp: (_n, c) => c.genericVisit() };
  // At the limit it works.
  const ok = chain(MAX_GENERIC_VISIT_DEPTH);
  assert.equal(dump(transform(ok, visit)), dump(ok));
  let err: unknown;
  try {
    transform(chain(MAX_GENERIC_VISIT_DEPTH + 1), visit);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof BuildError, String(err));
  assert.match(err.message, /^transform: generic visits nested deeper than 1000 levels at body\[0\]\.value(\.left){1000}$/);
  assert.equal(err.path, "body[0].value" + ".left".repeat(MAX_GENERIC_VISIT_DEPTH));
  // Callbacks that do not call it keep the iterative walk at any depth.
  const deep = chain(100_000);
  assert.equal(dump(transform(deep, { BinOp: () => undefined, Name: () => undefined })), dump(deep));
  // genericVisit outside a callback.
  let saved: { genericVisit(): unknown } | null = null;
  transform(parse("x\n").tree, {
    Name: (_n, c) => {
      saved = c;
    },
  });
  assert.throws(() => saved!.genericVisit(), /outside a callback/);
});
