// Entry point: source (str or bytes) -> decoded UTF-8 -> tokens -> tree, or CPython's syntax error.
import { decodeSource } from "../core/source.js";
import { Interner } from "../core/interner.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import { tokenizeInto } from "../tokenizer/tokenizer.js";
import type { Tokens } from "../tokenizer/tokenizer.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { Tree, LAZY_STRING } from "../ast/tree.js";
import { Parser, SyntaxErrorSignal, GenericSyntaxError } from "./state.js";
import { TooComplexSignal } from "./depth.js";
import { parseFile } from "./statements.js";
import {
  bareIndentTokens,
  interactiveTokens,
  nonExecTokens,
  multipleStatements,
  parseEvalInput,
  parseFuncTypeInput,
  parseInteractiveInput,
  type ParseMode,
} from "./modes.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { PyStr } from "../core/pyvalue.js";
import { attachTypeComments } from "./type-comments.js";
import { optimizeTree } from "../ast/optimize.js";
import { undecodedColumns } from "./error-line.js";
import { ERRORS as E, NO_LOCATION, pyError, type ArgsOf, type ErrorEntry } from "../core/error-catalog.js";

// The interner every parse reuses, and the soft keywords' ids (the same in every interner: the
// template pre-interns them).
const INTERNER = new Interner();
const IDS = {
  match: INTERNER.intern("match"),
  case: INTERNER.intern("case"),
  type: INTERNER.intern("type"),
  underscore: INTERNER.intern("_"),
};

