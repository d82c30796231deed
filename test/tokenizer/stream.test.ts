// The public token stream against CPython 3.14's tokenize module (Pyodide): every token's type,
// exact type, string, start, end and line, and the exception that ends the stream, for all stdlib
// files, every grammar fixture and the first fuzz cases. The bar is 100%.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../../src/tokenizer/stream.js";
import { stdlibFiles } from "../support/corpus.js";
import { listFixtures } from "../support/fixtures.js";
import { generateCases } from "../fuzz/generate.js";
import { oracleStreams, streamDiff } from "./module-oracle.js";

const FUZZ_SEED = 0x5eed2026;
const FUZZ_CASES = 5000;

async function check(label: string, sources: Uint8Array[], names: string[], text = false): Promise<void> {
  const want = await oracleStreams(sources, text);
  const dec = new TextDecoder("utf-8", { ignoreBOM: true }); // keep a U+FEFF: it is part of a str
  let same = 0;
  const failures: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const d = streamDiff(tokenize(text ? dec.decode(sources[i]!) : sources[i]!), want[i]!);
    if (d === null) same++;
    else failures.push(`${names[i]}: ${d}`);
  }
  console.log(`tokenize module, ${label}: ${same}/${sources.length} identical`);
  assert.deepEqual(failures.slice(0, 5), []);
}

test("stdlib: identical to tokenize.tokenize", async () => {
  const files = stdlibFiles();
  await check(
    "stdlib",
    files.map((f) => f.bytes),
    files.map((f) => f.name),
  );
});

test("grammar fixtures (ok and err): identical to tokenize.tokenize", async () => {
  const fx = [...listFixtures("ok"), ...listFixtures("err")];
  await check(
    "fixtures",
    fx.map((f) => f.bytes),
    fx.map((f) => f.rel),
  );
});

test("fuzz cases: identical streams and errors", async () => {
  const dec = new TextDecoder();
  const sources = [...stdlibFiles().map((f) => dec.decode(f.bytes)), ...listFixtures("ok").map((f) => dec.decode(f.bytes))];
  const enc = new TextEncoder();
  const cases = generateCases(FUZZ_SEED, FUZZ_CASES, sources).map((c) => enc.encode(c));
  await check(
    "fuzz",
    cases,
    cases.map((c) => JSON.stringify(dec.decode(c))),
  );
});

test("str input: identical to tokenize.generate_tokens (no ENCODING, no cookie or BOM handling)", async () => {
  const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const utf8 = [...listFixtures("ok"), ...listFixtures("err")].filter((f) => {
    try {
      fatal.decode(f.bytes);
      return true;
    } catch {
      return false;
    }
  });
  const enc = new TextEncoder();
  const extra = ["\ufeffx = 1\n", "# coding: latin-1\nx = 'é'\n", "", "x", "\r", "a\r\nb\rc\n", "f'{x:}'", "if x:\n\ty\n        z\n"].map(
    (s) => enc.encode(s),
  );
  const sources = [...utf8.map((f) => f.bytes), ...extra];
  await check(
    "str input",
    sources,
    [...utf8.map((f) => f.rel), ...extra.map((b) => JSON.stringify(new TextDecoder().decode(b)))],
    /*text*/ true,
  );
});
