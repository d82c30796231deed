// applyEdits: an edit script over one parsed tree -> byte-range replacements on the original
// source -> the new text, parsed again before it is returned. Overlapping edits are reported,
// never guessed; text that is not valid Python is refused with CPython's SyntaxError for it.
//
// Codes (stable, never reused): E6001 source given does not match the tree, E6002 not an item
// of a list, E6003 list not editable, E6004 bad node id, E6005 unknown field, E6006-E6010 and
// E6014 a layout the rules cannot edit, E6011-E6013 bad identifier edit, E6015 node text not
// available, E6016 conflicting edits, E6017 syntax error in the result, E6018 a replaced
// expression does not stand as one node, E6019 removing the only item of a list Python needs, E6020 blank text to insert.
import type { NodeId, Tree } from "../ast/tree.js";
import { KINDS, KIND_BASES, NodeKind as K } from "../schema/generated/nodes.js";
import { parse } from "../parser/parse.js";
import { EditContext, EditRefusal, type Piece } from "./context.js";
import {
  isStatementList,
  insertIntoEmptyStatements,
  insertStatement,
  removeStatement,
  replaceStatement,
  type StmtList,
} from "./statements.js";
import { insertBesideItem, insertIntoList, itemPosition, listStyle, removeItem } from "./lists.js";
import { setIdentifier } from "./identifiers.js";
import { nodeText, NodeTextUnavailable } from "./node-text.js";
import { normalizeNewlines, reindent } from "./indent.js";
import { SourceMap } from "./source-map.js";
import type { Edit, EditConflict, EditError, EditOptions, EditResult, Replacement, TextChange } from "./types.js";

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { ignoreBOM: true });

// A piece with the edit it came from, and (for a replaced expression) what to check after the
// re-parse.
interface Owned extends Piece {
  edit: number;
  expr: boolean;
}

/**
 * Applies an edit script to the source `tree` was parsed from, keeping every byte the edits do
 * not touch. All NodeIds refer to `tree`; edits are independent of each other's effects (each is
 * resolved against the original tree) and are applied together. Insertions at the same offset
 * come out in script order. Never throws on bad input: an unknown node, an item that is not in
 * a list, overlapping edits or a result that is not valid Python all come back in `error`, with
 * `text` null. Linear in the source size plus the edits' work (the source is tokenized once and
 * the result parsed once, twice when an expression has to be parenthesized).
 */
export function applyEdits(tree: Tree, edits: readonly Edit[], options: EditOptions = {}): EditResult {
  const map = SourceMap.build(tree.source, options.source);
  if (typeof map === "string") return refuse(invalid("E6001", -1, map));
  const ctx = new EditContext(tree);
  const pieces: Owned[] = [];
  const runs = planRemovals(ctx, edits);
  for (let i = 0; i < edits.length; i++) {
    try {
      const run = runs.get(i);
      if (run === null) continue; // removed with the run another edit leads
      for (const p of run === undefined ? resolve(ctx, edits[i]!) : removeRun(ctx, run))
        pieces.push({ ...p, edit: i, expr: isExprReplace(ctx, edits[i]!) });
    } catch (e) {
      if (e instanceof EditRefusal) return refuse(invalid(e.code, i, `${describe(ctx, edits, i)}: ${e.message}`));
      if (e instanceof NodeTextUnavailable) return refuse(invalid("E6015", i, `${describe(ctx, edits, i)}: ${e.message}`));
      throw e;
    }
  }
  const ordered = order(pieces);
  const conflicts = findConflicts(ctx, edits, ordered);
  if (conflicts.length > 0) {
    const message = conflicts.map((c) => c.message).join("; ");
    return { text: null, changes: [], conflicts, error: { kind: "conflict", code: "E6016", message } };
  }
  const failed = new Set<number>();
  const first = attempt(map, ordered, new Set(), options.source, failed);
  if (first.error === null || options.parenthesize === false) return first;
  // Retry with the replaced expressions in parentheses: the ones that did not stand as one node,
  // or, after a syntax error, every one that is not already a single token or bracketed.
  const wrap = new Set<number>();
  if (first.error.kind === "structure") {
    // Every replacement that did not stand alone at once; parenthesizing some rarely shows
    // others, so repeat while the set grows (each round is one parse).
    for (const e of failed) wrap.add(e);
    for (;;) {
      const more = new Set<number>();
      const r = attempt(map, ordered, wrap, options.source, more);
      if (r.error === null) return r;
      const size = wrap.size;
      if (r.error.kind === "structure") for (const e of more) wrap.add(e);
      if (wrap.size === size) return first;
    }
  }
  for (const p of ordered) if (p.expr && !isAtomic(p.text)) wrap.add(p.edit);
  if (wrap.size === 0) return first;
  const second = attempt(map, ordered, wrap, options.source);
  return second.error === null ? second : first;
}

