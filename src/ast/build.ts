// Building trees that were not parsed: rows emitted from plain objects (fromJSON, a transformer's
// replacements) or copied row by row from another tree, into a built Tree (identifier table and
// explicit positions, see tree.ts). One explicit task stack, so no input depth overflows it.
import { KINDS, KIND_NAMES, EXPR_CONTEXT_NAMES, CMP_OPERATOR_NAMES, type FieldSpec } from "../schema/generated/nodes.js";
import { FIELD_SLOT, Derive, MISSING, operatorNames } from "./layout.js";
import { LineCursor, Tree, type NodeId } from "./tree.js";
import { isView } from "./view.js";
import { PY_ELLIPSIS, PyBytes, PyComplex, PyStr, type PyValue } from "../core/pyvalue.js";

/**
 * Bad input to fromJSON or a transformer: `path` is where in the plain input (or, for a
 * transformer, in the old tree) the problem is, as `body[3].value.func`.
 */
export class BuildError extends Error {
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.name = "BuildError";
    this.path = path;
  }
}

// Where a plain node sits in its input, kept as links and spelled out only for an error message.
// `label` (roots only) says what the input is, for a transformer's replacement: a function when
// the text costs something to make (it is called only for a message).
export interface Path {
  readonly up: Path | null;
  readonly key: string | number;
  readonly label?: string | (() => string);
}

/** `body[3].value.func` for a Path (an empty string at the root). */
export function pathText(p: Path | null): string {
  const parts: (string | number)[] = [];
  let label = "";
  for (let q = p; q !== null; q = q.up) {
    if (q.label !== undefined) label = typeof q.label === "string" ? q.label : q.label();
    else parts.push(q.key);
  }
  let out = "";
  for (let i = parts.length - 1; i >= 0; i--) {
    const k = parts[i]!;
    out += typeof k === "number" ? "[" + k + "]" : (out === "" ? "" : ".") + k;
  }
  return label === "" ? out : out === "" ? label : label + ": " + out;
}

/** The field path of node `id` from the root of `tree` (`body[3].value`; "" for the root). */
export function nodePath(tree: Tree, id: NodeId): string {
  const par = tree.parent;
  const parts: string[] = [];
  for (let n = id; n !== tree.root; ) {
    const p = par[n]!;
    if (p < 0) break;
    const spec = KINDS[tree.kind[p]!]!;
    let found = "";
    for (let i = 0; i < spec.fields.length && found === ""; i++) {
      const f = spec.fields[i]!;
      const raw = tree.field(p, i);
      if ((f.category === "node" || f.category === "node?") && raw === n) found = f.name;
      else if (f.category === "node*") {
        const len = tree.listLength(raw);
        for (let j = 0; j < len; j++) if (tree.listItem(raw, j) === n) found = f.name + "[" + j + "]";
      }
    }
    parts.push(found);
    n = p;
  }
  return parts.reverse().join(".");
}

/** Task kinds of the builder's stack. */
export const Task = {
  /** Emit a plain node (or a view, copied) from `a`. */
  Plain: 0,
  /** Copy row `id` of tree `a` and, the same way, everything under it. */
  Copy: 1,
  /** Copy row `id` of the visited tree; its children become Visit tasks (a generic visit). */
  Keep: 2,
  /** Hand row `id` of the visited tree to the visit hook. */
  Visit: 3,
  /** Place None. */
  None: 4,
  /** Write the list collected in `list` into slot `target`. */
  Finish: 5,
  /**
   * A child of the node a transformer's generic visit is running for (the innermost one): its
   * results are recorded (see Generic), then it is visited as Visit does (id 0: a None item).
   */
  Child: 7,
} as const;

/**
 * How deeply generic visits may nest (a callback calling genericVisit, whose children's callbacks
 * call it too, ...): each level holds a few JS stack frames, as in Python's NodeTransformer, which
 * stops at its recursion limit (1000 frames, three per level).
 */
export const MAX_GENERIC_VISIT_DEPTH = 1000;

/**
 * A transformer's generic visit of row `old` of the visited tree: `row` is its copy in the tree
 * being built, whose children are the transformed ones. For each direct child, in field order, the
 * kid arrays record where its results went: a single field's slot (`kidTarget`), or the list
 * being collected and how long it was before the child's results (`kidStart`).
 */
export interface Generic {
  readonly old: NodeId;
  row: NodeId;
  readonly kidOld: number[];
  readonly kidTarget: number[];
  readonly kidList: (number[] | null)[];
  readonly kidStart: number[];
  index: Map<number, number> | null;
}

