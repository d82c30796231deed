// Generates src/core/generated/codecs.ts: the source encodings CPython 3.14 (Pyodide) accepts in a
// PEP 263 declaration, how each name resolves (encodings.aliases + module names), and for each
// single-byte codec the runtime TextDecoder label it agrees with plus the bytes where it does not.
//
// Usage: node scripts/gen-codecs.mjs [--check]   (--check: exit 1 if the committed file differs)
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const OUT = path.join(ROOT, "src/core/generated/codecs.ts");

// WHATWG single-byte encodings (every conforming TextDecoder has them; one UTF-16 unit per byte).
const WEB_LABELS = [
  "ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7", "iso-8859-8",
  "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u", "macintosh",
  "windows-874", "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254", "windows-1255",
  "windows-1256", "windows-1257", "windows-1258", "x-mac-cyrillic",
];

async function introspect() {
  const py = await loadPyodide();
  return JSON.parse(py.runPython(`
import encodings, encodings.aliases, pkgutil, importlib, codecs, json, sys
mods = {}
for m in sorted(x.name for x in pkgutil.iter_modules(encodings.__path__)):
    try:
        mod = importlib.import_module("encodings." + m)
    except ImportError:
        continue
    if not hasattr(mod, "getregentry"):
        continue
    info = mod.getregentry()
    if m in ("ascii", "latin_1", "utf_8", "undefined"):
        kind = m
    elif m == "utf_8_sig":
        kind = "utf_8"  # the BOM it would strip is gone already (a BOM with a cookie is an error)
    elif m == "charmap":
        kind = "latin_1"  # charmap_decode without a table is Latin-1
    elif not getattr(info, "_is_text_encoding", True):
        kind = "nottext"
    elif getattr(mod, "decoding_table", None) is not None:
        kind = "table"
    else:
        kind = "unsupported"
    entry = {"kind": kind}
    if kind == "table":
        entry["table"] = [ord(c) for c in mod.decoding_table]
    mods[m] = entry
json.dumps({"version": sys.version.split()[0], "aliases": sorted(encodings.aliases.aliases.items()), "modules": mods})
`));
}

function webTable(label) {
  const d = new TextDecoder(label);
  const all = new Uint8Array(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  const s = d.decode(all);
  if (s.length !== 256) throw new Error(`${label}: not one unit per byte`);
  return Array.from(s, (c) => c.charCodeAt(0));
}

// A string literal holding code units exactly: controls, quotes, backslash, soft hyphen, the
// line separators, U+FFFE and surrogates escaped; other characters written as themselves.
function lit(codes) {
  let s = "";
  for (const c of codes) {
    const esc = c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0x22 || c === 0x5c || c === 0xad ||
      c === 0x2028 || c === 0x2029 || c >= 0xfff0 || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xfe00 && c <= 0xfe0f) || c === 0x200b || c === 0x200c || c === 0x200d || c === 0x200e || c === 0x200f || c === 0x061c;
    s += esc ? "\\u" + c.toString(16).padStart(4, "0") : String.fromCharCode(c);
  }
  return `"${s}"`;
}

/** FNV-1a over the code units (src/core/codecs.ts computes the same at run time). */
function fnv(units) {
  let h = 0x811c9dc5;
  for (const u of units) h = Math.imul(h ^ u, 0x01000193) >>> 0;
  return h;
}

function render({ version, aliases, modules }) {
  // Only labels this runtime's TextDecoder knows (Node's ICU has no iso-8859-16, for one).
  const web = new Map();
  for (const l of WEB_LABELS) {
    try { web.set(l, webTable(l)); } catch { /* not decodable here: such codecs get a full table */ }
  }
  const names = Object.keys(modules);
  const lines = [];
  let webCount = 0;
  for (const name of names) {
    const m = modules[name];
    if (m.kind !== "table") {
      lines.push(`  ${name}: ${JSON.stringify(m.kind)},`);
      continue;
    }
    const t = m.table;
    if (t.length !== 256 || t.some((c) => c > 0xffff)) throw new Error(`${name}: unexpected table`);
    // The WHATWG encoding that agrees on the most bytes; a Python-undefined byte (U+FFFE) is a
    // difference too, since the web decoder maps every byte to something.
    let best = null, bestDiff = 257;
    for (const [label, w] of web) {
      let diff = 0;
      for (let i = 0; i < 256; i++) if (w[i] !== t[i]) diff++;
      if (diff < bestDiff) { best = label; bestDiff = diff; }
    }
    if (bestDiff <= 32) {
      const w = web.get(best);
      const diffs = [];
      for (let i = 0; i < 256; i++) if (w[i] !== t[i]) diffs.push(i, t[i]);
      // The checksum of what TextDecoder gave here: a runtime whose decoder differs is caught.
      lines.push(`  ${name}: [${JSON.stringify(best)}, ${fnv(w)}, ${lit(diffs)}],`);
      webCount++;
    } else {
      // No web twin: the whole table (the upper half when the lower is ASCII).
      const asciiLow = t.slice(0, 128).every((c, i) => c === i);
      lines.push(`  ${name}: ${lit(asciiLow ? t.slice(128) : t)},`);
    }
  }
  const aliasText = aliases.filter(([, mod]) => mod in modules).map(([a, mod]) => `${a}=${mod}`).join(" ");
  const text =
    `// GENERATED by scripts/gen-codecs.mjs from CPython ${version} (Pyodide) and the WHATWG single-byte\n` +
    `// decoders: do not edit. test/core/codecs.test.ts checks that it is fresh.\n\n` +
    `/**\n * How CPython decodes a source under each codec module of \`encodings\`: a kind, or for a codec\n` +
    ` * with a decoding table either [WHATWG label, overrides] (overrides: pairs of byte and code unit\n` +
    ` * where Python's table differs from that TextDecoder; U+FFFE = undefined in Python), or the table\n` +
    ` * itself (256 code units, or the 128 for bytes 0x80-0xFF when the rest is ASCII).\n */\n` +
    `export const CODEC_MODULES: Readonly<Record<string, string | readonly [string, number, string]>> = {\n${lines.join("\n")}\n};\n\n` +
    `/** encodings.aliases.aliases for those modules: "alias=module" separated by spaces. */\n` +
    `export const CODEC_ALIASES = ${JSON.stringify(aliasText)};\n`;
  return { text, summary: `${names.length} codec modules (${webCount} single-byte via TextDecoder), ${aliases.length} aliases` };
}

const { text, summary } = render(await introspect());
if (process.argv.includes("--check")) {
  const old = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
  if (old !== text) {
    console.log(`${path.relative(ROOT, OUT)} is stale: run node scripts/gen-codecs.mjs`);
    process.exit(1);
  }
  console.log("codecs up to date");
} else {
  fs.writeFileSync(OUT, text);
  console.log(`${path.relative(ROOT, OUT)}: ${summary}, ${text.length} bytes`);
}
