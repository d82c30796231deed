// ast.dump: renders a Tree exactly as CPython 3.14's `ast.dump(tree, annotate_fields=...,
// include_attributes=..., indent=..., show_empty=...)` does: None fields whose default is None
// are left out, and so are empty lists unless show_empty is set.
import { KINDS, NodeKind, EXPR_CONTEXT_NAMES, CMP_OPERATOR_NAMES, type FieldSpec } from "../schema/generated/nodes.js";
import { operatorNames, FIELD_SLOT, MISSING } from "./layout.js";
import { TextOut } from "./text-out.js";
import { LineCursor, type Tree, type NodeId } from "./tree.js";
import { pyRepr } from "./repr.js";

export interface DumpOptions {
  /** Also print lineno, col_offset, end_lineno, end_col_offset (default false). */
  includeAttributes?: boolean;
  /** Pretty-print with this indent (a count of spaces or a string), as ast.dump's `indent`. */
  indent?: number | string;
  /**
   * Print field names (default true). With false, fields print positionally, as
   * `ast.dump(annotate_fields=False)`: until a field is left out, after which names come back.
   */
  annotateFields?: boolean;
  /** Also print empty list fields as `[]` (default false), as `ast.dump(show_empty=True)`. */
  showEmpty?: boolean;
}

/** Returns the string CPython's `ast.dump` returns for the same source. */
export function dump(tree: Tree, options: DumpOptions = {}): string {
  const indent = options.indent === undefined ? null : typeof options.indent === "number" ? " ".repeat(options.indent) : options.indent;
  const d = new Dumper(tree, indent, options.includeAttributes === true, options.annotateFields !== false, options.showEmpty === true);
  // Without an indent the layout never depends on whether children are "simple": a direct
  // string builder (no per-node arrays, tuples or closures) gives the same text faster.
  if (indent === null) return d.flat(tree.root);
  return d.indented(tree.root);
}

class Dumper {
  // The lines of start and of end offsets, looked up apart: starts come in source order, and a
  // multi-line node's end would otherwise evict the line its children start on.
  private readonly starts: LineCursor;
  private readonly ends: LineCursor;

  private readonly t: Tree;
  private readonly indent: string | null;
  private readonly attrs: boolean;
  private readonly annotate: boolean;
  private readonly showEmpty: boolean;

  constructor(t: Tree, indent: string | null, attrs: boolean, annotate: boolean, showEmpty: boolean) {
    this.t = t;
    this.indent = indent;
    this.attrs = attrs;
    this.annotate = annotate;
    this.showEmpty = showEmpty;
    this.starts = new LineCursor(t);
    this.ends = new LineCursor(t);
  }

