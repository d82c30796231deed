// The unparser's engine: a work-list printer. Visiting a node writes what comes first and pushes
// the rest (child nodes, text, line starts) as frames on an explicit stack, so no JS recursion
// follows the tree's depth: a 200,000-long `a+b+...` or `x.a.a...` chain costs stack frames in a
// typed array, not JS frames (a child that is the next thing to write is printed at once, with
// bounded recursion). The text goes into one UTF-8 byte buffer, decoded once at the end. Per-kind
// handlers live in statements.ts and expressions.ts.
//
// Frame layout (`frames`, Int32Array, 4 entries per frame; `strs[i]` holds frame i's string):
// | entry | holds                                                                     |
// |-------|---------------------------------------------------------------------------|
// | 0     | the op (below)                                                            |
// | 1     | a node id (NODE, FT_INNER, FT_END), or 1/0 "is literal text" (PIECE_END)  |
// | 2     | the context: precedence for expressions and patterns, indent for          |
// |       | statements (indent * 2 + is-except* for an ExceptHandler), 1/0 "inside a  |
// |       | format spec" for FT_INNER, indent * 2 + allow-semicolon for FILL          |
// | 3     | the depth of the node that pushed it + 1 (cycle guard)                    |
import { LAZY_STRING, type NodeId, type Tree } from "../ast/tree.js";
import { KIND_BASES, KIND_NAMES, NodeKind as K } from "../schema/generated/nodes.js";
import { fieldOf, slotOf } from "./fields.js";
import { Derive, FIELD_SLOT } from "../ast/layout.js";
import { nameAt, nameEnd, nameStartBefore } from "../core/source-names.js";
import { PY_ELLIPSIS, PyComplex, PyStr, type PyValue } from "../core/pyvalue.js";
import { pyRepr, reprLimitError } from "../ast/repr.js";
import { Prec } from "./precedence.js";
import {
  ftstringLiteral,
  ftstringText,
  NoQuoteLeft,
  NOT_PLAIN,
  plainLiteral,
  plainLiteralRepr,
  reprString,
  SAME_QUOTES,
} from "./strings.js";
import { UnparseError, UnparseCode } from "./error.js";
import { visitStatement } from "./statements.js";
import { visitExpression } from "./expressions.js";

// Frame ops.
const NODE = 0; // visit node a with context b
const TEXT = 1; // write strs[i]
const FILL = 2; // start a line: strs[i] at indent b >> 1 (b & 1: a "; " may join it in Interactive)
const MAYBE_NL = 3; // a newline unless nothing is written yet (a blank line before a def or class)
const BEGIN = 4; // start writing into a fresh buffer
const PIECE_END = 5; // the buffer is one piece of an f-/t-string (a: literal text or not)
const FT_END = 6; // join the pieces from index b on into the literal of f-/t-string a
const FT_INNER = 7; // visit a part of an f-/t-string (or of a format spec when b is 1)
const FIELD_END = 8; // the buffer is a replacement field's expression: write it after the "{"

const CONSTANT_VALUE = slotOf(K.Constant, "value");
const CONSTANT_KIND = fieldOf(K.Constant, "kind");
const JOINED_VALUES = slotOf(K.JoinedStr, "values");
const TEMPLATE_VALUES = slotOf(K.TemplateStr, "values");
const FV_VALUE = slotOf(K.FormattedValue, "value");
const FV_CONVERSION = slotOf(K.FormattedValue, "conversion");
const FV_SPEC = slotOf(K.FormattedValue, "format_spec");
const IP_VALUE = slotOf(K.Interpolation, "value");
const IP_STR = slotOf(K.Interpolation, "str");
const IP_CONVERSION = slotOf(K.Interpolation, "conversion");
const IP_SPEC = slotOf(K.Interpolation, "format_spec");
const EXPR_VALUE = slotOf(K.Expr, "value");
const NAME_ID = fieldOf(K.Name, "id");
// Name.id is derived today (layout.ts): reading it through derivedRaw skips field()'s check.
const NAME_ID_SLOT = FIELD_SLOT[K.Name]![NAME_ID]!;
const NAME_ID_STORED = NAME_ID_SLOT >= 0;
// In a parsed tree Name.id is the identifier the node starts with and Attribute.attr the one it
// ends with (layout.ts): the leaves read them off the source without the generic field lookup.
const NAME_AT_START = NAME_ID_SLOT === -Derive.NameAtStart;
const ATTR_VALUE = slotOf(K.Attribute, "value");
const ATTR_ATTR = fieldOf(K.Attribute, "attr");
const ATTR_AT_END = FIELD_SLOT[K.Attribute]![ATTR_ATTR] === -Derive.NameAtEnd;

