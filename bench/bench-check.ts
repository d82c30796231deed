// Benchmark for `quarry check` (issues 4 and 13): generates a large Tach project (50 modules x 101
// files, 5,050 files), then times the shipped CLI (bin/quarry.js) cold (empty cache) and warm (no
// change) in fresh Node processes, `node -e 0` (Node's own start-up), and, when python3 is present,
// a plain-Python reference doing what Tach's old Python version did (ast.parse every file, walk
// for imports), all interleaved in one run. Targets (issue 13): cold >= 5x faster than the
// reference, warm <= 2.5x `node -e 0`. Not a test: run it with `node dist/bench/bench-check.js`
// (after `npm run build`), or call benchCheck() (bench/run.ts does).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface CheckBenchResult {
  files: number;
  bytes: number;
  coldMs: number;
  warmMs: number;
  coldFastMs: number;
  pythonMs: number | null;
  /** pythonMs / coldMs. */
  coldSpeedup: number | null;
  /** warmMs / coldMs. */
  warmRatio: number;
  /** `node -e 0`: Node's start-up alone. */
  nodeMs: number;
  /** warmMs / nodeMs (target: at most WARM_TARGET). */
  warmVsNode: number;
}

/** Issue 13's targets: cold at least this many times faster than the Python reference... */
export const COLD_TARGET = 5;
/** ...and warm at most this many times `node -e 0`. */
export const WARM_TARGET = 2.5;

// A small deterministic PRNG so the project is the same on every machine.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Writes the benchmark project into `dir`; returns (files, bytes). With `violations: "many"`
 * each module may use 4 random others, so most imports break a rule (about 21,000 diagnostics);
 * with "few" each module may use its own layer's modules and every lower layer, and imports go
 * upward only once in 50 tries (about 140 diagnostics).
 */
