// `quarry unparse FILE|-`: prints ast.unparse(ast.parse(source)) and a newline, as
// `python -c 'import ast,sys; print(ast.unparse(ast.parse(open(f,"rb").read())))'` does.
// Read and syntax errors are reported as `quarry dump` reports them (read-source.ts).
import { parsingCommandArgs, parsingCommandHelp } from "./parse-flags.js";
import { parseSource } from "./read-source.js";

const HELP = parsingCommandHelp(
  "unparse",
  "Prints ast.unparse(ast.parse(source)) for FILE (- for standard input), exactly as CPython 3.14 does.",
);

export async function unparseCommand(args: readonly string[], usageError: (msg: string, help?: string) => number): Promise<number> {
  const a = parsingCommandArgs("unparse", args, HELP, usageError);
  if (typeof a === "number") return a;
  const file = a.file;
  const tree = await parseSource(file, a.options);
  if (typeof tree === "number") return tree;
  const { unparse, UnparseError } = await import("../unparse/unparse.js");
  let text: string;
  try {
    text = unparse(tree);
  } catch (e) {
    // Only for trees CPython's unparser refuses too (an int of more than 4300 digits): Python
    // exits 1 with the exception.
    if (!(e instanceof UnparseError)) throw e;
    process.stderr.write(`quarry: cannot unparse ${file === "-" ? "<stdin>" : file}: ${e.pythonError}: ${e.message}\n`);
    return 1;
  }
  process.stdout.write(text + "\n");
  return 0;
}
