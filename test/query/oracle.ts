// An independent oracle for selectors: the same queries written as predicates in Python over
// CPython's own `ast` (run in Pyodide), with their matches' positions computed there. Answers are
// cached under .cache/query/ by a hash of the script and of each source.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeAtomic } from "../support/write-atomic.js";
import { join } from "node:path";
import { python, sha } from "../tokenizer/oracle.js";

export const CACHE_DIR = join(process.cwd(), ".cache", "query");

/** The selectors the oracle knows, each with its Python predicate `(node) -> bool` (P = parent map). */
export const ORACLE_QUERIES: readonly (readonly [string, string])[] = [
  [`Call[func.id="eval"]`, `isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "eval"`],
  [
    `Call[func.attr="append"][args.length=1]`,
    `isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "append" and len(n.args) == 1`,
  ],
  [
    `FunctionDef:has(Yield, YieldFrom)`,
    `isinstance(n, ast.FunctionDef) and any(isinstance(d, (ast.Yield, ast.YieldFrom)) for d in desc(n))`,
  ],
  [
    `FunctionDef:has-own(Yield, YieldFrom)`,
    `isinstance(n, ast.FunctionDef) and any(isinstance(d, (ast.Yield, ast.YieldFrom)) for d in own_desc(n))`,
  ],
  [`ExceptHandler[type is None]`, `isinstance(n, ast.ExceptHandler) and n.type is None`],
  [
    `Return[value]:scope(ClassDef > FunctionDef[name="__init__"])`,
    `isinstance(n, ast.Return) and n.value is not None and isinstance(scope_of(n), ast.FunctionDef) and scope_of(n).name == "__init__" and isinstance(P.get(scope_of(n)), ast.ClassDef)`,
  ],
  [
    `Compare[ops=Is][comparators.0.value is str]`,
    `isinstance(n, ast.Compare) and any(isinstance(o, ast.Is) for o in n.ops) and isinstance(n.comparators[0], ast.Constant) and type(n.comparators[0].value) is str`,
  ],
  [
    `:is(FunctionDef, ClassDef) > Expr:field(body):first-child[value is Constant][value.value is str]`,
    `isinstance(n, ast.Expr) and isinstance(P.get(n), (ast.FunctionDef, ast.ClassDef)) and P[n].body[0] is n and isinstance(n.value, ast.Constant) and type(n.value.value) is str`,
  ],
  [
    `Name[id=/^_[a-z]/]:inside(ClassDef)`,
    `isinstance(n, ast.Name) and re.match(r"^_[a-z]", n.id) is not None and any(isinstance(a, ast.ClassDef) for a in ancestors(n))`,
  ],
  [
    `Attribute[attr="format"][value is Constant]`,
    `isinstance(n, ast.Attribute) and n.attr == "format" and isinstance(n.value, ast.Constant)`,
  ],
  [
    `:loop:has(> Break)`,
    `isinstance(n, (ast.For, ast.AsyncFor, ast.While)) and any(isinstance(c, ast.Break) for c in ast.iter_child_nodes(n))`,
  ],
  [`Assign + Return`, `isinstance(n, ast.Return) and prev_sibling_is(n, ast.Assign, True)`],
  [`Import ~ Import`, `isinstance(n, ast.Import) and prev_sibling_is(n, ast.Import, False)`],
  [`If:not(:has(Call))`, `isinstance(n, ast.If) and not any(isinstance(d, ast.Call) for d in desc(n))`],
  [`Call[args.length>3]`, `isinstance(n, ast.Call) and len(n.args) > 3`],
  [`Lambda > Name`, `isinstance(n, ast.Name) and isinstance(P.get(n), ast.Lambda)`],
  [
    `BinOp[op=Add][left is Constant][right is Constant]`,
    `isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add) and isinstance(n.left, ast.Constant) and isinstance(n.right, ast.Constant)`,
  ],
  [`Call > Starred:nth-child(1)`, `isinstance(n, ast.Starred) and isinstance(P.get(n), ast.Call) and list_index(n) == 0`],
  [
    `Subscript[slice is Slice]:inside(:function)`,
    `isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Slice) and any(isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) for a in ancestors(n))`,
  ],
  [
    `With:has(> withitem[context_expr.func.id="open"])`,
    `isinstance(n, ast.With) and any(isinstance(i.context_expr, ast.Call) and isinstance(i.context_expr.func, ast.Name) and i.context_expr.func.id == "open" for i in n.items)`,
  ],
  [`Global[names.length>1], Nonlocal`, `isinstance(n, ast.Global) and len(n.names) > 1 or isinstance(n, ast.Nonlocal)`],
  [`Constant[value=0]`, `isinstance(n, ast.Constant) and type(n.value) is int and n.value == 0`],
  [`Constant[value is bytes]`, `isinstance(n, ast.Constant) and type(n.value) is bytes`],
  [`keyword[arg=None]`, `isinstance(n, ast.keyword) and n.arg is None`],
  [`alias[asname]`, `isinstance(n, ast.alias) and n.asname is not None`],
  [
    `:def:not(:has(Return))`,
    `isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not any(isinstance(d, ast.Return) for d in desc(n))`,
  ],
  [
    `Call[func.value.id="os"][func.attr=/^(path|getenv|environ)$/]`,
    `isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and n.func.value.id == "os" and re.match(r"^(path|getenv|environ)$", n.func.attr) is not None`,
  ],
  [
    `ClassDef[bases.length=0]:has-own(FunctionDef[name=/^test/])`,
    `isinstance(n, ast.ClassDef) and len(n.bases) == 0 and any(isinstance(d, ast.FunctionDef) and d.name.startswith("test") for d in own_desc(n))`,
  ],
  [
    `Dict:has(> Constant[value is None])`,
    `isinstance(n, ast.Dict) and any(isinstance(c, ast.Constant) and c.value is None for c in ast.iter_child_nodes(n))`,
  ],
  [`UnaryOp[op=Not] > Compare`, `isinstance(n, ast.Compare) and isinstance(P.get(n), ast.UnaryOp) and isinstance(P[n].op, ast.Not)`],
  // Relative selectors in :has read from the subject down: the Lambda is under the Call.
  [
    `Call:has(Lambda Name[id="self"])`,
    `isinstance(n, ast.Call) and any(isinstance(d, ast.Lambda) and any(isinstance(e, ast.Name) and e.id == "self" for e in desc(d)) for d in desc(n))`,
  ],
  [
    `ClassDef:has(FunctionDef > Return[value is None])`,
    `isinstance(n, ast.ClassDef) and any(isinstance(d, ast.FunctionDef) and any(isinstance(c, ast.Return) and c.value is None for c in ast.iter_child_nodes(d)) for d in desc(n))`,
  ],
];

