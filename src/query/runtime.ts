// What compiled matchers share at run time, whichever back end made them: the per-tree index
// (parent column, subtree ranges), identifier and constant comparisons on the raw columns,
// metavariable bindings with an undo trail, structural equality, and the loops behind relations
// and sequence matching. No recursion in proportion to the tree's depth.
import type { Tree, NodeId } from "../ast/tree.js";
import { KINDS, NodeKind as K } from "../schema/generated/nodes.js";
import { FIELD_SLOT, LIST_SLOTS, NODE_SLOTS } from "../ast/layout.js";
import { PyBytes, PyComplex, PyStr, strEquals, type PyValue } from "../core/pyvalue.js";
import { utf8 } from "../core/string-literal.js";
import { SCOPE_MASK, GROUPS, KIND_COUNT } from "./schema-info.js";

// Statement kinds: a statement sequence (stmtSeq) lives in a body, not in an argument list.
const STMT_MASK = new Uint8Array(KIND_COUNT);
for (const k of GROUPS.get("stmt")!) STMT_MASK[k] = 1;

/** A matcher over one value of a tree (a NodeId, list id or raw, by domain). */
export type Fn = (v: number) => boolean;

/**
 * Per-tree tables the relations need, built on first use and kept with the tree: the parent
 * column, and `lo[n]`, the first row of n's subtree. The parser appends a node after its
 * children and rolls rows back on failed speculation, so a subtree is the contiguous row range
 * [lo[n], n]; `contiguous` records that this held when the index was built (else relations
 * walk child slots instead).
 */
export interface TreeIndex {
  readonly parent: Int32Array;
  readonly lo: Int32Array;
  readonly contiguous: boolean;
}

const INDEXES = new WeakMap<Tree, TreeIndex>();

/** The TreeIndex of `t` (built once, in one pass over the rows). */
export function treeIndex(t: Tree): TreeIndex {
  let ix = INDEXES.get(t);
  if (ix !== undefined) return ix;
  const parent = t.parent;
  const n = t.count;
  const lo = new Int32Array(n);
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) lo[i] = i;
  let contiguous = true;
  for (let i = 1; i < n; i++) {
    const p = parent[i]!;
    if (p < 0) {
      contiguous = false;
      continue;
    }
    if (p < i && p !== 0) contiguous = false;
    if (lo[i]! < lo[p]!) lo[p] = lo[i]!;
    size[p]! += size[i]! + 1;
  }
  if (contiguous)
    for (let i = 1; i < n; i++)
      if (size[i] !== i - lo[i]!) {
        contiguous = false;
        break;
      }
  if (n > 1) lo[0] = 1;
  ix = { parent, lo, contiguous };
  INDEXES.set(t, ix);
  return ix;
}

/** Rows of each kind, ascending: kind k's rows are rows[first[k] .. first[k + 1]). */
interface KindIndex {
  readonly first: Int32Array;
  readonly rows: Int32Array;
}

const KIND_INDEXES = new WeakMap<Tree, KindIndex>();
const SCANS = new WeakMap<Tree, number>();
// A kind index costs about two plain scans of the kind column: built at a tree's third query.
const INDEX_AFTER_SCANS = 2;

/**
 * The rows a query whose subject has one of `kinds` (sorted) should test in `t`, ascending, or null
 * to scan every row. The first queries on a tree scan the kind column; from the third on (several
 * rules over one file, as `quarry scan` runs them) a per-tree kind index (a counting sort of the
 * kind column, built once) hands each query its candidates, unless they are a large share of the rows.
 */
export function candidateRows(t: Tree, kinds: readonly number[]): Int32Array | null {
  let ix = KIND_INDEXES.get(t);
  if (ix === undefined) {
    const s = (SCANS.get(t) ?? 0) + 1;
    SCANS.set(t, s);
    if (s <= INDEX_AFTER_SCANS) return null;
    ix = kindIndex(t);
    KIND_INDEXES.set(t, ix);
  }
  const { first, rows } = ix;
  let total = 0;
  for (const k of kinds) total += first[k + 1]! - first[k]!;
  if (4 * total > t.count) return null;
  if (kinds.length === 1) return rows.subarray(first[kinds[0]!]!, first[kinds[0]! + 1]!);
  const out = new Int32Array(total);
  let o = 0;
  for (const k of kinds) {
    out.set(rows.subarray(first[k]!, first[k + 1]!), o);
    o += first[k + 1]! - first[k]!;
  }
  return out.sort();
}

function kindIndex(t: Tree): KindIndex {
  const kind = t.kind,
    n = t.count;
  const first = new Int32Array(KIND_COUNT + 1);
  for (let i = 0; i < n; i++) first[kind[i]! + 1]!++;
  for (let k = 0; k < KIND_COUNT; k++) first[k + 1]! += first[k]!;
  const at = first.slice(0, KIND_COUNT);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[at[kind[i]!]!++] = i;
  return { first, rows };
}

/**
 * Matching state: the tree, its index, and metavariable bindings. Binding v takes four Int32s at
 * e[4v]: tag (0 unbound, 1 node, 2 identifier raw, 3 run of list items: list, from, to), then
 * the payload. Every binding is pushed on the trail, so a failed branch undoes to a mark.
 */
