// Parser state shared by the grammar files: the token arrays, the tree under construction,
// a scratch stack for list items, and the error channel. One object, passed explicitly.
import { TokenKind as T } from "../tokenizer/token-kind.js";
import type { Tokens } from "../tokenizer/tokenizer.js";
import type { Interner } from "../core/interner.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import { ERRORS, pyError, type ArgsOf, type ErrorEntry } from "../core/error-catalog.js";
import { Tree, scratchTree } from "../ast/tree.js";
import { SLOT_COUNT, FIELD_SLOT } from "../ast/layout.js";

/** Thrown (and caught in parse()) to unwind on the first syntax error. Never escapes the parser. */
export class SyntaxErrorSignal {
  readonly error: PySyntaxError;
  constructor(error: PySyntaxError) {
    this.error = error;
  }
}

/**
 * CPython's parser stack limit (MAXSTACK in pegen) less the levels a module-level expression
 * statement already uses: deeper input fails with CPython's MemoryError. Rules count their
 * nesting in CPython's levels (depth.ts), so the limit lands where CPython's does.
 */
export const MAX_DEPTH = 5969;

// The list-item stack every parser starts from: parses never overlap, and a 1 KB allocation per
// parse was a tenth of parsing a 267-byte file. A grown stack replaces it (kept up to 1 MB).
let STACK = new Int32Array(256);

export class Parser {
  readonly src: Uint8Array;
  readonly tree: Tree;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly values: Int32Array;
  readonly ntok: number;
  readonly tokens: Tokens;
  /** Index of the current token. */
  i = 0;
  /** Furthest token index the parser has looked at (CPython reports generic errors there). */
  far = 0;
  /**
   * Furthest token index read at all, lookaheads for CPython's invalid_* rules included. Reading
   * the error token or the end of input inside brackets decides which error CPython reports.
   */
  maxRead = 0;
  /** Scratch stack for collecting list items; nested lists share it (mark/pop discipline). */
  stack: Int32Array = STACK;
  sp = 0;
  depth = 0;
  /** Interned ids of soft keywords and names the grammar tests for. */
  readonly idMatch: number;
  readonly idCase: number;
  readonly idType: number;
  readonly idUnderscore: number;
  /** Bracket nesting at each token is not stored; CPython's `level` is tracked here when needed. */
  readonly interner: Interner;

  /**
   * CPython parses twice when a file fails: a first pass with the plain grammar, then a second
   * pass with the invalid_* rules that produce specific messages. In the first pass the
   * second-pass errors (fail, failAtToken, failAtNode) are generic failures; errors CPython's
   * own first pass raises (literal decoding, forced tokens) use the raise* methods.
   */
  secondPass: boolean;
  /** This parser runs CPython's second pass (even while `secondPass` is off inside a rule that turns invalid rules off). */
  readonly pass2: boolean;
  /**
   * The mode is not exec: CPython then tokenizes the source as is (no "\n" appended), and a
   * NEWLINE at the very end (made up, or single mode's ENDMARKER turned NEWLINE) has no column,
   * like ENDMARKER.
   */
  nonExec = false;
  /** ast.parse's feature_version minor number: constructs newer than 3.<fv> are errors. */
  fv = 99;
  /**
   * PEP 401 (pegen's PyPARSE_BARRY_AS_BDFL): `<>` is NotEq and `!=` an error. Set by the option,
   * or from the moment a `from __future__ import barry_as_FLUFL` is parsed, anywhere.
   */
  barry = false;
  /**
   * Type comments attached so far (typeComments mode), in pairs: node id, TYPE_COMMENT token.
   * Null until the first; restore() drops the pairs of nodes it rolls back.
   */
  tc: number[] | null = null;

