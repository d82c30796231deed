// CPython 3.14's AST optimizer (Python/ast_preprocess.c), which ast.parse(optimize=N) with N > 0
// runs: a copy of a parsed tree with exactly its rewrites, nothing more. Iterative (one task stack).
import { KINDS, NodeKind as K, Operator, UnaryOperator, ExprContext } from "../schema/generated/nodes.js";
import { FIELD_SLOT } from "./layout.js";
import { Tree, LAZY_STRING, type NodeId } from "./tree.js";
import { PyComplex, type PyValue } from "../core/pyvalue.js";

// What ast_preprocess.c does to an AST it is given with optimize > 0 (3.14 moved constant
// folding to the code generator; this is what is left of it):
//  - a `__debug__` Name read (Load) becomes Constant(False);
//  - `'fmt' % (a, b)` with a str constant on the left and a tuple without starred items on the
//    right becomes an f-string (JoinedStr) when every format unit is %s, %r or %a with at most a
//    `-` flag (other flags are ignored), a width and a precision of at most two digits, and the
//    units and items are equally many; its literal parts and format specs are Constants at
//    position -1, each FormattedValue at its item's position;
//  - in match patterns (MatchValue values and MatchMapping keys, nowhere else), `-number` and
//    `real + imaginary` / `real - imaginary` become one Constant;
//  - with optimize >= 2, a docstring (a body's first statement, an Expr of a str Constant) of a
//    module, class or function is removed, or replaced by `pass` (at its start, 4 columns long)
//    if it is the whole body; a str Constant statement that then comes first is wrapped in a
//    JoinedStr, so that it does not become the docstring;
// everywhere except in annotations under `from __future__ import annotations` and in a
// FunctionType. Children are rewritten before their parent, so `'%s' % (__debug__,)` formats
// the Constant.

// Task kinds of the copy (a stack of [task, a, b, c] quadruples).
const VISIT = 0; // a = old node (0: a None list item, unless c = 1: the root), b = mode
const DONE = 1; // a = old node, b = values mark, c = 1 if its body lost its first statement
const JOINED = 2; // a = old BinOp, b = values mark: the JoinedStr of a folded %-format
const FORMATTED = 3; // a = old item, b = plan part index: a FormattedValue around the item
const LITERAL = 4; // b = plan part index: a literal Constant of a folded %-format
const WRAP = 5; // a = old Expr: its (copied) str Constant wrapped in a JoinedStr
const PASS = 6; // a = old Expr: the `pass` that replaces a docstring that was the whole body

// Modes: how a subtree is treated.
const FOLD = 0; // astfold_expr / astfold_stmt
const KEEP = 1; // copied as is (annotations under future annotations, FunctionType)
const MATCH = 2; // fold_const_match_patterns: folds this node only
const WRAPDOC = 3; // an Expr whose str Constant would become the new docstring

const NAME_CTX = FIELD_SLOT[K.Name]![1]!;
const BINOP_LEFT = FIELD_SLOT[K.BinOp]![0]!;
const BINOP_OP = FIELD_SLOT[K.BinOp]![1]!;
const BINOP_RIGHT = FIELD_SLOT[K.BinOp]![2]!;
const UNARY_OP = FIELD_SLOT[K.UnaryOp]![0]!;
const UNARY_OPERAND = FIELD_SLOT[K.UnaryOp]![1]!;
const CONSTANT_VALUE = FIELD_SLOT[K.Constant]![0]!;
const TUPLE_ELTS = FIELD_SLOT[K.Tuple]![0]!;
const EXPR_VALUE = FIELD_SLOT[K.Expr]![0]!;
const FV_VALUE = FIELD_SLOT[K.FormattedValue]![0]!;
const FV_CONVERSION = FIELD_SLOT[K.FormattedValue]![1]!;
const FV_SPEC = FIELD_SLOT[K.FormattedValue]![2]!;
const JOINED_VALUES = FIELD_SLOT[K.JoinedStr]![0]!;

/** A folded %-format: literal text, or a unit (conversion character, format spec or null). */
type Part = string | { conversion: number; spec: string | null };

