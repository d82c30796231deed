// Expressions: CPython's `expression` rules (Grammar/python.gram), from lambdas and conditional
// expressions down to atoms. Binary operators use precedence climbing instead of one function
// per level. Node spans run from the first to the last token a rule consumed, parentheses
// included, except that a parenthesized group returns its inner node unchanged (as CPython does).
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K, ExprContext, Operator, BoolOperator, UnaryOperator, CmpOperator } from "../schema/generated/nodes.js";
import { decodeNumber, tooManyDigits, INT_MAX_STR_DIGITS } from "./literals.js";
import type { Parser } from "./state.js";
import { parseStrings } from "./strings.js";
import { setContext, exprName, checkNamedTarget, invalidTarget } from "./targets.js";
import { parseLambdaParameters } from "./parameters.js";
import { enter, leave, enterN, leaveN } from "./depth.js";
import { SyntaxErrorSignal, GenericSyntaxError } from "./state.js";
import { ERRORS as E, pyError, type ErrorEntry } from "../core/error-catalog.js";
import { comprehensionAfterPrimary, invalidExpression, laterDictKey, stringAlternative } from "./invalid-rules.js";
import { statementBeforeIf } from "./statements.js";

// Binary operator precedence by token kind (0 = not a binary operator), higher binds tighter.
const BIN_PREC = new Uint8Array(256);
const BIN_OP = new Uint8Array(256);
function bin(k: number, prec: number, op: number): void {
  BIN_PREC[k] = prec;
  BIN_OP[k] = op;
}
bin(T.VBAR, 1, Operator.BitOr);
bin(T.CIRCUMFLEX, 2, Operator.BitXor);
bin(T.AMPER, 3, Operator.BitAnd);
bin(T.LEFTSHIFT, 4, Operator.LShift);
bin(T.RIGHTSHIFT, 4, Operator.RShift);
bin(T.PLUS, 5, Operator.Add);
bin(T.MINUS, 5, Operator.Sub);
bin(T.STAR, 6, Operator.Mult);
bin(T.SLASH, 6, Operator.Div);
bin(T.DOUBLESLASH, 6, Operator.FloorDiv);
bin(T.PERCENT, 6, Operator.Mod);
bin(T.AT, 6, Operator.MatMult);

// Comparison operators that are a single token.
const CMP_OP = new Uint8Array(256);
CMP_OP[T.EQEQUAL] = CmpOperator.Eq;
CMP_OP[T.NOTEQUAL] = CmpOperator.NotEq;
CMP_OP[T.LESS] = CmpOperator.Lt;
CMP_OP[T.LESSEQUAL] = CmpOperator.LtE;
CMP_OP[T.GREATER] = CmpOperator.Gt;
CMP_OP[T.GREATEREQUAL] = CmpOperator.GtE;
CMP_OP[T.KW_IN] = CmpOperator.In;
CMP_OP[T.KW_IS] = CmpOperator.Is;

/** Token kinds that can start an expression (used for lookahead decisions). */
export const STARTS_EXPR = new Uint8Array(256);
for (const k of [
  T.NAME,
  T.NUMBER,
  T.STRING,
  T.FSTRING_START,
  T.TSTRING_START,
  T.LPAR,
  T.LSQB,
  T.LBRACE,
  T.MINUS,
  T.PLUS,
  T.TILDE,
  T.KW_NOT,
  T.KW_LAMBDA,
  T.KW_AWAIT,
  T.KW_NONE,
  T.KW_TRUE,
  T.KW_FALSE,
  T.ELLIPSIS,
])
  STARTS_EXPR[k] = 1;

/** Token kinds that start a `primary` directly (no unary operator, `not`, `await` or `lambda`). */
export const STARTS_PRIMARY = new Uint8Array(256);
for (const k of [
  T.NAME,
  T.NUMBER,
  T.STRING,
  T.FSTRING_START,
  T.TSTRING_START,
  T.LPAR,
  T.LSQB,
  T.LBRACE,
  T.KW_NONE,
  T.KW_TRUE,
  T.KW_FALSE,
  T.ELLIPSIS,
])
  STARTS_PRIMARY[k] = 1;
// Token kinds after a primary that no rule between `expression` and `primary` acts on: an
// expression ends there.
const ENDS_EXPR = new Uint8Array(256);
for (const k of [T.COMMA, T.RPAR, T.RSQB, T.RBRACE, T.COLON, T.EQUAL, T.NEWLINE, T.SEMI]) ENDS_EXPR[k] = 1;

// expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef
export function parseExpression(p: Parser): number {
  const k = p.kinds[p.i]!;
  if (k === T.KW_LAMBDA) return parseLambdef(p);
  if (p.secondPass) {
    // CPython's memo holds an expression here, read with the invalid rules off.
    if (p.plainExpr !== null && p.plainExpr[p.i] === 1) return plainExpression(p);
    if (k === T.KW_PASS || k === T.KW_BREAK || k === T.KW_CONTINUE) statementAsExpression(p);
    else if (k === T.STRING) stringAlternative(p);
  }
  const s = p.pos;
  if (p.secondPass && p.plainDisj !== null && p.plainDisj[p.i] === 1) {
    // CPython's memo holds this disjunction from an expression_without_invalid: no invalid
    // rules run inside it; those of `expression` itself still do.
    const startTok = p.i;
    p.secondPass = false;
    let e: number;
    try {
      e = parseDisjunction(p);
    } finally {
      p.secondPass = true;
    }
    invalidExpression(p, startTok, e);
    return expressionFrom(p, s, e);
  }
  if (STARTS_PRIMARY[k] === 1) {
    // Fast path: most expressions are a bare primary (`x`, `1`, `f(a)`, `self.x`). Parse it
    // directly instead of descending nine rules to reach it, then continue each rule from the
    // operand already parsed, in the same order the descent would (see the *From functions).
    const startTok = p.i;
    let e = parsePrimary(p);
    if (ENDS_EXPR[p.kinds[p.i]!] === 1) {
      p.lastDisjStart = startTok;
      p.lastDisjEnd = p.i;
      p.lastDisj = e;
      return e;
    }
    e = powerFrom(p, s, e);
    e = binaryFrom(p, s, 1, e);
    e = comparisonFrom(p, s, e);
    e = conjunctionFrom(p, s, e);
    e = disjunctionFrom(p, startTok, s, e);
    if (p.secondPass) invalidExpression(p, startTok, e);
    return expressionFrom(p, s, e);
  }
  const startTok = p.i;
  const e = parseDisjunction(p);
  if (p.secondPass) invalidExpression(p, startTok, e);
  return expressionFrom(p, s, e);
}

// Second pass: an expression as CPython's memo holds it, parsed with the invalid rules off.
function plainExpression(p: Parser): number {
  p.secondPass = false;
  try {
    return parseExpression(p);
  } finally {
    p.secondPass = true;
  }
}

// The rest of `expression` once its first disjunction `body` (starting at offset s) is parsed.
// With p.pegPrefix (unless `noPeg`), a conditional that does not parse leaves the disjunction alone.
function expressionFrom(p: Parser, s: number, body: number, noPeg = false): number {
  if (p.kinds[p.i] !== T.KW_IF) return body;
  if (p.pegPrefix && !noPeg) {
    const save = p.checkpoint();
    try {
      return expressionFrom(p, s, body, true);
    } catch (err) {
      if (!(err instanceof GenericSyntaxError)) throw err;
      p.restore(save);
      return body;
    }
  }
  p.i++;
  const testTok = p.i;
  let test: number;
  try {
    test = parseDisjunction(p);
  } catch (e) {
    // invalid_expression: a=disjunction 'if' b=disjunction !('else'|':'), where b may be a
    // shorter prefix than the parser tried (PEG backtracks to it).
    if (!(e instanceof GenericSyntaxError) || !p.secondPass) throw e;
    const far = p.far;
    p.i = testTok;
    let bEnd = -1;
    try {
      const b = parseBitOr(p);
      const n = p.kinds[p.i];
      // The node's end: a parenthesized b ends at its inner expression, as CPython's does.
      if (n !== T.KW_ELSE && n !== T.COLON) bEnd = p.tree.end[b]!;
    } catch (e2) {
      if (!(e2 instanceof GenericSyntaxError)) throw e2;
    }
    p.far = far;
    if (bEnd >= 0) p.fail(E.ExpectedElse, s, bEnd);
    throw e;
  }
  if (!p.eat(T.KW_ELSE)) {
    // invalid_expression: a=disjunction 'if' b=disjunction !('else'|':')
    if (p.kinds[p.i] !== T.COLON) p.fail(E.ExpectedElse, s, p.tree.end[test]!);
    p.invalidSyntax();
  }
  // invalid_expression: disjunction 'if' disjunction 'else' !expression
  if (STARTS_EXPR[p.kinds[p.i]!] !== 1) p.failAtToken(E.StatementAfterElse, p.i);
  enterN(p, 1);
  const orelse = p.secondPass && !p.elseLookahead ? orelseOrStatement(p) : parseExpression(p);
  leaveN(p, 1);
  return p.node3(K.IfExp, s, p.lastEnd, test, body, orelse);
}

