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
 * written with 4 spaces lands in a tab-indented file with tabs. Lines inside a multi-line string
 * literal are re-indented too: callers insert statements, whose strings rarely span lines.
 */
export function reindent(text: string, indent: string, indentFirst: boolean, unit?: string): string {
  const lines = normalizeNewlines(text).split("\n");
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === "") lines.pop();
  let common: string | null = null;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const lead = leadingBlanks(line);
    if (common === null) common = lead;
    else {
      let k = 0;
      while (k < common.length && k < lead.length && common[k] === lead[k]) k++;
      common = common.slice(0, k);
    }
  }
  const cut = common?.length ?? 0;
  // The text's own level: its smallest extra indentation, when every extra indentation is spaces.
  let step = 0;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const extra = leadingBlanks(line.slice(cut));
    if (/[^ ]/.test(extra)) {
      step = -1;
      break;
    }
    if (extra.length > 0 && (step === 0 || extra.length < step)) step = extra.length;
  }
  const relevel = unit !== undefined && step > 0 && unit !== " ".repeat(step);
  return lines
    .map((line, i) => {
      if (line.trim() === "") return "";
      let body = line.slice(cut);
      if (relevel) {
        const extra = leadingBlanks(body).length;
        body = unit.repeat(Math.floor(extra / step)) + " ".repeat(extra % step) + body.slice(extra);
      }
      return i === 0 && !indentFirst ? body : indent + body;
    })
    .join("\n");
}

/** True when the text has more than one non-blank line. */
export function isMultiLine(text: string): boolean {
  return normalizeNewlines(text).trim().includes("\n");
}
