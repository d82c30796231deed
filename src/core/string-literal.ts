// String literal decoding shared by the parser (which validates literals as it reads them) and the
// tree (which decodes a plain string Constant from its source span only when its value is asked
// for: ast/tree.ts): STRING tokens to str/bytes with CPython 3.14's escape rules and its exact
// error messages, and the unicode_escape decoder that f-string pieces use too (parser/literals.ts).
// Pure functions over the UTF-8 source bytes; they never throw on bad input, they return an error.
// Where CPython places these errors and how positions inside the messages count: see the header
// of parser/literals.ts.
import { PyBytes, PyStr, concatStr } from "./pyvalue.js";
import { lookupUnicodeName } from "./unicode-names.js";
import { provideUnicodeEscape } from "./escape-codecs.js";
import { decodeWithTable, LATIN_1 } from "./codecs.js";

/** A literal that CPython rejects. `error` is the exact SyntaxError message. */
export interface LiteralError {
  error: string;
  /** Set when CPython raises this exception instead of SyntaxError (format specs only). */
  exception?: "UnicodeDecodeError";
}

/**
 * A decoded STRING token. `u` is true for a lowercase `u` prefix (CPython: Constant kind='u').
 * A str is a PyStr only when escapes put a high surrogate right before a low one (pyvalue.ts).
 */
export interface StringLiteral {
  value: string | PyStr | PyBytes;
  u: boolean;
}

// ---------------------------------------------------------------------------------------------
// Strings

// The prefix and quotes of a STRING token, as readShape() leaves them. One shared record, not an
// object per literal: the parser reads the shape of every string token it accepts.
const SHAPE = { bytes: false, raw: false, bodyStart: 0, bodyEnd: 0 };

/** Reads the prefix letters (r, u, b in any case) and the quotes of the STRING token `src[start..end)` into SHAPE. */
function readShape(src: Uint8Array, start: number, end: number): void {
  let i = start;
  let bytes = false;
  let raw = false;
  for (;;) {
    const c = src[i]! | 0x20;
    if (c === 0x62) bytes = true;
    else if (c === 0x72) raw = true;
    else if (c !== 0x75) break;
    i++;
  }
  const quote = src[i]!;
  const q = end - i >= 6 && src[i + 1] === quote && src[i + 2] === quote ? 3 : 1;
  SHAPE.bytes = bytes;
  SHAPE.raw = raw;
  SHAPE.bodyStart = i + q;
  SHAPE.bodyEnd = end - q;
}

/**
 * Decodes one STRING token `src[start..end)`: optional prefix (r, u, b, br, rb in any case), single
 * or triple quotes, body. Not for f-/t-strings. Source newlines must already be "\n".
 */
export function decodeString(src: Uint8Array, start: number, end: number): StringLiteral | LiteralError {
  readShape(src, start, end);
  const { bytes, raw, bodyStart, bodyEnd } = SHAPE;
  const u = src[start] === 0x75; // CPython checks for a lowercase 'u' as the first character
  if (bytes) {
    for (let k = bodyStart; k < bodyEnd; k++) {
      if (src[k]! >= 0x80) return { error: "bytes can only contain ASCII literal characters" };
    }
    if (raw) return { value: new PyBytes(src.slice(bodyStart, bodyEnd)), u };
    const v = decodeBytesEscapes(src, bodyStart, bodyEnd);
    return typeof v === "string" ? { error: v } : { value: new PyBytes(v), u };
  }
  let k = bodyStart;
  if (!raw) while (k < bodyEnd && src[k] !== 0x5c) k++;
  if (raw || k === bodyEnd) return { value: utf8(src, bodyStart, bodyEnd), u };
  const out: EscapeOut = { s: "", error: null, splits: null };
  decodeEscapes(src, bodyStart, bodyEnd, out);
  if (out.error !== null) return { error: "(unicode error) " + out.error };
  return { value: escapedValue(out), u };
}

/**
 * The error decodeString would return for the STRING token `src[start..end)`, or null, without
 * building its value where no escape needs decoding: the parser validates a plain literal as it
 * reads it and leaves the decoding to whoever asks the tree for the value (decodeStringRun).
 */
