// Import extraction for `quarry check`: source bytes -> import statements, ignore directives,
// string imports and Django references. The fast path works on tokens only (no tree); it must
// agree with a walk of the full parse tree (test/check/imports.test.ts holds the corpus test).
import { TokenKind } from "../../tokenizer/token-kind.js";
import type { Tokens } from "../../tokenizer/tokenizer.js";
import { Interner } from "../../core/interner.js";
import { tokenizeInto } from "../../tokenizer/tokenizer.js";
import { parse } from "../../parser/parse.js";
import type { Tree } from "../../ast/tree.js";
import { slotIndex, fieldIndex } from "../../ast/layout.js";
import { KINDS, KIND_NAMES, NodeKind as NK } from "../../schema/generated/nodes.js";
import { decodeSource } from "../../core/source.js";

/** Where an import statement sits. "module" is module level; otherwise the innermost block. */
export type ImportScope = "module" | "function" | "class" | "if" | "try" | "with" | "for" | "while";

export interface ImportedName {
  /** `a.b` for `import a.b`; `c` for `from x import c`; `*` for a star import. */
  name: string;
  asname: string | null;
  /** 1-based line and column (UTF-8 byte column, 0-based, like CPython's col_offset) of the alias. */
  line: number;
  col: number;
}

/** One `import` or `from ... import` statement, shaped like CPython's ast.Import / ast.ImportFrom. */
export interface ImportRecord {
  kind: "import" | "from";
  /** The `from` module as written (without leading dots); null for `import` and `from . import x`. */
  module: string | null;
  /** Number of leading dots of a relative import (0 for absolute). */
  level: number;
  names: ImportedName[];
  /** First and last line of the statement. */
  line: number;
  endLine: number;
  scope: ImportScope;
  /** True when inside the body of `if TYPE_CHECKING:` / `if x.TYPE_CHECKING:`. */
  typeChecking: boolean;
  /** True when inside an `elif`/`else` branch of such an `if` (Tach skips those too; we do not). */
  typeCheckingElse: boolean;
}

/** A `# tach-ignore` comment. */
export interface IgnoreDirective {
  /** Line of the comment itself. */
  line: number;
  /** The line it applies to: the next line for a comment on its own line, else its own line. */
  targetLine: number;
  /** The text in parentheses, or null when there is none. */
  reason: string | null;
  /** Names after the directive; empty means "everything on the target line". */
  names: string[];
}

/** A string literal that looks like a dotted module path (Tach's `include_string_imports`). */
export interface StringImport {
  value: string;
  line: number;
}

export interface ExtractError {
  message: string;
  line: number;
  col: number;
}

export interface ExtractResult {
  imports: ImportRecord[];
  directives: IgnoreDirective[];
  /** Only filled when `strings` is requested. */
  strings: StringImport[];
  /** Django `ForeignKey("app.Model")` / `to="app.Model"` references; only with `django`. */
  django: StringImport[];
  /** The first syntax error found (imports before it are still returned), or null. */
  error: ExtractError | null;
}

export interface ExtractOptions {
  strings?: boolean;
  django?: boolean;
  /**
   * "fast" (default): tokens only; syntax errors are found only when the tokenizer rejects the
   * file. "full": also parses the file with quarry's parser, so every SyntaxError CPython would
   * raise is reported. Imports still come from the token pass, which agrees with the tree walk
   * (`extractImportsFromTree`) on the whole corpus (test/check/imports.test.ts).
   */
  mode?: "fast" | "full";
}

/**
 * Extracts imports from a Python source file. Never throws: on a syntax error the imports found
 * so far are returned with `error` set. `path` is used only in messages.
 */
