// CPython 3.14's tokenize module (in Pyodide) as the oracle for the public token stream: for each
// source, every TokenInfo and the exception that ends the stream, cached by content hash under
// .cache/tokenize-module/ so that warm runs never load Pyodide. One Pyodide call per batch.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeAtomic } from "../support/write-atomic.js";
import { join } from "node:path";
import { python, sha } from "./oracle.js";

const DIR = join(process.cwd(), ".cache", "tokenize-module");

/** One token: type name, exact type name, string, start line, start col, end line, end col, line. */
export type OracleToken = [string, string, string, number, number, number, number, string];
/** The exception that ended the stream: class, message, lineno, offset (null when absent). */
export type OracleTokError = [string, string, number | null, number | null];
export interface OracleStream {
  tokens: OracleToken[];
  error: OracleTokError | null;
}

const PY = String.raw`
import tokenize as _tk, io as _io, token as _token, json as _json
def _tok_stream(gen):
    toks = []
    err = None
    try:
        for t in gen:
            toks.append([_token.tok_name[t.type], _token.tok_name[t.exact_type], t.string, t.start[0], t.start[1], t.end[0], t.end[1], t.line])
    except (IndentationError) as e:
        err = [type(e).__name__, e.args[0], e.args[1][1], e.args[1][2]]
    except _tk.TokenError as e:
        err = ["TokenError", e.args[0], e.args[1][0], e.args[1][1]]
    except SyntaxError as e:
        err = ["SyntaxError", str(e), e.lineno, e.offset]
    except Exception as e:
        err = [type(e).__name__, str(e), None, None]
    # Lines repeat from token to token: send a line only where it changes (null = as before).
    prev = None
    for t in toks:
        if t[7] == prev: t[7] = None
        else: prev = t[7]
    return {"tokens": toks, "error": err}

def tok_module_batch(items, text_mode):
    out = []
    for b in items:
        b = bytes(b)
        if text_mode:
            gen = _tk.generate_tokens(_io.StringIO(b.decode("utf-8")).readline)
        else:
            gen = _tk.tokenize(_io.BytesIO(b).readline)
        out.append(_tok_stream(gen))
    return _json.dumps(out)
`;

let loaded = false;

/**
 * The tokenize module's answer for each source: `tokenize.tokenize(BytesIO(b).readline)`, or with
 * `text` `tokenize.generate_tokens(StringIO(s).readline)` (the sources must then be UTF-8).
 */
export async function oracleStreams(sources: readonly Uint8Array[], text = false): Promise<OracleStream[]> {
  const keys = sources.map((s) => (text ? "s-" : "b-") + sha(s));
  const out: OracleStream[] = new Array(sources.length);
  const missing: number[] = [];
  for (let i = 0; i < sources.length; i++) {
    const f = join(DIR, keys[i]! + ".json");
    if (existsSync(f)) out[i] = expand(JSON.parse(readFileSync(f, "utf8")));
    else missing.push(i);
  }
  if (missing.length > 0) {
    const py = await python();
    if (!loaded) {
      py.runPython(PY);
      loaded = true;
    }
    mkdirSync(DIR, { recursive: true });
    const BATCH = 200;
    for (let k = 0; k < missing.length; k += BATCH) {
      const part = missing.slice(k, k + BATCH);
      py.globals.set(
        "_items",
        part.map((i) => sources[i]!),
      );
      py.globals.set("_text", text);
      const r = JSON.parse(py.runPython("tok_module_batch(_items.to_py(), _text)") as string) as unknown[];
      part.forEach((i, j) => {
        writeAtomic(join(DIR, keys[i]! + ".json"), JSON.stringify(r[j]));
        out[i] = expand(r[j]);
      });
    }
  }
  return out;
}

function expand(v: unknown): OracleStream {
  const s = v as { tokens: Array<[string, string, string, number, number, number, number, string | null]>; error: OracleTokError | null };
  let prev = "";
  for (const t of s.tokens) {
    if (t[7] === null) t[7] = prev;
    else prev = t[7];
  }
  return s as OracleStream;
}