// Statement-like kinds take an indent as their context; everything else a precedence.
const TAKES_INDENT = new Uint8Array(KIND_BASES.length);
KIND_BASES.forEach((b, k) => {
  if (b === "stmt" || b === "excepthandler" || b === "mod" || b === "type_ignore" || k === K.match_case) TAKES_INDENT[k] = 1;
});

const INFSTR = "1e309"; // overflows to inf when read back, as repr(1e309) does not
const INDENTS: string[] = [""];
function indentOf(n: number): string {
  while (INDENTS.length <= n) INDENTS.push(INDENTS[INDENTS.length - 1]! + "    ");
  return INDENTS[n]!;
}

// How many children node() prints at once, one inside the other, before it pushes frames: JS
// recursion, bounded, for the common shallow nesting (the frames keep any depth working).
const INLINE_DEPTH = 48;

// The frame array of the last finished run, for the next one (allocating and zeroing it per
// call is measurable on small trees).
let spareFrames: Int32Array | null = null;
let spareBuf: Uint8Array | null = null;

/** Thrown by write() for text with a lone surrogate, which only a JS string holds: see unparse.ts. */
export const LONE_SURROGATE = new Error("unparse: a lone surrogate in the output");

// ignoreBOM: a leading U+FEFF the printer wrote is text, not a byte order mark.
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });
const ENCODER = new TextEncoder();
// String.prototype.isWellFormed (no lone surrogate), where the runtime has it (Node 20, current
// browsers); elsewhere write() encodes every string itself.
const isWellFormed = (String.prototype as unknown as { isWellFormed?: () => boolean }).isWellFormed;

