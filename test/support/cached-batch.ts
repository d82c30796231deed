// One way to ask CPython (Pyodide) many questions and remember the answers: each item's answer is
// cached under .cache/<topic>/ by a hash of the Python code and the item, and only the misses go
// to Pyodide, in batches, so a warm run never loads it.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { python, sha } from "../tokenizer/oracle.js";
import { writeAtomic } from "./write-atomic.js";

const loadedPrograms = new Set<string>();

/**
 * `fn(item)` for every item, where `fn` is a function that `program` defines and that returns a
 * JSON-serializable answer. Answers are cached in .cache/`topic`/ by sha(program, fn, item).
 */
export async function cachedBatch<T>(topic: string, program: string, fn: string, items: readonly (Uint8Array | string)[]): Promise<T[]> {
  const dir = join(process.cwd(), ".cache", topic);
  const prefix = sha(program + "\0" + fn);
  const key = (i: number): string => join(dir, `${fn}-${sha(prefix + "\0" + sha(items[i]!))}.json`);
  const out: T[] = new Array(items.length);
  const missing: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const f = key(i);
    if (existsSync(f)) out[i] = JSON.parse(readFileSync(f, "utf8")) as T;
    else missing.push(i);
  }
  if (missing.length === 0) return out;
  const py = await python();
  if (!loadedPrograms.has(program)) {
    py.runPython(program);
    loadedPrograms.add(program);
  }
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < missing.length; k += 100) {
    const part = missing.slice(k, k + 100);
    py.globals.set(
      "_batch_items",
      part.map((i) => items[i]!),
    );
    const r = JSON.parse(py.runPython(`__import__("json").dumps([${fn}(x) for x in _batch_items.to_py()])`) as string) as T[];
    part.forEach((i, j) => {
      writeAtomic(key(i), JSON.stringify(r[j]));
      out[i] = r[j]!;
    });
  }
  return out;
}
