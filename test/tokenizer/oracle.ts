// CPython 3.14 (Pyodide) as the oracle for the tokenizer tests, with answers cached under .cache/
// by content hash so that reruns never load Pyodide.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeAtomic } from "../support/write-atomic.js";
import { join } from "node:path";
import type { Tokens } from "../../src/tokenizer/tokenizer.js";
import { TokenKind } from "../../src/tokenizer/token-kind.js";

export const CACHE_DIR = join(process.cwd(), ".cache", "tokenizer");

type Py = { runPython(code: string): unknown; globals: { set(k: string, v: unknown): void } };
let pyPromise: Promise<Py> | null = null;

/** Loads Pyodide once per process (about 2.5 s), with the helper functions below defined. */
export function python(): Promise<Py> {
  if (pyPromise === null) {
    pyPromise = (async () => {
      const { loadPyodide } = (await import("pyodide")) as unknown as { loadPyodide(): Promise<Py> };
      const py = await loadPyodide();
      py.runPython(PY_HELPERS);
      return py;
    })();
  }
  return pyPromise;
}

const PY_HELPERS = String.raw`
import tokenize, io, token, ast, json, zipfile, base64, warnings
warnings.simplefilter("ignore")

def oracle_tokens(data):
    # The parser's token stream in tokenize's terms: no COMMENT/NL/ENCODING, OP as exact type,
    # consecutive FSTRING_MIDDLE/TSTRING_MIDDLE merged (start only), empty ones dropped.
    out = []
    prev_mid = False
    try:
        for t in tokenize.tokenize(io.BytesIO(data).readline):
            tp = t.exact_type if t.type == token.OP else t.type
            name = token.tok_name[tp]
            if name in ("COMMENT", "NL", "ENCODING"):
                continue
            if name in ("FSTRING_MIDDLE", "TSTRING_MIDDLE"):
                if t.string == "":
                    continue
                if not prev_mid:
                    out.append("%s %d %d" % (name, t.start[0], t.start[1]))
                prev_mid = True
                continue
            prev_mid = False
            out.append("%s %d %d %d %d" % (name, t.start[0], t.start[1], t.end[0], t.end[1]))
    except SyntaxError as e:
        out.append("ERROR %s" % e.msg)
    except tokenize.TokenError as e:
        # End of input inside brackets: no ENDMARKER (ours: ENDMARKER with Tokens.unclosed set).
        out.append("UNCLOSED")
    return "\n".join(out)

def oracle_error(src):
    # What ast.parse raises: class, msg, lineno, offset, end_lineno, end_offset (None -> null).
    try:
        ast.parse(src)
        return "OK"
    except SyntaxError as e:
        return json.dumps([type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset])
    except Exception as e:
        return json.dumps([type(e).__name__, str(e), None, None, None, None])

def stdlib_files():
    z = zipfile.ZipFile("/lib/python314.zip")
    names = sorted(n for n in z.namelist() if n.endswith(".py"))
    return json.dumps([[n, base64.b64encode(z.read(n)).decode()] for n in names])
`;

export function sha(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex").slice(0, 32);
}

