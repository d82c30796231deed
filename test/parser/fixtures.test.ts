// Grammar fixtures judged by CPython 3.14 (Pyodide). ok/: every file is accepted and quarry's dump
// equals ast.dump with and without attributes and with indent=2. err/: every file is rejected and
// quarry raises the same class and message at the same lineno, offset, end_lineno and end_offset.
// err.snap records CPython's answer for every err fixture (UPDATE=1 rewrites it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { askOracle, type OracleReject } from "../support/oracle.js";
import { describeError, firstDifference, judge, requireQuarry } from "../support/quarry.js";
import { fixturesDir, listFixtures, updating } from "../support/fixtures.js";

const MIN_ERR_FIXTURES = 300;

test("ok fixtures: CPython 3.14 accepts every one", async () => {
  const ok = listFixtures("ok");
  const answers = await askOracle(
    ok.map((f) => f.bytes),
    { variants: true },
  );
  const rejected = ok.flatMap((f, i) => (answers[i]!.ok ? [] : [`${f.rel}: ${describeError(answers[i]!)}`]));
  assert.deepEqual(rejected, []);
});

test("err fixtures: CPython 3.14 rejects every one, and err.snap lists its errors", async () => {
  const err = listFixtures("err");
  assert.ok(err.length >= MIN_ERR_FIXTURES, `only ${err.length} err fixtures`);
  const answers = await askOracle(err.map((f) => f.bytes));
  const accepted = err.filter((_, i) => answers[i]!.ok).map((f) => f.rel);
  assert.deepEqual(accepted, []);
  const lines = err.map((f, i) => `${f.rel}: ${describeError(answers[i]!)}`);
  const snap = lines.join("\n") + "\n";
  const path = join(fixturesDir(), "err.snap");
  if (updating()) writeFileSync(path, snap);
  assert.equal(snap, readFileSync(path, "utf8"), "err.snap is stale; run UPDATE=1 npm test");
});

test("ok fixtures: quarry's dump equals ast.dump (attributes, plain, indent=2)", async (t) => {
  const ok = listFixtures("ok");
  const answers = await askOracle(
    ok.map((f) => f.bytes),
    { variants: true },
  );
  const q = await requireQuarry();
  for (let i = 0; i < ok.length; i++) {
    const f = ok[i]!;
    const a = answers[i]!;
    await t.test(f.rel, () => {
      assert.ok(a.ok);
      const r = q.parse(f.bytes);
      if (r.error) assert.fail(`quarry rejects: ${describeError(r.error)}`);
      const variants: [string, string | null | undefined, object][] = [
        ["include_attributes=True", a.dump, { includeAttributes: true }],
        ["plain", a.dumpPlain, {}],
        ["indent=2", a.dumpIndent, { indent: 2 }],
      ];
      for (const [name, expected, options] of variants) {
        assert.ok(typeof expected === "string", `no CPython dump (${name})`);
        const mine = q.dump(r.tree, options);
        if (mine !== expected) assert.fail(`${name}: dumps differ at ${firstDifference(expected, mine)}`);
      }
    });
  }
});

test("err fixtures: quarry rejects with CPython's class, message, lineno, offset and end", async (t) => {
  const err = listFixtures("err");
  const answers = await askOracle(err.map((f) => f.bytes));
  const q = await requireQuarry();
  let msgAgree = 0;
  let endAgree = 0;
  let agree = 0;
  const msgDiffs: string[] = [];
  for (let i = 0; i < err.length; i++) {
    const f = err[i]!;
    const a = answers[i]! as OracleReject;
    const v = judge(q, f.bytes, a);
    if (v.agree) agree++;
    if (v.msgAgree) msgAgree++;
    else msgDiffs.push(`${f.rel}: ${v.detail}`);
    if (v.endAgree) endAgree++;
    await t.test(f.rel, () => {
      if (!v.agree || !v.msgAgree || !v.endAgree) assert.fail(v.detail);
    });
  }
  const figures = [
    `err fixtures: class+lineno+offset agree ${agree}/${err.length}`,
    `messages agree ${msgAgree}/${err.length}`,
    `end positions agree ${endAgree}/${err.length}`,
  ];
  for (const line of figures) t.diagnostic(line);
  for (const d of msgDiffs.slice(0, 10)) t.diagnostic("message differs: " + d);
  console.log(figures.join("\n"));
});
