// ast.dump: renders a Tree exactly as CPython 3.14's `ast.dump(tree, annotate_fields=True,
// include_attributes=..., indent=...)` does (show_empty=False: None and [] fields are omitted,
// except on Constant and MatchSingleton).
import { KINDS, NodeKind, EXPR_CONTEXT_NAMES, CMP_OPERATOR_NAMES, type FieldSpec } from "../schema/generated/nodes.js";
import { operatorNames, FIELD_SLOT } from "./layout.js";
import type { Tree, NodeId } from "./tree.js";
import { pyRepr } from "./repr.js";

export interface DumpOptions {
  /** Also print lineno, col_offset, end_lineno, end_col_offset (default false). */
  includeAttributes?: boolean;
  /** Pretty-print with this indent (a count of spaces or a string), as ast.dump's `indent`. */
  indent?: number | string;
}

/** Returns the string CPython's `ast.dump` returns for the same source. */
export function dump(tree: Tree, options: DumpOptions = {}): string {
  const indent = options.indent === undefined ? null : typeof options.indent === "number" ? " ".repeat(options.indent) : options.indent;
  const d = new Dumper(tree, indent, options.includeAttributes === true);
  // Without an indent the layout never depends on whether children are "simple": a direct
  // string builder (no per-node arrays, tuples or closures) gives the same text faster.
  if (indent === null) return d.flat(tree.root);
  return d.node(tree.root, 0)[0];
}

class Dumper {
  // Cache of the last line looked up: positions are mostly visited in source order.
  private lineCacheStart = -1;
  private lineCacheEnd = -1;
  private lineCacheNo = 0;

  private readonly t: Tree;
  private readonly indent: string | null;
  private readonly attrs: boolean;

  constructor(t: Tree, indent: string | null, attrs: boolean) {
    this.t = t;
    this.indent = indent;
    this.attrs = attrs;
  }

  private lineAt(off: number): number {
    if (off >= this.lineCacheStart && off < this.lineCacheEnd) return this.lineCacheNo;
    const line = this.t.lineOf(off);
    this.lineCacheNo = line;
    this.lineCacheStart = this.t.lineStarts[line - 1]!;
    this.lineCacheEnd = line < this.t.lineCount ? this.t.lineStarts[line]! : 0x7fffffff;
    return line;
  }

  // repr() of an identifier field's value. An ASCII identifier (or `*`, or a dotted name) holds
  // no quote, backslash or unprintable character, so its repr is the text in single quotes.
  private identRepr(raw: number): string {
    const s = this.t.ident(raw);
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return pyRepr(s);
    return "'" + s + "'";
  }

  /**
   * The text of a field that is one value, not a node or a list (ident, int, constant, ctx, op),
   * shared by flat() and node(); null when dump leaves the field out (a None it does not print).
   */
  scalar(f: FieldSpec, raw: number, id: NodeId, keepEmpty: boolean): string | null {
    switch (f.category) {
      case "ident":
      case "ident?":
        if (raw !== 0) return this.identRepr(raw);
        return f.noneByDefault || !keepEmpty ? null : "None";
      case "int":
      case "int?":
        return String(raw);
      case "constant":
        if (raw === 0 && !keepEmpty) return null; // None
        // An inline int prints as itself (no bigint made); anything else as its repr.
        return raw <= -2 ? String(-raw - 2) : pyRepr(this.t.value(raw, id));
      case "ctx":
        return EXPR_CONTEXT_NAMES[raw] + "()";
      case "op":
        return operatorNames(f.type)[raw] + "()";
      default:
        throw new Error(`dump: ${f.category} is not a one-value field`);
    }
  }

