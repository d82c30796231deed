// The closure back end: the IR (ir.ts) turned into nested JS closures, one per operation. It is
// the reference the generated code is tested against, and the back end used where `new Function`
// is not allowed (a page with a strict CSP) or where a query runs too few times to pay for code
// generation.
import type { Ir } from "./ir.js";
import { potentialKinds, bindingFree } from "./ir.js";
import type { Domain } from "./schema-info.js";
import { KIND_COUNT, slotOf } from "./schema-info.js";
import { KINDS, NodeKind as K } from "../schema/generated/nodes.js";
import {
  type State,
  type Fn,
  identIs,
  constText,
  constIs,
  inlineRaw,
  pyType,
  constNumber,
  cmp,
  varNode,
  varIdent,
  seqMatch,
  kwMatch,
  has,
  hasMemo,
  inside,
  scope,
  sib,
  sibAt,
  stmtSeq,
  nth,
  inField,
  nodeText,
  bindingText,
} from "./runtime.js";

const enc = new TextEncoder();

/** Operations that only make sense on a node (false elsewhere, e.g. `kind:` on an identifier binding). */
export const NODE_ONLY: ReadonlySet<string> = new Set([
  "kind",
  "field",
  "has",
  "inside",
  "scope",
  "sib",
  "sibAt",
  "stmts",
  "nth",
  "inField",
]);

/** A mask of the kinds a node matcher can hold at. */
export function maskOf(ir: Ir): Uint8Array {
  const m = new Uint8Array(KIND_COUNT);
  for (const k of potentialKinds(ir)) m[k] = 1;
  return m;
}

/** Compiles a node-domain IR into a closure over state S. */
export function compileClosure(ir: Ir, S: State): Fn {
  return cl(ir, "node", 0, S);
}

