// Memory of finished trees, counted deterministically from Tree.byteSize() (typed-array lengths
// and table payloads; the source the tree reads identifiers and plain literals from is the
// caller's and not counted). Issue 3's bar: every corpus file at most 24 bytes per CPython node,
// and the whole corpus at most twice its source bytes. A layout change that bloats the tree fails
// here, not as a timing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dump, parse } from "../../src/index.js";
import { stdlibFiles } from "../support/corpus.js";

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

test("memory: a parsed tree retains exactly what byteSize counts (no spare capacity)", () => {
  for (const f of stdlibFiles().slice(0, 80)) {
    const { tree } = parse(f.bytes);
    const rows = tree.count;
    assert.equal(tree.kind.length, rows, f.name);
    assert.equal(tree.start.length, rows, f.name);
    assert.equal(tree.end.length, rows, f.name);
    assert.equal(tree.base.length, rows, f.name);
    assert.equal(tree.slots.length, tree.slotTop, f.name);
    assert.equal(tree.lists.length, tree.listTop, f.name);
    // All six columns share one backing store of exactly their total size.
    assert.equal(tree.kind.buffer, tree.slots.buffer, f.name);
    assert.equal(tree.kind.buffer.byteLength, rows * 13 + (tree.slotTop + tree.listTop) * 4, f.name);
  }
});

test("memory: parse(src, { compact: false }) gives the same tree, with its build headroom kept", () => {
  const f = stdlibFiles().find((x) => x.name === "ast.py")!;
  const a = parse(f.bytes);
  const b = parse(f.bytes, { compact: false });
  assert.equal(dump(b.tree, { includeAttributes: true }), dump(a.tree, { includeAttributes: true }));
  assert.equal(b.tree.byteSize(), a.tree.byteSize());
  assert.ok(b.tree.kind.length > b.tree.count, "an uncompacted tree keeps spare rows");
});
