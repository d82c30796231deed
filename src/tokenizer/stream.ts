// The public token stream: exactly what CPython 3.14's tokenize module yields (ENCODING, COMMENT,
// NL, NEWLINE, INDENT/DEDENT, f/t-string parts, ENDMARKER), stored as typed arrays. TokenInfo
// objects are made only when asked for. Built on the lexer's trivia mode (tokenizer.ts).
import { Interner } from "../core/interner.js";
import { decodeDeclared, decodeDeclaredLines, isWellFormed, surrogateError } from "../core/source.js";
import { ERRORS as E, NO_LOCATION, pyError } from "../core/error-catalog.js";
import { lookupCodec } from "../core/codecs.js";
import { TokenKind as T } from "./token-kind.js";
import { tokenizeTrivia, type Tokens } from "./tokenizer.js";

/** CPython's `token.tok_name`, indexed by token number (3.14: ENDMARKER = 0 ... ENCODING = 68). */
export const TOKEN_NAMES: readonly string[] = [
  "ENDMARKER",
  "NAME",
  "NUMBER",
  "STRING",
  "NEWLINE",
  "INDENT",
  "DEDENT",
  "LPAR",
  "RPAR",
  "LSQB",
  "RSQB",
  "COLON",
  "COMMA",
  "SEMI",
  "PLUS",
  "MINUS",
  "STAR",
  "SLASH",
  "VBAR",
  "AMPER",
  "LESS",
  "GREATER",
  "EQUAL",
  "DOT",
  "PERCENT",
  "LBRACE",
  "RBRACE",
  "EQEQUAL",
  "NOTEQUAL",
  "LESSEQUAL",
  "GREATEREQUAL",
  "TILDE",
  "CIRCUMFLEX",
  "LEFTSHIFT",
  "RIGHTSHIFT",
  "DOUBLESTAR",
  "PLUSEQUAL",
  "MINEQUAL",
  "STAREQUAL",
  "SLASHEQUAL",
  "PERCENTEQUAL",
  "AMPEREQUAL",
  "VBAREQUAL",
  "CIRCUMFLEXEQUAL",
  "LEFTSHIFTEQUAL",
  "RIGHTSHIFTEQUAL",
  "DOUBLESTAREQUAL",
  "DOUBLESLASH",
  "DOUBLESLASHEQUAL",
  "AT",
  "ATEQUAL",
  "RARROW",
  "ELLIPSIS",
  "COLONEQUAL",
  "EXCLAMATION",
  "OP",
  "TYPE_IGNORE",
  "TYPE_COMMENT",
  "SOFT_KEYWORD",
  "FSTRING_START",
  "FSTRING_MIDDLE",
  "FSTRING_END",
  "TSTRING_START",
  "TSTRING_MIDDLE",
  "TSTRING_END",
  "COMMENT",
  "NL",
  "ERRORTOKEN",
  "ENCODING",
];

// CPython token numbers used below (Lib/token.py).
const OP = 55,
  NEWLINE = 4,
  NL = 66,
  DEDENT = 6,
  ENDMARKER = 0,
  ENCODING = 68,
  STRING = 3;
const FSTRING_MIDDLE = 60,
  TSTRING_MIDDLE = 63;
const CR = 13;

// Internal TokenKind -> CPython exact token number.
const TO_CPYTHON = new Uint8Array(128);
{
  const byName = new Map(TOKEN_NAMES.map((n, i) => [n, i]));
  for (const [name, k] of Object.entries(T)) {
    const n = byName.get(name);
    if (n !== undefined) TO_CPYTHON[k] = n;
  }
  for (let k = T.KW_FALSE; k <= T.KW_YIELD; k++) TO_CPYTHON[k] = 1; // keywords are NAMEs
}

/**
 * What the tokenize module raises, as data. `cls` is "TokenError" (tokenize's own, for the C
 * tokenizer's SyntaxErrors, message as tokenize rewrites it), "IndentationError" or "TabError"
 * (raised as they are; lineno and offset are `args[1][1:3]`), "SyntaxError", "LookupError" or
 * "UnicodeError" (from the encoding detection; no position), or "UnicodeEncodeError" (a string
 * source whose line holds a lone surrogate, which that line's UTF-8 encoding refuses; no position,
 * the message counts code points in that line).
 */
export interface TokenizeError {
  cls: "TokenError" | "IndentationError" | "TabError" | "SyntaxError" | "LookupError" | "UnicodeError" | "UnicodeEncodeError";
  msg: string;
  lineno: number | null;
  offset: number | null;
}

