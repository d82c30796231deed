// The query pane: the one place the query engine (src/query/, compileQuery(spec).find(tree)) and
// the rewrite diff plug into the page. Until the engine is merged it keeps the query text (which
// the URL state carries) and says so. To wire it: in update(), compile the query (cached by its
// text; the page's CSP forbids new Function, so use the closure back end), run find(tree), list
// the matches in `results` (a click calls host.selectNode), show a rewrite's unparsed diff in
// `diff`, and return the milliseconds find() took (the page logs them as "query" in #perf, which
// the browser test prints). Nothing outside this file needs to change.
import type { Tree, NodeId } from "../../src/ast/tree.js";

/** What the page gives the query pane. */
export interface QueryHost {
  /** Selects node `id` of the current tree in the editor and the AST pane. */
  selectNode(id: NodeId): void;
  /** Call when the query text changes (the page saves it in the URL). */
  queryChanged(query: string): void;
}

/** What the page asks of the query pane. */
export interface QueryPane {
  /** Runs the query over a new tree (null after a syntax error); returns the time it took in ms, or null if nothing ran. */
  update(tree: Tree | null, source: string): number | null;
  readonly query: string;
  /** Replaces the query text (a link loaded into the page). */
  setQuery(query: string): void;
}

export function mountQueryPane(el: HTMLElement, host: QueryHost, initialQuery: string): QueryPane {
  const head = document.createElement("div");
  head.className = "pane-head";
  head.textContent = "query";
  const input = document.createElement("textarea");
  input.id = "query";
  input.spellcheck = false;
  input.placeholder = "a query, e.g. Call[func.id='print']";
  input.value = initialQuery;
  const results = document.createElement("div");
  results.id = "query-results";
  results.className = "placeholder";
  results.textContent = "queries arrive with the query engine";
  const diff = document.createElement("div");
  diff.id = "rewrite-diff";
  el.append(head, input, results, diff);
  input.addEventListener("input", () => host.queryChanged(input.value));
  return {
    update: () => null,
    get query() {
      return input.value;
    },
    setQuery(query: string) {
      input.value = query;
    },
  };
}
