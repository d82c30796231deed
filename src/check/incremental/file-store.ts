// What the incremental checker keeps of each file between checks: its extraction result per set of
// extraction options, with the text of its import lines (all import-linter reports quote), never the bytes.
import type { Host } from "../host.js";
import { Extractor, type ExtractorOptions } from "../extract/extractor.js";
import type { ExtractCache } from "../extract/cache.js";
import type { FileExtraction } from "../extract/import-lines.js";

/** One file's extraction under one set of options, with the lines its imports are on (sparse). */
export type StoredExtraction = FileExtraction;

/** The key Extractor uses for a set of extraction options. */
export function optionsKey(strings: boolean, django: boolean, fast: boolean): string {
  return `${strings ? "s" : ""}${django ? "d" : ""}${fast ? "fast" : "full"}`;
}

/** Path -> options key -> extraction. Entries are dropped when their file changes. */
export class FileStore {
  private readonly byPath = new Map<string, Map<string, StoredExtraction>>();
  /** Extractions stored so far (one per file and set of options). */
  added = 0;

  get(path: string, key: string): StoredExtraction | undefined {
    return this.byPath.get(path)?.get(key);
  }

  set(path: string, key: string, e: StoredExtraction): void {
    let m = this.byPath.get(path);
    if (m === undefined) this.byPath.set(path, (m = new Map()));
    m.set(key, e);
    this.added++;
  }

  /** The options keys `path` was extracted with. */
  keys(path: string): string[] {
    return [...(this.byPath.get(path)?.keys() ?? [])];
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  delete(path: string): void {
    this.byPath.delete(path);
  }

  /** Drops `path` and everything under it (a deleted folder). */
  deleteUnder(path: string): void {
    this.byPath.delete(path);
    const prefix = path + "/";
    for (const p of this.byPath.keys()) if (p.startsWith(prefix)) this.byPath.delete(p);
  }

  clear(): void {
    this.byPath.clear();
  }

  get size(): number {
    return this.byPath.size;
  }
}

/**
 * An Extractor that answers from the store first and records what it extracts, so a full check
 * run by the incremental checker reads and extracts only the files it does not know yet.
 */
export class StoreExtractor extends Extractor {
  private readonly store: FileStore;
  private readonly key: string;

  constructor(host: Host, cache: ExtractCache | null, options: ExtractorOptions, store: FileStore) {
    // The store keeps every result: the extractor itself need not.
    super(host, cache, { ...options, keep: false });
    this.store = store;
    this.key = optionsKey(options.strings, options.django, options.fast);
  }

  // A stored extraction serves unless this run needs lines the one that stored it did not capture.
  private stored(path: string): StoredExtraction | undefined {
    const known = this.store.get(path, this.key);
    return known !== undefined && (known.lines !== null || !this.lines) ? known : undefined;
  }

  override async prefetch(paths: string[]): Promise<void> {
    await super.prefetch(paths.filter((p) => this.stored(p) === undefined));
  }

  override get(path: string): FileExtraction | null {
    const known = this.stored(path);
    if (known !== undefined) return known;
    const got = super.get(path);
    // An unreadable file is not stored: the next check tries it again.
    if (got === null) return null;
    const e: StoredExtraction = { data: got.data, lines: got.lines };
    this.store.set(path, this.key, e);
    return e;
  }
}
