// Rewrites (§8.6), the template part: a fix template with metavariables substituted, dedented,
// its captures rebased to where they land. The text goes to the edit engine (src/edit/), which
// places it (re-indenting statements), splices it into the source and parses the result again.
import type { Tree } from "../ast/tree.js";
import { KIND_BASES, NodeKind as K } from "../schema/generated/nodes.js";
import type { Binding, ByteRange } from "./compile.js";
import { stringLines } from "../edit/indent.js";

// `$$$X` (group 1), `${X}` (group 2: the braced form, so that letters can follow: `${F}_v2`) and
// `$X` (group 3). A name runs as far as [A-Z0-9_] go, as in ast-grep: `$F_v2` is `$F_` then `v2`.
const VAR = /\$\$\$([A-Z][A-Z0-9_]*)|\$\{([A-Z][A-Z0-9_]*)\}|\$([A-Z][A-Z0-9_]*)/g;
// The same, plus the placeholders of a `wrap` template: `$$$` or `$_` alone (group 4).
const WRAP_VAR = /\$\$\$([A-Z][A-Z0-9_]*)|\$\{([A-Z][A-Z0-9_]*)\}|\$([A-Z][A-Z0-9_]*)|(\$\$\$(?![A-Za-z0-9_])|\$_(?![A-Za-z0-9_]))/g;

/** Metavariable names a template uses (not the `$$$` / `$_` placeholders of a wrap template). */
export function templateVars(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(VAR)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** `message` with each metavariable (`$X`, `${X}`, `$$$X`) replaced by its binding's text ("" when unbound). */
export function fillMessage(message: string, bindings: Readonly<Record<string, { readonly text: string }>>): string {
  return message.replace(VAR, (_s, a?: string, c?: string, d?: string) => bindings[(a ?? c ?? d)!]?.text ?? "");
}

/** True when a wrap template holds its placeholder (`$$$` or `$_` not followed by a name). */
export function hasPlaceholder(template: string): boolean {
  for (const m of template.matchAll(WRAP_VAR)) if (m[4] !== undefined) return true;
  return false;
}

/** The original text a wrap template's placeholder stands for, and where it starts in the source. */
export interface Wrapped {
  readonly text: string;
  readonly start: number;
}

/**
 * A template rendered for a place whose line has indentation `indent`: the template is dedented;
 * every line after the first gets `indent` first; a multi-line capture keeps its internal
 * indentation relative to the column it lands at. An empty `$$$X` leaves nothing (and a comma
 * or blanks written right after it in the template go with it, as does a `,` left dangling
 * before a closing bracket). With `wrapped`, `$$$` / `$_` stand for that text. `firstColumn`:
 * the column the text starts at (for captures landing on its first line).
 */
export function renderTemplate(
  tree: Tree,
  template: string,
  bindings: Readonly<Record<string, Binding>>,
  indent: string,
  wrapped?: Wrapped,
  firstColumn = indent.length,
): string {
  const lines = dedent(template).split("\n");
  // Lines inside a string literal of the template keep their blanks (they are its content).
  const inString = stringLines(lines);
  const re = wrapped === undefined ? VAR : WRAP_VAR;
  let out = "";
  lines.forEach((line, li) => {
    if (li > 0) out += "\n" + (line.length > 0 && !inString[li] ? indent : "");
    let last = 0;
    for (const m of line.matchAll(re)) {
      out += line.slice(last, m.index);
      last = m.index! + m[0].length;
      let text: string, from: number;
      if (m[4] !== undefined) {
        text = wrapped!.text;
        from = wrapped!.start;
      } else {
        const b = bindings[(m[1] ?? m[2] ?? m[3])!];
        text = b?.text ?? "";
        from = b?.range.start ?? 0;
        if (m[1] !== undefined && text === "") {
          // An empty run takes a comma written right after it, or else one left dangling before
          // a closing bracket (`f(a, $$$R)` -> `f(a)`); commas anywhere else stay as written.
          if (/^,\s*/.test(line.slice(last))) last += /^,\s*/.exec(line.slice(last))![0].length;
          else if (/^\s*[)\]}]/.test(line.slice(last))) out = out.replace(/,[ \t]*$/, "");
        }
        // A multi-line expression is written inside brackets (or after backslashes): landing
        // outside any bracket of the template (`while $C:`), it needs parentheses of its own.
        if (b?.kind === "node" && text.includes("\n") && needsParens(tree, b.node, text) && bracketDepth(out) === 0) {
          text = "(" + text + ")";
          from--;
        }
      }
      if (text.includes("\n")) text = rebase(tree, from, text, li === 0 ? firstColumn + out.length : column(out));
      out += text;
    }
    out += line.slice(last);
  });
  return out;
}

