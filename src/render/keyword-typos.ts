// CPython 3.14's traceback turns a generic "invalid syntax" (or "... Perhaps you forgot a comma?")
// into "invalid syntax. Did you mean 'while'?" when replacing one misspelt name by a keyword makes
// the statement compile (traceback.TracebackException._find_keyword_typos). This file redoes that
// search with quarry's tokenizer and parser, so quarry prints what `python3` would.
import { decodeSource } from "../core/source.js";
import { parse } from "../parser/parse.js";
import { tokenize } from "../tokenizer/tokenizer.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import { Interner, KEYWORD_LIST } from "../core/interner.js";
import { TokenKind } from "../tokenizer/token-kind.js";

/** The error as traceback shows it after a keyword fix: positions refer to the dedented chunk. */
export interface TypoFix {
  text: string;
  msg: string;
  lineno: number | null;
  endLineno: number | null;
  offset: number | null;
  endOffset: number | null;
}

const KEYWORDS = new Set(KEYWORD_LIST);
// Soft keywords stay NAME, as in Python's tokenize.
const { NAME, NEWLINE, INDENT, DEDENT, COLON, ENDMARKER } = TokenKind;
const MAX_CODE = 1024;

// str.splitlines() line boundaries.
const SPLITLINES = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
function splitlines(s: string): string[] {
  if (s === "") return [];
  const parts = s.split(SPLITLINES);
  if (/(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/.test(s)) parts.pop();
  return parts;
}

// textwrap.dedent: whitespace-only lines become empty; the longest common run of leading spaces
// and tabs of the other lines is removed.
function dedent(text: string): string {
  const lines = text.split("\n").map((l) => (/^[ \t]+$/.test(l) ? "" : l));
  let margin: string | null = null;
  for (const l of lines) {
    if (l === "") continue;
    const indent = /^[ \t]*/.exec(l)![0];
    if (margin === null || indent.startsWith(margin)) margin ??= indent;
    else if (margin.startsWith(indent)) margin = indent;
    else {
      let i = 0;
      while (i < margin.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  const m = margin ?? "";
  return lines.map((l) => (l.startsWith(m) ? l.slice(m.length) : l)).join("\n");
}

// Python/suggestions.c: Levenshtein distance over UTF-8 bytes, moves cost 2, a case change 1.
const MOVE_COST = 2;
const CASE_COST = 1;
const MAX_STRING_SIZE = 40;
function substitutionCost(a: number, b: number): number {
  if ((a & 31) !== (b & 31)) return MOVE_COST;
  if (a === b) return 0;
  const la = a >= 65 && a <= 90 ? a + 32 : a;
  const lb = b >= 65 && b <= 90 ? b + 32 : b;
  return la === lb ? CASE_COST : MOVE_COST;
}
function levenshtein(x: Uint8Array, y: Uint8Array, maxCost: number): number {
  let a = x;
  let b = y;
  let s = 0;
  while (s < a.length && s < b.length && a[s] === b[s]) s++;
  a = a.subarray(s);
  b = b.subarray(s);
  let ea = a.length;
  let eb = b.length;
  while (ea > 0 && eb > 0 && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  a = a.subarray(0, ea);
  b = b.subarray(0, eb);
  if (a.length === 0 || b.length === 0) return (a.length + b.length) * MOVE_COST;
  if (a.length > MAX_STRING_SIZE || b.length > MAX_STRING_SIZE) return maxCost + 1;
  if (b.length < a.length) [a, b] = [b, a];
  if ((b.length - a.length) * MOVE_COST > maxCost) return maxCost + 1;
  const buffer = new Array<number>(a.length);
  for (let i = 0, t = MOVE_COST; i < a.length; i++, t += MOVE_COST) buffer[i] = t;
  let result = 0;
  for (let bi = 0; bi < b.length; bi++) {
    const code = b[bi]!;
    let distance = (result = bi * MOVE_COST);
    let minimum = Infinity;
    for (let i = 0; i < a.length; i++) {
      const substitute = distance + substitutionCost(code, a[i]!);
      distance = buffer[i]!;
      const insertDelete = Math.min(result, distance) + MOVE_COST;
      result = Math.min(insertDelete, substitute);
      buffer[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}
const utf8 = new TextEncoder();
function levenshteinSuggestion(candidates: readonly string[], name: string): string | null {
  const nameBytes = utf8.encode(name);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const item of candidates) {
    if (item === name) continue;
    const itemBytes = utf8.encode(item);
    const maxDistance = Math.min(Math.trunc(((nameBytes.length + itemBytes.length + 3) * MOVE_COST) / 6), bestDistance - 1);
    const d = levenshtein(nameBytes, itemBytes, maxDistance);
    if (d > maxDistance) continue;
    if (best === null || d < bestDistance) {
      best = item;
      bestDistance = d;
    }
  }
  return best;
}

// difflib.SequenceMatcher(None, a, b).ratio() on code points (no junk: names are short).
function matchedCount(a: string[], b: string[]): number {
  const b2j = new Map<string, number[]>();
  b.forEach((c, j) => {
    const l = b2j.get(c);
    if (l) l.push(j);
    else b2j.set(c, [j]);
  });
  let total = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    let besti = alo,
      bestj = blo,
      bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    if (bestsize > 0) {
      total += bestsize;
      if (alo < besti && blo < bestj) queue.push([alo, besti, blo, bestj]);
      if (besti + bestsize < ahi && bestj + bestsize < bhi) queue.push([besti + bestsize, ahi, bestj + bestsize, bhi]);
    }
  }
  return total;
}
function closeMatches(word: string, possibilities: readonly string[], n: number, cutoff: number): string[] {
  const b = Array.from(word);
  const scored: [number, string][] = [];
  for (const x of possibilities) {
    const a = Array.from(x);
    const len = a.length + b.length;
    const ratioOf = (m: number) => (len === 0 ? 1 : (2 * m) / len);
    if (ratioOf(Math.min(a.length, b.length)) < cutoff) continue;
    const avail = new Map<string, number>();
    for (const c of b) avail.set(c, (avail.get(c) ?? 0) + 1);
    let common = 0;
    for (const c of a) {
      const v = avail.get(c) ?? 0;
      if (v > 0) {
        common++;
        avail.set(c, v - 1);
      }
    }
    if (ratioOf(common) < cutoff) continue;
    const r = ratioOf(matchedCount(a, b));
    if (r >= cutoff) scored.push([r, x]);
  }
  // heapq.nlargest over (score, word) tuples: ties go to the greater word.
  scored.sort((p, q) => q[0] - p[0] || (q[1] > p[1] ? 1 : q[1] < p[1] ? -1 : 0));
  return scored.slice(0, n).map((s) => s[1]);
}

// codeop.compile_command(code, symbol="exec", flags=PyCF_ONLY_AST) returns without raising when:
// the AST parse fails but the code plus "\n" parses, or is only incomplete (the parser read to the
// end of the input); or the AST parse succeeds and a full compile() of the code succeeds too.
function compilesOrIncomplete(code: string): boolean {
  const onlyBlank = code.split("\n").every((l) => {
    const t = l.trim();
    return t === "" || t.startsWith("#");
  });
  const source = onlyBlank ? "pass" : code;
  const first = parse(source);
  if (first.error === null) return compileStageError(first.tree.toJSON()) === null;
  const withNewline = source + "\n";
  const second = parse(withNewline);
  if (second.error === null) return true;
  return isIncomplete(second.error, withNewline);
}

// pegen raises _IncompleteInputError instead of the error when the tokenizer had reached the end
// of the input (E_EOF, or inside a string: E_EOFS / E_EOLS).
function isIncomplete(err: PySyntaxError, source: string): boolean {
  if (err.cls !== "SyntaxError" && err.cls !== "IndentationError") return false;
  if (/unterminated (triple-quoted )?string literal|unexpected EOF/.test(err.msg)) return true;
  if (err.lineno === null) return false;
  const lines = source.split("\n");
  let last = lines.length;
  while (last > 0 && /^\s*(#.*)?$/.test(lines[last - 1]!)) last--;
  if (/was never closed/.test(err.msg)) {
    // The unclosed-bracket report comes from a scan after the parse failed; the parser itself
    // reached the end only if closing the brackets moves the failure past the original text.
    const closed = parse(source + closers(source)).error;
    return (
      closed === null ||
      closed.lineno === null ||
      closed.lineno > last ||
      (closed.lineno === last && closed.offset !== null && closed.offset > Array.from(lines[last - 1]!.trimEnd()).length)
    );
  }
  if (err.lineno > last) return true;
  // `while x:` at the end: checking for the block's INDENT reads the end of the input.
  return err.msg.startsWith("expected an indented block") && err.lineno === last;
}

// The brackets still open at the end of `source`, closed innermost first.
function closers(source: string): string {
  const { bytes } = decodeSource(source);
  const toks = tokenize(bytes, new Interner());
  const open: string[] = [];
  const pairs: Record<number, string> = { [TokenKind.LPAR]: ")", [TokenKind.LSQB]: "]", [TokenKind.LBRACE]: "}" };
  for (let t = 0; t < toks.count; t++) {
    const k = toks.kind[t]!;
    if (pairs[k] !== undefined) open.push(pairs[k]!);
    else if (k === TokenKind.RPAR || k === TokenKind.RSQB || k === TokenKind.RBRACE) open.pop();
  }
  return open.reverse().join("");
}

interface Plain {
  _type: string;
  [k: string]: unknown;
}
const isNode = (v: unknown): v is Plain => v !== null && typeof v === "object" && typeof (v as Plain)._type === "string";

/**
 * The first error compile() (symtable and code generator) would raise on a tree the parser
 * accepted, for the statements a keyword substitution can create: return/yield/await/break/
 * continue/nonlocal/async outside their context. Null when none.
 */
// Names a function binds in its own scope: parameters, assignment and deletion targets, nested
// def/class names, imports, nonlocal declarations (nested scopes not entered).
function bound(fn: Plain): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown, top: boolean): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, top);
      return;
    }
    if (!isNode(v)) return;
    const t = v._type;
    if (!top && (t === "FunctionDef" || t === "AsyncFunctionDef" || t === "ClassDef")) {
      names.add(v.name as string);
      return;
    }
    if (!top && (t === "Lambda" || t === "ListComp" || t === "SetComp" || t === "DictComp" || t === "GeneratorExp")) return;
    if (t === "Name" && (v.ctx as Plain)._type !== "Load") names.add(v.id as string);
    else if (t === "arg") names.add(v.arg as string);
    else if (t === "alias") names.add((v.asname as string | null) ?? (v.name as string).split(".")[0]!);
    else if (t === "Nonlocal") for (const n of v.names as string[]) names.add(n);
    else if ((t === "ExceptHandler" || t === "MatchAs" || t === "MatchStar") && typeof v.name === "string") names.add(v.name);
    for (const [k, c] of Object.entries(v)) if (k !== "_type") walk(c, false);
  };
  walk(fn.args, false);
  walk(fn.body, false);
  return names;
}

function compileStageError(tree: unknown): string | null {
  interface Ctx {
    fn: "none" | "def" | "async" | "lambda";
    loop: boolean;
    outer: Set<string>[];
    scope: Set<string> | null;
    inClass?: boolean;
  }
  let found: string | null = null;
  const visit = (v: unknown, ctx: Ctx): void => {
    if (found !== null) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, ctx);
      return;
    }
    if (!isNode(v)) return;
    const t = v._type;
    const inFn = ctx.fn !== "none";
    switch (t) {
      case "Return":
        if (!inFn || ctx.fn === "lambda") found = "'return' outside function";
        break;
      case "Yield":
      case "YieldFrom":
        if (!inFn) found = "'yield' outside function";
        break;
      case "Await":
        if (ctx.fn !== "async") found = "'await' outside async function";
        break;
      case "AsyncFor":
      case "AsyncWith":
        if (ctx.fn !== "async") found = `'${t === "AsyncFor" ? "async for" : "async with"}' outside async function`;
        break;
      case "Break":
        if (!ctx.loop) found = "'break' outside loop";
        break;
      case "Continue":
        if (!ctx.loop) found = "'continue' not properly in loop";
        break;
      case "Nonlocal":
        if (!inFn) found = "nonlocal declaration not allowed at module level";
        else
          for (const name of v.names as string[]) {
            if (!ctx.outer.some((scope) => scope.has(name))) {
              found = `no binding for nonlocal '${name}' found`;
              break;
            }
          }
        break;
      case "comprehension":
        if (v.is_async === 1 && ctx.fn !== "async") found = "asynchronous comprehension outside of an asynchronous function";
        break;
    }
    if (found !== null) return;
    for (const [k, child] of Object.entries(v)) {
      if (k === "_type") continue;
      let next = ctx;
      // Names bound by each enclosing function, for nonlocal (class scopes do not count).
      const outer = ctx.fn === "none" ? [] : [...ctx.outer, ...(ctx.scope ? [ctx.scope] : [])];
      if (t === "FunctionDef" && k === "body") next = { fn: "def", loop: false, outer, scope: bound(v) };
      else if (t === "AsyncFunctionDef" && k === "body") next = { fn: "async", loop: false, outer, scope: bound(v) };
      else if (t === "Lambda" && k === "body") next = { fn: "lambda", loop: false, outer, scope: bound(v) };
      else if (t === "ClassDef" && k === "body")
        next = {
          fn: ctx.fn === "none" ? "none" : ctx.fn,
          loop: false,
          outer: [...ctx.outer, ...(ctx.scope ? [ctx.scope] : [])],
          scope: null,
          inClass: true,
        };
      else if ((t === "For" || t === "AsyncFor" || t === "While") && k === "body") next = { ...ctx, loop: true };
      visit(child, next);
    }
  };
  visit(tree, { fn: "none", loop: false, outer: [], scope: null });
  return found;
}

interface NameToken {
  text: string;
  row: number;
  startCol: number;
  endCol: number;
  line: string;
}

/** NAME tokens of `code` in order, with 1-based rows and code-point columns, up to any tokenizer error. */
function nameTokens(code: string): NameToken[] {
  const { bytes } = decodeSource(code);
  const toks = tokenize(bytes, new Interner());
  const dec = new TextDecoder();
  const lines = code.split("\n");
  const out: NameToken[] = [];
  let row = 0;
  for (let t = 0; t < toks.count; t++) {
    if (toks.kind[t] !== NAME) continue;
    const s = toks.start[t]!;
    while (row + 1 < toks.lineCount && toks.lineStarts[row + 1]! <= s) row++;
    const ls = toks.lineStarts[row]!;
    const startCol = Array.from(dec.decode(bytes.subarray(ls, s))).length;
    const text = dec.decode(bytes.subarray(s, toks.end[t]!));
    const line = lines[row] ?? "";
    out.push({
      text,
      row: row + 1,
      startCol,
      endCol: startCol + Array.from(text).length,
      line: row + 1 < lines.length ? line + "\n" : line,
    });
  }
  return out;
}

const KW = {
  ASYNC: TokenKind.KW_ASYNC,
  CLASS: TokenKind.KW_CLASS,
  ELIF: TokenKind.KW_ELIF,
  ELSE: TokenKind.KW_ELSE,
  EXCEPT: TokenKind.KW_EXCEPT,
  FINALLY: TokenKind.KW_FINALLY,
  FOR: TokenKind.KW_FOR,
  IF: TokenKind.KW_IF,
  TRY: TokenKind.KW_TRY,
  WHILE: TokenKind.KW_WHILE,
  WITH: TokenKind.KW_WITH,
} as const;

interface LogicalLine {
  kinds: number[];
  firstText: string;
  depth: number;
  line: number;
  endLine: number;
  endCol: number;
  header: boolean;
}

/**
 * The line where pegen's second pass last registered a statement (SyntaxError._metadata[0]), 0
 * when none: the greatest first line of the compound statements, other than function
 * definitions, that the parser finished before reaching the error. Simple statements and
 * function definitions are never registered (observed on CPython 3.14.2).
 */
function lastStatementLine(source: Uint8Array, err: PySyntaxError): number {
  const { bytes, error } = decodeSource(source);
  if (error !== null || err.lineno === null) return 0;
  const interner = new Interner();
  const toks = tokenize(bytes, interner);
  const dec = new TextDecoder();
  const pos = (offset: number): [number, number] => {
    let lo = 0,
      hi = toks.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (toks.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, Array.from(dec.decode(bytes.subarray(toks.lineStarts[lo]!, offset))).length];
  };
  const lines: LogicalLine[] = [];
  let depth = 0;
  let cur: LogicalLine | null = null;
  let lastEnd = 0;
  for (let t = 0; t < toks.count; t++) {
    const k = toks.kind[t]!;
    if (k === INDENT) {
      depth++;
      continue;
    }
    if (k === DEDENT) {
      depth--;
      continue;
    }
    if (k === NEWLINE || k === ENDMARKER) {
      if (cur !== null) {
        [cur.endLine, cur.endCol] = pos(lastEnd);
        cur.header = cur.kinds[cur.kinds.length - 1] === COLON;
        lines.push(cur);
      }
      cur = null;
      continue;
    }
    if (cur === null) {
      const text = k === NAME ? dec.decode(bytes.subarray(toks.start[t]!, toks.end[t]!)) : "";
      cur = { kinds: [], firstText: text, depth, line: pos(toks.start[t]!)[0], endLine: 0, endCol: 0, header: false };
    }
    cur.kinds.push(k);
    lastEnd = toks.end[t]!;
  }
  const errLine = err.lineno;
  const errCol = (err.offset ?? 1) - 1;
  const isCompound = (l: LogicalLine) => {
    const [a, b] = l.kinds;
    if (a === KW.IF || a === KW.WHILE || a === KW.FOR || a === KW.WITH || a === KW.TRY || a === KW.CLASS) return true;
    if (a === KW.ASYNC) return b === KW.FOR || b === KW.WITH;
    return a === NAME && l.firstText === "match" && l.header;
  };
  const isClause = (l: LogicalLine) => {
    const a = l.kinds[0];
    return a === KW.ELIF || a === KW.ELSE || a === KW.EXCEPT || a === KW.FINALLY;
  };
  let best = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!isCompound(l) || l.line > errLine) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.depth > l.depth || (lines[j]!.depth === l.depth && isClause(lines[j]!)))) j++;
    const end = lines[j - 1]!;
    const finished = end.endLine < errLine || (end.endLine === errLine && end.endCol <= errCol);
    if (finished && l.line > best) best = l.line;
  }
  return best;
}

