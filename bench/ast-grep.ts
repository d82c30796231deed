// What the query benches share: @ast-grep/napi with its Python grammar (loaded once), and the
// median-of-runs timer.
import { createRequire } from "node:module";

/** A rule ast-grep's findAll takes: a pattern, or a rule object with constraints. */
export type AgSpec = string | { rule: Record<string, unknown>; constraints?: Record<string, unknown> };

/** The part of @ast-grep/napi the benches use. */
export interface AstGrep {
  parse(lang: string, src: string): { root(): { findAll(m: AgSpec): unknown[] } };
}

let loaded: Promise<AstGrep | string> | null = null;

/** @ast-grep/napi with Python registered, or why it is unavailable (registered once per process). */
export function loadAstGrep(): Promise<AstGrep | string> {
  loaded ??= (async () => {
    try {
      const napi = (await import("@ast-grep/napi" as string)) as { registerDynamicLanguage(x: unknown): void; parse: AstGrep["parse"] };
      const python = createRequire(import.meta.url)("@ast-grep/lang-python") as unknown;
      napi.registerDynamicLanguage({ python });
      return { parse: napi.parse };
    } catch (e) {
      return `@ast-grep/napi unavailable: ${(e as Error).message.split("\n")[0]}`;
    }
  })();
  return loaded;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** Median wall-clock ms of `runs` runs of `f`, after one warm-up run. */
export function time(runs: number, f: () => void): number {
  f(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
