// quarry's command line. The only place (with its siblings in src/cli/) that touches node:* and
// the process. Exit codes: 0 ok, 1 syntax error / violations, 2 usage or config error, 3 internal error.
import { statSync } from "node:fs";
import type { PySyntaxError } from "../index.js";
import { formatHelp, type OptionSpec } from "../check/options.js";
import { PARSE_OPTION_SPECS, parseFor, parseOptionsFrom } from "./parse-flags.js";
// Commands load what they need lazily: a warm `quarry check` never loads (or, in the bundle,
// initializes) the parser.

const USAGE = `usage: quarry <command> [options]

commands:
  check [PATH]       check import boundaries as \`tach check\` (tach.toml) and \`lint-imports\`
                     (.importlinter) do
  graph [PATH]       write the module graph (DOT, Mermaid, JSON) with violations marked
  find PATTERN [PATHS...]
                     structural search (patterns, --select selectors, --rule files)
  scan [PATHS...]    run a directory of rule files (--rules DIR, default .quarry/rules)
  parse DIR --stats  parse every .py file under DIR across worker threads and print statistics
  dump FILE|-        print the AST exactly as CPython's ast.dump does
  json FILE|-        print the tree as JSON (2-space indent); syntax errors as dump
  tokens FILE|-      print the tokens exactly as \`python -m tokenize -e FILE\` does
  unparse FILE|-     print the source CPython's ast.unparse gives for the file's AST

\`quarry <command> --help\` lists a command's options; \`quarry --version\` prints the version.
`;

const DUMP_OPTIONS: readonly OptionSpec[] = [
  { name: "include-attributes", kind: "boolean", help: "include lineno, col_offset, end_lineno and end_col_offset" },
  { name: "indent", kind: "string", metavar: "N", help: "pretty-print with N spaces of indentation" },
  { name: "show-empty", kind: "boolean", help: "also print empty lists, as ast.dump(show_empty=True)" },
  { name: "no-annotate-fields", kind: "boolean", help: "print fields by position, as ast.dump(annotate_fields=False)" },
  ...PARSE_OPTION_SPECS,
  { name: "help", short: "h", kind: "boolean", help: "show this help and exit" },
];
const DUMP_HELP = formatHelp(
  "quarry dump [options] FILE|-",
  "Prints the AST of FILE (- for standard input) exactly as CPython's ast.dump does.",
  DUMP_OPTIONS,
);

const PARSE_OPTIONS: readonly OptionSpec[] = [
  { name: "stats", kind: "boolean", help: "print files, bytes, nodes, errors, time and MB/s (required: the only output today)" },
  { name: "workers", kind: "string", metavar: "N", help: "parse on N worker threads (default: chosen from the cores and the total size)" },
  { name: "errors", kind: "boolean", help: "also list each file with a syntax error, with the error" },
  { name: "help", short: "h", kind: "boolean", help: "show this help and exit" },
];
const PARSE_HELP = formatHelp("quarry parse DIR --stats [options]", "Parses every .py file under DIR.", PARSE_OPTIONS);

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "dump":
        return await dumpCommand(rest);
      case "parse":
        return await parseCommand(rest);
      case "json":
        return await (await import("./json.js")).jsonCommand(rest, usageError);
      case "tokens":
        return (await import("./tokens.js")).tokensCommand(rest, usageError);
      case "unparse":
        return await (await import("./unparse.js")).unparseCommand(rest, usageError);
      case "find": {
        const { findCommand } = await import("./find.js");
        return await findCommand(rest);
      }
      case "scan": {
        const { scanCommand } = await import("./scan.js");
        return await scanCommand(rest);
      }
      case "check": {
        const { checkCommand } = await import("./check-command.js");
        const { createNodeHost } = await import("./check-host.js");
        return await checkCommand(rest, createNodeHost());
      }
      case "graph": {
        const { graphCommand } = await import("./check-command.js");
        const { createNodeHost } = await import("./check-host.js");
        return await graphCommand(rest, createNodeHost());
      }
      case "-V":
      case "--version":
      case "version": {
        const { QUARRY_VERSION } = await import("../check/version.js");
        process.stdout.write(`quarry ${QUARRY_VERSION}\n`);
        return 0;
      }
      case undefined:
      case "-h":
      case "--help":
      case "help":
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        process.stderr.write(`quarry: unknown command '${cmd}'\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    process.stderr.write(`quarry: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 3;
  }
}

