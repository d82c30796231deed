// Edits on statement lists (bodies, else/finally blocks, handlers, match cases): whole lines are
// removed and inserted, re-indented to their place; `;`-joined statements and one-line bodies
// (`if x: y`) are kept on their line for a one-line simple statement and broken onto indented
// lines for anything longer. The rules, which the fixtures pin down:
//  - A removed statement takes its whole line(s), its decorators and the comment that ends its
//    last line; comments on the lines above it stay (they may be about more than it).
//  - Blank lines right above a removed statement go with it when a blank line or the end of
//    the file follows it, so that removing a definition leaves one gap, not two.
//  - Removing the only statement of a body leaves `pass`, without the removed statement's
//    trailing comment (a module may become empty; a handler
//    or match case list is never padded, so removing the last one is refused by the re-parse).
//  - An inserted statement goes right above the anchor's first line (below any comment there) or
//    right after the anchor's last line (after its trailing comment).
//  - Removing an `elif` clause removes its lines and keeps what follows it (`elif`/`else`).
//  - An inserted def or class on lines of its own gets PEP 8's blank lines around it (two at
//    module level, one elsewhere), counting the blank lines already there.
import type { NodeId } from "../ast/tree.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { parse } from "../parser/parse.js";
import { type EditContext, EditRefusal, fieldIdx, type Piece } from "./context.js";
import { isMultiLine, normalizeNewlines, reindent } from "./indent.js";

const NL = 10;

/** Statement kinds that hold a block (cannot follow `;` or a one-line body's colon). */
const COMPOUND = new Set<number>([
  K.If,
  K.For,
  K.AsyncFor,
  K.While,
  K.With,
  K.AsyncWith,
  K.Try,
  K.TryStar,
  K.FunctionDef,
  K.AsyncFunctionDef,
  K.ClassDef,
  K.Match,
]);

/** The statement-list fields (`kind`: the parent's): their items are laid out on lines. */
export function isStatementList(kind: number, field: string): boolean {
  return field === "body" || field === "orelse" || field === "finalbody" || field === "handlers" || (field === "cases" && kind === K.Match);
}

/** A statement list: the parent, its field name and its items. */
export interface StmtList {
  parent: NodeId;
  field: string;
  items: number[];
}

function sameLine(ctx: EditContext, a: number, b: number): boolean {
  const j = ctx.src.indexOf(NL, a);
  return j < 0 || j >= b;
}

/** `elif c:` is an If in its parent's orelse whose text starts with `elif`. */
function isElif(ctx: EditContext, id: NodeId): boolean {
  const s = ctx.tree.start[id]!;
  const src = ctx.src;
  return ctx.tree.kind[id] === K.If && src[s] === 0x65 && src[s + 1] === 0x6c && src[s + 2] === 0x69 && src[s + 3] === 0x66;
}

/**
 * True when the text is one simple statement line (may follow `;`): one line that parses to
 * simple statements only, or, if it does not parse on its own (`return` at module level is fine;
 * `break` alone is not a parse error either), does not end in `:`.
 */
export function isSimpleLine(text: string): boolean {
  if (isMultiLine(text)) return false;
  const line = normalizeNewlines(text).trim();
  const r = parse(line, { compact: false });
  if (r.error !== null) return !line.endsWith(":");
  const t = r.tree;
  return t.listItems(t.field(0, 0)).every((id) => !COMPOUND.has(t.kind[id]!));
}

/** Is the list written on its header's line (`if x: a; b`)? */
function oneLineBody(ctx: EditContext, list: StmtList): boolean {
  if (ctx.tree.kind[list.parent] === K.Module || list.items.length === 0) return false;
  return ctx.kindAt(ctx.tokenBefore(ctx.stmtStart(list.items[0]!))) === T.COLON;
}

/** Offset of the keyword that opens the clause holding the list (`if`, `else`, `finally`, ...). */
function clauseStart(ctx: EditContext, list: StmtList): number {
  const t = ctx.tree;
  if (list.field === "orelse" || list.field === "finalbody") {
    const want = list.field === "orelse" ? T.KW_ELSE : T.KW_FINALLY;
    let i = ctx.tokenFrom(ctx.stmtStart(list.items[0]!)) - 1;
    while (i >= 0 && ctx.tok.kind[i] !== want) i--;
    if (i >= 0) return ctx.tok.start[i]!;
  }
  return t.start[list.parent]!;
}

/** The piece that moves a one-line body onto its own line (shared by every edit that needs it). */
function breakHeader(ctx: EditContext, list: StmtList, bodyIndent: string): Piece {
  const first = ctx.stmtStart(list.items[0]!);
  const colon = ctx.tokenBefore(first);
  return { start: ctx.tok.end[colon]!, end: first, text: "\n" + bodyIndent, shared: true };
}

function bodyIndentOf(ctx: EditContext, list: StmtList): string {
  return ctx.indentOf(clauseStart(ctx, list)) + ctx.indentUnit();
}

/**
 * Removing statement-like items `from..to` (indices into `list`, inclusive): one statement, or a
 * run of neighbours removed together.
 */
