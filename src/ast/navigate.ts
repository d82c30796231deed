// Navigating a tree by node ids: parent, ancestors, depth, the field a node sits in, the
// innermost node at a byte offset or a (line, column), and a node's source text
// (ast.get_source_segment). Nothing here recurses.
import { KINDS, NodeKind } from "../schema/generated/nodes.js";
import { forEachChild, walkPreorder } from "./walk.js";
import type { Tree, NodeId } from "./tree.js";
import { nodeRange, positionToOffset, type ColumnUnit } from "./positions.js";

/** The parent of node `id`, or -1 for the root. Builds the tree's parent column on first use (4 bytes per node). */
export function parentOf(tree: Tree, id: NodeId): NodeId {
  return tree.parent[id]!;
}

/** The ancestors of `id`, nearest first (the root last); [] for the root. */
export function ancestorIds(tree: Tree, id: NodeId): NodeId[] {
  const par = tree.parent;
  const out: NodeId[] = [];
  for (let p = par[id]!; p >= 0; p = par[p]!) out.push(p);
  return out;
}

/** Depth of `id` below the root (the root is 0). */
export function depthOf(tree: Tree, id: NodeId): number {
  const par = tree.parent;
  let d = 0;
  for (let p = par[id]!; p >= 0; p = par[p]!) d++;
  return d;
}

/** Where a node sits in its parent. */
export interface FieldLocation {
  /** The parent's id. */
  readonly parent: NodeId;
  /** The parent's field holding the node (CPython's name: "body", "args", "value", ...). */
  readonly field: string;
  /** That field's index in CPython's field order (KINDS[kind].fields). */
  readonly fieldIndex: number;
  /** The node's index in the field's list, or -1 when the field holds one node. */
  readonly index: number;
}

/** The field (and list index) of its parent that holds `id`, or undefined for the root. */
export function fieldOf(tree: Tree, id: NodeId): FieldLocation | undefined {
  const parent = tree.parent[id]!;
  if (parent < 0) return undefined;
  let fieldIndex = -1;
  let index = -1;
  forEachChild(tree, parent, (c, f, j) => {
    if (c === id && fieldIndex < 0) {
      fieldIndex = f;
      index = j;
    }
  });
  const field = KINDS[tree.kind[parent]!]!.fields[fieldIndex]!.name;
  return { parent, field, fieldIndex, index };
}

// Kinds whose decorators are written before the node's own start (CPython starts a decorated
// def/class at `def`/`class`): the only children outside their parent's span.
const DECORATED = new Uint8Array(KINDS.length);
DECORATED[NodeKind.FunctionDef] = DECORATED[NodeKind.AsyncFunctionDef] = DECORATED[NodeKind.ClassDef] = 1;

/**
 * The innermost node whose source span holds byte `offset` (start <= offset < end): the deepest
 * such node, the first in preorder on a tie. The root when no other node does (blank lines,
 * comments, the end of the file); -1 for an offset outside [0, source length]. Nodes without
 * CPython positions (`arguments`, `comprehension`, `withitem`, `match_case`) count too, with the
 * span of their source. Walks only the subtrees whose span holds the offset (plus decorated
 * defs, whose decorators precede them): about O(depth x siblings).
 */
export function nodeAtOffset(tree: Tree, offset: number): NodeId {
  if (!(offset >= 0 && offset <= tree.source.length)) return -1;
  const start = tree.start;
  const end = tree.end;
  const kind = tree.kind;
  let best: NodeId = tree.root;
  let bestDepth = 0;
  walkPreorder(tree, (id, d) => {
    const inside = start[id]! <= offset && offset < end[id]!;
    if (inside && d > bestDepth) {
      best = id;
      bestDepth = d;
    }
    return inside || id === tree.root || DECORATED[kind[id]!] === 1;
  });
  return best;
}

/**
 * nodeAtOffset at line `lineno` (1-based) and column `col` (0-based, in `unit`: CPython's bytes
 * or editors' UTF-16 units). Columns past the line's end clamp to it; throws RangeError for a
 * line outside the source.
 */
export function nodeAtPosition(tree: Tree, lineno: number, col: number, unit: ColumnUnit = "utf8"): NodeId {
  return nodeAtOffset(tree, positionToOffset(tree, lineno, col, unit));
}

/** Options of sourceSegment. */
export interface SegmentOptions {
  /**
   * For a node spanning several lines, pad its first line on the left as it sits in the source:
   * each character before the node becomes a space, except tabs and form feeds, which are kept
   * (ast.get_source_segment's `padded`). Default false.
   */
  readonly padded?: boolean;
}

const decoder = new TextDecoder();

/**
 * The source text of node `id`, as CPython's `ast.get_source_segment(source, node, padded=...)`
 * returns it, or undefined where that returns None (a kind without positions). The text is
 * read from the tree's (decoded, UTF-8) source, so "\r\n" line ends read as "\n".
 */
export function sourceSegment(tree: Tree, id: NodeId, options: SegmentOptions = {}): string | undefined {
  const r = nodeRange(tree, id);
  if (r === undefined) return undefined;
  const src = tree.source;
  const s = positionToOffset(tree, r.lineno, r.col_offset);
  const e = positionToOffset(tree, r.end_lineno, r.end_col_offset);
  const text = decoder.decode(src.subarray(s, Math.max(s, e)));
  if (options.padded !== true || r.end_lineno === r.lineno) return text;
  const lineStart = tree.lineStarts[r.lineno - 1]!;
  const before = decoder.decode(src.subarray(lineStart, s));
  let pad = "";
  for (const ch of before) pad += ch === "\t" || ch === "\f" ? ch : " ";
  return pad + text;
}
