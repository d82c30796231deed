// The columns of an error in a source read through a declared encoding: CPython converts an
// error's byte columns to characters over its line's text, and takes that text from the source
// as given (undecoded, read as UTF-8 with replacement) when the tokenizer has moved past the
// error's line (pegen_errors.c). For UTF-8 sources both texts are the same.
import type { PySyntaxError } from "../core/diagnostics.js";

const utf8 = new TextEncoder();

// Errors whose line CPython shows as given, undecoded (SyntaxError.text): formatSyntaxError asks.
const undecodedText = new WeakSet<PySyntaxError>();

/** True when CPython's text for `err`'s line is that line undecoded, read as UTF-8 with replacement. */
export function showsUndecodedLine(err: PySyntaxError): boolean {
  return undecodedText.has(err);
}
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * `err` with its columns as CPython reports them when the source bytes `raw` were decoded to
 * `decoded` (UTF-8, "\n" line ends) and the tokenizer stood on line `tokLine` when it was raised.
 * `endByteColumn`, when not 0, is the end's 1-based byte column on its own (later) line before it
 * was clipped to the decoded start line. Returns `err` itself when the line's two texts agree.
 */
export function undecodedColumns(
  err: PySyntaxError,
  raw: Uint8Array,
  decoded: Uint8Array,
  tokLine: number,
  endByteColumn: number,
): PySyntaxError {
  const lineno = err.lineno;
  if (lineno === null || lineno < 1 || lineno >= tokLine || err.offset === null || err.offset < 1) return err;
  const rawLine = lineOf(raw, lineno, true);
  const decLine = lineOf(decoded, lineno, false);
  if (rawLine === null || decLine === null || sameBytes(rawLine, decLine)) return err;
  const text = utf8.encode(lenient.decode(rawLine));
  const offset = convert(decLine, text, err.offset);
  let end_offset = err.end_offset;
  if (end_offset !== null && end_offset > 0) {
    end_offset = endByteColumn > 0 ? byteColumnChars(text, endByteColumn) : convert(decLine, text, end_offset);
  }
  const out = { ...err, offset, end_offset };
  undecodedText.add(out);
  return out;
}

// A 1-based character column over `decLine` -> the 1-based byte column -> CPython's character
// column over `text`: the characters in its first that-many bytes (cut at its length + 1, where
// C reads the terminating NUL as one more character).
function convert(decLine: Uint8Array, text: Uint8Array, col: number): number {
  let b = 0;
  let chars = 0;
  while (b < decLine.length && chars < col - 1) {
    b++;
    while (b < decLine.length && (decLine[b]! & 0xc0) === 0x80) b++;
    chars++;
  }
  return byteColumnChars(text, b + (col - 1 - chars) + 1);
}

function byteColumnChars(text: Uint8Array, byteCol: number): number {
  if (byteCol > text.length) return lenient.decode(text).length + 1;
  return lenient.decode(text.subarray(0, byteCol)).length;
}

// Line `lineno` (1-based) of `b` without its line end; with `anyEnd`, "\r\n" and "\r" end lines too.
function lineOf(b: Uint8Array, lineno: number, anyEnd: boolean): Uint8Array | null {
  let s = 0;
  if (anyEnd && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) s = 3;
  for (let n = 1; n < lineno; n++) {
    let i = s;
    while (i < b.length && b[i] !== 10 && !(anyEnd && b[i] === 13)) i++;
    if (i >= b.length) return null;
    s = anyEnd && b[i] === 13 && b[i + 1] === 10 ? i + 2 : i + 1;
  }
  let e = s;
  while (e < b.length && b[e] !== 10 && !(anyEnd && b[e] === 13)) e++;
  return b.subarray(s, e);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
