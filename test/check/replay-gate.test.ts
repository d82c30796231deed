// The replay gate (src/check/extract/replay-gate.ts): an unchanged project prints its stored
// output after re-asking only what the last run read; any changed answer means a full run, whose
// output is the same as with no cache at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCommand as runCheck } from "../../src/cli/check-command.js";
import { createNodeHost } from "../../src/cli/check-host.js";
import { memHost } from "./helpers.js";

const TACH = '[[modules]]\npath = "a"\ndepends_on = []\n\n[[modules]]\npath = "b"\n';

function tracked(files: Record<string, string>) {
  const h = memHost(files);
  const reads: string[] = [];
  const readFile = h.readFile;
  h.readFile = (p) => {
    reads.push(p);
    return readFile(p);
  };
  const run = async (args: string[] = []) => {
    h.out = "";
    h.err = "";
    reads.length = 0;
    const code = await runCheck(args, h);
    return { code, out: h.out, err: h.err };
  };
  return { h, reads, run };
}

test("replay gate: an unchanged project is answered from the replay file alone; a full run follows any change", async () => {
  const { h, reads, run } = tracked({ "/p/tach.toml": TACH, "/p/a.py": "import b\n", "/p/b.py": "x = 1\n" });
  const cold = await run();
  assert.equal(cold.code, 1);
  assert.deepEqual(await run(), cold);
  // Gated: of the cache, only the replay file is read (no stamps, packs or result file).
  assert.deepEqual(
    reads.filter((p) => p.includes("/.quarry-cache/")),
    ["/p/.quarry-cache/imports/output-tach.json"],
  );
  // Each kind of change is seen, and the answer is what a run without the cache gives.
  const changes: [string, () => void][] = [
    ["an edited file", () => h.files.set("/p/b.py", new TextEncoder().encode("import a\n"))],
    ["a new file", () => h.files.set("/p/b/c.py", new TextEncoder().encode("import a\n"))],
    [
      "an edited configuration",
      () => h.files.set("/p/tach.toml", new TextEncoder().encode(TACH.replace('path = "b"', 'path = "b"\ndepends_on = ["a"]'))),
    ],
    [
      "a new import-linter configuration",
      () => h.files.set("/p/.importlinter", new TextEncoder().encode("[importlinter]\nroot_package = a\n")),
    ],
  ];
  for (const [what, change] of changes) {
    change();
    const warm = await run();
    assert.ok(reads.includes("/p/tach.toml"), `${what}: the configuration is read again`);
    assert.deepEqual(warm, await run(["--no-cache"]), what);
  }
  // A record of the wrong shape is ignored (and the file rewritten by the next full run).
  const { h: h2, run: run2 } = tracked({ "/p/tach.toml": TACH, "/p/a.py": "import b\n", "/p/b.py": "x = 1\n" });
  const first = await run2();
  const file = "/p/.quarry-cache/imports/output-tach.json";
  const stored = JSON.parse(new TextDecoder().decode(h2.files.get(file)!)) as { gate: { files: unknown[] } };
  assert.ok(stored.gate.files.length >= 3);
  stored.gate.files = [[42, null, null]];
  h2.files.set(file, new TextEncoder().encode(JSON.stringify(stored)));
  assert.deepEqual(await run2(), first);
});

test("replay gate on the Node host: files are checked by stamp once old enough, by content while racy", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-gate-")).replace(/\\/g, "/");
  try {
    writeFileSync(`${dir}/tach.toml`, TACH);
    mkdirSync(`${dir}/a`);
    writeFileSync(`${dir}/a/__init__.py`, "");
    writeFileSync(`${dir}/a/m.py`, "import b\n");
    writeFileSync(`${dir}/b.py`, "x = 1\n");
    const host = createNodeHost();
    let out = "";
    host.stdout = (t) => void (out += t);
    host.stderr = () => {};
    const run = async (args: string[] = []) => {
      out = "";
      const code = await runCheck([dir, ...args], host);
      return { code, out };
    };
    const cold = await run();
    assert.equal(cold.code, 1);
    // Just written, so the stamps are racy: the gate compares contents.
    assert.deepEqual(await run(), cold);
    // An edit of the same size within the racy window is seen.
    writeFileSync(`${dir}/a/m.py`, "import c\n");
    const edited = await run();
    assert.deepEqual(edited, await run(["--no-cache"]));
    assert.notDeepEqual(edited, cold);
    // Files an hour old: trusted by stamp; an edit changes the stamp.
    const old = new Date(Date.now() - 3_600_000);
    for (const f of ["tach.toml", "a/__init__.py", "a/m.py", "b.py"]) utimesSync(`${dir}/${f}`, old, old);
    await run();
    assert.deepEqual(await run(), edited);
    writeFileSync(`${dir}/a/m.py`, "import b\n");
    assert.deepEqual(await run(), cold);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
