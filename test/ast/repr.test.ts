// pyRepr and isPrintable against CPython 3.14 (Pyodide): thousands of generated values (floats at
// and around every formatting threshold, random bit patterns, big ints, str over many code point
// ranges incl. lone surrogates, bytes, complex) must print exactly as Python's repr() prints them.
// CPython's answers are cached in .cache/literals/ by content hash: a warm run never loads Pyodide.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { pyRepr, isPrintable, reprLimitError } from "../../src/ast/repr.js";
import { PyBytes, PyComplex, PyStr, PY_ELLIPSIS, type PyValue } from "../../src/core/pyvalue.js";

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

// ---- deterministic value generation

function rng(seed: number): () => number {
  // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function floatBits(x: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  let s = "";
  for (let i = 0; i < 8; i++) s += dv.getUint8(i).toString(16).padStart(2, "0");
  return s;
}

type Encoded = ["f", string] | ["i", string] | ["s", number[]] | ["b", number[]] | ["c", string, string] | ["k", string];

function encode(v: PyValue): Encoded {
  if (typeof v === "number") return ["f", floatBits(v)];
  if (v instanceof PyStr) return ["s", v.codePoints()];
  if (typeof v === "bigint") return ["i", v.toString()];
  if (typeof v === "string") {
    const cps: number[] = [];
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      const d = v.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        cps.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
      } else cps.push(c);
    }
    return ["s", cps];
  }
  if (v instanceof PyBytes) return ["b", [...v.bytes]];
  if (v instanceof PyComplex) return ["c", floatBits(v.real), floatBits(v.imag)];
  return ["k", v === null ? "None" : v === true ? "True" : v === false ? "False" : "Ellipsis"];
}

function floats(r: () => number): number[] {
  const out: number[] = [
    0,
    -0,
    1,
    -1,
    0.1,
    0.2,
    0.3,
    1 / 3,
    2 / 3,
    1.5,
    100,
    1e15,
    1e16,
    1e17,
    1e22,
    1e23,
    1e-4,
    1e-5,
    1e-3,
    0.0001,
    0.00012345,
    9999999999999998,
    999999999999999.9,
    // biome-ignore lint/correctness/noPrecisionLoss: literals that do not round-trip are the point: repr must match Python's for the double JS reads
    1234567890123456.7,
    // biome-ignore lint/correctness/noPrecisionLoss: literals that do not round-trip are the point: repr must match Python's for the double JS reads
    12345678901234567,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    Infinity,
    -Infinity,
    NaN,
    Math.PI,
    Math.E,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 63,
    2 ** 64,
    2 ** -1074,
    2 ** -1022,
    123e300,
    1e100,
    1e-100,
    4.35,
    0.5e-6,
    123456.789,
    1e21,
    1e-7,
    // biome-ignore lint/correctness/noPrecisionLoss: literals that do not round-trip are the point: repr must match Python's for the double JS reads
    9.999999999999999e15,
  ];
  for (let e = -330; e <= 310; e++) {
    out.push(Number(`1e${e}`), Number(`9.5e${e}`), Number(`1.25e${e}`));
  }
  for (let k = -25; k <= 25; k++) out.push(10 ** k + 1, 10 ** k - 1, 10 ** k * 7.3);
  const dv = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 1500; i++) {
    // Random bit patterns (all exponents), then random short decimals.
    dv.setUint32(0, (r() * 2 ** 32) >>> 0);
    dv.setUint32(4, (r() * 2 ** 32) >>> 0);
    out.push(dv.getFloat64(0));
    const digits = Math.floor(r() * 1e6) / 10 ** Math.floor(r() * 8);
    out.push(digits * 10 ** (Math.floor(r() * 40) - 20));
    out.push(Math.floor(r() * 2 ** 53) * (r() < 0.5 ? 1 : -1));
  }
  return out;
}

