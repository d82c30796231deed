// Columns in CPython's unit (UTF-8 bytes, as in col_offset) and in editors' unit (UTF-16 code
// units, as in the LSP and JS strings), and conversions between them and byte offsets. Lines are
// 1-based and columns 0-based in both units, as in CPython.
import type { Tree, NodeId } from "./tree.js";
import { KINDS } from "../schema/generated/nodes.js";

/** The unit of a column: "utf8" (CPython's col_offset, bytes) or "utf16" (editors, the LSP, JS strings). */
export type ColumnUnit = "utf8" | "utf16";

/** A line (1-based) and column (0-based, in the unit asked for). */
export interface LineColumn {
  readonly lineno: number;
  readonly col: number;
}

/** CPython's four position attributes, with columns in the unit asked for. */
export interface NodeRange {
  readonly lineno: number;
  readonly col_offset: number;
  readonly end_lineno: number;
  readonly end_col_offset: number;
}

// [start, end) byte offsets of line `lineno`'s text, without its newline.
function lineBounds(t: Tree, lineno: number): [number, number] {
  const n = t.lineCount;
  if (!Number.isInteger(lineno) || lineno < 1 || lineno > n) throw new RangeError(`line ${lineno} is not a line of this tree (1..${n})`);
  const ls = t.lineStarts;
  const start = ls[lineno - 1]!;
  const end = lineno < n ? ls[lineno]! - 1 : t.source.length;
  return [start, Math.min(Math.max(end, start), t.source.length)];
}

// UTF-16 code units in the UTF-8 bytes [from, to): one per character, two for one above U+FFFF.
function utf16Units(src: Uint8Array, from: number, to: number): number {
  let u = 0;
  for (let i = from; i < to; i++) {
    const b = src[i]!;
    if ((b & 0xc0) !== 0x80) u += b >= 0xf0 ? 2 : 1;
  }
  return u;
}

// The byte offset reached after `units` UTF-16 code units from `from`, stopping at `end` and before
// a character that would go past `units` (the middle of a surrogate pair rounds down).
function advanceUtf16(src: Uint8Array, from: number, end: number, units: number): number {
  let u = 0;
  let i = from;
  while (i < end && u < units) {
    const b = src[i]!;
    const len = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    const w = len === 4 ? 2 : 1;
    if (u + w > units) break;
    u += w;
    i += len;
  }
  return Math.min(i, end);
}

/**
 * The UTF-16 column of byte column `col` (CPython's col_offset) on line `lineno`. A column past
 * the line's end counts to the end; one inside a multi-byte character counts that character.
 * Throws RangeError for a line outside the tree's source.
 */
export function utf8ToUtf16Column(tree: Tree, lineno: number, col: number): number {
  const [s, e] = lineBounds(tree, lineno);
  return utf16Units(tree.source, s, Math.min(s + Math.max(0, col), e));
}

/**
 * The byte column (CPython's col_offset) of UTF-16 column `col` on line `lineno`. A column past
 * the line's end gives the line's end (as the LSP asks); one between the two halves of a
 * surrogate pair gives the start of that character. Throws RangeError for a line outside the
 * tree's source.
 */
export function utf16ToUtf8Column(tree: Tree, lineno: number, col: number): number {
  const [s, e] = lineBounds(tree, lineno);
  return advanceUtf16(tree.source, s, e, Math.max(0, col)) - s;
}

/**
 * The line and column of byte offset `offset` of the tree's source (CPython's positions for
 * "utf8"). An offset outside [0, source length] throws RangeError.
 */
export function offsetToPosition(tree: Tree, offset: number, unit: ColumnUnit = "utf8"): LineColumn {
  if (!Number.isInteger(offset) || offset < 0 || offset > tree.source.length)
    throw new RangeError(`offset ${offset} is outside the source (0..${tree.source.length})`);
  const [lineno, col] = tree.position(offset);
  if (unit === "utf8") return { lineno, col };
  const s = tree.lineStarts[lineno - 1]!;
  return { lineno, col: utf16Units(tree.source, s, offset) };
}

/**
 * The byte offset of (lineno, col) in the tree's source, `col` in `unit`. Columns past the line's
 * end clamp to it; a line outside the source throws RangeError.
 */
export function positionToOffset(tree: Tree, lineno: number, col: number, unit: ColumnUnit = "utf8"): number {
  const [s, e] = lineBounds(tree, lineno);
  if (unit === "utf8") return Math.min(s + Math.max(0, col), e);
  return advanceUtf16(tree.source, s, e, Math.max(0, col));
}

/**
 * Node `id`'s CPython positions with columns in `unit` ("utf8": exactly lineno, col_offset,
 * end_lineno, end_col_offset), or undefined for a kind without positions (`arguments`,
 * `comprehension`, the `mod` kinds, ...).
 */
export function nodeRange(tree: Tree, id: NodeId, unit: ColumnUnit = "utf8"): NodeRange | undefined {
  if (!KINDS[tree.kind[id]!]!.hasPosition) return undefined;
  const [lineno, col_offset] = tree.position(tree.start[id]!);
  const [end_lineno, end_col_offset] = tree.position(tree.end[id]!);
  if (unit === "utf8") return { lineno, col_offset, end_lineno, end_col_offset };
  return {
    lineno,
    col_offset: utf8ToUtf16Column(tree, lineno, col_offset),
    end_lineno,
    end_col_offset: utf8ToUtf16Column(tree, end_lineno, end_col_offset),
  };
}
