// The tokenize module (src/tokenizer/stream.ts) on sources in multi-byte encodings against
// CPython 3.14's tokenize.tokenize (Pyodide): valid text, and bad bytes (read with errors="replace").
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../../src/tokenizer/stream.js";
import { CODEC_MULTIBYTE } from "../../src/core/generated/codecs.js";
import { multiByteCodec } from "../../src/core/multibyte.js";
import { oracleStreams, streamDiff } from "../tokenizer/module-oracle.js";
import { xorshift32 } from "../support/xorshift.js";

const ascii = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0));

test("tokenize on multi-byte encoded sources: identical to tokenize.tokenize", async () => {
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  const next = xorshift32(0x70c3);
  for (const m of Object.keys(CODEC_MULTIBYTE)) {
    const c = multiByteCodec(m)!;
    // 40 lines of a comment and a string holding random sequences: valid ones from the tables,
    // and random bytes >= 0x80 (often invalid, then U+FFFD).
    for (let s = 0; s < 20; s++) {
      const body: number[] = [...ascii(`# coding: ${m}\n`)];
      for (let line = 0; line < 40; line++) {
        const seq: number[] = [];
        for (let k = 0; k < 6; k++) {
          if (next() < 0.8) {
            const i = Math.floor(next() * c.two.length);
            if (c.two[i] !== null && c.one[0x80 | (i >> 8)] === null) seq.push(0x80 | (i >> 8), i & 0xff);
          } else seq.push(0x80 + Math.floor(next() * 128));
        }
        const clean = seq.filter((b) => b !== 0x27 && b !== 0x5c && b !== 10 && b !== 13 && b !== 0);
        body.push(...ascii(line % 2 === 0 ? "x = '" : "# "), ...clean, ...ascii(line % 2 === 0 ? "'\n" : "\n"));
      }
      sources.push(Uint8Array.from(body));
      labels.push(`${m} ${s}`);
    }
  }
  const want = await oracleStreams(sources);
  const failures: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const d = streamDiff(tokenize(sources[i]!), want[i]!);
    if (d !== null) failures.push(`${labels[i]}: ${d}`);
  }
  console.log(`tokenize module, multi-byte codecs: ${sources.length - failures.length}/${sources.length} identical`);
  assert.deepEqual(failures.slice(0, 5), []);
});
