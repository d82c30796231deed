// Assignment, deletion and loop targets: turning a parsed expression into a Store/Del target,
// and CPython's "cannot assign to ..." messages (_PyPegen_get_expr_name / get_invalid_target).
import { NodeKind as K, ExprContext } from "../schema/generated/nodes.js";
import type { Parser } from "./state.js";
import { ERRORS as E } from "../core/error-catalog.js";

/** CPython's name for an expression kind, as used in "cannot assign to %s". */
export function exprName(p: Parser, e: number): string {
  switch (p.kindOf(e)) {
    case K.Attribute:
      return "attribute";
    case K.Subscript:
      return "subscript";
    case K.Starred:
      return "starred";
    case K.Name:
      return "name";
    case K.List:
      return "list";
    case K.Tuple:
      return "tuple";
    case K.Lambda:
      return "lambda";
    case K.Call:
      return "function call";
    case K.BoolOp:
    case K.BinOp:
    case K.UnaryOp:
      return "expression";
    case K.GeneratorExp:
      return "generator expression";
    case K.Yield:
    case K.YieldFrom:
      return "yield expression";
    case K.Await:
      return "await expression";
    case K.ListComp:
      return "list comprehension";
    case K.SetComp:
      return "set comprehension";
    case K.DictComp:
      return "dict comprehension";
    case K.Dict:
      return "dict literal";
    case K.Set:
      return "set display";
    case K.JoinedStr:
    case K.FormattedValue:
      return "f-string expression";
    case K.TemplateStr:
    case K.Interpolation:
      return "t-string expression";
    case K.Constant: {
      const v = p.tree.value(p.field(e, 0), e);
      if (v === null) return "None";
      if (v === true) return "True";
      if (v === false) return "False";
      if (typeof v === "object" && v !== null && v.constructor.name === "PyEllipsis") return "ellipsis";
      return "literal";
    }
    case K.Compare:
      return "comparison";
    case K.IfExp:
      return "conditional expression";
    case K.NamedExpr:
      return "named expression";
    case K.Slice:
      return "slice";
    default:
      return "expression";
  }
}

/** The first sub-expression of `e` that cannot be a target (CPython's get_invalid_target), or 0. */
export function invalidTarget(p: Parser, e: number, mode: "star" | "del" | "for"): number {
  switch (p.kindOf(e)) {
    case K.List:
    case K.Tuple: {
      const t = p.tree;
      const l = p.field(e, 0);
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) {
        const bad = invalidTarget(p, t.listItem(l, j), mode);
        if (bad !== 0) return bad;
      }
      return 0;
    }
    case K.Starred:
      if (mode === "del") return e;
      return invalidTarget(p, p.field(e, 0), mode);
    case K.Compare:
      // `for a in b` can reach here as a comparison: search its left side.
      if (mode === "for") {
        const ops = p.field(e, 1);
        if (p.tree.listItem(ops, 0) === 4 /* In */) return invalidTarget(p, p.field(e, 0), mode);
        return 0;
      }
      return e;
    case K.Name:
    case K.Subscript:
    case K.Attribute:
      return 0;
    default:
      return e;
  }
}

/** Sets `ctx` on a target expression and its nested targets, or fails as CPython does. */
export function setContext(p: Parser, e: number, ctx: number, mode: "star" | "del" | "for"): void {
  const bad = invalidTarget(p, e, mode);
  if (bad !== 0) {
    p.failAtNode(mode === "del" ? E.CannotDelete : E.CannotAssign, bad, { target: exprName(p, bad) });
  }
  applyContext(p, e, ctx);
}

function applyContext(p: Parser, e: number, ctx: number): void {
  switch (p.kindOf(e)) {
    case K.Name:
    case K.Starred:
      p.setField(e, 1, ctx);
      if (p.kindOf(e) === K.Starred) applyContext(p, p.field(e, 0), ctx);
      return;
    case K.Attribute:
    case K.Subscript:
      p.setField(e, 2, ctx);
      return;
    case K.List:
    case K.Tuple: {
      p.setField(e, 1, ctx);
      const t = p.tree;
      const l = p.field(e, 0);
      const n = t.listLength(l);
      for (let j = 0; j < n; j++) applyContext(p, t.listItem(l, j), ctx);
      return;
    }
  }
}

/** `e := ...` where e is not a plain name. */
export function checkNamedTarget(p: Parser, e: number): never {
  p.failAtNode(E.NamedExprTarget, e, { target: exprName(p, e) });
}

export { ExprContext };
