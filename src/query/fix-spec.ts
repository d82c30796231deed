// A rule's `fix` as written (a template string, a fix object, or a list of them) -> a list of fix
// operations, with the static checks §8.6 asks for: unknown keys (Q3016), fields no matchable kind
// has as a list or identifier field (Q3017). Metavariables are checked by compile.ts (Q3006).
import { KINDS } from "../schema/generated/nodes.js";
import { QUERY_CODES as Q, fail, hint } from "./messages.js";
import { hasPlaceholder, templateVars } from "./fix.js";
import type { TransformProgram } from "./fix-transform.js";

/**
 * One fix object of a rule (YAML, JSON or a literal); exactly one of its keys. TEMPLATE is fix
 * template text (`$X` substituted by what it bound).
 */
export interface FixObject {
  /** Replace the matched node by the template (a decorated definition keeps its decorators). */
  replace?: string;
  /** `true`: remove the matched node; `"$X"`: remove the node(s) `$X` / `$$$X` bound. List items only. */
  remove?: true | string;
  /** Insert the template as a new item of the list the matched node is in, before it. */
  insertBefore?: string;
  /** Insert the template as a new item of the list the matched node is in, after it. */
  insertAfter?: string;
  /** Add the template as the last item of list field `field` of the matched node. */
  append?: { field: string; text: string };
  /** Replace the matched node (with its decorators) by the template, `$$$` or `$_` standing for its original text. */
  wrap?: string;
  /** Set identifier field `field` of the matched node to `value` (a template); null removes an alias's `as` name. */
  setField?: { field: string; value: string | null };
}

/** What a rule's `fix` may be: a replace template, one fix object, or a list of them (applied together). */
export type FixSpec = string | FixObject | readonly FixObject[];

/** One lowered fix operation. */
export type FixOp =
  | { readonly op: "replace"; readonly template: string }
  | { readonly op: "remove"; readonly target: string | null }
  | { readonly op: "insertBefore" | "insertAfter"; readonly template: string }
  | { readonly op: "append"; readonly field: string; readonly template: string }
  | { readonly op: "wrap"; readonly template: string }
  | { readonly op: "setField"; readonly field: string; readonly value: string | null }
  /** First of the list when the rule has `transform`: the metavariables the other operations may also use. */
  | { readonly op: "transform"; readonly program: TransformProgram };

const KEYS = ["replace", "remove", "insertBefore", "insertAfter", "append", "wrap", "setField"];

/** Lowers a rule's `fix` value. `text` is the rule's source (or JSON) for positions. Throws Q3016. */
export function lowerFix(v: unknown, text: string): FixOp[] {
  const at = (s: string): number => Math.max(0, text.indexOf(s));
  const bad = (msg: string, key: string): never => fail(Q.BadFix, msg, text, at(key), at(key) + key.length);
  if (typeof v === "string") return [{ op: "replace", template: v }];
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  if (list.length === 0) bad("'fix' is an empty list", "fix");
  return list.map((o): FixOp => {
    if (typeof o !== "object" || o === null || Array.isArray(o))
      bad("'fix' is a template string, a fix object ({replace: ...}, {remove: true}, ...) or a list of fix objects", "fix");
    const keys = Object.keys(o as object);
    for (const k of keys) {
      if (!KEYS.includes(k)) {
        const why = k === "expandStart" || k === "expandEnd" ? " (quarry's `remove` takes an item's separator itself)" : hint(k, KEYS);
        bad(`unknown fix key '${k}'${why}; a fix object has one of ${KEYS.join(", ")}`, k);
      }
    }
    if (keys.length !== 1)
      bad(`a fix object has exactly one of ${KEYS.join(", ")} (write a list of fix objects for several edits)`, keys[1] ?? "fix");
    const k = keys[0]!;
    const val = (o as Record<string, unknown>)[k];
    const str = (x: unknown, what: string): string => (typeof x === "string" ? x : bad(`'${what}' is a template string`, what));
    switch (k) {
      case "replace":
        return { op: "replace", template: str(val, k) };
      case "insertBefore":
      case "insertAfter":
        return { op: k, template: str(val, k) };
      case "wrap": {
        const t = str(val, k);
        if (!hasPlaceholder(t)) bad("a 'wrap' template needs `$$$` (or `$_`) where the original code goes", k);
        return { op: "wrap", template: t };
      }
      case "remove":
        if (val === true) return { op: "remove", target: null };
        if (typeof val === "string" && /^\$(\$\$)?[A-Z][A-Z0-9_]*$/.test(val)) return { op: "remove", target: val.replace(/^\$+/, "") };
        return bad("'remove' is true (the matched node) or a metavariable ($X or $$$X)", k);
      case "append": {
        const a = val as Record<string, unknown>;
        if (typeof a !== "object" || a === null) bad("'append' is {field: NAME, text: TEMPLATE}", k);
        for (const ak of Object.keys(a))
          if (ak !== "field" && ak !== "text") bad(`unknown key '${ak}' in 'append'${hint(ak, ["field", "text"])}`, ak);
        if (typeof a.field !== "string") bad("'append' needs 'field', the name of a list field (body, args, decorator_list, ...)", k);
        return { op: "append", field: a.field as string, template: str(a.text, "text") };
      }
      default: {
        const s = val as Record<string, unknown>;
        if (typeof s !== "object" || s === null) bad("'setField' is {field: NAME, value: TEMPLATE}", k);
        for (const sk of Object.keys(s))
          if (sk !== "field" && sk !== "value") bad(`unknown key '${sk}' in 'setField'${hint(sk, ["field", "value"])}`, sk);
        if (typeof s.field !== "string") bad("'setField' needs 'field', the name of an identifier field (name, attr, arg, id, ...)", k);
        if (s.value !== null && typeof s.value !== "string")
          bad("'setField' needs 'value', a template string (or null to remove an `as` name)", k);
        return { op: "setField", field: s.field as string, value: s.value as string | null };
      }
    }
  });
}

