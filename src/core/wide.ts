// Python's utf_16* and utf_32* decoders for a declared source encoding, with the errors (reason and
// byte range) CPython's UnicodeDecodeError gives. A source can only declare them in ASCII, so they
// mostly yield CPython's error or text that then fails to tokenize, exactly as in CPython.

/** A decoding failure: Python's codec name, UnicodeDecodeError range [start, end) and reason. */
export interface WideError {
  readonly codec: string;
  readonly start: number;
  readonly end: number;
  readonly reason: string;
}

/** The codec modules this file decodes. */
export const WIDE_CODECS: ReadonlySet<string> = new Set(["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]);

/**
 * Decodes `b` as Python's codec module `module` (one of WIDE_CODECS) does with errors="strict",
 * or "replace" (each bad range becomes U+FFFD). Linear time.
 */
export function decodeWide(b: Uint8Array, module: string, replace = false): string | WideError {
  let start = 0;
  let big = module.endsWith("_be");
  const wide32 = module.startsWith("utf_32");
  if (module === "utf_16" || module === "utf_32") {
    // A BOM picks the order and is dropped; without one, the native order (little-endian).
    if (!wide32 && b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
      big = b[0] === 0xfe;
      start = 2;
    } else if (wide32 && b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) start = 4;
    else if (wide32 && b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) {
      big = true;
      start = 4;
    }
  }
  const codec = `${wide32 ? "utf-32" : "utf-16"}-${big ? "be" : "le"}`;
  const parts: string[] = [];
  const units: number[] = [];
  const n = b.length;
  const flush = (): void => {
    parts.push(String.fromCharCode.apply(null, units));
    units.length = 0;
  };
  const fail = (s: number, e: number, reason: string): WideError | null => {
    if (!replace) return { codec, start: s, end: e, reason };
    units.push(0xfffd);
    return null;
  };
  let i = start;
  while (i < n) {
    if (units.length >= 8192) flush();
    if (wide32) {
      if (i + 4 > n) {
        const e = fail(i, n, "truncated data");
        if (e !== null) return e;
        break;
      }
      const cp = big
        ? ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0
        : ((b[i + 3]! << 24) | (b[i + 2]! << 16) | (b[i + 1]! << 8) | b[i]!) >>> 0;
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
        const e = fail(
          i,
          i + 4,
          cp > 0x10ffff ? "code point not in range(0x110000)" : "code point in surrogate character range(0xd800, 0xe000)",
        );
        if (e !== null) return e;
      } else if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      else units.push(cp);
      i += 4;
      continue;
    }
    if (i + 2 > n) {
      const e = fail(i, n, "truncated data");
      if (e !== null) return e;
      break;
    }
    const u = big ? (b[i]! << 8) | b[i + 1]! : (b[i + 1]! << 8) | b[i]!;
    if (u < 0xd800 || u > 0xdfff) {
      units.push(u);
      i += 2;
    } else if (u >= 0xdc00) {
      const e = fail(i, i + 2, "illegal encoding");
      if (e !== null) return e;
      i += 2;
    } else if (i + 4 > n) {
      // A high surrogate with no room for its low half.
      const e = fail(i, n, "unexpected end of data");
      if (e !== null) return e;
      break;
    } else {
      const v = big ? (b[i + 2]! << 8) | b[i + 3]! : (b[i + 3]! << 8) | b[i + 2]!;
      if (v >= 0xdc00 && v <= 0xdfff) {
        units.push(u, v);
        i += 4;
      } else {
        const e = fail(i, i + 2, "illegal UTF-16 surrogate");
        if (e !== null) return e;
        i += 2;
      }
    }
  }
  flush();
  return parts.join("");
}
