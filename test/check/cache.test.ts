// The check cache is input like any other: every cache file, truncated, of the wrong shape or
// from another quarry version, is discarded and rebuilt, never trusted and never a crash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkCommand as runCheck } from "../../src/cli/check-command.js";
import { CACHE_VERSION, isEncoded } from "../../src/check/extract/cache.js";
import { QUARRY_VERSION } from "../../src/check/version.js";
import { memHost } from "./helpers.js";

const project = {
  "/p/tach.toml": '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "b"\n',
  "/p/a.py": "import b  # tach-ignore(kept)\nimport b\nfrom b import x\n",
  "/p/b.py": "x = 1\n",
};
const DIR = "/p/.quarry-cache/imports/";
const FILES = ["imports-full.json", "stamps.json", "result-tach.json", "output-tach.json"];

// An in-memory host with file stamps (size-based, old mtimes), so stamps.json is used too.
function host() {
  const h = memHost(project);
  return Object.assign(h, {
    stamp: (p: string) => {
      const b = h.files.get(p);
      return b === undefined || b === null ? null : { key: `s${b.length}`, mtimeMs: 0 };
    },
  });
}

const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
const dec = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;

// Keeps `v` and `key` (so the version and key checks pass and the shape checks are what is
// tested) and turns every other string into a number and every number into a string.
function poison(x: unknown, top = true): unknown {
  if (typeof x === "string") return 42;
  if (typeof x === "number") return "42";
  if (Array.isArray(x)) return x.map((e) => poison(e, false));
  if (x !== null && typeof x === "object") {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, top && (k === "v" || k === "key") ? v : poison(v, false)]));
  }
  return x;
}

const corruptions: [string, (b: Uint8Array) => Uint8Array][] = [
  ["truncated", (b) => b.slice(0, Math.floor(b.length / 2))],
  ["empty", () => new Uint8Array()],
  ["valid JSON of the wrong shape (every leaf's type swapped)", (b) => enc(poison(dec(b)))],
  ["valid JSON of the wrong shape (an array)", () => enc([1, 2, 3])],
  ["valid JSON of the wrong shape (null)", () => enc("null")],
  ["another version", (b) => enc({ ...dec(b), v: "quarry-0.0.0/extractor-0", key: "0000" })],
];

for (const file of FILES) {
  for (const [what, corrupt] of corruptions) {
    test(`cache: ${file}, ${what}: discarded and rebuilt, same report`, async () => {
      const h = host();
      const code = await runCheck([], h);
      const first = h.out;
      assert.equal(code, 1);
      const bytes = h.files.get(DIR + file);
      assert.ok(bytes, `${file} written by the first run`);
      h.files.set(DIR + file, corrupt(bytes!));
      // A warm run reads the stored output first, then the stored result, then the pack: remove
      // the ones that would be read before the corrupted file, so that it is the one used.
      const order = ["output-tach.json", "result-tach.json", "imports-full.json"];
      for (const f of order.slice(0, Math.max(0, order.indexOf(file)))) h.files.delete(DIR + f);
      h.out = "";
      assert.equal(await runCheck([], h), code);
      assert.equal(h.out, first);
      // A third run still agrees (nothing bad was written back).
      h.out = "";
      assert.equal(await runCheck([], h), code);
      assert.equal(h.out, first);
    });
  }
}

test("cache: every pack and stamps file records quarry's version", async () => {
  const h = host();
  await runCheck([], h);
  assert.equal(dec(h.files.get(DIR + "imports-full.json")!).v, CACHE_VERSION);
  assert.equal(dec(h.files.get(DIR + "stamps.json")!).v, CACHE_VERSION);
  assert.ok(CACHE_VERSION.includes(QUARRY_VERSION));
});

test("cache: a pack entry of the wrong shape is dropped and the pack rewritten", async () => {
  const h = memHost(project);
  await runCheck([], h);
  const pack = dec(h.files.get(DIR + "imports-full.json")!) as { v: string; entries: Record<string, unknown> };
  for (const e of Object.values(pack.entries)) assert.ok(isEncoded(e));
  const k = Object.keys(pack.entries)[0]!;
  pack.entries[k] = [[[0, 7, "not a level"]], [], [], [], null];
  assert.equal(isEncoded(pack.entries[k]), false);
  h.files.set(DIR + "imports-full.json", enc(pack));
  h.files.delete(DIR + "result-tach.json");
  h.files.delete(DIR + "output-tach.json");
  await runCheck([], h);
  const again = dec(h.files.get(DIR + "imports-full.json")!) as { entries: Record<string, unknown> };
  for (const e of Object.values(again.entries)) assert.ok(isEncoded(e));
});

test("cache: .quarry-cache/ ignores itself in git; a --cache-dir folder only in quarry's subfolder", async () => {
  const h = memHost(project);
  await runCheck([], h);
  assert.equal(
    new TextDecoder()
      .decode(h.files.get("/p/.quarry-cache/.gitignore")!)
      .split("\n")
      .filter((l) => !l.startsWith("#") && l !== "")
      .join(),
    "*",
  );
  const h2 = memHost({ ...project, "/p/mine/notes.txt": "keep" });
  await runCheck(["--cache-dir", "mine"], h2);
  assert.equal(h2.files.has("/p/mine/.gitignore"), false);
  assert.ok(h2.files.has("/p/mine/imports/.gitignore"));
});

test("QUARRY_VERSION is package.json's version", () => {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../../../package.json", import.meta.url)), "utf8")) as { version: string };
  assert.equal(QUARRY_VERSION, pkg.version);
});
