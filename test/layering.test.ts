// Enforces STYLE §3 on every import in src/**/*.ts: stages import one way
// (core, schema -> tokenizer, ast -> parser -> render, unparse -> edit -> query -> check -> cli),
// never sideways, unparse never parses (query does: patterns are parsed by quarry's parser),
// src/index.ts re-exports anything but the CLI, and nothing outside
// src/cli/ touches Node's built-in modules. Imports are read with TypeScript's own pre-processor,
// so static imports, `export ... from`, `import type`, side-effect imports and `import()` all count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinModules } from "node:module";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { repoRoot } from "./support/corpus.js";

/** Stage of each top-level folder of src/: a folder may import from its own stage's folder or lower stages. */
const RANK: Readonly<Record<string, number>> = {
  core: 0,
  schema: 0,
  tokenizer: 1,
  ast: 1,
  parser: 2,
  render: 3,
  unparse: 3,
  edit: 4,
  query: 5,
  check: 6,
  cli: 7,
};

// STYLE §3: "unparse takes a tree and does not parse" ("query imports parser, ast, edit": a
// pattern is Python parsed by quarry's own parser).
const EXTRA_FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  unparse: ["parser"],
};

interface Import {
  /** File path relative to the repository root, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly spec: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return walk(p);
      return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [p] : [];
    });
}

const root = repoRoot();
const posix = (p: string) => p.split(sep).join("/");

function readImports(): Import[] {
  const out: Import[] = [];
  for (const path of walk(join(root, "src"))) {
    const text = readFileSync(path, "utf8");
    const info = ts.preProcessFile(text, /*readImportFiles*/ true, /*detectJavaScriptImports*/ true);
    for (const ref of info.importedFiles) {
      const line = text.slice(0, ref.pos).split("\n").length;
      out.push({ file: posix(relative(root, path)), line, spec: ref.fileName });
    }
  }
  return out;
}

/** The top-level folder under src/ of a repo-relative path, "index" for src/index.ts, or null outside src/. */
function stageOf(repoRel: string): string | null {
  const parts = repoRel.split("/");
  if (parts[0] !== "src" || parts.length < 2) return null;
  if (parts.length === 2) return parts[1] === "index.ts" || parts[1] === "index.js" ? "index" : `file ${parts[1]}`;
  return parts[1]!;
}

const isRelative = (spec: string) => spec.startsWith("./") || spec.startsWith("../");
const nodeBuiltins = new Set(builtinModules);
function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith("node:") || nodeBuiltins.has(spec) || nodeBuiltins.has(spec.split("/")[0]!);
}

/** Why an import breaks the layering rules, or null when it is allowed. */
function layeringViolation(imp: Import): string | null {
  if (!isRelative(imp.spec)) return null;
  const from = stageOf(imp.file)!;
  const target = posix(relative(root, resolve(dirname(join(root, imp.file)), imp.spec)));
  const to = stageOf(target);
  if (to === null) return `imports ${target}, outside src/`;
  if (from === "index") return to === "cli" ? "src/index.ts must not import the CLI" : null;
  if (to === "index") return from === "cli" ? null : `only src/cli/ may import src/index.ts`;
  const rf = RANK[from];
  const rt = RANK[to];
  if (rf === undefined) return `${from} is not a stage of STYLE §3`;
  if (rt === undefined) return `imports ${to}, which is not a stage of STYLE §3`;
  if (from === to) return null;
  if (rt > rf) return `${from} must not import ${to} (${to} is downstream of ${from})`;
  if (rt === rf) return `${from} must not import ${to} (sideways)`;
  if (EXTRA_FORBIDDEN[from]?.includes(to)) return `${from} must not import ${to} (it takes a tree and does not parse)`;
  return null;
}

const describe = (imp: Import, why: string) => `${imp.file}:${imp.line}: import "${imp.spec}": ${why}`;

const imports = readImports();

