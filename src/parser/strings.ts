// String atoms: implicit concatenation of string, bytes, f-string and t-string literals into a
// Constant, JoinedStr or TemplateStr (CPython's `strings` rule and its concatenation helpers).
// Literal pieces next to each other merge into one Constant spanning from the first piece to the
// last; a plain string piece spans its whole token, quotes and prefix included.
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import type { Parser } from "./state.js";
import { decodeString, decodeFStringMiddle, fstringPieces } from "./literals.js";
import { stringLiteralError } from "../core/string-literal.js";
import { PyStr, concatStr } from "../core/pyvalue.js";
import { LAZY_STRING } from "../ast/tree.js";
import { parseStarExpressions, parseYieldExpr, STARTS_EXPR, statementKeywordCheck } from "./expressions.js";
import { SyntaxErrorSignal, GenericSyntaxError } from "./state.js";
import { missingCommaOrParentheses } from "./invalid-rules.js";
import { enter, leave } from "./depth.js";
import { ERRORS as E, NO_LOCATION, pyError } from "../core/error-catalog.js";

const CH_U = 0x75,
  CH_UU = 0x55,
  CH_R = 0x72,
  CH_RR = 0x52;

/** Parses one or more adjacent string tokens starting at the current token. */
export function parseStrings(p: Parser): number {
  if (!p.pass2 || p.kinds[p.i] === T.STRING) return parseStringRun(p);
  // CPython memoizes `strings`: in the second pass, a run holding an f-/t-string first read with
  // the invalid rules off (inside expression_without_invalid) keeps that result wherever it is
  // read again, so no invalid rule ever runs inside it.
  const at = p.i;
  const memo = (p.stringsMemo ??= new Uint8Array(p.ntok + 1));
  const m = memo[at];
  if (m === 1) p.invalidSyntax();
  const second = p.secondPass;
  // A run read before is read again with the invalid rules off: CPython reuses the result.
  if (m === 2) p.secondPass = false;
  try {
    const r = parseStringRun(p);
    memo[at] = 2;
    return r;
  } catch (e) {
    if (e instanceof GenericSyntaxError) memo[at] = 1;
    throw e;
  } finally {
    p.secondPass = second;
  }
}

