// What the edit rules read about the tree's source: its tokens (comments and blank lines live in
// the gaps between them), lines and indentation, bracket pairs, and where a list item's text
// begins and ends once its own parentheses are counted. Read-only; one per applyEdits call.
import type { NodeId, Tree } from "../ast/tree.js";
import { Interner } from "../core/interner.js";
import { tokenize, type Tokens } from "../tokenizer/tokenizer.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import { KINDS, NodeKind as K } from "../schema/generated/nodes.js";
import { FIELD_SLOT } from "../ast/layout.js";

const SP = 32,
  TAB = 9,
  FF = 12,
  NL = 10,
  HASH = 35,
  SEMI = 59;

/** A byte range [start, end) of the tree's source. */
export interface Span {
  start: number;
  end: number;
}

export class EditContext {
  readonly tree: Tree;
  readonly src: Uint8Array;
  readonly tok: Tokens;
  // Per token: the index of the matching bracket token, or -1 (built on first use).
  private pairs: Int32Array | null = null;
  private unit: string | null = null;
  /** Results the list rules compute once per list and read again (see lists.ts). */
  readonly memo = new Map<string, unknown>();

  constructor(tree: Tree) {
    this.tree = tree;
    this.src = tree.source;
    this.tok = tokenize(tree.source, new Interner());
  }

  // ---- tokens ----

