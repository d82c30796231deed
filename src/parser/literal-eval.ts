// ast.literal_eval for source text: parse, then evaluate the one expression (ast/helpers.ts).
// Kept here because src/ast cannot import the parser.
import type { PySyntaxError } from "../core/diagnostics.js";
import { NodeKind } from "../schema/generated/nodes.js";
import { literalEval, type LiteralEvalError, type PyLiteral } from "../ast/helpers.js";
import { parse } from "./parse.js";

export type LiteralEvalSourceResult =
  | { value: PyLiteral; error: null }
  | { value: undefined; error: LiteralEvalError | PySyntaxError };

/**
 * `ast.literal_eval(text)`: strips leading spaces and tabs, parses, and evaluates. Never throws.
 * Deviation: quarry has no `mode='eval'` parser, so the text is parsed as a module and must be
 * one expression statement; where CPython's eval-mode parse fails, the SyntaxError returned is
 * the module-mode one (same class and position for most inputs, not always the same message),
 * and text that parses as some other statement gets a plain "invalid syntax" at its start.
 */
export function literalEvalSource(text: string): LiteralEvalSourceResult {
  let i = 0;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  const { tree, error } = parse(text.slice(i));
  if (error !== null) return { value: undefined, error };
  const body = tree.field(tree.root, 0);
  const n = tree.listLength(body);
  const stmt = n === 1 ? tree.listItem(body, 0) : 0;
  if (stmt === 0 || tree.kind[stmt] !== NodeKind.Expr) {
    const at = n === 0 ? null : tree.position(tree.start[tree.listItem(body, n === 1 ? 0 : 1)]!);
    const err: PySyntaxError = { cls: "SyntaxError", msg: "invalid syntax", lineno: at?.[0] ?? null, offset: at === null ? null : at[1] + 1, end_lineno: null, end_offset: null };
    return { value: undefined, error: err };
  }
  return literalEval(tree, tree.field(stmt, 0));
}
