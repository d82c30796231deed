// Query benchmark over the stdlib corpus (559 files, 9.6 MB), single thread: quarry's compiled
// queries beside @ast-grep/napi (tree-sitter Python) on the same patterns, end to end (bytes in
// memory -> parse -> match) and match only (trees already parsed); quarry's generated code vs its
// closure back end on the match phase; the raw-source literal prefilter on a selective query; and
// :has over deep chains (linear time).
// Run: node dist/bench/query.js (BENCH_QUICK=1 for fewer runs).
import { loadAstGrep, time } from "./ast-grep.js";
import { stdlibFiles, type CorpusFile } from "../test/support/corpus.js";
import { parse } from "../src/parser/parse.js";
import { compileQuery } from "../src/query/compile.js";
import type { Tree } from "../src/ast/tree.js";

const QUICK = process.env.BENCH_QUICK === "1";
const RUNS = QUICK ? 2 : 5;

/** Patterns run by both engines (same text: both read `$X`, `$$$`). */
const PATTERNS = ["$X.append($Y)", "isinstance($A, $B)", "self.$A = $B", "raise $E($$$)", "os.path.join($$$)", "len($X) == 0"];

/** Lines to print: each figure with its unit and, where there is one, the ratio to its target. */
export async function benchQuery(files: CorpusFile[]): Promise<string[]> {
  const out: string[] = [];
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const dec = new TextDecoder();
  const texts = files.map((f) => dec.decode(f.bytes));
  const trees: Tree[] = [];
  for (const f of files) {
    const r = parse(f.bytes);
    if (r.error === null) trees.push(r.tree);
  }
  out.push(`query bench: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${RUNS} runs (median)`);

  const ag = await loadAstGrep();
  const agRoots = typeof ag === "string" ? [] : texts.map((t) => ag.parse("python", t).root());
  if (typeof ag === "string") out.push(ag);

  let qE2E = 0,
    agE2E = 0,
    qMatch = 0,
    agMatch = 0;
  for (const p of PATTERNS) {
    const q = compileQuery(p, { backend: "codegen" });
    let qn = 0,
      an = 0;
    const qe = time(RUNS, () => {
      qn = 0;
      for (const f of files) {
        if (!q.mayMatch(f.bytes)) continue;
        const { tree, error } = parse(f.bytes, { compact: false });
        if (error === null) qn += q.count(tree);
      }
    });
    const qm = time(RUNS, () => {
      qn = 0;
      for (const t of trees) qn += q.count(t);
    });
    qE2E += qe;
    qMatch += qm;
    let line = `  ${p.padEnd(20)} quarry ${qe.toFixed(0).padStart(5)} ms e2e, ${qm.toFixed(1).padStart(6)} ms match (${qn} matches)`;
    if (typeof ag !== "string") {
      const ae = time(Math.min(RUNS, 3), () => {
        an = 0;
        for (const t of texts) an += ag.parse("python", t).root().findAll(p).length;
      });
      const am = time(Math.min(RUNS, 3), () => {
        an = 0;
        for (const r of agRoots) an += r.findAll(p).length;
      });
      agE2E += ae;
      agMatch += am;
      line += ` | ast-grep ${ae.toFixed(0).padStart(5)} ms e2e, ${am.toFixed(1).padStart(6)} ms match (${an} matches) | ${(ae / qe).toFixed(1)}x e2e, ${(am / qm).toFixed(1)}x match`;
    }
    out.push(line);
  }
  if (typeof ag !== "string") {
    out.push(
      `end to end, all patterns: quarry ${qE2E.toFixed(0)} ms, ast-grep ${agE2E.toFixed(0)} ms: ${(agE2E / qE2E).toFixed(1)}x faster (target >= 5x: ${(agE2E / qE2E / 5).toFixed(2)} of target)`,
    );
    out.push(
      `match only, all patterns: quarry ${qMatch.toFixed(1)} ms, ast-grep ${agMatch.toFixed(1)} ms: ${(agMatch / qMatch).toFixed(1)}x faster`,
    );
  }

  // Generated code vs closures on the match phase (the same IR, trees already parsed).
  const GEN_QUERIES: (string | { select: string })[] = [
    ...PATTERNS,
    { select: "FunctionDef:has-own(Yield, YieldFrom)" },
    { select: "Call[func.attr=/^(get|post)$/][args.length>=2]" },
  ];
  let tg = 0,
    tc = 0;
  for (const spec of GEN_QUERIES) {
    const g = compileQuery(spec, { backend: "codegen" }),
      c = compileQuery(spec, { backend: "closure" });
    tg += time(RUNS, () => {
      for (const t of trees) g.count(t);
    });
    tc += time(RUNS, () => {
      for (const t of trees) c.count(t);
    });
  }
  out.push(
    `match phase, ${GEN_QUERIES.length} queries: generated code ${tg.toFixed(1)} ms, closures ${tc.toFixed(1)} ms: generated is ${(tc / tg).toFixed(2)}x faster`,
  );

  // The raw-source prefilter on a selective query (end to end, with and without it).
  const sel = compileQuery("subprocess.Popen($$$, shell=True)", { backend: "codegen" });
  let kept = 0;
  const withPf = time(RUNS, () => {
    kept = 0;
    for (const f of files) {
      if (!sel.mayMatch(f.bytes)) continue;
      kept++;
      const r = parse(f.bytes, { compact: false });
      if (r.error === null) sel.count(r.tree);
    }
  });
  const withoutPf = time(RUNS, () => {
    for (const f of files) {
      const r = parse(f.bytes, { compact: false });
      if (r.error === null) sel.count(r.tree);
    }
  });
  out.push(
    `prefilter on subprocess.Popen($$$, shell=True): ${kept}/${files.length} files parsed, ${withPf.toFixed(0)} ms vs ${withoutPf.toFixed(0)} ms without: ${(withoutPf / withPf).toFixed(1)}x`,
  );

  // :has over every node of a deep chain (a+b+... and x.f().f()...): linear, so twice the chain
  // should take about twice the time (a quadratic scan would take four times, and hours at 200k).
  const chain = (n: number, kind: "binop" | "calls"): Tree =>
    parse(kind === "binop" ? "x = " + Array.from({ length: n }, () => "a").join(" + ") + "\n" : "x" + ".f()".repeat(n) + "\n", {
      compact: false,
    }).tree;
  for (const [kind, sel2, n] of [
    ["binop", "BinOp:has(Name[id='zz'])", 100_000],
    ["calls", "Call:has(> Attribute Call)", 50_000],
  ] as const) {
    const small = chain(n, kind),
      big = chain(2 * n, kind);
    for (const backend of ["codegen", "closure"] as const) {
      const q = compileQuery({ select: sel2 }, { backend });
      // Counting on another tree in between drops the per-tree answers kept from the run before.
      const other = parse("a + b\n").tree;
      const ts = time(RUNS, () => {
          q.count(other);
          q.count(small);
        }),
        tb = time(RUNS, () => {
          q.count(other);
          q.count(big);
        });
      out.push(
        `${sel2} on a ${2 * n}-long ${kind} chain (${backend}): ${tb.toFixed(1)} ms, ${((tb * 1e6) / big.count).toFixed(0)} ns/row; 2x the chain takes ${(tb / ts).toFixed(2)}x the time (target <= 2.5x, linear: ${(2.5 / (tb / ts)).toFixed(2)} of target)`,
      );
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of await benchQuery(stdlibFiles())) console.log(l);
}
