// Re-check after one file edit (issue 13): on bench-check.ts's generated project (5,050 files), a
// cold `quarry check` in a fresh process against an incremental checker (createChecker, what
// `--watch` and the LSP use) re-checking after one file is edited on disk. Target: <= 3% of cold.
// Standalone: `node dist/bench/recheck.js` (BENCH_RUNS cold runs, BENCH_EDITS edits,
// BENCH_VIOLATIONS=few for the mostly clean variant).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CorpusFile } from "../test/support/corpus.js";
import { writeBenchProject } from "./bench-check.js";
import { createChecker } from "../src/check/incremental/checker.js";
import { createNodeHost } from "../src/cli/check-host.js";
import { renderCheck } from "../src/check/api.js";

const TARGET = 0.03;

export interface RecheckBenchResult {
  files: number;
  violations: "few" | "many";
  coldMs: number;
  /** The incremental checker's first (full) check, in process. */
  firstMs: number;
  /** update() after one edit: median and slowest. */
  updateMs: number;
  updateMaxMs: number;
  /** update() plus rendering the text report, as the --watch loop does. */
  updateRenderMs: number;
  /** updateMs / coldMs. */
  ratio: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function recheckBench(runs = 3, edits = 30, violations: "few" | "many" = "many"): Promise<RecheckBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "quarry-recheck-bench-"));
  try {
    const { files } = writeBenchProject(dir, violations);
    const dist = fileURLToPath(new URL("../src/", import.meta.url));
    const runner = join(dir, "run.mjs");
    writeFileSync(
      runner,
      `import { checkCommand } from ${JSON.stringify(pathToFileURL(join(dist, "cli/check-command.js")).href)};\n` +
        `import { createNodeHost } from ${JSON.stringify(pathToFileURL(join(dist, "cli/check-host.js")).href)};\n` +
        `process.exitCode = await checkCommand(process.argv.slice(2), createNodeHost());\n`,
    );
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      rmSync(join(dir, ".quarry-cache"), { recursive: true, force: true });
      const t0 = performance.now();
      const r = spawnSync("node", [runner, dir], { stdio: ["ignore", "ignore", "ignore"] });
      if (r.error) throw r.error;
      cold.push(performance.now() - t0);
    }
    const host = createNodeHost();
    const checker = createChecker(host, { path: dir });
    let t0 = performance.now();
    await checker.check();
    const firstMs = performance.now() - t0;
    const updates: number[] = [];
    const withRender: number[] = [];
    for (let k = 0; k < edits; k++) {
      // Alternately a body-only edit and an edit that adds an import (which changes diagnostics).
      const path = join(dir, "src", `pkg${(7 * k) % 50}`, `mod${(13 * k) % 100}.py`);
      const text = readFileSync(path, "utf8");
      writeFileSync(path, k % 2 === 0 ? `${text}\nx${k} = ${k}\n` : `from pkg${(k + 3) % 50}.mod${k} import func${k}\n${text}`);
      t0 = performance.now();
      const result = await checker.update([{ path, kind: "changed" }]);
      const t1 = performance.now();
      await renderCheck(result, "text", { emoji: false, color: false }, host);
      const t2 = performance.now();
      if (checker.stats.mode !== "files") throw new Error(`recheck bench: expected a per-file update, got ${checker.stats.mode}`);
      updates.push(t1 - t0);
      withRender.push(t2 - t0);
    }
    const coldMs = median(cold);
    const updateMs = median(updates);
    return {
      files,
      violations,
      coldMs,
      firstMs,
      updateMs,
      updateMaxMs: Math.max(...updates),
      updateRenderMs: median(withRender),
      ratio: updateMs / coldMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench lines (bench/run.ts prints them); `files` is unused (the project is generated). */
export async function benchRecheck(_files: CorpusFile[] = []): Promise<string[]> {
  const r = await recheckBench(
    Number(process.env.BENCH_RUNS ?? 3),
    Number(process.env.BENCH_EDITS ?? 30),
    process.env.BENCH_VIOLATIONS === "few" ? "few" : "many",
  );
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  return [
    `re-check after one file edit, ${r.files} files, ${r.violations} violations (incremental checker, in process):`,
    `  cold quarry check (fresh process)   ${r.coldMs.toFixed(0)} ms`,
    `  first full check in process         ${r.firstMs.toFixed(0)} ms`,
    `  update() after one edit             ${r.updateMs.toFixed(1)} ms median, ${r.updateMaxMs.toFixed(1)} ms slowest`,
    `  update() + text report (--watch)    ${r.updateRenderMs.toFixed(1)} ms median`,
    `  target: re-check <= ${pct(TARGET)} of cold: ${pct(r.ratio)} (${(r.ratio / TARGET).toFixed(2)}x the target) ${r.ratio <= TARGET ? "MET" : "NOT MET"}`,
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await benchRecheck()) console.log(line);
}
