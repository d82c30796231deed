// transform: CPython's ast.NodeTransformer over a Tree. Callbacks see views of the old tree and
// say what replaces each node; the result is a new, built Tree (ast/build.ts). Iterative, except
// for generic visits nested inside callbacks, which recurse as Python's do (guarded).
import { KIND_NAMES } from "../schema/generated/nodes.js";
import { Builder, BuildError, type Generic, MAX_GENERIC_VISIT_DEPTH, Task, TO_LIST, TO_ROOT, nodePath } from "./build.js";
import { view, isView, type NodeView, type ViewByKind } from "./view.js";
import type { Tree, NodeId } from "./tree.js";
import type { PlainInput } from "./materialize.js";

export { MAX_GENERIC_VISIT_DEPTH };

/**
 * What a callback returns for a node (see transform):
 * `undefined` or the node's own view (old, or the one genericVisit returned) keeps it; `null`
 * deletes it; a plain node or a view (of any tree) replaces it; an array (in a list field only)
 * is spliced in its place.
 */
export type TransformResult = undefined | void | null | NodeView | PlainInput | readonly (NodeView | PlainInput | null)[];

/** What a callback gets beside the node; `N` is the node's view type. */
export interface TransformContext<N extends NodeView = NodeView> {
  /** The tree being transformed (the node is a view of it). */
  readonly tree: Tree;
  /**
   * Python's `self.generic_visit(node)`: transforms the node's children now, by the same visitor
   * (their callbacks run before this returns, in Python's order), and returns a view of the node
   * with its new children, which the callback may read, return (the node is kept with them) or
   * put inside a replacement. The view belongs to the tree being built: use it only during the
   * transform (its own `parent` is not set yet). A second call returns a view of the same node
   * (the children are transformed once).
   *
   * The callback's own `node` argument still reads the old children; but, as in Python where
   * generic_visit has replaced them in place, that view and the views of its direct children
   * placed in the callback's result stand for the transformed node and children (a child that
   * was deleted leaves nothing, one replaced with a list leaves the list). Deeper old views are
   * copied as they were. Without this call a kept node's subtree is copied unchanged.
   *
   * Each callback that calls it while another one's call is running nests one level deeper on
   * the JS stack, as Python's NodeTransformer does; deeper than MAX_GENERIC_VISIT_DEPTH (1000)
   * levels throws a BuildError naming the node's path.
   */
  genericVisit(): N;
  /** The node's field path from the root, as `body[3].value` (for messages; computed on call). */
  path(): string;
}

/** A transformer's callback for one node kind: `node` is a view of that kind (`TransformCallback<"Call">`). */
export type TransformCallback<K extends keyof ViewByKind = keyof ViewByKind> = (
  node: ViewByKind[K],
  ctx: TransformContext<ViewByKind[K]>,
) => TransformResult;

/**
 * Callbacks by node kind (CPython's class names: `Name`, `Call`, ...), Python's `visit_Name`.
 * `this` is the visitor object, which may hold state of its own under other keys.
 */
export type Transformer = { readonly [K in keyof ViewByKind]?: TransformCallback<K> } & { readonly [other: string]: unknown };

/**
 * Transforms `tree` as CPython's `ast.NodeTransformer` would, and returns a new Tree; `tree` is
 * not changed. Nodes are visited from the root in Python's order (a node, then its fields in
 * order, each list item by item). For a node whose kind has a callback, the callback decides
 * (see TransformResult); its children are transformed only if it calls `ctx.genericVisit()`,
 * which does so at once and returns the node with its new children (bottom-up rewrites such as
 * folding `1 + 2 + 3` work in one pass, as in Python). A node without a callback is kept and its
 * children are transformed (Python's `generic_visit`). Replacements are not visited themselves
 * (nor their children), as in Python.
 *
 * Deleting (`null`) a list item drops it; deleting a single field leaves it None (in Python,
 * `delattr`: dump then leaves out the field, as it does here). An array returned for a single
 * field, or for the root, and a deleted root throw a BuildError. Contexts and operators (`Load`,
 * `Add`) are not nodes in quarry's trees and get no callbacks (Python would call `visit_Load`).
 * A plain replacement is checked as fromJSON checks its input; a bad one throws a BuildError
 * that names the callback, the old node's path and the path inside the replacement. Unlike
 * Python, `undefined` keeps a node, so `return node.value` for a None field keeps the node where
 * Python's `return None` would delete it (return `null` to delete).
 *
 * The new tree is built: kept and unchanged nodes are copied row by row (no plain objects are
 * made), positions become explicit, nodes made from plain objects have the positions they are
 * given (often none: see copyLocation, fixMissingLocations). A node placed twice is copied
 * twice. Iterative at any depth, except nested generic visits (see genericVisit).
 */
