// Every ```ts block of README.md type-checks against the built declarations of the package
// (dist/src/index.d.ts, reached as "quarry" through package.json#exports), with the TypeScript
// compiler API and no emit: the README's examples cannot drift from the API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { repoRoot } from "./support/corpus.js";

const root = repoRoot();

/** The ```ts blocks of a Markdown text, with the line each starts on. */
function tsBlocks(md: string): { code: string; line: number }[] {
  const out: { code: string; line: number }[] = [];
  const re = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(md); m !== null; m = re.exec(md)) out.push({ code: m[1]!, line: md.slice(0, m.index).split("\n").length + 1 });
  return out;
}

test("README.md: every ts block type-checks against the built package declarations", () => {
  assert.ok(existsSync(join(root, "dist", "src", "index.d.ts")), "build first (npx tsc -p .)");
  const blocks = tsBlocks(readFileSync(join(root, "README.md"), "utf8"));
  assert.ok(blocks.length >= 2, `found ${blocks.length} ts blocks`);
  // Each block is its own module at the repository root, so `import ... from "quarry"` resolves
  // to this package itself (self-reference through package.json#exports).
  const files = new Map(blocks.map((b, i) => [join(root, `README.block${i + 1}.ts`), b]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    types: ["node"],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  const getSource = host.getSourceFile.bind(host);
  host.readFile = (f) => files.get(f)?.code ?? read(f);
  host.fileExists = (f) => files.has(f) || exists(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const b = files.get(f);
    return b !== undefined ? ts.createSourceFile(f, b.code, lang, true) : getSource(f, lang, onError, create);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file === undefined || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const block = files.get(d.file.fileName);
    return block !== undefined ? `README.md:${block.line + line}: ${text}` : `${d.file.fileName}: ${text}`;
  });
  assert.deepEqual(problems, []);
  // The blocks really use the package (a wrong resolution would make every import `any`).
  const checker = program.getTypeChecker();
  const first = program.getSourceFile([...files.keys()][0]!)!;
  const imp = first.statements.find(ts.isImportDeclaration)!;
  const sym = checker.getSymbolAtLocation(imp.moduleSpecifier);
  assert.ok(sym !== undefined && checker.getExportsOfModule(sym).some((e) => e.name === "view"), '"quarry" resolves to the package');
});
