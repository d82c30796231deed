// Scan benchmark over the stdlib corpus (559 files, 9.6 MB), single thread: 50 lint-style rules run
// at once by quarry (as `quarry scan` does per file: literal prefilter, one parse, each rule's find)
// and by @ast-grep/napi (tree-sitter Python: one parse, findAll per rule), end to end and match only.
// Run: node dist/bench/scan.js (BENCH_QUICK=1 for fewer runs).
import { type AgSpec, loadAstGrep, time } from "./ast-grep.js";
import { stdlibFiles, type CorpusFile } from "../test/support/corpus.js";
import { parse } from "../src/parser/parse.js";
import { compileQuery, type Query, type QuerySpec } from "../src/query/compile.js";
import type { Tree } from "../src/ast/tree.js";

const QUICK = process.env.BENCH_QUICK === "1";
const RUNS = QUICK ? 1 : 3;

/** An ast-grep matcher: a pattern string or a NapiConfig (`{ rule, constraints? }`). */

/** One rule, written for each engine; `note` says where tree-sitter's grammar forces a difference. */
export interface ScanRule {
  readonly id: string;
  readonly quarry: QuerySpec;
  readonly astGrep: AgSpec;
  readonly note?: string;
}

// ast-grep compares leaves by text, quarry compares constants by value (quotes, prefixes and
// spellings like 0o777 vs 511 differ for ast-grep only): rules on string literals say so.
const KW_LAST =
  "ast-grep matches arguments in order, so the keyword is found with a `has` instead of `$$$, k=v` (quarry's keywords are unordered)";
const TRAILING =
  "ast-grep's pattern also matches a node with more trailing children (`assert x, msg`, `global a, b`), so the longer form is excluded with `not`";
const OR_CHAIN =
  "CPython flattens `a or b or c` into one BoolOp (3 values: the 2-value pattern does not match), tree-sitter nests binary `or`s (the inner pair matches)";

