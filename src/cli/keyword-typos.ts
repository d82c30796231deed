// CPython 3.14's traceback suggests a keyword for a misspelt name on a generic "invalid syntax"
// error ("invalid syntax. Did you mean 'while'?"). Placeholder until the search is ported.
import type { PySyntaxError } from "../index.js";

export interface TypoFix {
  text: string;
  msg: string;
  lineno: number | null;
  endLineno: number | null;
  offset: number | null;
  endOffset: number | null;
}

export function findKeywordTypo(_err: PySyntaxError, _lines: readonly string[]): TypoFix | null {
  return null;
}
