// The tree: nodes as rows of a struct of typed arrays, plus side tables for lists and constants.
// No JS object exists per node; views and plain objects are made only on request. Identifiers
// and plain string literals are not copied out of the source: the tree reads them from `source`
// when asked.
//
// Node row (index = NodeId; row 0 is the root Module, which is nobody's child, so a child slot
// holding 0 means "no node"):
// | column  | type       | holds                                                              |
// |---------|------------|--------------------------------------------------------------------|
// | kind    | Uint8Array | NodeKind (schema/generated/nodes.ts)                               |
// | start   | Int32Array | UTF-8 byte offset where the node starts (CPython's lineno/col)     |
// | end     | Int32Array | UTF-8 byte offset where it ends (CPython's end_lineno/end_col)     |
// | base    | Int32Array | index of the node's first field slot in `slots`                    |
// | parent  | Int32Array | NodeId of the parent (-1 for the root): derived, built on first use|
// Field slots (`slots`, Int32Array): one per stored field, in CPython's field order; derived fields
// (type_comment, Constant.kind, Name.id, arg.arg, keyword.arg,
// Attribute.attr, alias.name) take none: layout.ts, FIELD_SLOT. What a slot holds depends on the
// field's category (see FieldCategory): a NodeId, a list id, an identifier or a constant (both
// encoded as below), an int, or an operator/context value.
// Lists: a list slot holds 0 for [], -x - 1 for the one-item list [x] (no pool entry: one-item
// lists are the commonest kind), or an offset into the pool (`lists`, Int32Array) where
// lists[id] = length, followed by the items. Items are >= 0 (a NodeId, 0 for None; an
// identifier; an operator). Read them with listLength() and listItem().
// Constants (Constant.value, MatchSingleton.value, Interpolation.str) are one Int32 `raw`, read
// with `value(raw, id)`:
//   raw 0..3   None, True, False, Ellipsis (nothing stored)
//   raw >= 4   constants[(raw - 4) >> 1]: floats, complex, ints too big to inline, f-string
//              literal parts, Interpolation.str; the low bit of raw - 4 is set for a literal part
//              whose Constant.kind is 'u' (its first piece is a u-prefixed plain string)
//   raw = -1   (LAZY_STRING) a str or bytes Constant made of plain string literal tokens: decoded
//              from the node's own source span when asked for (the parser has validated it)
//   raw <= -2  the int -raw - 2, 0 <= n <= INLINE_INT_MAX
// Identifiers (ident fields and ident* list items) are one Int32 too, read with `ident(raw)`:
//   raw 0      None
//   raw > 0    the NAME token (or `*`) written at source offset raw - 1
//   raw < 0    the dotted name written at source offset -raw - 1 (ImportFrom.module)
//   raw > n+1  (n = source length) texts[raw - n - 2]: a string that is no name in the source
//              (a type comment, a TypeIgnore's tag; only in trees parsed with typeComments)
// type_comment fields take no slot: `typeComments` maps the few nodes that have one to its raw.
// Built trees (made by fromJSON or transform, not parsed: ast/build.ts) have no source. They
// carry two more tables: `names`, the identifier table (an identifier raw > 0 is names[raw - 1]),
// and `pos`, explicit positions (4 Int32 per row, MISSING where a node has none). The derived
// identifier fields read their raw from the row's `start` (`end` for Attribute.attr), and
// Constant.kind likewise (0 = None): in a built tree those columns are anchors, not offsets.
import { KINDS, KIND_NAMES, NodeKind } from "../schema/generated/nodes.js";
import { PY_ELLIPSIS, PyBytes, PyStr, type PyValue } from "../core/pyvalue.js";
import { decodeStringRun } from "../core/string-literal.js";
import { nameAt, dottedNameAt, nameStartBefore } from "../core/source-names.js";
import { SLOT_COUNT, NODE_SLOTS, LIST_SLOTS, FIELD_SLOT, Derive, MISSING } from "./layout.js";
export { MISSING } from "./layout.js";
import { materialize } from "./materialize.js";
import type { PlainNode, PlainModule } from "../schema/generated/plain.js";

