// The typed API: narrowing views on `_type`, typed fields and groups, misspelt fields and kinds
// as compile errors (each `@ts-expect-error` below fails the build if the error goes away), and
// node constructors checked against CPython 3.14's own constructor defaults.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "../../src/parser/parse.js";
import { view } from "../../src/ast/view.js";
import type { NodeView, ExprNode, StmtNode } from "../../src/ast/view.js";
import { visit } from "../../src/ast/visitor.js";
import { walk } from "../../src/ast/walk.js";
import { ast } from "../../src/ast/generated/constructors.js";
import type { PlainCall, PlainExprNode, PlainModule, PlainNode } from "../../src/schema/generated/plain.js";
import { KINDS } from "../../src/schema/generated/nodes.js";
import { PyBytes, PY_ELLIPSIS } from "../../src/core/pyvalue.js";
import { python } from "../tokenizer/oracle.js";

test("views narrow on _type; fields are typed; misspelt fields do not compile", () => {
  const { tree } = parse("x = f(1, k=2)\nimport os.path as p\n");
  const m = view(tree);
  // @ts-expect-error: Module has no field `bodyy`
  assert.equal(m.bodyy, undefined);
  const s = m.body[0]!;
  assert.equal(s._type, "Assign");
  if (s._type !== "Assign") return;
  const target = s.targets[0]!;
  assert.ok(target._type === "Name");
  const id: string = target.id;
  assert.equal(id, "x");
  assert.equal(target.ctx, "Store");
  const call = s.value;
  if (call._type !== "Call") return assert.fail("a Call");
  // @ts-expect-error: Call has no field `funcs`
  assert.equal(call.funcs, undefined);
  const kw = call.keywords[0]!;
  const arg: string | undefined = kw.arg;
  assert.equal(arg, "k");
  const c = call.args[0]!;
  assert.ok(c._type === "Constant" && c.value === 1n);
  const imp = m.body[1]!;
  assert.ok(imp._type === "Import");
  assert.deepEqual(
    imp.names.map((a) => [a.name, a.asname]),
    [["os.path", "p"]],
  );
  // A view of any node is the union; its positions are numbers or undefined.
  const any: NodeView = view(tree, call.nodeId);
  const line: number | undefined = any.lineno;
  assert.equal(line, 1);
  // The `Expr` statement is not an `expr`: ExprNode and StmtNode are the groups.
  const e: ExprNode = call;
  const st: StmtNode = s;
  // @ts-expect-error: an Assign is not an expression
  const wrong: ExprNode = s;
  assert.ok(e && st && wrong);
  // toJSON is typed by kind.
  const pc: PlainCall = call.toJSON();
  assert.equal(pc.func._type, "Name");
  const pm: PlainModule = tree.toJSON();
  assert.equal(pm.body.length, 2);
});

test("visitor handlers are typed by kind; unknown kinds do not compile", () => {
  const { tree } = parse("def f(a): return g(a)\n");
  const names: string[] = [];
  visit(tree, {
    FunctionDef: { enter: (n) => void names.push(n.name), leave: (n) => void names.push(`/${n.name}`) },
    Call(n) {
      names.push(n.func._type);
    },
    arg(n) {
      names.push(n.arg);
    },
  });
  assert.deepEqual(names, ["f", "a", "Name", "/f"]);
  // @ts-expect-error: there is no kind `Calls`
  visit(tree, { Calls: () => {} });
  for (const n of walk(tree)) if (n._type === "Return") assert.equal(n.value?._type, "Call");
});

