// Second-pass checks that several grammar files need: CPython's invalid_expression and
// invalid_legacy_expression rules, tried at every expression once its disjunction is parsed.
import type { PySyntaxError } from "../core/diagnostics.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { GenericSyntaxError, SyntaxErrorSignal, VersionErrorSignal, type Parser } from "./state.js";
import { STARTS_EXPR, STARTS_PRIMARY, parseAtom, parseExpression, parsePrimary, parseStarExpressions } from "./expressions.js";
import { TooComplexSignal } from "./depth.js";
import { ERRORS as E, pyError, type ArgsOf, type ErrorEntry } from "../core/error-catalog.js";

/**
 * CPython's second-pass rules for a disjunction directly followed by something unexpected:
 * invalid_legacy_expression ("Missing parentheses in call to 'print'") and invalid_expression
 * ("Perhaps you forgot a comma?", only inside brackets). `at` is where the parser gave up.
 */
export function missingCommaOrParentheses(p: Parser, at: number): PySyntaxError | null {
  actionError = null;
  const r = missingCommaOrParenthesesRule(p, at);
  return actionError ?? r;
}

function missingCommaOrParenthesesRule(p: Parser, at: number): PySyntaxError | null {
  const a = p.lastDisj;
  if (a === 0 || a >= p.tree.count || p.lastDisjEnd !== at) return null;
  const aTok = p.lastDisjStart;
  const t = p.tree;
  const k = p.kinds[at]!;
  let legacy = "";
  if (t.kind[a] === K.Name) {
    const name = t.ident(t.field(a, 0));
    if (name === "print" || name === "exec") legacy = name;
  }
  if (legacy !== "") {
    if (k === T.LPAR) return null;
    const b = tryParse(p, at, parseStarExpressions);
    if (b === 0) return null;
    return span(p, t.start[a]!, t.end[b]!, E.MissingParentheses, { name: legacy });
  }
  // STRING a=(!STRING expression_without_invalid)+ STRING: words meant to be inside a string.
  if (p.kinds[aTok] === T.STRING && p.lastDisjEnd === aTok + 1) {
    const part = partOfString(p, at);
    if (part !== null) return part;
  }
  // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
  // CPython reads b whatever the lookahead says (other rules get there too), so we always read it:
  // what b runs into (a tokenizer error, the end of input in brackets) decides the final error.
  const b = tryParse(p, at, parseExpression);
  if (b === 0) return null;
  if (p.kinds[aTok] === T.NAME) {
    if (p.kinds[aTok + 1] === T.STRING) return null;
    const v = p.values[aTok];
    if (v === p.idMatch || v === p.idCase || v === p.idType || v === p.idUnderscore) return null;
  }
  // Only inside brackets: the bracket level at b's last token.
  let level = 0;
  const last = lastTokenOfTry;
  for (let j = 0; j <= last; j++) {
    const kk = p.kinds[j]!;
    if (kk === T.LPAR || kk === T.LSQB || kk === T.LBRACE) level++;
    else if (kk === T.RPAR || kk === T.RSQB || kk === T.RBRACE) level--;
  }
  if (level <= 0) return null;
  return span(p, t.start[a]!, t.end[b]!, E.MissingComma);
}

/** Parses with `rule` from token `at`; returns the node, or 0 if it does not parse. */
// The node stays in the tree (its positions are needed for the message); the caller raises.
function tryParse(p: Parser, at: number, rule: (p: Parser) => number): number {
  const i = p.i;
  const far = p.far;
  const depth = p.depth;
  const second = p.secondPass;
  const sp = p.sp;
  if (rule === parseExpression) (p.plainDisj ??= new Uint8Array(p.ntok + 1))[at] = 1;
  p.i = at;
  p.depth = 0;
  // expression_without_invalid: no invalid_* rules while reading it.
  p.secondPass = false;
  let r = 0;
  try {
    r = rule(p);
    p.noteRead(p.i);
  } catch (e) {
    p.noteRead(Math.max(p.i, p.far));
    // A failed parse leaves what it had pushed (an f-string's pieces) on the list stack.
    p.sp = sp;
    if (!(p.isSyntaxSignal(e) || e instanceof TooComplexSignal)) throw e;
    // An error a grammar action or the literal decoding raises (not an invalid_* rule: those are
    // off here) ends the parse in CPython, wherever it was met.
    if (e instanceof SyntaxErrorSignal && !(e instanceof VersionErrorSignal)) throw e;
    // A grammar action's error (CHECK_VERSION, `!=` under barry_as_FLUFL) is raised as CPython
    // reads the expression, whatever the rule then makes of it.
    if (e instanceof VersionErrorSignal && actionError === null) actionError = e.error;
  }
  const last = p.i - 1;
  p.i = i;
  p.far = far;
  p.depth = depth;
  p.secondPass = second;
  lastTokenOfTry = last;
  return r;
}

