// PEP 401 against CPython 3.14 (Pyodide): `<>` is NotEq and `!=` an error after a
// `from __future__ import barry_as_FLUFL` (anywhere, for the code after it) or under compile()'s
// CO_FUTURE_BARRY_AS_BDFL flag (parse's barryAsFLUFL option); without either, `<>` is invalid.
import { test } from "node:test";
import assert from "node:assert/strict";
import { askOracle } from "../support/oracle.js";
import { quarryOutcome, oracleOutcome as theirs } from "../support/outcome.js";

const enc = new TextEncoder();
const CO_FUTURE_BARRY_AS_BDFL = 0x400000;
const FUTURE = "from __future__ import barry_as_FLUFL\n";

const CASES = [
  "1 <> 2",
  "1 != 2",
  "x <>",
  "a <>= b",
  "1 < > 2",
  "1 <> 2 <> 3",
  "1 <> 2 != 3",
  "1 != 2 <> 3",
  "if 1 != 2: pass",
  "x = [a for a in b if a != 1]",
  'f"{1 <> 2}"',
  'f"{1 != 2}"',
  "x = (1 !=\n2)",
  "f(1 != 2,",
  "lambda: a <> b",
  "match x:\n  case 1 if a <> b: pass\n",
  `${FUTURE}1 <> 2`,
  `${FUTURE}1 != 2`,
  `1 != 2\n${FUTURE}1 <> 2`,
  `x = 1\n${FUTURE}1 <> 2`,
  `def f():\n  ${FUTURE}1 <> 2`,
  `${FUTURE}1 <> 2 != 3`,
  `${FUTURE}f(1 != 2,`,
  `1 != 2\n${FUTURE}f(`,
  "from . __future__ import barry_as_FLUFL\n1 <> 2",
  "from __future__ import (barry_as_FLUFL as b)\n1 <> 2",
  `1 != 2\n${FUTURE}x = = 1`,
  `1 != 2\n${FUTURE}1 <> 2\nx = = 1`,
  `${FUTURE}1 <> 2\nx = = 1`,
  `1 <> 2\n${FUTURE}`,
  "from __future__ import nested_scopes, barry_as_FLUFL\nx = 1 <> 2\n",
  "import __future__\n1 <> 2",
  "from __future__.x import barry_as_FLUFL\n1 <> 2",
  "from __future__ import barry_as_flufl\n1 <> 2",
  `if x:\n  ${FUTURE}y = a <> b\n`,
  `${FUTURE}t"{a <> b}"`,
  `${FUTURE}x: int = a <> b`,
];

function ours(src: string, barryAsFLUFL: boolean): string {
  return quarryOutcome(src, barryAsFLUFL ? { barryAsFLUFL } : {});
}

for (const flag of [false, true]) {
  test(`barry_as_FLUFL (${flag ? "CO_FUTURE_BARRY_AS_BDFL flag" : "future import only"}): trees and errors equal CPython's`, async () => {
    const answers = await askOracle(
      CASES.map((c) => enc.encode(c)),
      { bundle: true, ...(flag ? { parse: { flags: CO_FUTURE_BARRY_AS_BDFL } } : {}) },
    );
    const bad: string[] = [];
    for (let i = 0; i < CASES.length; i++) {
      const want = theirs(answers[i]!);
      const got = ours(CASES[i]!, flag);
      if (got !== want) bad.push(`${JSON.stringify(CASES[i])}: ours ${got.slice(0, 200)} | CPython ${want.slice(0, 200)}`);
    }
    console.log(`barry_as_FLUFL${flag ? " flag" : ""}: ${CASES.length - bad.length}/${CASES.length} identical`);
    assert.deepEqual(bad, []);
  });
}
