// Query.fix: every match's fix (the rule's operations, or a TypeScript callback) as edit-engine
// edits, applied together by applyEdits, which splices, detects overlaps and parses the result
// again. Overlaps are settled here: the earlier match (the outermost) keeps its edits.
import type { NodeId, Tree } from "../ast/tree.js";
import { applyEdits, checkEdits } from "../edit/apply.js";
import type { Edit } from "../edit/types.js";
import type { FixResult, FixSkip, Match } from "./compile.js";
import { fixProgram, type FixOp } from "./fix-spec.js";
import { RewriteCache, withTransforms } from "./fix-rewrite.js";

export { transformedMessage } from "./fix-rewrite.js";
import { FixRefusal, fixEdits, isStatementLike, matchedNodes, replaceAll } from "./fix-edits.js";
import { columnOf, lineIndent, renderTemplate } from "./fix.js";
import { QUERY_CODES as Q } from "./messages.js";
import { deletedComments } from "./fix-comments.js";

/** What a fix callback gets besides the match. */
export interface FixContext {
  /** The tree the match is in (its node ids are what an Edit names). */
  readonly tree: Tree;
  /**
   * The node a rule's statement-level fixes (replace, remove, insertBefore/After, wrap) act on:
   * the matched node, or the expression statement it is the whole of (`print(x)` on its line).
   */
  readonly target: NodeId;
  /**
   * A fix template filled from the match: `$X` / `$$$X` replaced by what they bound, dedented,
   * indented like a rule's `replace` template for this match (see docs/query.md).
   */
  fill(template: string): string;
}

/**
 * A fix written in TypeScript, called once per match in source order. Return text (it replaces
 * the matched node, placed like a `replace` template: statements re-indented, decorators kept),
 * one edit or a list of edits (src/edit/types.ts; node ids of `ctx.tree`), or null / undefined to
 * leave the match alone. Returned text is used as written: call `ctx.fill` to substitute
 * metavariables.
 */
export type FixCallback = (match: Match, ctx: FixContext) => string | Edit | readonly Edit[] | null | undefined;

/** Options of Query.fix. */
export interface FixOptions {
  /**
   * The exact text or bytes the tree was parsed from, when it differs from `tree.source` (a
   * file with CRLF line ends or a UTF-8 BOM): bytes the edits do not touch are kept as they are,
   * and the result is that text edited. Bytes must be UTF-8; for a file in another declared
   * encoding (a `# coding: latin-1` cookie), pass its decoded text as a string, line ends kept.
   */
  readonly source?: string | Uint8Array;
  /** A callback computing each match's fix; used instead of the rule's `fix`. */
  readonly fix?: FixCallback;
}

const dec = new TextDecoder("utf-8", { ignoreBOM: true });

