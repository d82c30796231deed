// Literal tokens -> Python values: NUMBER tokens to int/float/complex, STRING tokens and the literal
// runs of f-/t-strings to str/bytes, with CPython 3.14's escape rules and its exact error messages.
// Pure functions over the UTF-8 source bytes; they never throw on bad input, they return an error.
//
// Where CPython places these errors (ast.parse, checked with Pyodide; the caller turns the message
// into a SyntaxError at that place):
// - decodeString errors ("(unicode error) ...", "(value error) ...", "bytes can only contain ASCII
//   literal characters"): the whole STRING token: lineno/col_offset of its first byte (the prefix),
//   end_lineno/end_col_offset just past its closing quote. Columns are 1-based offsets as usual
//   (`x = 1 + "\xZ"` -> offset 9, end_offset 14). Each token of an implicit concatenation is
//   decoded on its own and blamed alone (`"ab" "\x1"` -> the second token).
// - decodeFStringMiddle errors in the literal part of an f-/t-string: the FSTRING_END/TSTRING_END
//   token (the closing quote(s)) of the f-string that holds the part, not the part itself
//   (`x = f"a{1}\xZ"` -> offset 14, end_offset 15; triple-quoted: the three closing quotes).
// - decodeFStringMiddle errors in a format spec (`f"{x:\xZ}"`): CPython 3.14 raises a bare
//   UnicodeDecodeError from ast.parse, not a SyntaxError (no location, no "(unicode error)" prefix);
//   such results carry `exception: "UnicodeDecodeError"`.
// - numberLiteralError: lineno = the NUMBER token's line, offset 0, end_lineno = its end line,
//   end_offset 0 (CPython deliberately omits columns for this one).
// - Multi-line tokens: CPython converts the end column to characters with the text of the error's
//   *first* line: end_offset = number of characters in the first min(end byte column + 1, line
//   length + 1) bytes of the start line (+1 when that runs past it). E.g. a triple-quoted u-string
//   opened at `x = u'''` whose `\xZ` sits on line 3 -> (1, 5, 3, 9): 8 characters + 1.
// - Order: CPython decodes a STRING token as soon as the parser takes it, so its error beats any
//   later syntax error (`x = ("\xZ"` -> the decode error). A format spec is decoded when its
//   replacement field is parsed, but the literal pieces of an f-string only once the whole
//   f-string has parsed: `f"\xZ{1:\xZ}"` -> the spec's UnicodeDecodeError, `f"\xZ{1 +}"` -> the
//   f-string syntax error. Within one f-string, pieces are decoded left to right.
// Positions inside the messages ("position 0-1") count from the start of the string body (after
// prefix and opening quotes; for f-strings, from the start of each literal piece, see below), in
// CPython's internal re-encoding where each non-ASCII character counts 10 and a backslash before a
// non-ASCII character counts 6.
import { PyBytes, PyComplex } from "../core/pyvalue.js";
import { lookupUnicodeName } from "../core/unicode-names.js";

/** A literal that CPython rejects. `error` is the exact SyntaxError message. */
export interface LiteralError {
  error: string;
  /** Set when CPython raises this exception instead of SyntaxError (format specs only). */
  exception?: "UnicodeDecodeError";
}

/** A decoded STRING token. `u` is true for a lowercase `u` prefix (CPython: Constant kind='u'). */
export interface StringLiteral {
  value: string | PyBytes;
  u: boolean;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** CPython's default sys.get_int_max_str_digits(). */
const INT_MAX_STR_DIGITS = 4300;

/**
 * Decodes a NUMBER token the tokenizer has validated (`src[start..end)`): decimal, hex, octal and
 * binary ints with underscores, floats, and imaginary literals. Ints become bigint, floats number
 * (rounded exactly as CPython's float(): both are correctly rounded), imaginaries PyComplex(0, x).
 * Decimal ints of more than 4300 digits are rejected by CPython: see numberLiteralError.
 */
export function decodeNumber(src: Uint8Array, start: number, end: number): bigint | number | PyComplex {
  const last = src[end - 1]!;
  if (last === 0x6a || last === 0x4a) return new PyComplex(0, decodeFloat(src, start, end - 1));
  if (end - start > 1 && src[start] === 0x30) {
    const p = src[start + 1]! | 0x20;
    if (p === 0x78 || p === 0x6f || p === 0x62) {
      // 0x / 0o / 0b: BigInt() reads these prefixes itself.
      return BigInt(ascii(src, start, end, /*dropUnderscores*/ true));
    }
  }
  // Decimal int, unless it has a '.', 'e' or 'E'. Small ones are summed directly.
  let n = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 0x30 && c <= 0x39) {
      n = n * 10 + (c - 0x30);
      digits++;
    } else if (c !== 0x5f) {
      return decodeFloat(src, start, end);
    }
  }
  if (digits > 15) return BigInt(ascii(src, start, end, true));
  // Most int literals are small: share their bigints instead of allocating one per literal.
  return n < SMALL_INTS.length ? SMALL_INTS[n]! : BigInt(n);
}