/** Target of a task's node: a slot index (>= 0), the list being collected, or the root. */
export const TO_LIST = -1;
export const TO_ROOT = -2;
/** A target that places the node nowhere (a generic visit's copy, placed when its callback returns). */
export const UNPLACED = -4;
/** A Finish target: the built tree's Module.type_ignores (derived: Tree.typeIgnores). */
const TO_TYPE_IGNORES = -3;

// A task's numbers in Builder's stack: its kind, id, target and owner (see push), and for a Plain
// task its depth below its plain root, the field of its parent it is in, and its list index.
const T_KIND = 0;
const T_ID = 1;
const T_TARGET = 2;
const T_OWNER = 3;
const T_DEPTH = 4;
const T_INDEX = 5;
const T_FIELD = 6;
const TASK_INTS = 7;

const KIND_BY_NAME = new Map<string, number>();
KIND_NAMES.forEach((name, k) => {
  if (k > 0) KIND_BY_NAME.set(name, k);
});
// The keys a plain node of each kind may have: _type, its fields and, if it has them, positions.
const POSITION_KEYS = ["lineno", "col_offset", "end_lineno", "end_col_offset"] as const;
const ALLOWED_KEYS: readonly Set<string>[] = KINDS.map(
  (spec) => new Set(["_type", ...spec.fields.map((f) => f.name), ...(spec.hasPosition ? POSITION_KEYS : [])]),
);
// Per kind, the keys of the last plain node of that kind that was checked, in for-in order: all allowed.
const KEY_ORDER: string[][] = KINDS.map(() => []);
const LOAD = EXPR_CONTEXT_NAMES.indexOf("Load");
const VALUE_NAMES = new Set([
  ...EXPR_CONTEXT_NAMES,
  ...operatorNames("operator"),
  ...operatorNames("boolop"),
  ...operatorNames("unaryop"),
  ...CMP_OPERATOR_NAMES,
]);

/**
 * Writes a built Tree. Tasks go on one stack (parallel arrays); a node's row is made when its
 * task is popped, children are pushed in reverse so they are popped in field order: rows come
 * out in pre-order, and a transformer's callbacks run in the order Python's NodeTransformer
 * calls them. Lists are collected while their items are emitted (a callback may delete or splice
 * items) and written by a Finish task that runs after the last item.
 */
export class Builder {
  readonly tree: Tree;
  /** What the errors name as the operation ("fromJSON", "transform"). */
  readonly op: string;
  /** The tree a transformer visits (Keep, Visit and the owner rule use it); null for fromJSON. */
  visited: Tree | null = null;
  /** Called for Visit tasks. */
  visitHook: ((id: NodeId, target: number, list: number[] | null) => void) | null = null;

  private readonly nameIds = new Map<string, number>();
  private rooted = false;
  /** The root's row: 0, unless a transformer replaced the root after a generic visit had made row 0. */
  private rootRow = 0;
  /**
   * Rows are shared, left unreachable or out of pre-order (a transformer placed a view of the
   * tree being built, or dropped a generic visit's copy): run() then copies the reachable tree once.
   */
  private dirty = false;
  /** The generic visits running, innermost last. */
  private readonly generics: Generic[] = [];
  /** Finished generic visits whose callback returned something else than the node: see placeView. */
  private readonly owners = new Map<number, Generic>();
  private scratch = new Int32Array(64);
  // The task stack: `sp` tasks, TASK_INTS numbers each in `ti` (see the T_ offsets), and the
  // task's object (`a` of push) and list in parallel arrays. Typed columns and a stack pointer,
  // so a million-node input pushes no JS array entries beyond its deepest stack.
  private ti = new Int32Array(TASK_INTS * 64);
  private readonly tA: unknown[] = [];
  private readonly tList: (number[] | null)[] = [];
  private sp = 0;
  // The Paths of the Plain root tasks on the stack that have one (a transformer's replacements),
  // by stack index, and the one of the plain root being emitted.
  private readonly rootPaths = new Map<number, Path>();
  private rootPath: Path | null = null;
  // The plain nodes being emitted, by depth below their plain root (each Plain task carries its
  // depth): `anc[d]` is the node at depth d on the current path, `ancField[d]` the field of its
  // parent it is in and `ancIdx[d]` its index in that list field (-1: none). Errors spell their
  // path from these, so no Path object is made per node; and a cycle in the input shows up as a
  // node that is its own ancestor (see plain()).
  private readonly anc: unknown[] = [];
  private ancField: Int32Array = new Int32Array(64);
  private ancIdx: Int32Array = new Int32Array(64);

