// CPython 3.14 (Pyodide) running the NodeTransformers of transform-generic.test.ts over many
// sources: per source and transformer, a hash of ast.dump(include_attributes=True) of the result
// (the dumps themselves are far too large to cache), cached under .cache/transform/ by content.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "../support/write-atomic.js";
import { python, sha } from "../tokenizer/oracle.js";
import { repoRoot } from "../support/corpus.js";

const CACHE = join(repoRoot(), ".cache", "transform");

/** sha256 (32 hex digits) of a dump, as the Python side computes it. */
export function dumpHash(dump: string): string {
  return sha(dump);
}

/**
 * For each source, one answer per transformer class of `classes` (Python source defining them,
 * in the order of `names`): the dump hash, or "error: <class name>" when CPython raised.
 */
export async function pythonTransformHashes(
  classes: string,
  names: readonly string[],
  sources: readonly Uint8Array[],
): Promise<string[][]> {
  const key = (src: Uint8Array) => sha(classes + "\0" + names.join(",") + "\0" + sha(src));
  const out: (string[] | null)[] = sources.map((src) => {
    const file = join(CACHE, key(src) + ".json");
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : null;
  });
  const missing = out.flatMap((v, i) => (v === null ? [i] : []));
  if (missing.length > 0) {
    const py = await python();
    py.globals.set("_classes", classes);
    py.globals.set("_names", JSON.stringify(names));
    py.globals.set("_srcs", JSON.stringify(missing.map((i) => Buffer.from(sources[i]!).toString("base64"))));
    const text = py.runPython(`
import ast as _ast, base64 as _b64, hashlib as _hl, json as _json, warnings as _w
_w.simplefilter("ignore")
_ns = {"ast": _ast}
exec(_classes, _ns)
def _one(src):
    res = []
    for name in _json.loads(_names):
        try:
            t = _ns[name]().visit(_ast.parse(src))
            d = _ast.dump(t, include_attributes=True)
            res.append(_hl.sha256(d.encode("utf-8", "surrogatepass")).hexdigest()[:32])
        except Exception as e:
            res.append("error: " + type(e).__name__)
    return res
_json.dumps([_one(_b64.b64decode(s)) for s in _json.loads(_srcs)])
`) as string;
    const answers = JSON.parse(text) as string[][];
    mkdirSync(CACHE, { recursive: true });
    missing.forEach((i, j) => {
      out[i] = answers[j]!;
      writeAtomic(join(CACHE, key(sources[i]!) + ".json"), JSON.stringify(answers[j]));
    });
  }
  return out as string[][];
}
