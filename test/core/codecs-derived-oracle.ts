// CPython 3.14 (Pyodide) decoding byte strings with a codec, one batch per question, answers
// cached under .cache/codecs-derived/ by the hash of the batch (reruns never load Pyodide).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { python, sha } from "../tokenizer/oracle.js";
import { writeAtomic } from "../support/write-atomic.js";

const CACHE_DIR = join(process.cwd(), ".cache", "codecs-derived");

const PY = String.raw`
import json
def derived_decode(codec, blobs, errors):
    # Per input: "OK " + the code points in hex (so lone surrogates show), or "ERR " + the
    # exception's class and text.
    out = []
    for b in blobs:
        try:
            s = bytes(b).decode(codec, errors)
            out.append("OK " + " ".join("%x" % ord(ch) for ch in s))
        except Exception as e:
            out.append("ERR %s: %s" % (type(e).__name__, e))
    return json.dumps(out)
`;

let ready = false;

/** CPython's answer for each input, as pyDecodeLine formats ours. */
export async function pyDecode(codec: string, inputs: readonly Uint8Array[], errors = "strict"): Promise<string[]> {
  const h = sha([codec, errors, ...inputs.map((b) => Buffer.from(b).toString("base64"))].join("\n"));
  const file = join(CACHE_DIR, `${codec}-${errors}-${h}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as string[];
  const py = await python();
  if (!ready) {
    py.runPython(PY);
    ready = true;
  }
  py.globals.set("_codec", codec);
  py.globals.set("_errors", errors);
  py.globals.set(
    "_blobs",
    inputs.map((b) => Array.from(b)),
  );
  const r = JSON.parse(py.runPython("derived_decode(_codec, _blobs.to_py(), _errors)") as string) as string[];
  mkdirSync(CACHE_DIR, { recursive: true });
  writeAtomic(file, JSON.stringify(r));
  return r;
}

/** Code points of a decoded text in hex, as the oracle prints them. */
export function codePointsHex(s: string): string {
  return "OK " + Array.from(s, (ch) => ch.codePointAt(0)!.toString(16)).join(" ");
}

/** `text.encode(codec)` in CPython, for each (codec, text); cached like pyDecode. */
export async function pyEncode(pairs: readonly (readonly [string, string])[]): Promise<Uint8Array[]> {
  const h = sha(JSON.stringify(pairs));
  const file = join(CACHE_DIR, `encode-${h}.json`);
  let b64: string[];
  if (existsSync(file)) b64 = JSON.parse(readFileSync(file, "utf8")) as string[];
  else {
    const py = await python();
    py.globals.set("_pairs", JSON.stringify(pairs));
    b64 = JSON.parse(
      py.runPython("import json, base64\njson.dumps([base64.b64encode(t.encode(c)).decode() for c, t in json.loads(_pairs)])") as string,
    ) as string[];
    mkdirSync(CACHE_DIR, { recursive: true });
    writeAtomic(file, JSON.stringify(b64));
  }
  return b64.map((s) => new Uint8Array(Buffer.from(s, "base64")));
}
