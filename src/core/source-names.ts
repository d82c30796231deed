// Identifiers read back from the UTF-8 source. A tree stores an identifier as the source offset
// where it is written (ast/tree.ts) and makes the string only when asked, the way CPython's
// tokenizer reads a NAME token: a maximal run of ASCII letters, digits and `_` and of non-ASCII
// characters, NFKC-normalized when it holds any non-ASCII character (PEP 3131).
import { utf8 } from "./string-literal.js";

// 1 for the bytes a NAME token may hold: ASCII letters, digits, `_`, and every byte of a
// non-ASCII character (the tokenizer has checked that those form a valid identifier).
const NAME_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  NAME_BYTE[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80 ? 1 : 0;
}

/** End of the NAME token that starts at `off`. */
export function nameEnd(src: Uint8Array, off: number): number {
  let i = off;
  while (i < src.length && NAME_BYTE[src[i]!] === 1) i++;
  return i;
}

/** Start of the NAME token that ends at `end`. */
export function nameStartBefore(src: Uint8Array, end: number): number {
  let i = end;
  while (i > 0 && NAME_BYTE[src[i - 1]!] === 1) i--;
  return i;
}

/** The identifier `src[start..end)` as CPython's tokenizer gives it (NFKC-normalized if non-ASCII). */
export function nameText(src: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len > 32) return longName(src, start, end);
  // Short ASCII names (nearly all) go through a small cache keyed by their bytes: a tree read
  // in full (dump, toJSON) asks for the same few hundred names over and over, and rebuilding
  // each from its bytes would make a string (and garbage) per occurrence.
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 0x80) return utf8(src, start, end).normalize("NFKC");
    h = Math.imul(h ^ c, 0x01000193);
  }
  const slot = (h ^ (h >>> 15)) & (NAME_CACHE_SIZE - 1);
  const cached = NAME_CACHE[slot];
  if (cached !== undefined && cached.length === len) {
    let i = 0;
    while (i < len && cached.charCodeAt(i) === src[start + i]) i++;
    if (i === len) return cached;
  }
  const s = asciiText(src, start, end);
  NAME_CACHE[slot] = s;
  return s;
}

// Direct-mapped: a collision just replaces the entry. Shared by every tree (it holds no more
// than NAME_CACHE_SIZE short strings and is not part of any tree).
const NAME_CACHE_SIZE = 4096;
const NAME_CACHE: (string | undefined)[] = new Array(NAME_CACHE_SIZE).fill(undefined);

function longName(src: Uint8Array, start: number, end: number): string {
  for (let i = start; i < end; i++) if (src[i]! >= 0x80) return utf8(src, start, end).normalize("NFKC");
  return utf8(src, start, end);
}

// ASCII bytes as a string, up to four characters per fromCharCode call.
function asciiText(src: Uint8Array, start: number, end: number): string {
  let s = "";
  let i = start;
  for (; i + 4 <= end; i += 4) s += String.fromCharCode(src[i]!, src[i + 1]!, src[i + 2]!, src[i + 3]!);
  for (; i < end; i++) s += String.fromCharCode(src[i]!);
  return s;
}

/**
 * The identifier written at `off`: a NAME token, or `*` (the name of `from m import *`'s alias).
 */
export function nameAt(src: Uint8Array, off: number): string {
  if (src[off] === 0x2a) return "*";
  // One pass finds the end of a short ASCII name and hashes it for the cache (as nameText does);
  // anything else takes the general path.
  let h = 0x811c9dc5 | 0;
  let i = off;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (NAME_BYTE[c] === 0) break;
    if (c >= 0x80) return nameText(src, off, nameEnd(src, off));
    h = Math.imul(h ^ c, 0x01000193);
  }
  const len = i - off;
  if (len > 32) return longName(src, off, i);
  const slot = (h ^ (h >>> 15)) & (NAME_CACHE_SIZE - 1);
  const cached = NAME_CACHE[slot];
  if (cached !== undefined && cached.length === len) {
    let j = 0;
    while (j < len && cached.charCodeAt(j) === src[off + j]) j++;
    if (j === len) return cached;
  }
  const s = asciiText(src, off, i);
  NAME_CACHE[slot] = s;
  return s;
}

/**
 * The dotted name written at `off` (`a.b.c` of `import a.b.c` or `from a.b import c`), joined
 * with "." as CPython does: spaces, tabs, form feeds and backslash-newlines may surround each dot
 * in the source. `*` as in nameAt.
 */
export function dottedNameAt(src: Uint8Array, off: number): string {
  if (src[off] === 0x2a) return "*";
  let e = nameEnd(src, off);
  let s = nameText(src, off, e);
  for (;;) {
    let i = skipBlanks(src, e);
    if (src[i] !== 0x2e) return s;
    i = skipBlanks(src, i + 1);
    e = nameEnd(src, i);
    s += "." + nameText(src, i, e);
  }
}

// Spaces, tabs, form feeds and line continuations (a dotted name never spans brackets, so no
// newline or comment can sit inside one).
function skipBlanks(src: Uint8Array, i: number): number {
  for (;;) {
    const c = src[i];
    if (c === 0x20 || c === 0x09 || c === 0x0c) i++;
    else if (c === 0x5c && src[i + 1] === 0x0a) i += 2;
    else return i;
  }
}
