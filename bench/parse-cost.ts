// Issue 13's parse-cost bars: per-MB parse cost of 100,000 tiny files against the same bytes in
// 1,000 files (target within 1.5x), and of a 2-million-statement module against a 300-thousand
// one (target within 1.3x). Inputs are built in memory. Runs standalone: node dist/bench/parse-cost.js
import { fileURLToPath } from "node:url";
import { parse } from "../src/parser/parse.js";

const TINY_TARGET = 1.5;
const HUGE_TARGET = 1.3;

// A small realistic module, varied per index so that no two files are the same bytes (~267 bytes).
function tinyModule(i: number): string {
  const n = String(i).padStart(6, "0");
  return `"""Helpers for config ${n}."""
import os
from typing import Optional


def read_${n}(path: str, default: Optional[str] = None) -> str:
    if not os.path.exists(path):
        return default or ""
    with open(path, "rb") as f:
        return f.read().strip()[:${(i % 997) + 3}]
`;
}

function hugeModule(statements: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < statements; i++) parts.push(`x${i} = f(${i})\n`);
  return new TextEncoder().encode(parts.join(""));
}

function cpuMs(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

// Median CPU ms per MB over `runs` runs (after one warm-up) of parsing every file in `files`.
function msPerMb(files: Uint8Array[], runs: number): number {
  const mb = files.reduce((n, f) => n + f.length, 0) / 1e6;
  const body = (): void => {
    for (const f of files) if (parse(f).error !== null) throw new Error("bench input failed to parse");
  };
  body();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) ms.push(cpuMs(body));
  return median(ms) / mb;
}

/** Prints ms/MB for tiny vs large files and huge vs big modules, with each ratio against its target. */
export async function benchParseCost(): Promise<string[]> {
  const enc = new TextEncoder();
  const TINY = 100_000,
    LARGE = 1_000;
  const tinyText: string[] = [];
  for (let i = 0; i < TINY; i++) tinyText.push(tinyModule(i));
  const tiny = tinyText.map((s) => enc.encode(s));
  const per = TINY / LARGE;
  const large: Uint8Array[] = [];
  for (let j = 0; j < LARGE; j++) large.push(enc.encode(tinyText.slice(j * per, (j + 1) * per).join("")));
  const tinyBytes = tiny.reduce((n, f) => n + f.length, 0);
  // Interleaved so that drift on the shared machine hits both sides alike.
  const tinyRuns: number[] = [],
    largeRuns: number[] = [];
  for (let r = 0; r < 3; r++) {
    tinyRuns.push(msPerMb(tiny, 1));
    largeRuns.push(msPerMb(large, 1));
  }
  const tinyMs = median(tinyRuns),
    largeMs = median(largeRuns);
  const lines = [
    `tiny files: ${TINY} files of ${(tinyBytes / TINY).toFixed(0)} bytes: ${tinyMs.toFixed(1)} ms/MB; same bytes in ${LARGE} files: ${largeMs.toFixed(1)} ms/MB; ratio ${(tinyMs / largeMs).toFixed(2)}x (target <= ${TINY_TARGET}x)`,
  ];
  const big = hugeModule(300_000);
  const huge = hugeModule(2_000_000);
  const bigRuns: number[] = [],
    hugeRuns: number[] = [];
  for (let r = 0; r < 3; r++) {
    bigRuns.push(msPerMb([big], 1));
    hugeRuns.push(msPerMb([huge], 1));
  }
  const bigMs = median(bigRuns),
    hugeMs = median(hugeRuns);
  lines.push(
    `huge blocks: 2,000,000 statements (${(huge.length / 1e6).toFixed(1)} MB): ${hugeMs.toFixed(1)} ms/MB; 300,000 (${(big.length / 1e6).toFixed(1)} MB): ${bigMs.toFixed(1)} ms/MB; ratio ${(hugeMs / bigMs).toFixed(2)}x (target <= ${HUGE_TARGET}x)`,
  );
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const l of await benchParseCost()) console.log(l);
}
