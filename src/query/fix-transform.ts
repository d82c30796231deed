// A rule's `transform:` and `rewriters:` sections (§8.6, as ast-grep writes them) lowered and
// checked when the rule compiles: new metavariables computed from bound ones (substring, replace,
// convert, rewrite), in dependency order. fix-rewrite.ts computes them for each match.
import { parse as parseYaml } from "yaml";
import { QUERY_CODES as Q, fail, hint } from "./messages.js";
import { CASES, SEPARATORS, type Separator, type StringCase } from "./fix-case.js";
import { templateVars } from "./fix.js";

/** Where a transform reads its text: a metavariable (`$X`), or a run (`$$$X`, rewrite only). */
interface Source {
  readonly name: string;
  readonly run: boolean;
}

/** One lowered transform: metavariable `name` computed from `source`. */
export type Transform =
  | {
      readonly kind: "substring";
      readonly name: string;
      readonly source: Source;
      readonly start: number | null;
      readonly end: number | null;
    }
  | { readonly kind: "replace"; readonly name: string; readonly source: Source; readonly regex: string; readonly by: string }
  | {
      readonly kind: "convert";
      readonly name: string;
      readonly source: Source;
      readonly to: StringCase;
      readonly separatedBy: readonly Separator[] | null;
    }
  | {
      readonly kind: "rewrite";
      readonly name: string;
      readonly source: Source;
      readonly rewriters: readonly string[];
      readonly joinBy: string | null;
    };

/** A rewriter: a rule (with `where`) and a fix template applied to nodes below a capture. */
export interface Rewriter {
  readonly id: string;
  /** The rule object its matcher is compiled from (rule and where). */
  readonly spec: { readonly rule: unknown; readonly where?: unknown };
  /** Its fix template. */
  readonly template: string;
  /** Its own transforms, in dependency order. */
  readonly transforms: readonly Transform[];
}

/** A rule's transforms (dependency order) and the rewriters they may use. */
export interface TransformProgram {
  readonly transforms: readonly Transform[];
  readonly rewriters: ReadonlyMap<string, Rewriter>;
}

/** What a rule (or a rewriter's rule) binds: on every path (`sure`) and on some path (`all`). */
export interface BoundNames {
  readonly sure: ReadonlySet<string>;
  readonly all: ReadonlySet<string>;
}

const KINDS = ["substring", "replace", "convert", "rewrite"];
const KEYS: Record<string, { required: readonly string[]; optional: readonly string[] }> = {
  substring: { required: ["source"], optional: ["startChar", "endChar"] },
  replace: { required: ["source", "replace", "by"], optional: [] },
  convert: { required: ["source", "toCase"], optional: ["separatedBy"] },
  rewrite: { required: ["source", "rewriters"], optional: ["joinBy"] },
};
const REWRITER_KEYS = ["id", "rule", "fix", "transform", "where"];
const NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Lowers the rule's `transform` and `rewriters` (undefined when it has neither). `bound`: what
 * the rule binds; `lowerSub` lowers a rewriter's rule ({rule, where}) and says what it binds
 * (throwing its QueryError, or Q3007 when it can never match).
 * Throws QueryError: Q3022 (a malformed transform: unknown kind, key, case or separator, a bad
 * source, a name the rule binds), Q3023 (a cycle), Q3024 (a malformed rewriter, an unknown
 * rewriter id), Q3010 (an invalid regex), Q3006 (a source or rewriter template variable that is
 * not bound on every path).
 */