export function writeBenchProject(
  dir: string,
  violations: "few" | "many" = "many",
  packages = 50,
  filesPerPackage = 100,
): { files: number; bytes: number } {
  const r = rng(1);
  const pick = (n: number) => Math.floor(r() * n);
  const layerOf = (p: number) => Math.floor((3 * p) / packages);
  let toml = 'source_roots = ["src"]\nlayers = ["top", "mid", "low"]\n\n';
  for (let p = 0; p < packages; p++) {
    const deps =
      violations === "many"
        ? [...new Set(Array.from({ length: 4 }, () => `pkg${pick(packages)}`))].filter((d) => d !== `pkg${p}`).sort()
        : Array.from({ length: packages }, (_, q) => q)
            .filter((q) => q !== p && layerOf(q) === layerOf(p))
            .map((q) => `pkg${q}`);
    toml += `[[modules]]\npath = "pkg${p}"\nlayer = "${["top", "mid", "low"][violations === "many" ? p % 3 : layerOf(p)]}"\ndepends_on = ${JSON.stringify(deps)}\n\n`;
  }
  toml += '[[interfaces]]\nexpose = ["mod[0-9]+\\\\.func.*"]\nfrom = ["pkg1"]\n';
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tach.toml"), toml);
  let files = 0;
  let bytes = 0;
  for (let p = 0; p < packages; p++) {
    const d = join(dir, "src", `pkg${p}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "__init__.py"), "");
    files++;
    for (let i = 0; i < filesPerPackage; i++) {
      const lines = ['"""Module docstring."""', "import os", "import sys", "from typing import TYPE_CHECKING"];
      for (let k = 0; k < 5; k++) {
        const j = pick(filesPerPackage);
        // "few": imports go to the same or a lower layer, except one in 50.
        let q = pick(packages);
        if (violations === "few" && layerOf(q) < layerOf(p) && pick(50) !== 0) q = p;
        lines.push(`from pkg${q}.mod${j} import func${j}`);
      }
      lines.push(`from . import mod${pick(filesPerPackage)}`);
      lines.push("if TYPE_CHECKING:\n    from pkg0.mod0 import func0");
      for (let k = 0; k < 8; k++) {
        const name = k === 0 ? `func${i}` : `func${i}_${k}`;
        lines.push(
          `\n\ndef ${name}(a: int, b: str = 'x') -> int:\n    value = a * 2\n    for x in range(a):\n        value += len(b) + x\n    return value`,
        );
      }
      lines.push(`\n\nclass Thing${i}:\n    def method(self):\n        import json\n        return json.dumps({'a': 1})`);
      const text = lines.join("\n") + "\n";
      writeFileSync(join(d, `mod${i}.py`), text);
      // Real projects are not edited in the seconds before a check: age the files by an hour, so
      // warm runs measure the normal path, not the "racily clean" one.
      utimesSync(join(d, `mod${i}.py`), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
      files++;
      bytes += Buffer.byteLength(text);
    }
  }
  return { files, bytes };
}

const PYTHON_REFERENCE = `
import ast, os, sys
n = 0
for dp, dn, fn in os.walk(sys.argv[1]):
    for name in fn:
        if name.endswith(".py"):
            with open(os.path.join(dp, name), "rb") as f:
                tree = ast.parse(f.read())
            n += 1
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    pass
print(n)
`;

function timeMs(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchCheck(runs = 3, violations: "few" | "many" = "many"): CheckBenchResult {
  const dir = mkdtempSync(join(tmpdir(), "quarry-check-bench-"));
  try {
    const { files, bytes } = writeBenchProject(dir, violations);
    // The shipped command line: bin/quarry.js (the bundle and its code cache when built).
    const bin = fileURLToPath(new URL("../../bin/quarry.js", import.meta.url));
    const cache = join(dir, ".quarry-cache");
    const cold: number[] = [];
    const warm: number[] = [];
    const coldFast: number[] = [];
    const node: number[] = [];
    const python: number[] = [];
    const script = join(dir, "ref.py");
    writeFileSync(script, PYTHON_REFERENCE);
    const hasPython = spawnSync("python3", ["--version"]).status === 0;
    // Interleaved rounds, so that drift in the machine's load (a shared VM) hits every figure alike.
    for (let i = 0; i < runs; i++) {
      node.push(timeMs("node", ["-e", "0"]));
      rmSync(cache, { recursive: true, force: true });
      cold.push(timeMs("node", [bin, "check", dir]));
      warm.push(timeMs("node", [bin, "check", dir]));
      if (hasPython) python.push(timeMs("python3", [script, join(dir, "src")]));
      rmSync(cache, { recursive: true, force: true });
      coldFast.push(timeMs("node", [bin, "check", dir, "--fast"]));
    }
    const pythonMs = hasPython ? median(python) : null;
    const coldMs = median(cold);
    const warmMs = median(warm);
    const nodeMs = median(node);
    return {
      files,
      bytes,
      coldMs,
      warmMs,
      coldFastMs: median(coldFast),
      pythonMs,
      coldSpeedup: pythonMs === null ? null : pythonMs / coldMs,
      warmRatio: warmMs / coldMs,
      nodeMs,
      warmVsNode: warmMs / nodeMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report: each figure, each target with its measured ratio, and which targets are met. */
export function checkBenchLines(r: CheckBenchResult, violations: string): string[] {
  const f = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(0)} ms`);
  const coldMet = r.coldSpeedup !== null && r.coldSpeedup >= COLD_TARGET;
  const warmMet = r.warmVsNode <= WARM_TARGET;
  return [
    `quarry check on ${r.files} files (${(r.bytes / 1e6).toFixed(1)} MB, ${violations} violations), medians:`,
    `  cold          ${f(r.coldMs)}`,
    `  cold --fast   ${f(r.coldFastMs)}`,
    `  warm          ${f(r.warmMs)}  (${(100 * r.warmRatio).toFixed(0)}% of cold)`,
    `  node -e 0     ${f(r.nodeMs)}`,
    `  python ref    ${f(r.pythonMs)}`,
    `  target cold: >= ${COLD_TARGET}x faster than the python reference: ${r.coldSpeedup === null ? "n/a (no python3)" : `${r.coldSpeedup.toFixed(2)}x`} -> ${coldMet ? "met" : "NOT met"}`,
    `  target warm: <= ${WARM_TARGET}x node -e 0: ${r.warmVsNode.toFixed(2)}x -> ${warmMet ? "met" : "NOT met"}`,
    `  targets met: ${[coldMet ? "cold" : "", warmMet ? "warm" : ""].filter(Boolean).join(", ") || "none"} (of cold, warm)`,
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const violations = process.env.BENCH_VIOLATIONS === "few" ? "few" : "many";
  const r = benchCheck(Number(process.env.BENCH_RUNS ?? 3), violations);
  for (const line of checkBenchLines(r, violations)) console.log(line);
}
