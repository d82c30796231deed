// ast.literal_eval for source text: parse in eval mode, then evaluate the expression
// (ast/helpers.ts). Kept here because src/ast cannot import the parser.
import type { PySyntaxError } from "../core/diagnostics.js";
import { literalEval, type LiteralEvalError, type PyLiteral } from "../ast/helpers.js";
import { parse } from "./parse.js";

export type LiteralEvalSourceResult = { value: PyLiteral; error: null } | { value: undefined; error: LiteralEvalError | PySyntaxError };

/**
 * `ast.literal_eval(text)`: strips leading spaces and tabs, parses with `mode="eval"` as CPython
 * does (so a SyntaxError is CPython's own), and evaluates the expression. Never throws.
 */
export function literalEvalSource(text: string): LiteralEvalSourceResult {
  let i = 0;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  const { tree, error } = parse(text.slice(i), { mode: "eval" });
  if (error !== null) return { value: undefined, error };
  return literalEval(tree, tree.field(tree.root, 0));
}
