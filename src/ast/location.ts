// Location helpers with the semantics of CPython's ast.copy_location, ast.fix_missing_locations
// and ast.increment_lineno: on plain nodes (mutated, as Python mutates nodes) and on Trees.
import { KINDS, KIND_NAMES, KIND_BASES, NodeKind } from "../schema/generated/nodes.js";
import { MISSING, NODE_SLOTS, LIST_SLOTS } from "./layout.js";
import { Tree, type NodeId } from "./tree.js";
import { isView, type NodeView } from "./view.js";
import type { LoosePlain, PlainInput } from "./materialize.js";

const POSITION_KEYS = ["lineno", "col_offset", "end_lineno", "end_col_offset"] as const;
const KIND_BY_NAME = new Map(KIND_NAMES.map((name, k) => [name, k] as const).filter(([, k]) => k > 0));

// Whether a node of this `_type` has CPython's position attributes (its `_attributes`).
function hasPositions(type: unknown): boolean {
  const k = typeof type === "string" ? KIND_BY_NAME.get(type) : undefined;
  return k !== undefined && KINDS[k]!.hasPosition;
}

// Whether end_lineno/end_col_offset default to None on the class: they do on stmt, expr,
// excepthandler, arg, keyword and alias (`int?` in CPython's ASDL), not on pattern and
// type_param (`int`), where a node made without them has no such attribute at all. That
// changes what copy_location copies and what increment_lineno does with a missing end.
function endDefaultsToNone(type: unknown): boolean {
  const k = typeof type === "string" ? KIND_BY_NAME.get(type) : undefined;
  return k !== undefined && END_DEFAULTS_TO_NONE[k] === 1;
}
const END_DEFAULTS_TO_NONE = Uint8Array.from(KINDS, (spec, k) =>
  spec.hasPosition && KIND_BASES[k] !== "pattern" && KIND_BASES[k] !== "type_param" ? 1 : 0,
);

function isPlainNode(x: unknown): x is LoosePlain {
  return x !== null && typeof x === "object" && !Array.isArray(x) && !isView(x) && typeof (x as { _type?: unknown })._type === "string";
}

/**
 * CPython's `ast.copy_location(new_node, old_node)`: copies `lineno` and `col_offset` from
 * `oldNode` to `newNode` where the old node has them, and `end_lineno` and `end_col_offset`
 * where the old node has them or they default to None (null is then copied, as Python copies
 * the None of a stmt's or expr's missing end; a pattern's or type_param's missing end is not
 * copied), when both node kinds have positions. Mutates and returns `newNode`. `oldNode` may be a view (typically the node a
 * transformer callback replaces: `return copyLocation({ _type: "Name", ... }, node)`).
 * A node of an unknown `_type` has no positions: nothing is copied to or from it.
 */
export function copyLocation<T extends PlainInput>(newNode: T, oldNode: PlainInput | NodeView): T {
  if (!hasPositions(newNode._type) || !hasPositions(oldNode._type)) return newNode;
  const target = newNode as LoosePlain;
  const source = oldNode as unknown as Record<string, unknown>;
  const endNone = endDefaultsToNone(oldNode._type);
  for (const key of POSITION_KEYS) {
    const v = source[key] ?? null;
    if (v !== null) target[key] = v;
    // Python copies an end_* that is None when the old node "has" it: always where the class
    // defaults it to None, else only if it was set to None.
    else if ((key === "end_lineno" || key === "end_col_offset") && (endNone || source[key] === null)) target[key] = null;
  }
  return newNode;
}

/**
 * CPython's `ast.fix_missing_locations(node)`: gives every node that lacks `lineno` or
 * `col_offset` (key absent or undefined) its parent's, and every node whose `end_lineno` or
 * `end_col_offset` is absent or null its parent's, starting from 1, 0, 1, 0 at `node`.
 *
 * On a plain node: mutates the plain nodes under it (views inside it are not changed: a view
 * keeps its own tree's positions) and returns it. On a Tree: fills in the missing positions of
 * a built tree in place (a parsed tree lacks none and is returned as is) and returns the tree.
 * Iterative: any depth works.
 */
export function fixMissingLocations<T extends PlainInput | Tree>(node: T): T {
  if (node instanceof Tree) {
    fixTree(node);
    return node;
  }
  const nodes: LoosePlain[] = [node as LoosePlain];
  const inherited: number[][] = [[1, 0, 1, 0]];
  while (nodes.length > 0) {
    const n = nodes.pop()!;
    const vals = inherited.pop()!.slice() as unknown[];
    if (hasPositions(n._type)) {
      const o = n;
      for (let k = 0; k < 4; k++) {
        const key = POSITION_KEYS[k]!;
        // lineno/col_offset: missing only when unset (Python's hasattr); end_*: also when None.
        const missing = k < 2 ? o[key] === undefined : (o[key] ?? null) === null;
        if (missing) o[key] = vals[k];
        else vals[k] = o[key];
      }
    }
    forEachPlainChild(n, (c) => {
      nodes.push(c);
      inherited.push(vals as number[]);
    });
  }
  return node;
}

