// unparse against CPython 3.14's ast.unparse (Pyodide, cached) on the stdlib (559 files), every ok
// grammar fixture and the first 5,000 fuzz cases CPython accepts; and the round trip
// dump(parse(unparse(t))) == dump(t) on the same sets. The bar is 100%: no known failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import type { Tree } from "../../src/ast/tree.js";
import { unparse, UnparseError } from "../../src/unparse/unparse.js";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { generateCases } from "../fuzz/generate.js";
import { askUnparse, unparseOracleStats, type UnparseAnswer } from "./oracle.js";

interface Case {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const FUZZ_SEED = 0x5eed2026; // the differential fuzzer's default seed
const FUZZ_ACCEPTED = 5000;

const enc = new TextEncoder();
const dec = new TextDecoder();

function stdlibCases(): Case[] {
  return stdlibFiles().map((f) => ({ name: f.name, bytes: f.bytes }));
}

function fixtureCases(): Case[] {
  return listFixtures("ok").map((f) => ({ name: f.rel, bytes: f.bytes }));
}

// The first FUZZ_ACCEPTED generated cases that parse (quarry accepts exactly what CPython
// accepts: the fuzz suite checks that; the oracle below double-checks every one used here).
let fuzz: Case[] | undefined;
function fuzzCases(): Case[] {
  if (fuzz) return fuzz;
  const sources = [...stdlibFiles().map((f) => dec.decode(f.bytes)), ...listFixtures("ok").map((f) => dec.decode(f.bytes))];
  const out: Case[] = [];
  for (let count = 2 * FUZZ_ACCEPTED; out.length < FUZZ_ACCEPTED; count *= 2) {
    out.length = 0;
    const cases = generateCases(FUZZ_SEED, count, sources);
    for (let i = 0; i < cases.length && out.length < FUZZ_ACCEPTED; i++) {
      const bytes = enc.encode(cases[i]!);
      if (parse(bytes, { compact: false }).error === null) out.push({ name: `fuzz #${i}`, bytes });
    }
    if (cases.length < count) break; // the generator ran dry
  }
  fuzz = out;
  return out;
}

/** One case worked through once; both tests of a set read these. */
interface Result {
  readonly c: Case;
  readonly answer: UnparseAnswer;
  readonly parseError: string | null;
  readonly text: string | null;
  readonly thrown: unknown;
  /** Why parse(text) does not dump as the tree (null: it does, or there is no text). */
  readonly roundTrip: string | null;
}

async function evaluate(set: string, cases: readonly Case[]): Promise<Result[]> {
  const answers = await askUnparse(
    set,
    cases.map((c) => c.bytes),
  );
  return cases.map((c, i) => {
    const { tree, error } = parse(c.bytes, { compact: false });
    if (error !== null) return { c, answer: answers[i]!, parseError: error.msg, text: null, thrown: null, roundTrip: null };
    let text: string | null = null;
    let thrown: unknown = null;
    try {
      text = unparse(tree);
    } catch (e) {
      thrown = e;
    }
    let roundTrip: string | null = null;
    if (text !== null) {
      const again = parse(text, { compact: false });
      roundTrip =
        again.error !== null ? `unparsed text does not parse: ${again.error.msg} (line ${again.error.lineno})` : sameTree(tree, again.tree);
    }
    return { c, answer: answers[i]!, parseError: null, text, thrown, roundTrip };
  });
}

interface Outcome {
  identical: number;
  /** Both refuse to unparse (CPython raised, quarry threw UnparseError with the same class). */
  bothRefuse: number;
  /** CPython's own unparser ran out of recursion (deep trees): no text to compare. */
  cpythonRecursion: number;
  failures: string[];
}

function compare(results: readonly Result[]): Outcome {
  const o: Outcome = { identical: 0, bothRefuse: 0, cpythonRecursion: 0, failures: [] };
  const fail = (c: Case, why: string) => {
    if (o.failures.length < 20) o.failures.push(`${c.name}: ${why}`);
    else if (o.failures.length === 20) o.failures.push("...");
  };
  for (const { c, answer: a, parseError, text, thrown } of results) {
    if (!a.parsed) {
      fail(c, `CPython rejects it (${a.error}), quarry ${parseError === null ? "accepts" : "rejects"} it`);
      continue;
    }
    if (parseError !== null) fail(c, `quarry rejects it: ${parseError}`);
    else if ("text" in a) {
      if (text === a.text) o.identical++;
      else if (text === null) fail(c, `quarry threw ${String(thrown)}`);
      else fail(c, firstDifference(a.text, text));
    } else if (a.error.startsWith("RecursionError")) {
      o.cpythonRecursion++;
      if (text === null) fail(c, `CPython hit its recursion limit, quarry threw ${String(thrown)}`);
    } else if (thrown instanceof UnparseError && a.error.startsWith(thrown.pythonError + ":")) {
      o.bothRefuse++;
    } else fail(c, `CPython raised ${a.error}, quarry ${thrown === null ? "printed" : "threw " + String(thrown)}`);
  }
  return o;
}

function firstDifference(want: string, got: string): string {
  let i = 0;
  while (i < want.length && want[i] === got[i]) i++;
  const ctx = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 40), i + 40));
  return `differs at ${i}: CPython ${ctx(want)}, quarry ${ctx(got)}`;
}

