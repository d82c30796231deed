// The start rules of ast.parse's other modes (Grammar/python.gram): eval, interactive ("single")
// and func_type. Each fills in the root (row 0) as Expression, Interactive or FunctionType.
import { TokenKind as T } from "../tokenizer/token-kind.js";
import type { Tokens } from "../tokenizer/tokenizer.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import type { Parser } from "./state.js";
import { parseExpression, parseExpressions } from "./expressions.js";
import { parseStatement } from "./statements.js";
import { ERRORS as E, pyError } from "../core/error-catalog.js";

/** ast.parse's `mode`. */
export type ParseMode = "exec" | "eval" | "single" | "func_type";

// eval: expressions NEWLINE* ENDMARKER
export function parseEvalInput(p: Parser): number {
  p.tree.setRootKind(K.Expression);
  const body = parseExpressions(p);
  while (p.eat(T.NEWLINE));
  p.expect(T.ENDMARKER);
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
  p.expect(T.ENDMARKER);
  p.tree.setRootSlot(0, argtypes, p.src.length);
  p.tree.setRootSlot(1, returns, p.src.length);
  return p.tree.root;
}

const COMPOUND = new Set<number>([
  K.FunctionDef,
  K.AsyncFunctionDef,
  K.ClassDef,
  K.If,
  K.While,
  K.For,
  K.AsyncFor,
  K.With,
  K.AsyncWith,
  K.Try,
  K.TryStar,
  K.Match,
]);

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
export function interactiveTokens(t: Tokens, src: Uint8Array): Tokens {
  const n = t.count;
  if (n < 2 || t.error !== null || t.unclosed !== null || t.kind[n - 1] !== T.ENDMARKER) return t;
  // A last line with tokens but no "\n" ends at end of file before its DEDENTs (pegen then
  // queues them): the ENDMARKER is fetched, and turned NEWLINE, both before and after them.
  // Otherwise the DEDENTs come first and it is turned once.
  let first = n - 1;
  let k = n - 2;
  while (k >= 0 && t.kind[k] === T.DEDENT) k--;
  const ls = src.lastIndexOf(10) + 1;
  if (src.length > 0 && src[src.length - 1] !== 10) {
    if (k >= 0 && t.start[k]! > ls - 1)
      first = k + 1; // tokens on the last line: all DEDENTs wait
    else if (k + 1 < n - 1) {
      // A last line of blanks dedents, at its start, only the levels deeper than its column.
      const col = indentColumn(src, ls, src.length);
      const stack = indentStack(t, src, k + 1);
      let popped = 0;
      while (popped < stack.length && stack[stack.length - 1 - popped]! > col) popped++;
      first = k + 1 + popped;
    }
  }
  if (first === 0) return t; // the first token fetched: not converted
  const at = first === n - 1 ? [n - 1] : [first, n - 1];
  const pos = t.start[n - 1]!;
  const m = n + at.length;
  const insert = <A extends Uint8Array | Int32Array>(a: A, v: number): A => {
    const b = new (a.constructor as new (len: number) => A)(m);
    let o = 0;
    for (let i = 0; i < n; i++) {
      if (at.includes(i)) b[o++] = v;
      b[o++] = a[i]!;
    }
    return b;
  };
  return {
    ...t,
    count: m,
    kind: insert(t.kind, T.NEWLINE),
    start: insert(t.start, pos),
    end: insert(t.end, pos),
    value: insert(t.value, 0),
  };
}

// A last line of blanks (no "\n") that dedents to a column no open block has: CPython's
// tokenizer fails there ("unindent does not match any outer indentation level", at the end of
// the line). The stream then ends with an ERRORTOKEN, as the tokenizer's own errors do.
function unindentMismatch(t: Tokens, src: Uint8Array): Tokens | null {
  const n = t.count;
  if (t.error !== null || t.unclosed !== null || t.kind[n - 1] !== T.ENDMARKER) return null;
  const ls = src.lastIndexOf(10) + 1;
  for (let i = ls; i < src.length; i++) if (src[i] !== 32 && src[i] !== 9 && src[i] !== 12) return null;
  let d = n - 1;
  while (d > 0 && t.kind[d - 1] === T.DEDENT) d--;
  if (d === n - 1) return null;
  const col = indentColumn(src, ls, src.length);
  const stack = indentStack(t, src, d);
  while (stack.length > 0 && stack[stack.length - 1]! > col) stack.pop();
  if ((stack.length > 0 ? stack[stack.length - 1]! : 0) === col) return null;
  let chars = 0;
  for (let i = ls; i < src.length; i++) if ((src[i]! & 0xc0) !== 0x80) chars++;
  const lineno = lineCount(src);
  const take = <A extends Uint8Array | Int32Array>(a: A, tail: [number, number]): A => {
    const b = new (a.constructor as new (len: number) => A)(d + 2);
    b.set(a.subarray(0, d), 0);
    b[d] = tail[0];
    b[d + 1] = tail[1];
    return b;
  };
  return {
    ...t,
    count: d + 2,
    kind: take(t.kind, [T.ERRORTOKEN, T.ENDMARKER]),
    start: take(t.start, [ls, src.length]),
    end: take(t.end, [src.length, src.length]),
    value: take(t.value, [0, 0]),
    error: pyError(E.UnindentMismatch, { lineno, offset: chars, end_lineno: lineno, end_offset: -1 }),
    errorFromCode: true,
    errorInFString: false,
  };
}