  constructor(op: string) {
    this.op = op;
    const t = new Tree(new Uint8Array(0));
    t.names = [];
    t.pos = new Int32Array(t.kind.length * 4).fill(MISSING);
    this.tree = t;
  }

  /**
   * Pushes a task (see Task for what `a` and `id` are). `path`: where a Plain root task's node is
   * (null: the input's root). `owner`: see placeView.
   */
  push(kind: number, a: unknown, id: number, target: number, list: number[] | null, path: Path | null, owner: number): void {
    if (path !== null) this.rootPaths.set(this.sp, path);
    this.task(kind, a, id, target, list, owner, 0, -1, -1);
  }

  // Pushes a task; a Plain one is at `depth` below its plain root, in field `field` of its parent
  // (-1 at depth 0), item `index` of it if the field is a list (-1: not a list).
  private task(
    kind: number,
    a: unknown,
    id: number,
    target: number,
    list: number[] | null,
    owner: number,
    depth: number,
    field: number,
    index: number,
  ): void {
    const sp = this.sp;
    let ti = this.ti;
    if ((sp + 1) * TASK_INTS > ti.length) {
      const bigger = new Int32Array(ti.length * 2);
      bigger.set(ti);
      this.ti = ti = bigger;
    }
    const o = sp * TASK_INTS;
    ti[o + T_KIND] = kind;
    ti[o + T_ID] = id;
    ti[o + T_TARGET] = target;
    ti[o + T_OWNER] = owner;
    ti[o + T_DEPTH] = depth;
    ti[o + T_INDEX] = index;
    ti[o + T_FIELD] = field;
    this.tA[sp] = a;
    this.tList[sp] = list;
    this.sp = sp + 1;
  }

  /** Runs tasks until the stack is empty; then the tree is compacted and returned. */
  run(): Tree {
    this.drain(0);
    if (!this.rooted) throw new BuildError(`${this.op}: no root node`, "");
    if (this.dirty || this.rootRow !== 0 || parentsRead(this.tree)) return this.copyReachable();
    this.tree.compact();
    return this.tree;
  }

  // Runs tasks until the stack is back to `mark` entries.
  private drain(mark: number): void {
    while (this.sp > mark) {
      const sp = --this.sp;
      const o = sp * TASK_INTS;
      const ti = this.ti;
      const kind = ti[o + T_KIND]!;
      const id = ti[o + T_ID]!;
      const target = ti[o + T_TARGET]!;
      const owner = ti[o + T_OWNER]!;
      const a = this.tA[sp];
      const list = this.tList[sp]!;
      // Dropped, so a finished part of the input is not kept alive by a stale entry.
      this.tA[sp] = undefined;
      this.tList[sp] = null;
      switch (kind) {
        case Task.Plain: {
          const d = ti[o + T_DEPTH]!;
          if (d === 0) {
            this.rootPath = this.rootPaths.get(sp) ?? null;
            this.rootPaths.delete(sp);
          } else {
            if (d >= this.ancField.length) {
              this.ancField = grow32(this.ancField, d * 2);
              this.ancIdx = grow32(this.ancIdx, d * 2);
            }
            this.ancField[d] = ti[o + T_FIELD]!;
            this.ancIdx[d] = ti[o + T_INDEX]!;
          }
          this.plain(a, target, list, d, owner);
          break;
        }
        case Task.Copy:
          this.copyRow(a as Tree, id, target, list, Task.Copy);
          break;
        case Task.Keep:
          this.copyRow(this.visited!, id, target, list, Task.Visit);
          break;
        case Task.Visit:
          this.visitHook!(id, target, list);
          break;
        case Task.None:
          this.place(target, list, 0);
          break;
        case Task.Finish:
          if (target === TO_TYPE_IGNORES) this.tree.typeIgnores = this.listOf(list!);
          else this.tree.slots[target] = this.listOf(list!);
          break;
        case Task.Child: {
          const g = this.generics[this.generics.length - 1]!;
          g.kidOld.push(id);
          g.kidTarget.push(target);
          g.kidList.push(list);
          g.kidStart.push(list === null ? 0 : list.length);
          if (id === 0) this.place(target, list, 0);
          else this.visitHook!(id, target, list);
          break;
        }
      }
    }
  }

