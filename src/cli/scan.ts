// `quarry scan`: runs a directory of rule files (YAML or JSON, one rule each) over Python files
// and reports the matches like `quarry check`: text, JSON lines, SARIF 2.1.0 or GitHub
// annotations. Exit: 1 when a rule of severity error matched, 0 otherwise, 2 on a usage or rule error.
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { collectFiles, printQueryError } from "./find.js";
import type { Finding } from "../check/report/report.js";

const USAGE = `usage: quarry scan [PATHS...] [--rules DIR] [--format text|json|sarif|github]

Runs every rule file (*.yml, *.yaml, *.json) in DIR (default: .quarry/rules) over the Python
files under PATHS (default: .). A rule has id, a rule body (pattern, select, kind, has, inside,
all, any, not, ...), message, and optionally severity (error, warning; default warning), where,
focus and fix. Exit status: 1 if a rule of severity error matched, 0 otherwise, 2 on a usage or
rule error.`;

export async function scanCommand(args: string[]): Promise<number> {
  let rulesDir = join(".quarry", "rules");
  let format = "text";
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--help" || a === "-h") { process.stdout.write(USAGE + "\n"); return 0; }
    if (a === "--rules" || a === "--format") {
      const v = args[++i];
      if (v === undefined) return usage(`${a} needs a value`);
      if (a === "--rules") rulesDir = v; else format = v;
    } else if (a.startsWith("-")) return usage(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (!["text", "json", "sarif", "github"].includes(format)) return usage(`unknown format '${format}'`);
  if (!existsSync(rulesDir) || !statSync(rulesDir).isDirectory()) { process.stderr.write(`quarry: no rules directory ${rulesDir} (give one with --rules DIR)\n`); return 2; }
  const { compileQuery, QueryError } = await import("../query/compile.js");
  const { parse } = await import("../parser/parse.js");
  const rules: { file: string; q: ReturnType<typeof compileQuery>; severity: "error" | "warning" }[] = [];
  for (const name of readdirSync(rulesDir).sort()) {
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    const file = join(rulesDir, name);
    const text = readFileSync(file, "utf8");
    try {
      const q = compileQuery({ ruleText: text });
      for (const w of q.warnings) process.stderr.write(`quarry: ${file}:${w.line}:${w.column + 1}: warning ${w.code} ${w.message}\n`);
      rules.push({ file, q, severity: q.severity === "error" ? "error" : "warning" });
    } catch (e) {
      if (e instanceof QueryError) { printQueryError(e, file); return 2; }
      throw e;
    }
  }
  if (rules.length === 0) { process.stderr.write(`quarry: no rule files in ${rulesDir}\n`); return 2; }
  const files = collectFiles(paths.length === 0 ? ["."] : paths);
  if (files === null) return 2;
  // `file` is absolute (SARIF and GitHub paths are made relative to the repository root); `shown` as given.
  const findings: (Finding & { shown: string; column: number; endLine: number; endColumn: number })[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try { bytes = readFileSync(file); } catch { continue; }
    const live = rules.filter((r) => r.q.mayMatch(bytes));
    if (live.length === 0) continue;
    const { tree, error } = parse(bytes);
    if (error !== null) { process.stderr.write(`quarry: ${file}: skipped: ${error.cls}: ${error.msg}${error.lineno !== null ? ` (line ${error.lineno})` : ""}\n`); continue; }
    for (const r of live) {
      for (const m of r.q.find(tree)) {
        const [line, col] = tree.position(m.range.start);
        const [endLine, endCol] = tree.position(m.range.end);
        findings.push({ ruleId: r.q.id ?? r.file, level: r.severity, message: m.message ?? (r.q.id ?? "match"), file: resolve(file), shown: file, line, col: col + 1, column: col, endLine, endColumn: endCol });
      }
    }
  }
  findings.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : a.line - b.line || a.column - b.column));
  if (format === "sarif" || format === "github") {
    const { formatSarif, formatGithub, findingsBase } = await import("../check/report/report.js");
    const { QUARRY_VERSION } = await import("../check/version.js");
    const { createNodeHost } = await import("./check-host.js");
    const base = findingsBase(createNodeHost());
    const out = format === "sarif" ? formatSarif(findings, QUARRY_VERSION, base) : formatGithub(findings, base);
    if (out !== "") process.stdout.write(out + "\n");
  } else if (format === "json") {
    for (const f of findings) process.stdout.write(JSON.stringify({ rule: f.ruleId, severity: f.level, message: f.message, file: f.shown, range: { start: { line: f.line, column: f.column }, end: { line: f.endLine, column: f.endColumn } } }) + "\n");
  } else {
    for (const f of findings) process.stdout.write(`${f.shown}:${f.line}:${f.column + 1}: ${f.level}[${f.ruleId}] ${f.message}\n`);
    const errors = findings.filter((f) => f.level === "error").length;
    process.stdout.write(findings.length === 0 ? `no findings (${rules.length} rule${rules.length === 1 ? "" : "s"}, ${files.length} file${files.length === 1 ? "" : "s"})\n` : `${findings.length} finding${findings.length === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"})\n`);
  }
  return findings.some((f) => f.level === "error") ? 1 : 0;
}

function usage(msg: string): number {
  process.stderr.write(`quarry: ${msg}\n\n${USAGE}\n`);
  return 2;
}
