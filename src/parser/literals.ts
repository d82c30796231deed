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
import { PyComplex, type PyStr } from "../core/pyvalue.js";
import { decodeEscapes, escapedValue, utf8, type EscapeOut, type LiteralError } from "../core/string-literal.js";
import { ERRORS as E, errorMessage } from "../core/error-catalog.js";

export { decodeString, utf8 } from "../core/string-literal.js";
export type { LiteralError, StringLiteral } from "../core/string-literal.js";

// ---------------------------------------------------------------------------------------------
// Numbers

/** CPython's default sys.get_int_max_str_digits(). */
export const INT_MAX_STR_DIGITS = 4300;

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
  const digits = tooManyDigits(src, start, end);
  return digits === 0 ? null : errorMessage(E.IntTooLong, { limit: INT_MAX_STR_DIGITS, digits });
}

/**
 * The number of digits of a decimal int literal CPython rejects for exceeding its 4300-digit
 * limit (underscores not counted), or 0 when the NUMBER token is fine.
 */
export function tooManyDigits(src: Uint8Array, start: number, end: number): number {
  if (end - start <= INT_MAX_STR_DIGITS) return 0;
  let digits = 0;
  let nonzero = false;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      if (c !== 0x30) nonzero = true;
    } else if (c !== 0x5f) {
      return 0; // not a decimal int (prefix, '.', exponent, 'j')
    }
  }
  // A decimal literal with a leading zero is all zeros; CPython accepts any number of them.
  if (digits <= INT_MAX_STR_DIGITS || !nonzero) return 0;
  return digits;
}

function ascii(src: Uint8Array, start: number, end: number, dropUnderscores: boolean): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c !== 0x5f || !dropUnderscores) s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Decodes a literal run of an f-string or t-string (FSTRING_MIDDLE/TSTRING_MIDDLE source text
 * `src[start..end)`, as written: doubled braces `{{`/`}}` are un-doubled here). `raw` is true for
 * rf/fr/rt/tr strings. `formatSpec` is true for runs inside a replacement field's format spec
 * (`f"{x:...}"`), where CPython reports errors differently (see the file header).
 *
 * Like CPython's tokenizer, the run is cut into pieces after the first brace of each doubled pair
 * and after the `}` that ends a `\N{...}`; each piece is decoded on its own, so an error message's
 * "position" counts from the start of its piece. The value is a PyStr only when escapes put a high
 * surrogate right before a low one (pyvalue.ts).
 */
export function decodeFStringMiddle(
  src: Uint8Array,
  start: number,
  end: number,
  raw: boolean,
  formatSpec = false,
): string | PyStr | LiteralError {
  const out: EscapeOut = { s: "", error: null, splits: null };
  const n = scanPieces(src, start, end, raw, PIECES);
  for (let k = 0; k < n && out.error === null; k += 3) {
    if (raw) out.s += utf8(src, PIECES[k]!, PIECES[k + 1]!);
    else decodeEscapes(src, PIECES[k]!, PIECES[k + 1]!, out);
  }
  if (out.error !== null) {
    return formatSpec ? { error: out.error, exception: "UnicodeDecodeError" } : { error: "(unicode error) " + out.error };
  }
  return escapedValue(out);
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