export function stringLiteralError(src: Uint8Array, start: number, end: number): string | null {
  readShape(src, start, end);
  const { bytes, raw, bodyStart, bodyEnd } = SHAPE;
  let backslash = false;
  for (let k = bodyStart; k < bodyEnd; k++) {
    const c = src[k]!;
    if (c === 0x5c) backslash = true;
    else if (c >= 0x80 && bytes) return "bytes can only contain ASCII literal characters";
  }
  if (raw || !backslash) return null;
  const d = decodeString(src, start, end);
  return "error" in d ? d.error : null;
}

/**
 * The value of a run of plain string (or bytes) literal tokens that the parser accepted, spanning
 * `src[start..end)` from the first token's prefix to the last token's closing quote: each token is
 * decoded as decodeString does and the values are concatenated (CPython's implicit
 * concatenation). Between tokens there may be whitespace, newlines, backslash-newlines and
 * comments. f-/t-strings never occur in such a run. Throws if a token does not decode (the parser
 * rejected such runs, so that is a bug).
 */
export function decodeStringRun(src: Uint8Array, start: number, end: number): string | PyStr | PyBytes {
  let i = start;
  let str: string | PyStr = "";
  let parts: Uint8Array[] | null = null;
  let first = true;
  while (i < end) {
    const c = src[i]!;
    if (c === 0x23) {
      // A comment between two tokens: skip to the end of its line.
      while (i < end && src[i] !== 0x0a) i++;
      continue;
    }
    // Anything else that is not a prefix letter or a quote is whitespace, a newline or the
    // backslash of a line continuation.
    const l = c | 0x20;
    if (c !== 0x22 && c !== 0x27 && l !== 0x62 && l !== 0x72 && l !== 0x75) {
      i++;
      continue;
    }
    const tokEnd = stringTokenEnd(src, i);
    const d = decodeString(src, i, tokEnd);
    if ("error" in d) throw new Error(`undecodable string literal at byte ${i}: ${d.error}`);
    const v = d.value;
    if (!(v instanceof PyBytes)) {
      // A single token (the common case) is returned as decoded, without copying.
      if (first && tokEnd >= end) return v;
      // Python concatenates code points: "\ud800" "\udc00" stays two (concatStr).
      str = concatStr(str, v);
    } else {
      if (first && tokEnd >= end) return v;
      (parts ??= []).push(v.bytes);
    }
    first = false;
    i = tokEnd;
  }
  if (parts === null) return str;
  let n = 0;
  for (const b of parts) n += b.length;
  const all = new Uint8Array(n);
  let o = 0;
  for (const b of parts) {
    all.set(b, o);
    o += b.length;
  }
  return new PyBytes(all);
}

