// What the query compiler needs to know about CPython's node kinds, read from the generated
// schema: kind names and groups (§8.2), which kinds have a field and in which storage category,
// and per-kind field slots. Nothing here is typed by hand except the groups.
import { KINDS, KIND_NAMES, KIND_BASES, NodeKind as K } from "../schema/generated/nodes.js";
import type { FieldCategory } from "../schema/generated/nodes.js";
import { FIELD_SLOT } from "../ast/layout.js";

/** How the query IR sees a field's values (several storage categories read alike). */
export type Domain = "node" | "list" | "ident" | "idents" | "const" | "int" | "ints";

/** The IR domain of a storage category. */
export function domainOf(c: FieldCategory): Domain {
  switch (c) {
    case "node":
    case "node?":
      return "node";
    case "node*":
      return "list";
    case "ident":
    case "ident?":
      return "ident";
    case "ident*":
      return "idents";
    case "constant":
      return "const";
    case "op*":
      return "ints";
    default:
      return "int"; // int, int?, ctx, op
  }
}

export const KIND_COUNT = KINDS.length;
/** Every concrete kind (1..n-1). */
export const ALL_KINDS: readonly number[] = KINDS.map((_, k) => k).filter((k) => k > 0);

const BY_NAME = new Map<string, number>();
KIND_NAMES.forEach((n, k) => {
  if (k > 0) BY_NAME.set(n, k);
});

const kindsOfBase = (b: string) => ALL_KINDS.filter((k) => KIND_BASES[k] === b);
const FUNCTION = [K.FunctionDef, K.AsyncFunctionDef, K.Lambda];
const COMPREHENSION = [K.ListComp, K.SetComp, K.DictComp, K.GeneratorExp];

/** §8.2's groups, usable as `:name` in a selector and as a `kind:` in a rule; plus the abstract classes. */
export const GROUPS: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>(
  [
    ["expr", kindsOfBase("expr")],
    ["stmt", kindsOfBase("stmt")],
    ["pattern", kindsOfBase("pattern")],
    ["excepthandler", kindsOfBase("excepthandler")],
    ["type_param", kindsOfBase("type_param")],
    ["mod", kindsOfBase("mod")],
    ["function", FUNCTION],
    ["def", [K.FunctionDef, K.AsyncFunctionDef]],
    ["scope", [K.Module, K.ClassDef, ...FUNCTION, ...COMPREHENSION]],
    ["loop", [K.For, K.AsyncFor, K.While]],
    ["literal", [K.Constant, K.JoinedStr]],
    ["comprehension", COMPREHENSION],
  ].map(([n, ks]) => [n as string, [...(ks as number[])].sort((a, b) => a - b)]),
);

/** 1 for the kinds that open a scope (the :scope group). */
export const SCOPE_MASK = new Uint8Array(KIND_COUNT);
for (const k of GROUPS.get("scope")!) SCOPE_MASK[k] = 1;

/** The kind numbered by CPython class `name`, or -1. */
export function kindByName(name: string): number {
  return BY_NAME.get(name) ?? -1;
}

/** Names users may write where a kind is expected: the classes, the abstract bases and groups. */
export function kindNameCandidates(): string[] {
  return [...BY_NAME.keys(), ...GROUPS.keys()];
}

/** A kind name, abstract class or group as a sorted kind list, or null if unknown. */
export function resolveKinds(name: string): readonly number[] | null {
  const k = BY_NAME.get(name);
  if (k !== undefined) return [k];
  return GROUPS.get(name) ?? null;
}

/** Field index of `name` in kind `k` (CPython's order), or -1. */
export function fieldIndexOf(k: number, name: string): number {
  return KINDS[k]!.fields.findIndex((f) => f.name === name);
}

/** The storage category of field `name` of kind `k` (the field must exist). */
export function categoryOf(k: number, name: string): FieldCategory {
  return KINDS[k]!.fields[fieldIndexOf(k, name)]!.category;
}

/** The slot of field `name` in kind `k` (>= 0), or minus its derive rule (layout.ts). */
export function slotOf(k: number, name: string): number {
  return FIELD_SLOT[k]![fieldIndexOf(k, name)]!;
}

/** Every field name some kind has. */
export const ALL_FIELDS: ReadonlySet<string> = new Set(KINDS.flatMap((s) => s.fields.map((f) => f.name)));

/** Field names of the given kinds. */
export function fieldNamesOf(kinds: readonly number[]): Set<string> {
  const s = new Set<string>();
  for (const k of kinds) for (const f of KINDS[k]!.fields) s.add(f.name);
  return s;
}
