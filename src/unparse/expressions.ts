// Expression handlers of the unparser, with the nodes that live inside expressions (arguments,
// keywords, comprehensions, aliases, with items, type parameters) and match patterns. The context
// each receives is the precedence its parent asks for: a node looser than that is parenthesised.
import { LAZY_STRING, type NodeId } from "../ast/tree.js";
import { NodeKind as K } from "../schema/generated/nodes.js";
import { Prec, tighter, BINOP_TEXT, BINOP_PREC, POW_OP, BOOLOP_TEXT, BOOLOP_PREC, UNARY_TEXT, UNARY_PREC, CMP_TEXT } from "./precedence.js";
import { UnparseCode } from "./error.js";
import { fieldOf, slotOf } from "./fields.js";
import type { Printer } from "./printer.js";

const BOOLOP_OP = slotOf(K.BoolOp, "op");
const BOOLOP_VALUES = slotOf(K.BoolOp, "values");
const NAMED_TARGET = slotOf(K.NamedExpr, "target");
const NAMED_VALUE = slotOf(K.NamedExpr, "value");
const BINOP_LEFT = slotOf(K.BinOp, "left");
const BINOP_OP = slotOf(K.BinOp, "op");
const BINOP_RIGHT = slotOf(K.BinOp, "right");
const UNARY_OP = slotOf(K.UnaryOp, "op");
const UNARY_OPERAND = slotOf(K.UnaryOp, "operand");
const LAMBDA_ARGS = slotOf(K.Lambda, "args");
const LAMBDA_BODY = slotOf(K.Lambda, "body");
const IFEXP_TEST = slotOf(K.IfExp, "test");
const IFEXP_BODY = slotOf(K.IfExp, "body");
const IFEXP_ORELSE = slotOf(K.IfExp, "orelse");
const DICT_KEYS = slotOf(K.Dict, "keys");
const DICT_VALUES = slotOf(K.Dict, "values");
const SET_ELTS = slotOf(K.Set, "elts");
const LIST_ELTS = slotOf(K.List, "elts");
const TUPLE_ELTS = slotOf(K.Tuple, "elts");
// ListComp, SetComp and GeneratorExp share their field order.
const COMP_ELT = slotOf(K.ListComp, "elt");
const COMP_GENERATORS = slotOf(K.ListComp, "generators");
const DICTCOMP_KEY = slotOf(K.DictComp, "key");
const DICTCOMP_VALUE = slotOf(K.DictComp, "value");
const DICTCOMP_GENERATORS = slotOf(K.DictComp, "generators");
const GEN_TARGET = slotOf(K.comprehension, "target");
const GEN_ITER = slotOf(K.comprehension, "iter");
const GEN_IFS = slotOf(K.comprehension, "ifs");
const GEN_IS_ASYNC = slotOf(K.comprehension, "is_async");
const AWAIT_VALUE = slotOf(K.Await, "value");
const YIELD_VALUE = slotOf(K.Yield, "value");
const YIELDFROM_VALUE = slotOf(K.YieldFrom, "value");
const COMPARE_LEFT = slotOf(K.Compare, "left");
const COMPARE_OPS = slotOf(K.Compare, "ops");
const COMPARE_COMPARATORS = slotOf(K.Compare, "comparators");
const CALL_FUNC = slotOf(K.Call, "func");
const CALL_ARGS = slotOf(K.Call, "args");
const CALL_KEYWORDS = slotOf(K.Call, "keywords");
const CONSTANT_VALUE = slotOf(K.Constant, "value");
const ATTR_VALUE = slotOf(K.Attribute, "value");
const ATTR_ATTR = fieldOf(K.Attribute, "attr");
const SUB_VALUE = slotOf(K.Subscript, "value");
const SUB_SLICE = slotOf(K.Subscript, "slice");
const STARRED_VALUE = slotOf(K.Starred, "value");
const NAME_ID = fieldOf(K.Name, "id");
const SLICE_LOWER = slotOf(K.Slice, "lower");
const SLICE_UPPER = slotOf(K.Slice, "upper");
const SLICE_STEP = slotOf(K.Slice, "step");
const ARGS_POSONLY = slotOf(K.arguments, "posonlyargs");
const ARGS_ARGS = slotOf(K.arguments, "args");
const ARGS_VARARG = slotOf(K.arguments, "vararg");
const ARGS_KWONLY = slotOf(K.arguments, "kwonlyargs");
const ARGS_KW_DEFAULTS = slotOf(K.arguments, "kw_defaults");
const ARGS_KWARG = slotOf(K.arguments, "kwarg");
const ARGS_DEFAULTS = slotOf(K.arguments, "defaults");
const ARG_ARG = fieldOf(K.arg, "arg");
const ARG_ANNOTATION = slotOf(K.arg, "annotation");
const KEYWORD_ARG = fieldOf(K.keyword, "arg");
const KEYWORD_VALUE = slotOf(K.keyword, "value");
const ALIAS_NAME = fieldOf(K.alias, "name");
const ALIAS_ASNAME = slotOf(K.alias, "asname");
const WITHITEM_EXPR = slotOf(K.withitem, "context_expr");
const WITHITEM_VARS = slotOf(K.withitem, "optional_vars");
const TYPEVAR_NAME = slotOf(K.TypeVar, "name");
const TYPEVAR_BOUND = slotOf(K.TypeVar, "bound");
const TYPEVAR_DEFAULT = slotOf(K.TypeVar, "default_value");
const TVT_NAME = slotOf(K.TypeVarTuple, "name");
const TVT_DEFAULT = slotOf(K.TypeVarTuple, "default_value");
const PARAMSPEC_NAME = slotOf(K.ParamSpec, "name");
const PARAMSPEC_DEFAULT = slotOf(K.ParamSpec, "default_value");
const MVALUE_VALUE = slotOf(K.MatchValue, "value");
const MSINGLETON_VALUE = slotOf(K.MatchSingleton, "value");
const MSEQ_PATTERNS = slotOf(K.MatchSequence, "patterns");
const MSTAR_NAME = slotOf(K.MatchStar, "name");
const MMAP_KEYS = slotOf(K.MatchMapping, "keys");
const MMAP_PATTERNS = slotOf(K.MatchMapping, "patterns");
const MMAP_REST = slotOf(K.MatchMapping, "rest");
const MCLASS_CLS = slotOf(K.MatchClass, "cls");
const MCLASS_PATTERNS = slotOf(K.MatchClass, "patterns");
const MCLASS_KWD_ATTRS = slotOf(K.MatchClass, "kwd_attrs");
const MCLASS_KWD_PATTERNS = slotOf(K.MatchClass, "kwd_patterns");
const MAS_PATTERN = slotOf(K.MatchAs, "pattern");
const MAS_NAME = slotOf(K.MatchAs, "name");
const MOR_PATTERNS = slotOf(K.MatchOr, "patterns");

