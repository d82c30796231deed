// Edits on the lists written on one line or inside brackets: comma-separated lists (arguments,
// elements, parameters, import names, with items, ...), word-separated lists (` = ` between
// assignment targets, ` and ` / ` or ` between BoolOp values, ` | ` between or-patterns, the
// `for` and `if` clauses of a comprehension) and decorators (one `@` line each). Separator rules:
//  - removing an item takes the comma after it, or, for the last item, the comma before it;
//    removing a parameter takes its default, removing a default (`defaults`) only the `=value`;
//  - an item on a line of its own (a bracketed list laid out one item per line) is removed with
//    its line, and inserted on a new line with the same indentation and a comma;
//  - a comparison's comparator goes with the operator before it;
//  - a tuple left with one element keeps a comma after it (`(a, b)` minus b is `(a,)`), and an
//    unparenthesized tuple left empty becomes `()`.
import type { NodeId } from "../ast/tree.js";
import { NodeKind as K, KINDS } from "../schema/generated/nodes.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { type EditContext, EditRefusal, fieldIdx, type Piece, type Span } from "./context.js";

/** How a list field's items are separated in the source. */
export type ListStyle =
  | { kind: "comma"; opener: number; tupleKeepsComma: boolean }
  | { kind: "word"; sep: string; prefix: string }
  | { kind: "decorator" };

// Fields whose items are written between commas, by parent kind; the fields of one entry share
// their commas (`f(a, *b, k=1)`: args and keywords).
const COMMA_FIELDS: { readonly [kind: number]: readonly string[] } = {
  [K.Call]: ["args", "keywords"],
  [K.ClassDef]: ["bases", "keywords"],
  [K.List]: ["elts"],
  [K.Tuple]: ["elts"],
  [K.Set]: ["elts"],
  [K.Dict]: ["keys", "values"],
  [K.Delete]: ["targets"],
  [K.Import]: ["names"],
  [K.ImportFrom]: ["names"],
  [K.With]: ["items"],
  [K.AsyncWith]: ["items"],
  [K.arguments]: ["posonlyargs", "args", "kwonlyargs", "defaults", "kw_defaults"],
  [K.FunctionDef]: ["type_params"],
  [K.AsyncFunctionDef]: ["type_params"],
  [K.TypeAlias]: ["type_params"],
  [K.MatchSequence]: ["patterns"],
  [K.MatchClass]: ["patterns", "kwd_patterns"],
  [K.MatchMapping]: ["keys", "patterns"],
};

/** The separator style of list field `field` of `parent`, or null when its items cannot be edited as a list. */
export function listStyle(ctx: EditContext, parent: NodeId, field: string): ListStyle | null {
  const t = ctx.tree;
  const k = t.kind[parent]!;
  if (field === "decorator_list") return { kind: "decorator" };
  if (k === K.ClassDef && field === "type_params")
    return { kind: "comma", opener: bracketAfterName(ctx, parent, T.LSQB), tupleKeepsComma: false };
  if (COMMA_FIELDS[k]?.includes(field)) {
    return { kind: "comma", opener: opener(ctx, parent, field), tupleKeepsComma: k === K.Tuple };
  }
  if (k === K.Assign && field === "targets") return { kind: "word", sep: " = ", prefix: "" };
  if (k === K.BoolOp && field === "values") {
    const op = t.slot(parent, 0);
    return { kind: "word", sep: op === 1 ? " and " : " or ", prefix: "" };
  }
  // A comparator goes with the operator before it (`a < b < c` minus b is `a < c`); inserted
  // text must hold its operator (`< d`).
  if (k === K.Compare && field === "comparators") return { kind: "word", sep: " ", prefix: "" };
  if (k === K.MatchOr && field === "patterns") return { kind: "word", sep: " | ", prefix: "" };
  if (k === K.comprehension && field === "ifs") return { kind: "word", sep: " ", prefix: "if " };
  if ((k === K.ListComp || k === K.SetComp || k === K.GeneratorExp || k === K.DictComp) && field === "generators") {
    return { kind: "word", sep: " ", prefix: "" };
  }
  return null;
}

