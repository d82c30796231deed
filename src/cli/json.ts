// `quarry json FILE|-`: the tree as JSON (Tree.toJSON, 2-space indent); syntax errors as `dump`.
import { parseSource } from "./read-source.js";

export async function jsonCommand(args: string[], usageError: (msg: string) => number): Promise<number> {
  let file: string | undefined;
  for (const a of args) {
    if (a.startsWith("-") && a !== "-") return usageError(`unknown option '${a}'`);
    if (file !== undefined) return usageError("json takes one file");
    file = a;
  }
  if (file === undefined) return usageError("json needs a FILE (or - for standard input)");
  const tree = await parseSource(file);
  if (typeof tree === "number") return tree;
  process.stdout.write(JSON.stringify(tree.toJSON(), null, 2) + "\n");
  return 0;
}
