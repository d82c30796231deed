// The codecs quarry derives from its tables or decodes by algorithm (cp949, johab, hz, utf_7,
// iso2022_kr/jp/jp_1/jp_2/jp_ext) against CPython 3.14 (Pyodide): every 1- and 2-byte sequence
// of cp949 and johab, thousands of generated strings driving each state machine (strict and
// errors="replace"), and whole sources through parse() compared with ast.parse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMultiByte, multiByteCodec, type MultiByteCodec } from "../../src/core/multibyte.js";
import { decodeStateful, type StatefulResult } from "../../src/core/stateful.js";
import { parse } from "../../src/parser/parse.js";
import { askOracle } from "../support/oracle.js";
import { oracleOutcome, quarryOutcome } from "../support/outcome.js";
import { codePointsHex, pyDecode, pyEncode } from "./codecs-derived-oracle.js";
import { xorshift32 } from "../support/xorshift.js";

const ascii = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0));

function hex2(c: number): string {
  return c.toString(16).padStart(2, "0");
}

/** str(UnicodeDecodeError) for a range of `input`, as CPython words it. */
function decodeErrorText(codec: string, input: Uint8Array, start: number, end: number, reason: string): string {
  const where = end === start + 1 ? `byte 0x${hex2(input[start]!)} in position ${start}` : `bytes in position ${start}-${end - 1}`;
  return `ERR UnicodeDecodeError: '${codec}' codec can't decode ${where}: ${reason}`;
}

/** Our answer in the oracle's form; lone surrogates stay single code points as in Python. */
function ours(r: StatefulResult | ReturnType<typeof decodeMultiByte> | null, codec: string, input: Uint8Array): string {
  assert.ok(r !== null, `${codec}: tables unavailable`);
  if (typeof r === "string") return codePointsHex(r);
  if ("reason" in r) return decodeErrorText("codec" in r ? r.codec : codec, input, r.start, r.end, r.reason);
  if ("lone" in r) {
    const lone = new Set(r.lone.map(([cp]) => cp));
    const cps: string[] = [];
    let cp = 0;
    for (let i = 0; i < r.text.length; cp++) {
      const u = r.text.charCodeAt(i);
      const v = r.text.charCodeAt(i + 1);
      if (u >= 0xd800 && u <= 0xdbff && !lone.has(cp) && v >= 0xdc00 && v <= 0xdfff) {
        cps.push((0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00)).toString(16));
        i += 2;
      } else {
        cps.push(u.toString(16));
        i++;
      }
    }
    return "OK " + cps.join(" ");
  }
  return `UNSUPPORTED ${"unsupported" in r ? r.unsupported : ""}`;
}

async function compareDecodes(
  codec: string,
  inputs: Uint8Array[],
  decode: (b: Uint8Array, replace: boolean) => StatefulResult | ReturnType<typeof decodeMultiByte> | null,
): Promise<void> {
  for (const errors of ["strict", "replace"]) {
    const want = await pyDecode(codec, inputs, errors);
    const bad: string[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const got = ours(decode(inputs[i]!, errors === "replace"), codec, inputs[i]!);
      if (got !== want[i]) bad.push(`${Array.from(inputs[i]!, hex2).join(" ")}: ours ${got} | CPython ${want[i]}`);
    }
    console.log(`${codec} (${errors}): ${inputs.length - bad.length}/${inputs.length} identical`);
    assert.deepEqual(bad.slice(0, 8), []);
  }
}

function korean(name: string): MultiByteCodec {
  const c = multiByteCodec(name);
  assert.ok(c !== null, `${name} unavailable (euc_kr's TextDecoder differs)`);
  return c;
}

for (const name of ["cp949", "johab"]) {
  test(`${name}: every 1- and 2-byte sequence decodes (or fails) as in CPython`, async () => {
    const c = korean(name);
    const inputs: Uint8Array[] = [];
    for (let b = 0; b < 256; b++) inputs.push(Uint8Array.of(b));
    for (let lead = 0x80; lead < 0x100; lead++) for (let t = 0; t < 256; t++) inputs.push(Uint8Array.of(lead, t));
    await compareDecodes(name, inputs, (b, replace) => decodeMultiByte(b, c, replace));
  });
}