// Second pass: the expression after 'else'. When it fails, invalid_expression's
// `disjunction 'if' disjunction 'else' !expression` is checked as PEG reads it: no prefix of an
// expression parses there (`else (x:)`, `else -`) means "statement is given". The check reads
// with pegPrefix and no nested check of its own (elseLookahead), so chains stay quadratic at worst.
function orelseOrStatement(p: Parser): number {
  const save = p.checkpoint();
  try {
    return parseExpression(p);
  } catch (err) {
    if (!(err instanceof GenericSyntaxError)) throw err;
    const far = p.far;
    p.restore(save);
    const peg = p.pegPrefix;
    p.pegPrefix = true;
    p.elseLookahead = true;
    let prefix = true;
    try {
      parseExpression(p);
    } catch (e2) {
      if (!(e2 instanceof GenericSyntaxError)) throw e2;
      prefix = false;
    } finally {
      p.pegPrefix = peg;
      p.elseLookahead = false;
    }
    p.restore(save);
    p.far = far;
    if (!prefix) p.failAtToken(E.StatementAfterElse, save[0]!);
    throw err;
  }
}

// named_expression: NAME ':=' ~ expression | expression !':='
/** `checkAssign` false: a call argument, where invalid_named_expression is not tried. */
export function parseNamedExpression(p: Parser, checkAssign = true): number {
  if (p.kinds[p.i] === T.NAME && p.peek(1) === T.COLONEQUAL) {
    const s = p.pos;
    const target = parseName(p, ExprContext.Store);
    p.i++;
    const value = parseExpression(p);
    if (p.fv < 8) p.versionError(8, "Assignment expressions are");
    return p.node2(K.NamedExpr, s, p.lastEnd, target, value);
  }
  const startTok = p.i;
  const e = parseExpression(p);
  const k = p.kinds[p.i];
  // A call argument is `assignment_expression | expression !':='`: no invalid_named_expression.
  if (k === T.COLONEQUAL && !checkAssign) p.invalidSyntax();
  // invalid_named_expression: a=expression ':=' expression -- the value must parse too.
  if (k === T.COLONEQUAL && p.secondPass && !valueParses(p, p.i + 1)) p.invalidSyntax();
  if (k === T.COLONEQUAL) checkNamedTarget(p, e);
  // invalid_named_expression reads on after the '=': with the invalid rules off nothing does.
  else if (k === T.EQUAL && checkAssign && p.secondPass) assignmentInNamedExpression(p, e, startTok);
  return e;
}

// An expression parses from token `at` (position and nodes restored; second-pass errors in it stand).
function valueParses(p: Parser, at: number): boolean {
  if (STARTS_EXPR[p.kinds[at]!] !== 1) {
    p.noteRead(at);
    return false;
  }
  const save = p.checkpoint();
  p.i = at;
  let ok = true;
  try {
    parseExpression(p);
  } catch (err) {
    if (!(err instanceof GenericSyntaxError)) throw err;
    ok = false;
  }
  p.restore(save);
  return ok;
}

// The bracket at token `open` has a 'for' at its own level before it closes: a comprehension,
// not a list display.
function bracketHoldsFor(p: Parser, open: number): boolean {
  let depth = 0;
  for (let j = open + 1; j < p.ntok; j++) {
    const k = p.kinds[j]!;
    if (k === T.LPAR || k === T.LSQB || k === T.LBRACE) depth++;
    else if (k === T.RPAR || k === T.RSQB || k === T.RBRACE) {
      if (depth === 0) return false;
      depth--;
    } else if (k === T.KW_FOR && depth === 0) return true;
  }
  return false;
}

/**
 * invalid_named_expression: an '=' after a named expression (a condition, an element, a
 * subscript). `x = 1` there gets "Maybe you meant '==' or ':='?", other targets "cannot assign
 * to ... here"; otherwise the generic error stands.
 */
export function assignmentInNamedExpression(p: Parser, e: number, startTok: number): void {
  const eqTok = p.i;
  const k = p.kindOf(e);
  const bitwiseLevel =
    k !== K.Compare &&
    k !== K.BoolOp &&
    k !== K.IfExp &&
    k !== K.Lambda &&
    k !== K.NamedExpr &&
    !(k === K.UnaryOp && p.field(e, 0) === UnaryOperator.Not);
  if (!bitwiseLevel) return;
  const nameAlt = k === K.Name && p.kinds[startTok] === T.NAME;
  const first = p.kinds[startTok];
  const name = exprName(p, e);
  const excluded =
    (first === T.LSQB && !bracketHoldsFor(p, startTok)) ||
    (first === T.LPAR && (k === K.Tuple || k === K.GeneratorExp)) ||
    name === "True" ||
    name === "False" ||
    name === "None";
  // !(list|tuple|genexp|'True'|'None'|'False') fails before anything after the '=' is read.
  if (!nameAlt && excluded) return;
  // b=bitwise_or !('='|':=')
  let b = 0;
  let after = -1;
  const save = p.checkpoint();
  const far = p.far;
  p.i = eqTok + 1;
  try {
    b = parseBitOr(p);
    after = p.kinds[p.i]!;
  } catch (err) {
    if (!(err instanceof GenericSyntaxError)) throw err;
  }
  const bEnd = b !== 0 ? p.tree.end[b]! : 0;
  p.restore(save);
  p.far = far;
  if (b === 0 || after === T.EQUAL || after === T.COLONEQUAL) return;
  if (nameAlt) p.fail(E.AssignInsteadOfCompare, p.tree.start[e]!, bEnd);
  if (!excluded) p.failAtNode(E.AssignHereCompare, e, { target: name });
}

// star_named_expression: '*' bitwise_or | named_expression
export function parseStarNamedExpression(p: Parser): number {
  if (p.kinds[p.i] === T.STAR) return parseStarred(p);
  return parseNamedExpression(p);
}

/**
 * The first item of a list, tuple or set display. In the second pass CPython's
 * invalid_comprehension reads it as a starred_expression, whose invalid_starred_expression_unpacking
 * rule raises for `[*a = 1]` (later items are plain star_named_expressions).
 */
function parseFirstDisplayItem(p: Parser): number {
  if (p.secondPass && p.kinds[p.i] === T.STAR) {
    const save = p.checkpoint();
    const s = p.pos;
    try {
      p.i++;
      parseExpression(p);
      if (p.kinds[p.i] === T.EQUAL) {
        p.i++;
        const b = parseExpression(p);
        p.fail(E.AssignToStarArg, s, p.tree.end[b]!);
      }
    } catch (e) {
      if (!(e instanceof GenericSyntaxError)) throw e;
    }
    p.restore(save);
  }
  return parseStarNamedExpression(p);
}

/** '*' bitwise_or -> Starred (Load). */
export function parseStarred(p: Parser): number {
  const s = p.pos;
  p.i++;
  // Only a first item after a bracket reaches invalid_starred_expression (through genexp's
  // starred_expression); elsewhere a lone '*' is a generic error.
  const before = p.i >= 2 ? p.kinds[p.i - 2] : -1;
  if (before === T.LPAR || before === T.LSQB || before === T.LBRACE) loneStarCheck(p);
  const v = parseBitOr(p);
  return p.node2(K.Starred, s, p.lastEnd, v, ExprContext.Load);
}

