// Three functions of CPython 3.14's `ast` module over quarry trees: literal_eval, get_docstring
// and compare, with CPython's results and error messages. Reads the tree only; never throws on
// bad input (literalEval returns its errors as data).
import { PyBytes, PyComplex, PyStr, PY_ELLIPSIS, strEquals, type PyValue } from "../core/pyvalue.js";
import { KINDS, NodeKind, Operator, UnaryOperator, CMP_OPERATOR_NAMES, EXPR_CONTEXT_NAMES } from "../schema/generated/nodes.js";
import { operatorNames } from "./layout.js";
import { pyRepr, reprStr } from "./repr.js";
import type { NodeId, Tree } from "./tree.js";

// ---- literal_eval values ----

/** A Python tuple. */
export class PyTuple {
  readonly items: readonly PyLiteral[];
  constructor(items: readonly PyLiteral[]) {
    this.items = items;
  }
}
/** A Python list. */
export class PyList {
  readonly items: PyLiteral[];
  constructor(items: PyLiteral[]) {
    this.items = items;
  }
}
/**
 * A Python set: distinct items by Python equality (1, 1.0 and True are one item; the first one
 * inserted is kept), in insertion order. CPython iterates a set in hash order, which this does
 * not reproduce.
 */
export class PySet {
  readonly items: PyLiteral[];
  constructor(items: PyLiteral[]) {
    this.items = items;
  }
}
/**
 * A Python dict: `keys[i]` maps to `values[i]`, distinct keys by Python equality, in insertion
 * order (as a dict keeps them: a repeated key keeps its first spelling and takes the last value).
 */
export class PyDict {
  readonly keys: PyLiteral[];
  readonly values: PyLiteral[];
  constructor(keys: PyLiteral[], values: PyLiteral[]) {
    this.keys = keys;
    this.values = values;
  }
}
/** What literal_eval can return: a constant or a (nested) tuple, list, set or dict of them. */
export type PyLiteral = PyValue | PyTuple | PyList | PySet | PyDict;

/** The exception literal_eval raises, as data. */
export interface LiteralEvalError {
  cls: "ValueError" | "TypeError" | "OverflowError" | "RecursionError";
  msg: string;
}

export type LiteralEvalResult = { value: PyLiteral; error: null } | { value: undefined; error: LiteralEvalError };

/** Containers nested deeper than this give a RecursionError instead of a deep JS stack. */
const MAX_DEPTH = 990;

class Raise {
  readonly error: LiteralEvalError;
  constructor(error: LiteralEvalError) {
    this.error = error;
  }
}

/**
 * `ast.literal_eval(node)` for node `id` of `tree` (an Expression's body, or any expression node;
 * the root Module is not an expression and is rejected as CPython rejects one). Returns the value,
 * or the exception CPython raises: ValueError "malformed node or string on line N: <repr>" (the
 * node's repr as 3.14 prints it, e.g. `Name(id='x', ctx=Load())`), TypeError for unhashable set
 * items and dict keys, OverflowError for an int too large for float in `int + complex`.
 * Containers nested deeper than ~1000 give a RecursionError (CPython's own limit is about as
 * deep; the parser's bracket limit of 200 keeps parsed sources far below it). Never throws.
 */
export function literalEval(tree: Tree, id: NodeId): LiteralEvalResult {
  try {
    return { value: convert(tree, id, 0), error: null };
  } catch (e) {
    if (e instanceof Raise) return { value: undefined, error: e.error };
    throw e;
  }
}

function malformed(tree: Tree, id: NodeId | null): never {
  if (id === null) throw new Raise({ cls: "ValueError", msg: "malformed node or string: None" });
  const hasPos = KINDS[tree.kind[id]!]!.hasPosition && id !== tree.root;
  const on = hasPos ? ` on line ${tree.lineOf(tree.start[id]!)}` : "";
  throw new Raise({ cls: "ValueError", msg: `malformed node or string${on}: ${nodeRepr(tree, id)}` });
}

function isNumber(v: PyValue): boolean {
  return typeof v === "bigint" || typeof v === "number" || v instanceof PyComplex;
}

// _convert_num: a Constant holding an int, float or complex (bool is not one).
function convertNum(tree: Tree, id: NodeId): PyValue {
  if (tree.kind[id] !== NodeKind.Constant) malformed(tree, id);
  const v = tree.value(tree.field(id, 0), id);
  if (!isNumber(v)) malformed(tree, id);
  return v;
}

