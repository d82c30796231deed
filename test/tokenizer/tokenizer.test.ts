// Unit tests for the tokenizer contract (src/tokenizer/tokenizer.ts) and the interner.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize, type Tokens } from "../../src/tokenizer/tokenizer.js";
import { TokenKind as T } from "../../src/tokenizer/token-kind.js";
import { Interner, KEYWORD_LIST } from "../../src/core/interner.js";
import { decodeSource } from "../../src/core/source.js";

const NAMES: Record<number, string> = {};
for (const [k, v] of Object.entries(T)) NAMES[v] = k;

function lex(src: string): { t: Tokens; bytes: Uint8Array; interner: Interner } {
  const { bytes } = decodeSource(src);
  const interner = new Interner();
  return { t: tokenize(bytes, interner), bytes, interner };
}

/** One-line token-kind check: expectTokens("x = 1", "NAME EQUAL NUMBER NEWLINE ENDMARKER"). */
function expectTokens(src: string, kinds: string): void {
  const { t } = lex(src);
  const got: string[] = [];
  for (let i = 0; i < t.count; i++) got.push(NAMES[t.kind[i]!]!);
  assert.equal(got.join(" "), kinds, JSON.stringify(src));
}

/** Token texts, for position checks. */
function texts(src: string): string[] {
  const { t, bytes } = lex(src);
  const out: string[] = [];
  const dec = new TextDecoder();
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  padded[bytes.length] = 10; // the implied final newline
  for (let i = 0; i < t.count; i++) out.push(dec.decode(padded.subarray(t.start[i]!, t.end[i]!)));
  return out;
}

test("token kinds", () => {
  expectTokens("x = 1", "NAME EQUAL NUMBER NEWLINE ENDMARKER");
  expectTokens("if x:\n  pass\n", "KW_IF NAME COLON NEWLINE INDENT KW_PASS NEWLINE DEDENT ENDMARKER");
  expectTokens("match = case = type = _", "NAME EQUAL NAME EQUAL NAME EQUAL NAME NEWLINE ENDMARKER");
  expectTokens("a **= b // c", "NAME DOUBLESTAREQUAL NAME DOUBLESLASH NAME NEWLINE ENDMARKER");
  expectTokens("x $ y", "NAME OP NAME NEWLINE ENDMARKER");
  expectTokens("a <> b", "NAME NOTEQUAL NAME NEWLINE ENDMARKER");
  expectTokens("", "ENDMARKER");
  expectTokens("# just a comment", "ENDMARKER");
  expectTokens("(1,\n 2)\n", "LPAR NUMBER COMMA NUMBER RPAR NEWLINE ENDMARKER");
  expectTokens(
    "f'a{x!r:>{w}}b'",
    "FSTRING_START FSTRING_MIDDLE LBRACE NAME EXCLAMATION NAME COLON FSTRING_MIDDLE LBRACE NAME RBRACE RBRACE FSTRING_MIDDLE FSTRING_END NEWLINE ENDMARKER",
  );
  expectTokens("t'{x=}'", "TSTRING_START LBRACE NAME EQUAL RBRACE TSTRING_END NEWLINE ENDMARKER");
  expectTokens("rb'x' u'y' 1j 0x_f .5", "STRING STRING NUMBER NUMBER NUMBER NEWLINE ENDMARKER");
  expectTokens("x = 1 +", "NAME EQUAL NUMBER PLUS NEWLINE ENDMARKER");
});

test("every hard keyword gets its KW_ kind, and ids 1..35 in KEYWORD_LIST order", () => {
  const { t, interner } = lex(KEYWORD_LIST.join(" "));
  for (let i = 0; i < KEYWORD_LIST.length; i++) {
    assert.equal(t.kind[i], T.KW_FALSE + i, KEYWORD_LIST[i]);
    assert.equal(t.value[i], i + 1);
    assert.equal(interner.get(t.value[i]!), KEYWORD_LIST[i]);
  }
});

test("names are interned; non-ASCII names NFKC-normalized and never keywords", () => {
  const { t, interner } = lex("spam = spam + ﬁ + fi + ｉｆ");
  assert.equal(t.value[0], t.value[2]);
  assert.equal(t.value[4], t.value[6]); // "ﬁ" is NFKC "fi"
  assert.equal(interner.get(t.value[4]!), "fi");
  assert.equal(t.kind[8], T.NAME); // fullwidth "ｉｆ" normalizes to "if" but stays a NAME, as in CPython
  assert.equal(interner.get(t.value[8]!), "if");
  assert.equal(t.value[1], 0); // EQUAL carries no value
});

test("positions: byte offsets, NEWLINE, INDENT/DEDENT, ENDMARKER, implied final newline", () => {
  assert.deepEqual(texts("é = 'ü'"), ["é", "=", "'ü'", "\n", ""]);
  const { t } = lex("x = 1  # note\n");
  assert.equal(t.kind[3], T.NEWLINE);
  assert.deepEqual([t.start[3], t.end[3]], [7, 14]); // from the comment's "#" to past the "\n"
  const b = lex("if x:\n    y\nz");
  // INDENT covers the indentation; DEDENT is empty at the first token of its line.
  const kinds = Array.from(b.t.kind.subarray(0, b.t.count));
  const ind = kinds.indexOf(T.INDENT);
  assert.deepEqual([b.t.start[ind], b.t.end[ind]], [6, 10]);
  const ded = kinds.indexOf(T.DEDENT);
  assert.deepEqual([b.t.start[ded], b.t.end[ded]], [12, 12]);
  // "z" has no "\n": the NEWLINE sits one byte past the buffer, ENDMARKER on the next line.
  assert.deepEqual([b.t.start[b.t.count - 2], b.t.end[b.t.count - 2]], [13, 14]);
  assert.deepEqual([b.t.start[b.t.count - 1], b.t.end[b.t.count - 1]], [14, 14]);
  assert.deepEqual(Array.from(b.t.lineStarts.subarray(0, b.t.lineCount)), [0, 6, 12, 14]);
});

