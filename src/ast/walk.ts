// Walking a tree: a preorder walk over node ids that allocates nothing per node (an explicit
// Int32Array stack, so depth costs no recursion), a cursor form of it, children in CPython field
// order, and `ast`'s own iter_fields / iter_child_nodes / walk (breadth-first) over views.
import { KINDS } from "../schema/generated/nodes.js";
import { VISITOR_KEYS } from "../schema/generated/visitor-keys.js";
import { FIELD_SLOT } from "./layout.js";
import { makeView } from "./generated/views.js";
import type { NodeView } from "./generated/view-types.js";
import type { Tree, NodeId } from "./tree.js";
import type { PyValue } from "../core/pyvalue.js";

/**
 * Per NodeKind, the slots holding children, in CPython's field order: `slot << 1`, plus 1 for a
 * list. Derived from VISITOR_KEYS; the one derived child field, Module.type_ignores, has no slot
 * and is left out (the walks add the root's Tree.typeIgnores themselves).
 */
export const CHILD_SLOTS: readonly Int32Array[] = KINDS.map((_, k) => {
  const codes: number[] = [];
  for (const i of VISITOR_KEYS[k]!) {
    const s = FIELD_SLOT[k]![i]!;
    if (s >= 0) codes.push((s << 1) | (KINDS[k]!.fields[i]!.category === "node*" ? 1 : 0));
  }
  return Int32Array.from(codes);
});

// Room for every node below `from` at once: each node is pushed once, so the subtree's size,
// bounded by the row count, is enough.
function capacity(t: Tree): number {
  return t.count + 1;
}

/**
 * CHILD_SLOTS packed into one Int32 per NodeKind, for the hot loops: each code plus 1 in a 4-bit
 * field, the kind's last code in the lowest bits (children are pushed last first), 0 for a kind
 * without child slots. Read `c = (w & 15) - 1; w >>>= 4` until w is 0. One load per node instead
 * of a start index and then each code (measured 3-8% faster than the flattened code table).
 * @internal
 */
export const CHILD_WORD = new Int32Array(KINDS.length);
for (let k = 0; k < KINDS.length; k++) {
  const codes = CHILD_SLOTS[k]!;
  // Today at most 7 codes of at most 13 (slot 6, a list): a schema that outgrows 4 bits fails here.
  if (codes.length > 7 || codes.some((c) => c > 14)) throw new Error(`walk: kind ${k} has too many child slots to pack`);
  let w = 0;
  for (const c of codes) w = (w << 4) | (c + 1);
  CHILD_WORD[k] = w;
}

// Pushes the children of `id` onto `stack` as (id, depth `d`) pairs from `sp` on, last child
// first (so they pop in field order); returns the new stack pointer. `stack` must have room.
function pushChildren(t: Tree, id: NodeId, stack: Int32Array, sp: number, d: number): number {
  if (id === t.root && t.typeIgnores !== 0) sp = pushTypeIgnores(t, stack, sp, d);
  let w = CHILD_WORD[t.kind[id]!]!;
  if (w === 0) return sp;
  const slots = t.slots;
  const lists = t.lists;
  const b = t.base[id]!;
  do {
    const c = (w & 15) - 1;
    w >>>= 4;
    const v = slots[b + (c >> 1)]!;
    if ((c & 1) === 0) {
      if (v !== 0) {
        stack[sp++] = v;
        stack[sp++] = d;
      }
    } else if (v < -1) {
      stack[sp++] = -v - 1; // a one-item list [x] is stored as -x - 1 (-1 is [None])
      stack[sp++] = d;
    } else if (v > 0) {
      for (let j = lists[v]!; j >= 1; j--) {
        const x = lists[v + j]!;
        if (x !== 0) {
          stack[sp++] = x;
          stack[sp++] = d;
        }
      }
    }
  } while (w !== 0);
  return sp;
}

// The root's type_ignores (its last field: pushed first, so they pop last), as pushChildren does.
function pushTypeIgnores(t: Tree, stack: Int32Array, sp: number, d: number): number {
  for (let j = t.listLength(t.typeIgnores) - 1; j >= 0; j--) {
    stack[sp++] = t.listItem(t.typeIgnores, j);
    stack[sp++] = d;
  }
  return sp;
}

