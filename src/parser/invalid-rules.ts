// Second-pass checks that several grammar files need: CPython's invalid_expression and
// invalid_legacy_expression rules, tried at every expression once its disjunction is parsed.
import type { PySyntaxError } from "../core/diagnostics.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { GenericSyntaxError, SyntaxErrorSignal, VersionErrorSignal, type Parser } from "./state.js";
import {
  STARTS_EXPR,
  STARTS_PRIMARY,
  parseAtom,
  parseExpression,
  parseForIfClauses,
  parsePrimary,
  parsePrimaryNoGenexp,
  parseStarExpressions,
  parseStarNamedExpression,
} from "./expressions.js";
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
// `memo` false: what it reads is not marked as memoized without invalid rules (plainExpr).
function tryParse(p: Parser, at: number, rule: (p: Parser) => number, memo = true): number {
  const i = p.i;
  const far = p.far;
  const depth = p.depth;
  // A failed read leaves its pending list items on the stack: drop them, as the parse goes on.
  const sp = p.sp;
  const second = p.secondPass;
  if (rule === parseExpression && memo) (p.plainDisj ??= new Uint8Array(p.ntok + 1))[at] = 1;
  p.i = at;
  p.depth = 0;
  // expression_without_invalid: no invalid_* rules while reading it.
  p.secondPass = false;
  // p.far from here measures how far it reads.
  p.far = at;
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
  // It started expressions at the tokens it consumed (up to where it failed, if it did).
  if (rule === parseExpression && memo) markPlain(p, at, (r !== 0 ? p.i : Math.max(p.i, p.far)) - 1);
  p.i = i;
  p.far = far;
  p.depth = depth;
  p.sp = sp;
  p.secondPass = second;
  lastTokenOfTry = last;
  return r;
}

// The tokens after `at` up to `last` were read by an expression_without_invalid from `at`.
function markPlain(p: Parser, at: number, last: number): void {
  const plain = (p.plainExpr ??= new Uint8Array(p.ntok + 1));
  for (let j = at + 1; j <= last && j < p.ntok; j++) plain[j] = 1;
}

let lastTokenOfTry = 0;
/** The first action error a tryParse met (see there); missingCommaOrParentheses reports it. */
let actionError: PySyntaxError | null = null;

function span<E extends ErrorEntry>(p: Parser, s: number, e: number, err: E, ...args: ArgsOf<E>): PySyntaxError {
  return pyError(err, p.spanLocation(s, e), ...args);
}

