// Seeded fuzz over the stdlib corpus: random scripts of removes, replaces (by `None`, a name or
// `pass`) and inserts on every file. Every accepted result parses, equals the input with the
// reported changes applied, and changes nothing outside the edited nodes' neighbourhood (the
// parent's lines); every refusal carries an error with a code and a message. Prints the counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/parser/parse.js";
import { applyEdits } from "../../src/edit/apply.js";
import type { Edit } from "../../src/edit/types.js";
import type { Tree } from "../../src/ast/tree.js";
import { KINDS, KIND_BASES, NodeKind as K } from "../../src/schema/generated/nodes.js";
import { FIELD_SLOT } from "../../src/ast/layout.js";
import { stdlibFiles } from "../support/corpus.js";

const SEED = 20261203;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every list item of the tree: [item, parent, field name]. */
function listItems(tree: Tree): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  for (let p = 0; p < tree.count; p++) {
    const k = tree.kind[p]!;
    KINDS[k]!.fields.forEach((f, i) => {
      if (f.category !== "node*" || FIELD_SLOT[k]![i]! < 0) return;
      for (const c of tree.listItems(tree.field(p, i))) if (c !== 0) out.push([c, p, f.name]);
    });
  }
  return out;
}

// Text of the same kind as node `id` (so that most edits can apply): a name for Store/Del
// expressions, `None` for the others, `pass` or a small block for statements, and so on.
function textLike(tree: Tree, id: number, r: () => number): string {
  const k = tree.kind[id]!;
  switch (KIND_BASES[k]) {
    case "expr": {
      const ctxField = KINDS[k]!.fields.findIndex((f) => f.category === "ctx");
      return ctxField >= 0 && tree.field(id, ctxField) !== 2 ? "fuzz_name" : "None";
    }
    case "stmt": return r() < 0.5 ? "pass" : "if fuzz_name:\n    fuzz_call()";
    case "excepthandler": return "except FuzzError:\n    pass";
    case "pattern": return "fuzz_capture";
    default: break;
  }
  switch (k) {
    case K.arg: return "fuzz_arg";
    case K.alias: return "fuzz_mod";
    case K.keyword: return "fuzz_kw=None";
    case K.withitem: return "fuzz_cm";
    case K.comprehension: return "for fuzz_name in fuzz_iter";
    case K.match_case: return "case 0:\n    pass";
    default: return "None";
  }
}

