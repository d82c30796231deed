// Python's multi-byte CJK codecs (shift_jis, euc_jp, gbk, gb18030, big5, euc_kr, ...) decoded as
// CPython's _codecs_* modules do: the runtime's WHATWG TextDecoder answers sequence by sequence,
// corrected by the generated differences (CODEC_MULTIBYTE), and CPython's error for the first bad byte.
import { CODEC_MULTIBYTE, type MultiByteEntry } from "./generated/codecs.js";
import { cp949From, johabFrom } from "./korean.js";

/** A multi-byte codec ready to decode: what each sequence of up to 3 bytes gives in Python. */
export interface MultiByteCodec {
  readonly name: string;
  readonly entry: MultiByteEntry;
  /** Byte -> its text when Python decodes it alone, else null. */
  readonly one: (string | null)[];
  /** (lead - 0x80) << 8 | trail -> text, else null. */
  readonly two: (string | null)[];
  /** EUC-JP 0x8F a b: (a - 0x80) << 7 | (b - 0x80) -> text, else null; empty for other codecs. */
  readonly three: (string | null)[];
  readonly need: Uint8Array;
}

/** A decoding failure: Python's UnicodeDecodeError range [start, end) and reason. */
export interface MultiByteError {
  readonly start: number;
  readonly end: number;
  readonly reason: "illegal multibyte sequence" | "incomplete multibyte sequence";
}

/** A sequence quarry cannot decode although Python may (euc_kr's 8-byte make-up syllables). */
export interface MultiByteUnsupported {
  readonly unsupported: number;
}

const codecs = new Map<string, MultiByteCodec | null>();

/**
 * The decoder for a codec module listed in CODEC_MULTIBYTE, or cp949 or johab (derived from
 * euc_kr), built on first use (about 50,000 short TextDecoder calls), or null when the runtime lacks the label or its answers differ from
 * those the generated differences were computed against (checksum).
 */
export function multiByteCodec(name: string): MultiByteCodec | null {
  let c = codecs.get(name);
  if (c !== undefined) return c;
  c = null;
  const entry = Object.hasOwn(CODEC_MULTIBYTE, name) ? CODEC_MULTIBYTE[name]! : undefined;
  if (name === "cp949" || name === "johab") {
    // Derived from euc_kr's KS X 1001 table (core/korean.ts).
    const base = multiByteCodec("euc_kr");
    if (base !== null) c = name === "cp949" ? cp949From(base) : johabFrom(base);
  } else if (entry !== undefined) {
    try {
      c = build(name, entry);
    } catch {
      c = null; // label unknown to this runtime
    }
  }
  codecs.set(name, c);
  return c;
}

function build(name: string, entry: MultiByteEntry): MultiByteCodec | null {
  const dec = new TextDecoder(entry.label, { fatal: true });
  const euc3 = name.startsWith("euc_j");
  const one: (string | null)[] = new Array(256);
  const two: (string | null)[] = new Array(0x8000);
  const three: (string | null)[] = euc3 ? new Array(0x4000) : [];
  let h = 0x811c9dc5;
  const web = (b: Uint8Array): string | null => {
    let s: string | null = null;
    try {
      s = dec.decode(b);
    } catch {
      s = null;
    }
    // The checksum scripts/gen-codecs.mjs computes over the same answers in the same order.
    if (s !== null) for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    else h = Math.imul(h ^ 0xffff, 0x01000193) >>> 0;
    h = Math.imul(h ^ 0xffff, 0x01000193) >>> 0;
    return s;
  };
  const b1 = new Uint8Array(1),
    b2 = new Uint8Array(2),
    b3 = new Uint8Array(3);
  for (let c = 0; c < 256; c++) {
    b1[0] = c;
    one[c] = web(b1);
  }
  for (let k = 0; k < 0x8000; k++) {
    b2[0] = 0x80 | (k >> 8);
    b2[1] = k & 0xff;
    two[k] = web(b2);
  }
  b3[0] = 0x8f;
  for (let k = 0; k < three.length; k++) {
    b3[1] = 0x80 | (k >> 7);
    b3[2] = 0x80 | (k & 0x7f);
    three[k] = web(b3);
  }
  if (h !== entry.sum) return null;
  const set = (code: number, s: string | null): void => {
    if (code < 0x100) one[code] = s;
    else if (code < 0x10000) two[code - 0x8000] = s;
    else three[(((code >> 8) & 0x7f) << 7) | (code & 0x7f)] = s;
  };
  for (let i = 0; i < entry.reject.length; i += 2) {
    for (let code = entry.reject[i]!; code <= entry.reject[i + 1]!; code++) set(code, null);
  }
  for (const k of Object.keys(entry.map)) set(Number(k), entry.map[k]!);
  const need = Uint8Array.from(entry.need, (d) => d.charCodeAt(0) - 48);
  return { name, entry, one, two, three, need };
}

