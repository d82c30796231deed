// A cold check reads each Python file once: the import lines import-linter's graph quotes are
// captured from the bytes the file was extracted from, so a file edited after it was read never
// shows a line of its new version next to its old imports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkProject, type ImportGraph } from "../../src/check/index.js";
import { createChecker } from "../../src/check/incremental/checker.js";
import { checkCommand } from "../../src/cli/check-command.js";
import { memHost } from "./helpers.js";

const enc = new TextEncoder();

// An import-linter project (layers over two packages, external packages in the graph), with a
// Tach configuration over the same files when `tach` is set.
function project(tach: boolean): Record<string, string> {
  const files: Record<string, string> = {
    "/p/.importlinter":
      "[importlinter]\nroot_package = pkg\ninclude_external_packages = True\n\n[importlinter:contract:l]\nname = layers\ntype = layers\nlayers =\n    pkg.a\n    pkg.b\n",
    "/p/pkg/__init__.py": "",
    "/p/pkg/a/__init__.py": "",
    "/p/pkg/b/__init__.py": "import os\n",
  };
  // Every file is in a checked module: Tach reads the files of unchecked ones (the root's) once
  // more, for their `# tach-ignore` comments, without extracting them.
  if (tach)
    files["/p/tach.toml"] =
      'source_roots = ["."]\n\n[[modules]]\npath = "pkg"\ndepends_on = []\n\n[[modules]]\npath = "pkg.a"\ndepends_on = ["pkg.b"]\n\n[[modules]]\npath = "pkg.b"\ndepends_on = []\n';
  for (let i = 0; i < 12; i++) {
    files[`/p/pkg/a/m${i}.py`] =
      `"""doc"""\nfrom pkg.b import m${i}\n\nimport os, json\n\ndef f():\n    from pkg.b.m${(i + 1) % 12} import g\n`;
    files[`/p/pkg/b/m${i}.py`] = i % 4 === 0 ? `x = 1\r\nfrom pkg.a.m${i} import f  # up\r\n` : "def g(): pass\n";
  }
  return files;
}

type Tools = "import-linter" | "Tach and import-linter" | "Tach";

// The host of the project for `tools` with every read of a Python file counted.
function counting(tools: Tools) {
  const files = project(tools !== "import-linter");
  if (tools === "Tach") delete files["/p/.importlinter"];
  const host = memHost(files);
  const reads = new Map<string, number>();
  const readFile = host.readFile;
  host.readFile = (p) => {
    if (p.endsWith(".py")) reads.set(p, (reads.get(p) ?? 0) + 1);
    return readFile(p);
  };
  const py = [...host.files.keys()].filter((p) => p.endsWith(".py")).sort();
  return { host, reads, py };
}

const runs: [string, (h: ReturnType<typeof memHost>) => Promise<unknown>][] = [
  ["checkProject", (h) => checkProject(h, { cache: false })],
  ["checkProject with the cache on", (h) => checkProject(h, { cache: true })],
  ["the incremental checker's first check", (h) => createChecker(h, { cache: false }).check()],
  ["quarry check", (h) => checkCommand([], h)],
];

for (const tools of ["import-linter", "Tach and import-linter", "Tach"] as const) {
  for (const [what, run] of runs) {
    test(`a cold run reads each Python file exactly once: ${what}, ${tools}`, async () => {
      const { host, reads, py } = counting(tools);
      await run(host);
      assert.deepEqual(
        py.map((p) => [p, reads.get(p) ?? 0]),
        py.map((p) => [p, 1]),
      );
    });
  }
}

// The graph's import lines, as [importer, imported, line, text] rows.
function lines(g: ImportGraph | null): [string, string, number, string][] {
  assert.ok(g !== null);
  return [...g.out].flatMap(([from, outs]) =>
    [...outs].flatMap(([to, ds]) => ds.map((d): [string, string, number, string] => [from, to, d.line, d.text])),
  );
}

test("a file changed after it was read: the graph quotes the lines that were extracted", async () => {
  for (const run of [
    (h: ReturnType<typeof memHost>) => checkProject(h, { cache: false }),
    async (h: ReturnType<typeof memHost>) => createChecker(h, { cache: false }).check(),
  ]) {
    const reference = await run(memHost(project(false)));
    const host = memHost(project(false));
    const readFile = host.readFile;
    // Every Python file is rewritten on disk just after it is read: other text on every line.
    host.readFile = (p) => {
      const got = readFile(p);
      if (p.endsWith(".py") && got !== null)
        host.files.set(p, enc.encode(`# changed\n${new TextDecoder().decode(got)}`.replace(/import/g, "import  ")));
      return got;
    };
    const r = await run(host);
    const want = lines(reference.importlinter!.graph);
    assert.ok(
      want.some(
        ([from, to, line, text]) => from === "pkg.b.m4" && to === "pkg.a.m4" && line === 2 && text === "from pkg.a.m4 import f  # up",
      ),
    );
    assert.deepEqual(lines(r.importlinter!.graph), want);
  }
});

test("a Tach-only run caches no lines; an import-linter run on the same cache extracts again and quotes the lines", async () => {
  const files = project(true);
  const lint = files["/p/.importlinter"]!;
  delete files["/p/.importlinter"];
  const host = memHost(files);
  await checkProject(host, { cache: true });
  host.files.set("/p/.importlinter", enc.encode(lint));
  const warm = await checkProject(host, { cache: true });
  const cold = await checkProject(memHost(project(true)), { cache: false });
  assert.deepEqual(lines(warm.importlinter!.graph), lines(cold.importlinter!.graph));
  assert.ok(lines(warm.importlinter!.graph).every(([, , , text]) => text !== ""));
  // And the incremental checker, when the import-linter configuration appears.
  delete files["/p/.importlinter"];
  const h2 = memHost(files);
  const checker = createChecker(h2, { cache: false });
  await checker.check();
  h2.files.set("/p/.importlinter", enc.encode(lint));
  const r = await checker.update([{ path: ".importlinter", kind: "added" }]);
  assert.deepEqual(lines(r.importlinter!.graph), lines(cold.importlinter!.graph));
});