// The index of the token after the definition's name (and type parameters) when it is `want`.
function bracketAfterName(ctx: EditContext, id: NodeId, want: number): number {
  const t = ctx.tree;
  // TypeAlias.name is a Name node; the others hold the name's source offset.
  let i = t.kind[id] === K.TypeAlias ? ctx.tokenFrom(t.end[t.field(id, 0)]!) : ctx.tokenFrom(t.field(id, 0) - 1) + 1;
  if (want === T.LPAR && ctx.kindAt(i) === T.LSQB) i = ctx.partner(i) + 1;
  return ctx.kindAt(i) === want ? i : -1;
}

/** The token index of the bracket that opens the list (-1 if it has none of its own). */
function opener(ctx: EditContext, parent: NodeId, field: string): number {
  const t = ctx.tree;
  const k = t.kind[parent]!;
  const s = t.start[parent]!;
  switch (k) {
    case K.Call: {
      // The call's own `)` ends it; its partner opens the arguments (the function may be
      // parenthesized itself: `(a * b)()`).
      const close = ctx.tokenBefore(t.end[parent]!);
      return ctx.kindAt(close) === T.RPAR ? ctx.partner(close) : -1;
    }
    case K.ClassDef:
      return bracketAfterName(ctx, parent, T.LPAR);
    case K.FunctionDef:
    case K.AsyncFunctionDef:
    case K.TypeAlias:
      return field === "type_params" ? bracketAfterName(ctx, parent, T.LSQB) : -1;
    case K.arguments: {
      const def = t.parent[parent]!;
      return def >= 0 && t.kind[def] !== K.Lambda ? bracketAfterName(ctx, def, T.LPAR) : -1;
    }
    case K.List:
    case K.Set:
    case K.Dict:
    case K.MatchSequence: {
      const i = ctx.tokenFrom(s);
      const kk = ctx.kindAt(i);
      return kk === T.LSQB || kk === T.LBRACE || kk === T.LPAR ? i : -1;
    }
    case K.Tuple: {
      const i = ctx.tokenFrom(s);
      return ctx.kindAt(i) === T.LPAR && ctx.tok.end[ctx.partner(i)] === t.end[parent] ? i : -1;
    }
    case K.ImportFrom:
    case K.With:
    case K.AsyncWith: {
      // The `(` right after `import` / `with`, when its partner closes the list.
      let i = ctx.tokenFrom(s);
      const kw = k === K.ImportFrom ? T.KW_IMPORT : T.KW_WITH;
      while (i < ctx.tok.count && ctx.tok.kind[i] !== kw) i++;
      i++;
      if (ctx.kindAt(i) !== T.LPAR) return -1;
      const close = ctx.partner(i);
      const after = ctx.kindAt(close + 1);
      return k === K.ImportFrom || after === T.COLON ? i : -1;
    }
    case K.MatchClass: {
      const i = ctx.tokenFrom(t.end[t.slot(parent, 0)]!);
      return ctx.kindAt(i) === T.LPAR ? i : -1;
    }
    default:
      return -1;
  }
}

/**
 * The source range item `id` occupies in its list: its own parentheses, a parameter's default
 * (`b=1`), a dict entry (`k: v`, `**m`), a class pattern's `name=`, an `if` clause's keyword.
 */
