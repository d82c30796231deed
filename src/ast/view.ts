// Lazy node views: a small object per node, made only when a caller asks for one. Each view
// reads its fields from the tree's typed arrays on access; nothing is copied up front. One class
// per node kind, built once from the generated schema, so every view of a kind shares a shape.
import { KINDS, KIND_NAMES, EXPR_CONTEXT_NAMES, CMP_OPERATOR_NAMES } from "../schema/generated/nodes.js";
import type { FieldSpec } from "../schema/generated/nodes.js";
import { operatorNames, MISSING } from "./layout.js";
import type { Tree, NodeId } from "./tree.js";
import type { PyValue } from "../core/pyvalue.js";
import { materialize } from "./materialize.js";
import type { PlainNode } from "./materialize.js";

/**
 * A read-only view of one node. Fields use CPython's names (`view.body`, `view.decorator_list`,
 * `name.id`, `constant.kind`); child nodes come back as views, lists as arrays, `None` as
 * undefined, identifiers as strings, constants as PyValue, contexts and operators as their class
 * names ("Load", "Add"). quarry's own properties are named so that no CPython field shadows them:
 * `_type`, `nodeId`, `tree`, `parent`, `toJSON`. A view is valid while its Tree is alive.
 */
export interface NodeView {
  readonly tree: Tree;
  /** The node's row in `tree` (CPython's `id` field is `Name.id`). */
  readonly nodeId: NodeId;
  /** CPython's class name: "FunctionDef", "Name", ... (as `_type` in toJSON). */
  readonly _type: string;
  /** The enclosing node, or undefined for the Module. */
  readonly parent: NodeView | undefined;
  /**
   * CPython's positions (undefined on kinds without them, such as `arguments`, and where a node
   * of a built tree has none, as a node made by CPython's constructors has none).
   */
  readonly lineno: number | undefined;
  readonly col_offset: number | undefined;
  readonly end_lineno: number | undefined;
  readonly end_col_offset: number | undefined;
  /** The node and everything under it as plain objects. */
  toJSON(): PlainNode;
  readonly [field: string]: unknown;
}

class ViewBase {
  readonly tree: Tree;
  readonly nodeId: NodeId;
  constructor(tree: Tree, id: NodeId) {
    this.tree = tree;
    this.nodeId = id;
  }
  get _type(): string {
    return KIND_NAMES[this.tree.kind[this.nodeId]!]!;
  }
  get parent(): NodeView | undefined {
    const p = this.tree.parent[this.nodeId]!;
    return p < 0 ? undefined : view(this.tree, p);
  }
  toJSON(): PlainNode {
    return materialize(this.tree, this.nodeId);
  }
}

function fieldValue(t: Tree, id: NodeId, i: number, f: FieldSpec): unknown {
  const raw = t.field(id, i);
  switch (f.category) {
    case "node":
    case "node?":
      return raw === 0 ? undefined : view(t, raw);
    case "node*":
      return t.listItems(raw).map((c) => (c === 0 ? undefined : view(t, c)));
    case "ident":
    case "ident?":
      return raw === 0 ? undefined : t.ident(raw);
    case "ident*":
      return t.listItems(raw).map((s) => t.ident(s));
    case "int":
      return raw;
    case "int?":
      return raw === MISSING ? undefined : raw;
    case "constant":
      return t.value(raw, id) as PyValue;
    case "ctx":
      return EXPR_CONTEXT_NAMES[raw];
    case "op":
      return operatorNames(f.type)[raw];
    case "op*":
      return t.listItems(raw).map((o) => CMP_OPERATOR_NAMES[o]);
  }
}

type ViewClass = new (tree: Tree, id: NodeId) => ViewBase;

const CLASSES: ViewClass[] = KINDS.map((spec) => {
  const C = class extends ViewBase {};
  Object.defineProperty(C, "name", { value: spec.name || "Node" });
  spec.fields.forEach((f, i) => {
    Object.defineProperty(C.prototype, f.name, {
      get(this: ViewBase) {
        return fieldValue(this.tree, this.nodeId, i, f);
      },
      enumerable: true,
    });
  });
  // Positions only where CPython has them (TypeIgnore's `lineno` is an ordinary field).
  if (spec.hasPosition) {
    // undefined where a built node has no position (tree.location).
    const pos = (which: 0 | 1 | 2 | 3) =>
      function (this: ViewBase): number | undefined {
        return this.tree.location(this.nodeId, which);
      };
    Object.defineProperty(C.prototype, "lineno", { get: pos(0) });
    Object.defineProperty(C.prototype, "col_offset", { get: pos(1) });
    Object.defineProperty(C.prototype, "end_lineno", { get: pos(2) });
    Object.defineProperty(C.prototype, "end_col_offset", { get: pos(3) });
  }
  return C;
});

/** Whether `x` is a node view (made by view()). */
export function isView(x: unknown): x is NodeView {
  return x instanceof ViewBase;
}

/** A lazy view of node `id` (default: the tree's root Module). */
export function view(tree: Tree, id: NodeId = tree.root): NodeView {
  const C = CLASSES[tree.kind[id]!]!;
  return new C(tree, id) as unknown as NodeView;
}