export class State {
  t!: Tree;
  src!: Uint8Array;
  private index: TreeIndex | null = null;
  e: Int32Array;
  tr: Int32Array;
  top = 0;
  /** Per-tree answers of binding-free `:inside` tests, by test (see inside()). */
  memos = new Map<Fn, Int8Array>();
  /** Per-tree state of binding-free `:has` tests, by test (see hasMemo()). */
  hasMemos = new Map<Fn, { scanned: number; below: Uint8Array | null }>();
  /** Per-tree list-field index of each list item (see inField), built on first need. */
  listField: Int8Array | null = null;
  /** Per-tree list and index of each list item (see position), built on first need. */
  positions: { list: Int32Array; index: Int32Array } | null = null;
  /** Per-tree answers of binding-free sibling tests, by test, direction and stop (see sib()). */
  sibMemos = new Map<Fn, { dir: number; stop: Fn | null; memo: Int8Array }[]>();
  /** Per-tree `of` counts of binding-free :nth-child tests, by test and end (see nth()). */
  nthMemos = new Map<Fn, { fromEnd: boolean; idx: Int32Array }[]>();
  /** Per-tree nearest enclosing scope node of each node (-1: none; -2: not known yet). */
  scopes: Int32Array | null = null;
  constructor(nvars: number) {
    this.e = new Int32Array(4 * Math.max(1, nvars));
    this.tr = new Int32Array(Math.max(1, nvars) + 1);
  }
  reset(t: Tree): void {
    if (this.t !== t) {
      this.t = t;
      this.src = t.source;
      this.index = null;
      this.memos.clear();
      this.hasMemos.clear();
      this.sibMemos.clear();
      this.nthMemos.clear();
      this.listField = null;
      this.positions = null;
      this.scopes = null;
    }
    this.e.fill(0);
    this.top = 0;
  }
  /**
   * The tree's index (parent column, subtree ranges), built on first use: a query that needs no
   * relation never pays the pass over the rows it takes (about a sixth of a parse).
   */
  get ix(): TreeIndex {
    return this.index ?? (this.index = treeIndex(this.t));
  }
  /** Clears the bindings made since `mark` (a value of `top`). */
  undo(mark: number): void {
    while (this.top > mark) this.e[4 * this.tr[--this.top]!] = 0;
  }
  clear(): void {
    this.e.fill(0);
    this.top = 0;
  }
}

// 1 for bytes that can continue an identifier (ASCII letters, digits, _, and non-ASCII).
const NAME_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++)
  NAME_BYTE[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128 ? 1 : 0;

/**
 * Identifier raw `raw` (an ident slot) is `s` (whose UTF-8 is `b`). Compares bytes in the source;
 * non-ASCII or dotted names go through tree.ident (NFKC, dotted joins).
 */
export function identIs(t: Tree, raw: number, b: Uint8Array, s: string): boolean {
  if (raw <= 0) return raw < 0 ? t.ident(raw) === s : false;
  const src = t.source;
  const o = raw - 1;
  const n = b.length;
  for (let j = 0; j < n; j++) {
    const c = src[o + j]!;
    if (c !== b[j]) return c >= 128 || b[j]! >= 128 ? t.ident(raw) === s : false;
  }
  const c = src[o + n];
  if (c === undefined || NAME_BYTE[c] === 0) return true;
  return c >= 128 ? t.ident(raw) === s : false;
}

/**
 * The NAME token that ends at source offset `end` is `s` (UTF-8 `b`): Attribute.attr without
 * finding the token's start first. Non-ASCII names go through tree.ident.
 */
export function nameEndsAt(t: Tree, end: number, b: Uint8Array, s: string): boolean {
  const src = t.source;
  const n = b.length,
    o = end - n;
  if (o < 0) return false;
  for (let j = n - 1; j >= 0; j--) {
    const c = src[o + j]!;
    if (c !== b[j]) return c >= 128 || b[j]! >= 128 ? slowEndsAt(t, end, s) : false;
  }
  const c = o > 0 ? src[o - 1]! : 0x20;
  if (NAME_BYTE[c] === 0) return true;
  return c >= 128 ? slowEndsAt(t, end, s) : false;
}

function slowEndsAt(t: Tree, end: number, s: string): boolean {
  let i = end;
  while (i > 0 && NAME_BYTE[t.source[i - 1]!] === 1) i--;
  return t.ident(i + 1) === s;
}

/** Python equality of constants with type: 0 != 0.0 != False, "a" != b"a". */
export function pyEq(a: PyValue, b: PyValue): boolean {
  if (typeof a !== typeof b) return false;
  // A PyStr never equals a string (core/pyvalue.ts), only a PyStr of the same code points.
  if (a instanceof PyStr) return b instanceof PyStr && strEquals(a, b);
  if (a instanceof PyBytes) {
    if (!(b instanceof PyBytes) || a.bytes.length !== b.bytes.length) return false;
    for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
    return true;
  }
  if (a instanceof PyComplex) return b instanceof PyComplex && Object.is(a.real, b.real) && Object.is(a.imag, b.imag);
  if (typeof a === "number") return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b as number));
  if (typeof a === "object" && a !== null) return typeof b === "object" && b !== null && a.constructor === b.constructor;
  return a === b;
}

/** Python type name of a constant: str int float complex bytes bool None Ellipsis. */
export function pyType(v: PyValue): string {
  switch (typeof v) {
    case "string":
      return "str";
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "boolean":
      return "bool";
    default:
      return v === null
        ? "None"
        : v instanceof PyStr
          ? "str"
          : v instanceof PyBytes
            ? "bytes"
            : v instanceof PyComplex
              ? "complex"
              : "Ellipsis";
  }
}

