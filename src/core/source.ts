// Source decoding: what CPython does to the argument of ast.parse() before tokenizing it.
// bytes: NUL check, UTF-8 BOM, PEP 263 coding cookie on line 1 or 2, decoding, UTF-8 validation;
// str: NUL check, UTF-8 encoding. Both: "\r\n" and lone "\r" become "\n".
//
// Known deviations from CPython (documented, deliberate):
//  - Declared codecs with tables the runtime lacks (big5hkscs, the JIS X 0213 ones: shift_jis_2004,
//    shift_jisx0213, euc_jis_2004, euc_jisx0213, iso2022_jp_2004, iso2022_jp_3) are not decoded:
//    they get a SyntaxError (T1006) naming the encoding. Every single-byte codec is (codecs.ts);
//    shift_jis, cp932, euc_jp, gb2312, gbk, gb18030, big5, cp950, euc_kr (multibyte.ts), cp949
//    and johab (korean.ts), utf_16* and utf_32* (wide.ts), hz, utf_7, iso2022_kr, iso2022_jp,
//    iso2022_jp_1, iso2022_jp_2 and iso2022_jp_ext (stateful.ts, utf7.ts), unicode_escape and
//    raw_unicode_escape (escape-codecs.ts) are. Also refused with T1006: an euc_kr 8-byte make-up
//    syllable, an iso2022_jp_2 single shift into JIS X 0201 (CPython: RuntimeError), an hz source
//    whose final "~\n" (an escape codec source whose final backslash-newline) leaves a last line
//    with tokens but no line end (CPython then tokenizes without one), and for the escape codecs a
//    carriage return an escape made (CPython's tokenizer reads it raw) or a NUL one made that cuts
//    the text (CPython reads the text as a C string) before such a last line.
// (CPython counts the columns of an error on a line before its tokenizer's over that line's
// undecoded bytes; the parser does the same: src/parser/error-line.ts.)
import type { PySyntaxError } from "./diagnostics.js";
import { ERRORS as E, NO_LOCATION, pyError } from "./error-catalog.js";
import { codecTable, decodeWithTable, LATIN_1, lookupCodec } from "./codecs.js";
import { decodeMultiByte, multiByteCodec } from "./multibyte.js";
import { decodeWide } from "./wide.js";
import { decodeStateful } from "./stateful.js";
import { decodeEscapeCodec } from "./escape-codecs.js";

export interface DecodedSource {
  /** UTF-8, no BOM, every newline "\n". May be the input array itself when nothing changes. */
  bytes: Uint8Array;
  /** The SyntaxError CPython raises while reading the source, or null. */
  error: PySyntaxError | null;
}

const encoder = new TextEncoder();
const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// compile() refuses NUL bytes before anything else, with no position.
const NUL_ERROR = pyError(E.NullBytes, NO_LOCATION);

/**
 * Decodes the source as CPython's `ast.parse(input)` would read it. Never throws: problems come
 * back in `error` with CPython's message and position (0 where CPython gives None). Linear time.
 * `execInput` (default true) is ast.parse's mode "exec", where CPython appends the "\n" a source
 * lacks; in the other modes a coding declaration on a line without "\n" is not read.
 */