/**
 * Why each edit would be refused on its own (null when it resolves), with the codes and messages
 * applyEdits gives; the source is tokenized once for all of them. What only shows when the edits
 * are applied together (overlaps, removing every item of a list in one run, the re-parse) is not
 * checked: a caller that wants to leave out the edits that cannot apply calls this once instead
 * of calling applyEdits once per bad edit. Never throws on bad input.
 */
export function checkEdits(tree: Tree, edits: readonly Edit[]): Array<EditError | null> {
  const ctx = new EditContext(tree);
  return edits.map((e, i) => {
    try {
      resolve(ctx, e);
      return null;
    } catch (x) {
      if (x instanceof EditRefusal) return invalid(x.code, i, `${describe(ctx, edits, i)}: ${x.message}`);
      if (x instanceof NodeTextUnavailable) return invalid("E6015", i, `${describe(ctx, edits, i)}: ${x.message}`);
      throw x;
    }
  });
}

function refuse(error: EditError): EditResult {
  return { text: null, changes: [], conflicts: [], error };
}
function invalid(code: string, edit: number, message: string): EditError {
  return { kind: "invalid-edit", code, edit, message };
}

function checkNode(ctx: EditContext, id: unknown, allowRoot = false): NodeId {
  if (typeof id !== "number" || !Number.isInteger(id) || id < (allowRoot ? 0 : 1) || id >= ctx.tree.count) {
    throw new EditRefusal("E6004", `${String(id)} is not a node of this tree`);
  }
  return id;
}

function textOf(w: Replacement, inserting = false): string {
  if (inserting && typeof w === "string" && w.trim() === "")
    throw new EditRefusal("E6020", "there is nothing to insert (the text is blank)");
  if (typeof w === "string") return normalizeNewlines(w);
  if (w === null || typeof w !== "object" || (!("tree" in w) && typeof (w as { _type?: unknown })._type !== "string"))
    throw new EditRefusal("E6004", "`with` must be text, { tree, id } or a plain node");
  return normalizeNewlines(nodeText(w));
}

function isExprReplace(ctx: EditContext, e: Edit): boolean {
  return e.op === "replace" && KIND_BASES[ctx.tree.kind[e.node]!] === "expr";
}

function stmtList(ctx: EditContext, parent: NodeId, field: number): StmtList {
  return { parent, field: KINDS[ctx.tree.kind[parent]!]!.fields[field]!.name, items: ctx.listOf(parent, field) };
}

