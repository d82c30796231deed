// tokenize(str) on a string with a lone surrogate does what tokenize.generate_tokens does on the
// same str: the tokens finished before the first line holding one, then str.encode's
// UnicodeEncodeError for that line (compared with CPython 3.14 in Pyodide, cached).
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../../src/index.js";
import { cachedBatch } from "../support/cached-batch.js";

const PY = String.raw`
import io, json, tokenize

def quarry_tokenize_str(item):
    src = json.loads(item)
    toks = []
    try:
        for t in tokenize.generate_tokens(io.StringIO(src).readline):
            toks.append([tokenize.tok_name[t.type], tokenize.tok_name[t.exact_type], t.string, list(t.start), list(t.end), t.line])
    except Exception as e:
        return {"tokens": toks, "error": type(e).__name__ + ": " + str(e)}
    return {"tokens": toks, "error": None}
`;

const CASES = [
  "x = 1\ny = '\ud800'\nz\n",
  "'\udc00\ud800x'\n",
  "x\n\ud800",
  "# c \ud800\n",
  "def f():\n    return 1\n\ud800\n",
  "s = '''abc\n\ud800'''\n",
  "x = (1,\n\ud800)\n",
  "a\rb\ud800\n",
  "x = $\ny\ud800\n",
  "x\0y\n\ud800",
  "\ud800\0\n",
  "a = 1\nb = 2 \\\n\udfff\n",
  "f'{x}\n\ud800'\n",
  "\u00e9\u{1F600} = '\u{1F600}'\n\u00e9 = '\udbff'\n",
  "if x:\n    pass\n  \ud800\n",
];

test("tokenize(str) with a lone surrogate: CPython's tokens before its line, then its UnicodeEncodeError", async () => {
  const answers = await cachedBatch<{ tokens: [string, string, string, number[], number[], string][]; error: string | null }>(
    "tokenize-surrogate-str",
    PY,
    "quarry_tokenize_str",
    CASES.map((c) => JSON.stringify(c)),
  );
  for (const [i, src] of CASES.entries()) {
    const s = tokenize(src);
    const got = [...s].map((t) => [t.typeName, t.exactTypeName, t.string, [...t.start], [...t.end], t.line]);
    const a = answers[i]!;
    assert.deepEqual(got, a.tokens, `case ${i}: ${JSON.stringify(src)}`);
    const e = s.error;
    // str() of tokenize's TokenError is its args tuple: (message, (line, column)).
    const text = e === null ? null : e.cls === "TokenError" ? `TokenError: ('${e.msg}', (${e.lineno}, ${e.offset}))` : `${e.cls}: ${e.msg}`;
    assert.equal(text, a.error, `case ${i}: ${JSON.stringify(src)}`);
  }
});