// `limit`: the token where the run is cut short (-1: where the string tokens end).
function parseStringRun(p: Parser, limit = -1): number {
  const s = p.pos;
  const first = p.i;
  // Fast path: a single plain string literal. Its value is not decoded here: the Constant holds
  // LAZY_STRING and the tree decodes its source span if the value is ever asked for.
  if (
    p.kinds[first] === T.STRING &&
    ((p.kinds[first + 1] !== T.STRING && p.kinds[first + 1] !== T.FSTRING_START && p.kinds[first + 1] !== T.TSTRING_START) ||
      first + 1 === limit)
  ) {
    p.i++;
    const src = p.src;
    const e = p.ends[first]!;
    const q0 = src[s]!;
    // No prefix and no backslash (the tokenizer flags those): nothing to validate.
    if (p.values[first] === 0 && (q0 === 0x22 || q0 === 0x27)) return p.node1(K.Constant, s, e, LAZY_STRING);
    const err = stringLiteralError(src, s, e);
    if (err !== null) stringError(p, err, first);
    // Constant.kind ('u' for a lowercase u prefix) is derived from the source: Tree.derivedRaw.
    return p.node1(K.Constant, s, e, LAZY_STRING);
  }
  // Scan the run of string tokens to learn what it mixes.
  let hasF = false,
    hasT = false,
    hasBytes = false,
    hasStr = false;
  let j = first;
  for (;;) {
    const k = p.kinds[j]!;
    if (j === limit) break;
    if (k === T.STRING) {
      if (isBytesPrefix(p, j)) hasBytes = true;
      else hasStr = true;
      j++;
    } else if (k === T.FSTRING_START || k === T.TSTRING_START) {
      if (k === T.FSTRING_START) hasF = true;
      else hasT = true;
      j = skipInterpolated(p, j);
    } else break;
  }
  const mixT = hasT && (hasF || hasStr || hasBytes);
  if (mixT && !p.secondPass) {
    // With the invalid rules off, `strings` is (fstring|string)+ | tstring+: the leading run of
    // one kind parses and the literal after it is left unread (invalid_string_tstring_concat
    // reports the mix in the second pass).
    const firstT = p.kinds[first] === T.TSTRING_START;
    let b = first;
    while (b < j && (p.kinds[b] === T.TSTRING_START) === firstT) b = p.kinds[b] === T.STRING ? b + 1 : skipInterpolated(p, b);
    return parseStringRun(p, b);
  }
  if (mixT || (hasBytes && (hasStr || hasF || hasT))) {
    // CPython decodes each literal (and parses each replacement field) as it reads the token and
    // checks the mix only once the run is read, so a token's own error comes first.
    if (mixT) {
      // invalid_string_tstring_concat: from the last literal of the leading run (t-strings, or
      // strings and f-strings) to the one literal after it that does not belong.
      const firstT = p.kinds[first] === T.TSTRING_START;
      let lastA = first;
      let b = first;
      while (b < j && (p.kinds[b] === T.TSTRING_START) === firstT) {
        lastA = b;
        b = p.kinds[b] === T.STRING ? b + 1 : skipInterpolated(p, b);
      }
      // tstring is memoized: a t-string first read with the invalid rules off (invalid_expression's
      // STRING alternative) that failed there fails here too, so the rule does not match and
      // `(fstring|string)+` reads the run up to it (`['a' t'{x!}']` is a generic error).
      if (!firstT && p.kinds[b] === T.TSTRING_START && p.stringsMemo !== null && p.stringsMemo[b] === 1) {
        return parseStringRun(p, b);
      }
      const bEnd = p.kinds[b] === T.STRING ? b + 1 : skipInterpolated(p, b);
      // Only the literals the rule reads are decoded: the leading run and that one.
      validateRun(p, first, bEnd);
      // The rule reads that one literal and nothing after it (the token after it stays unread).
      p.i = bEnd - 1;
      // Reading the t-string runs tstring's CHECK_VERSION first (a leading t-string run raised
      // it in the first pass already).
      if (!firstT && p.fv < 14) p.versionError(14, "t-strings are", bEnd - 1);
      p.raise(E.MixedTString, p.starts[lastA]!, p.ends[bEnd - 1]!);
    }
    validateRun(p, first, j);
    p.i = j;
    p.raiseAtToken(E.MixedBytes, p.lastToken());
  }
  if (!hasF && !hasT) {
    // Only plain strings (or only bytes): validated one by one, decoded only when asked for.
    for (let t = first; t < j; t++) {
      const ts = p.starts[t]!;
      const q0 = p.src[ts]!;
      if (p.values[t] === 0 && (q0 === 0x22 || q0 === 0x27)) continue;
      const err = stringLiteralError(p.src, ts, p.ends[t]!);
      if (err !== null) {
        p.i = t + 1;
        stringError(p, err, t);
      }
    }
    p.i = j;
    // CPython's kind is 'u' when the first token starts with a lowercase u: derived from the
    // source (Tree.derivedRaw).
    return p.node1(K.Constant, s, p.lastEnd, LAZY_STRING);
  }
  // f-strings / t-strings: build the values list, merging adjacent literal pieces.
  const b = new PieceBuilder(p);
  while (p.i < j) {
    const k = p.kinds[p.i]!;
    if (k === T.STRING) {
      const t = p.i;
      const d = decodeString(p.src, p.starts[t]!, p.ends[t]!);
      if ("error" in d) {
        p.i = t + 1;
        stringError(p, d.error, t);
      }
      b.literal(d.value as string | PyStr, p.starts[t]!, p.ends[t]!, d.u);
      p.i++;
    } else {
      parseInterpolated(p, b);
      // tstring's CHECK_VERSION, on the run's first t-string as soon as its TSTRING_END is read:
      // nothing after it is read (a tokenizer error there does not come first).
      if (hasT && p.fv < 14) {
        p.i--;
        p.versionError(14, "t-strings are", p.i);
      }
    }
  }
  b.flush();
  return p.node1(hasT ? K.TemplateStr : K.JoinedStr, s, p.lastEnd, b.finish());
}

