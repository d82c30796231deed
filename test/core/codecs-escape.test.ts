// Sources declared unicode_escape or raw_unicode_escape against CPython 3.14 (Pyodide): the
// whole buffer is decoded before tokenizing, so escapes anywhere (comments, names, strings) count.
// Generated sources through parse() vs ast.parse, and through the tokenize module vs tokenize.tokenize.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { tokenize } from "../../src/tokenizer/stream.js";
import { decodeEscapeCodec } from "../../src/core/escape-codecs.js";
import { askOracle } from "../support/oracle.js";
import { oracleOutcome, quarryOutcome } from "../support/outcome.js";
import { oracleStreams, streamDiff } from "../tokenizer/module-oracle.js";
import { xorshift32 } from "../support/xorshift.js";

const CODECS = ["unicode_escape", "raw_unicode_escape"] as const;
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

const NAMES = [
  "LATIN SMALL LETTER A",
  "latin capital letter b",
  "GREEK SMALL LETTER ALPHA",
  "SNOWMAN",
  "CJK UNIFIED IDEOGRAPH-4E00",
  "HANGUL SYLLABLE GAG",
  "LINE FEED",
  "SPACE",
  "APOSTROPHE",
  "QUOTATION MARK",
  "NUMBER SIGN",
  "DIGIT ONE",
  "NO SUCH CHARACTER",
  "",
];
const HEX = "0123456789abcdefABCDEF";

/** One random escape-ish piece of source text (Latin-1 characters standing for bytes). */
function piece(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const hex = (n: number): string => Array.from({ length: n }, () => pick([...HEX])).join("");
  const cp = (v: number, n: number): string => v.toString(16).padStart(n, "0");
  const r = next();
  if (r < 0.1) return "\\x" + hex(next() < 0.9 ? 2 : Math.floor(next() * 2)) + (next() < 0.2 ? "g" : "");
  if (r < 0.25) {
    // Mostly printable BMP code points, now and then a surrogate or a cut-short escape.
    const v = next() < 0.05 ? 0xd800 + Math.floor(next() * 0x800) : 0x41 + Math.floor(next() * 0x3000);
    return "\\u" + (next() < 0.9 ? cp(v, 4) : hex(Math.floor(next() * 4)));
  }
  if (r < 0.35) {
    const v = next() < 0.85 ? 0x41 + Math.floor(next() * 0x1ffff) : 0x10ff00 + Math.floor(next() * 0x200);
    return "\\U" + (next() < 0.9 ? cp(v, 8) : hex(Math.floor(next() * 8)));
  }
  if (r < 0.45) {
    const n = next();
    if (n < 0.75) return `\\N{${pick(NAMES)}}`;
    return n < 0.85 ? "\\N" : n < 0.95 ? "\\N{SNOW" : "\\N{\xe9}";
  }
  if (r < 0.5) return "\\" + Math.floor(next() * 0o1000).toString(8);
  if (r < 0.6) return "\\" + pick(["\\", "'", '"', "a", "b", "f", "n", "t", "v", "q", "d", "{", " ", "\xe9", "\xff"]);
  if (r < 0.63) return "\\\n";
  if (r < 0.7) return "\\\\" + pick(["u0041", "U00000041", "x41", "\\u0042"]);
  if (r < 0.8) return String.fromCharCode(0x80 + Math.floor(next() * 0x80));
  if (r < 0.81) return pick(["\\r", "\\x00", "\\0", "\\N{NULL}", "\\u000d"]);
  return pick(["a", "b1", " ", "_", "#", "(", ")", "+"]);
}

/** A source: the cookie, then lines of assignments, strings, comments and bare escapes. */
function source(codec: string, next: () => number): string {
  let s = next() < 0.2 ? `#!/usr/bin/env python\n# -*- coding: ${codec} -*-\n` : `# coding: ${codec}\n`;
  const lines = 1 + Math.floor(next() * 4);
  for (let l = 0; l < lines; l++) {
    const k = Math.floor(next() * 5);
    let body = "";
    for (let p = Math.floor(next() * 4); p > 0; p--) body += piece(next);
    if (k === 0) s += `x = '${body}'`;
    else if (k === 1) s += `y = """${body}"""`;
    else if (k === 2) s += `z = 1  # ${body}`;
    else if (k === 3) s += `x${l} = ${body}`;
    else s += body;
    if (l < lines - 1 || next() < 0.8) s += "\n";
  }
  return s;
}

// Why quarry refuses a source CPython reads (T1006): each names what CPython does there.
const REFUSALS = [
  "a last line without a line end", // a final backslash-newline, or a NUL cutting the text
  "a CR in the decoded text",
];

function refusal(got: string): string | null {
  const m = /encoding not supported by quarry: \S+ \(Python codec \w+: (.*)\) @/.exec(got);
  if (m === null) return null;
  assert.ok(REFUSALS.includes(m[1]!), got);
  return m[1]!;
}

async function compare(what: string, sources: Uint8Array[], mode: "exec" | "eval" | "single" = "exec"): Promise<void> {
  const answers = await askOracle(sources, { bundle: true, ...(mode === "exec" ? {} : { parse: { mode } }) });
  const bad: string[] = [];
  let refused = 0;
  for (let i = 0; i < sources.length; i++) {
    const got = quarryOutcome(sources[i]!, { mode });
    if (refusal(got) !== null) {
      refused++;
      continue;
    }
    const want = oracleOutcome(answers[i]!);
    if (got !== want)
      bad.push(`${JSON.stringify(Buffer.from(sources[i]!).toString("latin1"))}: ours ${got.slice(0, 300)} | CPython ${want.slice(0, 300)}`);
  }
  const same = sources.length - refused - bad.length;
  console.log(`${what}: ${same}/${sources.length} identical, ${refused} refused (T1006)`);
  assert.deepEqual(bad.slice(0, 5), []);
  // Refusals are the rare corners the generator reaches now and then, not the rule.
  assert.ok(refused * 10 < sources.length, `${refused} refused`);
}

