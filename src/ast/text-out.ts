// TextOut: a string built from many small pieces (dump's output), as UTF-8 bytes in a reused
// buffer decoded a chunk at a time, instead of `+=`, which links millions of small strings into a
// rope that the GC keeps tracing and that is flattened once at the end.

// ignoreBOM: a leading U+FEFF written by the caller is text, not a byte order mark.
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });
const ENCODER = new TextEncoder();
// String.prototype.isWellFormed (no lone surrogate), where the runtime has it (Node 20, current
// browsers); elsewhere non-ASCII text is kept as a string piece.
const isWellFormed = (String.prototype as unknown as { isWellFormed?: () => boolean }).isWellFormed;

// Bytes decoded per piece: large enough that the decoder's per-call cost vanishes, small enough
// to stay in cache.
const CHUNK = 1 << 16;

// The buffer of the last finished TextOut, for the next one (dumps are synchronous and never
// nested, and most are small: allocating 64 KB per call would cost more than the dump).
let spare: Uint8Array | null = null;

/** Appends strings and integers; `text()` returns them joined. One instance per output. */
export class TextOut {
  private buf: Uint8Array;
  private len = 0;
  // Finished pieces: decoded chunks, and text with a lone surrogate, which has no UTF-8 form.
  private readonly parts: string[] = [];

  constructor() {
    this.buf = spare ?? new Uint8Array(CHUNK);
    spare = null;
  }

  // Decodes the buffer into a piece, so that it can be filled again.
  private flush(): void {
    if (this.len > 0) this.parts.push(UTF8.decode(this.buf.subarray(0, this.len)));
    this.len = 0;
  }

  /** Appends `s`. */
  write(s: string): void {
    const n = s.length;
    if (this.len + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) {
        this.parts.push(s);
        return;
      }
    }
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.len = len;
        this.writeWide(s, i);
        return;
      }
      buf[len++] = c;
    }
    this.len = len;
  }

  // Appends s[from..], which starts with a non-ASCII character: as UTF-8 when it is well formed
  // (up to 3 bytes per UTF-16 unit), else as a piece of its own.
  private writeWide(s: string, from: number): void {
    const rest = from === 0 ? s : s.slice(from);
    if (isWellFormed === undefined || !isWellFormed.call(rest)) {
      this.flush();
      this.parts.push(rest);
      return;
    }
    if (this.len + rest.length * 3 > this.buf.length) {
      this.flush();
      if (rest.length * 3 > this.buf.length) {
        this.parts.push(rest);
        return;
      }
    }
    this.len += ENCODER.encodeInto(rest, this.buf.subarray(this.len)).written;
  }

  /** Appends the decimal digits of `n`, an integer (no string is made for a small one). */
  writeInt(n: number): void {
    if (n < 0 || n > 0x7fffffff || !Number.isInteger(n)) {
      this.write(String(n));
      return;
    }
    if (this.len + 10 > this.buf.length) this.flush();
    const buf = this.buf;
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let at = this.len + digits;
    this.len = at;
    do {
      buf[--at] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** Everything written, as one string. The TextOut must not be used afterwards. */
  text(): string {
    let s: string;
    if (this.parts.length === 0) s = this.len === 0 ? "" : UTF8.decode(this.buf.subarray(0, this.len));
    else {
      this.flush();
      s = this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
    }
    spare = this.buf;
    return s;
  }
}
