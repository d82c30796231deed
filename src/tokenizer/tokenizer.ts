// Tokenizer: UTF-8 bytes -> flat token arrays (struct of arrays). Knows nothing about the AST.
// A port of the behaviour (not the code) of CPython 3.14's C lexer (Parser/lexer/lexer.c) in the
// mode the parser uses it: no COMMENT/NL tokens, type comments only on request, no interactive mode.
//
// CONTRACT (the parser relies on it):
//  - Input is the normalized UTF-8 buffer from decodeSource (no BOM, newlines are "\n"). A buffer
//    that does not end in "\n" is read as if it did (CPython's string tokenizer appends one): the
//    last NEWLINE token then sits at [n, n+1), one byte past the buffer.
//  - Tokens are CPython's parser tokens with CPython's columns, as byte offsets [start, end):
//    NEWLINE ends just past its "\n" and starts at the "\n", or at the "#" of a comment before it
//    (as the parser's NEWLINE does; the tokenize module starts it at the "\n"); INDENT covers the
//    indentation [line start, first token); DEDENT is empty at the first token of its line;
//    DEDENTs and ENDMARKER at end of input are empty at the start of the line after the last "\n"
//    (CPython's parser gives these four col_offset -1; the tokenize module uses these positions).
//  - Hard keywords get their KW_* kind; NAME and keyword tokens carry an interned id in `value`
//    (NFKC-normalized for non-ASCII names, which are never keywords, as in CPython). A STRING
//    token's value is STRING_HAS_BACKSLASH when its text holds a backslash (so an escape-free
//    literal decodes without a scan), else 0. Other tokens have value 0. ASCII characters that are no token ($ ? `) become OP, which the parser rejects.
//    "<>" is a NOTEQUAL token, as in CPython: the parser must check the text is "!=".
//  - f-strings and t-strings arrive as FSTRING_START / FSTRING_MIDDLE / ... / FSTRING_END sequences
//    (TSTRING_* for t-strings), with the replacement fields tokenized in between.
//    DELIBERATE DEVIATION: CPython splits literal text at doubled braces ("{{", "}}") and after
//    "\N{...}" and reports odd end positions there, and may emit empty FSTRING_MIDDLE tokens. We emit
//    exactly ONE FSTRING_MIDDLE per maximal non-empty literal run; its [start, end) covers the raw
//    source bytes of the run, doubled braces included as written (the parser un-doubles them).
//  - On the first tokenizer error, one ERRORTOKEN is emitted at it, then ENDMARKER, and `error`
//    holds the SyntaxError CPython raises for it (see PySyntaxError for the position fields).
//  - An unclosed bracket at end of input is not a tokenizer error (CPython's parser reports it):
//    tokenization ends normally and `unclosed` describes the innermost open bracket. See also
//    `errorInFString` and `errorFromCode`, which tell how CPython ranks a tokenizer error against
//    a parser error found earlier.
//
// SPEED (about 150 MB/s over the stdlib on one core): one pass over bytes with lookup tables, an
// inlined ASCII-name path that hashes while scanning, struct-of-arrays output in one pre-sized
// buffer, no object or string per token, module-local constants, shared scratch state. Each trick
// carries a one-line comment where it is used.
import type { PySyntaxError } from "../core/diagnostics.js";
import { ERRORS as E, NO_LOCATION, pyError, type ArgsOf, type ErrorEntry } from "../core/error-catalog.js";
import { KEYWORD_LIST, type Interner } from "../core/interner.js";
import { isIdContinueNonAscii, isIdStartNonAscii, isPrintableNonAscii } from "../core/generated/unicode-ident.js";
import { TokenKind as T } from "./token-kind.js";

/**
 * The token stream, as parallel arrays indexed by token number. The arrays are longer than
 * `count` (spare capacity) and may be views of one shared ArrayBuffer; entries past `count`
 * (and past `lineCount` in `lineStarts`) are meaningless.
 */
export interface Tokens {
  /** Number of tokens, ENDMARKER included. */
  count: number;
  kind: Uint8Array;
  /** Byte offsets into the source buffer, [start, end). */
  start: Int32Array;
  end: Int32Array;
  /** Interned identifier id for NAME and keyword tokens; STRING_HAS_BACKSLASH or 0 for STRING; else 0. */
  value: Int32Array;
  /**
   * Byte offset of the start of each line (line 1 at index 0). Covers every line of the buffer,
   * plus the empty line after the final "\n" (real or implied) where ENDMARKER sits.
   */
  lineStarts: Int32Array;
  lineCount: number;
  /** The first tokenizer error, or null. */
  error: PySyntaxError | null;
  /**
   * True when `error` was raised while inside an f-string or t-string. CPython lets a parser error
   * found in an f-string expression win over such a later tokenizer error (pegen_errors.c).
   */
  errorInFString: boolean;
  /**
   * True when `error` is one pegen builds from the tokenizer's error code rather than one the
   * tokenizer raises itself: "unexpected EOF while parsing", "unindent does not match any outer
   * indentation level", TabError, "too many levels of indentation", "unexpected character after
   * line continuation character". The difference matters when the parser has already failed:
   * pegen's full-source scan (_PyPegen_tokenize_full_source_to_check_for_errors) lets a raised
   * tokenizer error replace a generic "invalid syntax", but for these it only checks for an
   * unclosed bracket opened on an earlier line than the parser's error (see `unclosed`).
   */
  errorFromCode: boolean;
  /**
   * The innermost bracket still open where tokenization stopped, at end of input or at an
   * `errorFromCode` error (the only errors after which CPython looks at open brackets), else
   * null: its byte offset, its character ("(", "[" or "{"), its line, and the error
   * CPython raises for it ("'(' was never closed", as raise_unclosed_parentheses_error places it).
   * `inFString`: tokenization stopped inside an f-/t-string (a replacement field left open); then
   * pegen's full-source scan keeps the parser's error (its tok_mode_stack_index check).
   */
  unclosed: { offset: number; char: string; lineno: number; inFString: boolean; error: PySyntaxError } | null;
  /**
   * Only when tokenized with type comments on: CPython's TYPE_IGNORE comments (`# type: ignore`
   * and what follows it), which the parser never sees but records, four numbers each: the line,
   * the tag's byte range [start, end) (the text after `ignore`), and 1 when the tag also holds
   * the line's "\n" (a type ignore alone on its line consumes it), else 0.
   */
  typeIgnores?: number[] | null;
}

/** Value of a STRING token whose text contains a backslash (an escape, or a line continuation). */
export const STRING_HAS_BACKSLASH = 1;

// The tables and constants below stay in this module on purpose: V8 folds a module-local
// `const` into the code that uses it, but reads an imported binding through its module cell
// (measured: moving them to a separate module cost ~15% throughput).

// CPython limits (Parser/tokenizer/*.h, Parser/lexer/state.h).
const MAXINDENT = 100;
const MAXLEVEL = 200;
const MAXFSTRINGLEVEL = 150;
const MAX_EXPR_NESTING = 3;
const TABSIZE = 8;

// "type:" and "ignore", as CPython's type comment prefix and TYPE_IGNORE spell them.
const TYPE_COLON = [116, 121, 112, 101, 58];
const IGNORE = [105, 103, 110, 111, 114, 101];

// Character codes used in the hot paths (named, so the switch arms read as the grammar).
const NL = 10,
  SP = 32,
  TAB = 9,
  FF = 12,
  HASH = 35,
  BSL = 92,
  SQ = 39,
  DQ = 34;
const LBRACE = 123,
  RBRACE = 125,
  COLON = 58,
  EXCL = 33,
  CR = 13;

// Byte classes. One table lookup replaces chains of range tests in the identifier loop.
// 1 = ASCII identifier char, 2 = non-ASCII byte (CPython treats every byte >= 128 as a potential
// identifier char and validates the whole name afterwards).
const ID_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) ID_CHAR[c] = 1;
  else if (c >= 128) ID_CHAR[c] = 2;
}
// 1 for bytes a single-quoted string body can skip without looking: everything but quotes,
// backslash, newline and the NUL end sentinel. Lets the string loop run as a tight scan.
const STR_PLAIN = new Uint8Array(256).fill(1);
STR_PLAIN[SQ] = STR_PLAIN[DQ] = STR_PLAIN[BSL] = STR_PLAIN[NL] = STR_PLAIN[0] = 0;
// 1 for bytes an f-string literal run can skip: also stops at braces.
const FSTR_PLAIN = new Uint8Array(STR_PLAIN);
FSTR_PLAIN[LBRACE] = FSTR_PLAIN[RBRACE] = 0;
// Byte class of a token's first byte, for the dispatch switch in lexRegular.
const C_OP = 0,
  C_NAME = 1,
  C_PREFIX = 2,
  C_DIGIT = 3,
  C_NL = 4,
  C_QUOTE = 5,
  C_HASH = 6,
  C_BSL = 7;
const C_EOF = 8,
  C_NONASCII = 9,
  C_DOT = 10,
  C_SIMPLE = 11,
  C_OP1 = 12,
  C_CR = 13;
