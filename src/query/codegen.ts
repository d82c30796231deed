// The generating back end: one JavaScript function per query, written for that query and built
// with `new Function` (§8.7.5). Each IR operation becomes straight-line code on the tree's typed
// arrays (kind, slots, base, lists, source bytes) that returns false at the first failed test;
// disjunctions, negations and relation bodies become small local functions. Field order is the
// front end's, which already puts the cheap tests (kind, identifiers, constants) first.
import type { Ir } from "./ir.js";
import { potentialKinds, bindingFree } from "./ir.js";
import type { Domain } from "./schema-info.js";
import { KIND_COUNT, slotOf, fieldIndexOf } from "./schema-info.js";
import { Derive } from "../ast/layout.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import * as R from "./runtime.js";
import { NODE_ONLY } from "./closure.js";
import type { State, Fn } from "./runtime.js";

const enc = new TextEncoder();

/** What a generated query exposes: the root matcher and the scan over a tree. */
export interface Generated {
  /** The matcher at one node (state S must have been reset on the tree). */
  readonly match: Fn;
  /** Calls `onMatch(n)` for every node of `S.t` that matches, in row order; bindings are in S.e during the call. */
  readonly scan: (onMatch: (n: number) => void) => void;
  /** The same over the given rows only (ascending; each of a kind the query can match: runtime.candidateRows). */
  readonly scanRows: (rows: Int32Array, onMatch: (n: number) => void) => void;
  /** The generated source, for the debug output. */
  readonly source: string;
}