/**
 * Index of a node in its Tree; 0 is the root Module. In a child slot or list, 0 means "no node"
 * (the root is nobody's child). Valid only for the Tree that made it.
 */
export type NodeId = number;

/** A constant slot holding LAZY_STRING is a plain string literal run, decoded from the node's source span. */
export const LAZY_STRING = -1;
/** Largest int a constant slot holds inline (as -n - 2, down to -2^31 + 1). */
export const INLINE_INT_MAX = 2 ** 31 - 3;
const INLINE_INT_MAX_N = BigInt(INLINE_INT_MAX);
/** The list id of the one-item list [x] (x >= 0). */
function oneItemList(x: number): number {
  return -x - 1;
}

// Slot of Module.body (row 0's body list).
const ROOT_BODY = FIELD_SLOT[NodeKind.Module]![0]!;
// Constant raw values 0..3.
const SINGLETONS: readonly PyValue[] = [null, true, false, PY_ELLIPSIS];
export class Tree {
  /** Number of rows in use (the root Module, row 0, included), so the last node is count - 1. */
  count = 1;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** @internal */
  base: Int32Array;
  /** @internal */
  slots: Int32Array;
  /** @internal */
  slotTop = 0;
  /** @internal */
  lists: Int32Array;
  /** @internal */
  listTop = 1;
  /**
   * The constant values that are stored (raw >= 4 stands for constants[raw - 4]): see the file
   * header for the constants that are not. Read them with value().
   * @internal
   */
  constants: PyValue[] = [];
  /**
   * The UTF-8 source the offsets point into (the caller's bytes when they needed no decoding).
   * Identifiers and plain string literals are read from it on request, so it must not be
   * modified while the tree is in use.
   */
  readonly source: Uint8Array;
  /** The root Module: always row 0 (reserved when the tree is made, filled in when parsed). */
  readonly root: NodeId = 0;
  /**
   * Internal. The identifier table of a built tree (an identifier raw > 0 stands for
   * names[raw - 1]); null for a parsed tree, whose identifiers are source offsets.
   * @internal
   */
  names: string[] | null = null;
  /**
   * Internal. Explicit positions, 4 Int32 per row (lineno, col_offset, end_lineno,
   * end_col_offset; MISSING where absent), which a built tree always has and a parsed tree gets
   * only when a location helper changes its positions; null: positions are derived from the
   * start/end offsets.
   * @internal
   */
  pos: Int32Array | null = null;
  /**
   * Internal. The `type_comment` of the nodes that have one (an identifier raw, see the file
   * header), by NodeId; null when none has (always, unless parsed with typeComments or built
   * with type comments).
   * @internal
   */
  typeComments: Map<NodeId, number> | null = null;
  /**
   * Internal. The strings identifier raws above source.length + 1 stand for, in a parsed tree
   * (type comments and TypeIgnore tags); null when there are none.
   * @internal
   */
  texts: string[] | null = null;
  /**
   * Internal. The derived `Module.type_ignores` of the root (a list id of TypeIgnore nodes; 0,
   * the empty list, unless parsed with typeComments or built with type ignores). Walks reach
   * these nodes as the root's last children.
   * @internal
   */
  typeIgnores = 0;
  // The line table, derived from `source` on first use (see `lineStarts`), or given.
  private lineCol: Int32Array | null;
  private lineN: number;
  // The parent column, derived from the child slots on first use (see `parent`); null until
  // then, and again after a row is added.
  private parentCol: Int32Array | null = null;
  /** lineOf's last answer (0 until the first call). @internal */
  private lastLine = 0;
  /** The offsets [start, end) of line lastLine. @internal */
  private lastLineStart = 0;
  /** @internal */
  private lastLineEnd = 0;