export function itemRange(ctx: EditContext, parent: NodeId, field: string, id: NodeId, opener: number): Span {
  const t = ctx.tree;
  const k = t.kind[parent]!;
  if (k === K.Dict || k === K.MatchMapping) {
    const keys = ctx.listOf(parent, fieldIdx(k, "keys"));
    const vals = ctx.listOf(parent, fieldIdx(k, k === K.Dict ? "values" : "patterns"));
    return entryRange(ctx, keys, vals, field === "keys" ? keys.indexOf(id) : vals.indexOf(id), opener);
  }
  if (k === K.arguments) {
    const sp = ctx.itemSpan(id, opener);
    const d = defaultOf(ctx, parent, id);
    if (field === "defaults" || field === "kw_defaults") {
      // A default goes with its parameter.
      const owner = ownerOfDefault(ctx, parent, id);
      return owner === 0 ? sp : { start: t.start[owner]!, end: sp.end };
    }
    return d === 0 ? sp : { start: sp.start, end: ctx.itemSpan(d, -1).end };
  }
  if (k === K.MatchClass && field === "kwd_patterns") {
    const sp = ctx.itemSpan(id, opener);
    const eq = ctx.tokenBefore(sp.start);
    return { start: ctx.tok.start[eq - 1]!, end: sp.end };
  }
  if (k === K.Compare) {
    const comps = ctx.listOf(parent, fieldIdx(K.Compare, "comparators"));
    const j = comps.indexOf(id);
    const before = j === 0 ? t.slot(parent, 0) : comps[j - 1]!;
    const sp = ctx.itemSpan(id, -1);
    return { start: ctx.tok.start[ctx.tokenFrom(ctx.itemSpan(before, -1).end)]!, end: sp.end };
  }
  if (k === K.comprehension && field === "ifs") {
    const sp = ctx.itemSpan(id, -1);
    let i = ctx.tokenBefore(sp.start);
    while (i >= 0 && ctx.tok.kind[i] !== T.KW_IF) i--;
    return { start: ctx.tok.start[i]!, end: sp.end };
  }
  if (k === K.Import || k === K.ImportFrom || k === K.comprehension || KINDS[t.kind[id]!]!.name === "withitem") {
    return { start: t.start[id]!, end: t.end[id]! };
  }
  return ctx.itemSpan(id, opener);
}

/** Entry j of a dict or mapping pattern: `key: value`, or `**value` (its key is None). */
function entryRange(ctx: EditContext, keys: number[], vals: number[], j: number, opener: number): Span {
  const v = ctx.itemSpan(vals[j]!, opener);
  const key = keys[j]!;
  if (key !== 0) return { start: ctx.itemSpan(key, opener).start, end: v.end };
  return { start: ctx.tok.start[ctx.tokenBefore(v.start)]!, end: v.end };
}

// arguments: defaults align with the last parameters of posonlyargs + args; kw_defaults with
// kwonlyargs one to one (0 where there is none).
function defaultPairs(ctx: EditContext, args: NodeId): Array<[NodeId, NodeId]> {
  const f = (n: string) => ctx.listOf(args, fieldIdx(K.arguments, n));
  const pos = [...f("posonlyargs"), ...f("args")];
  const defs = f("defaults");
  const out: Array<[NodeId, NodeId]> = [];
  for (let j = 0; j < defs.length; j++) out.push([pos[pos.length - defs.length + j]!, defs[j]!]);
  const kw = f("kwonlyargs"),
    kwd = f("kw_defaults");
  for (let j = 0; j < kw.length; j++) if (kwd[j]) out.push([kw[j]!, kwd[j]!]);
  return out;
}
function defaultOf(ctx: EditContext, args: NodeId, param: NodeId): NodeId {
  return defaultPairs(ctx, args).find((p) => p[0] === param)?.[1] ?? 0;
}
function ownerOfDefault(ctx: EditContext, args: NodeId, d: NodeId): NodeId {
  return defaultPairs(ctx, args).find((p) => p[1] === d)?.[0] ?? 0;
}

/**
 * The ranges of every item sharing the list's separators, in source order. Kept per list in the
 * context: several edits of one list (and a run of removals) read it again.
 */