export function lowerTransformSection(
  transform: unknown,
  rewriters: unknown,
  text: string,
  bound: BoundNames,
  lowerSub: (spec: { rule: unknown; where?: unknown }, id: string) => BoundNames,
): TransformProgram | undefined {
  if (transform === undefined && rewriters === undefined) return undefined;
  const rws = new Map<string, Rewriter>();
  const pending: { raw: Record<string, unknown>; sub: BoundNames }[] = [];
  if (rewriters !== undefined) {
    const at = Math.max(0, text.indexOf("rewriters"));
    if (!Array.isArray(rewriters)) fail(Q.BadRewriter, "'rewriters' is a list of rules, each with id, rule and fix", text, at, at + 9);
    for (const r of rewriters as unknown[]) {
      if (typeof r !== "object" || r === null || Array.isArray(r))
        fail(Q.BadRewriter, "a rewriter is a mapping with id, rule and fix (and optionally transform, where)", text, at, at + 9);
      const raw = r as Record<string, unknown>;
      for (const k of Object.keys(raw))
        if (!REWRITER_KEYS.includes(k)) badAt(Q.BadRewriter, `unknown rewriter key '${k}'${hint(k, REWRITER_KEYS)}`, text, k, at);
      if (typeof raw.id !== "string" || raw.id === "") fail(Q.BadRewriter, "a rewriter needs an 'id' (a string)", text, at, at + 9);
      const id = raw.id as string;
      if (rws.has(id)) badAt(Q.BadRewriter, `two rewriters have the id '${id}'`, text, id, text.indexOf(id, at) + 1);
      if (raw.rule === undefined) badAt(Q.BadRewriter, `rewriter '${id}' needs a 'rule'`, text, id, at);
      if (typeof raw.fix !== "string")
        badAt(
          Q.BadRewriter,
          `rewriter '${id}' needs a 'fix' template (a string: a rewriter's fix replaces the node it matches)`,
          text,
          id,
          at,
        );
      const sub = lowerSub(raw.where === undefined ? { rule: raw.rule } : { rule: raw.rule, where: raw.where }, id);
      rws.set(id, {
        id,
        spec: raw.where === undefined ? { rule: raw.rule } : { rule: raw.rule, where: raw.where },
        template: raw.fix as string,
        transforms: [],
      });
      pending.push({ raw, sub });
    }
  }
  const ids = new Set(rws.keys());
  // A rewriter sees its own bindings and the enclosing rule's (ast-grep #1072).
  for (const { raw, sub } of pending) {
    const id = raw.id as string;
    const sure = new Set([...sub.sure, ...bound.sure]);
    const all = new Set([...sub.all, ...bound.all]);
    const transforms = raw.transform === undefined ? [] : lowerTransforms(raw.transform, text, { sure, all }, ids, sub.all);
    const defined = new Set(transforms.map((t) => t.name));
    for (const v of templateVars(raw.fix as string)) {
      if (sure.has(v) || defined.has(v)) continue;
      const pos = Math.max(0, text.indexOf("$" + v, Math.max(0, text.indexOf(id))));
      fail(
        Q.UnboundMetavariable,
        `$${v} in the fix of rewriter '${id}' is bound neither by the rewriter's rule nor on every path of the enclosing rule, nor by a transform${bracedHint(v, [...sure, ...defined], text.slice(pos + v.length + 1))}`,
        text,
        pos,
        pos + v.length + 1,
      );
    }
    rws.set(id, { ...rws.get(id)!, transforms });
  }
  const transforms = transform === undefined ? [] : lowerTransforms(transform, text, bound, ids, bound.all);
  return { transforms, rewriters: rws };
}

/**
 * " (... write ${F}_v2)" when `v` starts with a bound name: `$F_v2` reads as `$F_` then `v2`, as
 * in ast-grep. `after`: the characters the template has right after `$v`.
 */
export function bracedHint(v: string, bound: Iterable<string>, after = ""): string {
  const tail = /^[A-Za-z0-9_]*/.exec(after)![0];
  let best = "";
  for (const b of bound) if (v.startsWith(b) && v.length > b.length && b.length > best.length) best = b;
  if (best === "") return "";
  const rest = v.slice(best.length) + tail;
  return ` ($${v}${tail} reads as $${v}${tail === "" ? "" : ` then '${tail}'`}: a name runs as far as [A-Z0-9_] go; for $${best} then '${rest}', write \${${best}}${rest})`;
}

function badAt(code: (typeof Q)[keyof typeof Q], msg: string, text: string, word: string, from: number): never {
  const i = text.indexOf(word, Math.max(0, from));
  const s = i < 0 ? Math.max(0, from) : i;
  return fail(code, msg, text, s, s + (i < 0 ? 0 : word.length));
}

/**
 * One `transform:` mapping (of the rule or of a rewriter): names -> transformation objects or
 * ast-grep's string style (`replace($A, replace=re, by=x)`). `taken`: names the rule binds (a
 * transform may not reuse one). Returns the transforms in dependency order.
 */