  /**
   * `lineStarts`/`lineCount`: the line table if the caller has one, else null to derive it from
   * the source when first needed.
   */
  constructor(source: Uint8Array, lineStarts: Int32Array | null = null, lineCount = 0) {
    this.source = source;
    this.lineCol = lineStarts;
    this.lineN = lineStarts === null ? 0 : lineCount;
    // Stdlib files of 2 KB or more: a row per 13.5 source bytes (p95: 8.8), 1.85 slots (p95:
    // 2.05) and 0.42 list entries (p95: 0.93) per row. Sized near the p95s, so that few files
    // grow a column; compact() drops the headroom once the tree is finished.
    const cap = Math.max(64, ((source.length / 9) | 0) + 16);
    // One backing store for all columns: seven typed-array allocations cost more than parsing a
    // small file. Int32 columns first (aligned), the byte column last. (Growing a column gives it
    // a buffer of its own.)
    const nslots = (cap * 9) >> 2;
    const nlists = Math.max(64, (cap * 7) >> 3);
    let scratch = false;
    if (SCRATCH_WANTED && cap <= SCRATCH_ROWS) {
      // The shared scratch columns (see scratchTree): longer than `cap`, and not zeroed, so
      // row 0 is cleared below.
      const sc = SCRATCH!;
      this.start = sc.start;
      this.end = sc.end;
      this.base = sc.base;
      this.slots = sc.slots;
      this.lists = sc.lists;
      this.kind = sc.kind;
      scratch = true;
    } else {
      const ab = new ArrayBuffer(cap * 12 + nslots * 4 + nlists * 4 + cap);
      this.start = new Int32Array(ab, 0, cap);
      this.end = new Int32Array(ab, cap * 4, cap);
      this.base = new Int32Array(ab, cap * 8, cap);
      this.slots = new Int32Array(ab, cap * 12, nslots);
      this.lists = new Int32Array(ab, cap * 12 + nslots * 4, nlists);
      this.kind = new Uint8Array(ab, cap * 12 + nslots * 4 + nlists * 4, cap);
    }
    // Row 0: the root, an empty Module until setRoot() (an unparsed tree stays that way).
    this.kind[0] = NodeKind.Module;
    this.slotTop = SLOT_COUNT[NodeKind.Module]!;
    if (scratch) {
      this.start[0] = 0;
      this.end[0] = 0;
      this.base[0] = 0;
      this.slots.fill(0, 0, this.slotTop);
      this.lists[0] = 0;
    }
  }

  // ---- building (used by the parser) ----

  /**
   * Makes row 0 a root of another kind, its slots zeroed: Expression, Interactive, FunctionType
   * for ast.parse's other modes; any kind for a built tree. Only before any other row is added.
   * @internal
   */
  setRootKind(kind: number): void {
    if (this.count !== 1) throw new Error("setRootKind: the tree already has rows");
    this.kind[0] = kind;
    const n = SLOT_COUNT[kind]!;
    if (n > this.slots.length) this.growSlots(n);
    this.slots.fill(0, 0, n);
    this.slotTop = n;
  }

  /** Sets stored field slot `i` of the root (row 0), for the roots setRootKind makes. @internal */
  setRootSlot(i: number, value: number, end: number): void {
    this.slots[this.base[0]! + i] = value;
    this.end[0] = end;
  }

  /** Fills in the root Module (row 0): its body list and the end of the source. @internal */
  setRoot(body: number, end: number): void {
    this.slots[this.base[0]! + ROOT_BODY] = body;
    this.end[0] = end;
  }

  /** Appends a node row and reserves its field slots; returns its id. Fields start at 0. @internal */
  add(kind: number, start: number, end: number): NodeId {
    const id = this.addRow(kind, start, end);
    const b = this.base[id]!;
    this.slots.fill(0, b, b + SLOT_COUNT[kind]!);
    return id;
  }

  /**
   * add() without clearing the new slots: the caller must write every one of them. (The slots
   * may hold values from a speculative parse that was rolled back.)
   * @internal
   */
  addRow(kind: number, start: number, end: number): NodeId {
    if (this.parentCol !== null) this.parentCol = null;
    const id = this.count;
    if (id === this.kind.length) this.growNodes();
    this.count = id + 1;
    this.kind[id] = kind;
    this.start[id] = start;
    this.end[id] = end;
    const nslots = SLOT_COUNT[kind]!;
    const b = this.slotTop;
    if (b + nslots > this.slots.length) this.growSlots(b + nslots);
    this.base[id] = b;
    this.slotTop = b + nslots;
    return id;
  }