export function decodeSource(input: string | Uint8Array, execInput = true): DecodedSource {
  if (typeof input === "string") {
    // compile() encodes a str to UTF-8 first, which refuses surrogates (a source file cannot hold
    // one either: its bytes would not be UTF-8); only then does it look for NUL.
    if (!isWellFormed(input)) return { bytes: new Uint8Array(0), error: surrogateError(input) };
    if (input.indexOf("\0") !== -1) return { bytes: new Uint8Array(0), error: NUL_ERROR };
    // A str is taken as is: no BOM stripping (U+FEFF is then an invalid character), no cookie.
    const s = input.indexOf("\r") === -1 ? input : input.replace(/\r\n?/g, "\n");
    return { bytes: encoder.encode(s), error: null };
  }
  if (isPlainAscii(input)) {
    // The common case: only a coding cookie can still matter.
    const cookie = findCookie(input, execInput);
    if (cookie === null || cookie.name === "utf-8") return { bytes: input, error: null };
  }
  if (input.indexOf(0) !== -1) return { bytes: new Uint8Array(0), error: NUL_ERROR };
  let bytes = input.indexOf(13) === -1 ? input : normalizeNewlines(input);
  let bom = false;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bytes = bytes.subarray(3);
    bom = true;
  }
  const cookie = findCookie(bytes, execInput);
  if (cookie !== null && cookie.name !== "utf-8") {
    if (bom) {
      const lineLen = countChars(bytes, cookie.lineStart, cookie.lineEnd);
      return {
        bytes,
        error: pyError(
          E.EncodingWithBom,
          { lineno: cookie.lineno, offset: 0, end_lineno: cookie.lineno, end_offset: lineLen },
          { name: cookie.name },
        ),
      };
    }
    // In exec mode CPython appends the missing "\n" before decoding: a multi-byte sequence cut
    // short at the end is then "illegal", not "incomplete".
    return decodeDeclared(bytes, cookie.name, false, execInput && bytes[bytes.length - 1] !== 10, execInput);
  }
  return checkUtf8(bytes);
}

// String.prototype.isWellFormed (ES2024; Node 20 has it), else a scan for a lone surrogate.
const LONE_SURROGATE = /\p{Cs}/u;
export function isWellFormed(s: string): boolean {
  const f = (s as { isWellFormed?: () => boolean }).isWellFormed;
  return f !== undefined ? f.call(s) : !LONE_SURROGATE.test(s);
}

// The UnicodeEncodeError of str.encode("utf-8") on a str with a lone surrogate: it blames the run
// of surrogate code points from the first one, positions counted in code points.
export function surrogateError(s: string): PySyntaxError {
  let cp = 0;
  let i = 0;
  let first = -1;
  let firstUnit = 0;
  let run = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    const paired = c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
    const lone = !paired && c >= 0xd800 && c <= 0xdfff;
    if (first >= 0) {
      if (!lone) break;
      run++;
    } else if (lone) {
      first = cp;
      firstUnit = c;
      run = 1;
    }
    i += paired ? 2 : 1;
    cp++;
  }
  return run === 1
    ? pyError(E.SurrogateInSource, NO_LOCATION, { unit: firstUnit.toString(16), position: first })
    : pyError(E.SurrogatesInSource, NO_LOCATION, { first, last: first + run - 1 });
}

function normalizeNewlines(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  let j = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 13) {
      out[j++] = 10;
      if (b[i + 1] === 10) i++;
    } else out[j++] = c;
  }
  return out.subarray(0, j);
}

/** Code points in b[start, end), counting each byte that does not continue a UTF-8 sequence. */
function countChars(b: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if ((b[i]! & 0xc0) !== 0x80) n++;
  return n;
}

interface Cookie {
  name: string;
  lineno: number;
  lineStart: number;
  lineEnd: number;
}

// PEP 263: a comment-only line 1, or line 2 when line 1 is blank or a comment, containing
// "coding" followed by ":" or "=", optional blanks, and a name of [A-Za-z0-9-_.].
function findCookie(b: Uint8Array, execInput: boolean): Cookie | null {
  let start = 0;
  for (let lineno = 1; lineno <= 2; lineno++) {
    if (start >= b.length) return null;
    let end = b.indexOf(10, start);
    // In exec mode CPython appends a "\n" to a source that lacks one, so the last line counts
    // too; otherwise only a line with its "\n" is looked at.
    if (end === -1) {
      if (!execInput) return null;
      end = b.length;
    }
    const name = cookieOnLine(b, start, end);
    if (name !== null) return { name, lineno, lineStart: start, lineEnd: end };
    // Only a blank or comment-only line lets line 2 be looked at.
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c === 35) break;
      if (c !== 32 && c !== 9 && c !== 12) return null;
    }
    start = end + 1;
  }
  return null;
}