export interface ParseOptions {
  /**
   * ast.parse's `mode` (default "exec"): "exec" parses a module (root Module), "eval" one
   * expression (root Expression), "single" one interactive statement (root Interactive; more than
   * one is CPython's "multiple statements found while compiling a single statement"), "func_type"
   * a signature type comment such as `(int, str) -> bool` (root FunctionType).
   */
  mode?: ParseMode;
  /**
   * ast.parse's `feature_version`, as `[3, minor]`: syntax newer than that Python version is
   * rejected with CPython's "... only supported in Python 3.N and greater" error (the checks
   * CPython's parser makes, no more). Throws a RangeError for a major version other than 3 or a
   * minor that is not a whole number.
   */
  featureVersion?: readonly [number, number];
  /**
   * Parse as under `from __future__ import barry_as_FLUFL` from the start (compile()'s
   * CO_FUTURE_BARRY_AS_BDFL flag): `<>` is the NotEq operator and `!=` a SyntaxError. Without
   * it, that future import turns this on for the code after it, as in CPython.
   */
  barryAsFLUFL?: boolean;
  /**
   * ast.parse's `type_comments=True`: `# type: ...` comments become the `type_comment` of the
   * Assign, For, With, FunctionDef (and async forms) and arg nodes the grammar gives them to,
   * `# type: ignore[...]` comments become Module.type_ignores' TypeIgnore nodes, and a type
   * comment anywhere else is CPython's SyntaxError. Default false: comments are comments.
   */
  typeComments?: boolean;
  /**
   * ast.parse's `optimize` (default -1): above 0, the tree is CPython 3.14's optimized AST
   * (PyCF_OPTIMIZED_AST): `__debug__` read as False, `'%s' % (x,)`-style formatting as an
   * f-string, negative and complex numbers in match patterns folded, and at 2 docstrings
   * removed (see ast/optimize.ts). -1 and 0 change nothing. Throws a RangeError for any other
   * value (CPython's "compile(): invalid optimize value").
   */
  optimize?: number;
  /**
   * Default true: the finished tree is copied into one buffer of exactly its size, so it retains
   * what Tree.byteSize() counts. Pass false when the tree is read and dropped at once (counting
   * nodes, extracting imports): it then keeps the headroom it was built with, and the parse
   * saves an allocation and a copy.
   */
  compact?: boolean;
  /**
   * Internal. Build the tree in the shared scratch columns and do not compact it: the tree is
   * valid only until the next parse. For callers that read the tree and drop it at once (import
   * extraction, node counts): no column is allocated per parse (sources up to about 150 KB).
   * @internal
   */
  reuse?: boolean;
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
export function parse(source: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const { bytes, error: decodeError } = decodeSource(source, options.mode === undefined || options.mode === "exec");
  if (decodeError !== null) return { tree: emptyTree(bytes), error: decodeError };
  // One interner serves every parse (reset, not reallocated): parse() is not re-entrant anyway
  // (the token arrays are shared scratch), and no id outlives the parse. (Keeping names from
  // file to file measured no faster, and a per-file table stays small and cache-warm.)
  const interner = INTERNER;
  interner.reset();
  const ids = IDS;
  // The token arrays are scratch (reused by the next parse); the tree copies the line table.
  const optimize = options.optimize;
  if (optimize !== undefined && !(optimize === -1 || optimize === 0 || optimize === 1 || optimize === 2)) {
    throw new RangeError(`optimize must be -1, 0, 1 or 2, not ${String(optimize)}`);
  }
  const typeComments = options.typeComments === true;
  let tokens = tokenizeInto(bytes, interner, /*reuse*/ true, typeComments);
  const mode = options.mode;
  let startRule = parseFile;
  if (mode !== undefined && mode !== "exec") {
    tokens = nonExecTokens(tokens, bytes);
    if (mode === "eval") {
      startRule = parseEvalInput;
      tokens = bareIndentTokens(tokens, bytes);
    } else if (mode === "single") {
      startRule = parseInteractiveInput;
      tokens = interactiveTokens(bareIndentTokens(tokens, bytes), bytes);
    } else if (mode === "func_type") {
      startRule = parseFuncTypeInput;
      tokens = bareIndentTokens(tokens, bytes);
    } else throw new TypeError(`mode must be exec, eval, single or func_type, not ${String(mode)}`);
  }
  // First pass: the plain grammar. Valid files never go further.
  // The first pass builds in scratch columns when compact() will copy the tree out anyway.
  const reuse = options.reuse === true;
  const p = new Parser(bytes, tokens, interner, ids, /*secondPass*/ false, reuse || options.compact !== false);
  // Only exec mode appends the "\n" a source may lack (CPython's exec_input): elsewhere the
  // NEWLINE at the end has no column.
  const nonExec = startRule !== parseFile;
  p.nonExec = nonExec;
  let fv = 99;
  if (options.featureVersion !== undefined) {
    const [major, minor] = options.featureVersion;
    if (major !== 3 || !Number.isInteger(minor))
      throw new RangeError(`featureVersion must be [3, minor], not [${String(major)}, ${String(minor)}]`);
    fv = minor;
  }
  p.fv = fv;
  p.barry = options.barryAsFLUFL === true;
  let first: unknown;
  try {
    startRule(p);
    const futureError = mode === "single" ? (multipleStatements(p) ?? checkFuture(p)) : checkFuture(p);
    if (futureError === null) {
      if (typeComments) attachTypeComments(p, tokens);
      if (options.compact !== false && !reuse) p.tree.compact();
      if (optimize !== undefined && optimize > 0) return { tree: optimizeTree(p.tree, optimize), error: null };
      return { tree: p.tree, error: null };
    }
    return { tree: emptyTree(bytes), error: futureError };
  } catch (e) {
    first = e;
  }
  // Any other error stands, a grammar action's (CHECK_VERSION, barry's '!=') included: CPython
  // leaves its error indicator set, so its second pass stops at once and the error stays.
  if (!(first instanceof GenericSyntaxError)) return { tree: emptyTree(bytes), error: finalError(p, tokens, first, source) };
  // Second pass, with CPython's invalid_* rules: the first specific error it meets is the error.
  // Tokens the first pass read count as read (CPython keeps them), so "no location" errors land
  // at the furthest token either pass read.
  const p2 = new Parser(bytes, tokens, interner, ids, /*secondPass*/ true);
  p2.nonExec = nonExec;
  p2.fv = fv;
  // CPython's flag is not reset for the second pass: a future import the first pass read holds
  // from its first token.
  p2.barry = p.barry;
  p2.far = Math.max(p.far, p.maxRead, first.token);
  p2.maxRead = p2.far;
  try {
    startRule(p2);
  } catch (e) {
    if (e instanceof GenericSyntaxError) {
      // A generic failure is reported where the first pass stopped.
      return { tree: emptyTree(bytes), error: finalError(p2, tokens, new GenericSyntaxError(first.token, e.at), source) };
    }
    return { tree: emptyTree(bytes), error: finalError(p2, tokens, e, source) };
  }
  return { tree: emptyTree(bytes), error: finalError(p, tokens, first, source) };
}

// CPython's compiler checks the leading `from __future__ import` statements (after a docstring)
// even for ast.parse (future.c): an unknown feature is a SyntaxError at its alias.
function checkFuture(p: Parser): PySyntaxError | null {
  const t = p.tree;
  const rootKind = t.kind[t.root]!;
  if (rootKind !== K.Module && rootKind !== K.Interactive) return null;
  // Fields by CPython's index: Module.body 0, Expr.value 0, Constant.value 0, ImportFrom.module 0,
  // .names 1, .level 2, alias.name 0.
  const body = t.field(t.root, 0);
  const n = t.listLength(body);
  for (let j = 0; j < n; j++) {
    const st = t.listItem(body, j);
    const k = t.kind[st]!;
    if (j === 0 && k === K.Expr) {
      const v = t.field(st, 0);
      if (t.kind[v] === K.Constant && isStrConstant(t, v)) continue;
    }
    if (k !== K.ImportFrom) break;
    const mod = t.field(st, 0);
    if (t.field(st, 2) !== 0 || mod === 0 || t.ident(mod) !== "__future__") break;
    const names = t.field(st, 1);
    const m = t.listLength(names);
    for (let q = 0; q < m; q++) {
      const a = t.listItem(names, q);
      const name = t.ident(t.field(a, 0));
      if (name === "braces") return spanError(p, t.start[a]!, t.end[a]!, E.FutureBraces);
      if (!FUTURE_FEATURES.has(name)) return spanError(p, t.start[a]!, t.end[a]!, E.UnknownFuture, { name });
    }
  }
  return null;
}

// Constant `v` holds a str. A plain literal run (LAZY_STRING) is bytes exactly when its first
// token has a b prefix: read from the source, as decoding a module's docstring just to learn its
// type cost as much as a small file's tree.
function isStrConstant(t: Tree, v: number): boolean {
  const raw = t.field(v, 0);
  if (raw !== LAZY_STRING) {
    const c = t.value(raw, v);
    return typeof c === "string" || c instanceof PyStr;
  }
  const src = t.source;
  for (let i = t.start[v]!; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x22 || c === 0x27) return true;
    if (c === 0x62 || c === 0x42) return false;
  }
  return true;
}