/** The 50 rules: what ruff, flake8-bugbear, bandit or semgrep users write. */
export const RULES: readonly ScanRule[] = [
  // Debugging leftovers and builtins best avoided.
  { id: "print-call", quarry: "print($$$)", astGrep: "print($$$)" },
  { id: "breakpoint", quarry: "breakpoint()", astGrep: "breakpoint()" },
  { id: "eval", quarry: "eval($$$)", astGrep: "eval($$$)" },
  { id: "exec", quarry: "exec($$$)", astGrep: "exec($$$)" },
  { id: "dunder-import", quarry: "__import__($$$)", astGrep: "__import__($$$)" },
  { id: "input", quarry: "input($$$)", astGrep: "input($$$)" },
  {
    id: "assert-no-message",
    quarry: "assert $X",
    astGrep: { rule: { pattern: "assert $X", not: { pattern: "assert $X, $Y" } } },
    note: TRAILING,
  },
  { id: "assert-tuple", quarry: "assert ($X, $Y)", astGrep: "assert ($X, $Y)" },
  { id: "global-one", quarry: "global $X", astGrep: { rule: { pattern: "global $X", not: { pattern: "global $X, $Y" } } }, note: TRAILING },
  // Security (bandit-style).
  { id: "os-system", quarry: "os.system($$$)", astGrep: "os.system($$$)" },
  { id: "os-popen", quarry: "os.popen($$$)", astGrep: "os.popen($$$)" },
  {
    id: "popen-shell",
    quarry: "subprocess.Popen($$$, shell=True)",
    astGrep: {
      rule: {
        pattern: "subprocess.Popen($$$)",
        has: { field: "arguments", has: { kind: "keyword_argument", regex: "^shell\\s*=\\s*True$" } },
      },
    },
    note: KW_LAST,
  },
  {
    id: "subprocess-shell",
    quarry: "subprocess.$F($$$, shell=True)",
    astGrep: {
      rule: {
        pattern: "subprocess.$F($$$)",
        has: { field: "arguments", has: { kind: "keyword_argument", regex: "^shell\\s*=\\s*True$" } },
      },
    },
    note: KW_LAST,
  },
  { id: "pickle-loads", quarry: "pickle.loads($$$)", astGrep: "pickle.loads($$$)" },
  { id: "marshal-loads", quarry: "marshal.loads($$$)", astGrep: "marshal.loads($$$)" },
  { id: "yaml-load", quarry: "yaml.load($$$)", astGrep: "yaml.load($$$)" },
  { id: "mktemp", quarry: "tempfile.mktemp($$$)", astGrep: "tempfile.mktemp($$$)" },
  { id: "md5", quarry: "hashlib.md5($$$)", astGrep: "hashlib.md5($$$)" },
  { id: "random-call", quarry: "random.$F($$$)", astGrep: "random.$F($$$)" },
  { id: "time-sleep", quarry: "time.sleep($$$)", astGrep: "time.sleep($$$)" },
  // Correctness and style (pycodestyle, pyflakes, bugbear, pylint).
  {
    id: "bare-except",
    quarry: { pattern: "except: $$$", as: "ExceptHandler" },
    astGrep: { rule: { kind: "except_clause", regex: "^except\\s*:" } },
    note: "tree-sitter's except_clause has no field for the type: the rule reads the clause's text",
  },
  { id: "eq-none", quarry: "$X == None", astGrep: "$X == None" },
  { id: "ne-none", quarry: "$X != None", astGrep: "$X != None" },
  { id: "eq-true", quarry: "$X == True", astGrep: "$X == True" },
  { id: "self-compare", quarry: "$X == $X", astGrep: "$X == $X" },
  { id: "type-compare", quarry: "type($X) == $T", astGrep: "type($X) == $T" },
  {
    id: "not-in",
    quarry: "not $X in $Y",
    astGrep: "not $X in $Y",
    note: "CPython drops parentheses, tree-sitter keeps them: `not (a in b)` is a parenthesized_expression under `not`",
  },
  { id: "not-is", quarry: "not $X is $Y", astGrep: "not $X is $Y" },
  { id: "len-eq-zero", quarry: "len($X) == 0", astGrep: "len($X) == 0" },
  {
    id: "isinstance-or",
    quarry: "isinstance($X, $T) or isinstance($X, $U)",
    astGrep: "isinstance($X, $T) or isinstance($X, $U)",
    note: OR_CHAIN,
  },
  {
    id: "startswith-or",
    quarry: "$X.startswith($A) or $X.startswith($B)",
    astGrep: "$X.startswith($A) or $X.startswith($B)",
    note: OR_CHAIN,
  },
  { id: "has-key", quarry: "$X.has_key($K)", astGrep: "$X.has_key($K)" },
  { id: "in-keys", quarry: "$X in $D.keys()", astGrep: "$X in $D.keys()" },
  { id: "raise-not-implemented", quarry: "raise NotImplemented", astGrep: "raise NotImplemented" },
  { id: "return-none", quarry: "return None", astGrep: "return None" },
  { id: "lambda-assign", quarry: "$F = lambda $$$: $B", astGrep: "$F = lambda $$$: $B" },
  { id: "if-self-else", quarry: "$X if $X else $Y", astGrep: "$X if $X else $Y" },
  { id: "last-by-len", quarry: "$X[len($X) - 1]", astGrep: "$X[len($X) - 1]" },
  { id: "old-super", quarry: "super($C, self)", astGrep: "super($C, self)" },
  {
    id: "getattr-const",
    quarry: 'getattr($O, "$A")',
    astGrep: { rule: { pattern: "getattr($O, $A)" }, constraints: { A: { kind: "string", not: { regex: "^[a-zA-Z]*[fFbB]" } } } },
    note: "tree-sitter has one `string` kind for str, bytes and f-strings: the constraint drops prefixed ones by text",
  },
  {
    id: "mutable-default",
    quarry: { select: "arguments > :is(List, Dict, Set)" },
    astGrep: {
      rule: {
        any: [{ kind: "list" }, { kind: "dictionary" }, { kind: "set" }],
        inside: { any: [{ kind: "default_parameter" }, { kind: "typed_default_parameter" }], field: "value" },
      },
    },
    note: "CPython keeps defaults in `arguments` (defaults, kw_defaults); tree-sitter wraps each in a (typed_)default_parameter",
  },
  {
    id: "import-star",
    quarry: { select: "ImportFrom[names.0.name='*']" },
    astGrep: { rule: { kind: "wildcard_import" } },
    note: "CPython has an alias named `*`, tree-sitter a wildcard_import node",
  },
  // Simplifications (flake8-comprehensions, pyupgrade, perflint).
  { id: "dict-call", quarry: "dict()", astGrep: "dict()" },
  { id: "list-call", quarry: "list()", astGrep: "list()" },
  { id: "tuple-call", quarry: "tuple()", astGrep: "tuple()" },
  { id: "set-of-list", quarry: "set([$$$])", astGrep: "set([$$$])" },
  { id: "identity-comprehension", quarry: "[$X for $X in $Y]", astGrep: "[$X for $X in $Y]" },
  { id: "list-of-genexp", quarry: "list($E for $V in $I)", astGrep: "list($E for $V in $I)" },
  { id: "sorted-first", quarry: "sorted($X)[0]", astGrep: "sorted($X)[0]" },
  {
    id: "open-no-encoding",
    quarry: "open($F)",
    astGrep: {
      rule: { pattern: "open($F)" },
      constraints: { F: { not: { any: [{ kind: "keyword_argument" }, { kind: "dictionary_splat" }] } } },
    },
    note: "a tree-sitter argument may be a keyword argument (`open(file=p)`): the constraint keeps $F positional, as in CPython's args",
  },
];