const SCRIPT = String.raw`
import ast, re, json
SCOPES = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
SKIP = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)
def q_oracle(data, preds):
    tree = ast.parse(data)
    P = {}
    for a in ast.walk(tree):
        for c in ast.iter_child_nodes(a):
            if not isinstance(c, SKIP): P[c] = a
    def desc(n):
        it = ast.walk(n); next(it)
        return it
    def own_desc(n):
        st = list(ast.iter_child_nodes(n))
        while st:
            d = st.pop()
            if isinstance(d, SKIP): continue
            yield d
            if not isinstance(d, SCOPES): st.extend(ast.iter_child_nodes(d))
    def ancestors(n):
        a = P.get(n)
        while a is not None:
            yield a
            a = P.get(a)
    def scope_of(n):
        for a in ancestors(n):
            if isinstance(a, SCOPES): return a
        return None
    def list_of(n):
        p = P.get(n)
        if p is None: return None
        for f in p._fields:
            v = getattr(p, f)
            if isinstance(v, list) and any(x is n for x in v): return v
        return None
    def list_index(n):
        l = list_of(n)
        if l is None: return -1
        return [i for i, x in enumerate(l) if x is n][0]
    def prev_sibling_is(n, cls, immediate):
        l = list_of(n)
        if l is None: return False
        i = list_index(n)
        before = l[:i]
        if immediate: return len(before) > 0 and isinstance(before[-1], cls)
        return any(isinstance(x, cls) for x in before)
    env = dict(ast=ast, re=re, P=P, desc=desc, own_desc=own_desc, ancestors=ancestors, scope_of=scope_of, list_index=list_index, prev_sibling_is=prev_sibling_is)
    fns = [eval("lambda n: " + p, env) for p in preds]
    out = []
    for n in ast.walk(tree):
        if isinstance(n, SKIP) or not hasattr(n, "lineno"): continue
        for qi, f in enumerate(fns):
            if f(n): out.append("%d %s %d:%d-%d:%d" % (qi, type(n).__name__, n.lineno, n.col_offset, n.end_lineno, n.end_col_offset))
    out.sort()
    return "\n".join(out)
`;

/** Per source: the oracle's sorted match lines ("queryIndex Kind line:col-line:col"). */
export async function oracleMatches(sources: readonly Uint8Array[]): Promise<string[]> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const preds = ORACLE_QUERIES.map(([, p]) => p);
  const scriptKey = sha(SCRIPT + JSON.stringify(preds)).slice(0, 16);
  const out: string[] = [];
  let py: Awaited<ReturnType<typeof python>> | null = null;
  for (const src of sources) {
    const file = join(CACHE_DIR, `${scriptKey}-${sha(src).slice(0, 24)}.txt`);
    if (existsSync(file)) {
      out.push(readFileSync(file, "utf8"));
      continue;
    }
    if (py === null) {
      py = await python();
      py.runPython(SCRIPT);
      py.globals.set("_preds", JSON.stringify(preds));
      py.runPython("_preds = json.loads(_preds)");
    }
    py.globals.set("_data", src);
    const r = py.runPython("q_oracle(bytes(_data.to_py()), _preds)") as string;
    writeAtomic(file, r);
    out.push(r);
  }
  return out;
}
