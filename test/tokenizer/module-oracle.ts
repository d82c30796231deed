// CPython 3.14's tokenize module (in Pyodide) as the oracle for the public token stream: for each
// source, every TokenInfo and the exception that ends the stream, cached by content hash under
// .cache/tokenize-module/ (cachedBatch) so that warm runs never load Pyodide.
import { cachedBatch } from "../support/cached-batch.js";
import type { TokenStream } from "../../src/tokenizer/stream.js";

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

def tok_module_bytes(b):
    return _tok_stream(_tk.tokenize(_io.BytesIO(bytes(b)).readline))

def tok_module_text(b):
    return _tok_stream(_tk.generate_tokens(_io.StringIO(bytes(b).decode("utf-8")).readline))
`;

/**
 * The tokenize module's answer for each source: `tokenize.tokenize(BytesIO(b).readline)`, or with
 * `text` `tokenize.generate_tokens(StringIO(s).readline)` (the sources must then be UTF-8).
 */
export async function oracleStreams(sources: readonly Uint8Array[], text = false): Promise<OracleStream[]> {
  const answers = await cachedBatch<unknown>("tokenize-module", PY, text ? "tok_module_text" : "tok_module_bytes", sources);
  return answers.map(expand);
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

/** The first difference between our stream and CPython's, or null when identical. */
export function streamDiff(ours: TokenStream, want: OracleStream): string | null {
  const n = Math.max(ours.count, want.tokens.length);
  for (let i = 0; i < n; i++) {
    const w = want.tokens[i];
    if (i >= ours.count) return `token #${i}: ours ended, CPython ${JSON.stringify(w)}`;
    const t = ours.token(i);
    const o = [t.typeName, t.exactTypeName, t.string, t.start[0], t.start[1], t.end[0], t.end[1], t.line];
    if (w === undefined) return `token #${i}: ours ${JSON.stringify(o)}, CPython ended`;
    for (let k = 0; k < 8; k++) if (o[k] !== w[k]) return `token #${i}: ours ${JSON.stringify(o)} vs CPython ${JSON.stringify(w)}`;
  }
  const e = ours.error === null ? null : [ours.error.cls, ours.error.msg, ours.error.lineno, ours.error.offset];
  if (JSON.stringify(e) !== JSON.stringify(want.error)) return `error: ours ${JSON.stringify(e)} vs CPython ${JSON.stringify(want.error)}`;
  return null;
}