  /** Index of the first token starting at or after `off` (`count` if none). */
  tokenFrom(off: number): number {
    const st = this.tok.start;
    let lo = 0,
      hi = this.tok.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (st[mid]! < off) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the last non-empty token ending at or before `off` (-1 if none). */
  tokenBefore(off: number): number {
    let i = this.tokenFrom(off) - 1;
    const t = this.tok;
    // Skip empty (DEDENT) and layout tokens that only say where a line starts.
    while (i >= 0 && (t.end[i]! > off || t.kind[i] === T.DEDENT || t.kind[i] === T.INDENT)) i--;
    return i;
  }

  kindAt(i: number): number {
    return i >= 0 && i < this.tok.count ? this.tok.kind[i]! : -1;
  }

  /** The token matching bracket token `i`, or -1. */
  partner(i: number): number {
    if (this.pairs === null) {
      const n = this.tok.count;
      const p = new Int32Array(n).fill(-1);
      const stack: number[] = [];
      for (let j = 0; j < n; j++) {
        const k = this.tok.kind[j]!;
        if (k === T.LPAR || k === T.LSQB || k === T.LBRACE) stack.push(j);
        else if ((k === T.RPAR || k === T.RSQB || k === T.RBRACE) && stack.length > 0) {
          const o = stack.pop()!;
          p[o] = j;
          p[j] = o;
        }
      }
      this.pairs = p;
    }
    return i >= 0 && i < this.pairs.length ? this.pairs[i]! : -1;
  }

  // ---- lines ----

  lineStart(off: number): number {
    let i = off;
    while (i > 0 && this.src[i - 1] !== NL) i--;
    return i;
  }

  /** Offset of the "\n" ending the line of `off`, or the source length. */
  lineEnd(off: number): number {
    const j = this.src.indexOf(NL, off);
    return j < 0 ? this.src.length : j;
  }

  /** Offset just past the line of `off` (past its "\n", or the source length). */
  nextLine(off: number): number {
    const j = this.src.indexOf(NL, off);
    return j < 0 ? this.src.length : j + 1;
  }

  /** True when only blanks stand between the start of its line and `off`. */
  firstOnLine(off: number): boolean {
    for (let i = this.lineStart(off); i < off; i++) {
      const c = this.src[i]!;
      if (c !== SP && c !== TAB && c !== FF) return false;
    }
    return true;
  }

  /** True when the line starting at `ls` holds only blanks. */
  lineBlank(ls: number): boolean {
    const i = this.skipBlanks(ls);
    return i >= this.src.length || this.src[i] === NL;
  }

  /** The blanks that open the line of `off`, as text. */
  indentOf(off: number): string {
    const ls = this.lineStart(off);
    let i = ls;
    while (i < this.src.length && (this.src[i] === SP || this.src[i] === TAB || this.src[i] === FF)) i++;
    return this.text(ls, i);
  }

  /**
   * True when the rest of the line after `off` holds at most blanks, one `;` (when `semi`) and a
   * comment.
   */
  restBlank(off: number, semi = false): boolean {
    let i = this.skipBlanks(off);
    if (semi && this.src[i] === SEMI) i = this.skipBlanks(i + 1);
    return i >= this.src.length || this.src[i] === NL || this.src[i] === HASH;
  }

  skipBlanks(off: number): number {
    let i = off;
    while (i < this.src.length && (this.src[i] === SP || this.src[i] === TAB || this.src[i] === FF)) i++;
    return i;
  }

  text(start: number, end: number): string {
    return new TextDecoder().decode(this.src.subarray(start, end));
  }

  /**
   * One level of indentation as this file writes it: the first indented block's indentation
   * (the file's first INDENT token is one level deep), a tab if that holds one, else 4 spaces.
   */
  indentUnit(): string {
    if (this.unit !== null) return this.unit;
    let u = "    ";
    for (let i = 0; i < this.tok.count; i++) {
      if (this.tok.kind[i] === T.INDENT) {
        const s = this.text(this.tok.start[i]!, this.tok.end[i]!);
        if (s.length > 0) u = s.includes("\t") ? "\t" : s;
        break;
      }
    }
    return (this.unit = u);
  }

  // ---- nodes ----

  /** Items of list field `field` (an index into the kind's fields) of `id`. */
  listOf(id: NodeId, field: number): number[] {
    const t = this.tree;
    return t.listItems(t.field(id, field));
  }

  /** The field index and position of `id` among its parent's list fields, or null. */
  placeOf(id: NodeId): { parent: NodeId; field: number; index: number } | null {
    const t = this.tree;
    if (id <= 0 || id >= t.count) return null;
    const parent = t.parent[id]!;
    if (parent < 0) return null;
    const fields = KINDS[t.kind[parent]!]!.fields;
    for (let f = 0; f < fields.length; f++) {
      if (fields[f]!.category !== "node*" || FIELD_SLOT[t.kind[parent]!]![f]! < 0) continue;
      const items = this.listOf(parent, f);
      const j = items.indexOf(id);
      if (j >= 0) return { parent, field: f, index: j };
    }
    return null;
  }

  /**
   * Where the node's text starts: a decorated definition starts at its first decorator's `@`
   * (CPython's position is the `def`/`class` line).
   */
  stmtStart(id: NodeId): number {
    const t = this.tree;
    const k = t.kind[id]!;
    if (k === K.FunctionDef || k === K.AsyncFunctionDef || k === K.ClassDef) {
      const decos = this.listOf(id, fieldIdx(k, "decorator_list"));
      if (decos.length > 0) return this.atSign(decos[0]!);
    }
    return t.start[id]!;
  }

  /** Offset of the `@` that introduces decorator expression `id`. */
  atSign(id: NodeId): number {
    let i = this.tokenFrom(this.tree.start[id]!) - 1;
    while (i >= 0 && this.tok.kind[i] !== T.AT) i--;
    return i >= 0 ? this.tok.start[i]! : this.tree.start[id]!;
  }

  /**
   * The source range of expression-like node `id` as an item of its parent's list: widened over
   * parentheses that belong to it (`f((a), b)`), never over the parent's own bracket `opener`
   * (a token index, -1 if none). A generator expression that is a call's only argument shares
   * the call's parentheses: its range is what is inside them.
   */
  itemSpan(id: NodeId, opener: number): Span {
    const t = this.tree;
    let s = t.start[id]!,
      e = t.end[id]!;
    if (t.kind[id] === K.GeneratorExp && this.sharesCallParens(id)) return { start: s + 1, end: e - 1 };
    for (;;) {
      const p = this.tokenBefore(s);
      const n = this.tokenFrom(e);
      if (p < 0 || p === opener || this.kindAt(p) !== T.LPAR || this.kindAt(n) !== T.RPAR) break;
      s = this.tok.start[p]!;
      e = this.tok.end[n]!;
    }
    return { start: s, end: e };
  }

  /** `f(x for x in y)`: the generator expression's span is the call's parentheses. */
  sharesCallParens(id: NodeId): boolean {
    const t = this.tree;
    const p = t.parent[id]!;
    return p > 0 && t.kind[p] === K.Call && t.end[p] === t.end[id] && this.src[t.start[id]!] === 0x28;
  }
}

/** Index of field `name` of kind `k` (must exist). */
export function fieldIdx(k: number, name: string): number {
  return KINDS[k]!.fields.findIndex((f) => f.name === name);
}

/**
 * One replacement of [start, end) of the tree's source by `text` ("\n" newlines). `shared`: a
 * piece several edits may all need (breaking a one-line body onto its own lines); identical
 * shared pieces are applied once instead of conflicting.
 */
export interface Piece {
  start: number;
  end: number;
  text: string;
  shared?: boolean;
}

/** A rule that cannot apply: becomes an "invalid-edit" error of the edit that asked. */
export class EditRefusal {
  readonly code: string;
  readonly message: string;
  constructor(code: string, message: string) {
    this.code = code;
    this.message = message;
  }
}
