// Differential fuzzing of parse's options against CPython 3.14: the fuzz suite's seeded cases
// (test/fuzz/targeted.ts) parsed with mode eval, single and func_type and with feature_version
// 3.7 and 3.12. Accept/reject and the dump must always agree, and where both reject, the class,
// message, lineno, offset, end_lineno and end_offset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, type ParseOptions } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { askOracle, type OracleParseOptions } from "../support/oracle.js";
import { describeError } from "../support/quarry.js";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { generateFuzzCases } from "../fuzz/targeted.js";

const SEED = 0x0b710e5;
const CASES = 2000;

const RUNS: [string, ParseOptions, OracleParseOptions][] = [
  ["mode=eval", { mode: "eval" }, { mode: "eval" }],
  ["mode=single", { mode: "single" }, { mode: "single" }],
  ["mode=func_type", { mode: "func_type" }, { mode: "func_type" }],
  ["feature_version=(3, 7)", { featureVersion: [3, 7] }, { featureVersion: 7 }],
  ["feature_version=(3, 12)", { featureVersion: [3, 12] }, { featureVersion: 12 }],
];

test("parse options: seeded fuzz cases are accepted, rejected and dumped as CPython does", async (t) => {
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  const sources = [
    ...listFixtures("ok").map((f) => dec.decode(f.bytes)),
    ...stdlibFiles()
      .slice(0, 60)
      .map((f) => dec.decode(f.bytes)),
  ];
  const bytes = generateFuzzCases(SEED, CASES, sources).map((c) => enc.encode(c));
  const failures: string[] = [];
  for (const [name, opts, oracle] of RUNS) {
    const answers = await askOracle(bytes, { bundle: true, parse: oracle });
    const hard: string[] = [];
    const errors: string[] = [];
    let rejected = 0,
      same = 0;
    for (let i = 0; i < bytes.length; i++) {
      const a = answers[i]!;
      const r = parse(bytes[i]!, opts);
      const label = JSON.stringify(dec.decode(bytes[i]!)).slice(0, 160);
      if (a.ok !== (r.error === null)) {
        hard.push(
          `${label}: CPython ${a.ok ? "accepts" : `rejects (${a.msg})`}, quarry ${r.error === null ? "accepts" : `rejects (${r.error.msg})`}`,
        );
      } else if (a.ok) {
        if (a.dump !== null && a.dump !== dump(r.tree, { includeAttributes: true })) hard.push(`${label}: dumps differ`);
      } else {
        rejected++;
        const e = r.error!;
        if (
          e.cls === a.cls &&
          e.msg === a.msg &&
          e.lineno === a.lineno &&
          e.offset === a.offset &&
          e.end_lineno === a.end_lineno &&
          e.end_offset === a.end_offset
        )
          same++;
        else errors.push(`${label}: CPython ${describeError(a)} | quarry ${describeError(e)}`);
      }
    }
    const line = `${name}: ${bytes.length} cases, ${hard.length} accept/reject or dump differences, ${same}/${rejected} errors identical in class, message and full position`;
    t.diagnostic(line);
    console.log(line);
    if (hard.length > 0) failures.push(`${name}: ${hard.length} accept/reject or dump differences:\n  ${hard.slice(0, 10).join("\n  ")}`);
    if (errors.length > 0) failures.push(`${name}: ${errors.length} errors differ:\n  ${errors.slice(0, 10).join("\n  ")}`);
  }
  assert.deepEqual(failures, []);
});
