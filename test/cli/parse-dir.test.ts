// `quarry parse DIR --stats` and parseDirectory(): the same totals on one thread and on workers,
// rejected files counted (not fatal), bad arguments answered with exit 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDirectory, parseFileStats } from "../../src/cli/parse-dir.js";
import { parse } from "../../src/index.js";
import { repoRoot, stdlibFiles } from "../support/corpus.js";

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "quarry-parse-dir-"));
  const files = stdlibFiles().filter((_, i) => i % 20 === 0);
  for (const f of files) {
    const p = join(dir, "lib", f.name);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, f.bytes);
  }
  writeFileSync(join(dir, "bad.py"), "def f(:\n");
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  writeFileSync(join(dir, "node_modules", "skipped.py"), "x = (\n");
  return dir;
}

test("parseDirectory: workers and one thread give the same per-file results, matching parse()", async () => {
  const dir = project();
  try {
    const one = await parseDirectory(dir, { workers: 1 });
    const two = await parseDirectory(dir, { workers: 2 });
    assert.equal(two.workers, 2);
    assert.deepEqual(two.results, one.results);
    assert.equal(one.errors, 1);
    const bad = one.results.find((r) => r.path.endsWith("bad.py"))!;
    assert.match(bad.error!, /^SyntaxError: /);
    assert.ok(!one.results.some((r) => r.path.includes("node_modules")));
    const sample = stdlibFiles().filter((_, i) => i % 20 === 0);
    assert.equal(one.files, sample.length + 1);
    assert.equal(
      one.nodes,
      sample.reduce((n, f) => n + parse(f.bytes).tree.nodeCount, 0),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("quarry parse DIR --stats prints files, bytes, nodes, errors and MB/s; exit 1 when a file is rejected", () => {
  const dir = project();
  try {
    const bin = join(repoRoot(), "bin", "quarry.js");
    const r = spawnSync(process.execPath, [bin, "parse", dir, "--stats", "--errors"], { encoding: "utf8" });
    assert.equal(r.status, 1, r.stderr);
    for (const k of ["files", "bytes", "nodes", "errors", "MB/s"]) assert.match(r.stdout, new RegExp(`^${k.replace("/", "\\/")} `, "m"));
    assert.match(r.stdout, /bad\.py: SyntaxError: /);
    const missing = spawnSync(process.execPath, [bin, "parse", join(dir, "nope"), "--stats"], { encoding: "utf8" });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such directory/);
    const usage = spawnSync(process.execPath, [bin, "parse", dir, "--workers", "0", "--stats"], { encoding: "utf8" });
    assert.equal(usage.status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("parseDirectory: empty files, invalid UTF-8, files larger than the read buffer, and unreadable paths", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-parse-dir-edge-"));
  try {
    writeFileSync(join(dir, "empty.py"), "");
    writeFileSync(join(dir, "latin.py"), Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]));
    // Over the 1 MiB the reused read buffer starts with, so the buffer has to grow.
    const big = "x = [" + "1, ".repeat(400_000) + "]\n";
    writeFileSync(join(dir, "big.py"), big);
    for (const workers of [1, 2]) {
      const r = await parseDirectory(dir, { workers });
      assert.equal(r.files, 3);
      assert.equal(r.errors, 1);
      const by = (name: string) => r.results.find((f) => f.path.endsWith(name))!;
      assert.deepEqual([by("empty.py").nodes, by("empty.py").error], [1, null]);
      assert.match(by("latin.py").error!, /^SyntaxError: Non-UTF-8 code starting with '\\xff' on line 1/);
      assert.equal(by("big.py").bytes, big.length);
      assert.equal(by("big.py").nodes, parse(big).tree.nodeCount);
    }
    const gone = parseFileStats(join(dir, "missing.py"));
    assert.deepEqual([gone.bytes, gone.nodes, gone.error], [0, 0, "cannot read: ENOENT"]);
    const none = await parseDirectory(join(dir, "no-such-dir"));
    assert.equal(none.files, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
