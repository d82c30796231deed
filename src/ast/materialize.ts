// Eager materialization: the whole tree (or a subtree) as plain, JSON-safe objects.
// Only made when a caller asks (toJSON); the parser never builds these.
import { KINDS, EXPR_CONTEXT_NAMES, CMP_OPERATOR_NAMES } from "../schema/generated/nodes.js";
import { operatorNames, FIELD_SLOT } from "./layout.js";
import type { Tree, NodeId } from "./tree.js";
import { PyBytes, PyComplex } from "../core/pyvalue.js";
import type { PyValue } from "../core/pyvalue.js";

/** A node as a plain object: `_type` is the CPython class name, other keys are its fields and positions. */
export interface PlainNode {
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

export function materialize(t: Tree, id: NodeId): PlainNode {
  // Trees can be as deep as their source is long (a 200,000-term `a + b + ...` chain): nodes
  // below RECURSE_DEPTH go on an explicit stack of (node, object to fill) instead of the call
  // stack (recursion above it is ~12% faster than the stack for ordinary trees). A child's object
  // is put in its field (or list) when its parent is filled, so keys keep CPython's field order.
  const root: PlainNode = { _type: "" };
  const ids: NodeId[] = [id];
  const objs: PlainNode[] = [root];
  while (ids.length > 0) fill(t, ids.pop()!, objs.pop()!, 0, ids, objs);
  return root;
}

const RECURSE_DEPTH = 256;

function child(t: Tree, c: NodeId, depth: number, ids: NodeId[], objs: PlainNode[]): PlainNode {
  const o: PlainNode = { _type: "" };
  if (depth < RECURSE_DEPTH) fill(t, c, o, depth + 1, ids, objs);
  else {
    ids.push(c);
    objs.push(o);
  }
  return o;
}

function fill(t: Tree, id: NodeId, out: PlainNode, depth: number, ids: NodeId[], objs: PlainNode[]): void {
  const kind = t.kind[id]!;
  const spec = KINDS[kind]!;
  const b = t.base[id]!;
  const slotOf = FIELD_SLOT[kind]!;
  out._type = spec.name;
  for (let i = 0; i < spec.fields.length; i++) {
    const f = spec.fields[i]!;
    const si = slotOf[i]!;
    const raw = si >= 0 ? t.slots[b + si]! : t.derivedRaw(id, i);
    switch (f.category) {
      case "node":
      case "node?":
        out[f.name] = raw === 0 ? null : child(t, raw, depth, ids, objs);
        break;
      case "node*": {
        const n = t.listLength(raw);
        const arr = new Array(n);
        for (let j = 0; j < n; j++) {
          const c = t.listItem(raw, j);
          arr[j] = c === 0 ? null : child(t, c, depth, ids, objs);
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
}