function siblingRanges(ctx: EditContext, parent: NodeId, field: string, op: number): Span[] {
  const t = ctx.tree;
  const k = t.kind[parent]!;
  let fields = COMMA_FIELDS[k]?.includes(field) ? COMMA_FIELDS[k]! : [field];
  if (k === K.arguments) fields = ["posonlyargs", "args", "vararg", "kwonlyargs", "kwarg"];
  const key = `siblings/${parent}/${fields[0]}/${op}`;
  const known = ctx.memo.get(key) as Span[] | undefined;
  if (known !== undefined) return known;
  let out: Span[] = [];
  if (k === K.Dict || k === K.MatchMapping) {
    // One range per entry (`**rest` entries have no key).
    const keys = ctx.listOf(parent, fieldIdx(k, "keys"));
    const vals = ctx.listOf(parent, fieldIdx(k, k === K.Dict ? "values" : "patterns"));
    for (let j = 0; j < vals.length; j++) out.push(entryRange(ctx, keys, vals, j, op));
  } else {
    for (const f of fields) {
      const fi = fieldIdx(k, f);
      const cat = KINDS[k]!.fields[fi]!.category;
      const ids = cat === "node*" ? ctx.listOf(parent, fi) : [t.field(parent, fi)];
      const as = f === "vararg" || f === "kwarg" ? "args" : f;
      for (const id of ids) if (id !== 0) out.push(itemRange(ctx, parent, as, id, op));
    }
    if (fields.length > 1) {
      // Fields interleave in the source (`f(a, k=1, *b)`); a default shares its parameter's start.
      const uniq = new Map<number, Span>();
      for (const r of out) uniq.set(r.start, r);
      out = [...uniq.values()].sort((a, b) => a.start - b.start);
    }
  }
  ctx.memo.set(key, out);
  return out;
}

/**
 * Removing items `ids` of a comma, word or decorator list: one item, or a run of neighbours
 * (removed together, so that their separators are not claimed twice).
 */