// `cslot`: in the const domain the value is the owner node; its constant sits in this slot.
// Recursion follows the IR, whose depth the front ends bound.
function cl(ir: Ir, dom: Domain, cslot: number, S: State): Fn {
  if (dom !== "node" && NODE_ONLY.has(ir.t)) return () => false;
  switch (ir.t) {
    case "any":
      return () => true;
    case "none":
      if (dom === "const") return (n) => S.t.slots[S.t.base[n]! + cslot] === 0;
      return dom === "list" || dom === "idents" || dom === "ints" ? (l) => S.t.listLength(l) === 0 : (v) => v === 0;
    case "kind": {
      const m = new Uint8Array(KIND_COUNT);
      for (const k of ir.kinds) m[k] = 1;
      // Row 0 is the Module (and a None child): a kind set with Module accepts it.
      return m[K.Module] === 1 ? (n) => m[S.t.kind[n]!] === 1 : (n) => n !== 0 && m[S.t.kind[n]!] === 1;
    }
    case "field": {
      // Per kind: the slot (>= 0) or, derived, the field index to read through tree.field.
      const slot = new Int32Array(KIND_COUNT).fill(-1000);
      const fidx = new Int32Array(KIND_COUNT).fill(-1);
      let cs = 0;
      for (const k of ir.kinds) {
        slot[k] = slotOf(k, ir.name);
        fidx[k] = KINDS[k]!.fields.findIndex((f) => f.name === ir.name);
        cs = slot[k]!;
      }
      const sub = cl(ir.sub, ir.dom, cs, S);
      if (ir.dom === "const") return (n) => n !== 0 && slot[S.t.kind[n]!] !== -1000 && sub(n);
      return (n) => {
        if (n === 0) return false;
        const t = S.t,
          k = t.kind[n]!,
          s = slot[k]!;
        if (s === -1000) return false;
        return sub(s >= 0 ? t.slots[t.base[n]! + s]! : t.field(n, fidx[k]!));
      };
    }
    case "and": {
      const fs = ir.subs.map((s) => cl(s, dom, cslot, S));
      return (v) => {
        for (const f of fs) if (!f(v)) return false;
        return true;
      };
    }
    case "or": {
      const fs = ir.subs.map((s) => cl(s, dom, cslot, S));
      return (v) => {
        const m = S.top;
        for (const f of fs) {
          if (f(v)) return true;
          S.undo(m);
        }
        return false;
      };
    }
    case "not": {
      const f = cl(ir.sub, dom, cslot, S);
      return (v) => {
        const m = S.top;
        const r = f(v);
        S.undo(m);
        return !r;
      };
    }
    case "var": {
      const v = ir.v;
      if (dom === "ident") return (raw) => varIdent(S, v, raw);
      return (n) => varNode(S, v, n);
    }
    case "str": {
      const b = enc.encode(ir.s),
        s = ir.s;
      return (raw) => identIs(S.t, raw, b, s);
    }
    case "re": {
      const re = new RegExp(ir.source, ir.flags);
      if (dom === "ident") return (raw) => raw !== 0 && re.test(S.t.ident(raw));
      if (dom === "const")
        return (n) => {
          const v = constText(S.t.value(S.t.slots[S.t.base[n]! + cslot]!, n));
          return v !== null && re.test(v);
        };
      return (n) => n !== 0 && re.test(nodeText(S.t, n));
    }
    case "const": {
      const want = ir.value,
        wr = inlineRaw(want);
      return (n) => constIs(S.t, S.t.slots[S.t.base[n]! + cslot]!, n, want, wr);
    }
    case "ctype": {
      const types = new Set(ir.types);
      return (n) => types.has(pyType(S.t.value(S.t.slots[S.t.base[n]! + cslot]!, n)));
    }
    case "int": {
      const w = ir.v;
      return (raw) => raw === w;
    }
    case "cmp": {
      const op = ir.op,
        w = ir.n;
      if (dom === "const") return (n) => cmp(constNumber(S.t, S.t.slots[S.t.base[n]! + cslot]!, n), op, w);
      if (dom === "list" || dom === "idents" || dom === "ints") return (l) => cmp(S.t.listLength(l), op, w);
      return (raw) => cmp(raw, op, w);
    }
    case "list": {
      const itemDom: Domain = dom === "idents" ? "ident" : dom === "ints" ? "int" : "node";
      const fns = ir.items.map((it) => cl(it.sub, itemDom, 0, S));
      const globs = Int32Array.from(ir.items.map((it) => it.glob));
      if (ir.items.every((it) => it.glob === -2)) {
        const n = fns.length;
        return (l) => {
          const t = S.t;
          if (t.listLength(l) !== n) return false;
          for (let j = 0; j < n; j++) if (!fns[j]!(t.listItem(l, j))) return false;
          return true;
        };
      }
      const tag = itemDom === "ident" ? 4 : 3;
      return (l) => seqMatch(S, l, fns, globs, tag);
    }
    case "kw": {
      const fns = ir.items.map((s) => cl(s, "node", 0, S));
      const extra = ir.extra;
      return (l) => kwMatch(S, l, fns, extra);
    }
    case "at": {
      const itemDom: Domain = dom === "idents" ? "ident" : dom === "ints" ? "int" : "node";
      const f = cl(ir.sub, itemDom, 0, S),
        i = ir.i;
      return (l) => {
        const len = S.t.listLength(l),
          j = i < 0 ? len + i : i;
        return j >= 0 && j < len && f(S.t.listItem(l, j));
      };
    }
    case "some": {
      const itemDom: Domain = dom === "idents" ? "ident" : dom === "ints" ? "int" : "node";
      const f = cl(ir.sub, itemDom, 0, S);
      return (l) => {
        const len = S.t.listLength(l);
        for (let j = 0; j < len; j++) {
          const m = S.top;
          if (f(S.t.listItem(l, j))) return true;
          S.undo(m);
        }
        return false;
      };
    }
    case "has": {
      const f = cl(ir.sub, "node", 0, S),
        mask = maskOf(ir.sub);
      const stop = ir.stop === null ? null : cl(ir.stop, "node", 0, S);
      const { own, immediate, field } = ir;
      if (!immediate && field === null && bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop)))
        return (n) => hasMemo(S, n, f, mask, own, stop);
      const pure = bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop));
      return (n) => has(S, n, f, mask, own, immediate, stop, field, pure);
    }
    case "inside": {
      const f = cl(ir.sub, "node", 0, S),
        mask = maskOf(ir.sub);
      const stop = ir.stop === null ? null : cl(ir.stop, "node", 0, S);
      const { immediate, field } = ir;
      const pure = bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop));
      return (n) => inside(S, n, f, mask, immediate, stop, field, pure);
    }
    case "scope": {
      const f = cl(ir.sub, "node", 0, S);
      return (n) => scope(S, n, f);
    }
    case "sib": {
      const f = cl(ir.sub, "node", 0, S),
        { dir, immediate } = ir;
      const stop = ir.stop === null ? null : cl(ir.stop, "node", 0, S);
      const pure = bindingFree(ir.sub) && (ir.stop === null || bindingFree(ir.stop));
      return (n) => sib(S, n, f, dir, immediate, stop, pure);
    }
    case "stmts": {
      const fns = ir.items.map((it) => cl(it.sub, "node", 0, S));
      const globs = Int32Array.from(ir.items.map((it) => it.glob));
      const { at, span } = ir;
      return (n) => stmtSeq(S, n, fns, globs, at, span);
    }
    case "sibAt": {
      const f = cl(ir.sub, "node", 0, S),
        off = ir.off;
      return (n) => sibAt(S, n, off, f);
    }
    case "nth": {
      const of = ir.of === null ? null : cl(ir.of, "node", 0, S),
        { a, b, fromEnd } = ir;
      const pure = ir.of !== null && bindingFree(ir.of);
      return (n) => nth(S, n, a, b, fromEnd, of, pure);
    }
    case "inField": {
      const name = ir.name;
      return (n) => inField(S, n, name);
    }
    case "with": {
      const v = ir.v,
        o = 4 * v;
      const sub = ir.sub;
      if (sub.t === "re") {
        const re = new RegExp(sub.source, sub.flags);
        return () => {
          const s = bindingText(S, v);
          return s !== null && re.test(s);
        };
      }
      const fNode = cl(sub, "node", 0, S),
        fIdent = cl(sub, "ident", 0, S);
      return () => {
        const tag = S.e[o];
        if (tag === 1) return fNode(S.e[o + 1]!);
        if (tag === 2) return fIdent(S.e[o + 1]!);
        return false;
      };
    }
  }
}