const CLS = new Uint8Array(256).fill(C_OP);
for (let c = 0; c < 256; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) CLS[c] = C_NAME;
  else if (c >= 48 && c <= 57) CLS[c] = C_DIGIT;
  else if (c >= 128) CLS[c] = C_NONASCII;
}
for (const ch of "bBrRuUfFtT") CLS[ch.charCodeAt(0)] = C_PREFIX;
for (const ch of ",;~()[]") CLS[ch.charCodeAt(0)] = C_SIMPLE;
for (const ch of "=:+-*/%<>&|^@") CLS[ch.charCodeAt(0)] = C_OP1;
CLS[CR] = C_CR;
CLS[NL] = C_NL;
CLS[SQ] = CLS[DQ] = C_QUOTE;
CLS[HASH] = C_HASH;
CLS[BSL] = C_BSL;
CLS[0] = C_EOF;
CLS[46] = C_DOT;

// String prefix letters (b r u f t, any case) -> bit; 0 for other bytes.
const PREFIX_BIT = new Uint8Array(256);
PREFIX_BIT[98] = PREFIX_BIT[66] = 1; // b
PREFIX_BIT[114] = PREFIX_BIT[82] = 2; // r
PREFIX_BIT[117] = PREFIX_BIT[85] = 4; // u
PREFIX_BIT[102] = PREFIX_BIT[70] = 8; // f
PREFIX_BIT[116] = PREFIX_BIT[84] = 16; // t
const P_B = 1,
  P_R = 2,
  P_U = 4,
  P_F = 8,
  P_T = 16;

// Single-character operators -> kind (0: not an operator).
const ONE_CHAR = new Uint8Array(128);
ONE_CHAR[40] = T.LPAR;
ONE_CHAR[41] = T.RPAR;
ONE_CHAR[91] = T.LSQB;
ONE_CHAR[93] = T.RSQB;
ONE_CHAR[58] = T.COLON;
ONE_CHAR[44] = T.COMMA;
ONE_CHAR[59] = T.SEMI;
ONE_CHAR[43] = T.PLUS;
ONE_CHAR[45] = T.MINUS;
ONE_CHAR[42] = T.STAR;
ONE_CHAR[47] = T.SLASH;
ONE_CHAR[124] = T.VBAR;
ONE_CHAR[38] = T.AMPER;
ONE_CHAR[60] = T.LESS;
ONE_CHAR[62] = T.GREATER;
ONE_CHAR[61] = T.EQUAL;
ONE_CHAR[46] = T.DOT;
ONE_CHAR[37] = T.PERCENT;
ONE_CHAR[123] = T.LBRACE;
ONE_CHAR[125] = T.RBRACE;
ONE_CHAR[126] = T.TILDE;
ONE_CHAR[94] = T.CIRCUMFLEX;
ONE_CHAR[64] = T.AT;
ONE_CHAR[33] = T.EXCLAMATION;

// Two-character operators, keyed c1 * 128 + c2 (0: none). "<>" is NOTEQUAL as in CPython's
// tokenizer; the parser rejects it unless the text is "!=" (pegen's check_barry_as_flufl).
const TWO_CHAR = new Uint8Array(128 * 128);
function two(s: string, k: number): void {
  TWO_CHAR[s.charCodeAt(0) * 128 + s.charCodeAt(1)] = k;
}
two("!=", T.NOTEQUAL);
two("%=", T.PERCENTEQUAL);
two("&=", T.AMPEREQUAL);
two("**", T.DOUBLESTAR);
two("*=", T.STAREQUAL);
two("+=", T.PLUSEQUAL);
two("-=", T.MINEQUAL);
two("->", T.RARROW);
two("//", T.DOUBLESLASH);
two("/=", T.SLASHEQUAL);
two(":=", T.COLONEQUAL);
two("<<", T.LEFTSHIFT);
two("<=", T.LESSEQUAL);
two("==", T.EQEQUAL);
two(">=", T.GREATEREQUAL);
two(">>", T.RIGHTSHIFT);
two("@=", T.ATEQUAL);
two("<>", T.NOTEQUAL);
two("^=", T.CIRCUMFLEXEQUAL);
two("|=", T.VBAREQUAL);

// The Interner gives the hard keywords ids 1..35 in TokenKind order (KEYWORD_LIST), so a name's
// kind is one comparison away from its id.
const KEYWORD_COUNT = KEYWORD_LIST.length;
const KW_BASE = T.KW_FALSE - 1;
// Token kinds of the hottest pushes as module-local constants (folded into the code; a property
// of the imported TokenKind object is a load).
const K_NAME = T.NAME,
  K_NEWLINE = T.NEWLINE;