/** A JSON value cached in .cache/tokenizer/<name>.json, computed on a miss. */
export async function cached<T>(name: string, compute: () => Promise<T>): Promise<T> {
  const file = join(CACHE_DIR, name + ".json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as T;
  const v = await compute();
  mkdirSync(CACHE_DIR, { recursive: true });
  writeAtomic(file, JSON.stringify(v));
  return v;
}

/** The 559 .py files of the Pyodide stdlib zip, as [name, bytes]. Cached by the zip's hash. */
export async function stdlibFiles(): Promise<Array<[string, Uint8Array]>> {
  const zipPath = join(process.cwd(), "node_modules", "pyodide", "python_stdlib.zip");
  const key = "stdlib-" + sha(readFileSync(zipPath));
  const list = await cached<Array<[string, string]>>(key, async () => {
    const py = await python();
    return JSON.parse(py.runPython("stdlib_files()") as string) as Array<[string, string]>;
  });
  return list.map(([n, b64]) => [n, new Uint8Array(Buffer.from(b64, "base64"))]);
}

/** Oracle token listings for many sources at once (one cache file per batch + per source). */
export async function oracleTokensMany(sources: Uint8Array[]): Promise<string[]> {
  const keys = sources.map((s) => "tok-" + sha(s));
  const out: string[] = new Array(sources.length);
  const missing: number[] = [];
  for (let i = 0; i < sources.length; i++) {
    const f = join(CACHE_DIR, keys[i]! + ".txt");
    if (existsSync(f)) out[i] = readFileSync(f, "utf8");
    else missing.push(i);
  }
  if (missing.length > 0) {
    const py = await python();
    mkdirSync(CACHE_DIR, { recursive: true });
    for (const i of missing) {
      py.globals.set("_data", sources[i]);
      const r = py.runPython("oracle_tokens(bytes(_data.to_py()))") as string;
      out[i] = r;
      writeAtomic(join(CACHE_DIR, keys[i]! + ".txt"), r);
    }
  }
  return out;
}

export type OracleError = [string, string, number | null, number | null, number | null, number | null] | "OK";

/** What ast.parse(src) raises, for str sources; cached per source. */
export async function oracleErrors(sources: string[]): Promise<OracleError[]> {
  const out: OracleError[] = new Array(sources.length);
  const missing: number[] = [];
  for (let i = 0; i < sources.length; i++) {
    const f = join(CACHE_DIR, "err2-" + sha(sources[i]!) + ".json");
    if (existsSync(f)) out[i] = JSON.parse(readFileSync(f, "utf8")) as OracleError;
    else missing.push(i);
  }
  if (missing.length > 0) {
    const py = await python();
    mkdirSync(CACHE_DIR, { recursive: true });
    for (const i of missing) {
      py.globals.set("_src", sources[i]);
      const r = py.runPython("oracle_error(_src)") as string;
      const v = (r === "OK" ? "OK" : JSON.parse(r)) as OracleError;
      out[i] = v;
      writeAtomic(join(CACHE_DIR, "err2-" + sha(sources[i]!) + ".json"), JSON.stringify(v));
    }
  }
  return out;
}

/** What ast.parse(bytes) raises, for byte sources; cached per source. */
export async function oracleErrorsBytes(sources: Uint8Array[]): Promise<OracleError[]> {
  const out: OracleError[] = new Array(sources.length);
  const missing: number[] = [];
  for (let i = 0; i < sources.length; i++) {
    const f = join(CACHE_DIR, "errb2-" + sha(sources[i]!) + ".json");
    if (existsSync(f)) out[i] = JSON.parse(readFileSync(f, "utf8")) as OracleError;
    else missing.push(i);
  }
  if (missing.length > 0) {
    const py = await python();
    mkdirSync(CACHE_DIR, { recursive: true });
    for (const i of missing) {
      py.globals.set("_data", sources[i]);
      const r = py.runPython("oracle_error(bytes(_data.to_py()))") as string;
      const v = (r === "OK" ? "OK" : JSON.parse(r)) as OracleError;
      out[i] = v;
      writeAtomic(join(CACHE_DIR, "errb2-" + sha(sources[i]!) + ".json"), JSON.stringify(v));
    }
  }
  return out;
}

const KIND_NAME: Record<number, string> = {};
for (const [k, v] of Object.entries(TokenKind)) KIND_NAME[v] = k.startsWith("KW_") ? "NAME" : k;
for (let k = TokenKind.KW_FALSE; k <= TokenKind.KW_YIELD; k++) KIND_NAME[k] = "NAME";

/**
 * Our tokens in the oracle's listing format (line, column in code points). `src` is the buffer
 * given to tokenize; offsets past its end (the implied final newline) count one column per byte.
 */
export function listTokens(src: Uint8Array, t: Tokens): string {
  const out: string[] = [];
  // An end offset belongs to the line of its last byte (a token never ends "at column 0").
  const pos = (off: number, isEnd = false): string => {
    const at = isEnd && off > 0 ? off - 1 : off;
    let a = 0;
    let b = t.lineCount - 1;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (t.lineStarts[m]! <= at) a = m;
      else b = m - 1;
    }
    let col = 0;
    for (let i = t.lineStarts[a]!; i < off; i++) if (i >= src.length || (src[i]! & 0xc0) !== 0x80) col++;
    return `${a + 1} ${col}`;
  };
  for (let i = 0; i < t.count; i++) {
    const k = t.kind[i]!;
    // tokenize reports "<>" (NOTEQUAL to the parser) as a generic OP.
    const name = k === TokenKind.NOTEQUAL && src[t.start[i]!] === 60 ? "OP" : KIND_NAME[k]!;
    if (k === TokenKind.ENDMARKER && t.unclosed !== null) {
      out.push("UNCLOSED");
      break;
    }
    if (k === TokenKind.ERRORTOKEN) {
      out.push(`ERROR ${t.error?.msg ?? ""}`);
      break;
    }
    // The tokenize module starts NEWLINE at the "\n"; the parser's (and ours) starts at a comment before it.
    if (k === TokenKind.NEWLINE) out.push(`${name} ${pos(t.end[i]! - 1)} ${pos(t.end[i]!, true)}`);
    else if (k === TokenKind.FSTRING_MIDDLE || k === TokenKind.TSTRING_MIDDLE) out.push(`${name} ${pos(t.start[i]!)}`);
    else out.push(`${name} ${pos(t.start[i]!)} ${pos(t.end[i]!, t.end[i]! > t.start[i]!)}`);
  }
  return out.join("\n");
}

/** First differing line of two listings, for failure messages. */
export function firstDiff(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i])
      return `token #${i}: ours ${JSON.stringify(x[i])} vs CPython ${JSON.stringify(y[i])} (prev ${JSON.stringify(x[i - 1])})`;
  }
  return "";
}
