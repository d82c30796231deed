// The `quarry/check` entry as a library: checkProject returns what each tool found as data and
// prints nothing; renderCheck turns that data into any of the CLI's formats.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkProject, renderCheck, diagnosticMessage, ImportGraph } from "../../src/check/index.js";
import { memHost } from "./helpers.js";

const files = {
  "/p/tach.toml": '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "b"\n',
  "/p/a.py": "import b\nfrom b import x\n",
  "/p/b.py": "x = 1\n",
  "/p/.importlinter":
    "[importlinter]\nroot_package = pkg\n\n[importlinter:contract:f]\nname = lo must not use hi\ntype = forbidden\nsource_modules = pkg.lo\nforbidden_modules = pkg.hi\n",
  "/p/pkg/__init__.py": "",
  "/p/pkg/lo.py": "from pkg import hi\n",
  "/p/pkg/hi.py": "",
};

test("checkProject returns diagnostics, the module graph and contract results, and prints nothing", async () => {
  const h = memHost(files);
  const r = await checkProject(h, { cache: false });
  assert.equal(h.out, "");
  assert.equal(h.err, "");
  assert.equal(r.exit, 1);
  assert.equal(r.error, null);
  const t = r.tach!;
  assert.equal(t.fatal, null);
  assert.deepEqual(
    t.diagnostics.map((d) => `${d.file}:${d.line} ${diagnosticMessage(d)}`),
    ["a.py:1 Cannot use 'b'. Module 'a' cannot depend on 'b'.", "a.py:2 Cannot use 'b.x'. Module 'a' cannot depend on 'b'."],
  );
  assert.deepEqual(t.modules.map((m) => [m.path, m.depends_on?.map((d) => d.path) ?? null]).sort(), [
    ["a", []],
    ["b", null],
  ]);
  assert.deepEqual(t.edges, [["a", "b", 2]]);
  const il = r.importlinter!;
  assert.ok(il.graph instanceof ImportGraph);
  assert.equal(il.contracts.length, 1);
  assert.equal(il.contracts[0]!.kept, false);
  assert.deepEqual(
    il.contracts[0]!.violations.map((v) => [v.importer, v.imported, v.line]),
    [["pkg.lo", "pkg.hi", 1]],
  );
});

test("renderCheck gives the CLI's formats from the same data", async () => {
  const h = memHost(files);
  const r = await checkProject(h, { cache: false });
  const text = await renderCheck(r, "text", { emoji: false, color: false }, h);
  assert.match(text, /\[FAIL\] a\.py:1: Cannot use 'b'/);
  assert.match(text, /lo must not use hi BROKEN/);
  const json = JSON.parse(await renderCheck(r, "json", { emoji: false, color: false }, h)) as { version: number; exit: number };
  assert.equal(json.version, 1);
  assert.equal(json.exit, 1);
});

test("checkProject without any configuration: the message as data, exit 1", async () => {
  const h = memHost({ "/p/x.py": "" });
  const r = await checkProject(h);
  assert.deepEqual(r, { exit: 1, error: "Configuration file not found. Run 'tach init' to get started!", tach: null, importlinter: null });
  assert.equal(h.out + h.err, "");
});