// ignoreBOM keeps a U+FEFF inside the source (an invalid character there) instead of dropping it.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function both(saw: number, a: number, b: number): boolean {
  return (saw & a) !== 0 && (saw & b) !== 0;
}
/** A digit of the radix whose prefix letter (lower-cased) is `lc`: x, o or b. */
function radixDigit(lc: number, c: number): boolean {
  if (lc === 120) return isHex(c);
  if (lc === 111) return c >= 48 && c <= 55;
  return c === 48 || c === 49;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/**
 * Tokenizes a normalized UTF-8 buffer (see decodeSource). Never throws on bad input: the first
 * error stops tokenization and is returned in `error`. Linear time; the arrays are pre-sized from
 * the input length and grown by doubling.
 */
export function tokenize(src: Uint8Array, interner: Interner): Tokens {
  return tokenizeInto(src, interner, /*reuse*/ false);
}

/**
 * tokenize() for callers that drop the Tokens before the next call (parse() does: the tree copies
 * the line table). With `reuse` the token arrays are views of one module-level buffer that the
 * next call overwrites: a parse then allocates (and zeroes) no token memory. With `typeComments`
 * (ast.parse's type_comments=True) `# type: ...` comments become TYPE_COMMENT tokens and
 * `# type: ignore...` ones are recorded in Tokens.typeIgnores, as CPython's lexer does.
 */
export function tokenizeInto(src: Uint8Array, interner: Interner, reuse: boolean, typeComments = false): Tokens {
  const lx = new Lexer(src, interner, reuse, /*trivia*/ false);
  // CPython's tok->type_comments (PyCF_TYPE_COMMENTS): TYPE_COMMENT tokens and TYPE_IGNOREs.
  if (typeComments) {
    lx.typeComments = true;
    lx.typeIgnores = [];
  }
  return finish(lx);
}

/**
 * The lexer in the mode of CPython's tokenize module (the C tokenizer with extra_tokens): also
 * emits COMMENT and NL, NEWLINE starts at its line break, and it is as lenient as that mode (no
 * identifier check, no number-suffix or leading-zero errors, unmatched closing brackets allowed,
 * f-string literal text split where CPython splits it, empty FSTRING_MIDDLE tokens kept). "\r"
 * is kept in the input and handled as CPython's lexer does. Errors are recorded as in the
 * parser mode; `tokenizer/stream.ts` turns them into what the tokenize module raises.
 */
export function tokenizeTrivia(src: Uint8Array, interner: Interner): Tokens & { bufStart: number; eofAfterContinuation: boolean } {
  const lx = new Lexer(src, interner, /*reuse*/ false, /*trivia*/ true);
  const t = finish(lx);
  return { ...t, bufStart: lx.bufStart, eofAfterContinuation: lx.eofAfterContinuation };
}

function finish(lx: Lexer): Tokens {
  lx.run();
  const r = lx.result();
  // Do not keep a huge scratch copy alive after an unusually large source.
  if (SCRATCH.length > 1 << 24) SCRATCH = new Uint8Array(1 << 16);
  if (TOKBUF.byteLength > 1 << 26) {
    TOKBUF = new ArrayBuffer(0);
    VIEWS = null;
  }
  if (KEEPBUF.byteLength > 1 << 26) KEEPBUF = new ArrayBuffer(0);
  return r;
}

// The shared token buffer of tokenizeInto(..., reuse = true), and the scratch buffer tokenize()
// lexes into before copying out (separate, so tokenize() never clobbers live reused tokens).
let TOKBUF = new ArrayBuffer(0);
let KEEPBUF = new ArrayBuffer(0);

// The views over TOKBUF the last reusing call laid out, and the line-table room they leave.
let VIEWS: {
  ab: ArrayBuffer;
  lines: number;
  cap: number;
  starts: Int32Array;
  ends: Int32Array;
  values: Int32Array;
  lineStarts: Int32Array;
  kinds: Uint8Array;
} | null = null;

// Mode stack entry kinds: CPython's TOK_REGULAR_MODE / TOK_FSTRING_MODE.
const REGULAR = 0,
  FSTRING = 1;

// Scratch buffer for the padded copy of the source (see the Lexer constructor).
let SCRATCH = new Uint8Array(1 << 16);

// Fixed-size state stacks, shared by all calls: tokenize is not re-entrant, and allocating a dozen
// small typed arrays per call costs more than lexing a small file.
const IND_STACK = new Int32Array(MAXINDENT + 1);
const ALT_STACK = new Int32Array(MAXINDENT + 1);
const PAREN_CHAR = new Uint8Array(MAXLEVEL + 1);
const PAREN_POS = new Int32Array(MAXLEVEL + 1);
const M_KIND = new Uint8Array(MAXFSTRINGLEVEL + 1);
const M_QUOTE = new Uint8Array(MAXFSTRINGLEVEL + 1);
const M_QSIZE = new Uint8Array(MAXFSTRINGLEVEL + 1);
const M_START = new Int32Array(MAXFSTRINGLEVEL + 1);
const M_RAW = new Uint8Array(MAXFSTRINGLEVEL + 1);
const M_IST = new Uint8Array(MAXFSTRINGLEVEL + 1);
const M_CURLY = new Int32Array(MAXFSTRINGLEVEL + 1);
const M_EXPR_START = new Int32Array(MAXFSTRINGLEVEL + 1);
const M_SPEC = new Uint8Array(MAXFSTRINGLEVEL + 1);

class Lexer {
  // Source padded with NUL bytes: reading past the end yields 0, the end-of-input sentinel, so
  // the hot loops need no bounds checks (a NUL inside the source is found where a loop stops on
  // it). Bytes past the padding are stale: nothing reads more than 4 bytes past `len`.
  readonly buf: Uint8Array;
  /** Length including the implied final "\n". */
  readonly len: number;
  pos = 0;
  /** Where CPython's tok->buf points: only used for the column of E_LINECONT errors. */
  bufStart = 0;
  readonly interner: Interner;
  // Token arrays (struct of arrays: no object per token).
  // (Set by place(), from the constructor.)
  kinds!: Uint8Array;
  starts!: Int32Array;
  ends!: Int32Array;
  values!: Int32Array;
  count = 0;
  /** Capacity of the token arrays (a field, so push reads one number, not an array's length). */
  cap = 0;
  /** The caller drops the tokens before the next call (see tokenizeInto). */
  readonly reuse: boolean;
  /** tokenize-module mode (see tokenizeTrivia). Read only off the hot paths. */
  readonly trivia: boolean;
  // Line table, filled as the lexer consumes each "\n" (one pass over the bytes, not two);
  // finishLines() completes it after an error.
  lineStarts!: Int32Array;
  lineCount = 1;
  linesDone = false;
  // Indentation (CPython's indstack/altindstack; altcol counts tabs as 1 column to detect TabError).
  readonly indstack = IND_STACK;
  readonly altindstack = ALT_STACK;
  indent = 0;
  atbol = true;
  // Bracket stack.
  level = 0;
  readonly parenChar = PAREN_CHAR;
  readonly parenPos = PAREN_POS;
  // f-string mode stack, one record per nesting level as parallel arrays; index 0 is the base.
  mIdx = 0;
  readonly mKind = M_KIND;
  readonly mQuote = M_QUOTE;
  readonly mQsize = M_QSIZE;
  readonly mStart = M_START;
  readonly mRaw = M_RAW;
  readonly mIsT = M_IST;
  readonly mCurly = M_CURLY;
  readonly mExprStart = M_EXPR_START;
  readonly mSpec = M_SPEC;
  error: PySyntaxError | null = null;
  errorInFString = false;
  errorFromCode = false;
  unclosed: Tokens["unclosed"] = null;
  done = false;
  /** The input ended right after a line continuation (tokenize reports such an EOF differently). */
  eofAfterContinuation = false;
  /** Type comments on (see tokenizeInto): read only where a comment ends. */
  typeComments = false;
  /** The TYPE_IGNOREs met, as Tokens.typeIgnores describes them. */
  typeIgnores: number[] | null = null;

  constructor(src: Uint8Array, interner: Interner, reuse: boolean, trivia: boolean) {
    this.trivia = trivia;
    const n = src.length;
    const virtualNl = n > 0 && src[n - 1] !== NL;
    this.len = virtualNl ? n + 1 : n;
    // The padded copy lives in a scratch buffer reused across calls (tokenize is not re-entrant
    // and never hands `buf` out), so a call allocates no memory for it after the first.
    if (SCRATCH.length < n + 5) SCRATCH = new Uint8Array(Math.max(n + 5, SCRATCH.length * 2));
    const buf = SCRATCH;
    buf.set(src);
    buf[n] = virtualNl ? NL : 0;
    buf[n + 1] = buf[n + 2] = buf[n + 3] = buf[n + 4] = 0;
    this.buf = buf;
    this.interner = interner;
    // The stdlib has one distinct name per ~160 bytes of source and one byte of names per ~18:
    // size the interner once, with some headroom, instead of doubling its tables as names come.
    interner.reserve(((n / 100) | 0) + 32, ((n / 12) | 0) + 256);
    // Tokens are lexed into a reused scratch buffer sized for dense code (one token per 4 bytes,
    // a line per 16): it is never zeroed, and a file rarely outgrows it. A caller that keeps the
    // tokens (reuse = false) gets exact-size copies from result(): allocating a guessed size
    // instead meant zeroing ~30% more memory, and growing (copying) for dense files.
    this.reuse = reuse;
    const lines = (n >> 4) + 16;
    const bytes = (((n / 4) | 0) + 64) * 13 + lines * 4;
    let ab: ArrayBuffer;
    if (reuse) {
      if (TOKBUF.byteLength < bytes) TOKBUF = new ArrayBuffer(Math.max(bytes, TOKBUF.byteLength * 2));
      ab = TOKBUF;
    } else {
      if (KEEPBUF.byteLength < bytes) KEEPBUF = new ArrayBuffer(Math.max(bytes, KEEPBUF.byteLength * 2));
      ab = KEEPBUF;
    }
    const v = VIEWS;
    if (reuse && v !== null && v.ab === ab && v.lines >= lines && v.cap >= ((n / 4) | 0) + 64) {
      // The views of the last call fit: making five typed arrays was a tenth of a small file's
      // fixed cost.
      this.starts = v.starts;
      this.ends = v.ends;
      this.values = v.values;
      this.lineStarts = v.lineStarts;
      this.kinds = v.kinds;
      this.cap = v.cap;
    } else {
      // All of the scratch buffer that the line table leaves (it may have grown for an earlier file).
      this.place(ab, ((ab.byteLength - lines * 4) / 13) | 0, lines, 0, 0);
      if (reuse)
        VIEWS = {
          ab,
          lines,
          cap: this.cap,
          starts: this.starts,
          ends: this.ends,
          values: this.values,
          lineStarts: this.lineStarts,
          kinds: this.kinds,
        };
    }
    this.lineStarts[0] = 0; // a reused buffer is not zeroed
    this.indstack[0] = 0;
    this.altindstack[0] = 0;
    this.mKind[0] = REGULAR;
    this.mCurly[0] = 0;
    this.mExprStart[0] = -1;
    this.mSpec[0] = 0;
  }

  /** Records the "\n" at p (each one exactly once, in order). */
  nl(p: number): void {
    if (this.lineCount === this.lineStarts.length) {
      const g = new Int32Array(this.lineStarts.length * 2);
      g.set(this.lineStarts);
      this.lineStarts = g;
    }
    this.lineStarts[this.lineCount++] = p + 1;
  }

  /** Records the lines the lexer did not reach (after an error); idempotent. */
  finishLines(): void {
    if (this.linesDone) return;
    this.linesDone = true;
    const buf = this.buf;
    for (let i = this.lineStarts[this.lineCount - 1]!; i < this.len; i++) if (buf[i] === NL) this.nl(i);
  }

  result(): Tokens {
    this.finishLines();
    // Entries past `count` are meaningless, but keep a few zeroed (as a fresh buffer has them) so
    // a read one or two tokens past the end sees kind 0, never a stale token of an earlier call.
    const z = Math.min(this.cap, this.count + 8);
    this.kinds.fill(0, this.count, z);
    this.values.fill(0, this.count, z);
    if (!this.reuse) {
      // Exact-size copies in one backing store (the scratch arrays belong to the next call).
      const l = this.lineCount;
      this.place(new ArrayBuffer(z * 13 + l * 4), z, l, z, l);
    }
    return {
      count: this.count,
      kind: this.kinds,
      start: this.starts,
      end: this.ends,
      value: this.values,
      lineStarts: this.lineStarts,
      lineCount: this.lineCount,
      error: this.error,
      errorInFString: this.errorInFString,
      errorFromCode: this.errorFromCode,
      unclosed: this.unclosed,
      typeIgnores: this.typeIgnores,
    };
  }

  run(): void {
    while (!this.done) {
      if (this.mKind[this.mIdx] === FSTRING) this.lexFString();
      else this.lexRegular();
    }
  }

  /**
   * A NUL byte inside the source. compile() rejects those before tokenizing, with no position
   * (null fields), so the tokens read so far are dropped. Every loop stops at a 0 byte (it is also
   * the end sentinel), and each end-of-input path calls this when the 0 is not the real end:
   * cheaper than a separate scan of the whole buffer.
   */
  nulError(at: number): void {
    // The tokenize module reads line by line and keeps the tokens before the NUL's line.
    if (!this.trivia) this.count = 0;
    this.fail(pyError(E.NullBytes, NO_LOCATION), at, at);
    this.errorInFString = false;
    this.unclosed = null;
  }

  push(kind: number, start: number, end: number, value: number): void {
    const i = this.count;
    if (i === this.cap) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.values[i] = value;
    this.count = i + 1;
  }

  /** push() for tokens without a value: the arrays start zeroed, so `value` needs no store. */
  push0(kind: number, start: number, end: number): void {
    const i = this.count;
    if (i === this.cap) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.values[i] = 0; // the arrays may be a reused, dirty buffer
    this.count = i + 1;
  }

  grow(): void {
    // Doubles the token arrays in one new backing store (the line table moves along). The new
    // store becomes the scratch buffer, so the next call does not grow again.
    const cap = this.cap * 2;
    const lines = this.lineStarts.length;
    const ab = new ArrayBuffer(cap * 13 + lines * 4);
    this.place(ab, cap, lines, this.count, this.lineCount);
    if (this.reuse) TOKBUF = ab;
    else KEEPBUF = ab;
  }

  /**
   * Lays the token arrays (room for `cap` tokens) and the line table (`lines` entries) out in
   * `ab` as [starts, ends, values, lines, kinds], Int32 columns first so they stay aligned, and
   * copies the first `tokens` tokens and `nlines` line starts over from the current arrays.
   */
  place(ab: ArrayBuffer, cap: number, lines: number, tokens: number, nlines: number): void {
    const s = new Int32Array(ab, 0, cap);
    const e = new Int32Array(ab, cap * 4, cap);
    const v = new Int32Array(ab, cap * 8, cap);
    const l = new Int32Array(ab, cap * 12, lines);
    const k = new Uint8Array(ab, cap * 12 + lines * 4, cap);
    if (tokens > 0) {
      s.set(this.starts.subarray(0, tokens));
      e.set(this.ends.subarray(0, tokens));
      v.set(this.values.subarray(0, tokens));
      k.set(this.kinds.subarray(0, tokens));
    }
    if (nlines > 0) l.set(this.lineStarts.subarray(0, nlines));
    this.starts = s;
    this.ends = e;
    this.values = v;
    this.lineStarts = l;
    this.kinds = k;
    this.cap = cap;
  }

  // ---- positions and errors ----

  /** 1-based line containing byte offset p. */
  lineOf(p: number): number {
    this.finishLines();
    const ls = this.lineStarts;
    let a = 0;
    let b = this.lineCount - 1;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (ls[m]! <= p) a = m;
      else b = m - 1;
    }
    return a + 1;
  }

  /** Number of code points in buf[a, b) (UTF-8: count the non-continuation bytes). */
  chars(a: number, b: number): number {
    let n = 0;
    for (let i = a; i < b; i++) if ((this.buf[i]! & 0xc0) !== 0x80) n++;
    return n;
  }

  /** Ends tokenization with an ERRORTOKEN [start, end) and the given error. */
  fail(err: PySyntaxError, start: number, end: number): void {
    this.error = err;
    this.errorInFString = this.mIdx > 0;
    // Keep token offsets in order even when the error points back into an earlier token (an
    // unterminated f-string is reported at its start).
    const prevEnd = this.count > 0 ? this.ends[this.count - 1]! : 0;
    if (start < prevEnd) start = prevEnd;
    if (end < start) end = start;
    // Only for code errors does CPython look at open brackets after an error (see errorFromCode).
    if (this.errorFromCode) this.noteUnclosed();
    this.push(T.ERRORTOKEN, start, end, 0);
    this.push(T.ENDMARKER, end, end, 0);
    this.done = true;
  }

  /**
   * CPython's _PyTokenizer_syntaxerror: the error sits at the tokenizer's read position `cur` on
   * the line being read; offset = code points from that line's start to `cur`.
   */
  syntaxError<Err extends ErrorEntry>(err: Err, tokStart: number, cur: number, ...args: ArgsOf<Err>): void {
    const line = this.lineOf(cur > 0 ? cur - 1 : 0);
    const off = this.chars(this.lineStarts[line - 1]!, cur);
    this.fail(pyError(err, { lineno: line, offset: off, end_lineno: line, end_offset: off }, ...args), tokStart, cur);
  }

  /** _PyTokenizer_syntaxerror_known_range: byte columns given explicitly (not converted). */
  syntaxErrorRange<Err extends ErrorEntry>(
    err: Err,
    tokStart: number,
    cur: number,
    col: number,
    endCol: number,
    ...args: ArgsOf<Err>
  ): void {
    const line = this.lineOf(tokStart);
    this.fail(pyError(err, { lineno: line, offset: col, end_lineno: line, end_offset: endCol }, ...args), tokStart, cur);
  }

  /** An error reported from the start of a string token (unterminated literals, missing '}'). */
  errorAtStringStart<Err extends ErrorEntry>(err: Err, strStart: number, cur: number, ...args: ArgsOf<Err>): void {
    const line = this.lineOf(strStart);
    const off = this.chars(this.lineStarts[line - 1]!, strStart + 1);
    this.fail(pyError(err, { lineno: line, offset: off, end_lineno: line, end_offset: off }, ...args), strStart, cur);
  }

  /** Errors the C tokenizer signals by a code that pegen turns into a located exception. */
  indentError(err: typeof E.TabsAndSpaces | typeof E.TooDeepIndentation, lineStart: number): void {
    // RAISE_ERROR_KNOWN_LOCATION(lineno, col 0, lineno, -1): offset 1, end_offset 0.
    const line = this.lineOf(lineStart);
    this.errorFromCode = true;
    this.fail(pyError(err, { lineno: line, offset: 1, end_lineno: line, end_offset: 0 }), lineStart, lineStart);
  }

  /** E_DEDENT: pegen reports at the end of the offending line (its "\n" included), end_offset -1. */
  dedentError(lineStart: number, cur: number): void {
    const line = this.lineOf(lineStart);
    let e = this.buf.indexOf(NL, lineStart);
    e = e === -1 || e >= this.len ? this.len : e + 1;
    const off = this.chars(lineStart, e);
    this.errorFromCode = true;
    this.fail(pyError(E.UnindentMismatch, { lineno: line, offset: off, end_lineno: line, end_offset: -1 }), cur, cur);
  }

  /** E_EOF after a line continuation: "unexpected EOF while parsing" at the end of the last line. */
  eofError(tokStart: number): void {
    this.eofAfterContinuation = true;
    if (this.level > 0) {
      this.endOfInput(this.len);
      return;
    }
    const line = this.lineOf(this.len - 1);
    const off = this.chars(this.lineStarts[line - 1]!, this.len);
    this.errorFromCode = true;
    this.fail(pyError(E.UnexpectedEof, { lineno: line, offset: off, end_lineno: line, end_offset: -1 }), tokStart, this.len);
  }

  /**
   * E_LINECONT. pegen's column is cur - tok->buf, where tok->buf is the start of the line the
   * tokenizer last read while between tokens (`bufStart`): after a backslash continuation or a
   * multi-line string it is an earlier line. The column is then clamped to the current line's
   * length + 1 while converting to code points (the byte past the line counts as one more).
   * end_offset is 0 (RAISE_ERROR_KNOWN_LOCATION with end -1).
   */
  lineContError(tokStart: number, cur: number): void {
    const line = this.lineOf(cur - 1);
    const ls = this.lineStarts[line - 1]!;
    let e = this.buf.indexOf(NL, ls);
    e = e === -1 || e >= this.len ? this.len : e + 1;
    const L = e - ls;
    const col = cur - this.bufStart;
    const off = col > L ? this.chars(ls, e) + 1 : this.chars(ls, ls + col);
    this.errorFromCode = true;
    this.fail(pyError(E.LineContinuation, { lineno: line, offset: off, end_lineno: line, end_offset: 0 }), tokStart, cur);
  }

  /** End of input in regular mode: DEDENTs were already emitted; ENDMARKER, noting an open bracket. */
  endOfInput(p: number): void {
    this.noteUnclosed();
    this.push(T.ENDMARKER, p, p, 0);
    this.done = true;
  }

  /** Records the innermost open bracket, if any, in `unclosed`. */
  noteUnclosed(): void {
    if (this.level === 0) return;
    const at = this.parenPos[this.level - 1]!;
    const line = this.lineOf(at);
    const ls = this.lineStarts[line - 1]!;
    const ch = String.fromCharCode(this.parenChar[this.level - 1]!);
    // RAISE_ERROR_KNOWN_LOCATION(lineno, col, lineno, -1): offset col + 1 in code points, end 0.
    const off = this.chars(ls, at + 1);
    this.unclosed = {
      offset: at,
      char: ch,
      lineno: line,
      inFString: this.mIdx > 0,
      error: pyError(E.NeverClosed, { lineno: line, offset: off, end_lineno: line, end_offset: 0 }, { char: ch }),
    };
  }

  prefixChar(): string {
    return this.mIsT[this.mIdx] ? "t" : "f";
  }

  /**
   * The comment [tokStart, end) (end at its "\n") as CPython's lexer reads it with type comments
   * on: "#", blanks, "type:", blanks (each blank run may be empty), then the text. Returns 0 for
   * a plain comment, 1 after pushing a TYPE_COMMENT (the text up to the line end), 2 after
   * recording a TYPE_IGNORE: text "ignore" followed by the end of the line or by an ASCII
   * character that is not alphanumeric.
   */
  typeComment(tokStart: number, end: number, blankline: boolean): number {
    const buf = this.buf;
    let p = tokStart + 1;
    while (buf[p] === SP || buf[p] === TAB) p++;
    for (let k = 0; k < 5; k++) {
      if (p >= end || buf[p] !== TYPE_COLON[k]) return 0;
      p++;
    }
    while (buf[p] === SP || buf[p] === TAB) p++;
    const ig = p + 6;
    let ignore = end >= ig;
    for (let k = 0; ignore && k < 6; k++) if (buf[p + k] !== IGNORE[k]) ignore = false;
    if (ignore && end > ig) {
      const c = buf[ig]!;
      if (c >= 128 || (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122)) ignore = false;
    }
    if (!ignore) {
      this.push0(T.TYPE_COMMENT, p, end);
      return 1;
    }
    this.typeIgnores!.push(this.lineCount, ig, end, blankline ? 1 : 0);
    return 2;
  }

  // ---- regular mode (tok_get_normal_mode) ----

  lexRegular(): void {
    const buf = this.buf;
    let pos = this.pos;
    let blankline = false;
    // CPython's tok->comment_newline (trivia mode): the line's COMMENT was on a blank line, so its
    // line break is NL even if a token (after a lone "\r") came between.
    let commentNl = false;
    let c = 0;
    for (;;) {
      // nextline:
      blankline = false;
      commentNl = false;
      if (this.atbol) {
        this.atbol = false;
        // A line read between tokens (CPython does not move tok->buf while inside an f-string; the
        // parser mode never needed that distinction).
        if (!this.trivia || this.mIdx === 0) this.bufStart = pos;
        let col = 0;
        let altcol = 0;
        let contLineCol = 0;
        for (;;) {
          c = buf[pos]!;
          if (c === SP) {
            col++;
            altcol++;
            pos++;
          } else if (c === TAB) {
            col = ((col / TABSIZE) | 0) * TABSIZE + TABSIZE;
            altcol++;
            pos++;
          } else if (c === FF) {
            col = altcol = 0;
            pos++;
          } else if (c === BSL) {
            // Indentation cannot be split by backslashes: the first one fixes the column.
            contLineCol = contLineCol ? contLineCol : col;
            const bs = pos;
            pos++;
            if (buf[pos] === CR && buf[pos + 1] === NL) pos++;
            const c2 = buf[pos]!;
            if (c2 !== NL) {
              if (c2 === 0) return this.nulError(pos);
              pos++;
              this.lineContError(bs, pos);
              return;
            }
            this.nl(pos);
            pos++;
            this.bufStart = pos;
            if (pos >= this.len) {
              this.pos = pos;
              this.eofError(bs);
              return;
            }
          } else break;
        }
        if (c === HASH || c === NL || c === CR) blankline = true;
        // Indentation errors are reported on the physical line being read (after any backslash
        // continuations), which is CPython's tok->lineno.
        const curLine = this.lineStarts[this.lineCount - 1]!;
        if (!blankline && this.level === 0) {
          if (contLineCol) col = altcol = contLineCol;
          const ind = this.indent;
          if (col === this.indstack[ind]) {
            if (altcol !== this.altindstack[ind]) {
              this.indentError(E.TabsAndSpaces, curLine);
              return;
            }
          } else if (col > this.indstack[ind]!) {
            if (ind + 1 >= MAXINDENT) {
              this.indentError(E.TooDeepIndentation, curLine);
              return;
            }
            if (altcol <= this.altindstack[ind]!) {
              this.indentError(E.TabsAndSpaces, curLine);
              return;
            }
            this.indent = ind + 1;
            this.indstack[ind + 1] = col;
            this.altindstack[ind + 1] = altcol;
            // From the start of the physical line holding the first token (after any backslash
            // continuations in the indentation), as the tokenize module reports it.
            this.push(T.INDENT, this.lineStarts[this.lineCount - 1]!, pos, 0);
          } else {
            let i = ind;
            while (i > 0 && col < this.indstack[i]!) i--;
            if (col !== this.indstack[i]) {
              this.dedentError(curLine, pos);
              return;
            }
            if (altcol !== this.altindstack[i]) {
              this.indentError(E.TabsAndSpaces, curLine);
              return;
            }
            // Pending dedents are emitted together (CPython hands them out one per call).
            const at = c === 0 ? this.len : pos;
            for (let k = i; k < ind; k++) this.push(T.DEDENT, at, at, 0);
            this.indent = i;
          }
        }
      }
      // again: one token per iteration, dispatched on the byte class of its first byte (a
      // switch over small integers compiles to a jump table).
      again: for (;;) {
        c = buf[pos]!;
        while (c === SP || c === TAB || c === FF) c = buf[++pos]!;
        const tokStart = pos;
        let cls = CLS[c]!;
        if (cls === C_PREFIX) {
          // A name starting with b r u f t (for, return, True, ...) is a string prefix only if a
          // quote follows the run of prefix letters; otherwise take the plain-name fast path.
          let j = pos + 1;
          while (j < pos + 5 && PREFIX_BIT[buf[j]!] !== 0) j++;
          const q = buf[j];
          if (q !== SQ && q !== DQ) cls = C_NAME;
        }
        switch (cls) {
          case C_NAME: {
            // Inlined ASCII-name fast path (names are ~40% of tokens): scan, hash, intern, and go
            // on to the next token without a call. Falls back to lexName on non-ASCII bytes.
            let h = 0x811c9dc5 | 0;
            let b = c;
            do {
              h = Math.imul(h ^ b, 0x01000193);
              b = buf[++pos]!;
            } while (ID_CHAR[b] === 1);
            if (ID_CHAR[b] === 0) {
              const id = this.interner.internAsciiHashed(buf, tokStart, pos, h);
              this.push(id <= KEYWORD_COUNT ? KW_BASE + id : K_NAME, tokStart, pos, id);
              continue;
            }
            this.pos = tokStart;
            this.lexName(c);
            break;
          }
          case C_SIMPLE:
            // Inlined single-character tokens that never start a longer one: , ; ~ ( ) [ ].
            // Outside f-strings, and with no error to report, they need no more than this.
            if (this.mIdx === 0) {
              if (c === 40 || c === 91) {
                const lv = this.level;
                if (lv < MAXLEVEL) {
                  this.parenChar[lv] = c;
                  this.parenPos[lv] = pos;
                  this.level = lv + 1;
                  this.push0(ONE_CHAR[c]!, pos, ++pos);
                  continue;
                }
              } else if (c === 41 || c === 93) {
                const lv = this.level;
                if (lv > 0 && this.parenChar[lv - 1] === (c === 41 ? 40 : 91)) {
                  this.level = lv - 1;
                  this.push0(ONE_CHAR[c]!, pos, ++pos);
                  continue;
                }
              } else {
                this.push0(ONE_CHAR[c]!, pos, ++pos);
                continue;
              }
            }
            this.pos = pos;
            this.lexOperator(tokStart, c);
            break;
          case C_OP1:
            // Inlined operators of one character that could start a longer one (= : + - ...):
            // when the next byte does not extend it and no f-string is open, no call is needed.
            if (this.mIdx === 0 && TWO_CHAR[c * 128 + (buf[pos + 1]! & 127)] === 0) {
              this.push0(ONE_CHAR[c]!, pos, ++pos);
              continue;
            }
            this.pos = pos;
            this.lexOperator(tokStart, c);
            break;
          case C_PREFIX:
          case C_NONASCII:
            this.pos = pos;
            this.lexName(c);
            break;
          case C_HASH:
            if (this.trivia) {
              // A COMMENT token; the line break after it is the next token (NEWLINE or NL).
              do c = buf[++pos]!;
              while (c !== NL && c !== 0 && c !== CR);
              this.push0(T.COMMENT, tokStart, pos);
              commentNl = blankline;
              continue;
            }
            // Comments are skipped (the parser never sees them). A plain loop beats indexOf:
            // comments are short and the call overhead dominates.
            do c = buf[++pos]!;
            while (c !== NL && c !== 0);
            if (this.typeComments && c === NL) {
              const tc = this.typeComment(tokStart, pos, blankline);
              if (tc !== 0) {
                // The line break after a type comment is read as a token of its own (CPython
                // backs up to it): a NEWLINE that starts at the "\n", after a TYPE_COMMENT even
                // on a blank line; a TYPE_IGNORE alone on its line has consumed it.
                this.nl(pos);
                pos++;
                this.atbol = true;
                if (this.level === 0 && (tc === 1 || !blankline)) this.push0(K_NEWLINE, pos - 1, pos);
                break again;
              }
            }
            if (c === 0) {
              this.pos = pos;
              if (pos < this.len) this.nulError(pos);
              else this.endOfInput(pos);
              return;
            }
            // The NEWLINE after a comment starts at its "#" (tokStart).
            this.nl(pos);
            pos++;
            this.atbol = true;
            if (!blankline && this.level === 0) this.push0(K_NEWLINE, tokStart, pos);
            break again; // goto nextline
          case C_NL:
            this.nl(pos);
            pos++;
            this.atbol = true;
            if (!blankline && this.level === 0 && !commentNl) this.push0(K_NEWLINE, tokStart, pos);
            else if (this.trivia) this.push0(T.NL, tokStart, pos);
            break again; // goto nextline
          case C_CR:
            // Only the tokenize-module mode sees "\r" (decodeSource turns line ends into "\n").
            if (buf[pos + 1] === NL) {
              pos++;
              this.nl(pos);
              pos++;
              this.atbol = true;
              if (!blankline && this.level === 0 && !commentNl) this.push0(K_NEWLINE, tokStart, pos);
              else if (this.trivia) this.push0(T.NL, tokStart, pos);
              break again;
            }
            // CPython's blankline lives for one token: a line starting with a lone "\r" had no
            // indentation processing, yet ends in NEWLINE.
            blankline = false;
            this.pos = pos + 1;
            this.lexAfterCr(tokStart);
            break;
          case C_EOF:
            this.pos = pos;
            if (pos < this.len) this.nulError(pos);
            else this.endOfInput(pos);
            return;
          case C_QUOTE:
            this.pos = pos;
            this.lexString(tokStart, c);
            break;
          case C_DIGIT:
            this.pos = pos;
            this.lexNumber(tokStart);
            break;
          case C_DOT:
            this.pos = pos;
            if (isDigit(buf[pos + 1]!)) this.lexNumber(tokStart);
            else this.lexOperator(tokStart, c);
            break;
          case C_BSL: {
            pos++;
            if (buf[pos] === CR && buf[pos + 1] === NL) pos++;
            const c2 = buf[pos]!;
            if (c2 !== NL) {
              if (c2 === 0) return this.nulError(pos);
              pos++;
              this.lineContError(tokStart, pos);
              return;
            }
            this.nl(pos);
            pos++;
            if (pos >= this.len) {
              this.pos = pos;
              this.eofError(tokStart);
              return;
            }
            continue; // goto again
          }
          default:
            this.pos = pos;
            this.lexOperator(tokStart, c);
            break;
        }
        // The methods above leave this.pos after their token; resume there unless the token
        // ended tokenization or switched to f-string mode.
        if (this.done || this.mKind[this.mIdx] !== REGULAR) return;
        pos = this.pos;
      }
    }
  }

  // Identifiers, keywords, and string prefixes (b r u f t in any case and order).
  lexName(c: number): void {
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    const bits = PREFIX_BIT[c]!;
    if (bits !== 0) {
      let saw = 0;
      for (;;) {
        const b = PREFIX_BIT[c]!;
        if (b === 0 || (saw & b) !== 0) break;
        saw |= b;
        c = buf[++pos]!;
        if (c === SQ || c === DQ) {
          this.pos = pos;
          this.lexPrefixedString(start, saw, c);
          return;
        }
      }
    }
    // ASCII fast path: one table lookup per byte, hashing as we go so the interner need not
    // re-read the bytes (rescanning the few prefix letters from `start` is cheaper than a branch).
    pos = start;
    let nonascii = false;
    let h = 0x811c9dc5 | 0;
    for (;;) {
      const b = buf[pos]!;
      const k = ID_CHAR[b]!;
      if (k === 0) break;
      if (k === 2) nonascii = true;
      h = Math.imul(h ^ b, 0x01000193);
      pos++;
    }
    if (!nonascii) {
      const id = this.interner.internAsciiHashed(buf, start, pos, h);
      this.push(id <= KEYWORD_COUNT ? KW_BASE + id : T.NAME, start, pos, id);
      this.pos = pos;
      return;
    }
    this.lexNonAsciiName(start, pos);
  }

  // PEP 3131: validate against XID_Start / XID_Continue, then NFKC-normalize (never a keyword).
  lexNonAsciiName(start: number, end: number): void {
    if (this.trivia) {
      // The tokenize module does not validate identifiers: any run of name bytes is a NAME.
      this.push(T.NAME, start, end, 0);
      this.pos = end;
      return;
    }
    const s = utf8.decode(this.buf.subarray(start, end));
    let i = 0;
    let first = true;
    let bytes = 0;
    while (i < s.length) {
      const cp = s.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      let ok: boolean;
      if (cp < 0x80) ok = first ? ID_CHAR[cp] === 1 && !isDigit(cp) : ID_CHAR[cp] === 1;
      else ok = first ? isIdStartNonAscii(cp) : isIdContinueNonAscii(cp);
      if (!ok) {
        const cur = start + bytes;
        const hex = cp.toString(16).toUpperCase().padStart(4, "0");
        if (isPrintableNonAscii(cp)) this.syntaxError(E.InvalidCharacter, start, cur, { char: String.fromCodePoint(cp), hex });
        else this.syntaxError(E.NonPrintableCharacter, start, cur, { hex });
        return;
      }
      first = false;
      i += w;
    }
    const id = this.interner.intern(s.normalize("NFKC"));
    this.push(T.NAME, start, end, id);
    this.pos = end;
  }

  lexPrefixedString(start: number, saw: number, quote: number): void {
    let pair = "";
    if (both(saw, P_U, P_B)) pair = "ub";
    else if (both(saw, P_U, P_R)) pair = "ur";
    else if (both(saw, P_U, P_F)) pair = "uf";
    else if (both(saw, P_U, P_T)) pair = "ut";
    else if (both(saw, P_B, P_F)) pair = "bf";
    else if (both(saw, P_B, P_T)) pair = "bt";
    else if (both(saw, P_F, P_T)) pair = "ft";
    if (pair !== "") {
      const cur = this.pos + 1; // the quote has been read
      const ls = this.lineStarts[this.lineOf(start) - 1]!;
      this.syntaxErrorRange(E.IncompatiblePrefixes, start, cur, start + 1 - ls, cur - ls, { first: pair[0]!, second: pair[1]! });
      return;
    }
    if ((saw & (P_F | P_T)) !== 0) this.lexFStringStart(start, saw, quote);
    else this.lexString(start, quote);
  }

  // STRING tokens (all prefixes but f/t). this.pos is at the opening quote.
  lexString(start: number, quote: number): void {
    const buf = this.buf;
    let pos = this.pos + 1;
    let qsize = 1;
    let endq = 0;
    if (buf[pos] === quote) {
      if (buf[pos + 1] === quote) {
        qsize = 3;
        pos += 2;
      } else {
        this.push(T.STRING, start, pos + 1, 0); // empty string
        this.pos = pos + 1;
        return;
      }
    }
    let escapedQuote = false;
    let backslash = 0;
    for (;;) {
      // Skip plain bytes in a tight loop; only quotes, backslashes, newlines and EOF matter.
      const p0 = pos;
      while (STR_PLAIN[buf[pos]!] === 1) pos++;
      if (pos !== p0) endq = 0;
      const c = buf[pos]!;
      if (c === 0 || (c === NL && qsize === 1)) {
        if (c === 0 && pos < this.len) return this.nulError(pos);
        const detected = this.lineOf(c === 0 ? this.len - 1 : pos);
        if (this.mIdx > 0 && this.mQuote[this.mIdx] === quote && this.mQsize[this.mIdx] === qsize) {
          this.errorAtStringStart(E.FStringExpectingBrace, start, pos, { prefix: this.prefixChar() });
          return;
        }
        const err = qsize === 3 ? E.UnterminatedTripleString : escapedQuote ? E.UnterminatedStringEscapedQuote : E.UnterminatedString;
        this.errorAtStringStart(err as typeof E.UnterminatedString, start, pos, { line: detected });
        return;
      }
      pos++;
      if (c === quote) {
        endq++;
        if (endq === qsize) break;
      } else {
        endq = 0;
        if (c === BSL) {
          backslash = STRING_HAS_BACKSLASH;
          const e = buf[pos]!;
          if (e === quote) escapedQuote = true;
          else if (e === NL) this.nl(pos);
          else if (e === CR && buf[pos + 1] === NL) {
            // "\\\r\n" (tokenize-module mode keeps "\r"): the escape takes the whole line end.
            pos++;
            this.nl(pos);
          }
          if (e !== 0) pos++;
        } else if (c === NL) this.nl(pos - 1);
      }
    }
    this.push(T.STRING, start, pos, backslash);
    this.pos = pos;
  }

  lexFStringStart(start: number, saw: number, quote: number): void {
    const buf = this.buf;
    let pos = this.pos + 1;
    let qsize = 1;
    if (buf[pos] === quote && buf[pos + 1] === quote) {
      qsize = 3;
      pos += 2;
    }
    const isT = (saw & P_T) !== 0 ? 1 : 0;
    if (this.mIdx + 1 >= MAXFSTRINGLEVEL) {
      this.syntaxError(E.TooManyNestedFStrings, start, pos);
      return;
    }
    const m = ++this.mIdx;
    this.mKind[m] = FSTRING;
    this.mQuote[m] = quote;
    this.mQsize[m] = qsize;
    this.mStart[m] = start;
    this.mRaw[m] = (saw & P_R) !== 0 ? 1 : 0;
    this.mIsT[m] = isT;
    this.mCurly[m] = 0;
    this.mExprStart[m] = -1;
    this.mSpec[m] = 0;
    this.push(isT ? T.TSTRING_START : T.FSTRING_START, start, pos, 0);
    this.pos = pos;
  }

  // Numbers, following the C lexer's state machine (errors included).
  lexNumber(start: number): void {
    const buf = this.buf;
    let pos = start;
    let c = buf[pos]!;
    if (c === 46) {
      // ".5": fraction
      pos++;
      return this.numberFraction(start, pos);
    }
    if (c === 48) {
      c = buf[++pos]!;
      const lc = c | 32;
      if (lc === 120 || lc === 111 || lc === 98) {
        // 0x / 0o / 0b
        const kindName = lc === 120 ? "hexadecimal" : lc === 111 ? "octal" : "binary";
        pos++;
        for (;;) {
          c = buf[pos]!;
          if (c === 95) c = buf[++pos]!;
          if (!radixDigit(lc, c)) {
            if (lc !== 120 && isDigit(c))
              return this.syntaxError(E.InvalidDigit, start, pos + 1, { digit: String.fromCharCode(c), kind: kindName });
            return this.syntaxError(E.InvalidNumber, start, pos, { kind: kindName });
          }
          do c = buf[++pos]!;
          while (radixDigit(lc, c));
          if (c !== 95) break;
        }
        if (lc !== 120 && isDigit(c))
          return this.syntaxError(E.InvalidDigit, start, pos + 1, { digit: String.fromCharCode(c), kind: kindName });
        if (!this.verifyEndOfNumber(start, pos, kindName)) return;
        this.push(T.NUMBER, start, pos, 0);
        this.pos = pos;
        return;
      }
      // Maybe old-style octal: leading zeros.
      let nonzero = false;
      for (;;) {
        if (c === 95) {
          c = buf[++pos]!;
          if (!isDigit(c)) return this.syntaxError(E.InvalidNumber, start, pos, { kind: "decimal" });
        }
        if (c !== 48) break;
        c = buf[++pos]!;
      }
      const zerosEnd = pos + 1; // C's tok->cur after reading c
      if (isDigit(c)) {
        nonzero = true;
        pos = this.decimalTail(start, pos);
        if (pos < 0) return;
        c = buf[pos]!;
      }
      if (c === 46) return this.numberFraction(start, pos + 1);
      if ((c | 32) === 101) return this.numberExponent(start, pos);
      if ((c | 32) === 106) return this.numberImaginary(start, pos + 1);
      if (nonzero && !this.trivia) {
        const ls = this.lineStarts[this.lineOf(start) - 1]!;
        this.syntaxErrorRange(E.LeadingZeros, start, pos, start + 1 - ls, zerosEnd - ls);
        return;
      }
      if (!this.verifyEndOfNumber(start, pos, "decimal")) return;
      this.push(T.NUMBER, start, pos, 0);
      this.pos = pos;
      return;
    }
    pos = this.decimalTail(start, pos);
    if (pos < 0) return;
    c = buf[pos]!;
    if (c === 46) return this.numberFraction(start, pos + 1);
    if ((c | 32) === 101) return this.numberExponent(start, pos);
    if ((c | 32) === 106) return this.numberImaginary(start, pos + 1);
    if (!this.verifyEndOfNumber(start, pos, "decimal")) return;
    this.push(T.NUMBER, start, pos, 0);
    this.pos = pos;
  }

  /** Digits with single underscores between them, from pos (a digit). Returns the end, or -1 on error. */
  decimalTail(start: number, pos: number): number {
    const buf = this.buf;
    for (;;) {
      while (isDigit(buf[pos]!)) pos++;
      if (buf[pos] !== 95) return pos;
      pos++;
      if (!isDigit(buf[pos]!)) {
        this.syntaxError(E.InvalidNumber, start, pos, { kind: "decimal" });
        return -1;
      }
    }
  }

  /** After the ".": optional digits, then exponent / imaginary suffix. */
  numberFraction(start: number, pos: number): void {
    const buf = this.buf;
    if (isDigit(buf[pos]!)) {
      pos = this.decimalTail(start, pos);
      if (pos < 0) return;
    }
    const c = buf[pos]!;
    if ((c | 32) === 101) return this.numberExponent(start, pos);
    if ((c | 32) === 106) return this.numberImaginary(start, pos + 1);
    if (!this.verifyEndOfNumber(start, pos, "decimal")) return;
    this.push(T.NUMBER, start, pos, 0);
    this.pos = pos;
  }

  /** pos is at the "e"/"E". */
  numberExponent(start: number, pos: number): void {
    const buf = this.buf;
    const e = pos;
    pos++;
    let c = buf[pos]!;
    if (c === 43 || c === 45) {
      pos++;
      if (!isDigit(buf[pos]!)) {
        this.syntaxError(E.InvalidNumber, start, pos, { kind: "decimal" });
        return;
      }
    } else if (!isDigit(c)) {
      // "1e" not followed by digits: the number ends before the "e" (if "e" starts a keyword).
      if (!this.verifyEndOfNumber(start, e, "decimal")) return;
      this.push(T.NUMBER, start, e, 0);
      this.pos = e;
      return;
    }
    pos = this.decimalTail(start, pos);
    if (pos < 0) return;
    c = buf[pos]!;
    if ((c | 32) === 106) return this.numberImaginary(start, pos + 1);
    if (!this.verifyEndOfNumber(start, pos, "decimal")) return;
    this.push(T.NUMBER, start, pos, 0);
    this.pos = pos;
  }

  numberImaginary(start: number, pos: number): void {
    if (!this.verifyEndOfNumber(start, pos, "imaginary")) return;
    this.push(T.NUMBER, start, pos, 0);
    this.pos = pos;
  }

  /**
   * verify_end_of_number: a number directly followed by a keyword that may legally follow it
   * (and, else, for, if, in, is, not, or) only warns in CPython; any other ASCII identifier
   * character is "invalid <kind> literal", reported at the last character of the number.
   */
  verifyEndOfNumber(start: number, pos: number, kind: string): boolean {
    if (this.trivia) return true; // the tokenize module's mode checks no number suffix
    const buf = this.buf;
    const c = buf[pos]!;
    let r = false;
    if (c === 97) r = this.looksAhead(pos + 1, "nd");
    else if (c === 101) r = this.looksAhead(pos + 1, "lse");
    else if (c === 102) r = this.looksAhead(pos + 1, "or");
    else if (c === 105) {
      const c2 = buf[pos + 1];
      r = c2 === 102 || c2 === 110 || c2 === 115;
    } else if (c === 111) r = this.looksAhead(pos + 1, "r");
    else if (c === 110) r = this.looksAhead(pos + 1, "ot");
    if (r) return true;
    if (c < 128 && ID_CHAR[c] === 1) {
      this.syntaxError(E.InvalidNumber, start, pos, { kind });
      return false;
    }
    return true;
  }

  looksAhead(pos: number, s: string): boolean {
    for (let i = 0; i < s.length; i++) if (this.buf[pos + i] !== s.charCodeAt(i)) return false;
    return ID_CHAR[this.buf[pos + s.length]!] === 0;
  }

  // Operators and brackets, with the f-string replacement-field bookkeeping.
  lexOperator(start: number, c: number): void {
    const buf = this.buf;
    let pos = start + 1;
    const m = this.mIdx;
    if (m > 0 && (c === COLON || c === RBRACE || c === EXCL || c === LBRACE) && this.mExprStart[m]! >= 0) {
      const cursor = this.mCurly[m]! - (c !== LBRACE ? 1 : 0);
      if (c === COLON && cursor === this.mExprStart[m]) {
        // Start of a format spec: literal text follows, in f-string mode.
        this.mKind[m] = FSTRING;
        this.mSpec[m] = 1;
        this.push(T.COLON, start, pos, 0);
        this.pos = pos;
        return;
      }
    }
    if (c === 46) {
      if (buf[pos] === 46 && buf[pos + 1] === 46) {
        this.push(T.ELLIPSIS, start, pos + 2, 0);
        this.pos = pos + 2;
        return;
      }
      this.push(T.DOT, start, pos, 0);
      this.pos = pos;
      return;
    }
    const c2 = buf[pos]!;
    if (c < 128 && c2 < 128) {
      let k = TWO_CHAR[c * 128 + c2]!;
      if (k !== 0) {
        pos++;
        // Three-character operators all end in "=" and extend a two-character one.
        if (buf[pos] === 61) {
          if (k === T.DOUBLESTAR) {
            k = T.DOUBLESTAREQUAL;
            pos++;
          } else if (k === T.DOUBLESLASH) {
            k = T.DOUBLESLASHEQUAL;
            pos++;
          } else if (k === T.LEFTSHIFT) {
            k = T.LEFTSHIFTEQUAL;
            pos++;
          } else if (k === T.RIGHTSHIFT) {
            k = T.RIGHTSHIFTEQUAL;
            pos++;
          }
        }
        this.push(k, start, pos, 0);
        this.pos = pos;
        return;
      }
    }
    switch (c) {
      case 40: // (
      case 91: // [
      case LBRACE:
        if (this.level >= MAXLEVEL) {
          this.syntaxError(E.TooManyParentheses, start, pos);
          return;
        }
        this.parenChar[this.level] = c;
        this.parenPos[this.level] = start;
        this.level++;
        if (m > 0) this.mCurly[m]!++;
        break;
      case 41: // )
      case 93: // ]
      case RBRACE: {
        const ch = String.fromCharCode(c);
        if (m > 0 && this.mCurly[m] === 0 && c === RBRACE) {
          this.syntaxError(E.FStringSingleBrace, start, pos, { prefix: this.prefixChar() });
          return;
        }
        if (this.level === 0) {
          if (!this.trivia) {
            this.syntaxError(E.Unmatched, start, pos, { char: ch });
            return;
          }
        } else this.level--;
        const opening = this.parenChar[this.level]!;
        if (!this.trivia && !((opening === 40 && c === 41) || (opening === 91 && c === 93) || (opening === LBRACE && c === RBRACE))) {
          if (m > 0 && opening === LBRACE && this.mCurly[m]! - 1 === this.mExprStart[m]) {
            this.syntaxError(E.FStringUnmatched, start, pos, { prefix: this.prefixChar(), char: ch });
            return;
          }
          const oline = this.lineOf(this.parenPos[this.level]!);
          const o = String.fromCharCode(opening);
          const here = this.lineOf(start);
          if (oline !== here) this.syntaxError(E.MismatchedBracketOnLine, start, pos, { close: ch, open: o, line: oline });
          else this.syntaxError(E.MismatchedBracket, start, pos, { close: ch, open: o });
          return;
        }
        if (m > 0) {
          const d = --this.mCurly[m]!;
          if (d < 0) {
            this.syntaxError(E.FStringUnmatched, start, pos, { prefix: this.prefixChar(), char: ch });
            return;
          }
          if (c === RBRACE && d === this.mExprStart[m]) {
            // End of a replacement field: back to literal text.
            this.mExprStart[m]!--;
            this.mKind[m] = FSTRING;
            this.mSpec[m] = 0;
          }
        }
        break;
      }
      default:
        break;
    }
    if (c < 32 || c === 127) {
      const hex = c.toString(16).toUpperCase().padStart(4, "0");
      this.syntaxError(E.NonPrintableCharacter, start, pos, { hex });
      return;
    }
    const k = c < 128 ? ONE_CHAR[c]! : 0;
    this.push(k !== 0 ? k : T.OP, start, pos, 0);
    this.pos = pos;
  }

  // ---- f-string mode (tok_get_fstring_mode), literal runs merged (see the file header) ----

  lexFString(): void {
    const buf = this.buf;
    const m = this.mIdx;
    const quote = this.mQuote[m]!;
    const qsize = this.mQsize[m]!;
    const start = this.pos;
    let pos = start;
    // A replacement field right away: nothing literal to emit.
    if (buf[pos] === LBRACE && buf[pos + 1] !== LBRACE) {
      if (++this.mExprStart[m]! >= MAX_EXPR_NESTING) {
        this.syntaxError(E.FStringNestedTooDeeply, start, pos, { prefix: this.prefixChar() });
        return;
      }
      this.mKind[m] = REGULAR;
      this.lexRegular();
      return;
    }
    // The closing quote(s)?
    if (buf[pos] === quote && (qsize === 1 || (buf[pos + 1] === quote && buf[pos + 2] === quote))) {
      this.push(this.mIsT[m] ? T.TSTRING_END : T.FSTRING_END, pos, pos + qsize, 0);
      this.pos = pos + qsize;
      this.mIdx--;
      return;
    }
    const middle = this.mIsT[m] ? T.TSTRING_MIDDLE : T.FSTRING_MIDDLE;
    const raw = this.mRaw[m] === 1;
    let endq = 0;
    let unicodeEscape = false;
    for (;;) {
      const p0 = pos;
      while (FSTR_PLAIN[buf[pos]!] === 1) pos++;
      if (pos !== p0) endq = 0;
      const c = buf[pos]!;
      const inSpec = this.mSpec[m] === 1 && this.mExprStart[m]! >= 0;
      if (c === 0 || (qsize === 1 && c === NL)) {
        if (c === 0 && pos < this.len) return this.nulError(pos);
        if (inSpec && c === NL) {
          if (qsize === 1) {
            const p = this.prefixChar();
            this.syntaxError(E.FStringNewlineInSpec, start, pos + 1, { prefix: p });
            return;
          }
        }
        const detected = this.lineOf(c === 0 ? this.len - 1 : pos);
        const p = this.prefixChar();
        const fs = this.mStart[m]!;
        this.errorAtStringStart(qsize === 3 ? E.UnterminatedTripleFString : E.UnterminatedFString, fs, pos, { prefix: p, line: detected });
        return;
      }
      pos++;
      if (c === quote) {
        if (++endq === qsize) {
          pos -= qsize;
          break;
        }
        continue;
      }
      endq = 0;
      if (c === LBRACE) {
        if (buf[pos] !== LBRACE || inSpec) {
          // A replacement field starts: emit the literal run before it.
          pos--;
          if (++this.mExprStart[m]! >= MAX_EXPR_NESTING) {
            this.syntaxError(E.FStringNestedTooDeeply, start, pos, { prefix: this.prefixChar() });
            return;
          }
          this.mKind[m] = REGULAR;
          this.mSpec[m] = 0;
          break;
        }
        if (this.trivia) {
          // CPython ends the literal after the first brace of "{{" and skips the second.
          this.push(middle, start, pos, 0);
          this.pos = pos + 1;
          return;
        }
        pos++; // "{{" stays in the run
        unicodeEscape = false;
      } else if (c === RBRACE) {
        if (unicodeEscape) {
          // End of "\N{NAME}": literal (CPython ends a token here; we keep the run going).
          if (this.trivia) {
            this.push(middle, start, pos, 0);
            this.pos = pos;
            return;
          }
          unicodeEscape = false;
          continue;
        }
        if (buf[pos] === RBRACE && !inSpec && this.mCurly[m] === 0) {
          if (this.trivia) {
            this.push(middle, start, pos, 0);
            this.pos = pos + 1;
            return;
          }
          pos++; // "}}" stays in the run
          continue;
        }
        // A closing brace for the regular-mode lexer (end of field, or an error there).
        pos--;
        this.mKind[m] = REGULAR;
        this.mSpec[m] = 0;
        break;
      } else if (c === BSL) {
        const p = buf[pos]!;
        if (p === LBRACE || p === RBRACE) continue; // the brace is processed normally
        if (p === 0) continue;
        if (p === NL) this.nl(pos);
        else if (p === CR && buf[pos + 1] === NL) {
          pos++;
          this.nl(pos);
        }
        pos++;
        if (!raw && p === 78 /* N */) {
          if (buf[pos] === LBRACE) {
            pos++;
            unicodeEscape = true;
          }
        }
      } else if (c === NL) {
        this.nl(pos - 1);
      }
    }
    // CPython emits an empty literal where the lexer enters literal mode right at a "}" (the end
    // of a replacement field after a format spec); the parser does not want it.
    if (pos > start || this.trivia) this.push(middle, start, pos, 0);
    this.pos = pos;
  }

  /**
   * A "\r" not followed by "\n" (tokenize-module mode only). CPython's lexer then reads the next
   * character and goes on as if the token had started with it, so the "\r" joins the token that
   * follows: a number, string, operator, or a one-character OP for anything else.
   */
  lexAfterCr(tokStart: number): void {
    const buf = this.buf;
    const pos = this.pos;
    const c = buf[pos]!;
    const before = this.count;
    if (c === 0) {
      if (pos < this.len) this.nulError(pos);
      else this.endOfInput(pos);
      return;
    }
    if (c === SQ || c === DQ) {
      this.lexString(tokStart, c);
      return;
    }
    if (c === BSL) {
      let p = pos + 1;
      if (buf[p] === CR && buf[p + 1] === NL) p++;
      if (buf[p] !== NL) {
        this.lineContError(tokStart, p + 1);
        return;
      }
      this.nl(p);
      this.pos = p + 1;
      if (this.pos >= this.len) this.eofError(tokStart);
      return;
    }
    if (isDigit(c) || (c === 46 && isDigit(buf[pos + 1]!))) this.lexNumber(pos);
    else this.lexOperator(pos, c);
    if (this.count > before && this.kinds[before] !== T.ERRORTOKEN) this.starts[before] = tokStart;
  }
}