/** Constant raw `raw` of node `owner` equals `want` (raw fast paths first). */
export function constIs(t: Tree, raw: number, owner: NodeId, want: PyValue, wantRaw: number): boolean {
  // Singletons and inline ints have one raw per value; a string is LAZY_STRING or in the table.
  if (wantRaw !== 0x7fffffff) return raw === wantRaw;
  if (raw <= -2 || (raw >= 0 && raw < 4)) return false;
  return pyEq(t.value(raw, owner), want);
}

/** The raw a constant would have if it is encoded in the raw itself, else 0x7fffffff. */
export function inlineRaw(v: PyValue): number {
  if (v === null) return 0;
  if (v === true) return 1;
  if (v === false) return 2;
  if (typeof v === "bigint") return v >= 0n && v <= 2n ** 31n - 3n ? -Number(v) - 2 : 0x7fffffff;
  if (typeof v === "object" && !(v instanceof PyBytes) && !(v instanceof PyComplex) && !(v instanceof PyStr)) return 3; // Ellipsis
  return 0x7fffffff;
}

/** The text a /regex/ on a constant reads: a str's code units (a PyStr's `text`), else null. */
export function constText(v: PyValue): string | null {
  return typeof v === "string" ? v : v instanceof PyStr ? v.text : null;
}

/** Numeric value of a constant raw for comparisons, or NaN. */
export function constNumber(t: Tree, raw: number, owner: NodeId): number {
  if (raw <= -2) return -raw - 2;
  if (raw >= 0 && raw < 4) return NaN;
  const v = t.value(raw, owner);
  return typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : NaN;
}

export function cmp(a: number, op: string, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "=":
      return a === b;
    default:
      return a !== b;
  }
}

// ---- structural equality (repeated metavariables) ----

/**
 * Nodes a and b of tree t are equal as §8.3 says: same kinds and fields, ignoring positions,
 * ctx, type_comment and Constant.kind; constants by Python type and value. Explicit stack.
 */
export function nodeEq(t: Tree, a: NodeId, b: NodeId): boolean {
  if (a === b) return true;
  const stack: number[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y) continue;
    if (x === 0 || y === 0) return false;
    const k = t.kind[x]!;
    if (k !== t.kind[y]) return false;
    const spec = KINDS[k]!.fields;
    for (let i = 0; i < spec.length; i++) {
      const f = spec[i]!;
      if (f.name === "type_comment" || f.category === "ctx" || (k === K.Constant && f.name === "kind")) continue;
      const rx = t.field(x, i),
        ry = t.field(y, i);
      switch (f.category) {
        case "node":
        case "node?":
          stack.push(rx, ry);
          break;
        case "node*": {
          const n = t.listLength(rx);
          if (n !== t.listLength(ry)) return false;
          for (let j = 0; j < n; j++) stack.push(t.listItem(rx, j), t.listItem(ry, j));
          break;
        }
        case "ident":
        case "ident?":
          if ((rx === 0) !== (ry === 0) || (rx !== 0 && t.ident(rx) !== t.ident(ry))) return false;
          break;
        case "ident*": {
          const n = t.listLength(rx);
          if (n !== t.listLength(ry)) return false;
          for (let j = 0; j < n; j++) if (t.ident(t.listItem(rx, j)) !== t.ident(t.listItem(ry, j))) return false;
          break;
        }
        case "constant":
          if (rx !== ry || rx === -1 || rx >= 4) {
            if (!pyEq(t.value(rx, x), t.value(ry, y))) return false;
          }
          break;
        case "op*": {
          const n = t.listLength(rx);
          if (n !== t.listLength(ry)) return false;
          for (let j = 0; j < n; j++) if (t.listItem(rx, j) !== t.listItem(ry, j)) return false;
          break;
        }
        default:
          if (rx !== ry) return false;
      }
    }
  }
  return true;
}

const NAME_ID = 0; // Name.id is field 0

/** Binds (or unifies) metavariable v with node n. A bound identifier equals a Name with that id. */
export function varNode(S: State, v: number, n: NodeId): boolean {
  const e = S.e,
    o = 4 * v;
  switch (e[o]) {
    case 0:
      if (n === 0) return false;
      e[o] = 1;
      e[o + 1] = n;
      S.tr[S.top++] = v;
      return true;
    case 1:
      return nodeEq(S.t, e[o + 1]!, n);
    case 2:
      return n !== 0 && S.t.kind[n] === K.Name && S.t.ident(S.t.field(n, NAME_ID)) === S.t.ident(e[o + 1]!);
    default:
      return false;
  }
}

/** Binds (or unifies) metavariable v with identifier raw `raw` (0 = None never binds). */
export function varIdent(S: State, v: number, raw: number): boolean {
  if (raw === 0) return false;
  const e = S.e,
    o = 4 * v;
  switch (e[o]) {
    case 0:
      e[o] = 2;
      e[o + 1] = raw;
      S.tr[S.top++] = v;
      return true;
    case 2:
      return e[o + 1] === raw || S.t.ident(e[o + 1]!) === S.t.ident(raw);
    case 1: {
      const n = e[o + 1]!;
      return S.t.kind[n] === K.Name && S.t.ident(S.t.field(n, NAME_ID)) === S.t.ident(raw);
    }
    default:
      return false;
  }
}

