// The start rules of ast.parse's other modes (Grammar/python.gram): eval, interactive ("single")
// and func_type. Each fills in the root (row 0) as Expression, Interactive or FunctionType.
import { TokenKind as T } from "../tokenizer/token-kind.js";
import type { Tokens } from "../tokenizer/tokenizer.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { SyntaxErrorSignal, type Parser } from "./state.js";
import { parseExpression, parseExpressions } from "./expressions.js";
import { parseStatement } from "./statements.js";

/** ast.parse's `mode`. */
export type ParseMode = "exec" | "eval" | "single" | "func_type";

// eval: expressions NEWLINE* ENDMARKER
export function parseEvalInput(p: Parser): number {
  p.tree.setRootKind(K.Expression);
  const body = parseExpressions(p);
  while (p.eat(T.NEWLINE));
  endOfInput(p);
  p.tree.setRootSlot(0, body, p.src.length);
  return p.tree.root;
}

// func_type: '(' [type_expressions] ')' '->' expression NEWLINE* ENDMARKER
// type_expressions: ','.expression+ [',' '*' expression] [',' '**' expression]
//   | '*' expression [',' '**' expression] | '**' expression   (the stars themselves are dropped)
export function parseFuncTypeInput(p: Parser): number {
  p.tree.setRootKind(K.FunctionType);
  p.expect(T.LPAR);
  const mark = p.sp;
  if (!p.at(T.RPAR)) {
    let stage = 0; // 0: plain expressions, 1: after '*' expression, 2: after '**' expression
    for (;;) {
      if (p.at(T.STAR) && stage === 0) {
        p.i++;
        stage = 1;
      } else if (p.at(T.DOUBLESTAR) && stage < 2) {
        p.i++;
        stage = 2;
      } else if (stage !== 0) p.invalidSyntax();
      p.push(parseExpression(p));
      if (stage === 2 || !p.at(T.COMMA)) break;
      // After '*' expression only ', **' may follow; after plain ones, any further item.
      if (stage === 1 && p.peek(1) !== T.DOUBLESTAR) break;
      p.i++;
    }
  }
  const argtypes = p.popList(mark);
  p.expect(T.RPAR);
  p.expect(T.RARROW);
  const returns = parseExpression(p);
  while (p.eat(T.NEWLINE));
  endOfInput(p);
  p.tree.setRootSlot(0, argtypes, p.src.length);
  p.tree.setRootSlot(1, returns, p.src.length);
  return p.tree.root;
}

// ENDMARKER, after CPython's tokenizer has seen the last line. Without exec mode's appended "\n",
// a last line of only blanks is not a blank line to it: it indents, and eval and func_type
// cannot take an INDENT.
function endOfInput(p: Parser): void {
  if (p.at(T.ENDMARKER) && p.bareEnd) {
    const src = p.src;
    const ls = src.lastIndexOf(10) + 1;
    let col = 0;
    let i = ls;
    for (; i < src.length; i++) {
      const c = src[i]!;
      if (c === 32) col++;
      else if (c === 9) col = (col & ~7) + 8;
      else if (c === 12) col = 0;
      else break;
    }
    if (i === src.length && col > 0) {
      const lineno = p.tree.lineOf(ls);
      throw new SyntaxErrorSignal({ cls: "IndentationError", msg: "unexpected indent", lineno, offset: src.length - ls, end_lineno: lineno, end_offset: -1 });
    }
  }
  p.expect(T.ENDMARKER);
}

const COMPOUND = new Set<number>([K.FunctionDef, K.AsyncFunctionDef, K.ClassDef, K.If, K.While, K.For, K.AsyncFor,
  K.With, K.AsyncWith, K.Try, K.TryStar, K.Match]);

// interactive: statement_newline
// statement_newline: compound_stmt NEWLINE | simple_stmts | NEWLINE (a Pass) | ENDMARKER (fails)
export function parseInteractiveInput(p: Parser): number {
  p.tree.setRootKind(K.Interactive);
  const mark = p.sp;
  const s = p.pos;
  if (p.at(T.ENDMARKER)) p.invalidSyntax();
  if (p.at(T.NEWLINE)) {
    p.i++;
    p.push(p.node0(K.Pass, s, p.lastEnd));
  } else {
    parseStatement(p);
    if (p.sp === mark + 1 && COMPOUND.has(p.tree.kind[p.stack[mark]!]!)) p.expect(T.NEWLINE);
  }
  p.tree.setRootSlot(0, p.popList(mark), p.src.length);
  return p.tree.root;
}

/**
 * The token stream CPython's parser reads in single mode: the first ENDMARKER it fetches after
 * any other token becomes a NEWLINE (pegen's _PyPegen_fill_token), so a compound statement can
 * end the input. Streams that end in a tokenizer error or inside brackets are left as they are.
 */
export function interactiveTokens(t: Tokens): Tokens {
  const n = t.count;
  if (n < 2 || t.error !== null || t.unclosed !== null || t.kind[n - 1] !== T.ENDMARKER) return t;
  const kind = new Uint8Array(n + 1);
  const start = new Int32Array(n + 1);
  const end = new Int32Array(n + 1);
  const value = new Int32Array(n + 1);
  kind.set(t.kind.subarray(0, n));
  start.set(t.start.subarray(0, n));
  end.set(t.end.subarray(0, n));
  value.set(t.value.subarray(0, n));
  kind[n - 1] = T.NEWLINE;
  end[n - 1] = start[n - 1]!;
  kind[n] = T.ENDMARKER;
  start[n] = end[n] = start[n - 1]!;
  return { ...t, count: n + 1, kind, start, end, value };
}

/**
 * pegen's bad_single_statement: after the statement, only blanks, newlines and comments may
 * follow in the source; otherwise CPython raises at the last token it read (the NEWLINE).
 */
export function multipleStatements(p: Parser): PySyntaxError | null {
  const last = p.i - 1;
  if (p.kinds[last] !== T.NEWLINE) return null;
  const src = p.src;
  let i = p.ends[last]!;
  while (i < src.length) {
    const c = src[i]!;
    if (c === 32 || c === 9 || c === 10 || c === 12) i++;
    else if (c === 35) {
      while (i < src.length && src[i] !== 10) i++;
    } else {
      return { cls: "SyntaxError", msg: "multiple statements found while compiling a single statement", ...p.tokenLocation(last) };
    }
  }
  return null;
}
