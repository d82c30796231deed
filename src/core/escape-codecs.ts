// The unicode_escape and raw_unicode_escape codecs over a whole source, as CPython's tokenizer
// applies a PEP 263 declaration naming them: bytes are Latin-1 characters, escapes are decoded,
// errors are strict. unicode_escape is the string parser's decoder (string-literal.ts) in Latin-1
// mode, which that module provides when it loads (it alone holds the Unicode name table).
import type { EscapeOut } from "./string-literal.js";
import { decodeWithTable, LATIN_1 } from "./codecs.js";

/** A decoded text, or the UnicodeDecodeError: `codec` and the message after "can't decode "; null
 * for unicode_escape when the string parser is not loaded (a bundle of the tokenize module alone). */
export type EscapeDecoded =
  | { readonly text: string; readonly lone: readonly (readonly [number, number])[] }
  | { readonly codec: string; readonly detail: string }
  | null;

type UnicodeEscape = (src: Uint8Array, start: number, end: number, out: EscapeOut, latin1: boolean) => void;
let decodeEscapes: UnicodeEscape | null = null;

/** Called by string-literal.ts with its unicode_escape decoder. */
export function provideUnicodeEscape(f: UnicodeEscape): void {
  decodeEscapes = f;
}

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
  else if (decodeEscapes === null) return null;
  else {
    for (let from = 0; ; ) {
      decodeEscapes(b, from, b.length, out, true);
      if (out.error === null || !replace) break;
      // Go on after the bad escape, whose last position (relative to `from`) the message gives.
      out.s += "\ufffd";
      from += Number(/(\d+):/.exec(out.error)![1]) + 1;
      out.error = null;
    }
  }
  if (out.error !== null) {
    // decodeEscapes gives the whole message: "'unicodeescape' codec can't decode " is 35 characters.
    return { codec: raw ? "rawunicodeescape" : "unicodeescape", detail: raw ? out.error : out.error.slice(35) };
  }
  return { text: out.s, lone: loneSurrogates(out.s, out.splits) };
}

// raw_unicode_escape: only \uXXXX and \UXXXXXXXX after an odd run of backslashes are escapes;
// an error spans from the backslash before the "u" or "U" to the bad byte.
function decodeRaw(b: Uint8Array, out: EscapeOut, replace: boolean): void {
  const t = decodeWithTable(b, LATIN_1) as string;
  const runs = /\\+(?=[uU])/g;
  let s = "";
  let last = 0;
  for (let m = runs.exec(t); m !== null; m = runs.exec(t)) {
    if ((m[0].length & 1) === 0) continue;
    const at = runs.lastIndex - 1;
    const u = t[at + 1]!;
    const n = u === "u" ? 4 : 8;
    const hex = /^[0-9a-fA-F]*/.exec(t.substr(at + 2, n))![0];
    const v = parseInt(hex, 16);
    const end = at + 2 + hex.length;
    s += t.slice(last, at);
    last = runs.lastIndex = end;
    if (hex.length < n || v > 0x10ffff) {
      if (!replace) {
        const reason = hex.length < n ? `truncated \\${u}${"X".repeat(n)} escape` : "\\Uxxxxxxxx out of range";
        out.error = `bytes in position ${at}-${end - 1}: ${reason}`; // the span holds "\\u" at least
        return;
      }
      s += "\ufffd";
      continue;
    }
    if (v >= 0xd800 && v <= 0xdfff) (out.splits ??= []).push(s.length);
    s += String.fromCodePoint(v);
  }
  out.s = s + t.slice(last);
}

// Surrogate code units of `s` that are code points of their own in Python: every one not in a
// pair, and an escaped low half (`splits`: its index) even right after a high one.
function loneSurrogates(s: string, splits: number[] | null): [number, number][] {
  const lone: [number, number][] = [];
  const split = new Set(splits);
  for (let i = 0, cp = 0; i < s.length; i++, cp++) {
    const u = s.charCodeAt(i);
    if ((u & 0xf800) !== 0xd800) continue;
    if (u < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 && !split.has(i + 1)) i++;
    else lone.push([cp, u]);
  }
  return lone;
}