async function dumpCommand(args: string[]): Promise<number> {
  const { dump } = await import("../index.js");
  const p = parseFor(DUMP_OPTIONS, DUMP_HELP, "dump", args);
  if (p === null) return 2;
  if (p.values.help === true) {
    process.stdout.write(DUMP_HELP);
    return 0;
  }
  const includeAttributes = p.values["include-attributes"] === true;
  let indent: number | undefined;
  const iv = p.values.indent;
  if (typeof iv === "string") {
    if (!/^\d+$/.test(iv)) return usageError("--indent takes a whole number", DUMP_HELP);
    indent = Number(iv);
  }
  const options = parseOptionsFrom(p.values, DUMP_HELP, usageError);
  if (typeof options === "number") return options;
  if (p.positionals.length > 1) return usageError("dump takes one file", DUMP_HELP);
  const file = p.positionals[0];
  if (file === undefined) return usageError("dump needs a FILE (or - for standard input)", DUMP_HELP);
  const { parseSource } = await import("./read-source.js");
  const tree = await parseSource(file, options);
  if (typeof tree === "number") return tree;
  const showEmpty = p.values["show-empty"] === true;
  const annotateFields = p.values["no-annotate-fields"] !== true;
  process.stdout.write(dump(tree, { includeAttributes, showEmpty, annotateFields, ...(indent !== undefined ? { indent } : {}) }) + "\n");
  return 0;
}

function usageError(msg: string, help = USAGE): number {
  process.stderr.write(`quarry: ${msg}\n\n${help}`);
  return 2;
}

export type { PySyntaxError };

async function parseCommand(args: string[]): Promise<number> {
  const p = parseFor(PARSE_OPTIONS, PARSE_HELP, "parse", args);
  if (p === null) return 2;
  if (p.values.help === true) {
    process.stdout.write(PARSE_HELP);
    return 0;
  }
  const stats = p.values.stats === true;
  const listErrors = p.values.errors === true;
  let workers: number | undefined;
  const wv = p.values.workers;
  if (typeof wv === "string") {
    if (!/^[1-9]\d*$/.test(wv)) return usageError("--workers takes a positive whole number", PARSE_HELP);
    workers = Number(wv);
  }
  if (p.positionals.length > 1) return usageError("parse takes one directory", PARSE_HELP);
  const dir = p.positionals[0];
  if (dir === undefined) return usageError("parse needs a DIR", PARSE_HELP);
  if (!stats) return usageError("parse DIR needs --stats (the only output it has today)", PARSE_HELP);
  try {
    if (!statSync(dir).isDirectory()) {
      process.stderr.write(`quarry: ${dir}: not a directory\n`);
      return 2;
    }
  } catch {
    process.stderr.write(`quarry: cannot read ${dir}: no such directory\n`);
    return 2;
  }
  const { parseDirectory } = await import("./parse-dir.js");
  const r = await parseDirectory(dir, workers === undefined ? {} : { workers });
  if (listErrors) for (const f of r.results) if (f.error !== null) process.stdout.write(`${f.path}: ${f.error}\n`);
  const mb = r.bytes / 1e6;
  process.stdout.write(
    `files ${r.files}\nbytes ${r.bytes}\nnodes ${r.nodes}\nerrors ${r.errors}\n` +
      `time ${r.ms.toFixed(0)} ms on ${r.workers} worker${r.workers === 1 ? "" : "s"}\n` +
      `MB/s ${(mb / (r.ms / 1000)).toFixed(1)}\n`,
  );
  return r.errors > 0 ? 1 : 0;
}
