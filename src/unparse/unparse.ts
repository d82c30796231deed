// ast.unparse for quarry trees: the source text CPython 3.14's `ast.unparse` returns for a node,
// character for character. Reads the tree through its field API, so trees built by hand print as
// well as parsed ones (a parsed tree's identifiers and plain literals are copied from its source).
import type { NodeId, Tree } from "../ast/tree.js";
import { LONE_SURROGATE, Printer } from "./printer.js";

export { UnparseError, UnparseCode } from "./error.js";

/**
 * Returns exactly what CPython 3.14's `ast.unparse` returns for node `id` of `tree` (default: the
 * root Module): statements one per line with four-space indents, a blank line before each def
 * and class, docstrings in triple quotes, the fewest parentheses that keep the tree the same,
 * string constants as `repr()` writes them, f- and t-strings re-quoted, infinities as `1e309`.
 * Parsing the result gives back the same tree (`dump` equal), for every tree `parse` returns.
 *
 * A node printed on its own is printed as ast.unparse prints it on its own: an expression at
 * the lowest precedence (so a tuple gets parentheses), a statement at indent 0.
 *
 * Time and memory are linear in the output; there is no recursion, so chains and nesting of
 * any depth print. A node shared by several parents (never in a parsed tree) prints as if each
 * parent had its own copy (CPython's unparser may instead reuse the precedence one parent set
 * for it where another sets none). Throws `UnparseError` (never anything else for a well-formed Tree) for a tree
 * CPython's unparser also rejects (a Raise with a cause but no exception, an int of more than
 * 4300 digits, ...) and for a cyclic tree, which CPython would recurse into until it fails.
 */
export function unparse(tree: Tree, id: NodeId = tree.root): string {
  try {
    return new Printer(tree).run(id);
  } catch (e) {
    // Text only a JS string holds (a lone surrogate: a built tree's identifier, a format spec's
    // text): print again into a string.
    if (e === LONE_SURROGATE) return new Printer(tree, /*strMode*/ true).run(id);
    throw e;
  }
}
