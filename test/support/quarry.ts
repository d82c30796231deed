// Loads quarry's public API from the build (dist/src/index.js) at run time, so the harness compiles
// and reports clearly even while parts of the API do not exist yet.
import type { OracleAnswer } from "./oracle.js";

/** The slice of quarry's API the harness uses (see src/index.ts). */
export interface QuarryError {
  readonly cls: string;
  readonly msg: string;
  readonly lineno: number | null;
  readonly offset: number | null;
  readonly end_lineno: number | null;
  readonly end_offset: number | null;
}
export interface QuarryTree {
  readonly nodeCount: number;
  byteSize(): number;
  toJSON(): unknown;
}
export interface QuarryApi {
  parse(source: string | Uint8Array, options?: object): { tree: QuarryTree; error: QuarryError | null };
  dump(tree: QuarryTree, options?: { includeAttributes?: boolean; indent?: number | string }): string;
  decodeSource?: (input: string | Uint8Array) => { bytes: Uint8Array; error: unknown };
}

export type Loaded = { api: QuarryApi; error?: undefined } | { api?: undefined; error: string };

let loaded: Promise<Loaded> | undefined;

/** Imports dist/src/index.js once; `error` says why quarry is not usable yet. */
export function loadQuarry(): Promise<Loaded> {
  loaded ??= (async (): Promise<Loaded> => {
    const url = new URL("../../src/index.js", import.meta.url).href;
    try {
      const mod = (await import(url)) as Partial<QuarryApi>;
      if (typeof mod.parse !== "function") return { error: "dist/src/index.js does not export parse()" };
      if (typeof mod.dump !== "function") return { error: "dist/src/index.js does not export dump()" };
      return { api: mod as QuarryApi };
    } catch (e) {
      return { error: `cannot load quarry from ${url}: ${(e as Error).message}` };
    }
  })();
  return loaded;
}

/** Like loadQuarry, but throws (failing the calling test) when quarry is not usable. */
export async function requireQuarry(): Promise<QuarryApi> {
  const q = await loadQuarry();
  if (q.error !== undefined) throw new Error(q.error);
  return q.api;
}

/** What kind of disagreement a verdict is ("agree" when there is none on accept/reject, dump, class or position). */
export type VerdictKind =
  | "agree"
  | "quarry threw"
  | "quarry rejects valid"
  | "quarry accepts invalid"
  | "dump differs"
  | "error class or position differs";

/** How quarry's answer relates to CPython's for one source. */
export interface Verdict {
  readonly kind: VerdictKind;
  /** Accept/reject agree, dumps agree when accepted, class + lineno + offset agree when rejected. */
  readonly agree: boolean;
  /** Both rejected and the messages are equal. */
  readonly msgAgree: boolean;
  /** Both rejected and end_lineno + end_offset are equal. */
  readonly endAgree: boolean;
  /** One line saying what differs (empty when everything agrees). */
  readonly detail: string;
}

/** The first line at which two dumps differ, shown side by side (for indent=2 dumps this is a node). */
export function firstDifference(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const x = a[i] ?? "<end>";
      const y = b[i] ?? "<end>";
      // Single-line dumps: point at the first differing character instead.
      let c = 0;
      while (c < x.length && x[c] === y[c]) c++;
      const from = Math.max(0, c - 60);
      return `line ${i + 1}, char ${c + 1}:\n    cpython: ${x.slice(from, c + 100)}\n    quarry:  ${y.slice(from, c + 100)}`;
    }
  }
  return "identical";
}

// Points at the source line of the node where two attribute dumps first differ: a node's lineno
// is printed after its fields, so the first "lineno=" at or after the difference belongs to it.
function nearSourceLine(src: Uint8Array, expected: string, actual: string): string {
  let c = 0;
  while (c < expected.length && expected[c] === actual[c]) c++;
  const m = /lineno=(\d+)/.exec(expected.slice(Math.max(0, c - 8)));
  if (!m) return "";
  const line = Number(m[1]);
  const text = new TextDecoder().decode(src).split(/\r\n|\r|\n/)[line - 1];
  return text === undefined ? "" : `\n    near source line ${line}: ${text.trim().slice(0, 160)}`;
}

export function describeError(e: QuarryError | OracleAnswer): string {
  if ("ok" in e && e.ok) return "accepted";
  const r = e as QuarryError;
  return `${r.cls}: ${r.msg} (${r.lineno}:${r.offset}-${r.end_lineno}:${r.end_offset})`;
}

/**
 * Parses `src` with quarry and compares with CPython's answer. Never throws: a quarry exception
 * is a disagreement. `dumpOptions` selects which CPython dump `answer.dump` is compared with.
 */
export function judge(q: QuarryApi, src: Uint8Array, answer: OracleAnswer): Verdict {
  let result: ReturnType<QuarryApi["parse"]>;
  try {
    result = q.parse(src);
  } catch (e) {
    return {
      kind: "quarry threw",
      agree: false,
      msgAgree: false,
      endAgree: false,
      detail: `quarry threw ${(e as Error).stack ?? String(e)}`,
    };
  }
  const err = result.error;
  if (answer.ok) {
    if (err)
      return {
        kind: "quarry rejects valid",
        agree: false,
        msgAgree: false,
        endAgree: false,
        detail: `cpython accepts, quarry rejects with ${describeError(err)}`,
      };
    if (answer.dump === null) return { kind: "agree", agree: true, msgAgree: false, endAgree: false, detail: "" };
    let mine: string;
    try {
      mine = q.dump(result.tree, { includeAttributes: true });
    } catch (e) {
      return {
        kind: "quarry threw",
        agree: false,
        msgAgree: false,
        endAgree: false,
        detail: `quarry dump threw ${(e as Error).stack ?? String(e)}`,
      };
    }
    if (mine === answer.dump) return { kind: "agree", agree: true, msgAgree: false, endAgree: false, detail: "" };
    return {
      kind: "dump differs",
      agree: false,
      msgAgree: false,
      endAgree: false,
      detail: `dumps differ at ${firstDifference(answer.dump, mine)}${nearSourceLine(src, answer.dump, mine)}`,
    };
  }
  if (!err)
    return {
      kind: "quarry accepts invalid",
      agree: false,
      msgAgree: false,
      endAgree: false,
      detail: `cpython rejects with ${describeError(answer)}, quarry accepts`,
    };
  const agree = err.cls === answer.cls && (err.lineno ?? null) === answer.lineno && (err.offset ?? null) === answer.offset;
  const msgAgree = err.msg === answer.msg;
  const endAgree = (err.end_lineno ?? null) === answer.end_lineno && (err.end_offset ?? null) === answer.end_offset;
  const detail = agree && msgAgree && endAgree ? "" : `cpython: ${describeError(answer)} | quarry: ${describeError(err)}`;
  return { kind: agree ? "agree" : "error class or position differs", agree, msgAgree, endAgree, detail };
}
