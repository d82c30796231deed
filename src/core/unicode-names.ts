// Unicode character names for `\N{...}` escapes, looked up exactly as CPython 3.14's unicodedata
// does for the unicode_escape codec. The table (generated/unicode-names.ts) is decompressed on
// the first lookup only, so importing this module costs nothing.
import { HEX_NAME_FAMILIES, NAME_ALIASES, NAMES_DEFLATED, NAMES_RAW_SIZE } from "./generated/unicode-names.js";

let table: Map<string, number> | null = null;

/**
 * Returns the code point named `name` (the text between `\N{` and `}`), or -1 if CPython's
 * `\N{...}` would reject it. As CPython: ordinary names and name aliases match case-insensitively
 * (ASCII letters only); `HANGUL SYLLABLE ...` and `CJK UNIFIED IDEOGRAPH-XXXX` are computed and
 * match only in upper case; named sequences are not accepted. First call: ~tens of ms.
 */
export function lookupUnicodeName(name: string): number {
  if (name.startsWith("HANGUL SYLLABLE ")) return hangulSyllable(name, 16);
  if (name.startsWith("CJK UNIFIED IDEOGRAPH-")) return cjkUnified(name.slice(22));
  let upper = "";
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    // Only ASCII can match; CPython compares bytes after an ASCII-only toupper.
    if (c >= 0x80) return -1;
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    upper += String.fromCharCode(c);
  }
  const dash = upper.lastIndexOf("-");
  if (dash > 0) {
    const cp = familyMember(upper.slice(0, dash), upper.slice(dash + 1));
    if (cp >= 0) return cp;
  }
  return (table ??= buildTable()).get(upper) ?? -1;
}

// `PREFIX-<hex>` names other than CJK unified ideographs are ordinary names in CPython: matched
// case-insensitively and only in canonical spelling (upper-case hex, no leading zeros).
function familyMember(prefix: string, hex: string): number {
  for (let f = 1; f < HEX_NAME_FAMILIES.length; f++) {
    const [p, ranges] = HEX_NAME_FAMILIES[f]!;
    if (p !== prefix) continue;
    if (!/^[0-9A-F]{4,5}$/.test(hex)) return -1;
    const cp = parseInt(hex, 16);
    if (cp.toString(16).toUpperCase() !== hex) return -1;
    return inRanges(ranges, cp) ? cp : -1;
  }
  return -1;
}

// CPython: exactly four or five upper-case hex digits naming a unified ideograph.
function cjkUnified(hex: string): number {
  if (!/^[0-9A-F]{4,5}$/.test(hex)) return -1;
  const cp = parseInt(hex, 16);
  return inRanges(HEX_NAME_FAMILIES[0]![1], cp) ? cp : -1;
}

function inRanges(ranges: readonly number[], cp: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (cp >= ranges[i]! && cp <= ranges[i + 1]!) return true;
  return false;
}

// Hangul syllable names are built from jamo short names (Unicode chapter 3.12). CPython picks the
// longest matching short name for each of the three parts in turn, case-sensitively.
const JAMO_L = ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"];
const JAMO_V = [
  "A",
  "AE",
  "YA",
  "YAE",
  "EO",
  "E",
  "YEO",
  "YE",
  "O",
  "WA",
  "WAE",
  "OE",
  "YO",
  "U",
  "WEO",
  "WE",
  "WI",
  "YU",
  "EU",
  "YI",
  "I",
];
const JAMO_T = [
  "",
  "G",
  "GG",
  "GS",
  "N",
  "NJ",
  "NH",
  "D",
  "L",
  "LG",
  "LM",
  "LB",
  "LS",
  "LT",
  "LP",
  "LH",
  "M",
  "B",
  "BS",
  "S",
  "SS",
  "NG",
  "J",
  "C",
  "K",
  "T",
  "P",
  "H",
];

function hangulSyllable(name: string, pos: number): number {
  const l = longestJamo(name, pos, JAMO_L);
  if (l < 0) return -1;
  pos += JAMO_L[l]!.length;
  const v = longestJamo(name, pos, JAMO_V);
  if (v < 0) return -1;
  pos += JAMO_V[v]!.length;
  const t = longestJamo(name, pos, JAMO_T);
  if (t < 0) return -1;
  pos += JAMO_T[t]!.length;
  if (pos !== name.length) return -1;
  return 0xac00 + (l * JAMO_V.length + v) * JAMO_T.length + t;
}

function longestJamo(name: string, pos: number, list: readonly string[]): number {
  let best = -1;
  let bestLen = -1;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (s.length > bestLen && name.startsWith(s, pos)) {
      best = i;
      bestLen = s.length;
    }
  }
  return best;
}

function buildTable(): Map<string, number> {
  const map = new Map<string, number>();
  const raw = inflateRaw(decodeBase64(NAMES_DEFLATED), NAMES_RAW_SIZE);
  // The inflated text is ASCII apart from the prefix-length bytes: read it as one latin1 string.
  let text = "";
  for (let k = 0; k < raw.length; k += 8192) {
    text += String.fromCharCode.apply(null, raw.subarray(k, k + 8192) as unknown as number[]);
  }
  let cp = 0;
  let prev = "";
  let i = 0;
  while (i < text.length) {
    const j = text.indexOf("\n", i);
    const head = text.charCodeAt(i);
    if (head === 0x01) {
      cp = parseInt(text.slice(i + 1, j), 36);
    } else {
      const name = prev.slice(0, head - 0x20) + text.slice(i + 1, j);
      map.set(name, cp++);
      prev = name;
    }
    i = j + 1;
  }
  for (const entry of NAME_ALIASES.split(";")) {
    const colon = entry.indexOf(":");
    map.set(entry.slice(colon + 1), parseInt(entry.slice(0, colon), 36));
  }
  return map;
}