// star_expressions: star_expression (',' star_expression)* [','] ; several make a Tuple.
export function parseStarExpressions(p: Parser): number {
  const s = p.pos;
  const first = parseStarExpression(p);
  if (p.kinds[p.i] !== T.COMMA) return first;
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    if (!startsExpression(p, p.kinds[p.i]!) && p.kinds[p.i] !== T.STAR) break;
    if (p.pegPrefix) {
      // PEG: an item that does not parse is left out; the comma before it stays (`a, (x:)`).
      const save = p.checkpoint();
      try {
        p.push(parseStarExpression(p));
      } catch (err) {
        if (!(err instanceof GenericSyntaxError)) throw err;
        p.restore(save);
        break;
      }
    } else p.push(parseStarExpression(p));
  }
  const elts = p.popList(mark);
  return p.node2(K.Tuple, s, p.lastEnd, elts, ExprContext.Load);
}

// star_expression: '*' bitwise_or | expression
export function parseStarExpression(p: Parser): number {
  if (p.kinds[p.i] === T.STAR) return parseStarred(p);
  return parseExpression(p);
}

// expressions: expression (',' expression)* [',']   (used by `return`-less contexts like subject, etc.)
export function parseExpressions(p: Parser): number {
  const s = p.pos;
  const first = parseExpression(p);
  if (p.kinds[p.i] !== T.COMMA) return first;
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    if (!startsExpression(p, p.kinds[p.i]!)) break;
    p.push(parseExpression(p));
  }
  return p.node2(K.Tuple, s, p.lastEnd, p.popList(mark), ExprContext.Load);
}

// star_named_expressions used in list/set displays and subjects.
export function startsExpression(_p: Parser, k: number): boolean {
  return STARTS_EXPR[k] === 1;
}

// yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]
export function parseYieldExpr(p: Parser): number {
  const s = p.pos;
  p.i++;
  if (p.eat(T.KW_FROM)) {
    const v = parseExpression(p);
    return p.node1(K.YieldFrom, s, p.lastEnd, v);
  }
  const k = p.kinds[p.i]!;
  statementKeywordCheck(p);
  const v = STARTS_EXPR[k] === 1 || k === T.STAR ? parseStarExpressions(p) : 0;
  return p.node1(K.Yield, s, p.lastEnd, v);
}

// disjunction: conjunction ('or' conjunction)+ | conjunction
export function parseDisjunction(p: Parser): number {
  const startTok = p.i;
  const s = p.pos;
  return disjunctionFrom(p, startTok, s, parseConjunction(p));
}

// The rest of `disjunction` once its first conjunction `e` (from token startTok, offset s) is parsed.
function disjunctionFrom(p: Parser, startTok: number, s: number, e: number): number {
  if (p.kinds[p.i] === T.KW_OR) {
    const mark = p.sp;
    p.push(e);
    if (p.pegPrefix) return pegBoolOp(p, s, mark, parseConjunction, BoolOperator.Or);
    while (p.eat(T.KW_OR)) p.push(parseConjunction(p));
    e = p.node2(K.BoolOp, s, p.lastEnd, BoolOperator.Or, p.popList(mark));
  }
  // Remembered for CPython's "Perhaps you forgot a comma?" / "Missing parentheses" checks,
  // which look at a disjunction directly followed by an unexpected token (parse.ts).
  p.lastDisjStart = startTok;
  p.lastDisjEnd = p.i;
  p.lastDisj = e;
  return e;
}

// conjunction: inversion ('and' inversion)+ | inversion
function parseConjunction(p: Parser): number {
  const s = p.pos;
  return conjunctionFrom(p, s, parseInversion(p));
}

function conjunctionFrom(p: Parser, s: number, first: number): number {
  if (p.kinds[p.i] !== T.KW_AND) return first;
  const mark = p.sp;
  p.push(first);
  if (p.pegPrefix) return pegBoolOp(p, s, mark, parseInversion, BoolOperator.And);
  while (p.eat(T.KW_AND)) p.push(parseInversion(p));
  return p.node2(K.BoolOp, s, p.lastEnd, BoolOperator.And, p.popList(mark));
}

// With p.pegPrefix: the rest of an 'and'/'or' chain whose first operand is on the stack at
// `mark` (the current token being the operator), dropping an operand that does not parse and
// what follows it, as PEG does. A chain left with one operand is that operand.
function pegBoolOp(p: Parser, s: number, mark: number, rule: (p: Parser) => number, op: number): number {
  const kw = p.kinds[p.i]!;
  while (p.kinds[p.i] === kw) {
    const save = p.checkpoint();
    try {
      p.i++;
      p.push(rule(p));
    } catch (err) {
      if (!(err instanceof GenericSyntaxError)) throw err;
      p.restore(save);
      break;
    }
  }
  if (p.sp === mark + 1) {
    p.sp = mark;
    return p.stack[mark]!;
  }
  return p.node2(K.BoolOp, s, p.lastEnd, op, p.popList(mark));
}

function parseInversionExported(p: Parser): number {
  return parseInversion(p);
}

// inversion: 'not' inversion | comparison
function parseInversion(p: Parser): number {
  if (p.kinds[p.i] === T.KW_NOT) {
    const s = p.pos;
    p.i++;
    enter(p);
    const v = parseInversion(p);
    leave(p);
    return p.node2(K.UnaryOp, s, p.lastEnd, UnaryOperator.Not, v);
  }
  return parseComparison(p);
}

// comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or
function parseComparison(p: Parser): number {
  const s = p.pos;
  return comparisonFrom(p, s, parseBitOr(p));
}

function comparisonFrom(p: Parser, s: number, left: number): number {
  const opStart = p.i;
  let op = cmpOp(p);
  if (op === 0) return left;
  const opsMark = p.sp;
  // ops and comparators are collected as pairs on the stack, then split.
  if (p.pegPrefix) return pegCompare(p, s, left, op, opStart);
  do {
    p.push(op);
    p.push(parseBitOr(p));
    op = cmpOp(p);
  } while (op !== 0);
  const t = p.tree;
  const ops = t.listPairs(p.stack, opsMark, p.sp, 0);
  const cmps = t.listPairs(p.stack, opsMark, p.sp, 1);
  p.sp = opsMark;
  return p.node3(K.Compare, s, p.lastEnd, left, ops, cmps);
}

// With p.pegPrefix: comparisonFrom's pairs, where a pair whose operand does not parse ends the
// comparison before its operator (PEG's compare_op_bitwise_or_pair+).
function pegCompare(p: Parser, s: number, left: number, op: number, opStart: number): number {
  const opsMark = p.sp;
  for (;;) {
    const save = p.checkpoint();
    save[0] = opStart;
    let right = 0;
    try {
      right = parseBitOr(p);
    } catch (err) {
      if (!(err instanceof GenericSyntaxError)) throw err;
      p.restore(save);
      break;
    }
    p.push(op);
    p.push(right);
    opStart = p.i;
    op = cmpOp(p);
    if (op === 0) break;
  }
  if (p.sp === opsMark) return left;
  const t = p.tree;
  const ops = t.listPairs(p.stack, opsMark, p.sp, 0);
  const cmps = t.listPairs(p.stack, opsMark, p.sp, 1);
  p.sp = opsMark;
  return p.node3(K.Compare, s, p.lastEnd, left, ops, cmps);
}

/** Consumes a comparison operator and returns its CmpOperator value, or 0. */
function cmpOp(p: Parser): number {
  const k = p.kinds[p.i]!;
  const op = CMP_OP[k]!;
  if (op !== 0) {
    // `<>` is a NOTEQUAL token that CPython's parser rejects unless barry_as_FLUFL (PEP 401);
    // under it, `!=` is the error (_PyPegen_check_barry_as_flufl).
    if (k === T.NOTEQUAL) {
      const diamond = p.src[p.starts[p.i]!] === 0x3c; /* '<' */
      if (diamond !== p.barry) {
        if (diamond) {
          // PEG (pegPrefix): the pair fails, and the comparison ends before it.
          if (p.pegPrefix) {
            p.noteRead(p.i);
            return 0;
          }
          p.invalidSyntax();
        }
        p.actionError(E.BarryNotEqual, p.i);
      }
    }
    p.i++;
    if (k === T.KW_IS && p.kinds[p.i] === T.KW_NOT) {
      p.i++;
      return CmpOperator.IsNot;
    }
    return op;
  }
  if (k === T.KW_NOT && p.peek(1) === T.KW_IN) {
    p.i += 2;
    return CmpOperator.NotIn;
  }
  return 0;
}

// bitwise_or .. term: left-associative binary operators by precedence climbing.
export function parseBitOr(p: Parser): number {
  return parseBinary(p, 1);
}

