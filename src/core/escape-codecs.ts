// The unicode_escape and raw_unicode_escape codecs over a whole source, as CPython's tokenizer
// applies a PEP 263 declaration naming them: bytes are Latin-1 characters, escapes are decoded,
// errors are strict. unicode_escape is the string parser's decoder (string-literal.ts) in Latin-1 mode.
import { decodeEscapes, type EscapeOut, latin1Text } from "./string-literal.js";

/** A decoded text, or the UnicodeDecodeError: `codec` and the message after "can't decode ". */
export type EscapeDecoded =
  | { readonly text: string; readonly lone: readonly (readonly [number, number])[] }
  | { readonly codec: string; readonly detail: string };

/**
 * Decodes `b` with `unicode_escape` (raw false) or `raw_unicode_escape` (raw true). `lone` lists
 * the lone surrogates of Python's text ([code point index, code unit]), which CPython then fails
 * to encode as UTF-8; escaped halves never pair in Python, so they are all listed. With
 * `replace` (errors="replace"), each bad escape becomes U+FFFD and decoding goes on after it.
 * Linear time.
 */
export function decodeEscapeCodec(b: Uint8Array, raw: boolean, replace = false): EscapeDecoded {
  const out: EscapeOut = { s: "", error: null, splits: null };
  if (raw) decodeRaw(b, out, replace);
  else {
    let from = 0;
    for (;;) {
      decodeEscapes(b, from, b.length, out, true);
      if (out.error === null || !replace) break;
      // Decode again up to the bad escape (everything before it decoded whole), then go on
      // after its end, which the message gives relative to `from`.
      const m = / position (\d+)(?:-(\d+))?:/.exec(out.error)!;
      out.error = null;
      decodeEscapes(b, from, from + Number(m[1]), out, true);
      out.s += "\ufffd";
      from += Number(m[2] ?? m[1]) + 1;
    }
  }
  if (out.error !== null) {
    const m = out.error;
    return { codec: raw ? "rawunicodeescape" : "unicodeescape", detail: m.slice(m.indexOf(" decode ") + 8) };
  }
  return { text: out.s, lone: loneSurrogates(out.s, out.splits) };
}

// raw_unicode_escape: only \uXXXX and \UXXXXXXXX after an odd run of backslashes are escapes;
// an error spans from the backslash before the "u" or "U" to the bad byte.
function decodeRaw(b: Uint8Array, out: EscapeOut, replace: boolean): void {
  let s = "";
  let i = 0;
  const end = b.length;
  while (i < end) {
    const runStart = i;
    while (i < end && b[i] !== 0x5c) i++;
    if (i > runStart) s += latin1Text(b, runStart, i);
    if (i >= end) break;
    const bs = i;
    while (i < end && b[i] === 0x5c) i++;
    s += "\\".repeat(i - bs);
    if (((i - bs) & 1) === 0 || i >= end || (b[i] !== 0x75 && b[i] !== 0x55)) continue;
    s = s.slice(0, -1);
    const escStart = i - 1;
    let count = b[i] === 0x75 ? 4 : 8;
    const reason = count === 4 ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
    i++;
    let v = 0;
    for (; count > 0; count--, i++) {
      const d = i < end ? hexDigit(b[i]!) : -1;
      if (d < 0) break;
      v = v * 16 + d;
    }
    if (count > 0 || v > 0x10ffff) {
      if (replace) {
        s += "\ufffd";
        continue;
      }
      out.error = rawError(escStart, i, count > 0 ? reason : "\\Uxxxxxxxx out of range");
      out.s = s;
      return;
    }
    if (v >= 0xd800 && v <= 0xdfff) (out.splits ??= []).push(s.length);
    s += String.fromCodePoint(v);
  }
  out.s = s;
}

function rawError(start: number, end: number, reason: string): string {
  // The span always holds a backslash and "u" or "U".
  return `'rawunicodeescape' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

// Surrogate code units of `s` that are code points of their own in Python: every one not in a
// pair, and an escaped low half (`splits`: its index) even right after a high one.
function loneSurrogates(s: string, splits: number[] | null): [number, number][] {
  const lone: [number, number][] = [];
  const split = splits === null ? null : new Set(splits);
  let cp = 0;
  for (let i = 0; i < s.length; cp++) {
    const u = s.charCodeAt(i);
    if (u < 0xd800 || u > 0xdfff) {
      i++;
      continue;
    }
    const v = s.charCodeAt(i + 1);
    if (u <= 0xdbff && v >= 0xdc00 && v <= 0xdfff && !split?.has(i + 1)) {
      i += 2;
      continue;
    }
    lone.push([cp, u]);
    i++;
  }
  return lone;
}