/**
 * The tree ast.parse(source, optimize=level) returns for a tree parsed from `source` (level > 0):
 * a new, compacted tree that shares the old one's source. Unchanged nodes keep their offsets;
 * nodes CPython creates at position -1 make the new tree carry explicit positions.
 */
export function optimizeTree(old: Tree, level: number): Tree {
  const t = new Tree(old.source);
  t.constants = old.constants.slice();
  t.texts = old.texts;
  const oldTc = old.typeComments;
  const newTc = oldTc === null ? null : new Map<NodeId, number>();
  const rootKind = old.kind[old.root]!;
  if (rootKind !== K.Module) t.setRootKind(rootKind);
  const futureAnnotations = hasFutureAnnotations(old);
  const dropDocs = level >= 2;

  const tasks: number[] = [];
  const vals: number[] = [];
  const plans: Part[] = [];
  // Rows CPython gives explicit positions: id, lineno, col_offset, end_lineno, end_col_offset.
  const fixPos: number[] = [];
  let scratch = new Int32Array(64);
  const list = (from: number, n: number): number => {
    if (scratch.length < n) scratch = new Int32Array(Math.max(n, scratch.length * 2));
    for (let j = 0; j < n; j++) scratch[j] = vals[from + j]!;
    return t.list(scratch, 0, n);
  };
  const constant = (v: PyValue, s: number, e: number): number => {
    const id = t.add(K.Constant, s, e);
    t.slots[t.base[id]! + CONSTANT_VALUE] = t.constant(v);
    return id;
  };
  const push = (task: number, a: number, b: number, c: number): void => {
    tasks.push(task, a, b, c);
  };

  push(VISIT, old.root, rootKind === K.FunctionType ? KEEP : FOLD, 1);
  while (tasks.length > 0) {
    const c = tasks.pop()!;
    const b = tasks.pop()!;
    const a = tasks.pop()!;
    const task = tasks.pop()!;
    switch (task) {
      case VISIT: {
        const id = a;
        if (id === 0 && c !== 1) {
          vals.push(0); // a None item (Dict.keys for `**x`)
          break;
        }
        const k = old.kind[id]!;
        if (b === FOLD) {
          if (k === K.Name && isDebugRead(old, id)) {
            vals.push(constant(false, old.start[id]!, old.end[id]!));
            break;
          }
          if (k === K.BinOp) {
            const parts = formatPlan(old, id);
            if (parts !== null) {
              push(JOINED, id, vals.length, 0);
              const elts = old.slot(old.slot(id, BINOP_RIGHT), TUPLE_ELTS);
              let item = old.listLength(elts);
              for (let j = parts.length - 1; j >= 0; j--) {
                const part = parts[j]!;
                plans.push(part);
                if (typeof part === "string") push(LITERAL, 0, plans.length - 1, 0);
                else {
                  const x = old.listItem(elts, --item);
                  push(FORMATTED, x, plans.length - 1, 0);
                  push(VISIT, x, FOLD, 0);
                }
              }
              break;
            }
          }
        } else if (b === MATCH) {
          const v = matchFold(old, id);
          if (v !== undefined) {
            vals.push(constant(v, old.start[id]!, old.end[id]!));
            break;
          }
          // A BinOp whose left side folded but whose sum did not (an int too large for a
          // float): CPython has already replaced the left side.
          if (k === K.BinOp && isMatchSum(old, id) && matchFold(old, old.slot(id, BINOP_LEFT)) !== undefined) {
            push(DONE, id, vals.length, 0);
            push(VISIT, old.slot(id, BINOP_RIGHT), KEEP, 0);
            push(VISIT, old.slot(id, BINOP_LEFT), MATCH, 0);
            break;
          }
        } else if (b === WRAPDOC) {
          push(WRAP, id, 0, 0);
          push(VISIT, old.slot(id, EXPR_VALUE), FOLD, 0);
          break;
        }
        pushChildren(id, k, b);
        break;
      }
      case DONE: {
        const nid = copyRow(a, b, c === 1);
        vals.length = b;
        vals.push(nid);
        break;
      }
      case JOINED: {
        const n = vals.length - b;
        const id = t.add(K.JoinedStr, old.start[a]!, old.end[a]!);
        t.slots[t.base[id]! + JOINED_VALUES] = list(b, n);
        vals.length = b;
        vals.push(id);
        break;
      }
      case FORMATTED: {
        const part = plans[b] as { conversion: number; spec: string | null };
        const value = vals.pop()!;
        let spec = 0;
        if (part.spec !== null) {
          spec = constant(part.spec, old.start[a]!, old.start[a]!);
          fixPos.push(spec, -1, -1, -1, -1);
        }
        const id = t.add(K.FormattedValue, old.start[a]!, old.end[a]!);
        const base = t.base[id]!;
        t.slots[base + FV_VALUE] = value;
        t.slots[base + FV_CONVERSION] = part.conversion;
        t.slots[base + FV_SPEC] = spec;
        vals.push(id);
        break;
      }
      case LITERAL: {
        const id = constant(plans[b] as string, 0, 0);
        fixPos.push(id, -1, -1, -1, -1);
        vals.push(id);
        break;
      }
      case WRAP: {
        const value = vals.pop()!;
        const s = old.start[a]!,
          e = old.end[a]!;
        const js = t.add(K.JoinedStr, s, e);
        scratch[0] = value;
        t.slots[t.base[js]! + JOINED_VALUES] = t.list(scratch, 0, 1);
        const id = t.add(K.Expr, s, e);
        t.slots[t.base[id]! + EXPR_VALUE] = js;
        vals.push(id);
        break;
      }
      case PASS: {
        // Pass(lineno, col_offset, lineno, col_offset + 4): four bytes on the docstring's line.
        const s = old.start[a]!;
        const src = old.source;
        let fits = true;
        for (let q = s; q < s + 4; q++) if (q >= src.length || src[q] === 10) fits = false;
        const id = t.add(K.Pass, s, fits ? s + 4 : s);
        if (!fits) {
          const [line, col] = old.position(s);
          fixPos.push(id, line, col, line, col + 4);
        }
        vals.push(id);
        break;
      }
    }
  }
  // The root's derived type_ignores (leaves, copied as they are).
  const ignores = old.typeIgnores;
  if (ignores !== 0) {
    const n = old.listLength(ignores);
    if (scratch.length < n) scratch = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const x = old.listItem(ignores, j);
      const id = t.add(K.TypeIgnore, old.start[x]!, old.end[x]!);
      for (let s = 0; s < 2; s++) t.slots[t.base[id]! + s] = old.slots[old.base[x]! + s]!;
      scratch[j] = id;
    }
    t.typeIgnores = t.list(scratch, 0, n);
  }
  if (newTc !== null && newTc.size > 0) t.typeComments = newTc;
  if (fixPos.length > 0) {
    const pos = t.explicitPositions();
    for (let j = 0; j < fixPos.length; j += 5) pos.set(fixPos.slice(j + 1, j + 5), fixPos[j]! * 4);
  }
  t.compact();
  return t;

  // Pushes DONE for node `id` (kind `k`, visited in `mode`) and VISITs of its children, so that
  // they complete in field order before it.
  function pushChildren(id: NodeId, k: number, mode: number): void {
    const spec = KINDS[k]!;
    const map = FIELD_SLOT[k]!;
    const base = old.base[id]!;
    // A docstring to drop: this body's first statement goes (or becomes `pass`).
    let doc = 0;
    const bodyField = dropDocs && mode === FOLD && HAS_DOCSTRING[k] === 1 ? BODY_FIELD[k]! : -1;
    if (bodyField >= 0 && isDocstring(old, old.listItem(old.slots[base + map[bodyField]!]!, 0), old.slots[base + map[bodyField]!]!)) {
      doc = old.listLength(old.slots[base + map[bodyField]!]!) === 1 ? 1 : 2;
    }
    push(DONE, id, vals.length, doc === 2 ? 1 : 0);
    for (let i = spec.fields.length - 1; i >= 0; i--) {
      const s = map[i]!;
      if (s < 0) continue;
      const f = spec.fields[i]!;
      const raw = old.slots[base + s]!;
      const childMode = mode === KEEP || mode === MATCH ? KEEP : childModeOf(k, f.name);
      if (f.category === "node" || f.category === "node?") {
        if (raw !== 0) push(VISIT, raw, childMode, 0);
      } else if (f.category === "node*") {
        const n = old.listLength(raw);
        const first = i === bodyField && doc !== 0 ? 1 : 0;
        for (let j = n - 1; j >= first; j--) {
          // The statement that comes first once the docstring is gone must not become one.
          const m = first === 1 && j === 1 && doc === 2 && isDocstring(old, old.listItem(raw, 1), raw) ? WRAPDOC : childMode;
          push(VISIT, old.listItem(raw, j), m, 0);
        }
        if (i === bodyField && doc === 1) push(PASS, old.listItem(raw, 0), 0, 0);
      }
    }
  }

  // The child mode for field `name` of a node of kind `k` folded normally.
  function childModeOf(k: number, name: string): number {
    if (k === K.MatchValue || (k === K.MatchMapping && name === "keys")) return MATCH;
    if (futureAnnotations && (name === "annotation" || (name === "returns" && (k === K.FunctionDef || k === K.AsyncFunctionDef))))
      return KEEP;
    return FOLD;
  }

  // A copy of row `id` whose child fields are the values from `mark` on (in field order).
  function copyRow(id: NodeId, mark: number, dropFirst: boolean): number {
    const k = old.kind[id]!;
    const spec = KINDS[k]!;
    const map = FIELD_SLOT[k]!;
    const nid = id === old.root ? 0 : t.addRow(k, old.start[id]!, old.end[id]!);
    if (nid === 0) {
      t.start[0] = old.start[id]!;
      t.end[0] = old.end[id]!;
    }
    const ob = old.base[id]!;
    const nb = t.base[nid]!;
    let at = mark;
    const bodyField = dropFirst ? BODY_FIELD[k]! : -1;
    for (let i = 0; i < spec.fields.length; i++) {
      const s = map[i]!;
      if (s < 0) continue;
      const f = spec.fields[i]!;
      const raw = old.slots[ob + s]!;
      if (f.category === "node" || f.category === "node?") {
        t.slots[nb + s] = raw === 0 ? 0 : vals[at++]!;
      } else if (f.category === "node*") {
        const n = old.listLength(raw) - (i === bodyField ? 1 : 0);
        t.slots[nb + s] = list(at, n);
        at += n;
      } else if (f.category === "ident*" || f.category === "op*") {
        // Lists of identifiers and operators hold no nodes: copied item by item.
        const n = old.listLength(raw);
        if (scratch.length < n) scratch = new Int32Array(Math.max(n, scratch.length * 2));
        for (let j = 0; j < n; j++) scratch[j] = old.listItem(raw, j);
        t.slots[nb + s] = t.list(scratch, 0, n);
      } else {
        t.slots[nb + s] = raw;
      }
    }
    if (newTc !== null) {
      const r = oldTc!.get(id);
      if (r !== undefined) newTc.set(nid, r);
    }
    return nid;
  }
}

