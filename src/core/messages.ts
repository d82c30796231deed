// The catalog of syntax error codes. quarry's messages are CPython's own text (users compare them
// with what python prints), so each code names a family of CPython messages by pattern; parse()
// stamps the code on every error it returns. Codes are stable and never reused:
// T1xxx source decoding and tokenizer, P2xxx parser. Order matters: the first match wins.

export interface MessageFamily {
  readonly code: string;
  readonly pattern: RegExp;
}

const F = (code: string, pattern: RegExp): MessageFamily => ({ code, pattern });

export const MESSAGES: readonly MessageFamily[] = [
  // Source decoding (core/source.ts)
  F("T1001", /^source code (string )?cannot contain null bytes$/),
  F("T1002", /^Non-UTF-8 code starting with /),
  F("T1003", /^unknown encoding: /),
  F("T1004", /^encoding problem: /),
  // Any codec a coding declaration names (multi-byte: 'shift_jis', 'utf-16-le', ...), not the
  // string-escape decoder's UnicodeDecodeError.
  F("T1005", /^(\(unicode error\) 'utf-8'|'(?!unicodeescape')[\w-]+') codec can't decode/),
  F("T1006", /^encoding not supported by quarry/),
  F("T1007", /^('.+' is not a text encoding; use codecs.decode\(\) to handle arbitrary codecs|undefined encoding)$/),
  F("T1008", /^'utf-8' codec can't encode characters? .*: surrogates not allowed$/),
  // Tokenizer
  F("T1101", /^unterminated (triple-quoted )?(string|f-string|t-string) literal \(detected at line \d+\)/),
  F("T1102", /^invalid (decimal|hexadecimal|octal|binary|imaginary) literal$/),
  F("T1103", /^invalid digit '.' in (octal|binary) literal$/),
  F("T1104", /^leading zeros in decimal integer literals are not permitted/),
  F("T1105", /^invalid character '.+' \(U\+[0-9A-F]+\)$/),
  F("T1106", /^invalid non-printable character U\+[0-9A-F]+$/),
  F("T1107", /^unexpected character after line continuation character$/),
  F("T1108", /^unexpected EOF while parsing$/),
  F("T1109", /^unmatched '.'$/),
  F("T1110", /^closing parenthesis '.' does not match opening parenthesis '.'( on line \d+)?$/),
  F("T1111", /^too many nested parentheses$/),
  F("T1112", /^unindent does not match any outer indentation level$/),
  F("T1113", /^inconsistent use of tabs and spaces in indentation$/),
  F("T1114", /^too many levels of indentation$/),
  F("T1115", /^'.+' and '.+' prefixes are incompatible$/),
  F("T1116", /^[ft]-string: single '.' is not allowed$/),
  F("T1117", /^[ft]-string: expressions nested too deeply$/),
  F("T1118", /^[ft]-string: unmatched '.'$/),
  F("T1119", /^[ft]-string: newlines are not allowed in format specifiers/),
  F("T1120", /^[ft]-string: expecting '}'$/),
  // Literal values (parser/literals.ts)
  F("P2101", /^\((unicode|value) error\) /),
  F("P2102", /^bytes can only contain ASCII literal characters$/),
  F("P2103", /^cannot mix bytes and nonbytes literals$/),
  F("P2104", /^cannot mix t-string literals with string or bytes literals$/),
  F("P2105", /^(real|imaginary) number required in complex literal$/),
  F("P2106", /^Exceeds the limit \(\d+ digits\) for integer string conversion/),
  F("P2107", /codec can't decode bytes in position/),
  // Generic
  F("P2001", /^invalid syntax$/),
  F("P2002", /^invalid syntax\. Perhaps you forgot a comma\?$/),
  F("P2003", /^invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?$/),
  F("P2004", /^invalid syntax\. Is this intended to be part of the string\?$/),
  F("P2005", /^'.' was never closed$/),
  F("P2006", /^expected '.'$/),
  F("P2007", /^unexpected (indent|unindent)$/),
  F("P2008", /^expected an indented block after /),
  F("P2009", /^Parser stack overflowed - Python source too complex to parse$/),
  F("P2010", /^Missing parentheses in call to '.+'\. Did you mean .+\(\.\.\.\)\?$/),
  // Targets and assignment
  F("P2306", /^cannot assign to (iterable|keyword) argument unpacking$/),
  F("P2201", /^cannot assign to .+ here\. Maybe you meant '==' instead of '='\?$/),
  F("P2202", /^cannot (assign to|delete) .+$/),
  F("P2203", /^'.+' is an illegal expression for augmented assignment$/),
  F("P2204", /^only single target \(not (tuple|list)\) can be annotated$/),
  F("P2205", /^illegal target for annotation$/),
  F("P2206", /^assignment to yield expression not possible$/),
  F("P2207", /^cannot use assignment expressions with .+$/),
  F("P2208", /^cannot use (starred|double starred) expression here$/),
  F("P2209", /^Invalid star expression$/),
  // Calls, parameters, comprehensions, displays
  F("P2301", /^positional argument follows keyword argument( unpacking)?$/),
  F("P2302", /^iterable argument unpacking follows keyword argument unpacking$/),
  F("P2303", /^Generator expression must be parenthesized$/),
  F("P2304", /^expression cannot contain assignment, perhaps you meant "=="\?$/),
  F("P2305", /^expected argument value expression$/),
  F("P2311", /^parameter without a default follows parameter with a default$/),
  F("P2312", /^named arguments must follow bare \*$/),
  F("P2313", /^(var-positional|var-keyword) argument cannot have default value$/),
  F("P2314", /^arguments cannot follow var-keyword argument$/),
  F("P2315", /^(\/ must be ahead of \*|\/ may appear only once|at least one argument must precede \/|\* argument may appear only once|expected comma between \/ and \*)$/),
  F("P2316", /^expected default value expression$/),
  F("P2317", /^(Function|Lambda expression) parameters cannot be parenthesized$/),
  F("P2321", /^did you forget parentheses around the comprehension target\?$/),
  F("P2322", /^iterable unpacking cannot be used in comprehension$/),
  F("P2323", /^dict unpacking cannot be used in dict comprehension$/),
  F("P2324", /^'in' expected after for-loop variables$/),
  F("P2325", /^':' expected after dictionary key$/),
  F("P2326", /^expression expected after dictionary key and ':'$/),
  F("P2327", /^cannot use a starred expression in a dictionary value$/),
  // Expressions
  F("P2401", /^expected 'else' after 'if' expression$/),
  F("P2402", /^expected expression (after 'else'|before 'if'), but statement is given$/),
  F("P2403", /^'not' after an operator must be parenthesized$/),
  F("P2404", /^[ft]-string: lambda expressions are not allowed without parentheses$/),
  F("P2405", /^[ft]-string: valid expression required before '.'$/),
  F("P2406", /^[ft]-string: expecting /),
  F("P2407", /^[ft]-string: (missing conversion character|invalid conversion character.*|conversion type must come right after the exclamation mark)$/),
  // Statements
  F("P2501", /^expected 'except' or 'finally' block$/),
  F("P2502", /^cannot have both 'except' and 'except\*' on the same 'try'$/),
  F("P2503", /^multiple exception types must be parenthesized when using 'as'$/),
  F("P2504", /^expected one or more exception types$/),
  F("P2505", /^cannot use except\*? statement with .+$/),
  F("P2506", /^trailing comma not allowed without surrounding parentheses$/),
  F("P2507", /^Expected one or more names after 'import'$/),
  F("P2508", /^Did you mean to use 'from \.\.\. import \.\.\.' instead\?$/),
  F("P2509", /^cannot use .+ as import target$/),
  F("P2510", /^(future feature .+ is not defined|not a chance)$/),
  F("P2512", /^'elif' block follows an 'else' block$/),
  F("P2513", /^multiple statements found while compiling a single statement$/),
  F("P2514", /^.+ only supported in Python 3\.\d+ and greater$/),
  F("P2515", /^with Barry as BDFL, use '<>' instead of '!='$/),
  // Patterns and type parameters
  F("P2601", /^cannot use '_' as a target$/),
  F("P2602", /^cannot use .+ as pattern target$/),
  F("P2603", /^positional patterns follow keyword patterns$/),
  F("P2701", /^Type parameter list cannot be empty$/),
  F("P2702", /^cannot use (bound|constraints) with (TypeVarTuple|ParamSpec)$/),
];

/** Code for messages the catalog does not know (a test keeps every fixture's error out of it). */
export const UNKNOWN_CODE = "P2999";

/** The stable code of a CPython syntax error message. */
export function messageCode(msg: string): string {
  for (const f of MESSAGES) if (f.pattern.test(msg)) return f.code;
  return UNKNOWN_CODE;
}
