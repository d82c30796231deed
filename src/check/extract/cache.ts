// Cache of extraction results keyed by a hash of each file's bytes (plus the extractor version
// and options). One pack file per option set holds every entry: it is read once at start and,
// when something changed, written back once at the end to a temp name and renamed into place,
// so concurrent runs never see a half-written pack (the last writer wins, and both packs are
// complete). A missing, unreadable or corrupt pack is treated as empty and rebuilt.
import type { Host } from "../host.js";
import { joinPath } from "../host.js";
import type { ExtractResult, ImportScope } from "./imports.js";
import type { FileExtraction } from "./import-lines.js";
import { QUARRY_VERSION } from "../version.js";

/**
 * Bump when a cache entry's shape (ExtractResult, the captured lines) or the extractor's behaviour
 * changes: every key and every cache file includes it, so older entries are simply not found.
 */
export const EXTRACTOR_VERSION = "5";

/**
 * The version every cache file records and every cache key includes: quarry's own version and
 * the extractor's. A file written under another one is discarded and rebuilt.
 */
export const CACHE_VERSION = `quarry-${QUARRY_VERSION}/extractor-${EXTRACTOR_VERSION}`;

/**
 * 64-bit content hash as hex, plus the length: two independent 32-bit lanes (a murmur3-style
 * mix and a multiplicative one) over 32-bit words, each finished with murmur3's avalanche.
 * Not cryptographic; it only has to notice edits. Word-at-a-time: warm runs hash every file.
 */
export function contentHash(data: Uint8Array, salt: string): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let i = 0; i < salt.length; i++) {
    h1 = Math.imul(h1 ^ salt.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ salt.charCodeAt(i), 0x5bd1e995);
  }
  const n = data.length;
  const words = n >>> 2;
  const aligned = (data.byteOffset & 3) === 0;
  const view = aligned ? new Int32Array(data.buffer, data.byteOffset, words) : new Int32Array(data.slice(0, words * 4).buffer);
  for (let i = 0; i < words; i++) {
    const w = view[i]!;
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h2 ^= k;
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = (Math.imul(h2, 5) + 0xe6546b64) | 0;
    h1 = Math.imul(h1 ^ w, 0x01000193) ^ (h1 >>> 13);
  }
  for (let i = words * 4; i < n; i++) {
    h1 = Math.imul(h1 ^ data[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ data[i]!, 0x5bd1e995);
  }
  const fmix = (h: number) => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const hex = (x: number) => x.toString(16).padStart(8, "0");
  return `${hex(fmix(h1 ^ n))}${hex(fmix(h2 ^ n))}${n.toString(16)}`;
}

interface Pack {
  v: string;
  entries: Record<string, Encoded>;
}

// Entries are stored as positional tuples: the pack is read on every warm run, and repeating
// field names made it twice as large and slow to parse. The last element holds the captured
// import lines as [line, text, line, text, ...] in line order, or null when none were captured.
type Encoded = [unknown[][], unknown[][], unknown[][], unknown[][], [string, number, number] | null, unknown[] | null];
const SCOPES: ImportScope[] = ["module", "function", "class", "if", "try", "with", "for", "while"];

/** A file's extraction and lines as the cache stores them (JSON-ready positional tuples). */
export function encodeResult(e: FileExtraction): Encoded {
  const r = e.data;
  let lines: unknown[] | null = null;
  if (e.lines !== null) {
    const out: unknown[] = (lines = []);
    // forEach skips the empty slots
    e.lines.forEach((text, i) => {
      out.push(i + 1, text);
    });
  }
  return [
    r.imports.map((i) => {
      const a: unknown[] = [
        i.kind === "import" ? 0 : 1,
        i.module,
        i.level,
        i.line,
        i.endLine,
        SCOPES.indexOf(i.scope),
        (i.typeChecking ? 1 : 0) | (i.typeCheckingElse ? 2 : 0),
      ];
      for (const n of i.names) a.push(n.name, n.asname, n.line, n.col);
      return a;
    }),
    r.directives.map((d) => [d.line, d.targetLine, d.reason, ...d.names]),
    r.strings.map((x) => [x.value, x.line]),
    r.django.map((x) => [x.value, x.line]),
    r.error === null ? null : [r.error.message, r.error.line, r.error.col],
    lines,
  ];
}