  /**
   * NodeId of each node's parent (-1 for the root and for rows no node points to), indexed by
   * NodeId. Built in one pass over the rows on first use and kept: a tree that is never walked
   * upwards does not pay 4 bytes per node for it. Where rows share a child (never in a finished
   * parse), the later row wins, as it would have when parents were set while building.
   */
  get parent(): Int32Array {
    if (this.parentCol !== null) return this.parentCol;
    const par = new Int32Array(this.count).fill(-1);
    const slots = this.slots;
    const lists = this.lists;
    for (let id = 0; id < this.count; id++) {
      const k = this.kind[id]!;
      const b = this.base[id]!;
      let mask = NODE_SLOTS[k]!;
      for (let i = 0; mask !== 0; i++, mask >>= 1) {
        if (mask & 1) {
          const c = slots[b + i]!;
          if (c !== 0) par[c] = id;
        }
      }
      mask = LIST_SLOTS[k]!;
      for (let i = 0; mask !== 0; i++, mask >>= 1) {
        if (mask & 1) {
          const l = slots[b + i]!;
          // Items may be 0: Dict.keys holds None for each `**x`.
          if (l < 0) {
            if (l !== -1) par[-l - 1] = id; // a one-item list
          } else {
            const len = lists[l]!;
            for (let j = 1; j <= len; j++) {
              const c = lists[l + j]!;
              if (c !== 0) par[c] = id;
            }
          }
        }
      }
    }
    // The root's derived type_ignores.
    for (let j = 0, n = this.listLength(this.typeIgnores); j < n; j++) par[this.listItem(this.typeIgnores, j)] = 0;
    this.parentCol = par;
    return par;
  }

  /**
   * The list id for `items[from, to)`: 0 when empty, -x - 1 for one item x, else a copy in the
   * list pool.
   * @internal
   */
  list(items: Int32Array, from: number, to: number): number {
    const len = to - from;
    if (len === 0) return 0;
    if (len === 1) return oneItemList(items[from]!);
    const id = this.listTop;
    if (id + len + 1 > this.lists.length) this.growLists(id + len + 1);
    const lists = this.lists;
    lists[id] = len;
    // A plain loop: `set(items.subarray(...))` allocates a view per list, which the GC then pays for.
    for (let j = 0; j < len; j++) lists[id + 1 + j] = items[from + j]!;
    this.listTop = id + len + 1;
    return id;
  }

  /**
   * Copies every other item of `items[from, to)`, starting at `from + phase`, into the list pool;
   * returns the list id (0 when empty). Compare and Dict collect (op, comparator) / (key, value)
   * pairs interleaved on one stack: this splits them without a temporary array per node.
   * @internal
   */
  listPairs(items: Int32Array, from: number, to: number, phase: number): number {
    const len = (to - from) >> 1;
    if (len === 0) return 0;
    if (len === 1) return oneItemList(items[from + phase]!);
    const id = this.listTop;
    if (id + len + 1 > this.lists.length) this.growLists(id + len + 1);
    const lists = this.lists;
    lists[id] = len;
    for (let j = 0, k = from + phase; j < len; j++, k += 2) lists[id + 1 + j] = items[k]!;
    this.listTop = id + len + 1;
    return id;
  }

  /**
   * The raw slot value for constant `v`: None, True, False and Ellipsis and ints up to
   * INLINE_INT_MAX are encoded in the value itself, anything else is appended to `constants`.
   * `u`: the Constant's kind is 'u' (only for an f-string literal part; a plain string literal
   * is not passed here: the parser stores LAZY_STRING, whose kind follows from its source).
   * @internal
   */
  constant(v: PyValue, u = false): number {
    if (typeof v === "bigint") {
      if (v >= 0n && v <= INLINE_INT_MAX_N) return -Number(v) - 2;
    } else if (v === null) return 0;
    else if (v === true) return 1;
    else if (v === false) return 2;
    else if (v === PY_ELLIPSIS) return 3;
    const c = this.constants;
    c.push(v);
    return 2 + 2 * c.length + (u ? 1 : 0);
  }