function resolve(ctx: EditContext, e: Edit): Piece[] {
  const t = ctx.tree;
  switch (e.op) {
    case "replace": {
      const id = checkNode(ctx, e.node, /*allowRoot*/ true);
      const text = textOf(e.with);
      const base = KIND_BASES[t.kind[id]!];
      if (id === t.root) return [{ start: 0, end: t.source.length, text }];
      if (base === "stmt" || base === "excepthandler" || t.kind[id] === K.match_case) {
        if (e.keepDecorators === true && ctx.stmtStart(id) !== t.start[id]) {
          // The `def` line starts its line (a decorator's line ends before it).
          return [{ start: t.start[id]!, end: t.end[id]!, text: reindent(text, ctx.indentOf(t.start[id]!), false, ctx.indentUnit()) }];
        }
        const place = ctx.placeOf(id);
        const list = place === null ? null : stmtList(ctx, place.parent, place.field);
        return replaceStatement(ctx, id, text, list !== null && isStatementList(t.kind[list.parent]!, list.field) ? list : null);
      }
      if (t.kind[id] === K.GeneratorExp && ctx.sharesCallParens(id)) {
        return [{ start: t.start[id]! + 1, end: t.end[id]! - 1, text }];
      }
      return [{ start: t.start[id]!, end: t.end[id]!, text }];
    }
    case "insertBefore":
    case "insertAfter": {
      const id = checkNode(ctx, e.node);
      const place = ctx.placeOf(id);
      if (place === null) throw new EditRefusal("E6002", `${t.kindName(id)} is not an item of a list field`);
      const text = textOf(e.with, /*inserting*/ true);
      const name = KINDS[t.kind[place.parent]!]!.fields[place.field]!.name;
      const before = e.op === "insertBefore";
      if (isStatementList(t.kind[place.parent]!, name))
        return insertStatement(ctx, stmtList(ctx, place.parent, place.field), place.index, before, text);
      const style = listStyle(ctx, place.parent, name);
      if (style === null) throw new EditRefusal("E6003", `items of ${t.kindName(place.parent)}.${name} cannot be inserted`);
      return insertBesideItem(ctx, place.parent, name, id, style, before, text);
    }
    case "insert": {
      const parent = checkNode(ctx, e.parent, /*allowRoot*/ true);
      const fi = KINDS[t.kind[parent]!]!.fields.findIndex((f) => f.name === e.field);
      if (fi < 0 || KINDS[t.kind[parent]!]!.fields[fi]!.category !== "node*") {
        throw new EditRefusal("E6005", `${t.kindName(parent)} has no list field \`${String(e.field)}\``);
      }
      const text = textOf(e.with, /*inserting*/ true);
      if (isStatementList(t.kind[parent]!, e.field)) {
        const list = stmtList(ctx, parent, fi);
        const n = list.items.length;
        if (!Number.isInteger(e.index) || e.index < 0 || e.index > n)
          throw new EditRefusal("E6010", `index ${e.index} is outside ${t.kindName(parent)}.${e.field} (length ${n})`);
        if (n === 0) return insertIntoEmptyStatements(ctx, parent, e.field, text);
        return e.index < n ? insertStatement(ctx, list, e.index, true, text) : insertStatement(ctx, list, n - 1, false, text);
      }
      const style = listStyle(ctx, parent, e.field);
      if (style === null) throw new EditRefusal("E6003", `items of ${t.kindName(parent)}.${e.field} cannot be inserted`);
      return insertIntoList(ctx, parent, e.field, e.index, style, text);
    }
    case "remove": {
      const id = checkNode(ctx, e.node);
      const place = ctx.placeOf(id);
      if (place === null) throw new EditRefusal("E6002", `${t.kindName(id)} is not an item of a list field (replace it instead)`);
      const name = KINDS[t.kind[place.parent]!]!.fields[place.field]!.name;
      checkNotLast(ctx, place.parent, name, place.field);
      if (isStatementList(t.kind[place.parent]!, name)) return removeStatement(ctx, stmtList(ctx, place.parent, place.field), place.index);
      const style = listStyle(ctx, place.parent, name);
      if (style === null) throw new EditRefusal("E6003", `items of ${t.kindName(place.parent)}.${name} cannot be removed`);
      return removeItem(ctx, place.parent, name, [id], style);
    }
    case "setIdentifier": {
      const id = checkNode(ctx, e.node);
      if (e.name !== null && typeof e.name !== "string") throw new EditRefusal("E6012", "`name` must be a string or null");
      return setIdentifier(ctx, id, e.field, e.name);
    }
    default:
      throw new EditRefusal("E6005", `unknown edit op \`${String((e as { op?: unknown }).op)}\``);
  }
}

