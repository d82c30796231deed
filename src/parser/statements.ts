// Statements: CPython's `statements`, `simple_stmts` and `compound_stmt` rules
// (Grammar/python.gram). Each parse function names the rule it implements.
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K, ExprContext, Operator } from "../schema/generated/nodes.js";
import type { Parser } from "./state.js";
import {
  parseExpression,
  parseNamedExpression,
  parseStarNamedExpression,
  parseStarExpressions,
  parseYieldExpr,
  parseName,
  parseBitOr,
  parseTargetList,
  invalidForTarget,
  starTargetsFail,
  parseArguments,
  listOf,
  STARTS_EXPR,
  parseStarExpression,
  parseExpressions,
  parseDisjunction,
  parsePrimary,
  parseAtom,
  statementKeywordCheck,
} from "./expressions.js";
import { setContext, exprName, invalidTarget } from "./targets.js";
import { GenericSyntaxError, SyntaxErrorSignal } from "./state.js";
import { parseParameters } from "./parameters.js";
import { parseMatchStatement } from "./patterns.js";
import { legacyScan, targetPrimaryFirst } from "./invalid-rules.js";
import { enter, leave } from "./depth.js";
import { ERRORS as E, pyError } from "../core/error-catalog.js";

// Augmented assignment operators by token kind.
const AUG_OP = new Uint8Array(256);
AUG_OP[T.PLUSEQUAL] = Operator.Add;
AUG_OP[T.MINEQUAL] = Operator.Sub;
AUG_OP[T.STAREQUAL] = Operator.Mult;
AUG_OP[T.SLASHEQUAL] = Operator.Div;
AUG_OP[T.PERCENTEQUAL] = Operator.Mod;
AUG_OP[T.AMPEREQUAL] = Operator.BitAnd;
AUG_OP[T.VBAREQUAL] = Operator.BitOr;
AUG_OP[T.CIRCUMFLEXEQUAL] = Operator.BitXor;
AUG_OP[T.LEFTSHIFTEQUAL] = Operator.LShift;
AUG_OP[T.RIGHTSHIFTEQUAL] = Operator.RShift;
AUG_OP[T.DOUBLESTAREQUAL] = Operator.Pow;
AUG_OP[T.DOUBLESLASHEQUAL] = Operator.FloorDiv;
AUG_OP[T.ATEQUAL] = Operator.MatMult;

// file: [statements] ENDMARKER
export function parseFile(p: Parser): number {
  const mark = p.sp;
  while (p.kinds[p.i] !== T.ENDMARKER) parseStatement(p);
  const body = p.popList(mark);
  // The Module is row 0, reserved when the tree was made.
  p.tree.setRoot(body, p.src.length);
  return p.tree.root;
}

// statement: compound_stmt | simple_stmts   (pushes one or more statements onto the stack)
export function parseStatement(p: Parser): void {
  const k = p.kinds[p.i]!;
  switch (k) {
    case T.KW_DEF:
      p.push(parseFunctionDef(p, 0, p.i));
      return;
    case T.AT:
      p.push(parseDecorated(p));
      return;
    case T.KW_CLASS:
      p.push(parseClassDef(p, 0, p.i));
      return;
    case T.KW_IF:
      p.push(parseIfStmt(p));
      return;
    case T.KW_WHILE:
      p.push(parseWhileStmt(p));
      return;
    case T.KW_FOR:
      p.push(parseForStmt(p, p.i));
      return;
    case T.KW_WITH:
      p.push(parseWithStmt(p, p.i));
      return;
    case T.KW_TRY:
      p.push(parseTryStmt(p));
      return;
    case T.KW_ASYNC: {
      const nk = p.peek(1)!;
      const s = p.i;
      if (nk === T.KW_DEF) p.push(parseFunctionDef(p, 0, s));
      else if (nk === T.KW_FOR) p.push(parseForStmt(p, s));
      else if (nk === T.KW_WITH) p.push(parseWithStmt(p, s));
      else {
        p.i++;
        p.invalidSyntax();
      }
      return;
    }
    case T.NAME:
      if (p.values[p.i] === p.idMatch) {
        const m = parseMatchStatement(p);
        if (m !== 0) {
          p.push(m);
          return;
        }
      }
      break;
    case T.INDENT:
      p.invalidSyntaxAt(p.i);
  }
  parseSimpleStatements(p);
}

// simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE
function parseSimpleStatements(p: Parser): void {
  for (;;) {
    p.push(parseSimpleStatement(p));
    const k = p.kinds[p.i]!;
    if (k === T.NEWLINE) {
      p.i++;
      return;
    }
    if (k !== T.SEMI) p.invalidSyntax();
    p.i++;
    if (p.kinds[p.i] === T.NEWLINE) {
      p.i++;
      return;
    }
  }
}

// simple_stmt: assignment | type_alias | star_expressions | return_stmt | import_stmt | raise_stmt
//   | 'pass' | del_stmt | yield_stmt | assert_stmt | 'break' | 'continue' | global_stmt | nonlocal_stmt
function parseSimpleStatement(p: Parser): number {
  const s = p.pos;
  switch (p.kinds[p.i]) {
    case T.KW_PASS:
    case T.KW_BREAK:
    case T.KW_CONTINUE: {
      const k = p.kinds[p.i]!;
      p.i++;
      if (p.kinds[p.i] === T.KW_IF) statementBeforeIf(p, p.i - 1);
      return p.node0(k === T.KW_PASS ? K.Pass : k === T.KW_BREAK ? K.Break : K.Continue, s, p.lastEnd);
    }
    case T.KW_RETURN: {
      p.i++;
      const k = p.kinds[p.i]!;
      const v = STARTS_EXPR[k] === 1 || k === T.STAR ? parseStarExpressions(p) : 0;
      return p.node1(K.Return, s, p.lastEnd, v);
    }
    case T.KW_IMPORT:
      return parseImportName(p);
    case T.KW_FROM:
      return parseImportFrom(p);
    case T.KW_RAISE: {
      p.i++;
      let exc = 0;
      let cause = 0;
      if (STARTS_EXPR[p.kinds[p.i]!] === 1) {
        exc = parseExpression(p);
        if (p.eat(T.KW_FROM)) cause = parseExpression(p);
      }
      return p.node2(K.Raise, s, p.lastEnd, exc, cause);
    }
    case T.KW_DEL:
      return parseDelStmt(p);
    case T.KW_ASSERT: {
      p.i++;
      const test = parseExpression(p);
      let msg = 0;
      if (p.eat(T.COMMA)) msg = parseExpression(p);
      return p.node2(K.Assert, s, p.lastEnd, test, msg);
    }
    case T.KW_GLOBAL:
    case T.KW_NONLOCAL: {
      const kind = p.kinds[p.i] === T.KW_GLOBAL ? K.Global : K.Nonlocal;
      p.i++;
      const mark = p.sp;
      do {
        if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
        p.push(p.pos + 1); // an identifier: its source offset + 1 (see ast/tree.ts)
        p.i++;
      } while (p.eat(T.COMMA));
      return p.node1(kind, s, p.lastEnd, p.popList(mark));
    }
    case T.NAME:
      if (p.values[p.i] === p.idType && p.peek(1) === T.NAME) {
        const k2 = p.peek(2);
        // Second pass: assignment's invalid rules come first and read on from `type` as
        // invalid_legacy_expression does (its errors, and how far it reads, stand). Before 3.12
        // the statement's own version error is the one, where the first pass stood.
        if (k2 === T.EQUAL || k2 === T.LSQB) {
          if (p.secondPass && p.fv >= 12) legacyScan(p, p.i, 0);
          return parseTypeAlias(p);
        }
      }
      break;
  }
  return parseExpressionStatement(p);
}