// Kinds whose body may hold a docstring (astfold_body), and the index of that body field.
const HAS_DOCSTRING = new Uint8Array(KINDS.length);
const BODY_FIELD = new Int8Array(KINDS.length).fill(-1);
for (const k of [K.Module, K.FunctionDef, K.AsyncFunctionDef, K.ClassDef]) {
  HAS_DOCSTRING[k] = 1;
  BODY_FIELD[k] = KINDS[k]!.fields.findIndex((f) => f.name === "body");
}

// A Name reading `__debug__` (its identifier compared after NFKC, as CPython's is).
function isDebugRead(t: Tree, id: NodeId): boolean {
  if (t.slot(id, NAME_CTX) !== ExprContext.Load || t.end[id]! - t.start[id]! < 9) return false;
  return t.ident(t.field(id, 0)) === "__debug__";
}

// Statement `st` (first of the body list `body`) is a docstring: an Expr of a str Constant.
function isDocstring(t: Tree, st: NodeId, body: number): boolean {
  if (body === 0 || t.kind[st] !== K.Expr) return false;
  const v = t.slot(st, EXPR_VALUE);
  if (t.kind[v] !== K.Constant) return false;
  const raw = t.slot(v, CONSTANT_VALUE);
  if (raw !== LAZY_STRING && raw < 4) return false;
  return typeof t.value(raw, v) === "string";
}