test("constructors build plain nodes with CPython's defaults; positions only when given", () => {
  const x = ast.Name({ id: "x", ctx: ast.Store() });
  const call = ast.Call({ func: ast.Name({ id: "f" }), args: [ast.Constant({ value: 1 })] });
  assert.deepEqual(call, {
    _type: "Call",
    func: { _type: "Name", id: "f", ctx: { _type: "Load" } },
    args: [{ _type: "Constant", value: 1, kind: null }],
    keywords: [],
  });
  const mod = ast.Module({ body: [ast.Assign({ targets: [x], value: call, lineno: 1, col_offset: 0 })] });
  assert.deepEqual(Object.keys(mod.body[0]!), ["_type", "targets", "value", "type_comment", "lineno", "col_offset"]);
  assert.deepEqual(ast.arguments(), {
    _type: "arguments",
    posonlyargs: [],
    args: [],
    vararg: null,
    kwonlyargs: [],
    kw_defaults: [],
    kwarg: null,
    defaults: [],
  });
  assert.deepEqual(ast.ImportFrom(), { _type: "ImportFrom", module: null, names: [], level: null });
  // PyValues become their plain form.
  assert.deepEqual(ast.Constant({ value: 10n ** 30n }).value, { _type: "int", value: String(10n ** 30n) });
  assert.deepEqual(ast.Constant({ value: new PyBytes(new Uint8Array([1, 2])) }).value, { _type: "bytes", value: [1, 2] });
  assert.deepEqual(ast.Constant({ value: PY_ELLIPSIS }).value, { _type: "Ellipsis" });
  assert.deepEqual(ast.Constant({ value: { _type: "float", value: "1" } }).value, { _type: "float", value: "1" });
  // @ts-expect-error: Call needs `func` (CPython warns and leaves it unset)
  ast.Call({});
  // @ts-expect-error: not a context name
  ast.Name({ id: "x", ctx: { _type: "Lod" } });
  const e: PlainExprNode = call;
  // @ts-expect-error: a statement is not an expression
  const bad: PlainExprNode = ast.Pass();
  assert.ok(e && bad);
});

test("built nodes equal what the parser gives for the same code", () => {
  const { tree } = parse("x = f(1)\n");
  const built: PlainNode = ast.Module({
    body: [
      ast.Assign({
        targets: [ast.Name({ id: "x", ctx: ast.Store(), lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 1 })],
        value: ast.Call({
          func: ast.Name({ id: "f", lineno: 1, col_offset: 4, end_lineno: 1, end_col_offset: 5 }),
          args: [ast.Constant({ value: 1, lineno: 1, col_offset: 6, end_lineno: 1, end_col_offset: 7 })],
          lineno: 1,
          col_offset: 4,
          end_lineno: 1,
          end_col_offset: 8,
        }),
        lineno: 1,
        col_offset: 0,
        end_lineno: 1,
        end_col_offset: 8,
      }),
    ],
  });
  assert.deepEqual(built, tree.toJSON());
});

// For every class: each field CPython's constructor fills in when omitted, as a plain value, or
// "<required>" when it leaves the field unset. Cached by the schema's content.
async function cpythonDefaults(): Promise<Record<string, Record<string, unknown>>> {
  const key = createHash("sha256").update(JSON.stringify(KINDS)).digest("hex");
  const dir = join(process.cwd(), ".cache", "tree-ctor");
  const file = join(dir, key + ".json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
  const py = await python();
  const json = py.runPython(String.raw`
import ast, json, warnings
def _plain(v):
    if v is None: return None
    if isinstance(v, list): return [_plain(x) for x in v]
    if isinstance(v, ast.AST): return {"_type": type(v).__name__}
    return v
out = {}
for name in ${JSON.stringify(KINDS.slice(1).map((k) => k.name))}:
    c = getattr(ast, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        n = c()
    out[name] = {f: (_plain(getattr(n, f)) if hasattr(n, f) else "<required>") for f in c._fields}
    for a in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        if a in c._attributes and a not in c._fields and hasattr(n, a) and getattr(n, a) is not None:
            out[name][a] = getattr(n, a)
json.dumps(out)
`) as string;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, json);
  return JSON.parse(json) as Record<string, Record<string, unknown>>;
}

test("every constructor mirrors CPython 3.14's: same defaults, same required fields", async () => {
  const expected = await cpythonDefaults();
  const ctors = ast as unknown as Record<string, (f: Record<string, unknown>) => Record<string, unknown>>;
  for (const spec of KINDS.slice(1)) {
    const exp = expected[spec.name]!;
    const required: Record<string, unknown> = {};
    for (const f of spec.fields) if (exp[f.name] === "<required>") required[f.name] = "<required>";
    const built = ctors[spec.name]!(required);
    // Required fields come back as given (a constant's string is already plain), the rest
    // with CPython's defaults; no positions appear unless given.
    assert.deepEqual(built, { _type: spec.name, ...exp }, spec.name);
  }
});
