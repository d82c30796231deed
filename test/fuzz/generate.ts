// Seeded generation of fuzz cases: mutated snippets of real Python (token deletions, duplications,
// swaps, insertions of brackets/keywords/operators/quotes, truncation) and random token soup.
// Everything derives from one 32-bit seed, so a run is reproducible and its oracle answers cached.
import { KEYWORD_LIST } from "../../src/core/interner.js";

/** mulberry32: small, fast, good enough for test-case generation. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rand {
  readonly next: () => number;
  constructor(next: () => number) {
    this.next = next;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// A rough Python lexer, only good enough to cut lines at token boundaries.
const TOKEN_RE =
  /[ \t\f]+|\n|[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*|\d[\w.]*|[rRbBuUfFtT]{0,2}("""|'''|"|')|\*\*=?|\/\/=?|>>=?|<<=?|->|:=|\.\.\.|[!=<>]=|[-+*/%&|^@]=|[^\s]/gu;

export function lex(src: string): string[] {
  return src.match(TOKEN_RE) ?? [];
}

// Python's keywords (the tokenizer's list), then the soft keywords.
const KEYWORDS = [...KEYWORD_LIST, "match", "case", "type", "_"];
const OPERATORS = [
  "+",
  "-",
  "*",
  "/",
  "//",
  "%",
  "**",
  "@",
  "<<",
  ">>",
  "&",
  "|",
  "^",
  "~",
  ":=",
  "<",
  ">",
  "<=",
  ">=",
  "==",
  "!=",
  "=",
  "+=",
  "-=",
  "*=",
  "/=",
  "//=",
  "%=",
  "@=",
  "&=",
  "|=",
  "^=",
  ">>=",
  "<<=",
  "**=",
  "->",
  ".",
  "...",
  ",",
  ":",
  ";",
  "!",
  "?",
  "$",
];
const BRACKETS = ["(", ")", "[", "]", "{", "}"];
const QUOTES = ["'", '"', "'''", '"""', "f'", 'f"', "t'", 't"', "rb'", 'fr"', "u'", "b'", "}", "{"];
const ODD = ["\n", "\\\n", "\\", "    ", "\t", "\f", "\r\n", "\r", "#", "0x", "1_", "0o8", "1e", "1j", "é", "€", "\u00a0", "\u200b", "\0"];
const ATOMS = ["x", "y", "f", "a.b", "0", "1", "1.5", "0x1f", "'s'", '"s"', "f'{x}'", "t'{x}'", "b'b'", "...", "()", "[]", "{}"];

const VOCAB = [...KEYWORDS, ...OPERATORS, ...BRACKETS, ...QUOTES, ...ATOMS, "\n", "\n    ", "\n\t", ":\n    "];

/** One random insertion: a keyword, operator, bracket, quote, atom or odd character. */
export function insertion(r: Rand): string {
  switch (r.int(6)) {
    case 0:
      return r.pick(KEYWORDS);
    case 1:
      return r.pick(OPERATORS);
    case 2:
      return r.pick(BRACKETS);
    case 3:
      return r.pick(QUOTES);
    case 4:
      return r.pick(ATOMS);
    default:
      return r.pick(ODD);
  }
}

/** A window of 1 to 6 lines of `text`, dedented by its first line's indentation. */
export function snippet(r: Rand, text: string): string {
  const lines = text.split("\n");
  const start = r.int(lines.length);
  const count = 1 + r.int(6);
  const window = lines.slice(start, start + count);
  const indent = /^[ \t]*/.exec(window[0] ?? "")![0];
  return window.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join("\n") + "\n";
}

// Adds or removes leading whitespace on one line, which exercises INDENT/DEDENT and TabError paths.
function reindent(r: Rand, src: string): string {
  const lines = src.split("\n");
  const i = r.int(lines.length);
  const line = lines[i]!;
  if (r.chance(0.5) && /^[ \t]/.test(line)) lines[i] = line.slice(1 + r.int(Math.min(4, line.length)));
  else lines[i] = r.pick([" ", "  ", "    ", "\t", "\f", " \t"]) + line;
  return lines.join("\n");
}

/** Applies 1 to 3 token-level or line-level mutations. */
export function mutate(r: Rand, src: string): string {
  let toks = lex(src);
  const rounds = 1 + r.int(3);
  for (let k = 0; k < rounds; k++) {
    const i = r.int(toks.length + 1);
    switch (r.int(7)) {
      case 0: // delete a token
        if (toks.length > 0) toks.splice(Math.min(i, toks.length - 1), 1);
        break;
      case 1: // duplicate a token
        if (i < toks.length) toks.splice(i, 0, toks[i]!);
        break;
      case 2: // swap two neighbours
        if (i + 1 < toks.length) [toks[i], toks[i + 1]] = [toks[i + 1]!, toks[i]!];
        break;
      case 3: // insert a bracket, keyword, operator, quote or odd character
        toks.splice(i, 0, (r.chance(0.5) ? " " : "") + insertion(r) + (r.chance(0.5) ? " " : ""));
        break;
      case 4: // replace a token
        if (i < toks.length) toks[i] = insertion(r);
        break;
      case 5: // re-indent a line
        toks = lex(reindent(r, toks.join("")));
        break;
      default: {
        // truncate
        const s = toks.join("");
        toks = [s.slice(0, r.int(s.length + 1))];
      }
    }
  }
  return toks.join("");
}

/** 1 to 20 random tokens, separated by spaces or nothing. */
export function soup(r: Rand): string {
  const n = 1 + r.int(20);
  let s = "";
  for (let i = 0; i < n; i++) s += (i > 0 && r.chance(0.7) ? " " : "") + r.pick(VOCAB);
  return r.chance(0.8) ? s + "\n" : s;
}

/**
 * `count` distinct cases, each made by `make` from the seeded generator and a roll in [0, 1)
 * drawn first; gives up after `count * 20` attempts (so it may return fewer).
 */
export function distinctCases(seed: number, count: number, make: (r: Rand, roll: number) => string): string[] {
  const r = new Rand(prng(seed));
  const seen = new Set<string>();
  const out: string[] = [];
  let attempts = 0;
  while (out.length < count && attempts++ < count * 20) {
    const c = make(r, r.next());
    if (seen.has(c)) continue;
    seen.add(c);
    out.push(c);
  }
  return out;
}

/**
 * `count` distinct cases from `sources` (decoded Python texts): 70% mutated snippets, 10% unmutated
 * snippets, 20% token soup.
 */
export function generateCases(seed: number, count: number, sources: readonly string[]): string[] {
  return distinctCases(seed, count, (r, roll) => {
    if (roll < 0.2) return soup(r);
    const s = snippet(r, r.pick(sources));
    return roll < 0.3 ? s : mutate(r, s);
  });
}
