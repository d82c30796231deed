// TEMPORARY STUB (issue 4): a small tokenizer with the same output contract as
// src/tokenizer/tokenizer.ts (`Tokens`), used by the import extractor only until the real
// tokenize() lands. It covers what import extraction needs (names, keywords, strings, brackets,
// NEWLINE/INDENT/DEDENT, the first unterminated string/bracket error); it does not validate
// numbers, operators or f-string internals. Delete this file when src/tokenizer is implemented.
import { TokenKind } from "../tokenizer/token-kind.js";
import type { Tokens } from "../tokenizer/tokenizer.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import type { Interner } from "../core/interner.js";

const KEYWORDS: Record<string, number> = {
  False: 80, None: 81, True: 82, and: 83, as: 84, assert: 85, async: 86, await: 87, break: 88,
  class: 89, continue: 90, def: 91, del: 92, elif: 93, else: 94, except: 95, finally: 96, for: 97,
  from: 98, global: 99, if: 100, import: 101, in: 102, is: 103, lambda: 104, nonlocal: 105,
  not: 106, or: 107, pass: 108, raise: 109, return: 110, try: 111, while: 112, with: 113, yield: 114,
};

const OPS: [string, number][] = [
  ["**=", TokenKind.DOUBLESTAREQUAL], ["//=", TokenKind.DOUBLESLASHEQUAL], [">>=", TokenKind.RIGHTSHIFTEQUAL],
  ["<<=", TokenKind.LEFTSHIFTEQUAL], ["...", TokenKind.ELLIPSIS], ["->", TokenKind.RARROW],
  [":=", TokenKind.COLONEQUAL], ["**", TokenKind.DOUBLESTAR], ["//", TokenKind.DOUBLESLASH],
  ["==", TokenKind.EQEQUAL], ["!=", TokenKind.NOTEQUAL], ["<=", TokenKind.LESSEQUAL], [">=", TokenKind.GREATEREQUAL],
  ["<<", TokenKind.LEFTSHIFT], [">>", TokenKind.RIGHTSHIFT], ["+=", TokenKind.PLUSEQUAL], ["-=", TokenKind.MINEQUAL],
  ["*=", TokenKind.STAREQUAL], ["/=", TokenKind.SLASHEQUAL], ["%=", TokenKind.PERCENTEQUAL], ["&=", TokenKind.AMPEREQUAL],
  ["|=", TokenKind.VBAREQUAL], ["^=", TokenKind.CIRCUMFLEXEQUAL], ["@=", TokenKind.ATEQUAL],
  ["(", TokenKind.LPAR], [")", TokenKind.RPAR], ["[", TokenKind.LSQB], ["]", TokenKind.RSQB], ["{", TokenKind.LBRACE],
  ["}", TokenKind.RBRACE], [":", TokenKind.COLON], [",", TokenKind.COMMA], [";", TokenKind.SEMI], ["+", TokenKind.PLUS],
  ["-", TokenKind.MINUS], ["*", TokenKind.STAR], ["/", TokenKind.SLASH], ["|", TokenKind.VBAR], ["&", TokenKind.AMPER],
  ["<", TokenKind.LESS], [">", TokenKind.GREATER], ["=", TokenKind.EQUAL], [".", TokenKind.DOT], ["%", TokenKind.PERCENT],
  ["~", TokenKind.TILDE], ["^", TokenKind.CIRCUMFLEX], ["@", TokenKind.AT], ["!", TokenKind.EXCLAMATION],
];

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

