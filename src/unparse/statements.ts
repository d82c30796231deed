// Statement handlers of the unparser (and the module kinds, except handlers, match cases): each
// starts its line with fill() and hands its children to the printer in reading order. The
// context they receive is their indent (an ExceptHandler's is indent * 2 + 1 inside `try*`).
import type { NodeId } from "../ast/tree.js";
import { KINDS, KIND_NAMES, NodeKind as K } from "../schema/generated/nodes.js";
import { BINOP_TEXT, Prec } from "./precedence.js";
import { docstringLiteral } from "./strings.js";
import { UnparseCode } from "./error.js";
import { fieldOf } from "./fields.js";
import type { Printer } from "./printer.js";

const MODULE_BODY = fieldOf(K.Module, "body");
const INTERACTIVE_BODY = fieldOf(K.Interactive, "body");
const EXPRESSION_BODY = fieldOf(K.Expression, "body");
const FT_ARGTYPES = fieldOf(K.FunctionType, "argtypes");
const FT_RETURNS = fieldOf(K.FunctionType, "returns");
const EXPR_VALUE = fieldOf(K.Expr, "value");
const IMPORT_NAMES = fieldOf(K.Import, "names");
const FROM_MODULE = fieldOf(K.ImportFrom, "module");
const FROM_NAMES = fieldOf(K.ImportFrom, "names");
const FROM_LEVEL = fieldOf(K.ImportFrom, "level");
const ASSIGN_TARGETS = fieldOf(K.Assign, "targets");
const ASSIGN_VALUE = fieldOf(K.Assign, "value");
const AUG_TARGET = fieldOf(K.AugAssign, "target");
const AUG_OP = fieldOf(K.AugAssign, "op");
const AUG_VALUE = fieldOf(K.AugAssign, "value");
const ANN_TARGET = fieldOf(K.AnnAssign, "target");
const ANN_ANNOTATION = fieldOf(K.AnnAssign, "annotation");
const ANN_VALUE = fieldOf(K.AnnAssign, "value");
const ANN_SIMPLE = fieldOf(K.AnnAssign, "simple");
const RETURN_VALUE = fieldOf(K.Return, "value");
const DELETE_TARGETS = fieldOf(K.Delete, "targets");
const ASSERT_TEST = fieldOf(K.Assert, "test");
const ASSERT_MSG = fieldOf(K.Assert, "msg");
const GLOBAL_NAMES = fieldOf(K.Global, "names");
const NONLOCAL_NAMES = fieldOf(K.Nonlocal, "names");
const RAISE_EXC = fieldOf(K.Raise, "exc");
const RAISE_CAUSE = fieldOf(K.Raise, "cause");
const TRY_BODY = fieldOf(K.Try, "body");
const TRY_HANDLERS = fieldOf(K.Try, "handlers");
const TRY_ORELSE = fieldOf(K.Try, "orelse");
const TRY_FINALBODY = fieldOf(K.Try, "finalbody");
const HANDLER_TYPE = fieldOf(K.ExceptHandler, "type");
const HANDLER_NAME = fieldOf(K.ExceptHandler, "name");
const HANDLER_BODY = fieldOf(K.ExceptHandler, "body");
const CLASS_NAME = fieldOf(K.ClassDef, "name");
const CLASS_BASES = fieldOf(K.ClassDef, "bases");
const CLASS_KEYWORDS = fieldOf(K.ClassDef, "keywords");
const CLASS_BODY = fieldOf(K.ClassDef, "body");
const CLASS_DECORATORS = fieldOf(K.ClassDef, "decorator_list");
const CLASS_TYPE_PARAMS = fieldOf(K.ClassDef, "type_params");
// FunctionDef and AsyncFunctionDef share their field order.
const DEF_NAME = fieldOf(K.FunctionDef, "name");
const DEF_ARGS = fieldOf(K.FunctionDef, "args");
const DEF_BODY = fieldOf(K.FunctionDef, "body");
const DEF_DECORATORS = fieldOf(K.FunctionDef, "decorator_list");
const DEF_RETURNS = fieldOf(K.FunctionDef, "returns");
const DEF_TYPE_PARAMS = fieldOf(K.FunctionDef, "type_params");
const ALIAS_NAME = fieldOf(K.TypeAlias, "name");
const ALIAS_TYPE_PARAMS = fieldOf(K.TypeAlias, "type_params");
const ALIAS_VALUE = fieldOf(K.TypeAlias, "value");
// For and AsyncFor share their field order.
const FOR_TARGET = fieldOf(K.For, "target");
const FOR_ITER = fieldOf(K.For, "iter");
const FOR_BODY = fieldOf(K.For, "body");
const FOR_ORELSE = fieldOf(K.For, "orelse");
const IF_TEST = fieldOf(K.If, "test");
const IF_BODY = fieldOf(K.If, "body");
const IF_ORELSE = fieldOf(K.If, "orelse");
const WHILE_TEST = fieldOf(K.While, "test");
const WHILE_BODY = fieldOf(K.While, "body");
const WHILE_ORELSE = fieldOf(K.While, "orelse");
// With and AsyncWith share their field order.
const WITH_ITEMS = fieldOf(K.With, "items");
const WITH_BODY = fieldOf(K.With, "body");
const MATCH_SUBJECT = fieldOf(K.Match, "subject");
const MATCH_CASES = fieldOf(K.Match, "cases");
const CASE_PATTERN = fieldOf(K.match_case, "pattern");
const CASE_GUARD = fieldOf(K.match_case, "guard");
const CASE_BODY = fieldOf(K.match_case, "body");

