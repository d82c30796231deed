// The playground page: wires the editor, the panes and the URL state. Re-parses on every change
// (coalesced to one parse per task), times parse + tree-pane update into the hidden #perf line,
// and keeps the whole state in the URL fragment. No eval, no new Function: the page runs under
// `script-src 'self'`.
import type { EditorView } from "@codemirror/view";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import type { Tree, NodeId } from "../../src/ast/tree.js";
import { nodeRange, offsetToPosition, positionToOffset } from "../../src/ast/positions.js";
import { nodeAtOffset } from "../../src/ast/navigate.js";
import type { PySyntaxError } from "../../src/core/diagnostics.js";
import { formatSyntaxError } from "../../src/render/syntax-error.js";
import { createEditor, editorPos, codePointsToUtf16, highlightMatches, highlightRange, markError, selectRange } from "./editor.js";
import { TreePane } from "./tree-pane.js";
import { TokensPane } from "./tokens-pane.js";
import { DumpPane } from "./dump-pane.js";
import { mountQueryPane } from "./query-pane.js";
import { PerfLog } from "./perf.js";
import { decodeState, encodeState, type PlaygroundState } from "./url-state.js";

const PANES = ["tree", "dump", "tokens", "query"] as const;
// ast.parse's filename: CPython's message then reads `File "<unknown>", line N`.
const FILENAME = "<unknown>";
const URL_DELAY_MS = 250;

const DEFAULT_SOURCE = `import math


def area(shape: str, *sides: float) -> float:
    """The area of a square or a circle."""
    match shape:
        case "square":
            return sides[0] ** 2
        case "circle":
            return math.pi * sides[0] ** 2
    raise ValueError(f"unknown shape {shape!r}")


print(area("circle", 1.5))
`;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

