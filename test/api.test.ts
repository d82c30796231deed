// Public API snapshot (STYLE §0.5): for every entry of package.json#exports, the sorted names the
// built module exports and the full emitted declaration of every exported name (followed through
// re-exports with TypeScript's checker, so a changed signature deep in src/ shows up, not only the
// re-export lines), compared with test/api.snap. Accept a deliberate change with `UPDATE=1 npm test`
// and review the diff.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { repoRoot } from "./support/corpus.js";
import { updating } from "./support/fixtures.js";

type Entry = { types: string; default: string };

const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, Entry> };

/** Every exported name of a built .d.ts with the text of its declarations, in name order. */
function declarations(dtsPath: string): string {
  const program = ts.createProgram([dtsPath], {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(dtsPath)!)!;
  const out: string[] = [];
  for (const exported of [...checker.getExportsOfModule(moduleSymbol)].sort((a, b) => a.name.localeCompare(b.name))) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const decl of symbol.declarations ?? []) {
      // A `const` is declared by its whole statement (`export declare const X: ...;`).
      const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      const file = posixRelative(decl.getSourceFile().fileName);
      out.push(`### ${exported.name} (${file})\n\n${node.getText().replace(/\r\n/g, "\n")}\n`);
    }
  }
  return out.join("\n");
}

const posixRelative = (p: string) =>
  p
    .slice(root.length + 1)
    .split("\\")
    .join("/");

async function describeEntry(name: string, entry: Entry): Promise<string> {
  const mod = (await import(pathToFileURL(join(root, entry.default)).href)) as Record<string, unknown>;
  const names = Object.keys(mod)
    .sort()
    .map((n) => `${n}: ${typeof mod[n]}`);
  const decls = declarations(join(root, entry.types));
  return `# "${name}" (${entry.default})\n\n## Runtime exports (${names.length})\n\n${names.join("\n")}\n\n## Declarations of ${entry.types}\n\n${decls}`;
}

test("package.json#exports: every entry has built types and code", () => {
  assert.ok(Object.keys(pkg.exports).includes("."), 'no "." entry');
  for (const [name, entry] of Object.entries(pkg.exports)) {
    assert.ok(typeof entry.types === "string" && typeof entry.default === "string", `${name}: needs "types" and "default"`);
    assert.ok(existsSync(join(root, entry.default)), `${name}: ${entry.default} is not built`);
    assert.ok(existsSync(join(root, entry.types)), `${name}: ${entry.types} is not built`);
  }
});

test("public API equals test/api.snap (entries, exported names, .d.ts text)", async () => {
  const parts = [`Entries: ${Object.keys(pkg.exports).join(", ")}\n`];
  for (const [name, entry] of Object.entries(pkg.exports)) parts.push(await describeEntry(name, entry));
  const actual = parts.join("\n");
  const snap = join(root, "test", "api.snap");
  if (updating() || !existsSync(snap)) {
    writeFileSync(snap, actual);
    if (!updating()) assert.fail("test/api.snap did not exist and was written; review and commit it");
  }
  assert.equal(actual, readFileSync(snap, "utf8"), "the public API changed; if deliberate, run UPDATE=1 npm test and commit test/api.snap");
});