export function removeStatement(ctx: EditContext, list: StmtList, from: number, to = from): Piece[] {
  const t = ctx.tree;
  const id = list.items[from]!;
  const s = ctx.stmtStart(id),
    e = t.end[list.items[to]!]!;
  if (from === to && list.field === "orelse" && isElif(ctx, id)) return removeElif(ctx, id);
  const padded = t.kind[list.parent] !== K.Module && list.field !== "handlers" && list.field !== "cases";
  const first = ctx.firstOnLine(s),
    last = ctx.restBlank(e, /*semi*/ true);
  // The whole body becomes `pass`; a trailing `;` and comment go with what it replaces.
  if (to - from + 1 === list.items.length && padded) return [{ start: s, end: last ? ctx.lineEnd(e) : e, text: "pass" }];
  if (first && last) {
    // Blank lines right above go too when a blank line (or the end) follows: no double gap.
    let start = ctx.lineStart(s);
    const end = ctx.nextLine(e);
    if (end >= ctx.src.length || ctx.lineBlank(end)) {
      while (start > 0 && ctx.lineBlank(ctx.lineStart(start - 1))) start = ctx.lineStart(start - 1);
    }
    return [{ start, end, text: "" }];
  }
  const next = list.items[to + 1];
  if (next !== undefined && sameLine(ctx, e, ctx.stmtStart(next))) return [{ start: s, end: ctx.stmtStart(next), text: "" }];
  const prev = list.items[from - 1];
  if (prev !== undefined && sameLine(ctx, t.end[prev]!, s)) return [{ start: t.end[prev]!, end: e, text: "" }];
  return [{ start: s, end: e, text: "" }];
}

// elif_stmt: removing the clause keeps the `elif`/`else` clauses after it.
function removeElif(ctx: EditContext, id: NodeId): Piece[] {
  const t = ctx.tree;
  const from = ctx.lineStart(t.start[id]!);
  const rest = ctx.listOf(id, fieldIdx(K.If, "orelse"));
  if (rest.length === 0) return [{ start: from, end: ctx.nextLine(t.end[id]!), text: "" }];
  let kw: number;
  if (isElif(ctx, rest[0]!)) kw = t.start[rest[0]!]!;
  else {
    let i = ctx.tokenFrom(ctx.stmtStart(rest[0]!)) - 1;
    while (i >= 0 && ctx.tok.kind[i] !== T.KW_ELSE) i--;
    kw = ctx.tok.start[i]!;
  }
  if (!ctx.firstOnLine(kw)) throw new EditRefusal("E6006", "cannot remove an `elif` clause whose next clause shares its line");
  return [{ start: from, end: ctx.lineStart(kw), text: "" }];
}

/** Inserting statement text before or after item `index` of `list`. */
export function insertStatement(ctx: EditContext, list: StmtList, index: number, before: boolean, text: string): Piece[] {
  const t = ctx.tree;
  const id = list.items[index]!;
  if (list.field === "orelse" && isElif(ctx, id)) {
    throw new EditRefusal(
      "E6007",
      "cannot insert a statement beside an `elif` clause (it would belong to an `else` block that is not written)",
    );
  }
  const s = ctx.stmtStart(id),
    e = t.end[id]!;
  const oneLine = oneLineBody(ctx, list);
  const simple = isSimpleLine(text);
  const first = ctx.firstOnLine(s),
    last = ctx.restBlank(e, /*semi*/ true);
  const ind = oneLine ? bodyIndentOf(ctx, list) : ctx.indentOf(s);
  const out: Piece[] = [];
  // PEP 8: a def or class inserted on lines of its own gets blank lines around it (two at module
  // level, one elsewhere), counting those already there.
  const gap = oneLine ? 0 : definitionGap(ctx, list, text);
  if (before) {
    if (first) {
      const ls = ctx.lineStart(s);
      const above = index > 0 ? "\n".repeat(Math.max(0, gap - blankLinesAbove(ctx, ls))) : "";
      return [{ start: ls, end: ls, text: above + reindent(text, ind, true, ctx.indentUnit()) + "\n" + "\n".repeat(gap) }];
    }
    if (simple) return [{ start: s, end: s, text: normalizeNewlines(text).trim() + "; " }];
    if (oneLine) out.push(breakHeader(ctx, list, ind));
    if (index === 0 && oneLine) out.push({ start: s, end: s, text: reindent(text, ind, false, ctx.indentUnit()) + "\n" + ind });
    else {
      const prev = list.items[index - 1];
      if (prev === undefined) throw new EditRefusal("E6008", "cannot place a block before a statement that does not start its line");
      out.push({ start: t.end[prev]!, end: s, text: "\n" + ind + reindent(text, ind, false, ctx.indentUnit()) + "\n" + ind });
    }
    return out;
  }
  if (simple && (oneLine || !last)) return [{ start: e, end: e, text: "; " + normalizeNewlines(text).trim() }];
  if (oneLine) out.push(breakHeader(ctx, list, ind));
  if (last) {
    const at = ctx.lineEnd(e);
    const below = blankLinesBelow(ctx, at);
    const after = below.more ? "\n".repeat(Math.max(0, gap - below.count)) : "";
    out.push({ start: at, end: at, text: "\n".repeat(gap) + "\n" + reindent(text, ind, true, ctx.indentUnit()) + after });
  } else {
    const next = list.items[index + 1];
    const to = next === undefined ? e : ctx.stmtStart(next);
    out.push({
      start: e,
      end: to,
      text: "\n" + ind + reindent(text, ind, false, ctx.indentUnit()) + (next === undefined ? "" : "\n" + ind),
    });
  }
  return out;
}