function parseBinary(p: Parser, minPrec: number): number {
  const s = p.pos;
  return binaryFrom(p, s, minPrec, parseFactor(p));
}

// Precedence climbing from an already parsed left operand (starting at offset s).
function binaryFrom(p: Parser, s: number, minPrec: number, left: number): number {
  for (;;) {
    const k = p.kinds[p.i]!;
    const prec = BIN_PREC[k]!;
    if (prec < minPrec || prec === 0) return left;
    let right: number;
    if (p.secondPass) {
      // PEG semantics for CPython's invalid_* rules: when the right operand fails, the rule
      // matches the shorter expression before the operator (`1` of `1 +`).
      const save = p.checkpoint();
      try {
        p.i++;
        right = parseBinary(p, prec + 1);
      } catch (e) {
        if (!(e instanceof GenericSyntaxError)) throw e;
        p.restore(save);
        return left;
      }
    } else {
      p.i++;
      right = parseBinary(p, prec + 1);
    }
    if (k === T.AT && p.fv < 5) p.versionError(5, "The '@' operator is");
    left = p.node3(K.BinOp, s, p.lastEnd, left, BIN_OP[k]!, right);
  }
}

// factor: '+' factor | '-' factor | '~' factor | power
function parseFactor(p: Parser): number {
  const k = p.kinds[p.i]!;
  let op = 0;
  if (k === T.MINUS) op = UnaryOperator.USub;
  else if (k === T.PLUS) op = UnaryOperator.UAdd;
  else if (k === T.TILDE) op = UnaryOperator.Invert;
  else {
    if (k === T.KW_NOT) notAfterOperator(p);
    return parsePower(p);
  }
  const s = p.pos;
  p.i++;
  enter(p);
  const v = parseFactor(p);
  leave(p);
  return p.node2(K.UnaryOp, s, p.lastEnd, op, v);
}

// power: await_primary '**' factor | await_primary
function parsePower(p: Parser): number {
  const s = p.pos;
  return powerFrom(p, s, parseAwaitPrimary(p));
}

function powerFrom(p: Parser, s: number, left: number): number {
  if (p.kinds[p.i] !== T.DOUBLESTAR) return left;
  let right: number;
  if (p.secondPass) {
    // As for the binary operators: when the factor fails, PEG keeps the await_primary alone.
    // Written out here, not shared with binaryFrom: a helper adds JS frames to every level of a
    // right-nested '**' chain, and 1,500 levels then overflow the stack.
    const save = p.checkpoint();
    try {
      p.i++;
      enterN(p, 2);
      right = parseFactor(p);
      leaveN(p, 2);
    } catch (e) {
      if (!(e instanceof GenericSyntaxError)) throw e;
      p.restore(save);
      return left;
    }
  } else {
    p.i++;
    enterN(p, 2);
    right = parseFactor(p);
    leaveN(p, 2);
  }
  return p.node3(K.BinOp, s, p.lastEnd, left, Operator.Pow, right);
}

// await_primary: 'await' primary | primary
function parseAwaitPrimary(p: Parser): number {
  if (p.kinds[p.i] === T.KW_AWAIT) {
    const s = p.pos;
    p.i++;
    const v = parsePrimary(p);
    if (p.fv < 5) p.versionError(5, "Await expressions are");
    return p.node1(K.Await, s, p.lastEnd, v);
  }
  return parsePrimary(p);
}

// primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')' | primary '[' slices ']' | atom
export function parsePrimary(p: Parser): number {
  const s = p.pos;
  enter(p);
  let e = parseAtom(p);
  for (;;) {
    const k = p.kinds[p.i]!;
    if (k === T.DOT) {
      if (p.kinds[p.i + 1] !== T.NAME) {
        // PEG backtracks to `e` and leaves the '.' unread: in the second pass an invalid rule
        // after the primary may still match (`x if y.:` is "expected 'else'").
        if (!p.secondPass && !p.pegPrefix) {
          p.i++;
          p.invalidSyntax();
        }
        p.noteRead(p.i + 1);
        break;
      }
      p.i += 2; // '.' and the NAME: Attribute.attr is derived from the node's end
      e = p.node2(K.Attribute, s, p.lastEnd, e, ExprContext.Load);
    } else if (k === T.LPAR || k === T.LSQB) {
      if (!p.pass2) e = k === T.LPAR ? parseCall(p, e, s) : parseSubscript(p, e, s);
      else {
        if (k === T.LSQB && p.secondPass) comprehensionAfterPrimary(p, p.i);
        // PEG backtracks to `e` when the trailer fails (`a[]`, `a[b for b in c]`: the brackets
        // are then read as a list by invalid_expression).
        const c = pass2Trailer(p, e, s, k === T.LPAR ? parseCall : parseSubscript);
        if (c === 0) break;
        e = c;
      }
    } else {
      // `primary genexp`: its invalid_comprehension reads a '{' after a primary too.
      if (k === T.LBRACE && p.secondPass && !targetPrimary) comprehensionAfterPrimary(p, p.i);
      break;
    }
  }
  leave(p);
  return e;
}

// Set while parsePrimaryNoGenexp runs.
let targetPrimary = false;

/** A primary as t_primary reads it: never a genexp at a '{' after it (t_primary needs '(', '[' or '.' there). */
export function parsePrimaryNoGenexp(p: Parser): number {
  const outer = targetPrimary;
  targetPrimary = true;
  try {
    return parsePrimary(p);
  } finally {
    targetPrimary = outer;
  }
}

// slices: slice !',' | ','.(slice | starred_expression)+ [',']
function parseSlices(p: Parser): number {
  const s = p.pos;
  const first = parseSliceItem(p);
  // A lone starred item still makes a tuple: x[*a] is x[(*a,)].
  if (p.kinds[p.i] !== T.COMMA && p.kindOf(first) !== K.Starred) return first;
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    if (p.kinds[p.i] === T.RSQB) break;
    p.push(parseSliceItem(p));
  }
  return p.node2(K.Tuple, s, p.lastEnd, p.popList(mark), ExprContext.Load);
}

// slice: [expression] ':' [expression] [':' [expression]] | named_expression ; or starred_expression
function parseSliceItem(p: Parser): number {
  const k = p.kinds[p.i]!;
  if (k === T.STAR) {
    const s = p.pos;
    p.i++;
    loneStarCheck(p);
    const v = parseExpression(p);
    // invalid_starred_expression_unpacking: '*' expression '=' expression
    if (p.kinds[p.i] === T.EQUAL && p.secondPass) {
      const save = p.i;
      p.i++;
      const b = STARTS_EXPR[p.kinds[p.i]!] === 1 ? parseExpression(p) : 0;
      if (b !== 0) p.fail(E.AssignToStarArg, s, p.lastEnd);
      p.i = save;
    }
    return p.node2(K.Starred, s, p.lastEnd, v, ExprContext.Load);
  }
  const s = p.pos;
  const startTok = p.i;
  let lower = 0;
  if (k !== T.COLON) {
    lower = parseNamedExpression(p);
    if (p.kinds[p.i] !== T.COLON) return lower;
    // slice: [expression] ':' ... -- an unparenthesized walrus cannot be a bound.
    if (isBareWalrus(p, lower, startTok)) p.invalidSyntax();
  }
  p.i++; // ':'
  let upper = 0;
  let step = 0;
  const k2 = p.kinds[p.i]!;
  if (k2 !== T.COLON && k2 !== T.COMMA && k2 !== T.RSQB) upper = parseExpression(p);
  if (p.eat(T.COLON)) {
    const k3 = p.kinds[p.i]!;
    if (k3 !== T.COMMA && k3 !== T.RSQB) step = parseExpression(p);
  }
  return p.node3(K.Slice, s, p.lastEnd, lower, upper, step);
}

/**
 * A call or subscript (`trailer`) in the second pass. With the invalid rules on, when it fails
 * generically, PEG backtracks to the primary before the bracket (0 is returned, the tokens read
 * stay read), and the rules after it read the bracketed part again: invalid_expression's
 * expression_without_invalid takes `(yield x)` as a group, so `[f(yield x)]` is "Perhaps you
 * forgot a comma?". Such a read of an outer bracket reads the inner trailers again with the
 * invalid rules off: their generic failures are remembered (CPython's memo does as much), so
 * nested failing trailers cost linear time, not quadratic.
 */