// The UTF-8 the printer wrote to buf[from, to) as a string (short ASCII runs without the decoder's per-call cost).
function decodeUtf8(buf: Uint8Array, from: number, to: number): string {
  if (to - from <= 16) {
    let s = "";
    for (let i = from; i < to; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return UTF8.decode(buf.subarray(from, to));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return UTF8.decode(buf.subarray(from, to));
}

/** One unparse() run over one tree. */
export class Printer {
  readonly tree: Tree;
  /**
   * The text written so far, as UTF-8 bytes in `buf[0, len)` (decoded once at the end: no rope of
   * small strings to build and flatten, and identifiers and plain literals of a parsed tree are
   * copied from its source bytes without becoming strings), or, in string mode (`strMode`, for
   * text a UTF-8 buffer cannot hold: a lone surrogate), in `str`. An open buffer (BEGIN) is the
   * text from the offset it saved in `buffers` on.
   */
  private buf: Uint8Array;
  private len = 0;
  private str = "";
  private readonly strMode: boolean;
  /** Something was written at the top level: a new line starts with "\n". */
  private started = false;
  /** Printing an Interactive module: top-level simple statements are joined with "; ". */
  private interactive = false;
  private frames: Int32Array;
  private strs: (string | null)[] = [];
  private sp = 0;
  /** Children printed at once (node()) that are running, one inside the other. */
  private nest = 0;
  /** First frame pushed by the running handler: until then its text is written directly. */
  private mark = 0;
  /** Node the running handler visits, and its depth (an acyclic tree is shallower than its row count). */
  private current: NodeId = 0;
  private depth = 0;
  private readonly maxDepth: number;
  /** A parsed tree: identifiers are read from its source (see NAME_AT_START). */
  private readonly fromSource: boolean;
  private readonly buffers: (number | string)[] = [];
  private readonly pieces: (string | PyStr)[] = [];
  private readonly literal: boolean[] = [];
  /** The literal text ftInner just wrote when it is a PyStr (its buffer holds the fused text). */
  private literalStr: PyStr | null = null;
  /**
   * CPython's `_type_ignores` while printing a Module: "ignore" + tag by TypeIgnore line, which
   * the statements that take a type comment print in place of their own.
   */
  typeIgnores: Map<number, string> | null = null;

  constructor(tree: Tree, strMode = false) {
    this.tree = tree;
    this.strMode = strMode;
    this.buf = spareBuf ?? new Uint8Array(1 << 16);
    spareBuf = null;
    this.maxDepth = tree.count + 1;
    this.fromSource = tree.names === null;
    this.frames = spareFrames ?? new Int32Array(4 * 64);
    spareFrames = null;
  }

  /** Prints node `root` (and everything under it) as CPython's ast.unparse prints that node. */
  run(root: NodeId): string {
    const k = this.tree.kind[root]!;
    if (k === K.Interactive) this.interactive = true;
    this.visit(root, TAKES_INDENT[k] ? 0 : Prec.TEST, 0, 0);
    this.drain(0);
    // Runs are synchronous and never nested, so the next one may take over the frame array.
    spareFrames = this.frames;
    spareBuf = this.buf;
    return this.strMode ? this.str : decodeUtf8(this.buf, 0, this.len);
  }

  // ---- the output ----

  // Makes room for `n` more bytes.
  private room(n: number): void {
    if (this.len + n > this.buf.length) {
      const b = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
      b.set(this.buf.subarray(0, this.len));
      this.buf = b;
    }
  }

  /** Appends `s` to the output. */
  private write(s: string): void {
    if (this.strMode) {
      this.str += s;
      return;
    }
    const n = s.length;
    if (this.len + n * 3 > this.buf.length) this.room(n * 3);
    // Long text (docstrings, string constants) goes to the native encoder, which would turn a
    // lone surrogate into U+FFFD: the loop below finds those.
    if (n > 32 && isWellFormed !== undefined && isWellFormed.call(s)) {
      this.len += ENCODER.encodeInto(s, this.buf.subarray(this.len)).written;
      return;
    }
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) buf[len++] = c;
      else if (c < 0x800) {
        buf[len++] = 0xc0 | (c >> 6);
        buf[len++] = 0x80 | (c & 63);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = s.charCodeAt(i + 1);
          // A lone surrogate has no UTF-8 form: the caller prints again in string mode.
          if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) throw LONE_SURROGATE;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          buf[len++] = 0xf0 | (c >> 18);
          buf[len++] = 0x80 | ((c >> 12) & 63);
        } else buf[len++] = 0xe0 | (c >> 12);
        buf[len++] = 0x80 | ((c >> 6) & 63);
        buf[len++] = 0x80 | (c & 63);
      }
    }
    this.len = len;
  }

  /** Appends ASCII bytes `src[start, end)`. */
  private writeAscii(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.len + n > this.buf.length) this.room(n);
    const buf = this.buf;
    let len = this.len;
    for (let i = start; i < end; i++) buf[len++] = src[i]!;
    this.len = len;
  }

  /**
   * Appends the identifier written at `off` in `src` (a parsed tree's source): its bytes when
   * ASCII, else the NFKC form nameAt gives.
   */
  private writeName(src: Uint8Array, off: number): void {
    if (this.strMode) {
      this.str += nameAt(src, off);
      return;
    }
    const end = nameEnd(src, off);
    for (let i = off; i < end; i++) {
      if (src[i]! >= 0x80) {
        this.write(nameAt(src, off));
        return;
      }
    }
    this.writeAscii(src, off, end);
  }

  private beginBuffer(): void {
    if (this.strMode) {
      this.buffers.push(this.str);
      this.str = "";
    } else this.buffers.push(this.len);
  }

  // The text of the innermost buffer, which is closed.
  private endBuffer(): string {
    const b = this.buffers.pop()!;
    if (this.strMode) {
      const s = this.str;
      this.str = b as string;
      return s;
    }
    const from = b as number;
    const s = decodeUtf8(this.buf, from, this.len);
    this.len = from;
    return s;
  }

  // Pops and runs frames until only `limit` are left.
  private drain(limit: number): void {
    while (this.sp > limit) {
      const i = --this.sp;
      const f = this.frames;
      const o = i << 2;
      switch (f[o]) {
        case NODE:
          this.visit(f[o + 1]!, f[o + 2]!, f[o + 3]!, i);
          break;
        case TEXT:
          this.write(this.strs[i]!);
          break;
        case FILL:
          this.startLine(this.strs[i]!, f[o + 2]!);
          break;
        case MAYBE_NL:
          if (this.started) this.write("\n");
          break;
        case BEGIN:
          this.beginBuffer();
          break;
        case PIECE_END: {
          const piece = this.endBuffer();
          this.pieces.push(f[o + 1] === 1 && this.literalStr !== null ? this.literalStr : piece);
          this.literalStr = null;
          this.literal.push(f[o + 1] === 1);
          break;
        }
        case FT_END:
          this.endFtstring(f[o + 1]!, f[o + 2]!);
          break;
        case FT_INNER:
          this.mark = i;
          this.current = f[o + 1]!;
          this.depth = f[o + 3]!;
          this.ftInner(f[o + 1]!, f[o + 2] === 1);
          this.settle();
          break;
        case FIELD_END: {
          const expr = this.endBuffer();
          // "{{" would be an escaped brace: keep the field's own "{" apart from a dict or set.
          this.write(expr.charCodeAt(0) === 0x7b ? " " + expr : expr);
          break;
        }
      }
    }
  }

  private visit(id: NodeId, ctx: number, depth: number, mark: number): void {
    this.mark = mark;
    this.current = id;
    this.depth = depth;
    const k = this.tree.kind[id]!;
    if (TAKES_INDENT[k]) visitStatement(this, id, k, ctx);
    else visitExpression(this, id, k, ctx);
    this.settle();
  }

  // The running handler pushed its frames in reading order: reverse them so the first pops first.
  private settle(): void {
    let lo = this.mark;
    let hi = this.sp - 1;
    const f = this.frames;
    const s = this.strs;
    while (lo < hi) {
      const a = lo << 2;
      const b = hi << 2;
      let t = f[a]!;
      f[a] = f[b]!;
      f[b] = t;
      t = f[a + 1]!;
      f[a + 1] = f[b + 1]!;
      f[b + 1] = t;
      t = f[a + 2]!;
      f[a + 2] = f[b + 2]!;
      f[b + 2] = t;
      t = f[a + 3]!;
      f[a + 3] = f[b + 3]!;
      f[b + 3] = t;
      const ts = s[lo]!;
      s[lo] = s[hi]!;
      s[hi] = ts;
      lo++;
      hi--;
    }
  }

  private push(op: number, a: number, b: number, s: string | null): void {
    const i = this.sp++;
    let f = this.frames;
    if ((i << 2) + 4 > f.length) {
      const g = new Int32Array(f.length * 2);
      g.set(f);
      this.frames = f = g;
    }
    const o = i << 2;
    f[o] = op;
    f[o + 1] = a;
    f[o + 2] = b;
    f[o + 3] = this.depth + 1;
    this.strs[i] = s;
  }

  // ---- what handlers call, in reading order ----

  /** Writes `s` (directly, when the handler has not pushed anything yet). */
  text(s: string): void {
    const sp = this.sp;
    if (sp === this.mark) this.write(s);
    // Text right after text joins it: fewer frames to push, reverse and pop.
    else if (this.frames[(sp - 1) << 2] === TEXT) this.strs[sp - 1] += s;
    else this.push(TEXT, 0, 0, s);
  }

  /**
   * Writes the identifier an `ident` field holding `raw` stands for (a NAME token in a parsed
   * tree's source: copied from its bytes when it is the next thing to write).
   */
  ident(raw: number): void {
    const t = this.tree;
    if (this.fromSource && raw > 0 && raw <= t.source.length && this.sp === this.mark && t.source[raw - 1] !== 0x2a)
      this.writeName(t.source, raw - 1);
    else this.text(t.ident(raw));
  }

  /** Visits child `id` with context `ctx` (a precedence, or an indent for statements). */
  node(id: NodeId, ctx: number): void {
    if (id === 0) this.fail(UnparseCode.InvalidNode, this.current, "AttributeError", "a required child is None");
    const t = this.tree;
    // Leaves print the same in any context and push nothing: write them at once, no frame.
    const k = t.kind[id];
    if (k === K.Name) {
      if (this.fromSource && NAME_AT_START && this.sp === this.mark) this.writeName(t.source, t.start[id]!);
      else this.text(this.nameId(id));
      return;
    }
    if (k === K.Constant) {
      this.constant(id);
      return;
    }
    if (k === K.Attribute) {
      const v = t.slot(id, ATTR_VALUE);
      if (t.kind[v] === K.Name) {
        if (this.fromSource && NAME_AT_START && ATTR_AT_END && this.sp === this.mark) {
          const src = t.source;
          this.writeName(src, t.start[v]!);
          this.write(".");
          this.writeName(src, nameStartBefore(src, t.end[id]!));
          return;
        }
        this.text(
          this.nameId(v) +
            "." +
            (this.fromSource && ATTR_AT_END ? nameAt(t.source, nameStartBefore(t.source, t.end[id]!)) : t.ident(t.field(id, ATTR_ATTR))),
        );
        return;
      }
    }
    if (this.depth + 1 > this.maxDepth) this.fail(UnparseCode.Cyclic, id, "RecursionError", "the tree is cyclic");
    // When the child is the next thing to write, a shallow one is printed at once, its frames
    // drained before the handler goes on: the same order, without a frame of its own.
    if (this.sp === this.mark && this.nest < INLINE_DEPTH) {
      const mark = this.mark;
      const current = this.current;
      const depth = this.depth;
      this.nest++;
      this.visit(id, ctx, depth + 1, mark);
      this.drain(mark);
      this.nest--;
      this.mark = mark;
      this.current = current;
      this.depth = depth;
      return;
    }
    this.push(NODE, id, ctx, null);
  }

  // Name.id of Name node `id`.
  private nameId(id: NodeId): string {
    const t = this.tree;
    if (this.fromSource && NAME_AT_START) return nameAt(t.source, t.start[id]!);
    return t.ident(NAME_ID_STORED ? t.slot(id, NAME_ID_SLOT) : t.derivedRaw(id, NAME_ID));
  }

  /** Starts a line with `s` at `indent` (CPython's fill); `allowSemicolon` for simple statements. */
  fill(s: string, indent: number, allowSemicolon: boolean): void {
    const b = (indent << 1) | (allowSemicolon ? 1 : 0);
    if (this.sp === this.mark) this.startLine(s, b);
    else this.push(FILL, 0, b, s);
  }

  /** A blank line before a definition, unless it is the first thing written. */
  maybeNewline(): void {
    if (this.sp === this.mark) {
      if (this.started) this.write("\n");
    } else this.push(MAYBE_NL, 0, 0, null);
  }

  private startLine(s: string, b: number): void {
    const indent = b >> 1;
    if (this.interactive && indent === 0 && (b & 1) === 1) {
      if (this.started) this.write("; ");
      this.write(s);
    } else {
      if (this.started) this.write("\n");
      this.write(indentOf(indent));
      this.write(s);
    }
    this.started = true;
  }

  /** Visits the items of list `l` with context `ctx`, `sep` between them. */
  list(l: number, ctx: number, sep: string): void {
    const t = this.tree;
    const n = t.listLength(l);
    for (let j = 0; j < n; j++) {
      if (j > 0) this.text(sep);
      this.node(t.listItem(l, j), ctx);
    }
  }

  /** A tuple's items: `a, b`, or `a,` for one item. */
  itemsView(l: number, ctx: number): void {
    const t = this.tree;
    const n = t.listLength(l);
    if (n === 1) {
      this.node(t.listItem(l, 0), ctx);
      this.text(",");
    } else this.list(l, ctx, ", ");
  }

  /** The statements of a block at `indent`. */
  body(l: number, indent: number): void {
    const t = this.tree;
    const n = t.listLength(l);
    for (let j = 0; j < n; j++) this.node(t.listItem(l, j), indent);
  }

  /**
   * The body of a module, class or function: a leading string expression statement is its
   * docstring, written with triple quotes and raw newlines.
   */
  docBody(l: number, indent: number, docstring: (s: string | PyStr) => string): void {
    const t = this.tree;
    const n = t.listLength(l);
    let j = 0;
    if (n > 0) {
      const first = t.listItem(l, 0);
      if (t.kind[first] === K.Expr) {
        const v = t.slot(first, EXPR_VALUE);
        if (t.kind[v] === K.Constant) {
          const s = t.value(t.slot(v, CONSTANT_VALUE), v);
          if (typeof s === "string" || s instanceof PyStr) {
            this.fill("", indent, /*allowSemicolon*/ false);
            this.text((this.isU(v) ? "u" : "") + docstring(s));
            j = 1;
          }
        }
      }
    }
    for (; j < n; j++) this.node(t.listItem(l, j), indent);
  }

  /** Constant.kind is 'u'. */
  isU(id: NodeId): boolean {
    const raw = this.tree.field(id, CONSTANT_KIND);
    return raw !== 0 && this.tree.ident(raw) === "u";
  }

  /** A Constant node. */
  constant(id: NodeId): void {
    const t = this.tree;
    const raw = t.slot(id, CONSTANT_VALUE);
    // Small ints (the commonest constant) are stored inline and never have a kind.
    if (raw <= -2) {
      this.text(String(-raw - 2));
      return;
    }
    if (raw === LAZY_STRING && this.fromSource) {
      // A plain literal is spelled from its source bytes (a 'u' prefix fails this path).
      const src = t.source;
      const start = t.start[id]!;
      const end = t.end[id]!;
      const how = plainLiteral(src, start, end);
      if (how !== NOT_PLAIN) {
        if (this.strMode || this.sp !== this.mark) this.text(plainLiteralRepr(src, start, end, how));
        else if (how === SAME_QUOTES) this.writeAscii(src, start, end);
        else {
          this.write("'");
          this.writeAscii(src, start + 1, end - 1);
          this.write("'");
        }
        return;
      }
    }
    const v = t.value(raw, id);
    if (typeof v === "string" || v instanceof PyStr) this.text(this.isU(id) ? "u" + reprString(v) : reprString(v));
    else if (v === PY_ELLIPSIS) this.text("...");
    else this.text((this.isU(id) ? "u" : "") + this.constantText(v, id));
  }

  /**
   * repr() of a constant, except that infinities are written as 1e309 and NaN as
   * (1e309-1e309), which read back as the same values.
   */
  constantText(v: PyValue, id: NodeId): string {
    if (typeof v === "number" || v instanceof PyComplex) {
      const r = pyRepr(v);
      if (r.indexOf("inf") < 0 && r.indexOf("nan") < 0) return r;
      return r.replace(/inf/g, INFSTR).replace(/nan/g, `(${INFSTR}-${INFSTR})`);
    }
    if (typeof v === "bigint") {
      const err = reprLimitError(v);
      if (err !== null) this.fail(UnparseCode.IntTooLarge, id, "ValueError", err);
    }
    return pyRepr(v);
  }

  // ---- f-strings and t-strings ----

  /**
   * A JoinedStr or TemplateStr: `prefix`, then each value rendered into a piece of its own, then
   * the pieces joined under one quote (strings.ts).
   */
  ftstring(id: NodeId, prefix: string): void {
    const t = this.tree;
    this.text(prefix);
    const l = t.slot(id, t.kind[id] === K.JoinedStr ? JOINED_VALUES : TEMPLATE_VALUES);
    const n = t.listLength(l);
    const base = this.pieces.length;
    for (let j = 0; j < n; j++) {
      const v = t.listItem(l, j);
      this.push(BEGIN, 0, 0, null);
      this.ftPart(v, 0);
      this.push(PIECE_END, t.kind[v] === K.Constant ? 1 : 0, 0, null);
    }
    this.push(FT_END, id, base, null);
  }

  private ftPart(id: NodeId, inSpec: number): void {
    if (id === 0) this.fail(UnparseCode.InvalidNode, this.current, "ValueError", "an f-string part is None");
    if (this.depth + 1 > this.maxDepth) this.fail(UnparseCode.Cyclic, id, "RecursionError", "the tree is cyclic");
    this.push(FT_INNER, id, inSpec, null);
  }

  private endFtstring(id: NodeId, base: number): void {
    let s: string;
    try {
      s = ftstringLiteral(this.pieces, this.literal, base, this.pieces.length);
    } catch (e) {
      if (e instanceof NoQuoteLeft) this.fail(UnparseCode.NoQuote, id, "AssertionError", e.message);
      throw e;
    }
    this.pieces.length = base;
    this.literal.length = base;
    this.write(s);
  }

  // One part of an f-string, or of a format spec.
  private ftInner(id: NodeId, inSpec: boolean): void {
    const t = this.tree;
    const k = t.kind[id]!;
    if (k === K.JoinedStr) {
      const l = t.slot(id, JOINED_VALUES);
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) this.ftPart(t.listItem(l, j), inSpec ? 1 : 0);
    } else if (k === K.Constant) {
      const v = t.value(t.slot(id, CONSTANT_VALUE), id);
      if (typeof v !== "string" && !(v instanceof PyStr))
        this.fail(UnparseCode.InvalidNode, id, "ValueError", "Unexpected node inside JoinedStr");
      const text = ftstringText(v, inSpec);
      if (typeof text === "string") this.text(text);
      else {
        // A literal part that is a PyStr: PIECE_END, which directly follows, takes it from here.
        this.literalStr = text;
        this.text(text.text);
      }
    } else if (k === K.FormattedValue || k === K.Interpolation) {
      this.replacementField(id);
    } else {
      this.fail(UnparseCode.InvalidNode, id, "ValueError", "Unexpected node inside JoinedStr");
    }
  }

  /**
   * `{expr!c:spec}` for a FormattedValue or Interpolation. The expression is an Interpolation's
   * `str` when it has one, else its value printed on its own (at a precedence that parenthesises
   * tuples, lambdas, conditional expressions and the like).
   */
  replacementField(id: NodeId): void {
    const t = this.tree;
    const isIp = t.kind[id] === K.Interpolation;
    this.text("{");
    const src = isIp ? t.value(t.slot(id, IP_STR), id) : null;
    if (src !== null) {
      if (typeof src !== "string" && !(src instanceof PyStr))
        this.fail(UnparseCode.InvalidNode, id, "AttributeError", "Interpolation.str is not a str");
      // Written as it is (a PyStr's split pairs then read as one character, as in a format spec).
      const text = typeof src === "string" ? src : src.text;
      this.text(text.charCodeAt(0) === 0x7b ? " " + text : text);
    } else {
      this.push(BEGIN, 0, 0, null);
      this.node(t.slot(id, isIp ? IP_VALUE : FV_VALUE), Prec.OR);
      this.push(FIELD_END, 0, 0, null);
    }
    const conv = t.slot(id, isIp ? IP_CONVERSION : FV_CONVERSION);
    if (conv !== -1) {
      if (conv < 0 || conv > 0x10ffff) this.fail(UnparseCode.InvalidNode, id, "ValueError", "chr() arg not in range(0x110000)");
      this.text("!" + String.fromCodePoint(conv));
    }
    const spec = t.slot(id, isIp ? IP_SPEC : FV_SPEC);
    if (spec !== 0) {
      this.text(":");
      this.ftPart(spec, 1);
    }
    this.text("}");
  }

  /** Throws the UnparseError for node `id`. */
  fail(code: UnparseCode, id: NodeId, pythonError: string, message: string): never {
    throw new UnparseError(code, id, KIND_NAMES[this.tree.kind[id]!] ?? "?", pythonError, message);
  }
}
