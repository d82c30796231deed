// Pattern-by-example (§8.3): Python with metavariables, parsed by quarry's own parser and lowered
// to the IR. Metavariables become reserved names before parsing (`$X` -> `__pq_X`, `$$$XS` ->
// `__pqs_XS`, `$_` -> `__pqw_`), outside string literals and comments only. An `as:` entry mode
// wraps the pattern in a context where it parses (`f(<p>)` for a keyword, ...).
import type { ParamRun } from "./param-run.js";
import { parse } from "../parser/parse.js";
import type { Tree, NodeId } from "../ast/tree.js";
import { KINDS, NodeKind as K } from "../schema/generated/nodes.js";
import type { FieldSpec } from "../schema/generated/nodes.js";
import { and, ANY, type Ir, type Item } from "./ir.js";
import { domainOf } from "./schema-info.js";
import { QUERY_CODES as Q, fail } from "./messages.js";

/** Metavariable names of one query, numbered in order of first appearance. */
export class Vars {
  readonly names: string[] = [];
  /** Named `$$$` runs that stand at the front or back of a pattern's parameter list (param-run.ts). */
  readonly paramRuns = new Map<string, ParamRun>();
  private readonly index = new Map<string, number>();
  /** The number of metavariable `name` (a new one if unseen). */
  id(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
  has(name: string): boolean {
    return this.index.has(name);
  }
}

/** Entry modes (`as:`) and the wrapper each is parsed in; a NUL marks where the pattern goes. */
export const ENTRY_MODES: Readonly<Record<string, string>> = {
  keyword: "f(\0)",
  arg: "def _(\0): pass",
  alias: "import \0",
  decorator: "@\0\ndef _(): pass",
  ExceptHandler: "try: pass\n\0",
  withitem: "with \0: pass",
  comprehension: "[_ \0]",
  match_case: "match _:\n \0",
};

export interface LoweredPattern {
  readonly ir: Ir;
  /** Number of statements the pattern spans (a multi-statement pattern matches a run of siblings). */
  readonly span: number;
  /** Fields of the matched node itself left unconstrained because the pattern does not write them. */
  readonly loose: readonly string[];
  /**
   * A multi-statement pattern with `$$$` between or around its statements: the hidden metavariable
   * bound to the run of statements from the subject through the last one a statement of the
   * pattern matched (the match's range), else -1.
   */
  readonly spanVar: number;
}

// Where the lowering recursion stops (patterns are hand-written; a deeper one is an error).
const MAX_DEPTH = 400;

interface Segment {
  out: number;
  outEnd: number;
  orig: number;
}

/**
 * Lowers `text` (a pattern; `as` an optional entry mode) to the IR, numbering metavariables in
 * `vars`. Throws QueryError (Q3001 syntax, Q3004 `$$$` where one node is needed, Q3005 lower-case
 * metavariable, Q3012 too deep, Q3013 unknown entry mode).
 */
export function lowerPattern(text: string, vars: Vars, as?: string, strict = false): LoweredPattern {
  const segs: Segment[] = [];
  const pre = prelex(text, segs);
  let wrapper = "\0";
  if (as !== undefined) {
    const w = ENTRY_MODES[as];
    if (w === undefined)
      fail(Q.BadEntryMode, `unknown entry mode '${as}' (one of ${Object.keys(ENTRY_MODES).join(", ")})`, text, 0, text.length);
    wrapper = w;
  }
  let body = pre;
  if (as === "match_case")
    body = pre
      .split("\n")
      .map((l) => " " + l)
      .join("\n")
      .slice(1);
  const at = wrapper.indexOf("\0");
  const src = wrapper.slice(0, at) + body + wrapper.slice(at + 1);
  const { tree, error } = parse(src);
  const toOrig = (o: number): number => {
    const x = o - at;
    let best = x;
    for (const s of segs) {
      if (x >= s.outEnd) best = x - (s.outEnd - s.out) + origLen(s, text);
      else if (x >= s.out) return s.orig;
    }
    return Math.max(0, Math.min(text.length, best));
  };
  if (error !== null) {
    let off = 0;
    if (error.lineno !== null) {
      const lines = src.split("\n");
      for (let i = 0; i < error.lineno - 1 && i < lines.length; i++) off += lines[i]!.length + 1;
      off += Math.max(0, (error.offset ?? 1) - 1);
    }
    fail(Q.PatternSyntax, `pattern is not valid Python: ${error.msg}`, text, toOrig(off));
  }
  const L = new Lowering(tree, vars, text, toOrig, strict);
  let root: NodeId;
  const body0 = tree.listItems(tree.field(0, 0));
  if (as === undefined) {
    if (body0.length === 0) fail(Q.PatternSyntax, "empty pattern", text, 0);
    if (body0.length > 1) {
      const globAt = body0.map((st) => {
        const g = L.sentinelItem(st);
        return g?.glob ? g : null;
      });
      if (globAt.some((g) => g !== null)) return L.statements(body0, globAt);
      const subs: Ir[] = [L.node(body0[0]!, 0, true)];
      for (let j = 1; j < body0.length; j++) subs.push({ t: "sibAt", off: j, sub: L.node(body0[j]!, 0, true) });
      return { ir: and(subs), span: body0.length, loose: [...L.loose], spanVar: -1 };
    }
    root = body0[0]!;
    if (tree.kind[root] === K.Expr) root = tree.field(root, 0);
    const ir = L.node(root, 0, false);
    return { ir, span: 1, loose: [...L.loose], spanVar: -1 };
  }
  // The wrapper must have parsed as itself, with exactly one item where the pattern went.
  const t = tree;
  const s0 = body0.length === 1 ? body0[0]! : 0;
  const one = (l: number): NodeId => (t.listLength(l) === 1 ? t.listItem(l, 0) : 0);
  const is = (n: NodeId, k: number): boolean => n !== 0 && t.kind[n] === k;
  let found: NodeId = 0;
  switch (as) {
    case "keyword":
      if (is(s0, K.Expr) && is(t.field(s0, 0), K.Call) && t.listLength(t.field(t.field(s0, 0), 1)) === 0)
        found = one(t.field(t.field(s0, 0), 2));
      break;
    case "arg": {
      if (!is(s0, K.FunctionDef)) break;
      const a = t.field(s0, 1);
      // Exactly one parameter, wherever it sits (a, *a, **a, or after * as keyword-only).
      const ps = [...t.listItems(t.field(a, 0)), ...t.listItems(t.field(a, 1)), ...t.listItems(t.field(a, 3))];
      if (t.field(a, 2) !== 0) ps.push(t.field(a, 2));
      if (t.field(a, 5) !== 0) ps.push(t.field(a, 5));
      if (ps.length === 1) found = ps[0]!;
      break;
    }
    case "alias":
      if (is(s0, K.Import)) found = one(t.field(s0, 0));
      break;
    case "decorator":
      if (is(s0, K.FunctionDef)) found = one(t.field(s0, 3));
      break;
    case "ExceptHandler":
      if (is(s0, K.Try) || is(s0, K.TryStar)) found = one(t.field(s0, 1));
      break;
    case "withitem":
      if (is(s0, K.With)) found = one(t.field(s0, 0));
      break;
    case "comprehension":
      if (is(s0, K.Expr) && is(t.field(s0, 0), K.ListComp)) found = one(t.field(t.field(s0, 0), 1));
      break;
    default:
      if (is(s0, K.Match)) found = one(t.field(s0, 1));
      break;
  }
  if (found === 0) badMode(text, as);
  let ir = L.node(found, 0, false);
  if (as === "decorator") ir = and([ir, { t: "inField", name: "decorator_list" }]);
  return { ir, span: 1, loose: [...L.loose], spanVar: -1 };
}

function badMode(text: string, as: string): never {
  fail(Q.BadEntryMode, `the pattern is not a single ${as}`, text, 0, text.length);
}

function origLen(s: Segment, text: string): number {
  // Length of the metavariable in the original text: `$`s then the name.
  let i = s.orig;
  while (text[i] === "$") i++;
  while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
  return i - s.orig;
}

/** Replaces metavariables outside strings and comments; records where each went. */
function prelex(text: string, segs: Segment[]): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "#") {
      const e = text.indexOf("\n", i);
      const j = e < 0 ? text.length : e;
      out += text.slice(i, j);
      i = j;
      continue;
    }
    if ((c === "'" || c === '"') && !/[fFtT][A-Za-z]?$/.test(out.slice(-2).replace(/^[^A-Za-z]/, ""))) {
      const triple = text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      let j = i + q.length;
      while (j < text.length && !text.startsWith(q, j)) {
        if (text[j] === "\\") j++;
        if (!triple && text[j] === "\n") break;
        j++;
      }
      j = Math.min(text.length, j + q.length);
      out += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === "$") {
      let j = i;
      while (text[j] === "$") j++;
      const dollars = j - i;
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(j));
      const name = m === null ? "" : m[0];
      if (dollars !== 1 && dollars !== 3)
        fail(Q.BadMetavariable, `'${"$".repeat(dollars)}': a metavariable is $NAME, $_ or $$$NAME`, text, i, j);
      let sent: string;
      if (dollars === 3) {
        if (name !== "" && !/^[A-Z][A-Z0-9_]*$/.test(name) && name !== "_")
          fail(
            Q.BadMetavariable,
            `metavariable names are upper case: '$$$${name}' (did you mean '$$$${name.toUpperCase()}'?)`,
            text,
            i,
            j + name.length,
          );
        sent = name === "" || name === "_" ? "__pqs_" : `__pqs_${name}`;
      } else {
        if (name === "") fail(Q.BadMetavariable, "'$' must be followed by a metavariable name ($X, $_)", text, i, i + 1);
        if (name.startsWith("_")) sent = "__pqw_";
        else if (!/^[A-Z][A-Z0-9_]*$/.test(name))
          fail(
            Q.BadMetavariable,
            `metavariable names are upper case: '$${name}' (did you mean '$${name.toUpperCase()}'?)`,
            text,
            i,
            j + name.length,
          );
        else sent = `__pq_${name}`;
      }
      segs.push({ out: out.length, outEnd: out.length + sent.length, orig: i });
      out += sent;
      i = j + name.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

