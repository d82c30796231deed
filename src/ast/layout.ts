// Per-kind storage layout derived from the generated schema: which fields take an Int32 slot and
// in which order, how many slots a node of each kind takes, and which slots hold child nodes or
// child lists (so parents can be found generically).
//
// A field is stored in a slot unless it is derived: its value follows from the rest of the row,
// so storing it would only repeat it. The derived fields (DERIVED below) are:
// - every `type_comment` (Assign, For, AsyncFor, With, AsyncWith, FunctionDef, AsyncFunctionDef,
//   arg): CPython fills them only under ast.parse(type_comments=True), a mode quarry does not
//   have, so they are always None;
// - `Module.type_ignores`: likewise filled only in that mode, so always [];
// - `Constant.kind`: 'u' exactly when the value comes from string literals whose first token
//   starts with a lowercase `u`; the constant slot records that (see Tree.derivedRaw).
// Readers go through FIELD_SLOT: a field with slot -1 is read with Tree.derivedRaw, which gives
// the raw value its category would hold in a slot (0 for None and for []).
import { KINDS, NodeKind, OPERATOR_NAMES, BOOL_OPERATOR_NAMES, UNARY_OPERATOR_NAMES, CMP_OPERATOR_NAMES } from "../schema/generated/nodes.js";

const n = KINDS.length;

/** True if field `name` of `kind` is derived (has no slot); see the file header for why each is. */
function derived(kind: number, name: string): boolean {
  if (name === "type_comment") return true;
  if (kind === NodeKind.Module) return name === "type_ignores";
  if (kind === NodeKind.Constant) return name === "kind";
  return false;
}

/** Per NodeKind, per field (CPython's order): the field's slot index, or -1 if it is derived. */
export const FIELD_SLOT: readonly Int8Array[] = KINDS.map((spec, k) => {
  const map = new Int8Array(spec.fields.length);
  let slot = 0;
  spec.fields.forEach((f, i) => {
    map[i] = k !== 0 && derived(k, f.name) ? -1 : slot++;
  });
  return map;
});
/** Number of stored field slots for each NodeKind (derived fields take none). */
export const SLOT_COUNT = new Uint8Array(n);
/** Bit i set: slot i holds a single child NodeId (0 = None). */
export const NODE_SLOTS = new Uint8Array(n);
/** Bit i set: slot i holds a list of child NodeIds. */
export const LIST_SLOTS = new Uint8Array(n);

for (let k = 1; k < n; k++) {
  const map = FIELD_SLOT[k]!;
  KINDS[k]!.fields.forEach((f, i) => {
    const s = map[i]!;
    if (s < 0) return;
    SLOT_COUNT[k] = s + 1;
    if (f.category === "node" || f.category === "node?") NODE_SLOTS[k]! |= 1 << s;
    else if (f.category === "node*") LIST_SLOTS[k]! |= 1 << s;
  });
}

/** Slot index of `field` in `kind`, or -1 if the kind has no such field or it is derived. */
export function slotIndex(kind: number, field: string): number {
  const i = KINDS[kind]!.fields.findIndex((f) => f.name === field);
  return i < 0 ? -1 : FIELD_SLOT[kind]![i]!;
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
