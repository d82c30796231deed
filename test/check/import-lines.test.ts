// The import lines captured at extraction (src/check/extract/import-lines.ts) are exactly the lines
// of the whole decoded file, split as the reports always split it: crafted and random bytes, and
// every import line of the stdlib corpus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureImportLines } from "../../src/check/extract/import-lines.js";
import { extractImports, type ExtractResult } from "../../src/check/extract/imports.js";
import { decodeUtf8 } from "../../src/check/host.js";
import { stdlibFiles } from "../support/corpus.js";

// An extraction whose imported names sit on `lines` (in that order).
function namesOn(lines: number[]): ExtractResult {
  const names = lines.map((line) => ({ name: "m", asname: null, line, col: 0 }));
  const imp = { kind: "import" as const, module: null, level: 0, names, line: 1, endLine: 1, scope: "module" as const };
  return { imports: [{ ...imp, typeChecking: false, typeCheckingElse: false }], directives: [], strings: [], django: [], error: null };
}

// What the reports quoted before lines were captured: the whole file decoded, then split.
function expected(bytes: Uint8Array, wanted: number[]): Record<string, string> {
  const all = decodeUtf8(bytes).split(/\r\n|\r|\n/);
  const out: Record<string, string> = {};
  for (const l of wanted) if (l >= 1 && l <= all.length) out[String(l - 1)] = all[l - 1]!;
  return out;
}

const asRecord = (a: readonly string[]) => Object.fromEntries(Object.entries(a));

const bytesOf = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

test("captured lines: line ends, BOMs, bad UTF-8, non-ASCII, lines past the end", () => {
  const BOM = [0xef, 0xbb, 0xbf];
  const cases: Uint8Array[] = [
    bytesOf(""),
    bytesOf("\n"),
    bytesOf("import a"),
    bytesOf("import a\r\nimport b\rimport c\nimport d\r\n"),
    bytesOf("\r\r\n\n\r"),
    bytesOf(BOM, "import a\nimport b\n"),
    bytesOf(BOM, BOM, "import a\n"),
    bytesOf([0xef, 0xbb], "\nimport a\n"),
    bytesOf("x = 1\n", BOM, "import a\n"), // U+FEFF at the start of a later line is kept
    bytesOf([0xff, 0xfe], "\n", [0xc3], "\n", [0xe2, 0x82], "\rimport a\n", [0x80]),
    bytesOf("from é import ü  # ☃\n"),
    bytesOf("import " + "a".repeat(600) + "\nimport b\n"),
  ];
  const wanted = [3, 1, 2, 2, 4, 5, 6, 0, 9];
  for (const bytes of cases) assert.deepEqual(asRecord(captureImportLines(namesOn(wanted), bytes)), expected(bytes, wanted), String(bytes));
});

test("captured lines: random bytes from an alphabet of line ends, BOM parts and UTF-8 fragments", () => {
  let s = 12345;
  const rand = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const alphabet = [0x0a, 0x0d, 0x61, 0x20, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xff, 0x80];
  for (let i = 0; i < 3000; i++) {
    const bytes = Uint8Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]!);
    const wanted = Array.from({ length: 1 + rand(6) }, () => rand(12));
    assert.deepEqual(asRecord(captureImportLines(namesOn(wanted), bytes)), expected(bytes, wanted), String(bytes));
  }
});

test("captured lines: every import line of the stdlib corpus", () => {
  let lines = 0;
  for (const f of stdlibFiles()) {
    const data = extractImports(f.bytes, f.name, { mode: "fast" });
    const wanted = data.imports.flatMap((i) => i.names.map((n) => n.line));
    const got = asRecord(captureImportLines(data, f.bytes));
    assert.deepEqual(got, expected(f.bytes, wanted), f.name);
    lines += Object.keys(got).length;
  }
  assert.ok(lines > 3000, `${lines} lines`);
});