let gb4: { decode(b: Uint8Array): string } | undefined;

/** gb18030's 4-byte sequence at b[i] (i + 4 <= b.length), or null if Python rejects it. */
function fourByte(codec: MultiByteCodec, b: Uint8Array, i: number): string | null {
  const c3 = b[i + 2]!,
    c4 = b[i + 3]!;
  if (c3 < 0x81 || c3 > 0xfe || c4 < 0x30 || c4 > 0x39) return null;
  const key = String(((b[i]! << 24) | (b[i + 1]! << 16) | (c3 << 8) | c4) >>> 0);
  const map4 = codec.entry.map4!;
  if (Object.hasOwn(map4, key)) return map4[key]!;
  gb4 ??= new TextDecoder("gb18030", { fatal: true });
  try {
    return gb4.decode(b.subarray(i, i + 4));
  } catch {
    return null;
  }
}

/**
 * Decodes `b` as Python's codec does with errors="strict" (or "replace": each bad range becomes
 * U+FFFD). Returns the text, CPython's error for the first undecodable range, or the position of
 * a sequence quarry does not decode. Linear time.
 */
export function decodeMultiByte(b: Uint8Array, codec: MultiByteCodec, replace = false): string | MultiByteError | MultiByteUnsupported {
  const { one, two, three, need } = codec;
  const gb18030 = codec.entry.map4 !== null;
  const eucKr = codec.name === "euc_kr";
  const parts: string[] = [];
  let run = "";
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    const s1 = one[c]!;
    if (s1 !== null) {
      run += s1;
      i++;
    } else {
      let len = need[c]!;
      let s: string | null = null;
      let incomplete = false;
      if (len > 1 && i + len > n) incomplete = true;
      else if (len === 3) {
        const a = b[i + 1]!,
          t = b[i + 2]!;
        s = a >= 0x80 && t >= 0x80 ? three[((a & 0x7f) << 7) | (t & 0x7f)]! : null;
      } else if (len === 2) {
        const t = b[i + 1]!;
        if (gb18030 && t >= 0x30 && t <= 0x39) {
          len = 4;
          if (i + 4 > n) incomplete = true;
          else s = fourByte(codec, b, i);
        } else if (eucKr && c === 0xa4 && t === 0xd4) {
          // KS X 1001 Annex 3: a4 d4 then three more a4 xx make one syllable (8 bytes).
          if (i + 8 > n) incomplete = true;
          else if (b[i + 2] === 0xa4 && b[i + 4] === 0xa4 && b[i + 6] === 0xa4) return { unsupported: i };
        } else s = two[((c & 0x7f) << 8) | t]!;
      }
      if (s !== null) {
        run += s;
        i += len;
      } else {
        const end = incomplete ? n : i + 1;
        if (!replace) return { start: i, end, reason: incomplete ? "incomplete multibyte sequence" : "illegal multibyte sequence" };
        run += "\ufffd";
        i = end;
      }
    }
    if (run.length >= 8192) {
      parts.push(run);
      run = "";
    }
  }
  parts.push(run);
  return parts.join("");
}
