// compileQuery: a pattern, selector or rule object -> IR -> normalized, hashed, statically checked
// -> a matcher from one of two back ends (generated code or closures; a cost rule picks) -> find().
// Compiled matchers are cached by the IR's canonical text, so the same query compiles once.
import type { Tree, NodeId } from "../ast/tree.js";
import { view, type NodeView } from "../ast/view.js";
import { KIND_NAMES, NodeKind as K } from "../schema/generated/nodes.js";
import { normalize, canonical, hashText, potentialKinds, requiredLiterals, surelyBound, varsIn, type Ir } from "./ir.js";
import { Vars, lowerPattern } from "./pattern.js";
import { lowerSelector } from "./selector.js";
import { lowerRule, parseRuleText, type RuleObject } from "./rule.js";
import { State, bindingText, candidateRows, sibAt, type Fn } from "./runtime.js";
import { compileClosure } from "./closure.js";
import { generate, type Generated } from "./codegen.js";
import { QUERY_CODES as Q, fail, diag, QueryError, type QueryDiagnostic } from "./messages.js";
import { fillMessage, renderFix, templateVars } from "./fix.js";
import { checkFixFields, fixVars, soleTemplate } from "./fix-spec.js";
import { ALL_KINDS } from "./schema-info.js";
import type { Edit, EditError, TextChange } from "../edit/types.js";
import type { FixOptions } from "./fix-run.js";
import { argumentsOf, paramRunRange, type ParamRun } from "./param-run.js";
import { utf8 } from "../core/string-literal.js";
import { fixEngine, messageEngine, wantFixEngine } from "./engine.js";
import type { PySyntaxError } from "../core/diagnostics.js";

/** What compileQuery accepts: a pattern string, `{ pattern, as? }`, `{ select }`, a rule object, or rule text (`{ ruleText }`). */
export type QuerySpec =
  | string
  | { pattern: string; as?: string; strict?: boolean }
  | { select: string }
  | { ruleText: string }
  | RuleObject;

/** Options of compileQuery. */
export interface QueryOptions {
  /**
   * Which back end runs the query: "codegen" (a function generated for this query), "closure"
   * (the reference interpreter of the IR; works where `new Function` is forbidden), or "auto"
   * (default): closures until the query has visited enough candidate nodes to pay for code
   * generation, then generated code (see `explain()`).
   */
  backend?: "auto" | "codegen" | "closure";
}

/** A byte range in the tree's source: UTF-8 offsets, end exclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What a metavariable was bound to in a match. */
export interface Binding {
  /** "node" (one node), "ident" (an identifier string, e.g. from `def $F`), "run" (a `$$$X`). */
  readonly kind: "node" | "ident" | "run";
  /** The node (kind "node"), or -1. */
  readonly node: NodeId;
  /** The nodes of a run (kind "run"), else []. */
  readonly nodes: readonly NodeId[];
  /** Source text: the node's, the identifier, or the span from the run's first to last item ("" if empty). */
  readonly text: string;
  /** Where the text is (for an identifier: where it is written; an empty run: an empty range). */
  readonly range: ByteRange;
}

/** Replace source bytes [start, end) by `text`. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A match whose fix was left out of Query.fix's result, and why. */
export interface FixSkip {
  /** The match's index in `find(tree)`'s order. */
  readonly match: number;
  /** The match's range. */
  readonly range: ByteRange;
  /**
   * E6016 when its edits overlap those of a match that comes first (the outermost wins), the
   * edit engine's code (E6002 not a list item, E6011 no such identifier field, ...) when an edit
   * cannot apply there, Q3018 when the fix itself does not fit the match.
   */
  readonly code: string;
  readonly message: string;
}

/** What Query.fix() returns. */
export interface FixResult {
  /**
   * The new source, parsed again before it is returned; null when the result is refused (see
   * `error`, `refusal`). It is the text given as `options.source` with the edits applied (CRLF
   * line ends and a BOM kept: inserted lines take the file's newline), else the tree's source.
   */
  readonly text: string | null;
  /** The edit-engine edits applied (or refused), in match order. */
  readonly edits: readonly Edit[];
  /** The byte-range replacements the edits resolved to, in source order (offsets in `options.source` when given). */
  readonly changes: readonly TextChange[];
  /** Matches left unfixed because their edits overlap an outer (earlier) match's: the outermost wins. */
  readonly conflicts: readonly FixSkip[];
  /** Matches left unfixed because their fix cannot apply there (the others are still applied). */
  readonly skipped: readonly FixSkip[];
  /**
   * Warnings about fixes that were applied, one per match, in match order: Q3025 when a fix
   * deleted comments inside the code it replaced (ast-grep #1253).
   */
  readonly warnings: readonly FixSkip[];
  /** CPython's SyntaxError for the result when it is not valid Python (then `text` is null). */
  readonly error: PySyntaxError | null;
  /** The edit engine's refusal of the whole result (a syntax error, or E6001: `options.source` is not what the tree was parsed from), or null. */
  readonly refusal: EditError | null;
}

