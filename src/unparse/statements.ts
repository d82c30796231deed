// Statement handlers of the unparser (and the module kinds, except handlers, match cases): each
// starts its line with fill() and hands its children to the printer in reading order. The
// context they receive is their indent (an ExceptHandler's is indent * 2 + 1 inside `try*`).
import type { NodeId } from "../ast/tree.js";
import { KINDS, KIND_NAMES, NodeKind as K } from "../schema/generated/nodes.js";
import { BINOP_TEXT, Prec } from "./precedence.js";
import { docstringLiteral } from "./strings.js";
import { UnparseCode } from "./error.js";
import { fieldOf, slotOf } from "./fields.js";
import type { Printer } from "./printer.js";

const MODULE_BODY = slotOf(K.Module, "body");
// Module.type_ignores is derived (read through field()).
const MODULE_TYPE_IGNORES = fieldOf(K.Module, "type_ignores");
const IGNORE_LINENO = slotOf(K.TypeIgnore, "lineno");
const IGNORE_TAG = slotOf(K.TypeIgnore, "tag");
const INTERACTIVE_BODY = slotOf(K.Interactive, "body");
const EXPRESSION_BODY = slotOf(K.Expression, "body");
const FT_ARGTYPES = slotOf(K.FunctionType, "argtypes");
const FT_RETURNS = slotOf(K.FunctionType, "returns");
const EXPR_VALUE = slotOf(K.Expr, "value");
const IMPORT_NAMES = slotOf(K.Import, "names");
const FROM_MODULE = slotOf(K.ImportFrom, "module");
const FROM_NAMES = slotOf(K.ImportFrom, "names");
const FROM_LEVEL = slotOf(K.ImportFrom, "level");
const ASSIGN_TARGETS = slotOf(K.Assign, "targets");
const ASSIGN_VALUE = slotOf(K.Assign, "value");
const AUG_TARGET = slotOf(K.AugAssign, "target");
const AUG_OP = slotOf(K.AugAssign, "op");
const AUG_VALUE = slotOf(K.AugAssign, "value");
const ANN_TARGET = slotOf(K.AnnAssign, "target");
const ANN_ANNOTATION = slotOf(K.AnnAssign, "annotation");
const ANN_VALUE = slotOf(K.AnnAssign, "value");
const ANN_SIMPLE = slotOf(K.AnnAssign, "simple");
const RETURN_VALUE = slotOf(K.Return, "value");
const DELETE_TARGETS = slotOf(K.Delete, "targets");
const ASSERT_TEST = slotOf(K.Assert, "test");
const ASSERT_MSG = slotOf(K.Assert, "msg");
const GLOBAL_NAMES = slotOf(K.Global, "names");
const NONLOCAL_NAMES = slotOf(K.Nonlocal, "names");
const RAISE_EXC = slotOf(K.Raise, "exc");
const RAISE_CAUSE = slotOf(K.Raise, "cause");
const TRY_BODY = slotOf(K.Try, "body");
const TRY_HANDLERS = slotOf(K.Try, "handlers");
const TRY_ORELSE = slotOf(K.Try, "orelse");
const TRY_FINALBODY = slotOf(K.Try, "finalbody");
const HANDLER_TYPE = slotOf(K.ExceptHandler, "type");
const HANDLER_NAME = slotOf(K.ExceptHandler, "name");
const HANDLER_BODY = slotOf(K.ExceptHandler, "body");
const CLASS_NAME = slotOf(K.ClassDef, "name");
const CLASS_BASES = slotOf(K.ClassDef, "bases");
const CLASS_KEYWORDS = slotOf(K.ClassDef, "keywords");
const CLASS_BODY = slotOf(K.ClassDef, "body");
const CLASS_DECORATORS = slotOf(K.ClassDef, "decorator_list");
const CLASS_TYPE_PARAMS = slotOf(K.ClassDef, "type_params");
// FunctionDef and AsyncFunctionDef share their field order.
const DEF_NAME = slotOf(K.FunctionDef, "name");
const DEF_ARGS = slotOf(K.FunctionDef, "args");
const DEF_BODY = slotOf(K.FunctionDef, "body");
const DEF_DECORATORS = slotOf(K.FunctionDef, "decorator_list");
const DEF_RETURNS = slotOf(K.FunctionDef, "returns");
const DEF_TYPE_PARAMS = slotOf(K.FunctionDef, "type_params");
const ALIAS_NAME = slotOf(K.TypeAlias, "name");
const ALIAS_TYPE_PARAMS = slotOf(K.TypeAlias, "type_params");
const ALIAS_VALUE = slotOf(K.TypeAlias, "value");
// For and AsyncFor share their field order.
const FOR_TARGET = slotOf(K.For, "target");
const FOR_ITER = slotOf(K.For, "iter");
const FOR_BODY = slotOf(K.For, "body");
const FOR_ORELSE = slotOf(K.For, "orelse");
const IF_TEST = slotOf(K.If, "test");
const IF_BODY = slotOf(K.If, "body");
const IF_ORELSE = slotOf(K.If, "orelse");
const WHILE_TEST = slotOf(K.While, "test");
const WHILE_BODY = slotOf(K.While, "body");
const WHILE_ORELSE = slotOf(K.While, "orelse");
// With and AsyncWith share their field order.
const WITH_ITEMS = slotOf(K.With, "items");
const WITH_BODY = slotOf(K.With, "body");
const MATCH_SUBJECT = slotOf(K.Match, "subject");
const MATCH_CASES = slotOf(K.Match, "cases");
const CASE_PATTERN = slotOf(K.match_case, "pattern");
const CASE_GUARD = slotOf(K.match_case, "guard");
const CASE_BODY = slotOf(K.match_case, "body");

