// The error catalog (src/core/error-catalog.ts): codes are unique and stage-prefixed, every error
// the invalid fixtures raise carries a catalogued code whose class and template match it, and
// every catalog entry is raised by at least one fixture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { parse } from "../../src/index.js";
import { ALL_ERRORS, ERRORS, errorMessage, type ErrorEntry } from "../../src/core/error-catalog.js";

// Entries no program CPython rejects in exec mode can raise; each is covered by the test named.
const NO_FIXTURE = new Map<string, string>([
  [ERRORS.EncodingUnsupported.code, "a codec quarry cannot decode; CPython accepts the file"],
  [ERRORS.EncodingUnsupportedHere.code, "a codec this runtime's TextDecoder decodes differently; CPython accepts the file"],
  [ERRORS.MultipleStatements.code, "mode='single' only: test/parser/modes.test.ts"],
  [ERRORS.FeatureVersion.code, "feature_version only: test/parser/feature-version.test.ts"],
  [ERRORS.SurrogateInSource.code, "a JS string source holding a lone surrogate (no file can): test/parser/surrogates.test.ts"],
  [ERRORS.SurrogatesInSource.code, "a JS string source holding lone surrogates (no file can): test/parser/surrogates.test.ts"],
  [ERRORS.SourceEncode.code, "a utf_7 source decoding to lone surrogates: test/core/codecs-derived.test.ts"],
  [ERRORS.DoubleTypeComments.code, "type_comments=True only: test/parser/type-comments.test.ts"],
  [ERRORS.BareStarTypeComment.code, "type_comments=True only: test/parser/type-comments.test.ts"],
]);

const BY_CODE = new Map(ALL_ERRORS.map((e) => [e.code, e]));

/** A regular expression matching every message `e` can produce (parameters match any text). */
function templatePattern(e: ErrorEntry): RegExp {
  const parts = e.template.split(/\{[A-Za-z]+\}/);
  return new RegExp("^" + parts.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*") + "$");
}

test("error catalog: codes unique and stage-prefixed, templates well-formed", () => {
  const codes = ALL_ERRORS.map((e) => e.code);
  assert.equal(new Set(codes).size, codes.length, "duplicate code in core/error-catalog.ts");
  for (const c of codes) assert.match(c, /^(T1|P2)\d{3}$/);
  const templates = ALL_ERRORS.map((e) => e.template);
  assert.equal(new Set(templates).size, templates.length, "two entries with the same template");
  assert.equal(errorMessage(ERRORS.CannotAssign, { target: "literal" }), "cannot assign to literal");
  assert.equal(errorMessage(ERRORS.FStringExpectingExpression, { prefix: "t" }), "t-string: expecting a valid expression after '{'");
  for (const code of NO_FIXTURE.keys()) assert.ok(BY_CODE.has(code));
});

test("error catalog: docs/errors.md lists every entry with its class and message", () => {
  const doc = readFileSync(join(repoRoot(), "docs", "errors.md"), "utf8");
  const missing = ALL_ERRORS.filter((e) => !doc.includes(`| ${e.code} | ${e.cls} | \`${e.template.replace(/\|/g, "\\|")}\` |`));
  assert.deepEqual(
    missing.map((e) => e.code),
    [],
    "entries missing from docs/errors.md (or listed with another class or message)",
  );
});

test("error catalog: every invalid fixture raises a catalogued error, and every entry has a fixture", (t) => {
  const used = new Map<string, number>();
  const wrong: string[] = [];
  for (const f of listFixtures("err")) {
    const { error } = parse(f.bytes);
    if (error === null) continue; // accept/reject agreement is the fixtures test's job
    const entry = error.code === undefined ? undefined : BY_CODE.get(error.code);
    if (entry === undefined) wrong.push(`${f.rel}: uncatalogued code ${String(error.code)} for ${error.msg}`);
    else if (entry.cls !== error.cls || !templatePattern(entry).test(error.msg))
      wrong.push(`${f.rel}: ${entry.code} does not fit ${error.cls}: ${error.msg}`);
    used.set(error.code ?? "", (used.get(error.code ?? "") ?? 0) + 1);
  }
  assert.deepEqual(wrong, [], "errors that do not fit the catalog");
  const missing = ALL_ERRORS.filter((e) => !used.has(e.code) && !NO_FIXTURE.has(e.code)).map((e) => `${e.code} ${e.template}`);
  t.diagnostic(`error catalog: ${used.size} of ${ALL_ERRORS.length} codes raised by the invalid fixtures`);
  assert.deepEqual(missing, [], "catalog entries with no fixture");
});
