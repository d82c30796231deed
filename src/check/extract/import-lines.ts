// The source lines a check quotes, captured from a file's bytes when it is extracted: the text of
// each line an imported name is on (import-linter's reports show it). Nothing reads a file twice.
import type { ExtractResult } from "./imports.js";

/**
 * One file as a check keeps it: its extraction and the lines its reports can quote, both taken
 * from the same bytes (a file edited after it was read never mixes two versions).
 */
export interface FileExtraction {
  readonly data: ExtractResult;
  /**
   * `lines[n - 1]` is line n's text (as `decodeUtf8(bytes).split(/\r\n|\r|\n/)` gives it) for each
   * line an imported name is on; every other slot is empty. Null when the extractor was not asked
   * for lines (only import-linter quotes them: a Tach-only run does not pay for them).
   */
  readonly lines: readonly string[] | null;
}

// Non-first lines keep a leading U+FEFF (decodeUtf8 drops one only at the start of the file).
const inner = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const first = new TextDecoder("utf-8", { fatal: false });

/**
 * The text of the lines `data`'s imported names are on, read from `bytes` (the bytes `data` was
 * extracted from). Each line is exactly what splitting the whole decoded file at `\r\n`, `\r` and
 * `\n` gives (a UTF-8 decoder never swallows one of those bytes, so decoding line by line agrees),
 * but only the lines asked for are decoded. Line numbers past the end of the file are left empty.
 */
export function captureImportLines(data: ExtractResult, bytes: Uint8Array): string[] {
  const out: string[] = [];
  const wanted: number[] = [];
  for (const imp of data.imports) for (const n of imp.names) if (n.line >= 1) wanted.push(n.line);
  if (wanted.length === 0) return out;
  // Names come in source order almost always; sort only when they do not.
  for (let i = 1; i < wanted.length; i++) {
    if (wanted[i]! < wanted[i - 1]!) {
      wanted.sort((a, b) => a - b);
      break;
    }
  }
  const n = bytes.length;
  // Without a carriage return anywhere, line ends are found with the native indexOf.
  const cr = bytes.indexOf(13) >= 0;
  const lineEnd = (from: number): number => {
    if (!cr) {
      const i = bytes.indexOf(10, from);
      return i < 0 ? n : i;
    }
    for (let i = from; i < n; i++) {
      const b = bytes[i]!;
      if (b === 10 || b === 13) return i;
    }
    return n;
  };
  let line = 1;
  let start = 0;
  let end = lineEnd(0);
  for (const want of wanted) {
    if (want === line && out[line - 1] !== undefined) continue;
    while (line < want) {
      if (end >= n) return out; // the file has fewer lines
      start = end + (bytes[end] === 13 && bytes[end + 1] === 10 ? 2 : 1);
      end = lineEnd(start);
      line++;
    }
    out[line - 1] = lineText(bytes, start, end, line === 1);
  }
  return out;
}

// Each line is decoded on its own (a fresh string): slices of the whole decoded file would keep
// all of its text alive for as long as the check keeps the lines.
function lineText(bytes: Uint8Array, start: number, end: number, isFirst: boolean): string {
  if (!isFirst) return inner.decode(bytes.subarray(start, end));
  const s = first.decode(bytes.subarray(start, end));
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
