// Bad query text never crashes the compiler: random junk from query-ish tokens either compiles
// or throws a QueryError; what compiles runs on both back ends with the same result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileQuery, QueryError, type QuerySpec } from "../../src/query/compile.js";
import { parse } from "../../src/parser/parse.js";

const TOKENS = [
  "Call",
  "Name",
  "[",
  "]",
  "(",
  ")",
  ":",
  "has",
  "not",
  "is",
  "inside",
  "scope",
  ">",
  "+",
  "~",
  ",",
  " ",
  ".",
  "func",
  "id",
  "=",
  '"x"',
  "'",
  "/a/",
  "$X",
  "$$$",
  "$_",
  "0",
  "length",
  "nth-child",
  "2n+1",
  "of",
  "*",
  ":def",
  "value",
  "args",
  "!",
  "<",
  "field",
  "pattern",
  "as",
  "|",
  "None",
  "str",
  "\\",
  "\n",
  "def",
  "f",
  "x",
  "if",
  "else",
  "lambda",
  "**",
  "await",
  "yield",
  "@",
  "class",
  "case",
  "match",
  '"',
  'f"{',
  "}",
  "#",
  "\t",
  "é",
  "    ",
];
const MODES = ["keyword", "arg", "alias", "decorator", "ExceptHandler", "withitem", "comprehension", "match_case"];

const SAMPLE = parse(`import os
@dec(1)
def f(x, *a, k=2, **kw):
    """doc"""
    if x:
        return f(x - 1, *a, **kw)
    with open(x) as h, lock:
        yield [y for y in h if y]
    try:
        match x:
            case [a, *rest]:
                pass
    except (ValueError, KeyError) as e:
        raise
    global g
    return lambda: os.path.join(x, f"{x!r}")
class C(f(1), metaclass=M):
    x: int = 0
`).tree;

test("random query text: QueryError or a working query, never a crash", () => {
  let seed = 12345;
  const r = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  let compiled = 0;
  const crashes: string[] = [];
  for (let i = 0; i < 3000; i++) {
    let s = "";
    for (let j = 1 + Math.floor(r() * 8); j > 0; j--) s += TOKENS[Math.floor(r() * TOKENS.length)];
    const specs: QuerySpec[] = [
      s,
      { select: s },
      { ruleText: `rule:\n  select: ${JSON.stringify(s)}\n` },
      { pattern: s, as: MODES[i % MODES.length]! },
    ];
    for (const spec of specs) {
      try {
        const a = compileQuery(spec, { backend: "closure" }).nodes(SAMPLE);
        const b = compileQuery(spec, { backend: "codegen" }).nodes(SAMPLE);
        assert.deepEqual(b, a, JSON.stringify(spec));
        compiled++;
      } catch (e) {
        if (!(e instanceof QueryError)) crashes.push(`${JSON.stringify(spec)}: ${(e as Error).stack?.split("\n").slice(0, 2).join(" ")}`);
      }
    }
  }
  assert.deepEqual(crashes.slice(0, 10), []);
  assert.ok(compiled > 100, `only ${compiled} compiled`);
});
