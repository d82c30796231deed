// `quarry unparse` and `quarry json` take ast.parse's options as `quarry dump` does (--mode,
// --feature-version, --type-comments, --optimize): unparse prints what CPython's
// ast.unparse(ast.parse(src, ...)) prints, json what toJSON gives for the same parse options.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/index.js";
import type { ParseOptions } from "../../src/index.js";
import { cachedBatch } from "../support/cached-batch.js";
import { stringifyIndented } from "../../src/cli/json.js";
import { runCli } from "./helpers.js";

const enc = new TextEncoder();

const PY = String.raw`
import ast, json, warnings

def quarry_unparse_with(item):
    q = json.loads(item)
    kw = {}
    if "mode" in q: kw["mode"] = q["mode"]
    if "fv" in q: kw["feature_version"] = (3, q["fv"])
    if "optimize" in q: kw["optimize"] = q["optimize"]
    if q.get("tc"): kw["type_comments"] = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(q["src"], **kw)
    except SyntaxError as e:
        return {"error": type(e).__name__ + ": " + e.msg}
    return {"text": ast.unparse(tree)}
`;

interface Case {
  args: string[];
  py: { mode?: string; fv?: number; optimize?: number; tc?: boolean };
  options: ParseOptions;
  src: string;
}

const TYPE_COMMENTS =
  "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    x = 1  # type: ignore[x]\n" +
  "    for i in y:  # type: int\n        pass\n    with a as b:  # type: ignore\n        c = d  # type: List[int]\n";
const DOCS = "'''doc'''\ndef g():\n    'inner doc'\n    assert x, 'm'\n    return __debug__ and 1 + 2\n";

const CASES: Case[] = [
  { args: ["--type-comments"], py: { tc: true }, options: { typeComments: true }, src: TYPE_COMMENTS },
  { args: [], py: {}, options: {}, src: TYPE_COMMENTS },
  { args: ["--optimize", "1"], py: { optimize: 1 }, options: { optimize: 1 }, src: DOCS },
  { args: ["--optimize=2"], py: { optimize: 2 }, options: { optimize: 2 }, src: DOCS },
  { args: ["--mode", "eval"], py: { mode: "eval" }, options: { mode: "eval" }, src: "lambda x: (yield)" },
  { args: ["--mode=single"], py: { mode: "single" }, options: { mode: "single" }, src: "if x:\n    y\n" },
  { args: ["--mode", "func_type"], py: { mode: "func_type" }, options: { mode: "func_type" }, src: "(int, *str) -> List[int]" },
  { args: ["--feature-version", "3.8"], py: { fv: 8 }, options: { featureVersion: [3, 8] }, src: "print(x := 1)\n" },
  {
    args: ["--feature-version=3.14", "--type-comments", "--optimize", "2"],
    py: { fv: 14, tc: true, optimize: 2 },
    options: { featureVersion: [3, 14], typeComments: true, optimize: 2 },
    src: "'doc'\nx = 1  # type: int\n",
  },
];

test("quarry unparse with ast.parse's options prints CPython's ast.unparse(ast.parse(src, ...))", async () => {
  const answers = await cachedBatch<{ text?: string; error?: string }>(
    "cli-parse-flags",
    PY,
    "quarry_unparse_with",
    CASES.map((c) => JSON.stringify({ src: c.src, ...c.py })),
  );
  for (const [i, c] of CASES.entries()) {
    const a = answers[i]!;
    assert.ok(a.text !== undefined, `CPython rejected case ${i}: ${a.error}`);
    const r = await runCli(["unparse", ...c.args, "-"], enc.encode(c.src));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, a.text + "\n", c.args.join(" "));
  }
});

test("quarry json with ast.parse's options prints toJSON of the tree parsed with them", async () => {
  // The flags are read by the same code for both commands: one case of each option here.
  for (const c of [CASES[0]!, CASES[3]!, CASES[6]!, CASES[8]!]) {
    const { tree, error } = parse(enc.encode(c.src), c.options);
    assert.equal(error, null);
    const r = await runCli(["json", ...c.args, "-"], enc.encode(c.src));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, stringifyIndented(tree.toJSON()) + "\n", c.args.join(" "));
  }
  const tc = await runCli(["json", "--type-comments", "-"], enc.encode(TYPE_COMMENTS));
  assert.match(tc.stdout, /"type_comment": "\(\.\.\.\) -> None"/);
  assert.match(tc.stdout, /"_type": "TypeIgnore"/);
});

test("quarry unparse/json: a version-gated construct is CPython's error; bad option values are usage errors", async () => {
  const old = await runCli(["unparse", "--feature-version", "3.7", "-"], enc.encode("print(x := 1)\n"));
  assert.equal(old.status, 1);
  assert.match(old.stderr, /SyntaxError: Assignment expressions are only supported in Python 3\.8 and greater/);
  for (const cmd of ["unparse", "json"]) {
    for (const [bad, msg] of [
      [["--optimize", "3"], /--optimize takes -1, 0, 1 or 2/],
      [["--mode", "module"], /--mode takes exec, eval, single or func_type/],
      [["--feature-version", "2.7"], /--feature-version takes 3\.N/],
      [["--no-such-flag"], /Unknown option '--no-such-flag'/],
    ] as const) {
      const u = await runCli([cmd, ...bad, "-"], enc.encode("x\n"));
      assert.equal(u.status, 2, `${cmd} ${bad.join(" ")}`);
      assert.match(u.stderr, msg);
    }
    const two = await runCli([cmd, "a.py", "b.py"], enc.encode(""));
    assert.equal(two.status, 2);
    assert.match(two.stderr, new RegExp(`${cmd} takes one file`));
  }
});