function decodeBase64(s: string): Uint8Array {
  const val = new Uint8Array(128);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let k = 0; k < 64; k++) val[alphabet.charCodeAt(k)] = k;
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 0x3d) n--; // '=' padding
  const out = new Uint8Array((n * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let k = 0; k < n; k++) {
    acc = (acc << 6) | val[s.charCodeAt(k)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

// ---- Raw DEFLATE decoder (RFC 1951), enough for the generated table (~110 KB in, decoded once).
// Huffman codes are decoded through a lookup table indexed by the next `bits` input bits.

interface Huffman {
  table: Int32Array; // (symbol << 4) | code length, for every `bits`-bit input pattern
  bits: number; // longest code length
}

function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const counts = new Uint16Array(16);
  let maxLen = 1;
  for (let s = 0; s < n; s++) {
    const len = lengths[s]!;
    if (len > 0) {
      counts[len]!++;
      if (len > maxLen) maxLen = len;
    }
  }
  // Canonical codes: shorter first, then by symbol (RFC 1951, 3.2.2).
  const next = new Uint16Array(16);
  let code = 0;
  for (let len = 1; len < 16; len++) {
    code = (code + counts[len - 1]!) << 1;
    if (len === 1) code = 0;
    next[len] = code;
  }
  const size = 1 << maxLen;
  const table = new Int32Array(size);
  for (let s = 0; s < n; s++) {
    const len = lengths[s]!;
    if (len === 0) continue;
    // Codes are stored most significant bit first, input is read least significant bit first.
    let c = next[len]!++;
    let rev = 0;
    for (let k = 0; k < len; k++) {
      rev = (rev << 1) | (c & 1);
      c >>= 1;
    }
    for (let k = rev; k < size; k += 1 << len) table[k] = (s << 4) | len;
  }
  return { table, bits: maxLen };
}

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

function inflateRaw(src: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  let pos = 0;
  let bitBuf = 0;
  let bitCnt = 0;
  const need = (n: number): void => {
    while (bitCnt < n) {
      bitBuf |= (pos < src.length ? src[pos]! : 0) << bitCnt;
      pos++;
      bitCnt += 8;
    }
  };
  const bits = (n: number): number => {
    need(n);
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCnt -= n;
    return v;
  };
  const decode = (h: Huffman): number => {
    need(h.bits);
    const e = h.table[bitBuf & ((1 << h.bits) - 1)]!;
    const len = e & 15;
    if (len === 0) throw new Error("inflate: bad code");
    bitBuf >>>= len;
    bitCnt -= len;
    return e >> 4;
  };
  let fixedLit: Huffman | null = null;
  let fixedDist: Huffman | null = null;
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored block: skip to a byte boundary (whole bytes already buffered go back).
      pos -= bitCnt >> 3;
      bitBuf = 0;
      bitCnt = 0;
      const len = src[pos]! | (src[pos + 1]! << 8);
      pos += 4;
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
      continue;
    }
    let lit: Huffman;
    let dist: Huffman;
    if (type === 1) {
      if (!fixedLit) {
        const l = new Uint8Array(288);
        l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
        fixedLit = huffman(l, 288);
        fixedDist = huffman(new Uint8Array(30).fill(5), 30);
      }
      lit = fixedLit;
      dist = fixedDist!;
    } else if (type === 2) {
      const nlen = bits(5) + 257;
      const ndist = bits(5) + 1;
      const ncode = bits(4) + 4;
      const lengths = new Uint8Array(320);
      for (let k = 0; k < ncode; k++) lengths[CL_ORDER[k]!] = bits(3);
      const cl = huffman(lengths, 19);
      lengths.fill(0);
      let k = 0;
      while (k < nlen + ndist) {
        const sym = decode(cl);
        if (sym < 16) {
          lengths[k++] = sym;
          continue;
        }
        let rep = 0;
        let val = 0;
        if (sym === 16) {
          val = lengths[k - 1]!;
          rep = 3 + bits(2);
        } else if (sym === 17) rep = 3 + bits(3);
        else rep = 11 + bits(7);
        while (rep-- > 0) lengths[k++] = val;
      }
      lit = huffman(lengths, nlen);
      dist = huffman(lengths.subarray(nlen), ndist);
    } else {
      throw new Error("inflate: bad block type");
    }
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        out[o++] = sym;
      } else if (sym === 256) {
        break;
      } else {
        const li = sym - 257;
        const len = LEN_BASE[li]! + bits(LEN_EXTRA[li]!);
        const di = decode(dist);
        const d = DIST_BASE[di]! + bits(DIST_EXTRA[di]!);
        for (let k = 0; k < len; k++, o++) out[o] = out[o - d]!;
      }
    }
  }
  if (o !== size) throw new Error("inflate: wrong size");
  return out;
}
