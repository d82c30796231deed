// Public API snapshot (STYLE §0.5): for every entry of package.json#exports, the sorted names the
// built module exports and the text of its emitted .d.ts, compared with test/api.snap. Any change
// to the API (a new entry, a new export, a changed declaration) shows up as a diff; accept a
// deliberate one with `UPDATE=1 npm test` and review it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./support/corpus.js";
import { updating } from "./support/fixtures.js";

type Entry = { types: string; default: string };

const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, Entry> };

async function describeEntry(name: string, entry: Entry): Promise<string> {
  const mod = (await import(pathToFileURL(join(root, entry.default)).href)) as Record<string, unknown>;
  const names = Object.keys(mod).sort().map((n) => `${n}: ${typeof mod[n]}`);
  const dts = readFileSync(join(root, entry.types), "utf8").replace(/\r\n/g, "\n").trimEnd();
  return `# "${name}" (${entry.default})\n\n## Runtime exports (${names.length})\n\n${names.join("\n")}\n\n## ${entry.types}\n\n${dts}\n`;
}

test("package.json#exports: every entry has built types and code", () => {
  assert.ok(Object.keys(pkg.exports).includes("."), "no \".\" entry");
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