/** The blanks that open the line holding source offset `at`. */
export function lineIndent(tree: Tree, at: number): string {
  const src = tree.source;
  let ls = at;
  while (ls > 0 && src[ls - 1] !== 0x0a) ls--;
  let indent = "";
  for (let i = ls; i < at && (src[i] === 0x20 || src[i] === 0x09); i++) indent += String.fromCharCode(src[i]!);
  return indent;
}

/**
 * The replacement of `range` by `template`, as text written at the range's place (lines after the
 * first indented like the line the range starts on): what a `replace` fix shows for a match.
 */
export function renderFix(
  tree: Tree,
  range: ByteRange,
  template: string,
  bindings: Readonly<Record<string, Binding>>,
): { start: number; end: number; text: string } {
  return {
    start: range.start,
    end: range.end,
    text: renderTemplate(tree, template, bindings, lineIndent(tree, range.start), undefined, columnOf(tree, range.start)),
  };
}

/** The column (in characters) of source offset `at`. */
export function columnOf(tree: Tree, at: number): number {
  let ls = at;
  while (ls > 0 && tree.source[ls - 1] !== 0x0a) ls--;
  return new TextDecoder().decode(tree.source.subarray(ls, at)).length;
}

/** An expression (not a starred item or a slice) whose text is not one bracketed group. */
function needsParens(tree: Tree, id: number, text: string): boolean {
  if (KIND_BASES[tree.kind[id]!] !== "expr" || tree.kind[id] === K.Starred || tree.kind[id] === K.Slice) return false;
  // Only a line break outside brackets and strings (and not after a backslash) ends the logical
  // line: `f(a,\n  b)` and `"""a\nb"""` stand as they are.
  return breaksOutside(text);
}

// Reads `s` as Python code, string literals and comments skipped roughly (a comment up to its
// line break, which is read), and calls `at(i, depth)` for every other character, with the
// bracket depth after it. Stops at the first `at` that returns true and returns -1; else the
// depth at the end.
function scanCode(s: string, at: (i: number, depth: number) => boolean): number {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote !== "") {
      if (c === "\\") i++;
      else if (s.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = "";
      }
      continue;
    }
    if (c === "'" || c === '"') {
      quote = s.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
      continue;
    }
    if (c === "#") {
      while (i + 1 < s.length && s[i + 1] !== "\n") i++;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
    if (at(i, depth)) return -1;
  }
  return depth;
}

/** True when `s` has a line break outside brackets and string literals, not after a backslash. */
function breaksOutside(s: string): boolean {
  return scanCode(s, (i, depth) => depth === 0 && s[i] === "\n" && s[i - 1] !== "\\") < 0;
}

/** Open brackets at the end of `s` (quotes and comments skipped roughly). */
function bracketDepth(s: string): number {
  return scanCode(s, () => false);
}

function column(s: string): number {
  const i = s.lastIndexOf("\n");
  return s.length - (i + 1);
}

function dedent(s: string): string {
  const lines = s
    .replace(/^\n/, "")
    .replace(/\n\s*$/, "")
    .split("\n");
  const inString = stringLines(lines);
  let min = Infinity;
  lines.forEach((l, i) => {
    if (l.trim() !== "" && !inString[i]) min = Math.min(min, /^[ \t]*/.exec(l)![0].length);
  });
  if (!Number.isFinite(min) || min === 0) return lines.join("\n");
  return lines.map((l, i) => (inString[i] ? l : l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length)))).join("\n");
}

/** Shifts lines 2.. of a capture that started at source offset `from` so that they sit relative to `col`. */
function rebase(tree: Tree, from: number, text: string, col: number): string {
  let ls = from;
  while (ls > 0 && tree.source[ls - 1] !== 0x0a) ls--;
  const orig = from - ls;
  const lines = text.split("\n");
  // A line inside a string literal of the capture keeps its blanks: they are the string's content.
  const inString = stringLines(lines);
  return lines
    .map((l, i) => {
      if (i === 0 || l.trim() === "" || inString[i]) return l;
      // Drop the capture's own base indentation, keep what is relative to it, add the target column.
      const lead = /^[ ]*/.exec(l)![0].length;
      return " ".repeat(col) + l.slice(Math.min(lead, orig));
    })
    .join("\n");
}
