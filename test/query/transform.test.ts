// Rule transforms and rewriters (§8.6): the static checks (codes and positions), the string
// semantics of substring / replace / convert, rewriters (order, outer metavariables, nesting
// limit), the braced `${X}` form, the comment warning Q3025 and `find --until-fixpoint`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../support/corpus.js";
import { parse } from "../../src/parser/parse.js";
import { compileQuery, QueryError } from "../../src/query/compile.js";
import { convertCase, splitWords } from "../../src/query/fix-case.js";
import { transformedMessage } from "../../src/query/fix-rewrite.js";
import { lowerRule, parseRuleText } from "../../src/query/rule.js";
import { Vars } from "../../src/query/pattern.js";
import { stringLines, reindent } from "../../src/edit/indent.js";

/** The first diagnostic of compiling `ruleText`: code, line, column and message. */
function error(ruleText: string): { code: string; line: number; column: number; message: string } {
  try {
    compileQuery({ ruleText });
  } catch (e) {
    assert.ok(e instanceof QueryError, String(e));
    const d = e.diagnostics[0]!;
    return { code: d.code, line: d.line, column: d.column, message: d.message };
  }
  assert.fail("compiled without an error");
}

/** The fixed text of `src` under `ruleText`, on both back ends (which must agree). */
function fixed(ruleText: string, src: string): string | null {
  const { tree } = parse(src);
  const [a, b] = (["closure", "codegen"] as const).map((backend) => compileQuery({ ruleText }, { backend }).fix(tree));
  assert.deepEqual(b, a);
  return a!.text;
}

const DEF = 'rule: {pattern: "def $F($$$P): $$$B"}\n';