/** Binds (or unifies) metavariable v with items [from, to) of list l: tag 3 for nodes, 4 for identifiers. */
export function varSeq(S: State, v: number, l: number, from: number, to: number, tag = 3): boolean {
  const e = S.e,
    o = 4 * v;
  if (e[o] === 0) {
    e[o] = tag;
    e[o + 1] = l;
    e[o + 2] = from;
    e[o + 3] = to;
    S.tr[S.top++] = v;
    return true;
  }
  if (e[o] !== tag) return false;
  const l2 = e[o + 1]!,
    f2 = e[o + 2]!,
    n = e[o + 3]! - f2;
  if (n !== to - from) return false;
  const t = S.t;
  for (let j = 0; j < n; j++) {
    const a = t.listItem(l2, f2 + j),
      b = t.listItem(l, from + j);
    if (tag === 4 ? t.ident(a) !== t.ident(b) : !nodeEq(t, a, b)) return false;
  }
  return true;
}

/** Positional list matching with globs (backtracking; leftmost-shortest binds). */
export function seqMatch(S: State, l: number, fns: readonly Fn[], globs: Int32Array, tag = 3): boolean {
  return seqFrom(S, l, S.t.listLength(l), fns, globs, 0, 0, tag);
}

// Recursion depth is bounded by the pattern's item count.
function seqFrom(S: State, l: number, len: number, fns: readonly Fn[], globs: Int32Array, pi: number, ti: number, tag: number): boolean {
  const t = S.t;
  if (pi === fns.length) return ti === len;
  const g = globs[pi]!;
  if (g !== -2) {
    // Items left for the remaining single-item patterns.
    let need = 0;
    for (let q = pi + 1; q < fns.length; q++) if (globs[q] === -2) need++;
    for (let k = ti; k + need <= len; k++) {
      const m = S.top;
      if ((g < 0 || varSeq(S, g, l, ti, k, tag)) && seqFrom(S, l, len, fns, globs, pi + 1, k, tag)) return true;
      S.undo(m);
    }
    return false;
  }
  if (ti >= len) return false;
  const m = S.top;
  if (fns[pi]!(t.listItem(l, ti)) && seqFrom(S, l, len, fns, globs, pi + 1, ti + 1, tag)) return true;
  S.undo(m);
  return false;
}

/** Unordered keyword matching: each fn matches a distinct keyword; extras allowed if `extra`. */
export function kwMatch(S: State, l: number, fns: readonly Fn[], extra: boolean): boolean {
  const len = S.t.listLength(l);
  if (len < fns.length || (!extra && len !== fns.length)) return false;
  const used = new Uint8Array(len);
  return kwFrom(S, l, len, fns, used, 0);
}

function kwFrom(S: State, l: number, len: number, fns: readonly Fn[], used: Uint8Array, pi: number): boolean {
  if (pi === fns.length) return true;
  for (let j = 0; j < len; j++) {
    if (used[j]) continue;
    const m = S.top;
    if (fns[pi]!(S.t.listItem(l, j))) {
      used[j] = 1;
      if (kwFrom(S, l, len, fns, used, pi + 1)) return true;
      used[j] = 0;
    }
    S.undo(m);
  }
  return false;
}

// ---- relations ----

/** Children of n (node slots and list items, None skipped) pushed onto `out`, in field order. */
export function childrenOf(t: Tree, n: NodeId, out: number[]): void {
  const k = t.kind[n]!;
  const b = t.base[n]!;
  let mask = NODE_SLOTS[k]! | LIST_SLOTS[k]!;
  const lm = LIST_SLOTS[k]!;
  for (let i = 0; mask !== 0; i++, mask >>= 1) {
    if (!(mask & 1)) continue;
    const r = t.slots[b + i]!;
    if ((lm >> i) & 1) {
      const len = t.listLength(r);
      for (let j = 0; j < len; j++) {
        const c = t.listItem(r, j);
        if (c !== 0) out.push(c);
      }
    } else if (r !== 0) out.push(r);
  }
  // The root's derived type_ignores.
  if (n === t.root) for (let j = 0, m = t.listLength(t.typeIgnores); j < m; j++) out.push(t.listItem(t.typeIgnores, j));
}

/**
 * Some descendant d of n with f(d) (a child if immediate). `own`: do not look below scope nodes
 * other than n. `stop`: do not look below a node for which stop holds (it is still tested; stop
 * is a probe and never binds). `field`: start from n's children in that field only (ast-grep's
 * `field`). `mask`: kinds f can hold at (others are skipped without calling f). `pure`: f and
 * stop are binding-free, so a search below a field's children can use hasMemo.
 */
