// npm test's runner: every dist/test/**/*.test.js (helpers are not test files) under node's test
// runner, two files at a time, the longest first by the last run's times (dist/test-times.json,
// written by test-times-reporter.mjs), so that no long file starts last and bounds the run.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const TIMES = join(root, "dist", "test-times.json");

function testFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

let last = {};
try {
  last = JSON.parse(readFileSync(TIMES, "utf8"));
} catch {
  // first run, or an interrupted one: alphabetical order
}
// Files without a time (new ones) go first: they may be long.
const weight = (f) => last[f] ?? Number.POSITIVE_INFINITY;
const files = testFiles(join(root, "dist", "test"))
  .sort()
  .sort((a, b) => weight(b) - weight(a));

const r = spawnSync(
  process.execPath,
  [
    "--test",
    "--test-concurrency=2",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    `--test-reporter=${join(root, "scripts", "test-times-reporter.mjs")}`,
    `--test-reporter-destination=${TIMES}`,
    // `npm test -- --test-name-pattern=...` and the like reach node's runner.
    ...process.argv.slice(2),
    ...files,
  ],
  { stdio: "inherit", cwd: root },
);
process.exit(r.status ?? 1);