  // The tree from rootRow down as a fresh built tree, rows in pre-order, each node once per use.
  private copyReachable(): Tree {
    const src = this.tree;
    const c = new Builder(this.op);
    c.tree.reserve(src.count, src.slotTop, src.listTop);
    c.push(Task.Copy, src, this.rootRow, TO_ROOT, null, null, -1);
    // Module.type_ignores is derived from the root row: a replaced root's goes with it.
    const n = this.rootRow !== 0 ? src.listLength(src.typeIgnores) : 0;
    if (n > 0) {
      const items: number[] = [];
      c.push(Task.Finish, null, 0, TO_TYPE_IGNORES, items, null, -1);
      for (let j = n - 1; j >= 0; j--) c.push(Task.Copy, src, src.listItem(src.typeIgnores, j), TO_LIST, items, null, -1);
    }
    return c.run();
  }

  /**
   * Python's `generic_visit`: copies row `old` of the visited tree, unplaced, and transforms its
   * children into it now (their callbacks run before this returns); the Generic says where each
   * child's results went. Recursion in proportion to nested generic visits only, guarded by
   * MAX_GENERIC_VISIT_DEPTH (a BuildError naming the node's path, never a RangeError).
   */
  genericVisit(old: NodeId): Generic {
    const visited = this.visited!;
    if (this.generics.length >= MAX_GENERIC_VISIT_DEPTH) {
      const path = nodePath(visited, old);
      throw new BuildError(
        `${this.op}: generic visits nested deeper than ${MAX_GENERIC_VISIT_DEPTH} levels at ${path || "the root"}`,
        path,
      );
    }
    const g: Generic = { old, row: 0, kidOld: [], kidTarget: [], kidList: [], kidStart: [], index: null };
    const mark = this.sp;
    this.generics.push(g);
    try {
      g.row = this.copyRow(visited, old, UNPLACED, null, Task.Child);
      this.drain(mark);
    } catch (e) {
      // A callback's own deep recursion may exhaust the JS stack before the limit does.
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        const path = nodePath(visited, old);
        throw new BuildError(`${this.op}: the JS stack overflowed in nested generic visits at ${path || "the root"}`, path);
      }
      throw e;
    } finally {
      this.generics.pop();
    }
    return g;
  }

  /** Places the copy generic visit `g` made: its callback kept the node. */
  keepGeneric(g: Generic, target: number, list: number[] | null): void {
    this.place(target, list, g.row);
  }

  /** The callback of generic visit `g` returned something else than its node (see placeView). */
  replaceGeneric(g: Generic, target: number): void {
    this.dirty = true;
    this.owners.set(g.old, g);
    // The root's derived type_ignores belong to whatever replaces it.
    if (target === TO_ROOT) this.tree.typeIgnores = 0;
  }

  // Puts row `id` of the tree being built (already made) at a target: rows get shared or out of order.
  private link(target: number, list: number[] | null, id: NodeId): void {
    this.dirty = true;
    this.place(target, list, id);
  }

  // The results of direct child `child` of generic visit `g`, at a target.
  private linkResults(g: Generic, child: NodeId, target: number, list: number[] | null): void {
    if (g.index === null) {
      g.index = new Map();
      for (let k = g.kidOld.length - 1; k >= 0; k--) g.index.set(g.kidOld[k]!, k);
    }
    const k = g.index.get(child)!;
    const from = g.kidList[k];
    if (from === null || from === undefined) {
      this.link(target, list, this.tree.slots[g.kidTarget[k]!]!);
      return;
    }
    let end = from.length;
    for (let m = k + 1; m < g.kidOld.length; m++) {
      if (g.kidList[m] === from) {
        end = g.kidStart[m]!;
        break;
      }
    }
    if (target !== TO_LIST && end - g.kidStart[k]! !== 1)
      throw new BuildError(`${this.op}: a list item's results (${end - g.kidStart[k]!} nodes) cannot fill a single field`, "");
    for (let j = g.kidStart[k]!; j < end; j++) this.link(target, list, from[j]!);
  }

  /** Raw identifier for string `s` (index + 1 in the names table, shared by equal strings). */
  name(s: string): number {
    let raw = this.nameIds.get(s);
    if (raw === undefined) {
      this.tree.names!.push(s);
      raw = this.tree.names!.length;
      this.nameIds.set(s, raw);
    }
    return raw;
  }

  /** A new row of `kind` (the first one is the root, row 0), fields and positions empty. */
  private row(kind: number): NodeId {
    if (!this.rooted) {
      this.rooted = true;
      this.tree.setRootKind(kind);
      return 0;
    }
    return this.tree.add(kind, 0, 0);
  }

  /** Puts node `id` (0: None) where a task's target says (the root, row 0, is already in place). */
  place(target: number, list: number[] | null, id: NodeId): void {
    if (target >= 0) this.tree.slots[target] = id;
    else if (target === TO_LIST) list!.push(id);
    else if (target === TO_ROOT) this.rootRow = id;
  }

  private listOf(items: readonly number[]): number {
    const n = items.length;
    if (this.scratch.length < n) this.scratch = new Int32Array(Math.max(n, this.scratch.length * 2));
    for (let j = 0; j < n; j++) this.scratch[j] = items[j]!;
    return this.tree.list(this.scratch, 0, n);
  }

  // Stores field `i` of row `id` (a slot, or for a derived field its anchor: see tree.ts).
  private setField(id: NodeId, kind: number, i: number, raw: number): void {
    const s = FIELD_SLOT[kind]![i]!;
    const t = this.tree;
    if (s >= 0) t.slots[t.base[id]! + s] = raw;
    else if (-s === Derive.NameAtEnd) t.end[id] = raw;
    else if (-s === Derive.TypeComment) (t.typeComments ??= new Map()).set(id, raw);
    else t.start[id] = raw;
  }

  /**
   * Copies row `old` of `src` into a new row placed at `target`; its child nodes become tasks
   * of kind `childTask` (Copy, or Visit for a transformer's generic visit). Identifiers move to
   * the names table, lazily decoded string literals to the constants table, positions to the
   * position column.
   */
  copyRow(src: Tree, old: NodeId, target: number, list: number[] | null, childTask: number): NodeId {
    const t = this.tree;
    const kind = src.kind[old]!;
    const spec = KINDS[kind]!;
    const id = this.row(kind);
    this.place(target, list, id);
    const b = t.base[id]!;
    const slotOf = FIELD_SLOT[kind]!;
    for (let i = spec.fields.length - 1; i >= 0; i--) {
      const f = spec.fields[i]!;
      const raw = src.field(old, i);
      switch (f.category) {
        case "node":
        case "node?":
          if (raw !== 0) this.push(childTask, src, raw, b + slotOf[i]!, null, null, -1);
          break;
        case "node*": {
          const len = src.listLength(raw);
          if (len === 0) break;
          const items: number[] = [];
          this.push(Task.Finish, null, 0, slotOf[i]! < 0 ? TO_TYPE_IGNORES : b + slotOf[i]!, items, null, -1);
          for (let j = len - 1; j >= 0; j--) {
            const x = src.listItem(raw, j);
            if (x === 0) this.push(childTask === Task.Child ? Task.Child : Task.None, null, 0, TO_LIST, items, null, -1);
            else this.push(childTask, src, x, TO_LIST, items, null, -1);
          }
          break;
        }
        case "ident":
        case "ident?":
          if (raw !== 0) this.setField(id, kind, i, this.name(src.ident(raw)));
          break;
        case "ident*": {
          const len = src.listLength(raw);
          const items: number[] = new Array(len);
          for (let j = 0; j < len; j++) items[j] = this.name(src.ident(src.listItem(raw, j)));
          t.slots[b + slotOf[i]!] = this.listOf(items);
          break;
        }
        case "constant":
          // None, True, False, Ellipsis and inline ints are the same raw in any tree.
          t.slots[b + slotOf[i]!] = raw <= -2 || (raw >= 0 && raw <= 3) ? raw : t.constant(src.value(raw, old));
          break;
        case "op*": {
          const len = src.listLength(raw);
          const items: number[] = new Array(len);
          for (let j = 0; j < len; j++) items[j] = src.listItem(raw, j);
          t.slots[b + slotOf[i]!] = this.listOf(items);
          break;
        }
        default: // int, int?, ctx, op: plain numbers
          t.slots[b + slotOf[i]!] = raw;
      }
    }
    if (spec.hasPosition) {
      const pos = t.pos!;
      const sp = src.pos;
      if (sp !== null) for (let k = 0; k < 4; k++) pos[id * 4 + k] = sp[old * 4 + k]!;
      else {
        if (src !== this.linesOf) {
          this.linesOf = src;
          this.starts = new LineCursor(src);
          this.ends = new LineCursor(src);
        }
        const s = src.start[old]!;
        pos[id * 4] = this.starts!.line(s);
        pos[id * 4 + 1] = s - this.starts!.lineStart;
        const e = src.end[old]!;
        pos[id * 4 + 2] = this.ends!.line(e);
        pos[id * 4 + 3] = e - this.ends!.lineStart;
      }
    }
    return id;
  }

  // The lines of start and of end offsets in `linesOf`, the tree rows were last copied from with
  // offsets: rows are copied mostly in source order, so the line found last usually holds the
  // next offset too (apart for ends: a multi-line node's end would evict its children's line).
  private linesOf: Tree | null = null;
  private starts: LineCursor | null = null;
  private ends: LineCursor | null = null;

  /**
   * A view inside a plain node: copied from its tree. A view of the tree being built (one a
   * generic visit returned) is that row itself. And when a transformer's callback ran the generic
   * visit of node `owner` (-1: none) and then put that node, or one of its direct children, as a
   * view of the visited tree into its result, that occurrence is the transformed one (for a
   * child, all it was replaced with), as in Python where generic_visit has replaced the children
   * in place.
   */
  private placeView(tree: Tree, id: NodeId, target: number, list: number[] | null, owner: number): void {
    if (tree === this.tree) return this.link(target, list, id);
    if (owner >= 0 && tree === this.visited) {
      const g = this.owners.get(owner)!;
      if (id === owner) return this.link(target, list, g.row);
      if (tree.parent[id] === owner) return this.linkResults(g, id, target, list);
    }
    this.copyRow(tree, id, target, list, Task.Copy);
  }

  private fail(path: Path | null, message: string): never {
    const where = pathText(path);
    throw new BuildError(`${this.op}: ${where === "" ? "root" : where}: ${message}`, where);
  }

  // The path of the plain node at depth `d` on the current path, then, if given, of its field
  // `key` and that field's item `index`: made only for an error message.
  private pathAt(d: number, key?: string, index = -1): Path | null {
    let p = this.rootPath;
    for (let k = 1; k <= d; k++) {
      const parent = KIND_BY_NAME.get((this.anc[k - 1] as { _type: string })._type)!;
      p = { up: p, key: KINDS[parent]!.fields[this.ancField[k]!]!.name };
      if (this.ancIdx[k]! >= 0) p = { up: p, key: this.ancIdx[k]! };
    }
    if (key !== undefined) p = { up: p, key };
    if (index >= 0) p = { up: p, key: index };
    return p;
  }

  // Plain node `obj` at depth `d` is its own ancestor (the input has a cycle), or we have not
  // looked yet. Comparing with every ancestor would cost the depth per node; instead each node is
  // compared with the one ancestor at the largest power of two below its depth, as in Brent's
  // cycle detection: a path that repeats with period L from depth m has a node equal to that
  // ancestor by depth 4 * max(m, L), so a cycle is always found, after a bounded detour.
  // Then the first repeat on the path is the node reported, as checking every ancestor would.
  private checkCycle(obj: object, d: number): void {
    if (d === 0) return;
    const p = d === 1 ? 0 : 1 << (31 - Math.clz32(d - 1));
    if (this.anc[p] !== obj) return;
    const seen = new Set<unknown>();
    for (let k = 0; k <= d; k++) {
      const x = this.anc[k];
      if (seen.has(x)) this.fail(this.pathAt(k), `${(x as { _type: string })._type} contains itself (the input has a cycle)`);
      seen.add(x);
    }
  }

  /** Emits plain node `x`, at depth `d` below its plain root (see anc), at `target`. */
  private plain(x: unknown, target: number, list: number[] | null, d: number, owner: number): void {
    if (isView(x)) return this.placeView(x.tree, x.nodeId, target, list, owner);
    if (x === null || typeof x !== "object" || Array.isArray(x))
      this.fail(this.pathAt(d), `expected a node (an object with _type), got ${describe(x)}`);
    const obj = x as Record<string, unknown>;
    const type = obj._type;
    if (typeof type !== "string") this.fail(this.pathAt(d), `expected a node (an object with _type), got an object without a string _type`);
    const kind = KIND_BY_NAME.get(type);
    if (kind === undefined) {
      this.fail(
        this.pathAt(d),
        VALUE_NAMES.has(type)
          ? `expected a node, got ${type} (a context or operator belongs in a ctx or op field)`
          : `unknown node type "${type}"`,
      );
    }
    // Its keys must be allowed ones. Inputs repeat a few key orders per kind, so the last order
    // checked is kept (KEY_ORDER) and a key equal to the one at its place there needs no lookup.
    const order = KEY_ORDER[kind]!;
    let k = 0;
    for (const key in obj) {
      if (order[k] !== key) {
        if (!ALLOWED_KEYS[kind]!.has(key)) this.fail(this.pathAt(d), `${type} has no field "${key}"`);
        order[k] = key;
        order.length = k + 1;
      }
      k++;
    }
    this.anc[d] = obj;
    this.checkCycle(obj, d);
    const t = this.tree;
    const id = this.row(kind);
    this.place(target, list, id);
    const spec = KINDS[kind]!;
    const b = t.base[id]!;
    const slotOf = FIELD_SLOT[kind]!;
    const down = d + 1;
    for (let i = spec.fields.length - 1; i >= 0; i--) {
      const f = spec.fields[i]!;
      const name = f.name;
      const v = obj[name];
      const si = slotOf[i]!;
      if (v === undefined && !hasDefault(f)) this.fail(this.pathAt(d), `${type} is missing its required field "${name}"`);
      switch (f.category) {
        case "node":
        case "node?":
          if (v !== undefined && v !== null) this.task(Task.Plain, v, 0, b + si, null, owner, down, i, -1);
          break;
        case "node*": {
          if (v === undefined) break;
          if (!Array.isArray(v)) this.fail(this.pathAt(d, name), `expected a list, got ${describe(v)}`);
          if (v.length === 0) break;
          const items: number[] = [];
          this.task(Task.Finish, null, 0, si < 0 ? TO_TYPE_IGNORES : b + si, items, -1, 0, -1, -1);
          for (let j = v.length - 1; j >= 0; j--) {
            const item: unknown = v[j];
            if (item === null) this.task(Task.None, null, 0, TO_LIST, items, -1, 0, -1, -1);
            else this.task(Task.Plain, item, 0, TO_LIST, items, owner, down, i, j);
          }
          break;
        }
        case "ident":
        case "ident?":
          if (v === undefined || v === null) break;
          if (typeof v !== "string") this.fail(this.pathAt(d, name), `expected a str or null, got ${describe(v)}`);
          this.setField(id, kind, i, this.name(v));
          break;
        case "ident*": {
          if (v === undefined) break;
          if (!Array.isArray(v)) this.fail(this.pathAt(d, name), `expected a list of str, got ${describe(v)}`);
          t.slots[b + si] = this.identList(v, d, name);
          break;
        }
        case "int":
        case "int?":
          if (v === undefined || v === null) {
            if (f.category === "int") this.fail(this.pathAt(d, name), `expected an int, got ${describe(v)}`);
            t.slots[b + si] = MISSING;
          } else t.slots[b + si] = this.int32(v, d, name);
          break;
        case "constant":
          t.slots[b + si] = t.constant(this.constant(v, d, name));
          break;
        case "ctx":
          t.slots[b + si] = v === undefined ? LOAD : this.named(v, EXPR_CONTEXT_NAMES, "an expression context (Load, Store, Del)", d, name);
          break;
        case "op":
          t.slots[b + si] = this.named(v, operatorNames(f.type), f.type, d, name);
          break;
        case "op*": {
          if (v === undefined) break;
          if (!Array.isArray(v)) this.fail(this.pathAt(d, name), `expected a list of comparison operators, got ${describe(v)}`);
          t.slots[b + si] = this.cmpOpList(v, d, name);
          break;
        }
      }
    }
    if (spec.hasPosition) {
      const pos = t.pos!;
      const p = id * 4;
      const l = obj.lineno;
      const c = obj.col_offset;
      const el = obj.end_lineno;
      const ec = obj.end_col_offset;
      pos[p] = l === undefined || l === null ? MISSING : this.int32(l, d, "lineno");
      pos[p + 1] = c === undefined || c === null ? MISSING : this.int32(c, d, "col_offset");
      pos[p + 2] = el === undefined || el === null ? MISSING : this.int32(el, d, "end_lineno");
      pos[p + 3] = ec === undefined || ec === null ? MISSING : this.int32(ec, d, "end_col_offset");
    }
  }

  // The strings of list field `key` of the plain node at depth `d`, as a list of identifiers.
  // (A loop in a method of its own: a closure in plain() would make V8 allocate a context for
  // plain()'s captured variables on every call.)
  private identList(v: readonly unknown[], d: number, key: string): number {
    const items: number[] = new Array(v.length);
    for (let j = 0; j < v.length; j++) {
      const s = v[j];
      if (typeof s !== "string") this.fail(this.pathAt(d, key, j), `expected a str, got ${describe(s)}`);
      items[j] = this.name(s);
    }
    return this.listOf(items);
  }

  // The comparison operators of list field `key` of the plain node at depth `d`, as a list.
  private cmpOpList(v: readonly unknown[], d: number, key: string): number {
    const items: number[] = new Array(v.length);
    for (let j = 0; j < v.length; j++) items[j] = this.named(v[j], CMP_OPERATOR_NAMES, "a comparison operator", d, key, j);
    return this.listOf(items);
  }

  // Field `key` of the plain node at depth `d` (an error names that path).
  private int32(v: unknown, d: number, key: string): number {
    if (typeof v !== "number" || !Number.isInteger(v)) this.fail(this.pathAt(d, key), `expected an int, got ${describe(v)}`);
    if (v <= MISSING || v > 0x7fffffff) this.fail(this.pathAt(d, key), `${v} is out of range (quarry stores these as 32-bit ints)`);
    return v;
  }

  // A context or operator: `{ _type: "Load" }` (as toJSON writes it) or the bare name (as views
  // give it), in field `key` (item `index`) of the plain node at depth `d`. `what` says what was
  // expected; an operator field's type name stands for "an operator of type <type>".
  private named(v: unknown, names: readonly string[], what: string, d: number, key: string, index = -1): number {
    const name =
      typeof v === "string" ? v : v !== null && typeof v === "object" && !Array.isArray(v) ? (v as { _type?: unknown })._type : undefined;
    const i = typeof name === "string" && name !== "" ? names.indexOf(name) : -1;
    if (i < 0) {
      const expected = what.includes(" ") ? what : `an operator of type ${what}`;
      this.fail(this.pathAt(d, key, index), `expected ${expected}, got ${describe(v)}`);
    }
    return i;
  }

  // A constant in plainConstant's encoding (or as a PyValue, as views give it).
  private constant(v: unknown, d: number, key: string): PyValue {
    if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "bigint") return v;
    if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
    if (v === PY_ELLIPSIS || v instanceof PyBytes || v instanceof PyComplex || v instanceof PyStr) return v as PyValue;
    if (typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      switch (o._type) {
        case "int":
          if (typeof o.value === "string" && /^-?[0-9]+$/.test(o.value)) return BigInt(o.value);
          break;
        case "float":
          if (typeof o.value === "string") {
            const n = Number(o.value);
            if (!Number.isNaN(n) || o.value === "NaN") return n;
          } else if (typeof o.value === "number") return o.value;
          break;
        case "bytes":
          if (Array.isArray(o.value) && o.value.every((x) => Number.isInteger(x) && x >= 0 && x <= 255))
            return new PyBytes(Uint8Array.from(o.value as number[]));
          break;
        case "str":
          // Code points (materialize.ts writes a PyStr so); a plain string comes back when one can hold them.
          if (Array.isArray(o.value) && o.value.every((x) => Number.isInteger(x) && x >= 0 && x <= 0x10ffff))
            return PyStr.fromCodePoints(o.value as number[]);
          break;
        case "complex":
          if (typeof o.real === "number" && typeof o.imag === "number") return new PyComplex(o.real, o.imag);
          break;
        case "Ellipsis":
          return PY_ELLIPSIS;
      }
    }
    this.fail(
      this.pathAt(d, key),
      `expected a constant (str, bool, null, a number, or {_type: "int" | "float" | "bytes" | "complex" | "str" | "Ellipsis", ...}), got ${describe(v)}`,
    );
  }
}

// Whether the parent column of a tree being built was read (a callback asked a view that
// genericVisit returned for its parent): it was derived from unfinished rows, so the finished tree
// is copied (a fresh Tree derives its own). Tree keeps the column in a private field.
function parentsRead(t: Tree): boolean {
  return (t as unknown as { parentCol: Int32Array | null }).parentCol != null;
}

// Fields CPython's constructors fill in when omitted: lists ([]), optional fields (None) and
// expression contexts (Load()).
function hasDefault(f: FieldSpec): boolean {
  switch (f.category) {
    case "node*":
    case "ident*":
    case "op*":
    case "node?":
    case "ident?":
    case "int?":
    case "ctx":
      return true;
    default:
      return false;
  }
}

function grow32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") {
    const type = (v as { _type?: unknown })._type;
    return typeof type === "string" ? type : "an object";
  }
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  return typeof v === "bigint" ? v + "n" : String(v);
}