export type { FixOptions, FixCallback, FixContext } from "./fix-run.js";

/** One match. */
export interface Match {
  /** The matched node (the `focus` binding's node when the rule has `focus`). */
  readonly node: NodeId;
  /** The node's source range (through the last statement of a multi-statement pattern). */
  readonly range: ByteRange;
  /** `range` widened to include decorators (FunctionDef, AsyncFunctionDef, ClassDef). */
  readonly extendedRange: ByteRange;
  /** Bound metavariables by name. */
  readonly bindings: Readonly<Record<string, Binding>>;
  /** The rule's message with metavariables substituted (rules with `message` only). */
  readonly message?: string;
  /**
   * The rule's `fix` when it is one replace template: the template rendered at the match's range,
   * lines after the first indented like the line it starts on (what Query.fix writes there when
   * the node starts its line). Absent for other fix forms (Query.fix resolves those).
   */
  readonly fix?: { readonly start: number; readonly end: number; readonly text: string };
}

/** A compiled query. */
export interface Query {
  /** Canonical hash of the normalized IR (8 hex digits). */
  readonly hash: string;
  /** The rule's id, if it has one. */
  readonly id: string | undefined;
  /** The rule's severity as written (`error`, `warning`, ...), if it has one. */
  readonly severity: string | undefined;
  /** Kinds the query's subject can have (the static prefilter), by CPython name. */
  readonly kinds: readonly string[];
  /** Identifiers every match needs in the source (the raw-source prefilter). */
  readonly literals: readonly string[];
  /** Metavariable names, in order of first appearance. */
  readonly vars: readonly string[];
  /** Warnings found while compiling (the query still works): Q3015. */
  readonly warnings: readonly QueryDiagnostic[];
  /** The normalized IR. */
  readonly ir: Ir;
  /** All matches in `tree`, in source order (outer before inner at the same start). */
  find(tree: Tree): Match[];
  /** The number of matches in `tree` (no Match objects made). */
  count(tree: Tree): number;
  /** The matched node ids only, in row order (no Match objects made). */
  nodes(tree: Tree): NodeId[];
  /** False when `source` (UTF-8 bytes) lacks a literal every match needs, so parsing it is useless. */
  mayMatch(source: Uint8Array): boolean;
  /**
   * The byte-range replacements Query.fix(tree) resolves the rule's fixes to, on `tree.source`,
   * sorted by start (also when the result would not parse), and the matches left out because
   * they overlap an outer one (as their range, with the fix's text when it is one template).
   * Empty for a query without `fix`.
   */
  fixes(tree: Tree): { edits: Replacement[]; conflicts: Replacement[] };
  /**
   * Applies the rule's fix (or `options.fix`, a callback) at every match through the edit engine
   * (src/edit/: list separators, `pass` for an emptied body, re-indented blocks) and parses the
   * result again. Where the edits of two matches overlap, the earlier match (the outermost) wins
   * and the other goes to `conflicts`; a match whose fix cannot apply goes to `skipped`. A result
   * that is not valid Python is refused: `text` null, `error` CPython's error for it. Pass the
   * file's own text or bytes as `options.source` to keep its CRLF line ends and BOM. Never
   * throws on bad input (a callback's own exceptions pass through).
   */
  fix(tree: Tree, options?: FixOptions): FixResult;
  /** A view of a matched node. */
  view(tree: Tree, id: NodeId): NodeView;
  /** Debug output: hash, kinds, literals, the back end in use and why, and the generated source if any. */
  explain(): string;
  /** Forces a back end (tests compare them); returns this query. */
  useBackend(b: "codegen" | "closure"): Query;
}

interface Entry {
  ir: Ir;
  hash: string;
  kinds: number[];
  gen: Generated | null;
  closure: Fn | null;
  S: State;
  visited: number;
}

