// Fixture folders, one per construct: input.py, query.yaml (a rule: pattern, select, ...) and
// expected.txt (one line per match, see render.ts). Both back ends must produce expected.txt.
// QUARRY_ACCEPT=1 writes expected.txt from the closure back end (review the diff before committing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { parse } from "../../src/parser/parse.js";
import { compileQuery } from "../../src/query/compile.js";
import { renderMatches } from "./render.js";

const dir = join(repoRoot(), "test", "query", "fixtures");
const accept = process.env.QUARRY_ACCEPT === "1";

for (const name of readdirSync(dir).sort()) {
  test(`fixture ${name}`, () => {
    const src = readFileSync(join(dir, name, "input.py"));
    const ruleText = readFileSync(join(dir, name, "query.yaml"), "utf8");
    const { tree, error } = parse(src);
    assert.equal(error, null);
    const closure = renderMatches(tree, compileQuery({ ruleText }, { backend: "closure" }).find(tree));
    const gen = renderMatches(tree, compileQuery({ ruleText }, { backend: "codegen" }).find(tree));
    assert.deepEqual(gen, closure, "the two back ends disagree");
    const file = join(dir, name, "expected.txt");
    const got = closure.join("\n") + "\n";
    if (accept || !existsSync(file)) writeFileSync(file, got);
    assert.equal(got, readFileSync(file, "utf8"));
  });
}
