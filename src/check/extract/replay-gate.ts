// The replay gate: a warm `quarry check` that would replay its stored output anyway proves it
// can without building the project model. A run's output is a function of what the Host answered
// (files, listings, stats, environment) and of its arguments; a recording host notes every answer
// outside the cache folder, and the next run with the same arguments asks the same questions
// again (file stamps instead of file contents) and, when every answer is the same, prints the
// stored output. Any difference, or anything unexpected in the record, means a normal run. The
// record is kept in the replay file beside the output it guards (api.ts).
import type { Host, DirEntry } from "../host.js";
import { contentHash, CACHE_VERSION, StampStore } from "./cache.js";

/** What a run asked its Host, and the answers (see RecordingHost). */
export interface GateRecord {
  v: string;
  key: string;
  written: number;
  cwd: string;
  tty: [string, boolean][];
  env: [string, string | null][];
  stats: [string, string | null][];
  dirs: [string, string][];
  /** [path, stamp key or null, content hash or null]. */
  files: [string, string | null, string | null][];
}

/** Order-independent digest of a listing, hidden entries included (the cache folder excepted). */
function listingDigest(dir: string, entries: DirEntry[] | null, cacheRoot: string): string {
  if (entries === null) return "-";
  let s1 = 0;
  let s2 = 0;
  let count = 0;
  const prefix = dir === "/" ? "/" : dir + "/";
  for (const e of entries) {
    if (prefix + e.name === cacheRoot) continue;
    count++;
    const n = e.name;
    let h1 = e.kind === "dir" ? 0x2f : 0x811c9dc5 | 0;
    let h2 = 0x1b873593 | 0;
    for (let i = 0; i < n.length; i++) {
      h1 = Math.imul(h1 ^ n.charCodeAt(i), 0x01000193);
      h2 = Math.imul(h2 ^ n.charCodeAt(i), 0x5bd1e995) ^ (h2 >>> 15);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
    s1 = (s1 + (h1 ^ (h1 >>> 13))) | 0;
    s2 = (s2 + (h2 ^ (h2 >>> 13))) | 0;
  }
  return `${(s1 >>> 0).toString(36)}.${(s2 >>> 0).toString(36)}.${count}`;
}

/**
 * A Host that passes every call through and notes the answers the gate needs. Paths under
 * `cacheRoot` (quarry's own cache) are not noted: a cache answers what recomputing would.
 */
export class RecordingHost {
  readonly host: Host;
  private readonly cwdSeen: string;
  private readonly tty = new Map<string, boolean>();
  private readonly env = new Map<string, string | null>();
  private readonly stats = new Map<string, string | null>();
  private readonly dirs = new Map<string, string>();
  // Files as the run saw them: their stamp (null: none) and, when read, their content hash. The
  // stamp objects are the host's own (a cold run stamps every file: no allocation here).
  private readonly stamps = new Map<string, { key: string; mtimeMs: number } | null>();
  private readonly hashes = new Map<string, string>();
  private readonly started = Date.now();

  constructor(inner: Host, cacheRoot: string) {
    this.cwdSeen = inner.cwd();
    const skip = (p: string) => p === cacheRoot || p.startsWith(cacheRoot + "/");
    // Every call reaches `inner` as a method call (its own `this`), whatever kind of object it is.
    const h: Host = {
      cwd: () => this.cwdSeen,
      readFile: (path) => {
        const data = inner.readFile(path);
        if (skip(path)) return data;
        // A file whose stamp was taken (and is old enough to trust) needs no content hash.
        const st = this.stamps.get(path);
        if (st == null || st.mtimeMs >= this.started - StampStore.RACY_MS)
          this.hashes.set(path, data === null ? "-" : contentHash(data, "gate"));
        return data;
      },
      readDir: (path) => {
        const entries = inner.readDir(path);
        if (!skip(path)) this.dirs.set(path, listingDigest(path, entries, cacheRoot));
        return entries;
      },
      stat: (path) => {
        const kind = inner.stat(path);
        if (!skip(path)) this.stats.set(path, kind);
        return kind;
      },
      stdout: (t) => inner.stdout(t),
      stderr: (t) => inner.stderr(t),
      isTTY: (s) => {
        const t = inner.isTTY(s);
        this.tty.set(s, t);
        return t;
      },
      env: (name) => {
        const v = inner.env(name);
        // QUARRY_PID only names temporary files.
        if (name !== "QUARRY_PID") this.env.set(name, v ?? null);
        return v;
      },
      now: () => inner.now(),
    };
    if (inner.writeFile !== undefined) h.writeFile = (p, d) => inner.writeFile!(p, d);
    if (inner.rename !== undefined) h.rename = (a, b) => inner.rename!(a, b);
    if (inner.remove !== undefined) h.remove = (p) => inner.remove!(p);
    if (inner.extractBatch !== undefined) h.extractBatch = (jobs) => inner.extractBatch!(jobs);
    if (inner.watch !== undefined) h.watch = (dir, on) => inner.watch!(dir, on);
    if (inner.stamp !== undefined) {
      h.stamp = (path) => {
        const s = inner.stamp!(path);
        if (!skip(path)) this.stamps.set(path, s);
        return s;
      };
    }
    this.host = h;
  }

  /** The answers so far, under `key` (arguments, start, variant); null when they cannot gate a run. */
  record(key: string): GateRecord | null {
    const files: GateRecord["files"] = [];
    const trustedBefore = this.started - StampStore.RACY_MS;
    for (const [p, st] of this.stamps) {
      // A racy stamp is only usable with the content hash beside it; "" records "no file".
      const stamp = st === null ? "" : st.mtimeMs < trustedBefore ? st.key : null;
      const hash = this.hashes.get(p) ?? null;
      if (stamp === null && hash === null) return null;
      files.push([p, stamp, hash]);
    }
    for (const [p, hash] of this.hashes) if (!this.stamps.has(p)) files.push([p, null, hash]);
    return {
      v: CACHE_VERSION,
      key,
      written: this.started,
      cwd: this.cwdSeen,
      tty: [...this.tty],
      env: [...this.env],
      stats: [...this.stats],
      dirs: [...this.dirs],
      files,
    };
  }
}

const isStr = (x: unknown): x is string => typeof x === "string";
const isStrOrNull = (x: unknown) => x === null || typeof x === "string";
const pairs = (x: unknown, second: (v: unknown) => boolean) =>
  Array.isArray(x) && x.every((e) => Array.isArray(e) && e.length === 2 && isStr(e[0]) && second(e[1]));

/**
 * Whether `record` (as record() made it: anything else is false) is for `key` and every answer
 * it holds is still the same. Files are checked by stamp (no read) when the recorded one is old
 * enough to trust, else by content.
 */
export function passGate(host: Host, record: unknown, key: string, cacheRoot: string): boolean {
  const g = record as Partial<GateRecord> | null;
  if (g === null || typeof g !== "object" || g.v !== CACHE_VERSION || g.key !== key || typeof g.written !== "number" || !isStr(g.cwd))
    return false;
  if (!pairs(g.tty, (v) => typeof v === "boolean") || !pairs(g.env, isStrOrNull) || !pairs(g.stats, isStrOrNull) || !pairs(g.dirs, isStr))
    return false;
  if (
    !Array.isArray(g.files) ||
    !g.files.every((f) => Array.isArray(f) && f.length === 3 && isStr(f[0]) && isStrOrNull(f[1]) && isStrOrNull(f[2]))
  )
    return false;
  if (host.cwd() !== g.cwd) return false;
  for (const [s, t] of g.tty!) if (host.isTTY(s as "stdout" | "stderr") !== t) return false;
  for (const [n, v] of g.env!) if ((host.env(n) ?? null) !== v) return false;
  for (const [p, k] of g.stats!) if (host.stat(p) !== k) return false;
  for (const [p, d] of g.dirs!) if (listingDigest(p, host.readDir(p), cacheRoot) !== d) return false;
  const trustedBefore = g.written - StampStore.RACY_MS;
  for (const [p, stamp, hash] of g.files) {
    if (stamp !== null && host.stamp !== undefined) {
      const s = host.stamp(p);
      if (stamp === "" ? s === null : s !== null && s.key === stamp && s.mtimeMs < trustedBefore) continue;
      if (hash === null) return false;
    } else if (hash === null) return false;
    const data = host.readFile(p);
    if ((data === null ? "-" : contentHash(data, "gate")) !== hash) return false;
  }
  return true;
}
