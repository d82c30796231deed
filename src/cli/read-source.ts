// Shared by the commands that parse one file: read FILE (or standard input for "-"), parse it,
// and on a syntax error print it as CPython's traceback does. Exit codes as in main.ts.
import { readFileSync } from "node:fs";
import type { ParseOptions, Tree } from "../index.js";
import { formatHelp } from "../check/options.js";
import { formatSyntaxError } from "../render/syntax-error.js";

/** The bytes of FILE, or of standard input for "-"; on failure prints why and returns exit code 2. */
export function readSource(file: string): Uint8Array | number {
  try {
    return file === "-" ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(
      `quarry: cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message}\n`,
    );
    return 2;
  }
}

/**
 * Reads and parses FILE ("-": standard input). Returns the tree, or an exit code after printing
 * the problem: 2 when the file cannot be read, 1 for a syntax error (CPython's rendering, the
 * file named "<stdin>" for standard input).
 */
export async function parseSource(file: string, options: ParseOptions = {}): Promise<Tree | number> {
  const bytes = readSource(file);
  if (typeof bytes === "number") return bytes;
  const { parse } = await import("../index.js");
  const { tree, error } = parse(bytes, options);
  if (error !== null) {
    process.stderr.write(formatSyntaxError(error, file === "-" ? "<stdin>" : file, bytes));
    return 1;
  }
  return tree;
}

/**
 * The help text of a command whose only argument is FILE (or - for standard input): its usage
 * line, the description, and the --help option.
 */
export function fileCommandHelp(command: string, description: string): string {
  return formatHelp(`quarry ${command} FILE|-`, description, [
    { name: "help", short: "h", kind: "boolean", help: "show this help and exit" },
  ]);
}

/**
 * The FILE argument of a one-file command (json, tokens, unparse). `--help` prints `help` and
 * gives exit code 0; an unknown option, a second file or no file give `usageError`'s code (2).
 */
export function fileArgument(
  command: string,
  args: readonly string[],
  help: string,
  usageError: (msg: string, help?: string) => number,
): string | number {
  let file: string | undefined;
  for (const a of args) {
    if (a === "--help" || a === "-h") {
      process.stdout.write(help);
      return 0;
    }
    if (a.startsWith("-") && a !== "-") return usageError(`unknown option '${a}'`, help);
    if (file !== undefined) return usageError(`${command} takes one file`, help);
    file = a;
  }
  return file ?? usageError(`${command} needs a FILE (or - for standard input)`, help);
}
