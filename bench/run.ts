// Parser benchmark over the 559 .py files of the stdlib shipped in pyodide (9.6 MB), single thread.
// Measures quarry (parse, tokenize, toJSON, dump), CPython's ast.parse via a local python3, and
// @lezer/python on the same files; prints a table and writes JSON to bench/.results/.
// Quarry stages that do not exist yet (or throw) are reported as "n/a".
// Env: BENCH_RUNS (timed runs, default 10), BENCH_WARMUP (default 3), BENCH_QUICK=1 (1 warmup, 2 runs).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot, stdlibFiles, type CorpusFile } from "../test/support/corpus.js";
import { loadQuarry, type QuarryApi, type QuarryTree } from "../test/support/quarry.js";

const QUICK = process.env.BENCH_QUICK === "1";
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 2 : 10));
const WARMUP = Number(process.env.BENCH_WARMUP ?? (QUICK ? 1 : 3));
// Slower stages (materialization, other parsers) get fewer runs.
const SLOW_RUNS = Math.max(1, Math.min(RUNS, QUICK ? 1 : 5));
const SLOW_WARMUP = Math.min(WARMUP, 1);

interface Timing {
  runsMs: number[];
  medianMs: number;
  p95Ms: number;
}

interface Row {
  name: string;
  /** Bytes processed per run. */
  bytes: number;
  /** AST nodes produced per run, when known. */
  nodes?: number;
  timing?: Timing;
  note?: string;
  /** Why the row has no timing. */
  na?: string;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

function timeRuns(warmup: number, runs: number, body: () => void): Timing {
  for (let i = 0; i < warmup; i++) body();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    body();
    runsMs.push(performance.now() - t0);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { runsMs, medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95) };
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1e3);
}

function attempt(name: string, bytes: number, fn: () => Omit<Row, "name" | "bytes">): Row {
  try {
    return { name, bytes, ...fn() };
  } catch (e) {
    return { name, bytes, na: (e as Error).message.split("\n")[0]!.slice(0, 120) };
  }
}

// ---- quarry ----------------------------------------------------------------------------------

interface QuarryRows {
  rows: Row[];
  deterministic: Record<string, number | string>;
}

