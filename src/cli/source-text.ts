// A Python file's bytes as the edit engine takes them (UTF-8, line ends and BOM as written) and
// the way back: a file declaring a single-byte encoding in a PEP 263 cookie (latin-1, cp1252, ...)
// is decoded for editing and its edited text encoded again in that encoding.
import { codecTable, lookupCodec, UNDEFINED } from "../core/codecs.js";

/** A file's text for editing, and how to write an edited version of it back. */
export interface SourceText {
  /**
   * The file's text for the edit engine (Query.fix's `source`), line ends and BOM kept: the bytes
   * themselves for a UTF-8 file, the decoded text for a file in another declared encoding (as a
   * string, so that its cookie is not read again on the UTF-8 bytes).
   */
  readonly source: Uint8Array | string;
  /** The declared encoding's Python codec name, or "utf_8". */
  readonly codec: string;
  /** The edited text as bytes in the file's encoding, or a message naming a character it cannot hold. */
  encode(text: string): Uint8Array | string;
}

const enc = new TextEncoder();

// PEP 263: a comment line 1, or line 2 after a blank or comment line 1, with `coding[:=] NAME`.
function cookie(bytes: Uint8Array): string | null {
  let start = 0;
  for (let line = 0; line < 2 && start < bytes.length; line++) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(s);
    if (m !== null) return m[1]!;
    if (!/^[ \t\f\r]*(#.*)?$/.test(s)) return null;
    start = end + 1;
  }
  return null;
}

// CPython's get_normal_name: the spellings it reads as UTF-8 or Latin-1 before any codec lookup.
function normalName(s: string): string {
  const b = s.slice(0, 12).toLowerCase().replace(/_/g, "-");
  if (b === "utf-8" || b.startsWith("utf-8-")) return "utf-8";
  if (/^(latin-1|iso-8859-1|iso-latin-1)(-|$)/.test(b)) return "iso-8859-1";
  return s;
}

/**
 * The file's text for editing, or why it cannot be rewritten (an encoding other than UTF-8,
 * ASCII or a single-byte codec, or bytes that do not decode and encode back to themselves).
 */
export function sourceText(bytes: Uint8Array): SourceText | string {
  const name = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? null : cookie(bytes);
  const codec = name === null ? { kind: "utf_8" as const, module: "utf_8" } : lookupCodec(normalName(name));
  if (codec.kind === "utf_8") return { source: bytes, codec: "utf_8", encode: (t) => enc.encode(t) };
  let table: Uint16Array | null = null;
  if (codec.kind === "ascii") table = Uint16Array.from({ length: 256 }, (_, i) => (i < 128 ? i : UNDEFINED));
  else if (codec.kind === "latin_1") table = Uint16Array.from({ length: 256 }, (_, i) => i);
  else if (codec.kind === "table") table = codecTable(codec.module);
  if (table === null) return `its declared encoding ${name} cannot be written back by quarry`;
  const back = new Map<number, number>();
  for (let b = 255; b >= 0; b--) if (table[b] !== UNDEFINED) back.set(table[b]!, b);
  const t = table;
  const encode = (text: string): Uint8Array | string => {
    const out = new Uint8Array(text.length);
    let n = 0;
    for (const ch of text) {
      const b = back.get(ch.codePointAt(0)!);
      if (b === undefined)
        return `${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}) cannot be written in its declared encoding ${name}`;
      out[n++] = b;
    }
    return out.subarray(0, n);
  };
  let text = "";
  for (let i = 0; i < bytes.length; i++) {
    const u = t[bytes[i]!]!;
    if (u === UNDEFINED) return `byte ${i} does not decode in its declared encoding ${name}`;
    text += String.fromCharCode(u);
  }
  const again = encode(text);
  if (typeof again === "string" || again.length !== bytes.length || again.some((b, i) => b !== bytes[i]))
    return `its declared encoding ${name} does not map its bytes back to themselves`;
  return { source: text, codec: codec.kind === "unknown" ? "" : codec.module, encode };
}
