// `quarry dump --type-comments` and `--optimize N` print what CPython's ast.dump(ast.parse(src,
// type_comments=True, optimize=N)) prints, and reject a bad --optimize value as a usage error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { askOracle, type OracleParseOptions } from "../support/oracle.js";
import { runCli } from "./helpers.js";

const enc = new TextEncoder();

const CASES: [string[], OracleParseOptions, string][] = [
  [["--type-comments"], { flags: 0x1000 }, "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    x = 1  # type: ignore[x]\n"],
  [["--optimize", "1"], { optimize: 1 }, "'doc'\nx = '%s' % (__debug__,)\n"],
  [["--optimize=2"], { optimize: 2 }, "'doc'\nx = '%s' % (__debug__,)\n"],
  [["--optimize=-1"], { optimize: -1 }, "x = __debug__\n"],
  [
    ["--optimize", "2", "--type-comments", "--mode", "single"],
    { optimize: 2, flags: 0x1000, mode: "single" },
    "x = __debug__  # type: bool\n",
  ],
];

test("quarry dump --type-comments / --optimize print CPython's ast.dump", async () => {
  for (const [args, opts, src] of CASES) {
    const [a] = await askOracle([enc.encode(src)], { parse: opts });
    assert.ok(a!.ok && a!.dump !== null);
    const r = await runCli(["dump", "--include-attributes", ...args, "-"], enc.encode(src));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, a!.dump + "\n", `${args.join(" ")}`);
  }
});

test("quarry dump --type-comments: a misplaced type comment is CPython's error; bad --optimize values are usage errors", async () => {
  const r = await runCli(["dump", "--type-comments", "-"], enc.encode("x = 1\nif x:  # type: int\n    pass\n"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 2\n[\s\S]*SyntaxError: invalid syntax/);
  assert.equal((await runCli(["dump", "-"], enc.encode("if x:  # type: int\n    pass\n"))).status, 0);
  for (const bad of [["--optimize", "x"], ["--optimize"], ["--optimize=1.5"], ["--optimize", "3"]]) {
    const u = await runCli(["dump", ...bad, "-"], enc.encode("x\n"));
    assert.equal(u.status, 2, bad.join(" "));
    assert.match(u.stderr, /--optimize takes -1, 0, 1 or 2/);
  }
});