// bigint values are immutable, so literals may share them.
const SMALL_INTS: bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

function decodeFloat(src: Uint8Array, start: number, end: number): number {
  // Number() parses Python's float syntax ("1.", ".5", "1e5", "01.5") once underscores are gone,
  // and rounds correctly; overflow gives Infinity, as CPython's float literal does.
  return Number(ascii(src, start, end, true));
}

/**
 * The SyntaxError CPython raises for a NUMBER token, or null. Only decimal ints of more than 4300
 * digits (underscores not counted) fail, so callers may skip the call for tokens of at most 4300
 * bytes. Placement: see the header of this file.
 */
export function numberLiteralError(src: Uint8Array, start: number, end: number): string | null {
  if (end - start <= INT_MAX_STR_DIGITS) return null;
  let digits = 0;
  let nonzero = false;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      if (c !== 0x30) nonzero = true;
    } else if (c !== 0x5f) {
      return null; // not a decimal int (prefix, '.', exponent, 'j')
    }
  }
  // A decimal literal with a leading zero is all zeros; CPython accepts any number of them.
  if (digits <= INT_MAX_STR_DIGITS || !nonzero) return null;
  return (
    `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; ` +
    "use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals " +
    "to avoid decimal conversion limits."
  );
}

function ascii(src: Uint8Array, start: number, end: number, dropUnderscores: boolean): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c !== 0x5f || !dropUnderscores) s += String.fromCharCode(c);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Strings

/**
 * Decodes one STRING token `src[start..end)`: optional prefix (r, u, b, br, rb in any case), single
 * or triple quotes, body. Not for f-/t-strings. Source newlines must already be "\n".
 */
export function decodeString(src: Uint8Array, start: number, end: number): StringLiteral | LiteralError {
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
  const u = src[start] === 0x75; // CPython checks for a lowercase 'u' as the first character
  const quote = src[i]!;
  const q = end - i >= 6 && src[i + 1] === quote && src[i + 2] === quote ? 3 : 1;
  const bodyStart = i + q;
  const bodyEnd = end - q;
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
  const out: Out = { s: "", error: null };
  decodeEscapes(src, bodyStart, bodyEnd, out);
  if (out.error !== null) return { error: "(unicode error) " + out.error };
  return { value: out.s, u };
}

/**
 * Decodes a literal run of an f-string or t-string (FSTRING_MIDDLE/TSTRING_MIDDLE source text
 * `src[start..end)`, as written: doubled braces `{{`/`}}` are un-doubled here). `raw` is true for
 * rf/fr/rt/tr strings. `formatSpec` is true for runs inside a replacement field's format spec
 * (`f"{x:...}"`), where CPython reports errors differently (see the file header).
 *
 * Like CPython's tokenizer, the run is cut into pieces after the first brace of each doubled pair
 * and after the `}` that ends a `\N{...}`; each piece is decoded on its own, so an error message's
 * "position" counts from the start of its piece.
 */
export function decodeFStringMiddle(
  src: Uint8Array,
  start: number,
  end: number,
  raw: boolean,
  formatSpec = false,
): string | LiteralError {
  const out: Out = { s: "", error: null };
  const n = scanPieces(src, start, end, raw, PIECES);
  for (let k = 0; k < n && out.error === null; k += 3) {
    if (raw) out.s += utf8(src, PIECES[k]!, PIECES[k + 1]!);
    else decodeEscapes(src, PIECES[k]!, PIECES[k + 1]!, out);
  }
  if (out.error !== null) {
    return formatSpec ? { error: out.error, exception: "UnicodeDecodeError" } : { error: "(unicode error) " + out.error };
  }
  return out.s;
}

