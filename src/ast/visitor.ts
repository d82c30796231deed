// Visitors: a callback per node kind (by CPython class name) with enter/leave, run by a preorder
// walk over ids on an explicit stack. Views are made only for nodes that have a callback.
import { KINDS, KIND_NAMES } from "../schema/generated/nodes.js";
import type { KindName } from "../schema/generated/plain.js";
import { makeView } from "./generated/views.js";
import type { NodeView, ViewByKind } from "./generated/view-types.js";
import { CHILD_SLOTS } from "./walk.js";
import type { Tree, NodeId } from "./tree.js";

/** Called when a node is entered; return `false` to skip its children (its leave callbacks still run). */
export type EnterFn<N> = (node: N, depth: number) => boolean | void;
/** Called when a node is left, after all of its children. */
export type LeaveFn<N> = (node: N, depth: number) => void;
/** A kind's handler: an enter function, or an object with `enter` and/or `leave`. */
export type KindHandler<N> = EnterFn<N> | { readonly enter?: EnterFn<N>; readonly leave?: LeaveFn<N> };

/**
 * A visitor: a handler per kind name (`Call`, `FunctionDef`, `arg`, ...; misspelt names are
 * compile errors), typed with that kind's view, plus optional `enter`/`leave` for every node.
 */
export type Visitor = { readonly [K in KindName]?: KindHandler<ViewByKind[K]> } & {
  readonly enter?: EnterFn<NodeView>;
  readonly leave?: LeaveFn<NodeView>;
};

type AnyEnter = EnterFn<NodeView> | undefined;
type AnyLeave = LeaveFn<NodeView> | undefined;

/**
 * Runs `visitor` over the subtree at `from` (default: the whole tree) in preorder (children in
 * CPython's field order). On each node: the generic `enter`, then the kind's enter; if either
 * returns `false` the children are skipped. After the children (or the skip): the kind's leave,
 * then the generic `leave`. `depth` is 0 for `from`. A node gets a view only if some callback
 * applies to its kind, and one view serves its enter and leave. No recursion: any depth is fine.
 * The tree must not change during the walk.
 */
export function visit(tree: Tree, visitor: Visitor, from: NodeId = tree.root): void {
  const n = KINDS.length;
  const enters: AnyEnter[] = new Array(n).fill(undefined);
  const leaves: AnyLeave[] = new Array(n).fill(undefined);
  const rec = visitor as unknown as Record<string, KindHandler<NodeView> | undefined>;
  for (let k = 1; k < n; k++) {
    const h = rec[KIND_NAMES[k]!];
    if (typeof h === "function") enters[k] = h;
    else if (h !== undefined) {
      enters[k] = h.enter;
      leaves[k] = h.leave;
    }
  }
  const genEnter = visitor.enter;
  const genLeave = visitor.leave;
  const hasEnter = new Uint8Array(n);
  const hasLeave = new Uint8Array(n);
  for (let k = 1; k < n; k++) {
    hasEnter[k] = enters[k] !== undefined || genEnter !== undefined ? 1 : 0;
    hasLeave[k] = leaves[k] !== undefined || genLeave !== undefined ? 1 : 0;
  }

  // Entries >= 0 are nodes to enter; ~id marks where a node with a leave callback is left. Each
  // node is pushed once and marked at most once: twice the row count is room enough.
  const cap = 2 * tree.count + 2;
  const stack = new Int32Array(cap);
  const depths = new Int32Array(cap);
  const leaving: NodeView[] = []; // the views of the marked nodes, in marker order
  const kinds = tree.kind;
  const slots = tree.slots;
  const lists = tree.lists;
  const bases = tree.base;
  stack[0] = from;
  let sp = 1;
  while (sp > 0) {
    const x = stack[--sp]!;
    const d = depths[sp]!;
    if (x < 0) {
      const v = leaving.pop()!;
      const k = kinds[~x]!;
      const l = leaves[k];
      if (l !== undefined) l(v, d);
      if (genLeave !== undefined) genLeave(v, d);
      continue;
    }
    const k = kinds[x]!;
    let skip = false;
    let v: NodeView | undefined;
    if (hasEnter[k] === 1) {
      v = makeView(tree, x);
      if (genEnter !== undefined && genEnter(v, d) === false) skip = true;
      const e = enters[k];
      if (e !== undefined && e(v, d) === false) skip = true;
    }
    if (hasLeave[k] === 1) {
      leaving.push(v ?? makeView(tree, x));
      stack[sp] = ~x;
      depths[sp++] = d;
    }
    if (skip) continue;
    // The children, last first (walk.ts pushChildren, inlined for speed); the root's derived
    // type_ignores come last.
    if (x === tree.root) {
      for (let j = tree.listLength(tree.typeIgnores) - 1; j >= 0; j--) {
        stack[sp] = tree.listItem(tree.typeIgnores, j);
        depths[sp++] = d + 1;
      }
    }
    const codes = CHILD_SLOTS[k]!;
    const b = bases[x]!;
    const cd = d + 1;
    for (let i = codes.length - 1; i >= 0; i--) {
      const c = codes[i]!;
      const s = slots[b + (c >> 1)]!;
      if ((c & 1) === 0) {
        if (s !== 0) {
          stack[sp] = s;
          depths[sp++] = cd;
        }
      } else if (s < -1) {
        stack[sp] = -s - 1;
        depths[sp++] = cd;
      } else if (s > 0) {
        for (let j = lists[s]!; j >= 1; j--) {
          const y = lists[s + j]!;
          if (y !== 0) {
            stack[sp] = y;
            depths[sp++] = cd;
          }
        }
      }
    }
  }
}