test("escape-declared sources: hand cases identical to ast.parse", async () => {
  const bodies = [
    "x = '\\u0041'\n",
    "x = 1  # \\u0041\n\\u0079 = 2\n", // a name made by an escape
    "x = '\\x4'\n",
    "x = '\\N{LATIN SMALL LETTER A}\\N{bogus}'\n",
    "x = '\\N{DIGIT ONE'\n",
    "x = '\\N{}'\n",
    "x = '\\N'\n",
    "x = '\\ud800'\n",
    "x = '\\ud800\\udc00'\n",
    "x = '\\U0001F600\\ud83d'\n",
    "x = '\\q\\\xe9\xff'\n",
    "x = '\\U00110000'\n",
    "x = '\\777\\1\\08'\n",
    "x = 1 \\\n+ 2\n",
    "x = '''a\\\nb'''\n",
    "x = 1\\\\",
    "x = 1\\",
    "x = 1\n#\\",
    "x = '\\\\\\u0041\\U0001F600\xe9'\n",
    "x = '\\\\\\u004'\n",
    "x = '\\\\\\\\u0041'\n",
    "x = 1\n\\x23 comment\n",
    "x = '\\N{LINE FEED}'\n",
    "\\x78 = 1\\x0a",
    "x = 1\n#\\0 c\n",
    "x = 1\n\\0 c\n",
  ];
  const sources = CODECS.flatMap((c) => bodies.map((b) => latin1(`# coding: ${c}\n${b}`)));
  await compare("hand cases", sources);
  for (const mode of ["eval", "single"] as const) {
    const exprs = ["'\\u0041'\n", "'\\x4'", "1\\", "1 \\\n+ 2", "'\\N{SNOWMAN}'\n"];
    await compare(
      `hand cases, mode ${mode}`,
      CODECS.flatMap((c) => exprs.map((b) => latin1(`# coding: ${c}\n${b}`))),
      mode,
    );
  }
  // The codec's message and position are CPython's own, naming the codec as Python does.
  const r = parse(latin1("# coding: unicode_escape\nx = '\\x4'\n"));
  assert.equal(r.error?.code, "T1005");
  assert.equal(r.error?.msg, "'unicodeescape' codec can't decode bytes in position 30-32: truncated \\xXX escape");
});

test("escape-declared sources: generated, identical to ast.parse", async () => {
  const sources: Uint8Array[] = [];
  const next = xorshift32(0x5c5c);
  for (let i = 0; i < 3000; i++) sources.push(latin1(source(CODECS[i & 1]!, next)));
  await compare("generated sources (exec)", sources);
  const evals: Uint8Array[] = [];
  for (let i = 0; i < 400; i++) {
    let body = "";
    for (let p = 1 + Math.floor(next() * 4); p > 0; p--) body += piece(next);
    evals.push(latin1(`# coding: ${CODECS[i & 1]}\n'${body}'${next() < 0.5 ? "\n" : ""}`));
  }
  await compare("generated expressions (eval)", evals, "eval");
});

test("decodeEscapeCodec with errors='replace' resumes after each bad escape", () => {
  const r = decodeEscapeCodec(latin1("a\\x4g\\N{nope}\\u12\xe9\\"), false, true);
  assert.ok(r !== null && "text" in r);
  assert.equal(r.text, "a\ufffdg\ufffd\ufffd\xe9\ufffd");
  const raw = decodeEscapeCodec(latin1("\\\\\\u12x\\U00110000y\\u0041"), true, true);
  assert.ok(raw !== null && "text" in raw);
  assert.equal(raw.text, "\\\\\ufffdx\ufffdyA");
});

test("tokenize module on escape-declared sources: identical to tokenize.tokenize", async () => {
  const sources: Uint8Array[] = [];
  const next = xorshift32(0x70c5);
  for (let i = 0; i < 1000; i++) sources.push(latin1(source(CODECS[i & 1]!, next)));
  const want = await oracleStreams(sources);
  const bad: string[] = [];
  let refused = 0;
  for (let i = 0; i < sources.length; i++) {
    const ours = tokenize(sources[i]!);
    const msg = ours.error?.msg ?? "";
    // Lines decoded one by one: a backslash-newline leaves a line without its end, which one
    // UTF-8 buffer cannot say; and what parse() refuses (see above).
    if (
      /^encoding not supported by quarry: .*(loses its line end|decodes to lone surrogates|decodes to more than one line|in the decoded text)/.test(
        msg,
      )
    ) {
      refused++;
      continue;
    }
    const d = streamDiff(ours, want[i]!);
    if (d !== null) bad.push(`${JSON.stringify(Buffer.from(sources[i]!).toString("latin1"))}: ${d}`);
  }
  console.log(
    `tokenize module, escape codecs: ${sources.length - refused - bad.length}/${sources.length} identical, ${refused} refused (T1006)`,
  );
  assert.deepEqual(bad.slice(0, 5), []);
});