// `from __future__ import annotations` among the leading future imports (after a docstring) of a
// Module or Interactive (CPython's future.c, as the compiler reads them).
function hasFutureAnnotations(t: Tree): boolean {
  const k = t.kind[t.root]!;
  if (k !== K.Module && k !== K.Interactive) return false;
  const body = t.field(t.root, 0);
  const n = t.listLength(body);
  for (let j = 0; j < n; j++) {
    const st = t.listItem(body, j);
    if (j === 0 && isDocstring(t, st, body)) continue;
    if (t.kind[st] !== K.ImportFrom || t.field(st, 2) !== 0) return false;
    const mod = t.field(st, 0);
    if (mod === 0 || t.ident(mod) !== "__future__") return false;
    const names = t.field(st, 1);
    for (let q = 0; q < t.listLength(names); q++) if (t.ident(t.field(t.listItem(names, q), 0)) === "annotations") return true;
  }
  return false;
}

// ---- match patterns (fold_const_match_patterns) ----

function isMatchSum(t: Tree, id: NodeId): boolean {
  const op = t.slot(id, BINOP_OP);
  return (op === Operator.Add || op === Operator.Sub) && t.kind[t.slot(id, BINOP_RIGHT)] === K.Constant;
}

// The Constant value node `id` of a match pattern folds to, or undefined if it stays (as it is).
function matchFold(t: Tree, id: NodeId): PyValue | undefined {
  const k = t.kind[id]!;
  if (k === K.UnaryOp) {
    const x = t.slot(id, UNARY_OPERAND);
    if (t.slot(id, UNARY_OP) !== UnaryOperator.USub || t.kind[x] !== K.Constant) return undefined;
    return negate(t.value(t.slot(x, CONSTANT_VALUE), x));
  }
  if (k === K.BinOp && isMatchSum(t, id)) {
    const l = t.slot(id, BINOP_LEFT);
    const lv = t.kind[l] === K.Constant ? t.value(t.slot(l, CONSTANT_VALUE), l) : matchFold(t, l);
    if (lv === undefined) return undefined;
    const r = t.slot(id, BINOP_RIGHT);
    return addSub(lv, t.value(t.slot(r, CONSTANT_VALUE), r), t.slot(id, BINOP_OP) === Operator.Sub);
  }
  return undefined;
}

