// CPython 3.14 (Pyodide) as the judge for built and transformed trees: runs a Python program
// that sets `result` (anything json.dumps takes) and caches the answer under .cache/build/ by
// the program's hash, so a warm run never loads Pyodide.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeAtomic } from "../support/write-atomic.js";
import { join } from "node:path";
import { python, sha } from "../tokenizer/oracle.js";
import { repoRoot } from "../support/corpus.js";

const CACHE = join(repoRoot(), ".cache", "build");

/** json.loads of `result` after running `program` in CPython (a fresh namespace per program). */
export async function pythonResult<T>(program: string): Promise<T> {
  const file = join(CACHE, sha(program) + ".json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as T;
  const py = await python();
  py.globals.set("_program", program);
  const text = py.runPython(`
import json as _json
_ns = {}
exec(_program, _ns)
_json.dumps(_ns["result"])
`) as string;
  mkdirSync(CACHE, { recursive: true });
  writeAtomic(file, text);
  return JSON.parse(text) as T;
}
