// Per-kind storage layout derived from the generated schema: how many Int32 slots a node of each
// kind takes, and which slots hold child nodes or child lists (so parents can be set generically).
import { KINDS, OPERATOR_NAMES, BOOL_OPERATOR_NAMES, UNARY_OPERATOR_NAMES, CMP_OPERATOR_NAMES } from "../schema/generated/nodes.js";

const n = KINDS.length;
/** Number of field slots for each NodeKind. */
export const SLOT_COUNT = new Uint8Array(n);
/** Bit i set: slot i holds a single child NodeId (0 = None). */
export const NODE_SLOTS = new Uint8Array(n);
/** Bit i set: slot i holds a list of child NodeIds. */
export const LIST_SLOTS = new Uint8Array(n);

for (let k = 1; k < n; k++) {
  const fields = KINDS[k]!.fields;
  SLOT_COUNT[k] = fields.length;
  fields.forEach((f, i) => {
    if (f.category === "node" || f.category === "node?") NODE_SLOTS[k]! |= 1 << i;
    else if (f.category === "node*") LIST_SLOTS[k]! |= 1 << i;
  });
}

/** Slot index of `field` in `kind`, or -1. */
export function slotIndex(kind: number, field: string): number {
  return KINDS[kind]!.fields.findIndex((f) => f.name === field);
}

/** CPython's class names for an operator field's values; which table applies depends on its type. */
export function operatorNames(type: string): readonly string[] {
  switch (type) {
    case "operator": return OPERATOR_NAMES;
    case "boolop": return BOOL_OPERATOR_NAMES;
    case "unaryop": return UNARY_OPERATOR_NAMES;
    default: return CMP_OPERATOR_NAMES;
  }
}
