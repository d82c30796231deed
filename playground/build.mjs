// Builds the playground (a static site in playground/dist/) and the library's browser bundle
// (dist/browser/quarry.js) with esbuild, and measures what each library feature costs a page.
// Run: `node playground/build.mjs` (npm run build:playground). Imported by the tests, which build too.
import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

/** One feature a page may import from the library, as the import statement that pulls it in. */
export const FEATURES = {
  parse: "export { parse } from './dist/src/index.js';",
  dump: "export { parse, dump } from './dist/src/index.js';",
  tokens: "export { tokenize } from './dist/src/index.js';",
  views: "export { parse, view } from './dist/src/index.js';",
  unparse: "export { parse, unparse } from './dist/src/index.js';",
  // The queries entry: Query.fix's edit engine and unparser are a chunk loaded on first fix.
  queries: "export { parse, compileQuery } from './dist/src/query/entry.js';",
};

// esbuild bundles tsc's output (dist/src/), not src/*.ts: the generated views import a type named
// `arguments` (CPython's node), which strict-mode JavaScript cannot bind and esbuild refuses even in
// an `import type`. The playground's own .ts imports of src/ are redirected to dist/src/ likewise.
const srcToDist = {
  name: "quarry-src-to-dist",
  setup(b) {
    b.onResolve({ filter: /\/src\/.*\.js$/ }, (args) => {
      const p = join(args.resolveDir, args.path);
      const rel = p.startsWith(join(root, "src") + "/") ? p.slice(root.length + 1) : null;
      if (rel === null) return undefined;
      const out = join(root, "dist", rel);
      if (!existsSync(out)) return { errors: [{ text: `${out} is missing: run tsc (npm run build) first` }] };
      return { path: out };
    });
  },
};

// A page built on the queries entry (src/query/entry.ts; the playground) loads the fix path of
// Query.fix (the edit engine and the unparser) on first use: src/query/engine.ts, which imports it,
// becomes engine-lazy.ts, which imports it dynamically (a separate chunk with `splitting`). Not for
// the main entry (src/index.ts): it exports the edit engine and unparse itself, so they would stay
// up front, and with splitting a dynamic import there would move everything the fix path needs
// into the chunk every page of every feature loads. dist/browser/quarry.js keeps engine.ts.
const lazyFixEngine = {
  name: "quarry-lazy-fix-engine",
  setup(b) {
    const lazy = join(root, "dist", "src", "query", "engine-lazy.js");
    const eager = [join(root, "dist", "src", "query", "engine.js"), join(root, "src", "query", "engine.js")];
    b.onResolve({ filter: /(^|\/)engine\.js$/ }, (args) => (eager.includes(join(args.resolveDir, args.path)) ? { path: lazy } : undefined));
  },
};

const common = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "silent",
};

/**
 * The minified and gzipped (level 9) size in bytes of a browser bundle of each feature, plus the
 * whole public API ("all"): what a page loads up front (the entry and the chunks it imports
 * statically, each gzipped), and `lazy`, the chunks loaded on first use (the fix path). Sizes
 * depend only on the sources and the esbuild version.
 */
export async function librarySizes() {
  const out = {};
  const entries = { ...FEATURES, all: "export * from './dist/src/index.js';" };
  for (const [name, contents] of Object.entries(entries)) {
    const r = await esbuild.build({
      ...common,
      stdin: { contents, resolveDir: root, loader: "js", sourcefile: `${name}.js` },
      outdir: join(root, "dist", "browser-sizes"),
      splitting: true,
      metafile: true,
      write: false,
      plugins: contents.includes("/index.js") ? [] : [lazyFixEngine],
    });
    const files = new Map(r.outputFiles.map((f) => [f.path, f.contents]));
    const meta = r.metafile.outputs;
    const abs = (k) => join(root, k);
    const entry = Object.keys(meta).find((k) => meta[k].entryPoint !== undefined);
    // The entry and what it imports statically, transitively: loaded with the page.
    const upFront = new Set([entry]);
    for (const k of upFront) for (const i of meta[k].imports) if (i.kind === "import-statement") upFront.add(i.path);
    const size = { min: 0, gzip: 0, lazy: { min: 0, gzip: 0 } };
    for (const k of Object.keys(meta)) {
      if (k.endsWith(".map")) continue;
      const code = files.get(abs(k));
      const to = upFront.has(k) ? size : size.lazy;
      to.min += code.length;
      to.gzip += gzipSync(code, { level: 9 }).length;
    }
    out[name] = size;
  }
  return out;
}

/** Writes the library's browser bundle (ESM, every public export, no node:* in its graph). */
export async function buildLibrary(outfile = join(root, "dist", "browser", "quarry.js")) {
  await esbuild.build({ ...common, entryPoints: [join(root, "dist", "src", "index.js")], outfile, sourcemap: true });
  return outfile;
}

/**
 * Builds the playground into `outdir` (default playground/dist/): index.html, app.js, app.css,
 * sw.js (the offline cache). Returns the output folder.
 */
export async function buildPlayground(outdir = join(here, "dist")) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const r = await esbuild.build({
    ...common,
    entryPoints: { app: join(here, "src", "main.ts"), sw: join(here, "src", "sw.ts") },
    outdir,
    sourcemap: true,
    metafile: true,
    splitting: true,
    format: "esm",
    chunkNames: "chunk-[hash]",
    plugins: [lazyFixEngine, srcToDist],
  });
  copyFileSync(join(here, "index.html"), join(outdir, "index.html"));
  copyFileSync(join(here, "style.css"), join(outdir, "app.css"));
  // The service worker's cache name changes with the build, so a new build replaces the old files;
  // it keeps the lazily loaded chunks (the fix path) too, so a rewrite works offline.
  const chunks = Object.keys(r.metafile.outputs)
    .map((k) => k.slice(k.lastIndexOf("/") + 1))
    .filter((f) => f.startsWith("chunk-") && f.endsWith(".js"));
  const files = ["./", "index.html", "app.js", "app.css", ...chunks];
  const stamp = files
    .slice(1)
    .map((f) => readFileSync(join(outdir, f)))
    .reduce((h, b) => h + b.length, 0)
    .toString(36);
  const sw = readFileSync(join(outdir, "sw.js"), "utf8")
    .replace("__CACHE_NAME__", `quarry-playground-${stamp}`)
    .replace('"__CHUNKS__"', chunks.map((f) => JSON.stringify(f)).join(","));
  writeFileSync(join(outdir, "sw.js"), sw);
  return { outdir, bytes: Object.fromEntries(Object.entries(r.metafile.outputs).map(([k, v]) => [k, v.bytes])) };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const { outdir } = await buildPlayground();
  await buildLibrary();
  const sizes = await librarySizes();
  console.log(`playground built into ${outdir} in ${Math.round(performance.now() - t0)} ms`);
  console.log("library in the browser (minified, gzipped):");
  for (const [name, s] of Object.entries(sizes))
    console.log(
      `  ${name.padEnd(7)} ${kb(s.gzip).padStart(9)}  (${kb(s.min)} minified)${s.lazy.min > 0 ? `, then ${kb(s.lazy.gzip)} on first fix` : ""}`,
    );
}
