// Runs small Python functions in CPython 3.14 (Pyodide) for the CLI and materialization tests,
// caching each answer on disk by content hash (like test/support/oracle.ts, but for functions of
// our own), so a warm run never loads Pyodide. Answers are JSON strings made by the Python side.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { repoRoot } from "../support/corpus.js";

/** One call: the source bytes (passed to Python as a bytes-like proxy) and extra string arguments. */
export interface PyCall {
  readonly bytes: Uint8Array;
  readonly args?: readonly string[];
}

type PyFn = (bytes: Uint8Array, ...args: string[]) => string;
type Runtime = { runPython(code: string): unknown; globals: { get(name: string): unknown } };
let runtime: Promise<Runtime> | undefined;
const installed = new Set<string>();

async function pyFunction(module: string, name: string): Promise<PyFn> {
  runtime ??= (async () => {
    const { loadPyodide } = await import("pyodide");
    return (await loadPyodide({ stdout: () => {}, stderr: () => {} })) as unknown as Runtime;
  })();
  const py = await runtime;
  if (!installed.has(module)) {
    py.runPython(module);
    installed.add(module);
  }
  return py.globals.get(name) as PyFn;
}

let version: string | undefined;
function pyodideVersion(): string {
  version ??= (JSON.parse(readFileSync(join(repoRoot(), "node_modules", "pyodide", "package.json"), "utf8")) as { version: string })
    .version;
  return version;
}

function cachePath(module: string, name: string, call: PyCall): string {
  const h = createHash("sha256");
  h.update(`quarry-pycall-v1\0pyodide ${pyodideVersion()}\0${module}\0${name}\0${JSON.stringify(call.args ?? [])}\0`);
  h.update(call.bytes);
  const key = h.digest("hex");
  return join(process.env.ORACLE_CACHE_DIR || join(repoRoot(), ".cache", "oracle"), "pycall", key.slice(0, 2), key + ".json.gz");
}

function readCached(path: string): unknown {
  try {
    return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
  } catch {
    return undefined;
  }
}

function writeCached(path: string, value: unknown): void {
  mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, gzipSync(JSON.stringify(value), { level: 1 }));
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
}

/** Counters for the current process. */
export const pyStats = { hits: 0, misses: 0 };

/**
 * Calls Python function `name` (defined by running `module`) once per call, in order, and returns
 * the parsed JSON answers. The cache key covers the module text, so editing the Python side
 * invalidates old answers.
 */
export async function callPython<T>(module: string, name: string, calls: readonly PyCall[]): Promise<T[]> {
  const out: T[] = new Array(calls.length);
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    const path = cachePath(module, name, call);
    const hit = readCached(path);
    if (hit !== undefined) {
      out[i] = hit as T;
      pyStats.hits++;
      continue;
    }
    const fn = await pyFunction(module, name);
    const plain = call.bytes.constructor === Uint8Array ? call.bytes : new Uint8Array(call.bytes);
    const answer = JSON.parse(fn(plain, ...(call.args ?? []))) as T;
    writeCached(path, answer);
    out[i] = answer;
    pyStats.misses++;
  }
  return out;
}
