// import-linter's expression fields, table-driven: which `importer -> imported` expressions
// lint-imports accepts (whitespace, underscores, `*` and `**`) and the message for each it rejects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { importExpressionProblem } from "../../src/check/config/importlinter.js";

const FORM = 'Must be in the form "package.importer -> package.imported".';
const WHOLE = "A wildcard can only replace a whole module.";
const AFTER_RECURSIVE = "A recursive wildcard cannot be followed by a wildcard.";
const BEFORE_RECURSIVE = "A wildcard cannot be followed by a recursive wildcard.";

const CASES: [string, string | null][] = [
  ["mypackage.foo -> mypackage.bar", null],
  ["my_package.foo   ->   my_package.bar", null],
  ["my_package.foo -> my_package.foo_bar", null],
  ["mypackage.foo.* -> mypackage.bar", null],
  ["mypackage.foo.*.baz -> mypackage.bar", null],
  ["mypackage.foo -> mypackage.bar.*", null],
  ["*.*.* -> mypackage.*.foo.*", null],
  ["mypackage.foo.** -> mypackage.bar", null],
  ["mypackage.foo.**.baz -> mypackage.bar", null],
  ["mypackage.foo -> mypackage.bar.**", null],
  ["** -> mypackage.**.foo.*", null],
  ["mypackage.foo - mypackage.bar", FORM],
  ["mypackage.foo.bar* -> mypackage.bar", WHOLE],
  ["mypackage.foo.b*z -> mypackage.bar", WHOLE],
  ["mypackage.foo.bar** -> mypackage.bar", WHOLE],
  ["mypackage.**.*.foo -> mypackage.bar", AFTER_RECURSIVE],
  ["mypackage.**.**.foo -> mypackage.bar", AFTER_RECURSIVE],
  ["mypackage.*.**.foo -> mypackage.bar", BEFORE_RECURSIVE],
  ["mypackage.foo.b**z -> mypackage.bar", WHOLE],
];

for (const [expr, problem] of CASES) {
  test(`import expression ${JSON.stringify(expr)}: ${problem ?? "valid"}`, () => {
    assert.equal(importExpressionProblem(expr), problem);
  });
}