function pass2Trailer(p: Parser, func: number, s: number, trailer: (p: Parser, func: number, s: number) => number): number {
  // With the invalid rules off, a failure propagates (remembered); with them on, or in a
  // p.pegPrefix read, the trailer is dropped and the primary stands.
  if (!p.secondPass && !p.pegPrefix) {
    const open = p.i;
    const known = p.callFails?.get(open);
    if (known !== undefined) {
      p.i = known[0]!;
      if (known[1]! > p.far) p.far = known[1]!;
      p.noteRead(known[1]!);
      throw new GenericSyntaxError(known[2]!, known[3]!);
    }
    try {
      return trailer(p, func, s);
    } catch (err) {
      if (err instanceof GenericSyntaxError) {
        (p.callFails ??= new Map()).set(open, [p.i, Math.max(p.i, p.far), err.token, err.at]);
      }
      throw err;
    }
  }
  const save = p.checkpoint();
  try {
    return trailer(p, func, s);
  } catch (err) {
    if (!(err instanceof GenericSyntaxError)) throw err;
    p.restore(save);
    return 0;
  }
}

// Subscript: primary '[' slices ']'
function parseSubscript(p: Parser, value: number, s: number): number {
  p.i++;
  const sl = parseSlices(p);
  p.expect(T.RSQB);
  return p.node3(K.Subscript, s, p.lastEnd, value, sl, ExprContext.Load);
}

// Call: primary '(' [arguments] ')' | primary genexp
function parseCall(p: Parser, func: number, s: number): number {
  const g = parseArguments(p);
  if (g !== 0) return p.node3(K.Call, s, p.lastEnd, func, listOf(p, [g]), 0);
  return p.node3(K.Call, s, p.lastEnd, func, p.argsOut, p.kwOut);
}

/**
 * arguments: '(' [args] ')' from the current '('. Leaves the positional list in p.argsOut and the
 * keyword list in p.kwOut. A sole generator expression argument is returned (spanning the
 * parentheses) instead, with both lists empty; otherwise returns 0. Class bases pass
 * allowGenexp=false: a bare generator is a syntax error there.
 */
export function parseArguments(p: Parser, allowGenexp = true): number {
  const open = p.i;
  p.i++;
  const argsMark = p.sp;
  let kw: number[] | null = null;
  let sawKeyword = false;
  let sawDoubleStar = false;
  // invalid_arguments: a positional argument after keywords is reported once all arguments are
  // read, at the last token read (CPython's RAISE_SYNTAX_ERROR without a location).
  let orderError: ErrorEntry | null = null;
  while (p.kinds[p.i] !== T.RPAR) {
    const k = p.kinds[p.i]!;
    const as = p.pos;
    if (k === T.STAR) {
      p.i++;
      loneStarCheck(p);
      const v = p.secondPass ? starredArgument(p) : parseExpression(p);
      if (p.kinds[p.i] === T.EQUAL) {
        // invalid_starred_expression: '*' expression '=' expression
        p.i++;
        const b = STARTS_EXPR[p.kinds[p.i]!] === 1 ? parseExpression(p) : 0;
        if (b !== 0) p.fail(E.AssignToStarArg, as, p.lastEnd);
        p.invalidSyntax();
      }
      if (sawDoubleStar) p.fail(E.IterableAfterKwUnpacking, p.starts[argTokBefore(p, as)]!, p.lastEnd);
      p.push(p.node2(K.Starred, as, p.lastEnd, v, ExprContext.Load));
    } else if (k === T.DOUBLESTAR) {
      p.i++;
      const v = parseExpression(p);
      if (p.kinds[p.i] === T.EQUAL) {
        p.i++;
        const b = STARTS_EXPR[p.kinds[p.i]!] === 1 ? parseExpression(p) : 0;
        if (b !== 0) p.fail(E.AssignToKwArg, as, p.lastEnd);
        p.invalidSyntax();
      }
      (kw ??= []).push(p.node1(K.keyword, as, p.lastEnd, v)); // arg None: the node starts with '**'
      sawDoubleStar = true;
    } else if (k === T.NAME && p.peek(1) === T.EQUAL) {
      const nameTok = p.i;
      p.i += 2;
      const nk = p.kinds[p.i]!;
      if (nk === T.COMMA || nk === T.RPAR) p.fail(E.ExpectedArgumentValue, as, p.ends[nameTok + 1]!);
      const v = parseExpression(p);
      const fk = p.kinds[p.i];
      // Only invalid_kwarg (second pass) reads clauses after a keyword argument: in the first
      // pass nothing looks past an 'async' there.
      if (fk === T.KW_FOR || (fk === T.KW_ASYNC && p.secondPass && p.peek(1) === T.KW_FOR)) {
        p.fail(E.AssignInsteadOfCompare, as, p.ends[nameTok + 1]!);
      }
      (kw ??= []).push(p.node1(K.keyword, as, p.lastEnd, v)); // arg: the NAME it starts with
      sawKeyword = true;
    } else {
      const eTok = p.i;
      // args: (assignment_expression | expression !':=') !'=' -- a following '=' is invalid_kwarg's.
      const e = parseNamedExpression(p, /*checkAssign*/ false);
      const fk = p.kinds[p.i];
      // Only a sole first argument can be a generator in the first pass (primary genexp, which
      // class bases lack); the second pass's invalid_arguments reads clauses after any argument.
      if (
        fk === T.KW_FOR ||
        (fk === T.KW_ASYNC && (p.secondPass || (p.sp === argsMark && kw === null && allowGenexp)) && p.peek(1) === T.KW_FOR)
      ) {
        // In the first pass nothing reads a later argument's clauses: the error is at the 'for'.
        if (!p.secondPass && (p.sp !== argsMark || kw !== null)) p.invalidSyntax();
        const forTok = p.i;
        const gens = parseForIfClauses(p);
        if (p.sp === argsMark && kw === null && p.kinds[p.i] === T.RPAR) {
          if (!allowGenexp) p.invalidSyntaxAt(forTok);
          // A generator expression as the sole argument spans the call's parentheses.
          p.i++;
          p.argsOut = 0;
          p.kwOut = 0;
          return p.node2(K.GeneratorExp, p.starts[open]!, p.lastEnd, e, gens);
        }
        // A sole argument's clauses followed by neither ')' nor ',': the genexp alternative fails
        // and invalid_arguments' `args for_if_clauses` needs two arguments
        // (_PyPegen_nonparen_genexp_in_call): a generic error.
        if (p.sp === argsMark && kw === null && p.kinds[p.i] !== T.COMMA) p.invalidSyntax();
        p.fail(E.UnparenthesizedGenexp, p.tree.start[e]!, p.lastEnd);
      }
      if (p.kinds[p.i] === T.EQUAL) keywordTargetError(p, e, eTok);
      if (orderError === null && (sawKeyword || sawDoubleStar)) {
        orderError = sawDoubleStar ? E.PositionalAfterKwUnpacking : E.PositionalAfterKeyword;
      }
      p.push(e);
    }
    if (!p.eat(T.COMMA)) break;
  }
  // At the furthest token fetched so far (p->fill - 1), what the invalid rules read included.
  if (orderError !== null)
    p.failAtToken(orderError as typeof E.PositionalAfterKeyword, Math.min(Math.max(p.lastToken(), p.maxRead), p.ntok - 1));
  if (p.kinds[p.i] !== T.RPAR) p.invalidSyntax();
  p.i++;
  p.argsOut = p.popList(argsMark);
  p.kwOut = kw === null ? 0 : listOf(p, kw);
  return 0;
}

// starred_expression: invalid_starred_expression_unpacking | '*' expression | invalid_starred_expression.
// The expression after the '*' failing generically is invalid_starred_expression's `'*'`:
// "Invalid star expression" at the last token read (`f(*yield)`, `f(* not)`).
function starredArgument(p: Parser): number {
  try {
    return parseExpression(p);
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
    p.failAtToken(E.InvalidStar, p.lastToken());
  }
}

// The token index of the ',' before the argument starting at byte offset `start`.
function argTokBefore(p: Parser, start: number): number {
  let j = p.i;
  while (j > 0 && p.starts[j]! > start) j--;
  return j > 0 && p.kinds[j - 1] === T.COMMA ? j - 1 : j;
}

/**
 * invalid_double_starred_kvpairs: expression ':' a='*' bitwise_or -- from the '*' to where the
 * tokenizer stands after the bitwise_or (the token after it).
 */
