// Renders a query's matches as text lines for the fixture snapshots and for back-end comparisons.
import type { Tree } from "../../src/ast/tree.js";
import type { Match } from "../../src/query/compile.js";

const dec = new TextDecoder();

/** One line per match: `L:C-L:C Kind: text | X=..; Y=.. | message | fix` (lines from 1, byte columns from 0). */
export function renderMatches(tree: Tree, ms: readonly Match[]): string[] {
  return ms.map((m) => {
    const [l1, c1] = tree.position(m.range.start);
    const [l2, c2] = tree.position(m.range.end);
    const text = dec.decode(tree.source.subarray(m.range.start, m.range.end)).replace(/\n/g, "\\n");
    const parts = [`${l1}:${c1}-${l2}:${c2} ${tree.kindName(m.node)}: ${text}`];
    const b = Object.entries(m.bindings).map(
      ([k, v]) => `${k}=${v.kind === "run" ? "[" : ""}${v.text.replace(/\n/g, "\\n")}${v.kind === "run" ? "]" : ""}`,
    );
    if (b.length > 0) parts.push(b.join("; "));
    if (m.extendedRange.start !== m.range.start) parts.push(`extended from ${tree.position(m.extendedRange.start).join(":")}`);
    if (m.message !== undefined) parts.push(`message: ${m.message}`);
    if (m.fix !== undefined) parts.push(`fix ${m.fix.start}-${m.fix.end}: ${m.fix.text.replace(/\n/g, "\\n")}`);
    return parts.join(" | ");
  });
}
