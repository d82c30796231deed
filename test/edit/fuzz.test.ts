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
import { prng as rng } from "../fuzz/generate.js"; // mulberry32: seeded, so a failure replays

// EDIT_FUZZ_SEED explores other seeds; the committed seed is what the suite runs.
const SEED = Number(process.env.EDIT_FUZZ_SEED ?? 20261203);

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
    case "stmt":
      return r() < 0.5 ? "pass" : "if fuzz_name:\n    fuzz_call()";
    case "excepthandler":
      return "except FuzzError:\n    pass";
    case "pattern":
      return "fuzz_capture";
    default:
      break;
  }
  switch (k) {
    case K.arg:
      return "fuzz_arg";
    case K.alias:
      return "fuzz_mod";
    case K.keyword:
      return "fuzz_kw=None";
    case K.withitem:
      return "fuzz_cm";
    case K.comprehension:
      return "for fuzz_name in fuzz_iter";
    case K.match_case:
      return "case 0:\n    pass";
    default:
      return "None";
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
        const text =
          tree.kind[parent] === K.arguments
            ? "fuzz_param=None"
            : tree.kind[parent] === K.Dict
              ? "'fuzz': None"
              : field === "decorator_list"
                ? "fuzz_deco"
                : textLike(tree, id, r);
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
      if (process.env.EDIT_FUZZ_VERBOSE)
        console.log(
          file.name,
          JSON.stringify(edits.map((e) => ({ ...e, kind: tree.kindName(e.op === "insert" ? e.parent : e.node) }))),
          res.error.message,
        );
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
      let lo = tree.start[around]!,
        hi = tree.end[around]!;
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
      assert.ok(
        c.start >= lo && c.end <= hi,
        `${file.name}: change [${c.start}, ${c.end}) of edit ${c.edit} (${e.op}) is outside [${lo}, ${hi})`,
      );
    }
  }
  console.log(
    `edit fuzz (seed ${SEED}): ${JSON.stringify(counts)}; applied edits by op ${JSON.stringify(byOp)}; refusals by code ${JSON.stringify(refusedBy)}`,
  );
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

// ---- structure: what the edit did to the tree ----

type Json = Record<string, unknown>;
const POSITION = new Set(["lineno", "col_offset", "end_lineno", "end_col_offset"]);
function plain(t: Tree, id: number): unknown {
  return JSON.parse(JSON.stringify(t.toJSON(id), (k, v: unknown) => (POSITION.has(k) ? undefined : v)));
}

/** The field path from the root to `id`: [field, index or -1] steps. */
function pathTo(t: Tree, id: number): Array<[string, number]> {
  const steps: Array<[string, number]> = [];
  for (let c = id; c !== 0; c = t.parent[c]!) {
    const p = t.parent[c]!;
    const spec = KINDS[t.kind[p]!]!;
    let found = false;
    spec.fields.forEach((f, i) => {
      if (found) return;
      if (f.category === "node*") {
        const j = t.listItems(t.field(p, i)).indexOf(c);
        if (j >= 0) {
          steps.push([f.name, j]);
          found = true;
        }
      } else if ((f.category === "node" || f.category === "node?") && t.field(p, i) === c) {
        steps.push([f.name, -1]);
        found = true;
      }
    });
  }
  return steps.reverse();
}
function follow(t: Tree, steps: Array<[string, number]>): number {
  let id = 0;
  for (const [name, j] of steps) {
    const i = KINDS[t.kind[id]!]!.fields.findIndex((f) => f.name === name);
    id = j < 0 ? t.field(id, i) : t.listItems(t.field(id, i))[j]!;
  }
  return id;
}

const SKIP_PARENTS = new Set<number>([K.arguments, K.JoinedStr, K.TemplateStr]);

