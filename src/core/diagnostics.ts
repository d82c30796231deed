// Syntax errors as plain data, in CPython's terms: the exception class, the message, and the
// positions CPython puts on the SyntaxError it raises.

/** The exception class CPython raises for a rejected program. */
export type PyErrorClass = "SyntaxError" | "IndentationError" | "TabError";

/**
 * A syntax error exactly as CPython 3.14 reports it. `offset` and `end_offset` follow
 * `SyntaxError.offset`: 1-based, counted in characters (code points) of the line.
 */
export interface PySyntaxError {
  readonly cls: PyErrorClass;
  readonly msg: string;
  readonly lineno: number;
  readonly offset: number;
  readonly end_lineno: number;
  readonly end_offset: number;
}
