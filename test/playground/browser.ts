// Support for the playground's browser tests: find Debian's chromium (or $CHROME_PATH), build the
// playground with esbuild into a temporary folder and serve it on 127.0.0.1. When no browser is
// found the tests skip and say why (`npm test` passes on a machine without one).
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import { repoRoot } from "../support/corpus.js";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The browser to drive, or a sentence saying why there is none. */
export function findBrowser(): { path: string } | { reason: string } {
  const env = process.env.CHROME_PATH ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  if (env !== undefined && env !== "") return existsSync(env) ? { path: env } : { reason: `CHROME_PATH=${env} does not exist` };
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found !== undefined) return { path: found };
  return { reason: `no Chromium found (looked at ${CANDIDATES.join(", ")}; set CHROME_PATH, or apt-get install chromium)` };
}

/**
 * The browser for a test named `what`, or null after skipping `t` and saying why. Under CI=true
 * (.ci/run installs chromium) a missing browser fails the test instead of skipping it.
 */
export function browserOrSkip(t: { skip(reason: string): void }, what: string): string | null {
  const found = findBrowser();
  if ("path" in found) return found.path;
  if (process.env.CI === "true") throw new Error(`CI=true but no browser: ${found.reason}`);
  console.log(`${what} skipped: ${found.reason}`);
  t.skip(found.reason);
  return null;
}

interface BuildModule {
  buildPlayground(outdir?: string): Promise<{ outdir: string }>;
  librarySizes(): Promise<Record<string, { min: number; gzip: number; lazy: { min: number; gzip: number } }>>;
  buildLibrary(outfile?: string): Promise<string>;
}

/** playground/build.mjs, loaded from the checkout. */
export async function buildModule(): Promise<BuildModule> {
  return (await import(pathToFileURL(join(repoRoot(), "playground", "build.mjs")).href)) as BuildModule;
}

/** Builds the playground into a fresh temporary folder and serves it; returns its address. */
export async function buildAndServe(): Promise<{ url: string; server: Server; outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), "quarry-playground-"));
  await (await buildModule()).buildPlayground(outdir);
  const { serve } = (await import(pathToFileURL(join(repoRoot(), "playground", "serve.mjs")).href)) as {
    serve(dir: string, port: number): Promise<Server>;
  };
  const server = await serve(outdir, 0);
  const addr = server.address();
  if (addr === null || typeof addr === "string") throw new Error("the static server has no port");
  return { url: `http://127.0.0.1:${addr.port}/`, server, outdir };
}