if (slotOf(K.SetComp, "elt") !== COMP_ELT || slotOf(K.GeneratorExp, "generators") !== COMP_GENERATORS) {
  throw new Error("unparse: ListComp, SetComp and GeneratorExp no longer share their fields");
}

/** Prints expression-like node `id` (kind `k`) where precedence `ctx` is asked for. */
export function visitExpression(p: Printer, id: NodeId, k: number, ctx: number): void {
  const t = p.tree;
  switch (k) {
    case K.Name:
      p.text(t.ident(t.field(id, NAME_ID)));
      return;
    case K.Constant:
      p.constant(id);
      return;
    case K.Attribute: {
      const value = t.slot(id, ATTR_VALUE);
      p.node(value, Prec.ATOM);
      // `1.real` would read as a float: an int literal (bool is an int too) needs a space.
      let dot = ".";
      if (t.kind[value] === K.Constant) {
        const raw = t.slot(value, CONSTANT_VALUE);
        if (raw !== LAZY_STRING) {
          const v = t.value(raw, value);
          if (typeof v === "bigint" || typeof v === "boolean") dot = " .";
        }
      }
      p.text(dot);
      p.ident(t.field(id, ATTR_ATTR));
      return;
    }
    case K.Call: {
      p.node(t.slot(id, CALL_FUNC), Prec.ATOM);
      p.text("(");
      const args = t.slot(id, CALL_ARGS);
      const keywords = t.slot(id, CALL_KEYWORDS);
      p.list(args, Prec.TEST, ", ");
      if (t.listLength(args) > 0 && t.listLength(keywords) > 0) p.text(", ");
      p.list(keywords, Prec.TEST, ", ");
      p.text(")");
      return;
    }
    case K.arg:
      annotated(p, "", t.field(id, ARG_ARG), t.slot(id, ARG_ANNOTATION));
      return;
    case K.arguments:
      parameters(p, id);
      return;
    case K.Compare: {
      const paren = ctx > Prec.CMP;
      if (paren) p.text("(");
      p.node(t.slot(id, COMPARE_LEFT), Prec.EXPR);
      const ops = t.slot(id, COMPARE_OPS);
      const comps = t.slot(id, COMPARE_COMPARATORS);
      const n = Math.min(t.listLength(ops), t.listLength(comps));
      for (let j = 0; j < n; j++) {
        const text = CMP_TEXT[t.listItem(ops, j)];
        if (text === undefined || text === "") return p.fail(UnparseCode.UnknownNode, id, "KeyError", "unknown operator");
        p.text(text);
        p.node(t.listItem(comps, j), Prec.EXPR);
      }
      if (paren) p.text(")");
      return;
    }
    case K.BinOp: {
      const op = t.slot(id, BINOP_OP);
      const text = BINOP_TEXT[op];
      if (text === undefined || text === "") return p.fail(UnparseCode.UnknownNode, id, "KeyError", "unknown operator");
      const prec = BINOP_PREC[op]!;
      const paren = ctx > prec;
      if (paren) p.text("(");
      // `**` groups to the right, the others to the left.
      const pow = op === POW_OP;
      p.node(t.slot(id, BINOP_LEFT), pow ? tighter(prec) : prec);
      p.text(" " + text + " ");
      p.node(t.slot(id, BINOP_RIGHT), pow ? prec : tighter(prec));
      if (paren) p.text(")");
      return;
    }
    case K.Subscript: {
      p.node(t.slot(id, SUB_VALUE), Prec.ATOM);
      p.text("[");
      const slice = t.slot(id, SUB_SLICE);
      // A non-empty tuple index needs no parentheses: a[1, 2], a[1,].
      if (t.kind[slice] === K.Tuple && t.listLength(t.slot(slice, TUPLE_ELTS)) > 0) p.itemsView(t.slot(slice, TUPLE_ELTS), Prec.TEST);
      else p.node(slice, Prec.TEST);
      p.text("]");
      return;
    }
    case K.Tuple: {
      const l = t.slot(id, TUPLE_ELTS);
      const paren = t.listLength(l) === 0 || ctx > Prec.TUPLE;
      if (paren) p.text("(");
      p.itemsView(l, Prec.TEST);
      if (paren) p.text(")");
      return;
    }
    case K.keyword: {
      const arg = t.field(id, KEYWORD_ARG);
      if (arg === 0) p.text("**");
      else {
        p.ident(arg);
        p.text("=");
      }
      p.node(t.slot(id, KEYWORD_VALUE), Prec.TEST);
      return;
    }
    case K.UnaryOp: {
      const op = t.slot(id, UNARY_OP);
      const text = UNARY_TEXT[op];
      if (text === undefined || text === "") return p.fail(UnparseCode.UnknownNode, id, "KeyError", "unknown operator");
      const prec = UNARY_PREC[op]!;
      const paren = ctx > prec;
      p.text(paren ? "(" + text : text);
      p.node(t.slot(id, UNARY_OPERAND), prec);
      if (paren) p.text(")");
      return;
    }
    case K.alias: {
      const asname = t.slot(id, ALIAS_ASNAME);
      p.text(t.ident(t.field(id, ALIAS_NAME)) + (asname !== 0 ? " as " + t.ident(asname) : ""));
      return;
    }
    case K.BoolOp: {
      const op = t.slot(id, BOOLOP_OP);
      const sep = BOOLOP_TEXT[op];
      if (sep === undefined || sep === "") return p.fail(UnparseCode.UnknownNode, id, "KeyError", "unknown operator");
      let prec = BOOLOP_PREC[op]!;
      const paren = ctx > prec;
      if (paren) p.text("(");
      // CPython asks each further operand for one level tighter than the one before.
      const l = t.slot(id, BOOLOP_VALUES);
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) {
        if (j > 0) p.text(sep);
        prec = tighter(prec);
        p.node(t.listItem(l, j), prec);
      }
      if (paren) p.text(")");
      return;
    }
    case K.List:
      p.text("[");
      p.list(t.slot(id, LIST_ELTS), Prec.TEST, ", ");
      p.text("]");
      return;
    case K.FormattedValue:
    case K.Interpolation:
      p.replacementField(id);
      return;
    case K.Slice: {
      const lower = t.slot(id, SLICE_LOWER);
      const upper = t.slot(id, SLICE_UPPER);
      const step = t.slot(id, SLICE_STEP);
      if (lower !== 0) p.node(lower, Prec.TEST);
      p.text(":");
      if (upper !== 0) p.node(upper, Prec.TEST);
      if (step !== 0) {
        p.text(":");
        p.node(step, Prec.TEST);
      }
      return;
    }
    case K.JoinedStr:
      p.ftstring(id, "f");
      return;
    case K.Dict: {
      p.text("{");
      const keys = t.slot(id, DICT_KEYS);
      const values = t.slot(id, DICT_VALUES);
      const n = Math.min(t.listLength(keys), t.listLength(values));
      for (let j = 0; j < n; j++) {
        if (j > 0) p.text(", ");
        const key = t.listItem(keys, j);
        if (key === 0) {
          p.text("**");
          p.node(t.listItem(values, j), Prec.EXPR);
        } else {
          p.node(key, Prec.TEST);
          p.text(": ");
          p.node(t.listItem(values, j), Prec.TEST);
        }
      }
      p.text("}");
      return;
    }
    case K.comprehension: {
      p.text(t.slot(id, GEN_IS_ASYNC) !== 0 ? " async for " : " for ");
      p.node(t.slot(id, GEN_TARGET), Prec.TUPLE);
      p.text(" in ");
      p.node(t.slot(id, GEN_ITER), Prec.OR);
      const ifs = t.slot(id, GEN_IFS);
      const n = t.listLength(ifs);
      for (let j = 0; j < n; j++) {
        p.text(" if ");
        p.node(t.listItem(ifs, j), Prec.OR);
      }
      return;
    }
    case K.Starred:
      p.text("*");
      p.node(t.slot(id, STARRED_VALUE), Prec.EXPR);
      return;
    case K.withitem: {
      p.node(t.slot(id, WITHITEM_EXPR), Prec.TEST);
      const vars = t.slot(id, WITHITEM_VARS);
      if (vars !== 0) {
        p.text(" as ");
        p.node(vars, Prec.TEST);
      }
      return;
    }
    case K.IfExp: {
      const paren = ctx > Prec.TEST;
      if (paren) p.text("(");
      p.node(t.slot(id, IFEXP_BODY), Prec.OR);
      p.text(" if ");
      p.node(t.slot(id, IFEXP_TEST), Prec.OR);
      p.text(" else ");
      p.node(t.slot(id, IFEXP_ORELSE), Prec.TEST);
      if (paren) p.text(")");
      return;
    }
    case K.ListComp:
      comprehension(p, id, "[", "]");
      return;
    case K.Yield: {
      const paren = ctx > Prec.YIELD;
      const value = t.slot(id, YIELD_VALUE);
      p.text(paren ? "(yield" : "yield");
      if (value !== 0) {
        p.text(" ");
        p.node(value, Prec.ATOM);
      }
      if (paren) p.text(")");
      return;
    }
    case K.GeneratorExp:
      comprehension(p, id, "(", ")");
      return;
    case K.Lambda: {
      const paren = ctx > Prec.TEST;
      const args = t.slot(id, LAMBDA_ARGS);
      if (args === 0) return p.fail(UnparseCode.InvalidNode, id, "AttributeError", "Lambda.args is None");
      if (hasParameters(p, args)) {
        p.text(paren ? "(lambda " : "lambda ");
        p.node(args, Prec.TEST);
        p.text(": ");
      } else p.text(paren ? "(lambda: " : "lambda: ");
      p.node(t.slot(id, LAMBDA_BODY), Prec.TEST);
      if (paren) p.text(")");
      return;
    }
    case K.Await: {
      const paren = ctx > Prec.AWAIT;
      const value = t.slot(id, AWAIT_VALUE);
      p.text(paren ? "(await" : "await");
      if (value !== 0) {
        p.text(" ");
        p.node(value, Prec.ATOM);
      }
      if (paren) p.text(")");
      return;
    }
    case K.Set: {
      const l = t.slot(id, SET_ELTS);
      // `{}` is a dict, and `set()` may be shadowed.
      if (t.listLength(l) === 0) p.text("{*()}");
      else {
        p.text("{");
        p.list(l, Prec.TEST, ", ");
        p.text("}");
      }
      return;
    }
    case K.NamedExpr: {
      const paren = ctx > Prec.NAMED_EXPR;
      if (paren) p.text("(");
      p.node(t.slot(id, NAMED_TARGET), Prec.ATOM);
      p.text(" := ");
      p.node(t.slot(id, NAMED_VALUE), Prec.ATOM);
      if (paren) p.text(")");
      return;
    }
    case K.SetComp:
      comprehension(p, id, "{", "}");
      return;
    case K.DictComp:
      p.text("{");
      p.node(t.slot(id, DICTCOMP_KEY), Prec.TEST);
      p.text(": ");
      p.node(t.slot(id, DICTCOMP_VALUE), Prec.TEST);
      p.list(t.slot(id, DICTCOMP_GENERATORS), Prec.TEST, "");
      p.text("}");
      return;
    case K.YieldFrom: {
      const paren = ctx > Prec.YIELD;
      const value = t.slot(id, YIELDFROM_VALUE);
      if (value === 0) return p.fail(UnparseCode.InvalidNode, id, "ValueError", "Node can't be used without a value attribute.");
      p.text(paren ? "(yield from " : "yield from ");
      p.node(value, Prec.ATOM);
      if (paren) p.text(")");
      return;
    }
    case K.TemplateStr:
      p.ftstring(id, "t");
      return;
    case K.TypeVar: {
      p.text(t.ident(t.slot(id, TYPEVAR_NAME)));
      const bound = t.slot(id, TYPEVAR_BOUND);
      if (bound !== 0) {
        p.text(": ");
        p.node(bound, Prec.TEST);
      }
      typeParamDefault(p, t.slot(id, TYPEVAR_DEFAULT));
      return;
    }
    case K.TypeVarTuple:
      p.text("*" + t.ident(t.slot(id, TVT_NAME)));
      typeParamDefault(p, t.slot(id, TVT_DEFAULT));
      return;
    case K.ParamSpec:
      p.text("**" + t.ident(t.slot(id, PARAMSPEC_NAME)));
      typeParamDefault(p, t.slot(id, PARAMSPEC_DEFAULT));
      return;
    default:
      pattern(p, id, k, ctx);
  }
}

