// Syntax errors as plain data, in CPython's terms: the exception class, the message, and the
// positions CPython puts on the SyntaxError it raises.

/** The exception class CPython raises for a rejected program. */
export type PyErrorClass = "SyntaxError" | "IndentationError" | "TabError" | "MemoryError" | "UnicodeDecodeError" | "UnicodeEncodeError";

/**
 * A syntax error exactly as CPython 3.14 reports it. Input nested too deeply for CPython's parser
 * gives its MemoryError ("Parser stack overflowed - Python source too complex to parse"), which
 * has no position (all four fields null). `offset` and `end_offset` follow
 * `SyntaxError.offset`: 1-based, counted in characters (code points) of the line.
 */
export interface PySyntaxError {
  /** quarry's stable code for this error (core/error-catalog.ts, docs/errors.md); always set by parse(). */
  readonly code?: string;
  readonly cls: PyErrorClass;
  readonly msg: string;
  readonly lineno: number | null;
  readonly offset: number | null;
  readonly end_lineno: number | null;
  readonly end_offset: number | null;
}
