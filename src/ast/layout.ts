// Per-kind storage layout derived from the generated schema: which fields take an Int32 slot and
// in which order, how many slots a node of each kind takes, and which slots hold child nodes or
// child lists (so parents can be found generically).
//
// A field is stored in a slot unless it is derived: its value follows from the rest of the row
// and the source, so storing it would only repeat it. The derived fields and why each is
// derivable (Tree.derivedRaw computes them):
// - every `type_comment` (Assign, For, AsyncFor, With, AsyncWith, FunctionDef, AsyncFunctionDef,
//   arg): CPython fills them only under ast.parse(type_comments=True), so they are None unless
//   the tree was parsed with `typeComments`, whose few type comments live in a side table
//   (Tree.typeComments) rather than in a slot every such node would pay for;
// - `Module.type_ignores`: likewise [] unless parsed with `typeComments`; the list of TypeIgnore
//   nodes is then Tree.typeIgnores (a slot would cost every tree 4 bytes for a rare list);
// - `Constant.kind`: 'u' exactly when the value comes from string literals whose first token
//   starts with a lowercase `u` (the `u` is then at the node's start), which the constant slot
//   records (LAZY_STRING and that source byte, or a flag on a constants-table index);
// - `Name.id` and `arg.arg`: the NAME token the node starts with (a Name is exactly that token);
// - `keyword.arg`: the NAME token the keyword starts with, None when it starts with `**`;
// - `Attribute.attr`: the NAME token the node ends with;
// - `alias.name`: the dotted name (or `*`) the alias starts with.
// Identifier fields hold source offsets, not strings (see ast/tree.ts), which is what makes the
// last four derivable at all.
import {
  KINDS,
  NodeKind,
  OPERATOR_NAMES,
  BOOL_OPERATOR_NAMES,
  UNARY_OPERATOR_NAMES,
  CMP_OPERATOR_NAMES,
} from "../schema/generated/nodes.js";

/**
 * A position (lineno, col_offset, end_lineno, end_col_offset) a built node does not have (as a
 * node made by CPython's constructors has none until fix_missing_locations), and the None of
 * an `int?` field (ImportFrom.level) in a built tree.
 */
export const MISSING = -2147483648;

const n = KINDS.length;

/** How a derived field gets its value: FIELD_SLOT holds -rule. */
export const Derive = {
  /** `type_comment`: Tree.typeComments' entry for the node, else None (raw 0). */
  TypeComment: 1,
  /** `Module.type_ignores`: Tree.typeIgnores (a list id, 0 for []). */
  TypeIgnores: 7,
  /** Constant.kind. */
  ConstantKind: 2,
  /** The NAME token at the node's start. */
  NameAtStart: 3,
  /** The NAME token at the node's start, or None if the node starts with `**`. */
  KeywordArg: 4,
  /** The NAME token that ends the node. */
  NameAtEnd: 5,
  /** The dotted name (or `*`) at the node's start. */
  DottedAtStart: 6,
} as const;

/** The Derive rule of field `name` of `kind`, or 0 if it is stored; see the file header for why each is. */
function deriveRule(kind: number, name: string): number {
  if (name === "type_comment") return Derive.TypeComment;
  switch (kind) {
    case NodeKind.Module:
      return name === "type_ignores" ? Derive.TypeIgnores : 0;
    case NodeKind.Constant:
      return name === "kind" ? Derive.ConstantKind : 0;
    case NodeKind.Name:
      return name === "id" ? Derive.NameAtStart : 0;
    case NodeKind.arg:
      return name === "arg" ? Derive.NameAtStart : 0;
    case NodeKind.keyword:
      return name === "arg" ? Derive.KeywordArg : 0;
    case NodeKind.Attribute:
      return name === "attr" ? Derive.NameAtEnd : 0;
    case NodeKind.alias:
      return name === "name" ? Derive.DottedAtStart : 0;
    default:
      return 0;
  }
}

/**
 * Per NodeKind, per field (CPython's order): the field's slot index (>= 0), or, for a derived
 * field, minus its Derive rule.
 */
export const FIELD_SLOT: readonly Int8Array[] = KINDS.map((spec, k) => {
  const map = new Int8Array(spec.fields.length);
  let slot = 0;
  spec.fields.forEach((f, i) => {
    const rule = k === 0 ? 0 : deriveRule(k, f.name);
    map[i] = rule !== 0 ? -rule : slot++;
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

/** Index of `field` among `kind`'s fields (CPython's order), or -1. */
export function fieldIndex(kind: number, field: string): number {
  return KINDS[kind]!.fields.findIndex((f) => f.name === field);
}

/** Slot index of `field` in `kind`, or -1 if the kind has no such field or it is derived. */
export function slotIndex(kind: number, field: string): number {
  const i = fieldIndex(kind, field);
  return i < 0 ? -1 : Math.max(-1, FIELD_SLOT[kind]![i]!);
}

/** CPython's class names for an operator field's values; which table applies depends on its type. */
export function operatorNames(type: string): readonly string[] {
  switch (type) {
    case "operator":
      return OPERATOR_NAMES;
    case "boolop":
      return BOOL_OPERATOR_NAMES;
    case "unaryop":
      return UNARY_OPERATOR_NAMES;
    default:
      return CMP_OPERATOR_NAMES;
  }
}