// One scratch stack shared by walks that do not overlap (a walk started inside another walk's
// callback allocates its own): (id, depth) pairs.
let scratch = new Int32Array(1024);
let scratchBusy = false;

/**
 * Calls `fn(id, depth)` for every node of the subtree at `from` (default: the whole tree) in
 * preorder: a node, then its children in CPython's field order, each child's subtree before the
 * next child. `depth` is 0 for `from`. Return `false` from `fn` to skip the node's children.
 * Allocates nothing per node (one reused Int32Array stack); no recursion, so any depth is fine.
 * Contexts and operators are not nodes here (they are values of their node's fields). The tree
 * must not change during the walk.
 */
export function walkPreorder(tree: Tree, fn: (id: NodeId, depth: number) => boolean | void, from: NodeId = tree.root): void {
  const need = 2 * capacity(tree);
  const shared = !scratchBusy;
  let stack: Int32Array;
  if (shared) {
    if (scratch.length < need) scratch = new Int32Array(Math.max(need, scratch.length * 2));
    stack = scratch;
    scratchBusy = true;
  } else stack = new Int32Array(need);
  try {
    const kinds = tree.kind;
    const slots = tree.slots;
    const lists = tree.lists;
    const bases = tree.base;
    const words = CHILD_WORD;
    stack[0] = from;
    stack[1] = 0;
    let sp = 2;
    while (sp > 0) {
      const d = stack[--sp]!;
      const id = stack[--sp]!;
      if (fn(id, d) === false) continue;
      if (id === tree.root && tree.typeIgnores !== 0) sp = pushTypeIgnores(tree, stack, sp, d + 1);
      let w = words[kinds[id]!]!;
      if (w === 0) continue;
      const b = bases[id]!;
      const cd = d + 1;
      do {
        const c = (w & 15) - 1;
        w >>>= 4;
        const v = slots[b + (c >> 1)]!;
        if ((c & 1) === 0) {
          if (v !== 0) {
            stack[sp++] = v;
            stack[sp++] = cd;
          }
        } else if (v < -1) {
          // A one-item list [x] is stored as -x - 1 (-1 is [None]).
          stack[sp++] = -v - 1;
          stack[sp++] = cd;
        } else if (v > 0) {
          for (let j = lists[v]!; j >= 1; j--) {
            const x = lists[v + j]!;
            if (x !== 0) {
              stack[sp++] = x;
              stack[sp++] = cd;
            }
          }
        }
      } while (w !== 0);
    }
  } finally {
    if (shared) scratchBusy = false;
  }
}

/**
 * The ids of the subtree at `from` (default: the whole tree) in preorder, as walkPreorder visits
 * them. One Int32Array; the tree's rows are in build order, not preorder.
 */
export function preorderIds(tree: Tree, from: NodeId = tree.root): Int32Array {
  const stack = new Int32Array(2 * capacity(tree));
  const out = new Int32Array(from === tree.root ? tree.count : capacity(tree));
  let n = 0;
  stack[0] = from;
  let sp = 2;
  while (sp > 0) {
    sp -= 2;
    const id = stack[sp]!;
    out[n++] = id;
    sp = pushChildren(tree, id, stack, sp, 0);
  }
  return n === out.length ? out : out.slice(0, n);
}

/**
 * A preorder walk driven by the caller, with no callback: `for (let id = c.next(); id >= 0; id = c.next())`.
 * `depth` is the depth of the node next() last returned (0 for the start node); skipChildren()
 * makes the next call to next() leave that node's children out. Allocates nothing per node. The
 * tree must not change during the walk.
 */
export class TreeCursor {
  readonly tree: Tree;
  /** Depth of the node next() last returned (0 for the start node). */
  depth = 0;
  #stack: Int32Array; // (id, depth) pairs
  #sp = 2;
  #pending = -1;

  constructor(tree: Tree, from: NodeId = tree.root) {
    this.tree = tree;
    this.#stack = new Int32Array(2 * capacity(tree));
    this.#stack[0] = from;
  }

