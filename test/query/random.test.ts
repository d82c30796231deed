// Differential test of the two back ends on queries made from the corpus: patterns cut from real
// statements and expressions (some names and argument lists replaced by metavariables) and small
// selectors built from real nodes. Each must compile, the generated code and the closures must
// give the same matches and bindings, and a pattern must match at least the node it came from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stdlibFiles } from "../support/corpus.js";
import { parse } from "../../src/parser/parse.js";
import type { Tree } from "../../src/ast/tree.js";
import { KINDS, KIND_BASES, NodeKind as K } from "../../src/schema/generated/nodes.js";
import { compileQuery, QueryError } from "../../src/query/compile.js";
import { childrenOf } from "../../src/query/runtime.js";
import { renderMatches } from "./render.js";
import { prng as rng } from "../fuzz/generate.js"; // mulberry32: seeded, so a failure replays

const dec = new TextDecoder();

/** Subtree ids of n (explicit stack). */
function subtree(t: Tree, n: number): number[] {
  const out: number[] = [];
  const stack = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    out.push(x);
    childrenOf(t, x, stack);
  }
  return out;
}

function insideFString(t: Tree, n: number): boolean {
  const par = t.parent;
  for (let a = par[n]!; a >= 0; a = par[a]!)
    if (t.kind[a] === K.JoinedStr || t.kind[a] === K.TemplateStr || t.kind[a] === K.FormattedValue) return true;
  return false;
}

/** A pattern cut from node n: its source (dedented), some Names and argument lists as metavariables. */
function patternFrom(t: Tree, n: number, r: () => number): string | null {
  const src = t.source;
  const s = t.start[n]!,
    e = t.end[n]!;
  if (e - s > 400) return null;
  let ls = s;
  while (ls > 0 && src[ls - 1] !== 10) ls--;
  const col = s - ls;
  for (let i = ls; i < s; i++) if (src[i] !== 32) return null; // not first on its line: only expressions
  // Replacements: [start, end, text], non-overlapping.
  const reps: [number, number, string][] = [];
  const names = new Map<string, string>();
  const sub = subtree(t, n);
  const useArgs = r() < 0.3;
  if (useArgs) {
    const calls = sub.filter((x) => t.kind[x] === K.Call && t.listLength(t.field(x, 1)) > 0 && t.listLength(t.field(x, 2)) === 0);
    if (calls.length > 0) {
      const c = calls[Math.floor(r() * calls.length)]!;
      const args = t.field(c, 1);
      const a0 = t.listItem(args, 0),
        a1 = t.listItem(args, t.listLength(args) - 1);
      reps.push([t.start[a0]!, t.end[a1]!, "$$$ARGS"]);
    }
  }
  // Dedenting would change a string that spans lines.
  for (const x of sub)
    if (
      (t.kind[x] === K.Constant || t.kind[x] === K.JoinedStr || t.kind[x] === K.TemplateStr) &&
      src.subarray(t.start[x]!, t.end[x]!).includes(10)
    )
      return null;
  for (const x of sub) {
    // Only names inside the span (a decorator sits before a def's start).
    if (t.kind[x] !== K.Name || t.start[x]! < s || t.end[x]! > e || r() < 0.5) continue;
    const xs = t.start[x]!,
      xe = t.end[x]!;
    if (reps.some(([a, b]) => xs < b && a < xe)) continue;
    const id = dec.decode(src.subarray(xs, xe));
    if (!/^[A-Za-z_]\w*$/.test(id)) continue;
    let mv = names.get(id);
    if (mv === undefined) {
      mv = r() < 0.15 ? "$_" : `$V${names.size}`;
      names.set(id, mv);
    }
    reps.push([xs, xe, mv]);
  }
  reps.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = s;
  for (const [a, b, text] of reps) {
    out += dec.decode(src.subarray(at, a)) + text;
    at = b;
  }
  out += dec.decode(src.subarray(at, e));
  // Dedent continuation lines by the node's column.
  const lines = out.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const lead = /^ */.exec(lines[i]!)![0].length;
    lines[i] = lines[i]!.slice(Math.min(lead, col));
  }
  const text = lines.join("\n");
  // An expression spanning lines was inside brackets where it came from.
  return KIND_BASES[t.kind[n]!] === "expr" && lines.length > 1 ? `(${text})` : text;
}