  /** `scratch`: build the tree in shared scratch columns (the caller compacts it before the next parse). */
  constructor(
    src: Uint8Array,
    tokens: Tokens,
    interner: Interner,
    ids: { match: number; case: number; type: number; underscore: number },
    secondPass = false,
    scratch = false,
  ) {
    this.secondPass = secondPass;
    this.pass2 = secondPass;
    this.src = src;
    this.tokens = tokens;
    this.kinds = tokens.kind;
    this.starts = tokens.start;
    this.ends = tokens.end;
    this.values = tokens.value;
    this.ntok = tokens.count;
    this.interner = interner;
    // No line table: the tree derives one from the source if positions are ever asked for (the
    // tokens' table lives in a scratch buffer the next parse reuses).
    this.tree = scratch ? scratchTree(src) : new Tree(src);
    this.idMatch = ids.match;
    this.idCase = ids.case;
    this.idType = ids.type;
    this.idUnderscore = ids.underscore;
  }

  // ---- tokens ----

  /** Kind of the token `n` ahead of the current one (ENDMARKER past the end). */
  peek(n: number): number {
    const j = this.i + n;
    if (j > this.far) this.far = j;
    if (j > this.maxRead) this.maxRead = j;
    return j < this.ntok ? this.kinds[j]! : T.ENDMARKER;
  }

  at(k: number): boolean {
    return this.kinds[this.i] === k;
  }

  /** Consumes the current token if it has kind `k`. */
  eat(k: number): boolean {
    if (this.kinds[this.i] === k) {
      this.i++;
      return true;
    }
    return false;
  }

  /** Consumes a token of kind `k` or fails with CPython's generic "invalid syntax". */
  expect(k: number): void {
    if (this.kinds[this.i] === k) this.i++;
    else this.invalidSyntax();
  }

  /** True if the current token is the soft keyword with interned id `id`. */
  atSoft(id: number): boolean {
    return this.kinds[this.i] === T.NAME && this.values[this.i] === id;
  }

  /** Moves back to token `pos`, remembering how far we had read (for error positions). */
  rewind(pos: number): void {
    if (this.i > this.far) this.far = this.i;
    this.noteRead(this.far);
    this.i = pos;
  }

  /** Records that token `j` was read. */
  noteRead(j: number): void {
    if (j > this.maxRead) this.maxRead = j;
  }

  /** Start offset of the current token. */
  get pos(): number {
    return this.starts[this.i]!;
  }
  /** End offset of the previous token: the end of whatever was just parsed. */
  get lastEnd(): number {
    return this.ends[this.i - 1]!;
  }

  // ---- speculation ----

  /** Saves everything a failed speculative parse must undo. */
  checkpoint(): number[] {
    const t = this.tree;
    return [this.i, this.sp, t.count, t.slotTop, t.listTop, t.constants.length, this.depth];
  }

  /** Undoes everything parsed since `c` (nodes, lists, constants, tokens read). */
  restore(c: number[]): void {
    const t = this.tree;
    if (this.i > this.far) this.far = this.i;
    this.noteRead(this.far);
    this.i = c[0]!;
    this.sp = c[1]!;
    t.count = c[2]!;
    t.slotTop = c[3]!;
    t.listTop = c[4]!;
    t.constants.length = c[5]!;
    this.depth = c[6]!;
    if (this.tc !== null) this.dropTypeComments(t.count);
  }

  /** Attaches the TYPE_COMMENT token `tok` to node `id` as its type_comment. */
  typeComment(id: number, tok: number): void {
    (this.tc ??= []).push(id, tok);
  }

  // Forgets the type comments of rows >= count (rolled back by a failed speculation).
  private dropTypeComments(count: number): void {
    const tc = this.tc!;
    let o = 0;
    for (let j = 0; j < tc.length; j += 2) {
      if (tc[j]! < count) {
        tc[o++] = tc[j]!;
        tc[o++] = tc[j + 1]!;
      }
    }
    tc.length = o;
  }

  isSyntaxSignal(e: unknown): boolean {
    return e instanceof SyntaxErrorSignal || e instanceof GenericSyntaxError;
  }

