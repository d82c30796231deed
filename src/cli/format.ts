// Renders a syntax error the way CPython's traceback module prints one: the file and line, the
// source line (leading whitespace stripped) and carets under the offending range.
import type { PySyntaxError } from "../index.js";

export function formatSyntaxError(err: PySyntaxError, filename: string, source: Uint8Array): string {
  if (err.lineno === null) return `${err.cls}: ${err.msg}\n`;
  const lines = new TextDecoder("utf-8", { fatal: false }).decode(source).split(/\r\n|\r|\n/);
  let out = `  File "${filename}", line ${err.lineno}\n`;
  const raw = lines[err.lineno - 1];
  if (raw !== undefined && raw.trim() !== "" && err.offset !== null) {
    const chars = Array.from(raw);
    const lead = chars.length - Array.from(raw.trimStart()).length;
    const text = raw.trim();
    out += `    ${text}\n`;
    // Offsets are 1-based characters of the untrimmed line.
    const start = Math.max(0, err.offset - 1 - lead);
    let width = 1;
    if (err.end_lineno === err.lineno && err.end_offset !== null && err.end_offset > err.offset) width = err.end_offset - err.offset;
    const room = Math.max(1, Array.from(text).length - start);
    width = Math.max(1, Math.min(width, room));
    out += `    ${" ".repeat(start)}${"^".repeat(width)}\n`;
  }
  out += `${err.cls}: ${err.msg}\n`;
  return out;
}