export function has(
  S: State,
  n: NodeId,
  f: Fn,
  mask: Uint8Array,
  own: boolean,
  immediate: boolean,
  stop: Fn | null,
  field: string | null,
  pure = false,
): boolean {
  const t = S.t,
    kind = t.kind,
    ix = S.ix;
  if (immediate || field !== null || !ix.contiguous) {
    const roots: number[] = [];
    if (field === null) childrenOf(t, n, roots);
    else fieldChildren(t, n, field, roots);
    if (immediate) {
      for (const c of roots) if (mask[kind[c]!] && tryAt(S, f, c)) return true;
      return false;
    }
    if (pure) {
      // Binding-free (see hasMemo): a root, or below a root that does not cut the search.
      for (const c of roots) {
        const k = kind[c]!;
        if (mask[k] && probe(S, f, c)) return true;
        if (!(own && SCOPE_MASK[k]) && !(stop !== null && probe(S, stop, c)) && hasMemo(S, c, f, mask, own, stop)) return true;
      }
      return false;
    }
    // Walk the subtrees with an explicit stack (reversed pushes keep source order).
    const stack = roots.reverse();
    const kids: number[] = [];
    while (stack.length > 0) {
      const d = stack.pop()!;
      const k = kind[d]!;
      if (mask[k] && tryAt(S, f, d)) return true;
      if ((own && SCOPE_MASK[k]) || (stop !== null && probe(S, stop, d))) continue;
      kids.length = 0;
      childrenOf(t, d, kids);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return false;
  }
  // A subtree is the row range [lo[n], n): scan it backwards (outer nodes before inner ones),
  // jumping over the subtrees of scope nodes (own) and stop nodes.
  const lo = ix.lo;
  // The Module is row 0 but holds every other row.
  for (let d = (n === 0 ? t.count : n) - 1; d >= lo[n]!; d--) {
    const k = kind[d]!;
    if (mask[k] && tryAt(S, f, d)) return true;
    if ((own && SCOPE_MASK[k]) || (stop !== null && probe(S, stop, d))) d = lo[d]!;
  }
  return false;
}

/** The children of n in its field `name` (the node, or the list's items; None skipped). */
export function fieldChildren(t: Tree, n: NodeId, name: string, out: number[]): void {
  const fields = KINDS[t.kind[n]!]!.fields;
  for (let i = 0; i < fields.length; i++) {
    if (fields[i]!.name !== name) continue;
    const c = fields[i]!.category;
    const r = t.field(n, i);
    if (c === "node" || c === "node?") {
      if (r !== 0) out.push(r);
    } else if (c === "node*") {
      const len = t.listLength(r);
      for (let j = 0; j < len; j++) {
        const x = t.listItem(r, j);
        if (x !== 0) out.push(x);
      }
    }
    return;
  }
}

/**
 * `has` at any depth (no field) for a binding-free f and stop: the answer is a property of n.
 * Subtrees are scanned directly until the rows scanned for this f exceed the tree's size; then
 * one pass over the tree answers for every node, and later calls read that. So `X:has(Y)` over
 * every node of a deep chain is linear, not quadratic.
 */
export function hasMemo(S: State, n: NodeId, f: Fn, mask: Uint8Array, own = false, stop: Fn | null = null): boolean {
  let m = S.hasMemos.get(f);
  if (m === undefined) S.hasMemos.set(f, (m = { scanned: 0, below: null }));
  if (m.below !== null) return m.below[n] === 1;
  const t = S.t,
    ix = S.ix;
  const size = n === 0 ? t.count - 1 : ix.contiguous ? n - ix.lo[n]! : t.count;
  // Cutting subtrees at stop or scope nodes needs children before parents: contiguous rows.
  if (m.scanned + size <= t.count || ((own || stop !== null) && !ix.contiguous)) {
    m.scanned += size;
    return has(S, n, f, mask, own, false, stop, null);
  }
  const below = new Uint8Array(t.count);
  const kind = t.kind,
    par = ix.parent;
  if (!own && stop === null) {
    // Mark the ancestors of every row f holds at, up to one already marked (whose ancestors are).
    for (let d = 1, e = t.count; d < e; d++) {
      if (!mask[kind[d]!] || !probe(S, f, d)) continue;
      for (let a = par[d]!; a >= 0 && below[a] === 0; a = par[a]!) below[a] = 1;
    }
  } else {
    // Rows in order visit children before parents: d counts for its parent when f holds at d,
    // or something below d does and d is neither a scope node (own) nor a stop node.
    for (let d = 1, e = t.count; d < e; d++) {
      const k = kind[d]!;
      if ((mask[k] && probe(S, f, d)) || (below[d] === 1 && !(own && SCOPE_MASK[k]) && !(stop !== null && probe(S, stop, d))))
        below[par[d]!] = 1;
    }
  }
  m.below = below;
  return below[n] === 1;
}

/** Runs f at d; undoes its bindings if it fails. */
function tryAt(S: State, f: Fn, d: number): boolean {
  const m = S.top;
  if (f(d)) return true;
  S.undo(m);
  return false;
}

/**
 * Some ancestor a of n with f(a) (the parent if immediate); not above a node where stop holds
 * (that node is still tested; stop is a probe). `field`: only ancestors whose field `field` holds
 * the child on the path from n.
 * `pure` says f and stop neither bind nor read a metavariable: the answer is then a property of
 * n, kept per tree in S.memos, so testing every node of a deep chain costs linear, not
 * quadratic, time.
 */
export function inside(
  S: State,
  n: NodeId,
  f: Fn,
  mask: Uint8Array,
  immediate: boolean,
  stop: Fn | null,
  field: string | null,
  pure = false,
): boolean {
  const par = S.ix.parent,
    kind = S.t.kind;
  if (pure && !immediate) return insideMemo(S, n, f, mask, stop, field);
  let c = n;
  for (let a = par[n]!; a >= 0; c = a, a = par[a]!) {
    if (mask[kind[a]!] && (field === null || inField(S, c, field)) && tryAt(S, f, a)) return true;
    if (immediate) return false;
    if (stop !== null && probe(S, stop, a)) return false;
  }
  return false;
}

// Walks up from n until an ancestor satisfies f (true; with `field`, only through that field),
// a stop node (false), a node whose answer is known, or the root (false), then records the answer
// for every node on the way: from each of them the walk would pass the same steps above it.
const PATH: number[] = [];
function insideMemo(S: State, n: NodeId, f: Fn, mask: Uint8Array, stop: Fn | null, field: string | null): boolean {
  const par = S.ix.parent,
    kind = S.t.kind;
  let memo = S.memos.get(f);
  if (memo === undefined) S.memos.set(f, (memo = new Int8Array(S.t.count)));
  PATH.length = 0;
  let c = n;
  let result = false;
  for (;;) {
    const m = memo[c]!;
    if (m !== 0) {
      result = m === 1;
      break;
    }
    PATH.push(c);
    const a = par[c]!;
    if (a < 0) break;
    if (mask[kind[a]!] && (field === null || inField(S, c, field)) && tryAt(S, f, a)) {
      result = true;
      break;
    }
    if (stop !== null && probe(S, stop, a)) break;
    c = a;
  }
  const v = result ? 1 : 2;
  for (let i = 0; i < PATH.length; i++) memo[PATH[i]!] = v;
  return result;
}

/**
 * Work counters for tests (relations.test.ts): `evals` counts sub-rule and stop-rule evaluations
 * at siblings (sib, nth's `of`), so a test can check that the work grows linearly with a list's
 * length without timing anything. One increment per evaluation.
 */
export const relationWork = { evals: 0 };

/** The nearest enclosing scope node of n satisfies f. */
export function scope(S: State, n: NodeId, f: Fn): boolean {
  const a = nearestScope(S, n);
  return a >= 0 && tryAt(S, f, a);
}

// The nearest enclosing scope node of n (-1: none), kept per tree: a walk up stops at the first
// node whose answer is known and records it for every node on the way (linear on deep chains).
function nearestScope(S: State, n: NodeId): number {
  const par = S.ix.parent,
    kind = S.t.kind;
  let memo = S.scopes;
  if (memo === null) (memo = S.scopes = new Int32Array(S.t.count)).fill(-2);
  PATH.length = 0;
  let c = n,
    r = -1;
  for (;;) {
    const m = memo[c]!;
    if (m !== -2) {
      r = m;
      break;
    }
    PATH.push(c);
    const a = par[c]!;
    if (a < 0) break;
    if (SCOPE_MASK[kind[a]!]) {
      r = a;
      break;
    }
    c = a;
  }
  for (let i = 0; i < PATH.length; i++) memo[PATH[i]!] = r;
  return r;
}

/** The list n sits in: [list id, index] via its parent, or null (not in a list field); also its list slot. */
export function position(S: State, n0: NodeId): [number, number, number] | null {
  // An expression statement's value stands for the statement (a pattern `f()` is the Call).
  let n = n0;
  let p = S.ix.parent[n]!;
  if (p > 0 && S.t.kind[p] === K.Expr) {
    n = p;
    p = S.ix.parent[n]!;
  }
  if (p < 0) return null;
  const t = S.t,
    k = t.kind[p]!,
    b = t.base[p]!;
  let mask = LIST_SLOTS[k]!;
  for (let i = 0; mask !== 0; i++, mask >>= 1) {
    if (!(mask & 1)) continue;
    const l = t.slots[b + i]!;
    const len = t.listLength(l);
    // A long list (a module's body) would make finding each of its items quadratic.
    if (len > 16) {
      const ps = positionTable(S);
      const j = ps.index[n]!;
      if (j < 0) return null;
      const pl = ps.list[n]!;
      for (let s = 0, m2 = LIST_SLOTS[k]!; m2 !== 0; s++, m2 >>= 1) if (m2 & 1 && t.slots[b + s] === pl) return [pl, j, s];
      return null;
    }
    for (let j = 0; j < len; j++) if (t.listItem(l, j) === n) return [l, j, i];
  }
  return null;
}

/** Per tree: for each node that is an item of a list field, that list's id and its index (else -1). */
function positionTable(S: State): { list: Int32Array; index: Int32Array } {
  if (S.positions !== null) return S.positions;
  const t = S.t,
    par = S.ix.parent,
    n = t.count;
  const list = new Int32Array(n);
  const index = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    const b = t.base[p]!;
    for (let i = 0, mask = LIST_SLOTS[t.kind[p]!]!; mask !== 0; i++, mask >>= 1) {
      if (!(mask & 1)) continue;
      const l = t.slots[b + i]!;
      const len = t.listLength(l);
      for (let j = 0; j < len; j++) {
        const x = t.listItem(l, j);
        if (x !== 0 && par[x] === p && index[x] === -1) {
          list[x] = l;
          index[x] = j;
        }
      }
    }
  }
  return (S.positions = { list, index });
}

