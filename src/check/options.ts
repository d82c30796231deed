// The options of `quarry check` and `quarry graph` as data: one table per command gives each
// option's spelling, kind, allowed values and one-line help. The CLI parses argv with it
// (node:util parseArgs, src/cli/check-command.ts) and `--help` is printed from it.

/** One command-line option. */
export interface OptionSpec {
  /** Long name, without the dashes. */
  name: string;
  short?: string;
  kind: "boolean" | "string";
  /** May be given more than once (values are collected). */
  multiple?: boolean;
  /** The value's placeholder in help text. */
  metavar?: string;
  /** The allowed values, when there is a fixed set. */
  choices?: readonly string[];
  help: string;
}

export const CHECK_OPTIONS: readonly OptionSpec[] = [
  { name: "exact", kind: "boolean", help: "also report unused depends_on entries (as exact = true does)" },
  { name: "dependencies", kind: "boolean", help: "check dependencies only (both dependencies and interfaces when neither is given)" },
  { name: "interfaces", kind: "boolean", help: "check interfaces only (both when neither is given)" },
  {
    name: "output",
    kind: "string",
    metavar: "FORMAT",
    choices: ["text", "json", "sarif", "github"],
    help: "report format: text (default), json, sarif or github",
  },
  {
    name: "out",
    short: "o",
    kind: "string",
    metavar: "FILE",
    help: "write the report to FILE instead of standard output (- is standard output)",
  },
  {
    name: "exclude",
    short: "e",
    kind: "string",
    multiple: true,
    metavar: "PATHS",
    help: "extra exclude globs, comma-separated, added to exclude",
  },
  {
    name: "engine",
    kind: "string",
    metavar: "ENGINE",
    choices: ["auto", "tach", "importlinter"],
    help: "auto (default) runs every configured tool; tach or importlinter runs only that one",
  },
  { name: "contract", kind: "string", multiple: true, metavar: "ID", help: "check only this import-linter contract (repeatable)" },
  { name: "fast", kind: "boolean", help: "extract imports from tokens only, without a full parse (only tokenizer errors are reported)" },
  { name: "no-cache", kind: "boolean", help: "neither read nor write the cache" },
  { name: "cache-dir", kind: "string", metavar: "DIR", help: "keep the cache in DIR instead of <project>/.quarry-cache" },
  { name: "watch", kind: "boolean", help: "check, then check again whenever a file under PATH changes (until stopped)" },
  { name: "help", short: "h", kind: "boolean", help: "show this help and exit" },
];

export const GRAPH_OPTIONS: readonly OptionSpec[] = [
  {
    name: "format",
    kind: "string",
    metavar: "FORMAT",
    choices: ["dot", "mermaid", "json", "map", "html"],
    help: "graph format: dot (default), mermaid, json, map ({node: [dependencies]}), or html (an interactive page)",
  },
  { name: "mermaid", kind: "boolean", help: "same as --format mermaid" },
  { name: "files", kind: "boolean", help: "the file graph instead of the module graph" },
  {
    name: "out",
    short: "o",
    kind: "string",
    metavar: "FILE",
    help: "write the graph to FILE instead of standard output (- is standard output)",
  },
  { name: "no-cache", kind: "boolean", help: "neither read nor write the cache" },
  { name: "help", short: "h", kind: "boolean", help: "show this help and exit" },
];

/** A usage error: bad option, bad value, too many arguments (exit code 2). */
export class UsageError extends Error {}

/** Help text: the usage line, a description, then one line per option. */
export function formatHelp(usage: string, description: string, options: readonly OptionSpec[]): string {
  const left = options.map((o) => {
    const value = o.kind === "string" ? ` ${o.metavar ?? "VALUE"}` : "";
    return `${o.short !== undefined ? `-${o.short}, ` : "    "}--${o.name}${value}`;
  });
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = options.map((o, i) => `  ${left[i]!.padEnd(width)}${o.help}`);
  return `usage: ${usage}\n\n${description}\n\noptions:\n${lines.join("\n")}\n`;
}

/** Checks a parsed value against the option's choices; returns it. */
export function checkChoice(spec: OptionSpec, value: string): string {
  if (spec.choices !== undefined && !spec.choices.includes(value)) {
    throw new UsageError(
      `argument --${spec.name}: invalid choice: '${value}' (choose from ${spec.choices.map((c) => `'${c}'`).join(", ")})`,
    );
  }
  return value;
}
