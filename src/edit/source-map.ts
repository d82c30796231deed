// The tree's offsets point into the decoded source (no BOM, "\r\n" read as "\n"); the caller's
// file may have both. This maps decoded offsets back to the caller's bytes, so that every byte
// an edit does not touch, "\r" included, is written back as it was.

const enc = new TextEncoder();
const CR = 13,
  LF = 10;

export class SourceMap {
  /** The caller's text as UTF-8 bytes (BOM included when it had one). */
  readonly orig: Uint8Array;
  /** Bytes before decoded offset 0 (3 for a UTF-8 BOM, else 0). */
  readonly lead: number;
  /** Decoded offsets of the "\n"s that were "\r\n" in the caller's text, ascending. */
  private readonly crlf: Int32Array;
  /** The newline inserted text gets: the caller's most frequent one. */
  readonly newline: string;

  private constructor(orig: Uint8Array, lead: number, crlf: Int32Array, newline: string) {
    this.orig = orig;
    this.lead = lead;
    this.crlf = crlf;
    this.newline = newline;
  }

  /**
   * The map from `decoded` (the tree's source) to `input`, or an error message when `input` is not
   * the text the tree was parsed from (or is bytes in an encoding other than UTF-8).
   */
  static build(decoded: Uint8Array, input: string | Uint8Array | undefined): SourceMap | string {
    // The tree's source is the caller's bytes themselves when decoding changed nothing.
    if (input === undefined || input === decoded) return new SourceMap(decoded, 0, new Int32Array(0), "\n");
    const orig = typeof input === "string" ? enc.encode(input) : input;
    const lead = typeof input !== "string" && orig[0] === 0xef && orig[1] === 0xbb && orig[2] === 0xbf ? 3 : 0;
    const crlf: number[] = [];
    let lf = 0;
    let j = 0; // decoded offset
    for (let i = lead; i < orig.length; i++, j++) {
      const c = orig[i]!;
      if (c === CR) {
        if (decoded[j] !== LF) return "the source given does not match the tree's source";
        if (orig[i + 1] === LF) {
          crlf.push(j);
          i++;
        }
        continue;
      }
      if (c === LF) lf++;
      if (decoded[j] !== c)
        return typeof input === "string"
          ? "the source given does not match the tree's source"
          : "the source given is not the UTF-8 text the tree was parsed from";
    }
    if (j !== decoded.length) return "the source given does not match the tree's source";
    return new SourceMap(orig, lead, Int32Array.from(crlf), crlf.length > lf ? "\r\n" : "\n");
  }

  /** The caller's byte offset for decoded offset `d` (a "\r\n" boundary maps before its "\r"). */
  map(d: number): number {
    const c = this.crlf;
    let lo = 0,
      hi = c.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    return this.lead + d + lo;
  }

  /** Inserted text ("\n" newlines) in the caller's newline style. */
  styled(text: string): string {
    return this.newline === "\n" ? text : text.replace(/\n/g, this.newline);
  }
}