interface Sentinel {
  readonly glob: boolean;
  readonly name: string | null;
}

/** What a sentinel identifier stands for, or null for an ordinary name. */
function sentinelOf(s: string): Sentinel | null {
  if (!s.startsWith("__pq")) return null;
  if (s.startsWith("__pqs_")) return { glob: true, name: s.length > 6 ? s.slice(6) : null };
  if (s === "__pqw_") return { glob: false, name: null };
  if (s.startsWith("__pq_")) return { glob: false, name: s.slice(5) };
  return null;
}

// Fields a pattern leaves unconstrained when it does not write them (§8.3 "less is more").
const DECORATIONS = new Set(["decorator_list", "returns", "type_params", "annotation", "asname"]);
// Fields of `arguments` a trailing `$$$` parameter absorbs.
const ABSORBED = new Set(["vararg", "kwonlyargs", "kw_defaults", "kwarg", "defaults"]);

class Lowering {
  readonly t: Tree;
  readonly vars: Vars;
  readonly text: string;
  readonly toOrig: (o: number) => number;
  readonly strict: boolean;
  /** DECORATIONS fields the root node leaves open. */
  readonly loose = new Set<string>();
  constructor(t: Tree, vars: Vars, text: string, toOrig: (o: number) => number, strict: boolean) {
    this.t = t;
    this.vars = vars;
    this.text = text;
    this.toOrig = toOrig;
    this.strict = strict;
  }

