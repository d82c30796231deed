// `quarry check` and `quarry graph` on the command line: argv is parsed with node:util's
// parseArgs against the option tables of src/check/options.ts, then handed to runCheck/runGraph.
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Host } from "../check/host.js";
import { CHECK_OPTIONS, GRAPH_OPTIONS, UsageError, checkChoice, formatHelp, type OptionSpec } from "../check/options.js";
import type { CheckArgs, GraphArgs, OutputFormat, Engine } from "../check/api.js";
import type { GraphFormat } from "../check/report/graph.js";

export const CHECK_HELP = formatHelp(
  "quarry check [PATH] [options]",
  "Checks module boundaries as 'tach check' (tach.toml, [tool.tach], tach.domain.toml) and\n" +
    "'lint-imports' (.importlinter, setup.cfg, [tool.importlinter]) do, for the project at PATH\n" +
    "(default: the working directory). Exit codes: 0 clean, 1 violations or configuration errors,\n" +
    "2 usage error.",
  CHECK_OPTIONS,
);

export const GRAPH_HELP = formatHelp(
  "quarry graph [PATH] [options]",
  "Writes the module graph (or, with --files, the file graph) of a Tach project; edges that break\n" +
    "a rule are marked. --format map writes {node: [dependencies]}, as 'tach map' does for files.",
  GRAPH_OPTIONS,
);

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * Parses argv against a table with node:util's parseArgs (strict: unknown options and missing
 * values are usage errors). At most one positional, the project path.
 */
export function parseOptions(table: readonly OptionSpec[], argv: string[]): { values: Values; path: string | null } {
  const options: Record<string, { type: "boolean" | "string"; short?: string; multiple?: boolean }> = {};
  for (const o of table)
    options[o.name] = { type: o.kind, ...(o.short !== undefined ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.positionals.length > 1) throw new UsageError(`unrecognized arguments: ${parsed.positionals.slice(1).join(" ")}`);
  for (const o of table) {
    const v = parsed.values[o.name];
    if (typeof v === "string") checkChoice(o, v);
  }
  return { values: parsed.values, path: parsed.positionals[0] ?? null };
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

/** `quarry check ARGV`: resolves to the exit code. */
export async function checkCommand(argv: string[], host: Host): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(CHECK_OPTIONS, argv);
  } catch (e) {
    host.stderr(`${CHECK_HELP}\nquarry check: error: ${(e as Error).message}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help === true) {
    host.stdout(CHECK_HELP);
    return 0;
  }
  const args: Partial<CheckArgs> = {
    path: parsed.path,
    exact: v.exact === true,
    dependencies: v.dependencies === true,
    interfaces: v.interfaces === true,
    output: (str(v.output) ?? "text") as OutputFormat,
    outFile: str(v.out),
    exclude: list(v.exclude).flatMap((x) =>
      x
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    cache: v["no-cache"] !== true,
    cacheDir: str(v["cache-dir"]),
    engine: (str(v.engine) ?? "auto") as Engine,
    contracts: list(v.contract),
    fast: v.fast === true,
    watch: v.watch === true,
  };
  const { runCheck } = await import("../check/api.js");
  return runCheck(args, host);
}

/** `quarry graph ARGV`: resolves to the exit code. */
export async function graphCommand(argv: string[], host: Host): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(GRAPH_OPTIONS, argv);
  } catch (e) {
    host.stderr(`${GRAPH_HELP}\nquarry graph: error: ${(e as Error).message}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help === true) {
    host.stdout(GRAPH_HELP);
    return 0;
  }
  const args: Partial<GraphArgs> = {
    path: parsed.path,
    format: (v.mermaid === true ? "mermaid" : (str(v.format) ?? "dot")) as GraphFormat,
    files: v.files === true,
    out: str(v.out),
    cache: v["no-cache"] !== true,
  };
  if (args.format === "html") args.layoutScript = layoutScript();
  const { runGraph } = await import("../check/api.js");
  return runGraph(args, host);
}

/** dagre's self-contained browser build, read from node_modules (null when it cannot be found). */
export function layoutScript(): string | null {
  try {
    const main = createRequire(import.meta.url).resolve("@dagrejs/dagre");
    return readFileSync(join(dirname(main), "dagre.min.js"), "utf8");
  } catch {
    return null;
  }
}