// The async kinds (and TryStar) are read with their twin's field indices: check they agree.
for (const [a, b] of [
  [K.FunctionDef, K.AsyncFunctionDef],
  [K.For, K.AsyncFor],
  [K.With, K.AsyncWith],
  [K.Try, K.TryStar],
] as const) {
  const names = (k: number) => KINDS[k]!.fields.map((f) => f.name).join();
  if (names(a) !== names(b)) throw new Error(`unparse: ${KIND_NAMES[a]} and ${KIND_NAMES[b]} no longer share their fields`);
}

const SEMI = true;
const NO_SEMI = false;

// CPython's get_type_comment: " # type: " and a type ignore on the statement's line, else its
// type_comment (an empty one too), else nothing.
function typeComment(p: Printer, id: NodeId): void {
  const t = p.tree;
  let c: string | undefined;
  if (p.typeIgnores !== null) {
    const line = t.location(id, 0);
    if (line !== undefined) c = p.typeIgnores.get(line);
  }
  if (c === undefined) {
    const raw = t.field(id, TYPE_COMMENT_FIELD[t.kind[id]!]!);
    if (raw !== 0) c = t.ident(raw);
  }
  if (c !== undefined) p.text(" # type: " + c);
}

// Index of `type_comment` among each kind's fields (-1 where there is none).
const TYPE_COMMENT_FIELD = KINDS.map((s) => s.fields.findIndex((f) => f.name === "type_comment"));