  at(id: NodeId): number {
    return this.toOrig(this.t.start[id]!);
  }

  identSentinel(raw: number): Sentinel | null {
    return raw === 0 ? null : sentinelOf(this.t.ident(raw));
  }

  /** A list item that stands for a metavariable: `$X` as an expression, statement, parameter, alias or with-item. */
  sentinelItem(id: NodeId): Sentinel | null {
    const t = this.t;
    if (id === 0) return null;
    switch (t.kind[id]) {
      case K.Name:
        return this.identSentinel(t.field(id, 0));
      case K.Expr: {
        const v = t.field(id, 0);
        return t.kind[v] === K.Name ? this.identSentinel(t.field(v, 0)) : null;
      }
      case K.arg:
        return t.field(id, 1) === 0 ? this.identSentinel(t.field(id, 0)) : null;
      case K.alias:
        return t.field(id, 1) === 0 ? this.identSentinel(t.field(id, 0)) : null;
      case K.MatchAs:
        return t.field(id, 0) === 0 ? this.identSentinel(t.field(id, 1)) : null;
      case K.MatchStar:
        return this.identSentinel(t.field(id, 0));
      case K.withitem: {
        const v = t.field(id, 0);
        return t.field(id, 1) === 0 && t.kind[v] === K.Name ? this.identSentinel(t.field(v, 0)) : null;
      }
      default:
        return null;
    }
  }

