// Function and lambda parameters -> `arguments` (CPython's `parameters` / `lambda_parameters`).
// One loop handles both; lambdas have no annotations and end at ':'.
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { NodeKind as K, ExprContext } from "../schema/generated/nodes.js";
import { GenericSyntaxError, type Parser } from "./state.js";
import { parseExpression, parseStarExpression, listOf } from "./expressions.js";
import { ERRORS as E } from "../core/error-catalog.js";

/** Parses the parameter list of a `def` after '(' up to (not including) ')'. */
export function parseParameters(p: Parser): number {
  return parseParams(p, false);
}

/** Parses lambda parameters up to (not including) ':'. */
export function parseLambdaParameters(p: Parser): number {
  return parseParams(p, true);
}

function parseParams(p: Parser, lambda: boolean): number {
  if (p.fv >= 8) return parseParamList(p, lambda);
  // Before 3.8, CPython's parameters rule raises its CHECK_VERSION as soon as a '/' followed by
  // ',' or the end has been read, whatever fails after it (the rest of the rule is optional): a
  // generic failure there is the version error, at the furthest token read.
  const mark = slashMatched;
  slashMatched = false;
  try {
    return parseParamList(p, lambda);
  } catch (e) {
    if (slashMatched && e instanceof GenericSyntaxError) p.versionError(8, "Positional-only parameters are", e.token);
    throw e;
  } finally {
    slashMatched = mark;
  }
}

/** parseParamList read a '/' followed by ',' or the end (slash_no_default / slash_with_default). */
let slashMatched = false;

function parseParamList(p: Parser, lambda: boolean): number {
  const end = lambda ? T.COLON : T.RPAR;
  const s = p.pos;
  const posonly: number[] = [];
  const args: number[] = [];
  const defaults: number[] = [];
  const kwonly: number[] = [];
  const kwDefaults: number[] = [];
  let vararg = 0;
  let kwarg = 0;
  let sawStar = false;
  let sawSlash = false;
  let sawDefault = false;
  while (p.kinds[p.i] !== end) {
    const k = p.kinds[p.i]!;
    // The parameter just parsed: a type comment may follow it (param_no_default and friends).
    let param = 0;
    // invalid_kwds: '**' param ',' (param | '*' | '**' | '/'); anything else is a generic error.
    if (kwarg !== 0 && (k === T.NAME || k === T.STAR || k === T.DOUBLESTAR || k === T.SLASH)) {
      p.failAtToken(E.ArgsAfterVarKeyword, p.i);
    }
    if (k === T.SLASH) {
      if (sawSlash) p.failAtToken(E.SlashTwice, p.i);
      if (sawStar) p.failAtToken(E.SlashAfterStar, p.i);
      // invalid_parameters: a="/" ',' (a '/' first and alone is a generic error)
      if (args.length === 0) {
        if (p.peek(1) === T.COMMA) p.failAtToken(E.SlashFirst, p.i);
        p.invalidSyntaxAt(p.i);
      }
      // param_maybe_default+ '/' a='*': a comma is missing between them.
      if (p.peek(1) === T.STAR) p.failAtToken(E.SlashStarComma, p.i + 1);
      sawSlash = true;
      posonly.push(...args);
      args.length = 0;
      p.i++;
      if (p.kinds[p.i] === T.COMMA || p.kinds[p.i] === end) slashMatched = true;
    } else if (k === T.STAR) {
      const starTok = p.i;
      // invalid_star_etc: the second '*' must be followed by a parameter or ','.
      if (sawStar) {
        const nk = p.peek(1);
        if (nk === T.NAME || nk === T.COMMA) p.failAtToken(E.StarTwice, p.i);
        p.invalidSyntaxAt(p.i);
      }
      sawStar = true;
      p.i++;
      if (p.kinds[p.i] === T.NAME) {
        vararg = param = parseParam(p, lambda, true);
        if (p.kinds[p.i] === T.EQUAL) p.failAtToken(E.VarPositionalDefault, p.i);
      } else {
        // Bare '*': keyword-only parameters must follow.
        const nk = p.kinds[p.i]!;
        if (nk === end || (nk === T.COMMA && (p.peek(1) === end || p.peek(1) === T.DOUBLESTAR))) {
          // def: at the '*'; lambda: CPython raises without a location, i.e. at the last token read.
          p.failAtToken(E.BareStar, lambda ? (nk === end ? p.i : p.i + 1) : starTok);
        }
        // invalid_star_etc: '*' ',' TYPE_COMMENT
        if (!lambda && nk === T.COMMA && p.peek(1) === T.TYPE_COMMENT) p.failAtToken(E.BareStarTypeComment, p.i + 1);
        if (nk !== T.COMMA) p.invalidSyntax();
      }
    } else if (k === T.DOUBLESTAR) {
      p.i++;
      if (p.kinds[p.i] !== T.NAME) p.invalidSyntax();
      kwarg = param = parseParam(p, lambda, false);
      if (p.kinds[p.i] === T.EQUAL) p.failAtToken(E.VarKeywordDefault, p.i);
    } else if (k === T.NAME) {
      const a = (param = parseParam(p, lambda, false));
      let def = 0;
      if (p.eat(T.EQUAL)) {
        // invalid_default: '=' &(')'|',')  (a lambda's ':' is not in that set)
        if (p.kinds[p.i] === T.COMMA || p.kinds[p.i] === T.RPAR) p.failAtToken(E.ExpectedDefault, p.i - 1);
        def = parseExpression(p);
      }
      if (sawStar) {
        kwonly.push(a);
        kwDefaults.push(def);
      } else {
        if (def !== 0) {
          sawDefault = true;
          defaults.push(def);
        } else if (sawDefault) {
          // invalid_parameters: ... a=param_no_default, which needs a ',' or the end after it.
          const nk = p.kinds[p.i];
          if (nk === T.COMMA || nk === end || (!lambda && nk === T.TYPE_COMMENT && p.peek(1) === T.RPAR)) {
            p.failAtNode(E.NonDefaultAfterDefault, a);
          }
        }
        args.push(a);
      }
    } else if (k === T.LPAR) {
      // invalid_parameters: param_no_default* a='(' param_no_default+ ','? b=')' (lambdas:
      // ','.lambda_param+), spanning the parentheses; anything else is a generic error.
      // An invalid rule: with the invalid rules off (first pass, expression_without_invalid) the
      // '(' is simply unexpected and nothing after it is read.
      const close: number = !p.secondPass || sawStar || sawSlash || sawDefault || kwarg !== 0 ? -1 : parenthesizedParams(p, lambda);
      if (close < 0) p.invalidSyntax();
      p.fail(lambda ? E.ParenthesizedLambdaParams : E.ParenthesizedParams, p.pos, p.ends[close]!);
    } else {
      p.invalidSyntax();
    }
    // param ',' TYPE_COMMENT? | param TYPE_COMMENT? &')'
    if (!p.eat(T.COMMA)) {
      if (param !== 0 && !lambda && p.kinds[p.i] === T.TYPE_COMMENT && p.peek(1) === T.RPAR) p.typeComment(param, p.i++);
      break;
    }
    if (param !== 0 && !lambda && p.kinds[p.i] === T.TYPE_COMMENT) p.typeComment(param, p.i++);
  }
  if (p.kinds[p.i] !== end) p.invalidSyntax();
  if (sawSlash && p.fv < 8) p.versionError(8, "Positional-only parameters are");
  const e = p.i > 0 ? p.ends[p.i - 1]! : s;
  return p.nodeN(K.arguments, s, e, [
    listOf(p, posonly),
    listOf(p, args),
    vararg,
    listOf(p, kwonly),
    listOf(p, kwDefaults),
    kwarg,
    listOf(p, defaults),
  ]);
}

