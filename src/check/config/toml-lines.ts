// Finds where tables and keys sit in TOML text, so config errors can name a line. smol-toml
// returns plain values without positions; this light line scanner recovers them. It only needs
// to be right for well-formed files (malformed ones are reported by smol-toml with a position).

export interface TomlLocation {
  line: number;
  col: number;
}

interface TableSpan {
  /** Dotted table path with array indices, e.g. `modules.2` or `tool.tach.rules`. */
  path: string;
  /** 1-based line of the header (0 for the implicit top-level table). */
  header: number;
  /** 1-based first and last line of the table body. */
  first: number;
  last: number;
}

export class TomlLocator {
  private readonly lines: string[];
  private readonly tables: TableSpan[] = [];

  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
    const arrayCounts = new Map<string, number>();
    let current: TableSpan = { path: "", header: 0, first: 1, last: this.lines.length };
    this.tables.push(current);
    let multiline: string | null = null;
    let depth = 0;
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i]!;
      if (multiline !== null) {
        if (line.includes(multiline)) multiline = null;
        continue;
      }
      if (depth === 0) {
        const m = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
        if (m !== null) {
          const name = normalizeKeyPath(m[2]!);
          let path = name;
          if (m[1] === "[[") {
            const n = arrayCounts.get(name) ?? 0;
            arrayCounts.set(name, n + 1);
            path = `${name}.${n}`;
          } else {
            path = this.withArrayIndices(name, arrayCounts);
          }
          current.last = i;
          current = { path, header: i + 1, first: i + 2, last: this.lines.length };
          this.tables.push(current);
          continue;
        }
      }
      // Track brackets and multi-line strings so continuation lines are not read as keys.
      const scan = scanBrackets(line);
      depth = Math.max(0, depth + scan.delta);
      multiline = scan.openMultiline;
    }
  }

  // `[modules.depends_on]` style sub-tables of the latest array element get its index.
  private withArrayIndices(name: string, counts: Map<string, number>): string {
    const parts = name.split(".");
    const out: string[] = [];
    for (let k = 0; k < parts.length; k++) {
      out.push(parts[k]!);
      const prefix = parts.slice(0, k + 1).join(".");
      const n = counts.get(prefix);
      if (n !== undefined && k < parts.length - 1) out.push(String(n - 1));
    }
    return out.join(".");
  }

  /** Line of the header of table `path` (e.g. `modules.1`), or null. */
  tableLine(path: string): number | null {
    const t = this.tables.find((t) => t.path === path);
    return t === undefined ? null : t.header;
  }

  /**
   * Position of `key` inside table `path`: first looks for `key =` at the start of a line of the
   * table body, then anywhere (inline tables), then falls back to the header.
   */
  keyLocation(path: string, key: string): TomlLocation {
    const t = this.tables.find((t) => t.path === path) ?? this.parentTable(path);
    if (t === undefined) return { line: 1, col: 1 };
    const k = escapeKey(key);
    const starts = new RegExp(`^(\\s*)(?:${k}|"${k}"|'${k}')\\s*=`);
    const inline = new RegExp(`([{,]\\s*)(?:${k}|"${k}"|'${k}')\\s*=`);
    for (let l = t.first; l <= t.last && l <= this.lines.length; l++) {
      const m = starts.exec(this.lines[l - 1]!);
      if (m !== null) return { line: l, col: m[1]!.length + 1 };
    }
    for (let l = t.first; l <= t.last && l <= this.lines.length; l++) {
      const m = inline.exec(this.lines[l - 1]!);
      if (m !== null) return { line: l, col: m.index + m[1]!.length + 1 };
    }
    return { line: Math.max(1, t.header), col: 1 };
  }

  // For paths inside inline arrays (`modules.0.depends_on.1`), the enclosing real table.
  private parentTable(path: string): TableSpan | undefined {
    const parts = path.split(".");
    while (parts.length > 0) {
      parts.pop();
      const p = parts.join(".");
      const t = this.tables.find((t) => t.path === p);
      if (t !== undefined) return t;
    }
    return undefined;
  }
}

function normalizeKeyPath(s: string): string {
  return s
    .split(".")
    .map((p) => p.trim().replace(/^["']|["']$/g, ""))
    .join(".");
}

function escapeKey(k: string): string {
  return k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function scanBrackets(line: string): { delta: number; openMultiline: string | null } {
  let delta = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "#") break;
    if (c === '"' || c === "'") {
      const triple = line.startsWith(c.repeat(3), i);
      if (triple) {
        const close = line.indexOf(c.repeat(3), i + 3);
        if (close < 0) return { delta, openMultiline: c.repeat(3) };
        i = close + 2;
        continue;
      }
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += c === '"' && line[j] === "\\" ? 2 : 1;
      i = j;
      continue;
    }
    if (c === "[" || c === "{") delta++;
    else if (c === "]" || c === "}") delta--;
  }
  return { delta, openMultiline: null };
}