export function removeItem(ctx: EditContext, parent: NodeId, field: string, ids: readonly NodeId[], style: ListStyle): Piece[] {
  const t = ctx.tree;
  if (style.kind === "decorator") {
    return [{ start: ctx.lineStart(ctx.atSign(ids[0]!)), end: ctx.nextLine(t.end[ids[ids.length - 1]!]!), text: "" }];
  }
  const op = style.kind === "comma" ? style.opener : -1;
  // Items of one run may sit in different fields sharing the commas (`f(a, k=1)`).
  const fieldOf = (id: NodeId) => {
    const p = ctx.placeOf(id);
    return p === null ? field : KINDS[t.kind[parent]!]!.fields[p.field]!.name;
  };
  const r = union(ids.map((id) => itemRange(ctx, parent, fieldOf(id), id, op)));
  const all = siblingRanges(ctx, parent, field, op);
  let j = findStart(all, r.start);
  if (j < 0) j = all.findIndex((x) => x.start >= r.start);
  let k = j;
  while (k + 1 < all.length && all[k + 1]!.start < r.end) k++;
  if (style.kind === "word") {
    if (k + 1 < all.length) return [{ start: r.start, end: all[k + 1]!.start, text: "" }];
    if (j > 0) return [{ start: all[j - 1]!.end, end: r.end, text: "" }];
    return [{ start: r.start, end: r.end, text: "" }];
  }
  if (ids.length === 1 && t.kind[parent] === K.arguments && (field === "defaults" || field === "kw_defaults")) {
    // A default goes alone (`b=1` becomes `b`); its parameter stays.
    const owner = ownerOfDefault(ctx, parent, ids[0]!);
    if (owner !== 0) return [{ start: t.end[owner]!, end: ctx.itemSpan(ids[0]!, -1).end, text: "" }];
  }
  const remaining = all.length - (k - j + 1);
  let listEnd = r.end;
  for (const x of all) if (x.end > listEnd) listEnd = x.end;
  const next = ctx.tokenFrom(r.end);
  const comma = ctx.kindAt(next) === T.COMMA ? next : -1;
  const afterComma = comma >= 0 ? ctx.tokenFrom(ctx.tok.end[comma]!) : -1;
  const moreAfter = comma >= 0 && afterComma < ctx.tok.count && ctx.tok.start[afterComma]! < listEnd;
  // One item per line: the line goes.
  if (ctx.firstOnLine(r.start) && ctx.restBlank(comma >= 0 ? ctx.tok.end[comma]! : r.end) && (comma >= 0 || !moreAfter)) {
    const closes = ctx.tokenFrom(comma >= 0 ? ctx.tok.end[comma]! : r.end);
    if (closes < ctx.tok.count && !sameLineOff(ctx, r.start, ctx.tok.start[closes]!)) {
      const prevTok = ctx.tokenBefore(r.start);
      // Last item written without a trailing comma: the previous item's comma would remain as a
      // trailing comma, which every bracketed list allows.
      if (comma >= 0 || ctx.kindAt(prevTok) === T.COMMA || remaining === 0) {
        return [{ start: ctx.lineStart(r.start), end: ctx.nextLine(r.end), text: "" }];
      }
    }
  }
  if (moreAfter) {
    const out: Piece[] = [{ start: r.start, end: ctx.tok.start[afterComma]!, text: "" }];
    if (style.tupleKeepsComma && remaining === 1) {
      const other = all.find((x) => x.start < r.start || x.start >= r.end)!;
      if (ctx.kindAt(ctx.tokenFrom(other.end)) !== T.COMMA) out.push({ start: other.end, end: other.end, text: "," });
    }
    return out;
  }
  const end = comma >= 0 ? ctx.tok.end[comma]! : r.end;
  const prev = ctx.tokenBefore(r.start);
  if (ctx.kindAt(prev) === T.COMMA && ctx.tok.start[prev]! > (style.opener >= 0 ? ctx.tok.start[style.opener]! : -1)) {
    if (style.tupleKeepsComma && remaining === 1) return [{ start: ctx.tok.end[prev]!, end, text: "" }];
    return [{ start: ctx.tok.end[ctx.tokenBefore(ctx.tok.start[prev]!)]!, end, text: "" }];
  }
  if (t.kind[parent] === K.Tuple && remaining === 0 && style.kind === "comma" && style.opener < 0) {
    return [{ start: t.start[parent]!, end: t.end[parent]!, text: "()" }];
  }
  return [{ start: r.start, end, text: "" }];
}

/** Index of the range starting at `start` in ranges sorted by start, or -1. */
function findStart(all: Span[], start: number): number {
  let lo = 0,
    hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < all.length && all[lo]!.start === start ? lo : -1;
}

function union(spans: Span[]): Span {
  // A loop, not Math.min(...spread): a list may hold more items than a call takes arguments.
  let start = spans[0]!.start,
    end = spans[0]!.end;
  for (const x of spans) {
    if (x.start < start) start = x.start;
    if (x.end > end) end = x.end;
  }
  return { start, end };
}

/**
 * Where item `id` stands among the items that share its list's separators: the key of that
 * group (parent and first field) and its position in source order. Neighbours in one group can
 * be removed together.
 */
export function itemPosition(
  ctx: EditContext,
  parent: NodeId,
  field: string,
  id: NodeId,
  style: ListStyle,
): { group: string; pos: number } {
  if (style.kind === "decorator")
    return { group: `${parent}/decorator_list`, pos: ctx.listOf(parent, fieldIdx(ctx.tree.kind[parent]!, field)).indexOf(id) };
  const op = style.kind === "comma" ? style.opener : -1;
  const k = ctx.tree.kind[parent]!;
  const fields = COMMA_FIELDS[k]?.includes(field) ? COMMA_FIELDS[k]! : [field];
  const r = itemRange(ctx, parent, field, id, op);
  return { group: `${parent}/${fields[0]}`, pos: findStart(siblingRanges(ctx, parent, field, op), r.start) };
}

