// Selectors (§8.4): CSS-like queries over CPython's kinds and fields, parsed here and lowered to
// the IR. `Call[func.attr="append"]`, `FunctionDef:has(Yield)`, `:def > arguments`, groups like
// `:scope`, relative `:has(> X)`, `:not`, `:is`, `:inside`, `:nth-child(2n+1 of X)`.
import {
  KINDS,
  OPERATOR_NAMES,
  BOOL_OPERATOR_NAMES,
  UNARY_OPERATOR_NAMES,
  CMP_OPERATOR_NAMES,
  EXPR_CONTEXT_NAMES,
} from "../schema/generated/nodes.js";
import { and, or, type Ir, type CmpOp } from "./ir.js";
import {
  ALL_KINDS,
  GROUPS,
  domainOf,
  resolveKinds,
  kindNameCandidates,
  fieldNamesOf,
  ALL_FIELDS,
  fieldIndexOf,
  type Domain,
} from "./schema-info.js";
import { QUERY_CODES as Q, fail, hint } from "./messages.js";
import { lowerPattern, type Vars } from "./pattern.js";

const MAX_DEPTH = 100;
const CONST_TYPES = ["str", "int", "float", "complex", "bytes", "bool", "None", "Ellipsis"];

/** Lowers a selector list to the IR (its subject: the rightmost compound). Throws QueryError. */
export function lowerSelector(text: string, vars: Vars): Ir {
  const p = new SelParser(text, vars);
  p.ws();
  const ir = p.selectors(0);
  p.ws();
  if (p.i < text.length) p.err(`unexpected '${text[p.i]}'`);
  return ir;
}

// Enum names usable as values: operators, comparisons, contexts.
const ENUM = new Map<string, number>();
for (const names of [OPERATOR_NAMES, BOOL_OPERATOR_NAMES, UNARY_OPERATOR_NAMES, CMP_OPERATOR_NAMES, EXPR_CONTEXT_NAMES])
  names.forEach((n, i) => {
    if (i > 0) ENUM.set(n, i);
  });

type Value =
  | { k: "str"; s: string }
  | { k: "num"; n: number; int: boolean }
  | { k: "re"; source: string; flags: string }
  | { k: "var"; name: string }
  | { k: "name"; s: string }; // True False None, enum names

class SelParser {
  i = 0;
  readonly text: string;
  readonly vars: Vars;
  constructor(text: string, vars: Vars) {
    this.text = text;
    this.vars = vars;
  }