/** Random strings of `pieces` (each a byte list, or a function making one), cut at random. */
function generate(seed: number, count: number, pieces: (number[] | ((r: () => number) => number[]))[]): Uint8Array[] {
  const r = xorshift32(seed);
  const out: Uint8Array[] = [];
  for (let k = 0; k < count; k++) {
    const bytes: number[] = [];
    const len = 1 + Math.floor(r() * 10);
    for (let j = 0; j < len; j++) {
      const p = pieces[Math.floor(r() * pieces.length)]!;
      bytes.push(...(typeof p === "function" ? p(r) : p));
    }
    // A third of them end early, inside whatever was being read.
    const cut = k % 3 === 0 ? Math.floor(r() * (bytes.length + 1)) : bytes.length;
    out.push(Uint8Array.from(bytes.slice(0, cut)));
  }
  return out;
}

const anyByte = (r: () => number): number[] => [Math.floor(r() * 256)];
const highByte = (r: () => number): number[] => [0x80 + Math.floor(r() * 128)];
const sevenBit = (r: () => number): number[] => [0x21 + Math.floor(r() * 94)];
const pair7 = (r: () => number): number[] => [0x21 + Math.floor(r() * 94), 0x21 + Math.floor(r() * 94)];

/** A random 2-byte character of an EUC table, with the high bits cleared (ISO-2022 / HZ form). */
function tablePair(name: string): (r: () => number) => number[] {
  const c = multiByteCodec(name)!;
  const valid: number[] = [];
  for (let k = 0x2121; k < 0x7f7f; k++) if ((k & 0xff) >= 0x21 && (k & 0xff) <= 0x7e && c.two[k | 0x80] !== null) valid.push(k);
  return (r) => {
    const k = valid[Math.floor(r() * valid.length)]!;
    return [k >> 8, k & 0xff];
  };
}

test("hz: generated strings decode (or fail) as in CPython", async () => {
  const gb = tablePair("gb2312");
  const inputs = generate(0x487a, 4000, [
    ascii("~{"),
    ascii("~}"),
    ascii("~~"),
    ascii("~\n"),
    ascii("~"),
    ascii("\n"),
    ascii("ab "),
    gb,
    gb,
    gb,
    pair7,
    sevenBit,
    anyByte,
    highByte,
    (r) => [0x7e, Math.floor(r() * 256)],
  ]);
  await compareDecodes("hz", inputs, (b, replace) => decodeStateful("hz", b, replace));
});

/** Base64 of UTF-16 code units, as a utf-7 shift sequence body (no "+" or "-"). */
function utf7Body(r: () => number): number[] {
  const units: number[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const x = r();
    units.push(x < 0.3 ? 0xd800 + Math.floor(r() * 0x400) : x < 0.5 ? 0xdc00 + Math.floor(r() * 0x400) : Math.floor(r() * 0x10000));
  }
  let bits = 0;
  let buf = 0;
  const out: number[] = [];
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (const u of units) {
    buf = (buf << 16) | u;
    bits += 16;
    while (bits >= 6) {
      out.push(B64.charCodeAt((buf >>> (bits - 6)) & 63));
      bits -= 6;
    }
    buf &= (1 << bits) - 1;
  }
  // Left-over bits: zero padding, or now and then not.
  if (bits > 0) out.push(B64.charCodeAt(((buf << (6 - bits)) | (r() < 0.2 ? 1 : 0)) & 63));
  return out;
}

test("utf_7: generated strings decode (or fail) as in CPython", async () => {
  const b64 = (r: () => number): number[] => {
    const n = 1 + Math.floor(r() * 8);
    const set = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    return Array.from({ length: n }, () => set[Math.floor(r() * set.length)]!);
  };
  const inputs = generate(0x7007, 5000, [
    ascii("+"),
    ascii("-"),
    ascii("+-"),
    ascii("\n"),
    ascii("a b"),
    ascii("~\\"),
    (r) => [0x2b, ...utf7Body(r), 0x2d],
    (r) => [0x2b, ...utf7Body(r)],
    (r) => [0x2b, ...utf7Body(r), 0x2b, ...utf7Body(r), 0x2d],
    (r) => [0x2b, ...utf7Body(r), 0x0a],
    (r) => [0x2b, ...utf7Body(r), 0x80 + Math.floor(r() * 128)],
    b64,
    sevenBit,
    anyByte,
    highByte,
  ]);
  await compareDecodes("utf_7", inputs, (b, replace) => decodeStateful("utf_7", b, replace));
});