  /** The single-item metavariable matcher (`$X` binds, `$_` any node). */
  single(s: Sentinel, id: NodeId): Ir {
    if (s.glob)
      fail(Q.SeqWhereSingle, `'$$$${s.name ?? ""}' matches a run of items, but exactly one node is required here`, this.text, this.at(id));
    return s.name === null ? { t: "not", sub: { t: "none" } } : { t: "var", v: this.vars.id(s.name), name: s.name };
  }

  /** The matcher for pattern node `id`. `stmt`: it sits where a statement does. */
  node(id: NodeId, depth: number, stmt: boolean): Ir {
    const t = this.t;
    if (depth > MAX_DEPTH) fail(Q.TooDeep, `pattern nested deeper than ${MAX_DEPTH} levels`, this.text, this.at(id));
    if (id === 0) return { t: "none" };
    const k = t.kind[id]!;
    const s = this.sentinelItem(id);
    if (s !== null && (k === K.Name || k === K.MatchAs || (stmt && k === K.Expr))) return this.single(s, id);
    if (k === K.Constant) {
      // "$X": a string literal whose whole content is a metavariable matches any str constant
      // and binds it (Semgrep's "$X").
      const v = t.value(t.field(id, 0), id);
      const m = typeof v === "string" ? /^\$([A-Z][A-Z0-9_]*)$/.exec(v) : null;
      if (m !== null)
        return and([
          { t: "kind", kinds: [K.Constant] },
          { t: "field", name: "value", kinds: [K.Constant], dom: "const", sub: { t: "ctype", types: ["str"] } },
          { t: "var", v: this.vars.id(m[1]!), name: m[1]! },
        ]);
    }
    const spec = KINDS[k]!;
    const cheap: Ir[] = [],
      nodes: Ir[] = [],
      lists: Ir[] = [];
    // Call.keywords and ClassDef.keywords are unordered; a `$$$` among the positional arguments
    // (Call.args, ClassDef.bases) lets other keywords through.
    const argsHaveGlob = (k === K.Call || k === K.ClassDef) && t.listItems(t.field(id, 1)).some((a) => this.sentinelItem(a)?.glob === true);
    let absorbs = false;
    // A leading `$$$` among the parameters also takes the positional-only ones (`/`).
    let absorbsFront = false;
    if (k === K.arguments) {
      for (const fi of [0, 1]) {
        const items = t.listItems(t.field(id, fi));
        if (items.length > 0 && this.sentinelItem(items[items.length - 1]!)?.glob === true) absorbs = true;
      }
      const args = t.listItems(t.field(id, 1));
      const first = args.length > 0 ? this.sentinelItem(args[0]!) : null;
      const last = args.length > 0 ? this.sentinelItem(args[args.length - 1]!) : null;
      absorbsFront = first?.glob === true && t.listLength(t.field(id, 0)) === 0;
      for (const [g, front, back] of [
        [first, absorbsFront, args.length === 1 && last?.glob === true],
        [last, args.length === 1 && absorbsFront, last?.glob === true],
      ] as const)
        if (g?.glob === true && g.name !== null && (front || back)) {
          const r = this.vars.paramRuns.get(g.name) ?? { front: false, back: false };
          this.vars.paramRuns.set(g.name, { front: r.front || front, back: r.back || back });
        }
    }
    spec.fields.forEach((f, i) => {
      const raw = t.field(id, i);
      if (f.name === "type_comment" || f.category === "ctx" || (k === K.Constant && f.name === "kind")) return;
      const empty = raw === 0;
      if (!this.strict && empty && DECORATIONS.has(f.name)) {
        if (depth === 0) this.loose.add(f.name);
        return;
      }
      if (absorbs && empty && ABSORBED.has(f.name)) return;
      if (absorbsFront && f.name === "posonlyargs") return;
      const fieldIr = (sub: Ir): Ir => ({ t: "field", name: f.name, kinds: [k], dom: domainOf(f.category), sub });
      switch (f.category) {
        case "node":
        case "node?":
          nodes.push(fieldIr(raw === 0 ? { t: "none" } : this.node(raw, depth + 1, false)));
          break;
        case "node*":
          if ((k === K.Call || k === K.ClassDef) && f.name === "keywords")
            lists.push(fieldIr({ t: "kw", items: t.listItems(raw).map((c) => this.node(c, depth + 1, false)), extra: argsHaveGlob }));
          else lists.push(fieldIr(this.list(t.listItems(raw), depth, f)));
          break;
        case "ident":
        case "ident?": {
          if (raw === 0) {
            cheap.push(fieldIr({ t: "none" }));
            break;
          }
          const sn = this.identSentinel(raw);
          cheap.push(fieldIr(sn === null ? { t: "str", s: t.ident(raw) } : this.identVar(sn, id)));
          break;
        }
        case "ident*": {
          const items: Item[] = t.listItems(raw).map((r) => {
            const sn = this.identSentinel(r);
            if (sn === null) return { glob: -2, sub: { t: "str", s: t.ident(r) } };
            if (sn.glob) return { glob: sn.name === null ? -1 : this.vars.id(sn.name), sub: ANY };
            return { glob: -2, sub: this.identVar(sn, id) };
          });
          lists.push(fieldIr({ t: "list", items }));
          break;
        }
        case "constant":
          cheap.push(fieldIr({ t: "const", value: t.value(raw, id) }));
          break;
        case "op*":
          cheap.push(fieldIr({ t: "list", items: t.listItems(raw).map((o) => ({ glob: -2, sub: { t: "int", v: o } })) }));
          break;
        default:
          cheap.push(fieldIr({ t: "int", v: raw }));
      }
    });
    return and([{ t: "kind", kinds: [k] }, ...cheap, ...nodes, ...lists]);
  }

