// The source editor: CodeMirror 6 with Python highlighting, plus the two things the page asks of
// it: mark a syntax error (a lint diagnostic) and select a range. Positions here are the editor's
// (UTF-16 offsets into the document, lines joined by "\n", as quarry's decoded source is).
import { EditorView, basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { EditorSelection, StateEffect, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet } from "@codemirror/view";
import { setDiagnostics } from "@codemirror/lint";

export interface EditorEvents {
  /** The document changed (called once per transaction). */
  changed(): void;
  /** The selection moved without a document change, or by the user. */
  selectionMoved(): void;
}

// The range of the AST row under the pointer, highlighted in the editor.
const setHover = StateEffect.define<{ from: number; to: number } | null>();
const hoverMark = Decoration.mark({ class: "cm-node-hover" });
const hoverField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (e.is(setHover))
        return e.value === null || e.value.from >= e.value.to
          ? Decoration.none
          : Decoration.set([hoverMark.range(e.value.from, e.value.to)]);
    }
    return tr.docChanged ? Decoration.none : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// The query's matches, highlighted in the editor until the next query run.
const setMatches = StateEffect.define<readonly { from: number; to: number }[]>();
const matchMark = Decoration.mark({ class: "cm-query-match" });
const matchField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (e.is(setMatches))
        return Decoration.set(
          e.value.filter((r) => r.from < r.to).map((r) => matchMark.range(r.from, r.to)),
          true,
        );
    }
    return tr.docChanged ? deco.map(tr.changes) : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Highlights the query's matches (editor ranges); an empty list clears them. */
export function highlightMatches(view: EditorView, ranges: readonly { from: number; to: number }[]): void {
  view.dispatch({ effects: setMatches.of(ranges) });
}

/** Highlights [from, to) as the node under the pointer (null: none). */
export function highlightRange(view: EditorView, range: { from: number; to: number } | null): void {
  view.dispatch({ effects: setHover.of(range) });
}

export function createEditor(parent: HTMLElement, doc: string, events: EditorEvents): EditorView {
  return new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      python(),
      hoverField,
      matchField,
      EditorView.updateListener.of((u) => {
        if (u.docChanged) events.changed();
        else if (u.selectionSet) events.selectionMoved();
      }),
    ],
  });
}

/** The editor offset of line `lineno` (1-based), UTF-16 column `col`, clamped to the document. */
export function editorPos(view: EditorView, lineno: number, col: number): number {
  const doc = view.state.doc;
  if (lineno > doc.lines) return doc.length;
  const line = doc.line(Math.max(1, lineno));
  return Math.min(line.from + Math.max(0, col), line.to);
}

/** UTF-16 units in the first `n` code points of `s` (CPython counts columns of errors in code points). */
export function codePointsToUtf16(s: string, n: number): number {
  let u = 0;
  let cps = 0;
  for (const ch of s) {
    if (cps >= n) break;
    u += ch.length;
    cps++;
  }
  return u + Math.max(0, n - cps);
}

/** Selects [from, to) and scrolls it into view. */
export function selectRange(view: EditorView, from: number, to: number): void {
  view.dispatch({ selection: EditorSelection.single(from, to), scrollIntoView: true });
}

/** Marks the error range (or clears the mark with null). */
export function markError(view: EditorView, mark: { from: number; to: number; message: string } | null): void {
  const diagnostics =
    mark === null ? [] : [{ from: mark.from, to: mark.to, severity: "error" as const, message: mark.message, source: "CPython 3.14" }];
  view.dispatch(setDiagnostics(view.state, diagnostics));
}
