// Entry point: source (str or bytes) -> decoded UTF-8 -> tokens -> tree, or CPython's syntax error.
import { decodeSource } from "../core/source.js";
import { Interner } from "../core/interner.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import { tokenize } from "../tokenizer/tokenizer.js";
import type { Tokens } from "../tokenizer/tokenizer.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { Tree } from "../ast/tree.js";
import { Parser, SyntaxErrorSignal, GenericSyntaxError } from "./state.js";
import { TooComplexSignal } from "./depth.js";
import { parseFile } from "./statements.js";
import { parseExpression, parseStarExpressions } from "./expressions.js";
import { NodeKind as K } from "../schema/generated/nodes.js";

export interface ParseOptions {
  /** Reserved: only "exec" (a module) is supported today. */
  mode?: "exec";
}

export interface ParseResult {
  /** The Module. When `error` is set this is an empty Module and should not be used. */
  tree: Tree;
  /** The SyntaxError CPython 3.14 raises for this source, or null if it parses. */
  error: PySyntaxError | null;
}

/**
 * Parses Python 3.14 source exactly as CPython's `ast.parse` does. Never throws on bad input:
 * a rejected program gets `error` with CPython's class, message and position.
 * `source` may be a string or the raw bytes of a file (BOM and PEP 263 coding cookies honoured).
 */
export function parse(source: string | Uint8Array, _options: ParseOptions = {}): ParseResult {
  const { bytes, error: decodeError } = decodeSource(source);
  if (decodeError !== null) return { tree: emptyTree(bytes), error: decodeError };
  const interner = new Interner();
  const ids = {
    match: interner.intern("match"),
    case: interner.intern("case"),
    type: interner.intern("type"),
    underscore: interner.intern("_"),
  };
  const tokens = tokenize(bytes, interner);
  const p = new Parser(bytes, tokens, interner, ids);
  try {
    parseFile(p);
  } catch (e) {
    return { tree: emptyTree(bytes), error: finalError(p, tokens, e) };
  }
  return { tree: p.tree, error: null };
}

function emptyTree(bytes: Uint8Array): Tree {
  const t = new Tree(bytes, [""], new Int32Array([0]), 1);
  t.root = t.add(50 /* Module */, 0, 0);
  return t;
}

// Turns a parser failure into the error CPython reports, applying its precedence rules
// (pegen_errors.c): a tokenizer error anywhere in the file wins over a parser error, unless it
// happened inside an f-string; an unclosed bracket wins when the error is on a later line.
function finalError(p: Parser, tokens: Tokens, e: unknown): PySyntaxError {
  if (e instanceof TooComplexSignal || e instanceof RangeError) {
    // A tokenizer error earlier in the file still wins (CPython tokenizes as it parses).
    if (tokens.error) return tokens.error;
    return { cls: "MemoryError", msg: "Parser stack overflowed - Python source too complex to parse", lineno: null, offset: null, end_lineno: null, end_offset: null };
  }
  let err: PySyntaxError;
  if (e instanceof SyntaxErrorSignal) err = e.error;
  else if (e instanceof GenericSyntaxError) {
    const j = e.token;
    const special = missingCommaOrParentheses(p, e.at);
    const k = p.kinds[j]!;
    if (k === T.ERRORTOKEN && tokens.error) return tokens.error;
    if (k === T.ENDMARKER && unclosed(tokens) !== null) return unclosed(tokens)!;
    if (special !== null) err = special;
    else if (k === T.INDENT) err = errAt(p, j, "unexpected indent", "IndentationError");
    else if (k === T.DEDENT) err = errAt(p, j, "unexpected unindent", "IndentationError");
    else if (k === T.ENDMARKER || k === T.DEDENT) {
      // "invalid syntax" is raised at the token's own location, and CPython's end-of-file tokens
      // have column -1: the error lands at offset 0 on the last line.
      const loc = p.tokenLocation(j);
      err = { cls: "SyntaxError", msg: "invalid syntax", lineno: loc.lineno, offset: 0, end_lineno: loc.lineno, end_offset: 0 };
    } else err = errAt(p, j, "invalid syntax", "SyntaxError");
  } else throw e;
  if (tokens.error && !tokens.errorInFString) return tokens.error;
  const u = unclosed(tokens);
  if (u !== null && (err.lineno ?? 0) > (u.lineno ?? 0)) return u;
  return err;
}

function errAt(p: Parser, j: number, msg: string, cls: "SyntaxError" | "IndentationError"): PySyntaxError {
  return { cls, msg, ...p.tokenLocation(j) };
}

/** "'(' was never closed" for the innermost bracket left open at the end of the file, if any. */
function unclosed(tokens: Tokens): PySyntaxError | null {
  return tokens.unclosed === null ? null : tokens.unclosed.error;
}

/**
 * CPython's second-pass rules for a disjunction directly followed by something unexpected:
 * invalid_legacy_expression ("Missing parentheses in call to 'print'") and invalid_expression
 * ("Perhaps you forgot a comma?", only inside brackets). `at` is where the parser gave up.
 */
function missingCommaOrParentheses(p: Parser, at: number): PySyntaxError | null {
  const a = p.lastDisj;
  if (a === 0 || a >= p.tree.count || p.lastDisjEnd !== at) return null;
  const aTok = p.lastDisjStart;
  const t = p.tree;
  const k = p.kinds[at]!;
  let legacy = "";
  if (t.kind[a] === K.Name) {
    const name = t.strings[t.slots[t.base[a]!]!]!;
    if (name === "print" || name === "exec") legacy = name;
  }
  if (legacy !== "") {
    if (k === T.LPAR) return null;
    const b = tryParse(p, at, parseStarExpressions);
    if (b === 0) return null;
    return span(p, `Missing parentheses in call to '${legacy}'. Did you mean ${legacy}(...)?`, t.start[a]!, t.end[b]!);
  }
  // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
  if (p.kinds[aTok] === T.NAME) {
    if (p.kinds[aTok + 1] === T.STRING) return null;
    const v = p.values[aTok];
    if (v === p.idMatch || v === p.idCase || v === p.idType || v === p.idUnderscore) return null;
  }
  const b = tryParse(p, at, parseExpression);
  if (b === 0) return null;
  // Only inside brackets: the bracket level at b's last token.
  let level = 0;
  const last = p.i - 1;
  for (let j = 0; j <= last; j++) {
    const kk = p.kinds[j]!;
    if (kk === T.LPAR || kk === T.LSQB || kk === T.LBRACE) level++;
    else if (kk === T.RPAR || kk === T.RSQB || kk === T.RBRACE) level--;
  }
  if (level <= 0) return null;
  return span(p, "invalid syntax. Perhaps you forgot a comma?", t.start[a]!, t.end[b]!);
}

/** Parses with `rule` from token `at`; returns the node, or 0 if it does not parse. */
function tryParse(p: Parser, at: number, rule: (p: Parser) => number): number {
  p.i = at;
  p.depth = 0;
  try {
    return rule(p);
  } catch (e) {
    if (p.isSyntaxSignal(e) || e instanceof TooComplexSignal) return 0;
    throw e;
  }
}

function span(p: Parser, msg: string, s: number, e: number): PySyntaxError {
  const [lineno, offset] = p.location(s);
  const [end_lineno, end_offset] = p.location(e);
  return { cls: "SyntaxError", msg, lineno, offset, end_lineno, end_offset };
}
