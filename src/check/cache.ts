// Cache of extraction results keyed by a hash of each file's bytes (plus the extractor version
// and options). One pack file per option set holds every entry: it is read once at start and,
// when something changed, written back once at the end to a temp name and renamed into place,
// so concurrent runs never see a half-written pack (the last writer wins, and both packs are
// complete). A missing, unreadable or corrupt pack is treated as empty and rebuilt.
import type { Host } from "./host.js";
import { joinPath } from "./host.js";
import type { ExtractResult } from "./imports.js";

/** Bump when ExtractResult's shape or the extractor's behaviour changes. */
export const EXTRACTOR_VERSION = "2";

/** 64-bit content hash as hex (two independent 32-bit multiplicative lanes) + the length. */
export function contentHash(data: Uint8Array, salt: string): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let i = 0; i < salt.length; i++) {
    h1 = Math.imul(h1 ^ salt.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ salt.charCodeAt(i), 0x5bd1e995);
  }
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul((h2 ^ c) + (h2 >>> 15), 0x5bd1e995);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  return `${hex(h1)}${hex(h2)}${data.length.toString(16)}`;
}

interface Pack {
  v: string;
  entries: Record<string, ExtractResult>;
}

export class ExtractCache {
  readonly dir: string;
  readonly host: Host;
  hits = 0;
  misses = 0;
  private packs = new Map<string, { entries: Map<string, ExtractResult>; used: Set<string>; dirty: boolean }>();

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
    p = { entries: new Map(), used: new Set(), dirty: false };
    const data = this.host.readFile(this.packPath(options));
    if (data !== null) {
      try {
        const parsed = JSON.parse(new TextDecoder().decode(data)) as Pack;
        if (parsed.v === EXTRACTOR_VERSION && typeof parsed.entries === "object" && parsed.entries !== null) {
          for (const [k, r] of Object.entries(parsed.entries)) if (Array.isArray(r?.imports)) p.entries.set(k, r);
        } else p.dirty = true;
      } catch {
        p.dirty = true; // corrupt: rebuilt from scratch
      }
    }
    this.packs.set(options, p);
    return p;
  }

  get(options: string, key: string): ExtractResult | null {
    const p = this.pack(options);
    const r = p.entries.get(key);
    if (r === undefined) {
      this.misses++;
      return null;
    }
    this.hits++;
    p.used.add(key);
    return r;
  }

  put(options: string, key: string, r: ExtractResult): void {
    const p = this.pack(options);
    p.entries.set(key, r);
    p.used.add(key);
    p.dirty = true;
  }

  /** Writes changed packs (only the entries this run used, so stale files drop out). */
  flush(): void {
    if (!this.enabled) return;
    for (const [options, p] of this.packs) {
      if (!p.dirty && p.used.size === p.entries.size) continue;
      const entries: Record<string, ExtractResult> = {};
      for (const k of p.used) entries[k] = p.entries.get(k)!;
      const final = this.packPath(options);
      const tmp = `${final}.${this.host.env("QUARRY_PID") ?? "p"}.${Math.floor(this.host.now() * 1000).toString(36)}.tmp`;
      const data = new TextEncoder().encode(JSON.stringify({ v: EXTRACTOR_VERSION, entries } satisfies Pack));
      if (this.host.writeFile!(tmp, data)) {
        if (!this.host.rename!(tmp, final)) this.host.remove?.(tmp);
      }
      p.dirty = false;
    }
  }
}