class Gen {
  fns: string[] = [];
  consts: unknown[] = [];
  n = 0;
  tmp = 0;
  constant(v: unknown): string {
    this.consts.push(v);
    return `C[${this.consts.length - 1}]`;
  }
  mask(kinds: readonly number[]): string {
    const m = new Uint8Array(KIND_COUNT);
    for (const k of kinds) m[k] = 1;
    return this.constant(m);
  }
  /** A top-level array of the named local functions (made once, not per call). */
  array(fs: readonly string[]): string {
    const a = `A${this.n++}`;
    this.fns.push(`const ${a} = [${fs.join(", ")}];`);
    return a;
  }
  /** A kind test on expression `x` (`x` known to be a node id, maybe 0). */
  kindTest(x: string, kinds: readonly number[]): string {
    if (kinds.length === 1) return kinds[0] === K.Module ? `(${x} === 0)` : `(kind[${x}] === ${kinds[0]})`;
    const ok = kinds.includes(K.Module) ? `` : `${x} !== 0 && `;
    return `(${ok}${this.mask(kinds)}[kind[${x}]] === 1)`;
  }
  /** Emits a function `f(v)` for `ir`, returns its name. */
  fn(ir: Ir, dom: Domain, cslot: number, known: readonly number[] | null): string {
    const name = `f${this.n++}`;
    const body: string[] = [];
    this.emit(ir, dom, "v", cslot, known, body);
    this.fns.push(`function ${name}(v) {\n${body.join("\n")}\n  return true;\n}`);
    return name;
  }
  // Appends to `out` statements that `return false` unless `ir` holds for value `v`.
  // `known`: the kinds v is known to have (node domain), or null.
  emit(ir: Ir, dom: Domain, v: string, cslot: number, known: readonly number[] | null, out: string[]): readonly number[] | null {
    if (dom !== "node" && NODE_ONLY.has(ir.t)) {
      out.push(`  return false;`);
      return known;
    }
    switch (ir.t) {
      case "any":
        return known;
      case "none":
        if (dom === "const") out.push(`  if (slots[base[${v}] + ${cslot}] !== 0) return false;`);
        else out.push(`  if (${v} !== 0) return false;`);
        return known;
      case "kind":
        if (known?.every((k) => ir.kinds.includes(k))) return known;
        out.push(`  if (!${this.kindTest(v, ir.kinds)}) return false;`);
        return known === null ? ir.kinds : known.filter((k) => ir.kinds.includes(k));
      case "field": {
        const c = `c${this.tmp++}`;
        const ks = known === null ? null : known.filter((k) => ir.kinds.includes(k));
        if (ks === null || ks.length !== known!.length) out.push(`  if (!${this.kindTest(v, ir.kinds)}) return false;`);
        const kinds = ks ?? ir.kinds;
        if (ir.dom === "const") {
          this.emit(ir.sub, "const", v, slotOf(kinds[0]!, ir.name), null, out);
          return kinds;
        }
        if (kinds.length === 1 && slotOf(kinds[0]!, ir.name) === -Derive.NameAtEnd && ir.sub.t === "str") {
          // Attribute.attr == "name": compare the bytes the node ends with.
          out.push(`  if (!nameEndsAt(t, end[${v}], ${this.constant(enc.encode(ir.sub.s))}, ${this.constant(ir.sub.s)})) return false;`);
          return kinds;
        }
        if (kinds.length === 1) out.push(`  const ${c} = ${this.read(v, kinds[0]!, ir.name)};`);
        else {
          const sl = new Int32Array(KIND_COUNT).fill(-1000),
            fi = new Int32Array(KIND_COUNT).fill(-1);
          for (const k of kinds) {
            sl[k] = slotOf(k, ir.name);
            fi[k] = fieldIndexOf(k, ir.name);
          }
          const SL = this.constant(sl),
            FI = this.constant(fi);
          out.push(`  const ${c}s = ${SL}[kind[${v}]];`);
          out.push(`  const ${c} = ${c}s >= 0 ? slots[base[${v}] + ${c}s] : t.field(${v}, ${FI}[kind[${v}]]);`);
        }
        this.emit(ir.sub, ir.dom, c, 0, null, out);
        return kinds;
      }
      case "and": {
        let kn = known;
        for (const s of ir.subs) kn = this.emit(s, dom, v, cslot, kn, out);
        return kn;
      }
      case "or": {
        if (ir.subs.length === 0) {
          out.push(`  return false;`);
          return known;
        }
        const fs = ir.subs.map((s) => this.fn(s, dom, cslot, known));
        const m = `m${this.tmp++}`;
        out.push(`  const ${m} = S.top;`);
        out.push(`  if (!(${fs.map((f) => `${f}(${v})`).join(` || (S.undo(${m}), false) || `)})) { S.undo(${m}); return false; }`);
        return known;
      }
      case "not": {
        const f = this.fn(ir.sub, dom, cslot, known);
        const m = `m${this.tmp++}`;
        out.push(`  const ${m} = S.top;`);
        out.push(`  if (${f}(${v})) { S.undo(${m}); return false; }`);
        out.push(`  S.undo(${m});`);
        return known;
      }
      case "var":
        out.push(dom === "ident" ? `  if (!varIdent(S, ${ir.v}, ${v})) return false;` : `  if (!varNode(S, ${ir.v}, ${v})) return false;`);
        return known;
      case "str": {
        const b = enc.encode(ir.s);
        const B = this.constant(b),
          s = this.constant(ir.s);
        // Fast reject on the first byte (ASCII only: a non-ASCII byte may NFKC-normalize to it).
        out.push(
          `  if (${v} > 0 ? (src[${v} - 1] !== ${b[0] ?? -1} && src[${v} - 1] < 128) || !identIs(t, ${v}, ${B}, ${s}) : (${v} === 0 || t.ident(${v}) !== ${s})) return false;`,
        );
        return known;
      }
      case "re": {
        const re = this.constant(new RegExp(ir.source, ir.flags));
        if (dom === "ident") out.push(`  if (${v} === 0 || !${re}.test(t.ident(${v}))) return false;`);
        else if (dom === "const")
          out.push(
            `  { const x = constText(t.value(slots[base[${v}] + ${cslot}], ${v})); if (x === null || !${re}.test(x)) return false; }`,
          );
        else out.push(`  if (${v} === 0 || !${re}.test(nodeText(t, ${v}))) return false;`);
        return known;
      }
      case "const": {
        const wr = R.inlineRaw(ir.value);
        if (wr !== 0x7fffffff) out.push(`  if (slots[base[${v}] + ${cslot}] !== ${wr}) return false;`);
        else out.push(`  if (!constIs(t, slots[base[${v}] + ${cslot}], ${v}, ${this.constant(ir.value)}, ${wr})) return false;`);
        return known;
      }
      case "ctype":
        out.push(`  if (!${this.constant(new Set(ir.types))}.has(pyType(t.value(slots[base[${v}] + ${cslot}], ${v})))) return false;`);
        return known;
      case "int":
        out.push(`  if (${v} !== ${ir.v}) return false;`);
        return known;
      case "cmp": {
        const x =
          dom === "const"
            ? `constNumber(t, slots[base[${v}] + ${cslot}], ${v})`
            : dom === "list" || dom === "idents" || dom === "ints"
              ? `len(${v})`
              : v;
        out.push(`  if (!cmp(${x}, ${JSON.stringify(ir.op)}, ${ir.n})) return false;`);
        return known;
      }
      case "list": {
        const itemDom: Domain = dom === "idents" ? "ident" : dom === "ints" ? "int" : "node";
        const globs = ir.items.filter((it) => it.glob !== -2).length;
        const ln = `n${this.tmp++}`;
        if (globs === 0) {
          const n = ir.items.length;
          if (n === 0) {
            out.push(`  if (${v} !== 0) return false;`);
            return known;
          }
          if (n === 1) {
            out.push(`  if (${v} >= 0) return false;`);
            const c = `i${this.tmp++}`;
            out.push(`  const ${c} = -${v} - 1;`);
            this.emit(ir.items[0]!.sub, itemDom, c, 0, null, out);
            return known;
          }
          out.push(`  if (${v} <= 0 || lists[${v}] !== ${n}) return false;`);
          ir.items.forEach((it, j) => {
            const c = `i${this.tmp++}`;
            out.push(`  const ${c} = lists[${v} + ${1 + j}];`);
            this.emit(it.sub, itemDom, c, 0, null, out);
          });
          return known;
        }
        if (globs === 1) {
          const gi = ir.items.findIndex((it) => it.glob !== -2);
          const p = gi,
            s = ir.items.length - gi - 1;
          out.push(`  const ${ln} = len(${v});`);
          if (p + s > 0) out.push(`  if (${ln} < ${p + s}) return false;`);
          ir.items.forEach((it, j) => {
            if (j === gi) return;
            const c = `i${this.tmp++}`;
            const at = j < gi ? `${j}` : `${ln} - ${ir.items.length - j}`;
            out.push(`  const ${c} = item(${v}, ${at});`);
            this.emit(it.sub, itemDom, c, 0, null, out);
          });
          const g = ir.items[gi]!.glob;
          if (g >= 0) out.push(`  if (!varSeq(S, ${g}, ${v}, ${p}, ${ln} - ${s}, ${itemDom === "ident" ? 4 : 3})) return false;`);
          return known;
        }
        const fs = ir.items.map((it) => this.fn(it.sub, itemDom, 0, null));
        out.push(
          `  if (!seqMatch(S, ${v}, ${this.array(fs)}, ${this.constant(Int32Array.from(ir.items.map((it) => it.glob)))}, ${itemDom === "ident" ? 4 : 3})) return false;`,
        );
        return known;
      }
      case "kw": {
        const fs = ir.items.map((s) => this.fn(s, "node", 0, [K.keyword]));
        const names = ir.items.map(kwName);
        if (names.every((x) => x !== null) && new Set(names).size === names.length) {
          // Named keywords: a name occurs at most once in a call, so find each by name.
          const ln = `n${this.tmp++}`;
          out.push(`  const ${ln} = len(${v});`);
          out.push(ir.extra ? `  if (${ln} < ${fs.length}) return false;` : `  if (${ln} !== ${fs.length}) return false;`);
          names.forEach((nm, i) => {
            const b = enc.encode(nm!);
            const B = this.constant(b),
              S2 = this.constant(nm);
            const c = `k${this.tmp++}`;
            out.push(`  let ${c} = 0;`);
            out.push(
              `  for (let j = 0; j < ${ln}; j++) { const x = item(${v}, j), o = start[x]; if (src[o] === ${b[0]} && identIs(t, o + 1, ${B}, ${S2})) { ${c} = x; break; } }`,
            );
            out.push(`  if (${c} === 0 || !${fs[i]}(${c})) return false;`);
          });
          return known;
        }
        out.push(`  if (!kwMatch(S, ${v}, ${this.array(fs)}, ${ir.extra})) return false;`);
        return known;
      }
      case "at": {
        const itemDom: Domain = dom === "idents" ? "ident" : dom === "ints" ? "int" : "node";
        const ln = `n${this.tmp++}`,
          c = `i${this.tmp++}`;
        out.push(`  const ${ln} = len(${v});`);
        const j = ir.i < 0 ? `${ln} + ${ir.i}` : `${ir.i}`;
        out.push(`  if (${j} < 0 || ${j} >= ${ln}) return false;`);
        out.push(`  const ${c} = item(${v}, ${j});`);
        this.emit(ir.sub, itemDom, c, 0, null, out);
        return known;
      }
      case "some": {
        const itemDom: Domain = dom === "idents" ? "ident" : dom === "ints" ? "int" : "node";
        const f = this.fn(ir.sub, itemDom, 0, null);
        out.push(
          `  { let ok = false; for (let j = 0, e = len(${v}); j < e; j++) { const m = S.top; if (${f}(item(${v}, j))) { ok = true; break; } S.undo(m); } if (!ok) return false; }`,
        );
        return known;
      }
      case "has": {
        const sk = potentialKinds(ir.sub);
        const f = this.fn(ir.sub, "node", 0, sk.length === 1 ? sk : null);
        const M = this.mask(sk);
        const stop = ir.stop === null ? "null" : this.fn(ir.stop, "node", 0, null);
        if (!ir.immediate && ir.field === null && bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop))) {
          // Binding-free: the answer is a property of the node, kept per tree (linear overall).
          out.push(`  if (!hasMemo(S, ${v}, ${f}, ${M}, ${ir.own}, ${stop})) return false;`);
        } else if (!ir.own && !ir.immediate && ir.stop === null && ir.field === null) {
          // The subtree is the row range [lo[v], v): a flat loop over the kind column.
          const test = sk.length === 1 ? `kind[d] === ${sk[0]}` : `${M}[kind[d]] === 1`;
          out.push(`  { let ok = false;`);
          out.push(`    if (lo === null) { lo = S.ix.lo; contiguous = S.ix.contiguous; }`);
          out.push(
            `    if (contiguous) { for (let d = (${v} === 0 ? t.count : ${v}) - 1, e = lo[${v}]; d >= e; d--) if (${test}) { const m = S.top; if (${f}(d)) { ok = true; break; } S.undo(m); } }`,
          );
          out.push(`    else ok = has(S, ${v}, ${f}, ${M}, false, false, null, null);`);
          out.push(`    if (!ok) return false; }`);
        } else {
          out.push(
            `  if (!has(S, ${v}, ${f}, ${M}, ${ir.own}, ${ir.immediate}, ${stop}, ${JSON.stringify(ir.field)}, ${bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop))})) return false;`,
          );
        }
        return known;
      }
      case "inside": {
        const sk = potentialKinds(ir.sub);
        const f = this.fn(ir.sub, "node", 0, sk.length === 1 ? sk : null);
        const stop = ir.stop === null ? "null" : this.fn(ir.stop, "node", 0, null);
        out.push(
          `  if (!inside(S, ${v}, ${f}, ${this.mask(sk)}, ${ir.immediate}, ${stop}, ${JSON.stringify(ir.field)}, ${bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop))})) return false;`,
        );
        return known;
      }
      case "scope": {
        const f = this.fn(ir.sub, "node", 0, null);
        out.push(`  if (!scope(S, ${v}, ${f})) return false;`);
        return known;
      }
      case "sib": {
        const f = this.fn(ir.sub, "node", 0, null);
        const stop = ir.stop === null ? "null" : this.fn(ir.stop, "node", 0, null);
        const pure = bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop));
        out.push(`  if (!sib(S, ${v}, ${f}, ${ir.dir}, ${ir.immediate}, ${stop}, ${pure})) return false;`);
        return known;
      }
      case "stmts": {
        const fs = ir.items.map((it) => this.fn(it.sub, "node", 0, null));
        out.push(
          `  if (!stmtSeq(S, ${v}, ${this.array(fs)}, ${this.constant(Int32Array.from(ir.items.map((it) => it.glob)))}, ${ir.at}, ${ir.span})) return false;`,
        );
        return known;
      }
      case "sibAt": {
        const f = this.fn(ir.sub, "node", 0, null);
        out.push(`  if (!sibAt(S, ${v}, ${ir.off}, ${f})) return false;`);
        return known;
      }
      case "nth": {
        const of = ir.of === null ? "null" : this.fn(ir.of, "node", 0, null);
        out.push(`  if (!nth(S, ${v}, ${ir.a}, ${ir.b}, ${ir.fromEnd}, ${of}, ${ir.of !== null && bindingFree(ir.of)})) return false;`);
        return known;
      }
      case "inField":
        out.push(`  if (!inField(S, ${v}, ${JSON.stringify(ir.name)})) return false;`);
        return known;
      case "with": {
        const o = 4 * ir.v;
        if (ir.sub.t === "re") {
          const re = this.constant(new RegExp(ir.sub.source, ir.sub.flags));
          out.push(`  { const s = bindingText(S, ${ir.v}); if (s === null || !${re}.test(s)) return false; }`);
          return known;
        }
        const fN = this.fn(ir.sub, "node", 0, null),
          fI = this.fn(ir.sub, "ident", 0, null);
        out.push(
          `  { const tag = S.e[${o}]; if (tag === 1 ? !${fN}(S.e[${o + 1}]) : tag === 2 ? !${fI}(S.e[${o + 1}]) : true) return false; }`,
        );
        return known;
      }
    }
  }
  /** Expression reading field `name` of node expression `v` whose kind is `k`. */
  read(v: string, k: number, name: string): string {
    const s = slotOf(k, name);
    if (s >= 0) return `slots[base[${v}] + ${s}]`;
    switch (-s) {
      case Derive.NameAtStart:
        return `(start[${v}] + 1)`;
      case Derive.KeywordArg:
        return `(src[start[${v}]] === 42 ? 0 : start[${v}] + 1)`;
      case Derive.DottedAtStart:
        return `(-start[${v}] - 1)`;
      default:
        return `t.field(${v}, ${fieldIndexOf(k, name)})`;
    }
  }
}

