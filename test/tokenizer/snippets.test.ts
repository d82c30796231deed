// Hand-written tricky inputs: our token stream must equal CPython's (tokenize module over the C
// tokenizer, FSTRING_MIDDLE runs merged as documented in tokenizer.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../../src/tokenizer/tokenizer.js";
import { decodeSource } from "../../src/core/source.js";
import { Interner } from "../../src/core/interner.js";
import { firstDiff, listTokens, oracleTokensMany } from "./oracle.js";

export const TOKEN_SNIPPETS: string[] = [
  // Numbers.
  "x = 0x_1F + 0o17 + 0b1_0 + 1_000.000_1e-1_0j + .5 + 5. + 0.0 + 00 + 0e0 + 0_0 + 1E+5J\n",
  "1if x else 2\n",
  "0x1for x in y\n",
  "1or 2\n",
  "1.e5\n",
  "1_2.3_4e5_6j\n",
  "[0b1and 1]\n",
  "1jif 1else 2\n",
  "0o7is 7\n",
  "x=1. if y else .1\n",
  // Strings and prefixes in every case combination.
  "a = rb'x' + Rb'x' + bR'x' + BR'x' + u'x' + U'x' + r'\\'' + b'''a\nb''' + R\"\"\"\n\"\"\"\n",
  "s = 'a\\\nb'\n",
  "s = '''\\\n'''\n",
  "x = ''\ny = \"\"\nz = ''''''\n",
  "x = 'a' 'b' \"c\"\n",
  "x = '\\\\'\n",
  "rB'\\\\' Br'' BR'\\''\n",
  // Indentation, tabs, form feeds, continuation lines, blank and comment lines.
  "if x:\n\tif y:\n\t\tpass\n\n# c\n   # d\n\tz = 1\n",
  "if x:\n        a\n\tb\n",
  "if x:\n  \\\n    a\n",
  "x = 1 + \\\n  2\n",
  "\fif x:\n\f  y\n",
  "if x:\n  y\n\f\nz\n",
  "def f():\n    return [\n1,\n  2]\n",
  "class A:\n    def f(self):\n        pass\n\n\n\n# end\n",
  "x = 1  # comment",
  "if x:\n  pass  # c",
  "\n\n\nx\n\n\n",
  "# only\n",
  "",
  "   ",
  "\\\nx\n",
  "x = (  # c\n  1)\n",
  "if x:\n    y\n  # c\nz\n",
  "pass;pass;\n",
  // Operators.
  "a **= b //= c >>= d <<= e @= f -> g := h != i ... j . k\n",
  "a<>b\n",
  "x = a if b else-c\n",
  "f(*a, **k)\n",
  "a<=b>=c==d\n",
  "~a ^ b | c & d % e\n",
  "x[1:2, ::3]\n",
  "lambda: (yield)\n",
  // Identifiers: non-ASCII, NFKC, keywords and soft keywords.
  "π = 3.14\nℕ = 1\nﬁ = 2\nµ = 3\n",
  "match x:\n    case _: type = 1\n",
  "Δx_ω = ä\n",
  "éa1 = a1é\n",
  "async def f(): await g\n",
  "True False None and or not in is\n",
  // f-strings and t-strings.
  "f'{x}' f\"{y!r}\" F'{z:>10}' rf'{a}\\{b}' fR'{c}' Rf'{{}}' RF'}}{{'\n",
  "f'{x=}' f'{x = !r:^20}' f'{x=:.2f}'\n",
  "f'{x:{y}.{z}f}' f'{x:{y:{z}}}'\n",
  "f'{a}{b}{{c}}{d}'\n",
  "f'''\n{x\n+ y}\n'''\n",
  "f'{\"nested\"}' f'{f'{1}'}' f\"{f'{f\"{1}\"}'}\"\n",
  "f'{x!s:{w}}'\n",
  "f'{{}}'\n",
  "f''\n",
  "f'a' f'b'\n",
  "t'{x}' T'{y!r}' tr'{z}' Rt'{w:>3}' t''\n",
  "t'''{\n  x\n}'''\n",
  "f'\\N{BULLET} {x} \\N{DASH}}}'\n",
  "rf'\\N{x}'\n",
  "f'\\{x}'\n",
  "f'{x:\\n}'\n",
  "f'{lambda x: 1}'\n",
  "f'{x:=5}'\n",
  "f'{(x:=5)}'\n",
  "f'{x!r}'\n",
  "f'{x:{{}}>10}'\n",
  "f'{x:}'\n",
  "f'{x!r:}'\n",
  "f'{ x }' f'{x }'\n",
  "f'''{x:\n}'''\n",
  "f'{x} \\\n y'\n",
  "f'''a\\\nb{c}'''\n",
  "f'{a[\"b\"]}'\n",
  "f'{ {1: 2}[1] }'\n",
  "f'{x,y}' f'{*x,}'\n",
  "f'{x:{\"a\"}}'\n",
  "f'{\"\\n\".join(x)}'\n",
  "x = f'{a # c\n}'\n",
  "f'''{a # c\n}'''\n",
  "f'{x:%H:%M}'\n",
  "f'{x!r:%H:%M}'\n",
  "f'{x:{y}%}'\n",
  "f\"{'''a'''}\"\n",
  "f'{x:{y!r}}'\n",
  "f'{1:{2:{3}}}'\n",
  "x = f'{a}' t'{b}' rb'c'\n",
  "f'{x:a{{b}}c}'\n",
  "f'{x:\\{y}'\n",
  "f'''{x:a\nb}'''\n",
  "t'{x=}'\n",
  // Unclosed at end of input: tokens up to ENDMARKER.
  "x = (1,\n",
  "foo(\n",
  "f'''{x\n",
];

test("tricky snippets: token streams identical to CPython's", async () => {
  const sources = TOKEN_SNIPPETS.map((s) => new TextEncoder().encode(s));
  const expected = await oracleTokensMany(sources);
  let same = 0;
  const bad: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    const { bytes } = decodeSource(sources[i]!);
    const ours = listTokens(bytes, tokenize(bytes, new Interner()));
    if (ours === expected[i]) same++;
    else bad.push(`${JSON.stringify(TOKEN_SNIPPETS[i])}: ${firstDiff(ours, expected[i]!)}`);
  }
  console.log(`tokenizer snippets: ${same}/${sources.length} identical to CPython`);
  assert.deepEqual(bad, []);
});