/** The keyword fix traceback would find for `err`, or null. Never throws. */
export function findKeywordTypo(err: PySyntaxError, source: Uint8Array, lines: readonly string[]): TypoFix | null {
  if (err.msg !== "invalid syntax" && !err.msg.includes("Perhaps you forgot a comma")) return null;
  try {
    const line = lastStatementLine(source, err);
    const endLine = err.lineno ?? 0;
    const all = splitlines(lines.join("\n"));
    const errorCode = dedent(all.slice(line > 0 ? line - 1 : 0, endLine).join("\n"));
    if (Array.from(errorCode).length > MAX_CODE) return null;
    const errorLines = splitlines(errorCode);
    let left = 10;
    for (const tok of nameTokens(errorCode)) {
      if (KEYWORDS.has(tok.text)) continue;
      if (--left < 0) break;
      const matches: string[] = [];
      const s = levenshteinSuggestion(KEYWORD_LIST, tok.text);
      if (s !== null) matches.push(s);
      matches.push(...closeMatches(tok.text, KEYWORD_LIST, 3, 0.5));
      for (const suggestion of matches.slice(0, 3)) {
        if (suggestion === tok.text) continue;
        const theLines = errorLines.slice();
        const chars = Array.from(theLines[tok.row - 1] ?? "");
        chars.splice(tok.startCol, tok.endCol - tok.startCol, ...suggestion);
        theLines[tok.row - 1] = chars.join("");
        if (!compilesOrIncomplete(theLines.join("\n"))) continue;
        return {
          text: tok.line,
          offset: tok.startCol + 1,
          endOffset: tok.endCol + 1,
          lineno: tok.row,
          endLineno: tok.row,
          msg: `invalid syntax. Did you mean '${suggestion}'?`,
        };
      }
    }
  } catch {
    // traceback suppresses any exception raised by the search.
  }
  return null;
}
