// Setting an identifier field: the tree stores where each identifier is written (ast/tree.ts), so
// the edit replaces exactly that NAME token (or dotted name), keeping everything around it.
import type { NodeId } from "../ast/tree.js";
import { NodeKind as K, KINDS } from "../schema/generated/nodes.js";
import { FIELD_SLOT } from "../ast/layout.js";
import { nameEnd } from "../core/source-names.js";
import { KEYWORD_LIST } from "../core/interner.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { type EditContext, EditRefusal, type Piece } from "./context.js";

const KEYWORDS = new Set(KEYWORD_LIST);
// biome-ignore lint/suspicious/noMisleadingCharacterClass: ZWNJ and ZWJ are Python identifier characters on their own (Other_ID_Continue)
const IDENT = /^[\p{ID_Start}_][\p{ID_Continue}\u00b7\u0387\u1369-\u1371\u19da\u200c\u200d\u30fb\uff65]*$/u;

/** True when `s` is a Python identifier (PEP 3131, by the Unicode ID classes) and no keyword. */
export function isIdentifier(s: string): boolean {
  return IDENT.test(s) && !KEYWORDS.has(s);
}

/** The identifier fields of a kind that name a single source token (or dotted name). */
function identFields(kind: number): string[] {
  return KINDS[kind]!.fields.filter((f) => f.category === "ident" || f.category === "ident?")
    .map((f) => f.name)
    .filter((n) => n !== "type_comment" && n !== "kind");
}

/** The pieces that set identifier field `field` (default: the kind's only one) of `id` to `name`. */
export function setIdentifier(ctx: EditContext, id: NodeId, field: string | undefined, name: string | null): Piece[] {
  const t = ctx.tree;
  const k = t.kind[id]!;
  const fields = identFields(k);
  const f = field ?? (k === K.alias ? "name" : fields.length === 1 ? fields[0] : undefined);
  if (f === undefined || !fields.includes(f)) {
    const why = fields.length === 0 ? "has no identifier field" : `has identifier fields ${fields.join(", ")}`;
    throw new EditRefusal("E6011", `${t.kindName(id)} ${why}${field === undefined ? "" : `, not \`${field}\``}`);
  }
  const fi = KINDS[k]!.fields.findIndex((x) => x.name === f);
  const raw = t.field(id, fi);
  const dotted = raw < 0 || (k === K.alias && f === "name") || (k === K.ImportFrom && f === "module");
  if (name !== null && !(dotted ? name.split(".").every(isIdentifier) || (k === K.alias && name === "*") : isIdentifier(name))) {
    throw new EditRefusal("E6012", `\`${name}\` is not a valid ${dotted ? "dotted name" : "identifier"}`);
  }
  if (k === K.alias && f === "asname") return setAsname(ctx, id, raw, name);
  if (name === null) throw new EditRefusal("E6013", `${t.kindName(id)}.${f} cannot be removed`);
  if (raw === 0) throw new EditRefusal("E6014", `${t.kindName(id)}.${f} is not written in the source, so it cannot be set`);
  if (raw < 0) {
    const s = -raw - 1;
    return [{ start: s, end: dottedEnd(ctx, s), text: name }];
  }
  const s = raw - 1;
  if (k === K.keyword && FIELD_SLOT[k]![fi]! < 0 && ctx.src[s] === 0x2a)
    throw new EditRefusal("E6014", "a `**` keyword has no name to set");
  return [{ start: s, end: nameEnd(ctx.src, s), text: name }];
}

/** End of the dotted name (`a . b.c`, or `*`) written at `s`. */
function dottedEnd(ctx: EditContext, s: number): number {
  if (ctx.src[s] === 0x2a) return s + 1;
  let i = ctx.tokenFrom(s);
  let end = ctx.tok.end[i]!;
  while (ctx.kindAt(i + 1) === T.DOT && ctx.kindAt(i + 2) === T.NAME) {
    i += 2;
    end = ctx.tok.end[i]!;
  }
  return end;
}

// alias.asname: replaced, added (` as name` after the dotted name) or removed.
function setAsname(ctx: EditContext, id: NodeId, raw: number, name: string | null): Piece[] {
  const nameStop = dottedEnd(ctx, ctx.tree.start[id]!);
  if (raw > 0) {
    const s = raw - 1;
    if (name === null) return [{ start: nameStop, end: nameEnd(ctx.src, s), text: "" }];
    return [{ start: s, end: nameEnd(ctx.src, s), text: name }];
  }
  if (name === null) return [];
  return [{ start: nameStop, end: nameStop, text: " as " + name }];
}
