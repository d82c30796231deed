// The judge: CPython 3.14 (Pyodide) parses each source and answers with ast.dump output or the
// exception it raised. Answers are cached on disk by content hash, so a warm run never loads Pyodide.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { repoRoot } from "./corpus.js";

/** CPython accepted the source. `dump` is `ast.dump(ast.parse(src), include_attributes=True)`. */
export interface OracleAccept {
  readonly ok: true;
  /** null when ast.dump itself failed (e.g. RecursionError on a very deep tree); see dumpError. */
  readonly dump: string | null;
  readonly dumpError?: string;
  /** `ast.dump(tree)`, only when asked for with `{ variants: true }`. */
  readonly dumpPlain?: string;
  /** `ast.dump(tree, indent=2)`, only when asked for with `{ variants: true }`. */
  readonly dumpIndent?: string;
}

/**
 * CPython rejected the source. `cls` is the exception's class name (SyntaxError, IndentationError,
 * TabError, and rarely MemoryError or RecursionError for sources too deep to parse). The fields are
 * the exception's attributes (`msg`, `lineno`, `offset`, `end_lineno`, `end_offset`); attributes
 * the exception does not have, or that are None, are null. For non-SyntaxError classes `msg` is str(e).
 */
export interface OracleReject {
  readonly ok: false;
  readonly cls: string;
  readonly msg: string;
  readonly lineno: number | null;
  readonly offset: number | null;
  readonly end_lineno: number | null;
  readonly end_offset: number | null;
}

export type OracleAnswer = OracleAccept | OracleReject;

export interface OracleOptions {
  /** Also compute `dumpPlain` and `dumpIndent` (default false). */
  variants?: boolean;
  /**
   * Cache the whole batch as one entry keyed by all its sources (default false). For large batches
   * of small sources (fuzzing), where one file per answer would waste disk and time.
   */
  bundle?: boolean;
  /**
   * ast.parse's own options, passed to CPython as `ast.parse(src, mode=..., feature_version=...,
   * optimize=...)` (compile() with `flags` added to PyCF_ONLY_AST when `flags` is set). Part of
   * the cache key only when given, so answers without options keep their keys.
   */
  parse?: OracleParseOptions;
}

/** ast.parse options the oracle forwards to CPython. */
export interface OracleParseOptions {
  mode?: "exec" | "eval" | "single" | "func_type";
  /** The minor version: `feature_version=(3, featureVersion)`. */
  featureVersion?: number;
  optimize?: number;
  /** Extra compile() flags, e.g. 0x400000 (CO_FUTURE_BARRY_AS_BDFL). */
  flags?: number;
}

/** Answers are cached under .cache/oracle/ (or $ORACLE_CACHE_DIR), one gzipped JSON file per key. */

/** Counters for the current process: how many answers came from the cache, and whether Pyodide was loaded. */
export const oracleStats = { hits: 0, misses: 0, pyodideLoaded: false, loadMs: 0 };

// Bump when the Python side or the answer format changes: old cache entries are then ignored.
const FORMAT = "quarry-oracle-v1";

// Runs inside Pyodide. Bytes go to ast.parse unchanged, so CPython itself applies the BOM,
// PEP 263 coding cookie and newline rules, exactly as `python3 file.py` would.
const PY_SOURCE = `
import ast, json, warnings

def _attr(e, name):
    v = getattr(e, name, None)
    return v if isinstance(v, (int, str)) or v is None else None

def quarry_oracle(js_bytes, variants, opts=None):
    src = js_bytes.to_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if opts is None:
                tree = ast.parse(src)
            else:
                o = json.loads(opts)
                # What ast.parse does with its arguments, plus optional extra compile flags.
                flags = ast.PyCF_ONLY_AST | o.get("flags", 0)
                optimize = o.get("optimize", -1)
                if optimize > 0:
                    flags |= ast.PyCF_OPTIMIZED_AST
                tree = compile(src, "<unknown>", o.get("mode", "exec"), flags,
                               _feature_version=o.get("featureVersion", -1), optimize=optimize)
    except Exception as e:
        is_syntax = isinstance(e, SyntaxError)
        return json.dumps({
            "ok": False,
            "cls": type(e).__name__,
            "msg": (e.msg if is_syntax else str(e)) or "",
            "lineno": _attr(e, "lineno") if is_syntax else None,
            "offset": _attr(e, "offset") if is_syntax else None,
            "end_lineno": _attr(e, "end_lineno") if is_syntax else None,
            "end_offset": _attr(e, "end_offset") if is_syntax else None,
        })
    out = {"ok": True}
    try:
        out["dump"] = ast.dump(tree, include_attributes=True)
        if variants:
            out["dumpPlain"] = ast.dump(tree)
            out["dumpIndent"] = ast.dump(tree, indent=2)
    except Exception as e:
        out = {"ok": True, "dump": None, "dumpError": type(e).__name__ + ": " + str(e)}
    return json.dumps(out)
`;

type PyFn = (bytes: Uint8Array, variants: boolean, opts?: string) => string;
let pyodideFn: Promise<PyFn> | undefined;

function loadOracle(): Promise<PyFn> {
  pyodideFn ??= (async () => {
    const t0 = performance.now();
    const { loadPyodide } = await import("pyodide");
    const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
    py.runPython(PY_SOURCE);
    const fn = py.globals.get("quarry_oracle") as PyFn;
    oracleStats.pyodideLoaded = true;
    oracleStats.loadMs = performance.now() - t0;
    return fn;
  })();
  return pyodideFn;
}

