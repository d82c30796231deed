// Fix fixtures: the folders of test/query/fixtures/ that hold an expected.py (one per fix form)
// are rewritten with Query.fix on both back ends; the result must be expected.py, and the
// rewrite must leave no fix skipped or in conflict. QUARRY_ACCEPT=1 writes expected.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { parse } from "../../src/parser/parse.js";
import { compileQuery } from "../../src/query/compile.js";

const dir = join(repoRoot(), "test", "query", "fixtures");
const accept = process.env.QUARRY_ACCEPT === "1";

for (const name of readdirSync(dir)
  .sort()
  .filter((n) => n.startsWith("fix-"))) {
  test(`fix fixture ${name}`, () => {
    const src = readFileSync(join(dir, name, "input.py"));
    const ruleText = readFileSync(join(dir, name, "query.yaml"), "utf8");
    const { tree, error } = parse(src);
    assert.equal(error, null);
    const results = (["closure", "codegen"] as const).map((backend) => compileQuery({ ruleText }, { backend }).fix(tree));
    assert.deepEqual(results[1], results[0], "the two back ends disagree");
    const r = results[0]!;
    assert.deepEqual([r.conflicts, r.skipped, r.error], [[], [], null]);
    assert.notEqual(r.text, null);
    assert.equal(parse(r.text!).error, null);
    const file = join(dir, name, "expected.py");
    if (accept || !existsSync(file)) writeFileSync(file, r.text!);
    assert.equal(r.text, readFileSync(file, "utf8"));
  });
}
