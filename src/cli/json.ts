// `quarry json FILE|-`: the tree as JSON (Tree.toJSON, 2-space indent); syntax errors as `dump`.
// The text is written with an explicit stack: JSON.stringify recurses, and a tree is as deep as a
// 200,000-term `a + b + ...` chain. Same text as JSON.stringify(value, null, 2).
import { parsingCommandArgs, parsingCommandHelp } from "./parse-flags.js";
import { parseSource } from "./read-source.js";

const HELP = parsingCommandHelp(
  "json",
  "Prints the AST of FILE (- for standard input) as JSON, as toJSON() gives it, with a 2-space indent.",
);

export async function jsonCommand(args: string[], usageError: (msg: string, help?: string) => number): Promise<number> {
  const a = parsingCommandArgs("json", args, HELP, usageError);
  if (typeof a === "number") return a;
  const file = a.file;
  const tree = await parseSource(file, a.options);
  if (typeof tree === "number") return tree;
  // Written in pieces: the text of a deep tree outgrows a JS string (indentation is quadratic).
  let buf = "";
  writeIndented(tree.toJSON(), (s) => {
    buf += s;
    if (buf.length >= 1 << 20) {
      process.stdout.write(buf);
      buf = "";
    }
  });
  process.stdout.write(buf + "\n");
  return 0;
}

// A pending piece of output: literal text, or a value to write at an indentation depth.
type Task = string | { v: unknown; d: number };

/** JSON.stringify(value, null, 2) for JSON-safe values (plain objects, arrays, strings, finite numbers, booleans, null), without recursion. */
export function stringifyIndented(value: unknown): string {
  const out: string[] = [];
  writeIndented(value, (s) => out.push(s));
  return out.join("");
}

/** stringifyIndented's text, handed to `write` piece by piece. */
export function writeIndented(value: unknown, write: (s: string) => void): void {
  const out = { push: write };
  const tasks: Task[] = [{ v: value, d: 0 }];
  while (tasks.length > 0) {
    const t = tasks.pop()!;
    if (typeof t === "string") {
      out.push(t);
      continue;
    }
    const { v, d } = t;
    if (v === null || typeof v !== "object") {
      out.push(JSON.stringify(v));
      continue;
    }
    const pad = "\n" + "  ".repeat(d + 1);
    const entries: Array<[string | null, unknown]> = Array.isArray(v) ? v.map((x) => [null, x]) : Object.entries(v);
    const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) {
      out.push(open + close);
      continue;
    }
    out.push(open);
    // Pushed in reverse: the stack pops them in order.
    tasks.push("\n" + "  ".repeat(d) + close);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i]!;
      tasks.push({ v: x, d: d + 1 });
      tasks.push((i > 0 ? "," : "") + pad + (k === null ? "" : JSON.stringify(k) + ": "));
    }
  }
}