function starredDictValue(p: Parser): never {
  if (!p.secondPass) p.invalidSyntax();
  const star = p.i;
  p.i++;
  parseBitOr(p);
  p.failStartingFrom(E.StarredDictValue, star, p.i);
}

/** True if `e`, parsed from token `startTok`, is a NamedExpr without parentheses. */
export function isBareWalrus(p: Parser, e: number, startTok: number): boolean {
  return p.kindOf(e) === K.NamedExpr && p.kinds[startTok] === T.NAME;
}

function keywordTargetError(p: Parser, e: number, eTok: number): never {
  const k = p.kindOf(e);
  // invalid_kwarg needs `expression '='`; a bare walrus is not one: generic error.
  if (isBareWalrus(p, e, eTok)) p.invalidSyntax();
  if (k === K.Constant) {
    const v = p.tree.value(p.field(e, 0), e);
    // invalid_kwarg: a=('True'|'False'|'None') b='=' -- through the '='.
    if (v === true || v === false || v === null)
      p.fail(E.CannotAssign, p.tree.start[e]!, p.ends[p.i]!, { target: v === null ? "None" : v ? "True" : "False" });
  }
  p.fail(E.AssignInArgument, p.tree.start[e]!, p.ends[p.i]!);
}

/** Builds a tree list from a JS array of ids (used where item counts are small). */
export function listOf(p: Parser, ids: number[]): number {
  if (ids.length === 0) return 0;
  const mark = p.sp;
  for (const x of ids) p.push(x);
  return p.popList(mark);
}

// for_if_clauses: (['async'] 'for' star_targets 'in' ~ disjunction ('if' disjunction)*)+
export function parseForIfClauses(p: Parser): number {
  const mark = p.sp;
  while (p.kinds[p.i] === T.KW_FOR || (p.kinds[p.i] === T.KW_ASYNC && p.peek(1) === T.KW_FOR)) {
    const s = p.pos;
    let isAsync = 0;
    if (p.eat(T.KW_ASYNC)) isAsync = 1;
    p.i++; // 'for'
    // invalid_for_target: 'for' star_expressions
    statementKeywordCheck(p);
    const targetTok = p.i;
    const far0 = p.far;
    const read0 = p.maxRead;
    let target: number;
    try {
      target = parseTargetList(p, T.KW_IN, true);
    } catch (e) {
      if (e instanceof GenericSyntaxError) {
        if (p.secondPass) invalidForTarget(p, targetTok);
        else starTargetsFail(p, targetTok, far0, read0);
      }
      throw e;
    }
    // invalid_for_if_clause: 'for' (bitwise_or (',' bitwise_or)* [',']) !'in'
    if (!p.eat(T.KW_IN)) {
      // invalid_for_if_clause did not match (a starred target): invalid_for_target's turn.
      if (p.secondPass) invalidForTarget(p, targetTok);
      else starTargetsFail(p, targetTok, far0, read0);
      p.invalidSyntax();
    }
    const iter = parseDisjunction(p);
    const ifsMark = p.sp;
    while (p.kinds[p.i] === T.KW_IF) {
      if (p.secondPass) {
        // ('if' disjunction)* stops before an 'if' whose condition fails: what follows decides
        // (the invalid rules read on from there, e.g. invalid_comprehension's error).
        const cond = conditionOrZero(p);
        if (cond === 0) break;
        p.push(cond);
        continue;
      }
      p.i++;
      p.push(parseDisjunction(p));
    }
    const ifs = p.popList(ifsMark);
    if (isAsync === 1 && p.fv < 6) p.versionError(6, "Async comprehensions are");
    p.push(p.node4(K.comprehension, s, p.lastEnd, target, iter, ifs, isAsync));
  }
  return p.popList(mark);
}

// Second pass: 'if' disjunction from the current 'if', or 0 with the parser back at the 'if' when
// the disjunction fails with a generic error.
function conditionOrZero(p: Parser): number {
  const ifTok = p.i;
  const sp = p.sp;
  const depth = p.depth;
  p.i++;
  try {
    return parseDisjunction(p);
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
    p.rewind(ifTok);
    p.sp = sp;
    p.depth = depth;
    return 0;
  }
}

/**
 * invalid_for_target: 'async'? 'for' a=star_expressions, tried in the second pass when the
 * targets from token `at` (after 'for') are not followed by 'in' or do not parse at all: what
 * star_expressions reads there (`not x in y`, `x or y`) fails with its first invalid target.
 * Otherwise nothing happens (an error found while reading stands).
 */
export function invalidForTarget(p: Parser, at: number): void {
  const save = p.checkpoint();
  const far = p.far;
  p.i = at;
  let e = 0;
  try {
    e = parseStarExpressions(p);
  } catch (err) {
    if (!(err instanceof GenericSyntaxError)) throw err;
  }
  const bad = e === 0 ? 0 : invalidTarget(p, e, "for");
  if (bad !== 0) p.failAtNode(E.CannotAssign, bad, { target: exprName(p, bad) });
  p.restore(save);
  p.far = far;
}

/**
 * star_targets for `for` loops and comprehensions: a comma list of targets stopping before
 * `stop` (usually `in`). Parsed at primary level so `in` is never taken as an operator.
 */
export function parseTargetList(p: Parser, stop: number, comprehension = false): number {
  const s = p.pos;
  const first = parseTargetItem(p);
  if (p.kinds[p.i] !== T.COMMA) {
    if (comprehension) inExpected(p, first, 0);
    setContext(p, first, ExprContext.Store, "for");
    return first;
  }
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    if (p.kinds[p.i] === stop) break;
    p.push(parseTargetItem(p));
  }
  const tup = p.node2(K.Tuple, s, p.lastEnd, p.popList(mark), ExprContext.Load);
  if (comprehension) inExpected(p, first, tup);
  setContext(p, tup, ExprContext.Store, "for");
  return tup;
}

/**
 * The first pass reads a loop's targets as CPython's star_targets does, not as the bitwise_or
 * quarry parses them with: it stops at the first token no target takes (the '**' of `for x ** in
 * y`, the 'await' of `for await ...`), which is where its generic error is. Called when the
 * targets or the 'in' after them fail (`far0`, `read0`: how far the parser had read before them);
 * throws that error.
 */
export function starTargetsFail(p: Parser, at: number, far0: number, read0: number): never {
  const save = p.checkpoint();
  p.far = at;
  p.maxRead = read0;
  p.i = at;
  try {
    readStarTargets(p);
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
  }
  const reach = Math.min(Math.max(p.i, p.far, far0), p.ntok - 1);
  p.restore(save);
  p.far = reach;
  p.noteRead(reach);
  p.invalidSyntaxAt(reach);
}

// star_target (',' star_target)* [','], reading tokens only (nodes built are dropped).
function readStarTargets(p: Parser): void {
  for (;;) {
    if (!readStarTarget(p) || p.kinds[p.i] !== T.COMMA) return;
    p.i++;
  }
}

// '*' (!'*' star_target) | target_with_star_atom: t_primary's atom and trailers, or a star_atom
// (a NAME, or a bracketed target list). True if a target was read.
function readStarTarget(p: Parser): boolean {
  if (p.kinds[p.i] === T.STAR) {
    p.i++;
    if (p.kinds[p.i] === T.STAR) return false;
  }
  if (STARTS_PRIMARY[p.kinds[p.i]!] !== 1) return false;
  const e = parsePrimary(p);
  const k = p.kindOf(e);
  return k === K.Name || k === K.Attribute || k === K.Subscript || k === K.Tuple || k === K.List;
}

// The furthest token fetched so far (CPython's p->fill - 1, where RAISE_SYNTAX_ERROR without a
// location lands): what the invalid rules read ahead included.
function fetched(p: Parser): number {
  return Math.min(Math.max(p.lastToken(), p.maxRead), p.ntok - 1);
}

// invalid_for_if_clause: 'for' (bitwise_or (',' bitwise_or)* [',']) !'in' -- tried before
// invalid_for_target, so it wins over an invalid target when no 'in' follows (no starred item:
// those are not bitwise_or).
function inExpected(p: Parser, first: number, tup: number): void {
  if (!p.secondPass || p.kinds[p.i] === T.KW_IN) return;
  const t = p.tree;
  if (tup === 0) {
    if (t.kind[first] !== K.Starred) p.failAtToken(E.InExpected, fetched(p));
    return;
  }
  const elts = t.field(tup, 0);
  for (let j = 0; j < t.listLength(elts); j++) if (t.kind[t.listItem(elts, j)] === K.Starred) return;
  p.failAtToken(E.InExpected, fetched(p));
}