// invalid_assignment: a=star_named_expression ',' star_named_expressions* ':' expression. After
// a tuple the statement cannot take, the repetition reads on as star_named_expressions wherever
// they start, each item a named_expression with invalid_named_expression's checks (`a, b c = d`
// is "Maybe you meant '==' or ':='?" at `c = d`). Only errors matter: the position is restored.
function moreNamedExpressions(p: Parser): void {
  const save = p.checkpoint();
  const far = p.far;
  try {
    for (;;) {
      const from = p.i;
      const k = p.kinds[p.i]!;
      if (STARTS_EXPR[k] !== 1 && k !== T.STAR) break;
      do {
        if (p.kinds[p.i] === T.STAR) parseStarNamedExpression(p);
        else parseNamedExpression(p);
      } while (p.eat(T.COMMA) && (STARTS_EXPR[p.kinds[p.i]!] === 1 || p.kinds[p.i] === T.STAR));
      if (p.i === from) break;
    }
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
  }
  p.restore(save);
  p.far = far;
}

// assignment | star_expressions | yield_stmt
function parseExpressionStatement(p: Parser): number {
  const s = p.pos;
  const startTok = p.i;
  if (p.secondPass) targetPrimaryFirst(p, startTok);
  const first = p.kinds[p.i] === T.KW_YIELD ? parseYieldExpr(p) : parseStarExpressions(p);
  const k = p.kinds[p.i]!;
  if (k === T.EQUAL) {
    const tupleFirst = p.secondPass && bareTuple(p, first, startTok);
    if (!tupleFirst) return parseAssignment(p, s, first, startTok, -1);
    const items = p.field(first, 0);
    const secondTok = p.tree.listLength(items) > 1 ? tokenAt(p, p.tree.start[p.tree.listItem(items, 1)]!) : -1;
    try {
      return parseAssignment(p, s, first, startTok, secondTok);
    } catch (e) {
      // The assignment fails as a whole: invalid_assignment's `star_named_expression ','
      // star_named_expressions*` then reads the items after the first comma as named
      // expressions (`a, b=c, d=,` is "Maybe you meant '==' or ':='?" at `b=c`).
      if (!(e instanceof GenericSyntaxError)) throw e;
      // Unless the assignment matched a prefix: CPython's star_expressions stops before an item
      // that fails after a comma, and then only the statement's end fails (generic).
      if (valuePrefixStands(p, lastValueTok)) throw e;
      if (secondTok >= 0) {
        p.i = secondTok;
        moreNamedExpressions(p);
      }
      throw e;
    }
  }
  if (p.secondPass && STARTS_EXPR[k] === 1 && bareTuple(p, first, startTok)) moreNamedExpressions(p);
  // A bare `yield` is yield_stmt's: no star_expressions or expression (the invalid rules' targets
  // below) starts with it, so ':=', ':' or an augmented assignment after it is the generic error.
  const bareYield = p.kinds[startTok] === T.KW_YIELD;
  if (k === T.COLONEQUAL && p.secondPass && p.kindOf(first) === K.Name) {
    // invalid_assignment's star_named_expression reads `NAME ':=' ~ expression` (assignment_expression)
    // with the invalid rules on: what the expression runs into (a tokenizer error, an invalid
    // rule's error) is the error; otherwise the generic one at the ':=' stands. A parenthesized
    // name is invalid_named_expression's `expression ':=' expression`.
    const parenthesized = p.tree.start[first] !== p.starts[startTok];
    const ok = tryRule(p, p.i + 1, (q) => {
      const e = parseExpression(q);
      // The named expression read, `',' star_named_expressions*` reads on.
      if (!parenthesized && q.kinds[q.i] === T.COMMA) {
        q.i++;
        moreNamedExpressions(q);
      }
      return e;
    });
    if (ok && parenthesized) p.failAtNode(E.NamedExprTarget, first, { target: exprName(p, first) });
  }
  if (k === T.COLONEQUAL && p.kindOf(first) !== K.Name && p.kindOf(first) !== K.Starred && p.kindOf(first) !== K.Tuple && !bareYield) {
    // invalid_named_expression: a=expression ':=' expression
    const colonTok = p.i;
    if (tryRule(p, colonTok + 1, parseExpression)) p.failAtNode(E.NamedExprTarget, first, { target: exprName(p, first) });
  }
  if (k === T.COLON) {
    // annotated assignment: target ':' expression ['=' annotated_rhs]
    const tk = p.kindOf(first);
    const parenthesized = p.tree.start[first] !== p.starts[startTok];
    const colonTok = p.i;
    if (tk !== K.Name && tk !== K.Attribute && tk !== K.Subscript) {
      // invalid_assignment fires only if an annotation follows; otherwise CPython's generic
      // error at the ':' stands.
      if (tk !== K.Starred && !bareYield && tryRule(p, colonTok + 1, pegExpression)) {
        if (bareTuple(p, first, startTok)) {
          // invalid_assignment: a=star_named_expression ',' ... ':' -- at the first element.
          p.failAtNode(E.SingleTargetAnnotation, p.tree.listItem(p.field(first, 0), 0), { kind: "tuple" });
        }
        if (tk === K.Tuple) p.failAtNode(E.SingleTargetAnnotation, first, { kind: "tuple" });
        if (tk === K.List) p.failAtNode(E.SingleTargetAnnotation, first, { kind: "list" });
        p.failAtNode(E.IllegalAnnotationTarget, first);
      }
      p.rewind(colonTok);
      p.invalidSyntax();
    }
    setContext(p, first, ExprContext.Store, "star");
    p.i++;
    const ann = parseExpression(p);
    let value = 0;
    if (p.eat(T.EQUAL)) value = p.kinds[p.i] === T.KW_YIELD ? parseYieldExpr(p) : parseStarExpressions(p);
    const simple = tk === K.Name && !parenthesized ? 1 : 0;
    if (p.fv < 6) p.versionError(6, simple === 1 ? "Variable annotation syntax is" : "Variable annotations syntax is");
    return p.node4(K.AnnAssign, s, p.lastEnd, first, ann, value, simple);
  }
  const op = AUG_OP[k]!;
  if (op !== 0) {
    const tk = p.kindOf(first);
    if (tk !== K.Name && tk !== K.Attribute && tk !== K.Subscript) {
      // invalid_assignment: a=star_expressions augassign annotated_rhs (the value must parse).
      const opTok = p.i;
      if (!bareYield && tryRule(p, opTok + 1, (q) => (q.kinds[q.i] === T.KW_YIELD ? parseYieldExpr(q) : parseStarExpressions(q)))) {
        p.failAtNode(E.IllegalAugAssign, first, { target: exprName(p, first) });
      }
      p.invalidSyntaxAt(opTok);
    }
    setContext(p, first, ExprContext.Store, "star");
    if (op === Operator.MatMult && p.fv < 5) p.versionError(5, "The '@' operator is", p.i);
    p.i++;
    const value = p.kinds[p.i] === T.KW_YIELD ? parseYieldExpr(p) : parseStarExpressions(p);
    return p.node3(K.AugAssign, s, p.lastEnd, first, op, value);
  }
  return p.node1(K.Expr, s, p.lastEnd, first);
}

