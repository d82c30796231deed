// `quarry parse DIR --stats` and parseDirectory(): parse every .py file under a directory on the
// shared worker pool (pool.ts: each thread parses whole files with its own parser; only counts
// come back), or on the calling thread when one parser is asked for. Node-only, hence in src/cli/.
import { type Dirent, closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { parse } from "../index.js";
import { closePool, idleWorkers, runPool } from "./pool.js";

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
    let entries: Dirent[];
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
    bytes = readReused(path);
  } catch (e) {
    return { path, bytes: 0, nodes: 0, error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  // The tree is dropped before the next read, so the bytes may live in the shared read buffer.
  const { tree, error } = parse(bytes, { compact: false, reuse: true });
  if (error !== null) {
    return { path, bytes: bytes.length, nodes: 0, error: `${error.cls}: ${error.msg} (${error.lineno ?? "-"}:${error.offset ?? "-"})` };
  }
  return { path, bytes: bytes.length, nodes: tree.nodeCount, error: null };
}

// One read buffer per thread, grown as needed: a fresh Buffer per file is an off-heap allocation
// (and, for big files, an mmap and page faults) that threads of one process contend for.
let readBuf = new Uint8Array(1 << 20);

function readReused(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    let n = 0;
    for (;;) {
      if (n === readBuf.length) {
        const bigger = new Uint8Array(readBuf.length * 2);
        bigger.set(readBuf);
        readBuf = bigger;
      }
      const got = readSync(fd, readBuf, n, readBuf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return readBuf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Parses every .py file under `dir`. `workers` defaults to the machine's parallelism; with 1 the
 * files are parsed on this thread. Files are handed out in batches, largest first, so the workers
 * finish together. The worker threads are kept (idle, not holding the process open) and reused by
 * the next call, which then runs on warm, already compiled parsers; closeParseWorkers() ends them.
 */
export async function parseDirectory(dir: string, options: { workers?: number } = {}): Promise<DirectoryStats> {
  const paths = listPythonFiles(dir);
  const sized = paths.map((p) => ({ p, size: fileSize(p) }));
  const workers = Math.max(1, Math.min(options.workers ?? defaultParsers(sized), paths.length || 1));
  const t0 = performance.now();
  let results: FileStats[];
  if (workers === 1) results = paths.map(parseFileStats);
  else results = await parseInWorkers(sized, workers);
  const ms = performance.now() - t0;
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let bytes = 0,
    nodes = 0,
    errors = 0;
  for (const r of results) {
    bytes += r.bytes;
    nodes += r.nodes;
    if (r.error !== null) errors++;
  }
  return { files: results.length, bytes, nodes, errors, ms, workers, results };
}

/** Terminates the worker threads parseDirectory (and the rest of the pool's users) keep between calls. */
export async function closeParseWorkers(): Promise<void> {
  await closePool();
}

// `n` parsers in all, on the shared pool (this thread and n - 1 workers).
async function parseInWorkers(sized: { p: string; size: number }[], n: number): Promise<FileStats[]> {
  // Largest files first, dealt out in batches of about BATCH_BYTES (at least one file): big
  // enough that messaging is noise, small enough that the parsers finish together.
  sized = sized.slice();
  sized.sort((a, b) => b.size - a.size);
  const batchEnd = (start: number): number => {
    let end = start;
    let bytes = 0;
    while (end < sized.length && (end === start || (bytes < BATCH_BYTES && end - start < BATCH_FILES))) bytes += sized[end++]!.size;
    return end;
  };
  return runPool(
    "parse-stats",
    sized.map((f) => f.p),
    { threads: n, batchEnd },
  );
}

/** Size of a file in bytes, 0 when it cannot be stat'ed (its parser then reports the error). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * How many parsers to use when the caller does not say: one per core, except on 2 cores when no
 * warm worker is waiting and the files total under COLD_PARALLEL_MIN_BYTES. A new worker has to
 * compile the parser, and with both cores busy that compiling has no idle core to run on: it
 * cost about a second of CPU here, so a second parser started cold lost on 38 MB (0.7x) and only
 * won above ~100 MB (1.15x on 153 MB). Warm workers (kept from an earlier call) always pay.
 */
function defaultParsers(sized: { size: number }[]): number {
  const cores = availableParallelism();
  if (cores > 2 || idleWorkers() > 0) return cores;
  let total = 0;
  for (const f of sized) total += f.size;
  return total >= COLD_PARALLEL_MIN_BYTES ? cores : 1;
}

const COLD_PARALLEL_MIN_BYTES = 128 * 1024 * 1024;
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;
