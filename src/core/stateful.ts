// The stateful CJK codecs (hz and the ISO-2022 family without JIS X 0213) decoded as CPython's
// _codecs_cn and _codecs_iso2022 do, over the tables quarry already has (gb2312, euc_kr, euc_jp).
import { multiByteCodec, type MultiByteCodec } from "./multibyte.js";
import { decodeUtf7 } from "./utf7.js";

/** Python's UnicodeDecodeError for the first bad range [start, end), and the codec it names. */
export interface StatefulError {
  readonly codec: string;
  readonly start: number;
  readonly end: number;
  readonly reason: string;
}

/** Text with lone surrogates (utf_7 can make them): where they are, in code points. */
export interface LoneSurrogates {
  readonly text: string;
  /** Code point index and code unit of each lone surrogate, in order. */
  readonly lone: readonly (readonly [number, number])[];
}

/** A sequence CPython fails on with an error other than UnicodeDecodeError (not modelled). */
export interface StatefulUnsupported {
  readonly unsupported: string;
}

export type StatefulResult = string | StatefulError | LoneSurrogates | StatefulUnsupported;

/** The modules decodeStateful knows. */
export function isStateful(module: string): boolean {
  return module === "hz" || module === "utf_7" || Object.hasOwn(ISO2022, module);
}

/**
 * Decodes `b` with the stateful codec `module` as Python does with errors="strict" (or
 * "replace": each bad range becomes U+FFFD and decoding goes on in the same state). Null when a
 * table it needs is not usable in this runtime. Linear time.
 */
export function decodeStateful(module: string, b: Uint8Array, replace = false): StatefulResult | null {
  if (module === "utf_7") return decodeUtf7(b, replace);
  if (module === "hz") {
    const gb = multiByteCodec("gb2312");
    return gb === null ? null : decodeHz(b, gb, replace);
  }
  const config = ISO2022[module];
  if (config === undefined) return null;
  const tables: Tables = {};
  for (const need of config.tables) {
    const t = multiByteCodec(need);
    if (t === null) return null;
    tables[need] = t;
  }
  return decodeIso2022(module, b, config, tables, replace);
}

const ILLEGAL = "illegal multibyte sequence";
const INCOMPLETE = "incomplete multibyte sequence";

// hz: in ASCII mode "~{" enters GB2312 mode, "~~" is a tilde and "~\n" a line continuation; in
// GB mode "~}" leaves it and a pair of 7-bit bytes is a GB2312 character.
function decodeHz(b: Uint8Array, gb: MultiByteCodec, replace: boolean): string | StatefulError {
  let out = "";
  let gbMode = false;
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    let bad = 0; // length of an illegal sequence, or -1 for an incomplete one
    if (c === 0x7e) {
      if (i + 1 >= n) bad = -1;
      else {
        const c2 = b[i + 1]!;
        // In GB mode only "~}" is allowed.
        if (c2 === 0x7d && gbMode) gbMode = false;
        else if (gbMode) bad = 1;
        else if (c2 === 0x7e) out += "~";
        else if (c2 === 0x7b) gbMode = true;
        else if (c2 !== 10) bad = 1;
        if (bad === 0) i += 2;
      }
    } else if (c >= 0x80) bad = 1;
    else if (!gbMode) {
      out += String.fromCharCode(c);
      i++;
    } else if (i + 1 >= n) bad = -1;
    else {
      const c2 = b[i + 1]!;
      // The row and cell bytes of GB2312 without their high bit (EUC-CN sets it).
      const s = c2 < 0x80 ? gb.two[(c << 8) | c2 | 0x80]! : null;
      if (s === null) bad = 1;
      else {
        out += s;
        i += 2;
      }
    }
    if (bad !== 0) {
      const end = bad < 0 ? n : i + bad;
      if (!replace) return { codec: "hz", start: i, end, reason: bad < 0 ? INCOMPLETE : ILLEGAL };
      out += "\ufffd";
      i = end;
    }
  }
  return out;
}

// ---- ISO-2022 ----

type Tables = Record<string, MultiByteCodec>;

// Character sets by their final byte; double-byte sets have 0x80 added.
const ASCII = 0x42; // B
const ISO8859_1 = 0x41; // A (G2 only)
const ISO8859_7 = 0x46; // F (G2 only)
const JISX0201_K = 0x49; // I
const JISX0201_R = 0x4a; // J
const JISX0208_O = 0xc0; // @
const GB2312 = 0xc1; // A
const JISX0208 = 0xc2; // B
const KSX1001 = 0xc3; // C
const JISX0212 = 0xc4; // D