test("seeded fuzz over the stdlib: accepted edits parse and touch only their neighbourhood", () => {
  const r = rng(SEED);
  const counts = { files: 0, scripts: 0, edits: 0, applied: 0, conflicts: 0, syntax: 0, structure: 0, invalid: 0 };
  const byOp: Record<string, number> = {};
  const refusedBy: Record<string, number> = {};
  for (const file of stdlibFiles()) {
    const { tree, error } = parse(file.bytes);
    if (error !== null || tree.count < 2) continue; // an empty module has nothing to edit
    counts.files++;
    const items = listItems(tree);
    const edits: Edit[] = [];
    const n = 1 + Math.floor(r() * 3);
    for (let j = 0; j < n; j++) {
      const op = r();
      if (op < 0.35 && items.length > 0) {
        const [id] = items[Math.floor(r() * items.length)]!;
        edits.push({ op: "remove", node: id });
      } else if (op < 0.7) {
        const id = 1 + Math.floor(r() * (tree.count - 1));
        edits.push({ op: "replace", node: id, with: textLike(tree, id, r) });
      } else if (items.length > 0) {
        const [id, parent, field] = items[Math.floor(r() * items.length)]!;
        const text = tree.kind[parent] === K.arguments ? "fuzz_param=None" : tree.kind[parent] === K.Dict ? "'fuzz': None" : field === "decorator_list" ? "fuzz_deco" : textLike(tree, id, r);
        edits.push({ op: r() < 0.5 ? "insertBefore" : "insertAfter", node: id, with: text });
      }
    }
    counts.scripts++;
    counts.edits += edits.length;
    const res = applyEdits(tree, edits, { source: file.bytes });
    if (res.error !== null) {
      assert.equal(res.text, null, file.name);
      assert.match(res.error.code, /^E6\d{3}$/, file.name);
      assert.ok(res.error.message.length > 0, file.name);
      refusedBy[res.error.code] = (refusedBy[res.error.code] ?? 0) + 1;
      if (process.env["EDIT_FUZZ_VERBOSE"]) console.log(file.name, JSON.stringify(edits.map((e) => ({ ...e, kind: tree.kindName(e.op === "insert" ? e.parent : e.node) }))), res.error.message);
      if (res.error.kind === "conflict") {
        counts.conflicts++;
        assert.ok(res.conflicts.length > 0 && res.conflicts.every((c) => c.a < c.b && c.b < edits.length), file.name);
      } else if (res.error.kind === "syntax") {
        counts.syntax++;
        assert.ok(res.error.syntaxError.msg.length > 0, file.name);
      } else if (res.error.kind === "structure") counts.structure++;
      else counts.invalid++;
      continue;
    }
    counts.applied++;
    for (const e of edits) byOp[e.op] = (byOp[e.op] ?? 0) + 1;
    const text = res.text!;
    // The result parses.
    assert.equal(parse(text).error, null, `${file.name}: the result does not parse`);
    // The result is the input with exactly the reported changes.
    const src = Buffer.from(file.bytes);
    const parts: Buffer[] = [];
    let at = 0;
    for (const c of res.changes) {
      assert.ok(c.start >= at && c.end >= c.start, `${file.name}: changes overlap or go backwards`);
      parts.push(src.subarray(at, c.start), Buffer.from(c.text));
      at = c.end;
    }
    parts.push(src.subarray(at));
    assert.equal(Buffer.concat(parts).toString("utf8"), text, `${file.name}: bytes outside the changes differ`);
    // Each change stays within its edit's neighbourhood: the lines of the edited node's parent
    // (the node itself for a replace).
    for (const c of res.changes) {
      const e = edits[c.edit]!;
      const id = e.op === "insert" ? e.parent : e.node;
      const around = e.op === "replace" ? id : Math.max(0, tree.parent[id]!);
      let lo = tree.start[around]!, hi = tree.end[around]!;
      if (e.op !== "replace") {
        while (lo > 0 && file.bytes[lo - 1] !== 10) lo--; // decorators and blank lines above
        while (lo > 0 && around !== 0 && /^\s*(@|$)/.test(lineBefore(file.bytes, lo))) lo = lineStartBefore(file.bytes, lo);
        while (hi < file.bytes.length && file.bytes[hi - 1] !== 10) hi++;
      } else if (KIND_BASES[tree.kind[id]!] === "stmt") {
        lo = firstDecorator(tree, id) ?? lo;
        while (lo > 0 && file.bytes[lo - 1] !== 10) lo--;
      }
      if (around === 0) {
        lo = 0;
        hi = file.bytes.length;
      }
      assert.ok(c.start >= lo && c.end <= hi, `${file.name}: change [${c.start}, ${c.end}) of edit ${c.edit} (${e.op}) is outside [${lo}, ${hi})`);
    }
  }
  console.log(`edit fuzz (seed ${SEED}): ${JSON.stringify(counts)}; applied edits by op ${JSON.stringify(byOp)}; refusals by code ${JSON.stringify(refusedBy)}`);
  assert.ok(counts.applied > counts.files / 3, "most scripts should apply");
});

/** Start of a decorated definition's first decorator expression. */
function firstDecorator(tree: Tree, id: number): number | undefined {
  const k = tree.kind[id]!;
  const f = KINDS[k]!.fields.findIndex((x) => x.name === "decorator_list");
  if (f < 0) return undefined;
  const d = tree.listItems(tree.field(id, f));
  return d.length > 0 ? tree.start[d[0]!]! : undefined;
}

function lineStartBefore(b: Uint8Array, ls: number): number {
  let i = ls - 1;
  while (i > 0 && b[i - 1] !== 10) i--;
  return i;
}
function lineBefore(b: Uint8Array, ls: number): string {
  return Buffer.from(b.subarray(lineStartBefore(b, ls), ls)).toString("utf8");
}
