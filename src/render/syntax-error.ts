// Renders a syntax error exactly as CPython's traceback.format_exception_only prints the
// SyntaxError that compile() raises: the file and line, the error's source line (leading spaces
// and form feeds stripped, tabs kept), carets under the offending range, then `Class: message`.
// Other error classes (MemoryError, RecursionError) print as `Class: message` alone.
import { decodeSource } from "../core/source.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import { findKeywordTypo } from "./keyword-typos.js";
import { showsUndecodedLine } from "../parser/error-line.js";

const SYNTAX_CLASSES = new Set(["SyntaxError", "IndentationError", "TabError"]);

/** The source as CPython's tokenizer holds it (decoded, newlines normalized), split into lines. */
export function sourceLines(source: Uint8Array): string[] {
  const decoded = decodeSource(source);
  const text =
    decoded.error === null ? new TextDecoder("utf-8").decode(decoded.bytes) : new TextDecoder("utf-8", { fatal: false }).decode(source);
  return text.split(/\r\n?|\n/);
}

// The source as given, read as UTF-8 with replacement: CPython's text for an error on a line its
// tokenizer has left, in a source with a declared encoding (parser/error-line.ts).
function undecodedLines(source: Uint8Array): string[] {
  const s = source[0] === 0xef && source[1] === 0xbb && source[2] === 0xbf ? source.subarray(3) : source;
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(s).split(/\r\n?|\n/);
}

const cp = (s: string) => Array.from(s);

/**
 * The text CPython prints for `err` (raised by compiling `source` as `filename`), ending in a newline:
 * traceback's `format_exception_only` output, keyword suggestions included. Pure: no I/O.
 */
export function formatSyntaxError(err: PySyntaxError, filename: string, source: Uint8Array): string {
  if (!SYNTAX_CLASSES.has(err.cls)) return err.msg === "" ? `${err.cls}\n` : `${err.cls}: ${err.msg}\n`;
  let out = "";
  let suffix = "";
  if (err.lineno !== null) out += `  File "${filename || "<string>"}", line ${err.lineno}\n`;
  // compile() refuses NUL bytes before it knows a filename: that SyntaxError has none.
  else if (err.msg !== "source code string cannot contain null bytes") suffix = ` (${filename})`;
  let msg = err.msg;
  let lineno = err.lineno;
  let endLineno = err.end_lineno;
  let offset = err.offset;
  let endOffset = err.end_offset;
  // CPython's text: the error's line from the tokenizer's buffer (the last line when past the end).
  let text: string | null = null;
  // future.c raises its errors after parsing with the line read back from the file, which
  // compile() of a string cannot do: these come without a source line.
  const noText =
    err.msg === "not a chance" ||
    /^future feature .* is not defined$/.test(err.msg) ||
    err.msg === "from __future__ imports must occur at the beginning of the file";
  if (lineno !== null && lineno > 0 && !noText) {
    const lines = showsUndecodedLine(err) ? undecodedLines(source) : sourceLines(source);
    text = lines[Math.min(lineno, lines.length) - 1] ?? "";
    const typo = findKeywordTypo(err, source, lines);
    if (typo !== null) ({ text, msg, lineno, endLineno, offset, endOffset } = typo);
  }
  if (text !== null) {
    const rtext = text.replace(/\n+$/, "");
    const ltext = rtext.replace(/^[ \n\f]+/, "");
    const spaces = cp(rtext).length - cp(ltext).length;
    if (offset === null) out += `    ${ltext}\n`;
    else {
      const textLen = cp(text).length;
      const rLen = cp(rtext).length;
      let off = offset;
      let end = lineno === endLineno ? (endOffset !== null && endOffset !== 0 ? endOffset : off) : rLen + 1;
      if (text !== "" && off > textLen) off = rLen + 1;
      if (text !== "" && end > textLen) end = rLen + 1;
      if (off >= end || end < 0) end = off + 1;
      const colno = off - 1 - spaces;
      const endColno = end - 1 - spaces;
      out += `    ${ltext}\n`;
      if (colno >= 0) {
        // Whitespace other than spaces (tabs) is kept so the carets line up.
        const caretSpace = cp(ltext)
          .slice(0, colno)
          .map((c) => (/\s/u.test(c) ? c : " "))
          .join("");
        out += `    ${caretSpace}${"^".repeat(Math.max(0, endColno - colno))}\n`;
      }
    }
  }
  out += `${err.cls}: ${msg || "<no detail available>"}${suffix}\n`;
  return out;
}