function cookieOnLine(b: Uint8Array, start: number, end: number): string | null {
  const size = end + 1 - start; // CPython's line includes its "\n"
  let i = 0;
  for (; i < size - 6; i++) {
    const c = b[start + i]!;
    if (c === 35) break;
    if (c !== 32 && c !== 9 && c !== 12) return null;
  }
  for (; i < size - 6; i++) {
    const t = start + i;
    if (b[t] !== 99 || b[t + 1] !== 111 || b[t + 2] !== 100 || b[t + 3] !== 105 || b[t + 4] !== 110 || b[t + 5] !== 103) continue;
    let p = t + 6;
    if (b[p] !== 58 && b[p] !== 61) continue;
    do p++;
    while (b[p] === 32 || b[p] === 9);
    const begin = p;
    while (p < b.length) {
      const c = b[p]!;
      const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46;
      if (!ok) break;
      p++;
    }
    if (p > begin) {
      let s = "";
      for (let k = begin; k < p; k++) s += String.fromCharCode(b[k]!);
      return normalName(s);
    }
  }
  return null;
}

// CPython's get_normal_name: the spellings of UTF-8 and Latin-1 it recognizes without a codec lookup.
function normalName(s: string): string {
  const buf = s.slice(0, 12).toLowerCase().replace(/_/g, "-");
  if (buf === "utf-8" || buf.startsWith("utf-8-")) return "utf-8";
  if (
    buf === "latin-1" ||
    buf === "iso-8859-1" ||
    buf === "iso-latin-1" ||
    buf.startsWith("latin-1-") ||
    buf.startsWith("iso-8859-1-") ||
    buf.startsWith("iso-latin-1-")
  )
    return "iso-8859-1";
  return s;
}

/**
 * Decodes `b` (no BOM) with the codec named `name` (as a coding cookie spells it) into UTF-8,
 * leaving line ends alone; the codecs and messages are decodeSource's. With `replace`,
 * undecodable bytes become U+FFFD (Python's errors="replace") instead of an error. With
 * `appendNewline`, bytes are decoded as if followed by "\n" (the output does not get it).
 * `execInput` (default: `appendNewline`) says the text is for mode "exec". Linear time.
 */
