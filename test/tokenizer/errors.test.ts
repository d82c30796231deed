// Tokenizer errors: ours must equal what CPython 3.14's ast.parse raises (class, msg, lineno,
// offset, end_lineno, end_offset) for each snippet. Unclosed brackets at end of input are reported
// by CPython's parser; we compare them with Tokens.unclosed.error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../../src/tokenizer/tokenizer.js";
import { decodeSource } from "../../src/core/source.js";
import { Interner } from "../../src/core/interner.js";
import { oracleErrors, type OracleError } from "./oracle.js";

const nestedIndent = Array.from({ length: 101 }, (_, i) => " ".repeat(i) + "if x:").join("\n") + "\n" + " ".repeat(101) + "pass\n";
let nestedF = "x";
for (let i = 0; i < 150; i++) nestedF = `f"{${nestedF}}"`.replace(/"/g, i % 2 ? '"' : "'");

export const ERROR_SNIPPETS: string[] = [
  // Unterminated strings.
  "x = 'abc",
  "x = 'abc\\'",
  'x = """abc\n\ndef',
  "x = '''abc",
  "b'abc",
  "x = 'a\\\nb",
  "x = 'abc\\",
  "x = 'abc' 'def\n'",
  "print('hello)\n",
  "x = '''\n\n\n",
  'x = """abc""',
  "'",
  '"',
  "rb'\\'",
  "if x:\n    y = 'oops\n",
  "s = 'é€ and more\n",
  // Unterminated f-strings and t-strings.
  "x = f'abc",
  "x = f'''abc\n",
  "x = t'abc",
  "x = T'''a\nb",
  "rf'abc",
  "x = f'{a}' f'{'",
  // Numbers.
  "1_000_",
  "1__0",
  "0x",
  "0xg",
  "0x_",
  "0x1_",
  "0o8",
  "0o",
  "0o1_8",
  "0b2",
  "0b",
  "0b1_",
  "0b1_2",
  "0777",
  "00007",
  "0_7",
  "x = 09",
  "x = 08",
  "x = 0_0_7",
  "1e",
  "1e+",
  "1.5e-x",
  "1abc",
  "1.5j2",
  "1_if",
  "a = 1.e",
  "a = 0_",
  "a = 0e",
  "a = 1__2",
  "a = 1_e5",
  "a = 1e5_",
  "x = 1.5_",
  "x = 0x1g",
  "x = 1jk",
  "x = 1.__class__",
  "x = 5e",
  "x = 12_3.4_",
  // Characters.
  "€ = 1",
  "a€ = 1",
  "x = \x01",
  "x = \u200b",
  "x = ¿",
  "\ufeffx = 1",
  "x = 1 + \x7f",
  "x = \u00a0",
  "def f(): return ¬x",
  "λ€ = 1",
  // Brackets.
  ")",
  "x = (1, 2]",
  "x = (1,\n2]",
  "}",
  "x = [\n(\n]",
  "(".repeat(201),
  "x = 1 if y else 2\n)",
  "foo(a, b))",
  "x = {1: 2)",
  // Indentation.
  "if x:\n  a\n b\n",
  "if x:\n\ta\n        b\n",
  "if x:\n        a\n\tb\n",
  "def f():\n\tif x:\n        pass\n",
  "class A:\n  def f(self):\n      pass\n    x = 1\n",
  nestedIndent,
  "if x:\n  a\n\n # c\n b\n",
  "if x:\n    #cif x:\n\tpass\n  \\\n     (\n  \t",
  "if x:\n  a\n  \\\n b\n",
  "if x:\n\ta\n  \\\n        b\n",
  // Line continuations.
  "x = 1 \\ y",
  "x = 1\ny = 2 \\ z",
  "x = \\",
  "\\",
  "x = 1\n\\",
  "x = 1 + \\\n",
  "if x:\n    a = 1 \\ b\n",
  "s = 'é' \\ x",
  "  \\ x",
  "'a' \\\n\\0b",
  "x = '''\n\n''' \\ y",
  "x = 1 + \\\n  2 \\ 3",
  "if x:\n  \\\n  \\ y",
  "'#]]u}t'''\\\n\\0b",
  // f-strings.
  "f'{'",
  "f'{a'",
  "f'}'",
  "f'{a}}'",
  "f'{)}'",
  "f'{a:{b:{c:{d}}}}'",
  "f'{1:\n}'",
  "t'{'",
  "t'}'",
  "f'{x!r'",
  "f'{a]}'",
  "t'{a)}'",
  "f'{{}'",
  "f'{\"a\"'",
  nestedF,
  // String prefixes.
  "ub''",
  "bf''",
  "ft''",
  "ur''",
  "tb''",
  "Ub''",
  "BF''",
  "fT''",
  "uR''",
  "ut''",
  "uf''",
  // Unclosed at end of input (CPython's parser reports these).
  "x = (1 +\n",
  "x = [1, 2,\n  3",
  "x = (\\",
  "foo(\n  a,\n  {b: [c",
  "f'''{x\n",
];

type Ours = OracleError;

function ours(src: string): Ours {
  const { bytes, error } = decodeSource(src);
  if (error) return [error.cls, error.msg, error.lineno, error.offset, error.end_lineno, error.end_offset];
  const t = tokenize(bytes, new Interner());
  const e = t.error ?? t.unclosed?.error ?? null;
  if (e === null) return "OK";
  return [e.cls, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset];
}

test("tokenizer errors equal CPython's", async () => {
  const expected = await oracleErrors(ERROR_SNIPPETS);
  let agree = 0;
  const bad: string[] = [];
  for (let i = 0; i < ERROR_SNIPPETS.length; i++) {
    const o = ours(ERROR_SNIPPETS[i]!);
    if (JSON.stringify(o) === JSON.stringify(expected[i])) agree++;
    else
      bad.push(`${JSON.stringify(ERROR_SNIPPETS[i]!.slice(0, 60))}: ours ${JSON.stringify(o)} vs CPython ${JSON.stringify(expected[i])}`);
  }
  console.log(`tokenizer error snippets: ${agree}/${ERROR_SNIPPETS.length} agree with CPython`);
  assert.deepEqual(bad, []);
});
