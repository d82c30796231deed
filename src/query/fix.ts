// Rewrites (§8.6), the template part: `fix: "..."` with metavariables substituted, turned into a
// byte-range replacement {start, end, text} on the original source. Applying replacements (and
// reparsing the result) is the edit engine's job; this only computes them.
import type { Tree } from "../ast/tree.js";
import type { Binding, ByteRange } from "./compile.js";

const VAR = /\$\$\$([A-Z][A-Z0-9_]*)|\$([A-Z][A-Z0-9_]*)/g;

/** Metavariable names a template uses. */
export function templateVars(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(VAR)) out.push((m[1] ?? m[2])!);
  return out;
}

/**
 * The replacement of `range` by `template`: the template is dedented; every line after the first
 * gets the indentation of the line the range starts on; a multi-line capture keeps its internal
 * indentation relative to where it lands. An empty `$$$X` leaves nothing (and a comma or space
 * written right after it in the template goes with it).
 */
export function renderFix(tree: Tree, range: ByteRange, template: string, bindings: Readonly<Record<string, Binding>>): { start: number; end: number; text: string } {
  const src = tree.source;
  let ls = range.start;
  while (ls > 0 && src[ls - 1] !== 0x0a) ls--;
  let indent = "";
  for (let i = ls; i < range.start && (src[i] === 0x20 || src[i] === 0x09); i++) indent += String.fromCharCode(src[i]!);
  const lines = dedent(template).split("\n");
  let out = "";
  lines.forEach((line, li) => {
    if (li > 0) out += "\n" + (line.length > 0 ? indent : "");
    let last = 0;
    for (const m of line.matchAll(VAR)) {
      out += line.slice(last, m.index);
      const b = bindings[(m[1] ?? m[2])!];
      let text = b?.text ?? "";
      last = m.index! + m[0].length;
      if (m[1] !== undefined && text === "" && /^,\s*/.test(line.slice(last))) last += /^,\s*/.exec(line.slice(last))![0].length;
      if (b !== undefined && text.includes("\n")) text = rebase(tree, b.range.start, text, column(out));
      out += text;
    }
    out += line.slice(last);
  });
  // A dangling ", )" left by an empty run before a closing bracket.
  out = out.replace(/,\s*([)\]}])/g, (s, c: string) => (/^,\s*$/.test(s.slice(0, -1)) ? c : s));
  return { start: range.start, end: range.end, text: out };
}

function column(s: string): number {
  const i = s.lastIndexOf("\n");
  return s.length - (i + 1);
}

function dedent(s: string): string {
  const lines = s.replace(/^\n/, "").replace(/\n\s*$/, "").split("\n");
  let min = Infinity;
  for (const l of lines) if (l.trim() !== "") min = Math.min(min, /^[ \t]*/.exec(l)![0].length);
  if (!Number.isFinite(min) || min === 0) return lines.join("\n");
  return lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join("\n");
}

/** Shifts lines 2.. of a capture that started at source offset `from` so that they sit relative to `col`. */
function rebase(tree: Tree, from: number, text: string, col: number): string {
  let ls = from;
  while (ls > 0 && tree.source[ls - 1] !== 0x0a) ls--;
  const orig = from - ls;
  const lines = text.split("\n");
  return lines.map((l, i) => {
    if (i === 0 || l.trim() === "") return l;
    // Drop the capture's own base indentation, keep what is relative to it, add the target column.
    const lead = /^[ ]*/.exec(l)![0].length;
    return " ".repeat(col) + l.slice(Math.min(lead, orig));
  }).join("\n");
}
