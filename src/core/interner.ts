// Identifier interning: one id per distinct string, keyed on the UTF-8 bytes of the source so
// that looking up a name already seen never builds a JS string.

/**
 * The hard keywords of CPython 3.14, in `keyword.kwlist` order. Every Interner interns them first,
 * so keyword `KEYWORD_LIST[i]` always has id `i + 1`: the tokenizer maps ids to keyword kinds with
 * one comparison and one table read.
 */
export const KEYWORD_LIST: readonly string[] = [
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
  "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/**
 * A per-file table of interned strings. Id 0 means "no string" (None); ids start at 1, and ids
 * 1..35 are the hard keywords (see KEYWORD_LIST). `internAscii` hashes a byte range without
 * decoding it; `intern` takes a JS string.
 */
export class Interner {
  /** Strings by id; entry 0 is unused. */
  readonly strings: string[];
  // Open-addressing hash table over ASCII strings, two ints per slot: [hash, id] (id 0 = empty).
  // Keeping the hash beside the id means a probe touches one cache line, not two arrays.
  private table: Int32Array;
  // Per id: FNV-1a hash, and where its bytes sit in `pool` (ASCII ids only), so that a lookup
  // compares bytes with bytes instead of reading characters out of a JS string.
  private hashes: Int32Array;
  private poolStart: Int32Array;
  private pool: Uint8Array;
  private poolUsed: number;
  // Non-ASCII strings only (rare): looked up by value.
  private nonAscii = new Map<string, number>();

  constructor(template?: Interner) {
    if (template === undefined) template = TEMPLATE;
    if (template === undefined) {
      // Building the template itself: start empty, then intern the keywords.
      this.strings = [""];
      // Small: every Interner copies these, and most files have a few hundred distinct names.
      this.table = new Int32Array(2 * 256);
      this.hashes = new Int32Array(128);
      this.poolStart = new Int32Array(128);
      this.pool = new Uint8Array(1024);
      this.poolUsed = 0;
      for (const k of KEYWORD_LIST) this.intern(k);
      return;
    }
    // Copy the prebuilt keyword table: a few memcpys instead of 35 insertions per file.
    this.strings = template.strings.slice();
    this.table = template.table.slice();
    this.hashes = template.hashes.slice();
    this.poolStart = template.poolStart.slice();
    this.pool = template.pool.slice();
    this.poolUsed = template.poolUsed;
  }

  get size(): number {
    return this.strings.length - 1;
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
    return this.addAscii(asciiString(src, start, end), src, start, end, h, slot);
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
   * first names do not pay for repeated doubling. The tokenizer calls it from the source size.
   */
  reserve(ids: number, bytes: number): void {
    const needIds = this.strings.length + ids + 2;
    if (needIds > this.hashes.length) {
      let n = this.hashes.length;
      while (n < needIds) n *= 2;
      this.resizeIds(n);
    }
    if (this.poolUsed + bytes > this.pool.length) {
      const g = new Uint8Array(this.poolUsed + bytes);
      g.set(this.pool.subarray(0, this.poolUsed));
      this.pool = g;
    }
    if (needIds * 2 > this.table.length >> 1) {
      let n = this.table.length >> 1;
      while (n < needIds * 2) n *= 2;
      this.rebuildTable(n);
    }
  }

  get(id: number): string {
    return this.strings[id]!;
  }

  private internNonAscii(s: string): number {
    const existing = this.nonAscii.get(s);
    if (existing !== undefined) return existing;
    const id = this.newId(s);
    this.hashes[id] = 0;
    this.poolStart[id + 1] = this.poolUsed; // no bytes in the pool
    this.nonAscii.set(s, id);
    return id;
  }

  private newId(s: string): number {
    const id = this.strings.length;
    this.strings.push(s);
    // +2: poolStart[id + 1] marks the end of id's bytes.
    if (id + 2 > this.hashes.length) this.growIds();
    return id;
  }

  private addAscii(s: string, src: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const id = this.newId(s);
    this.hashes[id] = h;
    const p = this.poolStart[id] = this.poolUsed;
    const len = end - start;
    if (p + len > this.pool.length) {
      const g = new Uint8Array(Math.max(this.pool.length * 2, p + len));
      g.set(this.pool);
      this.pool = g;
    }
    // A byte loop: identifiers are short, and subarray() would allocate an object per name.
    const pool = this.pool;
    for (let i = 0; i < len; i++) pool[p + i] = src[start + i]!;
    this.poolUsed = p + len;
    this.poolStart[id + 1] = this.poolUsed;
    this.table[2 * slot] = h;
    this.table[2 * slot + 1] = id;
    // Keep the load factor under 1/2 so probe chains stay short.
    if (id >= this.table.length >> 2) this.rehash();
    return id;
  }

  private growIds(): void {
    this.resizeIds(this.hashes.length * 2);
  }

  private resizeIds(n: number): void {
    const h = new Int32Array(n);
    h.set(this.hashes);
    this.hashes = h;
    const p = new Int32Array(n);
    p.set(this.poolStart);
    this.poolStart = p;
  }

  private rehash(): void {
    this.rebuildTable(this.table.length); // twice the slots: table.length is 2 ints per slot
  }

  /** Rebuilds the hash table with `slots` slots (a power of two). */
  private rebuildTable(slots: number): void {
    const table = new Int32Array(2 * slots);
    const mask = slots - 1;
    for (let id = 1; id < this.strings.length; id++) {
      if (this.poolStart[id + 1] === this.poolStart[id] && this.strings[id] !== "") continue; // non-ASCII
      const h = this.hashes[id]!;
      let slot = h & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = id;
    }
    this.table = table;
  }
}

/** A JS string from ASCII bytes: one fromCharCode call for short names instead of a concat chain. */
function asciiString(src: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len <= 8) {
    switch (len) {
      case 0: return "";
      case 1: return String.fromCharCode(src[start]!);
      case 2: return String.fromCharCode(src[start]!, src[start + 1]!);
      case 3: return String.fromCharCode(src[start]!, src[start + 1]!, src[start + 2]!);
      case 4: return String.fromCharCode(src[start]!, src[start + 1]!, src[start + 2]!, src[start + 3]!);
      default: break;
    }
  }
  let s = "";
  for (let i = start; i < end; i += 4) {
    const n = end - i;
    s += n >= 4
      ? String.fromCharCode(src[i]!, src[i + 1]!, src[i + 2]!, src[i + 3]!)
      : n === 3 ? String.fromCharCode(src[i]!, src[i + 1]!, src[i + 2]!)
      : n === 2 ? String.fromCharCode(src[i]!, src[i + 1]!)
      : String.fromCharCode(src[i]!);
  }
  return s;
}

// The keyword-only interner every new Interner starts from.
let TEMPLATE: Interner | undefined;
TEMPLATE = new Interner();
