// Loads quarry's command line: the one-file bundle dist/cli/quarry.cjs with its V8 code cache
// (compiled bytecode, so a run skips most parsing and compiling of quarry's own code) when the
// bundle is at least as new as the compiled modules, else the modules in dist/src/ themselves.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as vm from "node:vm";

const BUNDLE = fileURLToPath(new URL("../dist/cli/quarry.cjs", import.meta.url));
const CODE_CACHE = `${BUNDLE}.cache`;
const MAIN = new URL("../dist/src/cli/main.js", import.meta.url);

/**
 * The bundle compiled against its code cache: `main` and the script (for createCachedData()).
 * `cacheUsed` says whether V8 accepted the cache (it rejects one written by another V8 or under
 * other flags, and then compiles from source as usual).
 */
export function compileBundle() {
  const source = readFileSync(BUNDLE, "utf8");
  let cachedData;
  try {
    cachedData = readFileSync(CODE_CACHE);
  } catch {
    cachedData = undefined;
  }
  // The wrapper gives the bundle CommonJS's names, and the URL of the compiled main.js for the
  // bundled modules' `import.meta.url` (the worker pool starts its workers from dist/src/cli/).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __quarry_cli_url) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
    // import() of a Node built-in inside the bundle (Node 20.12 and later; the CLI has none today).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined
      ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
      : {}),
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), MAIN.href);
  return { main: module.exports.main, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** Writes the script's code cache next to the bundle (atomically; failures are ignored). */
export function writeCodeCache(script) {
  try {
    const tmp = `${CODE_CACHE}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, CODE_CACHE);
  } catch {
    // a read-only install: runs compile from source
  }
}

function bundleIsFresh() {
  try {
    return statSync(BUNDLE).mtimeMs >= statSync(MAIN).mtimeMs;
  } catch {
    return false;
  }
}

/**
 * quarry's `main(argv)`. From the bundle when it is fresh (a `tsc` run after the last `npm run
 * build` makes it stale) and QUARRY_NO_BUNDLE is unset. A code cache V8 rejects (another Node
 * version) is rewritten after the run, so the next run has one; but not under V8 flags
 * (NODE_OPTIONS, node's own options), which change what V8 accepts: a run with flags would
 * otherwise replace the cache that plain runs use.
 */
export async function loadCli() {
  if (process.env.QUARRY_NO_BUNDLE !== undefined || !bundleIsFresh()) return (await import(MAIN.href)).main;
  const { main, script, cacheUsed } = compileBundle();
  if (cacheUsed || process.execArgv.length > 0 || (process.env.NODE_OPTIONS ?? "") !== "") return main;
  return async (argv) => {
    const code = await main(argv);
    writeCodeCache(script);
    return code;
  };
}