/** A run of neighbouring items of one list, removed by several edits together. */
interface RemovalRun {
  parent: NodeId;
  field: number;
  ids: NodeId[];
  /** Indices of the first and last item in the list (statement lists). */
  from: number;
  to: number;
}

/**
 * Removals of neighbouring items of one list (`f(a, b, c)` minus b and c, two statements of a
 * `;` line, every statement of a body) are resolved as one run: each item alone would claim a
 * separator its neighbour also claims. The run's first edit (in the script) carries its pieces;
 * the map holds the run for that edit and null for the others. Removals that the rules refuse
 * are left out, to be refused one by one.
 */
function planRemovals(ctx: EditContext, edits: readonly Edit[]): Map<number, RemovalRun | null> {
  const t = ctx.tree;
  const groups = new Map<string, Array<{ edit: number; id: NodeId; pos: number; field: number; parent: NodeId }>>();
  edits.forEach((e, i) => {
    if (e?.op !== "remove" || typeof e.node !== "number" || !Number.isInteger(e.node) || e.node < 1 || e.node >= t.count) return;
    const place = ctx.placeOf(e.node);
    if (place === null) return;
    const name = KINDS[t.kind[place.parent]!]!.fields[place.field]!.name;
    let key: string, pos: number;
    if (isStatementList(t.kind[place.parent]!, name)) {
      key = `${place.parent}/${name}`;
      pos = place.index;
    } else {
      const style = listStyle(ctx, place.parent, name);
      if (style === null) return;
      try {
        ({ group: key, pos } = itemPosition(ctx, place.parent, name, e.node, style));
      } catch {
        return;
      }
    }
    const g = groups.get(key) ?? [];
    g.push({ edit: i, id: e.node, pos, field: place.field, parent: place.parent });
    groups.set(key, g);
  });
  const out = new Map<number, RemovalRun | null>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => a.pos - b.pos || a.edit - b.edit);
    for (let a = 0; a < g.length; ) {
      let b = a;
      // Items at the same position (one node removed twice, a dict key and its value) are not
      // neighbours: they stay separate, and conflict.
      while (b + 1 < g.length && g[b + 1]!.pos === g[b]!.pos + 1) b++;
      if (b > a) {
        const run = g.slice(a, b + 1);
        const leader = run.reduce((m, x) => Math.min(m, x.edit), Infinity);
        for (const x of run) out.set(x.edit, null);
        out.set(leader, {
          parent: run[0]!.parent,
          field: run[0]!.field,
          ids: run.map((x) => x.id),
          from: run[0]!.pos,
          to: run[run.length - 1]!.pos,
        });
      }
      a = b + 1;
    }
  }
  return out;
}

function removeRun(ctx: EditContext, run: RemovalRun): Piece[] {
  const t = ctx.tree;
  const name = KINDS[t.kind[run.parent]!]!.fields[run.field]!.name;
  checkNotLast(ctx, run.parent, name, run.field, run.ids.length);
  if (isStatementList(t.kind[run.parent]!, name)) return removeStatement(ctx, stmtList(ctx, run.parent, run.field), run.from, run.to);
  // Items of a comma group may sit in different fields (`f(a, k=1)`): the rules read the group.
  return removeItem(ctx, run.parent, name, run.ids, listStyle(ctx, run.parent, name)!);
}