function ints(r: () => number): bigint[] {
  const out: bigint[] = [0n, 1n, -1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, 10n ** 4299n, -(10n ** 4299n) + 1n];
  for (let i = 0; i < 400; i++) {
    const len = 1 + Math.floor(r() ** 3 * 1200);
    let s = String(1 + Math.floor(r() * 9));
    for (let k = 1; k < len; k++) s += String(Math.floor(r() * 10));
    out.push(BigInt(s) * (r() < 0.3 ? -1n : 1n));
  }
  return out;
}

// Code point ranges the generated strings draw from, so every class of repr() escape is hit.
const RANGES: [number, number][] = [
  [0x00, 0x7f],
  [0x00, 0x20],
  [0x7f, 0xa0],
  [0xa0, 0x100],
  [0x100, 0x800],
  [0x2000, 0x2070],
  [0x0600, 0x0700],
  [0xd800, 0xe000],
  [0xe000, 0xf900],
  [0xfe00, 0x10000],
  [0x10000, 0x10400],
  [0x1f000, 0x1fb00],
  [0xe0000, 0xe0200],
  [0x20000, 0x20100],
  [0x30000, 0x110000],
  [0x0, 0x110000],
  [0x0, 0x110000],
  [0x27, 0x28],
  [0x22, 0x23],
  [0x5c, 0x5d],
];

function strings(r: () => number): (string | PyStr)[] {
  const out: (string | PyStr)[] = [
    "",
    "'",
    '"',
    "'\"",
    "a'b",
    'a"b',
    "\\",
    "\t\n\r\x0b\x0c",
    "\x00\x7f\x80\xff\xa0\xad",
    "\u2028\u2029\u200b\ufeff",
    "\ud800",
    "\udfff",
    "\ud800\ud800",
    "\udc00\ud800",
    "\u{10ffff}",
    "\u{e0001}",
    "\u{1f600}",
    "é",
    "\u{20000}",
  ];
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(r() * 12);
    const cps: number[] = [];
    for (let k = 0; k < len; k++) {
      const [a, b] = RANGES[Math.floor(r() * RANGES.length)]!;
      cps.push(a + Math.floor(r() * (b - a)));
    }
    // A high surrogate right before a low one makes a PyStr (a JS string would fuse them).
    out.push(PyStr.fromCodePoints(cps));
  }
  return out;
}

function bytesValues(r: () => number): PyBytes[] {
  const out = [new PyBytes(new Uint8Array([])), new PyBytes(new Uint8Array([0x27])), new PyBytes(new Uint8Array([0x27, 0x22]))];
  const all = new Uint8Array(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  out.push(new PyBytes(all));
  for (let i = 0; i < 400; i++) {
    const len = Math.floor(r() * 10);
    const b = new Uint8Array(len);
    for (let k = 0; k < len; k++) b[k] = r() < 0.5 ? 0x20 + Math.floor(r() * 0x60) : Math.floor(r() * 256);
    out.push(new PyBytes(b));
  }
  return out;
}

function complexes(r: () => number): PyComplex[] {
  const parts = [0, -0, 1, -1, 1.5, 1e16, 1e-5, 1e300 * 1e10, -Infinity, NaN, 0.1, 123456789.25];
  const out: PyComplex[] = [];
  for (const a of parts) for (const b of parts) out.push(new PyComplex(a, b));
  for (let i = 0; i < 200; i++)
    out.push(new PyComplex(r() < 0.5 ? 0 : (r() - 0.5) * 10 ** (r() * 40 - 20), (r() - 0.5) * 10 ** (r() * 40 - 20)));
  return out;
}

const REPR_PROGRAM = `
import json, struct
def dec(e):
    t = e[0]
    if t == "f": return struct.unpack(">d", bytes.fromhex(e[1]))[0]
    if t == "i": return int(e[1])
    if t == "s": return "".join(map(chr, e[1]))
    if t == "b": return bytes(e[1])
    if t == "c": return complex(struct.unpack(">d", bytes.fromhex(e[1]))[0], struct.unpack(">d", bytes.fromhex(e[2]))[0])
    return {"None": None, "True": True, "False": False, "Ellipsis": Ellipsis}[e[1]]
json.dumps([repr(dec(e)) for e in json.loads(INPUT)])
`;

test("pyRepr matches CPython's repr() on generated values", async (t) => {
  const r = rng(20261121);
  const values: PyValue[] = [...floats(r), ...ints(r), ...strings(r), ...bytesValues(r), ...complexes(r), null, true, false, PY_ELLIPSIS];
  const expected = (await askPython("repr", REPR_PROGRAM, values.map(encode))) as string[];
  assert.equal(expected.length, values.length);
  const failures: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const got = pyRepr(values[i]!);
    if (got !== expected[i]) failures.push(`${JSON.stringify(encode(values[i]!))}: got ${got} expected ${expected[i]}`);
  }
  t.diagnostic(`repr: ${values.length - failures.length}/${values.length} values agree`);
  assert.deepEqual(failures.slice(0, 20), []);
});

