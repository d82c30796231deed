// The catalog of every error quarry's parser can raise: a stable code (never reused: T1xxx source
// decoding and tokenizer, P2xxx parser), CPython's exception class and its message template with
// named {parameters}. Raise sites name an entry and pass its arguments; the text is built here.
import type { PyErrorClass, PySyntaxError } from "./diagnostics.js";

/** One catalogued error: its stable code, CPython's exception class and message template. */
export interface ErrorEntry {
  readonly code: string;
  readonly cls: PyErrorClass;
  /** CPython's message with `{name}` for each parameter (names are letters only). */
  readonly template: string;
}

// The parameter names of a template, so each raise site's arguments are checked by the compiler.
type Params<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | Params<R> : never;

/** The arguments a raise site passes for entry `E`: none, or one object with every parameter. */
export type ArgsOf<E extends ErrorEntry> = [Params<E["template"]>] extends [never]
  ? []
  : [args: { readonly [K in Params<E["template"]>]: string | number }];

const e = <T extends string>(code: string, cls: PyErrorClass, template: T) => ({ code, cls, template }) as const;
const S = "SyntaxError";
const I = "IndentationError";

/**
 * Every error parse() can return, by name. Messages are CPython 3.14's own text (users compare
 * them with what python prints); docs/errors.md maps each one to CPython's source.
 */