// The token the value parseAssignment read last starts at.
let lastValueTok = 0;

// Second pass, after the last value of a tuple-first assignment failed generically: PEG's
// (star_targets '=')+ (yield_expr | star_expressions) !'=' matches a prefix of that value from
// `vTok` (an item that fails after a comma is left out) not followed by '=', so the assignment
// rule succeeded and invalid_assignment never ran.
function valuePrefixStands(p: Parser, vTok: number): boolean {
  if (p.kinds[vTok] === T.KW_YIELD) return false;
  const save = p.checkpoint();
  const far = p.far;
  const read = p.maxRead;
  const peg = p.pegPrefix;
  p.i = vTok;
  p.pegPrefix = true;
  let stands = false;
  try {
    parseStarExpressions(p);
    stands = p.kinds[p.i] !== T.EQUAL;
  } catch (e) {
    if (!p.isSyntaxSignal(e)) throw e;
  }
  p.pegPrefix = peg;
  p.restore(save);
  p.far = far;
  p.maxRead = read;
  return stands;
}

// The statement's first star_expressions, `first` (tokens `startTok` up to the current one), is a
// tuple without parentheses of its own: `a, b` and `(a, b), c`, not `(a, b)`.
function bareTuple(p: Parser, first: number, startTok: number): boolean {
  if (p.kindOf(first) !== K.Tuple || p.tree.start[first] !== p.starts[startTok]) return false;
  if (p.kinds[startTok] !== T.LPAR) return true;
  let depth = 0;
  for (let j = startTok; j < p.i; j++) {
    const kk = p.kinds[j]!;
    if (kk === T.LPAR || kk === T.LSQB || kk === T.LBRACE) depth++;
    else if ((kk === T.RPAR || kk === T.RSQB || kk === T.RBRACE) && --depth === 0) return j !== p.i - 1;
  }
  return true;
}

// `expression` as PEG reads it (pegPrefix): a prefix that parses stands (`x: 'a' if, y` reads
// the annotation 'a': its conditional fails and the disjunction before it is the expression).
function pegExpression(p: Parser): number {
  const peg = p.pegPrefix;
  p.pegPrefix = true;
  try {
    return parseExpression(p);
  } finally {
    p.pegPrefix = peg;
  }
}

// (star_targets '=')+ (yield_expr | star_expressions) !'='. `secondTok`: the second item of a
// tuple-first statement's first target (else -1).
function parseAssignment(p: Parser, s: number, first: number, startTok: number, secondTok: number): number {
  const mark = p.sp;
  let target = first;
  let targetTok = startTok;
  let value = 0;
  for (;;) {
    // Each target is checked as soon as its '=' is seen, as CPython's invalid_assignment does
    // (it needs nothing after the '=').
    checkAssignTarget(p, target, targetTok, p.sp === mark, startTok, secondTok);
    p.push(target);
    p.i++; // '='
    const vTok = p.i;
    lastValueTok = vTok;
    // (star_targets '=')+ tries a target at each value first.
    if (p.secondPass) targetPrimaryFirst(p, vTok);
    value = p.kinds[p.i] === T.KW_YIELD ? parseYieldExpr(p) : parseStarExpressions(p);
    if (p.kinds[p.i] !== T.EQUAL) break;
    target = value;
    targetTok = vTok;
  }
  for (let j = mark; j < p.sp; j++) setContext(p, p.stack[j]!, ExprContext.Store, "star");
  const targets = p.popList(mark);
  // ... !'=' [TYPE_COMMENT]: the statement then ends with the type comment.
  const tc = p.kinds[p.i] === T.TYPE_COMMENT ? p.i++ : -1;
  const node = p.node2(K.Assign, s, p.lastEnd, targets, value);
  if (tc >= 0) p.typeComment(node, tc);
  return node;
}

// invalid_assignment / invalid_named_expression: CPython's messages for a bad assignment target
// `t` (parsed from token `tTok`), the current token being its '='.
function checkAssignTarget(p: Parser, t: number, tTok: number, isFirst: boolean, stmtTok: number, secondTok: number): void {
  const k = p.kindOf(t);
  const parenthesized = p.tree.start[t] !== p.starts[tTok];
  const bad = invalidTarget(p, t, "star");
  if (bad === 0 && k !== K.Yield && k !== K.YieldFrom) return;
  // invalid_assignment's `star_named_expression ',' star_named_expressions*` comes before its
  // bad-target alternatives: the items after the first comma are read as named expressions
  // (`a, b=None, c=None` is "Maybe you meant '==' or ':='?" at `b=None`).
  if (secondTok >= 0 && p.secondPass) {
    const at = p.i;
    p.i = secondTok;
    moreNamedExpressions(p);
    p.i = at;
  }
  // The statement fails: the second pass first tries invalid_named_expression on its first
  // element, `NAME '=' bitwise_or !('='|':=')` (as in `x = None, y = 1`).
  if (!isFirst && p.secondPass && p.kinds[stmtTok] === T.NAME && p.kinds[stmtTok + 1] === T.EQUAL) {
    const bEnd = bitwiseOrAfter(p, stmtTok + 2);
    if (bEnd >= 0) p.fail(E.AssignInsteadOfCompare, p.starts[stmtTok]!, bEnd);
  }
  if (isFirst) {
    // invalid_named_expression on the element just before '=': the whole target, or the last
    // item of an unparenthesized tuple (each item is parsed as a named_expression).
    let e = t;
    let eParen = parenthesized;
    if (k === K.Tuple && !parenthesized && p.kinds[tTok] !== T.LPAR) {
      const l = p.field(t, 0);
      e = p.tree.listItem(l, p.tree.listLength(l) - 1);
      eParen = p.kinds[tokenAt(p, p.tree.start[e]!) - 1] === T.LPAR && p.tree.start[e] !== p.starts[tokenAt(p, p.tree.start[e]!)];
    }
    const ek = p.kindOf(e);
    const eTok = e === t ? tTok : tokenAt(p, p.tree.start[e]!);
    const eParenthesized = e === t ? eParen : p.kinds[eTok - 1] === T.LPAR;
    // invalid_assignment's star_named_expressions reach the last item as a named_expression:
    // invalid_named_expression's `NAME '=' bitwise_or !('='|':=')` (`a, b * c, d = e,`).
    if (e !== t && ek === K.Name && !eParenthesized && p.secondPass) {
      const bEnd = bitwiseOrAfter(p, p.i + 1);
      if (bEnd >= 0) p.fail(E.AssignInsteadOfCompare, p.tree.start[e]!, bEnd);
    }
    const bitwiseLevel =
      eParenthesized ||
      (ek !== K.Compare &&
        ek !== K.BoolOp &&
        ek !== K.IfExp &&
        ek !== K.Lambda &&
        ek !== K.NamedExpr &&
        ek !== K.Starred &&
        ek !== K.Yield &&
        ek !== K.YieldFrom &&
        !((ek === K.UnaryOp && p.field(e, 0) === 2) /* Not */));
    const name = exprName(p, e);
    const excluded =
      ek === K.List ||
      (p.kinds[eTok] === T.LPAR && (ek === K.Tuple || ek === K.GeneratorExp) && !eParenthesized) ||
      name === "True" ||
      name === "False" ||
      name === "None";
    if (bitwiseLevel && !excluded && bitwiseOrAfter(p, p.i + 1) >= 0) {
      p.failAtNode(E.AssignHereCompare, e, { target: name });
    }
  }
  // `(star_targets '=')* a=yield_expr '='`: a bare yield only; `(yield)` is an invalid target.
  if ((k === K.Yield || k === K.YieldFrom) && p.kinds[tokenAt(p, p.tree.start[t]!) - 1] !== T.LPAR) p.failAtNode(E.AssignToYield, t);
  p.failAtNode(E.CannotAssign, bad, { target: exprName(p, bad) });
}

