// The tokenize module (src/tokenizer/stream.ts) on sources in the derived codecs (cp949, johab,
// hz, utf_7, iso2022_*) against CPython 3.14's tokenize.tokenize (Pyodide), which decodes each
// line on its own with errors="replace": stateful codecs start every line afresh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../../src/tokenizer/stream.js";
import { oracleStreams, streamDiff } from "../tokenizer/module-oracle.js";
import { xorshift32 } from "../support/xorshift.js";

const ascii = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0));

// Lines of a comment or a string holding pieces that drive each codec's state machine: the
// first three of each list are well-formed on their own; the others leave a shift, a designation
// or a sequence open at the line end, or are bad bytes (then each line decoded afresh shows).
const PIECES: Record<string, number[][]> = {
  cp949: [[0x81, 0x41], [0xb0, 0xa1], [0xc6, 0x52], [0xc6, 0x53], [0x81], [0xff, 0x41], [0xa4, 0xd4]],
  johab: [[0x88, 0x61], [0x88, 0x41], [0xd9, 0x31], [0xda, 0xd4], [0x84], [0xd8, 0x31], [0x80, 0x41]],
  hz: [ascii("~{<:Ky~}"), ascii("~~"), ascii("ab"), ascii("~{"), ascii("~}"), ascii("<:Ky"), ascii("~"), [0x80], ascii("~x")],
  utf_7: [ascii("+ZeVnLA-"), ascii("+-"), ascii("+2D3cAA-"), ascii("+ZeVnLA"), ascii("+"), [0x80], ascii("+AB")],
  iso2022_kr: [ascii("\x1b$)C\x0e0!\x0f"), ascii("\x1b(Ba"), ascii("\x0e\x0f"), [0x0e], ascii("0!"), [0x80], ascii("\x1b$")],
  iso2022_jp: [
    ascii("\x1b$BF|\x1b(B"),
    ascii("\x1b(J\\~"),
    ascii("\x1b(B"),
    ascii("\x1b$B"),
    ascii("F|"),
    [0x80],
    ascii("\x1b$("),
    ascii("\x1bx"),
  ],
  iso2022_jp_1: [ascii("\x1b$(D0!\x1b(B"), ascii("\x1b&@\x1b$B0!"), ascii("\x1b(B"), ascii("\x1b$(D"), ascii("0!"), [0x80], ascii("\x1b(")],
  iso2022_jp_2: [
    ascii("\x1b$A0!\x1b(B"),
    ascii("\x1b.A\x1bNa"),
    ascii("\x1b$(C0!"),
    ascii("\x1b.F\x1bNa"),
    ascii("0!"),
    [0x80],
    ascii("\x1bN"),
  ],
  iso2022_jp_ext: [ascii("\x1b(I12\x1b(B"), ascii("\x1b$BF|"), ascii("\x1b(B"), ascii("F|"), [0x80], ascii("\x1b")],
};

test("tokenize on sources in the derived codecs: identical to tokenize.tokenize", async () => {
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  const next = xorshift32(0x70c4);
  for (const [codec, pieces] of Object.entries(PIECES)) {
    for (let s = 0; s < 60; s++) {
      const body: number[] = [...ascii(`# coding: ${codec}\n`)];
      for (let line = 0; line < (s % 2 === 0 ? 12 : 2); line++) {
        const seq: number[] = [];
        const n = 1 + Math.floor(next() * 4);
        // Half the sources only well-formed pieces, the others any.
        const from = s % 2 === 0 ? 3 : pieces.length;
        for (let k = 0; k < n; k++) seq.push(...pieces[Math.floor(next() * from)]!);
        const clean = seq.filter((b) => b !== 0x27 && b !== 0x5c && b !== 10 && b !== 13 && b !== 0);
        body.push(...ascii(line % 2 === 0 ? "x = '" : "# "), ...clean, ...ascii(line % 2 === 0 ? "'\n" : "\n"));
      }
      // Now and then the last line has no line end.
      sources.push(Uint8Array.from(s % 5 === 4 ? body.slice(0, -1) : body));
      labels.push(`${codec} ${s}`);
    }
  }
  const want = await oracleStreams(sources);
  const failures: string[] = [];
  let refused = 0;
  for (let i = 0; i < sources.length; i++) {
    const ours = tokenize(sources[i]!);
    // quarry's refusals here (see decodeDeclaredLines): a line decoded without its "\n", or to
    // lone surrogates.
    const why = /^encoding not supported by quarry: \w+ \(Python codec \w+: line \d+ (.*)\)$/.exec(ours.error?.msg ?? "")?.[1];
    if (ours.count === 0 && (why === "loses its line end when decoded on its own" || why === "decodes to lone surrogates")) {
      refused++;
      continue;
    }
    const d = streamDiff(ours, want[i]!);
    if (d !== null) failures.push(`${labels[i]}: ${d}`);
  }
  console.log(
    `tokenize module, derived codecs: ${sources.length - refused - failures.length}/${sources.length} identical, ${refused} refused (a line decoded without its line end or to lone surrogates)`,
  );
  assert.deepEqual(failures.slice(0, 5), []);
});