test("transform static checks: Q3022 malformed, Q3023 cycle, Q3010 regex, Q3006 unbound, with positions", () => {
  let e = error(`${DEF}transform:\n  N: {substr: {source: $F}}\nfix: $N\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3022", 3, 6]);
  assert.match(e.message, /unknown transformation 'substr' \(did you mean 'substring'\?\)/);
  e = error(`${DEF}transform:\n  N: {convert: {source: $F, toCase: snakecase}}\nfix: $N\n`);
  assert.deepEqual([e.code, e.line], ["Q3022", 3]);
  assert.match(e.message, /unknown case 'snakecase' \(did you mean 'snakeCase'\?\)/);
  e = error(`${DEF}transform:\n  N: {convert: {source: $F, toCase: snakeCase, separatedBy: [dashes]}}\nfix: $N\n`);
  assert.match(e.message, /unknown separator "dashes" \(did you mean 'dash'\?\)/);
  e = error(`${DEF}transform:\n  N: {substring: {source: $F, start: 1}}\nfix: $N\n`);
  assert.match(e.message, /unknown key 'start' in 'substring'/);
  e = error(`${DEF}transform:\n  N: {replace: {source: $F, by: x}}\nfix: $N\n`);
  assert.match(e.message, /'replace' needs 'replace'/);
  e = error(`${DEF}transform:\n  N: {substring: {source: F}}\nfix: $N\n`);
  assert.match(e.message, /'source' is a metavariable written with its \$/);
  e = error(`${DEF}transform:\n  F: substring($F, startChar=1)\nfix: $F\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3022", 3, 2]);
  assert.match(e.message, /names a metavariable the rule already binds/);
  e = error(`${DEF}transform:\n  lower: substring($F)\nfix: x\n`);
  assert.match(e.message, /a transform's name is a metavariable name/);
  e = error(`${DEF}transform:\n  N: substring $F\nfix: $N\n`);
  assert.match(e.message, /is not of the form kind\(\$SOURCE, key=value, \.\.\.\)/);
  e = error(
    `${DEF}transform:\n  N: substring($F)\n  M: {rewrite: {source: $N, rewriters: [r]}}\nrewriters:\n  - {id: r, rule: {kind: Name}, fix: x}\nfix: $M\n`,
  );
  assert.match(e.message, /rewrite needs a captured node/);

  e = error(`${DEF}transform:\n  X: substring($Y)\n  Y: substring($Z)\n  Z: substring($X)\nfix: $X\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3023", 3, 2]);
  assert.match(e.message, /cycle: X -> Y -> Z -> X/);
  e = error(`${DEF}transform:\n  A: substring($A)\nfix: $A\n`);
  assert.equal(e.code, "Q3023");

  e = error(`${DEF}transform:\n  N: {replace: {source: $F, replace: "a(", by: x}}\nfix: $N\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3010", 3, 38]);

  e = error(`rule: {any: [{pattern: "def $F($$$P): $$$B"}, {pattern: "$G()"}]}\ntransform:\n  N: substring($F)\nfix: $N\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3006", 3, 15]);
  assert.match(e.message, /transform 'N' reads \$F, which is not bound on every path of the rule \(only in some branches/);
  e = error(`${DEF}transform:\n  N: substring($Z)\nfix: $N\n`);
  assert.equal(e.code, "Q3006");
  // A template naming a transform the rule does not define.
  e = error(`${DEF}transform:\n  N: substring($F)\nfix: $NN\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3006", 4, 5]);
});

test("rewriter static checks: Q3024, and Q3006 for a rewriter template variable", () => {
  let e = error(`${DEF}rewriters: {id: r}\nfix: x\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3024", 2, 0]);
  e = error(`${DEF}rewriters:\n  - {rule: {kind: Name}, fix: x}\nfix: x\n`);
  assert.match(e.message, /needs an 'id'/);
  e = error(`${DEF}rewriters:\n  - {id: r, rule: {kind: Name}, fix: x}\n  - {id: r, rule: {kind: Call}, fix: y}\nfix: x\n`);
  assert.match(e.message, /two rewriters have the id 'r'/);
  e = error(`${DEF}rewriters:\n  - {id: r, rule: {kind: Name}, fix: {remove: true}}\nfix: x\n`);
  assert.match(e.message, /needs a 'fix' template/);
  e = error(`${DEF}rewriters:\n  - {id: r, rule: {all: [{kind: Name}, {kind: Call}]}, fix: x}\nfix: x\n`);
  assert.deepEqual(
    [e.code, e.line, e.column, e.message],
    ["Q3007", 3, 9, "rewriter 'r' can never match: no node kind satisfies all of its conditions"],
  );
  e = error(`${DEF}rewriters:\n  - {id: r, rule: {kind: Nme}, fix: x}\nfix: x\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3002", 3, 25]);
  e = error(`${DEF}rewriters:\n  - {id: r, rule: {kind: Name}, fix: x, note: y}\nfix: x\n`);
  assert.match(e.message, /unknown rewriter key 'note'/);
  e = error(
    `${DEF}rewriters:\n  - {id: r, rule: {kind: Name}, fix: x}\ntransform:\n  N: {rewrite: {source: $$$B, rewriters: [s]}}\nfix: $N\n`,
  );
  assert.deepEqual([e.code, e.line], ["Q3024", 5]);
  assert.match(e.message, /uses rewriter 's', which the rule's 'rewriters' do not define/);
  // A rewriter's template sees its own bindings and the enclosing rule's sure ones, not others.
  e = error(
    `${DEF}rewriters:\n  - {id: r, rule: {kind: Name}, fix: "$Q"}\ntransform:\n  N: {rewrite: {source: $$$B, rewriters: [r]}}\nfix: $N\n`,
  );
  assert.deepEqual([e.code, e.line, e.column], ["Q3006", 3, 38]);
  assert.doesNotThrow(() =>
    compileQuery({
      ruleText: `${DEF}rewriters:\n  - {id: r, rule: {pattern: "$X.y"}, fix: "$F($X)"}\ntransform:\n  N: {rewrite: {source: $$$B, rewriters: [r]}}\nfix: $N\n`,
    }),
  );
});

test("templates: the braced form ends a name; $F_v2 reads as $F_, with a hint", () => {
  const e = error(`${DEF}fix: "def $F_v2(): pass"\n`);
  assert.deepEqual([e.code, e.line, e.column], ["Q3006", 2, 10]);
  assert.match(e.message, /\$F_v2 reads as \$F_ then 'v2'.*write \$\{F\}_v2/);
  assert.equal(fixed(`${DEF}fix: {setField: {field: name, value: "\${F}_v2"}}\n`, "def f(): pass\n"), "def f_v2(): pass\n");
  const m = error(`${DEF}message: "$F_x"\n`);
  assert.match(m.message, /write \$\{F\}_x/);
});

test("an empty run's comma goes; commas written elsewhere (a one-tuple, a wrapped docstring) stay", () => {
  const rule = 'rule: {pattern: "f($A, $$$R)"}\nfix: "g($A, $$$R)"\n';
  assert.equal(fixed(rule, "f(1)\nf(2, 3)\n"), "g(1)\ng(2, 3)\n");
  assert.equal(fixed('rule: {pattern: "f($$$R)"}\nfix: "g($$$R, (1, ), [2, ])"\n', "f()\n"), "g((1, ), [2, ])\n");
  const doc = 'def f():\n    """D.update([E, ]**F)"""\n';
  assert.equal(
    fixed('rule: {kind: Expr}\nfix: {wrap: "if x:\\n    $$$"}\n', doc),
    'def f():\n    if x:\n        """D.update([E, ]**F)"""\n',
  );
});

test("case conversions and word splitting (ast-grep's toCase and separatedBy)", () => {
  assert.deepEqual(splitWords("camelsLiveInTheDesert"), ["camels", "Live", "In", "The", "Desert"]);
  assert.deepEqual(splitWords("XMLHttpRequest"), ["XML", "Http", "Request"]);
  assert.deepEqual(splitWords("whatHTML"), ["what", "HTML"]);
  assert.deepEqual(splitWords("HTTP2Server"), ["HTTP2", "Server"]);
  assert.deepEqual(splitWords("x.com/hd_nvim"), ["x", "com", "hd", "nvim"]);
  assert.deepEqual(splitWords("__dunder__"), ["dunder"]);
  assert.deepEqual(splitWords("user_accountName", ["underscore"]), ["user", "accountName"]);
  assert.deepEqual(splitWords("user_accountName", ["caseChange"]), ["user_account", "Name"]);
  assert.deepEqual(splitWords("user_accountName", ["space"]), ["user_accountName"]);
  assert.equal(convertCase("aBc", "capitalize"), "ABc");
  assert.equal(convertCase("snakes_live_in_forests", "pascalCase"), "SnakesLiveInForests");
  assert.equal(convertCase("kebab-is-food", "camelCase"), "kebabIsFood");
  assert.equal(convertCase("getHTTPResponse", "snakeCase"), "get_http_response");
  assert.equal(convertCase("getHTTPResponse", "kebabCase"), "get-http-response");
  assert.equal(convertCase("ÉtéChaud", "snakeCase"), "été_chaud");
  assert.equal(convertCase("straße", "upperCase"), "STRASSE");
});

test("substring counts code points; out-of-range and crossing indices give the empty string", () => {
  const rule = (a: string) => `rule: {pattern: "x = $S"}\ntransform:\n  N: substring($S, ${a})\nfix: "x = '$N'"\n`;
  assert.equal(fixed(rule("startChar=1, endChar=-1"), "x = éàü\n"), "x = 'à'\n");
  assert.equal(fixed(rule("startChar=-100"), "x = abc\n"), "x = 'abc'\n");
  assert.equal(fixed(rule("startChar=2, endChar=1"), "x = abc\n"), "x = ''\n");
  assert.equal(fixed(rule("endChar=100"), "x = abc\n"), "x = 'abc'\n");
  assert.equal(fixed(rule("startChar=5"), "x = abc\n"), "x = ''\n");
});

test("replace: every match, numbered and named groups in 'by' (Rust's braced spelling too)", () => {
  const rule = (re: string, by: string) =>
    `rule: {pattern: "x = $S"}\ntransform:\n  N: {replace: {source: $S, replace: '${re}', by: '${by}'}}\nfix: "x = $N"\n`;
  assert.equal(fixed(rule("[0-9]", "n"), "x = a1b22\n"), "x = anbnn\n");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ast-grep's braced syntax, not a JS template
  assert.equal(fixed(rule("(a)(b)", "${2}$1"), "x = ab\n"), "x = ba\n");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ast-grep's braced syntax, not a JS template
  assert.equal(fixed(rule("(?<w>[a-z]+)", "${w}_${w}"), "x = ab\n"), "x = ab_ab\n");
  assert.equal(fixed(rule("(?<w>[a-z]+)", "$<w>2"), "x = ab\n"), "x = ab2\n");
});

test("rewriters: outermost node first, first listed rewriter wins, outer metavariables unify", () => {
  const base = `rule: {pattern: "f($A)"}\nrewriters:\n  - {id: num, rule: {kind: Constant}, fix: "N"}\n  - {id: two, rule: {pattern: "2"}, fix: "TWO"}\n  - {id: tup, rule: {kind: Tuple}, fix: "T"}\n`;
  const tr = (list: string) => `${base}transform:\n  R: {rewrite: {source: $A, rewriters: [${list}]}}\nfix: g($R)\n`;
  assert.equal(fixed(tr("num"), "f((1, 2, 3))\n"), "g((N, N, N))\n");
  assert.equal(fixed(tr("two, num"), "f((1, 2, 3))\n"), "g((N, TWO, N))\n");
  assert.equal(fixed(tr("num, tup"), "f((1, 2, 3))\n"), "g(T)\n");
  // Rewriters see the enclosing rule's $B: a rewriter pattern using $B matches only equal code.
  const outer = `rule: {pattern: "f($A, $B)"}\nrewriters:\n  - {id: same, rule: {pattern: "$B"}, fix: "SAME"}\ntransform:\n  R: {rewrite: {source: $A, rewriters: [same]}}\nfix: g($R)\n`;
  assert.equal(fixed(outer, "f([x, y.z, x], x)\n"), "g([SAME, y.z, SAME])\n");
  // ... and its template too.
  const tpl = `rule: {pattern: "f($A, $B)"}\nrewriters:\n  - {id: r, rule: {kind: Name}, fix: "$B"}\ntransform:\n  R: {rewrite: {source: $A, rewriters: [r]}}\nfix: g($R)\n`;
  assert.equal(fixed(tpl, "f(a + b, 9)\n"), "g(9 + 9)\n");
  // An identifier capture has no nodes: its text stays.
  const ident = `${DEF}rewriters:\n  - {id: r, rule: {kind: Name}, fix: "x"}\ntransform:\n  R: {rewrite: {source: $F, rewriters: [r]}}\nfix: {setField: {field: name, value: "$R"}}\n`;
  assert.equal(fixed(ident, "def h(): pass\n"), "def h(): pass\n");
});

test("rewriters nesting without end are refused at the match (Q3018), the others applied", () => {
  const rule = `rule: {pattern: "f($A)"}\nrewriters:\n  - id: loop\n    rule: {kind: Name}\n    transform:\n      R: {rewrite: {source: $N, rewriters: [loop]}}\n    fix: $R\n`;
  // $N is not bound by the rewriter: Q3006.
  assert.equal(error(rule + "transform:\n  X: {rewrite: {source: $A, rewriters: [loop]}}\nfix: $X\n").code, "Q3006");
  const self = `rule: {pattern: "f($A)"}\nrewriters:\n  - id: loop\n    rule: {pattern: "$N"}\n    transform:\n      R: {rewrite: {source: $N, rewriters: [loop]}}\n    fix: $R\ntransform:\n  X: {rewrite: {source: $A, rewriters: [loop]}}\nfix: g($X)\n`;
  const { tree } = parse("f(a)\nh(b)\n");
  const r = compileQuery({ ruleText: self }).fix(tree);
  assert.equal(r.text, "f(a)\nh(b)\n");
  assert.deepEqual(
    r.skipped.map((s) => [s.code, s.message]),
    [["Q3018", "rewriters nest deeper than 64 levels"]],
  );
});

test("transformed metavariables in fix callbacks and in messages", () => {
  const ruleText = `${DEF}transform:\n  S: convert($F, toCase=snakeCase)\nfix: x\n`;
  const { tree } = parse("def fooBar(): pass\n");
  const q = compileQuery({ ruleText });
  const r = q.fix(tree, { fix: (_m, ctx) => ctx.fill("def $S(): pass") });
  assert.equal(r.text, "def foo_bar(): pass\n");
  // The message helper compile.ts uses for Match.message when a rule has transforms.
  const vars = new Vars();
  const lowered = lowerRule(parseRuleText(ruleText), vars, ruleText);
  const m = q.find(tree)[0]!;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ast-grep's braced syntax, not a JS template
  assert.equal(transformedMessage(tree, lowered.transform!, m, "rename $F to $S (${S}_v2)"), "rename fooBar to foo_bar (foo_bar_v2)");
  // Match.message itself, from a rule whose message uses a transformed and a braced name; and a
  // braced name in a rule without transforms.
  const withMessage = `${DEF}transform:\n  S: convert($F, toCase=snakeCase)\nmessage: "rename $F to $S (\${S}_v2)"\n`;
  for (const backend of ["codegen", "closure"] as const) {
    const found = compileQuery({ ruleText: withMessage }, { backend }).find(parse("def fooBar(): pass\ndef x(): pass\n").tree);
    assert.deepEqual(
      found.map((f) => f.message),
      ["rename fooBar to foo_bar (foo_bar_v2)", "rename x to x (x_v2)"],
    );
  }
  const braced = compileQuery({ ruleText: `${DEF}message: "\${F}_v2 and $F"\n` }).find(tree);
  assert.deepEqual(
    braced.map((f) => f.message),
    ["fooBar_v2 and fooBar"],
  );
});

test("Q3025: a fix deleting comments inside the replaced code warns, and is applied", () => {
  const src = "x = f(a,  # keep a\n      b)\ny = f(c)  # trailing\nif z:\n    g()  # note\n    h()\n";
  const { tree } = parse(src);
  let r = compileQuery({ rule: { pattern: "f($$$A)" }, fix: "k($$$A)" }).fix(tree);
  // The template keeps the run's text, comments included: no warning.
  assert.deepEqual(r.warnings, []);
  assert.equal(r.text, "x = k(a,  # keep a\n      b)\ny = k(c)  # trailing\nif z:\n    g()  # note\n    h()\n");
  r = compileQuery({ rule: { pattern: "f($A, $B)" }, fix: "k($A, $B)" }).fix(tree);
  assert.deepEqual(
    r.warnings.map((w) => [w.match, w.code, w.message]),
    [[0, "Q3025", "the fix deletes a comment inside the code it replaces: # keep a"]],
  );
  assert.equal(r.text, "x = k(a, b)\ny = f(c)  # trailing\nif z:\n    g()  # note\n    h()\n");
  // Removing a statement takes its own trailing comment by design: no warning.
  r = compileQuery({ rule: { pattern: "g()" }, fix: { remove: true } }).fix(tree);
  assert.deepEqual(r.warnings, []);
  // Replacing the whole `if` drops the comment inside it.
  r = compileQuery({ rule: { kind: "If" }, fix: "pass" }).fix(tree);
  assert.deepEqual(
    r.warnings.map((w) => w.message),
    ["the fix deletes a comment inside the code it replaces: # note"],
  );
  assert.equal(r.text, "x = f(a,  # keep a\n      b)\ny = f(c)  # trailing\npass\n");
  // A multi-statement match replaced by a template carrying its statements: the comment inside
  // the second (removed) statement is in the replacement, so it is kept.
  const two = parse("a = f(1,  # one\n      2)\nb = g(3,  # two\n      4)\n").tree;
  r = compileQuery({ rule: { pattern: "a = $X\nb = $Y" }, fix: "b = $Y\na = $X" }).fix(two);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.text, "b = g(3,  # two\n      4)\na = f(1,  # one\n      2)\n");
  // A '#' inside a string is no comment.
  const s = parse("x = f('#not', 1)\n").tree;
  assert.deepEqual(compileQuery({ rule: { pattern: "f($A, $B)" }, fix: "k()" }).fix(s).warnings, []);
});

test("string lines are never re-indented", () => {
  assert.deepEqual(stringLines(['x = """a', "  b", '"""', "y = 'c \\", "  d'", "z = 'e\\\\", "w"]), [
    false,
    true,
    true,
    false,
    true,
    false,
    false,
  ]);
  assert.equal(
    reindent('if a:\n    s = """\n  kept\n    """\n    t = 1', "        ", true),
    '        if a:\n            s = """\n  kept\n    """\n            t = 1',
  );
  // A capture moved deeper keeps its string's lines; the template's own string lines too.
  const src = 'def f():\n    s = """one\n  two"""\n';
  assert.equal(
    fixed('rule: {pattern: "s = $V"}\nfix: |\n  if True:\n      s = $V\n      t = """a\n    b"""\n', src),
    'def f():\n    if True:\n        s = """one\n  two"""\n        t = """a\n  b"""\n',
  );
});

test("an inserted def gets PEP 8's blank lines after its anchor too, counting those there", () => {
  const src = "import os\nx = 1\n\ny = 2\nclass C:\n    a = 1\n    b = 2\n";
  const after = (pat: string) => fixed(`rule: {pattern: "${pat}"}\nfix: {insertAfter: "def g():\\n    pass"}\n`, src);
  // Module level: two blank lines before it; after it, one more next to the one already there.
  assert.equal(after("x = 1"), "import os\nx = 1\n\n\ndef g():\n    pass\n\n\ny = 2\nclass C:\n    a = 1\n    b = 2\n");
  // In a class: one blank line before, one after (none at the end of the file).
  assert.equal(after("a = 1"), "import os\nx = 1\n\ny = 2\nclass C:\n    a = 1\n\n    def g():\n        pass\n\n    b = 2\n");
  assert.equal(after("b = 2"), "import os\nx = 1\n\ny = 2\nclass C:\n    a = 1\n    b = 2\n\n    def g():\n        pass\n");
  // A statement that is no def gets no blank lines.
  assert.equal(
    fixed('rule: {pattern: "x = 1"}\nfix: {insertAfter: "z = 3"}\n', src),
    "import os\nx = 1\nz = 3\n\ny = 2\nclass C:\n    a = 1\n    b = 2\n",
  );
});

const bin = join(repoRoot(), "bin", "quarry.js");
function find(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, "find", ...args], { cwd, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("quarry find --until-fixpoint: bounded passes, says when it does not converge; warnings printed", () => {
  const dir = mkdtempSync(join(tmpdir(), "quarry-fixpoint-"));
  try {
    writeFileSync(join(dir, "a.py"), "y = bar(bar(bar(1)))\n");
    // One pass: the inner matches overlap the outer one.
    let r = find(dir, "bar($X)", "--rewrite", "baz($X)", "--write", "a.py");
    assert.equal(readFileSync(join(dir, "a.py"), "utf8"), "y = baz(bar(bar(1)))\n");
    assert.equal(r.err, "quarry: a.py: 2 overlapping fixes skipped (the outermost match wins)\n");
    writeFileSync(join(dir, "a.py"), "y = bar(bar(bar(1)))\n");
    r = find(dir, "bar($X)", "--rewrite", "baz($X)", "--until-fixpoint", "--write", "a.py");
    assert.equal(r.code, 0);
    assert.equal(r.err, "");
    assert.equal(readFileSync(join(dir, "a.py"), "utf8"), "y = baz(baz(baz(1)))\n");
    writeFileSync(join(dir, "a.py"), "y = bar(1)\n");
    r = find(dir, "bar($X)", "--rewrite", "bar(bar($X))", "--until-fixpoint=3", "a.py");
    assert.match(r.out, /\+y = bar\(bar\(bar\(bar\(1\)\)\)\)\n/);
    assert.match(r.err, /quarry: a.py: stopped after 3 passes without reaching a fixpoint/);
    r = find(dir, "bar($X)", "--until-fixpoint", "a.py");
    assert.equal(r.code, 2);
    assert.match(r.err, /--until-fixpoint needs --rewrite/);
    r = find(dir, "bar($X)", "--rewrite", "x", "--until-fixpoint=0", "a.py");
    assert.equal(r.code, 2);
    writeFileSync(join(dir, "b.py"), "z = bar(1,  # why\n        2)\n");
    r = find(dir, "bar($A, $B)", "--rewrite", "bar($A, $B)", "b.py");
    assert.equal(r.err, "quarry: b.py:1:5: warning Q3025 the fix deletes a comment inside the code it replaces: # why\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
