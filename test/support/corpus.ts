// The conformance corpus: every .py file of CPython's stdlib as shipped inside the pyodide npm package.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readZip } from "./zip.js";

/** A source file of the corpus, as raw bytes. */
export interface CorpusFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Expected shape of the corpus; a change in the pyodide package shows up as a test failure. */
export const STDLIB_FILE_COUNT = 559;
export const STDLIB_BYTE_COUNT = 9_594_600;

/** The repository root: the nearest folder above this module whose package.json is quarry's. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "quarry") return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find quarry's package.json above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let cached: CorpusFile[] | undefined;

/** All .py files of node_modules/pyodide/python_stdlib.zip, sorted by name. */
export function stdlibFiles(): CorpusFile[] {
  if (cached) return cached;
  const zip = join(repoRoot(), "node_modules", "pyodide", "python_stdlib.zip");
  cached = readZip(zip)
    .filter((e) => e.name.endsWith(".py"))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => ({ name: e.name, bytes: e.read() }));
  return cached;
}
