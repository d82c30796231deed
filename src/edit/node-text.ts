// The one place a node becomes source text for an edit. CPython-exact unparse (src/unparse/) is
// written separately; until it is wired in here, only names and simple constants are written and
// anything else is refused with "not available yet".
import type { NodeId } from "../ast/tree.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { pyRepr } from "../ast/repr.js";
import type { NodeRef } from "./types.js";

/** Thrown by nodeText for a node it cannot write yet (applyEdits reports it as an invalid edit). */
export class NodeTextUnavailable extends Error {}

/**
 * Source text for `ref` (a node of any tree: built by fromJSON or taken from another parse).
 * Throws NodeTextUnavailable for nodes other than Name and Constant until unparse is wired in.
 */
export function nodeText(ref: NodeRef): string {
  const { tree } = ref;
  const id: NodeId = ref.id ?? tree.root;
  if (id < 0 || id >= tree.count) throw new NodeTextUnavailable(`node ${id} is not in the given tree`);
  const k = tree.kind[id]!;
  if (k === K.Name) return tree.ident(tree.field(id, 0));
  if (k === K.Constant) return pyRepr(tree.value(tree.slot(id, 0), id));
  throw new NodeTextUnavailable(`writing a ${tree.kindName(id)} node as text is not available yet (needs unparse)`);
}
