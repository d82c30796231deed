// A `$$$` run of parameters binds the parameters' whole source span: defaults, the `/`, `*` and
// `**` marks, and what a leading or trailing run absorbs (positional-only parameters before it;
// *args, keyword-only parameters and **kwargs after it), so a template that writes the run back
// keeps the signature.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileQuery, dump, parse } from "../../src/index.js";

const enc = new TextEncoder();

// [source, $$$P of `def $F($$$P): $$$B`, $$$R of `def $F($A, $$$R): $$$B` (null: no match)]
const CASES: [string, string, string | null][] = [
  ["def f(a, b=0): pass\n", "a, b=0", "b=0"],
  ["def f(*args, **kw): pass\n", "*args, **kw", null],
  ["def f(a, /, b: int = 1, *, c=2, **kw): pass\n", "a, /, b: int = 1, *, c=2, **kw", null],
  ["def f(a=1, *, b): pass\n", "a=1, *, b", "*, b"],
  ["def f(*, b=3): pass\n", "*, b=3", null],
  ["def f(a, /): pass\n", "a, /", null],
  [
    "def f(x, *  rest, y: 'T' = (1,\n    2), ** kw): pass\n",
    "x, *  rest, y: 'T' = (1,\n    2), ** kw",
    "*  rest, y: 'T' = (1,\n    2), ** kw",
  ],
  ["def f(\n    a,\n    *,  # keyword-only\n    b=2,\n): pass\n", "a,\n    *,  # keyword-only\n    b=2", "*,  # keyword-only\n    b=2"],
  ["def f(): pass\n", "", null],
  ["def f(s='é', *a): pass\n", "s='é', *a", "*a"],
];

test("$$$ over parameters binds their whole span, defaults and marks included, on both back ends", () => {
  for (const backend of ["codegen", "closure"] as const) {
    const all = compileQuery("def $F($$$P): $$$B", { backend });
    const rest = compileQuery("def $F($A, $$$R): $$$B", { backend });
    for (const [src, p, r] of CASES) {
      const tree = parse(enc.encode(src)).tree;
      const m = all.find(tree);
      assert.equal(m.length, 1, `${backend}: ${JSON.stringify(src)}`);
      assert.equal(m[0]!.bindings.P!.text, p, `${backend}: ${JSON.stringify(src)}`);
      const mr = rest.find(tree);
      assert.equal(mr.length === 0 ? null : mr[0]!.bindings.R!.text, r, `${backend} rest: ${JSON.stringify(src)}`);
    }
  }
});

test("a fix that writes a parameter run back keeps every default and mark", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a braced metavariable, not a JS template
  const q = compileQuery({ rule: { pattern: "def $F($$$P): $$$B" }, fix: "def ${F}_v2($$$P): $$$B" });
  for (const [src] of CASES) {
    const tree = parse(enc.encode(src)).tree;
    const r = q.fix(tree);
    assert.equal(r.error, null, src);
    const want = src.replace("def f(", "def f_v2(");
    // A multi-line run is re-indented to its new column (§8.6); the tree is what counts there.
    if (src.indexOf("\n") === src.length - 1) assert.equal(r.text, want, src);
    else assert.equal(dump(parse(enc.encode(r.text!)).tree), dump(parse(enc.encode(want)).tree), src);
  }
  // Lambdas too.
  const lam = compileQuery({ rule: { pattern: "lambda $$$P: $X" }, fix: "lambda $$$P: ($X)" });
  const t = parse(enc.encode("g = lambda a, b=2, *c, d=4, **e: a\n")).tree;
  assert.equal(lam.fix(t).text, "g = lambda a, b=2, *c, d=4, **e: (a)\n");
});
