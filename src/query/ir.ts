/*
 * The query IR: what patterns (§8.3), selectors (§8.4) and rule objects (§8.5) all lower to, and
 * what both back ends (codegen.ts, closure.ts) execute. A matcher is a tree of these operations,
 * each applied to one value; the value's domain decides what it is:
 *
 *   node    a NodeId (0 = None): the query's subject and every node-valued field
 *   list    a list id (tree.listLength/listItem) of a `node*` field; items are node values
 *   ident   an identifier raw (tree.ident), 0 = None: FunctionDef.name, Name.id, keyword.arg, ...
 *   idents  a list of identifier raws (Global.names, Nonlocal.names, MatchClass.kwd_attrs, ...)
 *   const   a constant raw of node `owner` (Constant.value, MatchSingleton.value)
 *   int     an int, operator or context raw (BinOp.op, Name.ctx, ImportFrom.level, ...)
 *   ints    a list of cmpop raws (Compare.ops)
 *
 * Operations (field `t`):
 *   any                 true for every value, None included
 *   none                the value is None / the empty list / no identifier
 *   kind   kinds        node: not None and tree.kind in `kinds` (sorted)
 *   field  name kinds dom sub
 *                       node: tree.kind in `kinds` (all of which have field `name` stored with domain
 *                       `dom`), and `sub` holds for that field's value
 *   and subs / or subs  in written order (binders first: the front ends put them first); `or`
 *                       undoes the bindings of a failed branch before trying the next
 *   not sub             never binds: bindings made inside are undone
 *   var v name dom      binds metavariable v to the value if unbound, else requires equality with
 *                       its binding (structural, ignoring ctx and positions; an identifier equals a
 *                       Name with that id)
 *   str s               ident: the identifier is `s`; const: the value is the str `s`
 *   re source flags     ident / const str / node source text / bound text matches the regex
 *   const value         const: same Python type and value (0 != 0.0 != False; "a" != b"a")
 *   ctype types         const: Python type name in `types` (str int float complex bytes bool None Ellipsis)
 *   int v               int: the raw equals `v`
 *   cmp op n            const int/float, int raw or list length: `value op n` (op one of < <= > >= = !=)
 *   list items          list/idents/ints: positional items, each {glob: -1 | -2 | var, sub}: glob -2
 *                       is one item matching `sub`; -1 an anonymous `$$$`; >= 0 a `$$$X` binding the
 *                       run. Existential with backtracking; the leftmost-shortest assignment binds
 *   kw items extra      list of keywords, unordered: each item matches a distinct keyword; unless
 *                       `extra`, no keyword is left over
 *   len                 (via cmp on a list)
 *   at i sub            list: item i (negative: from the end) exists and matches `sub`
 *   some sub            list: some item matches `sub`
 *   has sub own immediate stop field
 *                       node: some descendant (a child if immediate; not below scope nodes other
 *                       than the subject if own; not below a node matching `stop`, which is still
 *                       tested) matches. With `field`, the search starts from the subject's
 *                       children in that field (ast-grep's `field`): immediate tests those
 *                       children, otherwise they and their descendants
 *   inside sub immediate stop field
 *                       node: some ancestor (the parent if immediate; up to and including the
 *                       first that matches `stop`) matches; with `field`, only an ancestor whose
 *                       field `field` holds the child on the path from the subject
 *   scope sub           node: the nearest enclosing :scope node matches
 *   sib sub dir immediate stop
 *                       node: an earlier (dir -1) or later (dir 1) item of the same list field
 *                       (the adjacent one if immediate; nearest first, up to and including the
 *                       first that matches `stop`) matches. `stop` never binds (it is a probe),
 *                       here and in has/inside
 *   sibAt off sub       node: the item `off` places later in the same list field matches (multi-
 *                       statement patterns)
 *   stmts items at span node: n (or the expression statement it is the value of) is item j of a list
 *                       field; `items` (globs as in `list`) match that list with item `at` landing
 *                       on j: the items before `at`, if any, match the list's items [0, j), those
 *                       after it match from j + 1 on, up to the list's end only when the last item
 *                       is a glob. `items[at]` is `any` (the subject is tested by the conjunct
 *                       beside). When `span` >= 0 it binds that variable to the run from j through
 *                       the last item a non-glob matched (a multi-statement pattern with `$$$`:
 *                       the match's range)
 *   nth a b fromEnd of  node: its 1-based index among the items of its list field (counting only
 *                       those matching `of`) is a*k+b for some k >= 0
 *   inField name        node: it sits in its parent's field `name`
 *   with v sub          `sub` holds for metavariable v's binding (a `where` clause); unbound: false
 *
 * The IR is normalized (nested and/or flattened, `any` dropped from and, single-item and/or
 * unwrapped) and its canonical JSON is the cache key of compiled matchers.
 */