export function extractImports(source: Uint8Array, path: string, options: ExtractOptions = {}): ExtractResult {
  void path;
  if (options.mode === "full") {
    // When the parser hands back the tokens it read (a proposed ParseResult extension), one
    // tokenization serves both the parse and the extraction.
    // The tree is walked and dropped before the next parse: it may live in the scratch columns.
    const r = parse(source, { compact: false, reuse: true }) as ReturnType<typeof parse> & {
      tokens?: Tokens;
      interner?: Interner;
      bytes?: Uint8Array;
    };
    // A valid file that needs nothing but its imports (no `tach-ignore` comment anywhere, no
    // string or Django references asked for, no coding cookie that could hide one): walk the
    // tree's statement rows instead of tokenizing the file a second time. The walk agrees with
    // the token pass on the whole corpus (test/check/imports.test.ts).
    if (r.error === null && !options.strings && !options.django && !mayHaveDirective(source) && !hasCodingLine(source)) {
      return { imports: importsFromRows(r.tree), directives: [], strings: [], django: [], error: null };
    }
    if (r.tokens !== undefined && r.interner !== undefined && r.bytes !== undefined) {
      const out = extractFromTokens(r.bytes, r.tokens, r.interner, options);
      if (r.error !== null) out.error = { message: r.error.msg, line: r.error.lineno ?? 1, col: r.error.offset ?? 1 };
      return out;
    }
    const fast = extractImports(source, path, { ...options, mode: "fast" });
    if (r.error !== null) fast.error = { message: r.error.msg, line: r.error.lineno ?? 1, col: r.error.offset ?? 1 };
    return fast;
  }
  // One interner serves many files: ids are only compared within a file, and building a fresh
  // table per file showed up in profiles. It is replaced when it grows large.
  if (sharedInterner === null || sharedInterner.size > 200_000) sharedInterner = new Interner();
  const interner = sharedInterner;
  // Decode as CPython reads a file: BOM, PEP 263 cookie, newline normalisation, UTF-8 check.
  const decoded = decodeSource(source);
  if (decoded.error !== null) {
    const e = decoded.error;
    return { imports: [], directives: [], strings: [], django: [], error: { message: e.msg, line: e.lineno ?? 1, col: e.offset ?? 1 } };
  }
  const src = decoded.bytes;
  // The token arrays are views of the tokenizer's reusable buffer (no allocation per file): they
  // are dropped before the next tokenization, since the result holds only strings and numbers.
  const tokens = tokenizeInto(src, interner, /*reuse*/ true);
  return extractFromTokens(src, tokens, interner, options);
}

/** Whether `# ...tach-ignore` could occur in `src`: it holds the bytes `tach-ignore`. */
function mayHaveDirective(src: Uint8Array): boolean {
  // Anchored on the '-', which is rare in Python code; a plain loop (Buffer.indexOf costs more
  // per call than this whole scan on a small file).
  const n = src.length;
  for (let i = 4; i + 6 < n; i++) {
    if (src[i] !== 0x2d) continue;
    if (
      src[i - 4] === 0x74 &&
      src[i - 3] === 0x61 &&
      src[i - 2] === 0x63 &&
      src[i - 1] === 0x68 &&
      src[i + 1] === 0x69 &&
      src[i + 2] === 0x67 &&
      src[i + 3] === 0x6e &&
      src[i + 4] === 0x6f &&
      src[i + 5] === 0x72 &&
      src[i + 6] === 0x65
    )
      return true;
  }
  return false;
}

/** Whether one of the first two lines mentions `coding` (a possible PEP 263 cookie). */
function hasCodingLine(src: Uint8Array): boolean {
  let end = 0;
  for (let lines = 0; lines < 2 && end < src.length; end++) if (src[end] === 10 || src[end] === 13) lines++;
  for (let i = 0; i + 5 < end; i++) {
    if (src[i] === 0x63 && src[i + 1] === 0x6f && src[i + 2] === 0x64 && src[i + 3] === 0x69 && src[i + 4] === 0x6e && src[i + 5] === 0x67)
      return true;
  }
  return false;
}

/** The full-tree path: parses `source` and walks the tree (null when CPython would reject it). */
export function extractImportsFromTree(source: Uint8Array): ImportRecord[] | null {
  const { tree, error } = parse(source);
  if (error !== null) return null;
  return importsFromTree(tree.toJSON() as unknown as PlainStmt);
}

// The full path: CPython-shaped plain nodes (Tree.toJSON) -> import records.
interface PlainStmt {
  _type: string;
  [field: string]: unknown;
}

const TREE_SCOPES: Record<string, ImportScope> = {
  FunctionDef: "function",
  AsyncFunctionDef: "function",
  ClassDef: "class",
  If: "if",
  Try: "try",
  TryStar: "try",
  With: "with",
  AsyncWith: "with",
  For: "for",
  AsyncFor: "for",
  While: "while",
};

