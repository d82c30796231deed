// Rule objects (§8.5), from YAML, JSON or a JS literal: `all`, `any`, `not`, `has`, `inside`,
// `follows`, `precedes`, `where`, `focus`, `message`, `fix`. Keys of one rule object are
// evaluated in §8.5's binding order: positive atoms in written order, then relations, then `not`.
import { parse as parseYaml, YAMLParseError } from "yaml";
import { and, or, normalize, potentialKinds, surelyBound, type Ir, type CmpOp } from "./ir.js";
import { resolveKinds, kindNameCandidates, GROUPS, ALL_FIELDS } from "./schema-info.js";
import { KINDS, NodeKind as K } from "../schema/generated/nodes.js";
import { QUERY_CODES as Q, fail, hint, diag, QueryError } from "./messages.js";
import { lowerPattern, Vars, ENTRY_MODES } from "./pattern.js";
import { lowerSelector } from "./selector.js";
import { fixVars, lowerFix, type FixOp, type FixSpec } from "./fix-spec.js";
import { bracedHint, lowerTransformSection, type BoundNames, type TransformProgram } from "./fix-transform.js";
import { templateVars } from "./fix.js";

/** A rule object as written (YAML, JSON or a literal). */
export interface RuleObject {
  id?: string;
  rule?: RuleBody;
  where?: Record<string, RuleBody | { regex?: string; kind?: string | string[]; compare?: string }>;
  focus?: string;
  message?: string;
  fix?: FixSpec;
  severity?: string;
  /** New metavariables computed from bound ones: `{NAME: {substring|replace|convert|rewrite: {...}}}` or `NAME: "replace($A, replace=re, by=x)"`. */
  transform?: Record<string, unknown>;
  /** Rules with an id and a fix template that `rewrite` transforms apply below a capture. */
  rewriters?: readonly Record<string, unknown>[];
  [key: string]: unknown;
}

/** The body of a rule: atoms, relations and combinators. */
export interface RuleBody {
  pattern?: string | { pattern?: string; context?: string; as?: string; strict?: boolean };
  as?: string;
  strict?: boolean;
  select?: string;
  kind?: string | string[];
  text?: string;
  regex?: string;
  has?: RuleBody;
  hasOwn?: RuleBody;
  inside?: RuleBody;
  scope?: RuleBody;
  follows?: RuleBody;
  precedes?: RuleBody;
  all?: RuleBody[];
  any?: RuleBody[];
  not?: RuleBody;
  immediate?: boolean;
  stopBy?: "end" | "neighbor" | RuleBody;
  field?: string;
  [key: string]: unknown;
}

export interface LoweredRule {
  readonly ir: Ir;
  readonly span: number;
  readonly id: string | undefined;
  readonly message: string | undefined;
  readonly fix: readonly FixOp[] | undefined;
  readonly focus: string | undefined;
  readonly severity: string | undefined;
  /** Fields the subject's patterns leave unconstrained (see LoweredPattern.loose). */
  readonly loose: readonly string[];
  /** Span metavariables of the subject's multi-statement patterns with `$$$` (LoweredPattern.spanVar). */
  readonly spanVars: readonly number[];
  /** The rule's `transform` and `rewriters`, lowered (also the first operation of `fix` when it has one). */
  readonly transform: TransformProgram | undefined;
}

// Fields that hold nodes (a node, an optional node or a list of nodes) in some kind: the only
// ones a relation's `field` can name.
const NODE_FIELDS = new Set<string>();
for (const k of KINDS)
  for (const f of k?.fields ?? []) if (f.category === "node" || f.category === "node?" || f.category === "node*") NODE_FIELDS.add(f.name);

const ATOMS = ["pattern", "select", "kind", "text", "regex"];
const RELATIONS = ["has", "hasOwn", "inside", "scope", "follows", "precedes"];
const COMBINATORS = ["all", "any"];
const OPTIONS = ["immediate", "stopBy", "field", "as", "strict"];
const TOP = ["id", "rule", "where", "focus", "message", "fix", "severity", "language", "note", "metadata", "transform", "rewriters"];