/** Options of tokenize(). */
export interface TokenizeOptions {
  /** The file name the encoding-detection errors mention (as for a file opened by name). */
  filename?: string;
}

/** One token as Python's `tokenize.TokenInfo` (plus the type names as `token.tok_name` spells them). */
export interface TokenInfo {
  /** Token number; operators are OP (55), as `TokenInfo.type`. */
  type: number;
  /** As `TokenInfo.exact_type`: LPAR, EQUAL, ... for operators. */
  exactType: number;
  typeName: string;
  exactTypeName: string;
  string: string;
  /** (line, column): 1-based line, column in code points. */
  start: [number, number];
  end: [number, number];
  /** The physical line(s) the token was found on, as tokenize reports them. */
  line: string;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * The tokens of one source, struct of arrays: token i has CPython exact type `exact[i]` and spans
 * `source[start[i], end[i])` (UTF-8 byte offsets into `source`, the text as tokenized). Positions,
 * strings and lines are computed on request. Token 0 is ENCODING when the input was bytes. When
 * the tokenize module would raise, `error` holds what it raises and the tokens are those it
 * yielded before raising.
 */
export class TokenStream {
  /** Number of tokens (ENCODING included for bytes input; ENDMARKER included unless `error`). */
  readonly count: number;
  /** CPython exact token number per token (index into TOKEN_NAMES). */
  readonly exact: Uint8Array;
  /** UTF-8 byte offsets into `source`: token i is `source[start[i], end[i])` (ENCODING: 0, 0). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** UTF-8 text as tokenized: decoded per the declared encoding, BOM removed, line ends kept. */
  readonly source: Uint8Array;
  /** The ENCODING token's string ("utf-8", "iso-8859-1", ...), or null for str input. */
  readonly encoding: string | null;
  readonly error: TokenizeError | null;
  readonly #lineStarts: Int32Array;
  /** Lines in the source (a missing final newline counts as present). */
  readonly #lines: number;
  readonly #len: number;

  /** @internal */
  constructor(
    source: Uint8Array,
    encoding: string | null,
    exact: Uint8Array,
    start: Int32Array,
    end: Int32Array,
    count: number,
    lineStarts: Int32Array,
    lines: number,
    len: number,
    error: TokenizeError | null,
  ) {
    this.source = source;
    this.encoding = encoding;
    this.exact = exact;
    this.start = start;
    this.end = end;
    this.count = count;
    this.#lineStarts = lineStarts;
    this.#lines = lines;
    this.#len = len;
    this.error = error;
  }

  /** `TokenInfo.type`: the exact type, except that every operator is OP. */
  type(i: number): number {
    const e = this.exact[i]!;
    return e >= 7 && e <= 54 ? OP : e;
  }
  /** `token.tok_name[TokenInfo.type]`: "OP" for every operator. */
  typeName(i: number): string {
    return TOKEN_NAMES[this.type(i)]!;
  }
  /** `token.tok_name[TokenInfo.exact_type]`: "LPAR", "EQUAL", ... ("OP" for "<>" and the like). */
  exactTypeName(i: number): string {
    return TOKEN_NAMES[this.exact[i]!]!;
  }

  /** `TokenInfo.string`. */
  string(i: number): string {
    const e = this.exact[i]!;
    if (e === ENCODING) return this.encoding ?? "";
    const n = this.source.length;
    const a = this.start[i]!;
    // An NL at the implied final newline is "", even after a "\r" (a NEWLINE there keeps the "\r").
    if (e === NL && this.end[i]! > n) return "";
    const b = Math.min(this.end[i]!, n);
    if (a >= b) return "";
    return utf8.decode(this.source.subarray(a, b));
  }

  // A trailing token: DEDENT or ENDMARKER at end of input (tokenize puts them on the line after
  // the last, column 0, with an empty line).
  #trailing(i: number): boolean {
    const e = this.exact[i]!;
    return (e === ENDMARKER || e === DEDENT) && this.start[i]! >= this.#len;
  }

