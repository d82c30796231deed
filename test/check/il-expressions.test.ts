// import-linter's module expressions, table-driven: which modules an expression names (`*` one
// segment, `**` one or more), and which imports an `ignore_imports` expression removes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ImportGraph, expandExpression, checkContract } from "../../src/check/rules/importlinter.js";
import type { Contract } from "../../src/check/config/importlinter.js";

function graphOf(modules: string[], edges: [string, string][] = []): ImportGraph {
  const g = new ImportGraph();
  for (const m of modules) g.modules.add(m);
  for (const [a, b] of edges) g.addEdge(a, b, { line: 1, text: "" });
  return g;
}

const TREE = graphOf(
  ["mypackage", "mypackage.bar", "mypackage.foo", "mypackage.toto", ...["red", "blue", "green"].map((c) => `mypackage.toto.${c}`)].concat(
    ...["bar.one", "bar.two", "bar.three", "foo.one"].map((p) => [
      `mypackage.${p}`,
      ...["red", "blue", "green"].map((c) => `mypackage.${p}.${c}`),
    ]),
  ),
);

const EXPANSIONS: [string, string[]][] = [
  ["mypackage.foo.**", ["mypackage.foo.one", "mypackage.foo.one.blue", "mypackage.foo.one.green", "mypackage.foo.one.red"]],
  [
    "mypackage.**.red",
    ["mypackage.bar.one.red", "mypackage.bar.three.red", "mypackage.bar.two.red", "mypackage.foo.one.red", "mypackage.toto.red"],
  ],
  ["mypackage.**.one", ["mypackage.bar.one", "mypackage.foo.one"]],
  ["mypackage.bar.*", ["mypackage.bar.one", "mypackage.bar.three", "mypackage.bar.two"]],
  ["mypackage.bar.*.red", ["mypackage.bar.one.red", "mypackage.bar.three.red", "mypackage.bar.two.red"]],
  ["mypackage.*.one", ["mypackage.bar.one", "mypackage.foo.one"]],
  ["mypackage.bar.one", ["mypackage.bar.one"]],
];

for (const [expr, modules] of EXPANSIONS) {
  test(`module expression ${expr} names ${modules.length} module(s)`, () => {
    assert.deepEqual(expandExpression(TREE, expr), modules);
  });
}

// The imports of test_helpers' TestImportExpressionsToImports. An independence contract between
// two unrelated modules shows (no unmatched-ignore warning) that every expression matched; a
// forbidden contract per import, with the same ignores, is kept exactly when that import was removed.
const EDGES: [string, string][] = [
  ["mypackage.green", "mypackage.yellow"],
  ["mypackage.green", "mypackage.blue"],
  ["mypackage.blue", "mypackage.green"],
  ["mypackage.blue.cats", "mypackage.purple.dogs"],
  ["mypackage.green.cats", "mypackage.orange.dogs"],
  ["mypackage.green.cats", "mypackage.orange.mice"],
];
const MODULES = [...new Set(["mypackage", "mypackage.orange", "mypackage.purple", "mypackage.x", "mypackage.y", ...EDGES.flat()])];

const IGNORES: [string, string[], [string, string][]][] = [
  ["no wildcards", ["mypackage.green -> mypackage.yellow"], [EDGES[0]!]],
  ["importer wildcard", ["mypackage.* -> mypackage.blue"], [EDGES[1]!]],
  ["imported wildcard", ["mypackage.green -> mypackage.*"], [EDGES[0]!, EDGES[1]!]],
  ["both wildcards", ["mypackage.* -> mypackage.*"], [EDGES[0]!, EDGES[1]!, EDGES[2]!]],
  ["inner wildcards", ["mypackage.*.cats -> mypackage.*.dogs"], [EDGES[3]!, EDGES[4]!]],
  [
    "two expressions, disjoint",
    ["mypackage.green -> mypackage.*", "mypackage.green.cats -> mypackage.orange.*"],
    [EDGES[0]!, EDGES[1]!, EDGES[4]!, EDGES[5]!],
  ],
  ["two expressions, overlapping", ["mypackage.* -> mypackage.blue", "mypackage.green -> mypackage.blue"], [EDGES[1]!]],
];

for (const [what, ignore_imports, removed] of IGNORES) {
  test(`ignore_imports, ${what}: removes ${removed.length} import(s)`, () => {
    const g = graphOf(MODULES, EDGES);
    const contract: Contract = {
      id: "c",
      name: "C",
      type: "independence",
      modules: ["mypackage.x", "mypackage.y"],
      ignore_imports,
      unmatched_ignore_imports_alerting: "warn",
      broken_contract_guidance: null,
      line: 1,
    };
    const r = checkContract(g, contract);
    assert.deepEqual(r.warnings, []);
    for (const [a, b] of EDGES) {
      const f: Contract = {
        id: "f",
        name: "F",
        type: "forbidden",
        source_modules: [a],
        forbidden_modules: [b],
        as_packages: false,
        allow_indirect_imports: true,
        ignore_imports,
        unmatched_ignore_imports_alerting: "none",
        broken_contract_guidance: null,
        line: 1,
      };
      const gone = removed.some(([x, y]) => x === a && y === b);
      assert.equal(checkContract(graphOf(MODULES, EDGES), f).kept, gone, `${a} -> ${b}`);
    }
  });
}