export function decodeDeclared(
  b: Uint8Array,
  name: string,
  replace = false,
  appendNewline = false,
  execInput = appendNewline,
): DecodedSource {
  const codec = lookupCodec(name);
  // CPython raises codec problems with lineno 0 and offset -1, no end position.
  const at = { lineno: 0, offset: -1, end_lineno: null, end_offset: null };
  const fail = (error: PySyntaxError): DecodedSource => ({ bytes: b, error });
  switch (codec.kind) {
    case "unknown":
      return fail(pyError(E.UnknownEncoding, at, { name }));
    case "nottext":
      return fail(pyError(E.NotTextEncoding, at, { name }));
    case "undefined":
      return fail(pyError(E.UndefinedEncoding, at));
    case "unsupported":
      // Multi-byte and stateful codecs: the runtime's decoders differ from Python's in places,
      // and a wrong decode is worse than none.
      return fail(pyError(E.EncodingUnsupported, at, { name, module: codec.module }));
    case "utf_8": {
      if (replace) return { bytes: encoder.encode(new TextDecoder("utf-8", { ignoreBOM: true }).decode(b)), error: null };
      const bad = firstInvalidUtf8(b);
      if (bad < 0) return { bytes: b, error: null };
      return fail(pyError(E.SourceDecode, at, { codec: "utf-8", detail: utf8Reason(b, bad) }));
    }
    case "ascii":
      if (replace)
        return { bytes: encoder.encode(Array.from(b, (c) => (c < 0x80 ? String.fromCharCode(c) : "\ufffd")).join("")), error: null };
      for (let i = 0; i < b.length; i++) {
        if (b[i]! >= 0x80)
          return fail(
            pyError(E.SourceDecode, at, { codec: "ascii", detail: `byte 0x${hex2(b[i]!)} in position ${i}: ordinal not in range(128)` }),
          );
      }
      return { bytes: b, error: null };
    case "multibyte": {
      const mb = multiByteCodec(codec.module);
      if (mb === null) return fail(pyError(E.EncodingUnsupportedHere, at, { name }));
      const input = appendNewline ? withNewline(b) : b;
      const text = decodeMultiByte(input, mb, replace);
      if (typeof text === "string") return { bytes: encoder.encode(appendNewline ? text.slice(0, -1) : text), error: null };
      if ("unsupported" in text) {
        return fail(
          pyError(E.EncodingUnsupported, at, {
            name,
            module: `${codec.module}: KS X 1001 make-up sequence in position ${text.unsupported}`,
          }),
        );
      }
      const where =
        text.end === text.start + 1
          ? `byte 0x${hex2(b[text.start]!)} in position ${text.start}`
          : `bytes in position ${text.start}-${text.end - 1}`;
      return fail(pyError(E.SourceDecode, at, { codec: codec.module, detail: `${where}: ${text.reason}` }));
    }
    case "wide": {
      const text = decodeWide(appendNewline ? withNewline(b) : b, codec.module, replace);
      if (typeof text === "string") {
        // The appended "\n" is one character only in UTF-16 or UTF-32 if it completed one.
        return { bytes: encoder.encode(text), error: null };
      }
      const where =
        text.end === text.start + 1
          ? `byte 0x${hex2(b[text.start] ?? 10)} in position ${text.start}`
          : `bytes in position ${text.start}-${text.end - 1}`;
      return fail(pyError(E.SourceDecode, at, { codec: text.codec, detail: `${where}: ${text.reason}` }));
    }
    case "stateful": {
      const input = appendNewline ? withNewline(b) : b;
      const r = decodeStateful(codec.module, input, replace);
      if (r === null) return fail(pyError(E.EncodingUnsupportedHere, at, { name }));
      if (typeof r !== "string" && "unsupported" in r) {
        return fail(pyError(E.EncodingUnsupported, at, { name, module: `${codec.module}: ${r.unsupported}` }));
      }
      if (typeof r !== "string" && "reason" in r) {
        const where =
          r.end === r.start + 1 ? `byte 0x${hex2(input[r.start]!)} in position ${r.start}` : `bytes in position ${r.start}-${r.end - 1}`;
        return fail(pyError(E.SourceDecode, at, { codec: r.codec, detail: `${where}: ${r.reason}` }));
      }
      // Python's text holds lone surrogates (utf_7).
      if (typeof r !== "string") return fail(loneSurrogateError(r.lone));
      return decodedText(b, r, name, `${codec.module}: "~" at the end of the source`, appendNewline, execInput);
    }
    case "escape": {
      // raw_unicode_escape, or unicode_escape
      const r = decodeEscapeCodec(appendNewline ? withNewline(b) : b, codec.module[0] === "r", replace);
      if (r === null) return fail(pyError(E.EncodingUnsupported, at, { name, module: `${codec.module}: no string parser loaded` }));
      if ("detail" in r) return fail(pyError(E.SourceDecode, at, r));
      if (r.lone[0] !== undefined) return fail(loneSurrogateError(r.lone));
      // CPython's tokenizer reads the decoded text as a C string: it ends at a NUL an escape made.
      // A "\r" an escape made reaches it as is (its newline rewrite ran before decoding), and it
      // reads that in ways quarry's tokenizer does not model (in a comment, before a number);
      // the tokenize module reads a NUL as is too. Both refused.
      const nul = r.text.indexOf("\0");
      const text = nul < 0 ? r.text : r.text.slice(0, nul);
      const cr = text.includes("\r");
      if (cr || (replace && nul >= 0)) {
        return fail(pyError(E.EncodingUnsupported, at, { name, module: `${codec.module}: a ${cr ? "CR" : "NUL"} in the decoded text` }));
      }
      return decodedText(b, text, name, `${codec.module}: a last line without a line end`, appendNewline, execInput);
    }
    case "latin_1":
      return { bytes: encoder.encode(decodeWithTable(b, LATIN_1) as string), error: null };
    case "table": {
      const table = codecTable(codec.module);
      if (table === null) return fail(pyError(E.EncodingUnsupportedHere, at, { name }));
      const text = decodeWithTable(b, table, replace);
      if (typeof text === "number") {
        return fail(
          pyError(E.SourceDecode, at, {
            codec: "charmap",
            detail: `byte 0x${hex2(b[text]!)} in position ${text}: character maps to <undefined>`,
          }),
        );
      }
      return { bytes: encoder.encode(text), error: null };
    }
  }
}

