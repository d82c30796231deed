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
    return { cls: "SyntaxError", msg: "too many nested parentheses", lineno: 1, offset: 1, end_lineno: 1, end_offset: 1 };
  }
  let err: PySyntaxError;
  if (e instanceof SyntaxErrorSignal) err = e.error;
  else if (e instanceof GenericSyntaxError) {
    const j = e.token;
    const k = p.kinds[j]!;
    if (k === T.ERRORTOKEN && tokens.error) return tokens.error;
    if (k === T.ENDMARKER && unclosed(tokens) !== null) return unclosed(tokens)!;
    if (k === T.INDENT) err = errAt(p, j, "unexpected indent", "IndentationError");
    else if (k === T.DEDENT) err = errAt(p, j, "unexpected unindent", "IndentationError");
    else err = errAt(p, j, "invalid syntax", "SyntaxError");
  } else throw e;
  if (tokens.error && !tokenErrorInFString(tokens)) return tokens.error;
  const u = unclosed(tokens);
  if (u !== null && err.lineno > u.lineno) return u;
  return err;
}

function errAt(p: Parser, j: number, msg: string, cls: "SyntaxError" | "IndentationError"): PySyntaxError {
  const [lineno, offset] = p.location(p.starts[j]!);
  const [end_lineno, end_offset] = p.location(p.ends[j]!);
  return { cls, msg, lineno, offset, end_lineno, end_offset };
}

/** "'(' was never closed" for the innermost bracket left open at the end of the file, if any. */
function unclosed(tokens: Tokens): PySyntaxError | null {
  const u = (tokens as Tokens & { unclosed?: PySyntaxError | null }).unclosed;
  return u ?? null;
}

/** True when the tokenizer's error token sits inside an f-string or t-string. */
function tokenErrorInFString(tokens: Tokens): boolean {
  let depth = 0;
  for (let j = 0; j < tokens.count; j++) {
    const k = tokens.kind[j]!;
    if (k === T.FSTRING_START || k === T.TSTRING_START) depth++;
    else if (k === T.FSTRING_END || k === T.TSTRING_END) depth--;
    else if (k === T.ERRORTOKEN) return depth > 0;
  }
  return false;
}
