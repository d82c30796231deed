// `quarry find`: structural search over Python files, printed like grep (path:line:col: line) or
// as JSON lines. Walks directories (skipping .git, virtual environments and .gitignore'd paths),
// skips before parsing the files that lack a literal every match needs, and skips files CPython
// rejects with a one-line note. Exit: 0 something matched, 1 nothing did, 2 usage or query error.
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Tree } from "../ast/tree.js";
import type { FixSkip, Query, QuerySpec } from "../query/compile.js";
import { searchFiles, defaultThreads, LONG_RUN_FILES, type SearchJob } from "./search-files.js";
import { sourceText } from "./source-text.js";

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
  --rewrite TEMPLATE  replace each match by TEMPLATE ($X substituted, re-indented) and print
                      the changes as a unified diff (a rule file's own fix is used without it)
  --write             with --rewrite or a rule's fix: also write the rewritten files in place
                      (each is parsed again first; a file whose result is not valid Python is
                      left alone and reported; CRLF line ends, a BOM and a declared
                      single-byte encoding are kept)
  --until-fixpoint[=N]
                      with --rewrite or a rule's fix: apply the fixes again to the rewritten
                      file until nothing matches or nothing changes, at most N passes (default
                      10); says so when it stops without converging. Without it, one pass
  --explain           print the compiled query's plan (and generated code) to stderr
  --jobs N            search with N threads (this one and N-1 workers); the default is one
                      per core (up to 8) on 3 or more cores for 200 files or more, else 1
exit status: 0 if something matched, 1 if nothing did, 2 on a usage or query error`;

interface Opts {
  pattern?: string;
  select?: string;
  rule?: string;
  as?: string;
  rewrite?: string;
  write: boolean;
  /** Passes of --until-fixpoint (1 without it). */
  passes: number;
  json: boolean;
  count: boolean;
  explain: boolean;
  jobs?: number;
  paths: string[];
}

export async function findCommand(args: string[]): Promise<number> {
  const o: Opts = { write: false, passes: 1, json: false, count: false, explain: false, paths: [] };
  let fixpoint = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = (): string | undefined => args[++i];
    if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE + "\n");
      return 0;
    } else if (a === "--json") o.json = true;
    else if (a === "--count") o.count = true;
    else if (a === "--explain") o.explain = true;
    else if (a === "--write") o.write = true;
    else if (a === "--until-fixpoint" || a.startsWith("--until-fixpoint=")) {
      const v = a === "--until-fixpoint" ? "10" : a.slice(17);
      if (!/^[1-9][0-9]{0,3}$/.test(v)) return usage("--until-fixpoint=N needs a number of passes from 1 to 9999");
      o.passes = Number(v);
      fixpoint = true;
    } else if (a === "--jobs" || a === "-j" || a.startsWith("--jobs=")) {
      const v = a.startsWith("--jobs=") ? a.slice(7) : val();
      const n = parseJobs(v);
      if (n === null) return usage(`--jobs needs a number of threads from 1 to 64`);
      o.jobs = n;
    } else if (a === "--select" || a === "--rule" || a === "--as" || a === "--rewrite") {
      const v = val();
      if (v === undefined) return usage(`${a} needs a value`);
      if (a === "--select") o.select = v;
      else if (a === "--rule") o.rule = v;
      else if (a === "--as") o.as = v;
      else o.rewrite = v;
    } else if (a.startsWith("--") && a.includes("=")) {
      const [k, v] = [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)];
      if (k === "--select") o.select = v;
      else if (k === "--rule") o.rule = v;
      else if (k === "--as") o.as = v;
      else if (k === "--rewrite") o.rewrite = v;
      else return usage(`unknown option '${k}'`);
    } else if (a.startsWith("-") && a !== "-") return usage(`unknown option '${a}'`);
    else if (o.pattern === undefined && o.select === undefined && o.rule === undefined) o.pattern = a;
    else o.paths.push(a);
  }
  const given = [o.pattern, o.select, o.rule].filter((x) => x !== undefined).length;
  if (given === 0) return usage("find needs a PATTERN, --select or --rule");
  if (given > 1) {
    // `--select S PATH`: a positional read as the pattern is a path.
    if (o.pattern !== undefined) {
      o.paths.unshift(o.pattern);
      o.pattern = undefined;
    }
    if (o.select !== undefined && o.rule !== undefined) return usage("give one of PATTERN, --select and --rule");
  }
  if (o.paths.length === 0) o.paths.push(".");

  const { compileQuery, QueryError } = await import("../query/compile.js");
  const { parse } = await import("../parser/parse.js");
  let q: ReturnType<typeof compileQuery>;
  // The spec is kept to compile the same query on worker threads.
  let spec: QuerySpec;
  try {
    if (o.rule !== undefined) {
      let text: string;
      try {
        text = readFileSync(o.rule, "utf8");
      } catch {
        process.stderr.write(`quarry: cannot read rule file ${o.rule}\n`);
        return 2;
      }
      spec = o.rewrite !== undefined ? { ...(await import("../query/rule.js")).parseRuleText(text), fix: o.rewrite } : { ruleText: text };
    } else if (o.rewrite !== undefined) {
      const body =
        o.select !== undefined ? { select: o.select } : o.as !== undefined ? { pattern: o.pattern!, as: o.as } : { pattern: o.pattern! };
      spec = { rule: body, fix: o.rewrite };
    } else if (o.select !== undefined) spec = { select: o.select };
    else spec = o.as !== undefined ? { pattern: o.pattern!, as: o.as } : o.pattern!;
    q = compileQuery(spec);
  } catch (e) {
    if (e instanceof QueryError) {
      printQueryError(e);
      return 2;
    }
    throw e;
  }
  for (const w of q.warnings) process.stderr.write(`quarry: warning ${w.code} ${w.message}\n`);
  const rewriting = o.rewrite !== undefined || (o.write && o.rule !== undefined);
  if (o.write && !rewriting) return usage("--write needs --rewrite TEMPLATE (or a rule file with a fix)");
  if (fixpoint && !rewriting) return usage("--until-fixpoint needs --rewrite TEMPLATE (or a rule file with a fix and --write)");
  const files = collectFiles(o.paths);
  if (files === null) return 2;
  let total = 0;
  if (rewriting && !o.count) {
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        process.stderr.write(`quarry: ${file}: cannot read\n`);
        continue;
      }
      if (!q.mayMatch(bytes)) continue;
      const { tree, error } = parse(bytes);
      if (error !== null) {
        process.stderr.write(
          `quarry: ${file}: skipped: ${error.cls}: ${error.msg}${error.lineno !== null ? ` (line ${error.lineno})` : ""}\n`,
        );
        continue;
      }
      const n = q.find(tree).length;
      if (n === 0) continue;
      total += n;
      rewriteFile(q, tree, bytes, file, o.write, fixpoint ? o.passes : 0, parse);
    }
  } else {
    // --explain reports this thread's plan: keep the search on it.
    const threads = o.explain ? 1 : (o.jobs ?? defaultThreads(files.length));
    const job: SearchJob = { mode: "find", specs: [spec], json: o.json, count: o.count };
    const out: string[] = [];
    let outBytes = 0;
    await searchFiles(
      files,
      job,
      { queries: [q], parse },
      threads,
      process.stderr.isTTY === true && files.length >= LONG_RUN_FILES,
      (r, write) => {
        total += r.matches;
        // Notes go out at once; matches are batched (a write per file is slow on a pipe).
        if (r.err !== "") {
          write("out", out.join(""));
          out.length = 0;
          outBytes = 0;
          write("err", r.err);
        }
        if (r.out !== "") {
          out.push(r.out);
          outBytes += r.out.length;
        }
        if (outBytes > 1 << 16) {
          write("out", out.join(""));
          out.length = 0;
          outBytes = 0;
        }
      },
    );
    if (out.length > 0) process.stdout.write(out.join(""));
  }
  if (o.explain) process.stderr.write(q.explain() + "\n");
  return total > 0 ? 0 : 1;
}

// Prints the file's rewrite as a unified diff and, with `write`, writes it. The fixes go through
// the edit engine with the file's own bytes as the source, so bytes outside the edits stay as
// they are: CRLF line ends, a BOM, and a declared single-byte encoding (decoded for the edit and
// encoded back). Nothing is written when the result would not be valid Python.
// With `passes` > 0 (--until-fixpoint), the rewritten text is parsed and fixed again until no
// match is left or a pass changes nothing, at most `passes` times; a pass whose result is refused
// ends the loop with the previous pass's text.
function rewriteFile(
  q: Query,
  tree0: Tree,
  bytes: Uint8Array,
  file: string,
  write: boolean,
  passes: number,
  parse: (s: string) => { tree: Tree; error: unknown },
): void {
  const st = sourceText(bytes);
  if (typeof st === "string") {
    process.stderr.write(`quarry: ${file}: not rewritten: ${st}\n`);
    return;
  }
  const before = typeof st.source === "string" ? st.source : keepBom.decode(st.source);
  let text = before;
  let tree = tree0;
  let source: string | Uint8Array = st.source;
  const said = new Set<string>();
  const note = (s: string) => {
    if (said.has(s)) return;
    said.add(s);
    process.stderr.write(s);
  };
  for (let pass = 1; ; pass++) {
    const r = q.fix(tree, source === tree.source ? {} : { source });
    const last = passes === 0 || pass >= passes;
    const at = (x: { range: { start: number } }) => {
      const [line, col] = tree.position(x.range.start);
      return `${file}:${line}:${col + 1}`;
    };
    if (r.conflicts.length > 0 && (last || r.text === null))
      note(
        `quarry: ${file}: ${r.conflicts.length} overlapping fix${r.conflicts.length === 1 ? "" : "es"} skipped (the outermost match wins)\n`,
      );
    for (const s of r.skipped) note(`quarry: ${at(s)}: fix skipped: ${s.code} ${s.message}\n`);
    for (const w of r.warnings) note(`quarry: ${at(w)}: warning ${w.code} ${w.message}\n`);
    if (r.text === null) {
      const e = r.error;
      const why =
        e !== null
          ? `the result would not be valid Python (${e.cls}: ${e.msg}${e.lineno !== null ? `, line ${e.lineno}` : ""})`
          : `${r.refusal?.code ?? ""} ${r.refusal?.message ?? ""}`;
      if (pass === 1) {
        process.stderr.write(`quarry: ${file}: not rewritten: ${why}\n`);
        return;
      }
      process.stderr.write(`quarry: ${file}: pass ${pass} not applied: ${why}; keeping the result of pass ${pass - 1}\n`);
      break;
    }
    if (r.text === text) break;
    text = r.text;
    if (passes === 0) break;
    const next = parse(text);
    if (next.error !== null) break;
    tree = next.tree;
    source = text;
    if (q.find(tree).length === 0) break;
    if (pass >= passes) {
      process.stderr.write(
        `quarry: ${file}: stopped after ${passes} pass${passes === 1 ? "" : "es"} without reaching a fixpoint (the fix still matches)\n`,
      );
      break;
    }
  }
  if (text === before) return;
  const out = st.encode(text);
  if (typeof out === "string") {
    process.stderr.write(`quarry: ${file}: not rewritten: ${out}\n`);
    return;
  }
  // The diff shows lines without their "\r" (and without a BOM), as the file reads.
  const shown = (t: string) => t.replace(/^\ufeff/, "").replace(/\r\n/g, "\n");
  process.stdout.write(unifiedDiff(file, shown(before), shown(text)));
  if (write) writeFileSync(file, out);
}

/** A unified diff of two texts (3 lines of context), as `diff -u` prints it for a/FILE and b/FILE. */
export function unifiedDiff(file: string, a: string, b: string): string {
  const split = (t: string) => {
    const l = t.split("\n");
    if (l[l.length - 1] === "") l.pop(); // the newline that ends the last line
    return l;
  };
  const x = split(a);
  const y = split(b);
  // Common prefix and suffix first; the middle is aligned by a longest common subsequence (a
  // table of its size, so a middle too big for that is shown as one replaced block).
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
  const n = x.length - pre - suf;
  const m = y.length - pre - suf;
  // ops: " " kept, "-" removed, "+" added, with the line's index in x or y.
  const ops: [string, number][] = [];
  for (let i = 0; i < pre; i++) ops.push([" ", i]);
  if (n * m <= 4_000_000) {
    const w = m + 1;
    const L = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        L[i * w + j] = x[pre + i] === y[pre + j] ? L[(i + 1) * w + j + 1]! + 1 : Math.max(L[(i + 1) * w + j]!, L[i * w + j + 1]!);
      }
    }
    let i = 0,
      j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[pre + i] === y[pre + j]) {
        ops.push([" ", pre + i]);
        i++;
        j++;
      } else if (i < n && (j === m || L[(i + 1) * w + j]! >= L[i * w + j + 1]!)) {
        ops.push(["-", pre + i]);
        i++;
      } else {
        ops.push(["+", pre + j]);
        j++;
      }
    }
  } else {
    for (let i = 0; i < n; i++) ops.push(["-", pre + i]);
    for (let j = 0; j < m; j++) ops.push(["+", pre + j]);
  }
  for (let i = x.length - suf; i < x.length; i++) ops.push([" ", i]);
  // Hunks: each change with 3 lines of context, changes closer than 7 kept lines merged.
  const out: string[] = [`--- a/${file}`, `+++ b/${file}`];
  const ctx = 3;
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]![0] === " ") k++;
    if (k === ops.length) break;
    let start = Math.max(0, k - ctx);
    while (start > 0 && ops[start - 1]![0] !== " ") start--;
    let end = k;
    for (;;) {
      while (end < ops.length && ops[end]![0] !== " ") end++;
      let run = 0;
      while (end + run < ops.length && ops[end + run]![0] === " ") run++;
      if (end + run < ops.length && run <= 2 * ctx) {
        end += run;
        continue;
      }
      end = Math.min(ops.length, end + ctx);
      break;
    }
    // Line numbers: count the old and new lines before the hunk.
    let oldAt = 0,
      newAt = 0;
    for (let q = 0; q < start; q++) {
      if (ops[q]![0] !== "+") oldAt++;
      if (ops[q]![0] !== "-") newAt++;
    }
    const body: string[] = [];
    let oldN = 0,
      newN = 0;
    for (let q = start; q < end; q++) {
      const [op, idx] = ops[q]!;
      body.push(op + (op === "+" ? y[idx] : x[idx]));
      if (op !== "+") oldN++;
      if (op !== "-") newN++;
    }
    const range = (at: number, count: number) => (count === 0 ? `${at},0` : count === 1 ? `${at + 1}` : `${at + 1},${count}`);
    out.push(`@@ -${range(oldAt, oldN)} +${range(newAt, newN)} @@`, ...body);
    k = end;
  }
  return out.join("\n") + "\n";
}

/** The .py/.pyi files under `paths` (directories walked in name order), or null after reporting a missing path. */
export function collectFiles(paths: readonly string[]): string[] | null {
  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      process.stderr.write(`quarry: ${p}: no such file or directory\n`);
      return null;
    }
    if (statSync(p).isDirectory()) walk(p, p, [], files);
    else files.push(p);
  }
  return files;
}

/** Prints a QueryError's diagnostics with a caret under the query text; `where` names the source. */
export function printQueryError(
  e: {
    diagnostics: readonly { code: string; message: string; source: string; line: number; column: number; start: number; end: number }[];
  },
  where = "",
): void {
  for (const d of e.diagnostics) {
    const line = d.source.split("\n")[d.line - 1] ?? "";
    process.stderr.write(
      `quarry: ${where}${where ? `:${d.line}:${d.column + 1}: ` : ""}${d.code} ${d.message}\n  ${line}\n  ${" ".repeat(d.column)}${"^".repeat(Math.max(1, Math.min(d.end - d.start, line.length - d.column)))}\n`,
    );
  }
}

/** A --jobs value: an integer from 1 to 64, or null. */
export function parseJobs(v: string | undefined): number | null {
  if (v === undefined || !/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= 64 ? n : null;
}

function usage(msg: string): number {
  process.stderr.write(`quarry: ${msg}\n\n${USAGE}\n`);
  return 2;
}

const keepBom = new TextDecoder("utf-8", { ignoreBOM: true });

const SKIP_DIRS = new Set([
  ".git",
  ".hg",
  ".svn",
  "__pycache__",
  "node_modules",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
]);

/** Collects .py/.pyi files under `dir` (sorted), honouring .gitignore files on the way down. */
function walk(root: string, dir: string, rules: { base: string; ig: Ignore }[], out: string[]): void {
  // An explicit stack would do too; directory depth is bounded by the file system's path limit.
  let here = rules;
  const gi = join(dir, ".gitignore");
  if (existsSync(gi)) {
    try {
      here = [...rules, { base: dir, ig: ignore().add(readFileSync(gi, "utf8")) }];
    } catch {
      /* unreadable: ignore it */
    }
  }
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
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