/**
 * Reads the string tokens [first, j) for their errors only: each plain literal is validated and
 * each f-/t-string parsed, in order, raising the first error. Used before a mix error is raised.
 */
function validateRun(p: Parser, first: number, j: number): void {
  const b = new PieceBuilder(p);
  p.i = first;
  while (p.i < j) {
    const t = p.i;
    if (p.kinds[t] === T.STRING) {
      const err = stringLiteralError(p.src, p.starts[t]!, p.ends[t]!);
      p.i = t + 1;
      if (err !== null) stringError(p, err, t);
    } else parseInterpolated(p, b);
  }
  p.sp = b.mark; // the pieces were only parsed for their errors
}

/** Accumulates JoinedStr/TemplateStr values; adjacent literals merge into one Constant. */
class PieceBuilder {
  readonly mark: number;
  // A PyStr once escapes put a high surrogate right before a low one (concatStr).
  private text: string | PyStr = "";
  private start = -1;
  private end = -1;
  private u = false;
  private readonly p: Parser;
  constructor(p: Parser) {
    this.p = p;
    this.mark = p.sp;
  }
  literal(text: string | PyStr, start: number, end: number, u: boolean): void {
    if (this.start < 0) {
      this.start = start;
      this.u = u;
    }
    // Python joins code points: "\ud800" "\udc00" stays two (concatStr).
    this.text = concatStr(this.text, text);
    this.end = end;
  }
  flush(): void {
    if (this.start < 0) return;
    if (this.text !== "") {
      const p = this.p;
      p.push(p.node1(K.Constant, this.start, this.end, p.tree.constant(this.text, this.u)));
    }
    this.text = "";
    this.start = -1;
    this.u = false;
  }
  value(id: number): void {
    this.flush();
    this.p.push(id);
  }
  finish(): number {
    this.flush();
    return this.p.popList(this.mark);
  }
}

function isBytesPrefix(p: Parser, t: number): boolean {
  for (let o = p.starts[t]!; ; o++) {
    const c = p.src[o]!;
    if (c === 0x22 || c === 0x27) return false;
    if (c === 0x62 || c === 0x42) return true;
  }
}

/** Index just past the *_END token matching the *_START at `j`. */
function skipInterpolated(p: Parser, j: number): number {
  let depth = 0;
  for (;;) {
    const k = p.kinds[j]!;
    if (k === T.FSTRING_START || k === T.TSTRING_START) depth++;
    else if (k === T.FSTRING_END || k === T.TSTRING_END) {
      depth--;
      if (depth === 0) return j + 1;
    } else if (k === T.ENDMARKER || k === T.ERRORTOKEN) return j;
    j++;
  }
}

function isRawPrefix(p: Parser, t: number): boolean {
  for (let o = p.starts[t]!; ; o++) {
    const c = p.src[o]!;
    if (c === 0x22 || c === 0x27) return false;
    if (c === CH_R || c === CH_RR) return true;
    if (c === CH_U || c === CH_UU) continue;
  }
}

// fstring: FSTRING_START fstring_middle* FSTRING_END (likewise tstring)
function parseInterpolated(p: Parser, b: PieceBuilder): void {
  const startTok = p.i;
  const isT = p.kinds[startTok] === T.TSTRING_START;
  const endKind = isT ? T.TSTRING_END : T.FSTRING_END;
  const raw = isRawPrefix(p, startTok);
  p.i++;
  enter(p);
  // CPython decodes the literal pieces only once the whole f-string has parsed, and blames a
  // bad escape on the closing quote token.
  let pending: string | null = null;
  for (;;) {
    const k = p.kinds[p.i]!;
    if (k === T.FSTRING_MIDDLE || k === T.TSTRING_MIDDLE) {
      const err = addMiddle(p, b, p.i, raw, false);
      if (err !== null && pending === null) pending = err;
      p.i++;
    } else if (k === T.LBRACE) {
      parseReplacementField(p, b, isT, raw);
    } else if (k === endKind) {
      if (pending !== null) stringError(p, pending, p.i);
      p.i++;
      break;
    } else {
      p.invalidSyntax();
    }
  }
  leave(p);
}

