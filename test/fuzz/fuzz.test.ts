// Differential fuzzing against CPython 3.14: seeded cases (see generate.ts), where quarry must agree
// with CPython on accept/reject, on the dump when accepted, and on class/lineno/offset when rejected.
// FUZZ_SEED and FUZZ_CASES override the defaults. A failure reports the smallest disagreeing case,
// shrunk further by deleting characters while the disagreement persists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { askOracle } from "../support/oracle.js";
import { judge, requireQuarry, type QuarryApi } from "../support/quarry.js";
import { generateCases } from "./generate.js";

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
      if (d !== null) { best = candidate; detail = d; } else i += chunk;
    }
  }
  return [best, detail];
}

test(`fuzz: quarry agrees with CPython 3.14 on seeded cases (seed ${SEED})`, async (t) => {
  const decoder = new TextDecoder();
  const sources = [
    ...stdlibFiles().map((f) => decoder.decode(f.bytes)),
    ...listFixtures("ok").map((f) => decoder.decode(f.bytes)),
  ];
  const cases = generateCases(SEED, CASES, sources);
  const t0 = performance.now();
  const answers = await askOracle(cases.map((c) => enc.encode(c)), { bundle: true });
  const oracleMs = performance.now() - t0;
  const accepted = answers.filter((a) => a.ok).length;
  t.diagnostic(`fuzz: ${cases.length} cases generated (${accepted} accepted by CPython), oracle ${oracleMs.toFixed(0)} ms`);
  const q = await requireQuarry();
  const bad: [string, string][] = [];
  const kinds = new Map<string, number>();
  const smallestOfKind = new Map<string, [string, string]>();
  let msgAgree = 0;
  let rejected = 0;
  for (let i = 0; i < cases.length; i++) {
    const v = judge(q, enc.encode(cases[i]!), answers[i]!);
    if (!answers[i]!.ok) { rejected++; if (v.msgAgree) msgAgree++; }
    if (!v.agree) {
      bad.push([cases[i]!, v.detail]);
      kinds.set(v.kind, (kinds.get(v.kind) ?? 0) + 1);
      const prev = smallestOfKind.get(v.kind);
      if (!prev || cases[i]!.length < prev[0].length) smallestOfKind.set(v.kind, [cases[i]!, v.detail]);
    }
  }
  t.diagnostic(`fuzz: messages agree ${msgAgree}/${rejected} rejected cases`);
  if (bad.length === 0) {
    const line = `fuzz: ${cases.length} cases, all agree`;
    t.diagnostic(line);
    console.log(line);
    return;
  }
  bad.sort((a, b) => a[0].length - b[0].length);
  const [small, detail] = await shrink(q, bad[0]![0]);
  assert.fail(
    `fuzz: ${bad.length}/${cases.length} cases disagree (seed ${SEED}): ` +
      [...kinds].map(([k, n]) => `${k} ${n}`).join(", ") + `. Smallest, shrunk:\n` +
      `  source: ${JSON.stringify(small)}\n  ${detail}\n` +
      `Smallest case of each kind:\n` +
      [...smallestOfKind].map(([k, [c, d]]) => `  ${k}: ${JSON.stringify(c)}\n    ${d}`).join("\n") +
      `\nOther small cases:\n` +
      bad.slice(1, 6).map(([c, d]) => `  ${JSON.stringify(c)}: ${d}`).join("\n"),
  );
});