// _convert_signed_num: a number, or +/- a number.
function convertSignedNum(tree: Tree, id: NodeId): PyValue {
  if (tree.kind[id] === NodeKind.UnaryOp) {
    const op = tree.field(id, 0);
    if (op === UnaryOperator.UAdd || op === UnaryOperator.USub) {
      const v = convertNum(tree, tree.field(id, 1));
      if (op === UnaryOperator.UAdd) return v;
      if (typeof v === "bigint") return -v;
      if (typeof v === "number") return -v;
      const z = v as PyComplex;
      return new PyComplex(-z.real, -z.imag);
    }
  }
  return convertNum(tree, id);
}

function convert(tree: Tree, id: NodeId, depth: number): PyLiteral {
  if (depth > MAX_DEPTH) throw new Raise({ cls: "RecursionError", msg: "maximum recursion depth exceeded" });
  switch (tree.kind[id]) {
    case NodeKind.Constant:
      return tree.value(tree.field(id, 0), id);
    case NodeKind.Tuple:
    case NodeKind.List: {
      const l = tree.field(id, 0);
      const n = tree.listLength(l);
      const items: PyLiteral[] = new Array(n);
      for (let j = 0; j < n; j++) items[j] = convert(tree, tree.listItem(l, j), depth + 1);
      return tree.kind[id] === NodeKind.Tuple ? new PyTuple(items) : new PyList(items);
    }
    case NodeKind.Set: {
      const l = tree.field(id, 0);
      const set = new Distinct("set element");
      for (let j = 0; j < tree.listLength(l); j++) set.add(convert(tree, tree.listItem(l, j), depth + 1), null);
      return new PySet(set.keys);
    }
    case NodeKind.Call: {
      // set(): the one call allowed, with no arguments at all.
      const func = tree.field(id, 0);
      if (
        tree.kind[func] === NodeKind.Name &&
        tree.ident(tree.field(func, 0)) === "set" &&
        tree.listLength(tree.field(id, 1)) === 0 &&
        tree.listLength(tree.field(id, 2)) === 0
      )
        return new PySet([]);
      break;
    }
    case NodeKind.Dict: {
      const kl = tree.field(id, 0);
      const vl = tree.field(id, 1);
      const n = tree.listLength(kl);
      if (n !== tree.listLength(vl)) malformed(tree, id);
      // dict(zip(map(_convert, keys), map(_convert, values))): key, value, insert, in turn.
      const d = new Distinct("dict key");
      for (let j = 0; j < n; j++) {
        const k = tree.listItem(kl, j);
        if (k === 0) malformed(tree, null); // `**x` has no key: _convert(None)
        const key = convert(tree, k, depth + 1);
        const value = convert(tree, tree.listItem(vl, j), depth + 1);
        d.add(key, value);
      }
      return new PyDict(d.keys, d.values);
    }
    case NodeKind.BinOp: {
      const op = tree.field(id, 1);
      if (op === Operator.Add || op === Operator.Sub) {
        const left = convertSignedNum(tree, tree.field(id, 0));
        const right = convertNum(tree, tree.field(id, 2));
        if ((typeof left === "bigint" || typeof left === "number") && right instanceof PyComplex) {
          const x = typeof left === "bigint" ? intToFloat(left) : left;
          // 3.14's mixed real/complex arithmetic: the real operand leaves the imaginary part alone.
          return op === Operator.Add ? new PyComplex(x + right.real, right.imag) : new PyComplex(x - right.real, -right.imag);
        }
      }
      break;
    }
  }
  return convertSignedNum(tree, id);
}

function intToFloat(v: bigint): number {
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Raise({ cls: "OverflowError", msg: "int too large to convert to float" });
  return x;
}

// Insertion-ordered distinct keys under Python equality, through a canonical string per value.
class Distinct {
  readonly keys: PyLiteral[] = [];
  readonly values: PyLiteral[] = [];
  readonly #index = new Map<string, number>();
  readonly role: string;
  constructor(role: string) {
    this.role = role;
  }
  add(k: PyLiteral, v: PyLiteral): void {
    const h = hashKey(k);
    if (typeof h !== "string") {
      const outer = typeName(k);
      throw new Raise({ cls: "TypeError", msg: `cannot use '${outer}' as a ${this.role} (unhashable type: '${h.type}')` });
    }
    const at = this.#index.get(h);
    if (at === undefined) {
      this.#index.set(h, this.keys.length);
      this.keys.push(k);
      this.values.push(v);
    } else this.values[at] = v;
  }
}

