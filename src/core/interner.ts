// Identifier interning: one id per distinct string, keyed on the UTF-8 bytes of the source so
// that looking up a name already seen never builds a JS string.

/**
 * The hard keywords of CPython 3.14, in `keyword.kwlist` order. Every Interner interns them first,
 * so keyword `KEYWORD_LIST[i]` always has id `i + 1`: the tokenizer maps ids to keyword kinds with
 * one comparison and one table read.
 */
export const KEYWORD_LIST: readonly string[] = [
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
];

/**
 * A per-file table of interned strings. Id 0 means "no string" (None); ids start at 1, ids
 * 1..35 are the hard keywords (see KEYWORD_LIST), and 36..39 the soft keywords match, case, type
 * and _. `internAscii` hashes a byte range without decoding it; `intern` takes a JS string.
 * Ids 0..39 are the same in every file and their strings live once, in SHARED_STRINGS; a file's
 * table holds only the strings it adds.
 */
export class Interner {
  /**
   * This file's own strings: `own[i]` has id `first + i`. An ASCII name's string is made on its
   * first get(), from the pool: most never are (the tree reads names from the source), and making
   * a JS string for every distinct name was 6% of tokenizing. Entries not made yet are holes.
   */
  private readonly own: (string | undefined)[] = [];
  /** Number of own ids (`own` may be shorter: it is filled on demand). */
  private ownCount = 0;
  /** Id of `own[0]`: SHARED_STRING_COUNT (0 in the template, which holds the shared strings). */
  readonly first: number;
  // Open-addressing hash table over ASCII strings, two ints per slot: [hash, id] (id 0 = empty).
  // Keeping the hash beside the id means a probe touches one cache line, not two arrays.
  private table: Int32Array;
  // Per id: FNV-1a hash, and where its bytes sit in `pool` (ASCII ids only), so that a lookup
  // compares bytes with bytes instead of reading characters out of a JS string.
  private hashes: Int32Array;
  private poolStart: Int32Array;
  private pool: Uint8Array;
  private poolUsed: number;
  // True while the arrays above are the keyword template's, shared by every new Interner: the
  // first write (or reserve) makes private copies, sized once, in a single allocation. Typed-array
  // allocations are what a new Interner would otherwise spend most of its time on.
  private shared: boolean;
  // Non-ASCII strings only (rare): looked up by value; created on first use.
  private nonAscii: Map<string, number> | null = null;

  constructor() {
    const t = TEMPLATE;
    if (t === undefined) {
      // Building the template itself: private arrays, then the keywords.
      this.own.push("");
      this.ownCount = 1;
      this.first = 0;
      this.table = new Int32Array(2 * 128);
      this.hashes = new Int32Array(64);
      this.poolStart = new Int32Array(64);
      this.pool = new Uint8Array(256);
      this.poolUsed = 0;
      this.shared = false;
      for (const k of KEYWORD_LIST) this.intern(k);
      // Also pre-interned (ids 36..39), so a parser looking them up leaves the template shared.
      for (const k of ["match", "case", "type", "_"]) this.intern(k);
      return;
    }
    this.first = t.ownCount;
    this.table = t.table;
    this.hashes = t.hashes;
    this.poolStart = t.poolStart;
    this.pool = t.pool;
    this.poolUsed = t.poolUsed;
    this.shared = true;
  }

  get size(): number {
    return this.first + this.ownCount - 1;
  }

  /** Interns `src[start, end)`, which must be ASCII (callers handle non-ASCII via `intern`). */
  internAscii(src: Uint8Array, start: number, end: number): number {
    // FNV-1a over the bytes: cheap, and good enough for identifiers.
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
    return this.internAsciiHashed(src, start, end, h);
  }