function isTypeCheckingNode(test: PlainStmt | undefined): boolean {
  if (test === undefined) return false;
  if (test._type === "Name") return test.id === "TYPE_CHECKING";
  return test._type === "Attribute" && test.attr === "TYPE_CHECKING" && (test.value as PlainStmt)._type === "Name";
}

/** Walks a Module's statements for Import/ImportFrom, with scope and TYPE_CHECKING flags. */
export function importsFromTree(module: PlainStmt): ImportRecord[] {
  const out: ImportRecord[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? (v as PlainStmt[]) : []);
  const walk = (stmts: PlainStmt[], scope: ImportScope, tc: boolean, tce: boolean) => {
    for (const s of stmts) {
      if (s._type === "Import" || s._type === "ImportFrom") {
        out.push({
          kind: s._type === "Import" ? "import" : "from",
          module: (s.module as string | null | undefined) ?? null,
          level: (s.level as number | undefined) ?? 0,
          names: list(s.names).map((a) => ({
            name: a.name as string,
            asname: (a.asname as string | null) ?? null,
            line: a.lineno as number,
            col: a.col_offset as number,
          })),
          line: s.lineno as number,
          endLine: s.end_lineno as number,
          scope,
          typeChecking: tc,
          typeCheckingElse: tce,
        });
        continue;
      }
      const inner = TREE_SCOPES[s._type] ?? scope;
      if (s._type === "If") {
        const t = isTypeCheckingNode(s.test as PlainStmt);
        walk(list(s.body), inner, tc || t, tce);
        walk(list(s.orelse), inner, tc, tce || t);
        continue;
      }
      if (s._type === "Match") {
        for (const c of list(s.cases)) walk(list(c.body), scope, tc, tce);
        continue;
      }
      walk(list(s.body), inner, tc, tce);
      for (const h of list(s.handlers)) walk(list(h.body), inner, tc, tce);
      walk(list(s.orelse), inner, tc, tce);
      walk(list(s.finalbody), inner, tc, tce);
    }
  };
  walk(list(module.body), "module", false, false);
  return out;
}

// Slot indices, per node kind, of the fields the statement walk reads (-1 where a kind has none).
const fieldSlots = (name: string) => Int8Array.from(KINDS, (_k, i) => (i === 0 ? -1 : slotIndex(i, name)));
const BODY = fieldSlots("body");
const ORELSE = fieldSlots("orelse");
const FINALBODY = fieldSlots("finalbody");
const HANDLERS = fieldSlots("handlers");
const S_NAMES = fieldSlots("names");
const S_LEVEL = slotIndex(NK.ImportFrom, "level");
const S_CASES = slotIndex(NK.Match, "cases");
const S_TEST = slotIndex(NK.If, "test");
// Identifier fields are read by field index through the tree (some are derived: no slot).
const F_MODULE = fieldIndex(NK.ImportFrom, "module");
const F_ALIAS_NAME = fieldIndex(NK.alias, "name");
const F_ALIAS_ASNAME = fieldIndex(NK.alias, "asname");
const F_NAME_ID = fieldIndex(NK.Name, "id");
const F_ATTR_ATTR = fieldIndex(NK.Attribute, "attr");
const S_ATTR_VALUE = slotIndex(NK.Attribute, "value");
const KIND_SCOPES: (ImportScope | undefined)[] = KIND_NAMES.map((n) => TREE_SCOPES[n]);

/**
 * importsFromTree over the tree's rows directly (no plain objects, no views): the same walk,
 * the same records. Used by full mode for valid files.
 */
export function importsFromRows(t: Tree): ImportRecord[] {
  const w: RowWalk = {
    kind: t.kind,
    base: t.base,
    slots: t.slots,
    lists: t.lists,
    start: t.start,
    end: t.end,
    tree: t,
    src: t.source,
    pos: 0,
    line: 1,
    lineStart: 0,
    out: [],
  };
  walkRows(w, w.slots[w.base[t.root]! + BODY[NK.Module]!]!, "module", false, false);
  return w.out;
}

