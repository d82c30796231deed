// Conformance: our token stream equals CPython 3.14's (via Pyodide's tokenize module, which wraps
// the C tokenizer) for every .py file of the stdlib zip. The bar is all 559.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../../src/tokenizer/tokenizer.js";
import { decodeSource } from "../../src/core/source.js";
import { Interner } from "../../src/core/interner.js";
import { TokenKind } from "../../src/tokenizer/token-kind.js";
import { firstDiff, listTokens, oracleTokensMany, stdlibFiles } from "./oracle.js";

test("stdlib: token streams identical to CPython's", async () => {
  const files = await stdlibFiles();
  const expected = await oracleTokensMany(files.map((f) => f[1]));
  let same = 0;
  const failures: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const [name, bytes] = files[i]!;
    const { bytes: src, error } = decodeSource(bytes);
    assert.equal(error, null, name);
    const t = tokenize(src, new Interner());
    // Invariant of the merged-literal deviation: a literal run ends where the next token starts.
    for (let j = 0; j + 1 < t.count; j++) {
      const k = t.kind[j];
      if (k === TokenKind.FSTRING_MIDDLE || k === TokenKind.TSTRING_MIDDLE) assert.equal(t.end[j], t.start[j + 1], name);
    }
    const ours = listTokens(src, t);
    if (ours === expected[i]) same++;
    else failures.push(`${name}: ${firstDiff(ours, expected[i]!)}`);
  }
  console.log(`tokenizer stdlib conformance: ${same}/${files.length} files identical`);
  assert.deepEqual(failures.slice(0, 10), []);
});
