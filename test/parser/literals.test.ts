// decodeNumber / decodeString / decodeFStringMiddle against CPython 3.14 (Pyodide): each literal is
// put in `x = <literal>` and parsed by ast.parse; the value (compared through repr), the kind
// ('u'), and for rejected literals the exact message and the error's location must agree.
// Snippets: a hand-written list covering every escape and every error, plus generated ones.
// CPython's answers are cached in .cache/literals/ by content hash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { pyRepr } from "../../src/ast/repr.js";
import { lookupUnicodeName } from "../../src/core/unicode-names.js";
import { NAME_ALIASES } from "../../src/core/generated/unicode-names.js";
import {
  decodeFStringMiddle,
  decodeNumber,
  decodeString,
  fstringPieces,
  numberLiteralError,
  type LiteralError,
} from "../../src/parser/literals.js";
import { PyStr, concatStr } from "../../src/core/pyvalue.js";

function isLiteralError(v: string | PyStr | LiteralError): v is LiteralError {
  return typeof v !== "string" && !(v instanceof PyStr);
}

// ---- a batch oracle: one Python program over one JSON input, answer cached by content hash

let pyodide: Promise<import("pyodide").PyodideAPI> | undefined;

async function askPython(name: string, program: string, input: unknown): Promise<unknown> {
  const inputJson = JSON.stringify(input);
  const root = repoRoot();
  const version = (JSON.parse(readFileSync(join(root, "node_modules/pyodide/package.json"), "utf8")) as { version: string }).version;
  const key = createHash("sha256").update(`${version}\0${program}\0${inputJson}`).digest("hex");
  const dir = join(root, ".cache", "literals");
  const file = join(dir, `${name}-${key.slice(0, 24)}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch {
    // not cached yet
  }
  const py = await (pyodide ??= import("pyodide").then((m) => m.loadPyodide({ stdout: () => {}, stderr: () => {} })));
  py.globals.set("INPUT", inputJson);
  const out = py.runPython(program) as string;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file + ".tmp" + process.pid, out);
  renameSync(file + ".tmp" + process.pid, file);
  return JSON.parse(out) as unknown;
}

// Parses each source; answers with the value of the first statement's expression, described as
// {c: repr, k: kind} for a Constant, {j: [...]} for an f-/t-string ({e: 1, spec?: [...]} for each
// replacement field), or {err, cls, loc} for an exception (loc only for SyntaxError).
const PROGRAM = `
import ast, json, warnings
def part(v):
    if isinstance(v, ast.Constant):
        return {"c": repr(v.value), "k": v.kind}
    if isinstance(v, (ast.FormattedValue, ast.Interpolation)):
        d = {"e": 1}
        fs = v.format_spec
        if isinstance(fs, ast.JoinedStr):
            d["spec"] = [part(x) for x in fs.values]
        elif isinstance(fs, ast.Constant):
            # CPython quirk: a spec of several literal pieces and no fields is a bare Constant.
            d["spec"] = [part(fs)]
        elif fs is not None:
            d["specOther"] = ast.dump(fs)
        return d
    if isinstance(v, (ast.JoinedStr, ast.TemplateStr)):
        return {"j": [part(x) for x in v.values]}
    return {"other": ast.dump(v)}
def answer(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(src)
    except SyntaxError as e:
        return {"err": e.msg, "cls": type(e).__name__, "loc": [e.lineno, e.offset, e.end_lineno, e.end_offset]}
    except Exception as e:
        return {"err": str(e), "cls": type(e).__name__}
    return part(tree.body[0].value)
json.dumps([answer(s) for s in json.loads(INPUT)])
`;

interface Answer {
  c?: string;
  k?: string | null;
  j?: Answer[];
  e?: number;
  spec?: Answer[];
  err?: string;
  cls?: string;
  loc?: number[];
  other?: string;
}

const enc = new TextEncoder();
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

// The location CPython reports for an error spanning bytes [start, end) of `src`: lineno, offset,
// end_lineno, end_offset. CPython turns byte columns into character columns using the text of the
// error's first line, for the end column too: end_offset is the number of characters in the first
// min(end column + 1, length + 1) bytes of that line (plus one if that runs past the line). So a
// multi-line error's end_offset is measured on its first line and clamped to its length + 1.
function cpythonPlace(src: string, start: number, end: number): number[] {
  const b = enc.encode(src);
  const lineAt = (pos: number): [number, number] => {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < pos; i++) {
      if (b[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return [line, lineStart];
  };
  const [l1, s1] = lineAt(start);
  const [l2, s2] = lineAt(end);
  let e1 = b.indexOf(0x0a, s1);
  if (e1 < 0) e1 = b.length;
  const chars = (n: number): number => {
    let c = 0;
    for (let i = s1; i < s1 + Math.min(n, e1 - s1); i++) if ((b[i]! & 0xc0) !== 0x80) c++;
    return n > e1 - s1 ? c + 1 : c;
  };
  return [l1, chars(start - s1 + 1), l2, chars(Math.min(end - s2 + 1, e1 - s1 + 1))];
}

// ---- numbers

function numberAnswer(lit: string): Answer {
  const b = enc.encode(lit);
  const err = numberLiteralError(b, 0, b.length);
  if (err !== null) return { err, cls: "SyntaxError", loc: [1, 0, 1, 0] };
  return { c: pyRepr(decodeNumber(b, 0, b.length)), k: null };
}

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function numberLiterals(r: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const digits = (n: number, alphabet = "0123456789", underscores = true): string => {
    let s = "";
    for (let i = 0; i < n; i++) {
      if (underscores && i > 0 && r() < 0.15) s += "_";
      s += pick([...alphabet]);
    }
    return s;
  };
  const out = [
    "0",
    "00",
    "0_0",
    "000",
    "1",
    "1_000",
    "123",
    "9007199254740993",
    "18446744073709551616",
    "0x0",
    "0XFF",
    "0x_f_f",
    "0o17",
    "0O_7",
    "0b1",
    "0B_1_0",
    "0.0",
    "0.",
    ".0",
    "1.",
    ".5",
    "1e5",
    "1E5",
    "1e+5",
    "1e-5",
    "1.e5",
    "1_0.0_1e1_0",
    "00012.5",
    "0e0",
    "1e308",
    "1e309",
    "1e-400",
    "2e-324",
    "3e-324",
    "5e-324",
    "2.2250738585072011e-308",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "9007199254740993.0",
    "0.1",
    "0.30000000000000004",
    "1e16",
    "1e15",
    "1e-4",
    "1e-5",
    "123456789012345678901234567890.5",
    "4.35",
    "1j",
    "1J",
    "0j",
    "1.5j",
    "1e400j",
    "1_0j",
    ".5j",
    "1.j",
    "0x1f_ffff_ffff_ffff_ffff",
    "0b" + "1".repeat(200),
    "0o" + "7".repeat(100),
    "1" + "0".repeat(4299),
    "1" + "0".repeat(4300),
    "1_" + "0".repeat(4299),
    "0".repeat(4301),
    "1" + "0".repeat(4400) + "j",
    "1" + "0".repeat(4400) + ".0",
    "0x" + "f".repeat(3000),
  ];
  // Exact decimal midpoints between adjacent doubles (and a hair either side): rounding ties.
  const dv = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 150; i++) {
    dv.setFloat64(0, (r() + 0.5) * 10 ** Math.floor(r() * 40 - 20));
    const bits = dv.getBigUint64(0);
    const exp = Number((bits >> 52n) & 0x7ffn) - 1075;
    const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
    // midpoint = (2*mant + 1) * 2^(exp - 1)
    const m = 2n * mant + 1n;
    if (exp - 1 >= 0) {
      const n = m << BigInt(exp - 1);
      out.push(n + ".0", n + ".000001", n - 1n + ".999999");
    } else {
      // The digits end in 5 (m is odd): a hair below ends in 4999...
      const k = 1 - exp;
      const s = (m * 5n ** BigInt(k)).toString().padStart(k + 1, "0");
      const lit = s.slice(0, s.length - k) + "." + s.slice(s.length - k);
      out.push(lit, lit + "1", lit.slice(0, -1) + "49");
    }
  }
  for (let i = 0; i < 150; i++) {
    out.push(pick(["1", "2", "9"]) + digits(Math.floor(r() ** 2 * 40)));
    out.push("0" + pick(["x", "X"]) + (r() < 0.3 ? "_" : "") + digits(1 + Math.floor(r() * 30), "0123456789abcdefABCDEF"));
    out.push("0" + pick(["o", "O"]) + digits(1 + Math.floor(r() * 30), "01234567"));
    out.push("0" + pick(["b", "B"]) + digits(1 + Math.floor(r() * 70), "01"));
    const mant = pick([
      () => digits(1 + Math.floor(r() * 20)) + "." + digits(Math.floor(r() * 20)),
      () => "." + digits(1 + Math.floor(r() * 20)),
      () => digits(1 + Math.floor(r() * 25)),
    ])();
    const exp = r() < 0.6 ? pick(["e", "E"]) + pick(["", "+", "-"]) + digits(1 + Math.floor(r() * 3)) : "";
    let f = mant + exp;
    if (!/[.eE]/.test(f)) f += ".";
    out.push(f);
    out.push(f + pick(["j", "J"]));
  }
  return out;
}

test("decodeNumber matches CPython on number literals", async (t) => {
  const lits = numberLiterals(rng(7));
  const expected = (await askPython(
    "numbers",
    PROGRAM,
    lits.map((l) => "x = " + l),
  )) as Answer[];
  const failures: string[] = [];
  for (let i = 0; i < lits.length; i++) {
    const got = numberAnswer(lits[i]!);
    if (JSON.stringify(got) !== JSON.stringify(expected[i]))
      failures.push(
        `${lits[i]!.slice(0, 60)}: got ${JSON.stringify(got).slice(0, 300)} expected ${JSON.stringify(expected[i]).slice(0, 300)}`,
      );
  }
  t.diagnostic(`numbers: ${lits.length - failures.length}/${lits.length} literals agree`);
  assert.deepEqual(failures.slice(0, 10), []);
});

// ---- strings

// Body pieces (source text). Every escape CPython knows, malformed ones, and plain text.
const COMMON_PIECES = [
  "a",
  "Z",
  " ",
  "0",
  "~",
  "é",
  "한",
  "😀",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\\\\",
  "\\'",
  '\\"',
  "\\a",
  "\\b",
  "\\f",
  "\\n",
  "\\r",
  "\\t",
  "\\v",
  "\\0",
  "\\7",
  "\\12",
  "\\123",
  "\\377",
  "\\400",
  "\\777",
  "\\1234",
  "\\8",
  "\\9",
  "\\x41",
  "\\xff",
  "\\xFf",
  "\\x00",
  "\\u0041",
  "\\uD800",
  "\\udc00",
  "\\uffff",
  "\\U0001F600",
  "\\U0010FFFF",
  "\\U00000041",
  "\\N{BULLET}",
  "\\N{latin small letter a}",
  "\\N{NULL}",
  "\\N{zwsp}",
  "\\N{HANGUL SYLLABLE GAG}",
  "\\N{CJK UNIFIED IDEOGRAPH-4E00}",
  "\\N{CJK UNIFIED IDEOGRAPH-2A6DF}",
  "\\N{EGYPTIAN HIEROGLYPH-13460}",
  "\\N{cjk compatibility ideograph-f900}",
  "\\q",
  "\\é",
  "\\😀",
  "\\ ",
  "\\\n",
  "\\x",
  "\\xZ",
  "\\x4",
  "\\xé",
  "\\u12",
  "\\u12é",
  "\\U1234567",
  "\\U00110000",
  "\\UFFFFFFFF",
  "\\Nx",
  "\\N{}",
  "\\N{bogus}",
  "\\N{é}",
  "\\N{ }",
  "\\N{LATIN SMALL LETTER A WITH MACRON AND GRAVE}",
  "\\N{CJK UNIFIED IDEOGRAPH-4e00}",
  "\\N{hangul syllable ga}",
  "\\N{CJK UNIFIED IDEOGRAPH-04E00}",
  "\\N{CJK UNIFIED IDEOGRAPH-4DC0}",
];
// Only outside f-strings: braces and escapes that would change an f-string's structure.
const PLAIN_PIECES = ["\\N", "\\N{", "{", "}", "\\{", "\\}"];
// Only inside f-string literal runs (not format specs).
const FSTRING_PIECES = ["{{", "}}", "\\{{", "\\}}", "\\N{BULLET}{{"];

function stringTokens(r: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const pieces = [...COMMON_PIECES, ...PLAIN_PIECES];
  const out: string[] = [];
  // Every piece alone, in each main prefix.
  for (const p of pieces) for (const pre of ["", "b", "r", "u"]) out.push(pre + '"' + p + '"');
  for (let i = 0; i < 600; i++) {
    const pre = pick(["", "", "", "u", "U", "r", "R", "b", "B", "br", "Rb", "bR", "rB"]);
    const quote = pick(["'", '"', "'''", '"""']);
    let body = "";
    const n = Math.floor(r() * 6);
    for (let k = 0; k < n; k++) {
      let p = pick(r() < 0.5 ? ["a", "é", "\\n", " "] : pieces);
      if (quote.length === 3 && r() < 0.1) p = "\n";
      if (!p.includes(quote[0]!)) body += p;
    }
    body += pick(["", "", "x", "é"]); // avoid ending a body with a quote-adjacent escape
    out.push(pre + quote + body + quote);
  }
  out.push(
    "''",
    '""',
    "''''''",
    '""""""',
    "'''a\"'''",
    "'\"'",
    '"\'"',
    "'''\n\n  \\xZ'''",
    "u''",
    "U'\\N{BULLET}'",
    "b'\\x4'",
    "b'a\\x4g'",
  );
  return out;
}

function stringAnswer(token: string): Answer {
  const b = enc.encode(token);
  const r = decodeString(b, 0, b.length);
  if ("error" in r) return { err: r.error, cls: "SyntaxError", loc: cpythonPlace("x = " + token, 4, 4 + b.length) };
  return { c: pyRepr(r.value), k: r.u ? "u" : null };
}

test("decodeString matches CPython on string literals (value, kind, error text and place)", async (t) => {
  const tokens = stringTokens(rng(11));
  const expected = (await askPython(
    "strings",
    PROGRAM,
    tokens.map((s) => "x = " + s),
  )) as Answer[];
  const failures: string[] = [];
  let errors = 0;
  for (let i = 0; i < tokens.length; i++) {
    const got = stringAnswer(tokens[i]!);
    if (expected[i]!.err !== undefined) errors++;
    if (JSON.stringify(got) !== JSON.stringify(expected[i]))
      failures.push(`${JSON.stringify(tokens[i])}: got ${JSON.stringify(got)} expected ${JSON.stringify(expected[i])}`);
  }
  t.diagnostic(`strings: ${tokens.length - failures.length}/${tokens.length} literals agree (${errors} are errors)`);
  assert.deepEqual(failures.slice(0, 10), []);
});

// ---- f-strings and t-strings: `x = <prefix><q>R1{1}R2<q>` and `x = <prefix><q>{1:S}<q>`

interface FCase {
  prefix: string;
  quote: string;
  runs: string[]; // literal runs, with a `{1}` replacement field between consecutive runs
  spec?: string; // when set: the source is `{1:<spec>}` alone
}

function fSource(c: FCase): string {
  const body = c.spec !== undefined ? "{1:" + c.spec + "}" : c.runs.join("{1}");
  return "x = " + c.prefix + c.quote + body + c.quote;
}

function fAnswer(c: FCase): Answer {
  const raw = /[rR]/.test(c.prefix);
  const src = fSource(c);
  const bytes = enc.encode(src);
  if (c.spec !== undefined) {
    const start = enc.encode("x = " + c.prefix + c.quote + "{1:").length;
    const end = start + enc.encode(c.spec).length;
    const v = decodeFStringMiddle(bytes, start, end, raw, /*formatSpec*/ true);
    if (isLiteralError(v)) return { err: v.error, cls: v.exception ?? "SyntaxError" };
    return { j: [{ e: 1, spec: v === "" ? [] : [{ c: pyRepr(v), k: null }] }] };
  }
  const parts: Answer[] = [];
  let pos = enc.encode("x = " + c.prefix + c.quote).length;
  let pending: string | PyStr = "";
  for (let k = 0; k < c.runs.length; k++) {
    const len = enc.encode(c.runs[k]!).length;
    const v = decodeFStringMiddle(bytes, pos, pos + len, raw);
    if (isLiteralError(v)) {
      // Blamed on the closing quote(s) of the f-string.
      return { err: v.error, cls: "SyntaxError", loc: cpythonPlace(src, bytes.length - c.quote.length, bytes.length) };
    }
    pending = concatStr(pending, v);
    if (k < c.runs.length - 1) {
      if (pending !== "") parts.push({ c: pyRepr(pending), k: null });
      parts.push({ e: 1 });
      pending = "";
    }
    pos += len + 3; // "{1}"
  }
  if (pending !== "") parts.push({ c: pyRepr(pending), k: null });
  return { j: parts };
}

function fCases(r: () => number): FCase[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const runPieces = [...COMMON_PIECES, ...FSTRING_PIECES];
  const out: FCase[] = [];
  for (const p of runPieces) {
    const namedEscape = p.includes("\\N{");
    out.push({ prefix: "f", quote: '"', runs: [p] });
    if (!namedEscape) out.push({ prefix: "rf", quote: '"', runs: [p] });
    out.push({ prefix: "f", quote: '"', runs: ["a", p] });
    if (!/[{}]/.test(p) || (namedEscape && !p.includes("{{"))) {
      out.push({ prefix: "f", quote: '"', runs: [], spec: p });
      if (!namedEscape) out.push({ prefix: "fr", quote: '"', runs: [], spec: p });
    }
  }
  for (let i = 0; i < 500; i++) {
    const prefix = pick(["f", "f", "F", "rf", "fR", "t", "T", "tr", "Rt"]);
    const quote = pick(["'", '"', "'''", '"""']);
    const nruns = 1 + Math.floor(r() * 3);
    const runs: string[] = [];
    for (let k = 0; k < nruns; k++) {
      let run = "";
      const n = Math.floor(r() * 5);
      for (let m = 0; m < n; m++) {
        const p = quote.length === 3 && r() < 0.1 ? "\n" : pick(r() < 0.5 ? ["a", "é", "{{", " "] : runPieces);
        if (!p.includes(quote[0]!)) run += p;
      }
      runs.push(run);
    }
    // A run ending in a lone backslash right before `{1}` is valid (CPython keeps the backslash).
    if (runs.length > 1 && r() < 0.2) runs[0] += "\\";
    // In raw f-strings `\N{` is no escape: its `{` would open a replacement field.
    if (/[rR]/.test(prefix) && runs.some((x) => x.includes("\\N{"))) continue;
    out.push({ prefix, quote, runs });
    if (r() < 0.3) {
      let spec = "";
      const n = 1 + Math.floor(r() * 4);
      const raw = /[rR]/.test(prefix);
      const specPieces = COMMON_PIECES.filter((p) => !p.includes(quote[0]!) && (!/[{}]/.test(p) || (!raw && p.startsWith("\\N{"))));
      for (let m = 0; m < n; m++) spec += pick(specPieces);
      out.push({ prefix, quote, runs: [], spec });
    }
  }
  out.push({ prefix: "f", quote: '"""', runs: ["a\nb", "\n\\xZ"] });
  return out;
}

test("decodeFStringMiddle matches CPython on f-/t-string literal runs and format specs", async (t) => {
  const cases = fCases(rng(13));
  const expected = (await askPython("fstrings", PROGRAM, cases.map(fSource))) as Answer[];
  const failures: string[] = [];
  let errors = 0;
  for (let i = 0; i < cases.length; i++) {
    const got = fAnswer(cases[i]!);
    if (expected[i]!.err !== undefined) errors++;
    if (JSON.stringify(got) !== JSON.stringify(expected[i]))
      failures.push(`${JSON.stringify(fSource(cases[i]!))}: got ${JSON.stringify(got)} expected ${JSON.stringify(expected[i])}`);
  }
  t.diagnostic(`f-strings: ${cases.length - failures.length}/${cases.length} agree (${errors} are errors)`);
  assert.deepEqual(failures.slice(0, 10), []);
});

const TOKENIZE_PROGRAM = `
import io, json, tokenize
def middles(src):
    try:
        toks = tokenize.generate_tokens(io.StringIO(src).readline)
        # (The tokenizer also emits an empty piece before a spec's closing brace; it makes no node.)
        return [t.string for t in toks if t.type in (tokenize.FSTRING_MIDDLE, tokenize.TSTRING_MIDDLE) and t.string]
    except Exception as e:
        return None
json.dumps([middles(s) for s in json.loads(INPUT)])
`;

test("fstringPieces cuts literal runs where CPython's tokenizer does", async (t) => {
  const cases = fCases(rng(13));
  const expected = (await askPython("fpieces", TOKENIZE_PROGRAM, cases.map(fSource))) as (string[] | null)[];
  const failures: string[] = [];
  let pieces = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const raw = /[rR]/.test(c.prefix);
    const got: string[] = [];
    const runs = c.spec !== undefined ? [c.spec] : c.runs;
    for (const run of runs) {
      if (run === "") continue;
      const b = enc.encode(run);
      const ps = fstringPieces(b, 0, b.length, raw);
      for (let k = 0; k < ps.length; k += 3) got.push(UTF8.decode(b.subarray(ps[k], ps[k + 1])));
    }
    pieces += got.length;
    if (JSON.stringify(got) !== JSON.stringify(expected[i]))
      failures.push(`${JSON.stringify(fSource(c))}: got ${JSON.stringify(got)} expected ${JSON.stringify(expected[i])}`);
  }
  t.diagnostic(`f-string pieces: ${cases.length - failures.length}/${cases.length} f-strings cut alike (${pieces} pieces)`);
  assert.deepEqual(failures.slice(0, 10), []);
});

// ---- where CPython places a literal's error in an implicit concatenation or a multi-line string

test("literal errors are placed on the failing token (concatenations, f-strings, multi-line)", async (t) => {
  // [source, expected location rule]: "tok:N" = the N-th string token (0-based, by position in
  // the source), "end:N" = the closing quote(s) of the N-th f-string token.
  const cases: [string, [number, number, number, number]][] = [
    ['x = "ab" "\\x1"', [1, 10, 1, 15]],
    ['x = "\\xZ" "ab"', [1, 5, 1, 10]],
    ['x = ("a"\n     "\\xZ")', [2, 6, 2, 11]],
    ['x = f"a" "\\xZ"', [1, 10, 1, 15]],
    ['x = "a" f"\\xZ"', [1, 14, 1, 15]],
    ['x = f"\\xZ" "a"', [1, 10, 1, 11]],
    ["x = f\"{f'\\xZ'}\"", [1, 13, 1, 14]],
    ['x = f"""a\nb{1}\n\\xZ"""', [3, 4, 3, 7]],
    ['x = """a\n\\xZ\nb"""', [1, 5, 3, 5]],
    ['x = 1 + b"é"', [1, 9, 1, 13]],
    ['x = "é" + "\\N{é}"', [1, 11, 1, 18]],
    // Multi-line: end_offset measured on the first line, clamped to its length + 1.
    ['x = b"""é\n\\\\U00000041x"""', [1, 5, 2, 10]],
    ["x = u'''\na\n\\U1234567\\400é'''", [1, 5, 3, 9]],
    ["x = u'''\na\n\\xZ'''", [1, 5, 3, 7]],
  ];
  const expected = (await askPython(
    "placement",
    PROGRAM,
    cases.map(([s]) => s),
  )) as Answer[];
  let ok = 0;
  for (let i = 0; i < cases.length; i++) {
    assert.deepEqual(expected[i]!.loc, cases[i]![1], cases[i]![0]);
    ok++;
  }
  t.diagnostic(`placement: ${ok}/${cases.length} agree with the documented rule`);
});

test("fixed literal examples", () => {
  const s = (lit: string) => stringAnswer(lit);
  assert.deepEqual(s('"\\xZ"'), {
    err: "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape",
    cls: "SyntaxError",
    loc: [1, 5, 1, 10],
  });
  assert.deepEqual(s('u"a"'), { c: "'a'", k: "u" });
  assert.deepEqual(s('U"a"'), { c: "'a'", k: null });
  assert.deepEqual(s('"\\N{LATIN SMALL LETTER A}"'), { c: "'a'", k: null });
  const b = enc.encode("{{a}}\\N{BULLET}");
  assert.equal(decodeFStringMiddle(b, 0, b.length, false), "{a}\u2022");
  assert.equal(pyRepr(decodeNumber(enc.encode("1_000"), 0, 5)), "1000");
});

// More on surrogates (every stage, against CPython): test/parser/surrogates.test.ts.
test("an escaped surrogate pair stays two code points", () => {
  assert.deepEqual(stringAnswer('"\\ud800\\udc00"'), { c: "'\\ud800\\udc00'", k: null });
});

// ---- \N{...}: every Unicode name and alias, and near misses, against CPython's lookup

test("\\N{name} lookup matches CPython for every character name, every alias, and variants", async (t) => {
  const names = (await askPython(
    "names",
    `
import json, unicodedata
json.dumps([[cp, unicodedata.name(chr(cp))] for cp in range(0x110000) if unicodedata.name(chr(cp), None)])
`,
    null,
  )) as [number, string][];
  const aliases = NAME_ALIASES.split(";").map((e) => e.slice(e.indexOf(":") + 1));
  // Variants: lower case, mixed case, trailing space, leading zeros, lower-case hex, a letter
  // dropped, named sequences (accepted by unicodedata.lookup, not by \N).
  const r = rng(17);
  const queries: string[] = [...aliases, ...aliases.map((a) => a.toLowerCase())];
  for (let i = 0; i < names.length; i += 7) {
    const n = names[i]![1];
    queries.push(n.toLowerCase());
    if (r() < 0.2)
      queries.push(
        n + " ",
        n.slice(0, -1),
        n.replace(/-([0-9A-F]+)$/, (_m, h: string) => "-0" + h),
        n.replace(/-([0-9A-F]+)$/, (_m, h: string) => "-" + h.toLowerCase()),
      );
    if (r() < 0.2) queries.push([...n].map((ch) => (r() < 0.5 ? ch.toLowerCase() : ch)).join(""));
  }
  queries.push(
    "",
    " ",
    "HANGUL SYLLABLE",
    "HANGUL SYLLABLE ",
    "HANGUL SYLLABLE GAGA",
    "HANGUL SYLLABLE KAGG",
    "Hangul Syllable GA",
    "CJK UNIFIED IDEOGRAPH-",
    "CJK UNIFIED IDEOGRAPH-4E00 ",
    "CJK UNIFIED IDEOGRAPH-F900",
    "CJK UNIFIED IDEOGRAPH-20000",
    "CJK UNIFIED IDEOGRAPH-2FFFF",
    "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE",
    "KEYCAP NUMBER SIGN",
    "LATIN SMALL LETTER ſ",
    "EGYPTIAN HIEROGLYPH-1343F",
    "EGYPTIAN HIEROGLYPH-13460",
    "NUSHU CHARACTER-1B16F",
    "KHITAN SMALL SCRIPT CHARACTER-18CFF",
    "TANGUT IDEOGRAPH-17000",
    "LATIN SMALL LETTER A\tB",
    "A".repeat(300),
  );
  // Python answers through a real \N escape: ast.literal_eval of '"\\N{...}"'.
  const answers = (await askPython(
    "name-queries",
    `
import ast, json, warnings
def ask(q):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            v = ast.literal_eval('"\\\\N{' + q + '}"')
        return ord(v) if len(v) == 1 else -2
    except SyntaxError:
        return -1
json.dumps([ask(q) for q in json.loads(INPUT)])
`,
    queries,
  )) as number[];
  let bad = 0;
  const failures: string[] = [];
  for (const [cp, n] of names) {
    if (lookupUnicodeName(n) !== cp) {
      bad++;
      if (failures.length < 10) failures.push(`${n}: got ${lookupUnicodeName(n)} expected ${cp}`);
    }
  }
  for (let i = 0; i < queries.length; i++) {
    const got = lookupUnicodeName(queries[i]!);
    if (got !== answers[i]) {
      bad++;
      if (failures.length < 10) failures.push(`${JSON.stringify(queries[i])}: got ${got} expected ${answers[i]}`);
    }
  }
  const total = names.length + queries.length;
  t.diagnostic(
    `names: ${total - bad}/${total} lookups agree (${names.length} names, ${aliases.length} aliases, ${queries.length} queries)`,
  );
  assert.deepEqual(failures, []);
});
