// npm test's build step: `tsc -p .` with an incremental build-info file in dist/, so a warm run
// re-checks and re-emits only what changed (a full check costs most of the build), then the CLI
// bundle (bundle-cli.mjs). tsc's incremental mode does not notice a deleted output file, so when
// any compiled file is missing the build-info file is dropped and tsc checks everything.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const INFO = join(root, "dist", "tsconfig.tsbuildinfo");

/** The .ts sources tsconfig.json includes (src, test, bench, examples; no .d.ts). */
function sources(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const missing = ["src", "test", "bench", "examples"]
  .filter((d) => existsSync(join(root, d)))
  .flatMap((d) => sources(join(root, d)))
  .some((f) => !existsSync(join(root, "dist", relative(root, f)).replace(/\.ts$/, ".js")));
if (missing) rmSync(INFO, { force: true });

const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const r = spawnSync(process.execPath, [tsc, "-p", root, "--incremental", "--tsBuildInfoFile", INFO], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
await import("./bundle-cli.mjs");