test("random patterns from corpus nodes: both back ends agree, and each matches its own node", () => {
  const files = stdlibFiles();
  const r = rng(20261203);
  let tried = 0,
    compiled = 0,
    skipped = 0,
    matchedSelf = 0,
    totalMatches = 0;
  const failures: string[] = [];
  for (let fi = 0; fi < 420; fi++) {
    const f = files[Math.floor(r() * files.length)]!;
    const { tree, error } = parse(f.bytes);
    if (error !== null || tree.count < 10) continue;
    for (let q = 0; q < 14; q++) {
      const n = 1 + Math.floor(r() * (tree.count - 1));
      const base = KIND_BASES[tree.kind[n]!];
      if (base !== "stmt" && base !== "expr") continue;
      if (insideFString(tree, n)) continue;
      const p = patternFrom(tree, n, r);
      if (p === null) continue;
      tried++;
      let qc: ReturnType<typeof compileQuery>, qg: ReturnType<typeof compileQuery>;
      try {
        qc = compileQuery(p, { backend: "closure" });
        qg = compileQuery(p, { backend: "codegen" });
      } catch (e) {
        if (e instanceof QueryError) {
          skipped++;
          continue;
        } // e.g. `x := 1` alone, `*a`, a slice
        throw e;
      }
      compiled++;
      // Node ids first (cheap); full matches with bindings when there are few enough to render.
      const nc = qc.nodes(tree),
        ng = qg.nodes(tree);
      if (nc.join() !== ng.join()) failures.push(`${f.name}: back ends disagree on ${JSON.stringify(p)}`);
      else if (
        nc.length <= 200 &&
        JSON.stringify(renderMatches(tree, qc.find(tree))) !== JSON.stringify(renderMatches(tree, qg.find(tree)))
      )
        failures.push(`${f.name}: back ends disagree on the bindings of ${JSON.stringify(p)}`);
      totalMatches += nc.length;
      const self = tree.kind[n] === K.Expr ? [n, tree.field(n, 0)] : [n];
      if (nc.some((m) => self.includes(m))) matchedSelf++;
      else
        failures.push(
          `${f.name}: ${JSON.stringify(p)} does not match its own ${tree.kindName(n)} at ${tree.position(tree.start[n]!).join(":")}`,
        );
    }
  }
  console.log(
    `random patterns: ${tried} tried, ${compiled} compiled (${skipped} not standalone Python), ${matchedSelf} matched their own node, ${totalMatches} matches in all`,
  );
  assert.deepEqual(failures.slice(0, 20), []);
  assert.ok(compiled > 1500, `only ${compiled} patterns compiled`);
});

test("random selectors from corpus nodes: both back ends agree", () => {
  const files = stdlibFiles();
  const r = rng(7);
  let tried = 0;
  const failures: string[] = [];
  const identField = (k: number) => KINDS[k]!.fields.find((f) => f.category === "ident")?.name;
  for (let fi = 0; fi < 60; fi++) {
    const f = files[Math.floor(r() * files.length)]!;
    const { tree, error } = parse(f.bytes);
    if (error !== null || tree.count < 10) continue;
    for (let q = 0; q < 25; q++) {
      const n = 1 + Math.floor(r() * (tree.count - 1));
      const k = tree.kind[n]!;
      const name = KINDS[k]!.name;
      const p = tree.parent[n]!;
      const kids: number[] = [];
      childrenOf(tree, n, kids);
      const kid = kids.length > 0 ? KINDS[tree.kind[kids[Math.floor(r() * kids.length)]!]!]!.name : "Name";
      const idf = identField(k);
      const idv =
        idf !== undefined
          ? tree.ident(
              tree.field(
                n,
                KINDS[k]!.fields.findIndex((x) => x.name === idf),
              ),
            )
          : "";
      const options = [
        `${name}:has(${kid})`,
        `${name} > ${kid}`,
        `${p > 0 ? KINDS[tree.kind[p]!]!.name : "Module"} ${name}:not(:has(Call))`,
        idf !== undefined && /^[\w.]+$/.test(idv) ? `${name}[${idf}="${idv}"]` : `${name}:first-child`,
        `${kid}:inside(${name}), ${name}:nth-child(odd)`,
        `${name}:has-own(${kid}) ~ :stmt`,
        `:scope(${p > 0 ? KINDS[tree.kind[p]!]!.name : "Module"}) > ${name}`,
      ];
      const sel = options[Math.floor(r() * options.length)]!;
      tried++;
      let rc: string[], rg: string[];
      try {
        rc = renderMatches(tree, compileQuery({ select: sel }, { backend: "closure" }).find(tree));
        rg = renderMatches(tree, compileQuery({ select: sel }, { backend: "codegen" }).find(tree));
      } catch (e) {
        if (e instanceof QueryError && e.code === "Q3007") continue; // e.g. arguments:first-child never matches
        failures.push(`${sel}: ${String(e)}`);
        continue;
      }
      if (JSON.stringify(rc) !== JSON.stringify(rg)) failures.push(`${f.name}: back ends disagree on ${sel}`);
    }
  }
  console.log(`random selectors: ${tried} tried`);
  assert.deepEqual(failures.slice(0, 20), []);
});