// The names `from __future__ import` accepts (CPython 3.14's __future__.all_feature_names).
const FUTURE_FEATURES = new Set([
  "nested_scopes",
  "generators",
  "division",
  "absolute_import",
  "with_statement",
  "print_function",
  "unicode_literals",
  "barry_as_FLUFL",
  "generator_stop",
  "annotations",
]);

function spanError<E extends ErrorEntry>(p: Parser, s: number, e: number, err: E, ...args: ArgsOf<E>): PySyntaxError {
  const [lineno, offset] = p.location(s);
  const [end_lineno, end_offset] = p.location(e);
  return pyError(err, { lineno, offset, end_lineno, end_offset }, ...args);
}

function emptyTree(bytes: Uint8Array): Tree {
  // An unparsed tree is an empty Module (row 0).
  return new Tree(bytes);
}

// finalError with the columns CPython gives a source read through a declared encoding: where
// its tokenizer stood decides which text of the error's line the columns count (error-line.ts).
function finalError(p: Parser, tokens: Tokens, e: unknown, raw: string | Uint8Array): PySyntaxError {
  const err = finalErrorDecoded(p, tokens, e);
  if (typeof raw === "string" || raw === p.src || err.lineno === null) return err;
  const t = p.tree;
  const endLine = (j: number): number => t.lineOf(Math.max(p.starts[j]!, p.ends[j]! - 1));
  const lastLine = t.lineOf(Math.max(0, p.src.length - 1));
  let tokLine: number;
  if (tokens.unclosed !== null && err === tokens.unclosed.error) tokLine = lastLine;
  else if (tokens.error !== null && err === tokens.error) tokLine = endLine(tokens.count - 2);
  else tokLine = endLine(Math.min(Math.max(p.maxRead, p.far, p.i), tokens.count - 1));
  // An end on a later line was clipped to the decoded start line: spanLocation kept it unclipped
  // (if this error is the last span it placed).
  const lastSpan = p.spanLine === err.lineno && p.spanEndLine === err.end_lineno;
  const endByte = err.end_lineno !== null && err.end_lineno > err.lineno && lastSpan ? p.spanEndColumn : 0;
  return undecodedColumns(err, raw, p.src, Math.min(tokLine, lastLine), endByte);
}

