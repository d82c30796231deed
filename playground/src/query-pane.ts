// The query pane: a pattern (`len($X)`) or a YAML rule (`rule:` / `fix:` ...) compiled with
// compileQuery and run over the tree after every re-parse, with the closure back end (the page's
// CSP forbids the generated-code back end's `new Function`). Matches are listed (a click selects
// one); a rule's fixes are shown as a rewrite diff (the fix engine is a chunk loaded on the first
// rule with a fix: src/query/engine-lazy.ts). The time find() takes is reported to the page.
import type { Tree, NodeId } from "../../src/ast/tree.js";
import { compileQuery, QueryError, type Query } from "../../src/query/compile.js";
import { offsetToPosition } from "../../src/ast/positions.js";
import { loadFixEngine } from "../../src/query/engine.js";

/** What the page gives the query pane. */
export interface QueryHost {
  /** Selects node `id` of the current tree in the editor and the AST pane. */
  selectNode(id: NodeId): void;
  /** Highlights the matched nodes in the editor (an empty list clears the highlights). */
  highlight(ids: readonly NodeId[]): void;
  /** Call when the query text changes (the page re-runs the query and saves the URL). */
  queryChanged(query: string): void;
}

/** What the page asks of the query pane. */
export interface QueryPane {
  /** Runs the query over a new tree (null after a syntax error); returns the ms find() took, or null if nothing ran. */
  update(tree: Tree | null, source: string): number | null;
  readonly query: string;
  /** Replaces the query text (a link loaded into the page). */
  setQuery(query: string): void;
  /** True while the fix engine loads for a rewrite diff still to show. */
  readonly busy: boolean;
}

const MAX_LISTED = 500;
const decoder = new TextDecoder();
// YAML rule text rather than a bare pattern: a top-level rule key at a line start.
const RULE_KEY = /^(rule|id|fix|message|focus|where|severity|pattern|select|kind|all|any|not|has|inside):/m;

export function mountQueryPane(el: HTMLElement, host: QueryHost, initialQuery: string): QueryPane {
  const head = document.createElement("div");
  head.className = "pane-head";
  head.textContent = "query";
  const input = document.createElement("textarea");
  input.id = "query";
  input.spellcheck = false;
  input.placeholder = "a pattern, e.g. len($X)\nor a rule:\nrule:\n  pattern: assertEquals($X, $Y)\nfix: assert $X == $Y";
  input.value = initialQuery;
  const status = document.createElement("div");
  status.id = "query-status";
  status.className = "placeholder";
  const results = document.createElement("div");
  results.id = "query-results";
  const diff = document.createElement("pre");
  diff.id = "rewrite-diff";
  el.append(head, input, status, results, diff);
  input.addEventListener("input", () => host.queryChanged(input.value));

  let compiledText: string | null = null;
  let compiled: Query | null = null;
  let compileError = "";
  let current: Tree | null = null;
  let busy = false;
  let loaded = false;

  /** The rewrite diff of `q`'s fixes over `tree`; false when the fix engine is not loaded yet. */
  function showDiff(q: Query, tree: Tree): boolean {
    let edits: ReturnType<Query["fixes"]>["edits"];
    try {
      edits = q.fixes(tree).edits;
    } catch (e) {
      if (loaded) throw e;
      if (busy) return false;
      busy = true;
      void loadFixEngine().then(
        () => {
          loaded = true;
          busy = false;
          // The latest query over the latest tree (both may have changed meanwhile).
          if (compiled !== null && current !== null) showDiff(compiled, current);
        },
        (err: unknown) => {
          diff.textContent = `the fix engine did not load: ${String(err)}`;
          busy = false;
        },
      );
      return false;
    }
    if (edits.length > 0) {
      const lines: string[] = [];
      for (const e of edits) {
        const p = offsetToPosition(tree, e.start);
        lines.push(`@@ line ${p.lineno}`);
        for (const l of decoder.decode(tree.source.subarray(e.start, e.end)).split("\n")) lines.push(`- ${l}`);
        for (const l of e.text.split("\n")) lines.push(`+ ${l}`);
      }
      diff.textContent = lines.join("\n");
    }
    return true;
  }

  function compile(text: string): void {
    if (text === compiledText) return;
    compiledText = text;
    compiled = null;
    compileError = "";
    try {
      compiled = compileQuery(RULE_KEY.test(text) ? { ruleText: text } : text.trim(), { backend: "closure" });
    } catch (e) {
      compileError =
        e instanceof QueryError ? e.diagnostics.map((d) => `${d.code} ${d.message} (${d.line}:${d.column})`).join("\n") : String(e);
    }
  }

  return {
    update(tree) {
      current = tree;
      results.replaceChildren();
      diff.textContent = "";
      host.highlight([]);
      const text = input.value;
      if (text.trim() === "") {
        status.textContent = "type a pattern or a rule";
        return null;
      }
      compile(text);
      if (compiled === null) {
        status.textContent = compileError;
        return null;
      }
      if (tree === null) {
        status.textContent = "no tree: the source has a syntax error";
        return null;
      }
      const t0 = performance.now();
      const matches = compiled.find(tree);
      const ms = performance.now() - t0;
      status.textContent = `${matches.length} match${matches.length === 1 ? "" : "es"}`;
      for (const m of matches.slice(0, MAX_LISTED)) {
        const row = document.createElement("div");
        row.className = "match";
        const p = offsetToPosition(tree, m.range.start);
        const snippet = decoder.decode(tree.source.subarray(m.range.start, Math.min(m.range.end, m.range.start + 120))).split("\n")[0]!;
        const pos = document.createElement("span");
        pos.className = "pos";
        pos.textContent = `${p.lineno}:${p.col} `;
        row.append(pos, m.message !== undefined ? `${snippet}  — ${m.message}` : snippet);
        // The metavariables' bindings: $X=text for each, in the order they were bound.
        const names = Object.keys(m.bindings);
        if (names.length > 0) {
          const b = document.createElement("span");
          b.className = "bindings";
          b.textContent = names.map((n) => `$${n}=${m.bindings[n]!.text}`).join("  ");
          row.append(b);
        }
        row.addEventListener("click", () => host.selectNode(m.node));
        results.append(row);
      }
      host.highlight(matches.slice(0, MAX_LISTED).map((m) => m.node));
      showDiff(compiled, tree);
      return ms;
    },
    get query() {
      return input.value;
    },
    get busy() {
      return busy;
    },
    setQuery(query: string) {
      input.value = query;
    },
  };
}
