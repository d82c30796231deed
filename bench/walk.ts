// Walking benchmark: on the parsed stdlib corpus (trees built outside the timed part), a full
// preorder walk over ids (target >= 100 M nodes/s) and a visitor counting Calls (>= 20 M nodes/s).
// Nodes are tree rows (CPython's nodes without the Load/Add singletons). Runs standalone too.
import { pathToFileURL } from "node:url";
import { parse } from "../src/parser/parse.js";
import { walkPreorder, TreeCursor } from "../src/ast/walk.js";
import { visit } from "../src/ast/visitor.js";
import type { Tree } from "../src/ast/tree.js";
import { stdlibFiles, type CorpusFile } from "../test/support/corpus.js";

const WALK_TARGET = 100e6;
const VISIT_TARGET = 20e6;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

// Wall-clock and CPU milliseconds per run. On a shared machine the wall clock includes time the
// process waited for a core; the CPU time (process.cpuUsage) does not, so both are reported.
function time(runs: number, warmup: number, f: () => number): { ms: number[]; cpu: number[]; result: number } {
  let result = 0;
  for (let i = 0; i < warmup; i++) result = f();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms, cpu, result };
}

/** Lines to print: each figure with its unit and its ratio to the target. */
export async function benchWalk(files: CorpusFile[]): Promise<string[]> {
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  const warmup = Number(process.env.BENCH_WARMUP ?? 5);
  const trees: Tree[] = [];
  let rows = 0;
  for (const f of files) {
    const { tree, error } = parse(f.bytes);
    if (error === null) {
      trees.push(tree);
      rows += tree.count;
    }
  }

  let sink = 0;
  const onNode = (_id: number, depth: number): void => {
    sink += depth;
  };
  const walkT = time(runs, warmup, () => {
    let n = 0;
    for (const t of trees) {
      walkPreorder(t, onNode);
      n += t.count;
    }
    return n;
  });
  const cursorT = time(runs, warmup, () => {
    let n = 0;
    for (const t of trees) {
      const c = new TreeCursor(t);
      for (let id = c.next(); id >= 0; id = c.next()) n++;
    }
    return n;
  });
  let calls = 0;
  const visitor = {
    Call: () => {
      calls++;
    },
  };
  const visitT = time(runs, warmup, () => {
    calls = 0;
    for (const t of trees) visit(t, visitor);
    return calls;
  });

  const line = (name: string, t: { ms: number[]; cpu: number[] }, target: number, extra = ""): string => {
    const m = median(t.ms);
    const rate = rows / (m / 1000);
    const cpuRate = rows / (median(t.cpu) / 1000);
    const vs = `  ${(rate / target).toFixed(2)}x target (${(target / 1e6).toFixed(0)} M/s: ${rate >= target ? "met" : "NOT met"})`;
    return `${name.padEnd(28)} ${m.toFixed(1).padStart(7)} ms (p95 ${p95(t.ms).toFixed(1)})  ${(rate / 1e6).toFixed(1).padStart(6)} M nodes/s${vs}; by CPU time ${(cpuRate / 1e6).toFixed(1)} M nodes/s (${(cpuRate / target).toFixed(2)}x)${extra}`;
  };
  return [
    `walk: ${trees.length} trees, ${rows} nodes (tree rows), ${runs} runs after ${warmup} warmups`,
    line("preorder walk (callback)", walkT, WALK_TARGET),
    line("preorder walk (TreeCursor)", cursorT, WALK_TARGET),
    line("visitor counting Calls", visitT, VISIT_TARGET, `  (${visitT.result} Calls)`),
    sink === -1 ? "" : "",
  ].filter((l) => l !== "");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const l of await benchWalk(stdlibFiles())) console.log(l);
}