/**
 * How CPython's tokenizer cuts the f-/t-string literal run `src[start..end)` into FSTRING_MIDDLE
 * tokens: a flat list of [start, textEnd, tokenEnd] byte offsets per piece. `textEnd` excludes the
 * dropped second brace of a doubled pair, `tokenEnd` includes it (CPython's token, and so its
 * Constant, ends after it). Decode one piece with decodeFStringMiddle(src, start, textEnd, raw).
 *
 * The AST needs this in two places: a literal piece that decodes to "" (e.g. a lone
 * backslash-newline) is dropped before adjacent pieces merge, so it does not extend the merged
 * Constant's location; and a format spec made of two or more non-empty pieces and no replacement
 * field becomes a bare Constant (from the ':' to the spec's end) instead of JoinedStr([Constant]).
 */
export function fstringPieces(src: Uint8Array, start: number, end: number, raw: boolean): number[] {
  const out: number[] = [];
  scanPieces(src, start, end, raw, out);
  return out;
}

// Reused by decodeFStringMiddle, so that decoding allocates nothing but its result.
const PIECES: number[] = [];

// Mirrors the FSTRING_MIDDLE loop of CPython's tokenizer: a piece ends after the first brace of a
// doubled pair (the second is skipped) and after the `}` that closes a `\N{` (not in raw strings).
// A backslash makes the tokenizer step over the next character, unless that is a brace.
function scanPieces(src: Uint8Array, start: number, end: number, raw: boolean, out: number[]): number {
  let n = 0;
  let piece = start;
  let namedEscape = false;
  let i = start;
  while (i < end) {
    const c = src[i++]!;
    if (c === 0x7b || c === 0x7d) {
      const textEnd = i;
      if ((c !== 0x7d || !namedEscape) && i < end && src[i] === c) i++;
      out[n++] = piece;
      out[n++] = textEnd;
      out[n++] = i;
      piece = i;
      namedEscape = false;
    } else if (c === 0x5c && i < end) {
      const p = src[i]!;
      if (p === 0x7b || p === 0x7d) continue;
      i++;
      if (!raw && p === 0x4e && i < end && src[i] === 0x7b) {
        i++;
        namedEscape = true;
      }
    }
  }
  if (piece < end || n === 0) {
    out[n++] = piece;
    out[n++] = end;
    out[n++] = end;
  }
  out.length = n;
  return n;
}

interface Out {
  s: string;
  error: string | null; // UnicodeDecodeError text, without the "(unicode error) " prefix
}

// Single-character escapes by the ASCII code after the backslash ("" = backslash-newline, a line
// continuation).
const SIMPLE_ESCAPES: (string | undefined)[] = (() => {
  const t: (string | undefined)[] = new Array(128).fill(undefined);
  const pairs: [string, string][] = [
    ["\n", ""], ["\\", "\\"], ["'", "'"], ['"', '"'], ["a", "\x07"], ["b", "\b"],
    ["f", "\f"], ["n", "\n"], ["r", "\r"], ["t", "\t"], ["v", "\v"],
  ];
  for (const [k, v] of pairs) t[k.charCodeAt(0)] = v;
  return t;
})();

// The unicode_escape codec as CPython's string parser drives it. CPython first rewrites every
// non-ASCII character as a 10-byte `\UXXXXXXXX` escape (and a backslash before one as `\u005c`),
// then decodes; positions in error messages count in that rewritten text, tracked here as `t`.
function decodeEscapes(src: Uint8Array, start: number, end: number, out: Out): void {
  let s = out.s;
  let i = start;
  let t = 0;
  while (i < end) {
    let c = src[i]!;
    if (c !== 0x5c) {
      // Copy a run of ordinary text.
      const runStart = i;
      let tRun = 0;
      while (i < end && (c = src[i]!) !== 0x5c) {
        if (c < 0x80) {
          i++;
          tRun++;
        } else {
          i += utf8Length(c);
          tRun += 10;
        }
      }
      s += utf8(src, runStart, i);
      t += tRun;
      continue;
    }
    const escT = t;
    i++;
    t++;
    if (i >= end || src[i]! >= 0x80) {
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
          if (b < 0x80) {
            t += b === 0x5c && i + 1 < end && src[i + 1]! >= 0x80 ? 6 : 1;
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
      return;
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
        return;
      }
      v = v * 16 + d;
      i++;
      t++;
    }
    if (v > 0x10ffff) {
      out.error = decodeError(escT, t, "illegal Unicode character");
      return;
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
