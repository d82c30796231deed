// Shared by the `quarry dump` tests: runs the built CLI as a child process, and asks CPython
// (Pyodide, cached) what it prints for a SyntaxError and what ast.dump gives.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import assert from "node:assert/strict";
import { listFixtures } from "../support/fixtures.js";
import { firstDifference } from "../support/quarry.js";
import { callPython } from "./python.js";

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

/** Runs the CLI with a 30 s guard; `input` is written to its stdin. */
export function runCli(args: readonly string[], input?: Uint8Array, cwd = root): Promise<Run> {
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
