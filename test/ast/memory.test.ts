// Memory of finished trees, counted deterministically from Tree.byteSize() (typed-array lengths
// and table payloads; the source the tree reads identifiers and plain literals from is the
// caller's and not counted). Issue 3's bar: every corpus file at most 24 bytes per CPython node,
// and the whole corpus at most twice its source bytes. A layout change that bloats the tree fails
// here, not as a timing. Small trees share slabs (Tree.compact): a keep-all workload retains
// a bounded share more than their bytes, which is tested here too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dump, parse } from "../../src/index.js";
import { stdlibFiles } from "../support/corpus.js";
import { SLAB_BYTES, SLAB_TREE_MAX, type Tree } from "../../src/ast/tree.js";

const MAX_FILE_BYTES_PER_NODE = 24;
const MAX_SOURCE_RATIO = 2;
// Below the bar, a ratchet at today's corpus average (14.76) so that a regression shows up
// before it reaches the bar.
const MAX_AVERAGE_BYTES_PER_NODE = 14.8;

test("memory: every corpus file <= 24 bytes per node, the corpus <= 2x its source", (t) => {
  let src = 0;
  let bytes = 0;
  let nodes = 0;
  let worst = 0;
  let worstName = "";
  const over: string[] = [];
  for (const f of stdlibFiles()) {
    const { tree, error } = parse(f.bytes);
    assert.equal(error, null, f.name);
    const b = tree.byteSize();
    const n = tree.nodeCount;
    src += f.bytes.length;
    bytes += b;
    nodes += n;
    const per = b / n;
    if (per > worst) {
      worst = per;
      worstName = f.name;
    }
    if (per > MAX_FILE_BYTES_PER_NODE) over.push(`${f.name} (${per.toFixed(2)})`);
  }
  const perNode = bytes / nodes;
  const ratio = bytes / src;
  t.diagnostic(`memory: average ${perNode.toFixed(2)} bytes/node, max ${worst.toFixed(2)} (${worstName}), ${ratio.toFixed(3)}x source`);
  assert.deepEqual(over, [], `files above ${MAX_FILE_BYTES_PER_NODE} bytes/node`);
  assert.ok(ratio <= MAX_SOURCE_RATIO, `tree/source ${ratio.toFixed(3)} > ${MAX_SOURCE_RATIO}`);
  assert.ok(perNode <= MAX_AVERAGE_BYTES_PER_NODE, `average bytes per node ${perNode.toFixed(2)} > ${MAX_AVERAGE_BYTES_PER_NODE}`);
});

// Bytes of a compacted tree's columns, slots and lists (what compact() copies out).
function columnBytes(tree: Tree): number {
  return tree.count * 13 + (tree.slotTop + tree.listTop) * 4;
}

test("memory: a parsed tree has no spare capacity; above 2 KB it owns a buffer of exactly its size", () => {
  let large = 0;
  let small = 0;
  for (const f of stdlibFiles().slice(0, 80)) {
    const { tree } = parse(f.bytes);
    const rows = tree.count;
    assert.equal(tree.kind.length, rows, f.name);
    assert.equal(tree.start.length, rows, f.name);
    assert.equal(tree.end.length, rows, f.name);
    assert.equal(tree.base.length, rows, f.name);
    assert.equal(tree.slots.length, tree.slotTop, f.name);
    assert.equal(tree.lists.length, tree.listTop, f.name);
    // All six columns share one backing store, back to back from the start column.
    const buf = tree.kind.buffer;
    for (const col of [tree.start, tree.end, tree.base, tree.slots, tree.lists]) assert.equal(col.buffer, buf, f.name);
    assert.equal(tree.kind.byteOffset + rows - tree.start.byteOffset, columnBytes(tree), f.name);
    if (columnBytes(tree) > SLAB_TREE_MAX) {
      large++;
      assert.equal(buf.byteLength, columnBytes(tree), f.name);
      assert.equal(tree.start.byteOffset, 0, f.name);
    } else {
      small++;
      assert.equal(buf.byteLength, SLAB_BYTES, f.name);
      assert.equal(tree.start.byteOffset % 8, 0, f.name);
    }
  }
  assert.ok(large > 40 && small > 0, `${large} large and ${small} small trees`);
});

// A small module, varied per index (about 250 or 500 bytes, a tree of about 1 or 2 KB).
function tinyModule(i: number): string {
  return `"""Helpers ${i}."""\nimport os\n\ndef read_${i}(path: str, default=None) -> str:\n    if not os.path.exists(path):\n        return default or ""\n    with open(path, "rb") as f:\n        return f.read()[:${i % 997}]\n`.repeat(
    1 + (i % 2),
  );
}

test("memory: keeping every small tree retains at most 32/30 of their bytes plus two slabs", (t) => {
  const trees: Tree[] = [];
  for (let i = 0; i < 3000; i++) trees.push(parse(tinyModule(i)).tree);
  for (const f of stdlibFiles()) {
    const { tree } = parse(f.bytes);
    if (columnBytes(tree) <= SLAB_TREE_MAX) trees.push(tree);
  }
  let used = 0;
  const regions = new Map<ArrayBufferLike, [number, number][]>();
  for (const t of trees) {
    const n = columnBytes(t);
    assert.ok(n <= SLAB_TREE_MAX, `a ${n}-byte tree`);
    used += n;
    const buf = t.start.buffer;
    assert.equal(buf.byteLength, SLAB_BYTES);
    if (!regions.has(buf)) regions.set(buf, []);
    regions.get(buf)!.push([t.start.byteOffset, t.start.byteOffset + n]);
  }
  // No two trees overlap in a slab.
  for (const rs of regions.values()) {
    rs.sort((a, b) => a[0] - b[0]);
    for (let j = 1; j < rs.length; j++) assert.ok(rs[j]![0] >= rs[j - 1]![1], "overlapping regions");
  }
  // Every slab but the first (which trees parsed before this test may share) and the last (being
  // filled) holds more than SLAB_BYTES - SLAB_TREE_MAX bytes of these trees, 7 bytes of alignment
  // per tree at most.
  const retained = regions.size * SLAB_BYTES;
  t.diagnostic(`slabs: ${trees.length} small trees, ${used} bytes, ${regions.size} slabs (${(retained / used).toFixed(3)}x)`);
  const bound = ((used + 7 * trees.length) * SLAB_BYTES) / (SLAB_BYTES - SLAB_TREE_MAX) + 2 * SLAB_BYTES;
  assert.ok(retained <= bound, `${retained} bytes retained for ${used} used (bound ${bound.toFixed(0)})`);
  // And the slabs are well filled in practice: within 10% of the trees' own bytes, plus two slabs.
  assert.ok(retained <= used * 1.1 + 2 * SLAB_BYTES, `${retained} bytes retained for ${used} used`);
});

test("memory: parse(src, { compact: false }) gives the same tree, with its build headroom kept", () => {
  const f = stdlibFiles().find((x) => x.name === "ast.py")!;
  const a = parse(f.bytes);
  const b = parse(f.bytes, { compact: false });
  assert.equal(dump(b.tree, { includeAttributes: true }), dump(a.tree, { includeAttributes: true }));
  assert.equal(b.tree.byteSize(), a.tree.byteSize());
  assert.ok(b.tree.kind.length > b.tree.count, "an uncompacted tree keeps spare rows");
});
