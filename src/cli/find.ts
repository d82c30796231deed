// `quarry find`: structural search over Python files, printed like grep (path:line:col: line) or
// as JSON lines. Walks directories (skipping .git, virtual environments and .gitignore'd paths),
// skips before parsing the files that lack a literal every match needs, and skips files CPython
// rejects with a one-line note. Exit: 0 something matched, 1 nothing did, 2 usage or query error.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Tree } from "../ast/tree.js";

const USAGE = `usage: quarry find PATTERN [PATHS...]
       quarry find --select SELECTOR [PATHS...]
       quarry find --rule FILE [PATHS...]

Finds code matching a pattern (Python with metavariables $X, $_, $$$ARGS), a selector
(Call[func.attr="append"], FunctionDef:has(Yield), ...) or a rule file (YAML or JSON).
PATHS default to the current directory.

options:
  --select SELECTOR   match a selector instead of a pattern
  --rule FILE         match a rule file (pattern/select/kind/has/inside/all/any/not/where/...)
  --as MODE           parse PATTERN as a keyword, arg, alias, decorator, ExceptHandler,
                      withitem, comprehension or match_case
  --json              one JSON object per match: file, range {start, end: {line, column}}
                      (lines from 1, columns in UTF-8 bytes from 0), bindings, text
  --count             print path:N for each file with matches
  --explain           print the compiled query's plan (and generated code) to stderr
exit status: 0 if something matched, 1 if nothing did, 2 on a usage or query error`;

interface Opts { pattern?: string; select?: string; rule?: string; as?: string; json: boolean; count: boolean; explain: boolean; paths: string[] }

export async function findCommand(args: string[]): Promise<number> {
  const o: Opts = { json: false, count: false, explain: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = (): string | undefined => args[++i];
    if (a === "--help" || a === "-h") { process.stdout.write(USAGE + "\n"); return 0; }
    else if (a === "--json") o.json = true;
    else if (a === "--count") o.count = true;
    else if (a === "--explain") o.explain = true;
    else if (a === "--select" || a === "--rule" || a === "--as") {
      const v = val();
      if (v === undefined) return usage(`${a} needs a value`);
      if (a === "--select") o.select = v; else if (a === "--rule") o.rule = v; else o.as = v;
    } else if (a.startsWith("--") && a.includes("=")) {
      const [k, v] = [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)];
      if (k === "--select") o.select = v; else if (k === "--rule") o.rule = v; else if (k === "--as") o.as = v;
      else return usage(`unknown option '${k}'`);
    } else if (a.startsWith("-") && a !== "-") return usage(`unknown option '${a}'`);
    else if (o.pattern === undefined && o.select === undefined && o.rule === undefined) o.pattern = a;
    else o.paths.push(a);
  }
  const given = [o.pattern, o.select, o.rule].filter((x) => x !== undefined).length;
  if (given === 0) return usage("find needs a PATTERN, --select or --rule");
  if (given > 1) {
    // `--select S PATH`: a positional read as the pattern is a path.
    if (o.pattern !== undefined) { o.paths.unshift(o.pattern); o.pattern = undefined; }
    if (o.select !== undefined && o.rule !== undefined) return usage("give one of PATTERN, --select and --rule");
  }
  if (o.paths.length === 0) o.paths.push(".");

  const { compileQuery, QueryError } = await import("../query/compile.js");
  const { parse } = await import("../parser/parse.js");
  let q: ReturnType<typeof compileQuery>;
  try {
    if (o.rule !== undefined) {
      let text: string;
      try { text = readFileSync(o.rule, "utf8"); } catch { process.stderr.write(`quarry: cannot read rule file ${o.rule}\n`); return 2; }
      q = compileQuery({ ruleText: text });
    } else if (o.select !== undefined) q = compileQuery({ select: o.select });
    else q = compileQuery(o.as !== undefined ? { pattern: o.pattern!, as: o.as } : o.pattern!);
  } catch (e) {
    if (e instanceof QueryError) {
      printQueryError(e);
      return 2;
    }
    throw e;
  }
  for (const w of q.warnings) process.stderr.write(`quarry: warning ${w.code} ${w.message}\n`);
  const files = collectFiles(o.paths);
  if (files === null) return 2;
  let total = 0;
  const out: string[] = [];
  const flush = () => { if (out.length > 0) { process.stdout.write(out.join("")); out.length = 0; } };
  for (const file of files) {
    let bytes: Uint8Array;
    try { bytes = readFileSync(file); } catch { process.stderr.write(`quarry: ${file}: cannot read\n`); continue; }
    if (!q.mayMatch(bytes)) continue;
    const { tree, error } = parse(bytes);
    if (error !== null) {
      process.stderr.write(`quarry: ${file}: skipped: ${error.cls}: ${error.msg}${error.lineno !== null ? ` (line ${error.lineno})` : ""}\n`);
      continue;
    }
    const matches = q.find(tree);
    if (matches.length === 0) continue;
    total += matches.length;
    if (o.count) { out.push(`${file}:${matches.length}\n`); continue; }
    for (const m of matches) {
      const [l1, c1] = tree.position(m.range.start);
      if (o.json) {
        const [l2, c2] = tree.position(m.range.end);
        const bindings: Record<string, string> = {};
        for (const [k, b] of Object.entries(m.bindings)) bindings[k] = b.text;
        const rec: Record<string, unknown> = { file, range: { start: { line: l1, column: c1 }, end: { line: l2, column: c2 } }, kind: tree.kindName(m.node), text: text(tree, m.range.start, m.range.end), bindings };
        if (m.message !== undefined) rec.message = m.message;
        if (q.id !== undefined) rec.rule = q.id;
        if (m.fix !== undefined) rec.fix = m.fix;
        out.push(JSON.stringify(rec) + "\n");
      } else {
        const lineText = lineAt(tree, l1);
        const msg = m.message !== undefined ? `${q.id !== undefined ? q.id + ": " : ""}${m.message}` : lineText;
        out.push(`${file}:${l1}:${c1 + 1}: ${msg}\n`);
      }
    }
    if (out.length > 256) flush();
  }
  flush();
  if (o.explain) process.stderr.write(q.explain() + "\n");
  return total > 0 ? 0 : 1;
}