/**
 * Second pass, at an `expression` starting with a STRING: invalid_expression's first alternative,
 * STRING (!STRING expression_without_invalid)+ STRING, is tried before the disjunction, so an
 * f-/t-string right after the STRING is first read with the invalid rules off, and CPython's memo
 * keeps what that read saw (the STRING-then-words case is partOfString). Not where a statement
 * or an assignment value starts: there star_targets' t_primary has already read the string run
 * as an atom with the rules on.
 */
export function stringThenInterpolated(p: Parser): void {
  const at = p.i;
  const k1 = p.kinds[at + 1];
  if (k1 !== T.FSTRING_START && k1 !== T.TSTRING_START) return;
  if (triedAsTarget(p, at)) return;
  tryParse(p, at + 1, parseExpression);
}

// Token `at` is where star_targets tries a star_target (and so reads an atom there, rules on):
// a simple statement's start, a value after an assignment's '=' (not an annotation's), or an item
// after a comma whose earlier items were all targets (a name, maybe dotted or subscripted, starred).
function triedAsTarget(p: Parser, at: number): boolean {
  // Inside brackets, items are read as expressions (a display's, a call's) before any target.
  if (at > 0 && levelAfter(p, at - 1) !== 0) return false;
  let j = at - 1;
  for (;;) {
    const k = j >= 0 ? p.kinds[j]! : T.NEWLINE;
    if (k === T.NEWLINE || k === T.INDENT || k === T.DEDENT || k === T.SEMI) return true;
    if (levelAfter(p, j) !== 0) {
      j--;
      continue;
    }
    if (k === T.EQUAL) return !annotated(p, j);
    if (k === T.COLON) return COMPOUND[statementStart(p, j)] === 1;
    if (k === T.COMMA) {
      // The item after it must have been a target: its first token a NAME or '*'.
      const f = p.kinds[j + 1]!;
      if (j + 1 < at && f !== T.NAME && f !== T.STAR && f !== T.LPAR && f !== T.LSQB) return false;
    } else if (k === T.RPAR || k === T.RSQB) {
      // A subscript or a parenthesized target (a call is no target).
      if (k === T.RPAR && p.kinds[j + 1] !== T.COMMA && j + 1 !== at) return false;
    } else if (k !== T.NAME && k !== T.DOT && k !== T.STAR && k !== T.LPAR && k !== T.LSQB) return false;
    j--;
  }
}

// The kind of the first token of the simple statement holding token `j` (after NEWLINE, INDENT,
// DEDENT or ';').
function statementStart(p: Parser, j: number): number {
  while (j > 0) {
    const k = p.kinds[j - 1]!;
    if (k === T.NEWLINE || k === T.INDENT || k === T.DEDENT || k === T.SEMI) break;
    j--;
  }
  return p.kinds[Math.max(j, 0)]!;
}

// The level-0 '=' at token `j` follows an annotation (`x: int = ...`).
function annotated(p: Parser, j: number): boolean {
  for (let q = j - 1; q >= 0; q--) {
    const k = p.kinds[q]!;
    if (k === T.NEWLINE || k === T.INDENT || k === T.DEDENT || k === T.SEMI) return false;
    if (k === T.COLON && levelAfter(p, q) === 0) return COMPOUND[statementStart(p, q)] !== 1;
  }
  return false;
}

const COMPOUND = new Uint8Array(256);
for (const k of [
  T.KW_IF,
  T.KW_ELIF,
  T.KW_ELSE,
  T.KW_WHILE,
  T.KW_FOR,
  T.KW_WITH,
  T.KW_TRY,
  T.KW_EXCEPT,
  T.KW_FINALLY,
  T.KW_DEF,
  T.KW_CLASS,
  T.KW_ASYNC,
])
  COMPOUND[k] = 1;

let lastTokenOfTry = 0;
/** The first action error a tryParse met (see there); missingCommaOrParentheses reports it. */
let actionError: PySyntaxError | null = null;

function span<E extends ErrorEntry>(p: Parser, s: number, e: number, err: E, ...args: ArgsOf<E>): PySyntaxError {
  return pyError(err, p.spanLocation(s, e), ...args);
}

// The expressions between two string literals: "Is this intended to be part of the string?"
function partOfString(p: Parser, at: number): PySyntaxError | null {
  let j = at;
  let first = 0;
  let last = 0;
  while (j < p.ntok && p.kinds[j] !== T.STRING) {
    const e = tryParse(p, j, parseExpression);
    if (e === 0) return null;
    if (first === 0) first = e;
    last = e;
    j = lastTokenOfTry + 1;
  }
  if (first === 0 || p.kinds[j] !== T.STRING) return null;
  const t = p.tree;
  return span(p, t.start[first]!, t.end[last]!, E.PartOfString);
}