function sameLineOff(ctx: EditContext, a: number, b: number): boolean {
  const j = ctx.src.indexOf(10, a);
  return j < 0 || j >= b;
}

/**
 * `f(x for x in y)` getting a second argument: the generator expression needs parentheses of
 * its own (`f((x for x in y), z)`), else the call is a syntax error.
 */
function genexpParens(ctx: EditContext, parent: NodeId): Piece[] {
  const t = ctx.tree;
  if (t.kind[parent] !== K.Call) return [];
  const args = ctx.listOf(parent, fieldIdx(K.Call, "args"));
  const g = args.length === 1 && t.kind[args[0]!] === K.GeneratorExp && ctx.sharesCallParens(args[0]!) ? args[0]! : 0;
  if (g === 0) return [];
  return [
    { start: t.start[g]! + 1, end: t.start[g]! + 1, text: "(" },
    { start: t.end[g]! - 1, end: t.end[g]! - 1, text: ")" },
  ];
}

/** Inserting `text` before or after item `id` of a comma, word or decorator list. */
export function insertBesideItem(
  ctx: EditContext,
  parent: NodeId,
  field: string,
  id: NodeId,
  style: ListStyle,
  before: boolean,
  text: string,
): Piece[] {
  const wrap = style.kind === "comma" ? genexpParens(ctx, parent) : [];
  return [...wrap, ...insertBeside(ctx, parent, field, id, style, before, text)];
}

function insertBeside(
  ctx: EditContext,
  parent: NodeId,
  field: string,
  id: NodeId,
  style: ListStyle,
  before: boolean,
  text: string,
): Piece[] {
  text = text.trim();
  if (style.kind === "decorator") {
    const at = ctx.atSign(id);
    const ind = ctx.indentOf(at);
    const line = ind + "@" + text.replace(/^@\s*/, "");
    if (before) return [{ start: ctx.lineStart(at), end: ctx.lineStart(at), text: line + "\n" }];
    const end = ctx.lineEnd(ctx.tree.end[id]!);
    return [{ start: end, end, text: "\n" + line }];
  }
  if (style.kind === "word") {
    const r = itemRange(ctx, parent, field, id, -1);
    const item = style.prefix + text;
    return before ? [{ start: r.start, end: r.start, text: item + style.sep }] : [{ start: r.end, end: r.end, text: style.sep + item }];
  }
  const r = itemRange(ctx, parent, field, id, style.opener);
  const next = ctx.tokenFrom(r.end);
  const comma = ctx.kindAt(next) === T.COMMA ? next : -1;
  // A new line only inside brackets: a list continued with backslashes (`import a, \`) would end.
  const ownLine =
    ctx.firstOnLine(r.start) &&
    ctx.restBlank(comma >= 0 ? ctx.tok.end[comma]! : r.end) &&
    ctx.tokenFrom(comma >= 0 ? ctx.tok.end[comma]! : r.end) < ctx.tok.count &&
    insideBrackets(ctx, r.start);
  const ind = ctx.indentOf(r.start);
  if (before) {
    if (ownLine) return [{ start: ctx.lineStart(r.start), end: ctx.lineStart(r.start), text: ind + text + ",\n" }];
    return [{ start: r.start, end: r.start, text: text + ", " }];
  }
  if (ownLine) {
    if (comma >= 0) {
      const at = ctx.lineEnd(ctx.tok.end[comma]!);
      return [{ start: at, end: at, text: "\n" + ind + text + "," }];
    }
    const at = ctx.lineEnd(r.end);
    return [
      { start: r.end, end: r.end, text: "," },
      { start: at, end: at, text: "\n" + ind + text },
    ];
  }
  if (comma >= 0) return [{ start: ctx.tok.end[comma]!, end: ctx.tok.end[comma]!, text: " " + text + "," }];
  return [{ start: r.end, end: r.end, text: ", " + text }];
}

