// The published package works on its own: `npm pack` holds the built entries, their types, the
// CLI and the docs (and no tests or fixtures), and a project that installs the tarball can run
// `quarry dump` and import every package entry. The runtime dependencies (and theirs) are copied
// from this checkout's node_modules and the install runs --offline: the test makes no request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./support/corpus.js";

const root = repoRoot();
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** quarry's runtime dependencies and, transitively, theirs (names of folders under node_modules). */
function runtimeDependencies(): string[] {
  const seen = new Set<string>();
  const visit = (pkgDir: string) => {
    const deps =
      (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
    for (const d of Object.keys(deps))
      if (!seen.has(d)) {
        seen.add(d);
        visit(join(root, "node_modules", d));
      }
  };
  visit(root);
  return [...seen].sort();
}

test("npm pack ships the build, types, CLI and docs, and installs into a fresh project", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-pack-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // --ignore-scripts: `npm test` has just built dist/; pack what is there.
  const out = execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root, encoding: "utf8" });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  const files = info!.files.map((f) => f.path);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    exports: Record<string, { types: string; default: string }>;
    bin: Record<string, string>;
  };
  for (const [name, entry] of Object.entries(pkg.exports)) {
    assert.ok(files.includes(entry.default.replace(/^\.\//, "")), `${name}: ${entry.default} missing from the tarball`);
    assert.ok(files.includes(entry.types.replace(/^\.\//, "")), `${name}: ${entry.types} missing from the tarball`);
  }
  for (const bin of Object.values(pkg.bin)) assert.ok(files.includes(bin.replace(/^\.\//, "")), `${bin} missing`);
  assert.ok(files.includes("README.md") && files.includes("docs/architecture.md"), "docs missing");
  const stray = files.filter(
    (f) =>
      f.startsWith("test/") ||
      f.startsWith("dist/test/") ||
      f.startsWith("dist/bench/") ||
      f.startsWith("src/") ||
      f.startsWith("playground/"),
  );
  assert.deepEqual(stray, [], "the tarball ships tests or sources");

  const app = join(dir, "app");
  const deps = runtimeDependencies();
  for (const d of deps) cpSync(join(root, "node_modules", d), join(app, "node_modules", d), { recursive: true });
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module", dependencies: Object.fromEntries(deps.map((d) => [d, "*"])) }),
  );
  const install = spawnSync(npm, ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(dir, info!.filename)], {
    cwd: app,
    encoding: "utf8",
  });
  assert.equal(install.status, 0, `npm install failed:\n${install.stderr}`);

  writeFileSync(join(app, "x.py"), "x = 1\n");
  const dump = spawnSync(join(app, "node_modules", ".bin", "quarry"), ["dump", "x.py"], { cwd: app, encoding: "utf8" });
  assert.equal(dump.status, 0, dump.stderr);
  assert.equal(dump.stdout, "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))])\n");

  const entries = Object.keys(pkg.exports).map((e) => (e === "." ? "quarry" : `quarry/${e.slice(2)}`));
  const script = `const names = []; for (const e of ${JSON.stringify(entries)}) names.push(e + ":" + Object.keys(await import(e)).length);
const { parse, dump } = await import("quarry"); console.log(names.join(" ")); console.log(dump(parse("y = 2\\n").tree));`;
  writeFileSync(join(app, "use.mjs"), script);
  const use = spawnSync(process.execPath, ["use.mjs"], { cwd: app, encoding: "utf8" });
  assert.equal(use.status, 0, use.stderr);
  assert.match(use.stdout, /Module\(body=\[Assign\(targets=\[Name\(id='y', ctx=Store\(\)\)\], value=Constant\(value=2\)\)\]\)/);
});
