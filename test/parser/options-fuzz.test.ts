// Differential fuzzing of parse's options against CPython 3.14: the fuzz suite's seeded cases
// (test/fuzz/generate.ts) parsed with mode eval, single and func_type and with feature_version
// 3.7 and 3.12. Accept/reject and the dump must always agree; where both reject, agreement on
// class, message and position is reported as a figure (as in test/fuzz, the second pass's
// choices are not all emulated; these cases fare as in exec mode).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, type ParseOptions } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { askOracle, type OracleParseOptions } from "../support/oracle.js";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { generateCases } from "../fuzz/generate.js";

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
  const bytes = generateCases(SEED, CASES, sources).map((c) => enc.encode(c));
  for (const [name, opts, oracle] of RUNS) {
    const answers = await askOracle(bytes, { bundle: true, parse: oracle });
    const hard: string[] = [];
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
        if (e.cls === a.cls && e.msg === a.msg && e.lineno === a.lineno && e.offset === a.offset) same++;
      }
    }
    t.diagnostic(
      `${name}: ${bytes.length} cases, ${hard.length} accept/reject or dump differences, ${same}/${rejected} errors identical in class, message and position`,
    );
    assert.deepEqual(hard.slice(0, 10), [], name);
  }
});
