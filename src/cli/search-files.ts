// What `quarry find` and `quarry scan` do per file (read, prefilter, parse, match, format), run
// over many files on this thread plus N-1 worker threads, with results handed back in file order
// (the same output as one thread) and a progress bar on an interactive stderr for long runs.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Query, QuerySpec } from "../query/compile.js";

/** The queries of a search (each compiles the same on every thread) and how to report matches. */
export interface SearchJob {
  readonly mode: "find" | "scan";
  /** find: one query; scan: one per rule file. */
  readonly specs: readonly QuerySpec[];
  /** scan: each rule's file (its id when it has none) and severity. */
  readonly rules?: readonly { readonly file: string; readonly severity: "error" | "warning" }[];
  /** find: one JSON object per match. */
  readonly json?: boolean;
  /** find: `path:N` per file with matches. */
  readonly count?: boolean;
}

/** A scan finding (the fields `quarry scan` prints; `file` absolute, `shown` as walked). */
export interface ScanFinding {
  ruleId: string;
  level: "error" | "warning";
  message: string;
  file: string;
  shown: string;
  line: number;
  col: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What searching one file gives: text for stdout and stderr, the match count, scan findings. */
export interface FileResult {
  out: string;
  err: string;
  matches: number;
  findings: ScanFinding[];
}

type Parse = typeof import("../parser/parse.js").parse;

/** The compiled queries and the parser of one thread. */
export interface Searcher {
  readonly queries: readonly Query[];
  readonly parse: Parse;
}

/** Compiles the job's queries (already known to compile: the main thread did it first). */
export async function makeSearcher(job: SearchJob): Promise<Searcher> {
  const { compileQuery } = await import("../query/compile.js");
  const { parse } = await import("../parser/parse.js");
  return { queries: job.specs.map((s) => compileQuery(s)), parse };
}

const decoder = new TextDecoder();

/**
 * Searches one file: reads it, skips it when no query's literals are in it, parses it (a file
 * CPython rejects gets a one-line note on stderr) and formats the matches as find or scan does.
 */
export function searchFile(s: Searcher, job: SearchJob, file: string): FileResult {
  const r: FileResult = { out: "", err: "", matches: 0, findings: [] };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    if (job.mode === "find") r.err = `quarry: ${file}: cannot read\n`;
    return r;
  }
  const live = s.queries.map((q, i) => (q.mayMatch(bytes) ? i : -1)).filter((i) => i >= 0);
  if (live.length === 0) return r;
  const { tree, error } = s.parse(bytes);
  if (error !== null) {
    r.err = `quarry: ${file}: skipped: ${error.cls}: ${error.msg}${error.lineno !== null ? ` (line ${error.lineno})` : ""}\n`;
    return r;
  }
  const out: string[] = [];
  for (const qi of live) {
    const q = s.queries[qi]!;
    const matches = q.find(tree);
    r.matches += matches.length;
    if (job.mode === "scan") {
      const rule = job.rules![qi]!;
      for (const m of matches) {
        const [line, col] = tree.position(m.range.start);
        const [endLine, endCol] = tree.position(m.range.end);
        r.findings.push({
          ruleId: q.id ?? rule.file,
          level: rule.severity,
          message: m.message ?? q.id ?? "match",
          file: resolve(file),
          shown: file,
          line,
          col: col + 1,
          column: col,
          endLine,
          endColumn: endCol,
        });
      }
      continue;
    }
    if (matches.length === 0) continue;
    if (job.count) {
      out.push(`${file}:${matches.length}\n`);
      continue;
    }
    for (const m of matches) {
      const [l1, c1] = tree.position(m.range.start);
      if (job.json) {
        const [l2, c2] = tree.position(m.range.end);
        const bindings: Record<string, string> = {};
        for (const [k, b] of Object.entries(m.bindings)) bindings[k] = b.text;
        const rec: Record<string, unknown> = {
          file,
          range: { start: { line: l1, column: c1 }, end: { line: l2, column: c2 } },
          kind: tree.kindName(m.node),
          text: decoder.decode(tree.source.subarray(m.range.start, m.range.end)),
          bindings,
        };
        if (m.message !== undefined) rec.message = m.message;
        if (q.id !== undefined) rec.rule = q.id;
        if (m.fix !== undefined) rec.fix = m.fix;
        out.push(JSON.stringify(rec) + "\n");
      } else {
        const msg = m.message !== undefined ? `${q.id !== undefined ? q.id + ": " : ""}${m.message}` : lineAt(tree, l1);
        out.push(`${file}:${l1}:${c1 + 1}: ${msg}\n`);
      }
    }
  }
  r.out = out.join("");
  return r;
}

function lineAt(t: import("../ast/tree.js").Tree, line: number): string {
  const ls = t.lineStarts;
  const s = ls[line - 1]!;
  const e = line < t.lineCount ? ls[line]! - 1 : t.source.length;
  return decoder.decode(t.source.subarray(s, Math.max(s, e))).replace(/\r$/, "");
}

