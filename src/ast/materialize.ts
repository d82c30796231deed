// Eager materialization: the whole tree (or a subtree) as plain, JSON-safe objects.
// Only made when a caller asks (toJSON); the parser never builds these.
import { KINDS, KIND_NAMES, EXPR_CONTEXT_NAMES, CMP_OPERATOR_NAMES } from "../schema/generated/nodes.js";
import { operatorNames, FIELD_SLOT, MISSING } from "./layout.js";
import { LineCursor, type Tree, type NodeId } from "./tree.js";
import { PyBytes, PyComplex, PyStr } from "../core/pyvalue.js";
import type { PyValue } from "../core/pyvalue.js";

import type { PlainNode } from "../schema/generated/plain.js";

export type { PlainNode } from "../schema/generated/plain.js";

/** A plain node whose fields are not typed, as JSON.parse or a hand-written literal gives one: `{ _type: "Name", id: "x" }`. */
export interface LoosePlain {
  _type: string;
  [field: string]: unknown;
}

/**
 * A plain node as callers hand one in: a typed PlainNode (toJSON, the `ast` constructors) or a
 * LoosePlain. Whatever builds a tree from it (fromJSON, transform) checks every field.
 */
export type PlainInput = PlainNode | LoosePlain;

// The object being filled in: the generated types say which keys each kind gets.
interface Building {
  _type: string;
  [field: string]: unknown;
}

// Makes a plain object `{ _type }` (its prototype is Object.prototype, as a literal's): V8 gives an
// object made by `new` room for its later properties in the object itself, where a literal gets
// one slot and the fields go to a separate property array, grown as they are added (measured:
// toJSON of a million-node chain 20% faster).
const NewPlain = function (this: Building, type: string): void {
  this._type = type;
} as unknown as new (
  type: string,
) => Building;
(NewPlain as unknown as { prototype: object }).prototype = Object.prototype;

/**
 * Constants in JSON-safe form: str, bool, None and safe ints/floats as themselves; other
 * values as `{ _type: "int" | "float" | "bytes" | "complex" | "Ellipsis", ... }`, and a str no JS
 * string can hold (a PyStr: a high surrogate code point right before a low one) as
 * `{ _type: "str", value: [code points] }`.
 */
export function plainConstant(v: PyValue): unknown {
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : { _type: "int", value: v.toString() };
  }
  if (typeof v === "number") return Number.isFinite(v) && !Number.isInteger(v) ? v : { _type: "float", value: String(v) };
  if (v instanceof PyStr) return { _type: "str", value: v.codePoints() };
  if (v instanceof PyBytes) return { _type: "bytes", value: Array.from(v.bytes) };
  if (v instanceof PyComplex) return { _type: "complex", real: v.real, imag: v.imag };
  if (v !== null && typeof v === "object") return { _type: "Ellipsis" };
  return v;
}

/**
 * Node `id` and everything under it as plain objects (see PlainNode). Iterative (an explicit
 * stack), so any depth the parser accepts works. Positions a built node lacks are left out.
 */
export function materialize(t: Tree, id: NodeId): PlainNode {
  const root: Building = new NewPlain(KIND_NAMES[t.kind[id]!]!);
  // Pending nodes: each is made (with its `_type`) when its parent is filled in, so that its
  // key sits where CPython's field order puts it, and filled in when popped.
  const ids: number[] = [id];
  const outs: Building[] = [root];
  const pos = t.pos;
  let lines: LineCursor | null = null;
  while (ids.length > 0) {
    const n = ids.pop()!;
    const out = outs.pop()!;
    const kind = t.kind[n]!;
    const spec = KINDS[kind]!;
    const b = t.base[n]!;
    const slotOf = FIELD_SLOT[kind]!;
    // Children are pushed in reverse so that they are filled in in order (the output does not
    // depend on it; it keeps the stack's access pattern close to the tree's).
    const mark = ids.length;
    for (let i = 0; i < spec.fields.length; i++) {
      const f = spec.fields[i]!;
      const si = slotOf[i]!;
      const raw = si >= 0 ? t.slots[b + si]! : t.derivedRaw(n, i);
      switch (f.category) {
        case "node":
        case "node?":
          if (raw === 0) out[f.name] = null;
          else {
            const c: Building = new NewPlain(KIND_NAMES[t.kind[raw]!]!);
            out[f.name] = c;
            ids.push(raw);
            outs.push(c);
          }
          break;
        case "node*": {
          const len = t.listLength(raw);
          const arr = new Array(len);
          for (let j = 0; j < len; j++) {
            const x = t.listItem(raw, j);
            if (x === 0) arr[j] = null;
            else {
              const c: Building = new NewPlain(KIND_NAMES[t.kind[x]!]!);
              arr[j] = c;
              ids.push(x);
              outs.push(c);
            }
          }
          out[f.name] = arr;
          break;
        }
        case "ident":
        case "ident?":
          out[f.name] = raw === 0 ? null : t.ident(raw);
          break;
        case "ident*": {
          const len = t.listLength(raw);
          const arr = new Array(len);
          for (let j = 0; j < len; j++) arr[j] = t.ident(t.listItem(raw, j));
          out[f.name] = arr;
          break;
        }
        case "int":
          out[f.name] = raw;
          break;
        case "int?":
          out[f.name] = raw === MISSING ? null : raw;
          break;
        case "constant":
          out[f.name] = plainConstant(t.value(raw, n));
          break;
        case "ctx":
          out[f.name] = { _type: EXPR_CONTEXT_NAMES[raw] };
          break;
        case "op":
          out[f.name] = { _type: operatorNames(f.type)[raw] };
          break;
        case "op*": {
          const len = t.listLength(raw);
          const arr = new Array(len);
          for (let j = 0; j < len; j++) arr[j] = { _type: CMP_OPERATOR_NAMES[t.listItem(raw, j)] };
          out[f.name] = arr;
          break;
        }
      }
    }
    reverseTail(ids, mark);
    reverseTail(outs, mark);
    if (spec.hasPosition) {
      if (pos !== null) {
        const p = n * 4;
        if (pos[p] !== MISSING) out.lineno = pos[p];
        if (pos[p + 1] !== MISSING) out.col_offset = pos[p + 1];
        if (pos[p + 2] !== MISSING) out.end_lineno = pos[p + 2];
        if (pos[p + 3] !== MISSING) out.end_col_offset = pos[p + 3];
      } else {
        lines ??= new LineCursor(t);
        const s = t.start[n]!;
        out.lineno = lines.line(s);
        out.col_offset = s - lines.lineStart;
        const e = t.end[n]!;
        out.end_lineno = lines.line(e);
        out.end_col_offset = e - lines.lineStart;
      }
    }
  }
  return root as PlainNode;
}

/** Reverses a[from..] in place. */
export function reverseTail<T>(a: T[], from: number): void {
  for (let i = from, j = a.length - 1; i < j; i++, j--) {
    const x = a[i]!;
    a[i] = a[j]!;
    a[j] = x;
  }
}