// The tree's columns, read once per file (plain functions over them: the walk runs once per
// file in a cold check, so it must be cheap before the JIT has warmed up).
interface RowWalk {
  kind: Uint8Array;
  base: Int32Array;
  slots: Int32Array;
  lists: Int32Array;
  start: Int32Array;
  end: Int32Array;
  tree: Tree;
  // A cursor over the source: `line` (1-based) holds offset `pos`, and starts at `lineStart`.
  // The walk asks for offsets in source order, so lines are counted in one pass over the bytes
  // up to the last import, without building the tree's whole line table.
  src: Uint8Array;
  pos: number;
  line: number;
  lineStart: number;
  out: ImportRecord[];
}

// The line of byte offset `off` (1 + the "\n" bytes before it, as the tree's lineStarts count),
// leaving `w.lineStart` at that line's first byte.
function rowLine(w: RowWalk, off: number): number {
  if (off < w.pos) {
    w.pos = 0;
    w.line = 1;
    w.lineStart = 0;
  }
  const src = w.src;
  let line = w.line;
  let start = w.lineStart;
  for (let i = w.pos; i < off; i++) {
    if (src[i] === 10) {
      line++;
      start = i + 1;
    }
  }
  w.pos = off;
  w.line = line;
  w.lineStart = start;
  return line;
}

const rowSlot = (w: RowWalk, id: number, i: number): number => (i < 0 ? 0 : w.slots[w.base[id]! + i]!);
// List `l`'s length and its item j (0-based), as Tree.listLength/listItem: 0 is [], a negative
// id -x - 1 the one-item list [x], anything else an offset into the pool.
const rowLen = (w: RowWalk, l: number): number => (l < 0 ? 1 : w.lists[l]!);
const rowItem = (w: RowWalk, l: number, j: number): number => (l < 0 ? -l - 1 : w.lists[l + 1 + j]!);
const rowIdent = (w: RowWalk, id: number, field: number): string | null => {
  const raw = w.tree.field(id, field);
  return raw === 0 ? null : w.tree.ident(raw);
};

function rowName(w: RowWalk, a: number): ImportedName {
  const off = w.start[a]!;
  const line = rowLine(w, off);
  return { name: rowIdent(w, a, F_ALIAS_NAME)!, asname: rowIdent(w, a, F_ALIAS_ASNAME), line, col: off - w.lineStart };
}

function rowIsTypeChecking(w: RowWalk, test: number): boolean {
  if (test === 0) return false;
  const k = w.kind[test];
  if (k === NK.Name) return rowIdent(w, test, F_NAME_ID) === "TYPE_CHECKING";
  return k === NK.Attribute && rowIdent(w, test, F_ATTR_ATTR) === "TYPE_CHECKING" && w.kind[rowSlot(w, test, S_ATTR_VALUE)] === NK.Name;
}

function walkRows(w: RowWalk, l: number, scope: ImportScope, tc: boolean, tce: boolean): void {
  if (l === 0) return;
  const n = rowLen(w, l);
  for (let j = 0; j < n; j++) {
    const s = rowItem(w, l, j);
    const k = w.kind[s]!;
    if (k === NK.Import || k === NK.ImportFrom) {
      // Offsets in source order (the line cursor): the statement, its names, its end.
      const line = rowLine(w, w.start[s]!);
      const nl = rowSlot(w, s, S_NAMES[k]!);
      const nn = rowLen(w, nl);
      // Most statements import one name: a one-item literal, not a push into an empty array (which
      // reserves room for 16).
      const names: ImportedName[] = nn === 0 ? [] : [rowName(w, rowItem(w, nl, 0))];
      for (let q = 1; q < nn; q++) names.push(rowName(w, rowItem(w, nl, q)));
      w.out.push({
        kind: k === NK.Import ? "import" : "from",
        module: k === NK.ImportFrom ? rowIdent(w, s, F_MODULE) : null,
        level: k === NK.ImportFrom ? rowSlot(w, s, S_LEVEL) : 0,
        names,
        line,
        endLine: rowLine(w, w.end[s]!),
        scope,
        typeChecking: tc,
        typeCheckingElse: tce,
      });
      continue;
    }
    if (k === NK.Match) {
      // match/case does not open a Tach scope: case bodies keep the enclosing one.
      const cl = rowSlot(w, s, S_CASES);
      const cn = rowLen(w, cl);
      for (let q = 0; q < cn; q++) walkRows(w, rowSlot(w, rowItem(w, cl, q), BODY[NK.match_case]!), scope, tc, tce);
      continue;
    }
    const bodySlot = BODY[k]!;
    if (bodySlot < 0) continue; // a simple statement: nothing nested
    const inner = KIND_SCOPES[k] ?? scope;
    if (k === NK.If) {
      const isT = rowIsTypeChecking(w, rowSlot(w, s, S_TEST));
      walkRows(w, rowSlot(w, s, bodySlot), inner, tc || isT, tce);
      walkRows(w, rowSlot(w, s, ORELSE[k]!), inner, tc, tce || isT);
      continue;
    }
    walkRows(w, rowSlot(w, s, bodySlot), inner, tc, tce);
    const hl = rowSlot(w, s, HANDLERS[k]!);
    const hn = rowLen(w, hl);
    for (let q = 0; q < hn; q++) {
      const h = rowItem(w, hl, q);
      walkRows(w, rowSlot(w, h, BODY[w.kind[h]!]!), inner, tc, tce);
    }
    walkRows(w, rowSlot(w, s, ORELSE[k]!), inner, tc, tce);
    walkRows(w, rowSlot(w, s, FINALBODY[k]!), inner, tc, tce);
  }
}