import { ALL_KINDS, KIND_COUNT } from "./schema-info.js";
import type { Domain } from "./schema-info.js";
import type { PyValue } from "../core/pyvalue.js";

export interface Item {
  readonly glob: number;
  readonly sub: Ir;
}

export type Ir =
  | { readonly t: "any" }
  | { readonly t: "none" }
  | { readonly t: "kind"; readonly kinds: readonly number[] }
  | { readonly t: "field"; readonly name: string; readonly kinds: readonly number[]; readonly dom: Domain; readonly sub: Ir }
  | { readonly t: "and"; readonly subs: readonly Ir[] }
  | { readonly t: "or"; readonly subs: readonly Ir[] }
  | { readonly t: "not"; readonly sub: Ir }
  | { readonly t: "var"; readonly v: number; readonly name: string }
  | { readonly t: "str"; readonly s: string }
  | { readonly t: "re"; readonly source: string; readonly flags: string }
  | { readonly t: "const"; readonly value: PyValue }
  | { readonly t: "ctype"; readonly types: readonly string[] }
  | { readonly t: "int"; readonly v: number }
  | { readonly t: "cmp"; readonly op: CmpOp; readonly n: number }
  | { readonly t: "list"; readonly items: readonly Item[] }
  | { readonly t: "kw"; readonly items: readonly Ir[]; readonly extra: boolean }
  | { readonly t: "at"; readonly i: number; readonly sub: Ir }
  | { readonly t: "some"; readonly sub: Ir }
  | {
      readonly t: "has";
      readonly sub: Ir;
      readonly own: boolean;
      readonly immediate: boolean;
      readonly stop: Ir | null;
      readonly field: string | null;
    }
  | { readonly t: "inside"; readonly sub: Ir; readonly immediate: boolean; readonly stop: Ir | null; readonly field: string | null }
  | { readonly t: "scope"; readonly sub: Ir }
  | { readonly t: "sib"; readonly sub: Ir; readonly dir: -1 | 1; readonly immediate: boolean; readonly stop: Ir | null }
  | { readonly t: "sibAt"; readonly off: number; readonly sub: Ir }
  | { readonly t: "stmts"; readonly items: readonly Item[]; readonly at: number; readonly span: number }
  | { readonly t: "nth"; readonly a: number; readonly b: number; readonly fromEnd: boolean; readonly of: Ir | null }
  | { readonly t: "inField"; readonly name: string }
  | { readonly t: "with"; readonly v: number; readonly sub: Ir };

export type CmpOp = "<" | "<=" | ">" | ">=" | "=" | "!=";

export const ANY: Ir = { t: "any" };
export const and = (subs: Ir[]): Ir => ({ t: "and", subs });
export const or = (subs: Ir[]): Ir => ({ t: "or", subs });
export const FAIL: Ir = { t: "or", subs: [] };

/** Flattens nested and/or, drops `any` from and, unwraps singletons; a new tree (input untouched). */
export function normalize(ir: Ir): Ir {
  return norm(ir, 0);
}

// IR depth is bounded by the front ends (MAX_DEPTH), so this recursion is too.
function norm(ir: Ir, d: number): Ir {
  switch (ir.t) {
    case "and":
    case "or": {
      const out: Ir[] = [];
      for (const s0 of ir.subs) {
        const s = norm(s0, d + 1);
        if (s.t === ir.t) out.push(...s.subs);
        else if (ir.t === "and" && s.t === "any") continue;
        else out.push(s);
      }
      if (ir.t === "and" && out.some((s) => s.t === "or" && s.subs.length === 0)) return FAIL;
      if (ir.t === "or" && out.some((s) => s.t === "any")) return ANY;
      if (out.length === 1) return out[0]!;
      if (ir.t === "and" && out.length === 0) return ANY;
      return { t: ir.t, subs: ir.t === "and" ? cheapFirst(out) : out };
    }
    case "not":
      return { t: "not", sub: norm(ir.sub, d + 1) };
    case "field":
      return { ...ir, sub: norm(ir.sub, d + 1) };
    case "list":
      return { t: "list", items: ir.items.map((it) => ({ glob: it.glob, sub: norm(it.sub, d + 1) })) };
    case "kw":
      return { ...ir, items: ir.items.map((s) => norm(s, d + 1)) };
    case "at":
    case "some":
    case "scope":
    case "sibAt":
    case "with":
      return { ...ir, sub: norm(ir.sub, d + 1) } as Ir;
    case "stmts":
      return { ...ir, items: ir.items.map((it) => ({ glob: it.glob, sub: norm(it.sub, d + 1) })) };
    case "has":
    case "inside":
    case "sib":
      return { ...ir, sub: norm(ir.sub, d + 1), stop: ir.stop === null ? null : norm(ir.stop, d + 1) } as Ir;
    case "nth":
      return { ...ir, of: ir.of === null ? null : norm(ir.of, d + 1) };
    default:
      return ir;
  }
}