export function stubTokenize(src: Uint8Array, interner: Interner): Tokens {
  const kind: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const value: number[] = [];
  const lineStarts: number[] = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === 10) lineStarts.push(i + 1);
  let error: PySyntaxError | null = null;
  const push = (k: number, s: number, e: number, v = 0) => {
    kind.push(k);
    start.push(s);
    end.push(e);
    value.push(v);
  };
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const fail = (msg: string, pos: number) => {
    const line = lineOf(pos);
    const col = pos - lineStarts[line - 1]! + 1;
    error = { cls: "SyntaxError", msg, lineno: line, offset: col, end_lineno: line, end_offset: col + 1 };
  };
  const indents = [0];
  const brackets: number[] = [];
  let atLineStart = true;
  let lineHasTokens = false;
  let i = 0;
  const n = src.length;
  outer: while (i < n) {
    if (atLineStart && brackets.length === 0) {
      let col = 0;
      let j = i;
      while (j < n && (src[j] === 32 || src[j] === 9 || src[j] === 12)) {
        col = src[j] === 9 ? (Math.floor(col / 8) + 1) * 8 : src[j] === 12 ? 0 : col + 1;
        j++;
      }
      if (j >= n) break;
      const c = src[j]!;
      if (c === 10 || c === 35 || (c === 13 && src[j + 1] === 10) || (c === 92 && src[j + 1] === 10)) {
        // blank, comment-only or continuation line: no indentation change
        i = j;
        atLineStart = false;
      } else {
        if (col > indents[indents.length - 1]!) {
          indents.push(col);
          push(TokenKind.INDENT, i, j);
        } else {
          while (col < indents[indents.length - 1]!) {
            indents.pop();
            push(TokenKind.DEDENT, j, j);
          }
          if (col !== indents[indents.length - 1]!) {
            fail("unindent does not match any outer indentation level", j);
            break;
          }
        }
        i = j;
        atLineStart = false;
      }
    }
    const c = src[i]!;
    if (c === 32 || c === 9 || c === 12 || c === 13) {
      i++;
      continue;
    }
    if (c === 35) {
      while (i < n && src[i] !== 10) i++;
      continue;
    }
    if (c === 10) {
      if (brackets.length === 0 && lineHasTokens) push(TokenKind.NEWLINE, i, i + 1);
      if (brackets.length === 0) {
        lineHasTokens = false;
        atLineStart = true;
      }
      i++;
      continue;
    }
    if (c === 92 && (src[i + 1] === 10 || (src[i + 1] === 13 && src[i + 2] === 10))) {
      i += src[i + 1] === 10 ? 2 : 3;
      continue;
    }
    lineHasTokens = true;
    if (isNameStart(c)) {
      let j = i;
      while (j < n && isNameChar(src[j]!)) j++;
      const q = src[j];
      if ((q === 34 || q === 39) && j - i <= 2 && /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/.test(String.fromCharCode(...src.subarray(i, j)))) {
        const prefix = String.fromCharCode(...src.subarray(i, j)).toLowerCase();
        const e = scanString(src, j, prefix.includes("r"));
        if (e < 0) {
          fail("unterminated string literal", i);
          break outer;
        }
        if (prefix.includes("f")) {
          push(TokenKind.FSTRING_START, i, e);
          push(TokenKind.FSTRING_END, e, e);
        } else if (prefix.includes("t")) {
          push(TokenKind.TSTRING_START, i, e);
          push(TokenKind.TSTRING_END, e, e);
        } else push(TokenKind.STRING, i, e);
        i = e;
        continue;
      }
      let text = "";
      let ascii = true;
      for (let k = i; k < j; k++) if (src[k]! >= 0x80) ascii = false;
      if (ascii) {
        const id = interner.internAscii(src, i, j);
        text = interner.get(id);
        const kw = KEYWORDS[text];
        push(kw ?? TokenKind.NAME, i, j, id);
      } else {
        text = new TextDecoder().decode(src.subarray(i, j)).normalize("NFKC");
        push(TokenKind.NAME, i, j, interner.intern(text));
      }
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      const e = scanString(src, i, false);
      if (e < 0) {
        fail("unterminated string literal", i);
        break;
      }
      push(TokenKind.STRING, i, e);
      i = e;
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && src[i + 1]! >= 48 && src[i + 1]! <= 57)) {
      let j = i;
      while (j < n && (isNameChar(src[j]!) || src[j] === 46 || ((src[j] === 43 || src[j] === 45) && (src[j - 1] === 101 || src[j - 1] === 69)))) j++;
      push(TokenKind.NUMBER, i, j);
      i = j;
      continue;
    }
    for (const [op, k] of OPS) {
      let ok = true;
      for (let m = 0; m < op.length; m++) if (src[i + m] !== op.charCodeAt(m)) ok = false;
      if (!ok) continue;
      if (k === TokenKind.LPAR || k === TokenKind.LSQB || k === TokenKind.LBRACE) brackets.push(k);
      if (k === TokenKind.RPAR || k === TokenKind.RSQB || k === TokenKind.RBRACE) {
        if (brackets.length === 0) {
          fail(`unmatched '${op}'`, i);
          break outer;
        }
        brackets.pop();
      }
      push(k, i, i + op.length);
      i += op.length;
      continue outer;
    }
    fail(`invalid character '${String.fromCharCode(c)}'`, i);
    break;
  }
  if (error === null && brackets.length > 0) fail("'(' was never closed", n);
  if (error !== null) {
    push(TokenKind.ERRORTOKEN, n, n);
  } else {
    if (lineHasTokens) push(TokenKind.NEWLINE, n, n);
    while (indents.length > 1) {
      indents.pop();
      push(TokenKind.DEDENT, n, n);
    }
  }
  push(TokenKind.ENDMARKER, n, n);
  return {
    count: kind.length,
    kind: Uint8Array.from(kind),
    start: Int32Array.from(start),
    end: Int32Array.from(end),
    value: Int32Array.from(value),
    lineStarts: Int32Array.from(lineStarts),
    lineCount: lineStarts.length,
    error,
    errorInFString: false,
    unclosed: null,
  };
}

// Returns the offset after the closing quote, or -1 when unterminated.
function scanString(src: Uint8Array, i: number, raw: boolean): number {
  const q = src[i]!;
  const triple = src[i + 1] === q && src[i + 2] === q;
  let j = i + (triple ? 3 : 1);
  while (j < src.length) {
    const c = src[j]!;
    if (c === 92) {
      j += 2;
      continue;
    }
    if (!triple && c === 10) return -1;
    if (c === q && (!triple || (src[j + 1] === q && src[j + 2] === q))) return j + (triple ? 3 : 1);
    j++;
  }
  void raw;
  return -1;
}