function parseTargetItem(p: Parser): number {
  if (p.kinds[p.i] === T.STAR) {
    const s = p.pos;
    p.i++;
    const v = parseTargetItem(p);
    return p.node2(K.Starred, s, p.lastEnd, v, ExprContext.Load);
  }
  // A full bitwise_or would swallow nothing past `in` anyway; parse at that level so that an
  // invalid target such as `a + b` is reported as CPython does ("cannot assign to expression").
  return parseBitOr(p);
}

export function parseName(p: Parser, ctx: number): number {
  const s = p.pos;
  p.i++;
  // Name.id is derived: the node is exactly its NAME token.
  return p.node1(K.Name, s, p.lastEnd, ctx);
}

// atom: NAME | 'True' | 'False' | 'None' | strings | NUMBER | tuple/group/genexp | list | dict/set | '...'
export function parseAtom(p: Parser): number {
  const k = p.kinds[p.i]!;
  const s = p.pos;
  switch (k) {
    case T.NAME:
      return parseName(p, ExprContext.Load);
    case T.NUMBER: {
      const digits = tooManyDigits(p.src, s, p.ends[p.i]!);
      if (digits !== 0) {
        // CPython gives this error a line but no columns.
        const line = p.tree.lineOf(s);
        const loc = { lineno: line, offset: 0, end_lineno: p.tree.lineOf(p.ends[p.i]!), end_offset: 0 };
        throw new SyntaxErrorSignal(pyError(E.IntTooLong, loc, { limit: INT_MAX_STR_DIGITS, digits }));
      }
      const v = decodeNumber(p.src, s, p.ends[p.i]!);
      if (p.fv < 6) p.numberUnderscores(p.i);
      p.i++;
      return p.node1(K.Constant, s, p.lastEnd, p.tree.constant(v));
    }
    case T.STRING:
    case T.FSTRING_START:
    case T.TSTRING_START:
      return parseStrings(p);
    case T.KW_NONE:
      p.i++;
      return p.node1(K.Constant, s, p.lastEnd, 0 /* raw 0: None */);
    case T.KW_TRUE:
      p.i++;
      return p.node1(K.Constant, s, p.lastEnd, 1 /* raw 1: True */);
    case T.KW_FALSE:
      p.i++;
      return p.node1(K.Constant, s, p.lastEnd, 2 /* raw 2: False */);
    case T.ELLIPSIS:
      p.i++;
      return p.node1(K.Constant, s, p.lastEnd, 3 /* raw 3: Ellipsis */);
    case T.LPAR:
      return p.secondPass ? secondPassDisplay(p, parseParen, 29) : parseParen(p);
    case T.LSQB:
      return p.secondPass ? secondPassDisplay(p, parseListDisplay, 30) : parseListDisplay(p);
    case T.LBRACE:
      return p.secondPass ? secondPassDisplay(p, parseBraceDisplay, 29) : parseBraceDisplay(p);
    default:
      return p.invalidSyntax();
  }
}

/**
 * A display in the second pass costs CPython's parser more stack levels than in the first (its
 * invalid_* rules sit between each bracket and the next): 32 per '[' and 31 per '(' or '{', where
 * this parser counts 2. The outermost one is 15 levels cheaper. Measured against CPython 3.14:
 * `x = [[...]] y` overflows (MemoryError) from 188 brackets, with '(' or '{' from 194.
 */
function secondPassDisplay(p: Parser, rule: (p: Parser) => number, extra: number): number {
  const x = p.displays === 0 ? extra - 15 : extra;
  p.displays++;
  enterN(p, x);
  try {
    return rule(p);
  } finally {
    leaveN(p, x);
    p.displays--;
  }
}

// tuple | group | genexp
function parseParen(p: Parser): number {
  const s = p.pos;
  p.i++;
  enter(p);
  const k = p.kinds[p.i]!;
  if (k === T.RPAR) {
    p.i++;
    leave(p);
    return p.node2(K.Tuple, s, p.lastEnd, 0, ExprContext.Load);
  }
  if (k === T.KW_YIELD) {
    const y = parseYieldExpr(p);
    p.expect(T.RPAR);
    leave(p);
    return y;
  }
  // invalid_group: '(' a='**' expression ')'
  if (k === T.DOUBLESTAR && p.secondPass) {
    const star = p.i;
    p.i++;
    parseExpression(p);
    if (p.kinds[p.i] === T.RPAR) p.failAtToken(E.DoubleStarredHere, star);
    p.invalidSyntaxAt(star);
  }
  const first = parseFirstDisplayItem(p);
  const k2 = p.kinds[p.i]!;
  if (k2 === T.RPAR) {
    // invalid_group's action runs once the ')' is read: the token after it is not (so an
    // unclosed bracket around it on the same line does not take over).
    if (p.kindOf(first) === K.Starred) p.failAtNode(E.StarredHere, first);
    p.i++;
    leave(p);
    return first;
  }
  if (k2 === T.KW_FOR || (k2 === T.KW_ASYNC && p.peek(1) === T.KW_FOR)) {
    if (p.kindOf(first) === K.Starred) p.failAtNode(E.StarInComprehension, first);
    const gens = parseForIfClauses(p);
    p.expect(T.RPAR);
    leave(p);
    return p.node2(K.GeneratorExp, s, p.lastEnd, first, gens);
  }
  if (k2 !== T.COMMA) {
    leave(p);
    return p.invalidSyntax();
  }
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    if (p.kinds[p.i] === T.RPAR) break;
    p.push(parseStarNamedExpression(p));
  }
  p.expect(T.RPAR);
  leave(p);
  return p.node2(K.Tuple, s, p.lastEnd, p.popList(mark), ExprContext.Load);
}

// list: '[' [star_named_expressions] ']' | listcomp: '[' named_expression for_if_clauses ']'
function parseListDisplay(p: Parser): number {
  const s = p.pos;
  p.i++;
  enter(p);
  if (p.eat(T.RSQB)) {
    leave(p);
    return p.node2(K.List, s, p.lastEnd, 0, ExprContext.Load);
  }
  const first = parseFirstDisplayItem(p);
  const k2 = p.kinds[p.i]!;
  if (k2 === T.KW_FOR || (k2 === T.KW_ASYNC && p.peek(1) === T.KW_FOR)) {
    if (p.kindOf(first) === K.Starred) p.failAtNode(E.StarInComprehension, first);
    const gens = parseForIfClauses(p);
    p.expect(T.RSQB);
    leave(p);
    return p.node2(K.ListComp, s, p.lastEnd, first, gens);
  }
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    if (p.kinds[p.i] === T.RSQB) break;
    if (startsComprehension(p)) comprehensionTargetError(p, mark);
    p.push(parseStarNamedExpression(p));
  }
  if (startsComprehension(p)) comprehensionTargetError(p, mark);
  p.expect(T.RSQB);
  leave(p);
  return p.node2(K.List, s, p.lastEnd, p.popList(mark), ExprContext.Load);
}

// After a later display item only invalid_comprehension (second pass) reads on: the first pass
// does not look past an 'async' there.
function startsComprehension(p: Parser): boolean {
  const k = p.kinds[p.i];
  return k === T.KW_FOR || (k === T.KW_ASYNC && p.secondPass && p.peek(1) === T.KW_FOR);
}

// invalid_comprehension: `[a, b for ...]` -> the elements from the first to the last (or the ',').
function comprehensionTargetError(p: Parser, mark: number): never {
  const first = p.stack[mark]!;
  const last = p.stack[p.sp - 1]!;
  const end = p.kinds[p.i - 1] === T.COMMA ? p.ends[p.i - 1]! : p.tree.end[last]!;
  p.fail(E.ComprehensionTarget, p.tree.start[first]!, end);
}

