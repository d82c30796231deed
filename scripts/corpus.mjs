#!/usr/bin/env node
// Debugging helper for the conformance corpus and the CPython oracle (run `npm run build` first).
//   node scripts/corpus.mjs list                   names and sizes of the 559 stdlib .py files
//   node scripts/corpus.mjs cat NAME               print one stdlib file (e.g. json/decoder.py)
//   node scripts/corpus.mjs extract DIR            write every stdlib file under DIR
//   node scripts/corpus.mjs oracle FILE|NAME [--indent]   CPython 3.14's answer for a file (cached)
//   node scripts/corpus.mjs diff FILE|NAME         CPython's dump vs quarry's, first difference
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";

const dist = new URL("../dist/test/support/", import.meta.url);
const { stdlibFiles } = await import(new URL("corpus.js", dist).href);
const { askOracle } = await import(new URL("oracle.js", dist).href);
const { judge, loadQuarry } = await import(new URL("quarry.js", dist).href);

function source(arg) {
  if (existsSync(arg)) return new Uint8Array(readFileSync(arg));
  const f = stdlibFiles().find((x) => x.name === arg || x.name.endsWith("/" + arg));
  if (!f) throw new Error(`no file or stdlib entry named ${arg}`);
  return f.bytes;
}

const [cmd, arg, flag] = process.argv.slice(2);
switch (cmd) {
  case "list":
    for (const f of stdlibFiles()) console.log(`${String(f.bytes.length).padStart(8)}  ${f.name}`);
    break;
  case "cat":
    process.stdout.write(source(arg));
    break;
  case "extract":
    for (const f of stdlibFiles()) {
      const p = join(arg, f.name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.bytes);
    }
    console.log(`wrote ${stdlibFiles().length} files under ${arg}`);
    break;
  case "oracle": {
    const [a] = await askOracle([source(arg)], { variants: flag === "--indent" });
    console.log(
      a.ok
        ? flag === "--indent"
          ? a.dumpIndent
          : a.dump
        : `${a.cls}: ${a.msg} (line ${a.lineno}, offset ${a.offset}, end ${a.end_lineno}:${a.end_offset})`,
    );
    break;
  }
  case "diff": {
    const bytes = source(arg);
    const [a] = await askOracle([bytes]);
    const q = await loadQuarry();
    if (q.error) throw new Error(q.error);
    const v = judge(q.api, bytes, a);
    console.log(v.detail === "" ? "agree" : (v.agree ? "class and position agree; " : "") + v.detail);
    break;
  }
  default:
    console.error("usage: node scripts/corpus.mjs list | cat NAME | extract DIR | oracle FILE|NAME [--indent] | diff FILE|NAME");
    process.exit(2);
}
