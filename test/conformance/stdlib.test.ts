// Conformance: quarry's ast.dump equals CPython 3.14's for every .py file of the stdlib shipped in pyodide.
// The bar is 100%; there is no known-failures list. Summary snapshot: summary.snap (UPDATE=1 rewrites it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STDLIB_BYTE_COUNT, STDLIB_FILE_COUNT, repoRoot, stdlibFiles } from "../support/corpus.js";
import { askOracle, type OracleAnswer } from "../support/oracle.js";
import { judge, requireQuarry } from "../support/quarry.js";
import { updating } from "../support/fixtures.js";

const SNAPSHOT = join(repoRoot(), "test", "conformance", "summary.snap");

// CPython's answers for the whole corpus, read from the cache once for the two tests that use them.
let corpusAnswers: Promise<OracleAnswer[]> | undefined;
const askCorpus = (): Promise<OracleAnswer[]> => (corpusAnswers ??= askOracle(stdlibFiles().map((f) => f.bytes)));

test("corpus: python_stdlib.zip holds the expected .py files", () => {
  const files = stdlibFiles();
  assert.equal(files.length, STDLIB_FILE_COUNT);
  assert.equal(
    files.reduce((n, f) => n + f.bytes.length, 0),
    STDLIB_BYTE_COUNT,
  );
});

test("corpus: CPython 3.14 accepts every stdlib file", async () => {
  const files = stdlibFiles();
  const answers = await askCorpus();
  const rejected = files.filter((_, i) => !answers[i]!.ok).map((f) => f.name);
  assert.deepEqual(rejected, []);
});

test("stdlib: AST identical to CPython 3.14 (include_attributes=True) for every file", async (t) => {
  const files = stdlibFiles();
  // Ask the oracle first, so its cache is warm even while quarry does not build.
  const answers = await askCorpus();
  const q = await requireQuarry();
  let matched = 0;
  const failures: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const v = judge(q, files[i]!.bytes, answers[i]!);
    if (v.agree) matched++;
    else failures.push(`${files[i]!.name}: ${v.detail}`);
  }
  const summary = `AST matched ${matched}/${files.length}\n`;
  const line = `AST identical ${matched}/${files.length}`;
  t.diagnostic(line);
  console.log(line);
  if (updating()) writeFileSync(SNAPSHOT, summary);
  assert.equal(
    matched,
    files.length,
    `${files.length - matched} stdlib files differ; first ${Math.min(10, failures.length)}:\n` + failures.slice(0, 10).join("\n"),
  );
  assert.equal(summary, readFileSync(SNAPSHOT, "utf8"), "summary.snap is stale; run UPDATE=1 npm test");
});
