// Python's 'utf-7' codec (RFC 2152 as CPython's PyUnicode_DecodeUTF7Stateful reads it): every
// ASCII byte but "+" is itself, "+-" is "+", "+" starts base64 UTF-16 up to a non-base64 byte.
import type { LoneSurrogates, StatefulError } from "./stateful.js";

function base64Value(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  return c === 0x2b ? 62 : c === 0x2f ? 63 : -1;
}

/**
 * Decodes `b` as Python's utf-7 codec does with errors="strict" (or "replace": each bad range
 * becomes U+FFFD). The codec names itself "utf7" in its errors. Python's text may hold lone
 * surrogates (a high one not followed by a low one, or a low one alone): they come back with
 * their positions, since a JS string would pair two adjacent ones that Python keeps apart.
 */
export function decodeUtf7(b: Uint8Array, replace = false): string | StatefulError | LoneSurrogates {
  let out = "";
  let count = 0; // code points in out, as Python counts them
  const lone: [number, number][] = [];
  const emit = (u: number): void => {
    if (u >= 0xd800 && u <= 0xdfff) lone.push([count, u]);
    out += String.fromCharCode(u);
    count++;
  };
  let inShift = false;
  let start = 0; // where the current "+" sequence began
  let bits = 0;
  let buffer = 0;
  let surrogate = 0;
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    let reason: string | null = null;
    if (inShift) {
      const v = base64Value(c);
      if (v >= 0) {
        buffer = (buffer << 6) | v;
        bits += 6;
        i++;
        if (bits >= 16) {
          const u = buffer >>> (bits - 16);
          bits -= 16;
          buffer &= (1 << bits) - 1;
          if (surrogate !== 0) {
            const pending = surrogate;
            surrogate = 0;
            if (u >= 0xdc00 && u <= 0xdfff) {
              out += String.fromCharCode(pending, u);
              count++;
              continue;
            }
            emit(pending);
          }
          if (u >= 0xd800 && u <= 0xdbff) surrogate = u;
          else emit(u);
        }
        continue;
      }
      // Leaving the base64 run: its left-over bits must be fewer than 6 and all zero.
      inShift = false;
      if (bits >= 6) {
        i++;
        reason = "partial character in shift sequence";
      } else if (bits > 0 && buffer !== 0) {
        i++;
        reason = "non-zero padding bits in shift sequence";
      } else {
        // A pending high surrogate stays, alone, unless a byte >= 0x80 ends the run.
        if (surrogate !== 0 && c < 0x80) emit(surrogate);
        surrogate = 0;
        if (c === 0x2d) i++; // "-" ends the run and is dropped; another byte is read again
        continue;
      }
    } else if (c === 0x2b) {
      start = i;
      i++;
      if (i < n && b[i] === 0x2d) {
        i++;
        emit(0x2b);
        continue;
      }
      if (i < n && base64Value(b[i]!) < 0) {
        i++;
        reason = "ill-formed sequence";
      } else {
        inShift = true;
        surrogate = 0;
        bits = 0;
        buffer = 0;
        continue;
      }
    } else if (c < 0x80) {
      emit(c);
      i++;
      continue;
    } else {
      start = i;
      i++;
      reason = "unexpected special character";
    }
    if (!replace) return { codec: "utf7", start, end: i, reason };
    emit(0xfffd);
  }
  if (inShift && (surrogate !== 0 || bits >= 6 || (bits > 0 && buffer !== 0))) {
    if (!replace) return { codec: "utf7", start, end: n, reason: "unterminated shift sequence" };
    emit(0xfffd);
  }
  return lone.length === 0 ? out : { text: out, lone };
}
