// CPython 3.14 (Pyodide) answers for ast.literal_eval, ast.get_docstring and ast.compare, cached by
// content hash under .cache/ast-helpers/ so that warm runs never load Pyodide.
import { existsSync, mkdirSync, readFileSync, } from "node:fs";
import { writeAtomic } from "../support/write-atomic.js";
import { join } from "node:path";
import { python, sha } from "../tokenizer/oracle.js";

const DIR = join(process.cwd(), ".cache", "ast-helpers");

const PY = String.raw`
import ast as _ast, json as _json, sys as _sys, warnings as _warnings
_sys.set_int_max_str_digits(0)
_warnings.simplefilter("ignore")

def _canon(v):
    if isinstance(v, tuple):
        return "(" + ", ".join(_canon(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, list):
        return "[" + ", ".join(_canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(_canon(k) + ": " + _canon(x) for k, x in v.items()) + "}"
    if isinstance(v, set):
        return "{" + ", ".join(sorted(_canon(x) for x in v)) + "}" if v else "set()"
    return repr(v)

def _eval(x):
    try:
        return _canon(_ast.literal_eval(x))
    except Exception as e:
        return "!" + type(e).__name__ + ": " + str(e)

_LIT = (_ast.Tuple, _ast.List, _ast.Set, _ast.Dict, _ast.UnaryOp, _ast.BinOp)

def _pos(n):
    return [getattr(n, "lineno", 0), getattr(n, "col_offset", 0), getattr(n, "end_lineno", 0), getattr(n, "end_col_offset", 0), type(n).__name__]

def literal_nodes(data):
    tree = _ast.parse(bytes(data))
    out = []
    for n in _ast.walk(tree):
        if isinstance(n, _LIT) or (isinstance(n, _ast.Call) and isinstance(n.func, _ast.Name) and n.func.id == "set") or (isinstance(n, _ast.Constant) and not isinstance(n.value, str)):
            out.append(_pos(n) + [_eval(n)])
    return out

def docstrings(data):
    tree = _ast.parse(bytes(data))
    out = []
    for n in _ast.walk(tree):
        if isinstance(n, (_ast.Module, _ast.ClassDef, _ast.FunctionDef, _ast.AsyncFunctionDef)):
            out.append(_pos(n) + [_ast.get_docstring(n, True), _ast.get_docstring(n, False)])
    return out

def literal_sources(data):
    return _eval(bytes(data).decode("utf-8"))

def compare_pair(data):
    a, b = bytes(data).split(b"\0", 1)
    ta, tb = _ast.parse(a), _ast.parse(b)
    return [_ast.compare(ta, tb), _ast.compare(ta, tb, compare_attributes=True)]

def helpers_batch(fn, items):
    f = globals()[fn]
    return _json.dumps([f(x) for x in items])
`;

let loaded = false;

/** fn(data) for each item, by Python function name: literal_nodes, docstrings, literal_sources, compare_pair. */
export async function askHelpers<T>(fn: string, items: readonly Uint8Array[]): Promise<T[]> {
  const out: T[] = new Array(items.length);
  const missing: number[] = [];
  const key = (i: number): string => join(DIR, `${fn}-${sha(PY + "\0" + sha(items[i]!))}.json`);
  for (let i = 0; i < items.length; i++) {
    const f = key(i);
    if (existsSync(f)) out[i] = JSON.parse(readFileSync(f, "utf8")) as T;
    else missing.push(i);
  }
  if (missing.length > 0) {
    const py = await python();
    if (!loaded) {
      py.runPython(PY);
      loaded = true;
    }
    mkdirSync(DIR, { recursive: true });
    for (let k = 0; k < missing.length; k += 100) {
      const part = missing.slice(k, k + 100);
      py.globals.set("_items", part.map((i) => items[i]!));
      py.globals.set("_fn", fn);
      const r = JSON.parse(py.runPython("helpers_batch(_fn, _items.to_py())") as string) as T[];
      part.forEach((i, j) => {
        writeAtomic(key(i), JSON.stringify(r[j]));
        out[i] = r[j]!;
      });
    }
  }
  return out;
}