/**
 * Some sibling in the same list field, before (dir -1) or after (1) n, nearest first (only the
 * adjacent one if immediate; none past the first that satisfies `stop`, a probe), satisfies f.
 * An expression statement stands for its value as well. `pure`: f and stop are binding-free, so
 * the answer is a property of n's list item: one pass over the list answers for all its items
 * (kept per tree), and testing every item of a long list is linear, not quadratic.
 */
export function sib(S: State, n: NodeId, f: Fn, dir: number, immediate: boolean, stop: Fn | null = null, pure = false): boolean {
  const pos = position(S, n);
  if (pos === null) return false;
  const [l, j] = pos;
  const t = S.t;
  const len = t.listLength(l);
  if (pure && !immediate) {
    const memo = sibMemo(S, f, dir, stop);
    const it = t.listItem(l, j);
    if (memo[it] === 0) sibFill(S, l, len, f, dir, stop, memo);
    return memo[it] === 1;
  }
  for (let q = j + dir; q >= 0 && q < len; q += dir) {
    const c = t.listItem(l, q);
    relationWork.evals++;
    if (c !== 0 && (tryAt(S, f, c) || (t.kind[c] === K.Expr && tryAt(S, f, t.field(c, 0))))) return true;
    if (immediate) return false;
    if (stop !== null && c !== 0) {
      relationWork.evals++;
      if (probe(S, stop, c) || (t.kind[c] === K.Expr && probe(S, stop, t.field(c, 0)))) return false;
    }
  }
  return false;
}

