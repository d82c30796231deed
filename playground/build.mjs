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
  queries: "export { parse, compileQuery } from './dist/src/index.js';",
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
 * whole public API ("all"). Sizes depend only on the sources and the esbuild version.
 */
export async function librarySizes() {
  const out = {};
  const entries = { ...FEATURES, all: "export * from './dist/src/index.js';" };
  for (const [name, contents] of Object.entries(entries)) {
    const r = await esbuild.build({
      ...common,
      stdin: { contents, resolveDir: root, loader: "js", sourcefile: `${name}.js` },
      write: false,
    });
    const code = r.outputFiles[0].contents;
    out[name] = { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
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
    plugins: [srcToDist],
  });
  copyFileSync(join(here, "index.html"), join(outdir, "index.html"));
  copyFileSync(join(here, "style.css"), join(outdir, "app.css"));
  // The service worker's cache name changes with the build, so a new build replaces the old files.
  const files = ["./", "index.html", "app.js", "app.css"];
  const stamp = files
    .slice(1)
    .map((f) => readFileSync(join(outdir, f)))
    .reduce((h, b) => h + b.length, 0)
    .toString(36);
  const sw = readFileSync(join(outdir, "sw.js"), "utf8").replace("__CACHE_NAME__", `quarry-playground-${stamp}`);
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
  for (const [name, s] of Object.entries(sizes)) console.log(`  ${name.padEnd(7)} ${kb(s.gzip).padStart(9)}  (${kb(s.min)} minified)`);
}