// The decoded text `r` of `b` (with the "\n" CPython appended when `appendNewline`) as UTF-8.
// (A text cut at a NUL is read the same way: when it ends with "\n", quarry's reading matches.)
function decodedText(b: Uint8Array, r: string, name: string, refusal: string, appendNewline: boolean, execInput: boolean): DecodedSource {
  if (execInput && !r.endsWith("\n")) {
    // The codec read a final "\n" (the source's or the one CPython appends) as a line
    // continuation (hz's "~\n", an escape codec's backslash-newline): CPython then tokenizes, in
    // exec mode, a text with no line end at all. That is the same as quarry's reading only when
    // the last line is empty or a comment from its first column; otherwise it is refused.
    if (!/^(#.*)?$/.test(r.slice(r.lastIndexOf("\n") + 1))) {
      const at = { lineno: 0, offset: -1, end_lineno: null, end_offset: null };
      return { bytes: b, error: pyError(E.EncodingUnsupported, at, { name, module: refusal }) };
    }
    return { bytes: encoder.encode(r), error: null };
  }
  return { bytes: encoder.encode(appendNewline ? r.slice(0, -1) : r), error: null };
}

// The tokenizer's UTF-8 encoding of the decoded text fails on lone surrogates: str.encode's
// message for the first run of them (positions in code points), raised as a SyntaxError.
function loneSurrogateError(lone: readonly (readonly [number, number])[]): PySyntaxError {
  const [first, unit] = lone[0]!;
  let run = 1;
  while (run < lone.length && lone[run]![0] === first + run) run++;
  const what =
    run === 1 ? `character '\\u${unit.toString(16)}' in position ${first}` : `characters in position ${first}-${first + run - 1}`;
  return pyError(
    E.SourceEncode,
    { lineno: 0, offset: -1, end_lineno: null, end_offset: null },
    { codec: "utf-8", detail: `${what}: surrogates not allowed` },
  );
}

function withNewline(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  out[b.length] = 10;
  return out;
}

function hex2(c: number): string {
  return c.toString(16).padStart(2, "0");
}

/** Length of the valid UTF-8 sequence at b[i], or 0 if it is invalid (CPython's valid_utf8 rules). */
function validAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let expected: number;
  const c1 = i + 1 < b.length ? b[i + 1]! : 0;
  if (c < 0xe0) {
    if (c < 0xc2) return 0; // continuation byte, or overlong 2-byte form
    expected = 1;
  } else if (c < 0xf0) {
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // surrogates
    expected = 2;
  } else if (c < 0xf5) {
    if (c1 < 0x90 ? c === 0xf0 : c === 0xf4) return 0; // overlong, or past U+10FFFF
    expected = 3;
  } else return 0;
  for (let k = 1; k <= expected; k++) {
    const d = i + k < b.length ? b[i + k]! : 0;
    if (d < 0x80 || d >= 0xc0) return 0;
  }
  return expected + 1;
}

/** Index of the first byte of the first invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  // Native validation first: almost every file is valid, and TextDecoder checks at memory speed.
  try {
    fatalUtf8.decode(b);
    return -1;
  } catch {
    // fall through to find where
  }
  for (let i = 0; i < b.length; ) {
    const n = validAt(b, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/**
 * True if no byte is NUL, "\r" or >= 0x80: such a source needs no NUL error, no newline
 * rewrite, no BOM strip and no UTF-8 check. One pass, four bytes per step once aligned (the
 * three native scans it replaces cost ~3x more over the stdlib).
 */
function isPlainAscii(b: Uint8Array): boolean {
  const n = b.length;
  const off = b.byteOffset;
  let i = 0;
  while (i < n && ((off + i) & 3) !== 0) {
    const c = b[i]!;
    if (c === 0 || c === 13 || c >= 0x80) return false;
    i++;
  }
  const nw = (n - i) >> 2;
  if (nw > 0) {
    const words = new Uint32Array(b.buffer, off + i, nw);
    for (let k = 0; k < nw; k++) {
      const w = words[k]!;
      // High bit in any byte, then the classic "has a zero byte" test on w and on w ^ "\r\r\r\r"
      // (exact once no byte has its high bit set).
      const x = w ^ 0x0d0d0d0d;
      if (((w & 0x80808080) | ((w - 0x01010101) & ~w & 0x80808080) | ((x - 0x01010101) & ~x & 0x80808080)) !== 0) return false;
    }
    i += nw * 4;
  }
  for (; i < n; i++) {
    const c = b[i]!;
    if (c === 0 || c === 13 || c >= 0x80) return false;
  }
  return true;
}