/** The inverse of encodeResult, for an entry isEncoded accepted. */
export function decodeResult(e: Encoded): FileExtraction {
  const l = e[5];
  if (l === null) return { data: decodeData(e), lines: null };
  const lines: string[] = [];
  for (let k = 0; k + 1 < l.length; k += 2) lines[(l[k] as number) - 1] = l[k + 1] as string;
  return { data: decodeData(e), lines };
}

function decodeData(e: Encoded): ExtractResult {
  return {
    imports: e[0].map((a) => {
      const names = [];
      for (let k = 7; k + 3 < a.length; k += 4) {
        names.push({ name: a[k] as string, asname: a[k + 1] as string | null, line: a[k + 2] as number, col: a[k + 3] as number });
      }
      return {
        kind: a[0] === 0 ? ("import" as const) : ("from" as const),
        module: a[1] as string | null,
        level: a[2] as number,
        names,
        line: a[3] as number,
        endLine: a[4] as number,
        scope: SCOPES[a[5] as number]!,
        typeChecking: ((a[6] as number) & 1) !== 0,
        typeCheckingElse: ((a[6] as number) & 2) !== 0,
      };
    }),
    directives: e[1].map((a) => ({
      line: a[0] as number,
      targetLine: a[1] as number,
      reason: a[2] as string | null,
      names: a.slice(3) as string[],
    })),
    strings: e[2].map((a) => ({ value: a[0] as string, line: a[1] as number })),
    django: e[3].map((a) => ({ value: a[0] as string, line: a[1] as number })),
    error: e[4] === null ? null : { message: e[4][0], line: e[4][1], col: e[4][2] },
  };
}

const isInt = (x: unknown): x is number => Number.isInteger(x);
const isStr = (x: unknown): x is string => typeof x === "string";
const isStrOrNull = (x: unknown) => x === null || typeof x === "string";

/**
 * Whether `x` is exactly what encodeResult writes, down to every field's type: a cache file is
 * input like any other, and an entry of the wrong shape must be rebuilt, not crash a later step.
 */
export function isEncoded(x: unknown): x is Encoded {
  if (!Array.isArray(x) || x.length !== 6) return false;
  const [imports, directives, strings, django, error, lines] = x as unknown[];
  if (lines !== null && (!Array.isArray(lines) || lines.length % 2 !== 0)) return false;
  for (let k = 0; lines !== null && k < lines.length; k += 2)
    if (!isInt(lines[k]) || (lines[k] as number) < 1 || !isStr(lines[k + 1])) return false;
  if (!Array.isArray(imports) || !Array.isArray(directives) || !Array.isArray(strings) || !Array.isArray(django)) return false;
  for (const a of imports) {
    if (!Array.isArray(a) || a.length < 7 || (a.length - 7) % 4 !== 0) return false;
    if ((a[0] !== 0 && a[0] !== 1) || !isStrOrNull(a[1]) || !isInt(a[2]) || !isInt(a[3]) || !isInt(a[4])) return false;
    if (!isInt(a[5]) || a[5] < 0 || a[5] >= SCOPES.length || !isInt(a[6]) || a[6] < 0 || a[6] > 3) return false;
    for (let k = 7; k < a.length; k += 4) if (!isStr(a[k]) || !isStrOrNull(a[k + 1]) || !isInt(a[k + 2]) || !isInt(a[k + 3])) return false;
  }
  for (const d of directives) {
    if (!Array.isArray(d) || d.length < 3 || !isInt(d[0]) || !isInt(d[1]) || !isStrOrNull(d[2])) return false;
    for (let k = 3; k < d.length; k++) if (!isStr(d[k])) return false;
  }
  for (const list of [strings, django])
    for (const v of list as unknown[]) if (!Array.isArray(v) || v.length !== 2 || !isStr(v[0]) || !isInt(v[1])) return false;
  return error === null || (Array.isArray(error) && error.length === 3 && isStr(error[0]) && isInt(error[1]) && isInt(error[2]));
}