// Round trip: parse(unparse(t)) must dump as t exactly where CPython's own unparse output
// round-trips (it does not for a handful of shapes, e.g. `with (a, b):` or a u-prefixed literal
// inside an f-string; the oracle answers which).
function roundTrips(results: readonly Result[]): { equal: number; lossy: number; failures: string[] } {
  const r = { equal: 0, lossy: 0, failures: [] as string[] };
  for (const { c, answer: a, text, roundTrip } of results) {
    if (text === null) continue; // not parsed, or refused: the comparison with CPython covers it
    const cpython = a.parsed && "text" in a ? a.roundTrips : null;
    if (roundTrip === null && cpython !== false) r.equal++;
    else if (roundTrip !== null && cpython === false) r.lossy++;
    else if (r.failures.length < 20) r.failures.push(`${c.name}: ${roundTrip ?? "round-trips, but CPython's unparse output does not"}`);
  }
  return r;
}

function sameTree(a: Tree, b: Tree): string | null {
  const da = dump(a);
  const db = dump(b);
  return da === db ? null : firstDifference(da, db);
}

const SETS: readonly [string, () => Case[]][] = [
  ["stdlib", stdlibCases],
  ["fixtures", fixtureCases],
  ["fuzz", fuzzCases],
];

for (const [set, cases] of SETS) {
  let results: Promise<Result[]> | undefined;
  const get = () => (results ??= evaluate(set, cases()));

  test(`${set}: unparse is identical to CPython 3.14's ast.unparse`, async (t) => {
    const rs = await get();
    const o = compare(rs);
    t.diagnostic(
      `${set}: ${o.identical}/${rs.length - o.bothRefuse - o.cpythonRecursion} identical` +
        (o.bothRefuse > 0 ? `, ${o.bothRefuse} refused by both` : "") +
        (o.cpythonRecursion > 0 ? `, ${o.cpythonRecursion} too deep for CPython's unparser (round trip only)` : "") +
        ` (oracle cache: ${unparseOracleStats.hits} hits, ${unparseOracleStats.misses} misses so far)`,
    );
    assert.deepEqual(o.failures, []);
    assert.equal(o.identical + o.bothRefuse + o.cpythonRecursion, rs.length);
  });

  test(`${set}: parse(unparse(tree)) dumps the same as tree wherever CPython's does`, async (t) => {
    const r = roundTrips(await get());
    t.diagnostic(
      `${set}: ${r.equal} round trips equal` +
        (r.lossy > 0 ? `, ${r.lossy} lossy exactly as CPython's own unparse is` : "") +
        (r.failures.length > 0 ? `, ${r.failures.length} failing` : ""),
    );
    assert.deepEqual(r.failures, []);
  });
}