// [elt for ...], {elt for ...}, (elt for ...).
function comprehension(p: Printer, id: NodeId, open: string, close: string): void {
  const t = p.tree;
  p.text(open);
  p.node(t.slot(id, COMP_ELT), Prec.TEST);
  p.list(t.slot(id, COMP_GENERATORS), Prec.TEST, "");
  p.text(close);
}

function typeParamDefault(p: Printer, value: NodeId): void {
  if (value === 0) return;
  p.text(" = ");
  p.node(value, Prec.TEST);
}

// `name` or `name: annotation`.
function annotated(p: Printer, prefix: string, name: number, annotation: NodeId): void {
  if (prefix !== "") p.text(prefix);
  p.ident(name);
  if (annotation !== 0) {
    p.text(": ");
    p.node(annotation, Prec.TEST);
  }
}

// Whether an `arguments` node prints anything (a lambda then needs a space before it).
function hasParameters(p: Printer, args: NodeId): boolean {
  const t = p.tree;
  return (
    t.listLength(t.slot(args, ARGS_POSONLY)) + t.listLength(t.slot(args, ARGS_ARGS)) > 0 ||
    t.slot(args, ARGS_VARARG) !== 0 ||
    t.listLength(t.slot(args, ARGS_KWONLY)) > 0 ||
    t.slot(args, ARGS_KWARG) !== 0
  );
}

