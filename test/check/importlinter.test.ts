// The import-linter engine on small synthetic graphs: chains, contract types and options.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ImportGraph, checkContract, shortestChains, expandExpression } from "../../src/check/rules/importlinter.js";
import type { Contract } from "../../src/check/config/importlinter.js";

function graph(modules: string[], edges: [string, string, number?][]): ImportGraph {
  const g = new ImportGraph();
  for (const m of modules) g.modules.add(m);
  for (const [a, b, line] of edges) g.addEdge(a, b, { line: line ?? 1, text: "" });
  return g;
}

const common = {
  id: "c",
  name: "C",
  ignore_imports: [],
  unmatched_ignore_imports_alerting: "error" as const,
  broken_contract_guidance: null,
  line: 1,
};

test("shortest chains avoid blocked modules and stop at targets", () => {
  const g = graph(
    ["a", "a.x", "m", "n", "b", "b.y"],
    [
      ["a.x", "m"],
      ["m", "b.y"],
      ["a.x", "n"],
      ["n", "m"],
    ],
  );
  const chains = shortestChains(g, new Set(["a", "a.x"]), new Set(["b", "b.y"]));
  assert.deepEqual(
    chains.map((c) => [c[0]!.from, ...c.map((s) => s.to)]),
    [["a.x", "m", "b.y"]],
  );
  assert.deepEqual(shortestChains(g, new Set(["a.x"]), new Set(["b.y"]), new Set(["m"])), []);
});

test("forbidden: as_packages=false only looks at the modules themselves", () => {
  const g = graph(["p", "p.a", "p.a.sub", "p.b"], [["p.a.sub", "p.b"]]);
  const base = {
    ...common,
    type: "forbidden" as const,
    source_modules: ["p.a"],
    forbidden_modules: ["p.b"],
    allow_indirect_imports: false,
  };
  assert.equal(checkContract(g, { ...base, as_packages: true }).kept, false);
  assert.equal(checkContract(g, { ...base, as_packages: false }).kept, true);
});

test("forbidden: allow_indirect_imports reports direct imports only", () => {
  const g = graph(
    ["p", "p.a", "p.m", "p.b"],
    [
      ["p.a", "p.m"],
      ["p.m", "p.b"],
    ],
  );
  const base = { ...common, type: "forbidden" as const, source_modules: ["p.a"], forbidden_modules: ["p.b"], as_packages: true };
  assert.equal(checkContract(g, { ...base, allow_indirect_imports: false }).kept, false);
  assert.equal(checkContract(g, { ...base, allow_indirect_imports: true }).kept, true);
});

test("protected: allowed importers and as_packages", () => {
  const g = graph(
    ["p", "p.core", "p.core.x", "p.core.y", "p.api", "p.web"],
    [
      ["p.api", "p.core.x"],
      ["p.web", "p.core.x", 7],
      ["p.core.y", "p.core.x"],
    ],
  );
  const c: Contract = { ...common, type: "protected", protected_modules: ["p.core"], allowed_importers: ["p.api"], as_packages: true };
  const r = checkContract(g, c);
  assert.equal(r.kept, false);
  // lint-imports' layout: a blank line after each link, and one more after the contract.
  assert.equal(r.report, "Illegal imports of protected package p.core:\n\n- p.web -> p.core.x (l.7)\n\n\n");
});

test("protected: with as_packages = false, descendants of allowed importers are not allowed", () => {
  const g = graph(
    ["p", "p.core", "p.api", "p.api.sub", "p.web"],
    [
      ["p.api", "p.core", 3],
      ["p.api.sub", "p.core", 4],
      ["p.web", "p.core", 5],
    ],
  );
  const c: Contract = { ...common, type: "protected", protected_modules: ["p.core"], allowed_importers: ["p.api"], as_packages: false };
  const r = checkContract(g, c);
  assert.equal(r.kept, false);
  assert.match(r.report, /- p\.api\.sub -> p\.core \(l\.4\)/);
  assert.doesNotMatch(r.report, /- p\.api -> /);
  assert.equal(checkContract(g, { ...c, as_packages: true, allowed_importers: ["p.api", "p.web"] }).kept, true);
});

test("protected: links are listed by imported module, then by importer", () => {
  const g = graph(
    ["p", "p.core", "p.core.a", "p.core.b", "p.x", "p.y"],
    [
      ["p.x", "p.core.b", 1],
      ["p.y", "p.core.a", 2],
    ],
  );
  const c: Contract = { ...common, type: "protected", protected_modules: ["p.core"], allowed_importers: [], as_packages: true };
  const r = checkContract(g, c);
  assert.ok(r.report.indexOf("p.y -> p.core.a") < r.report.indexOf("p.x -> p.core.b"), r.report);
});