// Cost estimates: a unit is about one typed-array read and compare; relations walk many rows.
const RELATION = 1000;
function cost(ir: Ir): number {
  switch (ir.t) {
    case "any":
    case "none":
    case "kind":
    case "int":
      return 1;
    case "str":
    case "cmp":
      return 2;
    case "const":
    case "ctype":
      return 4;
    case "var":
      return 8;
    case "re":
      return 40;
    case "inField":
      return 20;
    case "field":
      return 1 + cost(ir.sub);
    case "not":
      return 1 + cost(ir.sub);
    case "and":
    case "or":
      return ir.subs.reduce((n, s) => n + cost(s), 0);
    case "list":
      return 2 + ir.items.reduce((n, it) => n + cost(it.sub), 0);
    case "kw":
      return 8 + ir.items.reduce((n, s) => n + cost(s), 0);
    case "at":
    case "some":
      return 2 + cost(ir.sub);
    default:
      return RELATION;
  }
}

/**
 * Reorders a conjunction so that tests which bind nothing and walk no other rows run first,
 * cheapest first (they commute with everything: a pure test neither binds nor depends on
 * bindings); the others keep their written order, which is the binding order (§8.5).
 */
function cheapFirst(subs: Ir[]): Ir[] {
  const pure: { ir: Ir; c: number; i: number }[] = [];
  const rest: Ir[] = [];
  subs.forEach((s, i) => {
    const c = cost(s);
    let binds = false;
    walkIr(s, (x) => {
      if (x.t === "var" || x.t === "with" || (x.t === "list" && x.items.some((it) => it.glob >= 0))) binds = true;
    });
    if (!binds && c < RELATION) pure.push({ ir: s, c, i });
    else rest.push(s);
  });
  pure.sort((a, b) => a.c - b.c || a.i - b.i);
  return [...pure.map((p) => p.ir), ...rest];
}

/**
 * The canonical text of a normalized IR (bigints and PyValues spelled out; metavariables by
 * number, not name, so alpha-equivalent queries share a key): the cache key.
 */
export function canonical(ir: Ir): string {
  return JSON.stringify(ir, function (this: unknown, k: string, v: unknown) {
    if (k === "name" && (this as { t?: string }).t === "var") return undefined;
    if (typeof v === "bigint") return `${v}n`;
    if (v instanceof Uint8Array) return Array.from(v);
    if (typeof v === "number" && Object.is(v, -0)) return "-0";
    if (typeof v === "object" && v !== null && !Array.isArray(v) && v.constructor !== Object)
      return { $class: v.constructor.name, ...(v as object) };
    return v;
  });
}