// A parameter list: `a, /, b=1, *c, d, e=2, **f`. Defaults belong to the last positional
// parameters; keyword-only parameters pair with kw_defaults (None for "no default").
function parameters(p: Printer, id: NodeId): void {
  const t = p.tree;
  const posonly = t.slot(id, ARGS_POSONLY);
  const args = t.slot(id, ARGS_ARGS);
  const np = t.listLength(posonly);
  const n = np + t.listLength(args);
  const defaults = t.slot(id, ARGS_DEFAULTS);
  const offset = Math.max(0, n - t.listLength(defaults));
  let first = true;
  for (let i = 0; i < n; i++) {
    if (!first) p.text(", ");
    first = false;
    p.node(i < np ? t.listItem(posonly, i) : t.listItem(args, i - np), Prec.TEST);
    const d = i >= offset ? t.listItem(defaults, i - offset) : 0;
    if (d !== 0) {
      p.text("=");
      p.node(d, Prec.TEST);
    }
    if (i + 1 === np) p.text(", /");
  }
  const vararg = t.slot(id, ARGS_VARARG);
  const kwonly = t.slot(id, ARGS_KWONLY);
  const nk = t.listLength(kwonly);
  if (vararg !== 0 || nk > 0) {
    if (!first) p.text(", ");
    first = false;
    if (vararg !== 0) annotated(p, "*", t.field(vararg, ARG_ARG), t.slot(vararg, ARG_ANNOTATION));
    else p.text("*");
  }
  const kwDefaults = t.slot(id, ARGS_KW_DEFAULTS);
  const m = Math.min(nk, t.listLength(kwDefaults));
  for (let j = 0; j < m; j++) {
    p.text(", ");
    p.node(t.listItem(kwonly, j), Prec.TEST);
    const d = t.listItem(kwDefaults, j);
    if (d !== 0) {
      p.text("=");
      p.node(d, Prec.TEST);
    }
  }
  const kwarg = t.slot(id, ARGS_KWARG);
  if (kwarg !== 0) {
    if (!first) p.text(", ");
    annotated(p, "**", t.field(kwarg, ARG_ARG), t.slot(kwarg, ARG_ANNOTATION));
  }
}

