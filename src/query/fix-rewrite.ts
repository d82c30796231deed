// A match's transformed metavariables (fix-transform.ts lowers them): substring, replace and
// convert work on a capture's text; rewrite applies rewriters to the nodes below a capture, the
// outermost node first, the first rewriter that matches a node winning, overlapping edits skipped.
import type { Tree } from "../ast/tree.js";
import type { Binding, Match, Query } from "./compile.js";
import { compileQuery, QueryError } from "./compile.js";
import { convertCase } from "./fix-case.js";
import { FixRefusal } from "./fix-edits.js";
import type { Rewriter, Transform, TransformProgram } from "./fix-transform.js";
import { columnOf, fillMessage, lineIndent, renderTemplate } from "./fix.js";
import { nodeEq } from "./runtime.js";

const dec = new TextDecoder();
// Rewriters that call rewriters (a recursive rewriter flattening nested lists) nest this deep at most.
const MAX_REWRITE_DEPTH = 64;

/** The matches of each rewriter in one tree, found once per tree and program. */
export class RewriteCache {
  readonly tree: Tree;
  readonly program: TransformProgram;
  private readonly found = new Map<string, Match[]>();
  private static readonly queries = new WeakMap<Rewriter, Query>();
  private static readonly caches = new WeakMap<TransformProgram, WeakMap<Tree, RewriteCache>>();
  constructor(tree: Tree, program: TransformProgram) {
    this.tree = tree;
    this.program = program;
  }
  /** The cache of `program` for `tree` (trees do not change once built, so matches stay valid). */
  static of(tree: Tree, program: TransformProgram): RewriteCache {
    let byTree = RewriteCache.caches.get(program);
    if (byTree === undefined) {
      byTree = new WeakMap();
      RewriteCache.caches.set(program, byTree);
    }
    let c = byTree.get(tree);
    if (c === undefined) {
      c = new RewriteCache(tree, program);
      byTree.set(tree, c);
    }
    return c;
  }
  matches(id: string): Match[] {
    let ms = this.found.get(id);
    if (ms === undefined) {
      const rw = this.program.rewriters.get(id)!;
      let q = RewriteCache.queries.get(rw);
      if (q === undefined) {
        // rule.ts compiled the same rule already: a QueryError here would be a bug, reported at the match.
        try {
          q = compileQuery(rw.spec as never);
        } catch (e) {
          if (!(e instanceof QueryError)) throw e;
          throw new FixRefusal(`rewriter '${id}' does not compile: ${e.message}`);
        }
        RewriteCache.queries.set(rw, q);
      }
      ms = q.find(this.tree);
      this.found.set(id, ms);
    }
    return ms;
  }
}

/**
 * `bindings` with the transforms' metavariables added (in dependency order). `outer`: the
 * enclosing rule's bindings, which rewriters see (defaults to `bindings`). Throws FixRefusal when
 * rewriters nest deeper than 64.
 */
export function transformed(
  cache: RewriteCache,
  transforms: readonly Transform[],
  bindings: Readonly<Record<string, Binding>>,
  outer: Readonly<Record<string, Binding>> = bindings,
  depth = 0,
): Record<string, Binding> {
  const out: Record<string, Binding> = { ...bindings };
  for (const t of transforms) {
    const src = out[t.source.name];
    const text = src === undefined ? "" : compute(cache, t, src, outer, depth);
    // Where the source starts: a multi-line result keeps its lines' indentation relative to it.
    const at = src?.range.start ?? 0;
    out[t.name] = { kind: "ident", node: -1, nodes: [], text, range: { start: at, end: at } };
  }
  return out;
}

function compute(cache: RewriteCache, t: Transform, src: Binding, outer: Readonly<Record<string, Binding>>, depth: number): string {
  switch (t.kind) {
    case "substring": {
      const cps = Array.from(src.text);
      const n = cps.length;
      const at = (c: number | null, dflt: number) => {
        const v = c ?? dflt;
        return v >= n ? n : v >= 0 ? v : Math.max(0, n + v);
      };
      const s = at(t.start, 0);
      const e = at(t.end, n);
      return s >= e ? "" : cps.slice(s, e).join("");
    }
    case "replace":
      return src.text.replace(new RegExp(t.regex, "g"), jsReplacement(t.by));
    case "convert":
      return convertCase(src.text, t.to, t.separatedBy ?? undefined);
    case "rewrite":
      return rewrite(cache, t, src, outer, depth);
  }
}