/** Applies the fixes of `matches` (in find order); see Query.fix. */
export function runFixes(tree: Tree, matches: readonly Match[], ops: readonly FixOp[] | undefined, options: FixOptions): FixResult {
  const groups: Edit[][] = [];
  const skipped: FixSkip[] = [];
  const conflicts: FixSkip[] = [];
  const skip = (list: FixSkip[], i: number, code: string, message: string) =>
    list.push({ match: i, range: matches[i]!.range, code, message });
  const program = fixProgram(ops);
  const cache = program === undefined ? undefined : RewriteCache.of(tree, program);
  matches.forEach((m0, i) => {
    let edits: Edit[] = [];
    try {
      const m = program === undefined ? m0 : withTransforms(tree, program, m0, cache);
      if (options.fix !== undefined) edits = callbackEdits(tree, m, options.fix);
      else if (ops !== undefined) edits = fixEdits(tree, m, ops);
    } catch (e) {
      if (!(e instanceof FixRefusal)) throw e;
      skip(skipped, i, Q.FixNotApplicable, e.message);
    }
    groups.push(edits);
  });
  const live = groups.map((g) => g.length > 0);
  // Each round drops at least one match, so this ends; a round costs one tokenize and one parse.
  for (;;) {
    const script: Edit[] = [];
    const owner: number[] = [];
    groups.forEach((g, i) => {
      if (live[i])
        for (const e of g) {
          script.push(e);
          owner.push(i);
        }
    });
    if (script.length === 0)
      return { text: original(tree, options.source), edits: [], changes: [], conflicts, skipped, error: null, refusal: null, warnings: [] };
    const r = applyEdits(tree, script, options.source === undefined ? {} : { source: options.source });
    const err = r.error;
    if (err === null)
      return {
        text: r.text,
        edits: script,
        changes: r.changes,
        conflicts,
        skipped,
        error: null,
        refusal: null,
        warnings: deletedComments(tree, script, owner, matches),
      };
    if (err.kind === "syntax")
      return { text: null, edits: script, changes: r.changes, conflicts, skipped, error: err.syntaxError, refusal: err, warnings: [] };
    if (err.kind === "conflict") {
      // Pairs by their first match; a match whose partner lost already may still win.
      const pairs = r.conflicts
        .map((c) => ({ a: Math.min(owner[c.a]!, owner[c.b]!), b: Math.max(owner[c.a]!, owner[c.b]!), message: c.message }))
        .sort((x, y) => x.a - y.a || x.b - y.b);
      const losers = new Set<number>();
      for (const p of pairs) {
        if (p.a === p.b) {
          if (!losers.has(p.a)) {
            losers.add(p.a);
            skip(conflicts, p.a, "E6016", `the fix's own edits overlap: ${p.message}`);
          }
        } else if (!losers.has(p.a) && !losers.has(p.b)) {
          losers.add(p.b);
          skip(conflicts, p.b, "E6016", `overlaps the fix of match ${p.a} (the outermost wins): ${p.message}`);
        }
      }
      for (const l of losers) live[l] = false;
      continue;
    }
    const at = err.edit;
    if (at < 0 || owner[at] === undefined)
      return { text: null, edits: script, changes: [], conflicts, skipped, error: null, refusal: err, warnings: [] };
    // An edit that cannot apply: find every such edit at once (one more tokenize), so that a
    // file with many of them costs two rounds, not one per bad edit.
    const bad = new Map<number, { code: string; message: string }>();
    if (err.kind === "invalid-edit") {
      checkEdits(tree, script).forEach((c, j) => {
        if (c !== null && c.kind === "invalid-edit" && !bad.has(owner[j]!)) bad.set(owner[j]!, c);
      });
    }
    if (err.kind === "structure")
      for (const j of err.edits)
        if (!bad.has(owner[j]!))
          bad.set(owner[j]!, { code: err.code, message: `edit ${j}: does not stand as one expression at its place, even in parentheses` });
    if (!bad.has(owner[at]!)) bad.set(owner[at]!, err);
    for (const [i, c] of [...bad].sort((x, y) => x[0] - y[0])) {
      live[i] = false;
      skip(skipped, i, c.code, c.message);
    }
  }
}

function original(tree: Tree, source: string | Uint8Array | undefined): string {
  return typeof source === "string" ? source : dec.decode(source ?? tree.source);
}

function callbackEdits(tree: Tree, m: Match, f: FixCallback): Edit[] {
  const ids = matchedNodes(tree, m);
  const stmt = isStatementLike(tree, ids[0]!) || m.node === tree.root;
  const ctx: FixContext = {
    tree,
    target: ids[0]!,
    fill: (t) =>
      stmt
        ? renderTemplate(tree, t, m.bindings, "")
        : renderTemplate(tree, t, m.bindings, lineIndent(tree, m.range.start), undefined, columnOf(tree, m.range.start)),
  };
  const r = f(m, ctx);
  if (r === null || r === undefined) return [];
  if (typeof r === "string") return replaceAll(ids, r, true);
  if (Array.isArray(r)) return [...(r as readonly Edit[])];
  return [r as Edit];
}