  // repr() of an identifier field's value. An ASCII identifier (or `*`, or a dotted name) holds
  // no quote, backslash or unprintable character, so its repr is the text in single quotes; a
  // type comment or a TypeIgnore tag (also "ident" fields) may hold any of them.
  private identRepr(raw: number): string {
    const s = this.t.ident(raw);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x7f || c < 0x20 || c === 39 || c === 92) return pyRepr(s);
    }
    return "'" + s + "'";
  }

  // identRepr(raw), written to `out`.
  private writeIdent(out: TextOut, raw: number): void {
    const s = this.t.ident(raw);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x7f || c < 0x20 || c === 39 || c === 92) {
        out.write(pyRepr(s));
        return;
      }
    }
    out.write("'" + s + "'");
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
        return String(raw);
      case "int?":
        return raw === MISSING ? null : String(raw); // None (built trees only) is left out
      case "constant":
        if (raw === 0 && !keepEmpty) return null; // None
        // An inline int prints as itself (no bigint made); anything else as its repr.
        return raw <= -2 ? String(-raw - 2) : pyRepr(this.t.value(raw, id));
      case "ctx":
        return CTX_TEXT[raw]!;
      case "op":
        return operatorTexts(f.type)[raw]!;
      default:
        throw new Error(`dump: ${f.category} is not a one-value field`);
    }
  }

  /**
   * The dump for indent=None, written straight to a TextOut. Iterative: a frame per node being
   * printed (in `fr`, FRAME numbers each: the node, the next field, the next item of a list field
   * being printed, and ast.dump's `keywords` and held-back empty lists), so no recursion, and no
   * string, array or closure per node: a node's text before a child goes out, then the child's
   * frame is pushed, and the parent resumes where it stopped once the child is done.
   */
  flat(root: NodeId): string {
    const t = this.t;
    const pos = t.pos;
    const out = new TextOut();
    let fr = new Int32Array(FRAME * 64);
    let sp = 0;
    // Opens node `id`: its name goes out and a frame at its first field is pushed.
    const open = (id: NodeId): void => {
      if ((sp + 1) * FRAME > fr.length) {
        const bigger = new Int32Array(fr.length * 2);
        bigger.set(fr);
        fr = bigger;
      }
      out.write(OPEN_TEXT[t.kind[id]!]!);
      const o = sp * FRAME;
      fr[o] = id;
      fr[o + 1] = 0;
      fr[o + 2] = 0;
      fr[o + 3] = this.annotate ? F_KEYWORDS : 0;
      fr[o + 4] = 0;
      sp++;
    };
    open(root);
    frames: while (sp > 0) {
      const o = (sp - 1) * FRAME;
      const id = fr[o]!;
      const kind = t.kind[id]!;
      const spec = KINDS[kind]!;
      const fields = spec.fields;
      const names = FIELD_EQ_TEXT[kind]!;
      const sepNames = SEP_FIELD_EQ_TEXT[kind]!;
      const slotOf = FIELD_SLOT[kind]!;
      const b = t.base[id]!;
      const keepEmpty = kind === NodeKind.Constant || kind === NodeKind.MatchSingleton;
      // ast.dump's `keywords`: fields print as name=value once annotate_fields is set or a field
      // was left out; `held` counts empty lists left out while printing positionally, printed
      // as `[]` if a later field is printed positionally after all. `printed`: a ", " goes
      // before the next field.
      let flags = fr[o + 3]!;
      let held = fr[o + 4]!;
      for (let i = fr[o + 1]!; i < fields.length; i++) {
        const f = fields[i]!;
        const si = slotOf[i]!;
        const raw = si >= 0 ? t.slots[b + si]! : t.derivedRaw(id, i);
        const cat = f.category;
        let j = 0;
        if (cat === "node*" && fr[o + 2]! > 0) {
          // Back from item j - 1 of this list.
          j = fr[o + 2]!;
        } else {
          const list = cat === "node*" || cat === "ident*" || cat === "op*";
          let value: string | null = null; // the text of a one-value field
          if (list) {
            if (raw === 0 || t.listLength(raw) === 0) {
              if (!this.showEmpty) {
                if ((flags & F_KEYWORDS) === 0) held++;
                continue;
              }
              value = "[]";
            }
          } else if (cat === "node" || cat === "node?") {
            if (raw === 0) {
              if (f.noneByDefault || !keepEmpty) {
                flags |= F_KEYWORDS;
                continue;
              }
              value = "None";
            }
          } else if ((cat === "ident" || cat === "ident?") && raw !== 0) {
            value = IDENT; // written below, without making its repr string
          } else {
            value = this.scalar(f, raw, id, keepEmpty);
            if (value === null) {
              flags |= F_KEYWORDS;
              continue;
            }
          }
          if ((flags & F_KEYWORDS) === 0) {
            for (; held > 0; held--) {
              out.write((flags & F_PRINTED) !== 0 ? ", []" : "[]");
              flags |= F_PRINTED;
            }
          }
          if ((flags & F_KEYWORDS) !== 0) out.write((flags & F_PRINTED) !== 0 ? sepNames[i]! : names[i]!);
          else if ((flags & F_PRINTED) !== 0) out.write(", ");
          flags |= F_PRINTED;
          if (value === IDENT) {
            this.writeIdent(out, raw);
            continue;
          }
          if (value !== null) {
            out.write(value);
            continue;
          }
          if (cat === "node" || cat === "node?") {
            fr[o + 1] = i + 1;
            fr[o + 2] = 0;
            fr[o + 3] = flags;
            fr[o + 4] = held;
            open(raw);
            continue frames;
          }
          out.write("[");
        }
        const len = t.listLength(raw);
        if (cat === "node*") {
          for (; j < len; j++) {
            const x = t.listItem(raw, j);
            if (j !== 0) out.write(", ");
            if (x === 0) out.write("None");
            else {
              fr[o + 1] = i;
              fr[o + 2] = j + 1;
              fr[o + 3] = flags;
              fr[o + 4] = held;
              open(x);
              continue frames;
            }
          }
          fr[o + 2] = 0;
        } else {
          for (j = 0; j < len; j++) {
            const x = t.listItem(raw, j);
            if (j !== 0) out.write(", ");
            if (cat === "ident*") out.write(this.identRepr(x));
            else {
              out.write(CMP_OPERATOR_NAMES[x]!);
              out.write("()");
            }
          }
        }
        out.write("]");
      }
      if (this.attrs && spec.hasPosition) {
        const sep = (flags & F_PRINTED) !== 0;
        if (pos !== null) {
          let text = "";
          for (let k = 0; k < 4; k++) {
            const v = pos[id * 4 + k]!;
            if (v !== MISSING) text += (text === "" && !sep ? POSITION_EQ_TEXT[k]! : POSITION_SEP_EQ_TEXT[k]!) + v;
          }
          if (text !== "") out.write(text);
        } else {
          const s = t.start[id]!;
          const e = t.end[id]!;
          const sl = this.starts.line(s);
          const sc = s - this.starts.lineStart;
          const el = this.ends.line(e);
          const ec = e - this.ends.lineStart;
          out.write((sep ? ", lineno=" : "lineno=") + sl + ", col_offset=" + sc + ", end_lineno=" + el + ", end_col_offset=" + ec);
        }
      }
      out.write(")");
      sp--;
    }
    return out.text();
  }

  // The position attributes a built node has, as `name=value` (CPython's dump leaves out each
  // attribute a node lacks: lineno and col_offset are then unset, end_* None).
  private builtPositions(pos: Int32Array, id: NodeId): string[] {
    const out: string[] = [];
    for (let k = 0; k < 4; k++) {
      const v = pos[id * 4 + k]!;
      if (v !== MISSING) out.push(POSITION_NAMES[k] + "=" + v);
    }
    return out;
  }

  /**
   * The dump with an indent, as CPython's `_format`: a node goes on one line when all its
   * fields are "simple" and there are at most 3 of them, so a node's text waits for its
   * children's. Iterative: one frame per node being formatted, resumed when a child's text is
   * ready.
   */
  indented(root: NodeId): string {
    const t = this.t;
    const ind = this.indent!;
    const frames: Frame[] = [newFrame(root, 1, this.annotate)];
    let ret = "";
    let retSimple = false;
    let hasRet = false;
    outer: while (frames.length > 0) {
      const fr = frames[frames.length - 1]!;
      const id = fr.id;
      const kind = t.kind[id]!;
      const spec = KINDS[kind]!;
      const b = t.base[id]!;
      const slotOf = FIELD_SLOT[kind]!;
      const keepEmpty = kind === NodeKind.Constant || kind === NodeKind.MatchSingleton;
      if (hasRet) {
        // A child finished: its text belongs to field fr.i, as the field's value or a list item.
        hasRet = false;
        if (fr.parts !== null) {
          fr.parts.push(ret);
          fr.j++;
        } else {
          fr.allSimple = fr.allSimple && retSimple;
          this.arg(fr, spec.fields[fr.i]!.name, ret);
          fr.i++;
        }
      }
      for (; fr.i < spec.fields.length; fr.i++) {
        const f = spec.fields[fr.i]!;
        const si = slotOf[fr.i]!;
        const raw = si >= 0 ? t.slots[b + si]! : t.derivedRaw(id, fr.i);
        let text: string;
        let simple = true;
        const cat = f.category;
        if ((cat === "node*" || cat === "ident*" || cat === "op*") && (raw === 0 || t.listLength(raw) === 0)) {
          if (!this.showEmpty) {
            if (!fr.keywords) fr.held++;
            continue;
          }
          this.arg(fr, f.name, "[]");
          continue;
        }
        switch (cat) {
          case "node":
          case "node?":
            if (raw === 0) {
              if (f.noneByDefault || !keepEmpty) {
                fr.keywords = true;
                continue;
              }
              text = "None";
            } else {
              frames.push(newFrame(raw, fr.level + 1, this.annotate));
              continue outer;
            }
            break;
          case "node*": {
            const len = t.listLength(raw);
            if (fr.parts === null) fr.parts = [];
            while (fr.j < len) {
              const x = t.listItem(raw, fr.j);
              if (x === 0) {
                fr.parts.push("None");
                fr.j++;
              } else {
                // List items sit one level below the list, itself one below the node.
                frames.push(newFrame(x, fr.level + 2, this.annotate));
                continue outer;
              }
            }
            text = this.listText(fr.parts, fr.level + 1);
            simple = false;
            fr.parts = null;
            fr.j = 0;
            break;
          }
          case "ident*":
          case "op*": {
            const len = t.listLength(raw);
            const parts: string[] = new Array(len);
            for (let j = 0; j < len; j++) {
              const x = t.listItem(raw, j);
              parts[j] = cat === "ident*" ? this.identRepr(x) : CMP_OPERATOR_NAMES[x] + "()";
            }
            text = this.listText(parts, fr.level + 1);
            simple = false;
            break;
          }
          default: {
            const v = this.scalar(f, raw, id, keepEmpty);
            if (v === null) {
              fr.keywords = true;
              continue;
            }
            text = v;
          }
        }
        fr.allSimple = fr.allSimple && simple;
        this.arg(fr, f.name, text);
      }
      const args = fr.args;
      if (this.attrs && spec.hasPosition) {
        if (t.pos !== null) args.push(...this.builtPositions(t.pos, id));
        else {
          const s = t.start[id]!;
          const e = t.end[id]!;
          const sl = this.starts.line(s);
          const sc = s - this.starts.lineStart;
          const el = this.ends.line(e);
          const ec = e - this.ends.lineStart;
          args.push("lineno=" + sl, "col_offset=" + sc, "end_lineno=" + el, "end_col_offset=" + ec);
        }
      }
      frames.pop();
      hasRet = true;
      // Concatenation, not join(): join would copy each child's text into its parent's, which
      // is quadratic in the depth; `+` links the texts and the result is flattened once.
      let text = spec.name + "(";
      if (fr.allSimple && args.length <= 3) {
        for (let k = 0; k < args.length; k++) text += (k === 0 ? "" : ", ") + args[k]!;
        retSimple = args.length === 0;
      } else {
        const pad = ind.repeat(fr.level);
        for (let k = 0; k < args.length; k++) text += (k === 0 ? "\n" : ",\n") + pad + args[k]!;
        retSimple = false;
      }
      ret = text + ")";
    }
    return ret;
  }

  // Adds field `name`'s text to the frame, as ast.dump's _format: positionally while
  // `keywords` is off, after the empty lists held back so far; else as name=text.
  private arg(fr: Frame, name: string, text: string): void {
    if (fr.keywords) {
      fr.args.push(name + "=" + text);
      return;
    }
    for (; fr.held > 0; fr.held--) fr.args.push("[]");
    fr.args.push(text);
  }

  // A non-empty list's text at list level `lv` ("[]" when empty), as CPython's _format.
  private listText(parts: string[], lv: number): string {
    if (parts.length === 0) return "[]";
    const pad = this.indent!.repeat(lv);
    let text = "[";
    for (let k = 0; k < parts.length; k++) text += (k === 0 ? "\n" : ",\n") + pad + parts[k]!;
    return text + "]";
  }
}

