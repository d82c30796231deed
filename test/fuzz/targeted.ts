// The fuzz suite's own generator: generate.ts's token-level mutations plus targeted damage
// (indentation, quotes inside f-/t-strings, keywords in odd places, truncation inside nested
// brackets). generateCases in generate.ts stays as it was: other suites replay its cases.
import { type Rand, distinctCases, insertion, lex, snippet, soup } from "./generate.js";

const isSpace = (t: string): boolean => /^[ \t\f]+$/.test(t) || t === "\n";

/** Index of a random non-whitespace token, or -1. */
function solid(r: Rand, toks: readonly string[]): number {
  const idx: number[] = [];
  for (let i = 0; i < toks.length; i++) if (!isSpace(toks[i]!)) idx.push(i);
  return idx.length === 0 ? -1 : r.pick(idx);
}

// Indentation damage: dedent or indent one line, or mix tabs and spaces in its leading whitespace.
function damageIndent(r: Rand, src: string): string {
  const lines = src.split("\n");
  const i = r.int(Math.max(1, lines.length - 1));
  const line = lines[i]!;
  const lead = /^[ \t\f]*/.exec(line)![0];
  const body = line.slice(lead.length);
  switch (r.int(6)) {
    case 0:
      lines[i] = lead.slice(0, r.int(lead.length + 1)) + body;
      break; // dedent (maybe partly)
    case 1:
      lines[i] = lead + r.pick([" ", "  ", "    ", "        ", "\t"]) + body;
      break; // indent
    case 2:
      lines[i] = lead.replace(/ {4}/, "\t") + body;
      break; // four spaces become a tab
    case 3:
      lines[i] = lead.replace(/\t/, r.pick(["    ", "        ", " "])) + body;
      break; // a tab becomes spaces
    case 4:
      lines[i] = r.pick(["\t", " \t", "\t ", "    \t", "\f", "\t\f "]) + lead + body;
      break; // mixed
    default: {
      // another line's indentation
      const other = lines[r.int(lines.length)]!;
      lines[i] = /^[ \t\f]*/.exec(other)![0] + body;
    }
  }
  return lines.join("\n");
}

