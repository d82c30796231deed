// The query compiler's diagnostics: stable codes Q3xxx (never reused), each with a position in
// the query text it was given (pattern, selector or rule file), and a did-you-mean when one helps.

/** Codes of the errors compileQuery reports; the text is built from the arguments when shown. */
export const QUERY_CODES = {
  /** The pattern is not valid Python once its metavariables are read as names. */
  PatternSyntax: "Q3001",
  /** A kind name that CPython's `ast` does not have (or a group that does not exist). */
  UnknownKind: "Q3002",
  /** A field that the kinds in question do not have. */
  UnknownField: "Q3003",
  /** `$$$X` where exactly one node (or identifier) is required. */
  SeqWhereSingle: "Q3004",
  /** `$x`: metavariable names are upper case (`$X`, `$_`, `$$$XS`). */
  BadMetavariable: "Q3005",
  /** A metavariable in `fix`, `message` or `focus` that is not bound on every path. */
  UnboundMetavariable: "Q3006",
  /** The query can never match (no node kind satisfies it). */
  NeverMatches: "Q3007",
  /** The selector does not follow the selector grammar. */
  SelectorSyntax: "Q3008",
  /** A rule object with an unknown key or a value of the wrong type. */
  BadRule: "Q3009",
  /** A regular expression that JavaScript rejects. */
  BadRegex: "Q3010",
  /** A rule file that is neither valid YAML nor JSON. */
  RuleFileSyntax: "Q3011",
  /** The pattern or selector nests deeper than the compiler's limit. */
  TooDeep: "Q3012",
  /** An `as:` entry mode that does not exist, or a pattern that does not fit it. */
  BadEntryMode: "Q3013",
  /** A value that does not fit the field it is compared with (`[ops="x"]`, `[id=3]`). */
  BadValue: "Q3014",
  /** Warning: a fix replaces a node whose unwritten (so unconstrained) annotations would be lost. */
  FixDropsFields: "Q3015",
  /** A rule's `fix` that is not a template, a fix object or a list of them (unknown key, several keys, wrong value). */
  BadFix: "Q3016",
  /** A fix's `append` / `setField` field that no kind the fix applies to has as a list / identifier field. */
  BadFixField: "Q3017",
  /** Reported by Query.fix (not compileQuery): a fix that does not fit one match (`remove: $X` where $X is an identifier). */
  FixNotApplicable: "Q3018",
  /**
   * A bad `stopBy` (or `immediate`) on a relation: not `neighbor`, `end` or a rule; a stopBy rule
   * that can never match; both stopBy and immediate; on `scope`; or outside a relation's rule.
   */
  BadStopBy: "Q3020",
  /**
   * A bad `field` on a relation: not a string, on follows/precedes/scope, a field that never holds
   * nodes, or outside a relation's rule. (An unknown field name is Q3003.)
   */
  BadRelationField: "Q3021",
  /**
   * A malformed `transform`: not a mapping, an unknown transformation (with a did-you-mean), an
   * unknown key, case or separator, a missing key, a `source` that is not `$X`, a name that is not
   * a metavariable name or that the rule already binds, a `rewrite` of a transform's text.
   */
  BadTransform: "Q3022",
  /** Transforms that depend on each other in a cycle (`A` from `$B`, `B` from `$A`). */
  TransformCycle: "Q3023",
  /**
   * A malformed `rewriters` list (not a list; a rewriter without id, rule or a fix template; an
   * unknown key; two with one id), or a `rewrite` transform naming a rewriter that is not defined.
   */
  BadRewriter: "Q3024",
  /**
   * Warning, reported by Query.fix (not compileQuery): a fix's edit deletes comments that were
   * inside the replaced or removed span (the fix is still applied).
   */
  FixDeletesComments: "Q3025",
} as const;
export type QueryCode = (typeof QUERY_CODES)[keyof typeof QUERY_CODES];

/** One problem found while compiling a query. Offsets are UTF-16 indexes into `source`. */
export interface QueryDiagnostic {
  readonly code: QueryCode;
  readonly message: string;
  /** Which text the offsets refer to: the pattern, the selector, or the rule file. */
  readonly source: string;
  readonly start: number;
  readonly end: number;
  /** 1-based line and 0-based column of `start` in `source`. */
  readonly line: number;
  readonly column: number;
}

/** Thrown by compileQuery when the query cannot be compiled; `diagnostics` holds at least one. */
export class QueryError extends Error {
  readonly diagnostics: readonly QueryDiagnostic[];
  constructor(diagnostics: readonly QueryDiagnostic[]) {
    const d = diagnostics[0]!;
    super(`${d.code} ${d.message} (${d.line}:${d.column})`);
    this.name = "QueryError";
    this.diagnostics = diagnostics;
  }
  get code(): QueryCode {
    return this.diagnostics[0]!.code;
  }
}

/** Builds a diagnostic at `start..end` of `source`. */
export function diag(code: QueryCode, message: string, source: string, start: number, end = start): QueryDiagnostic {
  const s = Math.max(0, Math.min(start, source.length));
  let line = 1;
  let ls = 0;
  for (let i = 0; i < s; i++)
    if (source.charCodeAt(i) === 10) {
      line++;
      ls = i + 1;
    }
  return { code, message, source, start: s, end: Math.max(s, Math.min(end, source.length)), line, column: s - ls };
}

/** Throws a QueryError holding one diagnostic. */
export function fail(code: QueryCode, message: string, source: string, start: number, end = start): never {
  throw new QueryError([diag(code, message, source, start, end)]);
}

/** The candidate closest to `word` (edit distance at most half its length, and 4), or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  // Up to half the word's length (FuncDef -> FunctionDef), at most 4 edits.
  let bestD = Math.min(4, Math.max(1, Math.ceil(word.length / 2)));
  const lw = word.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lw && c !== word) return c;
    const d = editDistance(lw, c.toLowerCase());
    // The first candidate at the smallest distance wins.
    if (d < bestD || (d === bestD && best === undefined)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** " (did you mean 'x'?)" or "". */
export function hint(word: string, candidates: Iterable<string>): string {
  const m = didYouMean(word, candidates);
  return m === undefined ? "" : ` (did you mean '${m}'?)`;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagV = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagV + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagV = t;
    }
  }
  return prev[b.length]!;
}