function typeName(v: PyLiteral): string {
  if (v instanceof PyTuple) return "tuple";
  if (v instanceof PyList) return "list";
  if (v instanceof PySet) return "set";
  if (v instanceof PyDict) return "dict";
  switch (typeof v) {
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "string":
      return "str";
    case "boolean":
      return "bool";
    default:
      if (v === null) return "NoneType";
      if (v instanceof PyStr) return "str";
      if (v instanceof PyBytes) return "bytes";
      if (v instanceof PyComplex) return "complex";
      return "ellipsis";
  }
}

// Equal keys for values Python finds equal (and so hash equally): numbers by value across
// bool/int/float/complex, tuples item by item. An unhashable value gives its type instead.
function hashKey(v: PyLiteral): string | { type: string } {
  if (v instanceof PyList || v instanceof PySet || v instanceof PyDict) return { type: typeName(v) };
  if (v instanceof PyTuple) {
    const parts: string[] = [];
    for (const x of v.items) {
      const h = hashKey(x);
      if (typeof h !== "string") return h;
      parts.push(h);
    }
    return `t(${parts.join(",")})`;
  }
  switch (typeof v) {
    case "bigint":
      return `n${v}`;
    case "boolean":
      return v ? "n1" : "n0";
    case "number":
      return realKey(v);
    case "string":
      return "s" + v;
    default:
      if (v === null) return "N";
      // A PyStr never equals a string (pyvalue.ts): a prefix of its own keeps their keys apart.
      if (v instanceof PyStr) return `p${v.splits.join(",")}:${v.text}`;
      if (v instanceof PyBytes) return "b" + Array.from(v.bytes).join(".");
      if (v instanceof PyComplex) return v.imag === 0 ? realKey(v.real) : `c${realKey(v.real)}|${realKey(v.imag)}`;
      return "E";
  }
}

function realKey(x: number): string {
  if (Number.isInteger(x)) return `n${BigInt(x)}`;
  return Number.isNaN(x) ? `nan${Math.random()}` : `f${x}`;
}

// ---- repr of a node, as 3.14's AST.__repr__ prints it ----

const REPR_DEPTH = 3;

/**
 * `repr(node)` in CPython 3.14: `Kind(field=value, ...)` with every field, lists shown as
 * `[first, ..., last]` when longer than two, and nodes three levels down as `Kind(...)`.
 */
export function nodeRepr(tree: Tree, id: NodeId, depth = 0): string {
  const spec = KINDS[tree.kind[id]!]!;
  if (depth >= REPR_DEPTH) return `${spec.name}(...)`;
  const parts: string[] = [];
  for (let i = 0; i < spec.fields.length; i++) {
    const f = spec.fields[i]!;
    const raw = tree.field(id, i);
    let s: string;
    switch (f.category) {
      case "node":
      case "node?":
        s = raw === 0 ? "None" : nodeRepr(tree, raw, depth + 1);
        break;
      case "node*":
        s = reprList(tree.listLength(raw), (j) => {
          const c = tree.listItem(raw, j);
          return c === 0 ? "None" : nodeRepr(tree, c, depth + 1);
        });
        break;
      case "ident":
      case "ident?":
        s = raw === 0 ? "None" : reprStr(tree.ident(raw));
        break;
      case "ident*":
        s = reprList(tree.listLength(raw), (j) => reprStr(tree.ident(tree.listItem(raw, j))));
        break;
      case "int":
      case "int?":
        s = String(raw);
        break;
      case "constant":
        s = pyRepr(tree.value(raw, id));
        break;
      case "ctx":
        s = singleton(EXPR_CONTEXT_NAMES[raw]!, depth + 1);
        break;
      case "op":
        s = singleton(operatorNames(f.type)[raw]!, depth + 1);
        break;
      case "op*":
        s = reprList(tree.listLength(raw), (j) => singleton(CMP_OPERATOR_NAMES[tree.listItem(raw, j)]!, depth + 1));
        break;
    }
    parts.push(`${f.name}=${s}`);
  }
  return `${spec.name}(${parts.join(", ")})`;
}

function singleton(name: string, depth: number): string {
  return depth >= REPR_DEPTH ? `${name}(...)` : `${name}()`;
}