test("isPrintable matches str.isprintable() for every code point", async (t) => {
  const program = `
import json
flips = []
prev = False
for c in range(0x110001):
    p = c < 0x110000 and chr(c).isprintable()
    if p != prev:
        flips.append(c)
    prev = p
json.dumps(flips)
`;
  const flips = (await askPython("printable", program, null)) as number[];
  let k = 0;
  let printable = false;
  let bad = 0;
  for (let c = 0; c < 0x110000; c++) {
    if (k < flips.length && flips[k] === c) {
      printable = !printable;
      k++;
    }
    if (isPrintable(c) !== printable) bad++;
  }
  t.diagnostic(`isprintable: ${0x110000 - bad}/${0x110000} code points agree`);
  assert.equal(bad, 0);
});

test("pyRepr fixed examples", () => {
  assert.equal(pyRepr(1e16), "1e+16");
  assert.equal(pyRepr(1e-5), "1e-05");
  assert.equal(pyRepr(1e15), "1000000000000000.0");
  assert.equal(pyRepr(-0), "-0.0");
  assert.equal(pyRepr(NaN), "nan");
  assert.equal(pyRepr(new PyComplex(0, 1)), "1j");
  assert.equal(pyRepr(new PyComplex(0, -0)), "-0j");
  assert.equal(pyRepr(new PyComplex(1, 2)), "(1+2j)");
  assert.equal(pyRepr(new PyComplex(0, Infinity)), "infj");
  assert.equal(pyRepr("it's"), `"it's"`);
  assert.equal(pyRepr("\ud800"), "'\\ud800'");
  assert.equal(pyRepr(PyStr.fromCodePoints([0x27, 0xd800, 0xdc00, 0x10000])), '"\'\\ud800\\udc00\u{10000}"');
  assert.equal(pyRepr(new PyBytes(new Uint8Array([0, 0x27, 0x7f, 0x80]))), 'b"\\x00\'\\x7f\\x80"');
  assert.equal(pyRepr(PY_ELLIPSIS), "Ellipsis");
  assert.equal(pyRepr(12345678901234567890123n), "12345678901234567890123");
});

test("reprLimitError matches CPython's int repr limit", async (t) => {
  const values = [10n ** 4299n, 10n ** 4300n - 1n, 10n ** 4300n, -(10n ** 4300n), -(10n ** 4300n) + 1n, 2n ** 14340n, 2n ** 14400n, 0n, 5n];
  const program = `
import json
def ask(s):
    try:
        repr(int(s, 16))
        return None
    except ValueError as e:
        return str(e)
json.dumps([ask(s) for s in json.loads(INPUT)])
`;
  const expected = (await askPython(
    "repr-limit",
    program,
    values.map((v) => (v < 0n ? "-" + (-v).toString(16) : v.toString(16))),
  )) as (string | null)[];
  assert.deepEqual(values.map(reprLimitError), expected);
  t.diagnostic(`repr limit: ${values.length}/${values.length} agree`);
});