  /**
   * The explicit position column, made from the offsets on first call for a parsed tree (kinds
   * without positions get MISSING), so that positions can then be changed row by row.
   * @internal
   */
  explicitPositions(): Int32Array {
    if (this.pos !== null) return this.pos;
    const pos = new Int32Array(this.kind.length * 4).fill(MISSING);
    const lines = new LineCursor(this);
    for (let id = 0; id < this.count; id++) {
      if (!KINDS[this.kind[id]!]!.hasPosition) continue;
      const s = this.start[id]!;
      pos[id * 4] = lines.line(s);
      pos[id * 4 + 1] = s - lines.lineStart;
      const e = this.end[id]!;
      pos[id * 4 + 2] = lines.line(e);
      pos[id * 4 + 3] = e - lines.lineStart;
    }
    this.pos = pos;
    return pos;
  }

  /**
   * Makes room for `rows` rows, `slots` field slots and `lists` list pool entries in all, so that
   * a builder that knows about how big its tree will be (transform: the tree it visits) does not
   * grow the columns step by step (each step a copy, and external memory the GC counts).
   * @internal
   */
  reserve(rows: number, slots: number, lists: number): void {
    if (rows > this.kind.length) this.growNodes(rows);
    if (slots > this.slots.length) this.slots = grow32(this.slots, slots);
    if (lists > this.lists.length) this.lists = grow32(this.lists, lists);
  }

  private growNodes(cap = this.kind.length * 2): void {
    if (this.pos !== null) {
      const pos = new Int32Array(cap * 4).fill(MISSING);
      pos.set(this.pos);
      this.pos = pos;
    }
    this.kind = grow8(this.kind, cap);
    this.start = grow32(this.start, cap);
    this.end = grow32(this.end, cap);
    this.base = grow32(this.base, cap);
  }
  private growSlots(min: number): void {
    this.slots = grow32(this.slots, Math.max(min, this.slots.length * 2));
  }
  private growLists(min: number): void {
    this.lists = grow32(this.lists, Math.max(min, this.lists.length * 2));
  }

  // ---- reading ----

  /**
   * Byte offset of the start of each line (line 1 at index 0), as the tokenizer reports it: one
   * entry per "\n" of the source plus line 1, and one more for the implied final "\n" of a
   * source that does not end with one. Built from the source on first use (a parse that is only
   * queried never pays for it) and kept.
   */
  get lineStarts(): Int32Array {
    return this.lineCol ?? this.buildLines();
  }

  /** Number of entries in `lineStarts`. */
  get lineCount(): number {
    if (this.lineCol === null) this.buildLines();
    return this.lineN;
  }

  private buildLines(): Int32Array {
    const src = this.source;
    const n = src.length;
    const virtualNl = n > 0 && src[n - 1] !== 10;
    let count = virtualNl ? 2 : 1;
    for (let i = src.indexOf(10); i !== -1; i = src.indexOf(10, i + 1)) count++;
    const ls = new Int32Array(count);
    let k = 1;
    for (let i = src.indexOf(10); i !== -1; i = src.indexOf(10, i + 1)) ls[k++] = i + 1;
    if (virtualNl) ls[k] = n + 1;
    this.lineCol = ls;
    this.lineN = count;
    return ls;
  }

  /**
   * The value of a constant field (Constant.value, MatchSingleton.value, Interpolation.str) whose
   * slot holds `raw`, in node `id` (see the encoding in the file header). A plain string
   * literal is decoded from the source on each call.
   */
  value(raw: number, id: NodeId): PyValue {
    if (raw >= 4) return this.constants[(raw - 4) >> 1]!;
    if (raw >= 0) return SINGLETONS[raw]!;
    if (raw === LAZY_STRING) return decodeStringRun(this.source, this.start[id]!, this.end[id]!);
    return BigInt(-raw - 2);
  }