const ESCAPES = [
  "\x1b(B",
  "\x1b(J",
  "\x1b(I",
  "\x1b(A",
  "\x1b)B",
  "\x1b$@",
  "\x1b$B",
  "\x1b$A",
  "\x1b$C",
  "\x1b$(B",
  "\x1b$(C",
  "\x1b$(D",
  "\x1b$)C",
  "\x1b$)A",
  "\x1b&@\x1b$B",
  "\x1b&@",
  "\x1b&@\x1b$A",
  "\x1b.A",
  "\x1b.F",
  "\x1b.B",
  "\x1bN",
  "\x1b(",
  "\x1b$",
  "\x1b$(",
  "\x1bx",
  "\x1b(Z",
  "\x1b$(Z",
  "\x1b",
  "\x1b(0123456789abcdef",
  "\x1b$)",
].map(ascii);

for (const [name, seed] of [
  ["iso2022_kr", 0x2022],
  ["iso2022_jp", 0x2023],
  ["iso2022_jp_1", 0x2024],
  ["iso2022_jp_2", 0x2025],
  ["iso2022_jp_ext", 0x2026],
] as const) {
  test(`${name}: generated strings decode (or fail) as in CPython`, async () => {
    const jis = tablePair("euc_jp");
    const ks = tablePair("euc_kr");
    const gb = tablePair("gb2312");
    const inputs = generate(seed, 4000, [
      ...ESCAPES,
      ...ESCAPES,
      [0x0e],
      [0x0f],
      [0x0a],
      ascii("a b"),
      jis,
      jis,
      ks,
      ks,
      gb,
      pair7,
      pair7,
      sevenBit,
      anyByte,
      highByte,
      (r) => [0x1b, 0x4e, Math.floor(r() * 256)],
      (r) => [Math.floor(r() * 0x20)],
    ]);
    await compareDecodes(name, inputs, (b, replace) => decodeStateful(name, b, replace));
  });
}

test("iso2022: every 2-byte code of each designated set, and every byte of the 1-byte sets and G2 shifts", async () => {
  // [codec, designation, bytes per code]
  const sets: [string, string, number][] = [
    ["iso2022_jp_2", "\x1b$B", 2],
    ["iso2022_jp_2", "\x1b$@", 2],
    ["iso2022_jp_2", "\x1b$(D", 2],
    ["iso2022_jp_2", "\x1b$(C", 2],
    ["iso2022_jp_2", "\x1b$A", 2],
    ["iso2022_kr", "\x1b$)C\x0e", 2],
    ["iso2022_jp_2", "\x1b(J", 1],
    ["iso2022_jp_ext", "\x1b(I", 1],
    ["iso2022_jp_2", "\x1b.A\x1bN", 1],
    ["iso2022_jp_2", "\x1b.F\x1bN", 1],
    ["iso2022_jp_2", "\x1bN", 1],
    ["iso2022_jp_2", "\x1b(A", 1],
  ];
  for (const codec of new Set(sets.map(([c]) => c))) {
    const inputs: Uint8Array[] = [];
    for (const [c, designation, width] of sets) {
      if (c !== codec) continue;
      const head = ascii(designation);
      if (width === 1) for (let b = 0; b < 256; b++) inputs.push(Uint8Array.from([...head, b]));
      else for (let d0 = 0x21; d0 < 0x7f; d0++) for (let d1 = 0; d1 < 256; d1++) inputs.push(Uint8Array.from([...head, d0, d1]));
    }
    await compareDecodes(codec, inputs, (b, replace) => decodeStateful(codec, b, replace));
  }
});