/** `${1}` and `${name}` (Rust's regex replacement syntax, as ast-grep documents it) in JS's spelling. */
function jsReplacement(by: string): string {
  return by.replace(/\$\{([0-9]+)\}/g, "$$$1").replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, "$$<$1>");
}

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly node: number;
  readonly order: number;
  readonly m: Match;
  readonly rw: Rewriter;
}

function rewrite(
  cache: RewriteCache,
  t: Extract<Transform, { kind: "rewrite" }>,
  src: Binding,
  outer: Readonly<Record<string, Binding>>,
  depth: number,
): string {
  const tree = cache.tree;
  const nodes = src.kind === "node" ? [src.node] : src.nodes;
  // An identifier (`def $F`) has no nodes to rewrite: its text stays.
  if (nodes.length === 0) return src.text;
  if (depth >= MAX_REWRITE_DEPTH) throw new FixRefusal(`rewriters nest deeper than ${MAX_REWRITE_DEPTH} levels`);
  const pieces: Piece[] = [];
  t.rewriters.forEach((id, order) => {
    const rw = cache.program.rewriters.get(id)!;
    for (const m of cache.matches(id)) {
      const inside = nodes.some((n) => m.range.start >= tree.start[n]! && m.range.end <= tree.end[n]! && m.range.end > m.range.start);
      if (inside && agrees(tree, m.bindings, outer)) pieces.push({ start: m.range.start, end: m.range.end, node: m.node, order, m, rw });
    }
  });
  // Outermost first (earlier start, then longer, then the parent before a child of the same
  // range: a parent's row comes after its children's), then the first rewriter listed.
  pieces.sort((a, b) => a.start - b.start || b.end - a.end || b.node - a.node || a.order - b.order);
  const edits: { start: number; end: number; text: string }[] = [];
  let reach = -1;
  for (const p of pieces) {
    if (p.start < reach) continue;
    const env = transformed(cache, p.rw.transforms, { ...outer, ...p.m.bindings }, outer, depth + 1);
    const text = renderTemplate(tree, p.rw.template, env, lineIndent(tree, p.start), undefined, columnOf(tree, p.start));
    edits.push({ start: p.start, end: p.end, text });
    reach = p.end;
  }
  if (t.joinBy !== null) return edits.map((e) => e.text).join(t.joinBy);
  const s = src.range.start;
  let pos = s;
  let out = "";
  for (const e of edits) {
    out += dec.decode(tree.source.subarray(pos, e.start)) + e.text;
    pos = e.end;
  }
  return out + dec.decode(tree.source.subarray(pos, Math.max(pos, src.range.end)));
}

/** True when every metavariable bound both by a rewriter's match and by the enclosing rule is bound to equal code. */
function agrees(tree: Tree, inner: Readonly<Record<string, Binding>>, outer: Readonly<Record<string, Binding>>): boolean {
  for (const [name, b] of Object.entries(inner)) {
    const o = outer[name];
    if (o === undefined) continue;
    if (b.kind === "node" && o.kind === "node") {
      if (!nodeEq(tree, b.node, o.node)) return false;
    } else if (b.kind === "run" && o.kind === "run" && b.nodes.length === o.nodes.length && b.nodes.length > 0) {
      for (let i = 0; i < b.nodes.length; i++) if (!nodeEq(tree, b.nodes[i]!, o.nodes[i]!)) return false;
    } else if (b.text !== o.text) return false;
  }
  return true;
}

/** The match's bindings with the program's transforms added; FixRefusal passes through. */
export function withTransforms(tree: Tree, program: TransformProgram, m: Match, cache?: RewriteCache): Match {
  if (program.transforms.length === 0) return m;
  return { ...m, bindings: transformed(cache ?? RewriteCache.of(tree, program), program.transforms, m.bindings) };
}

/**
 * A rule message with its metavariables substituted (`$X`, `$$$X`, `${X}`), transformed ones
 * included when the rule has `transform` (`program`): what compile.ts's Match.message should be.
 * Never throws: a transform that cannot be computed leaves its variable empty.
 */
export function transformedMessage(tree: Tree, program: TransformProgram | undefined, m: Match, message: string): string {
  let b: Readonly<Record<string, Binding>> = m.bindings;
  try {
    if (program !== undefined) b = withTransforms(tree, program, m).bindings;
  } catch (e) {
    if (!(e instanceof FixRefusal)) throw e;
  }
  return fillMessage(message, b);
}