  err(msg: string, at = this.i, end = at + 1): never {
    fail(Q.SelectorSyntax, msg, this.text, at, end);
  }
  ws(): boolean {
    const s = this.i;
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
    return this.i > s;
  }
  peek(): string {
    return this.text[this.i] ?? "";
  }
  eat(c: string): boolean {
    if (this.text.startsWith(c, this.i)) {
      this.i += c.length;
      return true;
    }
    return false;
  }
  expect(c: string): void {
    if (!this.eat(c)) this.err(`expected '${c}'`);
  }
  ident(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.i));
    if (m === null) this.err("expected a name");
    this.i += m[0].length;
    return m[0];
  }

  selectors(d: number): Ir {
    if (d > MAX_DEPTH) fail(Q.TooDeep, "selector nested too deeply", this.text, this.i);
    const alts = [this.complex(d)];
    for (;;) {
      const s = this.i;
      this.ws();
      if (this.eat(",")) {
        this.ws();
        alts.push(this.complex(d));
      } else {
        this.i = s;
        break;
      }
    }
    return alts.length === 1 ? alts[0]! : or(alts);
  }

  complex(d: number): Ir {
    let ir = this.compound(d);
    for (;;) {
      const comb = this.combinator();
      if (comb === null) return ir;
      const right = this.compound(d);
      const left = ir;
      const rel: Ir =
        comb === " "
          ? { t: "inside", sub: left, immediate: false, stop: null, field: null }
          : comb === ">"
            ? { t: "inside", sub: left, immediate: true, stop: null, field: null }
            : { t: "sib", sub: left, dir: -1, immediate: comb === "+", stop: null };
      ir = and([right, rel]);
    }
  }

  /**
   * The combinator between two compounds (`>`, `+`, `~`, or " " for whitespace before another
   * compound), read with the space around it; null, with nothing read, when none follows.
   */
  combinator(): string | null {
    const s = this.i;
    const hadWs = this.ws();
    const c = this.peek();
    if (c === ">" || c === "+" || c === "~") {
      this.i++;
      this.ws();
      return c;
    }
    if (hadWs && c !== "" && c !== "," && c !== ")") return " ";
    this.i = s;
    return null;
  }

  compound(d: number): Ir {
    const start = this.i;
    let kinds: readonly number[] | null = null;
    const parts: Ir[] = [];
    const c = this.peek();
    if (c === "*") this.i++;
    else if (/[A-Za-z_]/.test(c)) {
      const at = this.i;
      const name = this.ident();
      const ks = resolveKinds(name);
      if (ks === null) fail(Q.UnknownKind, `unknown node kind '${name}'${hint(name, kindNameCandidates())}`, this.text, at, this.i);
      kinds = ks;
      parts.push({ t: "kind", kinds: ks });
    }
    for (;;) {
      if (this.peek() === "[") parts.push(this.attr(kinds));
      else if (this.peek() === ":") {
        const r = this.pseudo(kinds, d);
        if (r.kinds !== null) kinds = kinds === null ? r.kinds : kinds.filter((k) => r.kinds!.includes(k));
        parts.push(r.ir);
      } else break;
    }
    if (this.i === start) this.err(this.i >= this.text.length ? "expected a selector" : `unexpected '${this.peek()}'`);
    return parts.length === 0 ? { t: "not", sub: { t: "none" } } : and(parts);
  }

  attr(kinds: readonly number[] | null): Ir {
    const open = this.i;
    this.expect("[");
    this.ws();
    const segs: { s: string; at: number }[] = [];
    for (;;) {
      const at = this.i;
      const m = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.text.slice(this.i));
      if (m === null) this.err("expected a field name");
      this.i += m[0].length;
      segs.push({ s: m[0], at });
      if (!this.eat(".")) break;
    }
    this.ws();
    let op: string | null = null;
    for (const o of ["!=", "<=", ">=", "~=", "=", "<", ">"])
      if (this.eat(o)) {
        op = o;
        break;
      }
    let isKinds: string[] | null = null;
    let value: Value | null = null;
    let valueAt = this.i;
    if (op === null && /^is\b/.test(this.text.slice(this.i))) {
      this.i += 2;
      this.ws();
      valueAt = this.i;
      isKinds = [this.ident()];
      while (this.eat("|")) isKinds.push(this.ident());
    } else if (op !== null) {
      this.ws();
      valueAt = this.i;
      value = this.value();
    }
    this.ws();
    if (!this.eat("]")) this.err("expected ']'", this.i);
    const term = (dom: Domain | "len", endKinds: readonly number[]): Ir => {
      if (isKinds !== null) return this.isTest(dom, isKinds, valueAt);
      if (op === null) return dom === "len" ? { t: "cmp", op: ">", n: 0 } : { t: "not", sub: { t: "none" } };
      return this.compare(dom, op, value!, valueAt, endKinds);
    };
    return this.path(kinds, segs, 0, term, open);
  }

  path(
    kinds: readonly number[] | null,
    segs: readonly { s: string; at: number }[],
    i: number,
    term: (dom: Domain | "len", k: readonly number[]) => Ir,
    open: number,
  ): Ir {
    const seg = segs[i]!;
    const base = kinds ?? ALL_KINDS;
    const has = base.filter((k) => fieldIndexOf(k, seg.s) >= 0);
    if (has.length === 0) {
      const cands = kinds === null ? ALL_FIELDS : fieldNamesOf(kinds);
      const what = kinds === null ? "no node kind" : kinds.length === 1 ? KINDS[kinds[0]!]!.name : "none of these kinds";
      fail(Q.UnknownField, `${what} has a field '${seg.s}'${hint(seg.s, cands)}`, this.text, seg.at, seg.at + seg.s.length);
    }
    const byDom = new Map<Domain, number[]>();
    for (const k of has) {
      const dom = domainOf(KINDS[k]!.fields[fieldIndexOf(k, seg.s)]!.category);
      byDom.set(dom, [...(byDom.get(dom) ?? []), k]);
    }
    const alts: Ir[] = [];
    // Some kinds' `seg` may not lead on (`value.id` where Constant.value is a constant): those
    // branches drop out; when none is left, the path is an error.
    let firstErr: unknown = null;
    for (const [dom, ks] of byDom) {
      try {
        alts.push({ t: "field", name: seg.s, kinds: ks, dom, sub: this.rest(dom, segs, i + 1, term, open) });
      } catch (e) {
        if (firstErr === null) firstErr = e;
      }
    }
    if (alts.length === 0) throw firstErr;
    return alts.length === 1 ? alts[0]! : or(alts);
  }

  rest(
    dom: Domain,
    segs: readonly { s: string; at: number }[],
    i: number,
    term: (dom: Domain | "len", k: readonly number[]) => Ir,
    open: number,
  ): Ir {
    if (i === segs.length) return term(dom, []);
    const seg = segs[i]!;
    if (dom === "list" || dom === "idents" || dom === "ints") {
      const item: Domain = dom === "list" ? "node" : dom === "idents" ? "ident" : "int";
      if (seg.s === "length") {
        if (i + 1 !== segs.length) this.err("'length' must end the path", seg.at);
        return term("len", []);
      }
      if (/^\d+$/.test(seg.s)) return { t: "at", i: Number(seg.s), sub: this.rest(item, segs, i + 1, term, open) };
      fail(
        Q.UnknownField,
        `'${segs[i - 1]!.s}' is a list: follow it with an index or 'length', not '${seg.s}'`,
        this.text,
        seg.at,
        seg.at + seg.s.length,
      );
    }
    if (dom !== "node") fail(Q.UnknownField, `'${segs[i - 1]!.s}' has no fields`, this.text, seg.at, seg.at + seg.s.length);
    return this.path(null, segs, i, term, open);
  }

  isTest(dom: Domain | "len", names: string[], at: number): Ir {
    if (dom === "const") {
      const types = CONST_TYPES;
      for (const n of names)
        if (!types.includes(n)) fail(Q.BadValue, `'${n}' is not a constant type (${types.join(", ")})${hint(n, types)}`, this.text, at);
      return { t: "ctype", types: names };
    }
    const ks: number[] = [];
    let none = false;
    for (const n of names) {
      if (n === "None") {
        none = true;
        continue;
      }
      // A constant type on a path that also reaches node fields (`value.value is str`): no node is a str.
      if (CONST_TYPES.includes(n)) continue;
      const r = resolveKinds(n);
      if (r === null) fail(Q.UnknownKind, `unknown node kind '${n}'${hint(n, kindNameCandidates())}`, this.text, at);
      ks.push(...r);
    }
    const kindIr: Ir = { t: "kind", kinds: [...new Set(ks)].sort((a, b) => a - b) };
    if (none) return ks.length === 0 ? { t: "none" } : or([{ t: "none" }, kindIr]);
    return kindIr;
  }

  compare(dom: Domain | "len", op0: string, v: Value, at: number, _k: readonly number[]): Ir {
    let op = op0;
    const neg = (ir: Ir): Ir => (op0 === "!=" ? { t: "not", sub: ir } : ir);
    if (v.k === "var") return neg({ t: "var", v: this.vars.id(v.name), name: v.name });
    if (v.k === "re" && (op === "=" || op === "!=")) op = "~=";
    if (op === "~=") {
      if (v.k !== "re" && v.k !== "str") fail(Q.BadValue, "'~=' takes a /regex/", this.text, at);
      const source = v.k === "re" ? v.source : v.s,
        flags = v.k === "re" ? v.flags : "";
      try {
        new RegExp(source, flags);
      } catch (e) {
        fail(Q.BadRegex, `invalid regular expression: ${(e as Error).message}`, this.text, at);
      }
      return neg({ t: "re", source, flags });
    }
    const ord = op === "<" || op === "<=" || op === ">" || op === ">=";
    switch (dom) {
      case "len":
        if (v.k !== "num") fail(Q.BadValue, "a length compares with a number", this.text, at);
        return { t: "cmp", op: op as CmpOp, n: v.n };
      case "ident":
        if (v.k === "name" && v.s === "None") return neg({ t: "none" });
        if (v.k !== "str" && v.k !== "name") fail(Q.BadValue, "an identifier compares with a string", this.text, at);
        if (ord) fail(Q.BadValue, `'${op}' does not apply to identifiers`, this.text, at);
        return neg({ t: "str", s: v.s });
      case "const": {
        if (ord) {
          if (v.k !== "num") fail(Q.BadValue, `'${op}' compares with a number`, this.text, at);
          return { t: "cmp", op: op as CmpOp, n: v.n };
        }
        if (v.k === "str") return neg({ t: "const", value: v.s });
        if (v.k === "num") return neg(v.int ? { t: "const", value: BigInt(v.n) } : { t: "const", value: v.n });
        if (v.k === "name" && (v.s === "True" || v.s === "False" || v.s === "None"))
          return neg({ t: "const", value: v.s === "True" ? true : v.s === "False" ? false : null });
        return fail(Q.BadValue, "a constant compares with a string, number, True, False or None", this.text, at);
      }
      case "int":
      case "ints": {
        let n: number;
        if (v.k === "num") n = v.n;
        else if (v.k === "name" && ENUM.has(v.s)) n = ENUM.get(v.s)!;
        else if (v.k === "name" && (v.s === "True" || v.s === "False")) n = v.s === "True" ? 1 : 0;
        else
          fail(
            Q.BadValue,
            `expected an operator or context name${v.k === "name" || v.k === "str" ? hint(v.s, ENUM.keys()) : ""}`,
            this.text,
            at,
          );
        const test: Ir = ord ? { t: "cmp", op: op as CmpOp, n } : { t: "int", v: n };
        return neg(dom === "ints" ? { t: "some", sub: test } : test);
      }
      case "list":
      case "idents":
        if (v.k === "str" && dom === "idents") return neg({ t: "some", sub: { t: "str", s: v.s } });
        return fail(Q.BadValue, "a list field compares through an index or 'length'", this.text, at);
      // eslint-disable-next-line no-fallthrough
      default:
        if (v.k === "name" && v.s === "None") return neg({ t: "none" });
        fail(Q.BadValue, "a node field compares through one of its fields (e.g. func.id) or with 'is'", this.text, at);
    }
  }

  value(): Value {
    const c = this.peek();
    if (c === '"' || c === "'") {
      let j = this.i + 1,
        s = "";
      while (j < this.text.length && this.text[j] !== c) {
        if (this.text[j] === "\\") j++;
        s += this.text[j] ?? "";
        j++;
      }
      if (j >= this.text.length) this.err("unterminated string");
      this.i = j + 1;
      return { k: "str", s };
    }
    if (c === "/") {
      let j = this.i + 1,
        inClass = false;
      while (j < this.text.length && (this.text[j] !== "/" || inClass)) {
        if (this.text[j] === "\\") j++;
        else if (this.text[j] === "[") inClass = true;
        else if (this.text[j] === "]") inClass = false;
        j++;
      }
      if (j >= this.text.length) this.err("unterminated /regex/");
      const source = this.text.slice(this.i + 1, j);
      this.i = j + 1;
      const m = /^[imsu]*/.exec(this.text.slice(this.i))!;
      this.i += m[0].length;
      return { k: "re", source, flags: m[0] };
    }
    if (c === "$") {
      const m = /^\$([A-Z][A-Z0-9_]*)/.exec(this.text.slice(this.i));
      if (m === null) fail(Q.BadMetavariable, "a metavariable is $NAME (upper case)", this.text, this.i);
      this.i += m[0].length;
      return { k: "var", name: m[1]! };
    }
    const num = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.i));
    if (num !== null) {
      this.i += num[0].length;
      return { k: "num", n: Number(num[0]), int: num[1] === undefined && num[2] === undefined };
    }
    return { k: "name", s: this.ident() };
  }

  pseudo(kinds: readonly number[] | null, d: number): { ir: Ir; kinds: readonly number[] | null } {
    const at = this.i;
    this.expect(":");
    const name = this.ident();
    const paren = this.peek() === "(";
    const args = (f: () => Ir): Ir => {
      this.expect("(");
      this.ws();
      const r = f();
      this.ws();
      this.expect(")");
      return r;
    };
    switch (name) {
      case "has":
      case "has-own":
        return { ir: args(() => this.relativeList(d, name === "has-own")), kinds: null };
      case "not":
        return { ir: args(() => ({ t: "not", sub: this.selectors(d + 1) })), kinds: null };
      case "is":
      case "matches":
      case "where": {
        const sub = args(() => this.selectors(d + 1));
        return { ir: sub, kinds: null };
      }
      case "inside":
        return { ir: args(() => ({ t: "inside", sub: this.selectors(d + 1), immediate: false, stop: null, field: null })), kinds: null };
      case "field":
        return {
          ir: args(() => {
            const a = this.i;
            const f = this.ident();
            if (!ALL_FIELDS.has(f)) fail(Q.UnknownField, `no node kind has a field '${f}'${hint(f, ALL_FIELDS)}`, this.text, a, this.i);
            return { t: "inField", name: f };
          }),
          kinds: null,
        };
      case "first-child":
        return { ir: { t: "nth", a: 0, b: 1, fromEnd: false, of: null }, kinds: null };
      case "last-child":
        return { ir: { t: "nth", a: 0, b: 1, fromEnd: true, of: null }, kinds: null };
      case "nth-child":
      case "nth-last-child":
        return {
          ir: args(() => {
            const [a, b] = this.anb();
            this.ws();
            let of: Ir | null = null;
            if (this.eat("of")) {
              this.ws();
              of = this.selectors(d + 1);
            }
            return { t: "nth", a, b, fromEnd: name === "nth-last-child", of };
          }),
          kinds: null,
        };
      case "pattern":
        return {
          ir: args(() => {
            const v = this.value();
            if (v.k !== "str") this.err("':pattern' takes a quoted pattern");
            return lowerPattern(v.s, this.vars).ir;
          }),
          kinds: null,
        };
      case "as":
        return {
          ir: args(() => {
            const v = this.value();
            if (v.k !== "var") this.err("':as' takes a $METAVARIABLE");
            return { t: "var", v: this.vars.id(v.name), name: v.name };
          }),
          kinds: null,
        };
      default: {
        if (name === "scope" && paren) return { ir: args(() => ({ t: "scope", sub: this.selectors(d + 1) })), kinds: null };
        const g = GROUPS.get(name);
        if (g === undefined || paren)
          fail(
            Q.UnknownKind,
            `unknown pseudo-class ':${name}'${hint(name, [...GROUPS.keys(), "has", "has-own", "not", "is", "inside", "scope", "field", "nth-child", "nth-last-child", "first-child", "last-child", "pattern", "as"])}`,
            this.text,
            at,
            this.i,
          );
        void kinds;
        return { ir: { t: "kind", kinds: g }, kinds: g };
      }
    }
  }

  /**
   * The argument of `:has`: relative selectors (`A B`, `> A B`, `+ A`, `A ~ B`), comma-separated,
   * each read from the subject down: `:has(A B)` is "a descendant A of the subject has a
   * descendant B", never an A above the subject. `own` (`:has-own`): no descendant step crosses
   * a scope node.
   */
  relativeList(d: number, own: boolean): Ir {
    if (d > MAX_DEPTH) fail(Q.TooDeep, "selector nested too deeply", this.text, this.i);
    const alts = [this.relative(d + 1, own)];
    for (;;) {
      const s = this.i;
      this.ws();
      if (this.eat(",")) {
        this.ws();
        alts.push(this.relative(d + 1, own));
      } else {
        this.i = s;
        break;
      }
    }
    return alts.length === 1 ? alts[0]! : or(alts);
  }

  relative(d: number, own: boolean): Ir {
    const combs: string[] = [" "];
    const c0 = this.peek();
    if (c0 === ">" || c0 === "+" || c0 === "~") {
      combs[0] = c0;
      this.i++;
      this.ws();
    }
    const parts: Ir[] = [this.compound(d)];
    for (;;) {
      const comb = this.combinator();
      if (comb === null) break;
      combs.push(comb);
      parts.push(this.compound(d));
    }
    // From the innermost compound out: each step is a relation from the compound before it.
    let acc: Ir | null = null;
    for (let k = parts.length - 1; k >= 0; k--) {
      const here: Ir = acc === null ? parts[k]! : and([parts[k]!, acc]);
      const comb = combs[k]!;
      acc =
        comb === " "
          ? { t: "has", sub: here, own, immediate: false, stop: null, field: null }
          : comb === ">"
            ? { t: "has", sub: here, own: false, immediate: true, stop: null, field: null }
            : { t: "sib", sub: here, dir: 1, immediate: comb === "+", stop: null };
    }
    return acc!;
  }

  /** An+B (also odd, even, a bare B). */
  anb(): [number, number] {
    const m = /^(odd|even|([+-]?\d*)n\s*([+-]\s*\d+)?|[+-]?\d+)/.exec(this.text.slice(this.i));
    if (m === null) this.err("expected An+B");
    this.i += m[0].length;
    if (m[0] === "odd") return [2, 1];
    if (m[0] === "even") return [2, 0];
    if (!m[0].includes("n")) return [0, Number(m[0])];
    const a = m[2] === "" || m[2] === "+" ? 1 : m[2] === "-" ? -1 : Number(m[2]);
    const b = m[3] === undefined ? 0 : Number(m[3].replace(/\s/g, ""));
    return [a, b];
  }
}