/** FNV-1a of the canonical text, as 8 hex digits (for display; the cache keys on the full text). */
export function hashText(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * The node kinds a node-domain matcher can hold at (§8.7 "potentialKinds"): intersected across
 * and, united across or; everything for operations that do not constrain the kind. Sorted.
 */
export function potentialKinds(ir: Ir): number[] {
  const m = kindMask(ir, 0);
  const out: number[] = [];
  for (let k = 1; k < KIND_COUNT; k++) if (m[k]) out.push(k);
  return out;
}

function kindMask(ir: Ir, d: number): Uint8Array {
  const m = new Uint8Array(KIND_COUNT);
  switch (ir.t) {
    case "kind":
    case "field":
      for (const k of ir.kinds) m[k] = 1;
      return m;
    case "none":
      return m; // None is not a row
    case "and": {
      m.fill(1);
      m[0] = 0;
      for (const s of ir.subs) {
        const x = kindMask(s, d + 1);
        for (let k = 0; k < KIND_COUNT; k++) m[k]! &= x[k]!;
      }
      return m;
    }
    case "or":
      for (const s of ir.subs) {
        const x = kindMask(s, d + 1);
        for (let k = 0; k < KIND_COUNT; k++) m[k]! |= x[k]!;
      }
      return m;
    case "sibAt":
    case "sib":
    case "nth":
      // A node in a list field is never the Module.
      for (const k of ALL_KINDS) m[k] = 1;
      return m;
    default:
      for (const k of ALL_KINDS) m[k] = 1;
      return m;
  }
}

/** Metavariable indexes bound (or compared) anywhere in `ir`, including inside `not`. */
export function varsIn(ir: Ir, into: Set<number> = new Set()): Set<number> {
  walkIr(ir, (x) => {
    if (x.t === "var") into.add(x.v);
    if (x.t === "list" || x.t === "stmts") for (const it of x.items) if (it.glob >= 0) into.add(it.glob);
    if (x.t === "stmts" && x.span >= 0) into.add(x.span);
  });
  return into;
}

/**
 * `ir` neither binds nor reads a metavariable, so its answer at a node depends on the tree
 * only: relations may then keep answers per tree (runtime.ts, insideMemo and hasMemo).
 */
export function bindingFree(ir: Ir): boolean {
  let free = true;
  walkIr(ir, (x) => {
    if (x.t === "with") free = false;
  });
  return free && varsIn(ir).size === 0;
}

/** Metavariables bound on every successful path through `ir` (not inside not/with). */
export function surelyBound(ir: Ir): Set<number> {
  switch (ir.t) {
    case "var":
      return new Set([ir.v]);
    case "and": {
      const s = new Set<number>();
      for (const x of ir.subs) for (const v of surelyBound(x)) s.add(v);
      return s;
    }
    case "or": {
      if (ir.subs.length === 0) return new Set();
      let s = surelyBound(ir.subs[0]!);
      for (const x of ir.subs.slice(1)) {
        const o = surelyBound(x);
        s = new Set([...s].filter((v) => o.has(v)));
      }
      return s;
    }
    case "field":
    case "at":
    case "has":
    case "inside":
    case "scope":
    case "sib":
    case "sibAt":
      return surelyBound(ir.sub);
    case "list":
    case "stmts": {
      const s = new Set<number>();
      for (const it of ir.items) {
        if (it.glob >= 0) s.add(it.glob);
        if (it.glob === -2) for (const v of surelyBound(it.sub)) s.add(v);
      }
      if (ir.t === "stmts" && ir.span >= 0) s.add(ir.span);
      return s;
    }
    case "kw": {
      const s = new Set<number>();
      for (const x of ir.items) for (const v of surelyBound(x)) s.add(v);
      return s;
    }
    default:
      return new Set();
  }
}

/** Calls `f` on every operation of `ir` (explicit stack). */
export function walkIr(ir: Ir, f: (x: Ir) => void): void {
  const stack: Ir[] = [ir];
  while (stack.length > 0) {
    const x = stack.pop()!;
    f(x);
    switch (x.t) {
      case "and":
      case "or":
        stack.push(...x.subs);
        break;
      case "kw":
        stack.push(...x.items);
        break;
      case "list":
      case "stmts":
        for (const it of x.items) stack.push(it.sub);
        break;
      case "has":
      case "inside":
      case "sib":
        stack.push(x.sub);
        if (x.stop) stack.push(x.stop);
        break;
      case "nth":
        if (x.of) stack.push(x.of);
        break;
      case "not":
      case "field":
      case "at":
      case "some":
      case "scope":
      case "sibAt":
      case "with":
        stack.push(x.sub);
        break;
      default:
        break;
    }
  }
}

/**
 * Literal texts every match needs in the source (§8.7.3): identifiers compared by `str` on the
 * subject's own fields, conjunctively (through and, field, list items, kw items; not through
 * or / not / relations that may look elsewhere... has and inside still need theirs somewhere in
 * the file, so they count). A file lacking any of them cannot match.
 */
export function requiredLiterals(ir: Ir): string[] {
  const out = new Set<string>();
  const stack: Ir[] = [ir];
  while (stack.length > 0) {
    const x = stack.pop()!;
    switch (x.t) {
      // A dotted name (alias.name, ImportFrom.module) may have blanks between its parts.
      case "str":
        for (const part of x.s.split(".")) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out.add(part);
        break;
      case "and":
        stack.push(...x.subs);
        break;
      case "or": {
        // A literal every branch needs is needed: intersect the branches.
        if (x.subs.length === 0) break;
        let s = new Set(requiredLiterals(x.subs[0]!));
        for (const b of x.subs.slice(1)) {
          const o = new Set(requiredLiterals(b));
          s = new Set([...s].filter((v) => o.has(v)));
        }
        for (const v of s) out.add(v);
        break;
      }
      case "field":
      case "at":
      case "has":
      case "inside":
      case "scope":
      case "sibAt":
        stack.push(x.sub);
        break;
      case "list":
      case "stmts":
        for (const it of x.items) if (it.glob === -2) stack.push(it.sub);
        break;
      case "kw":
        stack.push(...x.items);
        break;
      default:
        break;
    }
  }
  return [...out].sort();
}