  /** Second and third results of parseArguments (positional list, keyword list). */
  argsOut = 0;
  kwOut = 0;
  /** The last disjunction parsed: its first token, the token after it, and its node. */
  lastDisjStart = -1;
  lastDisjEnd = -1;
  lastDisj = 0;
  /** Token index of the `{` of the f-/t-string replacement field being parsed (-1 outside one). */
  fieldOpen = -1;
  /** "f" or "t": the kind of string `fieldOpen` belongs to. */
  fieldPrefix = "f";
  /** Second pass: tokens from which invalid_legacy_expression's star_expressions was tried (its memo). */
  legacyTried: Uint8Array | null = null;
  /** Second pass: '[' / '{' tokens after a primary where genexp's invalid_comprehension was tried. */
  comprehensionTried: Uint8Array | null = null;
  /**
   * Second pass: tokens where CPython's memo already holds a disjunction parsed by
   * expression_without_invalid (invalid rules off), so a later `expression` there reuses it.
   */
  plainDisj: Uint8Array | null = null;
  /**
   * Second pass: tokens inside what an expression_without_invalid read (after its first token).
   * CPython's memo holds what it parsed there with the invalid rules off, so an `expression`
   * starting there later is read as it was: no invalid_* rule runs inside it.
   */
  plainExpr: Uint8Array | null = null;
  /**
   * Second pass: CPython's memo of the `strings` rule for runs with an f-/t-string, by first
   * token: 1 when first read with the invalid rules off and it failed, 2 when that succeeded.
   */
  stringsMemo: Uint8Array | null = null;
  /**
   * Second pass: calls and subscripts that failed generically with the invalid rules off, by
   * bracket token: [current token, furthest token reached, the error's token, its `at`] (see
   * pass2Trailer).
   */
  callFails: Map<number, number[]> | null = null;
  /**
   * Second pass, where an invalid rule looks at what follows the longest prefix that parses (an
   * f-/t-string field's expression, the expression after 'else', the simple statement after
   * `pass if x else`): a trailer, comparison pair, boolean operand, tuple item or conditional
   * that fails is dropped, as PEG backtracks (`(f)(x:)` leaves `(f)`), instead of failing the read.
   */
  pegPrefix = false;
  /**
   * Second pass: replacement fields whose expression (by first token) was read with the invalid
   * rules off (inside expression_without_invalid): CPython's memo then holds their annotated_rhs,
   * so a later read with the rules on runs no invalid rule inside it.
   */
  fieldsReadPlain: Uint8Array | null = null;
  /** Second pass: inside the `'else' !expression` check (see expressions.ts orelseOrStatement). */
  elseLookahead = false;
  /** Second pass: displays ('(', '[', '{') being parsed with the invalid rules on (stack cost model). */
  displays = 0;
  /** Second pass: bracket level after each token (CPython's token level), made when first needed. */
  levels: Int32Array | null = null;

  // ---- lists ----

  push(x: number): void {
    if (this.sp === this.stack.length) {
      const s = new Int32Array(this.stack.length * 2);
      s.set(this.stack);
      this.stack = s;
      if (s.length <= 1 << 18) STACK = s;
    }
    this.stack[this.sp++] = x;
  }

  /** Moves stack items above `mark` into a tree list; returns the list id. */
  popList(mark: number): number {
    const l = this.tree.list(this.stack, mark, this.sp);
    this.sp = mark;
    return l;
  }

  // ---- nodes ----