/** End (just past the closing quote) of the plain STRING token that starts at `i`. */
function stringTokenEnd(src: Uint8Array, i: number): number {
  while (src[i] !== 0x22 && src[i] !== 0x27) i++; // prefix
  const quote = src[i]!;
  if (src[i + 1] === quote && src[i + 2] === quote) {
    // Triple-quoted (`""` followed by anything but a third quote is the empty string, below).
    i += 3;
    for (;;) {
      const c = src[i]!;
      if (c === 0x5c) i += 2;
      else if (c === quote && src[i + 1] === quote && src[i + 2] === quote) return i + 3;
      else i++;
    }
  }
  i++;
  for (;;) {
    const c = src[i]!;
    if (c === 0x5c) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
}

/** The output of decodeEscapes: the decoded text so far, or the first error. */
export interface EscapeOut {
  s: string;
  error: string | null; // UnicodeDecodeError text, without the "(unicode error) " prefix
  // Indexes into `s` of escaped low surrogates that follow a high surrogate code point and so
  // must not pair with it (a PyStr's splits); null while there is none, as almost always.
  splits: number[] | null;
}

/** The str decodeEscapes wrote into `out`: `out.s`, or a PyStr when it has split points. */
export function escapedValue(out: EscapeOut): string | PyStr {
  return out.splits === null ? out.s : PyStr.fromSplits(out.s, out.splits);
}

// Single-character escapes by the ASCII code after the backslash ("" = backslash-newline, a line
// continuation).
const SIMPLE_ESCAPES: (string | undefined)[] = (() => {
  const t: (string | undefined)[] = new Array(128).fill(undefined);
  const pairs: [string, string][] = [
    ["\n", ""],
    ["\\", "\\"],
    ["'", "'"],
    ['"', '"'],
    ["a", "\x07"],
    ["b", "\b"],
    ["f", "\f"],
    ["n", "\n"],
    ["r", "\r"],
    ["t", "\t"],
    ["v", "\v"],
  ];
  for (const [k, v] of pairs) t[k.charCodeAt(0)] = v;
  return t;
})();

// Sources declared unicode_escape decode with this decoder; provided from here so that a bundle
// without the string parser (the tokenize module alone) carries no Unicode name table.
provideUnicodeEscape(decodeEscapes);

// The unicode_escape codec as CPython's string parser drives it. CPython first rewrites every
// non-ASCII character as a 10-byte `\UXXXXXXXX` escape (and a backslash before one as `\u005c`),
// then decodes; positions in error messages count in that rewritten text, tracked here as `t`.
// With `latin1`, the codec itself on bytes (a source declared unicode_escape): each byte is one
// character, Latin-1, positions are byte offsets, and a backslash at the end is an error.
// On an error, `out.s` holds the text decoded before the bad escape.
export function decodeEscapes(src: Uint8Array, start: number, end: number, out: EscapeOut, latin1 = false): void {
  let s = out.s;
  let i = start;
  let t = 0;
  decode: while (i < end) {
    let c = src[i]!;
    if (c !== 0x5c) {
      // Copy a run of ordinary text.
      const runStart = i;
      let tRun = 0;
      while (i < end && (c = src[i]!) !== 0x5c) {
        if (c < 0x80 || latin1) {
          i++;
          tRun++;
        } else {
          i += utf8Length(c);
          tRun += 10;
        }
      }
      s += latin1 ? (decodeWithTable(src.subarray(runStart, i), LATIN_1) as string) : utf8(src, runStart, i);
      t += tRun;
      continue;
    }
    const escT = t;
    i++;
    t++;
    if (latin1 && i >= end) {
      out.error = decodeError(escT, t, "\\ at end of string");
      break;
    }
    if (i >= end || (src[i]! >= 0x80 && !latin1)) {
      // A backslash at the end (possible in an f-string piece) or before a non-ASCII character
      // is kept as a backslash: CPython's rewrite turns it into `\u005c`.
      s += "\\";
      t += 5;
      continue;
    }
    c = src[i++]!;
    t++;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      s += simple;
      continue;
    }
    if (c >= 0x30 && c <= 0x37) {
      // \ooo: up to three octal digits; values up to 0o777 are allowed in str (only a warning).
      let v = c - 0x30;
      for (let k = 0; k < 2 && i < end && src[i]! >= 0x30 && src[i]! <= 0x37; k++) {
        v = v * 8 + (src[i++]! - 0x30);
        t++;
      }
      s += String.fromCharCode(v);
      continue;
    }
    let count = 0;
    let reason = "";
    if (c === 0x78) {
      count = 2;
      reason = "truncated \\xXX escape";
    } else if (c === 0x75) {
      count = 4;
      reason = "truncated \\uXXXX escape";
    } else if (c === 0x55) {
      count = 8;
      reason = "truncated \\UXXXXXXXX escape";
    } else if (c === 0x4e) {
      // \N{name}
      reason = "malformed \\N character escape";
      if (i < end && src[i] === 0x7b) {
        i++;
        t++;
        const nameStart = i;
        while (i < end && src[i] !== 0x7d) {
          const b = src[i]!;
          if (latin1 || b < 0x80) {
            // (latin1: one byte, one position; a name with bytes >= 0x80 names nothing)
            t += !latin1 && b === 0x5c && i + 1 < end && src[i + 1]! >= 0x80 ? 6 : 1;
            i++;
          } else {
            t += 10;
            i += utf8Length(b);
          }
        }
        if (i < end && i > nameStart) {
          i++;
          t++;
          const cp = lookupName(src, nameStart, i - 1);
          if (cp >= 0) {
            s += String.fromCodePoint(cp);
            continue;
          }
          reason = "unknown Unicode character name";
        }
      }
      out.error = decodeError(escT, t, reason);
      break;
    } else {
      // Unknown escape: kept as written (CPython only warns).
      s += "\\" + String.fromCharCode(c);
      continue;
    }
    let v = 0;
    for (; count > 0; count--) {
      const d = i < end ? hexValue(src[i]!) : -1;
      if (d < 0) {
        out.error = decodeError(escT, t, reason);
        break decode;
      }
      v = v * 16 + d;
      i++;
      t++;
    }
    if (v > 0x10ffff) {
      out.error = decodeError(escT, t, "illegal Unicode character");
      break;
    }
    // An escaped low surrogate right after a high surrogate code point (s never ends with the
    // high half of a real pair: UTF-8 text and \U escapes add whole pairs) stays a code point
    // of its own, as in Python: remember where, so the value becomes a PyStr.
    if (v >= 0xdc00 && v <= 0xdfff && s.length > 0) {
      const h = s.charCodeAt(s.length - 1);
      if (h >= 0xd800 && h <= 0xdbff) (out.splits ??= []).push(s.length);
    }
    s += v <= 0xffff ? String.fromCharCode(v) : String.fromCodePoint(v);
  }
  out.s = s;
}

