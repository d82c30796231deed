// cp949 (Unified Hangul Code) and johab decoded as CPython's _codecs_kr does, both derived from
// the KS X 1001 table that euc_kr already decodes: no table of their own is shipped.
import type { MultiByteCodec } from "./multibyte.js";

/** KS X 1001 row and column (0x21-0x7E each) -> its character, or null; read from euc_kr's table. */
function ksx1001(eucKr: MultiByteCodec, row: number, col: number): string | null {
  if (row < 0x21 || row > 0x7e || col < 0x21 || col > 0x7e) return null;
  // euc_kr reads A4 D4 as the start of an 8-byte make-up sequence, so its table has nothing
  // there; in KS X 1001 it is the Hangul filler.
  if (row === 0x24 && col === 0x54) return "\u3164";
  return eucKr.two[(row << 8) | (col | 0x80)]!;
}

function codecOf(name: string, two: (string | null)[]): MultiByteCodec {
  const one = Array.from({ length: 256 }, (_, c) => (c < 0x80 ? String.fromCharCode(c) : null));
  // Every byte >= 0x80 starts a 2-byte sequence: alone at the end it is "incomplete".
  const need = Uint8Array.from({ length: 256 }, (_, c) => (c < 0x80 ? 1 : 2));
  return { name, entry: { label: "", sum: 0, need: "", reject: [], map: {}, map4: null }, one, two, three: [], need };
}

/**
 * cp949: KS X 1001 (as euc_kr, without its make-up sequences) plus the UHC extension, the 8,822
 * Hangul syllables KS X 1001 lacks, in Unicode order at leads 0x81-0xC6 with trails 0x41-0x5A,
 * 0x61-0x7A and 0x81-0xFE (only up to 0xA0 from lead 0xA1 on, where KS X 1001 takes the rest).
 */
export function cp949From(eucKr: MultiByteCodec): MultiByteCodec {
  const two: (string | null)[] = new Array(0x8000).fill(null);
  const inKs = new Uint8Array(11172);
  for (let row = 0x21; row <= 0x7e; row++) {
    for (let col = 0x21; col <= 0x7e; col++) {
      const s = ksx1001(eucKr, row, col);
      two[(row << 8) | (col | 0x80)] = s;
      if (s !== null && s.length === 1) {
        const u = s.charCodeAt(0) - 0xac00;
        if (u >= 0 && u < 11172) inKs[u] = 1;
      }
    }
  }
  let next = 0;
  for (let lead = 0x81; lead <= 0xc6; lead++) {
    for (let trail = 0x41; trail <= (lead < 0xa1 ? 0xfe : 0xa0); trail++) {
      if ((trail > 0x5a && trail < 0x61) || (trail > 0x7a && trail < 0x81)) continue;
      while (next < 11172 && inKs[next] === 1) next++;
      if (next === 11172) break;
      two[((lead & 0x7f) << 8) | trail] = String.fromCharCode(0xac00 + next++);
    }
  }
  return codecOf("cp949", two);
}

// Johab's 5-bit jamo fields -> index among the Unicode syllable's initials, medials and finals;
// FILL is the field's filler, NONE an unused value.
const FILL = 0xfd;
const NONE = 0xff;
const N = NONE;
const INITIAL = [N, FILL, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, N, N, N, N, N, N, N, N, N, N, N];
const MEDIAL = [N, N, FILL, 0, 1, 2, 3, 4, N, N, 5, 6, 7, 8, 9, 10, N, N, 11, 12, 13, 14, 15, 16, N, N, 17, 18, 19, 20, N, N];
const FINAL = [N, FILL, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, N, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, N, N];
// A lone jamo (the other fields filler) decodes to its Hangul Compatibility Jamo.
const INITIAL_JAMO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
const MEDIAL_JAMO = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
const FINAL_JAMO = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";

function johabHangul(c: number, t: number): string | null {
  const i = INITIAL[(c >> 2) & 31]!;
  const m = MEDIAL[((c << 3) | (t >> 5)) & 31]!;
  const f = FINAL[t & 31]!;
  if (i === NONE || m === NONE || f === NONE) return null;
  if (i === FILL) {
    if (m === FILL) return f === FILL ? "\u3000" : FINAL_JAMO[f - 1]!;
    return f === FILL ? MEDIAL_JAMO[m]! : null;
  }
  if (m === FILL) return f === FILL ? INITIAL_JAMO[i]! : null;
  return String.fromCharCode(0xac00 + i * 588 + m * 28 + (f === FILL ? 0 : f));
}

/**
 * johab: leads 0x84-0xD3 compose a Hangul syllable (or a lone jamo) from three 5-bit fields;
 * leads 0xD8-0xF9 hold KS X 1001's other characters, two of its rows per lead.
 */
export function johabFrom(eucKr: MultiByteCodec): MultiByteCodec {
  const two: (string | null)[] = new Array(0x8000).fill(null);
  for (let c = 0x80; c <= 0xff; c++) {
    for (let t = 0; t <= 0xff; t++) {
      let s: string | null = null;
      if (c < 0xd8) s = johabHangul(c, t);
      else if (
        !(c === 0xdf || c > 0xf9 || t < 0x31 || (t >= 0x80 && t < 0x91) || (t & 0x7f) === 0x7f || (c === 0xda && t >= 0xa1 && t <= 0xd3))
      ) {
        let row = c < 0xe0 ? 2 * (c - 0xd9) : 2 * c - 0x197;
        let col = t < 0x91 ? t - 0x31 : t - 0x43;
        row = (row + (col < 0x5e ? 0 : 1) + 0x21) & 0xff; // the C code's unsigned char wraps (lead 0xD8)
        col = (col < 0x5e ? col : col - 0x5e) + 0x21;
        s = ksx1001(eucKr, row, col);
      }
      two[((c & 0x7f) << 8) | t] = s;
    }
  }
  return codecOf("johab", two);
}