let versionTag: string | undefined;
function pyodideVersion(): string {
  versionTag ??= (JSON.parse(readFileSync(join(repoRoot(), "node_modules", "pyodide", "package.json"), "utf8")) as { version: string })
    .version;
  return versionTag;
}

function cacheKey(src: Uint8Array, variants: boolean, opts: string | undefined): string {
  const h = createHash("sha256");
  h.update(`${FORMAT}\0pyodide ${pyodideVersion()}\0variants=${variants ? 1 : 0}\0`);
  if (opts !== undefined) h.update(`parse=${opts}\0`);
  h.update(src);
  return h.digest("hex");
}

let cacheDir: string | undefined;
function cachePath(key: string): string {
  cacheDir ??= process.env.ORACLE_CACHE_DIR || join(repoRoot(), ".cache", "oracle");
  return join(cacheDir, key.slice(0, 2), key + ".json.gz");
}

function bundleKey(sources: readonly Uint8Array[], variants: boolean, opts: string | undefined): string {
  const h = createHash("sha256");
  h.update(`${FORMAT}\0pyodide ${pyodideVersion()}\0variants=${variants ? 1 : 0}\0bundle ${sources.length}\0`);
  if (opts !== undefined) h.update(`parse=${opts}\0`);
  const len = new Uint8Array(4);
  for (const s of sources) {
    new DataView(len.buffer).setUint32(0, s.length);
    h.update(len);
    h.update(s);
  }
  return "b" + h.digest("hex");
}

function isBundle(x: unknown, count: number, variants: boolean): x is OracleAnswer[] {
  return Array.isArray(x) && x.length === count && x.every((a) => isAnswer(a, variants));
}

function isAnswer(x: unknown, variants: boolean): x is OracleAnswer {
  if (typeof x !== "object" || x === null) return false;
  const a = x as Record<string, unknown>;
  if (a.ok === true) {
    if (a.dump === null) return typeof a.dumpError === "string";
    return typeof a.dump === "string" && (!variants || (typeof a.dumpPlain === "string" && typeof a.dumpIndent === "string"));
  }
  const num = (v: unknown) => v === null || typeof v === "number";
  return (
    a.ok === false &&
    typeof a.cls === "string" &&
    typeof a.msg === "string" &&
    num(a.lineno) &&
    num(a.offset) &&
    num(a.end_lineno) &&
    num(a.end_offset)
  );
}

// A missing, truncated or otherwise corrupt entry reads as a miss and is rewritten.
function readJson(path: string): unknown {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(gunzipSync(raw).toString("utf8"));
  } catch {
    return undefined;
  }
}

function readCache(path: string, variants: boolean): OracleAnswer | undefined {
  const parsed = readJson(path);
  return isAnswer(parsed, variants) ? parsed : undefined;
}

// Write to a unique temp file, then rename: concurrent writers of the same key each install a
// complete file, and a reader never sees a partial one.
function writeCache(path: string, answer: OracleAnswer | OracleAnswer[]): void {
  const dir = path.slice(0, path.lastIndexOf("/"));
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, gzipSync(JSON.stringify(answer), { level: 1 }));
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
}

/**
 * Asks CPython about each source (raw bytes, decoded by CPython as a file would be). Answers come
 * back in input order. Pyodide is loaded once per process, and only if some answer is not cached.
 */
export async function askOracle(sources: readonly Uint8Array[], options: OracleOptions = {}): Promise<OracleAnswer[]> {
  const variants = options.variants === true;
  const opts = parseOptionsJson(options.parse);
  if (options.bundle === true) {
    const path = cachePath(bundleKey(sources, variants, opts));
    const cached = readJson(path);
    if (isBundle(cached, sources.length, variants)) {
      oracleStats.hits += sources.length;
      return cached;
    }
    const fn = await loadOracle();
    const all = sources.map(
      (src) => JSON.parse(fn(src.constructor === Uint8Array ? src : new Uint8Array(src), variants, opts)) as OracleAnswer,
    );
    oracleStats.misses += sources.length;
    writeCache(path, all);
    return all;
  }
  const answers: (OracleAnswer | undefined)[] = new Array(sources.length);
  const missing: number[] = [];
  for (let i = 0; i < sources.length; i++) {
    const a = readCache(cachePath(cacheKey(sources[i]!, variants, opts)), variants);
    if (a) {
      answers[i] = a;
      oracleStats.hits++;
    } else missing.push(i);
  }
  if (missing.length > 0) {
    const fn = await loadOracle();
    for (const i of missing) {
      const src = sources[i]!;
      // Pyodide converts only plain typed arrays (not node Buffers), so copy anything else.
      const plain = src.constructor === Uint8Array ? src : new Uint8Array(src);
      const answer = JSON.parse(fn(plain, variants, opts)) as OracleAnswer;
      writeCache(cachePath(cacheKey(src, variants, opts)), answer);
      answers[i] = answer;
      oracleStats.misses++;
    }
  }
  return answers as OracleAnswer[];
}

// The options as canonical JSON (fixed key order), or undefined for plain ast.parse(src).
function parseOptionsJson(o: OracleParseOptions | undefined): string | undefined {
  if (o === undefined) return undefined;
  const c: Record<string, unknown> = {};
  for (const k of ["mode", "featureVersion", "optimize", "flags"] as const) if (o[k] !== undefined) c[k] = o[k];
  return Object.keys(c).length === 0 ? undefined : JSON.stringify(c);
}

/** Convenience for one source given as text (encoded as UTF-8). */
export async function askOracleText(source: string, options: OracleOptions = {}): Promise<OracleAnswer> {
  return (await askOracle([new TextEncoder().encode(source)], options))[0]!;
}