  node0(kind: number, s: number, e: number): number {
    return this.tree.add(kind, s, e);
  }
  // node1..node4 and nodeN fill a new row's slots with the given values and any further slots
  // with 0. The values are the stored fields in CPython's order: derived fields (type_comment,
  // Module.type_ignores, Constant.kind; see ast/layout.ts) are left out.
  // (Parents are not recorded while building: Tree.parent derives them on first use.)
  node1(kind: number, s: number, e: number, a: number): number {
    const t = this.tree;
    const id = t.addRow(kind, s, e);
    const base = t.base[id]!;
    const slots = t.slots;
    slots[base] = a;
    for (let i = 1, n = SLOT_COUNT[kind]!; i < n; i++) slots[base + i] = 0;
    return id;
  }
  node2(kind: number, s: number, e: number, a: number, b: number): number {
    const t = this.tree;
    const id = t.addRow(kind, s, e);
    const base = t.base[id]!;
    const slots = t.slots;
    slots[base] = a;
    slots[base + 1] = b;
    for (let i = 2, n = SLOT_COUNT[kind]!; i < n; i++) slots[base + i] = 0;
    return id;
  }
  node3(kind: number, s: number, e: number, a: number, b: number, c: number): number {
    const t = this.tree;
    const id = t.addRow(kind, s, e);
    const base = t.base[id]!;
    const slots = t.slots;
    slots[base] = a;
    slots[base + 1] = b;
    slots[base + 2] = c;
    for (let i = 3, n = SLOT_COUNT[kind]!; i < n; i++) slots[base + i] = 0;
    return id;
  }
  node4(kind: number, s: number, e: number, a: number, b: number, c: number, d: number): number {
    const t = this.tree;
    const id = t.addRow(kind, s, e);
    const base = t.base[id]!;
    const slots = t.slots;
    slots[base] = a;
    slots[base + 1] = b;
    slots[base + 2] = c;
    slots[base + 3] = d;
    for (let i = 4, n = SLOT_COUNT[kind]!; i < n; i++) slots[base + i] = 0;
    return id;
  }
  nodeN(kind: number, s: number, e: number, fields: number[]): number {
    const t = this.tree;
    const id = t.add(kind, s, e);
    const base = t.base[id]!;
    for (let j = 0; j < fields.length; j++) t.slots[base + j] = fields[j]!;
    return id;
  }

  kindOf(id: number): number {
    return this.tree.kind[id]!;
  }
  /** Field `i` (CPython's field order) of node `id`. */
  field(id: number, i: number): number {
    return this.tree.field(id, i);
  }
  /** Sets field `i` (CPython's field order, a stored field) of node `id`. */
  setField(id: number, i: number, v: number): void {
    const t = this.tree;
    t.slots[t.base[id]! + FIELD_SLOT[t.kind[id]!]![i]!] = v;
  }

  // ---- errors ----

  /** UTF-8 byte offset -> CPython (lineno, 1-based character offset). */
  location(off: number): [number, number] {
    const t = this.tree;
    const line = t.lineOf(off);
    const ls = t.lineStarts[line - 1]!;
    // Count code points: every byte that is not a UTF-8 continuation byte starts one.
    let chars = 0;
    for (let j = ls; j < off; j++) if ((this.src[j]! & 0xc0) !== 0x80) chars++;
    return [line, chars + 1];
  }

  /** Second-pass error spanning source offsets [s, e) (a generic failure in the first pass). */
  fail<E extends ErrorEntry>(err: E, s: number, e: number, ...args: ArgsOf<E>): never {
    if (!this.secondPass) this.invalidSyntax();
    this.raise(err, s, e, ...args);
  }

  /** An error CPython raises in either pass, spanning source offsets [s, e). */
  raise<E extends ErrorEntry>(err: E, s: number, e: number, ...args: ArgsOf<E>): never {
    throw new SyntaxErrorSignal(pyError(err, this.spanLocation(s, e), ...args));
  }

  /**
   * CPython's location of an error spanning source offsets [s, e). An end on a later line is
   * converted to characters with the start line's text (pegen_errors.c), so it is clipped to
   * that line's length plus one.
   */
  /**
   * The last multi-line span spanLocation placed: its start and end lines and its end as a
   * 1-based byte column on its own line, before it is clipped (error-line.ts).
   */
  spanLine = 0;
  spanEndLine = 0;
  spanEndColumn = 0;

  spanLocation(s: number, e: number): { lineno: number; offset: number; end_lineno: number; end_offset: number } {
    const [lineno, offset] = this.location(s);
    const [end_lineno, end_offset] = this.location(e);
    if (end_lineno === lineno) return { lineno, offset, end_lineno, end_offset };
    const t = this.tree;
    const ls = t.lineStarts[lineno - 1]!;
    let le = ls;
    while (le < this.src.length && this.src[le] !== 10 && this.src[le] !== 13) le++;
    // The end's byte column on its own line, 1-based, at most the start line's length + 1.
    const endColumn = e - t.lineStarts[end_lineno - 1]! + 1;
    this.spanLine = lineno;
    this.spanEndLine = end_lineno;
    this.spanEndColumn = endColumn;
    const endBytes = Math.min(endColumn, le - ls + 1);
    let chars = 0;
    for (let j = ls; j < ls + endBytes - 1; j++) if ((this.src[j]! & 0xc0) !== 0x80) chars++;
    return { lineno, offset, end_lineno, end_offset: chars + 1 };
  }

