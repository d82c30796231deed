// Multi-byte source encodings against CPython 3.14 (Pyodide): every sequence quarry decodes, a
// sample of bad bytes and truncated sequences, and sample programs with non-ASCII names, strings
// and comments, each parsed by quarry and by ast.parse (dump or error, with position).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { CODEC_MODULES, CODEC_MULTIBYTE } from "../../src/core/generated/codecs.js";
import { multiByteCodec, type MultiByteCodec } from "../../src/core/multibyte.js";
import { askOracle } from "../support/oracle.js";
import { quarryOutcome, oracleOutcome as theirs } from "../support/outcome.js";
import { xorshift32 } from "../support/xorshift.js";

const ascii = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0));

function ours(src: Uint8Array): string {
  return quarryOutcome(src);
}

async function compare(what: string, sources: Uint8Array[], labels: string[]): Promise<void> {
  const answers = await askOracle(sources, { bundle: true });
  const bad: string[] = [];
  let unsupported = 0;
  for (let i = 0; i < sources.length; i++) {
    const want = theirs(answers[i]!);
    const got = ours(sources[i]!);
    // A codec quarry does not decode must say so, whatever CPython makes of the bytes.
    const codecName = labels[i]!.split(" ")[0]!;
    if (
      !supported.includes(codecName) &&
      got.startsWith(`SyntaxError: encoding not supported by quarry: ${codecName} (Python codec ${codecName})`)
    ) {
      unsupported++;
      continue;
    }
    if (got !== want) bad.push(`${labels[i]}: ours ${got.slice(0, 300)} | CPython ${want.slice(0, 300)}`);
  }
  console.log(
    `${what}: ${sources.length - unsupported - bad.length}/${sources.length} identical, ${unsupported} refused (codec not supported by quarry)`,
  );
  assert.deepEqual(bad.slice(0, 10), []);
}

const supported = Object.keys(CODEC_MULTIBYTE);

function codec(name: string): MultiByteCodec {
  const c = multiByteCodec(name);
  assert.ok(c !== null, `${name}: TextDecoder(${CODEC_MULTIBYTE[name]!.label}) differs from the generated checksum`);
  return c;
}

/** Every multi-byte sequence quarry's table decodes (2 and 3 bytes), as byte arrays. */
function validSequences(c: MultiByteCodec): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < c.two.length; k++) {
    const lead = 0x80 | (k >> 8);
    if (c.one[lead] === null && c.two[k] !== null) out.push([lead, k & 0xff]);
  }
  for (let k = 0; k < c.three.length; k++) if (c.three[k] !== null) out.push([0x8f, 0x80 | (k >> 7), 0x80 | (k & 0x7f)]);
  return out;
}