const CACHE = new Map<string, Entry>();
const MAX_CACHE = 500;
// Candidate rows the closure back end visits before the auto rule switches to generated code:
// generating and building a function costs about as much as matching ~20k candidates with closures.
const CODEGEN_AFTER = 20000;

let functionAllowed: boolean | null = null;
function canGenerate(): boolean {
  if (functionAllowed === null) {
    try {
      functionAllowed = new Function("return 1")() === 1;
    } catch {
      functionAllowed = false;
    }
  }
  return functionAllowed;
}

/**
 * Compiles a query. Throws QueryError (codes Q3xxx, with positions in the query text) when the
 * query is invalid or can never match.
 */
export function compileQuery(spec: QuerySpec, options: QueryOptions = {}): Query {
  const vars = new Vars();
  let ir: Ir;
  let span = 1;
  let spanVars: readonly number[] = [];
  let text: string;
  let rule: ReturnType<typeof lowerRule> | null = null;
  if (typeof spec === "string") {
    text = spec;
    const p = lowerPattern(spec, vars);
    ir = p.ir;
    span = p.span;
    spanVars = p.spanVar >= 0 ? [p.spanVar] : [];
  } else if ("ruleText" in spec && typeof spec.ruleText === "string") {
    text = spec.ruleText;
    rule = lowerRule(parseRuleText(spec.ruleText), vars, spec.ruleText);
  } else if ("select" in spec && typeof spec.select === "string" && Object.keys(spec).length === 1) {
    text = spec.select;
    ir = lowerSelector(spec.select, vars);
  } else if (
    "pattern" in spec &&
    typeof spec.pattern === "string" &&
    Object.keys(spec).every((k) => k === "pattern" || k === "as" || k === "strict")
  ) {
    text = spec.pattern;
    const p = lowerPattern(spec.pattern, vars, (spec as { as?: string }).as, (spec as { strict?: boolean }).strict === true);
    ir = p.ir;
    span = p.span;
    spanVars = p.spanVar >= 0 ? [p.spanVar] : [];
  } else {
    text = JSON.stringify(spec);
    rule = lowerRule(spec as RuleObject, vars, text);
  }
  if (rule !== null) {
    ir = rule.ir;
    span = rule.span;
    spanVars = rule.spanVars;
  }
  ir = normalize(ir!);
  const kinds = potentialKinds(ir);
  if (kinds.length === 0)
    fail(Q.NeverMatches, "this query can never match: no node kind satisfies all of its conditions", text, 0, text.length);
  // Metavariables used in message/fix/focus must be bound on every path.
  let focusVar = -1;
  if (rule !== null) {
    const sure = surelyBound(ir);
    const check = (where: string, names: readonly string[]) => {
      for (const n of names) {
        if (!vars.has(n) || !sure.has(vars.id(n))) {
          const at = text.indexOf("$" + n);
          fail(
            Q.UnboundMetavariable,
            `$${n} in '${where}' is not bound on every path of the rule${vars.has(n) ? " (only in some branches, or only under not)" : ""}`,
            text,
            Math.max(0, at),
            Math.max(0, at) + n.length + 1,
          );
        }
      }
    };
    // Names a transform defines are checked by the transform (its sources must be bound).
    const defined = new Set(rule.transform?.transforms.map((t) => t.name));
    if (rule.message !== undefined)
      check(
        "message",
        templateVars(rule.message).filter((n) => !defined.has(n)),
      );
    if (rule.fix !== undefined) check("fix", fixVars(rule.fix));
    if (rule.focus !== undefined) {
      check("focus", [rule.focus.replace(/^\$+/, "")]);
      focusVar = vars.id(rule.focus.replace(/^\$+/, ""));
    }
    // The fix applies to the matched node: the focus's kinds are not known statically.
    if (rule.fix !== undefined) checkFixFields(rule.fix, rule.focus === undefined ? kinds : ALL_KINDS, text);
  }
  // §8.6: a fix that rewrites the whole node drops what the pattern did not write but the code
  // has (a return annotation, type parameters); decorators sit before the node's range and stay.
  const warnings: QueryDiagnostic[] = [];
  if (rule !== null && rule.fix !== undefined && rule.focus === undefined && rule.fix.some((o) => o.op === "replace")) {
    const lost = rule.loose.filter((f) => f !== "decorator_list");
    if (lost.length > 0)
      warnings.push(
        diag(
          Q.FixDropsFields,
          `the fix replaces the whole match, but the pattern leaves ${lost.join(", ")} unconstrained: a match that has ${lost.length === 1 ? "it" : "them"} loses ${lost.length === 1 ? "it" : "them"} (write ${lost.length === 1 ? "it" : "them"} in the pattern, capture ${lost.length === 1 ? "it" : "them"}, or use strict: true)`,
          text,
          Math.max(0, text.indexOf("fix")),
          Math.max(0, text.indexOf("fix")) + 3,
        ),
      );
  }
  const key = canonical(ir);
  let e = CACHE.get(key);
  if (e === undefined) {
    if (CACHE.size >= MAX_CACHE) CACHE.delete(CACHE.keys().next().value!);
    const nv = Math.max(vars.names.length, maxVar(ir) + 1);
    e = { ir, hash: hashText(key), kinds, gen: null, closure: null, S: new State(nv), visited: 0 };
    CACHE.set(key, e);
  }
  const q = new CompiledQuery(e, vars.names.slice(), span, rule, focusVar, options.backend ?? "auto", warnings, vars.paramRuns);
  if (rule?.fix !== undefined || rule?.transform !== undefined) wantFixEngine();
  q.spanVars = spanVars;
  return q;
}

