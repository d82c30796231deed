// Shared by the CLI tests: runs the built CLI (see runCli), and asks CPython (Pyodide, cached)
// what it prints for a SyntaxError and what ast.dump gives.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import assert from "node:assert/strict";
import { listFixtures } from "../support/fixtures.js";
import { firstDifference } from "../support/quarry.js";
import { callPython } from "./python.js";
import type { CliReply, CliRequest } from "./cli-server.js";

export const root = repoRoot();
export const BIN = join(root, "bin", "quarry.js");
/** Every ERR_STRIDE-th err fixture (sorted by path) is run through the CLI. */
export const ERR_STRIDE = 10;
export const MIN_ERR_SAMPLE = 60;

export const PY = `
import ast, json, traceback, warnings

def cli_error(js_bytes, filename):
    src = js_bytes.to_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(src, filename, "exec", ast.PyCF_ONLY_AST)
    except BaseException as e:
        syn = isinstance(e, SyntaxError)
        attrs = [getattr(e, a, None) if syn else None for a in ("lineno", "offset", "end_lineno", "end_offset")]
        return json.dumps({"ok": False, "stderr": "".join(traceback.format_exception_only(e)),
                           "error": [type(e).__name__, (e.msg if syn else str(e)) or ""] + attrs})
    return json.dumps({"ok": True, "stderr": ""})

def dump_attr_indent(js_bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(js_bytes.to_bytes())
    return json.dumps(ast.dump(tree, include_attributes=True, indent=2))
`;

export interface CpythonError {
  ok: boolean;
  stderr: string;
  /** The exception as raised: class, msg, lineno, offset, end_lineno, end_offset (before traceback's keyword search). */
  error?: [string, string, number | null, number | null, number | null, number | null];
}

/** What CPython prints for `source` compiled under `filename` (ok: false when it raises). */
export function cpythonErrors(calls: { bytes: Uint8Array; filename: string }[]): Promise<CpythonError[]> {
  return callPython<CpythonError>(
    PY,
    "cli_error",
    calls.map((c) => ({ bytes: c.bytes, args: [c.filename] })),
  );
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `quarry ARGS` in `cwd` with `input` on standard input. Locally the invocations go to one
 * long-lived child (cli-server.ts: the CLI loaded once, main(argv) per call, its writes captured),
 * which saves a Node start-up (most of a run's cost) per case; with CI=true or QUARRY_TEST_SPAWN=1
 * every call spawns bin/quarry.js, as spawnCli does. in-process.test.ts checks that the two agree.
 */
export function runCli(args: readonly string[], input?: Uint8Array, cwd = root): Promise<Run> {
  if (process.env.CI === "true" || process.env.QUARRY_TEST_SPAWN === "1") return spawnCli(args, input, cwd);
  return serverCli(args, input, cwd);
}

/** Runs `node bin/quarry.js ARGS` as a child process with a 30 s guard; `input` is written to its stdin. */
export function spawnCli(args: readonly string[], input?: Uint8Array, cwd = root): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["pipe", "pipe", "pipe"], timeout: 30_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
    child.stdin.on("error", () => {}); // the CLI may exit before reading stdin
    child.stdin.end(input ?? new Uint8Array(0));
  });
}

interface Server {
  child: ChildProcess;
  ready: Promise<void>;
  pending: Map<number, { resolve: (r: Run) => void; reject: (e: Error) => void }>;
  /** What the server wrote outside an invocation (nothing, unless something is wrong). */
  stray: string;
}
let server: Server | undefined;
let nextId = 0;

function startServer(): Server {
  const child = fork(join(root, "dist", "test", "cli", "cli-server.js"), [], {
    cwd: root,
    serialization: "advanced",
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const s: Server = { child, ready: Promise.resolve(), pending: new Map(), stray: "" };
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding("utf8");
    stream.on("data", (t: string) => {
      s.stray += t;
    });
  }
  s.ready = new Promise((resolve, reject) => {
    const fail = (why: string) => {
      const e = new Error(`CLI test server: ${why}${s.stray ? `\n${s.stray}` : ""}`);
      reject(e);
      for (const p of s.pending.values()) p.reject(e);
      s.pending.clear();
      if (server === s) server = undefined;
    };
    child.on("error", (e) => fail(e.message));
    child.on("exit", (code, signal) => fail(`exited (${signal ?? code})`));
    child.on("message", (m: CliReply) => {
      if (m.id === -1) return resolve();
      const p = s.pending.get(m.id);
      s.pending.delete(m.id);
      if (s.pending.size === 0) idle(s, true);
      const dec = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
      // Anything the server printed outside the captured writes is reported with the case.
      const stray = s.stray;
      s.stray = "";
      p?.resolve({ status: m.status, stdout: dec(m.stdout), stderr: dec(m.stderr) + stray });
    });
  });
  s.ready.catch(() => {}); // reported to every pending call instead
  return s;
}

/** An idle server must not keep the test process alive. */
function idle(s: Server, yes: boolean): void {
  const handles = [s.child, s.child.channel, s.child.stdout, s.child.stderr] as ({ ref(): void; unref(): void } | null | undefined)[];
  for (const h of handles) {
    if (yes) h?.unref();
    else h?.ref();
  }
}

/** Runs `quarry ARGS` on the long-lived CLI test server (see runCli). */
export async function serverCli(args: readonly string[], input: Uint8Array | undefined, cwd: string): Promise<Run> {
  server ??= startServer();
  const s = server;
  const id = nextId++;
  idle(s, false);
  const result = new Promise<Run>((resolve, reject) => s.pending.set(id, { resolve, reject }));
  await s.ready;
  const req: CliRequest = { id, args: [...args], input: input ?? new Uint8Array(0), cwd };
  s.child.send(req);
  return result;
}

/** Runs jobs with at most `limit` at a time (the machine has 2 cores). */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export const fixtureArg = (rel: string) => `test/parser/fixtures/${rel}`;

/** Runs `quarry dump FIXTURE ...options` on every ok fixture and compares stdout with `expected`. */
export async function checkOkFixtures(
  options: readonly string[],
  expected: (bytes: Uint8Array[]) => Promise<(string | undefined)[]>,
): Promise<void> {
  const ok = listFixtures("ok");
  assert.ok(ok.length > 0);
  const dumps = await expected(ok.map((f) => f.bytes));
  const runs = await pool(ok, 2, (f) => runCli(["dump", fixtureArg(f.rel), ...options]));
  const bad: string[] = [];
  ok.forEach((f, i) => {
    const dump = dumps[i];
    const run = runs[i]!;
    if (dump === undefined) bad.push(`${f.rel}: no CPython dump`);
    else if (run.status !== 0 || run.stderr !== "")
      bad.push(`${f.rel}: exit ${run.status}, stderr ${JSON.stringify(run.stderr.slice(0, 300))}`);
    else if (run.stdout !== dump + "\n") bad.push(`${f.rel}: ${firstDifference(dump + "\n", run.stdout)}`);
  });
  assert.deepEqual(bad, [], `${bad.length}/${ok.length} mismatch(es):\n${bad.join("\n")}`);
}
