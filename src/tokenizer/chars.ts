// Byte-level tables and constants for the tokenizer: character classes, operator tables,
// CPython's limits. Built once at module load; the lexer reads them with one index per byte.
import { TokenKind as T } from "./token-kind.js";
import { KEYWORD_LIST } from "../core/interner.js";

// CPython limits (Parser/tokenizer/*.h, Parser/lexer/state.h).
export const MAXINDENT = 100;
export const MAXLEVEL = 200;
export const MAXFSTRINGLEVEL = 150;
export const MAX_EXPR_NESTING = 3;
export const TABSIZE = 8;

// Character codes used in the hot paths (named, so the switch arms read as the grammar).
export const NL = 10, SP = 32, TAB = 9, FF = 12, HASH = 35, BSL = 92, SQ = 39, DQ = 34;
export const LBRACE = 123, RBRACE = 125, COLON = 58, EXCL = 33;

// Byte classes. One table lookup replaces chains of range tests in the identifier loop.
// 1 = ASCII identifier char, 2 = non-ASCII byte (CPython treats every byte >= 128 as a potential
// identifier char and validates the whole name afterwards).
export const ID_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) ID_CHAR[c] = 1;
  else if (c >= 128) ID_CHAR[c] = 2;
}
// 1 for bytes a single-quoted string body can skip without looking: everything but quotes,
// backslash, newline and the NUL end sentinel. Lets the string loop run as a tight scan.
export const STR_PLAIN = new Uint8Array(256).fill(1);
STR_PLAIN[SQ] = STR_PLAIN[DQ] = STR_PLAIN[BSL] = STR_PLAIN[NL] = STR_PLAIN[0] = 0;
// 1 for bytes an f-string literal run can skip: also stops at braces.
export const FSTR_PLAIN = new Uint8Array(STR_PLAIN);
FSTR_PLAIN[LBRACE] = FSTR_PLAIN[RBRACE] = 0;
// Byte class of a token's first byte, for the dispatch switch in lexRegular.
export const C_OP = 0, C_NAME = 1, C_PREFIX = 2, C_DIGIT = 3, C_NL = 4, C_QUOTE = 5, C_HASH = 6, C_BSL = 7;
export const C_EOF = 8, C_NONASCII = 9, C_DOT = 10, C_SIMPLE = 11, C_OP1 = 12;
export const CLS = new Uint8Array(256).fill(C_OP);
for (let c = 0; c < 256; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) CLS[c] = C_NAME;
  else if (c >= 48 && c <= 57) CLS[c] = C_DIGIT;
  else if (c >= 128) CLS[c] = C_NONASCII;
}
for (const ch of "bBrRuUfFtT") CLS[ch.charCodeAt(0)] = C_PREFIX;
for (const ch of ",;~()[]") CLS[ch.charCodeAt(0)] = C_SIMPLE;
for (const ch of "=:+-*/%<>&|^@") CLS[ch.charCodeAt(0)] = C_OP1;
CLS[NL] = C_NL; CLS[SQ] = CLS[DQ] = C_QUOTE; CLS[HASH] = C_HASH; CLS[BSL] = C_BSL; CLS[0] = C_EOF; CLS[46] = C_DOT;
void C_OP;

// String prefix letters (b r u f t, any case) -> bit; 0 for other bytes.
export const PREFIX_BIT = new Uint8Array(256);
PREFIX_BIT[98] = PREFIX_BIT[66] = 1; // b
PREFIX_BIT[114] = PREFIX_BIT[82] = 2; // r
PREFIX_BIT[117] = PREFIX_BIT[85] = 4; // u
PREFIX_BIT[102] = PREFIX_BIT[70] = 8; // f
PREFIX_BIT[116] = PREFIX_BIT[84] = 16; // t
export const P_B = 1, P_R = 2, P_U = 4, P_F = 8, P_T = 16;

// Single-character operators -> kind (0: not an operator).
export const ONE_CHAR = new Uint8Array(128);
ONE_CHAR[40] = T.LPAR; ONE_CHAR[41] = T.RPAR; ONE_CHAR[91] = T.LSQB; ONE_CHAR[93] = T.RSQB;
ONE_CHAR[58] = T.COLON; ONE_CHAR[44] = T.COMMA; ONE_CHAR[59] = T.SEMI; ONE_CHAR[43] = T.PLUS;
ONE_CHAR[45] = T.MINUS; ONE_CHAR[42] = T.STAR; ONE_CHAR[47] = T.SLASH; ONE_CHAR[124] = T.VBAR;
ONE_CHAR[38] = T.AMPER; ONE_CHAR[60] = T.LESS; ONE_CHAR[62] = T.GREATER; ONE_CHAR[61] = T.EQUAL;
ONE_CHAR[46] = T.DOT; ONE_CHAR[37] = T.PERCENT; ONE_CHAR[123] = T.LBRACE; ONE_CHAR[125] = T.RBRACE;
ONE_CHAR[126] = T.TILDE; ONE_CHAR[94] = T.CIRCUMFLEX; ONE_CHAR[64] = T.AT; ONE_CHAR[33] = T.EXCLAMATION;

// Two-character operators, keyed c1 * 128 + c2 (0: none). "<>" is NOTEQUAL as in CPython's
// tokenizer; the parser rejects it unless the text is "!=" (pegen's check_barry_as_flufl).
export const TWO_CHAR = new Uint8Array(128 * 128);
export function two(s: string, k: number): void {
  TWO_CHAR[s.charCodeAt(0) * 128 + s.charCodeAt(1)] = k;
}
two("!=", T.NOTEQUAL); two("%=", T.PERCENTEQUAL); two("&=", T.AMPEREQUAL); two("**", T.DOUBLESTAR);
two("*=", T.STAREQUAL); two("+=", T.PLUSEQUAL); two("-=", T.MINEQUAL); two("->", T.RARROW);
two("//", T.DOUBLESLASH); two("/=", T.SLASHEQUAL); two(":=", T.COLONEQUAL); two("<<", T.LEFTSHIFT);
two("<=", T.LESSEQUAL); two("==", T.EQEQUAL); two(">=", T.GREATEREQUAL); two(">>", T.RIGHTSHIFT);
two("@=", T.ATEQUAL); two("<>", T.NOTEQUAL); two("^=", T.CIRCUMFLEXEQUAL); two("|=", T.VBAREQUAL);

// The Interner gives the hard keywords ids 1..35 in TokenKind order (KEYWORD_LIST), so a name's
// kind is one comparison away from its id.
export const KEYWORD_COUNT = KEYWORD_LIST.length;
export const KW_BASE = T.KW_FALSE - 1;

// ignoreBOM keeps a U+FEFF inside the source (an invalid character there) instead of dropping it.
export const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
export function both(saw: number, a: number, b: number): boolean {
  return (saw & a) !== 0 && (saw & b) !== 0;
}
/** A digit of the radix whose prefix letter (lower-cased) is `lc`: x, o or b. */
export function radixDigit(lc: number, c: number): boolean {
  if (lc === 120) return isHex(c);
  if (lc === 111) return c >= 48 && c <= 55;
  return c === 48 || c === 49;
}
export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}