/** The .py/.pyi files under `paths` (directories walked in name order), or null after reporting a missing path. */
export function collectFiles(paths: readonly string[]): string[] | null {
  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) { process.stderr.write(`quarry: ${p}: no such file or directory\n`); return null; }
    if (statSync(p).isDirectory()) walk(p, p, [], files);
    else files.push(p);
  }
  return files;
}

/** Prints a QueryError's diagnostics with a caret under the query text; `where` names the source. */
export function printQueryError(e: { diagnostics: readonly { code: string; message: string; source: string; line: number; column: number; start: number; end: number }[] }, where = ""): void {
  for (const d of e.diagnostics) {
    const line = d.source.split("\n")[d.line - 1] ?? "";
    process.stderr.write(`quarry: ${where}${where ? `:${d.line}:${d.column + 1}: ` : ""}${d.code} ${d.message}\n  ${line}\n  ${" ".repeat(d.column)}${"^".repeat(Math.max(1, Math.min(d.end - d.start, line.length - d.column)))}\n`);
  }
}

function usage(msg: string): number {
  process.stderr.write(`quarry: ${msg}\n\n${USAGE}\n`);
  return 2;
}

const decoder = new TextDecoder();
function text(t: Tree, s: number, e: number): string {
  return decoder.decode(t.source.subarray(s, e));
}
function lineAt(t: Tree, line: number): string {
  const ls = t.lineStarts;
  const s = ls[line - 1]!;
  const e = line < t.lineCount ? ls[line]! - 1 : t.source.length;
  return text(t, s, Math.max(s, e)).replace(/\r$/, "");
}

const SKIP_DIRS = new Set([".git", ".hg", ".svn", "__pycache__", "node_modules", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);

/** Collects .py/.pyi files under `dir` (sorted), honouring .gitignore files on the way down. */
function walk(root: string, dir: string, rules: { base: string; ig: Ignore }[], out: string[]): void {
  // An explicit stack would do too; directory depth is bounded by the file system's path limit.
  let here = rules;
  const gi = join(dir, ".gitignore");
  if (existsSync(gi)) {
    try { here = [...rules, { base: dir, ig: ignore().add(readFileSync(gi, "utf8")) }]; } catch { /* unreadable: ignore it */ }
  }
  let names: string[];
  try { names = readdirSync(dir).sort(); } catch { return; }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try { st = statSync(p); } catch { continue; }
    const isDir = st.isDirectory();
    if (isDir && (SKIP_DIRS.has(name) || existsSync(join(p, "pyvenv.cfg")))) continue;
    if (ignored(here, p, isDir)) continue;
    if (isDir) walk(root, p, here, out);
    else if (name.endsWith(".py") || name.endsWith(".pyi")) out.push(p);
  }
}

function ignored(rules: { base: string; ig: Ignore }[], p: string, isDir: boolean): boolean {
  for (const r of rules) {
    const rel = relative(r.base, p).split(sep).join("/");
    if (rel === "" || rel.startsWith("..")) continue;
    if (r.ig.ignores(isDir ? rel + "/" : rel)) return true;
  }
  return false;
}