  /**
   * Second-pass RAISE_SYNTAX_ERROR_STARTING_FROM: from token `j` to where CPython's tokenizer
   * stands, the end of token `fetched` (default: the furthest token read). That end is a 0-based
   * column (CURRENT_POS is not shifted as known columns are), so it is one less than the 1-based
   * end offset of the token.
   */
  failStartingFrom<E extends ErrorEntry>(err: E, j: number, fetched: number, ...args: ArgsOf<E>): never {
    if (!this.secondPass) this.invalidSyntax();
    if (this.columnlessNewline(j)) {
      // The NEWLINE ending a non-exec source has no column (offset 0); the end is the tokenizer's
      // cursor, at the end of the last line.
      const t = this.tree;
      const line = t.lineOf(this.src.length > 0 ? this.src.length - 1 : 0);
      let n = 0;
      for (let b = t.lineStarts[line - 1]!; b < this.src.length; b++) if ((this.src[b]! & 0xc0) !== 0x80) n++;
      throw new SyntaxErrorSignal(pyError(err, { lineno: line, offset: 0, end_lineno: line, end_offset: n }, ...args));
    }
    const [lineno, offset] = this.location(this.starts[j]!);
    const end = this.ends[fetched]!;
    const t = this.tree;
    const end_lineno = t.lineOf(end > this.starts[fetched]! ? end - 1 : end);
    let chars = 0;
    for (let b = t.lineStarts[end_lineno - 1]!; b < end; b++) if ((this.src[b]! & 0xc0) !== 0x80) chars++;
    throw new SyntaxErrorSignal(pyError(err, { lineno, offset, end_lineno, end_offset: chars }, ...args));
  }

  /** Second-pass error located at token `j` (CPython's location for that token). */
  failAtToken<E extends ErrorEntry>(err: E, j: number, ...args: ArgsOf<E>): never {
    if (!this.secondPass) this.invalidSyntax();
    this.raiseAtToken(err, j, ...args);
  }

  /** An error CPython raises in either pass, located at token `j`. */
  raiseAtToken<E extends ErrorEntry>(err: E, j: number, ...args: ArgsOf<E>): never {
    throw new SyntaxErrorSignal(pyError(err, this.tokenLocation(j), ...args));
  }

  /**
   * Where CPython puts an error located at token `j`. INDENT, DEDENT and ENDMARKER have no column
   * in CPython's parser (-1), so it uses the tokenizer's cursor instead: the first token of the
   * line for INDENT/DEDENT, the end of the input (on the last line) at end of file; end_offset -1.
   */
  tokenLocation(j: number): { lineno: number; offset: number; end_lineno: number; end_offset: number } {
    const k = this.kinds[j]!;
    if (k === T.INDENT || k === T.DEDENT || k === T.ENDMARKER || this.columnlessNewline(j)) {
      const off = k === T.INDENT ? this.ends[j]! : this.starts[j]!;
      const t = this.tree;
      const atEof = off >= this.src.length;
      const line = t.lineOf(atEof && off > 0 ? off - 1 : off);
      const ls = t.lineStarts[line - 1]!;
      let chars = 0;
      // Past the end stands the "\n" exec mode appends (none in the other modes).
      for (let b = ls; b < off; b++) if (b >= this.src.length ? !this.nonExec : (this.src[b]! & 0xc0) !== 0x80) chars++;
      return { lineno: line, offset: chars, end_lineno: line, end_offset: -1 };
    }
    // CPython's NEWLINE token ends on its own line, one column past the "\n" (a comment before
    // it is part of the token).
    if (k === T.NEWLINE) {
      const [lineno, offset] = this.location(this.starts[j]!);
      const s = this.starts[j]!;
      let n = this.src.indexOf(10, s);
      if (n === -1) n = this.src.length;
      let chars = 0;
      for (let b = s; b < n; b++) if ((this.src[b]! & 0xc0) !== 0x80) chars++;
      return { lineno, offset, end_lineno: lineno, end_offset: offset + chars + 1 };
    }
    // A token spanning lines (a triple-quoted string) ends where spanLocation says: clipped to
    // its first line's length plus one.
    return this.spanLocation(this.starts[j]!, this.ends[j]!);
  }

