// Declared source encodings against CPython 3.14 (Pyodide): every byte 0x00-0xFF under every
// single-byte codec, and every codec name and alias, parsed by quarry and by ast.parse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parse } from "../../src/parser/parse.js";
import { dump } from "../../src/ast/dump.js";
import { CODEC_ALIASES, CODEC_MODULES } from "../../src/core/generated/codecs.js";
import { codecTable, lookupCodec } from "../../src/core/codecs.js";
import { askOracle, type OracleAnswer } from "../support/oracle.js";
import { repoRoot } from "../support/corpus.js";

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

/** quarry's answer in the oracle's shape, for one comparison string. */
function ours(src: Uint8Array): string {
  const r = parse(src);
  if (r.error === null) return "OK " + dump(r.tree, { includeAttributes: true });
  const e = r.error;
  return `${e.cls}: ${e.msg} @${e.lineno},${e.offset},${e.end_lineno},${e.end_offset}`;
}
function theirs(a: OracleAnswer): string {
  if (a.ok) return "OK " + a.dump;
  return `${a.cls}: ${a.msg} @${a.lineno},${a.offset},${a.end_lineno},${a.end_offset}`;
}

const singleByte = Object.keys(CODEC_MODULES).filter((m) => {
  const k = lookupCodec(m).kind;
  return k === "table" || k === "ascii" || k === "latin_1";
});

test("src/core/generated/codecs.ts is what scripts/gen-codecs.mjs makes (gen-codecs --check)", () => {
  const root = repoRoot();
  const r = spawnSync(process.execPath, [join(root, "scripts", "gen-codecs.mjs"), "--check"], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /codecs up to date/);
});

test("every single-byte codec's table is usable in this runtime", () => {
  const missing = singleByte.filter((m) => lookupCodec(m).kind === "table" && codecTable(m) === null);
  assert.deepEqual(missing, []);
  assert.ok(singleByte.length >= 70, `only ${singleByte.length} single-byte codecs`);
});

test("every byte 0x00-0xFF under every single-byte codec decodes as CPython decodes it", async () => {
  // The byte sits in a string literal (its decoded character shows in the dump) and again after
  // a name (where an undecodable byte's error position can be seen to follow the byte).
  const sources: Uint8Array[] = [];
  const labels: string[] = [];
  for (const m of singleByte) {
    for (let b = 0; b < 256; b++) {
      const c = String.fromCharCode(b);
      sources.push(latin1(`# coding: ${m}\nx = '${c}'\ny = 1 #${c}\n`));
      labels.push(`${m} 0x${b.toString(16)}`);
    }
  }
  const answers = await askOracle(sources, { bundle: true });
  const bad: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const want = theirs(answers[i]!);
    const got = ours(sources[i]!);
    if (got !== want) bad.push(`${labels[i]}: ours ${got.slice(0, 200)} | CPython ${want.slice(0, 200)}`);
  }
  console.log(`single-byte codecs: ${sources.length - bad.length}/${sources.length} byte sources identical (${singleByte.length} codecs)`);
  assert.deepEqual(bad.slice(0, 20), []);
});

test("every codec name and alias resolves as codecs.lookup does", async () => {
  const names = new Set<string>(Object.keys(CODEC_MODULES));
  for (const pair of CODEC_ALIASES.split(" ")) names.add(pair.slice(0, pair.indexOf("=")));
  // Spelling variants: case, "-" for "_", dots, and names that are no codec.
  for (const n of [...names]) {
    names.add(n.toUpperCase());
    names.add(n.replace(/_/g, "-"));
    names.add(n.replace(/_/g, "."));
  }
  for (const n of [
    "KOI8-R",
    "Latin-9",
    "iso-8859-15",
    "iso8859.15",
    "x-mac-cyrillic",
    "windows-1251",
    "aliases",
    "mbcs",
    "oem",
    "foo",
    "utf-8-sig",
    "UTF8-SIG",
    "cp-1252",
    "cp_1252",
    "_cp1252",
    "cp1252_",
    "cp1252-x",
    "rot-13",
    "ROT13",
    "Hex",
    "base_64",
    "tis-620",
    "mac-roman",
    "MacRoman",
    "ebcdic-cp-be",
    "8859",
    "latin",
    "cp65001",
    "utf-7",
    "u7",
  ])
    names.add(n);
  const list = [...names].filter((n) => /^[A-Za-z0-9._-]+$/.test(n)).sort();
  // ASCII only, so every codec that accepts the name decodes the same text (EBCDIC aside: compared too).
  const sources = list.map((n) => latin1(`# coding: ${n}\nx = 1\n`));
  const answers = await askOracle(sources, { bundle: true });
  const bad: string[] = [];
  let unsupported = 0;
  for (let i = 0; i < list.length; i++) {
    const want = theirs(answers[i]!);
    const got = ours(sources[i]!);
    if (got === want) continue;
    // Codecs quarry does not decode must say so, never decode differently.
    if (got.includes("encoding not supported by quarry")) {
      unsupported++;
      continue;
    }
    bad.push(`${list[i]}: ours ${got.slice(0, 160)} | CPython ${want.slice(0, 160)}`);
  }
  console.log(`codec names: ${list.length - unsupported - bad.length}/${list.length} identical, ${unsupported} not supported by quarry`);
  assert.deepEqual(bad, []);
});
