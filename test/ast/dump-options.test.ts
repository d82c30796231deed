// ast.dump's annotate_fields and show_empty, against CPython 3.14 (Pyodide, cached): every grammar
// fixture and a sample of the stdlib corpus, under each combination of the two with and without an
// indent and attributes, must dump byte-identically.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dump, type DumpOptions } from "../../src/ast/dump.js";
import { parse } from "../../src/parser/parse.js";
import { listFixtures } from "../support/fixtures.js";
import { stdlibFiles } from "../support/corpus.js";
import { cachedBatch } from "../support/cached-batch.js";
import { firstDiff } from "../tokenizer/oracle.js";

const PY = String.raw`
import ast as _ast, json as _json, warnings as _warnings
_warnings.simplefilter("ignore")

def dump_with_options(item):
    head, src = bytes(item).split(b"\0", 1)
    o = _json.loads(head)
    try:
        tree = _ast.parse(src)
    except SyntaxError:
        return None
    return _ast.dump(tree, annotate_fields=o["annotateFields"], include_attributes=o["includeAttributes"], indent=o["indent"], show_empty=o["showEmpty"])
`;

interface Combo {
  annotateFields: boolean;
  showEmpty: boolean;
  includeAttributes: boolean;
  indent: number | string | null;
}

const COMBOS: Combo[] = [];
for (const annotateFields of [false, true])
  for (const showEmpty of [false, true])
    for (const indent of [null, 2])
      if (annotateFields === false || showEmpty) COMBOS.push({ annotateFields, showEmpty, includeAttributes: false, indent });
COMBOS.push({ annotateFields: false, showEmpty: true, includeAttributes: true, indent: "\t" });
COMBOS.push({ annotateFields: false, showEmpty: false, includeAttributes: true, indent: null });

function options(c: Combo): DumpOptions {
  return {
    annotateFields: c.annotateFields,
    showEmpty: c.showEmpty,
    includeAttributes: c.includeAttributes,
    ...(c.indent === null ? {} : { indent: c.indent }),
  };
}

async function check(sources: { name: string; bytes: Uint8Array }[]): Promise<number> {
  const enc = new TextEncoder();
  const items: Uint8Array[] = [];
  const which: [number, Combo][] = [];
  sources.forEach((s, i) => {
    for (const c of COMBOS) {
      const head = enc.encode(JSON.stringify(c) + "\0");
      const item = new Uint8Array(head.length + s.bytes.length);
      item.set(head);
      item.set(s.bytes, head.length);
      items.push(item);
      which.push([i, c]);
    }
  });
  const want = await cachedBatch<string | null>("dump-options", PY, "dump_with_options", items);
  let compared = 0;
  for (let k = 0; k < items.length; k++) {
    const [i, c] = which[k]!;
    const w = want[k]!;
    const { tree, error } = parse(sources[i]!.bytes);
    if (w === null) {
      assert.notEqual(error, null, `${sources[i]!.name}: CPython rejects it, quarry accepts it`);
      continue;
    }
    assert.equal(error, null, `${sources[i]!.name}: ${error?.msg}`);
    const got = dump(tree, options(c));
    if (got !== w) assert.fail(`${sources[i]!.name} ${JSON.stringify(c)}: ${firstDiff(got, w)}`);
    compared++;
  }
  return compared;
}

test("dump with annotate_fields and show_empty matches CPython on every grammar fixture", async () => {
  const n = await check(listFixtures("ok").map((f) => ({ name: f.rel, bytes: f.bytes })));
  console.log(`dump options: ${n} fixture dumps identical`);
  assert.ok(n > 0);
});

test("dump with annotate_fields and show_empty matches CPython on a sample of the stdlib", async () => {
  const files = stdlibFiles().filter((_, i) => i % 20 === 0);
  const n = await check(files.map((f) => ({ name: f.name, bytes: f.bytes })));
  console.log(`dump options: ${n} stdlib dumps identical (${files.length} files)`);
  assert.ok(n > 0);
});

test("annotate_fields=False holds back empty lists until a later field prints, and names fields after a left-out None", () => {
  const { tree } = parse("def f(): return\nclass C: pass\n");
  assert.equal(
    dump(tree, { annotateFields: false }),
    "Module([FunctionDef('f', arguments(), [Return()]), ClassDef('C', [], [], [Pass()])])",
  );
  assert.equal(
    dump(tree, { annotateFields: false, showEmpty: true }),
    "Module([FunctionDef('f', arguments([], [], kwonlyargs=[], kw_defaults=[], defaults=[]), [Return()], [], type_params=[]), ClassDef('C', [], [], [Pass()], [], [])], [])",
  );
});
