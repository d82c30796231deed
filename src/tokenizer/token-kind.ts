// Token kinds shared by the tokenizer and the parser. Names follow CPython's Grammar/Tokens;
// hard keywords get kinds of their own so the parser compares integers, never strings.
// Soft keywords (match, case, type, _) stay NAME: the parser decides by context.

export const TokenKind = {
  ENDMARKER: 0,
  NAME: 1,
  NUMBER: 2,
  STRING: 3,
  NEWLINE: 4,
  INDENT: 5,
  DEDENT: 6,
  FSTRING_START: 7,
  FSTRING_MIDDLE: 8,
  FSTRING_END: 9,
  TSTRING_START: 10,
  TSTRING_MIDDLE: 11,
  TSTRING_END: 12,
  /** Emitted once, where the tokenizer stopped on an error (see TokenizeResult.error). */
  ERRORTOKEN: 13,
  /** A printable ASCII character that is no token ($ ? `): CPython's generic OP; the parser rejects it. */
  OP: 14,
  /** Only in the trivia mode behind the public token stream (tokenizeTrivia): a comment, "#" to line end. */
  COMMENT: 15,
  /** Only in trivia mode: a line break that ends no logical line (blank line, inside brackets). */
  NL: 16,
  /**
   * Only with type comments on (parse's typeComments): a `# type: ...` comment; the token spans
   * the text after the prefix, up to the end of the line (CPython's TYPE_COMMENT).
   */
  TYPE_COMMENT: 17,

  // Operators and delimiters.
  LPAR: 20, RPAR: 21, LSQB: 22, RSQB: 23, COLON: 24, COMMA: 25, SEMI: 26, PLUS: 27, MINUS: 28,
  STAR: 29, SLASH: 30, VBAR: 31, AMPER: 32, LESS: 33, GREATER: 34, EQUAL: 35, DOT: 36,
  PERCENT: 37, LBRACE: 38, RBRACE: 39, EQEQUAL: 40, NOTEQUAL: 41, LESSEQUAL: 42,
  GREATEREQUAL: 43, TILDE: 44, CIRCUMFLEX: 45, LEFTSHIFT: 46, RIGHTSHIFT: 47, DOUBLESTAR: 48,
  PLUSEQUAL: 49, MINEQUAL: 50, STAREQUAL: 51, SLASHEQUAL: 52, PERCENTEQUAL: 53,
  AMPEREQUAL: 54, VBAREQUAL: 55, CIRCUMFLEXEQUAL: 56, LEFTSHIFTEQUAL: 57,
  RIGHTSHIFTEQUAL: 58, DOUBLESTAREQUAL: 59, DOUBLESLASH: 60, DOUBLESLASHEQUAL: 61, AT: 62,
  ATEQUAL: 63, RARROW: 64, ELLIPSIS: 65, COLONEQUAL: 66, EXCLAMATION: 67,

  // Hard keywords (keyword.kwlist of CPython 3.14).
  KW_FALSE: 80, KW_NONE: 81, KW_TRUE: 82, KW_AND: 83, KW_AS: 84, KW_ASSERT: 85, KW_ASYNC: 86,
  KW_AWAIT: 87, KW_BREAK: 88, KW_CLASS: 89, KW_CONTINUE: 90, KW_DEF: 91, KW_DEL: 92,
  KW_ELIF: 93, KW_ELSE: 94, KW_EXCEPT: 95, KW_FINALLY: 96, KW_FOR: 97, KW_FROM: 98,
  KW_GLOBAL: 99, KW_IF: 100, KW_IMPORT: 101, KW_IN: 102, KW_IS: 103, KW_LAMBDA: 104,
  KW_NONLOCAL: 105, KW_NOT: 106, KW_OR: 107, KW_PASS: 108, KW_RAISE: 109, KW_RETURN: 110,
  KW_TRY: 111, KW_WHILE: 112, KW_WITH: 113, KW_YIELD: 114,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** The source spelling of each keyword kind (for messages), indexed by kind. */
export const KEYWORD_TEXT: { readonly [k: number]: string } = {
  80: "False", 81: "None", 82: "True", 83: "and", 84: "as", 85: "assert", 86: "async", 87: "await",
  88: "break", 89: "class", 90: "continue", 91: "def", 92: "del", 93: "elif", 94: "else",
  95: "except", 96: "finally", 97: "for", 98: "from", 99: "global", 100: "if", 101: "import",
  102: "in", 103: "is", 104: "lambda", 105: "nonlocal", 106: "not", 107: "or", 108: "pass",
  109: "raise", 110: "return", 111: "try", 112: "while", 113: "with", 114: "yield",
};

export function isKeyword(kind: number): boolean {
  return kind >= TokenKind.KW_FALSE && kind <= TokenKind.KW_YIELD;
}