  /**
   * Where CPython puts a forced token's error (`&&':'`: RAISE_ERROR_KNOWN_LOCATION at token `j`):
   * as tokenLocation, but at a token with no column, offset and end offset 0.
   */
  forcedTokenLocation(j: number): { lineno: number; offset: number; end_lineno: number; end_offset: number } {
    const loc = this.tokenLocation(j);
    const k = this.kinds[j]!;
    if (k === T.INDENT || k === T.DEDENT || k === T.ENDMARKER || this.columnlessNewline(j))
      return { lineno: loc.lineno, offset: 0, end_lineno: loc.lineno, end_offset: 0 };
    return loc;
  }

  /** Token `j` is a NEWLINE at the end of a non-exec source: CPython gives it no column. */
  columnlessNewline(j: number): boolean {
    return this.nonExec && this.kinds[j] === T.NEWLINE && this.starts[j]! >= this.src.length;
  }

  /** Fails with an error spanning node `id`. */
  failAtNode<E extends ErrorEntry>(err: E, id: number, ...args: ArgsOf<E>): never {
    this.fail(err, this.tree.start[id]!, this.tree.end[id]!, ...args);
  }

  /**
   * CPython's CHECK_VERSION: "<what> only supported in Python 3.<minor> and greater", raised
   * where CPython's parser stands (the furthest token it has read) when it builds the node.
   */
  versionError(minor: number, what: string, read = this.i): never {
    this.actionError(ERRORS.FeatureVersion, read, { what, minor });
  }

  /** RAISE_SYNTAX_ERROR in a grammar action: at the furthest token read (at least `read`). */
  actionError<E extends ErrorEntry>(err: E, read: number, ...args: ArgsOf<E>): never {
    const j = Math.min(Math.max(this.far, this.maxRead, read), this.ntok - 1);
    throw new VersionErrorSignal(pyError(err, this.tokenLocation(j), ...args));
  }

  /** Before 3.6, a NUMBER token (index j) with "_" is an error (pegen's _PyPegen_number_token). */
  numberUnderscores(j: number): void {
    if (this.src.subarray(this.starts[j]!, this.ends[j]!).includes(95)) {
      const at = Math.min(Math.max(this.far, this.maxRead, j), this.ntok - 1);
      throw new VersionErrorSignal(
        pyError(ERRORS.FeatureVersion, this.tokenLocation(at), { what: "Underscores in numeric literals are", minor: 6 }),
      );
    }
  }

  /** The furthest token read so far: where CPython reports a generic syntax error. */
  lastToken(): number {
    const j = Math.max(this.i, this.far);
    return Math.min(j, this.ntok - 1);
  }

  /** CPython's generic error at the furthest token read. */
  invalidSyntax(): never {
    throw new GenericSyntaxError(this.lastToken(), this.i);
  }

  /** CPython's generic error at token `j` (where its first pass stopped reading). */
  invalidSyntaxAt(j: number): never {
    throw new GenericSyntaxError(j, j);
  }
}

/**
 * An error a grammar action raises where the parser stands (RAISE_SYNTAX_ERROR at the furthest
 * token read): a CHECK_VERSION failure, or `!=` under barry_as_FLUFL. One in the first pass is
 * the error (CPython's second pass stops at once on the error indicator it leaves set).
 */
export class VersionErrorSignal extends SyntaxErrorSignal {}

/** A generic "invalid syntax" failure; parse() turns it into CPython's final error. */
export class GenericSyntaxError {
  /** Where CPython reports it: the furthest token read. */
  readonly token: number;
  /** The current token when the parser gave up. */
  readonly at: number;
  constructor(token: number, at: number) {
    this.token = token;
    this.at = at;
  }
}
