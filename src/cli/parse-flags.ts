// Command-line flags shared by the commands that parse: parseArgs against an option table, and
// the flags of ast.parse's options (--mode, --feature-version, --type-comments, --optimize).
// Kept apart from read-source.ts so main.ts can import it without loading the parser's side.
import { parseArgs } from "node:util";
import type { ParseOptions } from "../index.js";
import { formatHelp, type OptionSpec } from "../check/options.js";

/** The options of `ast.parse` that dump, json and unparse take (read by parseOptionsFrom). */
export const PARSE_OPTION_SPECS: readonly OptionSpec[] = [
  { name: "mode", kind: "string", metavar: "M", help: "ast.parse's mode: exec (default), eval, single or func_type" },
  {
    name: "feature-version",
    kind: "string",
    metavar: "VERSION",
    help: "3.N: reject syntax newer than Python 3.N, as ast.parse(feature_version=(3, N))",
  },
  {
    name: "type-comments",
    kind: "boolean",
    help: "read type comments, as ast.parse(type_comments=True): type_comment fields, TypeIgnore nodes",
  },
  {
    name: "optimize",
    kind: "string",
    metavar: "N",
    help: "the optimized AST of ast.parse(optimize=N) when N > 0 (2 also drops docstrings)",
  },
];

/**
 * The ParseOptions given by PARSE_OPTION_SPECS's flags in `values` (parseFor's result), or the
 * exit code of `usageError` for a bad value.
 */
export function parseOptionsFrom(
  values: Record<string, unknown>,
  help: string,
  usageError: (msg: string, help?: string) => number,
): ParseOptions | number {
  const out: { -readonly [K in keyof ParseOptions]: ParseOptions[K] } = {};
  const mv = values.mode;
  if (mv !== undefined) {
    if (mv !== "exec" && mv !== "eval" && mv !== "single" && mv !== "func_type")
      return usageError("--mode takes exec, eval, single or func_type", help);
    out.mode = mv;
  }
  const fv = values["feature-version"];
  if (typeof fv === "string") {
    const m = /^3\.(\d{1,3})$/.exec(fv);
    if (m === null) return usageError("--feature-version takes 3.N (e.g. 3.8)", help);
    out.featureVersion = [3, Number(m[1])];
  }
  const ov = values.optimize;
  if (typeof ov === "string") {
    if (!/^(-1|0|1|2)$/.test(ov)) return usageError("--optimize takes -1, 0, 1 or 2", help);
    out.optimize = Number(ov);
  }
  if (values["type-comments"] === true) out.typeComments = true;
  return out;
}

/** parseArgs against a table; null (after printing the command's help and the error) on bad input. */
export function parseFor(
  table: readonly OptionSpec[],
  help: string,
  command: string,
  args: readonly string[],
): { values: Record<string, unknown>; positionals: string[] } | null {
  const options: Record<string, { type: "boolean" | "string"; short?: string }> = {};
  for (const o of table) options[o.name] = { type: o.kind, ...(o.short !== undefined ? { short: o.short } : {}) };
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, unknown>, positionals: r.positionals };
  } catch (e) {
    process.stderr.write(`${help}\nquarry ${command}: error: ${(e as Error).message}\n`);
    return null;
  }
}

/** The help text of a one-file command that parses (json, unparse): FILE|-, the parse flags, --help. */
export function parsingCommandHelp(command: string, description: string): string {
  return formatHelp(`quarry ${command} [options] FILE|-`, description, PARSING_COMMAND_OPTIONS);
}

// The options of json and unparse: the parse flags and --help.
const PARSING_COMMAND_OPTIONS: readonly OptionSpec[] = [
  ...PARSE_OPTION_SPECS,
  { name: "help", short: "h", kind: "boolean", help: "show this help and exit" },
];

/**
 * FILE and the ParseOptions of a one-file command that parses (help from parsingCommandHelp).
 * `--help` prints `help` and gives exit code 0; a bad option or value, a second file or no file
 * give `usageError`'s code (2).
 */
export function parsingCommandArgs(
  command: string,
  args: readonly string[],
  help: string,
  usageError: (msg: string, help?: string) => number,
): { file: string; options: ParseOptions } | number {
  const p = parseFor(PARSING_COMMAND_OPTIONS, help, command, args);
  if (p === null) return 2;
  if (p.values.help === true) {
    process.stdout.write(help);
    return 0;
  }
  const options = parseOptionsFrom(p.values, help, usageError);
  if (typeof options === "number") return options;
  if (p.positionals.length > 1) return usageError(`${command} takes one file`, help);
  const file = p.positionals[0];
  if (file === undefined) return usageError(`${command} needs a FILE (or - for standard input)`, help);
  return { file, options };
}