  /**
   * The raw value derived field `field` (an index into the kind's fields) of node `id` would hold
   * in a slot, by the field's Derive rule (see layout.ts for why each field is derivable).
   * @internal
   */
  derivedRaw(id: NodeId, field: number): number {
    const start = this.start[id]!;
    const rule = -FIELD_SLOT[this.kind[id]!]![field]!;
    if (rule === Derive.TypeComment) return this.typeComments === null ? 0 : (this.typeComments.get(id) ?? 0);
    if (rule === Derive.TypeIgnores) return id === this.root ? this.typeIgnores : 0;
    if (this.names !== null) return rule === Derive.NameAtEnd ? this.end[id]! : start;
    switch (rule) {
      case Derive.ConstantKind: {
        // 'u' (the prefix letter at the node's start) or None.
        const raw = this.slots[this.base[id]!]!;
        const u = raw === LAZY_STRING ? this.source[start] === 0x75 : raw >= 4 && ((raw - 4) & 1) === 1;
        return u ? start + 1 : 0;
      }
      case Derive.NameAtStart:
        return start + 1;
      case Derive.KeywordArg:
        return this.source[start] === 0x2a ? 0 : start + 1;
      case Derive.NameAtEnd:
        return nameStartBefore(this.source, this.end[id]!) + 1;
      case Derive.DottedAtStart:
        return -start - 1;
      default:
        return 0;
    }
  }

  /** The raw value of field `field` (an index into the kind's fields, CPython's order) of node `id`. */
  field(id: NodeId, field: number): number {
    const s = FIELD_SLOT[this.kind[id]!]![field]!;
    return s >= 0 ? this.slots[this.base[id]! + s]! : this.derivedRaw(id, field);
  }

  /** The identifier an `ident` field or `ident*` list item holding `raw` stands for (raw 0, None, gives ""). */
  ident(raw: number): string {
    const names = this.names;
    if (names !== null) return raw > 0 ? names[raw - 1]! : "";
    if (raw > 0) {
      const n = this.source.length;
      return raw > n + 1 ? this.texts![raw - n - 2]! : nameAt(this.source, raw - 1);
    }
    if (raw < 0) return dottedNameAt(this.source, -raw - 1);
    return "";
  }

  /**
   * Slot `i` of node `id` (raw Int32; meaning depends on the field's category). Slots are the
   * stored fields only: field() takes a field index.
   * @internal
   */
  slot(id: NodeId, i: number): number {
    return this.slots[this.base[id]! + i]!;
  }

  /** Items of list `l` as a fresh array. */
  listItems(l: number): number[] {
    const len = this.listLength(l);
    const out = new Array<number>(len);
    for (let j = 0; j < len; j++) out[j] = this.listItem(l, j);
    return out;
  }

  /** Number of items in list `l`. */
  listLength(l: number): number {
    return l < 0 ? 1 : this.lists[l]!; // lists[0] is 0: the empty list
  }

  /** Item `j` (0-based) of list `l`. */
  listItem(l: number, j: number): number {
    return l < 0 ? -l - 1 : this.lists[l + 1 + j]!;
  }

  kindName(id: NodeId): string {
    return KIND_NAMES[this.kind[id]!]!;
  }

  /** 1-based line of byte offset `off` (binary search over line starts). */
  lineOf(off: number): number {
    // The line found last is tried first: readers ask for the positions of a node and of its
    // neighbours together.
    if (off >= this.lastLineStart && off < this.lastLineEnd) return this.lastLine;
    const ls = this.lineStarts;
    const n = this.lineCount;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo + 1;
    this.lastLineStart = ls[lo]!;
    this.lastLineEnd = lo + 1 < n ? ls[lo + 1]! : 0x7fffffff;
    return lo + 1;
  }

  /** CPython's (lineno, col_offset) for a byte offset: col in UTF-8 bytes. */
  position(off: number): [number, number] {
    const line = this.lineOf(off);
    return [line, off - this.lineStarts[line - 1]!];
  }

  /**
   * Position attribute `which` (0 lineno, 1 col_offset, 2 end_lineno, 3 end_col_offset) of node
   * `id`, or undefined where a built node has none. Only for kinds with positions.
   */
  location(id: NodeId, which: number): number | undefined {
    const pos = this.pos;
    if (pos !== null) {
      const v = pos[id * 4 + which]!;
      return v === MISSING ? undefined : v;
    }
    const [line, col] = this.position(which < 2 ? this.start[id]! : this.end[id]!);
    return which % 2 === 0 ? line : col;
  }