export const ERRORS = {
  // ---- Source decoding (core/source.ts) ----
  NullBytes: e("T1001", S, "source code string cannot contain null bytes"),
  NonUtf8: e(
    "T1002",
    S,
    "Non-UTF-8 code starting with '\\x{byte}' on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
  ),
  UnknownEncoding: e("T1003", S, "unknown encoding: {name}"),
  EncodingWithBom: e("T1004", S, "encoding problem: {name} with BOM"),
  SourceDecode: e("T1005", S, "'{codec}' codec can't decode {detail}"),
  EncodingUnsupported: e("T1006", S, "encoding not supported by quarry: {name} (Python codec {module})"),
  NotTextEncoding: e("T1007", S, "'{name}' is not a text encoding; use codecs.decode() to handle arbitrary codecs"),
  EncodingUnsupportedHere: e("T1008", S, "encoding not supported by quarry in this runtime: {name} (its TextDecoder differs)"),
  UndefinedEncoding: e("T1009", S, "undefined encoding"),
  SurrogateInSource: e(
    "T1010",
    "UnicodeEncodeError",
    "'utf-8' codec can't encode character '\\u{unit}' in position {position}: surrogates not allowed",
  ),
  SurrogatesInSource: e(
    "T1011",
    "UnicodeEncodeError",
    "'utf-8' codec can't encode characters in position {first}-{last}: surrogates not allowed",
  ),
  SourceEncode: e("T1012", S, "'{codec}' codec can't encode {detail}"),

  // ---- Tokenizer (tokenizer/tokenizer.ts) ----
  UnterminatedString: e("T1101", S, "unterminated string literal (detected at line {line})"),
  InvalidNumber: e("T1102", S, "invalid {kind} literal"),
  InvalidDigit: e("T1103", S, "invalid digit '{digit}' in {kind} literal"),
  LeadingZeros: e("T1104", S, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
  InvalidCharacter: e("T1105", S, "invalid character '{char}' (U+{hex})"),
  NonPrintableCharacter: e("T1106", S, "invalid non-printable character U+{hex}"),
  LineContinuation: e("T1107", S, "unexpected character after line continuation character"),
  UnexpectedEof: e("T1108", S, "unexpected EOF while parsing"),
  Unmatched: e("T1109", S, "unmatched '{char}'"),
  MismatchedBracket: e("T1110", S, "closing parenthesis '{close}' does not match opening parenthesis '{open}'"),
  TooManyParentheses: e("T1111", S, "too many nested parentheses"),
  UnindentMismatch: e("T1112", I, "unindent does not match any outer indentation level"),
  TabsAndSpaces: e("T1113", "TabError", "inconsistent use of tabs and spaces in indentation"),
  TooDeepIndentation: e("T1114", I, "too many levels of indentation"),
  IncompatiblePrefixes: e("T1115", S, "'{first}' and '{second}' prefixes are incompatible"),
  FStringSingleBrace: e("T1116", S, "{prefix}-string: single '}' is not allowed"),
  FStringNestedTooDeeply: e("T1117", S, "{prefix}-string: expressions nested too deeply"),
  FStringUnmatched: e("T1118", S, "{prefix}-string: unmatched '{char}'"),
  FStringNewlineInSpec: e("T1119", S, "{prefix}-string: newlines are not allowed in format specifiers for single quoted {prefix}-strings"),
  FStringExpectingBrace: e("T1120", S, "{prefix}-string: expecting '}'"),
  UnterminatedStringEscapedQuote: e(
    "T1121",
    S,
    "unterminated string literal (detected at line {line}); perhaps you escaped the end quote?",
  ),
  UnterminatedTripleString: e("T1122", S, "unterminated triple-quoted string literal (detected at line {line})"),
  UnterminatedFString: e("T1123", S, "unterminated {prefix}-string literal (detected at line {line})"),
  UnterminatedTripleFString: e("T1124", S, "unterminated triple-quoted {prefix}-string literal (detected at line {line})"),
  MismatchedBracketOnLine: e("T1125", S, "closing parenthesis '{close}' does not match opening parenthesis '{open}' on line {line}"),
  TooManyNestedFStrings: e("T1126", S, "too many nested f-strings or t-strings"),

  // ---- Generic parser errors ----
  InvalidSyntax: e("P2001", S, "invalid syntax"),
  MissingComma: e("P2002", S, "invalid syntax. Perhaps you forgot a comma?"),
  AssignInsteadOfCompare: e("P2003", S, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"),
  PartOfString: e("P2004", S, "invalid syntax. Is this intended to be part of the string?"),
  NeverClosed: e("P2005", S, "'{char}' was never closed"),
  ExpectedToken: e("P2006", S, "expected '{token}'"),
  UnexpectedIndent: e("P2007", I, "unexpected indent"),
  ExpectedIndentedBlock: e("P2008", I, "expected an indented block after {what} on line {line}"),
  TooComplex: e("P2009", "MemoryError", "Parser stack overflowed - Python source too complex to parse"),
  MissingParentheses: e("P2010", S, "Missing parentheses in call to '{name}'. Did you mean {name}(...)?"),
  UnexpectedUnindent: e("P2011", I, "unexpected unindent"),
  ExpectedIndentedBlockBare: e("P2012", I, "expected an indented block"),

  // ---- Literal values (parser/literals.ts, core/string-literal.ts) ----
  UnicodeError: e("P2101", S, "(unicode error) {detail}"),
  NonAsciiBytes: e("P2102", S, "bytes can only contain ASCII literal characters"),
  MixedBytes: e("P2103", S, "cannot mix bytes and nonbytes literals"),
  MixedTString: e("P2104", S, "cannot mix t-string literals with string or bytes literals"),
  RealRequired: e("P2105", S, "real number required in complex literal"),
  IntTooLong: e(
    "P2106",
    S,
    "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
  ),
  FormatSpecDecode: e("P2107", "UnicodeDecodeError", "{detail}"),
  ValueError: e("P2108", S, "(value error) {detail}"),
  ImaginaryRequired: e("P2109", S, "imaginary number required in complex literal"),

  // ---- Targets and assignment ----
  AssignHereCompare: e("P2201", S, "cannot assign to {target} here. Maybe you meant '==' instead of '='?"),
  CannotAssign: e("P2202", S, "cannot assign to {target}"),
  IllegalAugAssign: e("P2203", S, "'{target}' is an illegal expression for augmented assignment"),
  SingleTargetAnnotation: e("P2204", S, "only single target (not {kind}) can be annotated"),
  IllegalAnnotationTarget: e("P2205", S, "illegal target for annotation"),
  AssignToYield: e("P2206", S, "assignment to yield expression not possible"),
  NamedExprTarget: e("P2207", S, "cannot use assignment expressions with {target}"),
  StarredHere: e("P2208", S, "cannot use starred expression here"),
  InvalidStar: e("P2209", S, "Invalid star expression"),
  CannotDelete: e("P2210", S, "cannot delete {target}"),
  DoubleStarredHere: e("P2211", S, "cannot use double starred expression here"),

  // ---- Calls, parameters, comprehensions, displays ----
  PositionalAfterKeyword: e("P2301", S, "positional argument follows keyword argument"),
  IterableAfterKwUnpacking: e("P2302", S, "iterable argument unpacking follows keyword argument unpacking"),
  UnparenthesizedGenexp: e("P2303", S, "Generator expression must be parenthesized"),
  AssignInArgument: e("P2304", S, 'expression cannot contain assignment, perhaps you meant "=="?'),
  ExpectedArgumentValue: e("P2305", S, "expected argument value expression"),
  AssignToStarArg: e("P2306", S, "cannot assign to iterable argument unpacking"),
  AssignToKwArg: e("P2307", S, "cannot assign to keyword argument unpacking"),
  PositionalAfterKwUnpacking: e("P2308", S, "positional argument follows keyword argument unpacking"),
  NonDefaultAfterDefault: e("P2311", S, "parameter without a default follows parameter with a default"),
  BareStar: e("P2312", S, "named arguments must follow bare *"),
  VarPositionalDefault: e("P2313", S, "var-positional argument cannot have default value"),
  ArgsAfterVarKeyword: e("P2314", S, "arguments cannot follow var-keyword argument"),
  SlashAfterStar: e("P2315", S, "/ must be ahead of *"),
  ExpectedDefault: e("P2316", S, "expected default value expression"),
  ParenthesizedParams: e("P2317", S, "Function parameters cannot be parenthesized"),
  VarKeywordDefault: e("P2318", S, "var-keyword argument cannot have default value"),
  SlashTwice: e("P2319", S, "/ may appear only once"),
  SlashFirst: e("P2320", S, "at least one argument must precede /"),
  ComprehensionTarget: e("P2321", S, "did you forget parentheses around the comprehension target?"),
  StarInComprehension: e("P2322", S, "iterable unpacking cannot be used in comprehension"),
  DoubleStarInDictComp: e("P2323", S, "dict unpacking cannot be used in dict comprehension"),
  InExpected: e("P2324", S, "'in' expected after for-loop variables"),
  ColonAfterKey: e("P2325", S, "':' expected after dictionary key"),
  ValueAfterKey: e("P2326", S, "expression expected after dictionary key and ':'"),
  StarredDictValue: e("P2327", S, "cannot use a starred expression in a dictionary value"),
  StarTwice: e("P2328", S, "* argument may appear only once"),
  SlashStarComma: e("P2329", S, "expected comma between / and *"),
  ParenthesizedLambdaParams: e("P2330", S, "Lambda expression parameters cannot be parenthesized"),

  // ---- Expressions ----
  ExpectedElse: e("P2401", S, "expected 'else' after 'if' expression"),
  StatementAfterElse: e("P2402", S, "expected expression after 'else', but statement is given"),
  NotAfterOperator: e("P2403", S, "'not' after an operator must be parenthesized"),
  FStringLambda: e("P2404", S, "{prefix}-string: lambda expressions are not allowed without parentheses"),
  FStringExpressionRequired: e("P2405", S, "{prefix}-string: valid expression required before '{char}'"),
  FStringExpectingExpression: e("P2406", S, "{prefix}-string: expecting a valid expression after '{'"),
  FStringMissingConversion: e("P2407", S, "{prefix}-string: missing conversion character"),
  StatementBeforeIf: e("P2408", S, "expected expression before 'if', but statement is given"),
  FStringExpectingAny: e("P2409", S, "{prefix}-string: expecting '=', or '!', or ':', or '}'"),
  FStringExpectingAfterEquals: e("P2410", S, "{prefix}-string: expecting '!', or ':', or '}'"),
  FStringExpectingColonOrBrace: e("P2411", S, "{prefix}-string: expecting ':' or '}'"),
  FStringExpectingSpec: e("P2412", S, "{prefix}-string: expecting '}', or format specs"),
  FStringInvalidConversion: e("P2413", S, "{prefix}-string: invalid conversion character"),
  FStringBadConversion: e("P2414", S, "{prefix}-string: invalid conversion character '{name}': expected 's', 'r', or 'a'"),
  FStringConversionSpace: e("P2415", S, "{prefix}-string: conversion type must come right after the exclamation mark"),

  // ---- Statements ----
  ExpectedExceptOrFinally: e("P2501", S, "expected 'except' or 'finally' block"),
  MixedExcept: e("P2502", S, "cannot have both 'except' and 'except*' on the same 'try'"),
  UnparenthesizedExceptAs: e("P2503", S, "multiple exception types must be parenthesized when using 'as'"),
  ExpectedExceptionTypes: e("P2504", S, "expected one or more exception types"),
  ExceptTarget: e("P2505", S, "cannot use except statement with {target}"),
  ImportTrailingComma: e("P2506", S, "trailing comma not allowed without surrounding parentheses"),
  ExpectedImportNames: e("P2507", S, "Expected one or more names after 'import'"),
  ImportFromOrder: e("P2508", S, "Did you mean to use 'from ... import ...' instead?"),
  ImportTarget: e("P2509", S, "cannot use {target} as import target"),
  UnknownFuture: e("P2510", S, "future feature {name} is not defined"),
  ElifAfterElse: e("P2512", S, "'elif' block follows an 'else' block"),
  MultipleStatements: e("P2513", S, "multiple statements found while compiling a single statement"),
  FeatureVersion: e("P2514", S, "{what} only supported in Python 3.{minor} and greater"),
  BarryNotEqual: e("P2515", S, "with Barry as BDFL, use '<>' instead of '!='"),
  ExceptStarTarget: e("P2516", S, "cannot use except* statement with {target}"),
  FutureBraces: e("P2517", S, "not a chance"),
  DoubleTypeComments: e("P2518", S, "Cannot have two type comments on def"),
  BareStarTypeComment: e("P2519", S, "bare * has associated type comment"),

  // ---- Patterns and type parameters ----
  UnderscoreTarget: e("P2601", S, "cannot use '_' as a target"),
  PatternTarget: e("P2602", S, "cannot use {target} as pattern target"),
  PositionalPatternAfterKeyword: e("P2603", S, "positional patterns follow keyword patterns"),
  EmptyTypeParams: e("P2701", S, "Type parameter list cannot be empty"),
  TypeParamBound: e("P2702", S, "cannot use {what} with {kind}"),
} as const satisfies Record<string, ErrorEntry>;

/** The name of a catalog entry. */
export type ErrorName = keyof typeof ERRORS;

/** Every entry, in catalog order. */
export const ALL_ERRORS: readonly ErrorEntry[] = Object.values(ERRORS);

/** Where an error is: CPython's SyntaxError fields (null where CPython gives None). */
export interface ErrorLocation {
  readonly lineno: number | null;
  readonly offset: number | null;
  readonly end_lineno: number | null;
  readonly end_offset: number | null;
}

/** The location of an error CPython reports without one (all four fields None). */
export const NO_LOCATION: ErrorLocation = { lineno: null, offset: null, end_lineno: null, end_offset: null };

/** The message of `err` with its parameters filled in from `args`. */
export function errorMessage<E extends ErrorEntry>(err: E, ...args: ArgsOf<E>): string {
  const a = args[0] as Readonly<Record<string, string | number>> | undefined;
  if (a === undefined) return err.template;
  return err.template.replace(/\{([A-Za-z]+)\}/g, (m, name: string) => (name in a ? String(a[name]) : m));
}

/** The error `err` at `loc`, its message built from `args`. */
export function pyError<E extends ErrorEntry>(err: E, loc: ErrorLocation, ...args: ArgsOf<E>): PySyntaxError {
  return {
    code: err.code,
    cls: err.cls,
    msg: errorMessage(err, ...args),
    lineno: loc.lineno,
    offset: loc.offset,
    end_lineno: loc.end_lineno,
    end_offset: loc.end_offset,
  };
}