// A program in Korean, Japanese and Chinese; each is written in the codecs that can encode it.
const PROGRAMS: Record<string, string> = {
  ko: '# 한국어 주석\n변수 = "안녕하세요, 세계"\ndef 함수(인자):\n    return 인자 + \'시험\'  # 설명\n목록 = [변수, 함수("값")]\n',
  // Syllables only cp949's extension (and johab) have.
  uhc: '# 똠방각하\n펲 = "똠방각하 펲 뛾 힝"\n',
  ja: '# 日本語のコメント\n名前 = "こんにちは、世界"\ndef 関数(引数):\n    return 引数 + \'テスト\'  # 説明\nクラス = [名前, 関数("値")]\n',
  zh: '# 中文注释\n变量 = "你好，世界"\ndef 函数(参数):\n    return 参数 + \'测试\'  # 说明\n列表 = [变量, 函数("值")]\n',
  any: "# ünïcödé 😀 ~ + -\nx = '+~{}\\\\ 😀 ∑ ½ 한국 日本 中文'\ny = x + \"~~\" # tilde ~\n",
};
const WRITES: [string, string][] = [
  ["cp949", "ko"],
  ["johab", "ko"],
  ["cp949", "uhc"],
  ["johab", "uhc"],
  ["iso2022_kr", "ko"],
  ["iso2022_jp_2", "ko"],
  ["iso2022_jp", "ja"],
  ["iso2022_jp_1", "ja"],
  ["iso2022_jp_2", "ja"],
  ["iso2022_jp_ext", "ja"],
  ["hz", "zh"],
  ["iso2022_jp_2", "zh"],
  ["utf_7", "ja"],
  ["utf_7", "any"],
];

test("whole programs in each codec parse as CPython parses them (dump or error)", async () => {
  const pairs = WRITES.map(([codec, lang]) => [codec, `# -*- coding: ${codec} -*-\n${PROGRAMS[lang]!}`] as const);
  const sources = await pyEncode(pairs);
  // And the same sources cut short, and with a bad byte inserted at a few places.
  const labels = WRITES.map(([c, l]) => `${c} ${l}`);
  const all = [...sources];
  for (let s = 0; s < sources.length; s++) {
    const src = sources[s]!;
    const body = src.indexOf(10) + 1;
    for (const at of [body + 3, Math.floor(src.length / 2), src.length - 2]) {
      all.push(src.slice(0, at));
      labels.push(`${labels[s]} cut at ${at}`);
      for (const bad of [0x80, 0x1b, 0x7e, 0x2b, 0x0e]) {
        const b = Uint8Array.from([...src.slice(0, at), bad, ...src.slice(at)]);
        all.push(b);
        labels.push(`${labels[s]} ${hex2(bad)} at ${at}`);
      }
    }
  }
  for (const mode of ["exec", "eval"] as const) {
    const answers = await askOracle(all, { bundle: true, parse: { mode } });
    const bad: string[] = [];
    for (let i = 0; i < all.length; i++) {
      const got = quarryOutcome(all[i]!, { mode });
      const want = oracleOutcome(answers[i]!);
      if (got !== want) bad.push(`${labels[i]} (${mode}): ours ${got.slice(0, 300)} | CPython ${want.slice(0, 300)}`);
    }
    console.log(`derived-codec programs (${mode}): ${all.length - bad.length}/${all.length} identical`);
    assert.deepEqual(bad.slice(0, 8), []);
  }
});

test("generated bytes inside a source: the parse outcome is CPython's, positions and all", async () => {
  const r = xorshift32(0xc0de);
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  const codecs = ["cp949", "johab", "hz", "utf_7", "iso2022_kr", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_ext"];
  const pieces = [
    ...ESCAPES,
    ascii("~{"),
    ascii("~}"),
    ascii("+"),
    ascii("+-"),
    ascii("+2D3cAA"),
    [0x0e],
    [0x0f],
    [0x0a],
    ascii("'"),
    pair7,
    anyByte,
    highByte,
  ];
  for (const codec of codecs) {
    for (let k = 0; k < 120; k++) {
      const body: number[] = [];
      const n = 1 + Math.floor(r() * 6);
      for (let j = 0; j < n; j++) {
        const p = pieces[Math.floor(r() * pieces.length)]!;
        body.push(...(typeof p === "function" ? p(r) : p));
      }
      const clean = body.filter((c) => c !== 0 && c !== 13);
      const head = ascii(k % 2 === 0 ? `# coding: ${codec}\nx = 1\ns = '` : `# coding=${codec}\n# `);
      const tail = k % 4 < 2 ? ascii("'\n") : k % 4 === 2 ? [10] : [];
      sources.push(Uint8Array.from([...head, ...clean, ...tail]));
      labels.push(`${codec} ${clean.map(hex2).join(" ")}`);
    }
  }
  const answers = await askOracle(sources, { bundle: true });
  const bad: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const got = quarryOutcome(sources[i]!);
    const want = oracleOutcome(answers[i]!);
    if (got !== want) bad.push(`${labels[i]}: ours ${got.slice(0, 300)} | CPython ${want.slice(0, 300)}`);
  }
  console.log(`derived-codec sources with generated bytes: ${sources.length - bad.length}/${sources.length} identical`);
  assert.deepEqual(bad.slice(0, 8), []);
});