// Lists Python requires to be non-empty, by parent kind (statement bodies get `pass` instead).
const NON_EMPTY: { readonly [kind: number]: readonly string[] } = {
  [K.Import]: ["names"],
  [K.ImportFrom]: ["names"],
  [K.Delete]: ["targets"],
  [K.Assign]: ["targets"],
  [K.With]: ["items"],
  [K.AsyncWith]: ["items"],
  [K.Match]: ["cases"],
  [K.Compare]: ["comparators"],
  [K.ListComp]: ["generators"],
  [K.SetComp]: ["generators"],
  [K.DictComp]: ["generators"],
  [K.GeneratorExp]: ["generators"],
};

/** Refuses removing the last item of a list that cannot be empty, with a message saying so. */
function checkNotLast(ctx: EditContext, parent: NodeId, name: string, field: number, removed = 1): void {
  const t = ctx.tree;
  const k = t.kind[parent]!;
  const n = ctx.listOf(parent, field).length;
  if (n !== removed) return;
  let must = NON_EMPTY[k]?.includes(name) ?? false;
  if ((k === K.Try || k === K.TryStar) && name === "handlers") {
    // `try` needs a handler or `finally`; `else` needs a handler.
    const fields = KINDS[k]!.fields;
    const len = (f: string) =>
      ctx.listOf(
        parent,
        fields.findIndex((x) => x.name === f),
      ).length;
    must = len("finalbody") === 0 || len("orelse") > 0;
  }
  if (must)
    throw new EditRefusal(
      "E6019",
      `cannot remove ${removed === 1 ? "the only item" : "every item"} of ${t.kindName(parent)}.${name} (remove or replace the ${t.kindName(parent)} instead)`,
    );
}

/** Sorted by start, then empty before non-empty at the same start, then script order. */
function order(pieces: Owned[]): Owned[] {
  const sorted = pieces
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.start - b.p.start || a.p.end - b.p.end || a.p.edit - b.p.edit || a.i - b.i)
    .map((x) => x.p);
  // Identical shared pieces (a one-line body broken onto lines by several edits) count once.
  const out: Owned[] = [];
  for (const p of sorted) {
    const q = out[out.length - 1];
    if (q !== undefined && p.shared && q.shared && q.start === p.start && q.end === p.end && q.text === p.text) continue;
    out.push(p);
  }
  return out;
}

function describe(ctx: EditContext, edits: readonly Edit[], i: number): string {
  const e = edits[i]!;
  const id = e.op === "insert" ? e.parent : e.node;
  const t = ctx.tree;
  if (typeof id !== "number" || id < 0 || id >= t.count) return `edit ${i} (${e.op})`;
  const [line, col] = t.position(e.op === "insert" ? t.start[id]! : ctx.stmtStart(id));
  return `edit ${i} (${e.op}${e.op === "insert" ? ` into ${t.kindName(id)}.${e.field}` : ` ${t.kindName(id)}`} at ${line}:${col + 1})`;
}