  /** node() for indent=None: the same text, built as one string. */
  flat(id: NodeId): string {
    const t = this.t;
    const kind = t.kind[id]!;
    const spec = KINDS[kind]!;
    const fields = spec.fields;
    const slotOf = FIELD_SLOT[kind]!;
    const b = t.base[id]!;
    const keepEmpty = kind === NodeKind.Constant || kind === NodeKind.MatchSingleton;
    let out = spec.name + "(";
    let sep = "";
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const si = slotOf[i]!;
      const raw = si >= 0 ? t.slots[b + si]! : t.derivedRaw(id, i);
      let text: string;
      switch (f.category) {
        case "node":
        case "node?":
          if (raw === 0) {
            if (f.noneByDefault || !keepEmpty) continue;
            text = "None";
          } else text = this.flat(raw);
          break;
        case "node*": {
          if (raw === 0 && !keepEmpty) continue;
          const len = t.listLength(raw);
          text = "[";
          for (let j = 0; j < len; j++) {
            const x = t.listItem(raw, j);
            text += (j === 0 ? "" : ", ") + (x === 0 ? "None" : this.flat(x));
          }
          text += "]";
          break;
        }
        case "ident*": {
          if (raw === 0) continue;
          const len = t.listLength(raw);
          text = "[";
          for (let j = 0; j < len; j++) text += (j === 0 ? "" : ", ") + this.identRepr(t.listItem(raw, j));
          text += "]";
          break;
        }
        case "op*": {
          if (raw === 0) continue;
          const len = t.listLength(raw);
          text = "[";
          for (let j = 0; j < len; j++) text += (j === 0 ? "" : ", ") + CMP_OPERATOR_NAMES[t.listItem(raw, j)] + "()";
          text += "]";
          break;
        }
        default: {
          const v = this.scalar(f, raw, id, keepEmpty);
          if (v === null) continue;
          text = v;
        }
      }
      out += sep + f.name + "=" + text;
      sep = ", ";
    }
    if (this.attrs && spec.hasPosition) {
      const s = t.start[id]!;
      const e = t.end[id]!;
      const sl = this.lineAt(s);
      const sc = s - t.lineStarts[sl - 1]!;
      const el = this.lineAt(e);
      const ec = e - t.lineStarts[el - 1]!;
      out += sep + "lineno=" + sl + ", col_offset=" + sc + ", end_lineno=" + el + ", end_col_offset=" + ec;
    }
    return out + ")";
  }

  node(id: NodeId, level: number): [string, boolean] {
    const t = this.t;
    const ind = this.indent;
    if (ind !== null) level++;
    const prefix = ind === null ? "" : "\n" + ind.repeat(level);
    const sep = ind === null ? ", " : ",\n" + ind.repeat(level);
    const kind = t.kind[id]!;
    const spec = KINDS[kind]!;
    const b = t.base[id]!;
    const slotOf = FIELD_SLOT[kind]!;
    const args: string[] = [];
    let allSimple = true;
    const keepEmpty = kind === NodeKind.Constant || kind === NodeKind.MatchSingleton;
    for (let i = 0; i < spec.fields.length; i++) {
      const f = spec.fields[i]!;
      const si = slotOf[i]!;
      const raw = si >= 0 ? t.slots[b + si]! : t.derivedRaw(id, i);
      let text: string;
      let simple = true;
      switch (f.category) {
        case "node":
        case "node?":
          if (raw === 0) {
            if (f.noneByDefault || !keepEmpty) continue;
            text = "None";
          } else [text, simple] = this.node(raw, level);
          break;
        case "node*": {
          if (raw === 0 && !keepEmpty) continue;
          [text, simple] = this.list(raw, level, (x) => (x === 0 ? "None" : this.node(x, level + (ind === null ? 0 : 1))[0]));
          break;
        }
        case "ident*":
          if (raw === 0) continue;
          [text, simple] = this.list(raw, level, (x) => this.identRepr(x));
          break;
        case "op*": {
          if (raw === 0) continue;
          const names = CMP_OPERATOR_NAMES;
          [text, simple] = this.list(raw, level, (x) => names[x] + "()");
          break;
        }
        default: {
          const v = this.scalar(f, raw, id, keepEmpty);
          if (v === null) continue;
          text = v;
        }
      }
      allSimple = allSimple && simple;
      args.push(f.name + "=" + text);
    }
    if (this.attrs && spec.hasPosition) {
      const s = t.start[id]!;
      const e = t.end[id]!;
      const sl = this.lineAt(s);
      const sc = s - t.lineStarts[sl - 1]!;
      const el = this.lineAt(e);
      const ec = e - t.lineStarts[el - 1]!;
      args.push("lineno=" + sl, "col_offset=" + sc, "end_lineno=" + el, "end_col_offset=" + ec);
    }
    if (allSimple && args.length <= 3) return [spec.name + "(" + args.join(", ") + ")", args.length === 0];
    return [spec.name + "(" + prefix + args.join(sep) + ")", false];
  }

  // Lists of nodes are formatted at the list's own (already incremented) level, like CPython's _format.
  private list(l: number, level: number, item: (x: number) => string): [string, boolean] {
    const t = this.t;
    const len = t.listLength(l);
    if (len === 0) return ["[]", true];
    const ind = this.indent;
    const lv = ind === null ? level : level + 1;
    const prefix = ind === null ? "" : "\n" + ind.repeat(lv);
    const sep = ind === null ? ", " : ",\n" + ind.repeat(lv);
    const parts: string[] = new Array(len);
    for (let j = 0; j < len; j++) parts[j] = item(t.listItem(l, j));
    return ["[" + prefix + parts.join(sep) + "]", false];
  }
}
