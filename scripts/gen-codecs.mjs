// Generates src/core/generated/codecs.ts: the source encodings CPython 3.14 (Pyodide) accepts in a
// PEP 263 declaration, how each name resolves (encodings.aliases + module names), and for each
// single-byte codec the runtime TextDecoder label it agrees with plus the bytes where it does not.
//
// Usage: node scripts/gen-codecs.mjs [--check]   (--check: exit 1 if the committed file differs)
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const OUT = path.join(ROOT, "src/core/generated/codecs.ts");

// WHATWG single-byte encodings (every conforming TextDecoder has them; one UTF-16 unit per byte).
const WEB_LABELS = [
  "ibm866",
  "iso-8859-2",
  "iso-8859-3",
  "iso-8859-4",
  "iso-8859-5",
  "iso-8859-6",
  "iso-8859-7",
  "iso-8859-8",
  "iso-8859-10",
  "iso-8859-13",
  "iso-8859-14",
  "iso-8859-15",
  "iso-8859-16",
  "koi8-r",
  "koi8-u",
  "macintosh",
  "windows-874",
  "windows-1250",
  "windows-1251",
  "windows-1252",
  "windows-1253",
  "windows-1254",
  "windows-1255",
  "windows-1256",
  "windows-1257",
  "windows-1258",
  "x-mac-cyrillic",
];

// Python multi-byte codecs and the WHATWG decoder each is compared with. A codec is decoded through
// that TextDecoder when Python's codec differs from it in at most MB_BUDGET sequences it accepts
// (those become overrides); the sequences only the web decoder accepts become reject ranges.
const MB_CANDIDATES = {
  shift_jis: "shift_jis",
  cp932: "shift_jis",
  shift_jis_2004: "shift_jis",
  shift_jisx0213: "shift_jis",
  euc_jp: "euc-jp",
  euc_jis_2004: "euc-jp",
  euc_jisx0213: "euc-jp",
  gb2312: "gbk",
  gbk: "gbk",
  gb18030: "gb18030",
  big5: "big5",
  cp950: "big5",
  big5hkscs: "big5",
  euc_kr: "euc-kr",
  cp949: "euc-kr",
  johab: "euc-kr",
};
const MB_BUDGET = 1000;

// Codecs with no table of their own that quarry decodes by algorithm: cp949 and johab from
// euc_kr's KS X 1001 table (src/core/korean.ts), the stateful ones in src/core/stateful.ts, the
// escape ones in src/core/escape-codecs.ts.
const DERIVED = {
  cp949: "multibyte",
  johab: "multibyte",
  hz: "stateful",
  utf_7: "stateful",
  iso2022_kr: "stateful",
  iso2022_jp: "stateful",
  iso2022_jp_1: "stateful",
  iso2022_jp_2: "stateful",
  iso2022_jp_ext: "stateful",
  unicode_escape: "escape",
  raw_unicode_escape: "escape",
};