function lowerTransforms(
  raw: unknown,
  text: string,
  bound: BoundNames,
  rewriterIds: ReadonlySet<string>,
  taken: ReadonlySet<string>,
): Transform[] {
  const base = Math.max(0, text.indexOf("transform"));
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    fail(Q.BadTransform, "'transform' maps new metavariable names to transformations", text, base, base + 9);
  const entries = Object.entries(raw as Record<string, unknown>);
  const out = new Map<string, Transform>();
  for (const [name, spec] of entries) {
    const nameAt = Math.max(base, text.indexOf(name, base));
    const bad = (msg: string, word?: string): never => {
      if (word === undefined) return fail(Q.BadTransform, msg, text, nameAt, nameAt + name.length);
      return badAt(Q.BadTransform, msg, text, word, nameAt);
    };
    if (!NAME.test(name)) bad(`a transform's name is a metavariable name in upper case ([A-Z][A-Z0-9_]*), not '${name}'`);
    if (taken.has(name)) bad(`transform '${name}' names a metavariable the rule already binds`);
    out.set(name, lowerOne(name, spec, text, bad, rewriterIds, nameAt));
  }
  const names = new Set(out.keys());
  // Sources: a transform's or a variable bound on every path.
  for (const t of out.values()) {
    const s = t.source.name;
    if (names.has(s)) {
      if (t.kind === "rewrite")
        badAt(Q.BadTransform, `rewrite needs a captured node, and $${s} is a transform's text`, text, "$" + s, base);
      continue;
    }
    if (!bound.sure.has(s)) {
      const pos = Math.max(base, text.indexOf("$" + s, base));
      fail(
        Q.UnboundMetavariable,
        `transform '${t.name}' reads $${s}, which is not bound on every path of the rule${bound.all.has(s) ? " (only in some branches, or only under not)" : ""}`,
        text,
        pos,
        pos + s.length + 1,
      );
    }
  }
  // Dependency order; a cycle is an error at the first of its names.
  const order: Transform[] = [];
  const state = new Map<string, 1 | 2>();
  for (const start of out.keys()) {
    if (state.has(start)) continue;
    // Explicit stack: a chain of transforms may be long.
    const stack: string[] = [start];
    while (stack.length > 0) {
      const n = stack[stack.length - 1]!;
      const st = state.get(n);
      if (st === undefined) {
        state.set(n, 1);
        const dep = out.get(n)!.source.name;
        if (out.has(dep)) {
          const ds = state.get(dep);
          if (ds === 1) {
            const cycle = stack.slice(stack.indexOf(dep)).concat(dep);
            const pos = Math.max(base, text.indexOf(dep, base));
            fail(Q.TransformCycle, `transforms depend on each other in a cycle: ${cycle.join(" -> ")}`, text, pos, pos + dep.length);
          }
          if (ds === undefined) stack.push(dep);
        }
      } else {
        stack.pop();
        if (st === 1) {
          state.set(n, 2);
          order.push(out.get(n)!);
        }
      }
    }
  }
  return order;
}