  /** The next node in preorder, or -1 when the walk is over. */
  next(): NodeId {
    const p = this.#pending;
    let sp = this.#sp;
    if (p >= 0) sp = pushChildren(this.tree, p, this.#stack, sp, this.depth + 1);
    if (sp === 0) {
      this.#sp = 0;
      this.#pending = -1;
      return -1;
    }
    this.depth = this.#stack[--sp]!;
    const id = this.#stack[--sp]!;
    this.#sp = sp;
    this.#pending = id;
    return id;
  }

  /** Leaves out the children of the node next() last returned. */
  skipChildren(): void {
    this.#pending = -1;
  }
}

/**
 * Calls `fn(child, field, index)` for each child of `id` in CPython's field order: `field` is the
 * field's index in KINDS[kind].fields, `index` the position in a list field (-1 for a single-node
 * field). None entries (an absent optional child, None inside Dict.keys or
 * arguments.kw_defaults) are skipped.
 */
export function forEachChild(tree: Tree, id: NodeId, fn: (child: NodeId, field: number, index: number) => void): void {
  const k = tree.kind[id]!;
  const keys = VISITOR_KEYS[k]!;
  const map = FIELD_SLOT[k]!;
  const b = tree.base[id]!;
  for (const f of keys) {
    const s = map[f]!;
    // The one derived child field, Module.type_ignores, reads through field().
    const v = s < 0 ? tree.field(id, f) : tree.slots[b + s]!;
    if (KINDS[k]!.fields[f]!.category !== "node*") {
      if (v !== 0) fn(v, f, -1);
      continue;
    }
    const n = tree.listLength(v);
    for (let j = 0; j < n; j++) {
      const x = tree.listItem(v, j);
      if (x !== 0) fn(x, f, j);
    }
  }
}

/** The children of `id` in CPython's field order (None entries left out), as a new array. */
export function childIds(tree: Tree, id: NodeId): NodeId[] {
  const out: NodeId[] = [];
  forEachChild(tree, id, (c) => out.push(c));
  return out;
}

/** What a view's field holds: a node, a list, an identifier, an int, a constant or a context/operator name. */
export type FieldValue = NodeView | readonly (NodeView | undefined)[] | readonly string[] | string | number | PyValue | undefined;

/**
 * `ast.iter_fields`: `[name, value]` for each field of `node` in CPython's order, the values as
 * the view's getters return them (so None is undefined and a context is "Load", not a node).
 */
export function* iterFields(node: NodeView): Generator<[string, FieldValue]> {
  const fields = KINDS[node.tree.kind[node.nodeId]!]!.fields;
  const rec = node as unknown as Record<string, FieldValue>;
  for (const f of fields) yield [f.name, rec[f.name]];
}

/**
 * `ast.iter_child_nodes`: the direct child nodes of `node` in field order, as views. Unlike
 * CPython, the `Load()`/`Add()` context and operator singletons are not nodes and are not yielded.
 */
export function* iterChildNodes(node: NodeView): Generator<NodeView> {
  const t = node.tree;
  for (const c of childIds(t, node.nodeId)) yield makeView(t, c);
}

/**
 * `ast.walk`: every node under `node` (itself included; a Tree means its root), breadth-first
 * as CPython's deque does, as views made one at a time. Contexts and operators are not yielded
 * (see iterChildNodes). For speed, use walkPreorder or TreeCursor, which work on ids.
 */
export function* walk(node: NodeView | Tree): Generator<NodeView> {
  const t = "nodeId" in node ? node.tree : node;
  let queue = new Int32Array(64);
  queue[0] = "nodeId" in node ? node.nodeId : t.root;
  let head = 0;
  let tail = 1;
  const push = (c: NodeId) => {
    if (tail === queue.length) {
      const q = new Int32Array(queue.length * 2);
      q.set(queue);
      queue = q;
    }
    queue[tail++] = c;
  };
  while (head < tail) {
    const id = queue[head++]!;
    forEachChild(t, id, push);
    yield makeView(t, id);
  }
}
