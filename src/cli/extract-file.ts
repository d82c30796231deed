// One `quarry check` extraction job for the worker pool: read a file, extract its imports. Never
// throws: an unreadable file is null, an internal failure a located error.
import { readFileSync } from "node:fs";
import { extractImports } from "../check/extract/imports.js";
import type { ExtractOptions, ExtractResult } from "../check/index.js";

/** Reads `job.path` and extracts its imports; null when the file cannot be read. */
export function extractFile(job: { path: string; options: ExtractOptions }): ExtractResult | null {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(job.path);
  } catch {
    return null;
  }
  try {
    return extractImports(bytes, job.path, job.options);
  } catch (e) {
    return { imports: [], directives: [], strings: [], django: [], error: { message: `internal error: ${String(e)}`, line: 1, col: 1 } };
  }
}
