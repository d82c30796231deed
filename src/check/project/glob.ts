// Glob matching on dotted module paths, in the two dialects quarry check must speak:
// Tach (globset over `/`-joined segments: `*` one segment, `**` zero or more segments) and
// import-linter module expressions (`*` one segment, `**` one or more segments).

/** True when `s` contains unescaped glob syntax (`* ? [ ] { }`), as Tach decides it. */
export function hasGlobSyntax(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "*" || c === "?" || c === "[" || c === "]" || c === "{" || c === "}") return true;
  }
  return false;
}

/** Converts glob text (no separators considered) to a regex source; `*` never crosses `sep`. */
function globBody(p: string, sep: string | null): string {
  const anyChar = sep === null ? "." : `[^${escapeRe(sep)}]`;
  let out = "";
  let braceDepth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\" && i + 1 < p.length) {
      out += escapeRe(p[++i]!);
    } else if (c === "*") {
      out += anyChar + "*";
    } else if (c === "?") {
      out += anyChar;
    } else if (c === "[") {
      const close = p.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = p.slice(i + 1, close);
      if (body.startsWith("!")) body = "^" + body.slice(1);
      out += "[" + body.replace(/\\/g, "\\\\") + "]";
      i = close;
    } else if (c === "{") {
      braceDepth++;
      out += "(?:";
    } else if (c === "}" && braceDepth > 0) {
      braceDepth--;
      out += ")";
    } else if (c === "," && braceDepth > 0) {
      out += "|";
    } else {
      out += escapeRe(c);
    }
  }
  while (braceDepth-- > 0) out += ")";
  return out;
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A compiled dotted-path glob. */
export interface ModuleGlob {
  readonly source: string;
  matches(dotted: string): boolean;
}

type Seg = { any: true; min: number } | { any: false; re: RegExp; literal: string | null };

/**
 * Compiles a dotted module glob. `**` (a whole segment) matches at least `doubleStarMin`
 * segments: 0 for Tach, 1 for import-linter. Any other segment may use `*`, `?`, `[..]`, `{a,b}`
 * and matches exactly one segment.
 */
export function compileModuleGlob(pattern: string, doubleStarMin: 0 | 1): ModuleGlob {
  const segs: Seg[] = pattern.split(".").map((s): Seg => {
    if (s === "**") return { any: true, min: doubleStarMin };
    if (!hasGlobSyntax(s)) return { any: false, re: /^$/, literal: s.replace(/\\(.)/g, "$1") };
    return { any: false, re: new RegExp("^" + globBody(s, null) + "$", "u"), literal: null };
  });
  // Memoized on (segment, part) so patterns with many `**` stay polynomial.
  const matches = (dotted: string): boolean => {
    const parts = dotted === "" ? [] : dotted.split(".");
    const memo = new Map<number, boolean>();
    const width = parts.length + 1;
    const match = (si: number, pi: number): boolean => {
      if (si === segs.length) return pi === parts.length;
      const key = si * width + pi;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const seg = segs[si]!;
      let ok = false;
      if (seg.any) {
        for (let k = pi + seg.min; k <= parts.length && !ok; k++) ok = match(si + 1, k);
      } else if (pi < parts.length) {
        const part = parts[pi]!;
        ok = (seg.literal !== null ? seg.literal === part : seg.re.test(part)) && match(si + 1, pi + 1);
      }
      memo.set(key, ok);
      return ok;
    };
    return match(0, 0);
  };
  return { source: pattern, matches };
}

/**
 * Tach `visibility` patterns: globset over the dotted path with `/` as the only separator, so
 * `*` may span dots (Tach quirk, kept: users write `a.*` meaning "anything under a").
 */
export function compileVisibilityGlob(pattern: string): ModuleGlob {
  const re = new RegExp("^" + globBody(pattern, "/") + "$", "u");
  return { source: pattern, matches: (dotted) => re.test(dotted) };
}

/** A Tach interface pattern: `^pattern$`, a regular expression; `null` when it does not compile. */
export function compileAnchoredRegex(pattern: string): RegExp | null {
  try {
    return new RegExp("^" + pattern + "$", "u");
  } catch {
    try {
      return new RegExp("^" + pattern + "$");
    } catch {
      return null;
    }
  }
}
