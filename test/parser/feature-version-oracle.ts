// CPython's error (or "OK") for ast.parse(src, feature_version=(3, N)), without a dump: for
// checking whole files under many versions cheaply. Cached under .cache/feature-version/.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeAtomic } from "../support/write-atomic.js";
import { join } from "node:path";
import { python } from "../tokenizer/oracle.js";
import { repoRoot } from "../support/corpus.js";

const PY = `
import ast, json, warnings
def quarry_fv_errors(sources, minor):
    out = []
    for src in sources:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(bytes(src), feature_version=(3, minor))
            out.append("OK")
        except SyntaxError as e:
            out.append("%s: %s @%s,%s,%s,%s" % (type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset))
    return json.dumps(out)
`;

/** "OK" or "Class: msg @lineno,offset,end_lineno,end_offset" per source, as CPython answers. */
export async function featureVersionErrors(sources: readonly Uint8Array[], minor: number): Promise<string[]> {
  const h = createHash("sha256").update(`fv-errors-v1\0${minor}\0${sources.length}\0`);
  for (const s of sources) h.update(createHash("sha256").update(s).digest());
  const dir = join(repoRoot(), ".cache", "feature-version");
  const file = join(dir, h.digest("hex").slice(0, 40) + ".json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as string[];
  const py = await python();
  py.runPython(PY);
  py.globals.set(
    "_fv_sources",
    sources.map((s) => (s.constructor === Uint8Array ? s : new Uint8Array(s))),
  );
  const out = JSON.parse(py.runPython(`quarry_fv_errors([bytes(x.to_py()) for x in _fv_sources], ${minor})`) as string) as string[];
  mkdirSync(dir, { recursive: true });
  writeAtomic(file, JSON.stringify(out));
  return out;
}