/** Parses rule text (YAML, of which JSON is a subset). Throws QueryError Q3011. */
export function parseRuleText(text: string): RuleObject {
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch (e) {
    const pos = e instanceof YAMLParseError ? e.pos[0] : 0;
    fail(Q.RuleFileSyntax, `rule is not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`, text, pos);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(Q.BadRule, "a rule must be a mapping (an object)", text, 0);
  return v as RuleObject;
}

/** Lowers a rule object. `text`: the rule's source (for positions), or its JSON. */
export function lowerRule(obj: RuleObject, vars: Vars, text: string): LoweredRule {
  const at = (key: string): number => Math.max(0, text.indexOf(key));
  const body: RuleBody =
    obj.rule !== undefined ? obj.rule : (Object.fromEntries(Object.entries(obj).filter(([k]) => !TOP.includes(k))) as RuleBody);
  if (obj.rule !== undefined) {
    for (const k of Object.keys(obj))
      if (!TOP.includes(k)) fail(Q.BadRule, `unknown top-level key '${k}'${hint(k, TOP)}`, text, at(k), at(k) + k.length);
  }
  const L = new RuleLowering(vars, text);
  let span = 1;
  const spanVars: number[] = [];
  let ir0: Ir;
  try {
    ir0 = L.body(
      body,
      0,
      (s, v) => {
        span = Math.max(span, s);
        if (v !== undefined && v >= 0) spanVars.push(v);
      },
      null,
    );
  } catch (e) {
    throw inRuleText(e, text);
  }
  const subs: Ir[] = [ir0];
  if (obj.where !== undefined) {
    if (typeof obj.where !== "object" || obj.where === null)
      fail(Q.BadRule, "'where' maps metavariable names to conditions", text, at("where"));
    for (const [name, cond] of Object.entries(obj.where)) {
      if (!vars.has(name))
        fail(Q.UnboundMetavariable, `'where' names $${name}, which the rule never binds`, text, at(name), at(name) + name.length);
      subs.push({ t: "with", v: vars.id(name), sub: L.whereCond(cond as Record<string, unknown>, 0) });
    }
  }
  const str = (k: string): string | undefined => {
    const v = obj[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string") fail(Q.BadRule, `'${k}' must be a string`, text, at(k));
    return v;
  };
  const ir = and(subs);
  const message = str("message");
  let fix = obj.fix === undefined ? undefined : lowerFix(obj.fix, text);
  const bound = boundNames(ir, vars);
  const program = lowerTransformSection(obj.transform, obj.rewriters, text, bound, (spec, id) => {
    const sub = new Vars();
    const ir = lowerRule(spec as RuleObject, sub, text).ir;
    if (potentialKinds(normalize(ir)).length === 0) {
      const from = Math.max(0, text.indexOf("rewriters"));
      const m = new RegExp(`id"?\\s*:\\s*["']?${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).exec(text.slice(from));
      const pos = m === null ? from : from + m.index + m[0].length - id.length;
      fail(Q.NeverMatches, `rewriter '${id}' can never match: no node kind satisfies all of its conditions`, text, pos, pos + id.length);
    }
    return boundNames(ir, sub);
  });
  const defined = new Set(program?.transforms.map((t) => t.name));
  // A name the rule never binds: often `$F_v2` meant as `$F` then `_v2` (the braced form says so).
  const unknown = (where: string, names: readonly string[]) => {
    for (const n of names) {
      if (vars.has(n) || defined.has(n)) continue;
      const pos = Math.max(0, text.indexOf("$" + n));
      fail(
        Q.UnboundMetavariable,
        `$${n} in '${where}' is never bound by the rule${bracedHint(n, [...bound.all, ...defined], text.slice(pos + n.length + 1))}`,
        text,
        pos,
        pos + n.length + 1,
      );
    }
  };
  if (fix !== undefined) unknown("fix", fixVars(fix));
  if (message !== undefined) unknown("message", templateVars(message));
  if (fix !== undefined && program !== undefined && program.transforms.length > 0) fix = [{ op: "transform", program }, ...fix];
  return {
    ir,
    span,
    spanVars,
    loose: [...L.loose],
    id: str("id"),
    message,
    fix,
    focus: str("focus"),
    severity: str("severity"),
    transform: program,
  };
}

/** The names `ir` binds on every path and on some path (hidden `_span` variables left out). */
function boundNames(ir: Ir, vars: Vars): BoundNames {
  const sure = new Set<string>();
  for (const v of surelyBound(normalize(ir))) if (!vars.names[v]!.startsWith("_")) sure.add(vars.names[v]!);
  return { sure, all: new Set(vars.names.filter((n) => !n.startsWith("_"))) };
}

/**
 * A QueryError about a pattern or selector inside the rule, moved to where that text sits in the
 * rule file (found line by line, since YAML may have indented or quoted it); others unchanged.
 */
function inRuleText(e: unknown, text: string): unknown {
  if (!(e instanceof QueryError)) return e;
  return new QueryError(
    e.diagnostics.map((d) => {
      if (d.source === text) return d;
      const lines = d.source.split("\n");
      const first = lines.find((l) => l.trim() !== "") ?? "";
      const base = text.indexOf(first.trim());
      if (base < 0) return diag(d.code, d.message, text, 0);
      const line = lines[d.line - 1] ?? "";
      const lineAt = line.trim() === "" ? base : text.indexOf(line.trimStart(), base);
      if (lineAt < 0) return diag(d.code, d.message, text, base);
      const col = d.column - (line.length - line.trimStart().length);
      return diag(d.code, d.message, text, lineAt + Math.max(0, col), lineAt + Math.max(0, col) + (d.end - d.start));
    }),
  );
}

class RuleLowering {
  readonly loose = new Set<string>();
  readonly vars: Vars;
  readonly text: string;
  constructor(vars: Vars, text: string) {
    this.vars = vars;
    this.text = text;
  }
  at(key: string): number {
    return Math.max(0, this.text.indexOf(key));
  }
  bad(msg: string, key: string): never {
    fail(Q.BadRule, msg, this.text, this.at(key), this.at(key) + key.length);
  }

  /**
   * A rule body. `span` hears the statement count (and span variable) of patterns that test the
   * subject itself (not those under a relation or `not`). `rel`: the relation whose rule this is
   * (its options stopBy, immediate and field are read there), or null.
   */
  body(b: RuleBody, d: number, span: (s: number, v?: number) => void, rel: string | null): Ir {
    if (d > 100) fail(Q.TooDeep, "rule nested too deeply", this.text, 0);
    if (typeof b !== "object" || b === null || Array.isArray(b))
      fail(Q.BadRule, "a rule is a mapping of keys such as pattern, kind, has, all", this.text, 0);
    const known = [...ATOMS, ...RELATIONS, ...COMBINATORS, "not", "matches", ...OPTIONS];
    const atoms: Ir[] = [],
      rels: Ir[] = [],
      combos: Ir[] = [],
      nots: Ir[] = [];
    for (const [k, v] of Object.entries(b)) {
      if (!known.includes(k)) this.bad(`unknown rule key '${k}'${hint(k, known)}`, k);
      switch (k) {
        case "pattern": {
          const p =
            typeof v === "string"
              ? { pattern: v, as: b.as, strict: b.strict }
              : (v as { pattern?: string; as?: string; strict?: boolean; context?: string });
          if (typeof p !== "object" || typeof p.pattern !== "string") this.bad("'pattern' is a string or {pattern, as}", k);
          if (p.as !== undefined && ENTRY_MODES[p.as] === undefined)
            fail(Q.BadEntryMode, `unknown entry mode '${p.as}'${hint(p.as, Object.keys(ENTRY_MODES))}`, this.text, this.at(p.as));
          const r = lowerPattern(p.pattern, this.vars, p.as, p.strict === true);
          span(r.span, r.spanVar);
          if (d === 0) for (const f of r.loose) this.loose.add(f);
          atoms.push(r.ir);
          break;
        }
        case "select":
          if (typeof v !== "string") this.bad("'select' is a selector string", k);
          atoms.push(lowerSelector(v, this.vars));
          break;
        case "kind":
          atoms.push(this.kind(v, k));
          break;
        case "text":
        case "regex": {
          if (typeof v !== "string") this.bad(`'${k}' is a regular expression string`, k);
          try {
            new RegExp(v);
          } catch (e) {
            fail(Q.BadRegex, `invalid regular expression: ${(e as Error).message}`, this.text, this.at(v));
          }
          atoms.push({ t: "re", source: v, flags: "" });
          break;
        }
        case "has":
        case "hasOwn":
        case "inside":
        case "scope":
        case "follows":
        case "precedes":
          rels.push(this.relation(k, v as RuleBody, d));
          break;
        case "all":
        case "any": {
          if (!Array.isArray(v)) this.bad(`'${k}' is a list of rules`, k);
          const subs = (v as RuleBody[]).map((x) => this.body(x, d + 1, span, null));
          combos.push(k === "all" ? and(subs) : or(subs));
          break;
        }
        case "not":
          nots.push({ t: "not", sub: this.body(v as RuleBody, d + 1, () => {}, null) });
          break;
        case "stopBy":
        case "immediate":
          if (rel === null)
            fail(
              Q.BadStopBy,
              `'${k}' belongs in the rule of a relation (has, inside, follows, precedes)`,
              this.text,
              this.at(k),
              this.at(k) + k.length,
            );
          break;
        case "field":
          if (rel === null)
            fail(Q.BadRelationField, "'field' belongs in the rule of has or inside", this.text, this.at(k), this.at(k) + k.length);
          break;
        case "matches":
          this.bad("'matches' (utility rules) is not supported yet", k);
          break;
        default:
          break; // options, read by their relation
      }
    }
    const all = [...atoms, ...combos, ...rels, ...nots];
    if (all.length === 0)
      this.bad("a rule needs at least one of pattern, select, kind, text, has, inside, all, any, not", Object.keys(b)[0] ?? "");
    return and(all);
  }

  kind(v: unknown, key: string): Ir {
    const names = typeof v === "string" ? v.split("|").map((s) => s.trim()) : Array.isArray(v) ? (v as unknown[]) : null;
    if (names === null || names.some((n) => typeof n !== "string")) this.bad("'kind' is a kind name, a group or a list of them", key);
    const ks = new Set<number>();
    for (const n of names as string[]) {
      const r = n.startsWith(":") ? (GROUPS.get(n.slice(1)) ?? null) : resolveKinds(n);
      if (r === null)
        fail(Q.UnknownKind, `unknown node kind '${n}'${hint(n, kindNameCandidates())}`, this.text, this.at(n), this.at(n) + n.length);
      for (const k of r) ks.add(k);
    }
    return { t: "kind", kinds: [...ks].sort((a, b) => a - b) };
  }

  /**
   * A relational rule, with ast-grep's options: `stopBy` is `neighbor` (the default: a child,
   * the parent, the adjacent sibling), `end` (any depth or distance) or a rule (go on up to and
   * including the first node that matches it); `field` (has, inside) names the field the related
   * node hangs from. `immediate: true` / `false` are quarry's spellings of neighbor / end.
   * `hasOwn` defaults to `end`; `scope` takes neither option.
   */
  relation(k: string, v: RuleBody, d: number): Ir {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.bad(`'${k}' takes a rule`, k);
    const sub = this.body(v, d + 1, () => {}, k);
    let immediate = k !== "hasOwn";
    let stop: Ir | null = null;
    const sb = v.stopBy as unknown;
    if (v.immediate !== undefined) {
      if (typeof v.immediate !== "boolean")
        fail(Q.BadStopBy, "'immediate' is true or false", this.text, this.at("immediate"), this.at("immediate") + 9);
      if (sb !== undefined)
        fail(Q.BadStopBy, "give 'stopBy' or 'immediate', not both", this.text, this.at("immediate"), this.at("immediate") + 9);
      immediate = v.immediate;
    }
    if (sb !== undefined) {
      const at = this.at("stopBy");
      if (typeof sb === "string") {
        if (sb !== "neighbor" && sb !== "end")
          fail(
            Q.BadStopBy,
            `stopBy is 'neighbor', 'end' or a rule, not '${sb}'${hint(sb, ["neighbor", "end"])}`,
            this.text,
            Math.max(at, this.text.indexOf(sb, at)),
            Math.max(at, this.text.indexOf(sb, at)) + sb.length,
          );
        immediate = sb === "neighbor";
      } else if (typeof sb === "object" && sb !== null && !Array.isArray(sb)) {
        stop = this.body(sb as RuleBody, d + 1, () => {}, null);
        if (potentialKinds(normalize(stop)).length === 0)
          fail(Q.BadStopBy, "this stopBy rule can never match, so it would never stop the search (use stopBy: end)", this.text, at, at + 6);
        immediate = false;
      } else {
        fail(Q.BadStopBy, `stopBy is 'neighbor', 'end' or a rule, not ${JSON.stringify(sb)}`, this.text, at, at + 6);
      }
    }
    if (k === "scope" && (sb !== undefined || v.immediate !== undefined))
      fail(
        Q.BadStopBy,
        "'scope' always looks at the nearest enclosing scope: stopBy and immediate do not apply",
        this.text,
        this.at(sb !== undefined ? "stopBy" : "immediate"),
      );
    let field: string | null = null;
    const fv = v.field as unknown;
    if (fv !== undefined) {
      const at = this.at("field");
      if (typeof fv !== "string") fail(Q.BadRelationField, "'field' is a field name (a string)", this.text, at, at + 5);
      if (k !== "has" && k !== "hasOwn" && k !== "inside")
        fail(Q.BadRelationField, `'field' applies to has and inside, not to ${k}`, this.text, at, at + 5);
      const fa = Math.max(at, this.text.indexOf(fv, at));
      if (!ALL_FIELDS.has(fv))
        fail(Q.UnknownField, `no node kind has a field '${fv}'${hint(fv, ALL_FIELDS)}`, this.text, fa, fa + fv.length);
      if (!NODE_FIELDS.has(fv))
        fail(
          Q.BadRelationField,
          `field '${fv}' never holds nodes (it is an identifier, constant or operator)`,
          this.text,
          fa,
          fa + fv.length,
        );
      field = fv;
    }
    switch (k) {
      case "has":
      case "hasOwn":
        return { t: "has", sub, own: k === "hasOwn", immediate, stop, field };
      case "inside":
        return { t: "inside", sub, immediate, stop, field };
      case "scope":
        return { t: "scope", sub };
      case "follows":
        return { t: "sib", sub, dir: -1, immediate, stop };
      default:
        return { t: "sib", sub, dir: 1, immediate, stop };
    }
  }

  whereCond(c: Record<string, unknown>, d: number): Ir {
    if (typeof c !== "object" || c === null) this.bad("a 'where' condition is a rule or {regex}, {kind}, {compare}", "where");
    const subs: Ir[] = [];
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) {
      if (k === "regex") {
        if (typeof v !== "string") this.bad("'regex' is a string", k);
        try {
          new RegExp(v);
        } catch (e) {
          fail(Q.BadRegex, `invalid regular expression: ${(e as Error).message}`, this.text, this.at(v));
        }
        subs.push({ t: "re", source: v, flags: "" });
      } else if (k === "compare") {
        const m = typeof v === "string" ? /^\s*(<=|>=|==|!=|<|>|=)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(v) : null;
        if (m === null) this.bad("'compare' is like \"> 3\"", k);
        const op = (m[1] === "==" ? "=" : m[1]) as CmpOp;
        subs.push({ t: "field", name: "value", kinds: [K.Constant], dom: "const", sub: { t: "cmp", op, n: Number(m[2]) } });
      } else rest[k] = v;
    }
    if (Object.keys(rest).length > 0) subs.push(this.body(rest as RuleBody, d + 1, () => {}, null));
    return and(subs);
  }
}