// Python's UTF-8 decoder message tail for the error at b[i]. The data never ends inside a
// sequence (CPython appends a "\n" to the source first), so there is no "unexpected end of data".
function utf8Reason(b: Uint8Array, i: number): string {
  const c = b[i]!;
  if (c < 0xc2 || c > 0xf4) return `byte 0x${hex2(c)} in position ${i}: invalid start byte`;
  const need = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  // The bytes that do form a valid prefix are all named in the message.
  let k = 1;
  for (; k < need; k++) {
    const d = i + k < b.length ? b[i + k]! : 10;
    let lo = 0x80,
      hi = 0xbf;
    if (k === 1) {
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
      else if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    }
    if (d < lo || d > hi) break;
  }
  if (k === 1) return `byte 0x${hex2(c)} in position ${i}: invalid continuation byte`;
  return `bytes in position ${i}-${i + k - 1}: invalid continuation byte`;
}

function checkUtf8(b: Uint8Array): DecodedSource {
  const bad = firstInvalidUtf8(b);
  if (bad < 0) return { bytes: b, error: null };
  // "Non-UTF-8 code" at the bad byte: its line, and 1 + the code points before it on that line.
  let lineno = 1;
  let ls = 0;
  for (let i = b.indexOf(10); i !== -1 && i < bad; i = b.indexOf(10, i + 1)) {
    lineno++;
    ls = i + 1;
  }
  const off = countChars(b, ls, bad) + 1;
  const c = b[bad]!;
  return {
    bytes: b,
    error: pyError(E.NonUtf8, { lineno, offset: off, end_lineno: lineno, end_offset: off }, { byte: hex2(c), line: lineno }),
  };
}

/**
 * Decodes `b` (no BOM) as the tokenize module reads a file in the codec named `name`: line by
 * line (each up to and including its "\n"), every line on its own with errors="replace", so a
 * stateful codec (hz, utf_7, iso2022_*) starts each line in its initial state and an escape codec
 * (unicode_escape, raw_unicode_escape) reads no escape across lines. The first error
 * (codec lookup, a table this runtime lacks, lone surrogates) comes back as decodeDeclared's.
 * A line whose "\n" the codec swallows (hz's "~\n", a backslash-newline, a bad sequence running into it) is refused
 * with T1006: CPython's tokenizer then ends that line without a "\n", which one UTF-8 buffer
 * cannot say; so is a line decoding to lone surrogates (CPython fails only there) or holding a
 * "\n" the codec made (CPython keeps it in one line).
 */
export function decodeDeclaredLines(b: Uint8Array, name: string): DecodedSource {
  const codec = lookupCodec(name);
  if (codec.kind !== "stateful" && codec.kind !== "escape") return decodeDeclared(b, name, true);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let start = 0, lineno = 1; start < b.length; lineno++) {
    const nl = b.indexOf(10, start);
    const end = nl === -1 ? b.length : nl + 1;
    const r = decodeDeclared(b.subarray(start, end), name, true);
    // Lone surrogates (utf_7): CPython yields the tokens of the lines before, then fails.
    const lost =
      r.error?.code === E.SourceEncode.code
        ? "decodes to lone surrogates"
        : r.error === null && nl !== -1 && r.bytes[r.bytes.length - 1] !== 10
          ? "loses its line end when decoded on its own"
          : r.error === null && (r.bytes.indexOf(10) + 1 || r.bytes.length) < r.bytes.length
            ? // a "\n" before its end: CPython's token `line` is then the whole decoded line
              "decodes to more than one line"
            : null;
    if (lost !== null) {
      const at = { lineno: 0, offset: -1, end_lineno: null, end_offset: null };
      return { bytes: b, error: pyError(E.EncodingUnsupported, at, { name, module: `${codec.module}: line ${lineno} ${lost}` }) };
    }
    if (r.error !== null) return r;
    parts.push(r.bytes);
    total += r.bytes.length;
    start = end;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, error: null };
}