function maxVar(ir: Ir): number {
  let m = -1;
  for (const v of varsIn(ir)) m = Math.max(m, v);
  return m;
}

class CompiledQuery implements Query {
  readonly hash: string;
  readonly id: string | undefined;
  readonly severity: string | undefined;
  readonly kinds: readonly string[];
  readonly literals: readonly string[];
  readonly vars: readonly string[];
  readonly warnings: readonly QueryDiagnostic[];
  readonly ir: Ir;
  private readonly e: Entry;
  private readonly span: number;
  private readonly rule: ReturnType<typeof lowerRule> | null;
  private readonly focusVar: number;
  private backend: "auto" | "codegen" | "closure";
  private readonly literalBytes: Uint8Array[];
  /** Every metavariable by number, hidden ones (`_span…`, see LoweredPattern.spanVar) included. */
  private readonly allVars: readonly string[];
  // Named `$$$` runs at the front or back of a pattern's parameter list (param-run.ts).
  private readonly paramRuns: ReadonlyMap<string, ParamRun>;
  /** Hidden variables whose run, when bound, is how far a multi-statement match reaches. */
  spanVars: readonly number[] = [];
  private why = "";

  constructor(
    e: Entry,
    vars: string[],
    span: number,
    rule: ReturnType<typeof lowerRule> | null,
    focusVar: number,
    backend: "auto" | "codegen" | "closure",
    warnings: QueryDiagnostic[],
    paramRuns: ReadonlyMap<string, ParamRun> = new Map(),
  ) {
    this.warnings = warnings;
    this.paramRuns = paramRuns;
    this.e = e;
    this.hash = e.hash;
    this.ir = e.ir;
    this.id = rule?.id;
    this.severity = rule?.severity;
    this.kinds = e.kinds.map((k) => KIND_NAMES[k]!);
    this.literals = requiredLiterals(e.ir);
    this.literalBytes = this.literals.map((s) => new TextEncoder().encode(s));
    this.allVars = vars;
    this.vars = vars.filter((n) => !n.startsWith("_"));
    this.span = span;
    this.rule = rule;
    this.focusVar = focusVar;
    this.backend = backend;
  }

  useBackend(b: "codegen" | "closure"): Query {
    this.backend = b;
    return this;
  }

  /** Runs the scan over `tree`, calling onMatch with S holding the bindings. */
  private scan(tree: Tree, onMatch: (n: number) => void): void {
    const e = this.e;
    e.S.reset(tree);
    const useGen = this.chooseGen(tree);
    const rows = candidateRows(tree, e.kinds);
    if (useGen) {
      if (rows === null) e.gen!.scan(onMatch);
      else e.gen!.scanRows(rows, onMatch);
      return;
    }
    if (e.closure === null) e.closure = compileClosure(e.ir, e.S);
    const f = e.closure,
      S = e.S,
      kind = tree.kind;
    let visited = 0;
    if (rows !== null) {
      visited = rows.length;
      for (let i = 0; i < rows.length; i++) {
        if (S.top !== 0) S.undo(0);
        if (f(rows[i]!)) onMatch(rows[i]!);
      }
    } else {
      const mask = new Uint8Array(256);
      for (const k of e.kinds) mask[k] = 1;
      for (let n = 0, end = tree.count; n < end; n++) {
        if (mask[kind[n]!] !== 1) continue;
        visited++;
        if (S.top !== 0) S.undo(0);
        if (f(n)) onMatch(n);
      }
    }
    if (S.top !== 0) S.undo(0);
    e.visited += visited;
  }

