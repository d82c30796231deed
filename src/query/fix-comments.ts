// The warning Q3025 of Query.fix (ast-grep #1253): a replace or remove edit whose node holds
// comments that its new text does not carry over deletes them. The fix is still applied.
import type { Tree } from "../ast/tree.js";
import { Interner } from "../core/interner.js";
import type { Edit } from "../edit/types.js";
import { tokenizeTrivia } from "../tokenizer/tokenizer.js";
import { TokenKind as T } from "../tokenizer/token-kind.js";
import type { FixSkip, Match } from "./compile.js";
import { QUERY_CODES as Q } from "./messages.js";

const dec = new TextDecoder();
const HASH = 0x23;

/**
 * One warning per match whose replace / remove edits delete comments written inside the node they
 * replace or remove (a comment whose text the replacement holds is kept, as with `wrap` or `$$$B`).
 * A removed statement's own trailing comment is outside its node and not counted: removing a line
 * removes its comment by design. `owner[i]`: the match of `script[i]`.
 */
export function deletedComments(tree: Tree, script: readonly Edit[], owner: readonly number[], matches: readonly Match[]): FixSkip[] {
  let comments: { start: number; end: number }[] | null = null;
  const found = new Map<number, string[]>();
  // What each match writes (all its edits' text): a comment carried into any of it is kept.
  const written = new Map<number, string>();
  script.forEach((e, i) => {
    if (e.op !== "remove" && e.op !== "setIdentifier" && typeof e.with === "string")
      written.set(owner[i]!, (written.get(owner[i]!) ?? "") + "\n" + e.with);
  });
  script.forEach((e, i) => {
    if (e.op !== "replace" && e.op !== "remove") return;
    const s = tree.start[e.node]!;
    const end = tree.end[e.node]!;
    // Cheap test first: no '#' byte, no comment.
    if (tree.source.subarray(s, end).indexOf(HASH) < 0) return;
    comments ??= scanComments(tree);
    const kept = written.get(owner[i]!) ?? "";
    for (const c of comments) {
      if (c.start < s || c.end > end) continue;
      const text = dec.decode(tree.source.subarray(c.start, c.end)).trimEnd();
      if (kept.includes(text)) continue;
      const list = found.get(owner[i]!) ?? [];
      list.push(text);
      found.set(owner[i]!, list);
    }
  });
  return [...found]
    .sort((a, b) => a[0] - b[0])
    .map(([m, texts]) => ({
      match: m,
      range: matches[m]!.range,
      code: Q.FixDeletesComments,
      message: `the fix deletes ${texts.length === 1 ? "a comment" : `${texts.length} comments`} inside the code it replaces: ${texts
        .slice(0, 3)
        .join(", ")}${texts.length > 3 ? ", ..." : ""}`,
    }));
}

// The COMMENT tokens of the tree's source, in order (CPython's tokenize mode of the lexer).
function scanComments(tree: Tree): { start: number; end: number }[] {
  const t = tokenizeTrivia(tree.source, new Interner());
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < t.count; i++) if (t.kind[i] === T.COMMENT) out.push({ start: t.start[i]!, end: t.end[i]! });
  return out;
}
