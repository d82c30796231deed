// The source range of a `$$$P` run of parameters. A run binds items of `arguments.args`, but a
// leading or trailing `$$$` in a pattern's parameter list also absorbs the fields the pattern
// leaves out (positional-only parameters before it; *args, keyword-only parameters and **kwargs
// after it), and each parameter's default lives in another field. The run's text is the whole
// span those parameters take in the source, with their defaults and the `/`, `*` and `**` marks.
import type { NodeId, Tree } from "../ast/tree.js";
import { NodeKind as K } from "../schema/generated/nodes.js";

/** How a named `$$$` sits in a pattern's parameter list (Vars.paramRuns). */
export interface ParamRun {
  /** First item of `args`, with the pattern's positional-only list empty: it takes those too. */
  front: boolean;
  /** Last item of `args`: it takes *args, keyword-only parameters and **kwargs the pattern leaves out. */
  back: boolean;
}

// `arguments` fields by CPython's index.
const POSONLY = 0,
  ARGS = 1,
  VARARG = 2,
  KWONLY = 3,
  KW_DEFAULTS = 4,
  KWARG = 5,
  DEFAULTS = 6;

const SPACE = new Set([0x20, 0x09, 0x0c, 0x0a, 0x0d, 0x5c]);

// The offset of the next byte at or after `i` that is not space, a line continuation or a comment.
function skipTrivia(src: Uint8Array, i: number): number {
  while (i < src.length) {
    const c = src[i]!;
    if (SPACE.has(c)) i++;
    else if (c === 0x23) while (i < src.length && src[i] !== 0x0a && src[i] !== 0x0d) i++;
    else break;
  }
  return i;
}

// The offset of `mark` (a `/` or `*`) after `from`, past trivia and one comma; -1 if it is not there.
function markAfter(src: Uint8Array, from: number, mark: number): number {
  let i = skipTrivia(src, from);
  if (src[i] === 0x2c) i = skipTrivia(src, i + 1);
  return src[i] === mark ? i : -1;
}

// The start of the `*`s written right before `at` (space between allowed), else `at`.
function starsBefore(src: Uint8Array, at: number): number {
  let i = at - 1;
  while (i >= 0 && SPACE.has(src[i]!)) i--;
  if (src[i] !== 0x2a) return at;
  while (i > 0 && src[i - 1] === 0x2a) i--;
  return i;
}

// The offset of the bare `*` (then a comma) written before `at` with nothing but space between, else -1.
function bareStarBefore(src: Uint8Array, at: number): number {
  let i = at - 1;
  while (i >= 0 && SPACE.has(src[i]!)) i--;
  if (src[i] !== 0x2c) return -1;
  i--;
  while (i >= 0 && SPACE.has(src[i]!)) i--;
  return src[i] === 0x2a ? i : -1;
}

/**
 * The byte range of the parameters a `$$$` run over `args` items [f, to) of the `arguments`
 * node `a` stands for, as the pattern's `shape` says; null when the run takes nothing.
 */
export function paramRunRange(t: Tree, a: NodeId, f: number, to: number, shape: ParamRun): { start: number; end: number } | null {
  const src = t.source;
  const posonly = t.listItems(t.field(a, POSONLY));
  const args = t.listItems(t.field(a, ARGS));
  const defaults = t.listItems(t.field(a, DEFAULTS));
  const firstDefault = posonly.length + args.length - defaults.length;
  // Each parameter's end, with its default.
  const endWithDefault = (k: number, id: NodeId): number => (k >= firstDefault ? t.end[defaults[k - firstDefault]!]! : t.end[id]!);
  let start = -1;
  let end = -1;
  // The end of the last parameter (or mark) before the current point, taken or not: marks are
  // looked for after it.
  let prev = -1;
  const take = (s: number, e: number, taken: boolean): void => {
    if (taken) {
      if (start < 0) start = s;
      end = e;
    }
    prev = e;
  };
  const front = shape.front && f === 0;
  for (const [k, p] of posonly.entries()) take(t.start[p]!, endWithDefault(k, p), front);
  if (posonly.length > 0) {
    const slash = markAfter(src, prev, 0x2f);
    if (slash >= 0) take(slash, slash + 1, front);
  }
  for (const [j, p] of args.entries()) take(t.start[p]!, endWithDefault(posonly.length + j, p), j >= f && j < to);
  const back = shape.back && to === args.length;
  const vararg = t.field(a, VARARG);
  const kwonly = t.listItems(t.field(a, KWONLY));
  const kwDefaults = t.listItems(t.field(a, KW_DEFAULTS));
  if (vararg !== 0) take(starsBefore(src, t.start[vararg]!), t.end[vararg]!, back);
  else if (kwonly.length > 0) {
    // The bare `*` before keyword-only parameters.
    const star = prev >= 0 ? markAfter(src, prev, 0x2a) : bareStarBefore(src, t.start[kwonly[0]!]!);
    if (star >= 0 && src[star] === 0x2a) take(star, star + 1, back);
  }
  kwonly.forEach((p, k) => {
    const d = kwDefaults[k] ?? 0;
    take(t.start[p]!, d !== 0 ? t.end[d]! : t.end[p]!, back);
  });
  const kwarg = t.field(a, KWARG);
  if (kwarg !== 0) take(starsBefore(src, t.start[kwarg]!), t.end[kwarg]!, back);
  return start < 0 ? null : { start, end };
}

/** The `arguments` node of a function or lambda node, or -1 for other kinds. */
export function argumentsOf(t: Tree, n: NodeId): NodeId {
  const k = t.kind[n];
  // FunctionDef/AsyncFunctionDef: args is field 1; Lambda: field 0.
  if (k === K.FunctionDef || k === K.AsyncFunctionDef) return t.field(n, 1);
  if (k === K.Lambda) return t.field(n, 0);
  return -1;
}