// str(UnicodeDecodeError) for the unicode_escape codec; `end` is exclusive.
function decodeError(start: number, end: number, reason: string): string {
  if (end === start + 1) return `'unicodeescape' codec can't decode byte 0x5c in position ${start}: ${reason}`;
  return `'unicodeescape' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
}

function lookupName(src: Uint8Array, start: number, end: number): number {
  let name = "";
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 0x80) return -1; // CPython sees `\U...` text here, which names nothing
    name += String.fromCharCode(c);
  }
  return lookupUnicodeName(name);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

// CPython's bytes escape decoder. Returns the bytes, or the SyntaxError message.
function decodeBytesEscapes(src: Uint8Array, start: number, end: number): Uint8Array | string {
  const out = new Uint8Array(end - start);
  let o = 0;
  let i = start;
  while (i < end) {
    let c = src[i++]!;
    if (c !== 0x5c) {
      out[o++] = c;
      continue;
    }
    if (i >= end) return "(value error) Trailing \\ in string";
    c = src[i++]!;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      if (simple !== "") out[o++] = simple.charCodeAt(0);
    } else if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      for (let k = 0; k < 2 && i < end && src[i]! >= 0x30 && src[i]! <= 0x37; k++) v = v * 8 + (src[i++]! - 0x30);
      out[o++] = v & 0xff; // \400..\777 wrap (CPython only warns)
    } else if (c === 0x78) {
      const hi = i + 1 < end ? hexValue(src[i]!) : -1;
      const lo = hi >= 0 ? hexValue(src[i + 1]!) : -1;
      if (lo < 0) return `(value error) invalid \\x escape at position ${i - 2 - start}`;
      out[o++] = hi * 16 + lo;
      i += 2;
    } else {
      // Unknown escape (\N, \u, \U included): kept as written.
      out[o++] = 0x5c;
      i--;
    }
  }
  return out.slice(0, o);
}

// ---------------------------------------------------------------------------------------------
// UTF-8 (the source was validated when it was decoded, so sequences are well formed)

function utf8Length(lead: number): number {
  return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

// The source was validated as UTF-8 when it was decoded, so a non-fatal decoder is exact here.
// ignoreBOM: a literal may begin with U+FEFF, which must be kept.
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Decodes well-formed UTF-8 `src[start..end)` to a JS string. */
export function utf8(src: Uint8Array, start: number, end: number): string {
  // Short ASCII text (most literals): building the string char by char beats the native
  // decoder's per-call cost; anything longer or non-ASCII goes to TextDecoder (measured ~3x
  // faster over the stdlib's string literals than a JS UTF-8 loop).
  if (end - start <= 16) {
    let s = "";
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      if (c >= 0x80) return UTF8.decode(src.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return UTF8.decode(src.subarray(start, end));
}
