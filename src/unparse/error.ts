// The one exception unparse() throws: a tree it cannot print (a shape CPython's ast.unparse also
// refuses, or a cyclic tree). Trees made by parse() never cause it except where CPython fails too.
import type { NodeId } from "../ast/tree.js";

/**
 * Stable codes (U5xxx) for the ways unparse() can fail. The message mirrors what CPython's
 * ast.unparse raises where it raises something.
 */
export const UnparseCode = {
  /** A field holds a value CPython's unparser rejects (ValueError: Raise with a cause and no exc, YieldFrom without a value, a mapping or class pattern whose key and pattern lists differ in length, a node that cannot appear inside an f-string, a conversion that is not a character). */
  InvalidNode: "U5001",
  /** An int constant with more than 4300 decimal digits: CPython's repr() refuses it (ValueError). */
  IntTooLarge: "U5002",
  /** An f-/t-string whose literal text uses every triple quote and whose replacement field holds a newline (CPython: AssertionError). */
  NoQuote: "U5003",
  /** The tree is cyclic (a node is its own descendant): printing it would never end. */
  Cyclic: "U5004",
  /** A node kind or operator value the unparser does not know. */
  UnknownNode: "U5005",
} as const;
export type UnparseCode = (typeof UnparseCode)[keyof typeof UnparseCode];

/**
 * Thrown by unparse() for a tree it cannot print. `node` is the offending node's id in the tree
 * (its source position, for a parsed tree, is `tree.position(tree.start[node])`), `kind` its
 * CPython class name, `pythonError` the exception class CPython's ast.unparse raises for the same
 * tree (ValueError, AssertionError, RecursionError for a cyclic tree).
 *
 * Depth is never a reason: unparse() keeps its own work stack, so any acyclic tree, however
 * deep, is printed.
 */
export class UnparseError extends Error {
  readonly code: UnparseCode;
  readonly node: NodeId;
  readonly kind: string;
  readonly pythonError: string;
  constructor(code: UnparseCode, node: NodeId, kind: string, pythonError: string, message: string) {
    super(`${message} (node ${node}, ${kind})`);
    this.name = "UnparseError";
    this.code = code;
    this.node = node;
    this.kind = kind;
    this.pythonError = pythonError;
  }
}