function lowerOne(
  name: string,
  spec: unknown,
  text: string,
  bad: (msg: string, word?: string) => never,
  rewriterIds: ReadonlySet<string>,
  nameAt: number,
): Transform {
  let kind: string;
  let args: Record<string, unknown>;
  if (typeof spec === "string") {
    const r = parseStringStyle(spec);
    if (r === null)
      return bad(
        `transform '${name}': '${spec}' is not of the form kind($SOURCE, key=value, ...) (values are YAML: quote a regex in single quotes)`,
        spec,
      );
    [kind, args] = r;
    if (!KINDS.includes(kind)) bad(`unknown transformation '${kind}'${hint(kind, KINDS)}; one of ${KINDS.join(", ")}`, kind);
  } else {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec))
      return bad(
        `transform '${name}' is a transformation object ({substring: {...}}, {replace: {...}}, ...) or a string like replace($A, replace=re, by=x)`,
      );
    const keys = Object.keys(spec);
    for (const k of keys) if (!KINDS.includes(k)) bad(`unknown transformation '${k}'${hint(k, KINDS)}; one of ${KINDS.join(", ")}`, k);
    if (keys.length !== 1) bad(`transform '${name}' has exactly one of ${KINDS.join(", ")}`);
    kind = keys[0]!;
    const v = (spec as Record<string, unknown>)[kind];
    if (typeof v !== "object" || v === null || Array.isArray(v)) return bad(`'${kind}' takes a mapping (source and its options)`, kind);
    args = v as Record<string, unknown>;
  }
  const keys = KEYS[kind]!;
  for (const k of Object.keys(args))
    if (!keys.required.includes(k) && !keys.optional.includes(k))
      bad(
        `unknown key '${k}' in '${kind}'${hint(k, [...keys.required, ...keys.optional])}; it takes ${[...keys.required, ...keys.optional].join(", ")}`,
        k,
      );
  for (const k of keys.required) if (args[k] === undefined) bad(`'${kind}' needs '${k}'`, kind);
  const src = args.source;
  const m = typeof src === "string" ? /^\$(\$\$)?([A-Z][A-Z0-9_]*)$/.exec(src) : null;
  if (m === null)
    return bad(
      `'source' is a metavariable written with its $ ($X${kind === "rewrite" ? " or $$$X" : ""}), not ${JSON.stringify(src)}`,
      "source",
    );
  if (m[1] !== undefined && kind !== "rewrite") bad(`'${kind}' reads text: its source is $${m[2]}, not $$$${m[2]}`, "source");
  const source: Source = { name: m[2]!, run: m[1] !== undefined };
  const int = (k: string): number | null => {
    const v = args[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isInteger(v)) return bad(`'${k}' is an integer (negative counts from the end)`, k);
    return v;
  };
  const str = (k: string): string => (typeof args[k] === "string" ? (args[k] as string) : bad(`'${k}' is a string`, k));
  switch (kind) {
    case "substring":
      return { kind, name, source, start: int("startChar"), end: int("endChar") };
    case "replace": {
      const regex = str("replace");
      try {
        new RegExp(regex, "g");
      } catch (e) {
        badAt(Q.BadRegex, `invalid regular expression in transform '${name}': ${(e as Error).message}`, text, regex, text.indexOf(name));
      }
      return { kind, name, source, regex, by: str("by") };
    }
    case "convert": {
      const to = str("toCase");
      if (!(CASES as readonly string[]).includes(to)) bad(`unknown case '${to}'${hint(to, CASES)}; one of ${CASES.join(", ")}`, to);
      let seps: Separator[] | null = null;
      if (args.separatedBy !== undefined) {
        const sb = args.separatedBy;
        if (!Array.isArray(sb)) return bad(`'separatedBy' is a list of ${SEPARATORS.join(", ")}`, "separatedBy");
        seps = [];
        for (const s of sb as unknown[]) {
          if (typeof s !== "string" || !(SEPARATORS as readonly string[]).includes(s))
            bad(
              `unknown separator ${JSON.stringify(s)}${typeof s === "string" ? hint(s, SEPARATORS) : ""}; one of ${SEPARATORS.join(", ")}`,
              String(s),
            );
          seps.push(s as Separator);
        }
      }
      return { kind, name, source, to: to as StringCase, separatedBy: seps };
    }
    default: {
      const list = args.rewriters;
      if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== "string"))
        return bad("'rewriters' is a list of rewriter ids", "rewriters");
      for (const id of list as string[])
        if (!rewriterIds.has(id))
          badAt(
            Q.BadRewriter,
            `transform '${name}' uses rewriter '${id}', which the rule's 'rewriters' do not define${hint(id, rewriterIds)}`,
            text,
            id,
            Math.max(nameAt, text.indexOf("rewriters", nameAt)),
          );
      const jb = args.joinBy;
      if (jb !== undefined && jb !== null && typeof jb !== "string") bad("'joinBy' is a string", "joinBy");
      return { kind: "rewrite", name, source, rewriters: list as string[], joinBy: typeof jb === "string" ? jb : null };
    }
  }
}

/** ast-grep's string style `kind($SRC, key=value, ...)`: values are YAML (`[a, b]`, `-1`, `'x, y'`). Null when malformed. */
function parseStringStyle(s: string): [string, Record<string, unknown>] | null {
  const m = /^\s*([A-Za-z]+)\s*\(([\s\S]*)\)\s*$/.exec(s);
  if (m === null) return null;
  const parts = splitArgs(m[2]!);
  if (parts === null || parts.length === 0) return null;
  const args: Record<string, unknown> = { source: parts[0]!.trim() };
  for (const p of parts.slice(1)) {
    const eq = p.indexOf("=");
    if (eq < 0) return null;
    const key = p.slice(0, eq).trim();
    const raw = p.slice(eq + 1).trim();
    try {
      args[key] = raw === "" ? "" : parseYaml(raw);
    } catch {
      return null;
    }
  }
  return [m[1]!, args];
}

// Splits at commas outside quotes and brackets.
function splitArgs(s: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let quote = "";
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote !== "") {
      if (c === "\\" && quote === '"') {
        cur += c + (s[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "{" || c === "(") depth++;
    else if (c === "]" || c === "}" || c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  if (quote !== "" || depth !== 0) return null;
  out.push(cur);
  return out;
}
