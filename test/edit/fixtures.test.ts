// Fixture suite: test/edit/fixtures/<case>/input.py + edits.json -> expected.py (the edited
// source, byte for byte) or expected.err (why the script is refused). UPDATE=1 rewrites the
// expected files; review the diff.
//
// edits.json is a list of edits as applyEdits takes them, with nodes named by address (a field
// path like "body[0].value.args[1]" or "Call#0", see src/edit/address.ts) and `with` either text
// or {"expr": "<python expression>"} for a node taken from a parse of that expression.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "../../src/parser/parse.js";
import { applyEdits } from "../../src/edit/apply.js";
import { findNode } from "../../src/edit/address.js";
import type { Edit, EditResult } from "../../src/edit/types.js";
import type { Tree } from "../../src/ast/tree.js";
import { repoRoot } from "../support/corpus.js";

const DIR = join(repoRoot(), "test", "edit", "fixtures");
const UPDATE = process.env.UPDATE === "1";

type RawEdit = Record<string, unknown>;

function resolveEdits(tree: Tree, raw: RawEdit[]): Edit[] {
  return raw.map((e) => {
    const out: RawEdit = { ...e };
    for (const k of ["node", "parent"]) {
      if (typeof out[k] === "string") {
        const id = findNode(tree, out[k] as string);
        if (typeof id === "string") throw new Error(`${k} ${String(out[k])}: ${id}`);
        out[k] = id;
      }
    }
    const w = out.with;
    if (w !== null && typeof w === "object" && "expr" in w) {
      const r = parse(String((w as { expr: unknown }).expr));
      assert.equal(r.error, null);
      out.with = { tree: r.tree, id: findNode(r.tree, "body[0].value") };
    }
    return out as unknown as Edit;
  });
}

/** The refusal as text: kind, code, message (and the syntax error's class and position). */
function renderError(r: EditResult): string {
  const e = r.error!;
  const lines = [`${e.kind} ${e.code}`, e.message];
  if (e.kind === "syntax") {
    const s = e.syntaxError;
    lines.push(`${s.cls}: ${s.msg} at ${s.lineno}:${s.offset}-${s.end_lineno}:${s.end_offset}`);
  }
  for (const c of r.conflicts) lines.push(`conflict ${c.a} ${c.b}`);
  return lines.join("\n") + "\n";
}

const cases = readdirSync(DIR)
  .filter((d) => existsSync(join(DIR, d, "edits.json")))
  .sort();

test("there are fixtures", () => {
  assert.ok(cases.length >= 30, `${cases.length} fixtures`);
});

for (const name of cases) {
  test(`edit fixture ${name}`, () => {
    const dir = join(DIR, name);
    const input = new Uint8Array(readFileSync(join(dir, "input.py")));
    const { tree, error } = parse(input);
    assert.equal(error, null, "input.py must parse");
    const edits = resolveEdits(tree, JSON.parse(readFileSync(join(dir, "edits.json"), "utf8")) as RawEdit[]);
    const r = applyEdits(tree, edits, { source: input });
    const okFile = join(dir, "expected.py");
    const errFile = join(dir, "expected.err");
    if (UPDATE) {
      rmSync(okFile, { force: true });
      rmSync(errFile, { force: true });
      if (r.error === null) writeFileSync(okFile, r.text!);
      else writeFileSync(errFile, renderError(r));
      return;
    }
    if (existsSync(okFile)) {
      assert.equal(r.error, null, r.error?.message);
      assert.equal(r.text, readFileSync(okFile, "utf8"));
      // The changes, applied to the input, give the same text.
      const b = Buffer.from(input);
      let out = "";
      let at = 0;
      for (const c of r.changes) {
        out += b.subarray(at, c.start).toString("utf8") + c.text;
        at = c.end;
      }
      out += b.subarray(at).toString("utf8");
      assert.equal(out, r.text);
    } else {
      assert.ok(r.error !== null, "expected a refusal");
      assert.equal(r.text, null);
      assert.equal(renderError(r), readFileSync(errFile, "utf8"));
    }
  });
}