// Worker side: this module is also the workers' entry point. Each message is a chunk of files.
if (!isMainThread && (workerData as { quarrySearchWorker?: SearchJob } | null)?.quarrySearchWorker !== undefined) {
  const job = (workerData as { quarrySearchWorker: SearchJob }).quarrySearchWorker;
  // No top-level await: the CLI bundle is CommonJS. Messages wait in the port until a listener
  // is attached.
  void makeSearcher(job).then((searcher) => {
    parentPort!.on("message", (msg: { id: number; files: string[] }) => {
      parentPort!.postMessage({ id: msg.id, results: msg.files.map((f) => searchFile(searcher, job, f)) });
    });
  });
}

/** Files below which a run is short: no worker threads by default, no progress bar. */
export const LONG_RUN_FILES = 200;
const CHUNK = 16;
const BAR_AFTER_MS = 300;

/**
 * Threads to search with when the user does not say (`--jobs`): QUARRY_WORKERS worker threads
 * if set (0: this thread alone), else one thread per core up to 8 on machines with at least 3
 * cores and runs of at least LONG_RUN_FILES files. On 2 cores a worker's start-up (compiling the
 * parser and matchers afresh) measured as costly as the parallelism saves, as for quarry check.
 */
export function defaultThreads(files: number): number {
  const env = process.env.QUARRY_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return 1 + Math.min(64, Number(env));
  const cores = availableParallelism();
  return cores >= 3 && files >= LONG_RUN_FILES ? Math.min(8, cores) : 1;
}

/**
 * Searches `files` on this thread plus `threads - 1` workers, calling `onResult` for each file in
 * the files' order (a result waits for those before it), whatever thread finished it first.
 * `progress` (a TTY stderr and at least LONG_RUN_FILES files) draws a bar on stderr once the run
 * has taken BAR_AFTER_MS, as quarry check does; `onResult` output should go through the `write`
 * it is given, which clears the bar first (the next result draws it again).
 */
export async function searchFiles(
  files: readonly string[],
  job: SearchJob,
  searcher: Searcher,
  threads: number,
  progress: boolean,
  onResult: (r: FileResult, write: (stream: "out" | "err", text: string) => void) => void,
): Promise<void> {
  const n = files.length;
  const results: (FileResult | undefined)[] = new Array(n);
  let flushed = 0,
    done = 0,
    barShown = false;
  const t0 = performance.now();
  const bar = (): void => {
    // Only a run still going after a moment gets a bar: short ones would just flicker.
    if (performance.now() - t0 < BAR_AFTER_MS) return;
    const width = 30;
    const filled = Math.round((width * done) / Math.max(1, n));
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${n} files`);
    barShown = true;
  };
  const write = (stream: "out" | "err", text: string): void => {
    if (text === "") return;
    if (barShown) {
      process.stderr.write("\r\x1b[K");
      barShown = false;
    }
    (stream === "out" ? process.stdout : process.stderr).write(text);
  };
  const flush = (): void => {
    while (flushed < n && results[flushed] !== undefined) {
      onResult(results[flushed]!, write);
      results[flushed++] = EMPTY; // let the result be collected
    }
    if (progress) bar();
  };
  const workers: Worker[] = [];
  let next = 0;
  const nextChunk = (): [number, string[]] | null => {
    if (next >= n) return null;
    const start = next;
    next = Math.min(n, next + CHUNK);
    return [start, files.slice(start, next)];
  };
  try {
    const inWorkers = Array.from(
      { length: Math.max(0, Math.min(threads, Math.ceil(n / CHUNK)) - 1) },
      () =>
        new Promise<void>((resolvePromise, reject) => {
          // By name, not import.meta.url itself: inside the CLI bundle that URL is main.js's.
          const w = new Worker(new URL("./search-files.js", import.meta.url), { workerData: { quarrySearchWorker: job } });
          workers.push(w);
          const send = (): void => {
            const c = nextChunk();
            if (c === null) {
              resolvePromise();
              return;
            }
            w.postMessage({ id: c[0], files: c[1] });
          };
          w.on("message", (msg: { id: number; results: FileResult[] }) => {
            msg.results.forEach((r, i) => {
              results[msg.id + i] = r;
            });
            done += msg.results.length;
            flush();
            send();
          });
          w.on("error", reject);
          w.on("online", send);
        }),
    );
    // This thread's share, a chunk at a time, yielding so that workers' answers are taken.
    for (let c = nextChunk(); c !== null; c = nextChunk()) {
      c[1].forEach((f, i) => {
        results[c![0] + i] = searchFile(searcher, job, f);
      });
      done += c[1].length;
      flush();
      if (workers.length > 0) await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.all(inWorkers);
    flush();
  } finally {
    for (const w of workers) void w.terminate();
    if (barShown) process.stderr.write("\r\x1b[K");
  }
}

const EMPTY: FileResult = { out: "", err: "", matches: 0, findings: [] };
