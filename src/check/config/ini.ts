// A small INI reader with Python configparser's defaults (what import-linter uses for
// `.importlinter` and `setup.cfg`): `key = value` or `key: value`, indented continuation lines,
// `#`/`;` full-line comments, case-insensitive keys. Never throws: problems come back located.

export interface IniValue {
  value: string;
  line: number;
}

export interface IniSection {
  name: string;
  line: number;
  entries: Map<string, IniValue>;
}

export interface IniError {
  line: number;
  message: string;
}

export function parseIni(text: string): { sections: IniSection[]; errors: IniError[] } {
  const sections: IniSection[] = [];
  const errors: IniError[] = [];
  let current: IniSection | null = null;
  let lastKey: IniValue | null = null;
  let lastIndent = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    const stripped = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (stripped === "" || stripped.startsWith("#") || stripped.startsWith(";")) {
      // configparser keeps empty lines inside multi-line values; they are dropped later anyway.
      continue;
    }
    if (lastKey !== null && indent > lastIndent) {
      lastKey.value += "\n" + stripped;
      continue;
    }
    const sec = /^\[([^\]]+)\]\s*(?:[#;].*)?$/.exec(stripped);
    if (sec !== null && indent === 0) {
      current = { name: sec[1]!, line: lineNo, entries: new Map() };
      sections.push(current);
      lastKey = null;
      continue;
    }
    if (current === null) {
      errors.push({ line: lineNo, message: "File contains no section headers" });
      lastKey = null;
      continue;
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(stripped);
    if (m === null) {
      errors.push({ line: lineNo, message: `Source contains parsing errors: ${JSON.stringify(raw)}` });
      lastKey = null;
      continue;
    }
    const key = m[1]!.toLowerCase();
    if (current.entries.has(key)) {
      errors.push({ line: lineNo, message: `option ${JSON.stringify(key)} in section ${JSON.stringify(current.name)} already exists` });
    }
    lastKey = { value: m[2]!, line: lineNo };
    lastIndent = indent;
    current.entries.set(key, lastKey);
  }
  return { sections, errors };
}

/** import-linter's cleaning rule: a multi-line value is a list of its non-empty lines. */
export function iniValue(v: string): string | string[] {
  if (!v.includes("\n")) return v.trim();
  return v
    .split("\n")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