/** Compiles the rules for quarry (generated code, as the CLI ends up using on a corpus this size). */
export function compileRules(rules: readonly ScanRule[] = RULES): Query[] {
  return rules.map((r) => compileQuery(r.quarry, { backend: "codegen" }));
}

/**
 * What `quarry scan` does per file (src/cli/search-files.ts): the rules whose literals are all in
 * the bytes, one parse if any is left, then each live rule's find. Adds per-rule counts to `counts`.
 */
export function scanFile(queries: readonly Query[], bytes: Uint8Array, counts: number[]): void {
  const live: number[] = [];
  for (let i = 0; i < queries.length; i++) if (queries[i]!.mayMatch(bytes)) live.push(i);
  if (live.length === 0) return;
  const { tree, error } = parse(bytes, { compact: false });
  if (error !== null) return;
  for (const i of live) counts[i]! += queries[i]!.find(tree).length;
}

/** Lines to print: each figure with its unit and, where there is one, the ratio to its target. */
export async function benchScan(files: CorpusFile[]): Promise<string[]> {
  const out: string[] = [];
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const dec = new TextDecoder();
  const texts = files.map((f) => dec.decode(f.bytes));
  const n = RULES.length;
  out.push(`scan bench: ${n} rules at once, ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, single thread, ${RUNS} runs (median)`);

  const t0 = performance.now();
  const queries = compileRules();
  const compileMs = performance.now() - t0;
  const trees: Tree[] = [];
  for (const f of files) {
    const r = parse(f.bytes);
    if (r.error === null) trees.push(r.tree);
  }

  const qCounts = new Array<number>(n).fill(0);
  const qE2E = time(RUNS, () => {
    qCounts.fill(0);
    for (const f of files) scanFile(queries, f.bytes, qCounts);
  });
  const qMatch = time(RUNS, () => {
    qCounts.fill(0);
    for (const t of trees) for (let i = 0; i < n; i++) qCounts[i]! += queries[i]!.find(t).length;
  });
  out.push(
    `quarry: compile ${n} rules ${compileMs.toFixed(0)} ms; end to end ${qE2E.toFixed(0)} ms (${(bytes / 1e6 / (qE2E / 1e3)).toFixed(1)} MB/s); match only ${qMatch.toFixed(1)} ms`,
  );

  const ag = await loadAstGrep();
  if (typeof ag === "string") {
    out.push(ag);
    return out;
  }
  const specs = RULES.map((r) => r.astGrep);
  const aCounts = new Array<number>(n).fill(0);
  const agE2E = time(RUNS, () => {
    aCounts.fill(0);
    for (const t of texts) {
      const root = ag.parse("python", t).root();
      for (let i = 0; i < n; i++) aCounts[i]! += root.findAll(specs[i]!).length;
    }
  });
  const roots = texts.map((t) => ag.parse("python", t).root());
  const agMatch = time(RUNS, () => {
    aCounts.fill(0);
    for (const root of roots) for (let i = 0; i < n; i++) aCounts[i]! += root.findAll(specs[i]!).length;
  });
  out.push(
    `ast-grep: end to end ${agE2E.toFixed(0)} ms (${(bytes / 1e6 / (agE2E / 1e3)).toFixed(1)} MB/s); match only ${agMatch.toFixed(1)} ms`,
  );
  out.push(
    `scan of ${n} rules end to end: quarry ${qE2E.toFixed(0)} ms, ast-grep ${agE2E.toFixed(0)} ms: ${(agE2E / qE2E).toFixed(1)}x faster (target >= 5x: ${(agE2E / qE2E / 5).toFixed(2)} of target)`,
  );
  out.push(
    `scan of ${n} rules match only: quarry ${qMatch.toFixed(1)} ms, ast-grep ${agMatch.toFixed(1)} ms: ${(agMatch / qMatch).toFixed(1)}x faster`,
  );

  const same = RULES.filter((_r, i) => qCounts[i] === aCounts[i]).length;
  out.push(
    `matches per rule (quarry | ast-grep): ${same}/${n} rules agree; total ${qCounts.reduce((a, b) => a + b, 0)} | ${aCounts.reduce((a, b) => a + b, 0)}`,
  );
  const w = Math.max(...RULES.map((r) => r.id.length));
  RULES.forEach((r, i) => {
    const differs = qCounts[i] !== aCounts[i];
    out.push(
      `  ${r.id.padEnd(w)} ${String(qCounts[i]).padStart(6)} | ${String(aCounts[i]).padEnd(6)}${differs ? ` DIFFERS${r.note !== undefined ? `: ${r.note}` : ""}` : ""}`,
    );
  });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of await benchScan(stdlibFiles())) console.log(l);
}
