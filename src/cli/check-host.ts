// The Node implementation of quarry check's Host: real files, real stdout/stderr. Paths are
// absolute with `/` separators (Windows drive paths are converted at this edge).
import { readFileSync, readdirSync, statSync, writeFileSync, renameSync, mkdirSync, unlinkSync, watch } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Host, DirEntry, ExtractOptions, ExtractResult } from "../check/index.js";

type Job = { path: string; options: ExtractOptions };

// Worker side: this same module is the worker's entry point. Each message is a chunk of jobs.
if (!isMainThread && (workerData as { quarryCheckWorker?: boolean } | null)?.quarryCheckWorker === true) {
  // Loaded here only: the main thread of a warm run never needs the tokenizer and parser.
  const { extractImports } = await import("../check/extract/imports.js");
  parentPort!.on("message", (msg: { id: number; jobs: Job[] }) => {
    parentPort!.postMessage({ id: msg.id, results: msg.jobs.map((j) => extractJob(extractImports, j)) });
  });
}

function extractJob(extract: typeof import("../check/extract/imports.js").extractImports, j: Job): ExtractResult | null {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(j.path);
  } catch {
    return null;
  }
  try {
    return extract(bytes, j.path, j.options);
  } catch (e) {
    return { imports: [], directives: [], strings: [], django: [], error: { message: `internal error: ${String(e)}`, line: 1, col: 1 } };
  }
}

/**
 * Runs extraction jobs on worker threads and on the calling thread at once: chunks are handed
 * out as workers become free, and the calling thread takes a chunk itself between messages (it
 * would otherwise sit idle, and on 2 cores one worker plus this thread is what pays). Results
 * come back in job order.
 */
async function extractInWorkers(jobs: Job[], workerCount: number): Promise<(ExtractResult | null)[]> {
  const n = Math.max(1, Math.min(workerCount, Math.ceil(jobs.length / 100)));
  const results: (ExtractResult | null)[] = new Array(jobs.length).fill(null);
  const CHUNK = 32;
  let next = 0;
  const workers: Worker[] = [];
  const { extractImports } = await import("../check/extract/imports.js");
  try {
    const inWorkers = Array.from({ length: n }, () =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { quarryCheckWorker: true } });
        workers.push(w);
        const send = () => {
          if (next >= jobs.length) {
            resolve();
            return;
          }
          const start = next;
          next = Math.min(jobs.length, next + CHUNK);
          w.postMessage({ id: start, jobs: jobs.slice(start, next) });
        };
        w.on("message", (msg: { id: number; results: (ExtractResult | null)[] }) => {
          msg.results.forEach((r, i) => { results[msg.id + i] = r; });
          send();
        });
        w.on("error", reject);
        w.on("online", send);
      }),
    );
    // The calling thread's share: one chunk at a time, yielding so worker messages are handled.
    while (next < jobs.length) {
      const start = next;
      next = Math.min(jobs.length, next + CHUNK);
      for (let i = start; i < next; i++) results[i] = extractJob(extractImports, jobs[i]!);
      await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.all(inWorkers);
  } finally {
    for (const w of workers) void w.terminate();
  }
  return results;
}

const toPosix = (p: string) => p.replace(/\\/g, "/");

/**
 * How many extraction workers to use: QUARRY_WORKERS if set (0 turns workers off), else one per
 * core up to 8 on machines with at least 3 cores. On 2 cores the main thread and one worker
 * measured slower than the main thread alone (worker start-up and result cloning), so none.
 */
function workerCount(): number {
  const env = process.env.QUARRY_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Math.min(64, Number(env));
  const cores = availableParallelism();
  return cores >= 3 ? Math.min(8, cores) : 0;
}

export function createNodeHost(): Host {
  const workers = workerCount();
  const host: Host = {
    cwd: () => toPosix(process.cwd()),
    readFile(path) {
      try {
        return readFileSync(path);
      } catch {
        return null;
      }
    },
    readDir(path) {
      try {
        const out: DirEntry[] = [];
        for (const e of readdirSync(path, { withFileTypes: true })) {
          if (e.isDirectory()) out.push({ name: e.name, kind: "dir" });
          else if (e.isFile()) out.push({ name: e.name, kind: "file" });
          else if (e.isSymbolicLink()) {
            // Linked files are read; linked directories are not followed (as Tach's walker), which
            // also rules out symlink cycles.
            try {
              if (statSync(`${path}/${e.name}`).isFile()) out.push({ name: e.name, kind: "file" });
            } catch {
              // dangling link: skipped
            }
          }
        }
        return out;
      } catch {
        return null;
      }
    },
    stat(path) {
      try {
        const s = statSync(path);
        return s.isDirectory() ? "dir" : s.isFile() ? "file" : null;
      } catch {
        return null;
      }
    },
    writeFile(path, data) {
      try {
        mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
        writeFileSync(path, data);
        return true;
      } catch {
        return false;
      }
    },
    rename(from, to) {
      try {
        renameSync(from, to);
        return true;
      } catch {
        return false;
      }
    },
    remove(path) {
      try {
        unlinkSync(path);
        return true;
      } catch {
        return false;
      }
    },
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: (s) => (s === "stdout" ? process.stdout.isTTY : process.stderr.isTTY) === true,
    env: (n) => (n === "QUARRY_PID" ? String(process.pid) : process.env[n]),
    now: () => performance.now(),
  };
  if (workers > 0) host.extractBatch = (jobs) => extractInWorkers(jobs, workers);
  host.stamp = (path) => {
    try {
      // Plain (not bigint) stats: a third of the cost, and mtimeMs / ctimeMs as doubles still
      // resolve well under a microsecond for present-day times.
      const s = statSync(path, { throwIfNoEntry: false });
      if (s === undefined || !s.isFile()) return null;
      return { key: `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`, mtimeMs: s.mtimeMs };
    } catch {
      return null;
    }
  };
  host.watch = (dir, onChange) => {
    watch(dir, { recursive: true }, (_event, name) => onChange(toPosix(String(name ?? ""))));
  };
  return host;
}