  // The cost rule: generated code once the work it saves pays for generating it.
  private chooseGen(tree: Tree): boolean {
    const e = this.e;
    if (this.backend === "closure") {
      this.why = "closure back end requested";
      return false;
    }
    if (!canGenerate()) {
      this.why = "closures: new Function is not allowed here";
      return false;
    }
    if (this.backend === "auto" && e.gen === null) {
      // The rows of this tree bound the candidates it adds (counting them exactly would cost a scan).
      if (e.visited + tree.count < CODEGEN_AFTER) {
        this.why = `closures: ${e.visited} candidates visited so far, code generation pays after ~${CODEGEN_AFTER}`;
        return false;
      }
    }
    if (e.gen === null) e.gen = generate(e.ir, e.S);
    this.why =
      this.backend === "codegen"
        ? "generated code requested"
        : `generated code: ${e.visited} candidates visited before a tree of ${tree.count} rows (threshold ${CODEGEN_AFTER})`;
    return true;
  }

  mayMatch(source: Uint8Array): boolean {
    for (const b of this.literalBytes) if (indexOfBytes(source, b) < 0) return false;
    return true;
  }

  count(tree: Tree): number {
    let c = 0;
    this.scan(tree, () => {
      c++;
    });
    return c;
  }

  nodes(tree: Tree): NodeId[] {
    const out: NodeId[] = [];
    const e = this.e.S.e,
      fv = 4 * this.focusVar;
    this.scan(tree, (n) => {
      out.push(this.focusVar >= 0 && e[fv] === 1 ? e[fv + 1]! : n);
    });
    return out;
  }