export function transform(tree: Tree, visitor: Transformer): Tree {
  const b = new Builder("transform");
  b.visited = tree;
  // The result is usually about the size of the tree visited.
  b.tree.reserve(tree.count, tree.slotTop, tree.listTop);
  // The callback running (old node id, -1: none) and its generic visit, if it asked for one;
  // saved and restored around each callback, since generic visits nest.
  let current = -1;
  let generic: Generic | null = null;
  const ctx: TransformContext = {
    tree,
    genericVisit() {
      if (current < 0) throw new Error("transform: genericVisit() called outside a callback");
      if (generic === null) {
        const id = current;
        const g = b.genericVisit(id);
        // The nested callbacks have restored current; generic is this callback's.
        generic = g;
      }
      return view(b.tree, generic.row);
    },
    path() {
      return current < 0 ? "" : nodePath(tree, current);
    },
  };
  b.visitHook = (id: NodeId, target: number, list: number[] | null) => {
    const name = KIND_NAMES[tree.kind[id]!]!;
    const cb = visitor[name];
    if (typeof cb !== "function") {
      b.copyRow(tree, id, target, list, Task.Visit);
      return;
    }
    const outerCurrent = current;
    const outerGeneric = generic;
    current = id;
    generic = null;
    let r: TransformResult;
    let g: Generic | null;
    try {
      r = (cb as TransformCallback).call(visitor, view(tree, id), ctx);
    } finally {
      g = generic as Generic | null; // set by genericVisit during the call
      current = outerCurrent;
      generic = outerGeneric;
    }
    if (
      r === undefined ||
      (isView(r) && ((r.tree === tree && r.nodeId === id) || (g !== null && r.tree === b.tree && r.nodeId === g.row)))
    ) {
      if (g !== null) b.keepGeneric(g, target, list);
      else b.copyRow(tree, id, target, list, Task.Copy);
      return;
    }
    const owner = g !== null ? id : -1;
    const where = () => `the ${name} callback's result for ${nodePath(tree, id) || "the root"}`;
    if (r === null) {
      if (target === TO_ROOT) throw new BuildError(`transform: ${where()}: the root cannot be deleted`, "");
      if (g !== null) b.replaceGeneric(g, target);
      if (target >= 0) b.place(target, null, 0);
      return;
    }
    if (Array.isArray(r)) {
      if (target !== TO_LIST) throw new BuildError(`transform: ${where()}: a list can only replace an item of a list field`, "");
      if (g !== null) b.replaceGeneric(g, target);
      // The label is made only for an error message (nodePath walks up the tree).
      const up = { up: null, key: "", label: where };
      for (let j = r.length - 1; j >= 0; j--) {
        const x: unknown = r[j];
        if (x === null) b.push(Task.None, null, 0, TO_LIST, list, null, -1);
        else b.push(Task.Plain, x, 0, TO_LIST, list, { up, key: j }, owner);
      }
      return;
    }
    if (g !== null) b.replaceGeneric(g, target);
    b.push(Task.Plain, r, 0, target, list, { up: null, key: "", label: where }, owner);
  };
  b.push(Task.Visit, null, tree.root, TO_ROOT, null, null, -1);
  return b.run();
}