/** The literal name of a keyword item matcher (`verify=...`), or null (`$K=...`, `**x`). */
function kwName(ir: Ir): string | null {
  const subs = ir.t === "and" ? ir.subs : [ir];
  for (const s of subs) if (s.t === "field" && s.name === "arg" && s.sub.t === "str") return s.sub.s;
  return null;
}

const HELPERS = [
  "nameEndsAt",
  "identIs",
  "constIs",
  "pyType",
  "constText",
  "constNumber",
  "cmp",
  "varNode",
  "varIdent",
  "varSeq",
  "seqMatch",
  "kwMatch",
  "has",
  "hasMemo",
  "inside",
  "scope",
  "sib",
  "sibAt",
  "stmtSeq",
  "nth",
  "inField",
  "nodeText",
  "bindingText",
] as const;

/** Generates and builds the specialized matcher of a node-domain IR. Throws if `new Function` is unavailable. */
export function generate(ir: Ir, S: State): Generated {
  const g = new Gen();
  const pk = potentialKinds(ir);
  const root = g.fn(ir, "node", 0, pk.length === 1 ? pk : null);
  const scanTest = pk.length === 1 ? `kind[n] !== ${pk[0]}` : `${g.mask(pk)}[kind[n]] !== 1`;
  const source = [
    `"use strict";`,
    `const { ${HELPERS.join(", ")} } = H;`,
    `let t, kind, slots, base, lists, src, start, end, lo, contiguous;`,
    `function len(l) { return l < 0 ? 1 : lists[l]; }`,
    `function item(l, j) { return l < 0 ? -l - 1 : lists[l + 1 + j]; }`,
    `function bind() { if (t !== S.t) { t = S.t; kind = t.kind; slots = t.slots; base = t.base; lists = t.lists; src = t.source; start = t.start; end = t.end; lo = null; } }`,
    ...g.fns,
    `function match(n) { bind(); return !(${scanTest}) && ${root}(n); }`,
    `function scan(onMatch) {`,
    `  bind();`,
    `  for (let n = 0, e = t.count; n < e; n++) {`,
    `    if (${scanTest}) continue;`,
    `    if (S.top !== 0) S.undo(0);`,
    `    if (${root}(n)) onMatch(n);`,
    `  }`,
    `  if (S.top !== 0) S.undo(0);`,
    `}`,
    `function scanRows(rows, onMatch) {`,
    `  bind();`,
    `  for (let i = 0, e = rows.length; i < e; i++) {`,
    `    const n = rows[i];`,
    `    if (S.top !== 0) S.undo(0);`,
    `    if (${root}(n)) onMatch(n);`,
    `  }`,
    `  if (S.top !== 0) S.undo(0);`,
    `}`,
    `return { match, scan, scanRows };`,
  ].join("\n");
  const H: Record<string, unknown> = {};
  for (const h of HELPERS) H[h] = (R as Record<string, unknown>)[h];
  const build = new Function("H", "C", "S", source) as (
    H: unknown,
    C: unknown[],
    S: State,
  ) => { match: Fn; scan: (f: (n: number) => void) => void; scanRows: (rows: Int32Array, f: (n: number) => void) => void };
  const built = build(H, g.consts, S);
  return { match: built.match, scan: built.scan, scanRows: built.scanRows, source };
}
