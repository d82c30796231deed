// import-linter's layer field, table-driven: each `layers` line as lint-imports parses it
// (siblings, `|` independent or `:` not, `(optional)` tails) and the mixture error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readImportLinterIni, type LayerLine } from "../../src/check/config/importlinter.js";

function layersOf(line: string): { layers: LayerLine[] | null; errors: string[] } {
  const ini = `[importlinter]\nroot_package = p\n\n[importlinter:contract:c]\nname = C\ntype = layers\nlayers =\n    ${line}\n    bottom\n`;
  const r = readImportLinterIni(ini, ".importlinter");
  const c = r.value?.contracts[0];
  const invalid = r.value?.invalid.flatMap((i) => i.problems) ?? [];
  return { layers: c !== undefined && c.type === "layers" ? c.layers : null, errors: [...r.errors.map((e) => e.message), ...invalid] };
}

const mod = (name: string, optional = false) => ({ name, optional });

const CASES: [string, LayerLine][] = [
  ["one", { modules: [mod("one")], independent: true }],
  ["(one)", { modules: [mod("one", true)], independent: true }],
  ["one | two |    three", { modules: [mod("one"), mod("two"), mod("three")], independent: true }],
  ["one | (two) | three", { modules: [mod("one"), mod("two", true), mod("three")], independent: true }],
  ["one : two :    three", { modules: [mod("one"), mod("two"), mod("three")], independent: false }],
  ["one : (two) : three", { modules: [mod("one"), mod("two", true), mod("three")], independent: false }],
];

for (const [line, expected] of CASES) {
  test(`layer field: ${JSON.stringify(line)}`, () => {
    const got = layersOf(line);
    assert.deepEqual(got.errors, []);
    assert.deepEqual(got.layers?.[0], expected);
  });
}

test("layer field: `|` and `:` in one line is lint-imports' mixture error", () => {
  const got = layersOf("one | two : three");
  assert.equal(got.layers, null);
  assert.deepEqual(got.errors, ["layers: Layer cannot have a mixture of independent and non-independent elements."]);
});
