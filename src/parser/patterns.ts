// Match statements and patterns: CPython's `match_stmt`, `case_block` and `*_pattern` rules.
// `match` is a soft keyword: the statement is tried first and abandoned (rewound) when the
// header does not parse, so `match(x)` and `match = 1` stay ordinary statements.
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K, ExprContext, Operator, UnaryOperator } from "../schema/generated/nodes.js";
import type { Parser } from "./state.js";
import { parseNamedExpression, parseStarNamedExpression, parseName, listOf, parseAtom } from "./expressions.js";
import { parseStrings } from "./strings.js";
import { block, blockEnd, expectColon, lineOfToken } from "./statements.js";
import { decodeNumber } from "./literals.js";
import { enter, leave } from "./depth.js";
import { GenericSyntaxError } from "./state.js";
import { PyComplex } from "../core/pyvalue.js";
import { tryRule } from "./statements.js";
import { STARTS_EXPR, parseExpression, exprName } from "./expressions.js";
import { ERRORS as E } from "../core/error-catalog.js";

/** Parses a match statement at a `match` NAME, or returns 0 (rewound) if this is not one. */
export function parseMatchStatement(p: Parser): number {
  const nk = p.kinds[p.i + 1]!;
  // Cheap rejections: `match` followed by something that cannot start a subject.
  if (
    nk === T.EQUAL ||
    nk === T.DOT ||
    nk === T.NEWLINE ||
    nk === T.COLON ||
    nk === T.COMMA ||
    nk === T.RPAR ||
    (nk >= T.PLUSEQUAL && nk <= T.DOUBLESLASHEQUAL) ||
    nk === T.ATEQUAL
  )
    return 0;
  const save = p.checkpoint();
  const s = p.pos;
  const matchTok = p.i;
  let subject = 0;
  try {
    p.i++;
    subject = parseSubject(p);
  } catch (e) {
    // A specific (second-pass) error stands; a generic failure means "not a match statement".
    if (!(e instanceof GenericSyntaxError)) throw e;
    p.restore(save);
    return 0;
  }
  if (p.kinds[p.i] !== T.COLON) {
    const colonMissing = p.kinds[p.i] === T.NEWLINE;
    const errTok = p.i;
    p.restore(save);
    if (!colonMissing) return 0;
    // invalid_match_stmt: "match" subject_expr NEWLINE -> "expected ':'". The second pass tries
    // it before simple statements, so it fires even on `match (x)` when the file fails elsewhere;
    // it is placed at the furthest token read, as CPython's RAISE_SYNTAX_ERROR is.
    if (p.secondPass) p.raiseAtToken(E.ExpectedToken, Math.max(errTok, p.lastToken()), { token: ":" });
    return 0;
  }
  p.i++;
  if (p.kinds[p.i] !== T.NEWLINE) {
    // Not a match statement after all (`match -1: x` is an annotated assignment).
    p.restore(save);
    return 0;
  }
  p.i++;
  if (p.kinds[p.i] !== T.INDENT) {
    p.failAtToken(E.ExpectedIndentedBlock, p.i, { what: "'match' statement", line: lineOfToken(p, matchTok) });
  }
  p.i++;
  const mark = p.sp;
  let end = 0;
  while (p.atSoft(p.idCase)) {
    p.push(parseCaseBlock(p));
    end = blockEnd;
  }
  if (p.sp === mark) p.invalidSyntax();
  if (p.kinds[p.i] !== T.DEDENT) p.invalidSyntax();
  p.i++;
  if (p.fv < 10) p.versionError(10, "Pattern matching is", p.i - 1);
  return p.node2(K.Match, s, end, subject, p.popList(mark));
}

// subject_expr: star_named_expression ',' star_named_expressions? | named_expression
function parseSubject(p: Parser): number {
  const s = p.pos;
  const first = p.kinds[p.i] === T.STAR ? parseStarNamedExpression(p) : parseNamedExpression(p);
  if (p.kinds[p.i] !== T.COMMA) {
    if (p.kindOf(first) === K.Starred) p.invalidSyntax();
    return first;
  }
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    if (p.kinds[p.i] === T.COLON) break;
    p.push(parseStarNamedExpression(p));
  }
  return p.node2(K.Tuple, s, p.lastEnd, p.popList(mark), ExprContext.Load);
}

