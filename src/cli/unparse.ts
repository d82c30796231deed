// `quarry unparse FILE|-`: prints ast.unparse(ast.parse(source)) and a newline, as
// `python -c 'import ast,sys; print(ast.unparse(ast.parse(open(f,"rb").read())))'` does.
// Read and syntax errors are reported as `quarry dump` reports them (read-source.ts).
import { parseSource } from "./read-source.js";

export async function unparseCommand(args: readonly string[], usageError: (msg: string) => number): Promise<number> {
  let file: string | undefined;
  for (const a of args) {
    if (a.startsWith("-") && a !== "-") return usageError(`unknown option '${a}'`);
    if (file !== undefined) return usageError("unparse takes one file");
    file = a;
  }
  if (file === undefined) return usageError("unparse needs a FILE (or - for standard input)");
  const tree = await parseSource(file);
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