function reprList(n: number, item: (j: number) => string): string {
  if (n === 0) return "[]";
  if (n === 1) return `[${item(0)}]`;
  if (n === 2) return `[${item(0)}, ${item(1)}]`;
  return `[${item(0)}, ..., ${item(n - 1)}]`;
}

// ---- get_docstring ----

/**
 * `ast.get_docstring(node, clean)`: the docstring of a Module, ClassDef, FunctionDef or
 * AsyncFunctionDef (its first statement, if that is an expression statement holding a str
 * Constant), cleaned as `inspect.cleandoc` does when `clean`; null when there is none. A PyStr
 * (a str with a high surrogate right before a low one) stays one. Throws a TypeError (CPython's
 * message) for other node kinds: that is a caller bug, not bad input.
 */
export function getDocstring(tree: Tree, id: NodeId, clean = true): string | PyStr | null {
  const k = tree.kind[id];
  if (k !== NodeKind.Module && k !== NodeKind.ClassDef && k !== NodeKind.FunctionDef && k !== NodeKind.AsyncFunctionDef) {
    throw new TypeError(`${reprStr(KINDS[k!]!.name)} can't have docstrings`);
  }
  const bodyField = KINDS[k]!.fields.findIndex((f) => f.name === "body");
  const body = tree.field(id, bodyField);
  if (tree.listLength(body) === 0) return null;
  const first = tree.listItem(body, 0);
  if (tree.kind[first] !== NodeKind.Expr) return null;
  const value = tree.field(first, 0);
  if (tree.kind[value] !== NodeKind.Constant) return null;
  const text = tree.value(tree.field(value, 0), value);
  if (text instanceof PyStr) return clean ? PyStr.fromCodePoints(cleandocCodePoints(text.codePoints())) : text;
  if (typeof text !== "string") return null;
  return clean ? cleandoc(text) : text;
}

// cleandoc over code points, for a PyStr (whose split pairs a JS string would fuse): the same
// steps as cleandoc below.
function cleandocCodePoints(doc: number[]): number[] {
  const lines: number[][] = [[]];
  let col = 0;
  for (const c of doc) {
    if (c === 0x09) {
      const n = 8 - (col % 8);
      for (let k = 0; k < n; k++) lines[lines.length - 1]!.push(0x20);
      col += n;
    } else if (c === 0x0a) {
      lines.push([]);
      col = 0;
    } else {
      lines[lines.length - 1]!.push(c);
      col = c === 0x0d ? 0 : col + 1;
    }
  }
  const spaces = (l: number[]): number => {
    let i = 0;
    while (i < l.length && l[i] === 0x20) i++;
    return i;
  };
  let margin = Infinity;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length - spaces(l) > 0) margin = Math.min(margin, spaces(l));
  }
  lines[0] = lines[0]!.slice(spaces(lines[0]!));
  if (margin < Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(margin);
  while (lines.length > 0 && lines[lines.length - 1]!.length === 0) lines.pop();
  let s = 0;
  while (s < lines.length && lines[s]!.length === 0) s++;
  const out: number[] = [];
  for (let i = s; i < lines.length; i++) {
    if (i > s) out.push(0x0a);
    for (const c of lines[i]!) out.push(c);
  }
  return out;
}

/** `inspect.cleandoc` (3.14): expand tabs, drop the common indentation of lines 2.., trim blank ends. */
export function cleandoc(doc: string): string {
  const lines = expandTabs(doc).split("\n");
  let margin = Infinity;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const content = cpLength(line) - leadingSpaces(line);
    if (content > 0) margin = Math.min(margin, leadingSpaces(line));
  }
  if (lines.length > 0) lines[0] = lines[0]!.slice(leadingSpaces(lines[0]!));
  if (margin < Infinity) for (let i = 1; i < lines.length; i++) lines[i] = dropCodePoints(lines[i]!, margin);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let s = 0;
  while (s < lines.length && lines[s] === "") s++;
  return lines.slice(s).join("\n");
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  return i;
}

function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || s.charCodeAt(i - 1) < 0xd800 || s.charCodeAt(i - 1) > 0xdbff) n++;
  }
  return n;
}

// s[margin:] in code points.
function dropCodePoints(s: string, n: number): string {
  let i = 0;
  let k = 0;
  while (k < n && i < s.length) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff ? 2 : 1;
    k++;
  }
  return s.slice(i);
}

