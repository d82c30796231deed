// The one place a node becomes source text for an edit: CPython-exact unparse (src/unparse/) of a
// node of any tree, or of a plain node (the `ast` constructors, toJSON) built with fromJSON first.
import { Tree, type NodeId } from "../ast/tree.js";
import { fromJSON } from "../ast/from-json.js";
import { BuildError } from "../ast/build.js";
import { unparse, UnparseError } from "../unparse/unparse.js";
import type { NodeRef } from "./types.js";
import type { PlainInput } from "../ast/materialize.js";

/** Thrown by nodeText for a node it cannot write (applyEdits reports it as an invalid edit). */
export class NodeTextUnavailable extends Error {}

/**
 * Source text for `ref`: `ast.unparse` of a node of any tree (`{ tree, id }`, the root when `id`
 * is left out), or of a plain node. Throws NodeTextUnavailable for a plain node fromJSON rejects,
 * a node that is not in its tree, or a tree CPython's unparse refuses too (an int of over 4,300
 * digits, a t-string no quote fits).
 */
export function nodeText(ref: NodeRef | PlainInput): string {
  try {
    if (!isNodeRef(ref)) return unparse(fromJSON(ref));
    const { tree } = ref;
    const id: NodeId = ref.id ?? tree.root;
    if (!Number.isInteger(id) || id < 0 || id >= tree.count) throw new NodeTextUnavailable(`node ${id} is not in the given tree`);
    return unparse(tree, id);
  } catch (e) {
    if (e instanceof BuildError || e instanceof UnparseError) throw new NodeTextUnavailable(e.message);
    throw e;
  }
}

function isNodeRef(x: NodeRef | PlainInput): x is NodeRef {
  return (x as { tree?: unknown }).tree instanceof Tree;
}
