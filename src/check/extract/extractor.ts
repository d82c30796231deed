// Reading and extracting the project's files for a check: through the cache (packs and file
// stamps), in parallel on the Host's workers when many files miss it, never failing a run.
import type { Host } from "../host.js";
import type { ExtractResult } from "./imports.js";
import { type ExtractCache, type StampStore, contentHash, EXTRACTOR_VERSION } from "./cache.js";
import { type FileExtraction, captureImportLines } from "./import-lines.js";

// Below this many files to extract, starting worker threads costs more than it saves.
export const PARALLEL_THRESHOLD = 200;

/** What an Extractor extracts, and what it keeps. */
export interface ExtractorOptions {
  /** String literals that look like module paths (Tach's `include_string_imports`). */
  readonly strings: boolean;
  /** Django model references (Tach with `django_settings_module`). */
  readonly django: boolean;
  /** Token-only extraction (`--fast`: no parse, so fewer syntax errors found). */
  readonly fast: boolean;
  /** Capture each file's import lines (import-linter quotes them; Tach does not). */
  readonly lines: boolean;
  /**
   * Keep each result for later calls of get() with the same path (a second pass will ask, as
   * import-linter's graph does after Tach's rules). Otherwise only the content hash is kept, the
   * result dies young (cheap for the collector), and a second get() reads the file again.
   */
  readonly keep: boolean;
}

/** Reads and extracts files, through the cache when it is enabled. */
export class Extractor {
  readonly host: Host;
  readonly cache: ExtractCache | null;
  readonly strings: boolean;
  readonly django: boolean;
  readonly fast: boolean;
  readonly lines: boolean;
  readonly keep: boolean;
  parsed = 0;
  // Results by path when `keep` is set (null: unreadable); the content hash of every file got.
  private memo = new Map<string, FileExtraction | null>();
  private keys = new Map<string, string>();

  constructor(host: Host, cache: ExtractCache | null, options: ExtractorOptions) {
    this.host = host;
    this.cache = cache;
    this.strings = options.strings;
    this.django = options.django;
    this.fast = options.fast;
    this.lines = options.lines;
    this.keep = options.keep;
  }

  private options(): { strings: boolean; django: boolean; mode: "fast" | "full" } {
    return { strings: this.strings, django: this.django, mode: this.fast ? "fast" : "full" };
  }

  private optKey(): string {
    return `${this.strings ? "s" : ""}${this.django ? "d" : ""}${this.fast ? "fast" : "full"}`;
  }

  /**
   * Extracts every cache miss among `paths` up front, in parallel when the Host offers
   * `extractBatch` and there is enough work to pay for starting workers.
   */
  async prefetch(paths: string[]): Promise<void> {
    await loadExtractor();
    // Files read earlier (hash() computing cache keys) are still to extract: their bytes wait in
    // `pending`, so they count as misses here too.
    const optKey = this.optKey();
    const misses: { path: string; bytes: Uint8Array; key: string }[] = [];
    for (const path of paths) {
      if (this.memo.has(path) || this.keys.has(path) || this.ready.has(path)) continue;
      let pre = this.pending.get(path);
      if (pre === undefined) {
        const bytes = this.host.readFile(path);
        if (bytes === null) continue;
        pre = { bytes, key: contentHash(bytes, EXTRACTOR_VERSION) };
        this.pending.set(path, pre);
      }
      if (this.cache?.get(optKey, pre.key, this.lines) == null) misses.push({ path, bytes: pre.bytes, key: pre.key });
    }
    // The progress bar counts these whether they are extracted here or one by one in get().
    this.total = misses.length;
    if (this.host.extractBatch === undefined || misses.length < PARALLEL_THRESHOLD) return;
    this.progress?.(0, misses.length);
    const opts = this.options();
    const results = await this.host.extractBatch(misses.map((m) => ({ path: m.path, options: opts })));
    results.forEach((r, i) => {
      const m = misses[i]!;
      if (r === null) return;
      this.parsed++;
      // The lines come from the bytes this thread read and hashed (the worker read the file again).
      const e: FileExtraction = { data: r, lines: this.lines ? captureImportLines(r, m.bytes) : null };
      this.cache?.put(optKey, m.key, e);
      this.ready.set(m.path, e);
    });
  }

  /** Called as files are extracted (done, total); used for the terminal progress bar. */
  progress: ((done: number, total: number) => void) | null = null;
  total = 0;
  private pending = new Map<string, { bytes: Uint8Array; key: string }>();

  /** The content hash of a file (read once and kept for extraction), or null when unreadable. */
  hash(path: string): string | null {
    const pre = this.pending.get(path);
    if (pre !== undefined) return pre.key;
    const done = this.keys.get(path);
    if (done !== undefined) return done;
    const stamp = this.stamps !== null && this.host.stamp !== undefined ? this.host.stamp(path) : null;
    if (stamp !== null) {
      const known = this.stamps!.lookup(path, stamp);
      if (known !== null) return known; // unchanged since the last run: not even read
    }
    const bytes = this.host.readFile(path);
    if (bytes === null) return null;
    const key = contentHash(bytes, EXTRACTOR_VERSION);
    this.pending.set(path, { bytes, key });
    if (stamp !== null) this.stamps!.record(path, stamp.key, key);
    return key;
  }

  /** Remembered file stamps (warm runs skip reading unchanged files), when the cache is on. */
  stamps: StampStore | null = null;
  private ready = new Map<string, FileExtraction>();

  /**
   * The extraction of `path` and (when `lines` is set) the import lines its reports quote, both
   * from one read of the file (or from the cache), or null when the file cannot be read. Memoized
   * per path when `keep` is set.
   */
  get(path: string): FileExtraction | null {
    const m = this.memo.get(path);
    if (m !== undefined) return m;
    const pre = this.pending.get(path);
    const bytes = pre?.bytes ?? this.host.readFile(path);
    let out: FileExtraction | null = null;
    if (bytes !== null) {
      const opts = this.options();
      const optKey = this.optKey();
      const key = pre?.key ?? contentHash(bytes, EXTRACTOR_VERSION);
      let got = this.ready.get(path) ?? this.cache?.get(optKey, key, this.lines) ?? null;
      if (got === null) {
        const data = safeExtract(bytes, path, opts);
        got = { data, lines: this.lines ? captureImportLines(data, bytes) : null };
        this.parsed++;
        if (this.progress !== null && this.parsed % 50 === 0) this.progress(this.parsed, this.total);
        this.cache?.put(optKey, key, got);
      }
      out = got;
      this.keys.set(path, key);
      // The bytes and the worker's result are not needed again: dropping them keeps the run's
      // heap (and the collector's work) from growing with the project.
      this.pending.delete(path);
      this.ready.delete(path);
    }
    if (this.keep || out === null) this.memo.set(path, out);
    return out;
  }
}

// Extraction must never take the run down: an internal failure becomes a located error.
// The extractor (tokenizer and parser) is loaded on first need: a warm run that replays the
// result cache never loads it, which saves a good part of its start-up time.
let extractModule: typeof import("./imports.js") | null = null;

export async function loadExtractor(): Promise<void> {
  extractModule ??= await import("./imports.js");
}

function safeExtract(bytes: Uint8Array, path: string, opts: { strings: boolean; django: boolean; mode: "fast" | "full" }): ExtractResult {
  try {
    if (extractModule === null) throw new Error("extractor used before loadExtractor()");
    return extractModule.extractImports(bytes, path, opts);
  } catch (e) {
    return { imports: [], directives: [], strings: [], django: [], error: { message: `internal error: ${String(e)}`, line: 1, col: 1 } };
  }
}