// The async kinds (and TryStar) are read with their twin's field indices: check they agree.
for (const [a, b] of [[K.FunctionDef, K.AsyncFunctionDef], [K.For, K.AsyncFor], [K.With, K.AsyncWith], [K.Try, K.TryStar]] as const) {
  const names = (k: number) => KINDS[k]!.fields.map((f) => f.name).join();
  if (names(a) !== names(b)) throw new Error(`unparse: ${KIND_NAMES[a]} and ${KIND_NAMES[b]} no longer share their fields`);
}

const SEMI = true;
const NO_SEMI = false;

/** Prints statement-like node `id` (kind `k`) at indent `ctx`. */
export function visitStatement(p: Printer, id: NodeId, k: number, ctx: number): void {
  const t = p.tree;
  const indent = ctx;
  switch (k) {
    case K.Module:
      p.docBody(t.field(id, MODULE_BODY), 0, docstringLiteral);
      return;
    case K.Interactive:
      p.body(t.field(id, INTERACTIVE_BODY), 0);
      return;
    case K.Expression:
      p.node(t.field(id, EXPRESSION_BODY), Prec.TEST);
      return;
    case K.FunctionType:
      p.text("(");
      p.list(t.field(id, FT_ARGTYPES), Prec.TEST, ", ");
      p.text(") -> ");
      p.node(t.field(id, FT_RETURNS), Prec.TEST);
      return;
    case K.TypeIgnore:
      return; // CPython has no visitor for it and prints nothing
    case K.Expr:
      p.fill("", indent, SEMI);
      p.node(t.field(id, EXPR_VALUE), Prec.YIELD);
      return;
    case K.Import:
      p.fill("import ", indent, SEMI);
      p.list(t.field(id, IMPORT_NAMES), Prec.TEST, ", ");
      return;
    case K.ImportFrom: {
      const level = t.field(id, FROM_LEVEL);
      const mod = t.field(id, FROM_MODULE);
      p.fill("from " + (level > 0 ? ".".repeat(level) : "") + (mod !== 0 ? t.ident(mod) : "") + " import ", indent, SEMI);
      p.list(t.field(id, FROM_NAMES), Prec.TEST, ", ");
      return;
    }
    case K.Assign: {
      p.fill("", indent, SEMI);
      const l = t.field(id, ASSIGN_TARGETS);
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) {
        p.node(t.listItem(l, j), Prec.TUPLE);
        p.text(" = ");
      }
      p.node(t.field(id, ASSIGN_VALUE), Prec.TEST);
      return;
    }
    case K.AugAssign: {
      p.fill("", indent, SEMI);
      p.node(t.field(id, AUG_TARGET), Prec.TEST);
      const op = BINOP_TEXT[t.field(id, AUG_OP)];
      if (op === undefined || op === "") p.fail(UnparseCode.UnknownNode, id, "KeyError", "unknown operator");
      p.text(" " + op + "= ");
      p.node(t.field(id, AUG_VALUE), Prec.TEST);
      return;
    }
    case K.AnnAssign: {
      p.fill("", indent, SEMI);
      const target = t.field(id, ANN_TARGET);
      const paren = t.field(id, ANN_SIMPLE) === 0 && t.kind[target] === K.Name;
      if (paren) p.text("(");
      p.node(target, Prec.TEST);
      p.text(paren ? "): " : ": ");
      p.node(t.field(id, ANN_ANNOTATION), Prec.TEST);
      const value = t.field(id, ANN_VALUE);
      if (value !== 0) {
        p.text(" = ");
        p.node(value, Prec.TEST);
      }
      return;
    }
    case K.Return: {
      p.fill("return", indent, SEMI);
      const value = t.field(id, RETURN_VALUE);
      if (value !== 0) {
        p.text(" ");
        p.node(value, Prec.TEST);
      }
      return;
    }
    case K.Pass:
      p.fill("pass", indent, SEMI);
      return;
    case K.Break:
      p.fill("break", indent, SEMI);
      return;
    case K.Continue:
      p.fill("continue", indent, SEMI);
      return;
    case K.Delete:
      p.fill("del ", indent, SEMI);
      p.list(t.field(id, DELETE_TARGETS), Prec.TEST, ", ");
      return;
    case K.Assert: {
      p.fill("assert ", indent, SEMI);
      p.node(t.field(id, ASSERT_TEST), Prec.TEST);
      const msg = t.field(id, ASSERT_MSG);
      if (msg !== 0) {
        p.text(", ");
        p.node(msg, Prec.TEST);
      }
      return;
    }
    case K.Global:
    case K.Nonlocal: {
      const l = t.field(id, k === K.Global ? GLOBAL_NAMES : NONLOCAL_NAMES);
      let s = k === K.Global ? "global " : "nonlocal ";
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) s += (j > 0 ? ", " : "") + t.ident(t.listItem(l, j));
      p.fill(s, indent, SEMI);
      return;
    }
    case K.Raise: {
      const exc = t.field(id, RAISE_EXC);
      const cause = t.field(id, RAISE_CAUSE);
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
      tryStatement(p, indent, 0, t.field(id, TRY_BODY), t.field(id, TRY_HANDLERS), t.field(id, TRY_ORELSE), t.field(id, TRY_FINALBODY));
      return;
    case K.TryStar:
      tryStatement(p, indent, 1, t.field(id, TRY_BODY), t.field(id, TRY_HANDLERS), t.field(id, TRY_ORELSE), t.field(id, TRY_FINALBODY));
      return;
    case K.ExceptHandler: {
      const ind = ctx >> 1;
      p.fill(ctx & 1 ? "except*" : "except", ind, NO_SEMI);
      const type = t.field(id, HANDLER_TYPE);
      if (type !== 0) {
        p.text(" ");
        p.node(type, Prec.TEST);
      }
      const name = t.field(id, HANDLER_NAME);
      p.text(name !== 0 ? " as " + t.ident(name) + ":" : ":");
      p.body(t.field(id, HANDLER_BODY), ind + 1);
      return;
    }
    case K.ClassDef: {
      p.maybeNewline();
      decorators(p, t.field(id, CLASS_DECORATORS), indent);
      p.fill("class " + t.ident(t.field(id, CLASS_NAME)), indent, NO_SEMI);
      typeParams(p, t.field(id, CLASS_TYPE_PARAMS));
      const bases = t.field(id, CLASS_BASES);
      const keywords = t.field(id, CLASS_KEYWORDS);
      const nb = t.listLength(bases);
      const nk = t.listLength(keywords);
      if (nb > 0 || nk > 0) {
        p.text("(");
        p.list(bases, Prec.TEST, ", ");
        if (nb > 0 && nk > 0) p.text(", ");
        p.list(keywords, Prec.TEST, ", ");
        p.text("):");
      } else p.text(":");
      p.docBody(t.field(id, CLASS_BODY), indent + 1, docstringLiteral);
      return;
    }
    case K.FunctionDef:
    case K.AsyncFunctionDef: {
      p.maybeNewline();
      decorators(p, t.field(id, DEF_DECORATORS), indent);
      p.fill((k === K.FunctionDef ? "def " : "async def ") + t.ident(t.field(id, DEF_NAME)), indent, NO_SEMI);
      typeParams(p, t.field(id, DEF_TYPE_PARAMS));
      p.text("(");
      p.node(t.field(id, DEF_ARGS), Prec.TEST);
      const returns = t.field(id, DEF_RETURNS);
      if (returns !== 0) {
        p.text(") -> ");
        p.node(returns, Prec.TEST);
        p.text(":");
      } else p.text("):");
      p.docBody(t.field(id, DEF_BODY), indent + 1, docstringLiteral);
      return;
    }
    case K.TypeAlias:
      p.fill("type ", indent, SEMI);
      p.node(t.field(id, ALIAS_NAME), Prec.TEST);
      typeParams(p, t.field(id, ALIAS_TYPE_PARAMS));
      p.text(" = ");
      p.node(t.field(id, ALIAS_VALUE), Prec.TEST);
      return;
    case K.For:
    case K.AsyncFor:
      p.fill(k === K.For ? "for " : "async for ", indent, NO_SEMI);
      p.node(t.field(id, FOR_TARGET), Prec.TUPLE);
      p.text(" in ");
      p.node(t.field(id, FOR_ITER), Prec.TEST);
      p.text(":");
      p.body(t.field(id, FOR_BODY), indent + 1);
      elseBlock(p, "else", t.field(id, FOR_ORELSE), indent);
      return;
    case K.If:
      ifStatement(p, id, indent);
      return;
    case K.While:
      p.fill("while ", indent, NO_SEMI);
      p.node(t.field(id, WHILE_TEST), Prec.TEST);
      p.text(":");
      p.body(t.field(id, WHILE_BODY), indent + 1);
      elseBlock(p, "else", t.field(id, WHILE_ORELSE), indent);
      return;
    case K.With:
    case K.AsyncWith:
      p.fill(k === K.With ? "with " : "async with ", indent, NO_SEMI);
      p.list(t.field(id, WITH_ITEMS), Prec.TEST, ", ");
      p.text(":");
      p.body(t.field(id, WITH_BODY), indent + 1);
      return;
    case K.Match:
      p.fill("match ", indent, NO_SEMI);
      p.node(t.field(id, MATCH_SUBJECT), Prec.TEST);
      p.text(":");
      p.body(t.field(id, MATCH_CASES), indent + 1);
      return;
    case K.match_case: {
      p.fill("case ", indent, NO_SEMI);
      p.node(t.field(id, CASE_PATTERN), Prec.TEST);
      const guard = t.field(id, CASE_GUARD);
      if (guard !== 0) {
        p.text(" if ");
        p.node(guard, Prec.TEST);
      }
      p.text(":");
      p.body(t.field(id, CASE_BODY), indent + 1);
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
  p.node(t.field(id, IF_TEST), Prec.TEST);
  p.text(":");
  p.body(t.field(id, IF_BODY), indent + 1);
  let cur = id;
  let steps = 0;
  for (;;) {
    const orelse = t.field(cur, IF_ORELSE);
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
    p.node(t.field(cur, IF_TEST), Prec.TEST);
    p.text(":");
    p.body(t.field(cur, IF_BODY), indent + 1);
  }
}