  /** Number of CPython AST nodes, as `ast.walk` would count them (context and operator singletons included). */
  get nodeCount(): number {
    let n = this.count;
    for (let id = 0; id < this.count; id++) {
      const k = this.kind[id]!;
      const spec = KINDS[k]!;
      const b = this.base[id]!;
      for (let i = 0; i < spec.fields.length; i++) {
        const c = spec.fields[i]!.category;
        if (c === "ctx" || c === "op") n++;
        else if (c === "op*") n += this.listLength(this.slots[b + FIELD_SLOT[k]![i]!]!); // never derived
      }
    }
    return n;
  }

  /**
   * Bytes retained by this tree's arrays and tables (used sizes, not capacity), for memory
   * accounting: the columns, slots, lists, line and parent tables once built, and the constants
   * table: 8 bytes per entry plus the payload of strings (one byte per character for Latin-1,
   * two otherwise, as V8 stores them), bytes and big ints; JS object headers are not counted.
   * Not counted: `source`, the caller's input, which the tree keeps a reference to and reads
   * identifiers and plain string literals from; and the module-level values every tree shares
   * (None/True/False/Ellipsis, whose raw values 0..3 take no table entry).
   */
  byteSize(): number {
    const rows = this.count;
    let bytes = rows * (1 + 4 + 4 + 4) + this.slotTop * 4 + this.listTop * 4;
    if (this.lineCol !== null) bytes += this.lineN * 4; // once built, the line table is retained
    if (this.parentCol !== null) bytes += rows * 4; // once built, the parent column is retained
    if (this.pos !== null) bytes += rows * 16;
    if (this.names !== null) for (const s of this.names) bytes += 8 + stringBytes(s);
    if (this.texts !== null) for (const s of this.texts) bytes += 8 + stringBytes(s);
    if (this.typeComments !== null) bytes += this.typeComments.size * 16;
    for (const c of this.constants) {
      bytes += 8;
      if (typeof c === "string") bytes += stringBytes(c);
      else if (typeof c === "bigint") bytes += 8 * Math.ceil(c.toString(16).length / 16);
      else if (c instanceof PyBytes) bytes += c.bytes.length;
      else if (c instanceof PyStr) bytes += stringBytes(c.text) + 8 * c.splits.length;
    }
    return bytes;
  }

  /** The whole tree (or the subtree at `id`) as plain JSON-safe objects; see materialize.ts. */
  toJSON(): PlainModule;
  toJSON(id: NodeId): PlainNode;
  toJSON(id: NodeId = this.root): PlainNode {
    return materialize(this, id);
  }

  /**
   * Moves the columns, slots and lists into one backing store of exactly the used size, dropping
   * the headroom they were built with (the parser calls it on every tree it returns), so what a
   * tree retains is what byteSize() counts, with one exception for small trees. A tree of more
   * than SLAB_TREE_MAX (2 KB) bytes gets an ArrayBuffer of its own, of exactly that size. A
   * smaller one (a source of about 1.5 KB or less) gets a region, 8-byte aligned, of a 32 KB slab
   * it shares with the small trees compacted just before and after it: allocating a backing
   * store per tiny tree cost more than parsing it. The price is retention: a small tree keeps its
   * whole slab alive, so one tree kept while its neighbours are dropped retains up to 32 KB
   * (SLAB_BYTES) instead of its own few hundred bytes; when every tree is kept, each full slab
   * holds more than 30 KB of trees, so the slabs retain at most 32/30 of the trees' bytes
   * (plus up to 7 bytes of alignment per tree) and the one slab being filled.
   * @internal
   */
  compact(): void {
    const rows = this.count,
      ns = this.slotTop,
      nl = this.listTop;
    const size = rows * 12 + ns * 4 + nl * 4 + rows;
    let ab: ArrayBuffer;
    let o = 0;
    if (size <= SLAB_TREE_MAX) {
      // A small tree: a region of the current slab (see SLAB_BYTES), 8-byte aligned.
      if (slabTop + size > SLAB_BYTES) {
        slab = new ArrayBuffer(SLAB_BYTES);
        slabTop = 0;
      }
      ab = slab;
      o = slabTop;
      slabTop = (slabTop + size + 7) & ~7;
    } else ab = new ArrayBuffer(size);
    const start = new Int32Array(ab, o, rows);
    const end = new Int32Array(ab, o + rows * 4, rows);
    const base = new Int32Array(ab, o + rows * 8, rows);
    const slots = new Int32Array(ab, o + rows * 12, ns);
    const lists = new Int32Array(ab, o + rows * 12 + ns * 4, nl);
    const kind = new Uint8Array(ab, o + rows * 12 + ns * 4 + nl * 4, rows);
    if (rows + ns + nl <= 512) {
      // A small tree: plain loops, as six subarray() views cost more than the copying.
      const s0 = this.start,
        e0 = this.end,
        b0 = this.base,
        k0 = this.kind,
        sl0 = this.slots,
        l0 = this.lists;
      for (let i = 0; i < rows; i++) {
        start[i] = s0[i]!;
        end[i] = e0[i]!;
        base[i] = b0[i]!;
        kind[i] = k0[i]!;
      }
      for (let i = 0; i < ns; i++) slots[i] = sl0[i]!;
      for (let i = 0; i < nl; i++) lists[i] = l0[i]!;
    } else {
      start.set(this.start.subarray(0, rows));
      end.set(this.end.subarray(0, rows));
      base.set(this.base.subarray(0, rows));
      slots.set(this.slots.subarray(0, ns));
      lists.set(this.lists.subarray(0, nl));
      kind.set(this.kind.subarray(0, rows));
    }
    this.start = start;
    this.end = end;
    this.base = base;
    this.slots = slots;
    this.lists = lists;
    this.kind = kind;
    if (this.pos !== null) this.pos = this.pos.slice(0, rows * 4);
  }
}

