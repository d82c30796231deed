// Tokenizer: UTF-8 bytes -> flat token arrays (struct of arrays). Knows nothing about the AST.
// CONTRACT (implemented by the tokenizer work; the parser relies on it):
//  - Input is the normalized UTF-8 buffer from decodeSource (no BOM, newlines are "\n").
//  - Tokens match what CPython's C tokenizer hands its parser: no COMMENT/NL tokens; NEWLINE,
//    INDENT, DEDENT and ENDMARKER where CPython puts them (their start/end as CPython's).
//  - Hard keywords get their KW_* kind; NAME and keyword tokens carry an interned id in `value`
//    (NFKC-normalized for non-ASCII names). Other tokens have value 0.
//  - f-strings and t-strings arrive as CPython's FSTRING_START / FSTRING_MIDDLE / ... / FSTRING_END
//    sequences (TSTRING_* for t-strings), with the replacement fields tokenized in between.
//  - On the first tokenizer error, one ERRORTOKEN is emitted at the error, then ENDMARKER, and
//    `error` holds the SyntaxError CPython raises for it.
import type { PySyntaxError } from "../core/diagnostics.js";
import type { Interner } from "../core/interner.js";

export interface Tokens {
  /** Number of tokens, ENDMARKER included. */
  count: number;
  kind: Uint8Array;
  /** Byte offsets into the source buffer, [start, end). */
  start: Int32Array;
  end: Int32Array;
  /** Interned identifier id for NAME and keyword tokens, else 0. */
  value: Int32Array;
  /** Byte offset of the start of each line (line 1 at index 0); covers every line of the buffer. */
  lineStarts: Int32Array;
  lineCount: number;
  /** The first tokenizer error, or null. */
  error: PySyntaxError | null;
}

export declare function tokenize(src: Uint8Array, interner: Interner): Tokens;