async function benchQuarry(files: CorpusFile[], totalBytes: number): Promise<QuarryRows> {
  const loaded = await loadQuarry();
  if (loaded.error !== undefined) {
    const na = loaded.error;
    return {
      rows: ["quarry parse", "quarry tokenize", "quarry toJSON", "quarry dump"].map((name) => ({ name, bytes: totalBytes, na })),
      deterministic: {},
    };
  }
  const q: QuarryApi = loaded.api;
  const rows: Row[] = [];
  const deterministic: Record<string, number | string> = {};

  // Parse every file once, outside timing: checks it works, and gives node counts and tree sizes.
  let trees: QuarryTree[] = [];
  const parseRow = attempt("quarry parse", totalBytes, () => {
    let nodes = 0;
    let treeBytes = 0;
    let rejected = 0;
    let maxPerNode = 0;
    let maxFile = "";
    let over24 = 0;
    trees = files.map((f) => {
      const r = q.parse(f.bytes);
      if (r.error) rejected++;
      const n = r.tree.nodeCount;
      const b = r.tree.byteSize();
      nodes += n;
      treeBytes += b;
      if (b / n > 24) over24++;
      if (b / n > maxPerNode) {
        maxPerNode = b / n;
        maxFile = f.name;
      }
      return r.tree;
    });
    deterministic.nodes = nodes;
    deterministic.treeBytes = treeBytes;
    deterministic.treeBytesPerNode = +(treeBytes / nodes).toFixed(2);
    deterministic.treeBytesPerSourceKB = +(treeBytes / (totalBytes / 1024)).toFixed(1);
    deterministic.treeBytesPerSourceByte = +(treeBytes / totalBytes).toFixed(3);
    deterministic.maxFileBytesPerNode = `${maxPerNode.toFixed(2)} (${maxFile})`;
    deterministic.filesAbove24BytesPerNode = over24;
    deterministic.rejectedFiles = rejected;
    const timing = timeRuns(WARMUP, RUNS, () => {
      for (const f of files) q.parse(f.bytes);
    });
    return { nodes, timing, note: rejected > 0 ? `${rejected} files rejected` : "tokenize+parse+tree, no materialization" };
  });
  rows.push(parseRow);

  // Heap statistics after GC: every tree alive against none (needs --expose-gc; `npm run bench`
  // passes it). Counts what byteSize() leaves out (object headers, hidden classes, slack). Array
  // buffers are freed by a background sweeper, so each reading collects and waits, three times.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined && trees.length > 0) {
    const settle = async (): Promise<number> => {
      for (let k = 0; k < 3; k++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    trees = [];
    const without = await settle();
    trees = files.map((f) => q.parse(f.bytes).tree);
    const withTrees = await settle();
    deterministic.heapAfterGcWithTrees = `${((withTrees - without) / 1e6).toFixed(1)} MB (heap + array buffers with every tree alive, minus without; ${((withTrees - without) / totalBytes).toFixed(2)}x source)`;
  } else deterministic.heapAfterGcWithTrees = "n/a (run node with --expose-gc)";

  rows.push(
    await (async (): Promise<Row> => {
      const name = "quarry tokenize";
      if (typeof q.decodeSource !== "function") return { name, bytes: totalBytes, na: "decodeSource not exported" };
      // The parser's own lexer (the public tokenize() is Python's token stream: bench/tokens.ts).
      let Interner: (new () => unknown) | undefined;
      let tokenize: ((b: Uint8Array, interner: unknown) => unknown) | undefined;
      try {
        Interner = ((await import(new URL("../src/core/interner.js", import.meta.url).href)) as { Interner?: new () => unknown }).Interner;
        tokenize = (
          (await import(new URL("../src/tokenizer/tokenizer.js", import.meta.url).href)) as {
            tokenize?: (b: Uint8Array, i: unknown) => unknown;
          }
        ).tokenize;
      } catch (e) {
        return { name, bytes: totalBytes, na: "cannot load the lexer: " + (e as Error).message.slice(0, 80) };
      }
      if (!Interner || !tokenize) return { name, bytes: totalBytes, na: "Interner or tokenize missing" };
      const Ctor = Interner;
      const lex = tokenize;
      const decoded = files.map((f) => q.decodeSource!(f.bytes).bytes);
      return attempt(name, totalBytes, () => ({
        timing: timeRuns(WARMUP, RUNS, () => {
          for (const b of decoded) lex(b, new Ctor());
        }),
        note: "decodeSource outside the timed loop",
      }));
    })(),
  );

  const parseMs = parseRow.timing?.medianMs;
  const rel = (ms: number) => (parseMs ? `${(ms / parseMs).toFixed(2)}x parse time` : "");
  for (const [name, fn] of [
    ["quarry toJSON", (t: QuarryTree) => t.toJSON()],
    ["quarry dump", (t: QuarryTree) => q.dump(t, { includeAttributes: true })],
  ] as const) {
    if (trees.length === 0) {
      rows.push({ name, bytes: totalBytes, na: parseRow.na ?? "no trees" });
      continue;
    }
    const row = attempt(name, totalBytes, () => {
      if (name === "quarry toJSON" && typeof trees[0]!.toJSON !== "function") throw new Error("tree.toJSON missing");
      const timing = timeRuns(SLOW_WARMUP, SLOW_RUNS, () => {
        for (const t of trees) fn(t);
      });
      return { timing, note: rel(timing.medianMs) };
    });
    rows.push(row);
  }
  return { rows, deterministic };
}

// ---- CPython (local python3) -----------------------------------------------------------------

const PY_BENCH = `
import ast, json, os, sys, time, warnings
warnings.simplefilter("ignore")
root, warmup, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
srcs = []
failed = 0
for name in sorted(os.listdir(root)):
    with open(os.path.join(root, name), "rb") as f:
        b = f.read()
    try:
        ast.parse(b)
        srcs.append(b)
    except Exception:
        failed += 1
def run():
    for b in srcs:
        ast.parse(b)
for _ in range(warmup):
    run()
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    run()
    times.append((time.perf_counter() - t0) * 1000)
nodes = sum(sum(1 for _ in ast.walk(ast.parse(b))) for b in srcs)
print(json.dumps({"version": sys.version.split()[0], "parsed": len(srcs), "failed": failed,
                  "bytes": sum(len(b) for b in srcs), "nodes": nodes, "runsMs": times}))
`;

function benchCPython(files: CorpusFile[]): Row {
  const name = "CPython ast.parse (python3)";
  const dir = mkdtempSync(join(tmpdir(), "quarry-bench-"));
  try {
    const src = join(dir, "src");
    mkdirSync(src);
    files.forEach((f, i) => {
      writeFileSync(join(src, `${String(i).padStart(4, "0")}.py`), f.bytes);
    });
    writeFileSync(join(dir, "bench.py"), PY_BENCH);
    const r = spawnSync("python3", [join(dir, "bench.py"), src, String(SLOW_WARMUP), String(SLOW_RUNS)], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (r.error) return { name, bytes: 0, na: `python3 not available (${r.error.message})` };
    if (r.status !== 0) return { name, bytes: 0, na: `python3 failed: ${r.stderr.trim().split("\n").pop()}` };
    const out = JSON.parse(r.stdout) as { version: string; parsed: number; failed: number; bytes: number; nodes: number; runsMs: number[] };
    const sorted = [...out.runsMs].sort((a, b) => a - b);
    return {
      name: `CPython ${out.version} ast.parse`,
      bytes: out.bytes,
      nodes: out.nodes,
      timing: { runsMs: out.runsMs, medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95) },
      note: `${out.parsed}/${files.length} files parsed (${out.failed} rejected by this version); builds Python objects`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- @lezer/python ---------------------------------------------------------------------------

async function benchLezer(files: CorpusFile[], totalBytes: number): Promise<Row> {
  const name = "@lezer/python parse";
  try {
    const { parser } = (await import("@lezer/python")) as { parser: { parse(s: string): { length: number } } };
    const decoder = new TextDecoder();
    const texts = files.map((f) => decoder.decode(f.bytes));
    return {
      name,
      bytes: totalBytes,
      timing: timeRuns(SLOW_WARMUP, SLOW_RUNS, () => {
        for (const s of texts) parser.parse(s);
      }),
      note: "error-tolerant CST (no CPython AST); decoding outside the timed loop",
    };
  } catch (e) {
    return { name, bytes: totalBytes, na: (e as Error).message.slice(0, 120) };
  }
}

// ---- report ----------------------------------------------------------------------------------

function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? "n/a" : n.toFixed(digits);
}

function table(rows: Row[], reference: Row | undefined): string {
  const refMbps = reference?.timing ? mbps(reference.bytes, reference.timing.medianMs) : undefined;
  const head = ["stage", "median ms", "p95 ms", "MB/s (median)", "MB/s (p95)", "Mnodes/s", "quarry parse speed vs this", "notes"];
  const body = rows.map((r) => {
    if (!r.timing) return [r.name, "n/a", "n/a", "n/a", "n/a", "n/a", "", r.na ?? ""];
    const med = mbps(r.bytes, r.timing.medianMs);
    const ratio = refMbps !== undefined && !r.name.startsWith("quarry") ? `${(refMbps / med).toFixed(2)}x` : "";
    return [
      r.name,
      fmt(r.timing.medianMs),
      fmt(r.timing.p95Ms),
      fmt(med, 2),
      fmt(mbps(r.bytes, r.timing.p95Ms), 2),
      r.nodes !== undefined ? fmt(r.nodes / 1e6 / (r.timing.medianMs / 1e3), 2) : "",
      ratio,
      r.note ?? "",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

async function main(): Promise<void> {
  const files = stdlibFiles();
  const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);
  console.log(
    `quarry bench: ${files.length} files, ${(totalBytes / 1e6).toFixed(2)} MB (pyodide python_stdlib.zip), node ${process.version}, warmup ${WARMUP}, runs ${RUNS} (slow stages ${SLOW_WARMUP}/${SLOW_RUNS})`,
  );
  const quarry = await benchQuarry(files, totalBytes);
  const lezer = await benchLezer(files, totalBytes);
  const cpython = benchCPython(files);
  const rows = [...quarry.rows, cpython, lezer];
  console.log();
  console.log(table(rows, rows[0]));
  console.log();
  for (const [k, v] of Object.entries(quarry.deterministic)) console.log(`${k}: ${v}`);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    files: files.length,
    bytes: totalBytes,
    warmup: WARMUP,
    runs: RUNS,
    rows: rows.map((r) => ({
      ...r,
      mbpsMedian: r.timing ? mbps(r.bytes, r.timing.medianMs) : null,
      mbpsP95: r.timing ? mbps(r.bytes, r.timing.p95Ms) : null,
      nodesPerSecMedian: r.timing && r.nodes !== undefined ? r.nodes / (r.timing.medianMs / 1e3) : null,
    })),
    deterministic: quarry.deterministic,
  };
  const dir = join(repoRoot(), "bench", ".results");
  mkdirSync(dir, { recursive: true });
  const stamp = results.date.replace(/[:.]/g, "-");
  writeFileSync(join(dir, `bench-${stamp}.json`), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(dir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`\nresults: bench/.results/bench-${stamp}.json`);
}

await main();

// Time against size: a large generated file, one very long line and a huge function body must
// parse at about the corpus rate (nothing quadratic). Printed as ms per MB beside the corpus rate.
if (process.env.BENCH_SCALING !== "0") {
  const { parse } = await import("../src/index.js");
  const enc = new TextEncoder();
  const corpus = stdlibFiles();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; size < 10_000_000; i = (i + 1) % corpus.length) {
    parts.push(corpus[i]!.bytes, enc.encode("\n"));
    size += corpus[i]!.bytes.length + 1;
  }
  const big = new Uint8Array(size);
  let o = 0;
  for (const b of parts) {
    big.set(b, o);
    o += b.length;
  }
  const items: string[] = [];
  for (let i = 0, n = 0; n < 1_000_000; i++) {
    const s = `f(a${i % 97}, ${i}), `;
    items.push(s);
    n += s.length;
  }
  const cases: [string, Uint8Array][] = [
    ["generated 10 MB file (stdlib files concatenated)", big],
    ["1 MB single line (a list of calls)", enc.encode("x = [" + items.join("") + "]\n")],
    ["function of 100k statements", enc.encode("def f():\n" + "    x = y + 1\n".repeat(100_000))],
    ["1 MB of nested parentheses (150 deep, repeated)", enc.encode(("x = " + "(".repeat(150) + "1" + ")".repeat(150) + "\n").repeat(3000))],
  ];
  console.log("\nscaling (time against size; the corpus row above is the reference rate):");
  for (const [name, bytes] of cases) {
    for (let w = 0; w < 2; w++) parse(bytes);
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      const { error } = parse(bytes);
      times.push(performance.now() - t0);
      if (error) throw new Error(`${name}: ${error.msg}`);
    }
    times.sort((a, b) => a - b);
    const ms = times[2]!;
    const mb = bytes.length / 1e6;
    console.log(
      `  ${name.padEnd(52)} ${mb.toFixed(2).padStart(6)} MB  ${ms.toFixed(1).padStart(8)} ms  ${(ms / mb).toFixed(1).padStart(7)} ms/MB  ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s`,
    );
  }
}

/** The lines a bench file prints when run on its own in a fresh Node process (with --expose-gc). */
function freshProcess(file: string, env: Record<string, string> = {}): string[] {
  const child = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(new URL(`./${file}`, import.meta.url))], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  const lines = (child.stdout ?? "").split("\n").filter((l) => l !== "");
  if (child.status !== 0) lines.push(`n/a: ${file} exited ${child.status}: ${(child.stderr ?? "").split("\n")[0]}`);
  return lines;
}

// The tree API, unparse, the public token stream and queries, each beside its target and peers
// (bench/walk.ts, unparse.ts, tokens.ts, query.ts, parse-cost.ts). BENCH_STAGES=0 skips them.
if (process.env.BENCH_STAGES !== "0") {
  const stages: [string, () => Promise<string[]>][] = [
    ["walks and visitors (bench/walk.ts)", async () => (await import("./walk.js")).benchWalk(stdlibFiles())],
    ["unparse beside CPython's ast.unparse (bench/unparse.ts)", async () => (await import("./unparse.js")).benchUnparse(stdlibFiles())],
    ["tokenize beside CPython's tokenize module (bench/tokens.ts)", async () => (await import("./tokens.js")).benchTokens(stdlibFiles())],
    ["queries beside ast-grep (bench/query.ts)", async () => (await import("./query.js")).benchQuery(stdlibFiles())],
    ["a scan of 50 rules at once beside ast-grep's (bench/scan.ts)", async () => (await import("./scan.js")).benchScan(stdlibFiles())],
    // In a fresh process: by this point the bench holds gigabytes of trees and results, and the
    // collector's cost on that heap falls mostly on the 100,000 small allocations of tiny files.
    ["parse cost of tiny files and huge blocks (bench/parse-cost.ts, in a fresh process)", async () => freshProcess("parse-cost.js")],
  ];
  for (const [title, run] of stages) {
    console.log(`\n${title}:`);
    try {
      for (const line of await run()) console.log(`  ${line}`);
    } catch (e) {
      console.log(`  n/a: ${(e as Error).message.split("\n")[0]}`);
    }
  }
}

// `quarry check` on a large generated project (5,000+ modules with a tach.toml), cold and warm,
// beside a plain-Python reference (ast.parse + walk) when python3 is present. BENCH_CHECK=0 skips it.
// It runs in a fresh Node process: spawned from this one, which by now holds the whole bench's
// heap, every child (`node -e 0` included) starts slower, and the warm ratio came out wrong.
if (process.env.BENCH_CHECK !== "0") {
  console.log("\nquarry check (bench/bench-check.ts, in a fresh process):");
  for (const line of freshProcess("bench-check.js", { BENCH_RUNS: process.env.BENCH_CHECK_RUNS ?? "3" })) console.log(`  ${line}`);
  console.log("\nre-check after one edit, in one process (bench/recheck.ts):");
  const { benchRecheck } = await import("./recheck.js");
  for (const line of await benchRecheck()) console.log(`  ${line}`);
}

// Worker threads: parseDirectory on a directory tree (the corpus written out four times, 2,236
// files, 38 MB), one thread against two workers, in this process. The single-thread figure is the
// median of warm runs; the workers' first call includes starting and warming the workers, and
// the later calls reuse them (parseDirectory keeps its workers), as a watcher or server would.
// BENCH_WORKERS=0 skips it.
if (process.env.BENCH_WORKERS !== "0") {
  const { parseDirectory, closeParseWorkers } = await import("../src/cli/parse-dir.js");
  const root = mkdtempSync(join(tmpdir(), "quarry-bench-tree-"));
  try {
    for (let copy = 0; copy < 4; copy++) {
      for (const f of stdlibFiles()) {
        const path = join(root, `copy${copy}`, f.name);
        mkdirSync(join(path, ".."), { recursive: true });
        writeFileSync(path, f.bytes);
      }
    }
    const runs = QUICK ? 2 : 9;
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const one: number[] = [];
    const two: number[] = [];
    const cold = (await parseDirectory(root, { workers: 2 })).ms; // starts the worker
    await parseDirectory(root, { workers: 1 }); // this thread is warm from the call above
    let mb = 0;
    // Alternating rounds, so that drift in the machine's speed (a shared VM) hits both alike.
    for (let r = 0; r < runs; r++) {
      const s = await parseDirectory(root, { workers: 1 });
      one.push(s.ms);
      mb = s.bytes / 1e6;
      two.push((await parseDirectory(root, { workers: 2 })).ms);
    }
    await closeParseWorkers();
    const m1 = median(one),
      m2 = median(two);
    console.log(`\nworker threads (parseDirectory over ${mb.toFixed(1)} MB in 2,236 files):`);
    console.log(`  1 thread (median)     ${m1.toFixed(0).padStart(6)} ms  ${(mb / (m1 / 1000)).toFixed(1).padStart(6)} MB/s`);
    const ratios = one.map((t, i) => t / two[i]!);
    console.log(
      `  2 parsers, first call ${cold.toFixed(0).padStart(6)} ms  ${(mb / (cold / 1000)).toFixed(1).padStart(6)} MB/s  (starts a worker, whose parser is not compiled yet)`,
    );
    console.log(
      `  2 parsers, warm       ${m2.toFixed(0).padStart(6)} ms  ${(mb / (m2 / 1000)).toFixed(1).padStart(6)} MB/s  ${(m1 / m2).toFixed(2)}x (per-round ratios ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}, median ${median(ratios).toFixed(2)})`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
