// String literal spelling for the unparser: docstrings and f-/t-strings pick the quote that needs
// the fewest backslashes, as CPython's ast.unparse does. (Plain str and bytes constants are
// written as repr() writes them: ast/repr.ts.)
// A str is a JS string or, rarely, a PyStr (a high surrogate code point right before a low one,
// core/pyvalue.ts): surrogates are never printable, so every path escapes such a pair's halves
// one by one, as CPython does, except format specs, which CPython writes unescaped.
import { reprStr, isPrintable } from "../ast/repr.js";
import { type PyStr, concatStr, strSegments } from "../core/pyvalue.js";
import { utf8 } from "../core/string-literal.js";

const SQ = "'";
const DQ = '"';
const TSQ = "'''";
const TDQ = '"""';
/** Every quote, in the order of preference. */
const ALL_QUOTES: readonly string[] = [SQ, DQ, TDQ, TSQ];
/** The triple quotes (docstrings use only these). */
const MULTI_QUOTES: readonly string[] = [TDQ, TSQ];

function isMulti(q: string): boolean {
  return q.length === 3;
}

const HEX = "0123456789abcdef";

function hex(c: number, digits: number): string {
  return c.toString(16).padStart(digits, "0");
}

// Python's "unicode_escape" codec for one code point.
function unicodeEscape(c: number): string {
  switch (c) {
    case 0x5c:
      return "\\\\";
    case 0x09:
      return "\\t";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
  }
  if (c < 0x20 || (c >= 0x7f && c < 0x100)) return "\\x" + HEX[c >> 4] + HEX[c & 15];
  if (c < 0x10000) return "\\u" + hex(c, 4);
  return "\\U" + hex(c, 8);
}

// Characters that may need an escape: backslash, controls, DEL and everything non-ASCII (most of
// which is printable and stays as it is).
const MAY_ESCAPE = /[\\\x00-\x1f\x7f-\uffff]/;
const MAY_ESCAPE_BUT_NL_TAB = /[\\\x00-\x08\x0b-\x1f\x7f-\uffff]/;

// What repr() of a str may have to escape (with either quote).
const REPR_MAY_ESCAPE = /['"\\\x00-\x1f\x7f-\uffff]/;

/** repr() of a str: reprStr, with a fast path for the common text that needs no escape at all. */
export function reprString(s: string | PyStr): string {
  if (typeof s !== "string") return reprStr(s);
  return REPR_MAY_ESCAPE.test(s) ? reprStr(s) : "'" + s + "'";
}

/** plainLiteral's answers: not a plain literal; repr() writes its bytes; or them in single quotes. */
export const NOT_PLAIN = 0;
export const SAME_QUOTES = 1;
export const SINGLE_QUOTES = 2;

/**
 * Whether repr() of the str a parsed tree's lazily decoded string Constant holds can be read off
 * its source span `src[start..end)` without decoding: one token, no prefix, not triple-quoted,
 * only printable ASCII without backslashes between the quotes (most literals). repr() then writes
 * those bytes, in the source's quotes (SAME_QUOTES), except that a `"..."` without a `'` gets
 * `'...'` (SINGLE_QUOTES). Anything else is NOT_PLAIN: the caller decodes the value.
 */
export function plainLiteral(src: Uint8Array, start: number, end: number): number {
  const q = src[start];
  if ((q !== 0x27 && q !== 0x22) || end - start < 2 || src[end - 1] !== q) return NOT_PLAIN;
  // A quote inside is a triple quote or another token of an implicit concatenation.
  let single = false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = src[i]!;
    if (c < 0x20 || c > 0x7e || c === 0x5c || c === q) return NOT_PLAIN;
    if (c === 0x27) single = true;
  }
  return q === 0x22 && !single ? SINGLE_QUOTES : SAME_QUOTES;
}

/** The text plainLiteral's answer `how` (not NOT_PLAIN) stands for. */
export function plainLiteralRepr(src: Uint8Array, start: number, end: number, how: number): string {
  return how === SINGLE_QUOTES ? "'" + utf8(src, start + 1, end - 1) + "'" : utf8(src, start, end);
}

/**
 * Escapes backslashes and unprintable characters (Python's str.isprintable) with unicode_escape
 * sequences; newlines and tabs are kept as they are unless `escapeNewlineTab`.
 */
function escapeBody(str: string | PyStr, escapeNewlineTab: boolean): string {
  if (typeof str !== "string") {
    // Each segment on its own: the halves of a split pair, at the ends of two segments, are
    // escaped one by one.
    let out = "";
    for (const seg of strSegments(str)) out += escapeBody(seg, escapeNewlineTab);
    return out;
  }
  const s = str;
  // Most text has nothing to escape: find the first candidate natively.
  let i = s.search(escapeNewlineTab ? MAY_ESCAPE : MAY_ESCAPE_BUT_NL_TAB);
  if (i < 0) return s;
  let out = s.slice(0, i);
  let run = i;
  while (i < s.length) {
    let c = s.charCodeAt(i);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        width = 2;
      }
    }
    let esc = false;
    if (c === 0x0a || c === 0x09) esc = escapeNewlineTab;
    else if (c === 0x5c || !isPrintable(c)) esc = true;
    if (esc) {
      out += s.slice(run, i) + unicodeEscape(c);
      run = i + width;
    }
    i += width;
  }
  return out + s.slice(run);
}