// case_block: "case" patterns guard? ':' block
function parseCaseBlock(p: Parser): number {
  const s = p.pos;
  const caseTok = p.i;
  p.i++;
  const pattern = parsePatterns(p);
  let guard = 0;
  if (p.eat(T.KW_IF)) guard = parseNamedExpression(p);
  expectColon(p);
  const body = block(p, `'case' statement`, caseTok);
  return p.node3(K.match_case, s, blockEnd, pattern, guard, body);
}

// patterns: open_sequence_pattern | pattern
function parsePatterns(p: Parser): number {
  const s = p.pos;
  const first = parseMaybeStarPattern(p);
  if (p.kinds[p.i] !== T.COMMA) {
    // A star pattern only appears in a sequence: `case *a:` fails at the ':'.
    if (p.kindOf(first) === K.MatchStar) p.invalidSyntax();
    return first;
  }
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.COMMA)) {
    const k = p.kinds[p.i];
    if (k === T.COLON || k === T.KW_IF) break;
    p.push(parseMaybeStarPattern(p));
  }
  return p.node1(K.MatchSequence, s, p.lastEnd, p.popList(mark));
}

// maybe_star_pattern: star_pattern | pattern
function parseMaybeStarPattern(p: Parser): number {
  if (p.kinds[p.i] === T.STAR) {
    const s = p.pos;
    p.i++;
    if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
    const name = p.values[p.i] === p.idUnderscore ? 0 : p.pos + 1;
    p.i++;
    return p.node1(K.MatchStar, s, p.lastEnd, name);
  }
  return parsePattern(p);
}

// pattern: or_pattern 'as' pattern_capture_target | or_pattern
function parsePattern(p: Parser): number {
  const s = p.pos;
  enter(p);
  const or = parseOrPattern(p);
  leave(p);
  if (p.kinds[p.i] !== T.KW_AS) return or;
  p.i++;
  const nk = p.kinds[p.i] === T.NAME ? p.peek(1) : -1;
  if (p.kinds[p.i] !== T.NAME || nk === T.DOT || nk === T.LPAR || nk === T.EQUAL) {
    // invalid_as_pattern: or_pattern 'as' a=expression
    if (STARTS_EXPR[p.kinds[p.i]!] === 1 && tryRule(p, p.i, parseExpression)) {
      const e = parseExpression(p);
      p.failAtNode(E.PatternTarget, e, { target: exprName(p, e) });
    }
    p.invalidSyntax();
  }
  if (p.values[p.i] === p.idUnderscore) p.failAtToken(E.UnderscoreTarget, p.i);
  const name = p.pos + 1;
  p.i++;
  return p.node2(K.MatchAs, s, p.lastEnd, or, name);
}

// or_pattern: '|'.closed_pattern+
function parseOrPattern(p: Parser): number {
  const s = p.pos;
  const first = parseClosedPattern(p);
  if (p.kinds[p.i] !== T.VBAR) return first;
  const mark = p.sp;
  p.push(first);
  while (p.eat(T.VBAR)) p.push(parseClosedPattern(p));
  return p.node1(K.MatchOr, s, p.lastEnd, p.popList(mark));
}

