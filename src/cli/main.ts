// quarry's command line. The only place (with its siblings in src/cli/) that touches node:* and
// the process. Exit codes: 0 ok, 1 syntax error / violations, 2 usage or config error, 3 internal error.
import { readFileSync } from "node:fs";
import type { PySyntaxError } from "../index.js";
import { formatSyntaxError } from "../render/syntax-error.js";
// Commands load what they need lazily: a warm `quarry check` never loads the parser.

const USAGE = `usage: quarry <command> [options]

commands:
  check [PATH]       check import boundaries as \`tach check\` (tach.toml) and \`lint-imports\`
                     (.importlinter) do; \`quarry check --help\` lists the options
  graph [PATH]       write the module graph (DOT, Mermaid, JSON) with violations marked
  parse DIR --stats  parse every .py file under DIR across worker threads and print
                     files, bytes, nodes, errors and MB/s (--workers N, --errors to list them)
  dump FILE|-        print the AST exactly as CPython's ast.dump does
      --include-attributes   include lineno, col_offset, end_lineno, end_col_offset
      --indent N             pretty-print with N spaces of indentation
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "dump":
        return await dumpCommand(rest);
      case "parse":
        return await parseCommand(rest);
      case "check": {
        const { runCheck } = await import("../check/run.js");
        const { createNodeHost } = await import("./check-host.js");
        return await runCheck(rest, createNodeHost());
      }
      case "graph": {
        const { runGraph } = await import("../check/run.js");
        const { createNodeHost } = await import("./check-host.js");
        return await runGraph(rest, createNodeHost());
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
    process.stderr.write(`quarry: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 3;
  }
}

async function dumpCommand(args: string[]): Promise<number> {
  const { parse, dump } = await import("../index.js");
  let file: string | undefined;
  let includeAttributes = false;
  let indent: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--include-attributes") includeAttributes = true;
    else if (a === "--indent") {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) return usageError("--indent takes a whole number");
      indent = Number(v);
    } else if (a.startsWith("--indent=")) {
      const v = a.slice("--indent=".length);
      if (!/^\d+$/.test(v)) return usageError("--indent takes a whole number");
      indent = Number(v);
    } else if (a.startsWith("-") && a !== "-") return usageError(`unknown option '${a}'`);
    else if (file === undefined) file = a;
    else return usageError("dump takes one file");
  }
  if (file === undefined) return usageError("dump needs a FILE (or - for standard input)");
  let bytes: Uint8Array;
  try {
    bytes = file === "-" ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`quarry: cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message}\n`);
    return 2;
  }
  const { tree, error } = parse(bytes);
  if (error !== null) {
    process.stderr.write(formatSyntaxError(error, file === "-" ? "<stdin>" : file, bytes));
    return 1;
  }
  process.stdout.write(dump(tree, { includeAttributes, ...(indent !== undefined ? { indent } : {}) }) + "\n");
  return 0;
}

function usageError(msg: string): number {
  process.stderr.write(`quarry: ${msg}\n\n${USAGE}`);
  return 2;
}

export type { PySyntaxError };

async function parseCommand(args: string[]): Promise<number> {
  let dir: string | undefined;
  let stats = false;
  let listErrors = false;
  let workers: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--stats") stats = true;
    else if (a === "--errors") listErrors = true;
    else if (a === "--workers") {
      const v = args[++i];
      if (v === undefined || !/^[1-9]\d*$/.test(v)) return usageError("--workers takes a positive whole number");
      workers = Number(v);
    } else if (a.startsWith("-")) return usageError(`unknown option '${a}'`);
    else if (dir === undefined) dir = a;
    else return usageError("parse takes one directory");
  }
  if (dir === undefined) return usageError("parse needs a DIR");
  if (!stats) return usageError("parse DIR needs --stats (the only output it has today)");
  const { statSync } = await import("node:fs");
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