/** A literal body and the quotes it may be written with, best first. */
interface Spelled {
  body: string;
  quotes: readonly string[];
}

/**
 * Spells `s` for one of `quoteTypes`: escapes as escapeBody does, keeps the quotes that neither
 * occur in the body nor are single quotes around a raw newline, and prefers one whose character
 * differs from the body's last (when it cannot, a triple quote, the last character is escaped).
 * When no quote fits, the body is repr()'s, with the one quote that matches repr's.
 */
function spell(s: string | PyStr, quoteTypes: readonly string[], escapeNewlineTab: boolean): Spelled {
  let body = escapeBody(s, escapeNewlineTab);
  const multiOnly = body.indexOf("\n") >= 0;
  const possible: string[] = [];
  for (const q of quoteTypes) if ((!multiOnly || isMulti(q)) && body.indexOf(q) < 0) possible.push(q);
  if (possible.length === 0) {
    const r = reprStr(s);
    const first = r[0]!;
    let quote = first;
    for (const q of quoteTypes) {
      if (q.indexOf(first) >= 0) {
        quote = q;
        break;
      }
    }
    return { body: r.slice(1, -1), quotes: [quote] };
  }
  if (body.length === 0) return { body, quotes: possible };
  // Stable partition: quotes that do not start with the body's last character come first.
  const last = body[body.length - 1]!;
  const sorted: string[] = [];
  for (const q of possible) if (q[0] !== last) sorted.push(q);
  for (const q of possible) if (q[0] === last) sorted.push(q);
  // Only a triple quote can still start with the last character (a single one would be in the
  // body): escape that character so it does not close the literal early.
  if (sorted[0]![0] === last) body = body.slice(0, -1) + "\\" + last;
  return { body, quotes: sorted };
}

/** A docstring's literal (without any `u` prefix): triple-quoted, newlines and tabs kept raw. */
export function docstringLiteral(s: string | PyStr): string {
  const { body, quotes } = spell(s, MULTI_QUOTES, /*escapeNewlineTab*/ false);
  const q = quotes[0]!;
  return q + body + q;
}

/** Thrown (as an unparse error by the caller) when no quote is left for a replacement field. */
export class NoQuoteLeft extends Error {}

/**
 * Joins the rendered pieces of an f-string or t-string (after its prefix) into one literal.
 * `pieces[i]` is literal text with braces already doubled when `literal[i]`, else a rendered
 * replacement field `{...}`. Literal text is escaped and restricts the quotes; a replacement field
 * restricts them only while some quote remains (3.12+ allows reusing the enclosing quote inside).
 * If the literal pieces leave no common quote, everything is written with ''' and literal text
 * in repr()'s escaping.
 */
export function ftstringLiteral(pieces: readonly (string | PyStr)[], literal: readonly boolean[], from: number, to: number): string {
  let quotes: readonly string[] = ALL_QUOTES;
  let text = "";
  let fallback = false;
  for (let i = from; i < to; i++) {
    if (literal[i]) {
      const sp = spell(pieces[i]!, quotes, /*escapeNewlineTab*/ true);
      let shared = false;
      for (const q of sp.quotes) if (quotes.indexOf(q) >= 0) shared = true;
      if (!shared) {
        fallback = true;
        break;
      }
      quotes = sp.quotes;
      text += sp.body;
    } else {
      // Only literal text can be a PyStr (printer.ts).
      const piece = pieces[i] as string;
      if (piece.indexOf("\n") >= 0) {
        quotes = quotes.filter(isMulti);
        if (quotes.length === 0) throw new NoQuoteLeft("no triple quote left for a replacement field holding a newline");
      }
      const left = quotes.filter((q) => piece.indexOf(q) < 0);
      if (left.length > 0) quotes = left;
      text += piece;
    }
  }
  if (fallback) {
    quotes = [TSQ];
    text = "";
    for (let i = from; i < to; i++) {
      const piece = pieces[i]!;
      // repr() of '"' + piece always picks single quotes, so its body starts with the '"'.
      text += literal[i] ? reprStr(concatStr(DQ, piece)).slice(2, -1) : (piece as string);
    }
  }
  const q = quotes[0]!;
  return q + text + q;
}

/**
 * Literal text of an f-string: braces doubled; inside a format spec also backslashes, quotes and
 * newlines escaped. A PyStr stays one outside a format spec; inside one CPython writes the text
 * unescaped, so its split pairs read as one character in the JS result (the code units are
 * CPython's).
 */
export function ftstringText(s: string | PyStr, inFormatSpec: boolean): string | PyStr {
  if (typeof s !== "string") {
    if (inFormatSpec) return ftstringText(s.text, true);
    let out: string | PyStr = "";
    for (const seg of strSegments(s)) out = concatStr(out, ftstringText(seg, false));
    return out;
  }
  if (s.indexOf("{") >= 0) s = s.replace(/\{/g, "{{");
  if (s.indexOf("}") >= 0) s = s.replace(/\}/g, "}}");
  if (inFormatSpec) {
    s = s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  }
  return s;
}