export class ExtractCache {
  readonly dir: string;
  readonly host: Host;
  hits = 0;
  misses = 0;
  // `entries` as read from the pack; `fresh` the entries put by this run, as their JSON text: one
  // flat string per file lives until flush() instead of the tuples' many small arrays (which the
  // collector would copy at every young-generation collection).
  private packs = new Map<string, { entries: Map<string, Encoded>; fresh: Map<string, string>; used: Set<string>; dirty: boolean }>();

  constructor(host: Host, dir: string) {
    this.host = host;
    this.dir = dir;
  }

  get enabled(): boolean {
    return this.host.writeFile !== undefined && this.host.rename !== undefined;
  }

  private packPath(options: string): string {
    return joinPath(this.dir, `imports-${options}.json`);
  }

  private pack(options: string) {
    let p = this.packs.get(options);
    if (p !== undefined) return p;
    p = { entries: new Map(), fresh: new Map(), used: new Set(), dirty: false };
    const data = this.host.readFile(this.packPath(options));
    if (data !== null) {
      try {
        const parsed = JSON.parse(new TextDecoder().decode(data)) as Pack;
        if (
          parsed !== null &&
          typeof parsed === "object" &&
          parsed.v === CACHE_VERSION &&
          typeof parsed.entries === "object" &&
          parsed.entries !== null &&
          !Array.isArray(parsed.entries)
        ) {
          for (const [k, r] of Object.entries(parsed.entries)) {
            if (isEncoded(r)) p.entries.set(k, r);
            else p.dirty = true; // a damaged entry is dropped, and the pack rewritten
          }
        } else p.dirty = true;
      } catch {
        p.dirty = true; // corrupt: rebuilt from scratch
      }
    }
    this.packs.set(options, p);
    return p;
  }

  /**
   * The entry for `key`, or null when there is none (or, when `lines` is set, none with captured
   * lines: an entry a Tach-only run wrote is extracted again and replaced).
   */
  get(options: string, key: string, lines: boolean): FileExtraction | null {
    const p = this.pack(options);
    const text = p.fresh.get(key);
    const r = text !== undefined ? (JSON.parse(text) as Encoded) : p.entries.get(key);
    if (r === undefined || (lines && r[5] === null)) {
      this.misses++;
      return null;
    }
    let decoded: FileExtraction;
    try {
      decoded = decodeResult(r);
    } catch {
      this.misses++;
      return null; // a damaged entry: recomputed and overwritten
    }
    this.hits++;
    p.used.add(key);
    return decoded;
  }

  put(options: string, key: string, r: FileExtraction): void {
    const p = this.pack(options);
    p.fresh.set(key, JSON.stringify(encodeResult(r)));
    p.entries.delete(key);
    p.used.add(key);
    p.dirty = true;
  }

  /** Writes changed packs (only the entries this run used, so stale files drop out). */
  flush(): void {
    if (!this.enabled) return;
    for (const [options, p] of this.packs) {
      if (!p.dirty && p.used.size === p.entries.size + p.fresh.size) continue;
      // The Pack document ({ v, entries }), written from the entries' texts.
      const parts: string[] = [];
      for (const k of p.used) parts.push(`${JSON.stringify(k)}:${p.fresh.get(k) ?? JSON.stringify(p.entries.get(k)!)}`);
      const final = this.packPath(options);
      const tmp = `${final}.${this.host.env("QUARRY_PID") ?? "p"}.${Math.floor(this.host.now() * 1000).toString(36)}.tmp`;
      const data = new TextEncoder().encode(`{"v":${JSON.stringify(CACHE_VERSION)},"entries":{${parts.join(",")}}}`);
      if (this.host.writeFile!(tmp, data)) {
        if (!this.host.rename!(tmp, final)) this.host.remove?.(tmp);
      }
      p.dirty = false;
    }
  }
}

