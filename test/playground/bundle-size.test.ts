// The library's browser bundles stay within the budgets written in the README's Playground
// section: each feature (parse, dump, tokens, views, all) bundled by esbuild for the browser,
// minified and gzipped (what a page loads up front; chunks loaded on first use, the fix path, are
// printed beside). Sizes depend only on the sources and the esbuild version, not on timing.
// Also: the playground's own sources type-check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { buildModule } from "./browser.js";

/** The budget table of the README's Playground section: feature -> bytes. */
function readmeBudgets(): Map<string, number> {
  const readme = readFileSync(join(repoRoot(), "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Playground"));
  assert.ok(section !== undefined, "README.md has a Playground section");
  const out = new Map<string, number>();
  for (const m of section.matchAll(/^\| (\w+) \| .* \| (\d+(?:\.\d+)?) KB \|$/gm)) out.set(m[1]!, Math.round(Number(m[2]) * 1024));
  return out;
}

test("browser bundles of parse, dump, tokens, views, unparse and queries fit the README's budgets", async () => {
  const budgets = readmeBudgets();
  assert.deepEqual([...budgets.keys()].sort(), ["all", "dump", "parse", "queries", "tokens", "unparse", "views"]);
  const sizes = await (await buildModule()).librarySizes();
  const over: string[] = [];
  for (const [name, budget] of budgets) {
    const s = sizes[name];
    assert.ok(s !== undefined, `no bundle for ${name}`);
    console.log(
      `browser bundle ${name}: ${(s.gzip / 1024).toFixed(1)} KB min+gzip (${(s.min / 1024).toFixed(1)} KB minified), budget ${(budget / 1024).toFixed(0)} KB${s.lazy.gzip > 0 ? `; then ${(s.lazy.gzip / 1024).toFixed(1)} KB loaded on first use` : ""}`,
    );
    if (s.gzip > budget) over.push(`${name}: ${s.gzip} bytes > ${budget}`);
  }
  assert.deepEqual(over, [], "over budget");
  // The queries entry leaves the fix path (edit engine, unparser) to a chunk loaded on first fix.
  assert.ok(sizes.queries!.lazy.min > 50_000, "the fix path is a separate chunk");
});

test("the library's browser bundle imports no node:* module", async () => {
  const { buildLibrary } = await buildModule();
  const file = await buildLibrary();
  const code = readFileSync(file, "utf8");
  const m = /\bfrom\s*["']node:[^"']*|\bimport\(\s*["']node:[^"']*|require\(\s*["']node:[^"']*/.exec(code);
  assert.equal(m?.[0] ?? null, null);
});

test("the playground's sources type-check (DOM types, strict)", () => {
  const tsc = join(repoRoot(), "node_modules", "typescript", "bin", "tsc");
  // Incremental (the build-info file lives in dist/, with the build): a warm run re-checks only
  // the files that changed since the last check, with the same diagnostics as a full check.
  const info = join(repoRoot(), "dist", "playground.tsbuildinfo");
  const r = spawnSync(process.execPath, [tsc, "-p", join(repoRoot(), "playground"), "--incremental", "--tsBuildInfoFile", info], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