/** The token index of the token starting at byte offset `off` (binary search). */
function tokenAt(p: Parser, off: number): number {
  let lo = 0;
  let hi = p.ntok - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.starts[mid]! < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// `bitwise_or !('='|':=')` at token `at`, read without leaving anything behind: its end offset, or -1.
function bitwiseOrAfter(p: Parser, at: number): number {
  const save = p.checkpoint();
  const far = p.far;
  p.i = at;
  let bEnd = -1;
  try {
    parseBitOr(p);
    const n = p.kinds[p.i];
    if (n !== T.EQUAL && n !== T.COLONEQUAL) bEnd = p.lastEnd;
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
  }
  p.restore(save);
  p.far = far;
  return bEnd;
}

/**
 * In `type X[] ...` CPython's second pass has read past the `]` before invalid_type_params
 * fires: its invalid_expression rule took `[]` for a list and tried an expression after it
 * (`[] if ...` a conditional). Returns the last token that reading fetched (`]` at p.i).
 */
function aliasReadTo(p: Parser): number {
  const after = p.i + 1;
  const k = p.kinds[after]!;
  if (k === T.KW_IF) return after + 1;
  if (STARTS_EXPR[k] !== 1) return after;
  const save = p.i;
  p.i = after;
  try {
    parseExpression(p);
  } catch {
    // only how far it read matters
  }
  const to = Math.min(p.i, p.ntok - 1);
  p.i = save;
  return to;
}

// type_alias: "type" NAME [type_params] '=' expression
function parseTypeAlias(p: Parser): number {
  const s = p.pos;
  p.i++;
  const name = parseName(p, ExprContext.Store);
  const tparams = p.kinds[p.i] === T.LSQB ? parseTypeParams(p, true) : 0;
  p.expect(T.EQUAL);
  const value = expressionThenVersion(p, 12, "Type statement is", false);
  if (p.fv < 12) p.versionError(12, "Type statement is");
  return p.node3(K.TypeAlias, s, p.lastEnd, name, tparams, value);
}

// type_params: '[' type_param_seq ']'
export function parseTypeParams(p: Parser, alias = false): number {
  p.i++;
  const mark = p.sp;
  if (p.kinds[p.i] === T.RSQB) p.failStartingFrom(E.EmptyTypeParams, p.i, alias && p.secondPass ? aliasReadTo(p) : p.lastToken());
  do {
    if (p.kinds[p.i] === T.RSQB) break;
    p.push(parseTypeParam(p));
  } while (p.eat(T.COMMA));
  p.expect(T.RSQB);
  if (p.fv < 12) p.versionError(12, "Type parameter lists are", p.i - 1);
  return p.popList(mark);
}

// type_param: NAME [bound] [default] | '*' NAME [starred default] | '**' NAME [default]
function parseTypeParam(p: Parser): number {
  const s = p.pos;
  const k = p.kinds[p.i]!;
  if (k === T.STAR || k === T.DOUBLESTAR) {
    p.i++;
    if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
    const name = p.pos + 1;
    p.i++;
    if (p.kinds[p.i] === T.COLON) {
      const c = p.i;
      p.i++;
      const b = parseExpression(p);
      const what = p.kindOf(b) === K.Tuple ? "constraints" : "bound";
      p.fail(E.TypeParamBound, p.starts[c]!, p.tree.end[b]!, { what, kind: k === T.STAR ? "TypeVarTuple" : "ParamSpec" });
    }
    let def = 0;
    if (p.eat(T.EQUAL)) {
      def = expressionThenVersion(p, 13, "Type parameter defaults are", k === T.STAR);
      if (p.fv < 13) p.versionError(13, "Type parameter defaults are");
    }
    return p.node2(k === T.STAR ? K.TypeVarTuple : K.ParamSpec, s, p.lastEnd, name, def);
  }
  if (k !== T.NAME) p.invalidSyntax();
  const name = p.pos + 1;
  p.i++;
  let bound = 0;
  let def = 0;
  if (p.eat(T.COLON)) bound = parseExpression(p);
  if (p.eat(T.EQUAL)) {
    if (p.kinds[p.i] === T.STAR) {
      const st = p.starts[p.i]!;
      const e = parseStarExpression(p);
      p.fail(E.StarredHere, st, p.tree.end[e]!);
    }
    def = expressionThenVersion(p, 13, "Type parameter defaults are", false);
    if (p.fv < 13) p.versionError(13, "Type parameter defaults are");
  }
  return p.node3(K.TypeVar, s, p.lastEnd, name, bound, def);
}

/**
 * An expression (star_expression when `star`) that a CHECK_VERSION action for 3.`minor` follows
 * directly. CPython's expression rule returns the longest prefix that parses, so the action runs
 * even when what follows the prefix does not fit: below that version, a generic failure while
 * reading it is the version error, at the furthest token read, when a prefix parses.
 */
function expressionThenVersion(p: Parser, minor: number, what: string, star: boolean): number {
  const rule = star ? parseStarExpression : parseExpression;
  if (p.fv >= minor) return rule(p);
  const at = p.i;
  try {
    return rule(p);
  } catch (e) {
    if (e instanceof GenericSyntaxError && expressionPrefixParses(p, star && p.kinds[at] === T.STAR ? at + 1 : at)) {
      p.versionError(minor, what, e.token);
    }
    throw e;
  }
}

// Some expression prefix parses from token `at`: unary operators, then an atom (as the first
// pass reads it; an atom that fails has no shorter alternative).
function expressionPrefixParses(p: Parser, at: number): boolean {
  let j = at;
  while (p.kinds[j] === T.KW_NOT) j++;
  while (p.kinds[j] === T.MINUS || p.kinds[j] === T.PLUS || p.kinds[j] === T.TILDE) j++;
  if (p.kinds[j] === T.KW_AWAIT) j++;
  return tryRule(p, j, parseAtom);
}

// import_name: 'import' dotted_as_names
function parseImportName(p: Parser): number {
  const s = p.pos;
  const importTok = p.i;
  p.i++;
  if (p.kinds[p.i] === T.NEWLINE) p.failStartingFrom(E.ExpectedImportNames, p.i, p.i);
  const mark = p.sp;
  do {
    const as = p.pos;
    parseDottedName(p); // alias.name is derived: the dotted name the alias starts with
    let asname = 0;
    if (p.eat(T.KW_AS)) {
      importTargetCheck(p);
      asname = p.pos + 1;
      p.i++;
    }
    p.push(p.node1(K.alias, as, p.lastEnd, asname));
  } while (p.eat(T.COMMA));
  if (p.kinds[p.i] === T.KW_FROM && asNamesOnly(p, importTok)) {
    // invalid_import: 'import' dotted_name+ 'from' dotted_name
    const after = p.i + 1;
    if (tryRule(p, after, (q) => parseDottedName(q))) {
      const here = p.i;
      p.i = after;
      parseDottedName(p);
      const e = p.lastEnd;
      p.i = here;
      p.fail(E.ImportFromOrder, p.starts[importTok]!, e);
    }
  }
  return p.node1(K.Import, s, p.lastEnd, p.popList(mark));
}

// True when the names after 'import' (up to the current token) have no 'as'.
function asNamesOnly(p: Parser, importTok: number): boolean {
  for (let j = importTok + 1; j < p.i; j++) if (p.kinds[j] === T.KW_AS) return false;
  return true;
}

// invalid_dotted_as_name / invalid_import_from_as_name: after 'as' comes a NAME that ends the
// alias, or CPython reports what the expression there is ("cannot use attribute as import target").
function importTargetCheck(p: Parser): void {
  const k = p.kinds[p.i];
  if (k === T.NAME) {
    const nk = p.peek(1);
    if (nk === T.COMMA || nk === T.RPAR || nk === T.SEMI || nk === T.NEWLINE) return;
  }
  const at = p.i;
  if (STARTS_EXPR[k!] === 1 && tryRule(p, at, parseExpression)) {
    const e = parseExpression(p);
    p.failAtNode(E.ImportTarget, e, { target: exprName(p, e) });
  }
  if (k !== T.NAME) p.invalidSyntax();
}

// dotted_name: dotted_name '.' NAME | NAME   -> a dotted-name identifier: -(source offset) - 1
// (ast/tree.ts reads the parts back from the source and joins them)
function parseDottedName(p: Parser): number {
  if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
  const s = p.pos;
  p.i++;
  while (p.kinds[p.i] === T.DOT) {
    p.i++;
    if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
    p.i++;
  }
  return -s - 1;
}

// import_from: 'from' ('.' | '...')* dotted_name 'import' targets | 'from' ('.' | '...')+ 'import' targets
function parseImportFrom(p: Parser): number {
  const s = p.pos;
  p.i++;
  let level = 0;
  for (;;) {
    if (p.eat(T.DOT)) level++;
    else if (p.eat(T.ELLIPSIS)) level += 3;
    else break;
  }
  let module = 0;
  if (p.kinds[p.i] !== T.KW_IMPORT || level === 0) module = parseDottedName(p);
  p.expect(T.KW_IMPORT);
  // invalid_import_from_targets: NEWLINE right after 'import'
  if (p.kinds[p.i] === T.NEWLINE) p.failStartingFrom(E.ExpectedImportNames, p.i, p.i);
  const mark = p.sp;
  if (p.kinds[p.i] === T.STAR) {
    const as = p.pos;
    p.i++;
    p.push(p.node1(K.alias, as, p.lastEnd, 0)); // name '*': derived from the source
  } else {
    const paren = p.eat(T.LPAR);
    for (;;) {
      if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
      const as = p.pos;
      p.i++; // alias.name is derived: the NAME the alias starts with
      let asname = 0;
      if (p.eat(T.KW_AS)) {
        importTargetCheck(p);
        asname = p.pos + 1;
        p.i++;
      }
      p.push(p.node1(K.alias, as, p.lastEnd, asname));
      if (!p.eat(T.COMMA)) break;
      if (p.kinds[p.i] !== T.NAME) {
        if (paren && p.kinds[p.i] === T.RPAR) break;
        if (!paren && p.kinds[p.i] === T.NEWLINE) p.failAtToken(E.ImportTrailingComma, p.i);
        p.invalidSyntax();
      }
    }
    if (paren) p.expect(T.RPAR);
  }
  const names = p.popList(mark);
  if (level === 0 && !p.barry) checkBarry(p, module, names);
  return p.node3(K.ImportFrom, s, p.lastEnd, module, names, level);
}

// _PyPegen_checked_future_import: `from __future__ import barry_as_FLUFL` (wherever it is, `as`
// or not) turns on PEP 401 for the rest of the parse, and for CPython's second pass.
function checkBarry(p: Parser, module: number, names: number): void {
  const t = p.tree;
  // Most modules do not start with "_": no string is made for them.
  if (module === 0 || p.src[-module - 1] !== 0x5f || t.ident(module) !== "__future__") return;
  for (let j = 0; j < t.listLength(names); j++) {
    if (t.ident(t.field(t.listItem(names, j), 0)) === "barry_as_FLUFL") p.barry = true;
  }
}

// del_stmt: 'del' del_targets &(';' | NEWLINE)
function parseDelStmt(p: Parser): number {
  const s = p.pos;
  const delTok = p.i;
  p.i++;
  const mark = p.sp;
  let firstPassFail = -1;
  try {
    for (;;) {
      // del_target: t_primary-level expressions (a name, attribute, subscript, or a bracketed list)
      const t = parsePrimary(p);
      p.push(t);
      if (!p.eat(T.COMMA)) break;
      if (p.kinds[p.i] === T.NEWLINE || p.kinds[p.i] === T.SEMI) break;
    }
  } catch (e) {
    if (!(e instanceof GenericSyntaxError)) throw e;
    firstPassFail = e.token;
  }
  const k = firstPassFail >= 0 ? -1 : p.kinds[p.i];
  let bad = 0;
  for (let j = mark; j < p.sp && bad === 0; j++) bad = invalidTarget(p, p.stack[j]!, "del");
  if ((k !== T.NEWLINE && k !== T.SEMI) || bad !== 0) {
    // invalid_del_stmt: 'del' a=star_expressions -> the first target that cannot be deleted.
    const here = p.i;
    const far = p.far;
    p.sp = mark;
    p.i = delTok + 1;
    let e = 0;
    try {
      e = parseStarExpressions(p);
    } catch (err) {
      if (!p.isSyntaxSignal(err)) throw err;
    }
    if (e !== 0) {
      const b = invalidTarget(p, e, "del");
      if (b !== 0) p.failAtNode(E.CannotDelete, b, { target: exprName(p, b) });
    }
    p.i = here;
    p.far = far;
    if (firstPassFail >= 0) p.invalidSyntaxAt(firstPassFail);
    p.invalidSyntax();
  }
  for (let j = mark; j < p.sp; j++) setContext(p, p.stack[j]!, ExprContext.Del, "del");
  return p.node1(K.Delete, s, p.lastEnd, p.popList(mark));
}

/** Runs `rule` from token `at` as a lookahead: true if it parses. Nothing it read counts. */
export function tryRule(p: Parser, at: number, rule: (p: Parser) => number): boolean {
  const save = p.checkpoint();
  const far = p.far;
  p.i = at;
  let ok = false;
  try {
    rule(p);
    ok = true;
  } catch (e) {
    // A specific error (one of CPython's invalid_* rules) stands wherever it is found.
    if (!(e instanceof GenericSyntaxError)) throw e;
  }
  p.restore(save);
  p.far = far;
  return ok;
}

// invalid_expression: (pass|break|continue) 'if' disjunction 'else' simple_stmt
export function statementBeforeIf(p: Parser, stmtTok: number): void {
  // As PEG reads them: the longest prefix that parses (`pass if b else a if` has simple_stmt `a`).
  const peg = p.pegPrefix;
  p.pegPrefix = true;
  let ok: boolean;
  try {
    ok = tryRule(p, p.i, (q) => {
      q.i++;
      parseDisjunction(q);
      if (!q.eat(T.KW_ELSE)) q.invalidSyntax();
      return parseSimpleStatement(q);
    });
  } finally {
    p.pegPrefix = peg;
  }
  if (ok) p.failAtToken(E.StatementBeforeIf, stmtTok);
}

// ---- compound statements ----

/**
 * block: NEWLINE INDENT statements DEDENT | simple_stmts
 * `what` ("" for none) and the statement's first token `tok` name it for "expected an indented block after
 * ..." errors (its line is looked up only then). Returns the list id; the end offset of the
 * block's last statement is left in p.blockEnd.
 */
export function parseBlock(p: Parser, what: string, tok: number): number {
  const mark = p.sp;
  enter(p);
  if (p.kinds[p.i] === T.NEWLINE) {
    p.i++;
    if (p.kinds[p.i] !== T.INDENT) {
      // After a type comment (`':' TYPE_COMMENT NEWLINE`) the statement's own invalid_*_stmt
      // rule does not match; invalid_block gives the plain message.
      if (p.kinds[p.i - 2] === T.TYPE_COMMENT) p.failAtToken(E.ExpectedIndentedBlockBare, p.i);
      // invalid_block (no statement-specific rule matched the header): no "after ..." part.
      if (what === "") p.failAtToken(E.ExpectedIndentedBlockBare, p.i);
      // A type comment there was read past by func_type_comment's lookahead: CPython raises at
      // the last token it read.
      const at = p.kinds[p.i] === T.TYPE_COMMENT ? Math.max(p.i, p.maxRead) : p.i;
      p.failAtToken(E.ExpectedIndentedBlock, at, { what, line: lineOfToken(p, tok) });
    }
    p.i++;
    while (p.kinds[p.i] !== T.DEDENT && p.kinds[p.i] !== T.ENDMARKER) parseStatement(p);
    p.eat(T.DEDENT);
  } else {
    parseSimpleStatements(p);
  }
  leave(p);
  // CPython ends a compound statement at the last token it consumed that is not NEWLINE, INDENT
  // or DEDENT (so a trailing ';' counts).
  let j = p.i - 1;
  while (j > 0 && (p.kinds[j] === T.NEWLINE || p.kinds[j] === T.DEDENT || p.kinds[j] === T.INDENT)) j--;
  blockEnd = p.ends[j]!;
  return p.popList(mark);
}

/** End offset of the last statement of the most recently parsed block. */
export let blockEnd = 0;

function lineOfToken(p: Parser, j: number): number {
  return p.tree.lineOf(p.starts[j]!);
}

// Expects the ':' that opens a block. CPython's invalid_*_stmt rules say "expected ':'" only
// when the line ends there (NEWLINE), at the furthest token read; otherwise the error is generic.
function expectColon(p: Parser): void {
  if (p.kinds[p.i] === T.COLON) {
    p.i++;
    return;
  }
  if (p.kinds[p.i] === T.NEWLINE) p.failAtToken(E.ExpectedToken, p.lastToken(), { token: ":" });
  p.invalidSyntax();
}

// A forced ':' (`'else' &&':'`, `'try' &&':'`, `'finally' &&':'`): CPython's first pass raises
// "expected ':'" at whatever token stands there.
function expectForcedColon(p: Parser): void {
  if (p.kinds[p.i] === T.COLON) {
    p.i++;
    return;
  }
  throw new SyntaxErrorSignal(pyError(E.ExpectedToken, p.forcedTokenLocation(p.i), { token: ":" }));
}

// decorators: ('@' named_expression NEWLINE)+ then a function or class definition
function parseDecorated(p: Parser): number {
  const mark = p.sp;
  while (p.eat(T.AT)) {
    p.push(parseNamedExpression(p));
    p.expect(T.NEWLINE);
  }
  const decorators = p.popList(mark);
  const k = p.kinds[p.i]!;
  if (k === T.KW_DEF || (k === T.KW_ASYNC && p.peek(1) === T.KW_DEF)) return parseFunctionDef(p, decorators, p.i);
  if (k === T.KW_CLASS) return parseClassDef(p, decorators, p.i);
  return p.invalidSyntax();
}

// function_def_raw: ['async'] 'def' NAME [type_params] &&'(' [params] ')' ['->' expression] &&':' block
function parseFunctionDef(p: Parser, decorators: number, startTok: number): number {
  const s = p.starts[startTok]!;
  const isAsync = p.kinds[p.i] === T.KW_ASYNC;
  if (isAsync) p.i++;
  const defTok = p.i;
  p.i++;
  if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
  const name = p.pos + 1;
  p.i++;
  let tparams = 0;
  if (p.kinds[p.i] === T.LSQB) {
    // [type_params] is optional: if it does not parse, CPython backtracks and the forced '('
    // fails at the '['.
    const lsqb = p.i;
    if (!tryRule(p, lsqb, parseTypeParams)) p.failAtToken(E.ExpectedToken, lsqb, { token: "(" });
    tparams = parseTypeParams(p);
  }
  if (p.kinds[p.i] !== T.LPAR) {
    if (!p.secondPass) p.invalidSyntax();
    throw new SyntaxErrorSignal(pyError(E.ExpectedToken, p.forcedTokenLocation(p.i), { token: "(" }));
  }
  p.i++;
  const args = parseParameters(p);
  p.expect(T.RPAR);
  let returns = 0;
  if (p.kinds[p.i] === T.RARROW) {
    const arrow = p.i;
    if (!tryRule(p, arrow + 1, parseExpression)) p.failAtToken(E.ExpectedToken, arrow, { token: ":" });
    p.i++;
    returns = parseExpression(p);
  }
  if (p.kinds[p.i] !== T.COLON) {
    if (!p.secondPass) p.invalidSyntax();
    throw new SyntaxErrorSignal(pyError(E.ExpectedToken, p.forcedTokenLocation(p.i), { token: ":" }));
  }
  p.i++;
  const tc = p.kinds[p.i] === T.TYPE_COMMENT || p.kinds[p.i + 1] === T.TYPE_COMMENT ? funcTypeComment(p) : -1;
  const body = parseBlock(p, `function definition`, defTok);
  if (isAsync && p.fv < 5) p.versionError(5, "Async functions are", p.i - 1);
  const node = p.nodeN(isAsync ? K.AsyncFunctionDef : K.FunctionDef, s, blockEnd, [name, args, body, decorators, returns, tparams]);
  if (tc >= 0) p.typeComment(node, tc);
  return node;
}

// func_type_comment: NEWLINE TYPE_COMMENT &(NEWLINE INDENT) | invalid_double_type_comments | TYPE_COMMENT
// Returns the TYPE_COMMENT token consumed, or -1.
function funcTypeComment(p: Parser): number {
  const i = p.i;
  const k = p.kinds;
  if (k[i] === T.NEWLINE && k[i + 1] === T.TYPE_COMMENT) {
    // &(NEWLINE INDENT), read through peek so that the tokens count as read.
    if (p.peek(2) === T.NEWLINE && p.peek(3) === T.INDENT) {
      p.i = i + 2;
      return i + 1;
    }
  }
  if (k[i] !== T.TYPE_COMMENT) return -1;
  // invalid_double_type_comments: TYPE_COMMENT NEWLINE TYPE_COMMENT NEWLINE INDENT, raised where
  // the parser stands (the INDENT it read last).
  if (p.secondPass && k[i + 1] === T.NEWLINE && k[i + 2] === T.TYPE_COMMENT && k[i + 3] === T.NEWLINE && k[i + 4] === T.INDENT) {
    p.failAtToken(E.DoubleTypeComments, Math.min(Math.max(p.far, p.maxRead, i + 4), p.ntok - 1));
  }
  p.i = i + 1;
  return i;
}

// class_def_raw: 'class' NAME [type_params] ['(' [arguments] ')'] &&':' block
function parseClassDef(p: Parser, decorators: number, startTok: number): number {
  const s = p.starts[startTok]!;
  const classTok = p.i;
  p.i++;
  if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
  const name = p.pos + 1;
  p.i++;
  const tparams = p.kinds[p.i] === T.LSQB ? parseTypeParams(p) : 0;
  let bases = 0;
  let keywords = 0;
  if (p.kinds[p.i] === T.LPAR) {
    parseArguments(p, /*allowGenexp*/ false);
    bases = p.argsOut;
    keywords = p.kwOut;
  }
  expectColon(p);
  const body = parseBlock(p, `class definition`, classTok);
  return p.nodeN(K.ClassDef, s, blockEnd, [name, bases, keywords, body, decorators, tparams]);
}

// if_stmt: 'if' named_expression ':' block (elif_stmt | [else_block])
function parseIfStmt(p: Parser): number {
  const s = p.pos;
  const ifTok = p.i;
  p.i++;
  const test = parseCondition(p);
  expectColon(p);
  const body = parseBlock(p, p.kinds[ifTok] === T.KW_IF ? "'if' statement" : "'elif' statement", ifTok);
  let end = blockEnd;
  let orelse = 0;
  if (p.kinds[p.i] === T.KW_ELIF) {
    const e = parseIfStmt(p);
    orelse = listOf(p, [e]);
    end = p.tree.end[e]!;
  } else if (p.kinds[p.i] === T.KW_ELSE) {
    orelse = parseElse(p);
    end = blockEnd;
    // invalid_else_stmt: 'else' ':' block 'elif'
    if (p.kinds[p.i] === T.KW_ELIF) p.failAtToken(E.ElifAfterElse, p.i);
  }
  return p.node3(K.If, s, end, test, body, orelse);
}

// A condition: named_expression (an '=' there is handled by parseNamedExpression).
function parseCondition(p: Parser): number {
  return parseNamedExpression(p);
}

// [else_block] after a while/for body: 0 when there is none. Either way, blockEnd is then the
// end of the statement (set by the last block parsed).
function parseOptionalElse(p: Parser): number {
  return p.kinds[p.i] === T.KW_ELSE ? parseElse(p) : 0;
}

// else_block: 'else' &&':' block
function parseElse(p: Parser): number {
  const elseTok = p.i;
  p.i++;
  expectForcedColon(p);
  return parseBlock(p, `'else' statement`, elseTok);
}

// while_stmt: 'while' named_expression ':' block [else_block]
function parseWhileStmt(p: Parser): number {
  const s = p.pos;
  const tok = p.i;
  p.i++;
  const test = parseCondition(p);
  expectColon(p);
  const body = parseBlock(p, `'while' statement`, tok);
  const orelse = parseOptionalElse(p);
  return p.node3(K.While, s, blockEnd, test, body, orelse);
}

// for_stmt: ['async'] 'for' star_targets 'in' ~ star_expressions ':' block [else_block]
function parseForStmt(p: Parser, startTok: number): number {
  const s = p.starts[startTok]!;
  const isAsync = p.kinds[p.i] === T.KW_ASYNC;
  if (isAsync) p.i++;
  const tok = p.i;
  p.i++;
  // invalid_for_target: 'for' star_expressions
  statementKeywordCheck(p);
  let target: number;
  const far0 = p.far;
  const read0 = p.maxRead;
  try {
    target = parseTargetList(p, T.KW_IN);
  } catch (e) {
    if (e instanceof GenericSyntaxError) {
      if (p.secondPass) invalidForTarget(p, tok + 1);
      else starTargetsFail(p, tok + 1, far0, read0);
    }
    throw e;
  }
  if (!p.eat(T.KW_IN)) {
    // invalid_for_target: 'for' star_expressions, read with the invalid rules on (what it runs
    // into, a tokenizer error, a specific error or an invalid target, decides).
    if (p.secondPass) invalidForTarget(p, tok + 1);
    else starTargetsFail(p, tok + 1, far0, read0);
    p.invalidSyntax();
  }
  const iter = parseStarExpressions(p);
  expectColon(p);
  const tc = p.kinds[p.i] === T.TYPE_COMMENT ? p.i++ : -1;
  const body = parseBlock(p, `'for' statement`, tok);
  const orelse = parseOptionalElse(p);
  // for_stmt ends with [else_block]: without one, CPython has read the token after the body.
  if (isAsync && p.fv < 5) p.versionError(5, "Async for loops are", orelse !== 0 ? p.i - 1 : p.i);
  const node = p.nodeN(isAsync ? K.AsyncFor : K.For, s, blockEnd, [target, iter, body, orelse]);
  if (tc >= 0) p.typeComment(node, tc);
  return node;
}

// with_stmt: ['async'] 'with' ( '(' ','.with_item+ ','? ')' | ','.with_item+ ) ':' block
function parseWithStmt(p: Parser, startTok: number): number {
  const s = p.starts[startTok]!;
  const isAsync = p.kinds[p.i] === T.KW_ASYNC;
  if (isAsync) p.i++;
  const tok = p.i;
  p.i++;
  let items: number | null = null;
  if (p.kinds[p.i] === T.LPAR) items = tryParenthesizedWithItems(p, isAsync);
  if (items === null) {
    const mark = p.sp;
    do p.push(parseWithItem(p));
    while (p.eat(T.COMMA));
    items = p.popList(mark);
  }
  expectColon(p);
  const tc = p.kinds[p.i] === T.TYPE_COMMENT ? p.i++ : -1;
  const body = parseBlock(p, `'with' statement`, tok);
  if (isAsync && p.fv < 5) p.versionError(5, "Async with statements are", p.i - 1);
  const node = p.node2(isAsync ? K.AsyncWith : K.With, s, blockEnd, items, body);
  if (tc >= 0) p.typeComment(node, tc);
  return node;
}

// '(' ','.with_item+ ','? ')' ':' -- tried first; on mismatch we rewind and parse expressions
// (and return null: any number is a list id). The async form takes no type comment after the
// ':' (Grammar/python.gram): with one, it does not match.
function tryParenthesizedWithItems(p: Parser, isAsync: boolean): number | null {
  const save = p.checkpoint();
  try {
    p.i++;
    const mark = p.sp;
    do {
      if (p.kinds[p.i] === T.RPAR) break;
      p.push(parseWithItem(p));
    } while (p.eat(T.COMMA));
    if (p.kinds[p.i] === T.RPAR && p.peek(1) === T.COLON && !(isAsync && p.peek(2) === T.TYPE_COMMENT)) {
      p.i++;
      return p.popList(mark);
    }
    // invalid_with_stmt: 'with' '(' ... ')' NEWLINE
    if (p.secondPass && p.kinds[p.i] === T.RPAR && p.peek(1) === T.NEWLINE) p.failAtToken(E.ExpectedToken, p.i + 1, { token: ":" });
  } catch (e) {
    // Specific errors (CPython's invalid_* rules) stand; generic ones mean "not this form".
    if (!(e instanceof GenericSyntaxError)) throw e;
  }
  p.restore(save);
  return null;
}

// with_item: expression 'as' star_target &(',' | ')' | ':') | expression
function parseWithItem(p: Parser): number {
  const s = p.pos;
  const ctx = parseExpression(p);
  let vars = 0;
  if (p.eat(T.KW_AS)) {
    const targetTok = p.i;
    try {
      vars = parseWithTarget(p);
    } catch (e) {
      if (e instanceof GenericSyntaxError && p.secondPass) invalidWithItem(p, targetTok);
      throw e;
    }
    const k = p.kinds[p.i];
    // invalid_with_stmt: `with ... as x NEWLINE` is "expected ':'" (raised by the caller).
    if (k !== T.COMMA && k !== T.RPAR && k !== T.COLON && !(k === T.NEWLINE && p.secondPass)) {
      if (p.secondPass) invalidWithItem(p, targetTok);
      p.invalidSyntax();
    }
    setContext(p, vars, ExprContext.Store, "star");
  }
  return p.node2(K.withitem, s, p.lastEnd, ctx, vars);
}

// invalid_with_item: expression 'as' a=expression &(',' | ')' | ':'), tried when the star_target
// after 'as' (from token `at`) fails or is not followed by one of those: the expression is read with the
// invalid rules on (`(c as x y)` is "Perhaps you forgot a comma?"), and an invalid target
// followed by one of them is the error.
function invalidWithItem(p: Parser, at: number): void {
  const save = p.checkpoint();
  const far = p.far;
  p.i = at;
  let e = 0;
  try {
    e = parseExpression(p);
  } catch (err) {
    if (!(err instanceof GenericSyntaxError)) throw err;
  }
  const k = p.kinds[p.i];
  if (e !== 0 && (k === T.COMMA || k === T.RPAR || k === T.COLON)) {
    const bad = invalidTarget(p, e, "star");
    if (bad !== 0) p.failAtNode(E.CannotAssign, bad, { target: exprName(p, bad) });
  }
  p.restore(save);
  p.far = far;
}

function parseWithTarget(p: Parser): number {
  if (p.kinds[p.i] === T.STAR) {
    const s = p.pos;
    p.i++;
    const v = parseWithTarget(p);
    return p.node2(K.Starred, s, p.lastEnd, v, ExprContext.Load);
  }
  return parseBitOr(p);
}

// try_stmt: 'try' &&':' block (finally_block | except_block+ [else] [finally] | except_star_block+ ...)
function parseTryStmt(p: Parser): number {
  const s = p.pos;
  const tryTok = p.i;
  p.i++;
  expectForcedColon(p);
  const body = parseBlock(p, `'try' statement`, tryTok);
  let end = blockEnd;
  const mark = p.sp;
  let star = -1;
  while (p.kinds[p.i] === T.KW_EXCEPT) {
    const hs = p.pos;
    const exTok = p.i;
    p.i++;
    const isStar = p.eat(T.STAR);
    if (star === -1) star = isStar ? 1 : 0;
    else if ((star === 1) !== isStar) {
      // except after except*: the 'except' token; except* after except: 'except' through '*'.
      if (isStar) p.fail(E.MixedExcept, p.starts[exTok]!, p.ends[exTok + 1]!);
      p.failAtToken(E.MixedExcept, exTok);
    }
    let type = 0;
    let name = 0;
    let bareTuple = false;
    if (p.kinds[p.i] !== T.COLON && p.kinds[p.i] !== T.NEWLINE) {
      const ts = p.pos;
      const before = p.i;
      type = parseExpressions(p);
      // PEP 758: unparenthesized `except A, B:` (not allowed with `as`).
      if (p.kindOf(type) === K.Tuple && p.tree.start[type] === p.starts[before] && p.kinds[before] !== T.LPAR) {
        bareTuple = true;
        if (p.kinds[p.i] === T.KW_AS) {
          // invalid_except_stmt: 'except' expression ',' expressions 'as' NAME ':' -- only that
          // exact shape gets the message, spanning through the NAME; anything else after 'as'
          // is the first pass's generic error there.
          if (!p.secondPass) p.invalidSyntax();
          if (p.peek(1) === T.NAME && p.peek(2) === T.COLON) {
            p.fail(E.UnparenthesizedExceptAs, ts, p.ends[p.i + 1]!);
          }
          p.invalidSyntax();
        }
      }
      if (p.eat(T.KW_AS)) {
        const nk = p.kinds[p.i] === T.NAME ? p.peek(1) : -1;
        if (nk !== T.COLON) {
          // invalid_except_stmt: 'except' expression 'as' a=expression ':' block
          const at = p.i;
          if (
            STARTS_EXPR[p.kinds[at]!] === 1 &&
            tryRule(p, at, (q) => {
              parseExpression(q);
              if (!q.eat(T.COLON)) q.invalidSyntax();
              return 1;
            })
          ) {
            const e = parseExpression(p);
            p.failAtNode(isStar ? E.ExceptStarTarget : E.ExceptTarget, e, { target: exprName(p, e) });
          }
          if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
        }
        name = p.pos + 1;
        p.i++;
      }
    } else if (isStar) {
      p.failAtToken(E.ExpectedExceptionTypes, p.i);
    }
    expectColon(p);
    // invalid_except_stmt_indent takes one expression: after `except A, B:` CPython's generic
    // invalid_block reports the missing block.
    const hbody = parseBlock(p, bareTuple ? "" : isStar ? "'except*' statement" : "'except' statement", exTok);
    end = blockEnd;
    if (bareTuple && p.fv < 14) p.versionError(14, "except expressions without parentheses are", p.i - 1);
    p.push(p.node3(K.ExceptHandler, hs, end, type, name, hbody));
  }
  const handlers = p.popList(mark);
  let orelse = 0;
  let finalbody = 0;
  if (p.kinds[p.i] === T.KW_ELSE) {
    if (handlers === 0) p.failAtToken(E.ExpectedExceptOrFinally, p.lastToken());
    orelse = parseElse(p);
    end = blockEnd;
  }
  if (p.kinds[p.i] === T.KW_FINALLY) {
    const ft = p.i;
    p.i++;
    expectForcedColon(p);
    finalbody = parseBlock(p, `'finally' statement`, ft);
    end = blockEnd;
  }
  if (handlers === 0 && finalbody === 0) p.failAtToken(E.ExpectedExceptOrFinally, p.lastToken());
  // Without a finally block, CPython has read the token after the last block looking for one.
  if (star === 1 && p.fv < 11) p.versionError(11, "Exception groups are", finalbody !== 0 ? p.i - 1 : p.i);
  return p.node4(star === 1 ? K.TryStar : K.Try, s, end, body, handlers, orelse, finalbody);
}

export { parseBlock as block, expectColon, lineOfToken };