// fstring_replacement_field: '{' annotated_rhs '='? [fstring_conversion] [fstring_full_format_spec] '}'
// Errors follow CPython's invalid_replacement_field rules, reported at the token where the
// field stopped making sense. `tstr` says which kind of string holds the field (for messages);
// `isT` whether this field is a t-string Interpolation (nested spec fields never are).
function parseReplacementField(p: Parser, b: PieceBuilder, isT: boolean, raw: boolean, tstr: boolean = isT): void {
  const open = p.i;
  const s = p.pos;
  const prefix = tstr ? "t" : "f";
  p.i++;
  const k0 = p.kinds[p.i]!;
  if (k0 === T.RBRACE || k0 === T.EQUAL || k0 === T.EXCLAMATION || k0 === T.COLON) {
    const ch = k0 === T.RBRACE ? "}" : k0 === T.EQUAL ? "=" : k0 === T.EXCLAMATION ? "!" : ":";
    p.failAtToken(E.FStringExpressionRequired, p.i, { prefix, char: ch });
  }
  if (k0 !== T.KW_YIELD && k0 !== T.STAR && STARTS_EXPR[k0] !== 1) {
    // annotated_rhs is tried first: its invalid_expression reads the token after a 'pass',
    // 'break' or 'continue' (looking for 'if'), so a tokenizer error there wins.
    statementKeywordCheck(p);
    p.failAtToken(E.FStringExpectingExpression, p.i, { prefix });
  }
  const exprTok = p.i;
  // CPython's memo (see fieldsReadPlain): a field read before with the invalid rules off is read
  // with them off again; only invalid_replacement_field's own checks run.
  let plain = false;
  if (p.pass2) {
    const memo = (p.fieldsReadPlain ??= new Uint8Array(p.ntok + 1));
    if (!p.secondPass) memo[exprTok] = 1;
    else plain = memo[exprTok] === 1;
  }
  let value: number;
  try {
    const outerField = p.fieldOpen;
    const outerPrefix = p.fieldPrefix;
    const outerPeg = p.pegPrefix;
    p.fieldOpen = open;
    p.fieldPrefix = prefix;
    // In the second pass the field's expression is read as PEG reads it (see pegPrefix): what
    // follows the longest prefix that parses is the error.
    p.pegPrefix = p.secondPass;
    if (plain) p.secondPass = false;
    try {
      value = k0 === T.KW_YIELD ? parseYieldExpr(p) : parseStarExpressions(p);
    } finally {
      p.fieldOpen = outerField;
      p.fieldPrefix = outerPrefix;
      p.pegPrefix = outerPeg;
      if (plain) p.secondPass = true;
    }
  } catch (e) {
    // invalid_replacement_field: '{' annotated_rhs !('=' | '!' | ':' | '}') -- PEG takes the
    // longest expression prefix that parses (`1` of `{1 +}`) and complains about what follows.
    if (!(e instanceof GenericSyntaxError) || !p.secondPass) throw e;
    // A missing comma inside the field is raised while CPython parses annotated_rhs.
    const inner = plain ? null : missingCommaOrParentheses(p, e.at);
    if (inner !== null) throw new SyntaxErrorSignal(inner);
    const far = p.far;
    p.i = exprTok;
    let at = -1;
    let hasPrefix = false;
    // annotated_rhs again, as PEG reads it: the longest prefix that parses (a trailer, operand or
    // item that fails is dropped, `(f)(x:)` leaves `(f)`); the token after it is the error.
    p.pegPrefix = true;
    if (plain) p.secondPass = false;
    try {
      if (k0 === T.KW_YIELD) {
        // yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] -- a bare `yield`
        // is the prefix when what follows does not parse (`{yield from}`).
        try {
          parseYieldExpr(p);
        } catch (e3) {
          if (!(e3 instanceof GenericSyntaxError)) throw e3;
          p.i = exprTok + 1;
        }
      } else parseStarExpressions(p);
      hasPrefix = true;
      const n = p.kinds[p.i];
      if (n !== T.EQUAL && n !== T.EXCLAMATION && n !== T.COLON && n !== T.RBRACE) at = p.i;
    } catch (e2) {
      if (!(e2 instanceof GenericSyntaxError)) throw e2;
    } finally {
      p.pegPrefix = false;
      if (plain) p.secondPass = true;
    }
    p.far = far;
    if (at >= 0) p.failAtToken(E.FStringExpectingAny, at, { prefix });
    // '{' !annotated_rhs: not even a prefix of an expression parses.
    if (!hasPrefix && k0 !== T.STAR && k0 !== T.KW_YIELD) p.failAtToken(E.FStringExpectingExpression, exprTok, { prefix });
    throw e;
  }
  const exprEnd = p.lastEnd;
  const after = p.kinds[p.i]!;
  if (after !== T.EQUAL && after !== T.EXCLAMATION && after !== T.COLON && after !== T.RBRACE) {
    // A disjunction followed by another expression is CPython's "forgot a comma" first (an
    // invalid rule: with them off, the field just fails).
    if (!p.secondPass) p.invalidSyntax();
    const special = plain ? null : missingCommaOrParentheses(p, p.i);
    if (special !== null) throw new SyntaxErrorSignal(special);
    p.failAtToken(E.FStringExpectingAny, p.i, { prefix });
  }
  let debugEnd = -1;
  if (p.kinds[p.i] === T.EQUAL) {
    p.i++;
    const nk = p.kinds[p.i];
    if (nk !== T.EXCLAMATION && nk !== T.COLON && nk !== T.RBRACE) p.failAtToken(E.FStringExpectingAfterEquals, p.i, { prefix });
    // The debug text runs from after '{' through the '=' and any whitespace after it.
    const next = p.starts[p.i]!;
    debugEnd = next;
    b.literal(debugText(p, open, debugEnd), p.starts[open]! + 1, debugEnd, false);
  }
  let conversion = -1;
  if (p.kinds[p.i] === T.EXCLAMATION) {
    const bang = p.i;
    p.i++;
    const nk = p.kinds[p.i];
    if (nk === T.COLON || nk === T.RBRACE) p.failAtToken(E.FStringMissingConversion, p.i, { prefix });
    if (nk !== T.NAME) p.failAtToken(E.FStringInvalidConversion, p.i, { prefix });
    if (p.starts[p.i] !== p.ends[bang]) {
      // _PyPegen_check_fstring_conversion: an action, so raised in either pass.
      p.raise(E.FStringConversionSpace, p.starts[bang]!, p.ends[p.i]!, { prefix });
    }
    const name = p.interner.get(p.values[p.i]!);
    if (name === "s") conversion = 115;
    else if (name === "r") conversion = 114;
    else if (name === "a") conversion = 97;
    else p.raiseAtToken(E.FStringBadConversion, p.i, { prefix, name });
    p.i++;
    const ck = p.kinds[p.i];
    if (ck !== T.COLON && ck !== T.RBRACE) p.failAtToken(E.FStringExpectingColonOrBrace, p.i, { prefix });
  }
  let spec = 0;
  if (p.kinds[p.i] === T.COLON) {
    const cs = p.pos;
    p.i++;
    const sb = new PieceBuilder(p);
    let pieces = 0;
    let fields = 0;
    for (;;) {
      const k = p.kinds[p.i]!;
      if (k === T.FSTRING_MIDDLE || k === T.TSTRING_MIDDLE) {
        pieces += addMiddle(p, sb, p.i, raw, true) === null ? lastPieceCount : 0;
        p.i++;
      } else if (k === T.LBRACE) {
        fields++;
        parseReplacementField(p, sb, false, raw, tstr);
      } else break;
    }
    if (p.kinds[p.i] !== T.RBRACE) p.failAtToken(E.FStringExpectingSpec, p.i, { prefix });
    const values = sb.finish();
    if (fields === 0 && pieces >= 2) {
      // CPython keeps a spec made of several literal pieces (say `\N{...}x`) as one bare
      // Constant spanning from the ':' (its _PyPegen_setup_full_format_spec).
      const c = p.tree.listItem(values, 0);
      spec = p.node1(K.Constant, cs, p.lastEnd, p.field(c, 0));
    } else spec = p.node1(K.JoinedStr, cs, p.lastEnd, values);
  }
  if (p.kinds[p.i] !== T.RBRACE) p.failAtToken(E.FStringExpectingBrace, p.i, { prefix });
  p.i++;
  if (debugEnd >= 0 && conversion === -1 && spec === 0) conversion = 114;
  if (isT) {
    // Interpolation.str: the expression's source text (from after '{' to the expression's end),
    // its comments dropped as in the debug text.
    const txt = debugText(p, open, exprEnd);
    b.value(p.node4(K.Interpolation, s, p.lastEnd, value, p.tree.constant(txt), conversion, spec));
  } else {
    b.value(p.node3(K.FormattedValue, s, p.lastEnd, value, conversion, spec));
  }
}

