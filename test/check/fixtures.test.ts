// Fixture projects: test/check/fixtures/<case>/ is a mini project; `args` (optional, one line)
// holds the command-line arguments; `expected.snap` holds the exit code, stdout and stderr.
// Accept new output with UPDATE=1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkCommand as runCheck, graphCommand as runGraph } from "../../src/cli/check-command.js";
import { fsHost } from "./helpers.js";

const root = fileURLToPath(new URL("../../../test/check/fixtures/", import.meta.url)).replace(/\\/g, "/");

function render(code: number, out: string, err: string, args: string): string {
  return `args: ${args}\nexit: ${code}\n--- stdout\n${out}--- stderr\n${err}`;
}

for (const name of readdirSync(root).sort()) {
  const dir = root + name;
  if (!existsSync(dir + "/expected.snap") && process.env["UPDATE"] !== "1") continue;
  test(`fixture ${name}`, async () => {
    const argsLine = existsSync(dir + "/args") ? readFileSync(dir + "/args", "utf8").trim() : "";
    const argv = argsLine === "" ? [] : argsLine.split(/\s+/);
    // Each fixture is a project on its own: nothing above its folder is visible (so the
    // repository around the fixtures is not found as a git root), and the folder's absolute
    // path shows as <fixture> in the snapshot.
    const host = fsHost(dir);
    const inside = (p: string) => p === dir || p.startsWith(dir + "/");
    const { stat, readFile, readDir } = host;
    host.stat = (p) => (inside(p) ? stat(p) : null);
    host.readFile = (p) => (inside(p) ? readFile(p) : null);
    host.readDir = (p) => (inside(p) ? readDir(p) : null);
    const graph = argv[0] === "graph";
    const code = graph ? await runGraph([...argv.slice(1), "--no-cache"], host) : await runCheck([...argv, "--no-cache"], host);
    const got = render(code, host.out, host.err, argsLine).split(dir).join("<fixture>");
    const snap = dir + "/expected.snap";
    if (process.env["UPDATE"] === "1") writeFileSync(snap, got);
    assert.equal(got, readFileSync(snap, "utf8"));
  });
}
