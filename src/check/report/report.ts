// Rendering of Tach-mode results: the grouped text report (Tach 0.35's layout), Tach's JSON,
// SARIF 2.1.0 and GitHub Actions annotations. Pure functions: data in, text out.
import { type Diagnostic, type DiagGroup, message, group, toTachJson } from "../rules/diagnostics.js";
import { type Host, joinPath, dirname, relativePath } from "../host.js";

export interface TextStyle {
  /** Emoji icons (an attended terminal) instead of `[FAIL]`/`[WARN]`. */
  emoji: boolean;
  color: boolean;
}

const GROUP_ORDER: DiagGroup[] = ["General", "Configuration", "Interfaces", "Internal Dependencies"];
const FOOTERS: Partial<Record<DiagGroup, string>> = {
  Interfaces:
    "If you intended to change an interface, edit the '[[interfaces]]' section of tach.toml.\nOtherwise, remove any disallowed imports and consider refactoring.",
  "Internal Dependencies":
    "If you intended to add a new dependency, run 'tach sync' to update your module configuration.\nOtherwise, remove any disallowed imports and consider refactoring.",
};

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function failIcon(style: TextStyle): string {
  return style.emoji ? "❌" : "[FAIL]";
}
export function warnIcon(style: TextStyle): string {
  return style.emoji ? "⚠️ " : "[WARN]";
}

/** One diagnostic line: `{icon} {path:line | Error | Warning}: {message}`. */
export function formatLine(d: Diagnostic, style: TextStyle): string {
  const loc = d.file === null ? d.severity : `${d.file}:${d.line}`;
  const err = d.severity === "Error";
  const icon = err ? failIcon(style) : warnIcon(style);
  return `${icon} ${paint(style.color, err ? "1;31" : "1;33", loc)}${paint(style.color, "1;33", ":")} ${paint(style.color, "33", message(d))}`;
}

/** Groups in Tach's order; inside a group warnings first, then global, then by path (stable). */
export function formatGrouped(diags: Diagnostic[], style: TextStyle): string {
  const parts: string[] = [];
  for (const g of GROUP_ORDER) {
    const members = diags.filter((d) => group(d) === g);
    if (members.length === 0) continue;
    const sorted = members
      .map((d, i) => ({ d, i }))
      .sort((a, b) => {
        if (a.d.severity !== b.d.severity) return a.d.severity === "Warning" ? -1 : 1;
        if (a.d.file !== b.d.file) {
          if (a.d.file === null) return -1;
          if (b.d.file === null) return 1;
          return a.d.file < b.d.file ? -1 : 1;
        }
        return a.i - b.i;
      })
      .map((x) => x.d);
    // The header takes the colour of the group's first diagnostic's severity, as in Tach.
    const header = paint(style.color, members[0]!.severity === "Error" ? "1;31" : "1;33", g);
    const body = sorted.map((d) => formatLine(d, style)).join("\n");
    const footer = FOOTERS[g];
    parts.push(footer === undefined ? `${header}\n${body}` : `${header}\n${body}\n\n${paint(style.color, "33", footer)}`);
  }
  return parts.join("\n\n");
}

export function formatUnused(unused: [string, string[]][], style: TextStyle): string {
  const lines = unused.map(([m, deps]) => `${failIcon(style)} '${m}' does not depend on: [${deps.map((d) => `'${d}'`).join(", ")}]`);
  return (
    `${paint(style.color, "1;31", "Unused Dependencies")}\n${lines.join("\n")}\n\n` +
    paint(
      style.color,
      "33",
      "Remove the unused dependencies from tach.toml, or consider running 'tach sync' to update module configuration and remove all unused dependencies.",
    )
  );
}

export function formatTachJson(diags: Diagnostic[]): string {
  return JSON.stringify(diags.map(toTachJson), null, 2);
}

/** A finding in tool-neutral form, for SARIF and GitHub annotations. */
export interface Finding {
  ruleId: string;
  level: "error" | "warning";
  message: string;
  /** Absolute path of the file the finding is about, or null when it has none. */
  file: string | null;
  /** 1-based line and column (1 when unknown). */
  line: number;
  col: number;
}

/** Findings for Tach diagnostics; `root` is the project root their paths are relative to. */
export function tachFindings(diags: Diagnostic[], root: string): Finding[] {
  return diags.map((d) => {
    const loc = d.file !== null ? { file: d.file, line: d.line, col: d.col ?? 1 } : (d.at ?? null);
    return {
      ruleId: "code" in d.details ? d.details.code.kind : d.details.config.kind,
      level: d.severity === "Error" ? "error" : "warning",
      message: message(d),
      file: loc === null ? null : joinPath(root, loc.file),
      line: Math.max(1, loc?.line ?? 1),
      col: Math.max(1, loc?.col ?? 1),
    };
  });
}

/**
 * Where SARIF and GitHub paths are relative to: the repository root (the nearest folder at or
 * above the working directory holding `.git`) when there is one, else the working directory.
 */
export function findingsBase(host: Pick<Host, "cwd" | "stat">): string {
  const cwd = host.cwd();
  for (let d = cwd; ; d = dirname(d)) {
    if (host.stat(joinPath(d, ".git")) !== null) return d;
    if (dirname(d) === d) return cwd;
  }
}

const rel = (base: string, file: string) => relativePath(base, file);
// A relative path as a URI reference: each segment percent-encoded.
const uriOf = (path: string) => path.split("/").map(encodeURIComponent).join("/");

/**
 * SARIF 2.1.0 log with one run. Paths are relative to `base`, declared as the run's
 * `%SRCROOT%` (originalUriBaseIds); findings without a file have no location.
 */
export function formatSarif(findings: Finding[], toolVersion: string, base: string): string {
  const rules = [...new Set(findings.map((f) => f.ruleId))].sort();
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "quarry",
            version: toolVersion,
            rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        originalUriBaseIds: {
          "%SRCROOT%": { uri: "file://" + uriOf(base.endsWith("/") ? base : base + "/") },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: rules.indexOf(f.ruleId),
          level: f.level,
          message: { text: f.message },
          ...(f.file === null
            ? {}
            : {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: uriOf(rel(base, f.file)), uriBaseId: "%SRCROOT%" },
                      region: { startLine: f.line, startColumn: f.col },
                    },
                  },
                ],
              }),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

// GitHub workflow commands escape %, \r and \n in data, and also : and , in properties.
const escData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escProp = (s: string) => escData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** GitHub Actions workflow commands, one per finding; paths relative to `base`. */
export function formatGithub(findings: Finding[], base: string): string {
  return findings
    .map((f) => {
      const props =
        f.file === null
          ? `title=${escProp(f.ruleId)}`
          : `file=${escProp(rel(base, f.file))},line=${f.line},col=${f.col},title=${escProp(f.ruleId)}`;
      return `::${f.level} ${props}::${escData(f.message)}`;
    })
    .join("\n");
}