/** Reads a small JSON document kept beside the packs (null when missing or corrupt). */
export function readCacheJson(host: Host, dir: string, name: string): unknown {
  const data = host.readFile(joinPath(dir, name));
  if (data === null) return null;
  try {
    return JSON.parse(new TextDecoder().decode(data)) as unknown;
  } catch {
    return null;
  }
}

/** Writes a JSON document atomically (temp file + rename); failures are ignored (it is a cache). */
export function writeCacheJson(host: Host, dir: string, name: string, value: unknown): void {
  if (host.writeFile === undefined || host.rename === undefined) return;
  const final = joinPath(dir, name);
  const tmp = `${final}.${host.env("QUARRY_PID") ?? "p"}.${Math.floor(host.now() * 1000).toString(36)}.tmp`;
  if (host.writeFile(tmp, new TextEncoder().encode(JSON.stringify(value)))) {
    if (!host.rename(tmp, final)) host.remove?.(tmp);
  }
}

/**
 * File stamps from the previous run: path -> [stamp key, content hash]. A stamp is trusted only
 * for files whose mtime is at least RACY_MS older than when the stamps were written (git's
 * "racily clean" rule), so an edit in the same clock tick as the previous run is never missed.
 */
export class StampStore {
  static readonly RACY_MS = 2000;
  private readonly prev: Map<string, [string, string]>;
  private readonly written: number;
  private readonly next = new Map<string, [string, string]>();
  private changed = false;
  readonly host: Host;
  readonly dir: string;

  constructor(host: Host, dir: string) {
    this.host = host;
    this.dir = dir;
    const v = readCacheJson(host, dir, "stamps.json") as { v?: unknown; written?: unknown; files?: unknown } | null;
    const ok =
      v !== null &&
      typeof v === "object" &&
      v.v === CACHE_VERSION &&
      typeof v.written === "number" &&
      Number.isFinite(v.written) &&
      typeof v.files === "object" &&
      v.files !== null &&
      !Array.isArray(v.files);
    const files = ok ? Object.entries(v.files as Record<string, unknown>) : [];
    // Every entry must be [stamp key, content hash]; one bad entry discards the whole file.
    const valid = files.every(([, e]) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && typeof e[1] === "string");
    this.prev = new Map(valid ? (files as [string, [string, string]][]) : []);
    this.written = ok && valid ? (v.written as number) : 0;
  }

  /** The remembered content hash of `path`, if its stamp is unchanged and not racy. */
  lookup(path: string, stamp: { key: string; mtimeMs: number }): string | null {
    const p = this.prev.get(path);
    if (p === undefined || p[0] !== stamp.key || stamp.mtimeMs >= this.written - StampStore.RACY_MS) return null;
    this.next.set(path, p);
    return p[1];
  }

  record(path: string, stampKey: string, hash: string): void {
    const p = this.prev.get(path);
    if (p === undefined || p[0] !== stampKey || p[1] !== hash) this.changed = true;
    this.next.set(path, [stampKey, hash]);
  }

  save(): void {
    if (!this.changed && this.next.size === this.prev.size) return;
    writeCacheJson(this.host, this.dir, "stamps.json", { v: CACHE_VERSION, written: Date.now(), files: Object.fromEntries(this.next) });
  }
}

/**
 * Makes the cache folder ignore itself in git: writes `<root>/.gitignore` holding `*` when the
 * folder exists and the file does not. Failures are ignored (it is a cache).
 */
export function ensureCacheGitignore(host: Host, root: string): void {
  if (host.writeFile === undefined || host.stat(root) !== "dir") return;
  const path = joinPath(root, ".gitignore");
  if (host.stat(path) === null) host.writeFile(path, new TextEncoder().encode("# Written by quarry: this folder is a cache.\n*\n"));
}