test("acyclic_siblings: cycles per level, depth and skip_descendants", () => {
  const g = graph(
    ["p", "p.a", "p.b", "p.c", "p.c.x", "p.c.y"],
    [
      ["p.a", "p.b"],
      ["p.b", "p.a"],
      ["p.b", "p.a", 2],
      ["p.c.x", "p.c.y"],
      ["p.c.y", "p.c.x"],
    ],
  );
  const base = { ...common, type: "acyclic_siblings" as const, ancestors: ["p"], skip_descendants: [] as string[] };
  const deep = checkContract(g, { ...base, depth: 10 });
  assert.equal(deep.kept, false);
  // grimp's order: p.c is a source; p.a and p.b tie, and the tie goes to p.a, so p.b -> p.a
  // points backwards and is the one to remove (one module pair, however many import lines).
  assert.match(
    deep.report,
    /No cycles are allowed in p\.\nIt could be made acyclic by removing 1 dependency:\n\n- \.b -> \.a \(1 import\)/,
  );
  assert.match(deep.report, /No cycles are allowed in p\.c\./);
  assert.doesNotMatch(checkContract(g, { ...base, depth: 0 }).report, /p\.c\./);
  assert.doesNotMatch(checkContract(g, { ...base, depth: 10, skip_descendants: ["p.c"] }).report, /p\.c/);
});

test("layers: containers, optional layers, exhaustive", () => {
  const g = graph(["p", "p.s1", "p.s1.hi", "p.s1.lo", "p.s1.extra"], [["p.s1.lo", "p.s1.hi", 3]]);
  const c: Contract = {
    ...common,
    type: "layers",
    layers: [
      { modules: [{ name: "hi", optional: false }], independent: true },
      { modules: [{ name: "mid", optional: true }], independent: true },
      { modules: [{ name: "lo", optional: false }], independent: true },
    ],
    containers: ["p.*"],
    exhaustive: true,
    exhaustive_ignores: [],
  };
  const r = checkContract(g, c);
  assert.equal(r.kept, false);
  assert.match(r.report, /p\.s1\.lo is not allowed to import p\.s1\.hi:\n\n- p\.s1\.lo -> p\.s1\.hi \(l\.3\)/);
  assert.match(r.report, /The following modules are not listed as layers:\n\n- p\.s1\.extra/);
  const missing = checkContract(g, { ...c, layers: [...c.layers, { modules: [{ name: "gone", optional: false }], independent: true }] });
  assert.match(missing.exception!, /Missing layer in container 'p\.s1': module p\.s1\.gone does not exist\./);
});

test("module expressions: * is one segment, ** one or more", () => {
  const g = graph(["p", "p.a", "p.a.b", "p.c"], []);
  assert.deepEqual(expandExpression(g, "p.*"), ["p.a", "p.c"]);
  assert.deepEqual(expandExpression(g, "p.**"), ["p.a", "p.a.b", "p.c"]);
  assert.deepEqual(expandExpression(g, "p.x"), ["p.x"]);
});

test("acyclic_siblings: option problems stop the run, in lint-imports' order", () => {
  const g = graph(["p", "p.a", "p.b"], [["p.a", "p.b"]]);
  const base = { ...common, type: "acyclic_siblings" as const, depth: 10 };
  const ex = (ancestors: string[], skip: string[]) => checkContract(g, { ...base, ancestors, skip_descendants: skip }).exception;
  assert.equal(ex(["p"], ["p"]), "Cannot skip 'p' as it is also an ancestor.");
  assert.equal(ex(["p.*"], ["p.*"]), "Cannot skip descendant 'p.*' as the same expression is in ancestors.");
  assert.equal(ex(["q.*"], []), "The expression 'q.*' did not match any modules.");
  assert.equal(ex(["p", "q"], []), "Module 'q' does not exist.");
  assert.equal(ex(["p"], ["p.zz"]), "Module 'p.zz' does not exist.");
  assert.equal(ex(["p"], ["p.a.*"]), "The expression 'p.a.*' did not match any modules.");
  assert.equal(ex(["p"], ["p.a"]), null);
});

test("acyclic_siblings: a skipped descendant is still a sibling; at most five dependencies are listed", () => {
  const mods = ["p", "p.s", "p.s.x", "p.s.y", ...["a", "b", "c", "d", "e", "f", "g"].map((x) => `p.${x}`)];
  const edges: [string, string][] = [
    ["p.s", "p.a"],
    ["p.a", "p.s"],
    ["p.s.x", "p.s.y"],
    ["p.s.y", "p.s.x"],
  ];
  const base = { ...common, type: "acyclic_siblings" as const, ancestors: ["p"], depth: 10 };
  const r = checkContract(graph(mods, edges), { ...base, skip_descendants: ["p.s"] });
  assert.match(r.report, /No cycles are allowed in p\./);
  assert.doesNotMatch(r.report, /in p\.s\./);
  // A hub p.a, two-way with six siblings that each import it twice (two module pairs): the
  // siblings come first in grimp's order, so the hub's six imports point back; five are shown.
  const hub = ["b", "c", "d", "e", "f", "g"].flatMap((x): [string, string][] => [
    ["p.a", `p.${x}`],
    [`p.${x}`, "p.a"],
    [`p.${x}`, "p.a.sub"],
  ]);
  const r2 = checkContract(graph([...mods, "p.a.sub"], hub), { ...base, skip_descendants: [] });
  assert.match(r2.report, /It could be made acyclic by removing 6 dependencies:\n\n(- \.. -> \.. \(\d imports?\)\n){5}\(and 1 more\)\./);
});

