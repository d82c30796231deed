// TextOut: a long string built from many small pieces (dump's output), in chunks: `+=` on one
// string would link millions of pieces into a rope that lives, and that the GC traces, until it
// is flattened at the end (half of dumping a million-node tree went to that).

// Characters per chunk: long enough that chunks are few, short enough that a chunk's rope of
// pieces stays small.
const CHUNK = 16384;

/** Appends strings; `text()` returns them joined. One instance per output. */
export class TextOut {
  // The chunk being written (a rope of its pieces), and the finished ones.
  private acc = "";
  private readonly chunks: string[] = [];

  /** Appends `s`. */
  write(s: string): void {
    this.acc += s;
    if (this.acc.length > CHUNK) {
      // Reading a character makes V8 flatten the rope into one sequential string, so the chunk
      // is kept as its characters and its pieces become garbage now. (Elsewhere this is only
      // a read: the output is the same.)
      this.acc.charCodeAt(0);
      this.chunks.push(this.acc);
      this.acc = "";
    }
  }

  /** Everything written, as one string. */
  text(): string {
    const c = this.chunks;
    if (c.length === 0) return this.acc;
    c.push(this.acc);
    return c.join("");
  }
}