/** The number of the source's last line. */
function lineCount(src: Uint8Array): number {
  let n = 1;
  for (let i = src.indexOf(10); i !== -1; i = src.indexOf(10, i + 1)) n++;
  return n;
}

/** CPython's indentation column of src[s, e) (tabs to multiples of 8, formfeed resets). */
function indentColumn(src: Uint8Array, s: number, e: number): number {
  let col = 0;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c === 32) col++;
    else if (c === 9) col = (col & ~7) + 8;
    else if (c === 12) col = 0;
    else break;
  }
  return col;
}

/** The indentation columns open before token `upTo` (one per INDENT not yet closed). */
function indentStack(t: Tokens, src: Uint8Array, upTo: number): number[] {
  const stack: number[] = [];
  for (let j = 0; j < upTo; j++) {
    const k = t.kind[j]!;
    if (k === T.INDENT) stack.push(indentColumn(src, src.lastIndexOf(10, t.start[j]! - 1) + 1, t.end[j]!));
    else if (k === T.DEDENT) stack.pop();
  }
  return stack;
}

/**
 * The token stream of a non-exec mode, where CPython appends no "\n" to the source: the tokenizer
 * makes up no NEWLINE at the end (quarry's does, past the source's end: dropped here), and a
 * backslash ending the source is "unexpected character after line continuation character" (in
 * exec mode the appended "\n" makes it a continuation into end of file).
 */
export function nonExecTokens(t: Tokens, src: Uint8Array): Tokens {
  const n = t.count;
  if (src.length === 0 || src[src.length - 1] === 10) return t;
  if (t.error !== null && src[src.length - 1] === 0x5c && t.error.code === E.UnexpectedEof.code) {
    const lineStart = src.lastIndexOf(10, src.length - 1) + 1;
    let chars = 0;
    for (let b = lineStart; b < src.length - 1; b++) if ((src[b]! & 0xc0) !== 0x80) chars++;
    const lineno = t.error.lineno;
    return {
      ...t,
      error: pyError(E.LineContinuation, { lineno, offset: chars + 1, end_lineno: lineno, end_offset: 0 }),
      errorFromCode: true,
    };
  }
  // The tokenizer places this error at the end of its line, "\n" included: none here.
  const e = t.error;
  if (e !== null && e.code === E.UnindentMismatch.code && e.offset !== null && e.offset > 0 && e.lineno === lineCount(src)) {
    return { ...t, error: { ...e, offset: e.offset - 1 } };
  }
  const dedent = unindentMismatch(t, src);
  if (dedent !== null) return dedent;
  // The last NEWLINE, if only DEDENTs follow it before ENDMARKER and it ends past the source.
  let k = n - 2;
  while (k >= 0 && t.kind[k] === T.DEDENT) k--;
  if (k < 0 || t.kind[k] !== T.NEWLINE || t.end[k]! <= src.length || t.kind[n - 1] !== T.ENDMARKER) return t;
  const drop = <A extends Uint8Array | Int32Array>(a: A): A => {
    const b = a.slice(0, n - 1) as A;
    b.set(a.subarray(k + 1, n), k);
    return b;
  };
  return { ...t, count: n - 1, kind: drop(t.kind), start: drop(t.start), end: drop(t.end), value: drop(t.value) };
}

/**
 * Without exec mode's appended "\n", CPython's tokenizer takes a last line of only blanks for
 * an indented line: an INDENT before ENDMARKER (where the indentation is back at column 0; the
 * parser then fails there with "unexpected indent" unless, in single mode, it stops before).
 * Other streams are returned as they are.
 */
export function bareIndentTokens(t: Tokens, src: Uint8Array): Tokens {
  const n = t.count;
  if (src.length === 0 || src[src.length - 1] === 10 || t.error !== null || t.unclosed !== null || t.kind[n - 1] !== T.ENDMARKER) return t;
  // After DEDENTs the line is measured against an indentation CPython still holds: left alone.
  if (n >= 2 && t.kind[n - 2] === T.DEDENT) return t;
  const ls = src.lastIndexOf(10) + 1;
  let col = 0;
  for (let i = ls; i < src.length; i++) {
    const c = src[i]!;
    if (c === 32) col++;
    else if (c === 9) col = (col & ~7) + 8;
    else if (c === 12) col = 0;
    else return t;
  }
  if (col === 0) return t;
  const kind = new Uint8Array(n + 1);
  const start = new Int32Array(n + 1);
  const end = new Int32Array(n + 1);
  const value = new Int32Array(n + 1);
  kind.set(t.kind.subarray(0, n));
  start.set(t.start.subarray(0, n));
  end.set(t.end.subarray(0, n));
  value.set(t.value.subarray(0, n));
  // The ENDMARKER moves up one place; the INDENT spans the blanks of the last line.
  kind[n] = T.ENDMARKER;
  start[n] = end[n] = start[n - 1]!;
  kind[n - 1] = T.INDENT;
  start[n - 1] = ls;
  end[n - 1] = src.length;
  value[n - 1] = 0;
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
      return pyError(E.MultipleStatements, p.tokenLocation(last));
    }
  }
  return null;
}
