// `quarry parse DIR --stats` and parseDirectory(): parse every .py file under a directory across
// worker threads (each worker parses whole files with its own parser; only counts come back), or
// on the calling thread when one worker is asked for. Node-only, hence in src/cli/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { parse } from "../index.js";

export interface FileStats {
  path: string;
  bytes: number;
  /** CPython AST nodes (ast.walk count); 0 when the file does not parse. */
  nodes: number;
  /** CPython's error for a rejected file, rendered `Class: msg (line:offset)`; or a read error. */
  error: string | null;
}

export interface DirectoryStats {
  files: number;
  bytes: number;
  nodes: number;
  errors: number;
  /** Wall time from the first read to the last result, in milliseconds. */
  ms: number;
  workers: number;
  results: FileStats[];
}

const SKIP_DIRS = new Set([".git", "node_modules", "__pycache__", ".quarry-cache", ".venv", ".tox"]);

/** Every .py file under `dir` (sorted; VCS, cache and virtualenv folders skipped; links not followed). */
export function listPythonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(join(d, e.name));
      } else if (e.isFile() && e.name.endsWith(".py")) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out.sort();
}

/** Parses one file from disk (never throws: read failures are reported as the file's error). */
export function parseFileStats(path: string): FileStats {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { path, bytes: 0, nodes: 0, error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const { tree, error } = parse(bytes);
  if (error !== null) {
    return { path, bytes: bytes.length, nodes: 0, error: `${error.cls}: ${error.msg} (${error.lineno ?? "-"}:${error.offset ?? "-"})` };
  }
  return { path, bytes: bytes.length, nodes: tree.nodeCount, error: null };
}

/**
 * Parses every .py file under `dir`. `workers` defaults to the machine's parallelism; with 1 the
 * files are parsed on this thread. Files are handed out in batches, largest first, so the workers
 * finish together.
 */
export async function parseDirectory(dir: string, options: { workers?: number } = {}): Promise<DirectoryStats> {
  const paths = listPythonFiles(dir);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), paths.length || 1));
  const t0 = performance.now();
  let results: FileStats[];
  if (workers === 1) results = paths.map(parseFileStats);
  else results = await parseInWorkers(paths, workers);
  const ms = performance.now() - t0;
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let bytes = 0, nodes = 0, errors = 0;
  for (const r of results) {
    bytes += r.bytes;
    nodes += r.nodes;
    if (r.error !== null) errors++;
  }
  return { files: results.length, bytes, nodes, errors, ms, workers, results };
}

function parseInWorkers(paths: string[], n: number): Promise<FileStats[]> {
  // Largest files first, dealt out in small batches on demand.
  const sized = paths.map((p) => {
    let size = 0;
    try {
      size = statSync(p).size;
    } catch {
      // reported by the worker when it fails to read
    }
    return { p, size };
  });
  sized.sort((a, b) => b.size - a.size);
  const queue = sized.map((x) => x.p);
  const BATCH = 16;
  const results: FileStats[] = [];
  return new Promise((resolve, reject) => {
    let live = n;
    for (let w = 0; w < n; w++) {
      const worker = new Worker(new URL("./parse-worker.js", import.meta.url));
      const feed = (): void => {
        const batch = queue.splice(0, BATCH);
        if (batch.length === 0) {
          void worker.terminate();
          if (--live === 0) resolve(results);
          return;
        }
        worker.postMessage(batch);
      };
      worker.on("message", (batch: FileStats[]) => {
        for (const r of batch) results.push(r);
        feed();
      });
      worker.on("error", reject);
      feed();
    }
  });
}