test("f-string literal runs are merged and keep doubled braces as written", () => {
  assert.deepEqual(texts("f'a{{b}}c{x}d\\N{DASH}}}'"), ["f'", "a{{b}}c", "{", "x", "}", "d\\N{DASH}}}", "'", "\n", ""]);
  assert.deepEqual(texts("f'{x:%H:%M}'"), ["f'", "{", "x", ":", "%H:%M", "}", "'", "\n", ""]);
  assert.deepEqual(texts("f'''a\nb{c}'''"), ["f'''", "a\nb", "{", "c", "}", "'''", "\n", ""]);
});

test("errors: one ERRORTOKEN then ENDMARKER, error set; f-string flag", () => {
  const { t } = lex("x = 1\ny = 'oops\nz = 2\n");
  assert.equal(t.kind[t.count - 2], T.ERRORTOKEN);
  assert.equal(t.kind[t.count - 1], T.ENDMARKER);
  assert.deepEqual(t.error, {
    code: "T1101",
    cls: "SyntaxError",
    msg: "unterminated string literal (detected at line 2)",
    lineno: 2,
    offset: 5,
    end_lineno: 2,
    end_offset: 5,
  });
  assert.equal(t.errorInFString, false);
  assert.equal(t.lineCount, 4, "the line table covers the whole buffer even after an error");
  const f = lex("f'{a)}'").t;
  assert.equal(f.error?.msg, "f-string: unmatched ')'");
  assert.equal(f.errorInFString, true);
  const nul = tokenize(new Uint8Array([120, 0, 121]), new Interner());
  assert.equal(nul.count, 2);
  assert.equal(nul.error?.msg, "source code string cannot contain null bytes");
  assert.equal(nul.error?.lineno, null);
});

test("errorFromCode marks the errors pegen builds from tokenizer codes", () => {
  assert.equal(lex("if x:\n  a\n b\n").t.errorFromCode, true);
  assert.equal(lex("x = 1 \\ y").t.errorFromCode, true);
  assert.equal(lex("x = \\").t.errorFromCode, true);
  assert.equal(lex("x = 'a").t.errorFromCode, false);
  const t = lex("f(x,\n  y \\ z)").t;
  assert.equal(t.error?.msg, "unexpected character after line continuation character");
  assert.equal(t.unclosed?.error.msg, "'(' was never closed", "the open bracket at the error is exposed too");
});

test("unclosed bracket at end of input is exposed, not an error", () => {
  const { t } = lex("x = [1,\n  (2,\n");
  assert.equal(t.error, null);
  assert.equal(t.kind[t.count - 1], T.ENDMARKER);
  assert.deepEqual(t.unclosed, {
    offset: 10,
    char: "(",
    lineno: 2,
    inFString: false,
    error: { code: "P2005", cls: "SyntaxError", msg: "'(' was never closed", lineno: 2, offset: 3, end_lineno: 2, end_offset: 0 },
  });
  assert.equal(lex("x = (1)").t.unclosed, null);
  // A replacement field a comment left open: the tokenizer stops inside the f-string.
  assert.equal(lex('f"{x # c}"\n').t.unclosed?.inFString, true);
});

test("never throws, always ends with ENDMARKER, offsets stay in order", () => {
  // Deterministic pseudo-random programs over an alphabet of troublesome characters.
  const alphabet = [
    "f'",
    "t'''",
    "'",
    '"',
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    "!",
    "=",
    "\\",
    "\n",
    " ",
    "\t",
    "\f",
    "#",
    "x",
    "1",
    "0x",
    "0",
    "_",
    "e",
    "j",
    ".",
    "é",
    "€",
    "\u200b",
    "\r",
    "rb",
    "u",
    "\\N{",
    "{{",
    "}}",
    "\n  ",
    "if",
    ";",
    "\x01",
    "\0",
  ];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let iter = 0; iter < 3000; iter++) {
    let s = "";
    const len = rand(30);
    for (let k = 0; k < len; k++) s += alphabet[rand(alphabet.length)];
    const { bytes, error } = decodeSource(s);
    if (error) continue;
    const t = tokenize(bytes, new Interner());
    assert.ok(t.count >= 1);
    assert.equal(t.kind[t.count - 1], T.ENDMARKER, JSON.stringify(s));
    assert.equal(t.error !== null, t.count >= 2 && t.kind[t.count - 2] === T.ERRORTOKEN, JSON.stringify(s));
    for (let i = 0; i < t.count; i++) {
      assert.ok(t.start[i]! <= t.end[i]!, JSON.stringify(s));
      if (i > 0) assert.ok(t.start[i - 1]! <= t.start[i]!, JSON.stringify(s));
    }
  }
});

test("interner: ASCII and string paths agree", () => {
  const it = new Interner();
  const bytes = new TextEncoder().encode("hello world");
  const a = it.internAscii(bytes, 0, 5);
  assert.equal(it.intern("hello"), a);
  assert.equal(it.get(a), "hello");
  assert.equal(it.intern("héllo"), it.intern("héllo"));
  assert.notEqual(it.intern("héllo"), a);
  for (let i = 0; i < 5000; i++) assert.equal(it.intern("n" + i), it.internAscii(new TextEncoder().encode("n" + i), 0, ("n" + i).length));
  assert.equal(it.intern("if"), 21);
});
