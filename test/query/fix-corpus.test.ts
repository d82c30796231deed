// Every fix form over a sample of the stdlib: Query.fix never throws, every result parses (or is
// refused with an error), and the same file with CRLF line ends or a BOM comes out as the same
// result with CRLF line ends or a BOM: the edit engine keeps what the edits do not touch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stdlibFiles } from "../support/corpus.js";
import { parse } from "../../src/parser/parse.js";
import { compileQuery, type QuerySpec } from "../../src/query/compile.js";

const RULES: Record<string, QuerySpec> = {
  remove: { rule: { select: "keyword" }, fix: { remove: true } },
  removeVar: { rule: { pattern: "$F($A, $$$R)" }, fix: { remove: "$A" } },
  insertBefore: { rule: { pattern: "return $X" }, fix: { insertBefore: "log($X)\nlog(2)" } },
  insertAfter: { rule: { kind: "alias" }, fix: { insertAfter: "extra_name" } },
  append: { rule: { kind: ":def" }, fix: { append: { field: "body", text: "return None" } } },
  wrap: { rule: { kind: "Expr" }, fix: { wrap: "try:\n    $$$\nexcept Exception:\n    pass" } },
  setField: { rule: { pattern: "def $F($$$P): $$$B" }, fix: { setField: { field: "name", value: "renamed_$F" } } },
  replace: { rule: { pattern: "if $C:\n    $$$B" }, fix: "while $C:\n    $$$B\n    break" },
  list: { rule: { pattern: "len($X)" }, fix: [{ replace: "size($X) + 0" }] },
};

test("fix forms over stdlib files: valid results; CRLF and BOM copies rewritten alike", () => {
  const files = stdlibFiles().filter((_, i) => i % 14 === 0);
  const enc = new TextEncoder();
  const figures: string[] = [];
  for (const [name, spec] of Object.entries(RULES)) {
    const q = compileQuery(spec);
    let fixed = 0;
    for (const f of files) {
      const { tree, error } = parse(f.bytes);
      if (error !== null || f.bytes.includes(13)) continue;
      const r = q.fix(tree);
      assert.ok(r.text !== null || r.error !== null || r.refusal !== null, `${name} ${f.name}`);
      if (r.text === null) continue;
      assert.equal(parse(r.text).error, null, `${name} ${f.name}`);
      fixed += r.edits.length;
      const text = new TextDecoder().decode(f.bytes);
      const crlf = enc.encode(text.replace(/\n/g, "\r\n"));
      assert.equal(q.fix(parse(crlf).tree, { source: crlf }).text, r.text.replace(/\n/g, "\r\n"), `${name} ${f.name} (CRLF)`);
      const bom = enc.encode("\ufeff" + text);
      assert.equal(q.fix(parse(bom).tree, { source: bom }).text, "\ufeff" + r.text, `${name} ${f.name} (BOM)`);
    }
    figures.push(`${name} ${fixed}`);
  }
  console.log(`edits applied over ${files.length} files: ${figures.join(", ")}`);
});