// Python's -x for a number (the only operands the pattern grammar allows).
function negate(v: PyValue): PyValue | undefined {
  if (typeof v === "bigint") return -v;
  if (typeof v === "number") return -v;
  if (v instanceof PyComplex) return new PyComplex(-v.real, -v.imag);
  return undefined;
}

// Python 3.14's x + y or x - y for numbers, with its mixed-mode rules (a real and a complex
// operand combine without turning the real into a complex: real - c = (real - c.real, -c.imag)).
// undefined where Python raises (an int too large for a float).
function addSub(x: PyValue, y: PyValue, sub: boolean): PyValue | undefined {
  if (typeof x === "bigint" && typeof y === "bigint") return sub ? x - y : x + y;
  const xc = x instanceof PyComplex,
    yc = y instanceof PyComplex;
  if (!xc && !yc) {
    const a = toFloat(x),
      b = toFloat(y);
    if (a === undefined || b === undefined) return undefined;
    return sub ? a - b : a + b;
  }
  if (xc && yc) return sub ? new PyComplex(x.real - y.real, x.imag - y.imag) : new PyComplex(x.real + y.real, x.imag + y.imag);
  if (yc) {
    const a = toFloat(x);
    if (a === undefined) return undefined;
    return sub ? new PyComplex(a - y.real, -y.imag) : new PyComplex(a + y.real, y.imag);
  }
  const b = toFloat(y);
  if (b === undefined || !(x instanceof PyComplex)) return undefined;
  return sub ? new PyComplex(x.real - b, x.imag) : new PyComplex(x.real + b, x.imag);
}

