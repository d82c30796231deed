// Eager materialization: the whole tree (or a subtree) as plain, JSON-safe objects.
// Only made when a caller asks (toJSON); the parser never builds these.
import { KINDS, EXPR_CONTEXT_NAMES, CMP_OPERATOR_NAMES } from "../schema/generated/nodes.js";
import { operatorNames, FIELD_SLOT } from "./layout.js";
import type { Tree, NodeId } from "./tree.js";
import { PyBytes, PyComplex } from "../core/pyvalue.js";
import type { PyValue } from "../core/pyvalue.js";
import type { PlainNode } from "../schema/generated/plain.js";

export type { PlainNode } from "../schema/generated/plain.js";

// The object being filled in: the generated types say which keys each kind gets.
interface Building {
  _type: string;
  [field: string]: unknown;
}

/**
 * Constants in JSON-safe form: str, bool, None and safe ints/floats as themselves; other
 * values as `{ _type: "int" | "float" | "bytes" | "complex" | "Ellipsis", ... }`.
 */
export function plainConstant(v: PyValue): unknown {
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : { _type: "int", value: v.toString() };
  }
  if (typeof v === "number") return Number.isFinite(v) && !Number.isInteger(v) ? v : { _type: "float", value: String(v) };
  if (v instanceof PyBytes) return { _type: "bytes", value: Array.from(v.bytes) };
  if (v instanceof PyComplex) return { _type: "complex", real: v.real, imag: v.imag };
  if (v !== null && typeof v === "object") return { _type: "Ellipsis" };
  return v;
}

/**
 * Node `id` and its subtree as plain objects (see PlainNode for the shape). Iterative (an
 * explicit work list), so a subtree of any depth is fine.
 */
export function materialize(t: Tree, id: NodeId): PlainNode {
  const box: { v: unknown } = { v: null };
  // Pending children: node ids, and where each one's object goes (holder[key]).
  const todo: NodeId[] = [id];
  const holders: Record<string | number, unknown>[] = [box];
  const keys: (string | number)[] = ["v"];
  while (todo.length > 0) {
    const x = todo.pop()!;
    const holder = holders.pop()!;
    const key = keys.pop()!;
    holder[key] = shell(t, x, todo, holders, keys);
  }
  return box.v as PlainNode;
}

// Node `id` as a plain object whose child nodes are still null: each is queued on
// (todo, holders, keys) instead. Keys are written in their final order.
function shell(t: Tree, id: NodeId, todo: NodeId[], holders: Record<string | number, unknown>[], keys: (string | number)[]): Building {
  const kind = t.kind[id]!;
  const spec = KINDS[kind]!;
  const b = t.base[id]!;
  const slotOf = FIELD_SLOT[kind]!;
  const out: Building = { _type: spec.name };
  for (let i = 0; i < spec.fields.length; i++) {
    const f = spec.fields[i]!;
    const si = slotOf[i]!;
    const raw = si >= 0 ? t.slots[b + si]! : t.derivedRaw(id, i);
    switch (f.category) {
      case "node":
      case "node?":
        out[f.name] = null;
        if (raw !== 0) {
          todo.push(raw);
          holders.push(out);
          keys.push(f.name);
        }
        break;
      case "node*": {
        const n = t.listLength(raw);
        const arr: unknown[] = new Array(n);
        for (let j = 0; j < n; j++) {
          const c = t.listItem(raw, j);
          arr[j] = null;
          if (c !== 0) {
            todo.push(c);
            holders.push(arr as unknown as Record<number, unknown>);
            keys.push(j);
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
        const n = t.listLength(raw);
        const arr = new Array(n);
        for (let j = 0; j < n; j++) arr[j] = t.ident(t.listItem(raw, j));
        out[f.name] = arr;
        break;
      }
      case "int":
      case "int?":
        out[f.name] = raw;
        break;
      case "constant":
        out[f.name] = plainConstant(t.value(raw, id));
        break;
      case "ctx":
        out[f.name] = { _type: EXPR_CONTEXT_NAMES[raw] };
        break;
      case "op":
        out[f.name] = { _type: operatorNames(f.type)[raw] };
        break;
      case "op*": {
        const n = t.listLength(raw);
        const arr = new Array(n);
        for (let j = 0; j < n; j++) arr[j] = { _type: CMP_OPERATOR_NAMES[t.listItem(raw, j)] };
        out[f.name] = arr;
        break;
      }
    }
  }
  if (spec.hasPosition) {
    const [l, c] = t.position(t.start[id]!);
    const [el, ec] = t.position(t.end[id]!);
    out.lineno = l;
    out.col_offset = c;
    out.end_lineno = el;
    out.end_col_offset = ec;
  }
  return out;
}
