// Python's codec lookup for a PEP 263 declaration (encodings.search_function over the generated
// alias and module lists) and the single-byte decoders: a 256-entry table per codec, built once
// from the runtime's TextDecoder plus the bytes where Python's codec differs, or from a full table.
import { CODEC_ALIASES, CODEC_MODULES } from "./generated/codecs.js";

/**
 * What a declared encoding resolves to: `table` (a single-byte codec), one of the kinds with
 * dedicated code (`ascii`, `latin_1`, `utf_8`, `multibyte`: core/multibyte.ts, `wide`: core/wide.ts,
 * `stateful`: core/stateful.ts, `escape`: core/escape-codecs.ts), or a kind that only yields an error.
 */
export type Codec =
  | { readonly kind: "table"; readonly module: string }
  | {
      readonly kind: "ascii" | "latin_1" | "utf_8" | "multibyte" | "wide" | "stateful" | "escape" | "nottext" | "undefined" | "unsupported";
      readonly module: string;
    }
  | { readonly kind: "unknown" };

let aliases: Map<string, string> | undefined;

function aliasMap(): Map<string, string> {
  if (aliases === undefined) {
    aliases = new Map();
    for (const pair of CODEC_ALIASES.split(" ")) {
      const eq = pair.indexOf("=");
      aliases.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  return aliases;
}

/** encodings.normalize_encoding: runs of characters other than letters, digits and "." become one "_", dropped at the ends. */
export function normalizeEncoding(name: string): string {
  let out = "";
  let punct = false;
  for (const ch of name) {
    if (/[A-Za-z0-9.]/.test(ch)) {
      if (punct && out !== "") out += "_";
      out += ch;
      punct = false;
    } else punct = true;
  }
  return out;
}

/**
 * Resolves an encoding name as `codecs.lookup` does (lower-cased, normalized, looked up in
 * encodings.aliases, then as an `encodings` module name). Never throws; `unknown` when Python
 * would raise LookupError.
 */
export function lookupCodec(name: string): Codec {
  const norm = normalizeEncoding(name.toLowerCase());
  const map = aliasMap();
  const aliased = map.get(norm) ?? map.get(norm.replace(/\./g, "_"));
  for (const mod of aliased === undefined ? [norm] : [aliased, norm]) {
    if (mod === "" || mod.includes(".") || !Object.hasOwn(CODEC_MODULES, mod)) continue;
    const entry = CODEC_MODULES[mod]!;
    if (typeof entry === "string" && !isTableString(entry)) {
      return { kind: entry as Exclude<Codec["kind"], "table" | "unknown">, module: mod };
    }
    return { kind: "table", module: mod };
  }
  return { kind: "unknown" };
}

// A kind is a short word; a table is 128 or 256 code units.
function isTableString(s: string): boolean {
  return s.length >= 128;
}

/** Latin-1 as a codec table: byte i is U+00i. */
export const LATIN_1 = Uint16Array.from({ length: 256 }, (_, i) => i);

/** Python's charmap marker for an undefined byte. */
export const UNDEFINED = 0xfffe;

const tables = new Map<string, Uint16Array | null>();

/** FNV-1a over code units, as scripts/gen-codecs.mjs computes it. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The 256 code units a single-byte codec maps bytes to (UNDEFINED where Python's codec has no
 * character), or null when it needs a TextDecoder label this runtime lacks or decodes otherwise
 * than the one the table was generated against.
 */
export function codecTable(module: string): Uint16Array | null {
  let t = tables.get(module);
  if (t !== undefined) return t;
  const entry = CODEC_MODULES[module];
  t = null;
  if (typeof entry === "string") {
    t = new Uint16Array(256);
    const low = 256 - entry.length; // 128 when only the upper half is written out
    for (let i = 0; i < low; i++) t[i] = i;
    for (let i = 0; i < entry.length; i++) t[low + i] = entry.charCodeAt(i);
  } else if (entry !== undefined) {
    const [label, sum, overrides] = entry;
    let web: string | null = null;
    try {
      const all = new Uint8Array(256);
      for (let i = 0; i < 256; i++) all[i] = i;
      web = new TextDecoder(label).decode(all);
    } catch {
      web = null; // label unknown to this runtime
    }
    if (web !== null && web.length === 256 && fnv(web) === sum) {
      t = new Uint16Array(256);
      for (let i = 0; i < 256; i++) t[i] = web.charCodeAt(i);
      for (let i = 0; i < overrides.length; i += 2) t[overrides.charCodeAt(i)] = overrides.charCodeAt(i + 1);
    }
  }
  tables.set(module, t);
  return t;
}

/**
 * Decodes bytes through a codec table. Returns the text, or the index of the first byte the
 * codec leaves undefined (Python's charmap_decode raises there); with `replace`, such bytes become U+FFFD.
 */
export function decodeWithTable(b: Uint8Array, t: Uint16Array, replace = false): string | number {
  const parts: string[] = [];
  const chunk = new Uint16Array(Math.min(b.length, 8192));
  for (let i = 0; i < b.length; i += chunk.length) {
    const n = Math.min(chunk.length, b.length - i);
    for (let k = 0; k < n; k++) {
      const u = t[b[i + k]!]!;
      if (u === UNDEFINED) {
        if (!replace) return i + k;
        chunk[k] = 0xfffd;
      } else chunk[k] = u;
    }
    parts.push(String.fromCharCode.apply(null, chunk.subarray(0, n) as unknown as number[]));
  }
  return parts.join("");
}
