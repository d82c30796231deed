// Second-pass checks that several grammar files need: CPython's invalid_expression and
// invalid_legacy_expression rules for a disjunction directly followed by something unexpected.
import type { PySyntaxError } from "../core/diagnostics.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { VersionErrorSignal, type Parser } from "./state.js";
import { parseExpression, parseStarExpressions } from "./expressions.js";
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
    if (!(p.isSyntaxSignal(e) || e instanceof TooComplexSignal)) throw e;
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

let lastTokenOfTry = 0;
/** The first action error a tryParse met (see there); missingCommaOrParentheses reports it. */
let actionError: PySyntaxError | null = null;

function span<E extends ErrorEntry>(p: Parser, s: number, e: number, err: E, ...args: ArgsOf<E>): PySyntaxError {
  const [lineno, offset] = p.location(s);
  const [end_lineno, end_offset] = p.location(e);
  return pyError(err, { lineno, offset, end_lineno, end_offset }, ...args);
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