test("the multi-byte codecs quarry decodes: the comparison's outcome, usable in this runtime", () => {
  // gen-codecs compares every 1-, 2- and 3-byte sequence of each candidate with its WHATWG
  // decoder (test/core/codecs.test.ts checks the generated file is fresh); these pass the budget.
  assert.deepEqual(supported.sort(), ["big5", "cp932", "cp950", "euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "shift_jis"]);
  for (const m of supported) {
    assert.equal(CODEC_MODULES[m], "multibyte");
    codec(m);
  }
});

test("every multi-byte sequence quarry decodes, CPython decodes the same", async () => {
  // The sequences, 128 to a string literal; a source that CPython rejects shows where.
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  for (const m of supported) {
    const seqs = validSequences(codec(m));
    for (let i = 0; i < seqs.length; i += 128) {
      const body = seqs.slice(i, i + 128).flat();
      sources.push(Uint8Array.from([...ascii(`# coding: ${m}\ns = '`), ...body, ...ascii("'\n")]));
      labels.push(`${m} sequences ${i}..`);
    }
  }
  // gb18030's 4-byte sequences: every 61st of the 1.6 million (the generator compared them all).
  const r = xorshift32(18030);
  for (let s = 0; s < 200; s++) {
    const body: number[] = [];
    for (let k = 0; k < 128; k++) {
      const n = Math.floor(r() * 126 * 10 * 126 * 10);
      body.push(
        0x81 + (Math.floor(n / 12600) % 126),
        0x30 + (Math.floor(n / 1260) % 10),
        0x81 + (Math.floor(n / 10) % 126),
        0x30 + (n % 10),
      );
    }
    sources.push(Uint8Array.from([...ascii("# coding: gb18030\ns = '"), ...body, ...ascii("'\n")]));
    labels.push(`gb18030 4-byte sample ${s}`);
  }
  await compare("multi-byte sequences", sources, labels);
});

test("bad and truncated multi-byte sequences give CPython's UnicodeDecodeError message", async () => {
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  const r = xorshift32(932);
  for (const m of [...supported, "cp949", "big5hkscs"]) {
    const head = ascii(`# coding: ${m}\nx = 1\ns = '`);
    for (let k = 0; k < 120; k++) {
      // A random lead with a random trail (most are invalid somewhere), in a string or a comment.
      const seq = [0x80 + Math.floor(r() * 128), Math.floor(r() * 256)];
      if (k % 3 === 0) seq.push(Math.floor(r() * 256), Math.floor(r() * 256));
      if (seq.includes(0) || seq.includes(13)) continue;
      const body = k % 2 === 0 ? [...head, ...seq, ...ascii("'\n")] : [...head, ...ascii("'\n# "), ...seq, 10];
      sources.push(Uint8Array.from(body));
      labels.push(`${m} ${seq.map((b) => b.toString(16)).join(" ")}`);
    }
    // The data ends inside a sequence: a lead as the last byte, with and without the line end.
    for (const lead of [0x81, 0x8e, 0x8f, 0xa4, 0xb0, 0xe0, 0xfe]) {
      sources.push(Uint8Array.from([...ascii(`# coding: ${m}\nx = 1 # `), lead]));
      labels.push(`${m} ends with ${lead.toString(16)}`);
      sources.push(Uint8Array.from([...ascii(`# coding: ${m}\nx = 1 # `), lead, 0x30]));
      labels.push(`${m} ends with ${lead.toString(16)} 30`);
      sources.push(Uint8Array.from([...ascii(`# coding: ${m}\nx = 1 # `), lead, 0x31, 0x81]));
      labels.push(`${m} ends with ${lead.toString(16)} 31 81`);
    }
  }
  // Each sequence where Python's codec differs from the web decoder: the first and last of each
  // range only the web accepts, and each one Python decodes otherwise (or alone).
  for (const m of supported) {
    const e = CODEC_MULTIBYTE[m]!;
    const codes = [...e.reject, ...Object.keys(e.map).map(Number)];
    for (const code of new Set(codes)) {
      const seq = code < 0x100 ? [code] : code < 0x10000 ? [code >> 8, code & 0xff] : [code >> 16, (code >> 8) & 0xff, code & 0xff];
      if (seq.includes(0) || seq.includes(13) || seq.includes(10) || seq.includes(0x27) || seq.includes(0x5c)) continue;
      sources.push(Uint8Array.from([...ascii(`# coding: ${m}\ns = '`), ...seq, ...ascii("'\n")]));
      labels.push(`${m} differing ${code.toString(16)}`);
    }
  }
  for (const key of Object.keys(CODEC_MULTIBYTE.gb18030!.map4!)) {
    const n = Number(key);
    sources.push(
      Uint8Array.from([...ascii("# coding: gb18030\ns = '"), n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, ...ascii("'\n")]),
    );
    labels.push(`gb18030 differing ${n.toString(16)}`);
  }
  // euc_kr's 8-byte make-up sequences: the invalid ones (wrong bytes between) are CPython's error.
  for (const tail of [
    [0xa4, 0xa1, 0xa4, 0xbf, 0x41, 0xa1],
    [0x41, 0xa1, 0xa4, 0xbf, 0xa4, 0xa1],
    [0xa4, 0xa1],
  ]) {
    sources.push(Uint8Array.from([...ascii("# coding: euc_kr\ns = '"), 0xa4, 0xd4, ...tail, ...ascii("'\n")]));
    labels.push(`euc_kr make-up a4 d4 ${tail.map((b) => b.toString(16)).join(" ")}`);
  }
  await compare("bad multi-byte sequences", sources, labels);
});

test("a complete euc_kr make-up syllable is refused with a quarry error, never decoded wrong", () => {
  const src = Uint8Array.from([...ascii("# coding: euc_kr\ns = '"), 0xa4, 0xd4, 0xa4, 0xa1, 0xa4, 0xbf, 0xa4, 0xd4, ...ascii("'\n")]);
  const r = parse(src);
  assert.equal(r.error?.msg, "encoding not supported by quarry: euc_kr (Python codec euc_kr: KS X 1001 make-up sequence in position 22)");
  assert.equal(r.error?.code, "T1006");
  // The codec errors are catalogued with the other decoding errors.
  const bad = parse(Uint8Array.from([...ascii("# coding: gbk\nx = 1 #"), 0x81, 0x20, 10]));
  assert.equal(bad.error?.msg, "'gbk' codec can't decode byte 0x81 in position 21: illegal multibyte sequence");
  assert.equal(bad.error?.code, "T1005");
  const wide = parse(Uint8Array.from(ascii("# coding: utf-32\nx\n")));
  assert.equal(wide.error?.code, "T1005");
});

/** Encodes text with a codec's decoding tables read backwards (each character's first sequence). */
function encodeWith(c: MultiByteCodec, text: string): Uint8Array {
  const back = new Map<string, number[]>();
  for (let k = c.two.length - 1; k >= 0; k--) {
    const s = c.two[k];
    if (s !== null && c.one[0x80 | (k >> 8)] === null) back.set(s!, [0x80 | (k >> 8), k & 0xff]);
  }
  for (let b = 255; b >= 0; b--) if (c.one[b] !== null) back.set(c.one[b]!, [b]);
  const out: number[] = [];
  for (const ch of text) {
    const seq = back.get(ch);
    assert.ok(seq !== undefined, `${c.name} cannot encode ${ch}`);
    out.push(...seq);
  }
  return Uint8Array.from(out);
}

const SAMPLES: Record<string, string> = {
  ja: '# -*- coding: CODEC -*-\n# 日本語のコメント\n名前 = "こんにちは、世界"\ndef 関数(引数):\n    return 引数 + \'テスト\'  # 説明\nクラス = [名前, 関数("値")]\n',
  zh: '# coding=CODEC\n# 中文注释\n变量 = "你好，世界"\ndef 函数(参数):\n    return 参数 + \'测试\'  # 说明\n列表 = [变量, 函数("值")]\n',
  tw: '# vim: set fileencoding=CODEC :\n# 中文註解\n變數 = "你好，世界"\ndef 函數(參數):\n    return 參數 + \'測試\'  # 說明\n清單 = [變數, 函數("值")]\n',
  ko: '# coding: CODEC\n# 한국어 주석\n변수 = "안녕하세요, 세계"\ndef 함수(인자):\n    return 인자 + \'시험\'  # 설명\n목록 = [변수, 함수("값")]\n',
};
const LANGUAGE: Record<string, string> = {
  shift_jis: "ja",
  cp932: "ja",
  euc_jp: "ja",
  gb2312: "zh",
  gbk: "zh",
  gb18030: "zh",
  big5: "tw",
  cp950: "tw",
  euc_kr: "ko",
};

test("a program written in each multi-byte encoding parses as CPython parses it", async () => {
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  for (const m of supported) {
    const text = SAMPLES[LANGUAGE[m]!]!.replace("CODEC", m);
    sources.push(encodeWith(codec(m), text));
    labels.push(m);
  }
  // The codecs quarry does not decode say so, naming the codec (cp949, johab, hz, utf_7 and
  // iso2022_* are decoded now: test/core/codecs-derived.test.ts; the escape codecs:
  // test/core/codecs-escape.test.ts).
  for (const m of ["big5hkscs", "shift_jis_2004", "euc_jis_2004", "iso2022_jp_2004", "iso2022_jp_3"]) {
    const r = parse(Uint8Array.from(ascii(`# coding: ${m}\nx = 1\n`)));
    assert.equal(r.error?.msg, `encoding not supported by quarry: ${m} (Python codec ${m})`);
  }
  await compare("multi-byte sample programs", sources, labels);
});

test("utf_16 and utf_32 sources decode, or fail, as in CPython", async () => {
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  const r = xorshift32(16);
  const names = ["utf-16", "utf_16", "utf-16le", "utf-16-be", "UTF16", "utf-32", "utf_32_le", "utf-32be", "u16", "u32"];
  for (const m of names) {
    for (let k = 0; k < 40; k++) {
      // The cookie (whose bytes the codec reads too) and some bytes: ASCII, surrogate halves, others.
      const body: number[] = [];
      const len = Math.floor(r() * 12);
      for (let j = 0; j < len; j++) {
        const x = r();
        body.push(x < 0.3 ? 0x20 + Math.floor(r() * 0x5f) : x < 0.6 ? 0xd8 + Math.floor(r() * 8) : 1 + Math.floor(r() * 255));
      }
      const cleaned = body.map((c) => (c === 13 ? 14 : c));
      const pad = " ".repeat(k % 4);
      const end = k % 5 === 0 ? [] : [10];
      sources.push(Uint8Array.from([...ascii(`#${pad} coding: ${m}\n`), ...cleaned, ...end]));
      labels.push(`${m} ${k}`);
    }
  }
  // Two bytes "\n\n" make one UTF-16 character, U+0A0A.
  sources.push(Uint8Array.from(ascii("# coding: utf-16-le\n\n")));
  labels.push("utf-16-le blank");
  await compare("utf_16/utf_32 sources", sources, labels);
});

test("eval mode: a sequence cut short at the end is incomplete (no line end is appended)", async () => {
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  for (const m of [...supported, "utf_16", "utf_32", "utf_16_be"]) {
    for (const tail of [[0x81], [0xa4], [0x8f, 0xa1], [0x81, 0x30], [0x81, 0x30, 0x81], [0xd8, 0x41, 0x42], [0x41]]) {
      sources.push(Uint8Array.from([...ascii(`# coding: ${m}\n'`), ...tail]));
      labels.push(`${m} eval ends ${tail.map((b) => b.toString(16)).join(" ")}`);
    }
  }
  const answers = await askOracle(sources, { bundle: true, parse: { mode: "eval" } });
  const bad: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const r = parse(sources[i]!, { mode: "eval" });
    const got =
      r.error === null
        ? "OK " + dump(r.tree, { includeAttributes: true })
        : `${r.error.cls}: ${r.error.msg} @${r.error.lineno},${r.error.offset},${r.error.end_lineno},${r.error.end_offset}`;
    const want = theirs(answers[i]!);
    if (got !== want) bad.push(`${labels[i]}: ours ${got.slice(0, 200)} | CPython ${want.slice(0, 200)}`);
  }
  console.log(`eval-mode truncated sequences: ${sources.length - bad.length}/${sources.length} identical`);
  assert.deepEqual(bad.slice(0, 10), []);
});