/** The metavariables the operations use, each with the text to point at when it is unbound. */
export function fixVars(ops: readonly FixOp[]): string[] {
  const out: string[] = [];
  // Transformed metavariables are defined by the rule's `transform` (whose sources rule.ts checked).
  const defined = new Set<string>();
  for (const o of ops) if (o.op === "transform") for (const t of o.program.transforms) defined.add(t.name);
  for (const o of ops) {
    if (o.op === "transform") continue;
    if (o.op === "remove") {
      if (o.target !== null) out.push(o.target);
    } else if (o.op === "setField") {
      if (o.value !== null) out.push(...templateVars(o.value));
    } else out.push(...templateVars(o.template));
  }
  return out.filter((v) => !defined.has(v));
}

/** The rule's transforms, when its fix list starts with them (see FixOp "transform"). */
export function fixProgram(ops: readonly FixOp[] | undefined): TransformProgram | undefined {
  const o = ops?.[0];
  return o?.op === "transform" ? o.program : undefined;
}

/** The replace template when the fix is one `replace` (what Match.fix shows), else undefined. */
export function soleTemplate(ops: readonly FixOp[]): string | undefined {
  const program = fixProgram(ops);
  const rest = program === undefined ? ops : ops.slice(1);
  if (rest.length !== 1 || rest[0]!.op !== "replace") return undefined;
  const t = rest[0]!.template;
  // A template using transformed metavariables is rendered by Query.fix only.
  if (program !== undefined && templateVars(t).some((v) => program.transforms.some((x) => x.name === v))) return undefined;
  return t;
}

/**
 * Q3017: `append` names a field that no kind in `kinds` (those the fix can apply to) has as a
 * list of nodes; `setField` one that none has as an identifier.
 */
export function checkFixFields(ops: readonly FixOp[], kinds: readonly number[], text: string): void {
  for (const o of ops) {
    if (o.op !== "append" && o.op !== "setField") continue;
    const fits = (c: string) => (o.op === "append" ? c === "node*" : c === "ident" || c === "ident?");
    const ok = kinds.some((k) => KINDS[k]!.fields.some((f) => f.name === o.field && fits(f.category) && f.name !== "type_comment"));
    if (ok) continue;
    const names = new Set<string>();
    for (const k of kinds) for (const f of KINDS[k]!.fields) if (fits(f.category) && f.name !== "type_comment") names.add(f.name);
    const what = o.op === "append" ? "list field" : "identifier field";
    const article = o.op === "append" ? "a" : "an";
    const kindNames = kinds.length <= 6 ? kinds.map((k) => KINDS[k]!.name).join(", ") : `the ${kinds.length} kinds this rule can match`;
    const at = Math.max(0, text.indexOf(o.field, Math.max(0, text.indexOf(o.op))));
    fail(
      Q.BadFixField,
      `'${o.op}': ${o.field} is not ${article} ${what} of ${kindNames}${names.size > 0 ? hint(o.field, names) : ` (they have no ${what}s)`}`,
      text,
      at,
      at + o.field.length,
    );
  }
}