  /** 1-based line holding byte offset p (p at a line start belongs to that line). */
  #lineOf(p: number): number {
    const ls = this.#lineStarts;
    let a = 0;
    let b = this.#lines; // lineStarts has lines + 1 entries
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (ls[m]! <= p) a = m;
      else b = m - 1;
    }
    return a + 1;
  }

  /**
   * Code points in source[a, b), a a line start; a byte past the end (the implied final newline)
   * counts one. Remembers the last answer, so walking a line's tokens in order stays linear.
   */
  #chars(a: number, b: number): number {
    let from = a;
    let c = 0;
    if (a === this.#colLine && b >= this.#colAt) {
      from = this.#colAt;
      c = this.#colChars;
    }
    const src = this.source;
    const n = src.length;
    for (let i = from; i < b; i++) if (i >= n || (src[i]! & 0xc0) !== 0x80) c++;
    this.#colLine = a;
    this.#colAt = b;
    this.#colChars = c;
    return c;
  }
  #colLine = -1;
  #colAt = 0;
  #colChars = 0;

  // The line tokenize counts a token on: where the lexer stood when the token was made.
  #currentLine(i: number): number {
    const e = this.exact[i]!;
    if (e === NEWLINE || e === NL) return this.#lineOf(this.start[i]!);
    return this.#lineOf(this.end[i]!);
  }

  #startLine(i: number): number {
    const e = this.exact[i]!;
    if (e === STRING || e === FSTRING_MIDDLE || e === TSTRING_MIDDLE) return this.#lineOf(this.start[i]!);
    return this.#currentLine(i);
  }

  /** `TokenInfo.start`: (line, column in code points). */
  startPos(i: number): [number, number] {
    if (this.exact[i] === ENCODING) return [0, 0];
    if (this.#trailing(i)) return [this.#lines + 1, 0];
    const l = this.#startLine(i);
    const ls = this.#lineStarts[l - 1]!;
    const s = this.start[i]!;
    return [l, s < ls ? -1 : this.#chars(ls, s)];
  }

  /** `TokenInfo.end`. */
  endPos(i: number): [number, number] {
    const e = this.exact[i]!;
    if (e === ENCODING) return [0, 0];
    if (this.#trailing(i)) return [this.#lines + 1, 0];
    if (e === NEWLINE || e === NL) {
      const [l, c] = this.startPos(i);
      return [l, c + (this.source[this.start[i]!] === CR ? 2 : 1)];
    }
    const l = this.#currentLine(i);
    return [l, this.#chars(this.#lineStarts[l - 1]!, this.end[i]!)];
  }

  /** `TokenInfo.line`: the physical line(s) of the token, without an implied final newline. */
  line(i: number): string {
    const e = this.exact[i]!;
    if (e === ENCODING || this.#trailing(i)) return "";
    const last = this.#currentLine(i);
    const first = this.#startLine(i);
    const n = this.source.length;
    const a = this.#lineStarts[first - 1]!;
    const b = Math.min(last < this.#lines + 1 ? this.#lineStarts[last]! : n, n);
    if (a >= b) return "";
    // Consecutive tokens share their line: decode it once.
    if (a !== this.#lineA || b !== this.#lineB) {
      this.#lineA = a;
      this.#lineB = b;
      this.#lineText = utf8.decode(this.source.subarray(a, b));
    }
    return this.#lineText;
  }
  #lineA = -1;
  #lineB = -1;
  #lineText = "";

  /** Token i as a TokenInfo object (made on each call). */
  token(i: number): TokenInfo {
    const type = this.type(i);
    const exactType = this.exact[i]!;
    return {
      type,
      exactType,
      typeName: TOKEN_NAMES[type]!,
      exactTypeName: TOKEN_NAMES[exactType]!,
      string: this.string(i),
      start: this.startPos(i),
      end: this.endPos(i),
      line: this.line(i),
    };
  }

  /** The tokens in order, one TokenInfo made per step (as iterating the tokenize generator). */
  *[Symbol.iterator](): IterableIterator<TokenInfo> {
    for (let i = 0; i < this.count; i++) yield this.token(i);
  }
}

/**
 * Tokenizes Python source exactly as CPython 3.14's tokenize module does: for bytes,
 * `tokenize.tokenize(io.BytesIO(source).readline)` (ENCODING first: the declared encoding, or
 * "utf-8"); for a string, `tokenize.generate_tokens(io.StringIO(source).readline)` (no ENCODING
 * token, no coding-cookie or BOM handling). Line ends are kept as written ("\r\n" NEWLINE strings).
 *
 * Never throws on bad input: where tokenize raises, the result holds the tokens it yields first
 * and `error` what it raises. Known limit: declared encodings quarry does not decode (see
 * core/source.ts), and utf_16/utf_32, are reported as a SyntaxError ("encoding not supported by
 * quarry: X").
 * Linear time.
 *
 * `options.filename` names the file in the encoding errors as `tokenize.tokenize(open(name,
 * "rb").readline)` words them ("unknown encoding for 'x.py': foo").
 */
export function tokenize(source: string | Uint8Array, options: TokenizeOptions = {}): TokenStream {
  let bytes: Uint8Array;
  let encoding: string | null = null;
  let unreadable: ReadFailure | null = null;
  if (typeof source === "string") {
    bytes = encoder.encode(source);
    if (!isWellFormed(source)) unreadable = surrogateLine(source);
  } else {
    const d = detectEncoding(source, options.filename ?? null);
    if ("error" in d) return failedStream(d.error);
    encoding = d.encoding;
    const body = d.bom ? source.subarray(3) : source;
    if (d.codec === "utf-8") {
      // The C tokenizer decodes each line with errors="replace".
      bytes = body;
      if (!isAscii(body)) {
        try {
          utf8Fatal.decode(body);
        } catch {
          bytes = encoder.encode(utf8.decode(body));
        }
      }
    } else {
      // Undecodable bytes become U+FFFD, as the C tokenizer decodes each line with errors="replace".
      // tokenize reads UTF-16 and UTF-32 line by line, which decodes otherwise than the whole
      // file (ast.parse): not modelled, so refused.
      const codec = lookupCodec(d.codec);
      const r =
        codec.kind === "wide"
          ? { bytes: body, error: pyError(E.EncodingUnsupported, NO_LOCATION, { name: d.codec, module: codec.module }) }
          : decodeDeclaredLines(body, d.codec);
      if (r.error !== null) {
        // A codec that exists but does not decode text fails only when the file is read.
        const cls =
          r.error.code === E.NotTextEncoding.code
            ? "LookupError"
            : r.error.code === E.UndefinedEncoding.code
              ? "UnicodeError"
              : "SyntaxError";
        const err: TokenizeError = { cls, msg: r.error.msg, lineno: null, offset: null };
        return failedStream(err);
      }
      bytes = r.bytes;
    }
  }
  return build(bytes, encoding, unreadable);
}

// A line the C tokenizer fails to read: tokens finished before it are yielded, then `error`.
interface ReadFailure {
  /** Byte offset (in the UTF-8 the lexer reads) where the line starts. */
  at: number;
  error: TokenizeError;
}

// generate_tokens reads a str line by line (lines end at "\n", as io.StringIO's readline splits
// them) and encodes each to UTF-8: the first line holding a lone surrogate raises str.encode's
// UnicodeEncodeError, positions counted in that line. Lone surrogates encode as U+FFFD (3 bytes).
function surrogateLine(source: string): ReadFailure {
  let lineStart = 0; // in the string
  let lineAt = 0; // in its UTF-8
  let at = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) {
      at += 1;
      lineStart = i + 1;
      lineAt = at;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < source.length && (source.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      at += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      let end = source.indexOf("\n", i);
      if (end < 0) end = source.length;
      const e = surrogateError(source.slice(lineStart, end));
      return { at: lineAt, error: { cls: "UnicodeEncodeError", msg: e.msg, lineno: null, offset: null } };
    } else at += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  throw new Error("surrogateLine: the source is well formed");
}

// A stream with no tokens: the source could not be read at all (`error` says why).
function failedStream(error: TokenizeError): TokenStream {
  return new TokenStream(
    new Uint8Array(0),
    null,
    new Uint8Array(0),
    new Int32Array(0),
    new Int32Array(0),
    0,
    new Int32Array(1),
    0,
    0,
    error,
  );
}

function isAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return false;
  return true;
}

// The lexer interns names as it goes; the stream does not use the ids, so one interner serves
// every call, replaced when it has grown large.
let INTERNER = new Interner();

function build(src: Uint8Array, encoding: string | null, unreadable: ReadFailure | null = null): TokenStream {
  if (INTERNER.size > 1 << 16) INTERNER = new Interner();
  const t = tokenizeTrivia(src, INTERNER);
  const n = src.length;
  const len = n > 0 && src[n - 1] !== 10 ? n + 1 : n;
  const lines = t.lineCount - 1;
  // Where the tokens the tokenize module yields stop, and what it raises there.
  let stop = t.count;
  let error: TokenizeError | null = null;
  const nul = src.indexOf(0);
  if (t.error !== null || t.unclosed !== null) {
    for (let i = 0; i < t.count; i++) {
      const k = t.kind[i];
      if (k === T.ERRORTOKEN || k === T.ENDMARKER) {
        stop = i;
        break;
      }
    }
    if (t.error === null || t.error.lineno !== null) error = convertError(t, src, len, lines);
  }
  // The C tokenizer checks each line as it reads it (for NUL bytes; a str line must encode to
  // UTF-8): tokens finished before the first line that fails are yielded, then it raises there.
  let failure = unreadable;
  if (nul !== -1 && (failure === null || lineStartOf(t, nul) < failure.at)) {
    const at = lineStartOf(t, nul);
    failure = { at, error: { cls: "TokenError", msg: "source code cannot contain null bytes", lineno: lineNumberOf(t, nul), offset: 0 } };
  }
  if (failure !== null && (t.error === null || t.error.lineno === null || t.end[stop]! >= failure.at)) {
    const ls = failure.at;
    let k = 0;
    while (k < stop && t.end[k]! <= ls && t.start[k]! < ls) k++;
    stop = k;
    error = failure.error;
  }
  const extra = encoding !== null ? 1 : 0;
  const count = stop + extra;
  const exact = new Uint8Array(count);
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  if (extra) exact[0] = ENCODING;
  for (let i = 0; i < stop; i++) {
    const k = t.kind[i]!;
    const s = t.start[i]!;
    let e = TO_CPYTHON[k]!;
    // "<>" and operators glued to a lone "\r" are OP with no exact type of their own.
    if (e >= 7 && e <= 54 && (src[s] === CR || (k === T.NOTEQUAL && src[s] === 60))) e = OP;
    exact[i + extra] = e;
    start[i + extra] = s;
    end[i + extra] = t.end[i]!;
  }
  return new TokenStream(src, encoding, exact, start, end, count, t.lineStarts.slice(0, t.lineCount), lines, len, error);
}

function lineNumberOf(t: Tokens, p: number): number {
  const ls = t.lineStarts;
  let a = 0;
  let b = t.lineCount - 1;
  while (a < b) {
    const m = (a + b + 1) >> 1;
    if (ls[m]! <= p) a = m;
    else b = m - 1;
  }
  return a + 1;
}

function lineStartOf(t: Tokens, p: number): number {
  return t.lineStarts[lineNumberOf(t, p) - 1]!;
}

function chars(src: Uint8Array, a: number, b: number): number {
  let c = 0;
  for (let i = a; i < b; i++) if (i >= src.length || (src[i]! & 0xc0) !== 0x80) c++;
  return c;
}

// The tokenize module's view of the lexer's error (Python-tokenize.c's _tokenizer_error for the
// errors the C lexer signals by code; tokenize.py's TokenError for the others).
function convertError(
  t: Tokens & { bufStart: number; eofAfterContinuation: boolean },
  src: Uint8Array,
  len: number,
  lines: number,
): TokenizeError {
  const err = t.error;
  if (err === null || err.msg === "unexpected EOF while parsing") {
    // End of input inside brackets or after a line continuation: tok->lineno is the last line,
    // the offset is in bytes from tok->buf to the end of input (0 when the lexer, between tokens
    // and outside any f-string, had just reset tok->buf to read on).
    const off = err === null && !t.eofAfterContinuation && !fstringOpen(t) ? 0 : len - t.bufStart;
    return { cls: "TokenError", msg: "unexpected EOF in multi-line statement", lineno: lines, offset: off };
  }
  if (t.errorFromCode) {
    // Indentation errors and E_LINECONT: offset = code points from tok->buf to the end of the
    // line read, its "\n" included.
    const line = err.lineno ?? 1;
    const lineEnd = line < t.lineCount ? t.lineStarts[line]! : len;
    const off = chars(src, t.bufStart, lineEnd);
    if (err.cls === "SyntaxError") return { cls: "TokenError", msg: err.msg, lineno: line, offset: off };
    return { cls: err.cls as "IndentationError" | "TabError", msg: err.msg, lineno: line, offset: off };
  }
  const msg = err.msg.includes("unterminated triple-quoted string literal") ? "EOF in multi-line string" : err.msg;
  if (err.cls === "IndentationError" || err.cls === "TabError") return { cls: err.cls, msg, lineno: err.lineno, offset: err.offset };
  return { cls: "TokenError", msg, lineno: err.lineno, offset: err.offset };
}

// True when the tokens end inside an f-string or t-string (an unmatched *STRING_START).
function fstringOpen(t: Tokens): boolean {
  let depth = 0;
  for (let i = 0; i < t.count; i++) {
    const k = t.kind[i];
    if (k === T.FSTRING_START || k === T.TSTRING_START) depth++;
    else if (k === T.FSTRING_END || k === T.TSTRING_END) depth--;
  }
  return depth > 0;
}

// ---- encoding detection (tokenize.detect_encoding) ----

type Detected = { encoding: string; codec: string; bom: boolean } | { error: TokenizeError };

function detectEncoding(b: Uint8Array, filename: string | null): Detected {
  let bom = false;
  let p = 0;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    bom = true;
    p = 3;
  }
  const ok: Detected = { encoding: "utf-8", codec: "utf-8", bom };
  const lineAt = (s: number): Uint8Array => {
    const e = b.indexOf(10, s);
    return b.subarray(s, e === -1 ? b.length : e + 1);
  };
  const first = lineAt(p);
  if (first.length === 0) return ok;
  let c = findCookie(first, bom, filename);
  if (c !== null) return c;
  if (!isBlank(first)) return ok;
  const second = lineAt(p + first.length);
  if (second.length === 0) return ok;
  c = findCookie(second, bom, filename);
  if (c !== null) return c;
  return ok;
}

function syntaxError(msg: string): { error: TokenizeError } {
  return { error: { cls: "SyntaxError", msg, lineno: null, offset: null } };
}

// blank_re: optional blanks, then "#", "\r", "\n" or the end of the line.
function isBlank(line: Uint8Array): boolean {
  let i = 0;
  while (i < line.length && (line[i] === 32 || line[i] === 9 || line[i] === 12)) i++;
  return i === line.length || line[i] === 35 || line[i] === 13 || line[i] === 10;
}

// Python's "." is anything but "\n".
const COOKIE_RE = /^[ \t\f]*#[^\n]*?coding[:=][ \t]*([-\w.]+)/;

function findCookie(line: Uint8Array, bom: boolean, filename: string | null): Detected | null {
  const inFile = filename === null ? "" : ` for ${quoteName(filename)}`;
  // The lines read for the cookie are checked for NUL bytes first (no position).
  if (line.indexOf(0) !== -1) return syntaxError("source code cannot contain null bytes");
  let s: string;
  try {
    s = utf8Fatal.decode(line);
  } catch {
    return syntaxError("invalid or missing encoding declaration" + inFile);
  }
  const m = COOKIE_RE.exec(s);
  if (m === null) return null;
  const name = normalName(m[1]!);
  const codec = codecOf(name);
  if (codec === null) return syntaxError(filename === null ? "unknown encoding: " + name : `unknown encoding${inFile}: ${name}`);
  if (bom) {
    if (name !== "utf-8") return syntaxError(`encoding problem${inFile}: utf-8`);
    return { encoding: "utf-8", codec: "utf-8", bom };
  }
  return { encoding: name, codec, bom };
}

// repr() of a file name, for the messages (printable names: quotes as repr chooses them, "\\"
// doubled; the tokenizer cannot use ast/repr.ts).
function quoteName(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replace(/\\/g, "\\\\").replace(q === "'" ? /'/g : /"/g, "\\" + q) + q;
}

// tokenize._get_normal_name.
function normalName(orig: string): string {
  const enc = orig.slice(0, 12).toLowerCase().replace(/_/g, "-");
  if (enc === "utf-8" || enc.startsWith("utf-8-")) return "utf-8";
  if (["latin-1", "iso-8859-1", "iso-latin-1"].includes(enc) || ["latin-1-", "iso-8859-1-", "iso-latin-1-"].some((x) => enc.startsWith(x)))
    return "iso-8859-1";
  return orig;
}

// codecs.lookup for the codecs quarry decodes; others are unknown to it (see tokenize's TSDoc).
function codecOf(name: string): string | null {
  const r = decodeDeclared(new Uint8Array(0), name);
  if (r.error !== null) {
    // codecs.lookup finds these; decoding with them fails later (see tokenize's TSDoc).
    const m = r.error.msg;
    if (
      m.startsWith("encoding not supported by quarry") ||
      m.endsWith("is not a text encoding; use codecs.decode() to handle arbitrary codecs") ||
      m === "undefined encoding"
    )
      return name;
    return null;
  }
  return name.toLowerCase().replace(/_/g, "-") === "utf-8" || normalName(name) === "utf-8" ? "utf-8" : name;
}
