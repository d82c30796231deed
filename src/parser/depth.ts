// Nesting guard: recursive rules call enter/leave so that absurdly deep input fails with
// CPython's "too complex" error instead of overflowing the JS stack.
import type { Parser } from "./state.js";
import { MAX_DEPTH } from "./state.js";

export class TooComplexSignal {}

export function enter(p: Parser): void {
  if (++p.depth > MAX_DEPTH) throw new TooComplexSignal();
}

export function leave(p: Parser): void {
  p.depth--;
}

/** Like enter, for rules that cost CPython's parser `n` stack levels per nesting. */
export function enterN(p: Parser, n: number): void {
  p.depth += n;
  if (p.depth > MAX_DEPTH) throw new TooComplexSignal();
}

export function leaveN(p: Parser, n: number): void {
  p.depth -= n;
}
