// Shared by the commands that take FILE|- (dump, unparse): reads the bytes and parses them. A read
// failure (exit 2) or CPython's syntax error (exit 1, rendered as CPython's traceback does) is
// written to stderr here, so every such command fails the same way.
import { readFileSync } from "node:fs";
import type { Tree } from "../index.js";
import { formatSyntaxError } from "./format.js";

/** A parsed file, or the exit code after the failure has been reported. */
export type ReadResult = { readonly tree: Tree; readonly exit?: undefined } | { readonly tree?: undefined; readonly exit: number };

/** Reads `file` (`-` for standard input) and parses it. */
export async function readAndParse(file: string): Promise<ReadResult> {
  const { parse } = await import("../index.js");
  let bytes: Uint8Array;
  try {
    bytes = file === "-" ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`quarry: cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message}\n`);
    return { exit: 2 };
  }
  const { tree, error } = parse(bytes);
  if (error !== null) {
    process.stderr.write(formatSyntaxError(error, file === "-" ? "<stdin>" : file, bytes));
    return { exit: 1 };
  }
  return { tree };
}
