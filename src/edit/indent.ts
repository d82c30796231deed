// Re-indenting inserted statement text to the place it goes: the text's own common indentation
// is removed and the place's indentation put in front of each line.

/** "\r\n" and lone "\r" as "\n" (the tree's source is normalized the same way). */
export function normalizeNewlines(text: string): string {
  return text.indexOf("\r") < 0 ? text : text.replace(/\r\n?/g, "\n");
}

function leadingBlanks(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === " " || line[i] === "\t" || line[i] === "\f")) i++;
  return line.slice(0, i);
}

/**
 * `text` (one or more lines) with its common leading indentation removed and `indent` put before
 * every non-blank line but the first when `indentFirst` is false (the first line then continues
 * a line already indented). Trailing blank lines are dropped. With `unit` (the file's one level
 * of indentation), deeper lines indented with spaces are re-leveled in that unit, so a block
 * written with 4 spaces lands in a tab-indented file with tabs; a line that continues another
 * (inside brackets or a triple-quoted string, after a backslash) moves as far as that line did,
 * keeping its alignment. Lines that start inside a string literal (a triple-quoted string, or a
 * quoted one continued by a backslash) are left exactly as they are: their blanks are the
 * string's content.
 */
export function reindent(text: string, indent: string, indentFirst: boolean, unit?: string): string {
  const lines = normalizeNewlines(text).split("\n");
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const inString = stringLines(lines);
  let common: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || inString[i]) continue;
    const lead = leadingBlanks(line);
    if (common === null) common = lead;
    else {
      let k = 0;
      while (k < common.length && k < lead.length && common[k] === lead[k]) k++;
      common = common.slice(0, k);
    }
  }
  const cut = common?.length ?? 0;
  // Lines that continue a logical line (inside brackets or a triple-quoted string, after a
  // backslash) are aligned to it, not to a block level: they move with the line they continue.
  const cont = continuationLines(lines);
  // The text's own level: its smallest extra indentation, when every extra indentation is spaces.
  let step = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || cont[i] || inString[i]) continue;
    const extra = leadingBlanks(line.slice(cut));
    if (/[^ ]/.test(extra)) {
      step = -1;
      break;
    }
    if (extra.length > 0 && (step === 0 || extra.length < step)) step = extra.length;
  }
  const relevel = unit !== undefined && step > 0 && unit !== " ".repeat(step);
  let shift = 0; // how much the current logical line's first line moved
  return lines
    .map((line, i) => {
      if (inString[i]) return line;
      if (line.trim() === "") return "";
      let body = line.slice(cut);
      if (relevel) {
        const extra = leadingBlanks(body).length;
        if (cont[i]) body = " ".repeat(Math.max(0, extra + shift)) + body.slice(extra);
        else {
          const lead = unit.repeat(Math.floor(extra / step)) + " ".repeat(extra % step);
          shift = lead.length - extra;
          body = lead + body.slice(extra);
        }
      }
      return i === 0 && !indentFirst ? body : indent + body;
    })
    .join("\n");
}

/**
 * For each line, whether it continues the logical line before it: it starts inside brackets or
 * a triple-quoted string, or follows a line ending in a backslash. A light scan of strings and
 * comments (prefixes and f-string fields need no special case for bracket depth).
 */
export function continuationLines(lines: readonly string[]): boolean[] {
  const out: boolean[] = [];
  let depth = 0;
  let triple: string | null = null;
  let backslash = false;
  for (const line of lines) {
    out.push(depth > 0 || triple !== null || backslash);
    backslash = false;
    let quote: string | null = triple;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote !== null) {
        if (c === "\\") i++;
        else if (line.startsWith(quote, i)) {
          i += quote.length - 1;
          quote = null;
        }
        continue;
      }
      if (c === "#") break;
      if (c === "'" || c === '"') quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      if (quote !== null && quote.length === 3) i += 2;
      else if (c === "(" || c === "[" || c === "{") depth++;
      else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
      else if (c === "\\" && i === line.length - 1) backslash = true;
    }
    // A one-quote string ends with its line (an unclosed one is the parser's to report).
    triple = quote !== null && quote.length === 3 ? quote : null;
  }
  return out;
}

/**
 * For each line, whether it starts inside a string literal: a triple-quoted string left open by
 * the lines before, or a quoted string whose previous line ends with a backslash. Such a line's
 * leading blanks are part of the string, so no re-indentation may touch them.
 */
export function stringLines(lines: readonly string[]): boolean[] {
  const out: boolean[] = [];
  let quote: string | null = null;
  for (const line of lines) {
    out.push(quote !== null);
    let i = 0;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote !== null) {
        if (c === "\\") {
          i++;
        } else if (line.startsWith(quote, i)) {
          i += quote.length - 1;
          quote = null;
        }
        continue;
      }
      if (c === "#") break;
      if (c === "'" || c === '"') {
        quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
        i += quote.length - 1;
      }
    }
    // A one-quote string goes on to the next line only after a backslash ending this one.
    if (quote !== null && quote.length === 1 && i <= line.length) quote = null;
  }
  return out;
}

/** True when the text has more than one non-blank line. */
export function isMultiLine(text: string): boolean {
  return normalizeNewlines(text).trim().includes("\n");
}