/** Blank lines PEP 8 wants around `text` inserted in `list`: 2 (module) or 1 for a def or class, else 0. */
function definitionGap(ctx: EditContext, list: StmtList, text: string): number {
  for (const line of normalizeNewlines(text).split("\n")) {
    const l = line.trim();
    if (l === "" || l.startsWith("#")) continue;
    if (!/^(@|(async\s+)?def\b|class\b)/.test(l)) return 0;
    return ctx.tree.kind[list.parent] === K.Module ? 2 : 1;
  }
  return 0;
}

/** Blank lines right above the line starting at `ls`. */
function blankLinesAbove(ctx: EditContext, ls: number): number {
  let n = 0;
  for (let p = ls; p > 0; n++) {
    p = ctx.lineStart(p - 1);
    if (!ctx.lineBlank(p)) break;
  }
  return n;
}

/** Blank lines right below the line ending at `at` (its "\n"), and whether anything but blanks follows. */
function blankLinesBelow(ctx: EditContext, at: number): { count: number; more: boolean } {
  let n = 0;
  for (let p = at + 1; p < ctx.src.length; p = ctx.nextLine(p)) {
    if (!ctx.lineBlank(p)) return { count: n, more: true };
    n++;
  }
  return { count: n, more: false };
}

/**
 * Inserting into an empty statement list: a module's body, or a new `else:` / `finally:` clause
 * at the end of an if / for / while / try statement.
 */
export function insertIntoEmptyStatements(ctx: EditContext, parent: NodeId, field: string, text: string): Piece[] {
  const t = ctx.tree;
  const k = t.kind[parent]!;
  if (k === K.Module) {
    const n = ctx.src.length;
    const lead = n > 0 && ctx.src[n - 1] !== NL ? "\n" : "";
    return [{ start: n, end: n, text: lead + reindent(text, "", true) + "\n" }];
  }
  const clause =
    field === "orelse" && (k === K.If || k === K.For || k === K.AsyncFor || k === K.While)
      ? "else"
      : field === "finalbody" && (k === K.Try || k === K.TryStar)
        ? "finally"
        : null;
  if (clause === null) throw new EditRefusal("E6009", `cannot add the first statement of ${t.kindName(parent)}.${field}`);
  const head = ctx.indentOf(t.start[parent]!);
  const inner = head + ctx.indentUnit();
  const at = ctx.lineEnd(t.end[parent]!);
  return [{ start: at, end: at, text: `\n${head}${clause}:\n` + reindent(text, inner, true, ctx.indentUnit()) }];
}

/**
 * Replacing a statement: the text takes the statement's place, later lines re-indented to it.
 * A statement sharing its line (`if x: y`, `a; b`) replaced by a block or several lines gets
 * lines of its own. An `elif` clause replaced by statements becomes an `else:` block holding
 * them (text that is itself an `elif` clause replaces it as written).
 */
export function replaceStatement(ctx: EditContext, id: NodeId, text: string, list: StmtList | null): Piece[] {
  const s = ctx.stmtStart(id);
  const e = ctx.tree.end[id]!;
  const unit = ctx.indentUnit();
  if (isElif(ctx, id) && !/^\s*elif\b/.test(text)) {
    const inner = ctx.indentOf(s) + unit;
    return [{ start: s, end: e, text: "else:\n" + reindent(text, inner, true, unit) }];
  }
  if (list === null || ctx.firstOnLine(s) || isSimpleLine(text))
    return [{ start: s, end: e, text: reindent(text, ctx.indentOf(s), false, unit) }];
  const index = list.items.indexOf(id);
  const oneLine = oneLineBody(ctx, list);
  const ind = oneLine ? bodyIndentOf(ctx, list) : ctx.indentOf(s);
  const out: Piece[] = [];
  const prev = list.items[index - 1],
    next = list.items[index + 1];
  if (oneLine) out.push(breakHeader(ctx, list, ind));
  if (prev !== undefined && sameLine(ctx, ctx.tree.end[prev]!, s)) out.push({ start: ctx.tree.end[prev]!, end: s, text: "\n" + ind });
  out.push({ start: s, end: e, text: reindent(text, ind, false, unit) });
  if (next !== undefined && sameLine(ctx, e, ctx.stmtStart(next))) out.push({ start: e, end: ctx.stmtStart(next), text: "\n" + ind });
  return out;
}
