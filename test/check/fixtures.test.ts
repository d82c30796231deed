// Fixture projects, run in-process through the CLI function. Two forms: a folder
// test/check/fixtures/<case>/ (a real mini project, `args` holding the arguments and
// `expected.snap` the exit code, stdout and stderr), or one bundle file <case>.fixture (see
// fixture-bundle.ts). Accept new output with UPDATE=1. The count of fixtures per feature is printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkCommand as runCheck, graphCommand as runGraph } from "../../src/cli/check-command.js";
import { fsHost, memHost, type CapturedHost } from "./helpers.js";
import { parseBundle, writeBundle, BUNDLE_ROOT } from "./fixture-bundle.js";

const root = fileURLToPath(new URL("../../../test/check/fixtures/", import.meta.url)).replace(/\\/g, "/");
const update = process.env.UPDATE === "1";

function render(code: number, out: string, err: string, args: string): string {
  return `args: ${args}\nexit: ${code}\n--- stdout\n${out}--- stderr\n${err}`;
}

async function run(host: CapturedHost, argsLine: string, dir: string): Promise<string> {
  const argv = argsLine === "" ? [] : argsLine.split(/\s+/);
  const graph = argv[0] === "graph";
  const code = graph ? await runGraph([...argv.slice(1), "--no-cache"], host) : await runCheck([...argv, "--no-cache"], host);
  return render(code, host.out, host.err, argsLine).split(dir).join("<fixture>");
}

// Folder fixtures predate the bundles and name no feature: they count under the engine whose
// configuration they exercise.
function folderFeature(name: string): string {
  return name.startsWith("il-") ? "il-config-and-cli" : "tach-config-and-cli";
}

const perFeature = new Map<string, number>();
const count = (feature: string) => perFeature.set(feature, (perFeature.get(feature) ?? 0) + 1);

for (const name of readdirSync(root).sort()) {
  const path = root + name;
  if (name.endsWith(".fixture")) {
    const bundle = parseBundle(readFileSync(path, "utf8"));
    count(bundle.feature);
    test(`fixture ${name.slice(0, -".fixture".length)}`, async () => {
      const files: Record<string, string> = {};
      for (const [p, text] of bundle.files) files[`${BUNDLE_ROOT}/${p}`] = text;
      const got = await run(memHost(files, BUNDLE_ROOT), bundle.args, BUNDLE_ROOT);
      if (update) writeFileSync(path, writeBundle({ ...bundle, expected: got }));
      else assert.equal(got, bundle.expected, `fixture ${name}: ${bundle.asserts}`);
    });
    continue;
  }
  if (!statSync(path).isDirectory()) continue;
  if (!existsSync(path + "/expected.snap") && !update) continue;
  count(folderFeature(name));
  test(`fixture ${name}`, async () => {
    const argsLine = existsSync(path + "/args") ? readFileSync(path + "/args", "utf8").trim() : "";
    // Each fixture is a project on its own: nothing above its folder is visible (so the
    // repository around the fixtures is not found as a git root), and the folder's absolute
    // path shows as <fixture> in the snapshot.
    const host = fsHost(path);
    const inside = (p: string) => p === path || p.startsWith(path + "/");
    const { stat, readFile, readDir } = host;
    host.stat = (p) => (inside(p) ? stat(p) : null);
    host.readFile = (p) => (inside(p) ? readFile(p) : null);
    host.readDir = (p) => (inside(p) ? readDir(p) : null);
    const got = await run(host, argsLine, path);
    const snap = path + "/expected.snap";
    if (update) writeFileSync(snap, got);
    assert.equal(got, readFileSync(snap, "utf8"));
  });
}

test("fixtures per feature", (t) => {
  const lines = [...perFeature].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, n]) => `${f}: ${n}`);
  const total = [...perFeature.values()].reduce((a, b) => a + b, 0);
  // One diagnostic line each: the test reporters escape newlines inside a diagnostic.
  t.diagnostic(`fixtures per feature (${total} in all):`);
  for (const l of lines) t.diagnostic(`  ${l}`);
  assert.ok(total > 0);
});
