// quarry's selector matches over the stdlib corpus are exactly those of the same queries written
// as predicates over CPython's `ast` (oracle.ts), file by file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stdlibFiles } from "../support/corpus.js";
import { parse } from "../../src/parser/parse.js";
import { compileQuery } from "../../src/query/compile.js";
import { ORACLE_QUERIES, oracleMatches } from "./oracle.js";

test("selectors match exactly what CPython-ast predicates match over the stdlib", async () => {
  const files = stdlibFiles();
  const expected = await oracleMatches(files.map((f) => f.bytes));
  const queries = ORACLE_QUERIES.map(([sel]) => compileQuery({ select: sel }));
  let same = 0,
    total = 0;
  const bad: string[] = [];
  files.forEach((f, i) => {
    const { tree, error } = parse(f.bytes);
    assert.equal(error, null, f.name);
    const lines: string[] = [];
    queries.forEach((q, qi) => {
      for (const m of q.find(tree)) {
        const [l1, c1] = tree.position(m.range.start);
        const [l2, c2] = tree.position(m.range.end);
        lines.push(`${qi} ${tree.kindName(m.node)} ${l1}:${c1}-${l2}:${c2}`);
      }
    });
    lines.sort();
    const got = lines.join("\n");
    total += lines.length;
    if (got === expected[i]) same++;
    else if (bad.length < 5)
      bad.push(
        `${f.name}:\n  quarry: ${lines
          .filter((l) => !expected[i]!.split("\n").includes(l))
          .slice(0, 5)
          .join(" ; ")}\n  oracle: ${expected[i]!.split("\n")
          .filter((l) => !lines.includes(l))
          .slice(0, 5)
          .join(" ; ")}`,
      );
  });
  console.log(`oracle: ${same}/${files.length} files identical, ${total} matches of ${queries.length} selectors`);
  assert.deepEqual(bad, []);
  assert.equal(same, files.length);
});
