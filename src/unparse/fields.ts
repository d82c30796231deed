// Field lookup for the unparser's handlers: each handler file resolves the fields it reads to
// CPython field indices once, at load time, from the generated schema.
import { KIND_NAMES } from "../schema/generated/nodes.js";
import { fieldIndex } from "../ast/layout.js";

/** Field index of `name` in `kind` (CPython's order); throws at load time if the schema lacks it. */
export function fieldOf(kind: number, name: string): number {
  const i = fieldIndex(kind, name);
  if (i < 0) throw new Error(`unparse: ${KIND_NAMES[kind]} has no field ${name}`);
  return i;
}
