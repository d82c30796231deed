// fromJSON: the inverse of toJSON on the whole corpus (dump-identical with attributes), and bad
// input: a BuildError naming the path, never another exception (also under random mutation).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { fromJSON } from "../../src/ast/from-json.js";
import { BuildError } from "../../src/ast/build.js";
import { view } from "../../src/ast/view.js";
import { stdlibFiles } from "../support/corpus.js";
import { prng as rng } from "../fuzz/generate.js"; // mulberry32: seeded, so a failure replays

test("fromJSON(tree.toJSON()) dumps exactly as the tree, with attributes, on every corpus file", () => {
  let same = 0;
  const files = stdlibFiles();
  for (const f of files) {
    const { tree } = parse(f.bytes);
    const built = fromJSON(tree.toJSON());
    assert.equal(dump(built, { includeAttributes: true }), dump(tree, { includeAttributes: true }), f.name);
    same++;
  }
  assert.equal(same, files.length);
});

test("fromJSON of a subtree, of a tree with views inside, and of a built tree again", () => {
  const { tree } = parse("def f(a, *, b=1):\n    return a.b(c, **d)\nx = [i async for i in y if i]\n");
  const fn = (view(tree).body as unknown as { nodeId: number }[])[0]!;
  const sub = fromJSON(tree.toJSON(fn.nodeId));
  assert.equal(sub.kindName(sub.root), "FunctionDef");
  assert.match(dump(sub), /^FunctionDef\(name='f', args=arguments\(args=\[arg\(arg='a'\)\], kwonlyargs=\[arg\(arg='b'\)\]/);
  // Views stand for the nodes they show (copied from their tree).
  const body = view(tree).body as unknown[];
  const wrapped = fromJSON({ _type: "Module", body: [body[1], body[0]] });
  const a = dump(tree, { includeAttributes: true });
  const b = dump(wrapped, { includeAttributes: true });
  const stmts = (s: string) => s.slice("Module(body=[".length, -2);
  assert.equal(b.length, a.length);
  assert.notEqual(stmts(b), stmts(a));
  // A built tree round-trips too.
  assert.equal(dump(fromJSON(wrapped.toJSON()), { includeAttributes: true }), b);
});

function errorOf(input: unknown): BuildError {
  try {
    fromJSON(input);
  } catch (e) {
    assert.ok(e instanceof BuildError, `expected a BuildError, got ${String(e)}`);
    return e;
  }
  assert.fail("fromJSON accepted bad input");
}

const mod = (...body: unknown[]) => ({ _type: "Module", body });
const nm = (id: unknown) => ({ _type: "Name", id, ctx: { _type: "Load" } });
const expr = (value: unknown) => ({ _type: "Expr", value });
const call = (func: unknown) => expr({ _type: "Call", func, args: [], keywords: [] });

test("fromJSON: bad input gets a BuildError naming the path", () => {
  const cases: [unknown, string, RegExp][] = [
    [mod(expr(nm("a")), expr(nm("b")), expr(nm("c")), call({ _type: "Nmae", id: "f" })), "body[3].value.func", /unknown node type "Nmae"/],
    [mod(call({ _type: "Name", ctx: { _type: "Load" } })), "body[0].value.func", /Name is missing its required field "id"/],
    [mod(expr(nm(5))), "body[0].value.id", /expected a str or null, got 5/],
    [mod(expr({ _type: "Name", id: "a", ctx: { _type: "Add" } })), "body[0].value.ctx", /expected an expression context/],
    [
      mod(expr({ _type: "BinOp", left: nm("a"), op: "Load", right: nm("b") })),
      "body[0].value.op",
      /expected an operator of type operator, got "Load"/,
    ],
    [
      mod(expr({ _type: "BinOp", left: nm("a"), op: { _type: "And" }, right: nm("b") })),
      "body[0].value.op",
      /operator of type operator, got And/,
    ],
    [mod(expr({ _type: "Constant", value: { _type: "int", value: "1.5" } })), "body[0].value.value", /expected a constant/],
    [mod(expr({ _type: "Constant", value: [1] })), "body[0].value.value", /expected a constant/],
    [mod(expr({ _type: "Constant", value: { _type: "bytes", value: [256] } })), "body[0].value.value", /expected a constant/],
    [mod(expr({ _type: "Constant" })), "body[0].value", /missing its required field "value"/],
    [mod(expr(nm("a")), { _type: "Load" }), "body[1]", /expected a node, got Load/],
    [mod(expr({ ...nm("a"), idd: 1 })), "body[0].value", /Name has no field "idd"/],
    [mod(expr({ ...nm("a"), lineno: 1.5 })), "body[0].value.lineno", /expected an int, got 1.5/],
    [mod(expr({ ...nm("a"), end_col_offset: 2 ** 40 })), "body[0].value.end_col_offset", /out of range/],
    [{ _type: "Module", body: expr(nm("a")) }, "body", /expected a list, got Expr/],
    [
      { _type: "Module", body: [], type_ignores: [{ _type: "TypeIgnore", lineno: 1 }] },
      "type_ignores[0]",
      /TypeIgnore is missing its required field "tag"/,
    ],
    [
      mod({ _type: "Assign", targets: [nm("a")], value: nm("b"), type_comment: 5 }),
      "body[0].type_comment",
      /expected a str or null, got 5/,
    ],
    [mod({ _type: "Global", names: ["a", 3] }), "body[0].names[1]", /expected a str, got 3/],
    [
      mod(expr({ _type: "Compare", left: nm("a"), ops: [{ _type: "Lt" }, { _type: "Add" }], comparators: [nm("b"), nm("c")] })),
      "body[0].value.ops[1]",
      /comparison operator/,
    ],
    [mod({ _type: "AnnAssign", target: nm("a"), annotation: nm("b"), simple: null }), "body[0].simple", /expected an int, got null/],
    [mod(expr({ _type: "Name", id: "a", ctx: { _type: "Load" }, lineno: "1" })), "body[0].value.lineno", /expected an int, got "1"/],
  ];
  for (const [input, path, message] of cases) {
    const e = errorOf(input);
    assert.equal(e.path, path, e.message);
    assert.match(e.message, message);
    assert.ok(e.message.startsWith("fromJSON: " + path + ": "), e.message);
  }
  // A cycle is reported, not unrolled forever; a node used twice is copied twice.
  const loop: Record<string, unknown> = { _type: "BinOp", left: nm("a"), op: { _type: "Add" } };
  loop.right = { _type: "UnaryOp", op: { _type: "USub" }, operand: loop };
  const cycle = errorOf(mod(expr(loop)));
  assert.equal(cycle.path, "body[0].value.right.operand");
  assert.match(cycle.message, /BinOp contains itself/);
  // Cycles that start deep or are long are reported at their first repeat too: `lead` UnaryOps,
  // then a loop of `period` nodes (UnaryOps and Tuples, entered at item 1 of elts).
  for (const [lead, period] of [
    [0, 1],
    [1, 2],
    [3, 5],
    [5, 3],
    [37, 11],
    [100, 64],
    [1, 200],
    [513, 7],
  ] as const) {
    const loopNodes: Record<string, unknown>[] = [];
    for (let k = 0; k < period; k++)
      loopNodes.push(k % 2 === 0 ? { _type: "UnaryOp", op: "USub" } : { _type: "Tuple", elts: [nm("a")], ctx: "Load" });
    const link = (n: Record<string, unknown>, next: unknown): string => {
      if (n._type === "UnaryOp") {
        n.operand = next;
        return ".operand";
      }
      (n.elts as unknown[]).push(next);
      return ".elts[1]";
    };
    let loopPath = "";
    for (let k = 0; k < period; k++) loopPath += link(loopNodes[k]!, loopNodes[(k + 1) % period]);
    let head: unknown = loopNodes[0];
    for (let k = 0; k < lead; k++) head = { _type: "UnaryOp", op: "UAdd", operand: head };
    const e = errorOf(mod(expr(head)));
    assert.equal(e.path, "body[0].value" + ".operand".repeat(lead) + loopPath, `lead ${lead}, period ${period}`);
    assert.match(e.message, /UnaryOp contains itself/);
  }
  const shared = nm("s");
  assert.equal(
    dump(fromJSON(mod(expr({ _type: "Tuple", elts: [shared, shared], ctx: "Load" })))),
    "Module(body=[Expr(value=Tuple(elts=[Name(id='s', ctx=Load()), Name(id='s', ctx=Load())], ctx=Load()))])",
  );
  for (const bad of [null, undefined, 3, "Module", [], {}, { _type: 1 }])
    assert.match(errorOf(bad).message, /^fromJSON: root: expected a node/);
});

const JUNK: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  2 ** 40,
  "",
  "x",
  "Load",
  true,
  [],
  [null],
  {},
  { _type: "Load" },
  { _type: "Add" },
  { _type: "Name" },
  { _type: "Constant", value: 1 },
  { _type: "int", value: "x" },
  Symbol.iterator,
  () => 1,
  10n,
];

test("fromJSON: randomly broken plain trees give a Tree or a BuildError, nothing else", () => {
  const src =
    "import a.b as c\nfrom . import d\nclass C(B, metaclass=M):\n    @dec\n    async def f(self, x: int = 1, *a, k, **kw) -> None:\n        async with a as (b, c):\n            yield f'{x!r:>{w}}', b'\\x00'\n        match p:\n            case [1, *r] | {'k': v, **kw} if v: pass\n            case C(a=1) as z: del z\n        try: raise E from e\n        except* (A, B) as e: return lambda y=2: y ** -x\n        finally: global g\n";
  const { tree, error } = parse(src);
  assert.equal(error, null);
  const next = rng(2026);
  let ok = 0;
  let rejected = 0;
  for (let round = 0; round < 400; round++) {
    const plain = tree.toJSON() as unknown as Record<string, unknown>;
    // Collect every (container, key) slot, then overwrite a few with junk.
    const slots: [Record<string | number, unknown>, string | number][] = [];
    const stack: unknown[] = [plain];
    while (stack.length > 0) {
      const x = stack.pop();
      if (x === null || typeof x !== "object") continue;
      const o = x as Record<string | number, unknown>;
      for (const k of Object.keys(o)) {
        slots.push([o, Array.isArray(o) ? Number(k) : k]);
        stack.push(o[k]);
      }
    }
    const hits = 1 + Math.floor(next() * 3);
    for (let h = 0; h < hits; h++) {
      const [o, k] = slots[Math.floor(next() * slots.length)]!;
      if (next() < 0.15) delete o[k];
      else o[k] = JUNK[Math.floor(next() * JUNK.length)];
    }
    try {
      const built = fromJSON(plain);
      dump(built, { includeAttributes: true, indent: 1 });
      ok++;
    } catch (e) {
      assert.ok(e instanceof BuildError, `round ${round}: ${String(e)}`);
      rejected++;
    }
  }
  assert.ok(ok > 0 && rejected > 0, `${ok} accepted, ${rejected} rejected`);
});