test("src/ has imports to check (the reader works)", () => {
  assert.ok(imports.length > 50, `only ${imports.length} imports found`);
  // Each kind of import must be seen by the reader, or the rules below would silently pass.
  const probe = ts.preProcessFile(
    `import a from "./a.js";\nimport type { B } from "./b.js";\nexport * from "./c.js";\nexport { d } from "./d.js";\nimport "./e.js";\nconst f = await import("./f.js");\n`,
    true,
    true,
  );
  assert.deepEqual(
    probe.importedFiles.map((r) => r.fileName),
    ["./a.js", "./b.js", "./c.js", "./d.js", "./e.js", "./f.js"],
  );
});

test("stages import only from their own folder or from stages to their left (STYLE §3)", () => {
  const bad = imports.flatMap((imp) => {
    const why = layeringViolation(imp);
    return why === null ? [] : [describe(imp, why)];
  });
  assert.deepEqual(bad, [], `${bad.length} layering violation(s):\n${bad.join("\n")}`);
});

test("no Node built-in module is imported in src/ outside src/cli/", () => {
  const bad = imports
    .filter((imp) => !imp.file.startsWith("src/cli/") && isNodeBuiltin(imp.spec))
    .map((imp) => describe(imp, "Node built-in outside src/cli/"));
  assert.deepEqual(bad, [], `${bad.length} Node import(s) outside src/cli/:\n${bad.join("\n")}`);
});

test("package imports in src/ are runtime dependencies in package.json", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const bad = imports
    .filter((imp) => !isRelative(imp.spec) && !isNodeBuiltin(imp.spec))
    .filter((imp) => {
      const parts = imp.spec.split("/");
      const name = imp.spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
      return !deps.has(name);
    })
    .map((imp) => describe(imp, "not listed in package.json#dependencies"));
  assert.deepEqual(bad, [], bad.join("\n"));
});

test("relative imports name the emitted .js file", () => {
  const bad = imports
    .filter((imp) => isRelative(imp.spec) && !imp.spec.endsWith(".js"))
    .map((imp) => describe(imp, "relative import without a .js extension"));
  assert.deepEqual(bad, [], bad.join("\n"));
});

test("the rules themselves: a few known-good and known-bad imports", () => {
  const v = (file: string, spec: string) => layeringViolation({ file, line: 1, spec });
  assert.equal(v("src/parser/parse.ts", "../tokenizer/tokenizer.js"), null);
  assert.equal(v("src/ast/dump.ts", "../schema/generated/nodes.js"), null);
  assert.equal(v("src/core/generated/x.ts", "../source.js"), null);
  assert.equal(v("src/index.ts", "./check/index.js"), null);
  assert.equal(v("src/cli/main.ts", "../index.js"), null);
  assert.match(v("src/index.ts", "./cli/main.js") ?? "", /must not import the CLI/);
  assert.match(v("src/tokenizer/x.ts", "../ast/tree.js") ?? "", /sideways/);
  assert.match(v("src/ast/x.ts", "../tokenizer/x.js") ?? "", /sideways/);
  assert.match(v("src/core/x.ts", "../schema/generated/nodes.js") ?? "", /sideways/);
  assert.match(v("src/ast/x.ts", "../parser/parse.js") ?? "", /downstream/);
  assert.equal(v("src/query/x.ts", "../parser/parse.js"), null);
  assert.equal(v("src/edit/x.ts", "../parser/parse.js"), null);
  assert.match(v("src/unparse/x.ts", "../parser/parse.js") ?? "", /does not parse/);
  assert.match(v("src/unparse/x.ts", "../edit/apply.js") ?? "", /downstream/);
  assert.match(v("src/edit/x.ts", "../query/compile.js") ?? "", /downstream/);
  assert.match(v("src/check/x.ts", "../index.js") ?? "", /only src\/cli/);
  assert.match(v("src/parser/x.ts", "../../test/x.js") ?? "", /outside src/);
  assert.ok(isNodeBuiltin("node:fs") && isNodeBuiltin("fs") && isNodeBuiltin("fs/promises") && !isNodeBuiltin("smol-toml"));
});