async function start(): Promise<void> {
  const initial: PlaygroundState = (await decodeState(location.hash)) ?? {
    source: DEFAULT_SOURCE,
    query: "",
    panes: ["tree"],
    dumpAttributes: false,
    dumpIndent: true,
  };
  const open = new Set(initial.panes.filter((p) => (PANES as readonly string[]).includes(p)));
  const perf = new PerfLog($("perf"));
  // ?debug shows the timing line.
  $("perf").hidden = !new URLSearchParams(location.search).has("debug");
  const status = $("status");
  const attrsBox = $<HTMLInputElement>("dump-attrs");
  const indentBox = $<HTMLInputElement>("dump-indent");
  attrsBox.checked = initial.dumpAttributes;
  indentBox.checked = initial.dumpIndent;

  let tree: Tree | null = null;
  let source = "";
  let bytes: Uint8Array = new Uint8Array(0);
  let error: PySyntaxError | null = null;
  let parsePending = false;
  let dumpTimer: ReturnType<typeof setTimeout> | null = null;
  let urlTimer: ReturnType<typeof setTimeout> | null = null;
  // Set while the page itself moves the selection (a click in the AST pane), so that the move
  // does not re-reveal the node under the cursor.
  let selectingFromTree = false;

  const treePane = new TreePane($("tree"), {
    select: (id) => selectNode(id),
    hover: (id) => {
      if (tree === null || id < 0) highlightRange(view, null);
      else {
        const [from, to] = nodeEditorRange(tree, id);
        highlightRange(view, { from, to });
      }
    },
  });
  const tokensPane = new TokensPane($("tokens"));
  const dumpPane = new DumpPane($("dump"));
  const queryPane = mountQueryPane(
    $("pane-query"),
    {
      selectNode: (id) => {
        if (open.has("tree")) treePane.reveal(id);
        selectNode(id);
      },
      highlight: (ids) => {
        const t = tree;
        highlightMatches(
          view,
          t === null
            ? []
            : ids.map((id) => {
                const [from, to] = nodeEditorRange(t, id);
                return { from, to };
              }),
        );
      },
      queryChanged: () => {
        runQuery();
        perf.render();
        saveUrlSoon();
      },
    },
    initial.query,
  );

  const view: EditorView = createEditor($("editor"), initial.source, {
    changed: () => scheduleParse(),
    selectionMoved: () => {
      if (!selectingFromTree) revealCursor();
    },
  });

  function scheduleParse(): void {
    if (parsePending) return;
    parsePending = true;
    queueMicrotask(() => {
      parsePending = false;
      reparse();
    });
  }

  // Parse, then update the tree pane; both timed. The other panes follow.
  function reparse(): void {
    const t0 = performance.now();
    source = view.state.doc.toString();
    // compact: false skips the copy into an exact-size buffer; the tree lives one keystroke.
    const r = parse(source, { compact: false });
    const t1 = performance.now();
    tree = r.error === null ? r.tree : null;
    error = r.error;
    bytes = r.tree.source;
    if (open.has("tree")) treePane.setTree(tree, cursorNode());
    const t2 = performance.now();
    perf.add("parse", t1 - t0);
    perf.add("tree", t2 - t1);
    perf.add("parseTree", t2 - t0);
    showError();
    if (open.has("tokens")) tokensPane.update(source);
    runQuery();
    scheduleDump();
    perf.render();
    saveUrlSoon();
  }

  function runQuery(): void {
    if (!open.has("query")) return;
    const ms = queryPane.update(tree, source);
    if (ms !== null) perf.add("query", ms);
  }

  let marked = false;
  function showError(): void {
    const box = $("error");
    if (error === null) {
      box.hidden = true;
      box.textContent = "";
      // No transaction per keystroke while the source stays valid.
      if (marked) markError(view, null);
      marked = false;
      return;
    }
    marked = true;
    box.hidden = false;
    box.textContent = formatSyntaxError(error, FILENAME, bytes).replace(/\n$/, "");
    let from = 0;
    let to = 0;
    if (error.lineno !== null) {
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(1, error.lineno), doc.lines));
      from = line.from + codePointsToUtf16(line.text, Math.max(0, (error.offset ?? 1) - 1));
      if (error.end_lineno !== null && error.end_offset !== null && error.end_offset > 0) {
        const endLine = doc.line(Math.min(Math.max(1, error.end_lineno), doc.lines));
        to = endLine.from + codePointsToUtf16(endLine.text, error.end_offset - 1);
      }
      from = Math.min(from, doc.length);
      to = Math.min(Math.max(to, from + 1), doc.length);
    }
    markError(view, { from, to, message: `${error.cls}: ${error.msg}` });
  }

  function scheduleDump(): void {
    if (dumpTimer !== null) clearTimeout(dumpTimer);
    dumpTimer = null;
    if (!open.has("dump")) return;
    // Off the keystroke's path: a dump with attributes of a big file is megabytes of text.
    dumpTimer = setTimeout(() => {
      dumpTimer = null;
      const t0 = performance.now();
      dumpPane.setText(
        tree === null
          ? formatSyntaxError(error!, FILENAME, bytes)
          : dump(tree, { includeAttributes: attrsBox.checked, indent: indentBox.checked ? 2 : undefined }),
      );
      perf.add("dump", performance.now() - t0);
      perf.render();
    }, 0);
  }

  // The editor range of node `id`: CPython's positions in UTF-16 columns, or the node's source
  // span for kinds without positions (arguments, comprehension, the Module).
  function nodeEditorRange(t: Tree, id: NodeId): [number, number] {
    const r = nodeRange(t, id, "utf16");
    if (r !== undefined) return [editorPos(view, r.lineno, r.col_offset), editorPos(view, r.end_lineno, r.end_col_offset)];
    const s = offsetToPosition(t, t.start[id]!, "utf16");
    const e = offsetToPosition(t, t.end[id]!, "utf16");
    return [editorPos(view, s.lineno, s.col), editorPos(view, e.lineno, e.col)];
  }

  function selectNode(id: NodeId): void {
    if (tree === null) return;
    const [from, to] = nodeEditorRange(tree, id);
    selectingFromTree = true;
    try {
      selectRange(view, from, to);
    } finally {
      selectingFromTree = false;
    }
  }

  // The innermost node at the cursor (-1 without a tree).
  function cursorNode(): NodeId {
    if (tree === null) return -1;
    const head = view.state.selection.main.head;
    const line = view.state.doc.lineAt(head);
    if (line.number > tree.lineCount) return -1;
    const off = positionToOffset(tree, line.number, head - line.from, "utf16");
    const id = nodeAtOffset(tree, off);
    // At the end of a token (where typing leaves the cursor) the node just before it.
    return id === tree.root && off > 0 ? nodeAtOffset(tree, off - 1) : id;
  }

  // Shows the node at the cursor in the AST pane.
  function revealCursor(): void {
    if (!open.has("tree")) return;
    const id = cursorNode();
    if (id >= 0) treePane.reveal(id);
  }

  function currentState(): PlaygroundState {
    return {
      source: view.state.doc.toString(),
      query: queryPane.query,
      panes: PANES.filter((p) => open.has(p)),
      dumpAttributes: attrsBox.checked,
      dumpIndent: indentBox.checked,
    };
  }

  function saveUrlSoon(): void {
    if (urlTimer !== null) clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      void encodeState(currentState()).then((f) => {
        urlTimer = null;
        history.replaceState(null, "", `#${f}`);
      });
    }, URL_DELAY_MS);
  }

  function showPanes(): void {
    for (const p of PANES) $(`pane-${p}`).hidden = !open.has(p);
    for (const box of document.querySelectorAll<HTMLInputElement>("#pane-toggles input")) box.checked = open.has(box.dataset.pane!);
  }

  for (const box of document.querySelectorAll<HTMLInputElement>("#pane-toggles input")) {
    box.addEventListener("change", () => {
      if (box.checked) open.add(box.dataset.pane!);
      else open.delete(box.dataset.pane!);
      showPanes();
      reparse();
    });
  }
  attrsBox.addEventListener("change", () => {
    scheduleDump();
    saveUrlSoon();
  });
  indentBox.addEventListener("change", () => {
    scheduleDump();
    saveUrlSoon();
  });
  $("tree-expand").addEventListener("click", () => treePane.expandAll());
  $("tree-collapse").addEventListener("click", () => treePane.collapseAll());
  $("share").addEventListener("click", () => {
    const done = () => {
      status.textContent = "link copied";
    };
    const fail = () => {
      status.textContent = "the address bar holds the link";
    };
    encodeState(currentState())
      .then((f) => {
        history.replaceState(null, "", `#${f}`);
        return navigator.clipboard.writeText(location.href);
      })
      .then(done, fail);
  });

  // A link pasted into this tab's address bar: load its state (our own replaceState fires no event).
  window.addEventListener("hashchange", () => {
    void decodeState(location.hash).then((st) => {
      if (st === null) return;
      open.clear();
      for (const p of st.panes) if ((PANES as readonly string[]).includes(p)) open.add(p);
      attrsBox.checked = st.dumpAttributes;
      indentBox.checked = st.dumpIndent;
      queryPane.setQuery(st.query);
      showPanes();
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: st.source } });
      reparse();
    });
  });

  showPanes();
  reparse();

  // For the browser tests and for poking at the page from the console.
  Object.assign(window, {
    quarryPlayground: {
      view,
      treePane,
      perf,
      state: currentState,
      /** True when no parse, dump or URL update is pending. */
      idle: () => !parsePending && dumpTimer === null && urlTimer === null && !queryPane.busy,
      selection: () => ({ from: view.state.selection.main.from, to: view.state.selection.main.to }),
      errorText: () => $("error").textContent,
      dumpText: () => dumpPane.text,
    },
  });

  if (
    "serviceWorker" in navigator &&
    (location.protocol === "https:" || location.hostname === "localhost" || location.hostname === "127.0.0.1")
  ) {
    navigator.serviceWorker.register("sw.js").catch(() => {
      status.textContent = "offline cache unavailable";
    });
  }
}

void start();
