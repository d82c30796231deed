// The error-code catalog (src/core/messages.ts): every error quarry reports for the invalid
// fixtures has a catalogued code, codes are unique, and every code has at least one fixture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { listFixtures } from "../support/fixtures.js";
import { parse } from "../../src/index.js";
import { MESSAGES, UNKNOWN_CODE, messageCode } from "../../src/core/messages.js";

// Codes no CPython-rejected program can produce: quarry-only limits.
const NO_FIXTURE = new Set([
  "T1006" /* a coding cookie quarry cannot decode; CPython accepts it */,
  "T1008" /* a str source with a lone surrogate, which no file can hold: test/parser/surrogates.test.ts */,
  "P2513" /* mode="single" only: test/parser/modes.test.ts */,
  "P2514" /* feature_version only: test/parser/feature-version.test.ts */,
]);

test("error codes: unique, well-formed, stage-prefixed", () => {
  const codes = MESSAGES.map((m) => m.code);
  assert.equal(new Set(codes).size, codes.length, "duplicate code in core/messages.ts");
  for (const c of codes) assert.match(c, /^(T1|P2)\d{3}$/);
  assert.equal(messageCode("invalid syntax"), "P2001");
  assert.equal(messageCode("no such message"), UNKNOWN_CODE);
});

test("error codes: every invalid fixture gets a catalogued code, and every code has a fixture", (t) => {
  const used = new Map<string, number>();
  const unknown: string[] = [];
  for (const f of listFixtures("err")) {
    const { error } = parse(f.bytes);
    if (error === null) continue; // accept/reject agreement is the fixtures test's job
    if (error.code === UNKNOWN_CODE || error.code === undefined) unknown.push(`${f.rel}: ${error.msg}`);
    used.set(error.code ?? "", (used.get(error.code ?? "") ?? 0) + 1);
  }
  assert.deepEqual(unknown, [], "errors without a catalogued code");
  const missing = MESSAGES.filter((m) => !used.has(m.code) && !NO_FIXTURE.has(m.code)).map((m) => `${m.code} ${m.pattern.source}`);
  t.diagnostic(`error codes: ${used.size} of ${MESSAGES.length} codes exercised by the invalid fixtures`);
  assert.deepEqual(missing, [], "codes with no fixture");
});
