// Per-file cache of extraction results, keyed by a hash of the file's bytes (plus the extractor
// version and options). Each entry is its own file, written to a temp name and renamed into
// place, so concurrent runs never see half-written entries; an unreadable or corrupt entry is
// simply recomputed and overwritten.
import type { Host } from "./host.js";
import { joinPath } from "./host.js";
import type { ExtractResult } from "./imports.js";

/** Bump when ExtractResult's shape or the extractor's behaviour changes. */
export const EXTRACTOR_VERSION = "1";

/** 64-bit content hash as 16 hex digits (two independent 32-bit FNV-1a style lanes) + length. */
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

export class ExtractCache {
  readonly dir: string;
  readonly host: Host;
  hits = 0;
  misses = 0;
  private seq = 0;

  constructor(host: Host, dir: string) {
    this.host = host;
    this.dir = dir;
  }

  get enabled(): boolean {
    return this.host.writeFile !== undefined && this.host.rename !== undefined;
  }

  private pathOf(key: string): string {
    return joinPath(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): ExtractResult | null {
    const data = this.host.readFile(this.pathOf(key));
    if (data === null) {
      this.misses++;
      return null;
    }
    try {
      const v = JSON.parse(new TextDecoder().decode(data)) as { v?: string; r?: ExtractResult };
      if (v.v !== EXTRACTOR_VERSION || v.r === undefined || !Array.isArray(v.r.imports)) throw new Error("stale");
      this.hits++;
      return v.r;
    } catch {
      this.misses++;
      return null; // corrupt or stale: recomputed and overwritten by the caller
    }
  }

  put(key: string, r: ExtractResult): void {
    if (!this.enabled) return;
    const final = this.pathOf(key);
    const tmp = `${final}.${this.host.env("QUARRY_PID") ?? "p"}.${Date.now().toString(36)}.${this.seq++}.tmp`;
    const data = new TextEncoder().encode(JSON.stringify({ v: EXTRACTOR_VERSION, r }));
    if (this.host.writeFile!(tmp, data) && !this.host.rename!(tmp, final)) this.host.remove?.(tmp);
  }
}