// closed_pattern: literal | capture | wildcard | value | group | sequence | mapping | class
function parseClosedPattern(p: Parser): number {
  const s = p.pos;
  const k = p.kinds[p.i]!;
  switch (k) {
    case T.NAME: {
      if (p.kinds[p.i + 1] !== T.DOT && p.kinds[p.i + 1] !== T.LPAR) {
        // capture_pattern or wildcard_pattern
        const wildcard = p.values[p.i] === p.idUnderscore;
        p.i++;
        return p.node2(K.MatchAs, s, p.lastEnd, 0, wildcard ? 0 : s + 1);
      }
      let e = parseName(p, ExprContext.Load);
      while (p.eat(T.DOT)) {
        if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
        p.i++; // Attribute.attr is derived from the node's end
        e = p.node2(K.Attribute, s, p.lastEnd, e, ExprContext.Load);
      }
      if (p.kinds[p.i] === T.LPAR) return parseClassPattern(p, s, e);
      return p.node1(K.MatchValue, s, p.lastEnd, e);
    }
    case T.NUMBER:
    case T.MINUS: {
      const v = parseSignedNumber(p);
      return p.node1(K.MatchValue, s, p.lastEnd, v);
    }
    case T.STRING:
    case T.FSTRING_START:
    case T.TSTRING_START: {
      // f-strings parse here; the compiler rejects them later.
      const v = parseStrings(p);
      return p.node1(K.MatchValue, s, p.lastEnd, v);
    }
    case T.KW_NONE:
    case T.KW_TRUE:
    case T.KW_FALSE: {
      p.i++;
      const v = k === T.KW_NONE ? null : k === T.KW_TRUE;
      return p.node1(K.MatchSingleton, s, p.lastEnd, p.tree.constant(v));
    }
    case T.LPAR: {
      p.i++;
      if (p.eat(T.RPAR)) return p.node1(K.MatchSequence, s, p.lastEnd, 0);
      const first = parseMaybeStarPattern(p);
      if (p.eat(T.RPAR)) {
        if (p.kindOf(first) === K.MatchStar) return p.node1(K.MatchSequence, s, p.lastEnd, listOf(p, [first]));
        return first; // group_pattern
      }
      if (p.kinds[p.i] !== T.COMMA) p.invalidSyntax();
      const mark = p.sp;
      p.push(first);
      while (p.eat(T.COMMA)) {
        if (p.kinds[p.i] === T.RPAR) break;
        p.push(parseMaybeStarPattern(p));
      }
      p.expect(T.RPAR);
      return p.node1(K.MatchSequence, s, p.lastEnd, p.popList(mark));
    }
    case T.LSQB: {
      p.i++;
      const mark = p.sp;
      while (p.kinds[p.i] !== T.RSQB) {
        p.push(parseMaybeStarPattern(p));
        if (!p.eat(T.COMMA)) break;
      }
      p.expect(T.RSQB);
      return p.node1(K.MatchSequence, s, p.lastEnd, p.popList(mark));
    }
    case T.LBRACE:
      return parseMappingPattern(p);
    default:
      return p.invalidSyntax();
  }
}

// signed_number ['+' | '-' imaginary]  ->  Constant, UnaryOp(USub, Constant) or BinOp (complex)
function parseSignedNumber(p: Parser): number {
  const s = p.pos;
  let e: number;
  if (p.kinds[p.i] === T.MINUS) {
    p.i++;
    if (p.kinds[p.i] !== T.NUMBER) p.invalidSyntax();
    const c = numberConstant(p);
    e = p.node2(K.UnaryOp, s, p.lastEnd, UnaryOperator.USub, c);
  } else {
    e = numberConstant(p);
  }
  const k = p.kinds[p.i];
  if (k === T.PLUS || k === T.MINUS) {
    // complex_number: signed_real_number ('+'|'-') imaginary_number
    const realPart = p.kindOf(e) === K.UnaryOp ? p.field(e, 1) : e;
    if (isComplex(p, realPart)) p.raise(E.RealRequired, p.tree.start[realPart]!, p.tree.end[realPart]!);
    p.i++;
    if (p.kinds[p.i] !== T.NUMBER) p.invalidSyntax();
    const imag = numberConstant(p);
    if (!isComplex(p, imag)) p.raise(E.ImaginaryRequired, p.tree.start[imag]!, p.tree.end[imag]!);
    e = p.node3(K.BinOp, s, p.lastEnd, e, k === T.PLUS ? Operator.Add : Operator.Sub, imag);
  }
  return e;
}

function isComplex(p: Parser, c: number): boolean {
  return p.tree.value(p.field(c, 0), c) instanceof PyComplex;
}

