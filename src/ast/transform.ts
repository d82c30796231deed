// transform: CPython's ast.NodeTransformer over a Tree. Callbacks see views of the old tree and
// say what replaces each node; the result is a new, built Tree (ast/build.ts). Iterative.
import { KIND_NAMES } from "../schema/generated/nodes.js";
import { Builder, BuildError, Task, TO_LIST, TO_ROOT, nodePath } from "./build.js";
import { view, isView, type NodeView, type ViewByKind } from "./view.js";
import type { Tree, NodeId } from "./tree.js";
import type { PlainInput } from "./materialize.js";

/**
 * What a callback returns for a node (see transform):
 * `undefined` or the node's own view keeps it; `null` deletes it; a plain node or a view (of
 * any tree) replaces it; an array (in a list field only) is spliced in its place.
 */
export type TransformResult = undefined | void | null | NodeView | PlainInput | readonly (NodeView | PlainInput | null)[];

/** What a callback gets beside the node. */
export interface TransformContext {
  /** The tree being transformed (the node is a view of it). */
  readonly tree: Tree;
  /**
   * Python's `self.generic_visit(node)`: the node's children are transformed too (by the same
   * visitor, after the callback returns) wherever the node is kept: returned as itself (or
   * `undefined`) or placed inside the callback's replacement. A view of one of its direct
   * children placed inside the replacement stands for that child's transformed result, as in
   * Python where generic_visit has replaced the children in place by then. Without this call a
   * kept node's subtree is copied unchanged.
   */
  genericVisit(): void;
  /** The node's field path from the root, as `body[3].value` (for messages; computed on call). */
  path(): string;
}

/** A transformer's callback for one node kind: `node` is a view of that kind (`TransformCallback<"Call">`). */
export type TransformCallback<K extends keyof ViewByKind = keyof ViewByKind> = (
  node: ViewByKind[K],
  ctx: TransformContext,
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
 * (see TransformResult); children are transformed only if it calls `ctx.genericVisit()`. A node
 * without a callback is kept and its children are transformed (Python's `generic_visit`).
 * Replacements are not visited themselves (nor their children), as in Python.
 *
 * Deleting (`null`) a list item drops it; deleting a single field leaves it None (in Python,
 * `delattr`: dump then leaves out the field, as it does here). An array returned for a single
 * field, or for the root, and a deleted root throw a BuildError. Contexts and operators (`Load`,
 * `Add`) are not nodes in quarry's trees and get no callbacks (Python would call `visit_Load`).
 * A plain replacement is checked as fromJSON checks its input; a bad one throws a BuildError
 * that names the callback, the old node's path and the path inside the replacement.
 *
 * Where this differs from Python, because the old tree is never changed and children are
 * transformed after the callback returns (which keeps the walk iterative): a callback always
 * sees the node's old children, even after `ctx.genericVisit()` (a bottom-up rewrite such as
 * folding `1 + 2 + 3` needs one pass per level, or a callback that computes from the old
 * subtree); and `undefined` keeps a node, so `return node.value` for a None field keeps the
 * node where Python's `return None` would delete it (return `null` to delete).
 *
 * The new tree is built: kept and unchanged nodes are copied row by row (no plain objects are
 * made), positions become explicit, nodes made from plain objects have the positions they are
 * given (often none: see copyLocation, fixMissingLocations). Iterative: any depth works.
 */
export function transform(tree: Tree, visitor: Transformer): Tree {
  const b = new Builder("transform");
  b.visited = tree;
  let current = -1;
  let generic = false;
  const ctx: TransformContext = {
    tree,
    genericVisit() {
      generic = true;
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
    current = id;
    generic = false;
    const r = (cb as TransformCallback).call(visitor, view(tree, id), ctx);
    const owner = generic ? id : -1;
    current = -1;
    if (r === undefined || (isView(r) && r.tree === tree && r.nodeId === id)) {
      b.copyRow(tree, id, target, list, generic ? Task.Visit : Task.Copy);
      return;
    }
    const where = () => `the ${name} callback's result for ${nodePath(tree, id) || "the root"}`;
    if (r === null) {
      if (target === TO_ROOT) throw new BuildError(`transform: ${where()}: the root cannot be deleted`, "");
      if (target >= 0) b.place(target, null, 0);
      return;
    }
    if (Array.isArray(r)) {
      if (target !== TO_LIST) throw new BuildError(`transform: ${where()}: a list can only replace an item of a list field`, "");
      const label = where();
      for (let j = r.length - 1; j >= 0; j--) {
        const x: unknown = r[j];
        if (x === null) b.push(Task.None, null, 0, TO_LIST, list, null, -1);
        else b.push(Task.Plain, x, 0, TO_LIST, list, { up: { up: null, key: "", label }, key: j }, owner);
      }
      return;
    }
    b.push(Task.Plain, r, 0, target, list, { up: null, key: "", label: where() }, owner);
  };
  b.push(Task.Visit, null, tree.root, TO_ROOT, null, null, -1);
  return b.run();
}
