// Differential fuzzing against CPython 3.14: seeded cases (see targeted.ts), where quarry must agree
// with CPython on accept/reject, on the dump when accepted, and on the error's class, message and
// full position when rejected. FUZZ_SEED and FUZZ_CASES override the defaults.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { askOracle } from "../support/oracle.js";
import { describeError, judge, requireQuarry, type QuarryApi } from "../support/quarry.js";
import { generateFuzzCases } from "./targeted.js";

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2026);
const CASES = Number(process.env.FUZZ_CASES ?? 25000);
const SHRINK_BUDGET = 400;

const enc = new TextEncoder();

async function disagrees(q: QuarryApi, src: string): Promise<string | null> {
  const bytes = enc.encode(src);
  const [answer] = await askOracle([bytes]);
  const v = judge(q, bytes, answer!);
  return v.agree ? null : v.detail;
}

// Delta debugging on characters: drop chunks (halving their size) while the disagreement persists.
async function shrink(q: QuarryApi, src: string): Promise<[string, string]> {
  let best = src;
  let detail = (await disagrees(q, src)) ?? "";
  let budget = SHRINK_BUDGET;
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1 && budget > 0; chunk >>= 1) {
    for (let i = 0; i + chunk <= best.length && budget > 0; ) {
      const candidate = best.slice(0, i) + best.slice(i + chunk);
      budget--;
      const d = candidate.length > 0 ? await disagrees(q, candidate) : null;
      if (d !== null) {
        best = candidate;
        detail = d;
      } else i += chunk;
    }
  }
  return [best, detail];
}

interface FuzzRun {
  cases: string[];
  rejected: number;
  /** Both reject with the same class, message, lineno, offset, end_lineno and end_offset. */
  same: number;
  /** Disagreements on accept/reject or dump (or quarry threw): must be none. */
  hard: [string, string, string][];
  /** Both reject, with another class, message or position: [source, cpython's error, quarry's error]. */
  soft: [string, string, string][];
}

let run: Promise<FuzzRun> | undefined;
function fuzzRun(diagnostic: (m: string) => void): Promise<FuzzRun> {
  run ??= (async () => {
    const decoder = new TextDecoder();
    const sources = [...stdlibFiles().map((f) => decoder.decode(f.bytes)), ...listFixtures("ok").map((f) => decoder.decode(f.bytes))];
    const cases = generateFuzzCases(SEED, CASES, sources);
    const t0 = performance.now();
    const answers = await askOracle(
      cases.map((c) => enc.encode(c)),
      { bundle: true },
    );
    const oracleMs = performance.now() - t0;
    const accepted = answers.filter((a) => a.ok).length;
    diagnostic(`fuzz: ${cases.length} cases generated (${accepted} accepted by CPython), oracle ${oracleMs.toFixed(0)} ms`);
    const q = await requireQuarry();
    const r: FuzzRun = { cases, rejected: 0, same: 0, hard: [], soft: [] };
    for (let i = 0; i < cases.length; i++) {
      const a = answers[i]!;
      const v = judge(q, enc.encode(cases[i]!), a);
      if (!a.ok && (v.agree || v.kind === "error class or position differs")) {
        r.rejected++;
        if (v.agree && v.msgAgree && v.endAgree) r.same++;
        else {
          const e = q.parse(enc.encode(cases[i]!)).error!;
          r.soft.push([cases[i]!, describeError(a), describeError(e)]);
        }
      } else if (!v.agree) r.hard.push([cases[i]!, v.kind, v.detail]);
    }
    return r;
  })();
  return run;
}

test(`fuzz: accept/reject and dumps agree with CPython 3.14 on every seeded case (seed ${SEED})`, async (t) => {
  const r = await fuzzRun((m) => t.diagnostic(m));
  if (r.hard.length === 0) {
    const line = `fuzz: ${r.cases.length} cases, accept/reject and dumps all agree`;
    t.diagnostic(line);
    console.log(line);
    return;
  }
  const q = await requireQuarry();
  const bad = [...r.hard].sort((a, b) => a[0].length - b[0].length);
  const kinds = new Map<string, number>();
  for (const [, k] of bad) kinds.set(k, (kinds.get(k) ?? 0) + 1);
  const [small, detail] = await shrink(q, bad[0]![0]);
  assert.fail(
    `fuzz: ${bad.length}/${r.cases.length} cases disagree on accept/reject or dump (seed ${SEED}): ` +
      [...kinds].map(([k, n]) => `${k} ${n}`).join(", ") +
      `. Smallest, shrunk:\n` +
      `  source: ${JSON.stringify(small)}\n  ${detail}\nOther small cases:\n` +
      bad
        .slice(1, 6)
        .map(([c, , d]) => `  ${JSON.stringify(c)}: ${d}`)
        .join("\n"),
  );
});

test(`fuzz: where both reject, class, message and position agree with CPython 3.14 on every case (seed ${SEED})`, async (t) => {
  const r = await fuzzRun((m) => t.diagnostic(m));
  const line = `fuzz: class, message, lineno, offset, end_lineno and end_offset agree on ${r.same}/${r.rejected} cases both reject`;
  t.diagnostic(line);
  console.log(line);
  if (r.soft.length === 0) return;
  // Group by CPython's message and quarry's (positions stripped), biggest group first.
  const groups = new Map<string, [string, string, string][]>();
  for (const d of r.soft) {
    const key = `${d[1].replace(/ \(\S+\)$/, "")}  <>  ${d[2].replace(/ \(\S+\)$/, "")}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length);
  assert.fail(
    `fuzz: ${r.soft.length}/${r.rejected} rejected cases differ in class, message or position (seed ${SEED}), ${groups.size} groups:\n` +
      sorted
        .slice(0, 40)
        .map(([k, ds]) => {
          const ex = [...ds].sort((a, b) => a[0].length - b[0].length).slice(0, 2);
          return (
            `  ${ds.length}x cpython ${k.replace("  <>  ", " | quarry ")}\n` +
            ex.map(([c, a, b]) => `      ${JSON.stringify(c)}: cpython ${a} | quarry ${b}`).join("\n")
          );
        })
        .join("\n"),
  );
});