function sibMemo(S: State, f: Fn, dir: number, stop: Fn | null): Int8Array {
  let ms = S.sibMemos.get(f);
  if (ms === undefined) S.sibMemos.set(f, (ms = []));
  for (const m of ms) if (m.dir === dir && m.stop === stop) return m.memo;
  const memo = new Int8Array(S.t.count);
  ms.push({ dir, stop, memo });
  return memo;
}

// The answers of sib() for every item of list l, in one pass from the end the search comes from:
// an item's answer is its neighbour's own test (f holds: true; stop holds: false), else the
// neighbour's answer. memo: 1 true, 2 false (0: not computed).
function sibFill(S: State, l: number, len: number, f: Fn, dir: number, stop: Fn | null, memo: Int8Array): void {
  const t = S.t,
    kind = t.kind;
  let acc = 2;
  for (let k = 0; k < len; k++) {
    const c = t.listItem(l, dir < 0 ? k : len - 1 - k);
    if (c === 0) continue;
    memo[c] = acc;
    relationWork.evals++;
    if (probe(S, f, c) || (kind[c] === K.Expr && probe(S, f, t.field(c, 0)))) acc = 1;
    else if (stop !== null) {
      relationWork.evals++;
      if (probe(S, stop, c) || (kind[c] === K.Expr && probe(S, stop, t.field(c, 0)))) acc = 2;
    }
  }
}

/** The item `off` places after n in its list field satisfies f. */
export function sibAt(S: State, n: NodeId, off: number, f: Fn): boolean {
  const pos = position(S, n);
  if (pos === null) return false;
  const [l, j] = pos;
  if (j + off >= S.t.listLength(l)) return false;
  const c = S.t.listItem(l, j + off);
  return c !== 0 && (tryAt(S, f, c) || (S.t.kind[c] === K.Expr && f(S.t.field(c, 0))));
}

/**
 * A statement sequence with globs around n (the `stmts` operation of ir.ts): pattern items
 * `fns`/`globs` match n's list with item `at` on n's index j; the items before `at` (if any)
 * cover the list's items [0, j) exactly, those after run from j + 1 to the list's end when the last item is
 * a glob, else to wherever the last item matched. `span` >= 0 binds the run from j through the
 * last item a non-glob matched. Backtracking; the leftmost-shortest assignment binds.
 */
export function stmtSeq(S: State, n: NodeId, fns: readonly Fn[], globs: Int32Array, at: number, span: number): boolean {
  const pos = position(S, n);
  if (pos === null) return false;
  const [l, j] = pos;
  // The subject is the statement itself (an expression statement, not its value).
  if (S.t.listItem(l, j) !== n || STMT_MASK[S.t.kind[n]!] !== 1) return false;
  const m = S.top;
  // Items before the anchor cover the list from its start; without any, the match starts at j.
  if (stmtFrom(S, l, S.t.listLength(l), j, fns, globs, at, span, 0, at === 0 ? j : 0, j + 1)) return true;
  S.undo(m);
  return false;
}

// Recursion depth is bounded by the pattern's item count.
function stmtFrom(
  S: State,
  l: number,
  len: number,
  j: number,
  fns: readonly Fn[],
  globs: Int32Array,
  at: number,
  span: number,
  pi: number,
  ti: number,
  last: number,
): boolean {
  const t = S.t;
  if (pi === fns.length) {
    if (globs[pi - 1] !== -2 && ti !== len) return false;
    return span < 0 || varSeq(S, span, l, j, last);
  }
  const g = globs[pi]!;
  if (g !== -2) {
    // Before the anchor a glob ends at most at j; after it, at the list's end.
    const max = pi < at ? j : len;
    for (let k = ti; k <= max; k++) {
      const m = S.top;
      if ((g < 0 || varSeq(S, g, l, ti, k)) && stmtFrom(S, l, len, j, fns, globs, at, span, pi + 1, k, last)) return true;
      S.undo(m);
    }
    return false;
  }
  if (pi === at ? ti !== j : ti >= len || (pi < at && ti >= j)) return false;
  const c = t.listItem(l, ti);
  const m = S.top;
  if (pi === at || (c !== 0 && (tryAt(S, fns[pi]!, c) || (t.kind[c] === K.Expr && tryAt(S, fns[pi]!, t.field(c, 0)))))) {
    if (stmtFrom(S, l, len, j, fns, globs, at, span, pi + 1, ti + 1, pi >= at ? ti + 1 : last)) return true;
  }
  S.undo(m);
  return false;
}