// Match patterns.
function pattern(p: Printer, id: NodeId, k: number, ctx: number): void {
  const t = p.tree;
  switch (k) {
    case K.MatchValue:
      p.node(t.slot(id, MVALUE_VALUE), Prec.TEST);
      return;
    case K.MatchSingleton:
      p.text(p.constantText(t.value(t.slot(id, MSINGLETON_VALUE), id), id));
      return;
    case K.MatchSequence:
      p.text("[");
      p.list(t.slot(id, MSEQ_PATTERNS), Prec.TEST, ", ");
      p.text("]");
      return;
    case K.MatchStar: {
      const name = t.slot(id, MSTAR_NAME);
      p.text(name === 0 ? "*_" : "*" + t.ident(name));
      return;
    }
    case K.MatchMapping: {
      const keys = t.slot(id, MMAP_KEYS);
      const patterns = t.slot(id, MMAP_PATTERNS);
      const n = t.listLength(keys);
      if (n !== t.listLength(patterns))
        return p.fail(UnparseCode.InvalidNode, id, "ValueError", "MatchMapping keys and patterns differ in length");
      p.text("{");
      for (let j = 0; j < n; j++) {
        if (j > 0) p.text(", ");
        p.node(t.listItem(keys, j), Prec.TEST);
        p.text(": ");
        p.node(t.listItem(patterns, j), Prec.TEST);
      }
      const rest = t.slot(id, MMAP_REST);
      if (rest !== 0) p.text((n > 0 ? ", **" : "**") + t.ident(rest));
      p.text("}");
      return;
    }
    case K.MatchClass: {
      p.node(t.slot(id, MCLASS_CLS), Prec.ATOM);
      p.text("(");
      const patterns = t.slot(id, MCLASS_PATTERNS);
      p.list(patterns, Prec.TEST, ", ");
      const attrs = t.slot(id, MCLASS_KWD_ATTRS);
      const na = t.listLength(attrs);
      if (na > 0) {
        const kwd = t.slot(id, MCLASS_KWD_PATTERNS);
        if (na !== t.listLength(kwd))
          return p.fail(UnparseCode.InvalidNode, id, "ValueError", "MatchClass kwd_attrs and kwd_patterns differ in length");
        for (let j = 0; j < na; j++) {
          p.text((j > 0 || t.listLength(patterns) > 0 ? ", " : "") + t.ident(t.listItem(attrs, j)) + "=");
          p.node(t.listItem(kwd, j), Prec.TEST);
        }
      }
      p.text(")");
      return;
    }
    case K.MatchAs: {
      const name = t.slot(id, MAS_NAME);
      const pat = t.slot(id, MAS_PATTERN);
      if (name === 0) p.text("_");
      else if (pat === 0) p.text(t.ident(name));
      else {
        const paren = ctx > Prec.TEST;
        if (paren) p.text("(");
        p.node(pat, Prec.EXPR);
        p.text(" as " + t.ident(name));
        if (paren) p.text(")");
      }
      return;
    }
    case K.MatchOr: {
      const paren = ctx > Prec.EXPR;
      if (paren) p.text("(");
      p.list(t.slot(id, MOR_PATTERNS), Prec.BXOR, " | ");
      if (paren) p.text(")");
      return;
    }
    default:
      p.fail(UnparseCode.UnknownNode, id, "ValueError", "no unparser for this node kind");
  }
}
