// Operator precedence and operator spellings for the unparser, in the order CPython's ast.unparse
// ranks them (loosest first). A child is parenthesised when the precedence its parent asks for is
// higher than the child's own; a node nobody asks about is at TEST.
import { OPERATOR_NAMES, BOOL_OPERATOR_NAMES, UNARY_OPERATOR_NAMES, CMP_OPERATOR_NAMES } from "../schema/generated/nodes.js";

/** Precedence levels, loosest first (CPython's ranking; `|` shares EXPR). */
export const Prec = {
  NAMED_EXPR: 1, // x := y
  TUPLE: 2, // a, b
  YIELD: 3, // yield, yield from
  TEST: 4, // x if c else y, lambda
  OR: 5,
  AND: 6,
  NOT: 7,
  CMP: 8, // < > == >= <= != in, not in, is, is not
  EXPR: 9, // also BOR: |
  BXOR: 10,
  BAND: 11,
  SHIFT: 12,
  ARITH: 13, // binary + -
  TERM: 14, // * @ / % //
  FACTOR: 15, // unary + - ~
  POWER: 16,
  AWAIT: 17,
  ATOM: 18,
} as const;

/** The next tighter level (ATOM stays ATOM). */
export function tighter(p: number): number {
  return p < Prec.ATOM ? p + 1 : p;
}

// Tables indexed by the schema's operator numbers, built from CPython's class names so that a
// renumbering of the generated enums cannot silently swap operators.
function table<T>(names: readonly string[], byName: Record<string, T>, none: T): T[] {
  return names.map((n, i) => {
    if (i === 0) return none;
    const v = byName[n];
    if (v === undefined) throw new Error(`unparse: no spelling for operator ${n}`);
    return v;
  });
}

/** BinOp / AugAssign operator text, by `Operator` value. */
export const BINOP_TEXT: readonly string[] = table(
  OPERATOR_NAMES,
  {
    Add: "+",
    Sub: "-",
    Mult: "*",
    MatMult: "@",
    Div: "/",
    Mod: "%",
    LShift: "<<",
    RShift: ">>",
    BitOr: "|",
    BitXor: "^",
    BitAnd: "&",
    FloorDiv: "//",
    Pow: "**",
  },
  "",
);

/** BinOp operator precedence, by `Operator` value. */
export const BINOP_PREC: readonly number[] = table(
  OPERATOR_NAMES,
  {
    Add: Prec.ARITH,
    Sub: Prec.ARITH,
    Mult: Prec.TERM,
    MatMult: Prec.TERM,
    Div: Prec.TERM,
    Mod: Prec.TERM,
    LShift: Prec.SHIFT,
    RShift: Prec.SHIFT,
    BitOr: Prec.EXPR,
    BitXor: Prec.BXOR,
    BitAnd: Prec.BAND,
    FloorDiv: Prec.TERM,
    Pow: Prec.POWER,
  },
  0,
);

/** `**` is the one right-associative binary operator. */
export const POW_OP = OPERATOR_NAMES.indexOf("Pow");

/** " and " / " or ", by `BoolOperator` value. */
export const BOOLOP_TEXT: readonly string[] = table(BOOL_OPERATOR_NAMES, { And: " and ", Or: " or " }, "");
export const BOOLOP_PREC: readonly number[] = table(BOOL_OPERATOR_NAMES, { And: Prec.AND, Or: Prec.OR }, 0);

/** Unary operator text (`not` is followed by a space, the others are not), by `UnaryOperator` value. */
export const UNARY_TEXT: readonly string[] = table(UNARY_OPERATOR_NAMES, { Invert: "~", Not: "not ", UAdd: "+", USub: "-" }, "");
export const UNARY_PREC: readonly number[] = table(
  UNARY_OPERATOR_NAMES,
  {
    Invert: Prec.FACTOR,
    Not: Prec.NOT,
    UAdd: Prec.FACTOR,
    USub: Prec.FACTOR,
  },
  0,
);

/** Comparison operator text with its surrounding spaces, by `CmpOperator` value. */
export const CMP_TEXT: readonly string[] = table(
  CMP_OPERATOR_NAMES,
  {
    Eq: " == ",
    NotEq: " != ",
    Lt: " < ",
    LtE: " <= ",
    Gt: " > ",
    GtE: " >= ",
    Is: " is ",
    IsNot: " is not ",
    In: " in ",
    NotIn: " not in ",
  },
  "",
);