  /** As internAscii, with `h` the FNV-1a hash of the bytes already computed by the caller. */
  internAsciiHashed(src: Uint8Array, start: number, end: number, h: number): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    const len = end - start;
    let slot = h & mask;
    for (;;) {
      const id = table[2 * slot + 1]!;
      if (id === 0) break;
      if (table[2 * slot] === h) {
        const p = this.poolStart[id]!;
        if (this.poolStart[id + 1]! - p === len) {
          const pool = this.pool;
          let i = 0;
          while (i < len && pool[p + i] === src[start + i]) i++;
          if (i === len) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (this.shared) {
      this.unshare(64, 1024);
      return this.internAsciiHashed(src, start, end, h);
    }
    // The template's strings (the keywords) are made now: they become SHARED_STRINGS.
    return this.addAscii(this.first === 0 ? asciiString(src, start, end) : undefined, src, start, end, h, slot);
  }

  /** Interns an arbitrary string (already NFKC-normalized by the caller when it is a name). */
  intern(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return this.internNonAscii(s);
      h = Math.imul(h ^ c, 0x01000193);
    }
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return this.internAsciiHashed(bytes, 0, bytes.length, h);
  }

  /**
   * Pre-sizes the tables for about `ids` more strings of `bytes` total length, so that a file's
   * names cost no repeated doubling. The tokenizer calls it with estimates from the source size.
   */
  reserve(ids: number, bytes: number): void {
    if (this.shared) {
      this.unshare(ids, bytes);
      return;
    }
    const needIds = this.first + this.ownCount + ids + 2;
    if (needIds > this.hashes.length) this.resizeIds(pow2AtLeast(needIds));
    // Geometric: a reused interner reserves again on every parse.
    if (this.poolUsed + bytes > this.pool.length) this.resizePool(Math.max(this.poolUsed + bytes, this.pool.length * 2));
    if (needIds * 2 > this.table.length >> 1) this.rebuildTable(pow2AtLeast(needIds * 2));
  }

  get(id: number): string {
    if (id < this.first) return SHARED_STRINGS[id]!;
    const i = id - this.first;
    let s = this.own[i];
    if (s === undefined) {
      // Only ASCII ids are ever unmade (a non-ASCII string is stored when it is interned).
      s = asciiString(this.pool, this.poolStart[id]!, this.poolStart[id + 1]!);
      this.own[i] = s;
    }
    return s;
  }

  /**
   * Forgets this file's own strings, keeping the arrays, so that one Interner can serve parse
   * after parse: a new Interner's table allocation was a fifth of parsing a 267-byte file.
   * Costs one probe per own id (not the table's size). Arrays grown past 64K ids (a huge file)
   * are dropped for the template's, so a scratch interner never retains more than about 1 MB.
   * Ids handed out before the reset must not be used after it.
   * @internal
   */
  reset(): void {
    const t = TEMPLATE!;
    if (this.shared || this.ownCount === 0) {
      this.nonAscii = null;
      return;
    }
    if (this.hashes.length > 1 << 16 || !this.unlink()) {
      this.table = t.table;
      this.hashes = t.hashes;
      this.poolStart = t.poolStart;
      this.pool = t.pool;
      this.shared = true;
    }
    if (this.own.length !== 0) this.own.length = 0;
    this.ownCount = 0;
    this.poolUsed = t.poolUsed;
    this.nonAscii = null;
  }

  // Removes every own ASCII id from the table. Ids only ever fill empty slots, so removing them
  // all leaves the template's keywords where they were; a probe for an id runs until it finds
  // it, holes left by earlier removals included. False if one is missing (not expected).
  private unlink(): boolean {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let id = this.first, n = this.first + this.ownCount; id < n; id++) {
      const h = this.hashes[id]!;
      // A non-ASCII id has hash 0 and no pool bytes (an ASCII one's FNV hash of "" is not 0).
      if (h === 0 && this.poolStart[id + 1] === this.poolStart[id]) continue;
      let slot = h & mask;
      let probes = 0;
      while (table[2 * slot + 1] !== id) {
        slot = (slot + 1) & mask;
        if (++probes > mask) return false;
      }
      table[2 * slot] = 0;
      table[2 * slot + 1] = 0;
    }
    return true;
  }

  /** Replaces the shared template arrays by private ones with room for `ids` and `bytes` more. */
  private unshare(ids: number, bytes: number): void {
    const idCap = pow2AtLeast(Math.max(128, this.first + this.ownCount + ids + 2));
    const slots = 2 * idCap;
    const poolCap = (Math.max(1024, this.poolUsed + bytes) + 3) & ~3;
    // One backing store for all four arrays; Int32 views first to keep them aligned.
    const ab = new ArrayBuffer(8 * slots + 8 * idCap + poolCap);
    const hashes = new Int32Array(ab, 8 * slots, idCap);
    const poolStart = new Int32Array(ab, 8 * slots + 4 * idCap, idCap);
    const pool = new Uint8Array(ab, 8 * slots + 8 * idCap, poolCap);
    const n = this.first + this.ownCount + 1;
    hashes.set(this.hashes.subarray(0, n));
    poolStart.set(this.poolStart.subarray(0, n));
    pool.set(this.pool.subarray(0, this.poolUsed));
    this.hashes = hashes;
    this.poolStart = poolStart;
    this.pool = pool;
    this.shared = false;
    this.fillTable(new Int32Array(ab, 0, 2 * slots));
  }