/** Prints statement-like node `id` (kind `k`) at indent `ctx`. */
export function visitStatement(p: Printer, id: NodeId, k: number, ctx: number): void {
  const t = p.tree;
  const indent = ctx;
  switch (k) {
    case K.Assign: {
      p.fill("", indent, SEMI);
      const l = t.slot(id, ASSIGN_TARGETS);
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) {
        p.node(t.listItem(l, j), Prec.TUPLE);
        p.text(" = ");
      }
      p.node(t.slot(id, ASSIGN_VALUE), Prec.TEST);
      typeComment(p, id);
      return;
    }
    case K.Expr:
      p.fill("", indent, SEMI);
      p.node(t.slot(id, EXPR_VALUE), Prec.YIELD);
      return;
    case K.If:
      ifStatement(p, id, indent);
      return;
    case K.FunctionDef:
    case K.AsyncFunctionDef: {
      p.maybeNewline();
      decorators(p, t.slot(id, DEF_DECORATORS), indent);
      p.fill((k === K.FunctionDef ? "def " : "async def ") + t.ident(t.slot(id, DEF_NAME)), indent, NO_SEMI);
      typeParams(p, t.slot(id, DEF_TYPE_PARAMS));
      p.text("(");
      p.node(t.slot(id, DEF_ARGS), Prec.TEST);
      const returns = t.slot(id, DEF_RETURNS);
      if (returns !== 0) {
        p.text(") -> ");
        p.node(returns, Prec.TEST);
        p.text(":");
      } else p.text("):");
      typeComment(p, id);
      p.docBody(t.slot(id, DEF_BODY), indent + 1, docstringLiteral);
      return;
    }
    case K.Return: {
      p.fill("return", indent, SEMI);
      const value = t.slot(id, RETURN_VALUE);
      if (value !== 0) {
        p.text(" ");
        p.node(value, Prec.TEST);
      }
      return;
    }
    case K.Raise: {
      const exc = t.slot(id, RAISE_EXC);
      const cause = t.slot(id, RAISE_CAUSE);
      p.fill("raise", indent, SEMI);
      if (exc === 0) {
        if (cause !== 0) p.fail(UnparseCode.InvalidNode, id, "ValueError", "Node can't use cause without an exception.");
        return;
      }
      p.text(" ");
      p.node(exc, Prec.TEST);
      if (cause !== 0) {
        p.text(" from ");
        p.node(cause, Prec.TEST);
      }
      return;
    }
    case K.Try:
      tryStatement(p, indent, 0, t.slot(id, TRY_BODY), t.slot(id, TRY_HANDLERS), t.slot(id, TRY_ORELSE), t.slot(id, TRY_FINALBODY));
      return;
    case K.ExceptHandler: {
      const ind = ctx >> 1;
      p.fill(ctx & 1 ? "except*" : "except", ind, NO_SEMI);
      const type = t.slot(id, HANDLER_TYPE);
      if (type !== 0) {
        p.text(" ");
        p.node(type, Prec.TEST);
      }
      const name = t.slot(id, HANDLER_NAME);
      p.text(name !== 0 ? " as " + t.ident(name) + ":" : ":");
      p.body(t.slot(id, HANDLER_BODY), ind + 1);
      return;
    }
    case K.ClassDef: {
      p.maybeNewline();
      decorators(p, t.slot(id, CLASS_DECORATORS), indent);
      p.fill("class " + t.ident(t.slot(id, CLASS_NAME)), indent, NO_SEMI);
      typeParams(p, t.slot(id, CLASS_TYPE_PARAMS));
      const bases = t.slot(id, CLASS_BASES);
      const keywords = t.slot(id, CLASS_KEYWORDS);
      const nb = t.listLength(bases);
      const nk = t.listLength(keywords);
      if (nb > 0 || nk > 0) {
        p.text("(");
        p.list(bases, Prec.TEST, ", ");
        if (nb > 0 && nk > 0) p.text(", ");
        p.list(keywords, Prec.TEST, ", ");
        p.text("):");
      } else p.text(":");
      p.docBody(t.slot(id, CLASS_BODY), indent + 1, docstringLiteral);
      return;
    }
    case K.For:
    case K.AsyncFor:
      p.fill(k === K.For ? "for " : "async for ", indent, NO_SEMI);
      p.node(t.slot(id, FOR_TARGET), Prec.TUPLE);
      p.text(" in ");
      p.node(t.slot(id, FOR_ITER), Prec.TEST);
      p.text(":");
      typeComment(p, id);
      p.body(t.slot(id, FOR_BODY), indent + 1);
      elseBlock(p, "else", t.slot(id, FOR_ORELSE), indent);
      return;
    case K.Import:
      p.fill("import ", indent, SEMI);
      p.list(t.slot(id, IMPORT_NAMES), Prec.TEST, ", ");
      return;
    case K.AugAssign: {
      p.fill("", indent, SEMI);
      p.node(t.slot(id, AUG_TARGET), Prec.TEST);
      const op = BINOP_TEXT[t.slot(id, AUG_OP)];
      if (op === undefined || op === "") p.fail(UnparseCode.UnknownNode, id, "KeyError", "unknown operator");
      p.text(" " + op + "= ");
      p.node(t.slot(id, AUG_VALUE), Prec.TEST);
      return;
    }
    case K.ImportFrom: {
      const level = t.slot(id, FROM_LEVEL);
      const mod = t.slot(id, FROM_MODULE);
      p.fill("from " + (level > 0 ? ".".repeat(level) : "") + (mod !== 0 ? t.ident(mod) : "") + " import ", indent, SEMI);
      p.list(t.slot(id, FROM_NAMES), Prec.TEST, ", ");
      return;
    }
    case K.Pass:
      p.fill("pass", indent, SEMI);
      return;
    case K.While:
      p.fill("while ", indent, NO_SEMI);
      p.node(t.slot(id, WHILE_TEST), Prec.TEST);
      p.text(":");
      p.body(t.slot(id, WHILE_BODY), indent + 1);
      elseBlock(p, "else", t.slot(id, WHILE_ORELSE), indent);
      return;
    case K.Module: {
      const ignores = t.field(id, MODULE_TYPE_IGNORES);
      const n = t.listLength(ignores);
      if (n > 0) {
        p.typeIgnores = new Map();
        for (let j = 0; j < n; j++) {
          const ti = t.listItem(ignores, j);
          p.typeIgnores.set(t.slot(ti, IGNORE_LINENO), "ignore" + t.ident(t.slot(ti, IGNORE_TAG)));
        }
      }
      p.docBody(t.slot(id, MODULE_BODY), 0, docstringLiteral);
      return;
    }
    case K.Break:
      p.fill("break", indent, SEMI);
      return;
    case K.With:
    case K.AsyncWith:
      p.fill(k === K.With ? "with " : "async with ", indent, NO_SEMI);
      p.list(t.slot(id, WITH_ITEMS), Prec.TEST, ", ");
      p.text(":");
      typeComment(p, id);
      p.body(t.slot(id, WITH_BODY), indent + 1);
      return;
    case K.Assert: {
      p.fill("assert ", indent, SEMI);
      p.node(t.slot(id, ASSERT_TEST), Prec.TEST);
      const msg = t.slot(id, ASSERT_MSG);
      if (msg !== 0) {
        p.text(", ");
        p.node(msg, Prec.TEST);
      }
      return;
    }
    case K.Continue:
      p.fill("continue", indent, SEMI);
      return;
    case K.Delete:
      p.fill("del ", indent, SEMI);
      p.list(t.slot(id, DELETE_TARGETS), Prec.TEST, ", ");
      return;
    case K.AnnAssign: {
      p.fill("", indent, SEMI);
      const target = t.slot(id, ANN_TARGET);
      const paren = t.slot(id, ANN_SIMPLE) === 0 && t.kind[target] === K.Name;
      if (paren) p.text("(");
      p.node(target, Prec.TEST);
      p.text(paren ? "): " : ": ");
      p.node(t.slot(id, ANN_ANNOTATION), Prec.TEST);
      const value = t.slot(id, ANN_VALUE);
      if (value !== 0) {
        p.text(" = ");
        p.node(value, Prec.TEST);
      }
      return;
    }
    case K.Global:
    case K.Nonlocal: {
      const l = t.slot(id, k === K.Global ? GLOBAL_NAMES : NONLOCAL_NAMES);
      let s = k === K.Global ? "global " : "nonlocal ";
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) s += (j > 0 ? ", " : "") + t.ident(t.listItem(l, j));
      p.fill(s, indent, SEMI);
      return;
    }
    case K.Interactive:
      p.body(t.slot(id, INTERACTIVE_BODY), 0);
      return;
    case K.Expression:
      p.node(t.slot(id, EXPRESSION_BODY), Prec.TEST);
      return;
    case K.FunctionType:
      p.text("(");
      p.list(t.slot(id, FT_ARGTYPES), Prec.TEST, ", ");
      p.text(") -> ");
      p.node(t.slot(id, FT_RETURNS), Prec.TEST);
      return;
    case K.TypeIgnore:
      return; // CPython has no visitor for it and prints nothing
    case K.TryStar:
      tryStatement(p, indent, 1, t.slot(id, TRY_BODY), t.slot(id, TRY_HANDLERS), t.slot(id, TRY_ORELSE), t.slot(id, TRY_FINALBODY));
      return;
    case K.TypeAlias:
      p.fill("type ", indent, SEMI);
      p.node(t.slot(id, ALIAS_NAME), Prec.TEST);
      typeParams(p, t.slot(id, ALIAS_TYPE_PARAMS));
      p.text(" = ");
      p.node(t.slot(id, ALIAS_VALUE), Prec.TEST);
      return;
    case K.Match:
      p.fill("match ", indent, NO_SEMI);
      p.node(t.slot(id, MATCH_SUBJECT), Prec.TEST);
      p.text(":");
      p.body(t.slot(id, MATCH_CASES), indent + 1);
      return;
    case K.match_case: {
      p.fill("case ", indent, NO_SEMI);
      p.node(t.slot(id, CASE_PATTERN), Prec.TEST);
      const guard = t.slot(id, CASE_GUARD);
      if (guard !== 0) {
        p.text(" if ");
        p.node(guard, Prec.TEST);
      }
      p.text(":");
      p.body(t.slot(id, CASE_BODY), indent + 1);
      return;
    }
    default:
      p.fail(UnparseCode.UnknownNode, id, "ValueError", "no unparser for this node kind");
  }
}