const layers = (names: string[][], extra: Partial<Extract<Contract, { type: "layers" }>> = {}): Contract => ({
  ...common,
  type: "layers",
  layers: names.map((l) => ({ modules: l.map((n) => ({ name: n.replace(/[()]/g, ""), optional: n.startsWith("(") })), independent: true })),
  containers: [],
  exhaustive: false,
  exhaustive_ignores: [],
  ...extra,
});

test("layers: chains that share a middle are merged with &, heads and tails sorted", () => {
  const g = graph(
    ["p", "p.high", "p.high.x", "p.high.y", "p.low", "p.low.a", "p.low.b", "p.mid"],
    [
      ["p.low.b", "p.mid", 3],
      ["p.low.a", "p.mid", 4],
      ["p.mid", "p.high.y", 5],
      ["p.mid", "p.high.x", 6],
    ],
  );
  const r = checkContract(g, layers([["p.high"], ["p.low"]]));
  assert.equal(
    r.report,
    "p.low is not allowed to import p.high:\n\n" +
      "- p.low.a (l.4)\n" +
      "  & p.low.b -> p.mid (l.3)\n" +
      "  p.mid -> p.high.x (l.6)\n" +
      // The extra tail is indented by the last importer's length plus four, after the two spaces.
      "           & p.high.y (l.5)\n\n\n",
  );
});

test("a single import shows as (l.20), however many names it imports", () => {
  const g = graph(
    ["p", "p.high", "p.low"],
    [
      ["p.low", "p.high", 20],
      ["p.low", "p.high", 20],
    ],
  );
  assert.equal(
    checkContract(g, layers([["p.high"], ["p.low"]])).report,
    "p.low is not allowed to import p.high:\n\n- p.low -> p.high (l.20)\n\n\n",
  );
});

test("layers: missing layers, invalid containers and exhaustive contracts as lint-imports words them", () => {
  const g = graph(["p", "p.c", "p.c.high", "p.c.low", "p.c.extra", "p.c.tests"], []);
  assert.equal(checkContract(g, layers([["p.high"], ["baz"]])).exception, "Missing layer 'p.high': module p.high does not exist.");
  assert.equal(checkContract(g, layers([["(p.high)"], ["p.c"]])).exception, null);
  const cfg = { root_packages: ["p"], include_external_packages: false };
  assert.equal(
    checkContract(g, layers([["high"], ["low"]], { containers: ["q"] }), cfg).exception,
    "Invalid container 'q': a container must either be a subpackage of p, or p itself.",
  );
  assert.equal(
    checkContract(g, layers([["high"], ["low"]], { containers: ["q"] }), { ...cfg, root_packages: ["p", "r"] }).exception,
    "Invalid container 'q': a container must either be a root package, or a subpackage of one of them. (The root packages are: p, r.)",
  );
  assert.equal(
    checkContract(g, layers([["high"], ["mid"]], { containers: ["p.c"] }), cfg).exception,
    "Missing layer in container 'p.c': module p.c.mid does not exist.",
  );
  const ex = checkContract(g, layers([["high"], ["low"]], { containers: ["p.c"], exhaustive: true, exhaustive_ignores: ["tests"] }), cfg);
  assert.equal(ex.kept, false);
  assert.equal(
    ex.report,
    "The following modules are not listed as layers:\n\n- p.c.extra\n\n(Since this contract is marked as 'exhaustive', every child of every container must be declared as a layer.)\n\n",
  );
});

test("forbidden: chains are popped until none is left, sorted, in lint-imports' layout", () => {
  const g = graph(
    ["p", "p.a", "p.a.x", "p.m", "p.n", "p.b"],
    [
      ["p.a.x", "p.m", 1],
      ["p.m", "p.b", 2],
      ["p.a.x", "p.n", 3],
      ["p.n", "p.b", 4],
    ],
  );
  const c: Contract = {
    ...common,
    type: "forbidden",
    source_modules: ["p.a"],
    forbidden_modules: ["p.b"],
    allow_indirect_imports: false,
    as_packages: true,
  };
  assert.equal(
    checkContract(g, c).report,
    "p.a is not allowed to import p.b:\n\n-   p.a.x -> p.m (l.1)\n    p.m -> p.b (l.2)\n\n-   p.a.x -> p.n (l.3)\n    p.n -> p.b (l.4)\n\n\n",
  );
});
