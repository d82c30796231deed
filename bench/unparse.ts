// Unparse benchmark: quarry's unparse over the stdlib trees (parsed outside the timed part) beside
// CPython's ast.unparse over the same files, run by the local python3. An older python3 rejects
// some 3.14 files: the ratio counts only the files both handled. Target: quarry >= 10x CPython.
// Standalone: `node dist/bench/unparse.js` (BENCH_RUNS, BENCH_WARMUP as in bench/run.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stdlibFiles, type CorpusFile } from "../test/support/corpus.js";
import { parse } from "../src/parser/parse.js";
import type { Tree } from "../src/ast/tree.js";
import { unparse } from "../src/unparse/unparse.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
// CPython's pure-Python unparser is slow: fewer runs.
const PY_RUNS = Math.max(1, Math.min(RUNS, 3));
const PY_WARMUP = Math.min(WARMUP, 1);
const TARGET_RATIO = 10;

const PY_BENCH = `
import ast, json, os, sys, time, warnings
warnings.simplefilter("ignore")
root, warmup, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = sorted(os.listdir(root))
trees, handled = [], []
for name in names:
    with open(os.path.join(root, name), "rb") as f:
        b = f.read()
    try:
        t = ast.parse(b)
        ast.unparse(t)
    except Exception:
        continue
    trees.append(t)
    handled.append(int(name[:4]))
def run():
    for t in trees:
        ast.unparse(t)
for _ in range(warmup):
    run()
times, cpu = [], []
for _ in range(runs):
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
print(json.dumps({"version": sys.version.split()[0], "handled": handled, "runsMs": times, "cpuMs": cpu}))
`;

interface PyResult {
  version: string;
  handled: number[];
  runsMs: number[];
  cpuMs: number[];
}

/** Medians of one timed loop: wall clock, and CPU time of this process (less noisy on a shared machine). */
interface Timing {
  wallMs: number;
  cpuMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

function time(warmup: number, runs: number, body: () => void): Timing {
  for (let i = 0; i < warmup; i++) body();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    body();
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

function runCPython(files: CorpusFile[]): PyResult | string {
  const dir = mkdtempSync(join(tmpdir(), "quarry-bench-unparse-"));
  try {
    const src = join(dir, "src");
    mkdirSync(src);
    files.forEach((f, i) => {
      writeFileSync(join(src, `${String(i).padStart(4, "0")}.py`), f.bytes);
    });
    writeFileSync(join(dir, "bench.py"), PY_BENCH);
    const r = spawnSync("python3", [join(dir, "bench.py"), src, String(PY_WARMUP), String(PY_RUNS)], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (r.error) return `python3 not available (${r.error.message})`;
    if (r.status !== 0) return `python3 failed: ${r.stderr.trim().split("\n").pop()}`;
    return JSON.parse(r.stdout) as PyResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1e3);

/** Lines to print: quarry's unparse throughput, CPython's on the files both handle, and the ratio. */
export async function benchUnparse(files: CorpusFile[]): Promise<string[]> {
  const trees: Tree[] = [];
  const bytes: number[] = [];
  files.forEach((f) => {
    const { tree, error } = parse(f.bytes);
    if (error === null) {
      trees.push(tree);
      bytes.push(f.bytes.length);
    }
  });
  const total = bytes.reduce((a, b) => a + b, 0);
  let sink = 0;
  // Should unparse return a V8 rope (its string mode does), reading one character flattens it,
  // so the figure always includes the flat string CPython's "".join returns.
  const flat = (s: string) => (s.length > 0 ? s.charCodeAt(s.length >> 1) : 0);
  const all = time(WARMUP, RUNS, () => {
    for (const t of trees) sink += flat(unparse(t));
  });
  const lines = [
    `unparse quarry: ${trees.length} files, ${(total / 1e6).toFixed(2)} MB of source: ${rate(total, all)} (medians of ${RUNS} runs)`,
  ];
  const py = runCPython(files);
  if (typeof py === "string") {
    lines.push(`unparse CPython: n/a (${py})`);
    return lines;
  }
  // The same files for both: those python3 parsed and unparsed (quarry parses all of them).
  const both = py.handled.filter((i) => parse(files[i]!.bytes).error === null);
  const bothTrees = both.map((i) => parse(files[i]!.bytes).tree);
  const bothBytes = both.reduce((a, i) => a + files[i]!.bytes.length, 0);
  const q = time(WARMUP, RUNS, () => {
    for (const t of bothTrees) sink += flat(unparse(t));
  });
  const c: Timing = { wallMs: median(py.runsMs), cpuMs: median(py.cpuMs) };
  const cpuRatio = c.cpuMs / q.cpuMs;
  const wallRatio = c.wallMs / q.wallMs;
  lines.push(
    `unparse CPython ${py.version} ast.unparse (python3): ${both.length}/${files.length} files both handled (${files.length - py.handled.length} rejected by this version), ${(bothBytes / 1e6).toFixed(2)} MB: ${rate(bothBytes, c)} (medians of ${PY_RUNS} runs)`,
    `unparse quarry on the same files: ${rate(bothBytes, q)}; ${cpuRatio.toFixed(1)}x CPython by CPU time, ${wallRatio.toFixed(1)}x by wall clock (target >= ${TARGET_RATIO}x: ${(cpuRatio / TARGET_RATIO).toFixed(2)} of target)`,
  );
  if (sink < 0) lines.push(""); // keeps the results live
  return lines;
}

function rate(bytes: number, t: Timing): string {
  return `${mbps(bytes, t.cpuMs).toFixed(1)} MB/s by CPU time (${t.cpuMs.toFixed(0)} ms), ${mbps(bytes, t.wallMs).toFixed(1)} MB/s by wall clock (${t.wallMs.toFixed(0)} ms)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of await benchUnparse(stdlibFiles())) console.log(line);
}