// Every 1-byte sequence, every 2-byte one with a lead >= 0x80, and for the EUC-JP family every
// 0x8F a b with a, b >= 0x80 (3-byte JIS X 0212): Python's decode of each, or null if it raises.
// Python also rejects 0x8F followed by a byte < 0x80 (asserted), so those need no table.
const MB_PY = String.raw`
import codecs, json

def mb_codes(codec):
    codes = list(range(256)) + [(a << 8) | t for a in range(0x80, 0x100) for t in range(256)]
    if codec.startswith("euc_j"):
        codes += [0x8f0000 | (a << 8) | t for a in range(0x80, 0x100) for t in range(0x80, 0x100)]
    return codes

def mb_bytes(code):
    n = 1 if code < 0x100 else 2 if code < 0x10000 else 3
    return code.to_bytes(n, "big")

def mb_table(codec):
    out = []
    for code in mb_codes(codec):
        try:
            out.append(mb_bytes(code).decode(codec))
        except UnicodeDecodeError:
            out.append(None)
    if codec.startswith("euc_j"):
        for a in range(256):
            for t in range(256):
                if a < 0x80 or t < 0x80:
                    try:
                        bytes([0x8f, a, t]).decode(codec)
                    except UnicodeDecodeError:
                        continue
                    raise Exception("0x8f with a byte < 0x80 decodes: " + codec)
    # What Python needs after each byte before it can tell (REQUIRE_INBUF): 1, or 2 for a lead,
    # 3 for EUC-JP 0x8F; with less left: "incomplete multibyte sequence".
    need = []
    for c in range(256):
        n = 1
        for k in (1, 2):
            try:
                bytes([c] + [0xa1] * (k - 1)).decode(codec)
            except UnicodeDecodeError as e:
                if e.reason == "incomplete multibyte sequence":
                    n = k + 1
        need.append(n)
    return json.dumps({"codes": mb_codes(codec), "py": out, "need": need, "name": codecs.lookup(codec).name})

def gb4_table():
    out = []
    for a in range(0x81, 0xff):
        for b in range(0x30, 0x3a):
            for c in range(0x81, 0xff):
                for d in range(0x30, 0x3a):
                    try:
                        out.append(bytes([a, b, c, d]).decode("gb18030"))
                    except UnicodeDecodeError as e:
                        if (e.start, e.end, e.reason) != (0, 1, "illegal multibyte sequence"):
                            raise
                        out.append(None)
    return json.dumps(out)
`;

/** mb_codes in JS: the sequences compared for a codec, as big-endian numbers. */
function mbCodes(name) {
  const codes = [];
  for (let c = 0; c < 256; c++) codes.push(c);
  for (let a = 0x80; a < 0x100; a++) for (let t = 0; t < 256; t++) codes.push((a << 8) | t);
  if (name.startsWith("euc_j")) for (let a = 0x80; a < 0x100; a++) for (let t = 0x80; t < 0x100; t++) codes.push(0x8f0000 | (a << 8) | t);
  return codes;
}

/** The web's answers for gb18030's 4-byte sequences, in gb4_table's order. */
function web4() {
  const d4 = new TextDecoder("gb18030", { fatal: true });
  const out = [];
  const buf = new Uint8Array(4);
  for (let a = 0x81; a < 0xff; a++)
    for (let b = 0x30; b < 0x3a; b++)
      for (let c = 0x81; c < 0xff; c++)
        for (let d = 0x30; d < 0x3a; d++) {
          buf[0] = a;
          buf[1] = b;
          buf[2] = c;
          buf[3] = d;
          let w = null;
          try {
            w = d4.decode(buf);
          } catch {
            /* rejected */
          }
          out.push(w);
        }
  return out;
}