/**
 * n's 1-based position (from the end if fromEnd; counting only items satisfying `of`) is a*k+b.
 * `pure`: `of` is binding-free, so each item's count is kept per tree (one pass per list).
 */
export function nth(S: State, n: NodeId, a: number, b: number, fromEnd: boolean, of: Fn | null, pure = false): boolean {
  const pos = position(S, n);
  if (pos === null) return false;
  const [l, j] = pos;
  const t = S.t;
  const len = t.listLength(l);
  let idx = 0;
  if (of === null) idx = fromEnd ? len - j : j + 1;
  else {
    // The subject must itself match `of` (CSS :nth-child(An+B of S)).
    relationWork.evals++;
    if (!probe(S, of, n)) return false;
    if (pure) idx = nthCount(S, l, len, j, of, fromEnd);
    else {
      const from = fromEnd ? len - 1 : 0,
        step = fromEnd ? -1 : 1;
      for (let q = from; ; q += step) {
        const c = t.listItem(l, q);
        relationWork.evals++;
        if (c !== 0 && probe(S, of, c)) idx++;
        if (q === j) break;
      }
    }
  }
  if (a === 0) return idx === b;
  const k = (idx - b) / a;
  return Number.isInteger(k) && k >= 0;
}

// How many items of list l from its start (or end) through item j satisfy `of`: the counts of
// all the list's items are computed in one pass the first time one of them is asked (-1: not yet).
function nthCount(S: State, l: number, len: number, j: number, of: Fn, fromEnd: boolean): number {
  const t = S.t;
  let ms = S.nthMemos.get(of);
  if (ms === undefined) S.nthMemos.set(of, (ms = []));
  let idx: Int32Array | null = null;
  for (const m of ms) if (m.fromEnd === fromEnd) idx = m.idx;
  if (idx === null) {
    idx = new Int32Array(t.count).fill(-1);
    ms.push({ fromEnd, idx });
  }
  const it = t.listItem(l, j);
  if (idx[it] === -1) {
    let count = 0;
    for (let k = 0; k < len; k++) {
      const c = t.listItem(l, fromEnd ? len - 1 - k : k);
      if (c === 0) continue;
      relationWork.evals++;
      if (probe(S, of, c)) count++;
      idx[c] = count;
    }
  }
  return idx[it]!;
}

function probe(S: State, f: Fn, c: number): boolean {
  const m = S.top;
  const r = f(c);
  S.undo(m);
  return r;
}

/** n sits in its parent's field named `name`. */
export function inField(S: State, n: NodeId, name: string): boolean {
  const p = S.ix.parent[n]!;
  if (p < 0) return false;
  const t = S.t,
    k = t.kind[p]!;
  const fields = KINDS[k]!.fields;
  for (let i = 0; i < fields.length; i++) {
    if (fields[i]!.name !== name) continue;
    const s = FIELD_SLOT[k]![i]!;
    if (s < 0) return false;
    const r = t.slots[t.base[p]! + s]!;
    const c = fields[i]!.category;
    if (c === "node" || c === "node?") return r === n;
    if (c === "node*") {
      const len = t.listLength(r);
      // A long list (a module's body) would make testing each of its items quadratic.
      if (len > 16) return listFieldTable(S)[n] === i;
      for (let j = 0; j < len; j++) if (t.listItem(r, j) === n) return true;
    }
    return false;
  }
  return false;
}

/** Per tree: for each node that is an item of a list field, that field's index in its parent (else -1). */
function listFieldTable(S: State): Int8Array {
  if (S.listField !== null) return S.listField;
  const t = S.t,
    par = S.ix.parent,
    n = t.count;
  const out = new Int8Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    const k = t.kind[p]!;
    const fields = KINDS[k]!.fields;
    for (let i = 0; i < fields.length; i++) {
      if (fields[i]!.category !== "node*") continue;
      const sl = FIELD_SLOT[k]![i]!;
      if (sl < 0) continue;
      const r = t.slots[t.base[p]! + sl]!;
      const len = t.listLength(r);
      for (let j = 0; j < len; j++) {
        const x = t.listItem(r, j);
        if (x !== 0 && par[x] === p) out[x] = i;
      }
    }
  }
  return (S.listField = out);
}

/** Source text of node n (UTF-8 decoded). */
export function nodeText(t: Tree, n: NodeId): string {
  return utf8(t.source, t.start[n]!, t.end[n]!);
}

const enc = new TextEncoder();

/** Text of metavariable v's binding: the node's source, the identifier, or the run's span. */
export function bindingText(S: State, v: number): string | null {
  const e = S.e,
    o = 4 * v,
    t = S.t;
  switch (e[o]) {
    case 1:
      return nodeText(t, e[o + 1]!);
    case 2:
      return t.ident(e[o + 1]!);
    case 3: {
      const l = e[o + 1]!,
        f = e[o + 2]!,
        to = e[o + 3]!;
      if (f === to) return "";
      return utf8(t.source, t.start[t.listItem(l, f)]!, t.end[t.listItem(l, to - 1)]!);
    }
    case 4: {
      const l = e[o + 1]!,
        f = e[o + 2]!,
        to = e[o + 3]!;
      if (f === to) return "";
      const a = t.listItem(l, f) - 1,
        z = t.listItem(l, to - 1) - 1;
      return utf8(t.source, a, z + enc.encode(t.ident(z + 1)).length);
    }
    default:
      return null;
  }
}