test("seeded fuzz, one edit at a time: the edited parent is the old one with exactly that change", () => {
  const r = rng(SEED + 1);
  const counts = { checked: 0, refused: 0 };
  for (const file of stdlibFiles()) {
    const { tree, error } = parse(file.bytes);
    if (error !== null || tree.count < 2) continue;
    const items = listItems(tree).filter(([, p]) => !SKIP_PARENTS.has(tree.kind[p]!));
    if (items.length === 0) continue;
    const [id, parent, field] = items[Math.floor(r() * items.length)]!;
    const pk = tree.kind[parent]!;
    const isStmt = KIND_BASES[tree.kind[id]!] === "stmt";
    let expected = plain(tree, parent) as Json;
    const list = expected[field] as unknown[];
    const j = tree
      .listItems(
        tree.field(
          parent,
          KINDS[pk]!.fields.findIndex((f) => f.name === field),
        ),
      )
      .indexOf(id);
    const roll = r();
    let edit: Edit;
    if (roll < 0.4) {
      edit = { op: "remove", node: id };
      if (pk === K.If && field === "orelse" && tree.source[tree.start[id]!] === 0x65) continue; // elif: its clauses move up
      if (pk === K.Dict || pk === K.MatchMapping) {
        (expected.keys as unknown[]).splice(j, 1);
        (expected[pk === K.Dict ? "values" : "patterns"] as unknown[]).splice(j, 1);
      } else if (pk === K.Compare) {
        (expected.ops as unknown[]).splice(j, 1);
        list.splice(j, 1);
      } else if (pk === K.MatchClass && field === "kwd_patterns") {
        (expected.kwd_attrs as unknown[]).splice(j, 1); // `name=pattern` goes whole
        list.splice(j, 1);
      } else if ((pk === K.BoolOp || pk === K.MatchOr) && list.length === 2) {
        expected = list[1 - j] as Json; // `a and b` minus b is `a`
      } else if (isStmt && list.length === 1 && pk !== K.Module) list.splice(0, 1, { _type: "Pass" });
      else list.splice(j, 1);
    } else if (roll < 0.7) {
      const k = tree.kind[id]!;
      const ctxField = KINDS[k]!.fields.findIndex((f) => f.category === "ctx");
      if (isStmt) {
        edit = { op: "replace", node: id, with: "pass" };
        list[j] = { _type: "Pass" };
      } else if (KIND_BASES[k] === "expr" && (ctxField < 0 || tree.field(id, ctxField) === 2) && pk !== K.Dict) {
        edit = { op: "replace", node: id, with: "None" };
        list[j] = { _type: "Constant", value: null, kind: null };
      } else continue;
    } else {
      const after = r() < 0.5;
      if (isStmt) {
        const text = r() < 0.5 ? "pass" : "if fuzz_name:\n    fuzz_call()";
        edit = { op: after ? "insertAfter" : "insertBefore", node: id, with: text };
        list.splice(after ? j + 1 : j, 0, ...((plain(parse(text).tree, 0) as Json).body as unknown[]));
      } else if ((pk === K.Call && field === "args") || pk === K.List || pk === K.Set || (pk === K.Tuple && tree.field(parent, 1) === 2)) {
        edit = { op: after ? "insertAfter" : "insertBefore", node: id, with: "None" };
        list.splice(after ? j + 1 : j, 0, { _type: "Constant", value: null, kind: null });
      } else continue;
    }
    const res = applyEdits(tree, [edit], { source: file.bytes });
    if (res.error !== null) {
      counts.refused++;
      if (process.env.EDIT_FUZZ_VERBOSE)
        console.log(file.name, JSON.stringify(edit), tree.kindName(id), "in", tree.kindName(parent), field, res.error.message);
      continue;
    }
    const nt = parse(res.text!).tree;
    const steps = pathTo(tree, parent);
    assert.deepEqual(plain(nt, follow(nt, steps)), expected, `${file.name}: ${JSON.stringify(edit)} at ${JSON.stringify(steps)}`);
    counts.checked++;
  }
  console.log(`edit structure fuzz (seed ${SEED + 1}): ${JSON.stringify(counts)}`);
  assert.ok(counts.checked > 300);
});
