// The csp library's node transforms, written with quarry's transformer (see README.md beside this
// file). Each `@csp.node` function becomes a generator that a runtime drives one tick at a time.
// Run: node dist/examples/csp/transform.js examples/csp/nodes.py
import { readFileSync } from "node:fs";
import { ast, copyLocation, parse, transform, unparse } from "../../src/index.js";
import type { Call, ExprNode, FunctionDef, LoosePlain, NodeView, PlainExprNode, StmtNode, Transformer, Tree } from "../../src/index.js";

/** `csp.<attr>` as an expression? */
function isCsp(e: ExprNode | NodeView | undefined, attr: string): boolean {
  return e !== undefined && e._type === "Attribute" && e.attr === attr && e.value._type === "Name" && e.value.id === "csp";
}

/** The `with csp.state():` statement that opens a node's body, if there is one. */
function stateBlock(s: StmtNode | undefined): readonly StmtNode[] | undefined {
  if (s === undefined || s._type !== "With" || s.items.length !== 1) return undefined;
  const e = s.items[0]!.context_expr;
  return e._type === "Call" && isCsp(e.func, "state") && e.args.length === 0 ? s.body : undefined;
}

const cspTransforms: Transformer = {
  // `import csp` is not needed once the calls are gone.
  Import(node) {
    return node.names.every((a) => a.name === "csp") ? null : undefined;
  },

  // 1. The node becomes a generator: its inputs bound (4), its state set up, then
  //    `while True: yield` around the rest of the body.
  FunctionDef(node: FunctionDef, ctx) {
    if (!node.decorator_list.some((d) => isCsp(d, "node"))) return undefined;
    // As Python's generic_visit: the body's statements are transformed first (2 and 3), and `fn`
    // is the node with its new children.
    const fn = ctx.genericVisit();
    const state = stateBlock(fn.body[0]);
    const body = state === undefined ? fn.body : fn.body.slice(1);
    // 4. Inputs are read through fast locals: each input `x` is bound to ('input_var', i), which
    //    the runtime finds in the generator's frame and swaps for the live input.
    const inputs = fn.args.args.map((a, i) =>
      ast.Assign({
        targets: [ast.Name({ id: a.arg, ctx: { _type: "Store" } })],
        value: ast.Tuple({ elts: [ast.Constant({ value: "input_var" }), ast.Constant({ value: i })] }),
      }),
    );
    const loop: LoosePlain = {
      _type: "While",
      test: ast.Constant({ value: true }),
      body: [ast.Expr({ value: ast.Yield({}) }), ...body],
      orelse: [],
    };
    // Views may sit inside a plain replacement: those of the node genericVisit returned are its
    // transformed children, placed as they are.
    return copyLocation<LoosePlain>(
      {
        _type: "FunctionDef",
        name: fn.name,
        args: fn.args,
        body: [...inputs, ...(state ?? []), loop],
        decorator_list: fn.decorator_list.filter((d) => !isCsp(d, "node")),
        returns: fn.returns ?? null,
        type_params: fn.type_params,
      },
      fn,
    );
  },

  Call(node: Call) {
    // 2. `csp.ticked(x)` becomes `+x`; `csp.ticked(x, y)` becomes `+x or +y`.
    if (isCsp(node.func, "ticked") && node.args.length > 0) {
      const plus = node.args.map((a): LoosePlain => ({ _type: "UnaryOp", op: { _type: "UAdd" }, operand: a }));
      return copyLocation<LoosePlain>(plus.length === 1 ? plus[0]! : { _type: "BoolOp", op: { _type: "Or" }, values: plus }, node);
    }
    // 3. `csp.output(v)` becomes `out + v`.
    if (isCsp(node.func, "output") && node.args.length === 1) {
      const out: PlainExprNode = ast.Name({ id: "out" });
      return copyLocation<LoosePlain>({ _type: "BinOp", left: out, op: { _type: "Add" }, right: node.args[0] }, node);
    }
    return undefined;
  },
};

/** The four transforms over a module's csp nodes: the new tree. */
export function transformNodes(tree: Tree): Tree {
  return transform(tree, cspTransforms);
}

/** The transformed module as source text (what CPython's `ast.unparse` would print). */
export function transformSource(source: string | Uint8Array): string {
  const { tree, error } = parse(source);
  if (error !== null) throw new Error(`${error.cls}: ${error.msg} (line ${error.lineno})`);
  return unparse(transformNodes(tree)) + "\n";
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write("usage: node dist/examples/csp/transform.js FILE.py\n");
    process.exit(2);
  }
  process.stdout.write(transformSource(readFileSync(file)));
}