// Slabs for small finished trees: compact() carves a tree of at most SLAB_TREE_MAX bytes out of
// the current slab instead of giving it an ArrayBuffer of its own (a backing store and its
// garbage collection per tree were a fifth of parsing a 271-byte file). A kept small tree pins
// its slab: the bounds are in compact()'s comment and docs/architecture.md.
/** Size of a slab small trees share (bytes). @internal */
export const SLAB_BYTES = 32 * 1024;
/** Largest compacted tree (bytes of columns, slots and lists) that goes into a slab. @internal */
export const SLAB_TREE_MAX = 2048;
let slab = new ArrayBuffer(0);
let slabTop = SLAB_BYTES;

// Scratch columns for trees the parser builds and then compacts (copies out) before the next
// parse: a fresh ArrayBuffer and six views per parse were 10% of parsing a 267-byte file.
// Sources up to about 150 KB fit (the scratch is about 420 KB); bigger ones get columns of their
// own. Made on first use: the columns of a tree never handed out.
const SCRATCH_ROWS = 1 << 14;
let SCRATCH: Tree | undefined;
let SCRATCH_WANTED = false;

/**
 * A tree whose columns are views of a shared scratch buffer, which the next scratchTree() reuses:
 * the caller must compact() it (or drop it) before then. For the parser only.
 * @internal
 */
export function scratchTree(source: Uint8Array): Tree {
  SCRATCH ??= new Tree(new Uint8Array((SCRATCH_ROWS - 16) * 9));
  SCRATCH_WANTED = true;
  try {
    return new Tree(source);
  } finally {
    SCRATCH_WANTED = false;
  }
}

/**
 * Lines of byte offsets of one tree, for walks that ask for many positions in about source order:
 * the last line found is tried before a binary search (and no pair is allocated per position).
 * @internal
 */
export class LineCursor {
  private readonly t: Tree;
  /** The start offset of the line the last line() call returned. */
  lineStart = 0;
  private lineEnd = -1;
  private lineNo = 0;
  constructor(t: Tree) {
    this.t = t;
  }
  /** Tree.lineOf(off), leaving that line's start offset in `lineStart`. */
  line(off: number): number {
    if (off >= this.lineStart && off < this.lineEnd) return this.lineNo;
    const t = this.t;
    const line = t.lineOf(off);
    this.lineNo = line;
    this.lineStart = t.lineStarts[line - 1]!;
    this.lineEnd = line < t.lineCount ? t.lineStarts[line]! : 0x7fffffff;
    return line;
  }
}

function grow8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}
function grow32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function stringBytes(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return 2 * s.length;
  return s.length;
}