  find(tree: Tree): Match[] {
    const out: Match[] = [];
    const S = this.e.S;
    this.scan(tree, (n) => {
      out.push(this.makeMatch(tree, S, n));
    });
    // Transformed metavariables in the message are computed after the scan: a `rewrite`
    // transform runs other queries, which may share this one's matcher state.
    const rule = this.rule;
    if (rule?.message !== undefined && rule.transform !== undefined) {
      const fill = messageEngine();
      for (const m of out) (m as { message?: string }).message = fill(tree, rule.transform, m, rule.message);
    }
    out.sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end || a.node - b.node);
    return out;
  }

  view(tree: Tree, id: NodeId): NodeView {
    return view(tree, id);
  }

  fixes(tree: Tree): { edits: Replacement[]; conflicts: Replacement[] } {
    if (this.rule?.fix === undefined) return { edits: [], conflicts: [] };
    const matches = this.find(tree);
    const r = fixEngine()(tree, matches, this.rule.fix, {});
    return {
      edits: r.changes.map((c) => ({ start: c.start, end: c.end, text: c.text })),
      conflicts: r.conflicts.map((c) => ({ start: c.range.start, end: c.range.end, text: matches[c.match]!.fix?.text ?? "" })),
    };
  }

  fix(tree: Tree, options: FixOptions = {}): FixResult {
    return fixEngine()(tree, options.fix === undefined && this.rule?.fix === undefined ? [] : this.find(tree), this.rule?.fix, options);
  }

  private makeMatch(tree: Tree, S: State, n: NodeId): Match {
    const bindings: Record<string, Binding> = {};
    this.allVars.forEach((name, v) => {
      const o = 4 * v,
        tag = S.e[o];
      if (tag === 0 || name.startsWith("_")) return;
      const text = bindingText(S, v) ?? "";
      if (tag === 1) {
        const id = S.e[o + 1]!;
        bindings[name] = { kind: "node", node: id, nodes: [], text, range: { start: tree.start[id]!, end: tree.end[id]! } };
      } else if (tag === 2) {
        const raw = S.e[o + 1]!;
        const st = raw > 0 ? raw - 1 : -raw - 1;
        bindings[name] = {
          kind: "ident",
          node: -1,
          nodes: [],
          text,
          range: { start: st, end: st + new TextEncoder().encode(text).length },
        };
      } else {
        const l = S.e[o + 1]!,
          f = S.e[o + 2]!,
          to = S.e[o + 3]!;
        const nodes: number[] = [];
        if (tag === 3) for (let j = f; j < to; j++) nodes.push(tree.listItem(l, j));
        let range = { start: tree.end[n]!, end: tree.end[n]! };
        let runText = text;
        if (f < to) {
          if (tag === 3) range = { start: tree.start[nodes[0]!]!, end: tree.end[nodes[nodes.length - 1]!]! };
          else {
            const a = tree.listItem(l, f) - 1;
            range = { start: a, end: a + new TextEncoder().encode(text).length };
          }
        }
        const shape = tag === 3 ? this.paramRuns.get(name) : undefined;
        if (shape !== undefined) {
          // Parameters: the run's span takes their defaults, and what a leading or trailing `$$$` absorbs.
          const a = nodes.length > 0 ? tree.parent[nodes[0]!]! : argumentsOf(tree, n);
          const r = a > 0 && tree.kind[a] === K.arguments ? paramRunRange(tree, a, f, to, shape) : null;
          if (r !== null) {
            range = r;
            runText = utf8(tree.source, r.start, r.end);
          }
        }
        bindings[name] = { kind: "run", node: -1, nodes, text: runText, range };
      }
    });
    let node = n;
    if (this.focusVar >= 0 && S.e[4 * this.focusVar] === 1) node = S.e[4 * this.focusVar + 1]!;
    let end = tree.end[node]!;
    if (this.span > 1 && node === n) {
      let last = n;
      sibAt(S, n, this.span - 1, (x) => {
        last = x;
        return true;
      });
      end = tree.end[last]!;
    }
    if (node === n) end = spanEnd(tree, S, this.spanVars, end);
    const range = { start: tree.start[node]!, end };
    const extendedRange = { start: decoratedStart(tree, node), end };
    const m: { -readonly [K in keyof Match]: Match[K] } = { node, range, extendedRange, bindings };
    if (this.rule?.message !== undefined) m.message = fillMessage(this.rule.message, bindings);
    const template = this.rule?.fix === undefined ? undefined : soleTemplate(this.rule.fix);
    if (template !== undefined) m.fix = renderFix(tree, range, template, bindings);
    return m;
  }

  explain(): string {
    const lines = [
      `hash ${this.hash}`,
      `kinds ${this.kinds.length === KIND_NAMES.length - 1 ? "(any)" : this.kinds.join(" ")}`,
      `literals ${this.literals.length === 0 ? "(none)" : this.literals.join(" ")}`,
      `vars ${this.vars.join(" ") || "(none)"}`,
      `backend ${this.why || "(not run yet)"}`,
    ];
    if (this.e.gen !== null) lines.push("generated:", this.e.gen.source);
    return lines.join("\n");
  }
}

/**
 * The end of a multi-statement match with `$$$`: the end of the last statement in the first bound
 * span run (see LoweredPattern.spanVar), else `end`.
 */
function spanEnd(tree: Tree, S: State, spanVars: readonly number[], end: number): number {
  for (const v of spanVars) {
    const o = 4 * v;
    if (S.e[o] === 3 && S.e[o + 3]! > S.e[o + 2]!) return tree.end[tree.listItem(S.e[o + 1]!, S.e[o + 3]! - 1)]!;
  }
  return end;
}

/** Start of node n including its decorators' `@`. */
function decoratedStart(t: Tree, n: NodeId): number {
  const k = t.kind[n]!;
  if (k !== K.FunctionDef && k !== K.AsyncFunctionDef && k !== K.ClassDef) return t.start[n]!;
  const fi = k === K.ClassDef ? 4 : 3; // decorator_list
  const l = t.field(n, fi);
  if (t.listLength(l) === 0) return t.start[n]!;
  let s = t.start[t.listItem(l, 0)]!;
  // Back over blanks to the `@` (a decorator is `@` expr, possibly with spaces between).
  let i = s - 1;
  while (i >= 0 && (t.source[i] === 0x20 || t.source[i] === 0x09 || t.source[i] === 0x0c)) i--;
  if (i >= 0 && t.source[i] === 0x40) s = i;
  return Math.min(s, t.start[n]!);
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  const n = needle.length;
  if (n === 0) return 0;
  const first = needle[0]!;
  for (let i = hay.indexOf(first); i >= 0 && i + n <= hay.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < n && hay[i + j] === needle[j]) j++;
    if (j === n) return i;
  }
  return -1;
}

export { QueryError };
