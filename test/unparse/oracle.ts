// CPython 3.14 (Pyodide) as the judge for unparse: `ast.unparse(ast.parse(src))` for many sources
// in one Pyodide call. Answers are cached by content hash, one gzipped JSON map per named set
// under .cache/unparse/, so a warm run reads one file per set and never loads Pyodide.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { repoRoot } from "../support/corpus.js";
import { python } from "../tokenizer/oracle.js";

/** What CPython does with one source. */
export type UnparseAnswer =
  /** ast.parse rejected it (exception class name). */
  | { readonly parsed: false; readonly error: string }
  /**
   * ast.unparse returned `text`; `roundTrips`: ast.parse(text) dumps the same as the tree (false
   * where CPython's unparser loses something, e.g. the `u` of an f-string's literal part).
   */
  | { readonly parsed: true; readonly text: string; readonly roundTrips: boolean }
  /** ast.unparse raised: "ClassName: message". */
  | { readonly parsed: true; readonly error: string };

// Bump when the Python side or the answer shape changes.
const FORMAT = "quarry-unparse-oracle-v2";

const PY = String.raw`
import ast, json, warnings

def quarry_unparse_batch(items):
    out = []
    for item in items:
        src = item.to_bytes()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(src)
        except BaseException as e:
            out.append({"parsed": False, "error": type(e).__name__})
            continue
        try:
            text = ast.unparse(tree)
        except BaseException as e:
            out.append({"parsed": True, "error": type(e).__name__ + ": " + str(e)})
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                same = ast.dump(ast.parse(text)) == ast.dump(tree)
        except BaseException:
            same = False
        out.append({"parsed": True, "text": text, "roundTrips": same})
    return json.dumps(out)
`;

type BatchFn = (items: Uint8Array[]) => string;
let batchFn: Promise<BatchFn> | undefined;

function load(): Promise<BatchFn> {
  batchFn ??= (async () => {
    const py = await python();
    py.runPython(PY);
    return (py as unknown as { globals: { get(k: string): BatchFn } }).globals.get("quarry_unparse_batch");
  })();
  return batchFn;
}

function key(src: Uint8Array): string {
  return createHash("sha256").update(FORMAT).update("\0").update(src).digest("hex").slice(0, 40);
}

function cacheFile(set: string): string {
  return join(repoRoot(), ".cache", "unparse", `${set}.json.gz`);
}

function readMap(path: string): Record<string, UnparseAnswer> {
  try {
    return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as Record<string, UnparseAnswer>;
  } catch {
    return {}; // missing or corrupt: recomputed
  }
}

/** Counters for the current process (a warm run has no misses). */
export const unparseOracleStats = { hits: 0, misses: 0 };

/**
 * CPython's answer for each source (raw bytes, decoded by CPython as a file would be), in input
 * order. `set` names the cache file; it keeps only the answers of the latest call's sources.
 * Misses are computed in batches of `batch` sources per Pyodide call.
 */
export async function askUnparse(set: string, sources: readonly Uint8Array[], batch = 200): Promise<UnparseAnswer[]> {
  const path = cacheFile(set);
  const old = readMap(path);
  const keys = sources.map(key);
  const fresh: Record<string, UnparseAnswer> = {};
  const missing: number[] = [];
  keys.forEach((k, i) => {
    const a = old[k];
    if (a !== undefined) fresh[k] = a;
    else missing.push(i);
  });
  unparseOracleStats.hits += sources.length - missing.length;
  unparseOracleStats.misses += missing.length;
  if (missing.length > 0) {
    const fn = await load();
    for (let s = 0; s < missing.length; s += batch) {
      const idx = missing.slice(s, s + batch);
      // Pyodide converts plain Uint8Arrays only (not node Buffers).
      const answers = JSON.parse(fn(idx.map((i) => new Uint8Array(sources[i]!)))) as UnparseAnswer[];
      idx.forEach((i, j) => {
        fresh[keys[i]!] = answers[j]!;
      });
    }
  }
  if (missing.length > 0 || Object.keys(old).length !== Object.keys(fresh).length) {
    mkdirSync(join(path, ".."), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(tmp, gzipSync(JSON.stringify(fresh), { level: 1 }));
    renameSync(tmp, path);
  }
  return keys.map((k) => fresh[k]!);
}
