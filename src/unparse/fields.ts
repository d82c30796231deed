// Field lookup for the unparser's handlers: each handler file resolves the fields it reads to
// CPython field indices once, at load time, from the generated schema.
import { KIND_NAMES } from "../schema/generated/nodes.js";
import { FIELD_SLOT, fieldIndex } from "../ast/layout.js";

/** Field index of `name` in `kind` (CPython's order); throws at load time if the schema lacks it. */
export function fieldOf(kind: number, name: string): number {
  const i = fieldIndex(kind, name);
  if (i < 0) throw new Error(`unparse: ${KIND_NAMES[kind]} has no field ${name}`);
  return i;
}

/**
 * Slot index of stored field `name` in `kind` (read with tree.slot, no per-read layout lookup);
 * throws at load time if the field is derived (read those with fieldOf and tree.field).
 */
export function slotOf(kind: number, name: string): number {
  const s = FIELD_SLOT[kind]![fieldOf(kind, name)]!;
  if (s < 0) throw new Error(`unparse: ${KIND_NAMES[kind]}.${name} is derived, not stored`);
  return s;
}