// One node being formatted by Dumper.indented: its (already incremented) level, the next field
// i, the next list item j of that field, and what is done so far.
interface Frame {
  id: NodeId;
  level: number;
  i: number;
  j: number;
  args: string[];
  allSimple: boolean;
  parts: string[] | null;
  // ast.dump's `keywords` for this node, and the empty lists held back while it is off.
  keywords: boolean;
  held: number;
}

function newFrame(id: NodeId, level: number, keywords: boolean): Frame {
  return { id, level, i: 0, j: 0, args: [], allSimple: true, parts: null, keywords, held: 0 };
}

const POSITION_NAMES = ["lineno", "col_offset", "end_lineno", "end_col_offset"];

// Dumper.flat's frames: FRAME numbers per node (node, next field, next list item + 1 or 0,
// flags, held-back empty lists). Flags: F_KEYWORDS, ast.dump's `keywords`; F_PRINTED, a field
// was printed (the next one needs ", ").
const FRAME = 5;
const F_KEYWORDS = 1;
const F_PRINTED = 2;
// flat()'s marker for an identifier field's value, which it writes without making the string.
const IDENT = "\u0000ident";
// Texts flat() writes, made once: "BinOp(" by kind, "left=" and ", left=" by kind and field, the
// positions.
const OPEN_TEXT: readonly string[] = KINDS.map((spec) => spec.name + "(");
const FIELD_EQ_TEXT: readonly (readonly string[])[] = KINDS.map((spec) => spec.fields.map((f) => f.name + "="));
const SEP_FIELD_EQ_TEXT: readonly (readonly string[])[] = KINDS.map((spec) => spec.fields.map((f) => ", " + f.name + "="));
const CTX_TEXT = EXPR_CONTEXT_NAMES.map((n) => n + "()");
const OP_TEXT = new Map<string, readonly string[]>();
// "Add()", ... for an operator field's type (the names of layout.ts's operatorNames).
function operatorTexts(type: string): readonly string[] {
  let texts = OP_TEXT.get(type);
  if (texts === undefined) {
    texts = operatorNames(type).map((n) => n + "()");
    OP_TEXT.set(type, texts);
  }
  return texts;
}
const POSITION_EQ_TEXT = POSITION_NAMES.map((n) => n + "=");
const POSITION_SEP_EQ_TEXT = POSITION_NAMES.map((n) => ", " + n + "=");