const FSTRINGS = [
  `f"{x}"`,
  `f'{x!r:>10}'`,
  `f"{a['k']}"`,
  `f'{f"{x}"}'`,
  `t"{x=}"`,
  `f"""{x:{w}.{p}f}"""`,
  `t'{x!s}'`,
  `f"{'a' if x else 'b'}"`,
  `f"{x:=10}"`,
  `f"{(lambda y: y)(x)}"`,
  `rf"\\{x}"`,
  `f"{{x}}"`,
  `f"{x}{y}"`,
  `f"{'\\n'.join(a)}"`,
  `t"{a:{b}}"`,
  `f'{x = }'`,
  `t"""{\n x\n}"""`,
  `f"a{b!a}c{d:e}"`,
  `tr'{x}\\d'`,
  `f"{x:{'>'}10}"`,
  `t'{f"{y}"}'`,
  `f"{a[1:2]}"`,
  `f"{*a,}"`,
  `f"{await x}"`,
  `f"{yield}"`,
];
const FSTRING_START = /(?<![\w'"])(?:[fFtT][rR]?|[rR][fFtT])(?:"""|'''|"|')/g;
const FSTRING_DAMAGE = ["'", '"', "'''", '"""', "{", "}", "{x", "}}", "{{", "!r", "!", ":", "=", "\\", "\n", "f'", 't"', "#", "{'", "'}"];

function fstringBodies(src: string): number[] {
  return [...src.matchAll(FSTRING_START)].map((m) => m.index! + m[0].length);
}

// Unbalanced quotes (and braces) inside an f-string or t-string: damage the text just after a
// string start, inserting a template into the snippet first when it has none.
function damageFString(r: Rand, src: string): string {
  let starts = fstringBodies(src);
  if (starts.length === 0 || r.chance(0.3)) {
    const toks = lex(src);
    const f = r.pick(FSTRINGS);
    toks.splice(r.int(toks.length + 1), 0, r.chance(0.5) ? f : ` ${f} `);
    src = toks.join("");
    starts = fstringBodies(src);
    if (starts.length === 0) return src;
  }
  const start = r.pick(starts);
  if (r.chance(0.3)) {
    // Delete a quote or brace shortly after the start.
    const cands = [...src.slice(start, start + 40).matchAll(/['"{}]/g)].map((m) => start + m.index!);
    if (cands.length > 0) {
      const q = r.pick(cands);
      return src.slice(0, q) + src.slice(q + 1);
    }
  }
  const p = Math.min(src.length, start + r.int(24));
  return src.slice(0, p) + r.pick(FSTRING_DAMAGE) + src.slice(p);
}

const ODD_KEYWORDS = ["if", "else", "lambda", "yield", "await", "async", "match", "case", "type", ":=", "*", "**"];

// A keyword or operator where it does not belong, at a token boundary.
function oddKeyword(r: Rand, toks: string[]): void {
  const kw = r.pick(ODD_KEYWORDS);
  toks.splice(r.int(toks.length + 1), 0, (r.chance(0.7) ? " " : "") + kw + (r.chance(0.7) ? " " : ""));
}

// Truncation inside nested brackets: cut after a token where two brackets are open (one when the
// snippet never nests deeper), sometimes inside that token, sometimes adding a newline.
function truncateNested(r: Rand, toks: readonly string[]): string {
  let depth = 0;
  const at: number[][] = [[], [], []];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t === "(" || t === "[" || t === "{") depth++;
    else if ((t === ")" || t === "]" || t === "}") && depth > 0) depth--;
    at[Math.min(depth, 2)]!.push(i + 1);
  }
  const pool = at[2]!.length > 0 ? at[2]! : at[1]!.length > 0 ? at[1]! : at[0]!;
  if (pool.length === 0) return toks.join("");
  let s = toks.slice(0, r.pick(pool)).join("");
  if (r.chance(0.2)) s = s.slice(0, Math.max(0, s.length - 1 - r.int(3)));
  return r.chance(0.5) ? s + "\n" : s;
}

/** Applies 1 to 3 mutations: token deletion, duplication, swap, insertion, replacement, and the targeted kinds above. */
export function mutateMore(r: Rand, src: string): string {
  let toks = lex(src);
  const rounds = 1 + r.int(3);
  for (let k = 0; k < rounds; k++) {
    const i = r.int(toks.length + 1);
    const j = solid(r, toks);
    switch (r.int(11)) {
      case 0: // delete a token
        if (j >= 0) toks.splice(j, 1);
        break;
      case 1: // duplicate a token
        if (j >= 0) toks.splice(j, 0, r.chance(0.5) ? toks[j]! : toks[j]! + " ");
        break;
      case 2: {
        // swap a token with the next non-space one
        if (j < 0) break;
        let n = j + 1;
        while (n < toks.length && isSpace(toks[n]!)) n++;
        if (n < toks.length) [toks[j], toks[n]] = [toks[n]!, toks[j]!];
        break;
      }
      case 3: // insert a bracket, keyword, operator, quote or odd character
        toks.splice(i, 0, (r.chance(0.5) ? " " : "") + insertion(r) + (r.chance(0.5) ? " " : ""));
        break;
      case 4: // replace a token
        if (j >= 0) toks[j] = insertion(r);
        break;
      case 5:
      case 6:
        toks = lex(damageIndent(r, toks.join("")));
        break;
      case 7:
        toks = lex(damageFString(r, toks.join("")));
        break;
      case 8:
      case 9:
        oddKeyword(r, toks);
        break;
      default:
        toks = lex(truncateNested(r, toks));
    }
  }
  return toks.join("");
}

/**
 * `count` distinct cases from `sources` (decoded Python texts): 70% snippets mutated by
 * mutateMore, 10% snippets with an f-/t-string damaged, 10% unmutated snippets, 10% token soup.
 */
export function generateFuzzCases(seed: number, count: number, sources: readonly string[]): string[] {
  return distinctCases(seed, count, (r, roll) => {
    if (roll < 0.1) return soup(r);
    const s = snippet(r, r.pick(sources));
    if (roll < 0.2) return s;
    return roll < 0.3 ? damageFString(r, s) : mutateMore(r, s);
  });
}