/** The bracket level after token `j` (opening brackets minus closing ones up to and including it). */
function levelAfter(p: Parser, j: number): number {
  let lv = p.levels;
  if (lv === null) {
    lv = p.levels = new Int32Array(p.ntok);
    let level = 0;
    for (let q = 0; q < p.ntok; q++) {
      const kk = p.kinds[q]!;
      if (kk === T.LPAR || kk === T.LSQB || kk === T.LBRACE) level++;
      else if (kk === T.RPAR || kk === T.RSQB || kk === T.RBRACE) level--;
      lv[q] = level;
    }
  }
  return lv[Math.min(j, p.ntok - 1)]!;
}

/**
 * Second pass, at each `expression` once its disjunction `a` (from token `startTok`) is parsed:
 * the invalid_expression alternatives CPython tries before taking the disjunction, in its order.
 * A STRING then words then a STRING ("part of the string"), a disjunction directly followed by
 * another expression inside brackets ("Perhaps you forgot a comma?"), and invalid_legacy_expression,
 * which parses star_expressions after a leading NAME with the invalid rules on: errors further
 * along the line surface from there, as in CPython. Throws the error, or returns.
 */
export function invalidExpression(p: Parser, startTok: number, a: number): void {
  const at = p.i;
  const k = p.kinds[at]!;
  const t = p.tree;
  const first = p.kinds[startTok]!;
  if (first === T.STRING && at === startTok + 1 && k !== T.STRING) {
    const part = partOfString(p, at);
    if (part !== null) throw new SyntaxErrorSignal(part);
  }
  const nameFirst = first === T.NAME;
  if (STARTS_EXPR[k] === 1) {
    const v = p.values[startTok];
    const soft = nameFirst && (v === p.idMatch || v === p.idCase || v === p.idType || v === p.idUnderscore);
    if (!soft && !(nameFirst && p.kinds[startTok + 1] === T.STRING)) {
      actionError = null;
      let b = tryParse(p, at, parseExpression);
      if (actionError !== null) throw new SyntaxErrorSignal(actionError);
      // PEG backtracks to the longest prefix that parses (`x - >` leaves `x`); the operand is
      // the prefix this parser can rebuild without backtracking inside operator chains.
      if (b === 0 && STARTS_PRIMARY[k] === 1) b = tryParse(p, at, parsePrimary);
      if (b === 0 && STARTS_PRIMARY[k] === 1) b = tryParse(p, at, parseAtom);
      if (b !== 0 && levelAfter(p, lastTokenOfTry) > 0 && !isLegacyName(p, a)) {
        throw new SyntaxErrorSignal(span(p, t.start[a]!, t.end[b]!, E.MissingComma));
      }
    }
  }
  // invalid_legacy_expression: a=NAME !'(' b=star_expressions (tried after the 'if' alternatives,
  // which need an 'if' here).
  if (!nameFirst || k === T.KW_IF) return;
  legacyScan(p, startTok, a);
}

/**
 * invalid_legacy_expression at the NAME token `startTok` (`a`: the disjunction starting there, or
 * 0): parses star_expressions after it with the invalid rules on, once per token (CPython's memo).
 */
export function legacyScan(p: Parser, startTok: number, a: number): void {
  const t = p.tree;
  const next = startTok + 1;
  const nk = p.kinds[next]!;
  if (nk === T.LPAR || (STARTS_EXPR[nk] !== 1 && nk !== T.STAR)) return;
  const tried = (p.legacyTried ??= new Uint8Array(p.ntok + 1));
  if (tried[next] === 1) return;
  tried[next] = 1;
  const save = p.checkpoint();
  const far = p.far;
  p.i = next;
  let b = 0;
  try {
    b = parseStarExpressions(p);
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
  }
  p.noteRead(Math.max(p.i, p.far));
  const bEnd = b !== 0 ? t.end[b]! : 0;
  p.restore(save);
  p.far = far;
  if (b !== 0 && a !== 0 && isLegacyName(p, a, startTok)) {
    const name = new TextDecoder().decode(p.src.subarray(p.starts[startTok]!, p.ends[startTok]!));
    throw new SyntaxErrorSignal(span(p, p.starts[startTok]!, bEnd, E.MissingParentheses, { name }));
  }
}

// The disjunction is the bare name print or exec (or, with `tok`, the token is one).
function isLegacyName(p: Parser, a: number, tok = -1): boolean {
  if (tok >= 0) {
    const len = p.ends[tok]! - p.starts[tok]!;
    if (len !== 4 && len !== 5) return false;
    const text = new TextDecoder().decode(p.src.subarray(p.starts[tok]!, p.ends[tok]!));
    return text === "print" || text === "exec";
  }
  const t = p.tree;
  if (t.kind[a] !== K.Name) return false;
  const name = t.ident(t.field(a, 0));
  return name === "print" || name === "exec";
}
