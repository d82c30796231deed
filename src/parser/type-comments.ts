// Type comments (ast.parse's type_comments=True) into the finished tree: the `type_comment` of
// each node the grammar gave a TYPE_COMMENT to, and Module.type_ignores from the TYPE_IGNOREs
// the tokenizer recorded (pegen's _PyPegen_make_module). Runs once, after a successful parse.
import type { Tokens } from "../tokenizer/tokenizer.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { FIELD_SLOT } from "../ast/layout.js";
import type { Parser } from "./state.js";

const UTF8 = new TextDecoder();
// Slots of TypeIgnore.lineno and .tag (Module.type_ignores is derived: Tree.typeIgnores).
const LINENO_SLOT = FIELD_SLOT[K.TypeIgnore]![0]!;
const TAG_SLOT = FIELD_SLOT[K.TypeIgnore]![1]!;

/**
 * Stores the type comments `p` attached and, for a Module, a TypeIgnore per recorded
 * `# type: ignore` (in source order), in p.tree. Their strings go to the tree's text table
 * (identifier raws past the source, see ast/tree.ts).
 */
export function attachTypeComments(p: Parser, tokens: Tokens): void {
  const t = p.tree;
  const src = p.src;
  const n = src.length;
  const texts: string[] = [];
  const text = (s: string): number => {
    texts.push(s);
    return n + 1 + texts.length;
  };
  const tc = p.tc;
  if (tc !== null && tc.length > 0) {
    const map = new Map<number, number>();
    for (let j = 0; j < tc.length; j += 2) {
      const tok = tc[j + 1]!;
      // The text runs to the end of the line (past the source only at an implied final "\n").
      map.set(tc[j]!, text(UTF8.decode(src.subarray(p.starts[tok]!, Math.min(p.ends[tok]!, n)))));
    }
    t.typeComments = map;
  }
  const ti = tokens.typeIgnores;
  if (ti !== undefined && ti !== null && ti.length > 0 && t.kind[t.root] === K.Module) {
    const mark = p.sp;
    for (let j = 0; j < ti.length; j += 4) {
      const s = ti[j + 1]!;
      const e = ti[j + 2]!;
      // A type ignore alone on its line took the line's "\n" into its tag (CPython's lexer
      // consumes it; exec mode's implied final "\n" included).
      const tag = UTF8.decode(src.subarray(s, Math.min(e, n))) + (ti[j + 3] === 1 ? "\n" : "");
      const id = t.add(K.TypeIgnore, s, e);
      t.slots[t.base[id]! + LINENO_SLOT] = ti[j]!;
      t.slots[t.base[id]! + TAG_SLOT] = text(tag);
      p.push(id);
    }
    t.typeIgnores = p.popList(mark);
  }
  if (texts.length > 0) t.texts = texts;
}