// Turns a parser failure into the error CPython reports, applying its precedence rules
// (pegen.c, pegen_errors.c):
//  - a tokenizer error the parser read (in either of CPython's passes) is the error;
//  - reading the end of input inside brackets is "'(' was never closed";
//  - a generic failure at INDENT/DEDENT is reported as is;
//  - otherwise CPython tokenizes the rest of the file: a tokenizer error there wins unless it is
//    inside an f-string, and an unclosed bracket wins when the error is on a later line.
function finalErrorDecoded(p: Parser, tokens: Tokens, e: unknown): PySyntaxError {
  const errTok = tokens.error !== null ? tokens.count - 2 : -1;
  const endTok = tokens.count - 1;
  const readUpTo = (): number => Math.max(p.maxRead, p.far, p.i);
  if (e instanceof TooComplexSignal || e instanceof RangeError) {
    // The overflow ends the parse: a tokenizer error stands only if the parser had read it.
    if (tokens.error && readUpTo() >= errTok) return tokens.error;
    return pyError(E.TooComplex, NO_LOCATION);
  }
  let err: PySyntaxError;
  // Not a SyntaxError (a format spec's UnicodeDecodeError): CPython reports it as is.
  if (e instanceof SyntaxErrorSignal && e.error.cls === "UnicodeDecodeError") return e.error;
  if (e instanceof SyntaxErrorSignal) err = e.error;
  else if (e instanceof GenericSyntaxError) {
    const j = e.token;
    const k = p.kinds[j]!;
    p.noteRead(Math.max(p.i, p.far));
    if (k === T.ERRORTOKEN && tokens.error) return tokens.error;
    if (errTok >= 0 && readUpTo() >= errTok) return tokens.error!;
    if (tokens.unclosed !== null && readUpTo() >= endTok) {
      return tokens.unclosed.error;
    }
    // A generic failure at INDENT/DEDENT is reported as is: CPython returns before it looks for
    // tokenizer errors further on (_PyPegen_set_syntax_error).
    if (k === T.INDENT) return pyError(E.UnexpectedIndent, p.tokenLocation(j));
    if (k === T.DEDENT) return pyError(E.UnexpectedUnindent, p.tokenLocation(j));
    if (k === T.ENDMARKER || k === T.DEDENT || p.columnlessNewline(j)) {
      // "invalid syntax" is raised at the token's own location, and CPython's end-of-file tokens
      // have column -1: the error lands at offset 0 on the last line.
      // An empty source's ENDMARKER is on line 0 (only the other modes can fail on one).
      const lineno = p.src.length === 0 ? 0 : p.tokenLocation(j).lineno;
      err = pyError(E.InvalidSyntax, { lineno, offset: 0, end_lineno: lineno, end_offset: 0 });
    } else err = pyError(E.InvalidSyntax, p.tokenLocation(j));
  } else throw e;
  if (errTok >= 0 && (readUpTo() >= errTok || (!tokens.errorInFString && !tokens.errorFromCode))) return tokens.error!;
  // _PyPegen_tokenize_full_source_to_check_for_errors: an unclosed bracket wins when the
  // furthest token read is on a later line than the bracket, unless the tokenizer stopped inside
  // an f-/t-string (the parser's error is then restored). A parser that read the end of input
  // raised it there already.
  const u = tokens.unclosed;
  if (u !== null && (readUpTo() >= endTok || (!u.inFString && p.tree.lineOf(p.starts[readUpTo()]!) > u.lineno))) return u.error;
  return err;
}