function numberConstant(p: Parser): number {
  const s = p.pos;
  const v = decodeNumber(p.src, s, p.ends[p.i]!);
  if (p.fv < 6) p.numberUnderscores(p.i);
  p.i++;
  return p.node1(K.Constant, s, p.lastEnd, p.tree.constant(v));
}

// invalid_class_argument_pattern: keyword_patterns ',' a=positional_patterns -- spanning the run
// of positional patterns that starts at `first` (up to the next keyword pattern or the end).
function positionalAfterKeyword(p: Parser, first: number): never {
  if (!p.secondPass) p.invalidSyntax();
  let last = first;
  while (p.kinds[p.i] === T.COMMA && !(p.kinds[p.i + 1] === T.NAME && p.kinds[p.i + 2] === T.EQUAL) && p.kinds[p.i + 1] !== T.RPAR) {
    const save = p.i;
    p.i++;
    try {
      last = parsePattern(p);
    } catch (e) {
      if (!(e instanceof GenericSyntaxError)) throw e;
      p.i = save;
      break;
    }
  }
  p.fail(E.PositionalPatternAfterKeyword, p.tree.start[first]!, p.tree.end[last]!);
}

// class_pattern: name_or_attr '(' [positional_patterns ','?] [keyword_patterns ','?] ')'
function parseClassPattern(p: Parser, s: number, cls: number): number {
  p.i++;
  const mark = p.sp;
  const kwAttrs: number[] = [];
  const kwPats: number[] = [];
  while (p.kinds[p.i] !== T.RPAR) {
    if (p.kinds[p.i] === T.NAME && p.kinds[p.i + 1] === T.EQUAL) {
      kwAttrs.push(p.pos + 1);
      p.i += 2;
      kwPats.push(parsePattern(p));
    } else {
      const pat = parsePattern(p);
      if (kwAttrs.length > 0) positionalAfterKeyword(p, pat);
      p.push(pat);
    }
    if (!p.eat(T.COMMA)) break;
  }
  p.expect(T.RPAR);
  const patterns = p.popList(mark);
  const m2 = p.sp;
  for (const a of kwAttrs) p.push(a);
  const attrs = p.popList(m2);
  return p.node4(K.MatchClass, s, p.lastEnd, cls, patterns, attrs, listOf(p, kwPats));
}

// mapping_pattern: '{' [items] [double_star_pattern] ','? '}'
function parseMappingPattern(p: Parser): number {
  const s = p.pos;
  p.i++;
  const keys: number[] = [];
  const pats: number[] = [];
  let rest = 0;
  while (p.kinds[p.i] !== T.RBRACE) {
    if (p.eat(T.DOUBLESTAR)) {
      if (p.kinds[p.i] !== T.NAME || p.values[p.i] === p.idUnderscore) p.invalidSyntax();
      rest = p.pos + 1;
      p.i++;
      p.eat(T.COMMA);
      break;
    }
    keys.push(parseMappingKey(p));
    p.expect(T.COLON);
    pats.push(parsePattern(p));
    if (!p.eat(T.COMMA)) break;
  }
  p.expect(T.RBRACE);
  return p.node3(K.MatchMapping, s, p.lastEnd, listOf(p, keys), listOf(p, pats), rest);
}

// key: literal_expr | attr
function parseMappingKey(p: Parser): number {
  const s = p.pos;
  const k = p.kinds[p.i]!;
  if (k === T.NUMBER || k === T.MINUS) {
    return parseSignedNumber(p);
  }
  if (k === T.NAME) {
    let e = parseName(p, ExprContext.Load);
    if (p.kinds[p.i] !== T.DOT) p.invalidSyntax();
    while (p.eat(T.DOT)) {
      if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
      p.i++; // Attribute.attr is derived from the node's end
      e = p.node2(K.Attribute, s, p.lastEnd, e, ExprContext.Load);
    }
    return e;
  }
  if (k === T.STRING || k === T.FSTRING_START || k === T.TSTRING_START || k === T.KW_NONE || k === T.KW_TRUE || k === T.KW_FALSE) {
    return parseAtom(p);
  }
  return p.invalidSyntax();
}