/**
 * CPython's `ast.increment_lineno(node, n)`: adds `n` to `lineno` (a missing one counts as 0,
 * as Python's `getattr(node, 'lineno', 0)`) and to `end_lineno` where it is not None, of every
 * node with positions under `node`; and to a TypeIgnore's `lineno` field. A missing
 * `end_lineno` is None on stmt and expr nodes (left alone) but absent on pattern and
 * type_param nodes, where it counts as 0 (so it becomes `n`), as in Python.
 *
 * On a plain node: mutates the plain nodes under it (views inside it are not changed) and
 * returns it. On a Tree: changes the tree in place and returns it; a parsed tree first gets an
 * explicit position column (16 bytes per node) so that its lines can move. Lines must stay
 * within 32 bits on a Tree (RangeError otherwise). Iterative: any depth works.
 */
export function incrementLineno<T extends PlainInput | Tree>(node: T, n = 1): T {
  if (node instanceof Tree) {
    incrementTree(node, n);
    return node;
  }
  const nodes: LoosePlain[] = [node as LoosePlain];
  while (nodes.length > 0) {
    const x = nodes.pop()!;
    if (x._type === "TypeIgnore") x.lineno = ((x.lineno as number | undefined) ?? 0) + n;
    else if (hasPositions(x._type)) {
      x.lineno = ((x.lineno as number | null | undefined) ?? 0) + n;
      const end = x.end_lineno as number | null | undefined;
      if (end !== undefined && end !== null) x.end_lineno = end + n;
      else if (end === undefined && !endDefaultsToNone(x._type)) x.end_lineno = n;
    }
    forEachPlainChild(x, (c) => nodes.push(c));
  }
  return node;
}

// The plain nodes among a plain node's values (fields and list items), as Python's
// iter_child_nodes; contexts and operators are skipped (they have no positions or children).
function forEachPlainChild(n: LoosePlain, f: (c: LoosePlain) => void): void {
  for (const key in n) {
    if (key === "_type") continue;
    const v = n[key];
    if (Array.isArray(v)) {
      for (const item of v) if (isPlainNode(item) && KIND_BY_NAME.has(item._type)) f(item);
    } else if (isPlainNode(v) && KIND_BY_NAME.has(v._type)) f(v);
  }
}

// Children of row `id`, pushed onto `out`.
function pushChildren(t: Tree, id: NodeId, out: number[]): void {
  const k = t.kind[id]!;
  const b = t.base[id]!;
  // The root's derived type_ignores.
  if (id === t.root) for (let j = 0, n = t.listLength(t.typeIgnores); j < n; j++) out.push(t.listItem(t.typeIgnores, j));
  let mask = NODE_SLOTS[k]!;
  for (let i = 0; mask !== 0; i++, mask >>= 1) {
    if ((mask & 1) !== 0) {
      const c = t.slots[b + i]!;
      if (c !== 0) out.push(c);
    }
  }
  mask = LIST_SLOTS[k]!;
  for (let i = 0; mask !== 0; i++, mask >>= 1) {
    if ((mask & 1) !== 0) {
      const l = t.slots[b + i]!;
      const len = t.listLength(l);
      for (let j = 0; j < len; j++) {
        const c = t.listItem(l, j);
        if (c !== 0) out.push(c);
      }
    }
  }
}

function fixTree(t: Tree): void {
  const pos = t.pos;
  if (pos === null) return; // positions derived from offsets: none is missing
  const ids: number[] = [t.root];
  const vals: number[] = [1, 0, 1, 0];
  while (ids.length > 0) {
    const id = ids.pop()!;
    const top = vals.length - 4;
    if (KINDS[t.kind[id]!]!.hasPosition) {
      for (let k = 0; k < 4; k++) {
        const p = id * 4 + k;
        if (pos[p] === MISSING) pos[p] = vals[top + k]!;
        else vals[top + k] = pos[p]!;
      }
    }
    const l = vals[top]!,
      c = vals[top + 1]!,
      el = vals[top + 2]!,
      ec = vals[top + 3]!;
    vals.length = top;
    const mark = ids.length;
    pushChildren(t, id, ids);
    for (let j = mark; j < ids.length; j++) vals.push(l, c, el, ec);
  }
}

function incrementTree(t: Tree, n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`incrementLineno: n must be an int, got ${n}`);
  const pos = t.explicitPositions();
  const ids: number[] = [t.root];
  while (ids.length > 0) {
    const id = ids.pop()!;
    const k = t.kind[id]!;
    if (KINDS[k]!.hasPosition) {
      const l = pos[id * 4]!;
      pos[id * 4] = checked((l === MISSING ? 0 : l) + n);
      const el = pos[id * 4 + 2]!;
      if (el !== MISSING) pos[id * 4 + 2] = checked(el + n);
      else if (END_DEFAULTS_TO_NONE[k] === 0) pos[id * 4 + 2] = checked(n);
    } else if (k === NodeKind.TypeIgnore) {
      // Module.type_ignores of a tree parsed with typeComments (or built with TypeIgnore nodes).
      const b = t.base[id]!;
      t.slots[b] = checked(t.slots[b]! + n);
    }
    pushChildren(t, id, ids);
  }
}

function checked(v: number): number {
  if (v <= MISSING || v > 0x7fffffff) throw new RangeError(`incrementLineno: line ${v} does not fit in 32 bits`);
  return v;
}
