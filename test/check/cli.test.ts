// `quarry check` and `quarry graph` through the real command line (bin/quarry.js -> src/cli/main.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";

const bin = join(repoRoot(), "bin", "quarry.js");
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot(), encoding: "utf8" });

test("quarry check examples/shop: reports the example's violations and exits 1", () => {
  const r = run(["check", "examples/shop", "--no-cache"]);
  assert.equal(r.status, 1, r.stderr);
  const out = r.stdout + r.stderr;
  assert.match(
    out,
    /\[FAIL\] src\/shop\/orders\/checkout\.py:1: Cannot use 'shop\.catalog\.search\.find'\. Module 'shop\.orders' cannot depend on 'shop\.catalog'\./,
  );
  assert.match(out, /Contracts: 1 kept, 1 broken\./);
});

test("quarry check on a missing path is a usage/config error, not a crash", () => {
  const r = run(["check", "no/such/dir", "--no-cache"]);
  assert.ok(r.status === 1 || r.status === 2, `exit ${r.status}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error/);
});

test("quarry graph examples/shop --format mermaid marks the violating edges", () => {
  const r = run(["graph", "examples/shop", "--format", "mermaid", "--no-cache"]);
  assert.equal(r.status === null ? -1 : r.status <= 1 ? 0 : r.status, 0, r.stderr);
  assert.match(r.stdout, /graph|flowchart/);
  assert.match(r.stdout, /shop\.orders/);
});

test("quarry --version prints the version from package.json", () => {
  const { readFileSync } = fs;
  const pkg = JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as { version: string };
  for (const flag of ["--version", "-V"]) {
    const r = run([flag]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `quarry ${pkg.version}\n`);
  }
});

test("every command's --help has one line per option, each explained", async () => {
  const { CHECK_OPTIONS, GRAPH_OPTIONS } = await import("../../src/check/options.js");
  for (const [cmd, table] of [
    ["check", CHECK_OPTIONS],
    ["graph", GRAPH_OPTIONS],
    ["dump", null],
    ["parse", null],
  ] as const) {
    const r = run([cmd, "--help"]);
    assert.equal(r.status, 0, `${cmd} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^usage: quarry ${cmd}`));
    const optionLines = r.stdout.split("\n").filter((l) => /^ {2}(-\w, | {4})--[a-z-]+/.test(l));
    assert.ok(optionLines.length >= 2, cmd);
    // Each option line ends in an explanation after the option's spelling.
    for (const l of optionLines) assert.match(l, /^ {2}(-\w, | {4})--[a-z-]+( [A-Z]+)? {2,}\S.{8,}$/, l);
    if (table !== null)
      for (const o of table)
        assert.ok(
          optionLines.some((l) => l.includes(`--${o.name}`)),
          `${cmd} --help lists --${o.name}`,
        );
  }
});

test("the one-file commands (json, tokens, unparse) answer --help with their usage and options", () => {
  const r = run(["tokens", "--help"]);
  assert.equal(r.status, 0, `tokens --help: ${r.stderr}`);
  assert.match(r.stdout, /^usage: quarry tokens FILE\|-\n\nPrints .{20,}\n\noptions:\n {2}-h, --help {2}show this help and exit\n$/);
  const bad = run(["tokens", "--nope"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option '--nope'/);
  // json and unparse also take ast.parse's options, as dump does.
  for (const cmd of ["json", "unparse"]) {
    const r = run([cmd, "--help"]);
    assert.equal(r.status, 0, `${cmd} --help: ${r.stderr}`);
    assert.match(
      r.stdout,
      new RegExp(
        `^usage: quarry ${cmd} \\[options\\] FILE\\|-\n\nPrints .{20,}\n\noptions:\n` +
          "      --mode M .*\n      --feature-version VERSION .*\n      --type-comments .*\n      --optimize N .*\n" +
          "  -h, --help .*show this help and exit\n$",
      ),
    );
    const bad = run([cmd, "--nope"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown option '--nope'/);
  }
});

test("-o FILE writes the report to FILE in check and in graph", () => {
  const { mkdtempSync, readFileSync, rmSync } = fs;
  const dir = mkdtempSync(join(os.tmpdir(), "quarry-o-"));
  try {
    const a = run(["check", "examples/shop", "--no-cache", "-o", join(dir, "report.txt")]);
    assert.equal(a.status, 1);
    assert.equal(a.stdout, "");
    assert.match(readFileSync(join(dir, "report.txt"), "utf8"), /Cannot use 'shop\.catalog\.search\.find'/);
    const b = run(["graph", "examples/shop", "--no-cache", "-o", join(dir, "graph.dot")]);
    assert.equal(b.stdout, "");
    assert.match(readFileSync(join(dir, "graph.dot"), "utf8"), /digraph/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("unknown options and bad values are usage errors (exit 2) in check and graph", () => {
  for (const args of [
    ["check", "--bogus"],
    ["check", "--output", "xml"],
    ["check", "a", "b"],
    ["graph", "--format", "png"],
    ["graph", "--bogus"],
  ]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, /usage: quarry (check|graph)/);
  }
});