// param: NAME annotation?   (star annotation allowed for *args)
function parseParam(p: Parser, lambda: boolean, star: boolean): number {
  const s = p.pos;
  p.i++; // the NAME: arg.arg is derived from the node's start
  let ann = 0;
  if (!lambda && p.eat(T.COLON)) ann = star ? parseStarExpression(p) : parseExpression(p);
  return p.node1(K.arg, s, p.lastEnd, ann);
}

export { ExprContext };

// The ')' closing the parenthesized parameters at the current '(', or -1 if they are not plain
// parameters without defaults (annotated ones for a def).
function parenthesizedParams(p: Parser, lambda: boolean): number {
  let j = p.i + 1;
  for (;;) {
    // Every token looked at counts as read (reading the end of input in brackets decides).
    p.noteRead(j);
    if (p.kinds[j] !== T.NAME) return -1;
    j++;
    p.noteRead(j);
    if (!lambda && p.kinds[j] === T.COLON) {
      const save = p.checkpoint();
      const far = p.far;
      p.i = j + 1;
      let ok = true;
      try {
        parseExpression(p);
      } catch (e) {
        if (!p.isSyntaxSignal(e)) throw e;
        ok = false;
      }
      j = p.i;
      p.restore(save);
      p.far = far;
      if (!ok) return -1;
    }
    p.noteRead(j);
    if (p.kinds[j] === T.COMMA) j++;
    else return p.kinds[j] === T.RPAR ? j : -1;
    p.noteRead(j);
    if (p.kinds[j] === T.RPAR) return j;
  }
}
