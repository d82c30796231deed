// A match and its rule's fix operations -> edit-engine edits (src/edit/types.ts). The engine does
// the rest: separators, re-indentation, splicing, overlap detection and the re-parse. Templates
// for statements are rendered at column 0 (the engine indents them to their place); templates for
// expressions are rendered with the indentation of the line they land on, as written.
import type { NodeId, Tree } from "../ast/tree.js";
import { KINDS, KIND_BASES, NodeKind as K } from "../schema/generated/nodes.js";
import { fieldOf } from "../ast/navigate.js";
import type { Edit } from "../edit/types.js";
import type { Match } from "./compile.js";
import type { FixOp } from "./fix-spec.js";
import { columnOf, lineIndent, renderTemplate } from "./fix.js";

/** A fix operation that cannot apply at one match (the match is left unfixed and reported). */
export class FixRefusal {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const dec = new TextDecoder();

/** True for nodes laid out as statements (the edit engine re-indents their text). */
export function isStatementLike(tree: Tree, id: NodeId): boolean {
  const b = KIND_BASES[tree.kind[id]!];
  return b === "stmt" || b === "excepthandler" || tree.kind[id] === K.match_case;
}

/**
 * What the statement-level operations (replace, remove, insertBefore/After, wrap) act on: the
 * matched node, or the expression statement it is the whole of (a pattern's lone expression
 * stands for its statement, §8.1), and for a multi-statement pattern the following siblings up
 * to the match's end.
 */
export function matchedNodes(tree: Tree, m: Match): NodeId[] {
  const n = exprStatement(tree, m.node);
  if (m.range.end <= tree.end[n]!) return [n];
  const loc = fieldOf(tree, n);
  if (loc === undefined || loc.index < 0) return [n];
  const items = tree.listItems(tree.field(loc.parent, loc.fieldIndex));
  const out: NodeId[] = [];
  for (let j = loc.index; j < items.length && tree.start[items[j]!]! < m.range.end; j++) out.push(items[j]!);
  return out;
}

/** The expression statement `id` is the whole of, or `id` itself. */
function exprStatement(tree: Tree, id: NodeId): NodeId {
  const p = tree.parent[id]!;
  return p > 0 && tree.kind[p] === K.Expr ? p : id;
}

/** Replacing the matched node(s) by `text`: the first replaced, the rest of a run removed. */
export function replaceAll(ids: readonly NodeId[], text: string, keepDecorators: boolean): Edit[] {
  const out: Edit[] = [{ op: "replace", node: ids[0]!, with: text, keepDecorators }];
  for (let i = 1; i < ids.length; i++) out.push({ op: "remove", node: ids[i]! });
  return out;
}

/** The edits of `ops` at match `m`. Throws FixRefusal when an operation does not fit the match. */
export function fixEdits(tree: Tree, m: Match, ops: readonly FixOp[]): Edit[] {
  const ids = matchedNodes(tree, m);
  const stmt = isStatementLike(tree, ids[0]!);
  const render = (template: string, wrapped?: { text: string; start: number }) =>
    stmt || m.node === tree.root
      ? renderTemplate(tree, template, m.bindings, "", wrapped)
      : renderTemplate(tree, template, m.bindings, lineIndent(tree, m.range.start), wrapped, columnOf(tree, m.range.start));
  const out: Edit[] = [];
  for (const o of ops) {
    switch (o.op) {
      case "replace":
        out.push(...replaceAll(ids, render(o.template), true));
        break;
      case "wrap": {
        // The original text: decorators included, and the whole statement when it was lifted.
        const start = Math.min(m.extendedRange.start, tree.start[ids[0]!]!);
        const end = Math.max(m.range.end, tree.end[ids[ids.length - 1]!]!);
        out.push(...replaceAll(ids, render(o.template, { text: dec.decode(tree.source.subarray(start, end)), start }), false));
        break;
      }
      case "remove": {
        if (o.target === null) {
          for (const id of ids) out.push({ op: "remove", node: id });
          break;
        }
        const b = m.bindings[o.target];
        if (b === undefined) throw new FixRefusal(`$${o.target} is not bound in this match`);
        if (b.kind === "ident" || (b.kind === "run" && b.nodes.length === 0 && b.text !== "")) {
          throw new FixRefusal(
            `$${o.target} is bound to ${b.kind === "ident" ? "an identifier" : "identifiers"} (${b.text}), not to nodes: remove the node that holds ${b.kind === "ident" ? "it" : "them"}`,
          );
        }
        // An expression that is a whole statement goes with its statement.
        for (const id of b.kind === "node" ? [b.node] : b.nodes) out.push({ op: "remove", node: exprStatement(tree, id) });
        break;
      }
      case "insertBefore":
        out.push({ op: "insertBefore", node: ids[0]!, with: renderInsert(tree, ids[0]!, o.template, m) });
        break;
      case "insertAfter":
        out.push({ op: "insertAfter", node: ids[ids.length - 1]!, with: renderInsert(tree, ids[ids.length - 1]!, o.template, m) });
        break;
      case "append": {
        const fi = KINDS[tree.kind[m.node]!]!.fields.findIndex((f) => f.name === o.field);
        if (fi < 0 || KINDS[tree.kind[m.node]!]!.fields[fi]!.category !== "node*")
          throw new FixRefusal(`${tree.kindName(m.node)} has no list field \`${o.field}\``);
        // The appended item is rendered at column 0: statement text is re-indented by the engine.
        out.push({
          op: "insert",
          parent: m.node,
          field: o.field,
          index: tree.listLength(tree.field(m.node, fi)),
          with: renderTemplate(tree, o.template, m.bindings, ""),
        });
        break;
      }
      case "transform":
        break; // its metavariables are in m.bindings already (fix-run.ts)
      case "setField": {
        const name = o.value === null ? null : renderTemplate(tree, o.value, m.bindings, "").trim();
        out.push({ op: "setIdentifier", node: m.node, field: o.field, name });
        break;
      }
    }
  }
  return out;
}

// A new sibling: statements at column 0 (the engine indents them), other items as written.
function renderInsert(tree: Tree, anchor: NodeId, template: string, m: Match): string {
  return renderTemplate(tree, template, m.bindings, isStatementLike(tree, anchor) ? "" : lineIndent(tree, tree.start[anchor]!));
}