interface Iso2022Config {
  /** SO and SI switch between G0 and G1 (else they are plain C0 controls). */
  readonly shift: boolean;
  /** ESC . F designates G2 and ESC N F shifts it in for one byte. */
  readonly g2: boolean;
  /** ESC & @ prefixes a JIS X 0208 designation. */
  readonly ext: boolean;
  /** The sets an escape sequence may designate (ASCII always may). */
  readonly sets: readonly number[];
  readonly tables: readonly string[];
}

const ISO2022: Readonly<Record<string, Iso2022Config>> = {
  iso2022_kr: { shift: true, g2: false, ext: false, sets: [KSX1001], tables: ["euc_kr"] },
  iso2022_jp: { shift: false, g2: false, ext: true, sets: [JISX0208, JISX0201_R, JISX0208_O], tables: ["euc_jp"] },
  iso2022_jp_1: { shift: false, g2: false, ext: true, sets: [JISX0208, JISX0212, JISX0201_R, JISX0208_O], tables: ["euc_jp"] },
  iso2022_jp_2: {
    shift: false,
    g2: true,
    ext: true,
    sets: [JISX0208, JISX0212, KSX1001, GB2312, JISX0201_R, JISX0208_O, ISO8859_1, ISO8859_7],
    tables: ["euc_jp", "euc_kr", "gb2312"],
  },
  iso2022_jp_ext: {
    shift: false,
    g2: false,
    ext: true,
    sets: [JISX0208, JISX0212, JISX0201_R, JISX0201_K, JISX0208_O],
    tables: ["euc_jp"],
  },
};

const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;

function isEscEnd(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || c === 0x40;
}

/** The character at d0 (d1) in a designated set, or null where the set has none. */
function setChar(set: number, d0: number, d1: number, t: Tables): string | null {
  switch (set) {
    case JISX0201_R:
      return d0 === 0x5c ? "\u00a5" : d0 === 0x7e ? "\u203e" : String.fromCharCode(d0);
    case JISX0201_K:
      return d0 >= 0x21 && d0 <= 0x5f ? String.fromCharCode(0xff40 + d0) : null;
    case ISO8859_1:
    case ISO8859_7:
      return null; // G2 sets: designated to G0 or G1, every byte is refused
  }
  // Double-byte sets: the EUC tables with the high bit set on both bytes.
  if (d0 < 0x21 || d0 > 0x7e || d1 < 0x21 || d1 > 0x7e) return null;
  switch (set) {
    case JISX0208:
    case JISX0208_O:
      return t.euc_jp!.two[(d0 << 8) | d1 | 0x80]!;
    case JISX0212:
      return t.euc_jp!.three[(d0 << 7) | d1]!;
    case GB2312:
      return t.gb2312!.two[(d0 << 8) | d1 | 0x80]!;
    case KSX1001:
      // euc_kr's table lacks A4 D4 (its make-up sequences start there): the Hangul filler.
      return d0 === 0x24 && d1 === 0x54 ? "\u3164" : t.euc_kr!.two[(d0 << 8) | d1 | 0x80]!;
  }
  return null;
}

// ISO-8859-7's upper half as _codecs_iso2022 decodes it for a G2 single shift (c >= 0xA0).
function greek(c: number): string | null {
  if (c < 0xa0) return String.fromCharCode(c);
  if (c < 0xc0 && ((0x288f3bc9 >>> (c - 0xa0)) & 1) === 1) return String.fromCharCode(c);
  if (c >= 0xb4 && c <= 0xfe && (c >= 0xd4 || ((0xbffffd77 >>> (c - 0xb4)) & 1) === 1)) return String.fromCharCode(0x2d0 + c);
  return c === 0xa1 ? "\u2018" : c === 0xa2 ? "\u2019" : c === 0xaf ? "\u2015" : null;
}