// Pyodide's answers are costly (about 15 s), so what they yield is cached under .cache/codecs-mb/,
// keyed by this script and the Pyodide version, and valid while the web decoders give the same
// answers (their checksums are stored with it).
async function introspect() {
  const pyodideVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/pyodide/package.json"), "utf8")).version;
  const key = createHash("sha256")
    .update(fs.readFileSync(new URL(import.meta.url), "utf8") + "\0" + pyodideVersion)
    .digest("hex")
    .slice(0, 32);
  const cacheFile = path.join(ROOT, ".cache", "codecs-mb", `${key}.json`);
  const web = {};
  const sums = {};
  // About 2 million decode calls, a third of which throw: without a stack trace to capture for
  // each rejection they cost a third less.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let w4;
  try {
    for (const [name, label] of Object.entries(MB_CANDIDATES)) {
      web[name] = webMb(label, mbCodes(name));
      sums[name] = fnvMb(web[name]);
    }
    w4 = web4();
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
  sums.gb18030_4 = fnvMb(w4);
  if (fs.existsSync(cacheFile)) {
    const cached = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
    if (JSON.stringify(cached.sums) === JSON.stringify(sums)) return cached;
  }
  const py = await loadPyodide();
  py.runPython(MB_PY);
  const py4 = JSON.parse(py.runPython("gb4_table()"));
  const gb4 = {};
  let k = 0;
  for (let a = 0x81; a < 0xff; a++)
    for (let b = 0x30; b < 0x3a; b++)
      for (let c = 0x81; c < 0xff; c++)
        for (let d = 0x30; d < 0x3a; d++) {
          if (w4[k] !== py4[k]) gb4[((a << 24) | (b << 16) | (c << 8) | d) >>> 0] = py4[k];
          k++;
        }
  const mb = {};
  for (const name of Object.keys(MB_CANDIDATES)) {
    const m = JSON.parse(py.runPython(`mb_table(${JSON.stringify(name)})`));
    if (m.name !== name) throw new Error(`${name}: codec name ${m.name}`);
    mb[name] = multiByte(name, m, gb4, web[name]);
  }
  const out = { sums, mb, ...introspectModules(py) };
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  fs.writeFileSync(cacheFile + ".tmp", JSON.stringify(out));
  fs.renameSync(cacheFile + ".tmp", cacheFile);
  return out;
}

function introspectModules(py) {
  return JSON.parse(
    py.runPython(`
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
    elif m.startswith(("utf_16", "utf_32")):
        kind = "wide"  # src/core/wide.ts
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
`),
  );
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
    const esc =
      c < 0x20 ||
      (c >= 0x7f && c <= 0xa0) ||
      c === 0x22 ||
      c === 0x5c ||
      c === 0xad ||
      c === 0x2028 ||
      c === 0x2029 ||
      c >= 0xfff0 ||
      (c >= 0xd800 && c <= 0xdfff) ||
      (c >= 0xfe00 && c <= 0xfe0f) ||
      c === 0x200b ||
      c === 0x200c ||
      c === 0x200d ||
      c === 0x200e ||
      c === 0x200f ||
      c === 0x061c;
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

/** What this runtime's TextDecoder(label, fatal) makes of each code (mb_codes order), null if it throws. */
function webMb(label, codes) {
  const d = new TextDecoder(label, { fatal: true });
  return codes.map((code) => {
    const n = code < 0x100 ? 1 : code < 0x10000 ? 2 : 3;
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = (code >>> (8 * (n - 1 - i))) & 0xff;
    try {
      return d.decode(b);
    } catch {
      return null;
    }
  });
}

/** FNV-1a over the web answers: each one's code units then U+FFFF, or U+FFFF twice for null (src/core/codecs.ts computes the same). */
function fnvMb(answers) {
  let h = 0x811c9dc5;
  for (const a of answers) {
    if (a === null) h = Math.imul(h ^ 0xffff, 0x01000193) >>> 0;
    else for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ 0xffff, 0x01000193) >>> 0;
  }
  return h;
}

/** The multi-byte entry for a codec, or null when Python's codec differs from the web's too much. */
function multiByte(name, m, gb4, web) {
  const label = MB_CANDIDATES[name];
  const reject = [];
  const map = {};
  let overrides = 0;
  for (let i = 0; i < m.codes.length; i++) {
    const p = m.py[i],
      w = web[i],
      code = m.codes[i];
    // A byte Python decodes alone is never read as a lead: the sequences it starts do not matter.
    if (p === w || (code >= 0x100 && code < 0x10000 && m.py[code >> 8] !== null)) continue;
    if (p === null) {
      const last = reject.length - 2;
      if (last >= 0 && reject[last + 1] === code - 1) reject[last + 1] = code;
      else reject.push(code, code);
    } else {
      map[code] = p;
      overrides++;
    }
  }
  if (overrides > MB_BUDGET) return null;
  return { label, sum: fnvMb(web), need: m.need.join(""), reject, map, map4: name === "gb18030" ? gb4 : null };
}

function render({ version, aliases, modules, mb }) {
  // Only labels this runtime's TextDecoder knows (Node's ICU has no iso-8859-16, for one).
  const web = new Map();
  for (const l of WEB_LABELS) {
    try {
      web.set(l, webTable(l));
    } catch {
      /* not decodable here: such codecs get a full table */
    }
  }
  const names = Object.keys(modules);
  const lines = [];
  const mbLines = [];
  let webCount = 0;
  for (const name of names) {
    const m = modules[name];
    if (m.kind === "unsupported" && name in DERIVED) {
      lines.push(`  ${name}: ${JSON.stringify(DERIVED[name])},`);
      continue;
    }
    if (m.kind === "unsupported" && name in mb) {
      const e = mb[name];
      if (e !== null) {
        mbLines.push(`  ${name}: ${JSON.stringify(e)},`);
        lines.push(`  ${name}: "multibyte",`);
        continue;
      }
    }
    if (m.kind !== "table") {
      lines.push(`  ${name}: ${JSON.stringify(m.kind)},`);
      continue;
    }
    const t = m.table;
    if (t.length !== 256 || t.some((c) => c > 0xffff)) throw new Error(`${name}: unexpected table`);
    // The WHATWG encoding that agrees on the most bytes; a Python-undefined byte (U+FFFE) is a
    // difference too, since the web decoder maps every byte to something.
    let best = null,
      bestDiff = 257;
    for (const [label, w] of web) {
      let diff = 0;
      for (let i = 0; i < 256; i++) if (w[i] !== t[i]) diff++;
      if (diff < bestDiff) {
        best = label;
        bestDiff = diff;
      }
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
  const aliasText = aliases
    .filter(([, mod]) => mod in modules)
    .map(([a, mod]) => `${a}=${mod}`)
    .join(" ");
  const text =
    `// GENERATED by scripts/gen-codecs.mjs from CPython ${version} (Pyodide) and the WHATWG single-byte\n` +
    `// decoders: do not edit. test/core/codecs.test.ts checks that it is fresh.\n\n` +
    `/**\n * How CPython decodes a source under each codec module of \`encodings\`: a kind, or for a codec\n` +
    ` * with a decoding table either [WHATWG label, overrides] (overrides: pairs of byte and code unit\n` +
    ` * where Python's table differs from that TextDecoder; U+FFFE = undefined in Python), or the table\n` +
    ` * itself (256 code units, or the 128 for bytes 0x80-0xFF when the rest is ASCII).\n */\n` +
    `export const CODEC_MODULES: Readonly<Record<string, string | readonly [string, number, string]>> = {\n${lines.join("\n")}\n};\n\n` +
    "/**\n * The multi-byte codecs decoded through a WHATWG TextDecoder: its label; the checksum of what it\n" +
    " * gives for every 1-byte, 2-byte (lead >= 0x80) and EUC-JP 3-byte (0x8F, two bytes >= 0x80)\n" +
    " * sequence; per byte, how many bytes Python's decoder reads before it can tell (fewer left:\n" +
    ' * "incomplete multibyte sequence"); ranges [first, last] of sequences (as big-endian numbers)\n' +
    " * that Python rejects and the web accepts; Python's text where it differs; and for gb18030\n" +
    " * the 4-byte sequences where Python differs (null there: Python rejects it).\n */\n" +
    "export const CODEC_MULTIBYTE: Readonly<Record<string, MultiByteEntry>> = {\n" +
    mbLines.join("\n") +
    "\n};\n\n" +
    "/** One multi-byte codec (see CODEC_MULTIBYTE). */\n" +
    "export interface MultiByteEntry {\n  readonly label: string;\n  readonly sum: number;\n  readonly need: string;\n" +
    "  readonly reject: readonly number[];\n  readonly map: Readonly<Record<string, string>>;\n" +
    "  readonly map4: Readonly<Record<string, string | null>> | null;\n}\n\n" +
    `/** encodings.aliases.aliases for those modules: "alias=module" separated by spaces. */\n` +
    `export const CODEC_ALIASES = ${JSON.stringify(aliasText)};\n`;
  return {
    text,
    summary: `${names.length} codec modules (${webCount} single-byte via TextDecoder, ${mbLines.length} multi-byte), ${aliases.length} aliases`,
  };
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
