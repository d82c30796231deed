// Lazy node views: a small object per node, made only when a caller asks for one. Each view
// reads its fields from the tree's typed arrays on access; nothing is copied up front. The view
// classes (one per kind, real getters) and their types (view-types.ts) are generated: ast/generated/.
import { makeView } from "./generated/views.js";
export { isView } from "./generated/views.js";
import type { Module, NodeView } from "./generated/view-types.js";
import type { Tree, NodeId } from "./tree.js";

export type {
  NodeView,
  ViewCommon,
  ViewByKind,
  ModNode,
  StmtNode,
  ExprNode,
  ExceptHandlerNode,
  PatternNode,
  TypeIgnoreNode,
  TypeParamNode,
} from "./generated/view-types.js";

/**
 * A lazy, typed view of the tree's root Module (or of node `id`, typed as any node: narrow it on
 * `_type`). Fields use CPython's names and read the tree on each access: child nodes come back
 * as views, lists as fresh arrays, `None` as undefined, identifiers as strings, constants as
 * PyValue, contexts and operators as their class names ("Load", "Add"). quarry's own members
 * are `_type`, `nodeId`, `tree`, `parent` and `toJSON()`. A view is valid while its Tree is
 * alive and unchanged; making one costs one small object. `id` must be a node of `tree`
 * (0 <= id < tree.count), or the result is undefined behaviour.
 */
export function view(tree: Tree): Module;
export function view(tree: Tree, id: NodeId): NodeView;
export function view(tree: Tree, id: NodeId = tree.root): NodeView {
  return makeView(tree, id);
}