function decodeIso2022(codec: string, b: Uint8Array, cfg: Iso2022Config, t: Tables, replace: boolean): StatefulResult {
  const g = [ASCII, ASCII, ASCII];
  let shifted = false;
  let escThrough = false; // after an ESC that starts no ISO-2022 sequence, up to a final byte
  let out = "";
  const n = b.length;
  let i = 0;

  // An escape sequence at b[i]: designates and returns 0, or the length of the illegal
  // sequence, or -1 when the data ends inside it.
  const designate = (): number => {
    let len = 0;
    for (let k = 1; k < 16; k++) {
      if (k >= n - i) return -1;
      const x = b[i + k]!;
      if (isEscEnd(x)) {
        len = k + 1;
        break;
      }
      if (cfg.ext && k + 1 < n - i && x === 0x26 && b[i + k + 1] === 0x40) k += 2;
    }
    let set: number;
    let dn: number;
    const in2 = b[i + 1]!;
    switch (len) {
      case 0:
        return 1; // no final byte within 16
      case 3:
        if (in2 === 0x24) {
          set = b[i + 2]! | 0x80;
          dn = 0;
        } else {
          set = b[i + 2]!;
          if (in2 === 0x28) dn = 0;
          else if (in2 === 0x29) dn = 1;
          else if (cfg.g2 && in2 === 0x2e) dn = 2;
          else return 3;
        }
        break;
      case 4:
        if (in2 !== 0x24) return 4;
        set = b[i + 3]! | 0x80;
        if (b[i + 2] === 0x28) dn = 0;
        else if (b[i + 2] === 0x29) dn = 1;
        else return 4;
        break;
      case 6:
        // ESC & @ ESC $ B: JIS X 0208-1990.
        if (!(cfg.ext && b[i + 3] === ESC && b[i + 4] === 0x24 && b[i + 5] === 0x42)) return 6;
        set = JISX0208;
        dn = 0;
        break;
      default:
        return len;
    }
    if (set !== ASCII && !cfg.sets.includes(set)) return len;
    g[dn] = set;
    i += len;
    return 0;
  };

  while (i < n) {
    const c = b[i]!;
    if (escThrough) {
      // CPython passes the bytes through as Latin-1 until a final byte.
      out += String.fromCharCode(c);
      i++;
      if (isEscEnd(c)) escThrough = false;
      continue;
    }
    let bad = 0; // length of an illegal sequence, or -1 for an incomplete one
    if (c === ESC) {
      if (i + 1 >= n) bad = -1;
      else {
        const c2 = b[i + 1]!;
        if (c2 === 0x28 || c2 === 0x29 || c2 === 0x24 || c2 === 0x2e || c2 === 0x26) bad = designate();
        else if (cfg.g2 && c2 === 0x4e) {
          // ESC N: one byte from G2.
          if (i + 2 >= n) bad = -1;
          else {
            const c3 = b[i + 2]!;
            let s: string | null;
            if (g[2] === ISO8859_1) s = c3 < 0x80 ? String.fromCharCode(c3 + 0x80) : null;
            else if (g[2] === ISO8859_7) s = greek(c3 ^ 0x80);
            else if (g[2] === ASCII) s = c3 < 0x80 ? String.fromCharCode(c3) : null;
            // G2 holds JIS X 0201 Roman: CPython raises RuntimeError("internal codec error").
            else return { unsupported: `ESC N with JIS X 0201 in G2 at position ${i}` };
            if (s === null) bad = 3;
            else {
              out += s;
              i += 3;
            }
          }
        } else {
          out += "\u001b";
          escThrough = true;
          i++;
        }
      }
    } else if (c === 10) {
      shifted = false;
      out += "\n";
      i++;
    } else if (cfg.shift && (c === SO || c === SI)) {
      shifted = c === SO;
      i++;
    } else if (c >= 0x80) bad = 1;
    else {
      const set = c < 0x20 ? ASCII : shifted ? g[1]! : g[0]!;
      if (set === ASCII) {
        out += String.fromCharCode(c);
        i++;
      } else {
        const width = set & 0x80 ? 2 : 1;
        if (i + width > n) bad = -1;
        else {
          const s = setChar(set, c, width === 2 ? b[i + 1]! : 0, t);
          if (s === null) bad = width;
          else {
            out += s;
            i += width;
          }
        }
      }
    }
    if (bad !== 0) {
      const end = bad < 0 ? n : i + bad;
      if (!replace) return { codec, start: i, end, reason: bad < 0 ? INCOMPLETE : ILLEGAL };
      out += "\ufffd";
      i = end;
    }
  }
  return out;
}