// dict | set | dictcomp | setcomp
function parseBraceDisplay(p: Parser): number {
  const s = p.pos;
  p.i++;
  enter(p);
  if (p.eat(T.RBRACE)) {
    leave(p);
    return p.node2(K.Dict, s, p.lastEnd, 0, 0);
  }
  let key = 0;
  let value: number;
  if (p.kinds[p.i] === T.DOUBLESTAR) {
    const starTok = p.i;
    p.i++;
    value = parseBitOr(p);
    const k3 = p.kinds[p.i];
    if (k3 === T.KW_FOR || (k3 === T.KW_ASYNC && p.peek(1) === T.KW_FOR)) {
      p.failAtToken(E.DoubleStarInDictComp, starTok);
    }
  } else {
    const firstTok = p.i;
    const first = parseFirstDisplayItem(p);
    const k2 = p.kinds[p.i]!;
    // A dict key is an `expression`: `{x := 1: 2}` fails at the ':'.
    if (k2 === T.COLON && isBareWalrus(p, first, firstTok)) p.invalidSyntax();
    if (k2 !== T.COLON) {
      // A set display or set comprehension.
      if (k2 === T.KW_FOR || (k2 === T.KW_ASYNC && p.peek(1) === T.KW_FOR)) {
        if (p.kindOf(first) === K.Starred) p.failAtNode(E.StarInComprehension, first);
        const gens = parseForIfClauses(p);
        p.expect(T.RBRACE);
        leave(p);
        return p.node2(K.SetComp, s, p.lastEnd, first, gens);
      }
      const mark = p.sp;
      p.push(first);
      while (p.eat(T.COMMA)) {
        if (p.kinds[p.i] === T.RBRACE) break;
        if (startsComprehension(p)) comprehensionTargetError(p, mark);
        p.push(parseStarNamedExpression(p));
      }
      if (startsComprehension(p)) comprehensionTargetError(p, mark);
      p.expect(T.RBRACE);
      leave(p);
      return p.node1(K.Set, s, p.lastEnd, p.popList(mark));
    }
    if (p.kindOf(first) === K.Starred) p.invalidSyntax();
    key = first;
    p.i++; // ':'
    const vk = p.kinds[p.i];
    if (vk === T.RBRACE || vk === T.COMMA) p.failAtToken(E.ValueAfterKey, p.i - 1);
    if (vk === T.STAR) starredDictValue(p);
    value = parseExpression(p);
    const k3 = p.kinds[p.i]!;
    if (k3 === T.KW_FOR || (k3 === T.KW_ASYNC && p.peek(1) === T.KW_FOR)) {
      const gens = parseForIfClauses(p);
      p.expect(T.RBRACE);
      leave(p);
      return p.node3(K.DictComp, s, p.lastEnd, key, value, gens);
    }
  }
  // Keys and values are collected as pairs on the stack.
  const mark = p.sp;
  p.push(key);
  p.push(value);
  while (p.eat(T.COMMA)) {
    if (p.kinds[p.i] === T.RBRACE) break;
    if (p.eat(T.DOUBLESTAR)) {
      p.push(0);
      p.push(parseBitOr(p));
    } else {
      const k = (p.secondPass ? laterDictKey(p) : 0) || parseExpression(p);
      p.push(k);
      // invalid_kvpair, after at least one complete item.
      if (p.kinds[p.i] !== T.COLON) {
        if (p.kinds[p.i] === T.COMMA || p.kinds[p.i] === T.RBRACE) {
          const [lineno, offset] = p.location(p.tree.end[k]!);
          throw new SyntaxErrorSignal(pyError(E.ColonAfterKey, { lineno, offset: offset - 1, end_lineno: lineno, end_offset: 0 }));
        }
        p.invalidSyntax();
      }
      p.i++;
      const vk = p.kinds[p.i];
      if (vk === T.RBRACE || vk === T.COMMA) p.failAtToken(E.ValueAfterKey, p.i - 1);
      if (vk === T.STAR) starredDictValue(p);
      p.push(parseExpression(p));
    }
  }
  p.expect(T.RBRACE);
  leave(p);
  const t = p.tree;
  const keys = t.listPairs(p.stack, mark, p.sp, 0);
  const vals = t.listPairs(p.stack, mark, p.sp, 1);
  p.sp = mark;
  return p.node2(K.Dict, s, p.lastEnd, keys, vals);
}

/** True if no bracket opened inside the current replacement field is still open at token `j`. */
function topLevelOfField(p: Parser, j: number): boolean {
  let depth = 0;
  for (let t = p.fieldOpen + 1; t < j; t++) {
    const k = p.kinds[t]!;
    if (k === T.LPAR || k === T.LSQB || k === T.LBRACE) depth++;
    else if (k === T.RPAR || k === T.RSQB || k === T.RBRACE) depth--;
  }
  return depth === 0;
}

// lambdef: 'lambda' [lambda_params] ':' expression
function parseLambdef(p: Parser): number {
  const s = p.pos;
  p.i++;
  const args = parseLambdaParameters(p);
  if (!p.eat(T.COLON)) p.invalidSyntax();
  const nk = p.kinds[p.i];
  // invalid_expression: inside an f-string the ':' starts the format spec.
  if (nk === T.FSTRING_MIDDLE) p.fail(E.FStringLambda, s, p.lastEnd, { prefix: "f" });
  if (nk === T.TSTRING_MIDDLE) p.fail(E.FStringLambda, s, p.lastEnd, { prefix: "t" });
  // An empty format spec (`{lambda:}`): CPython's lexer still emits an (empty) FSTRING_MIDDLE.
  if (nk === T.RBRACE && p.fieldOpen >= 0 && topLevelOfField(p, p.i - 1)) p.fail(E.FStringLambda, s, p.lastEnd, { prefix: p.fieldPrefix });
  enterN(p, 2);
  const body = parseExpression(p);
  leaveN(p, 2);
  return p.node2(K.Lambda, s, p.lastEnd, args, body);
}

export { exprName };

/**
 * invalid_expression: (pass_stmt|break_stmt|continue_stmt) 'if' disjunction 'else' simple_stmt,
 * tried wherever the second pass reads an `expression`: it reads the token after the statement
 * keyword (the end of input in brackets then ends the parse: "'(' was never closed").
 */
/** Where the second pass would read an `expression` but quarry checks the first token: see below. */
export function statementKeywordCheck(p: Parser): void {
  const k = p.kinds[p.i];
  if (p.secondPass && (k === T.KW_PASS || k === T.KW_BREAK || k === T.KW_CONTINUE)) statementAsExpression(p);
}

export function statementAsExpression(p: Parser): void {
  p.noteRead(p.i + 1);
  if (p.kinds[p.i + 1] !== T.KW_IF) return;
  const at = p.i;
  p.i++;
  statementBeforeIf(p, at);
  p.i = at;
}

// invalid_starred_expression: a '*' with nothing after it.
function loneStarCheck(p: Parser): void {
  const k = p.kinds[p.i]!;
  if (STARTS_EXPR[k] !== 1 && k !== T.KW_YIELD) p.failAtToken(E.InvalidStar, p.lastToken());
}

// invalid_arithmetic / invalid_factor: `1 + not x`, `-not x`.
// Token kinds an operand can end with (so a '*' after one is a binary operator).
const ENDS_OPERAND = new Uint8Array(256);
for (const k of [
  T.NAME,
  T.NUMBER,
  T.STRING,
  T.FSTRING_END,
  T.TSTRING_END,
  T.RPAR,
  T.RSQB,
  T.RBRACE,
  T.KW_NONE,
  T.KW_TRUE,
  T.KW_FALSE,
  T.ELLIPSIS,
])
  ENDS_OPERAND[k] = 1;

function notAfterOperator(p: Parser): void {
  if (!p.secondPass || p.i === 0) return;
  const prev = p.kinds[p.i - 1]!;
  if (BIN_PREC[prev] === 0 && prev !== T.MINUS && prev !== T.PLUS && prev !== T.TILDE) return;
  if (prev === T.VBAR || prev === T.CIRCUMFLEX || prev === T.AMPER || prev === T.LEFTSHIFT || prev === T.RIGHTSHIFT) return;
  // invalid_arithmetic needs a sum before the operator: a '*' with no operand before it starts a
  // starred expression (`* not x`, `[* not x]`), where 'not' is simply unexpected.
  if (prev === T.STAR && (p.i < 2 || ENDS_OPERAND[p.kinds[p.i - 2]!] !== 1)) return;
  const notTok = p.i;
  const save = p.checkpoint();
  const far = p.far;
  let end = -1;
  try {
    p.i++;
    parseInversionExported(p);
    end = p.lastEnd;
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
  }
  p.restore(save);
  p.far = far;
  if (end >= 0) p.fail(E.NotAfterOperator, p.starts[notTok]!, end);
}