// Non-empty pieces added by the last addMiddle call.
let lastPieceCount = 0;

/**
 * Adds one FSTRING_MIDDLE token as CPython's pieces (it cuts the run after `{{`, `}}` and
 * `\N{...}`): pieces that decode to "" are dropped, so they do not stretch a merged Constant.
 * Returns the decode error message of a literal part, or null. In a format spec an error is a
 * UnicodeDecodeError with no location, raised at once.
 */
function addMiddle(p: Parser, b: PieceBuilder, tok: number, raw: boolean, inSpec: boolean): string | null {
  const pieces = fstringPieces(p.src, p.starts[tok]!, p.ends[tok]!, raw);
  let n = 0;
  for (let k = 0; k < pieces.length; k += 3) {
    const d = decodeFStringMiddle(p.src, pieces[k]!, pieces[k + 1]!, raw, inSpec);
    if (typeof d !== "string" && !(d instanceof PyStr)) {
      if (d.exception === "UnicodeDecodeError") {
        throw new SyntaxErrorSignal(pyError(E.FormatSpecDecode, NO_LOCATION, { detail: d.error }));
      }
      return d.error;
    }
    if (d === "") continue;
    n++;
    b.literal(d, pieces[k]!, pieces[k + 2]!, false);
  }
  lastPieceCount = n;
  return null;
}