  private internNonAscii(s: string): number {
    if (this.nonAscii === null) this.nonAscii = new Map<string, number>();
    const existing = this.nonAscii.get(s);
    if (existing !== undefined) return existing;
    if (this.shared) this.unshare(16, 0);
    const id = this.newId(s);
    this.hashes[id] = 0;
    this.poolStart[id + 1] = this.poolUsed; // no bytes in the pool
    this.nonAscii.set(s, id);
    return id;
  }

  private newId(s: string | undefined): number {
    const id = this.first + this.ownCount;
    this.ownCount++;
    if (s !== undefined) this.own[id - this.first] = s;
    // +2: poolStart[id + 1] marks the end of id's bytes.
    if (id + 2 > this.hashes.length) this.growIds();
    return id;
  }

  private addAscii(s: string | undefined, src: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const id = this.newId(s);
    this.hashes[id] = h;
    const p = (this.poolStart[id] = this.poolUsed);
    const len = end - start;
    if (p + len > this.pool.length) this.resizePool(Math.max(this.pool.length * 2, p + len));
    // A byte loop: identifiers are short, and subarray() would allocate an object per name.
    const pool = this.pool;
    for (let i = 0; i < len; i++) pool[p + i] = src[start + i]!;
    this.poolUsed = p + len;
    this.poolStart[id + 1] = this.poolUsed;
    this.table[2 * slot] = h;
    this.table[2 * slot + 1] = id;
    // Keep the load factor under 1/2 so probe chains stay short.
    if (id >= this.table.length >> 2) this.rebuildTable(this.table.length);
    return id;
  }

  private growIds(): void {
    this.resizeIds(this.hashes.length * 2);
  }

  private resizeIds(n: number): void {
    const h = new Int32Array(n);
    h.set(this.hashes.subarray(0, Math.min(n, this.hashes.length)));
    this.hashes = h;
    const p = new Int32Array(n);
    p.set(this.poolStart.subarray(0, Math.min(n, this.poolStart.length)));
    this.poolStart = p;
  }

  private resizePool(n: number): void {
    const g = new Uint8Array(n);
    g.set(this.pool.subarray(0, this.poolUsed));
    this.pool = g;
  }

  /** Rebuilds the hash table with `slots` slots (a power of two). */
  private rebuildTable(slots: number): void {
    this.fillTable(new Int32Array(2 * slots));
  }

  /** Inserts every ASCII id into the empty table `table` and makes it the table. */
  private fillTable(table: Int32Array): void {
    const mask = (table.length >> 1) - 1;
    for (let id = 1, n = this.first + this.ownCount; id < n; id++) {
      if (this.poolStart[id + 1] === this.poolStart[id] && this.get(id) !== "") continue; // non-ASCII
      const h = this.hashes[id]!;
      let slot = h & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = id;
    }
    this.table = table;
  }
}

function pow2AtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** A JS string from ASCII bytes: one fromCharCode call for short names instead of a concat chain. */
function asciiString(src: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len <= 8) {
    switch (len) {
      case 0:
        return "";
      case 1:
        return String.fromCharCode(src[start]!);
      case 2:
        return String.fromCharCode(src[start]!, src[start + 1]!);
      case 3:
        return String.fromCharCode(src[start]!, src[start + 1]!, src[start + 2]!);
      case 4:
        return String.fromCharCode(src[start]!, src[start + 1]!, src[start + 2]!, src[start + 3]!);
      default:
        break;
    }
  }
  let s = "";
  for (let i = start; i < end; i += 4) {
    const n = end - i;
    s +=
      n >= 4
        ? String.fromCharCode(src[i]!, src[i + 1]!, src[i + 2]!, src[i + 3]!)
        : n === 3
          ? String.fromCharCode(src[i]!, src[i + 1]!, src[i + 2]!)
          : n === 2
            ? String.fromCharCode(src[i]!, src[i + 1]!)
            : String.fromCharCode(src[i]!);
  }
  return s;
}

// The keyword-only interner every new Interner starts from.
let TEMPLATE: Interner | undefined;
TEMPLATE = new Interner();

/** The strings of ids 0..SHARED_STRING_COUNT-1, the same in every file (entry 0 is unused). */
export const SHARED_STRINGS: readonly string[] = Object.freeze(Array.from({ length: TEMPLATE.size + 1 }, (_, id) => TEMPLATE.get(id)));
/** Ids below this are SHARED_STRINGS; a file's own strings start here. */
export const SHARED_STRING_COUNT = SHARED_STRINGS.length;