test("utf_7 text with lone surrogates: CPython's UTF-8 encoding error, as a SyntaxError", async () => {
  const bodies = [
    "x = '+2AA-'\n",
    "x = '+2AA-+3AA-'\n",
    "x = '+2AA-'\ny = '+3AA-'\n",
    "x = '+3AA-' # +2D3cAA-\n",
    "# +2D3YAA-\n",
    "x = '+2AAAAA-'\n",
    "x = '+2AA'",
  ];
  const sources = bodies.map((b) => Uint8Array.from(ascii(`# coding: utf-7\n${b}`)));
  const answers = await askOracle(sources, { bundle: true });
  for (let i = 0; i < sources.length; i++) assert.equal(quarryOutcome(sources[i]!), oracleOutcome(answers[i]!), bodies[i]);
  assert.equal(parse(sources[0]!).error?.code, "T1012");
});

test("what quarry does not model is refused with T1006, never decoded wrong", () => {
  // CPython: RuntimeError("internal codec error") from a single shift into JIS X 0201 in G2.
  const g2 = parse(Uint8Array.from(ascii("# coding: iso2022_jp_2\nx = '\x1b.J\x1bNa'\n")));
  assert.equal(g2.error?.code, "T1006");
  assert.match(g2.error!.msg, /^encoding not supported by quarry: iso2022_jp_2 \(Python codec iso2022_jp_2: ESC N with JIS X 0201 in G2/);
  // CPython: the final "~" joins the line end it appends, and it tokenizes a text with none.
  const tilde = parse(Uint8Array.from(ascii("# coding: hz\nx = 1~")));
  assert.equal(tilde.error?.msg, 'encoding not supported by quarry: hz (Python codec hz: "~" at the end of the source)');
});

/** True for quarry's one documented hz refusal: a final "~" after a token on the last line. */
function refusedHzTilde(outcome: string): boolean {
  return outcome.includes('(Python codec hz: "~" at the end of the source)');
}

test('hz: a final "~" with and without a line end, in exec and eval mode, as in CPython', async () => {
  const bodies = [
    "x = 1~\n\n",
    "x = 1~\n",
    "# c~",
    "x = 1\n# c ~",
    "x = 1\n   ~",
    "x = (1,\n# c~",
    "s = '''a\n#~",
    "1~",
    "x = 1~",
    "x = 1 # c~\n",
    "y = 2\n~\n",
  ];
  const sources = bodies.map((b) => Uint8Array.from(ascii(`# coding: hz\n${b}`)));
  let refused = 0;
  for (const mode of ["exec", "eval"] as const) {
    const answers = await askOracle(sources, { bundle: true, parse: { mode } });
    for (let i = 0; i < sources.length; i++) {
      const got = quarryOutcome(sources[i]!, { mode });
      if (mode === "exec" && refusedHzTilde(got)) {
        // Only where the last line is neither empty nor a comment once its "~\n" is read.
        assert.ok(["x = 1~\n", "x = 1~", "x = 1 # c~\n", "x = 1\n   ~", "1~"].includes(bodies[i]!), bodies[i]);
        refused++;
        continue;
      }
      assert.equal(got, oracleOutcome(answers[i]!), `${mode} ${JSON.stringify(bodies[i])}`);
    }
  }
  assert.equal(refused, 5);
});

test("the codecs quarry still refuses say so, naming the codec", () => {
  for (const m of ["big5hkscs", "shift_jis_2004", "euc_jis_2004", "iso2022_jp_2004", "iso2022_jp_3"]) {
    const r = parse(Uint8Array.from(ascii(`# coding: ${m}\nx = 1\n`)));
    assert.equal(r.error?.msg, `encoding not supported by quarry: ${m} (Python codec ${m})`);
    assert.equal(r.error?.code, "T1006");
  }
  // A decode error of a derived codec is catalogued with the other decoding errors.
  const bad = parse(Uint8Array.from([...ascii("# coding: hz\nx = 1 #"), 0x80, 10]));
  assert.equal(bad.error?.msg, "'hz' codec can't decode byte 0x80 in position 20: illegal multibyte sequence");
  assert.equal(bad.error?.code, "T1005");
});