/** True when source offset `off` is inside a bracket pair (scanning back over its logical line). */
function insideBrackets(ctx: EditContext, off: number): boolean {
  let depth = 0;
  for (let i = ctx.tokenFrom(off) - 1; i >= 0; i--) {
    const k = ctx.tok.kind[i]!;
    if (k === T.NEWLINE) return false;
    if (k === T.RPAR || k === T.RSQB || k === T.RBRACE) depth++;
    else if (k === T.LPAR || k === T.LSQB || k === T.LBRACE) {
      if (depth === 0) return true;
      depth--;
    }
  }
  return false;
}

/**
 * Inserting into a list field at `index`: beside an existing item, or for an empty field, at
 * its place among the fields that share its separators (`f(k=1)` gets its first positional
 * argument before `k=1`), or just inside the opening bracket.
 */
export function insertIntoList(ctx: EditContext, parent: NodeId, field: string, index: number, style: ListStyle, text: string): Piece[] {
  const t = ctx.tree;
  const k = t.kind[parent]!;
  const items = ctx.listOf(parent, fieldIdx(k, field));
  if (index < 0 || index > items.length)
    throw new EditRefusal("E6010", `index ${index} is outside ${t.kindName(parent)}.${field} (length ${items.length})`);
  if (items.length > 0) {
    return index < items.length
      ? insertBesideItem(ctx, parent, field, items[index]!, style, true, text)
      : insertBesideItem(ctx, parent, field, items[items.length - 1]!, style, false, text);
  }
  text = text.trim();
  if (style.kind === "decorator") {
    const s = t.start[parent]!;
    const ind = ctx.indentOf(s);
    return [{ start: ctx.lineStart(s), end: ctx.lineStart(s), text: ind + "@" + text.replace(/^@\s*/, "") + "\n" }];
  }
  if (style.kind === "word") throw new EditRefusal("E6009", `cannot add the first item of ${t.kindName(parent)}.${field}`);
  const fields = COMMA_FIELDS[k] ?? [field];
  const mine = fields.indexOf(field);
  const all = siblingRanges(ctx, parent, field, style.opener);
  if (all.length > 0) {
    // Earlier fields' items come first in the source.
    const laterFieldHasItems = fields.slice(mine + 1).some((f) => ctx.listOf(parent, fieldIdx(k, f)).length > 0);
    if (laterFieldHasItems && k !== K.arguments) {
      const firstLater = all.find((r) =>
        fields
          .slice(mine + 1)
          .some((f) => ctx.listOf(parent, fieldIdx(k, f)).some((x) => itemRange(ctx, parent, f, x, style.opener).start === r.start)),
      );
      const at = (firstLater ?? all[0]!).start;
      return [{ start: at, end: at, text: text + ", " }];
    }
    const last = all[all.length - 1]!;
    return [...genexpParens(ctx, parent), { start: last.end, end: last.end, text: ", " + text }];
  }
  if (style.opener >= 0) {
    const at = ctx.tok.end[style.opener]!;
    return [{ start: at, end: at, text: k === K.Tuple ? text + "," : text }];
  }
  const owner = t.parent[parent]!;
  if (k === K.arguments && owner > 0 && t.kind[owner] === K.Lambda) {
    // `lambda: 0` gets its first parameter after the keyword.
    const at = t.start[owner]! + 6;
    return [{ start: at, end: at, text: " " + text }];
  }
  if (k === K.ClassDef && (field === "bases" || field === "keywords")) {
    const nameOff = t.field(parent, 0) - 1;
    let i = ctx.tokenFrom(nameOff) + 1;
    if (ctx.kindAt(i) === T.LSQB) i = ctx.partner(i) + 1;
    const at = ctx.tok.start[i]!;
    return [{ start: at, end: at, text: "(" + text + ")" }];
  }
  throw new EditRefusal("E6009", `cannot add the first item of ${t.kindName(parent)}.${field}`);
}