/**
 * The text of a `{expr=}` replacement field (or of an Interpolation's expression) from after
 * the '{' to `end`, as CPython keeps it:
 * comments dropped, from '#' to the end of their line. Like CPython's lexer, a '#' counts as
 * inside a string only by a naive scan that toggles on quote characters (no escapes, no triple
 * quotes), so a comment after `'''a'b'''` or inside a nested f-string's field is kept.
 */
function debugText(p: Parser, open: number, end: number): string {
  const src = p.src;
  const s = p.starts[open]! + 1;
  const raw = src.subarray(s, end);
  if (raw.indexOf(0x23) === -1) return textOf(p, s, end);
  const out = new Uint8Array(raw.length);
  let n = 0;
  let quote = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x23) {
      while (i + 1 < raw.length && raw[i + 1] !== 10) i++;
      continue;
    }
    out[n++] = c;
  }
  return new TextDecoder().decode(out.subarray(0, n));
}

function textOf(p: Parser, s: number, e: number): string {
  return new TextDecoder().decode(p.src.subarray(s, e));
}

/**
 * Reports a literal decoding error where CPython does: at the string token. The decoders in
 * core/string-literal.ts return CPython's text in one of three fixed shapes (the codec's own
 * message after a "(unicode error) " or "(value error) " prefix, or the bytes error), each one
 * catalog entry.
 */
function stringError(p: Parser, msg: string, tok: number): never {
  if (msg.startsWith(UNICODE_PREFIX)) p.raiseAtToken(E.UnicodeError, tok, { detail: msg.slice(UNICODE_PREFIX.length) });
  if (msg.startsWith(VALUE_PREFIX)) p.raiseAtToken(E.ValueError, tok, { detail: msg.slice(VALUE_PREFIX.length) });
  p.raiseAtToken(E.NonAsciiBytes, tok);
}
const UNICODE_PREFIX = "(unicode error) ";
const VALUE_PREFIX = "(value error) ";