// The expressions between two string literals: "Is this intended to be part of the string?"
function partOfString(p: Parser, at: number, memo = true): PySyntaxError | null {
  let j = at;
  let first = 0;
  let last = 0;
  while (j < p.ntok && p.kinds[j] !== T.STRING) {
    const e = tryParse(p, j, parseExpression, memo);
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
 * Second pass, where a statement or an assignment's value starts (token `at`): CPython's
 * assignment tries its targets first, and t_primary reads the atom there and the trailers after
 * it ('.', '(', '[') with the invalid rules on, before `expression`'s invalid_expression reads on
 * after a leading STRING with them off. So the errors in a string run (`'a' t'{x}'`: "cannot mix
 * t-string literals...") or in those trailers come first. Returns with the parser where it was.
 */
export function targetPrimaryFirst(p: Parser, at: number): void {
  if (p.kinds[at] !== T.STRING) return;
  const save = p.checkpoint();
  const far = p.far;
  p.i = at;
  attempt(p, parsePrimaryNoGenexp);
  p.restore(save);
  p.far = far;
}

/**
 * invalid_expression's first alternative, STRING (!STRING expression_without_invalid)+ STRING,
 * which the second pass tries at an `expression` starting with a STRING before it reads the
 * disjunction there ("Is this intended to be part of the string?"). What it reads stays in
 * CPython's memo as read with the invalid rules off (plainDisj, plainExpr).
 */
export function stringAlternative(p: Parser): void {
  const k1 = p.kinds[p.i + 1];
  if (k1 === T.STRING) return;
  // Where star_targets tries a target, t_primary has already read the string run as an atom with
  // the rules on, and CPython's memo keeps what that read saw of an f-/t-string after it.
  // The alternative still matches there (`'a' f'{b}' x 'c'`), reading without leaving a memo.
  const targetRead = (k1 === T.FSTRING_START || k1 === T.TSTRING_START) && triedAsTarget(p, p.i);
  if (targetRead) {
    // That read (t_primary's atom, rules on) comes first: its errors stand.
    const save = p.checkpoint();
    const far = p.far;
    attempt(p, parsePrimaryNoGenexp);
    p.restore(save);
    p.far = far;
  }
  const part = partOfString(p, p.i + 1, !targetRead);
  if (part !== null) throw new SyntaxErrorSignal(part);
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

/**
 * CPython's primary tries `primary genexp` before a subscript, and genexp's invalid_comprehension
 * also starts at a '[' or '{': so in the second pass, a '[' or '{' right after a primary (token
 * `open`) has its items read with the invalid rules on, `x {a 2}` is "Perhaps you forgot a
 * comma?" and `x {a, b for b in c}` "did you forget parentheses around the comprehension
 * target?". Tried once per token (CPython's memo makes a second try read the same). Throws the
 * error, or returns with the parser where it was.
 */
export function comprehensionAfterPrimary(p: Parser, open: number): void {
  // Inside what an expression_without_invalid read, the primary before it is in CPython's memo
  // as read then (star_expression, disjunction...): genexp is not tried again there.
  if (p.plainExpr !== null && p.plainExpr[open - 1] === 1) return;
  const tried = (p.comprehensionTried ??= new Uint8Array(p.ntok + 1));
  if (tried[open] === 1) return;
  tried[open] = 1;
  const save = p.checkpoint();
  const far = p.far;
  const t = p.tree;
  // ('[' | '(' | '{') a=starred_expression for_if_clauses: "iterable unpacking cannot be used in comprehension"
  if (p.kinds[open + 1] === T.STAR) {
    const s = p.starts[open + 1]!;
    p.i = open + 2;
    const v = attempt(p, parseExpression);
    // starred_expression's last alternative, invalid_starred_expression: a '*' with no expression.
    if (v === 0) p.failAtToken(E.InvalidStar, p.lastToken());
    const afterValue = p.i;
    // invalid_starred_expression_unpacking: '*' expression '=' expression
    if (p.kinds[p.i] === T.EQUAL) {
      p.i++;
      const b = attempt(p, parseExpression);
      if (b !== 0) p.fail(E.AssignToStarArg, s, t.end[b]!);
      p.i = afterValue;
    }
    if (startsForClause(p) && attempt(p, parseForIfClauses) !== 0) p.fail(E.StarInComprehension, s, t.end[v]!);
  }
  p.restore(save);
  // ('[' | '{') a=star_named_expression ',' b=star_named_expressions for_if_clauses
  // ('[' | '{') a=star_named_expression b=',' for_if_clauses
  p.i = open + 1;
  const a = attempt(p, parseStarNamedExpression);
  if (a !== 0 && p.kinds[p.i] === T.COMMA) {
    const comma = p.i;
    // star_named_expressions: ','.star_named_expression+ [',']
    let j = comma + 1;
    let last = 0;
    for (;;) {
      p.i = j;
      const b = attempt(p, parseStarNamedExpression);
      if (b === 0) break;
      last = b;
      j = p.i;
      if (p.kinds[j] !== T.COMMA) break;
      j++;
    }
    p.i = j;
    if (last !== 0 && startsForClause(p) && attempt(p, parseForIfClauses) !== 0) p.fail(E.ComprehensionTarget, t.start[a]!, t.end[last]!);
    p.i = comma + 1;
    if (startsForClause(p) && attempt(p, parseForIfClauses) !== 0) p.fail(E.ComprehensionTarget, t.start[a]!, p.ends[comma]!);
  }
  p.restore(save);
  p.far = far;
}

/**
 * Second pass, a dict key after a complete item and a ','. CPython reads it there with the
 * invalid rules off first and keeps that in its memo: when it parses (PEG's longest prefix) and
 * no ':' follows, invalid_kvpair's "':' expected after dictionary key" is the error, whatever
 * follows (`{k: 1, a b}`, `{k: 1, f(b c)}`); with a ':' it is the key, read without invalid
 * rules. Returns the key, or 0 when no prefix parses (then it is read as usual).
 */
export function laterDictKey(p: Parser): number {
  const at = p.i;
  // (Measured: when no prefix parses, what is inside is read again with the invalid rules on,
  // `{k: 1, [a 2]}` is "Perhaps you forgot a comma?", so that read is not kept as memoized.)
  // Nor is what the strings in it made of it (parseStrings' memo).
  const strings = p.stringsMemo;
  p.stringsMemo = null;
  let key = tryParse(p, at, parseExpression, false);
  if (key === 0 && STARTS_PRIMARY[p.kinds[at]!] === 1) key = tryParse(p, at, parsePrimary, false);
  if (key === 0 && STARTS_PRIMARY[p.kinds[at]!] === 1) key = tryParse(p, at, parseAtom, false);
  p.stringsMemo = strings;
  if (key === 0) return 0;
  const next = lastTokenOfTry + 1;
  p.noteRead(next);
  if (p.kinds[next] !== T.COLON) {
    const [lineno, offset] = p.location(p.tree.end[key]!);
    throw new SyntaxErrorSignal(pyError(E.ColonAfterKey, { lineno, offset: offset - 1, end_lineno: lineno, end_offset: 0 }));
  }
  markPlain(p, at - 1, next - 1);
  p.i = next;
  return key;
}

// 'for' or 'async' 'for' at the current token.
function startsForClause(p: Parser): boolean {
  const k = p.kinds[p.i];
  return k === T.KW_FOR || (k === T.KW_ASYNC && p.peek(1) === T.KW_FOR);
}

// Runs `rule` with the invalid rules on; its node, or 0 (the position left where it failed) if it
// fails with a generic error. Specific errors propagate: CPython raises them where they are met.
function attempt(p: Parser, rule: (p: Parser) => number): number {
  const sp = p.sp;
  const depth = p.depth;
  try {
    return rule(p);
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
    p.sp = sp;
    p.depth = depth;
    return 0;
  }
}