  /**
   * Top-level statements with `$$$` among them: the first other statement is the subject, and a
   * `stmts` relation matches the rest around it in the subject's own body. Its span variable
   * (a hidden name no pattern can write) records how far the match reaches.
   */
  statements(body: readonly NodeId[], globs: readonly (Sentinel | null)[]): LoweredPattern {
    const at = globs.indexOf(null);
    if (at < 0) fail(Q.SeqWhereSingle, "a statement pattern needs at least one statement besides '$$$'", this.text, this.at(body[0]!));
    const anchor = this.node(body[at]!, 0, true);
    const items: Item[] = body.map((st, j) => {
      const g = globs[j]!;
      if (g !== null) return { glob: g.name === null ? -1 : this.vars.id(g.name), sub: ANY };
      return { glob: -2, sub: j === at ? ANY : this.node(st, 0, true) };
    });
    const span = this.vars.id(`_span${this.vars.names.length}`);
    return { ir: and([anchor, { t: "stmts", items, at, span }]), span: 1, loose: [...this.loose], spanVar: span };
  }

  identVar(s: Sentinel, id: NodeId): Ir {
    if (s.glob)
      fail(Q.SeqWhereSingle, `'$$$${s.name ?? ""}' matches a run of items, but one identifier is required here`, this.text, this.at(id));
    return s.name === null ? { t: "not", sub: { t: "none" } } : { t: "var", v: this.vars.id(s.name), name: s.name };
  }

  list(items: readonly NodeId[], depth: number, f: FieldSpec): Ir {
    const stmtList = f.type === "list[stmt]";
    const out: Item[] = items.map((c) => {
      const s = this.sentinelItem(c);
      if (s?.glob) return { glob: s.name === null ? -1 : this.vars.id(s.name), sub: ANY };
      if (s !== null && (this.t.kind[c] === K.Name || this.t.kind[c] === K.Expr || this.t.kind[c] === K.MatchAs))
        return { glob: -2, sub: this.single(s, c) };
      return { glob: -2, sub: this.node(c, depth + 1, stmtList) };
    });
    return { t: "list", items: out };
  }
}
