// Public API snapshot (STYLE §0.5): the sorted names exported by dist/src/index.js and the emitted
// dist/src/index.d.ts, compared with test/api.snap. Any change to the API shows up as a diff;
// accept a deliberate one with `UPDATE=1 npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./support/corpus.js";
import { updating } from "./support/fixtures.js";

function currentApi(mod: Record<string, unknown>, dts: string): string {
  const names = Object.keys(mod).sort().map((n) => `${n}: ${typeof mod[n]}`);
  return `## Runtime exports (${names.length})\n\n${names.join("\n")}\n\n## dist/src/index.d.ts\n\n${dts.replace(/\r\n/g, "\n").trimEnd()}\n`;
}

test("public API equals test/api.snap (exported names and index.d.ts)", async () => {
  const root = repoRoot();
  const js = join(root, "dist", "src", "index.js");
  const mod = (await import(pathToFileURL(js).href)) as Record<string, unknown>;
  const dts = readFileSync(join(root, "dist", "src", "index.d.ts"), "utf8");
  const actual = currentApi(mod, dts);
  const snap = join(root, "test", "api.snap");
  if (updating() || !existsSync(snap)) {
    writeFileSync(snap, actual);
    if (!updating()) assert.fail("test/api.snap did not exist and was written; review and commit it");
  }
  assert.equal(actual, readFileSync(snap, "utf8"), "the public API changed; if deliberate, run UPDATE=1 npm test and commit test/api.snap");
});

test("package.json exposes only the index entry (no deep imports)", () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as { exports: Record<string, unknown> };
  assert.deepEqual(Object.keys(pkg.exports), ["."]);
});
