// Identifier interning: one id per distinct string, keyed on the UTF-8 bytes of the source so
// that the common (ASCII) case never builds a JS string until a caller asks for the name.

/**
 * A per-file table of interned strings. Id 0 means "no string" (None); ids start at 1.
 * `internBytes` hashes a byte range without decoding it; `intern` takes a JS string.
 */
export class Interner {
  /** Strings by id; entry 0 is unused. */
  readonly strings: string[] = [""];
  // Open-addressing hash table: slot -> id (0 = empty). Capacity is a power of two.
  private table: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(256);
  private byString = new Map<string, number>();

  get size(): number {
    return this.strings.length - 1;
  }

  /** Interns `src[start, end)`, which must be ASCII (callers handle non-ASCII via `intern`). */
  internAscii(src: Uint8Array, start: number, end: number): number {
    // FNV-1a over the bytes: cheap, and good enough for identifiers.
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.table[slot]!;
      if (id === 0) break;
      if (this.hashes[id] === h && this.equalsAscii(id, src, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(src[i]!);
    const existing = this.byString.get(s);
    if (existing !== undefined) return existing;
    return this.add(s, h, slot);
  }

  /** Interns an arbitrary string (already NFKC-normalized by the caller when it is a name). */
  intern(s: string): number {
    const existing = this.byString.get(s);
    if (existing !== undefined) return existing;
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) { ascii = false; break; }
    if (ascii) {
      let h = 0x811c9dc5 | 0;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      const mask = this.table.length - 1;
      let slot = h & mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & mask;
      return this.add(s, h, slot);
    }
    const id = this.strings.length;
    this.strings.push(s);
    this.byString.set(s, id);
    if (this.hashes.length <= id) this.growHashes();
    return id;
  }

  get(id: number): string {
    return this.strings[id]!;
  }

  private equalsAscii(id: number, src: Uint8Array, start: number, end: number): boolean {
    const s = this.strings[id]!;
    if (s.length !== end - start) return false;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== src[start + i]) return false;
    return true;
  }

  private add(s: string, h: number, slot: number): number {
    const id = this.strings.length;
    this.strings.push(s);
    this.byString.set(s, id);
    if (this.hashes.length <= id) this.growHashes();
    this.hashes[id] = h;
    this.table[slot] = id;
    // Keep the load factor under 1/2 so probe chains stay short.
    if (id * 2 >= this.table.length) this.rehash();
    return id;
  }

  private growHashes(): void {
    const next = new Int32Array(this.hashes.length * 2);
    next.set(this.hashes);
    this.hashes = next;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 1; id < this.strings.length; id++) {
      const s = this.strings[id]!;
      let ascii = true;
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) { ascii = false; break; }
      if (!ascii) continue;
      let slot = this.hashes[id]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }
}
