// CPython 3.14 (Pyodide) on sources with escaped surrogates: dump, unparse, the str constants,
// literal_eval, get_docstring and errors, for a batch at once, cached under .cache/surrogates/ by
// content hash. Every str crosses as a list of code points: JSON would fuse "\ud800\udc00".
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { python, sha } from "../tokenizer/oracle.js";
import { writeAtomic } from "../support/write-atomic.js";

/** A source: UTF-8 bytes (a file), or the code points of a str (`ast.parse(str)`). */
export type OracleSource = { bytes: Uint8Array } | { codePoints: number[] };

/** A value as the oracle describes it (see `describe` in the Python program). */
export type Described =
  | { s: number[] }
  | { b: number[] }
  | { r: string }
  | { t: Described[] }
  | { l: Described[] }
  | { set: Described[] }
  | { d: [Described, Described][] }
  | { err: string };

export type SurrogateAnswer =
  | {
      ok: true;
      /** ast.dump(tree, include_attributes=True) (repr escapes surrogates: safe as JSON). */
      dump: string;
      /** ast.unparse(tree) as code points, or "Class: message" if it raised. */
      unparse: number[] | string;
      /** Each str Constant: [lineno, col_offset, end_lineno, end_col_offset, code points]. */
      strs: [number, number, number, number, number[]][];
      /** literal_eval of the first statement's value (an Expr's or an assignment's), if any. */
      literal: Described | null;
      /** get_docstring(tree) and get_docstring(tree, clean=False). */
      doc: [Described | null, Described | null];
    }
  | {
      ok: false;
      cls: string;
      msg: string;
      lineno: number | null;
      offset: number | null;
      end_lineno: number | null;
      end_offset: number | null;
    };

const PROGRAM = String.raw`
import ast, json, base64, warnings
warnings.simplefilter("ignore")

def cps(s):
    return [ord(c) for c in s]

def describe(v):
    if isinstance(v, str): return {"s": cps(v)}
    if isinstance(v, bytes): return {"b": list(v)}
    if isinstance(v, tuple): return {"t": [describe(x) for x in v]}
    if isinstance(v, list): return {"l": [describe(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"set": sorted((describe(x) for x in v), key=lambda d: json.dumps(d, separators=(",", ":")))}
    if isinstance(v, dict): return {"d": [[describe(k), describe(x)] for k, x in v.items()]}
    return {"r": repr(v)}

def answer(item):
    src = base64.b64decode(item["b64"]) if "b64" in item else "".join(map(chr, item["cps"]))
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        return {"ok": False, "cls": type(e).__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset,
                "end_lineno": e.end_lineno, "end_offset": e.end_offset}
    except Exception as e:
        return {"ok": False, "cls": type(e).__name__, "msg": str(e), "lineno": None, "offset": None,
                "end_lineno": None, "end_offset": None}
    try:
        unparsed = cps(ast.unparse(tree))
    except Exception as e:
        unparsed = "%s: %s" % (type(e).__name__, e)
    strs = [[n.lineno, n.col_offset, n.end_lineno, n.end_col_offset, cps(n.value)]
            for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    literal = None
    if tree.body and isinstance(tree.body[0], (ast.Expr, ast.Assign)):
        try:
            literal = describe(ast.literal_eval(tree.body[0].value))
        except Exception as e:
            literal = {"err": "%s: %s" % (type(e).__name__, e)}
    doc = [ast.get_docstring(tree), ast.get_docstring(tree, clean=False)]
    doc = [None if d is None else describe(d) for d in doc]
    return {"ok": True, "dump": ast.dump(tree, include_attributes=True), "unparse": unparsed, "strs": strs,
            "literal": literal, "doc": doc}

json.dumps([answer(x) for x in json.loads(INPUT)])
`;

/** CPython's answers for `sources`, in order (one cache file per batch). */
export async function askSurrogates(name: string, sources: readonly OracleSource[]): Promise<SurrogateAnswer[]> {
  const input = JSON.stringify(
    sources.map((s) => ("bytes" in s ? { b64: Buffer.from(s.bytes).toString("base64") } : { cps: s.codePoints })),
  );
  const dir = join(process.cwd(), ".cache", "surrogates");
  const file = join(dir, `${name}-${sha(PROGRAM + "\0" + input)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as SurrogateAnswer[];
  const py = await python();
  py.globals.set("INPUT", input);
  const out = py.runPython(PROGRAM) as string;
  mkdirSync(dir, { recursive: true });
  writeAtomic(file, out);
  return JSON.parse(out) as SurrogateAnswer[];
}

/** A Python query over JSON input (for one-off questions such as ast.compare); cached likewise. */
export async function askPythonJson(name: string, program: string, input: unknown): Promise<unknown> {
  const inputJson = JSON.stringify(input);
  const dir = join(process.cwd(), ".cache", "surrogates");
  const file = join(dir, `${name}-${sha(program + "\0" + inputJson)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as unknown;
  const py = await python();
  py.globals.set("INPUT", inputJson);
  const out = py.runPython(program) as string;
  mkdirSync(dir, { recursive: true });
  writeAtomic(file, out);
  return JSON.parse(out) as unknown;
}
