// CPython 3.14 (Pyodide) as the oracle for source segments and UTF-16 columns: for every node
// ast.walk yields that has positions, its class, ast.get_source_segment (plain and padded) and
// its columns in UTF-16 units. Answers cached under .cache/tree-segments/ by content hash.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeAtomic } from "../support/write-atomic.js";
import { join } from "node:path";
import { python } from "../tokenizer/oracle.js";

const CACHE = join(process.cwd(), ".cache", "tree-segments");

/** [class, segment, padded segment, lineno, utf16 col, end_lineno, utf16 end col], in ast.walk order. */
export type SegmentAnswer = [string, string | null, string | null, number, number, number, number];

const PY = String.raw`
import ast, json

def _u16(line_bytes):
    return len(line_bytes.decode("utf-8", "surrogatepass").encode("utf-16-le")) // 2

def tree_segments(js_bytes):
    data = js_bytes.to_bytes()
    source = data.decode("utf-8")
    lines = data.split(b"\n")
    out = []
    for n in ast.walk(ast.parse(data)):
        if not hasattr(n, "end_col_offset") or isinstance(n, (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)):
            continue
        c = _u16(lines[n.lineno - 1][:n.col_offset])
        ec = _u16(lines[n.end_lineno - 1][:n.end_col_offset])
        out.append([type(n).__name__, ast.get_source_segment(source, n), ast.get_source_segment(source, n, padded=True), n.lineno, c, n.end_lineno, ec])
    return json.dumps(out)
`;

let ready = false;

/** CPython's answers for `src` (UTF-8, "\n" line ends). */
export async function segmentAnswers(src: Uint8Array): Promise<SegmentAnswer[]> {
  const file = join(CACHE, createHash("sha256").update(src).digest("hex") + ".json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as SegmentAnswer[];
  const py = await python();
  if (!ready) {
    py.runPython(PY);
    ready = true;
  }
  py.globals.set("js_src", src);
  const json = py.runPython("tree_segments(js_src)") as string;
  mkdirSync(CACHE, { recursive: true });
  writeAtomic(file, json);
  return JSON.parse(json) as SegmentAnswer[];
}