// str.expandtabs(8): columns count code points and restart after "\n" and "\r".
function expandTabs(s: string): string {
  if (s.indexOf("\t") === -1) return s;
  let out = "";
  let col = 0;
  for (const ch of s) {
    if (ch === "\t") {
      const n = 8 - (col % 8);
      out += " ".repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === "\n" || ch === "\r" ? 0 : col + 1;
    }
  }
  return out;
}

// ---- compare ----

/** Options of compare(). */
export interface CompareOptions {
  /** Also compare lineno, col_offset, end_lineno and end_col_offset (default false). */
  compareAttributes?: boolean;
}

/**
 * `ast.compare(a, b, compare_attributes=...)` (3.14) for node `idA` of `treeA` and node `idB` of
 * `treeB` (the trees may differ): same node kinds, and equal fields all the way down, constants
 * equal with the same Python type (1 and 1.0 and True differ). Iterative: any depth, linear time.
 */
export function compare(treeA: Tree, idA: NodeId, treeB: Tree, idB: NodeId, options: CompareOptions = {}): boolean {
  const attrs = options.compareAttributes === true;
  const stack: number[] = [idA, idB];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    const k = treeA.kind[a]!;
    if (k !== treeB.kind[b]) return false;
    const spec = KINDS[k]!;
    for (let i = 0; i < spec.fields.length; i++) {
      const f = spec.fields[i]!;
      const ra = treeA.field(a, i);
      const rb = treeB.field(b, i);
      switch (f.category) {
        case "node":
        case "node?":
          if ((ra === 0) !== (rb === 0)) return false;
          if (ra !== 0) stack.push(ra, rb);
          break;
        case "node*": {
          const n = treeA.listLength(ra);
          if (n !== treeB.listLength(rb)) return false;
          for (let j = 0; j < n; j++) {
            const x = treeA.listItem(ra, j);
            const y = treeB.listItem(rb, j);
            if ((x === 0) !== (y === 0)) return false;
            if (x !== 0) stack.push(x, y);
          }
          break;
        }
        case "ident":
        case "ident?":
          if ((ra === 0) !== (rb === 0)) return false;
          if (ra !== 0 && treeA.ident(ra) !== treeB.ident(rb)) return false;
          break;
        case "ident*": {
          const n = treeA.listLength(ra);
          if (n !== treeB.listLength(rb)) return false;
          for (let j = 0; j < n; j++) if (treeA.ident(treeA.listItem(ra, j)) !== treeB.ident(treeB.listItem(rb, j))) return false;
          break;
        }
        case "constant":
          if (!sameConstant(treeA.value(ra, a), treeB.value(rb, b))) return false;
          break;
        case "op*": {
          const n = treeA.listLength(ra);
          if (n !== treeB.listLength(rb)) return false;
          for (let j = 0; j < n; j++) if (treeA.listItem(ra, j) !== treeB.listItem(rb, j)) return false;
          break;
        }
        default: // int, int?, ctx, op: plain numbers
          if (ra !== rb) return false;
      }
    }
    if (attrs && spec.hasPosition && a !== treeA.root && b !== treeB.root) {
      const [la, ca] = treeA.position(treeA.start[a]!);
      const [lb, cb] = treeB.position(treeB.start[b]!);
      const [ela, eca] = treeA.position(treeA.end[a]!);
      const [elb, ecb] = treeB.position(treeB.end[b]!);
      if (la !== lb || ca !== cb || ela !== elb || eca !== ecb) return false;
    }
  }
  return true;
}

// `type(a) is type(b) and a == b` for constant values.
function sameConstant(x: PyValue, y: PyValue): boolean {
  if (typeof x !== typeof y) return false;
  if (typeof x !== "object" || x === null || y === null) return x === y;
  if (x instanceof PyStr) return y instanceof PyStr && strEquals(x, y);
  if (x instanceof PyBytes) {
    if (!(y instanceof PyBytes) || x.bytes.length !== y.bytes.length) return false;
    for (let i = 0; i < x.bytes.length; i++) if (x.bytes[i] !== y.bytes[i]) return false;
    return true;
  }
  if (x instanceof PyComplex) return y instanceof PyComplex && x.real === y.real && x.imag === y.imag;
  return x === PY_ELLIPSIS && y === PY_ELLIPSIS;
}
