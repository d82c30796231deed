// The CLI tests' in-process runner (runCli: one child that runs main(argv) per case) prints
// exactly what `node bin/quarry.js` prints as a process of its own, on every command the CLI
// tests use and every way in: files, standard input, working folders, errors and usage errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturesDir } from "../support/fixtures.js";
import { root, serverCli, spawnCli } from "./helpers.js";

const enc = new TextEncoder();

test("runCli's server and a spawned bin/quarry.js give the same status, stdout and stderr", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-inproc-"));
  try {
    writeFileSync(join(dir, "ok.py"), "x = [i for i in y]  # type: int\n");
    writeFileSync(join(dir, "bad.py"), new Uint8Array([0x78, 0x20, 0x3d, 0x20, 0x27, 0xff, 0x27, 0x0a]));
    writeFileSync(join(dir, "deep.py"), "-".repeat(300_000) + "x\n");
    const cases: Array<{ args: string[]; input?: Uint8Array; cwd?: string }> = [
      { args: ["dump", "ok.py"], cwd: dir },
      { args: ["dump", "ok.py", "--include-attributes", "--indent", "2", "--type-comments"], cwd: dir },
      { args: ["dump", "-"], input: enc.encode("if x:\n\tpass\n\tx = = 1\n") },
      { args: ["dump", "bad.py"], cwd: dir },
      { args: ["dump", "deep.py"], cwd: dir },
      { args: ["dump", "--mode", "eval", "--feature-version", "3.7", "-"], input: enc.encode("(a := 1)\n") },
      { args: ["dump", join(fixturesDir(), "ok")] },
      { args: ["dump", "missing.py"], cwd: dir },
      { args: ["dump", "--frobnicate", "x.py"] },
      { args: ["json", "-"], input: enc.encode("x = 1\n") },
      { args: ["json", "ok.py"], cwd: dir },
      { args: ["tokens", "-"], input: enc.encode("if x:\r\n  y\r\n z\r\n") },
      { args: ["tokens", "bad.py"], cwd: dir },
      { args: ["tokens", "missing.py"], cwd: dir },
      { args: ["unparse", "-"], input: enc.encode("x = 0x" + "f".repeat(4000) + "\n") },
      { args: ["unparse", "ok.py"], cwd: dir },
      { args: ["parse", dir, "--stats", "--errors", "--workers", "1"] },
      { args: ["--version"] },
      { args: [] },
      { args: ["frobnicate"] },
    ];
    for (const c of cases) {
      const label = `quarry ${c.args.join(" ")}`;
      const spawned = await spawnCli(c.args, c.input, c.cwd);
      const served = await serverCli(c.args, c.input, c.cwd ?? root);
      if (c.args[0] === "parse") {
        // The statistics line carries the run's time and speed; everything else must match.
        const stable = (s: string) => s.replace(/^(time|MB\/s) .*$/gm, "$1 <t>");
        assert.deepEqual({ ...served, stdout: stable(served.stdout) }, { ...spawned, stdout: stable(spawned.stdout) }, label);
      } else assert.deepEqual(served, spawned, label);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