function decorators(p: Printer, l: number, indent: number): void {
  const t = p.tree;
  const n = t.listLength(l);
  for (let j = 0; j < n; j++) {
    p.fill("@", indent, NO_SEMI);
    p.node(t.listItem(l, j), Prec.TEST);
  }
}

function typeParams(p: Printer, l: number): void {
  if (p.tree.listLength(l) === 0) return;
  p.text("[");
  p.list(l, Prec.TEST, ", ");
  p.text("]");
}

// `else:` / `finally:` and its block, when the block is not empty.
function elseBlock(p: Printer, keyword: string, l: number, indent: number): void {
  if (p.tree.listLength(l) === 0) return;
  p.fill(keyword, indent, NO_SEMI);
  p.text(":");
  p.body(l, indent + 1);
}

function tryStatement(p: Printer, indent: number, star: number, body: number, handlers: number, orelse: number, finalbody: number): void {
  const t = p.tree;
  p.fill("try", indent, NO_SEMI);
  p.text(":");
  p.body(body, indent + 1);
  const n = t.listLength(handlers);
  for (let j = 0; j < n; j++) p.node(t.listItem(handlers, j), (indent << 1) | star);
  elseBlock(p, "else", orelse, indent);
  elseBlock(p, "finally", finalbody, indent);
}

// An `else` block holding exactly one `if` is printed as `elif`, down the whole chain (a loop:
// elif chains may be long).
function ifStatement(p: Printer, id: NodeId, indent: number): void {
  const t = p.tree;
  p.fill("if ", indent, NO_SEMI);
  p.node(t.slot(id, IF_TEST), Prec.TEST);
  p.text(":");
  p.body(t.slot(id, IF_BODY), indent + 1);
  let cur = id;
  let steps = 0;
  for (;;) {
    const orelse = t.slot(cur, IF_ORELSE);
    const n = t.listLength(orelse);
    if (n === 0) return;
    const only = n === 1 ? t.listItem(orelse, 0) : 0;
    if (only === 0 || t.kind[only] !== K.If) {
      elseBlock(p, "else", orelse, indent);
      return;
    }
    if (++steps > t.count) p.fail(UnparseCode.Cyclic, only, "RecursionError", "the tree is cyclic");
    cur = only;
    p.fill("elif ", indent, NO_SEMI);
    p.node(t.slot(cur, IF_TEST), Prec.TEST);
    p.text(":");
    p.body(t.slot(cur, IF_BODY), indent + 1);
  }
}