function findConflicts(ctx: EditContext, edits: readonly Edit[], ps: Owned[]): EditConflict[] {
  const out: EditConflict[] = [];
  const seen = new Set<string>();
  let reach: Owned | null = null; // the piece reaching furthest so far
  for (const p of ps) {
    if (reach !== null && p.start < reach.end && p.edit !== reach.edit) {
      const a = Math.min(p.edit, reach.edit),
        b = Math.max(p.edit, reach.edit);
      const key = `${a}:${b}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ a, b, message: `${describe(ctx, edits, a)} overlaps ${describe(ctx, edits, b)}` });
      }
    }
    if (reach === null || p.end > reach.end) reach = p;
  }
  return out;
}

/** One token-like text or bracketed text: no parentheses needed around it. */
function isAtomic(text: string): boolean {
  const s = text.trim();
  if (/^[\p{L}\p{N}_.]+$/u.test(s)) return true;
  const o = s[0],
    c = s[s.length - 1];
  return (o === "(" && c === ")") || (o === "[" && c === "]") || (o === "{" && c === "}");
}

/** Builds the new text with the pieces in `wrap` parenthesized, parses and checks it; `failed` collects every replacement that does not stand alone. */
function attempt(map: SourceMap, ps: Owned[], wrap: Set<number>, input: string | Uint8Array | undefined, failed?: Set<number>): EditResult {
  const parts: Uint8Array[] = [];
  const changes: TextChange[] = [];
  // Where each checked expression lands in the new decoded text.
  const checks: Array<{ edit: number; start: number; end: number; text: string }> = [];
  let at = 0; // decoded offset copied so far
  let newPos = 0; // decoded offset in the new text
  let origAt = map.map(0);
  if (map.lead > 0) parts.push(map.orig.subarray(0, map.lead));
  for (const p of ps) {
    const text = p.expr && wrap.has(p.edit) ? `(${p.text})` : p.text;
    const o0 = map.map(p.start),
      o1 = map.map(p.end);
    parts.push(map.orig.subarray(origAt, o0));
    newPos += p.start - at;
    const styled = map.styled(text);
    parts.push(enc.encode(styled));
    changes.push({ edit: p.edit, start: o0, end: o1, text: styled });
    const len = enc.encode(text).length;
    if (p.expr) checks.push({ edit: p.edit, start: newPos, end: newPos + len, text });
    newPos += len;
    at = p.end;
    origAt = o1;
  }
  parts.push(map.orig.subarray(origAt));
  const bytes = concat(parts);
  const text = dec.decode(bytes);
  const r = parse(typeof input === "string" || input === undefined ? text : bytes, { compact: false });
  if (r.error !== null) {
    const msg = `${r.error.cls}: ${r.error.msg}` + (r.error.lineno === null ? "" : ` (line ${r.error.lineno}, offset ${r.error.offset})`);
    return {
      text: null,
      changes,
      conflicts: [],
      error: { kind: "syntax", code: "E6017", message: `the edited source is not valid Python: ${msg}`, syntaxError: r.error, text },
    };
  }
  if (checks.length > 0) {
    const nt = r.tree;
    const spans = new Set<number>();
    const key = (s: number, e: number) => s * 4294967296 + e;
    for (let id = 1; id < nt.count; id++) spans.add(key(nt.start[id]!, nt.end[id]!));
    let bad: { edit: number; text: string } | null = null;
    const all = new Set<number>();
    for (const c of checks) {
      if (standsAlone(c, spans, key)) continue;
      bad ??= c;
      all.add(c.edit);
      failed?.add(c.edit);
    }
    if (bad !== null) {
      return {
        text: null,
        changes,
        conflicts: [],
        error: {
          kind: "structure",
          code: "E6018",
          edit: bad.edit,
          edits: [...all].sort((a, b) => a - b),
          message: `edit ${bad.edit}: \`${bad.text.trim()}\` does not stand as one expression at its place`,
          text,
        },
      };
    }
  }
  return { text, changes, conflicts: [], error: null };
}

// The replacement (blanks trimmed, and again inside each pair of outer parentheses) is the span
// of some node of the new tree.
function standsAlone(c: { start: number; end: number; text: string }, spans: Set<number>, key: (s: number, e: number) => number): boolean {
  const b = enc.encode(c.text);
  let s = 0,
    e = b.length;
  for (;;) {
    while (s < e && isBlank(b[s]!)) s++;
    while (e > s && isBlank(b[e - 1]!)) e--;
    if (s >= e) return false;
    if (spans.has(key(c.start + s, c.start + e))) return true;
    if (b[s] !== 0x28 || b[e - 1] !== 0x29 || !closesAtEnd(b, s, e)) return false;
    s++;
    e--;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13 || c === 92;
}

// Does the `(` at s match the `)` at e - 1? (Brackets in strings are rare in replacement text and
// only make the check stricter.)
function closesAtEnd(b: Uint8Array, s: number, e: number): boolean {
  let depth = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0 && i < e - 1) return false;
    }
  }
  return depth === 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