function toFloat(v: PyValue): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") {
    const f = Number(v);
    return Number.isFinite(f) ? f : undefined;
  }
  return undefined;
}

// ---- %-formatting (fold_binop, optimize_format) ----

const F_LJUST = 1;

// The parts `'fmt' % (items)` (BinOp `id`) becomes, or null if CPython leaves it.
function formatPlan(t: Tree, id: NodeId): Part[] | null {
  if (t.slot(id, BINOP_OP) !== Operator.Mod) return null;
  const left = t.slot(id, BINOP_LEFT);
  const right = t.slot(id, BINOP_RIGHT);
  if (t.kind[left] !== K.Constant || t.kind[right] !== K.Tuple) return null;
  const raw = t.slot(left, CONSTANT_VALUE);
  if (raw !== LAZY_STRING && raw < 4) return null;
  const fmt = t.value(raw, left);
  if (typeof fmt !== "string") return null;
  const elts = t.slot(right, TUPLE_ELTS);
  const n = t.listLength(elts);
  for (let j = 0; j < n; j++) if (t.kind[t.listItem(elts, j)] === K.Starred) return null;
  const parts: Part[] = [];
  const len = fmt.length;
  let pos = 0;
  let cnt = 0;
  for (;;) {
    // A literal run: up to a '%' that does not start "%%".
    const start = pos;
    let percents = false;
    while (pos < len) {
      if (fmt.charCodeAt(pos) !== 37) pos++;
      else if (pos + 1 < len && fmt.charCodeAt(pos + 1) === 37) {
        percents = true;
        pos += 2;
      } else break;
    }
    if (pos > start) {
      const lit = fmt.slice(start, pos);
      parts.push(percents ? lit.replaceAll("%%", "%") : lit);
    }
    if (pos >= len) break;
    if (cnt >= n) return null; // more format units than items
    pos++;
    const unit = formatUnit(fmt, pos);
    if (unit === null) return null;
    cnt++;
    pos = unit.pos;
    parts.push({ conversion: unit.conversion, spec: unit.spec });
  }
  return cnt < n ? null : parts;
}

// One format unit after its '%' (simple_format_arg_parse, parse_format): flags, a width and a
// precision of at most two digits each, then s, r or a; null for anything else.
function formatUnit(fmt: string, at: number): { pos: number; conversion: number; spec: string | null } | null {
  const len = fmt.length;
  let pos = at;
  let ch = 0;
  const next = (): boolean => {
    if (pos >= len) return false;
    ch = fmt.charCodeAt(pos++);
    return true;
  };
  let flags = 0;
  for (;;) {
    if (!next()) return null;
    if (ch === 45)
      flags |= F_LJUST; // '-'
    else if (ch !== 43 && ch !== 32 && ch !== 35 && ch !== 48) break; // '+' ' ' '#' '0' are ignored
  }
  let width = -1;
  let prec = -1;
  if (ch >= 48 && ch <= 57) {
    width = 0;
    let digits = 0;
    while (ch >= 48 && ch <= 57) {
      width = width * 10 + (ch - 48);
      if (!next()) return null;
      if (++digits >= 3) return null;
    }
  }
  if (ch === 46) {
    if (!next()) return null;
    prec = 0;
    let digits = 0;
    while (ch >= 48 && ch <= 57) {
      prec = prec * 10 + (ch - 48);
      if (!next()) return null;
      if (++digits >= 3) return null;
    }
  }
  if (ch !== 115 && ch !== 114 && ch !== 97) return null; // s r a
  let spec = "";
  if ((flags & F_LJUST) === 0 && width > 0) spec += ">";
  if (width >= 0) spec += String(width);
  if (prec >= 0) spec += "." + String(prec);
  return { pos, conversion: ch, spec: spec === "" ? null : spec };
}
