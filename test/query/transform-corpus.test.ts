// Transforms, rewriters and string-safe re-indentation over the stdlib: a rule whose fix uses a
// transform and rewriters, and fixes moving statements with multi-line strings into deeper
// blocks, give valid Python on every file, and the moved strings keep their exact values.
// A sample by default; QUARRY_CORPUS_FULL=1 runs all 559 files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stdlibFiles } from "../support/corpus.js";
import { parse } from "../../src/parser/parse.js";
import type { Tree } from "../../src/ast/tree.js";
import { preorderIds } from "../../src/ast/walk.js";
import { NodeKind as K } from "../../src/schema/generated/nodes.js";
import { compileQuery } from "../../src/query/compile.js";

const FULL = process.env.QUARRY_CORPUS_FULL === "1";

const TRANSFORM = `
rule: { pattern: "if $C:\\n    $$$B" }
rewriters:
  - id: gen-to-list
    rule: { pattern: "list($E for $V in $I)" }
    transform:
      INNER: { rewrite: { source: $I, rewriters: [gen-to-list, print-to-log] } }
    fix: "[$E for $V in $INNER]"
  - id: print-to-log
    rule: { pattern: "print($$$A)" }
    fix: "log($$$A, cond=$C)"
transform:
  SAFE: { replace: { source: $C, replace: "[^A-Za-z0-9_]+", by: "_" } }
  SNAKE: convert($SAFE, toCase=snakeCase)
  SHORT: substring($SNAKE, endChar=30)
  BODY: rewrite($$$B, rewriters=[gen-to-list, print-to-log])
fix: |
  if $C:
      flag_$SHORT = True
      $BODY
`;

// Every statement in a function body moved one block deeper: docstrings and other multi-line
// strings go with it, their lines untouched.
const WRAP = `
rule:
  kind: [Expr, Assign, Return]
  inside: { kind: [FunctionDef, AsyncFunctionDef] }
  has: { kind: Constant, stopBy: end, regex: "\\n" }
fix: { wrap: "if True:\\n    $$$" }
`;

// A multi-line string captured and written again, deeper, after the statement.
const INSERT = `
rule:
  pattern: "$X = $S"
  has: { kind: Constant, regex: "\\n" }
fix:
  insertAfter: |
    if $X:
        $X = $S
`;

/** The str and bytes constants of a tree, in source order. */
function strings(tree: Tree): string[] {
  const out: string[] = [];
  for (const id of preorderIds(tree)) {
    if (tree.kind[id] !== K.Constant) continue;
    const v = tree.value(tree.field(id, 0), id);
    if (typeof v === "string") out.push(v);
  }
  return out;
}

test("transform + rewriters, and multi-line strings moved deeper, over stdlib files: valid Python, strings unchanged", () => {
  const files = FULL ? stdlibFiles() : stdlibFiles().filter((_, i) => i % 9 === 0);
  const figures: string[] = [];
  for (const [name, ruleText] of Object.entries({ transform: TRANSFORM, wrap: WRAP, insert: INSERT })) {
    const q = compileQuery({ ruleText });
    let rewritten = 0;
    let edits = 0;
    for (const f of files) {
      const { tree, error } = parse(f.bytes);
      if (error !== null || !q.mayMatch(f.bytes)) continue;
      const r = q.fix(tree);
      assert.equal(r.error, null, `${name} ${f.name}: ${r.error?.msg} line ${r.error?.lineno}`);
      assert.notEqual(r.text, null, `${name} ${f.name}: ${r.refusal?.code} ${r.refusal?.message}`);
      if (r.edits.length === 0) continue;
      const again = parse(r.text!);
      assert.equal(again.error, null, `${name} ${f.name}`);
      rewritten++;
      edits += r.edits.length;
      if (name === "wrap") assert.deepEqual(strings(again.tree), strings(tree), `${name} ${f.name}: a string changed`);
      if (name === "insert") {
        // Each inserted copy repeats a string of the original: the original strings are a subsequence.
        const got = strings(again.tree);
        let j = 0;
        for (const s of strings(tree)) {
          while (j < got.length && got[j] !== s) j++;
          assert.ok(j < got.length, `${name} ${f.name}: string lost ${JSON.stringify(s.slice(0, 40))}`);
          j++;
        }
      }
    }
    figures.push(`${name}: ${rewritten} files, ${edits} edits`);
  }
  console.log(`over ${files.length} stdlib files: ${figures.join("; ")}`);
});
