// `quarry scan`: runs a directory of rule files (YAML or JSON, one rule each) over Python files
// and reports the matches like `quarry check`: text, JSON lines, SARIF 2.1.0 or GitHub
// annotations. Exit: 1 when a rule of severity error matched, 0 otherwise, 2 on a usage or rule error.
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { collectFiles, printQueryError, parseJobs } from "./find.js";
import { searchFiles, defaultThreads, LONG_RUN_FILES, type SearchJob, type ScanFinding } from "./search-files.js";

const USAGE = `usage: quarry scan [PATHS...] [--rules DIR] [--format text|json|sarif|github] [--jobs N]

Runs every rule file (*.yml, *.yaml, *.json) in DIR (default: .quarry/rules) over the Python
files under PATHS (default: .). A rule has id, a rule body (pattern, select, kind, has, inside,
all, any, not, ...), message, and optionally severity (error, warning; default warning), where,
focus and fix. --jobs N searches with N threads (default: one per core, up to 8, on 3 or more
cores for 200 files or more, else 1). Exit status: 1 if a rule of severity error matched, 0 otherwise, 2 on a usage or
rule error.`;

export async function scanCommand(args: string[]): Promise<number> {
  let rulesDir = join(".quarry", "rules");
  let format = "text";
  const paths: string[] = [];
  let jobs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    if (a === "--jobs" || a === "-j" || a.startsWith("--jobs=")) {
      const n = parseJobs(a.startsWith("--jobs=") ? a.slice(7) : args[++i]);
      if (n === null) return usage("--jobs needs a number of threads from 1 to 64");
      jobs = n;
      continue;
    }
    if (a === "--rules" || a === "--format") {
      const v = args[++i];
      if (v === undefined) return usage(`${a} needs a value`);
      if (a === "--rules") rulesDir = v;
      else format = v;
    } else if (a.startsWith("-")) return usage(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (!["text", "json", "sarif", "github"].includes(format)) return usage(`unknown format '${format}'`);
  if (!existsSync(rulesDir) || !statSync(rulesDir).isDirectory()) {
    process.stderr.write(`quarry: no rules directory ${rulesDir} (give one with --rules DIR)\n`);
    return 2;
  }
  const { compileQuery, QueryError } = await import("../query/compile.js");
  const { parse } = await import("../parser/parse.js");
  const rules: { file: string; q: ReturnType<typeof compileQuery>; severity: "error" | "warning"; text: string }[] = [];
  for (const name of readdirSync(rulesDir).sort()) {
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    const file = join(rulesDir, name);
    const text = readFileSync(file, "utf8");
    try {
      const q = compileQuery({ ruleText: text });
      for (const w of q.warnings) process.stderr.write(`quarry: ${file}:${w.line}:${w.column + 1}: warning ${w.code} ${w.message}\n`);
      rules.push({ file, q, severity: q.severity === "error" ? "error" : "warning", text });
    } catch (e) {
      if (e instanceof QueryError) {
        printQueryError(e, file);
        return 2;
      }
      throw e;
    }
  }
  if (rules.length === 0) {
    process.stderr.write(`quarry: no rule files in ${rulesDir}\n`);
    return 2;
  }
  const files = collectFiles(paths.length === 0 ? ["."] : paths);
  if (files === null) return 2;
  // `file` is absolute (SARIF and GitHub paths are made relative to the repository root); `shown` as given.
  const findings: ScanFinding[] = [];
  const job: SearchJob = {
    mode: "scan",
    specs: rules.map((r) => ({ ruleText: r.text })),
    rules: rules.map((r) => ({ file: r.file, severity: r.severity })),
  };
  await searchFiles(
    files,
    job,
    { queries: rules.map((r) => r.q), parse },
    jobs ?? defaultThreads(files.length),
    process.stderr.isTTY === true && files.length >= LONG_RUN_FILES,
    (r, write) => {
      write("err", r.err);
      for (const f of r.findings) findings.push(f);
    },
  );
  findings.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : a.line - b.line || a.column - b.column));
  if (format === "sarif" || format === "github") {
    const { formatSarif, formatGithub, findingsBase } = await import("../check/report/report.js");
    const { QUARRY_VERSION } = await import("../check/version.js");
    const { createNodeHost } = await import("./check-host.js");
    const base = findingsBase(createNodeHost());
    const out = format === "sarif" ? formatSarif(findings, QUARRY_VERSION, base) : formatGithub(findings, base);
    if (out !== "") process.stdout.write(out + "\n");
  } else if (format === "json") {
    for (const f of findings)
      process.stdout.write(
        JSON.stringify({
          rule: f.ruleId,
          severity: f.level,
          message: f.message,
          file: f.shown,
          range: { start: { line: f.line, column: f.column }, end: { line: f.endLine, column: f.endColumn } },
        }) + "\n",
      );
  } else {
    for (const f of findings) process.stdout.write(`${f.shown}:${f.line}:${f.column + 1}: ${f.level}[${f.ruleId}] ${f.message}\n`);
    const errors = findings.filter((f) => f.level === "error").length;
    process.stdout.write(
      findings.length === 0
        ? `no findings (${rules.length} rule${rules.length === 1 ? "" : "s"}, ${files.length} file${files.length === 1 ? "" : "s"})\n`
        : `${findings.length} finding${findings.length === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"})\n`,
    );
  }
  return findings.some((f) => f.level === "error") ? 1 : 0;
}

function usage(msg: string): number {
  process.stderr.write(`quarry: ${msg}\n\n${USAGE}\n`);
  return 2;
}