let sharedInterner: Interner | null = null;

const BLOCK_KW: Record<number, ImportScope | "other"> = {
  [TokenKind.KW_IF]: "if",
  [TokenKind.KW_ELIF]: "if",
  [TokenKind.KW_ELSE]: "other",
  [TokenKind.KW_WHILE]: "while",
  [TokenKind.KW_FOR]: "for",
  [TokenKind.KW_TRY]: "try",
  [TokenKind.KW_EXCEPT]: "try",
  [TokenKind.KW_FINALLY]: "try",
  [TokenKind.KW_WITH]: "with",
  [TokenKind.KW_DEF]: "function",
  [TokenKind.KW_CLASS]: "class",
};

interface Block {
  /** null for match/case (they do not open a Tach scope). */
  scope: ImportScope | null;
  tc: boolean;
  tcElse: boolean;
}

/** Token-level extraction over a `Tokens` stream (see the file header). */
export function extractFromTokens(src: Uint8Array, t: Tokens, interner: Interner, options: ExtractOptions): ExtractResult {
  const res: ExtractResult = { imports: [], directives: [], strings: [], django: [], error: null };
  const K = t.kind;
  const name = (i: number) => interner.get(t.value[i]!);
  const lineOf = (pos: number) => {
    const ls = t.lineStarts;
    let lo = 0;
    let hi = t.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const colOf = (pos: number, line: number) => pos - t.lineStarts[line - 1]!;

  const stack: Block[] = [];
  let pending: Block | null = null;
  // Per indentation depth: whether the last if/elif chain at that depth had a TYPE_CHECKING test,
  // and the scope an `else:` at that depth belongs to (if, for, while or try).
  const lastIfTc: (boolean | null)[] = [null];
  const lastCompound: (ImportScope | null)[] = [null];

  const blockFlags = (extra: Block | null) => {
    let tc = false;
    let tcElse = false;
    let scope: ImportScope = "module";
    for (const b of stack) {
      tc ||= b.tc;
      tcElse ||= b.tcElse;
      if (b.scope !== null) scope = b.scope;
    }
    if (extra !== null) {
      tc ||= extra.tc;
      tcElse ||= extra.tcElse;
      if (extra.scope !== null) scope = extra.scope;
    }
    return { tc, tcElse, scope };
  };

  let i = 0;
  const count = t.count;
  while (i < count) {
    const k = K[i]!;
    if (k === TokenKind.ENDMARKER || k === TokenKind.ERRORTOKEN) break;
    if (k === TokenKind.INDENT) {
      stack.push(pending ?? { scope: null, tc: false, tcElse: false });
      pending = null;
      lastIfTc.push(null);
      lastCompound.push(null);
      i++;
      continue;
    }
    if (k === TokenKind.DEDENT) {
      stack.pop();
      lastIfTc.pop();
      lastCompound.pop();
      i++;
      continue;
    }
    if (k === TokenKind.NEWLINE) {
      i++;
      continue;
    }
    // A header whose block never got an INDENT (bad input) opens nothing.
    pending = null;
    // A logical line: [i, e) up to its NEWLINE.
    let e = i;
    while (e < count && K[e] !== TokenKind.NEWLINE && K[e] !== TokenKind.ENDMARKER && K[e] !== TokenKind.ERRORTOKEN) e++;
    const depthIdx = lastIfTc.length - 1;

    // Is this a compound statement header? Find its block keyword and header colon.
    let first = i;
    while (first < e && K[first] === TokenKind.KW_ASYNC) first++;
    const fk = K[first]!;
    let blockScope: ImportScope | "other" | "match" | undefined = BLOCK_KW[fk];
    if (blockScope === undefined && fk === TokenKind.NAME) {
      const nm = name(first);
      if ((nm === "match" || nm === "case") && K[e - 1] === TokenKind.COLON && e - first > 2) blockScope = "match";
    }
    let header: Block | null = null;
    let bodyStart = i; // where simple statements start on this line
    if (blockScope !== undefined) {
      const colon = headerColon(K, first, e);
      if (colon >= 0) {
        let tc = false;
        let tcElse = false;
        if (fk === TokenKind.KW_IF) {
          tc = isTypeCheckingTest(K, first + 1, colon, name);
          lastIfTc[depthIdx] = tc;
        } else if (fk === TokenKind.KW_ELIF) {
          // `elif` is an If inside the previous branch's orelse.
          tcElse = lastIfTc[depthIdx] ?? false;
          tc = isTypeCheckingTest(K, first + 1, colon, name);
          lastIfTc[depthIdx] = tcElse || tc;
        } else if (fk === TokenKind.KW_ELSE) {
          tcElse = lastIfTc[depthIdx] ?? false;
          lastIfTc[depthIdx] = null;
        } else lastIfTc[depthIdx] = null;
        let scope: ImportScope | null;
        if (blockScope === "match") scope = null;
        else if (blockScope === "other") scope = lastCompound[depthIdx] ?? "if";
        else scope = blockScope;
        if (fk === TokenKind.KW_IF || fk === TokenKind.KW_FOR || fk === TokenKind.KW_WHILE || fk === TokenKind.KW_TRY) {
          lastCompound[depthIdx] = scope;
        }
        header = { scope, tc, tcElse };
        bodyStart = colon + 1;
        if (colon === e - 1) pending = header;
      } else lastIfTc[depthIdx] = null;
    } else if (K[i] !== TokenKind.AT) lastIfTc[depthIdx] = null;

    // Simple statements on this line (after a one-line header's colon, or the whole line).
    if (bodyStart < e) {
      const flags = blockFlags(header !== null && bodyStart < e ? header : null);
      let s = bodyStart;
      while (s < e) {
        if (K[s] === TokenKind.KW_IMPORT || K[s] === TokenKind.KW_FROM) {
          const rec = parseImport(s, e);
          if (rec !== null) {
            rec.scope = flags.scope;
            rec.typeChecking = flags.tc;
            rec.typeCheckingElse = flags.tcElse;
            res.imports.push(rec);
          }
        }
        // Next statement after a `;` at bracket depth 0.
        let d = 0;
        while (s < e) {
          const kk = K[s]!;
          if (kk === TokenKind.LPAR || kk === TokenKind.LSQB || kk === TokenKind.LBRACE) d++;
          else if (kk === TokenKind.RPAR || kk === TokenKind.RSQB || kk === TokenKind.RBRACE) d--;
          else if (kk === TokenKind.SEMI && d === 0) break;
          s++;
        }
        s++;
      }
    }
    i = e;
  }

  function parseImport(s: number, e: number): ImportRecord | null {
    const line = lineOf(t.start[s]!);
    const endLine = lineOf(t.end[Math.max(s, stmtEnd(s, e) - 1)]!);
    const rec: ImportRecord = {
      kind: K[s] === TokenKind.KW_IMPORT ? "import" : "from",
      module: null,
      level: 0,
      names: [],
      line,
      endLine,
      scope: "module",
      typeChecking: false,
      typeCheckingElse: false,
    };
    let p = s + 1;
    const dotted = (): { text: string; start: number } | null => {
      if (K[p] !== TokenKind.NAME) return null;
      const startTok = p;
      let text = name(p++);
      while (K[p] === TokenKind.DOT && K[p + 1] === TokenKind.NAME) {
        text += "." + name(p + 1);
        p += 2;
      }
      return { text, start: startTok };
    };
    const alias = (nameText: string, startTok: number): ImportedName => {
      let asname: string | null = null;
      if (K[p] === TokenKind.KW_AS && K[p + 1] === TokenKind.NAME) {
        asname = name(p + 1);
        p += 2;
      }
      const l = lineOf(t.start[startTok]!);
      return { name: nameText, asname, line: l, col: colOf(t.start[startTok]!, l) };
    };
    if (rec.kind === "import") {
      for (;;) {
        const d = dotted();
        if (d === null) return null;
        rec.names.push(alias(d.text, d.start));
        if (K[p] !== TokenKind.COMMA) break;
        p++;
      }
      return rec;
    }
    while (K[p] === TokenKind.DOT || K[p] === TokenKind.ELLIPSIS) {
      rec.level += K[p] === TokenKind.DOT ? 1 : 3;
      p++;
    }
    if (K[p] !== TokenKind.KW_IMPORT) {
      const d = dotted();
      if (d === null) return null;
      rec.module = d.text;
    }
    if (K[p] !== TokenKind.KW_IMPORT) return null;
    p++;
    if (K[p] === TokenKind.STAR) {
      const l = lineOf(t.start[p]!);
      rec.names.push({ name: "*", asname: null, line: l, col: colOf(t.start[p]!, l) });
      return rec;
    }
    const paren = K[p] === TokenKind.LPAR;
    if (paren) p++;
    for (;;) {
      if (K[p] !== TokenKind.NAME) break;
      const st = p;
      const nm = name(p++);
      rec.names.push(alias(nm, st));
      if (K[p] !== TokenKind.COMMA) break;
      p++;
    }
    return rec.names.length > 0 ? rec : null;
  }

  function stmtEnd(s: number, e: number): number {
    let d = 0;
    for (let q = s; q < e; q++) {
      const kk = K[q]!;
      if (kk === TokenKind.LPAR) d++;
      else if (kk === TokenKind.RPAR) d--;
      else if (kk === TokenKind.SEMI && d === 0) return q;
    }
    return e;
  }

  // Comments live in the gaps between tokens (the tokenizer drops them).
  collectDirectives(src, t, lineOf, res.directives);

  if (options.strings || options.django) collectStrings(src, t, name, lineOf, res, options);

  const err = t.error ?? t.unclosed?.error ?? null;
  if (err !== null) res.error = { message: err.msg, line: err.lineno ?? 1, col: err.offset ?? 1 };
  return res;
}

/** The colon that ends a compound statement header, skipping brackets and lambda colons. */
function headerColon(K: Uint8Array, from: number, to: number): number {
  let depth = 0;
  let lambdas = 0;
  for (let q = from; q < to; q++) {
    const k = K[q]!;
    if (k === TokenKind.LPAR || k === TokenKind.LSQB || k === TokenKind.LBRACE) depth++;
    else if (k === TokenKind.RPAR || k === TokenKind.RSQB || k === TokenKind.RBRACE) depth--;
    else if (depth === 0 && k === TokenKind.KW_LAMBDA) lambdas++;
    else if (depth === 0 && k === TokenKind.COLON) {
      if (lambdas > 0) lambdas--;
      else return q;
    }
  }
  return -1;
}

/** `TYPE_CHECKING` or `<name>.TYPE_CHECKING` as the whole `if` test. */
function isTypeCheckingTest(K: Uint8Array, from: number, to: number, name: (i: number) => string): boolean {
  if (to - from === 1) return K[from] === TokenKind.NAME && name(from) === "TYPE_CHECKING";
  if (to - from === 3) {
    return (
      K[from] === TokenKind.NAME && K[from + 1] === TokenKind.DOT && K[from + 2] === TokenKind.NAME && name(from + 2) === "TYPE_CHECKING"
    );
  }
  return false;
}

// `# tach-ignore`, `# tach-ignore(reason)`, `# tach-ignore a b.c`, at the end of the comment.
const DIRECTIVE_RE = /# *tach-ignore(?:\(([^)]*)\))?((?:\s+[\w.]+)*)\s*$/u;

function collectDirectives(src: Uint8Array, t: Tokens, lineOf: (pos: number) => number, out: IgnoreDirective[]): void {
  let pos = 0;
  const visitGap = (from: number, to: number) => {
    for (let q = from; q < to; q++) {
      if (src[q] !== 35) continue;
      let end = q;
      while (end < src.length && src[end] !== 10 && src[end] !== 13) end++;
      const text = new TextDecoder().decode(src.subarray(q, end));
      const m = DIRECTIVE_RE.exec(text);
      if (m !== null) {
        const line = lineOf(q);
        const ls = t.lineStarts[line - 1]!;
        let own = true;
        for (let r = ls; r < q; r++) if (src[r] !== 32 && src[r] !== 9 && src[r] !== 12) own = false;
        out.push({
          line,
          targetLine: own ? line + 1 : line,
          reason: m[1] ?? null,
          names: (m[2] ?? "").split(/\s+/).filter((x) => x !== ""),
        });
      }
      q = end;
    }
  };
  for (let i = 0; i < t.count; i++) {
    const k = t.kind[i]!;
    // NEWLINE (and INDENT/DEDENT) tokens may span a trailing comment: treat them as gaps.
    if (k === TokenKind.NEWLINE || k === TokenKind.INDENT || k === TokenKind.DEDENT || k === TokenKind.ENDMARKER) continue;
    const s = t.start[i]!;
    if (s > pos) visitGap(pos, s);
    pos = Math.max(pos, t.end[i]!);
  }
  if (pos < src.length) visitGap(pos, src.length);
}

const STRING_IMPORT_RE = /^[A-Za-z0-9_*]+(?:\.[A-Za-z0-9_*]+){2,}$/;
const DJANGO_FIELDS = new Set(["ForeignKey", "OneToOneField", "ManyToManyField"]);

// Decodes a plain (non-f, non-bytes) string literal token; null when it has escapes we skip.
function literalValue(src: Uint8Array, s: number, e: number): string | null {
  let p = s;
  let raw = false;
  while (p < e && src[p] !== 34 && src[p] !== 39) {
    const c = src[p]! | 0x20;
    if (c === 98) return null; // bytes
    if (c === 114) raw = true;
    p++;
  }
  const q = src[p]!;
  const triple = src[p + 1] === q && src[p + 2] === q && e - p >= 6;
  const body = new TextDecoder().decode(src.subarray(p + (triple ? 3 : 1), e - (triple ? 3 : 1)));
  if (!raw && body.includes("\\")) return null;
  return body;
}

function collectStrings(
  src: Uint8Array,
  t: Tokens,
  name: (i: number) => string,
  lineOf: (pos: number) => number,
  res: ExtractResult,
  options: ExtractOptions,
): void {
  const K = t.kind;
  for (let i = 0; i < t.count; i++) {
    if (K[i] !== TokenKind.STRING) continue;
    const v = literalValue(src, t.start[i]!, t.end[i]!);
    if (v === null) continue;
    const line = lineOf(t.start[i]!);
    if (options.strings && STRING_IMPORT_RE.test(v)) res.strings.push({ value: v, line });
    if (options.django) {
      // ForeignKey("app.Model") as first argument, or to="app.Model" inside the call.
      if (K[i - 1] === TokenKind.LPAR && K[i - 2] === TokenKind.NAME && DJANGO_FIELDS.has(name(i - 2))) {
        res.django.push({ value: v, line });
      } else if (K[i - 1] === TokenKind.EQUAL && K[i - 2] === TokenKind.NAME && name(i - 2) === "to") {
        // Walk back to the call's open paren and check the callee.
        let d = 0;
        for (let q = i - 3; q >= 1; q--) {
          const k = K[q]!;
          if (k === TokenKind.RPAR || k === TokenKind.RSQB || k === TokenKind.RBRACE) d++;
          else if (k === TokenKind.LPAR || k === TokenKind.LSQB || k === TokenKind.LBRACE) {
            if (d === 0) {
              if (k === TokenKind.LPAR && K[q - 1] === TokenKind.NAME && DJANGO_FIELDS.has(name(q - 1)))
                res.django.push({ value: v, line });
              break;
            }
            d--;
          } else if (k === TokenKind.NEWLINE) break;
        }
      }
    }
  }
}
