// The AST pane: the tree as a collapsible outline, one row per node ("field[i]: Kind attrs
// line:col-line:col"). Only expanded nodes are flattened into rows and only visible rows exist in
// the DOM (VirtualList), so a 2,000-line file stays fast. Expansion is remembered by each node's
// path of (field, index) from the root, so it survives the re-parse after every keystroke.
import type { Tree, NodeId } from "../../src/ast/tree.js";
import { forEachChild } from "../../src/ast/walk.js";
import { ancestorIds, fieldOf } from "../../src/ast/navigate.js";
import { nodeRange } from "../../src/ast/positions.js";
import { view } from "../../src/ast/view.js";
import { pyRepr, reprStr } from "../../src/ast/repr.js";
import type { PyValue } from "../../src/core/pyvalue.js";
import { KINDS } from "../../src/schema/generated/nodes.js";
import { VirtualList } from "./virtual-list.js";

/** What the AST pane tells the page. */
export interface TreePaneEvents {
  /** A node was chosen (clicked, or Enter): select its source. */
  select(id: NodeId): void;
  /** The pointer is over node `id` (-1: over none). */
  hover(id: NodeId): void;
}

/** Expanded by default: nodes above this depth (the root and its statements), deeper in small trees. */
const SMALL_TREE = 400;

export class TreePane {
  readonly #list: VirtualList;
  readonly #events: TreePaneEvents;
  #tree: Tree | null = null;
  // The flattened rows: node id, depth, field index and list index in the parent, path key.
  #ids: number[] = [];
  #depth: number[] = [];
  #field: number[] = [];
  #index: number[] = [];
  #keys: string[] = [];
  #hasKids: boolean[] = [];
  #expanded = new Set<string>();
  #collapsed = new Set<string>();
  #autoDepth = 2;
  #userDepth: number | null = null;
  #selected: NodeId = -1;

  constructor(el: HTMLElement, events: TreePaneEvents) {
    this.#events = events;
    this.#list = new VirtualList(el, (row, i) => this.#renderRow(row, i));
    el.addEventListener("click", (e) => {
      const target = e.target as HTMLElement;
      const row = target.closest<HTMLElement>(".row");
      if (row === null) return;
      const i = Number(row.dataset.index);
      if (target.classList.contains("twisty")) this.toggle(i);
      else this.#choose(i);
    });
    el.addEventListener("mouseover", (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>(".row");
      if (row !== null) this.#events.hover(this.#ids[Number(row.dataset.index)]!);
    });
    el.addEventListener("mouseleave", () => this.#events.hover(-1));
    el.addEventListener("keydown", (e) => this.#key(e));
  }

  // Selects row i and tells the page (which selects the node's source in the editor).
  #choose(i: number): void {
    this.#selected = this.#ids[i]!;
    this.#list.draw();
    this.#events.select(this.#selected);
  }

  // Arrow keys move through the rows (right/left expand, collapse or go to the parent); Enter
  // or Space selects the row's source.
  #key(e: KeyboardEvent): void {
    const n = this.#ids.length;
    if (n === 0) return;
    let i = this.#ids.indexOf(this.#selected);
    const expanded = i >= 0 && this.#isExpanded(this.#keys[i]!, this.#depth[i]!);
    switch (e.key) {
      case "ArrowDown":
        i = Math.min(n - 1, i + 1);
        break;
      case "ArrowUp":
        i = Math.max(0, i - 1);
        break;
      case "Home":
        i = 0;
        break;
      case "End":
        i = n - 1;
        break;
      case "ArrowRight":
        if (i >= 0 && this.#hasKids[i] && !expanded) this.toggle(i);
        else i = Math.min(n - 1, i + 1);
        break;
      case "ArrowLeft":
        if (i >= 0 && this.#hasKids[i] && expanded) this.toggle(i);
        else if (i > 0) {
          const d = this.#depth[i]!;
          while (i > 0 && this.#depth[i]! >= d) i--;
        }
        break;
      case "Enter":
      case " ":
        if (i >= 0) this.#choose(i);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    i = Math.max(0, i);
    this.#selected = this.#ids[i]!;
    this.#list.reveal(i);
  }

  /**
   * Shows a new tree (null: none, after a syntax error), keeping expansion by path, and reveals
   * node `reveal` if given (one flattening for both).
   */
  setTree(tree: Tree | null, reveal: NodeId = -1): void {
    this.#tree = tree;
    this.#selected = -1;
    if (tree === null) this.#list.element.dataset.empty = "no tree: the source has a syntax error";
    else delete this.#list.element.dataset.empty;
    this.#autoDepth = this.#userDepth ?? (tree !== null && tree.count <= SMALL_TREE ? Infinity : 2);
    if (tree !== null && reveal >= 0) this.reveal(reveal);
    else this.#flatten();
  }

  /** Expands every node. */
  expandAll(): void {
    this.#userDepth = Infinity;
    this.#autoDepth = Infinity;
    this.#collapsed.clear();
    this.#flatten();
  }

  /** Collapses everything below the module's statements. */
  collapseAll(): void {
    this.#userDepth = 2;
    this.#autoDepth = 2;
    this.#expanded.clear();
    this.#collapsed.clear();
    this.#flatten();
  }

  /** Expands or collapses row `i`. */
  toggle(i: number): void {
    const key = this.#keys[i]!;
    if (this.#isExpanded(key, this.#depth[i]!)) {
      this.#expanded.delete(key);
      this.#collapsed.add(key);
    } else {
      this.#collapsed.delete(key);
      this.#expanded.add(key);
    }
    this.#flatten();
  }

  /** Expands the ancestors of `id`, selects its row and scrolls it into view. */
  reveal(id: NodeId): void {
    const t = this.#tree;
    if (t === null || id < 0 || id >= t.count) return;
    const chain = [id, ...ancestorIds(t, id)].reverse();
    let key = "";
    for (let j = 1; j < chain.length; j++) {
      const loc = fieldOf(t, chain[j]!)!;
      const parentDepth = j - 1;
      if (!this.#isExpanded(key, parentDepth)) {
        this.#collapsed.delete(key);
        this.#expanded.add(key);
      }
      key = `${key}/${loc.fieldIndex}.${loc.index}`;
    }
    this.#selected = id;
    this.#flatten();
    const row = this.#ids.indexOf(id);
    if (row >= 0) this.#list.reveal(row);
    else this.#list.draw();
  }

  get selected(): NodeId {
    return this.#selected;
  }

  /** The rows as text, depth-indented by two spaces (for tests and debugging). */
  rowsText(): string[] {
    return this.#ids.map(
      (_, i) =>
        "  ".repeat(this.#depth[i]!) +
        this.#label(i)
          .map((p) => p[1])
          .join(""),
    );
  }

  #isExpanded(key: string, depth: number): boolean {
    return this.#expanded.has(key) || (depth < this.#autoDepth && !this.#collapsed.has(key));
  }

  // Rebuilds the visible rows: a preorder walk with an explicit stack that descends only into
  // expanded nodes.
  #flatten(): void {
    const ids: number[] = [],
      depth: number[] = [],
      field: number[] = [],
      index: number[] = [],
      keys: string[] = [],
      kids: boolean[] = [];
    const t = this.#tree;
    if (t !== null) {
      const stack: { id: number; d: number; f: number; i: number; key: string }[] = [{ id: t.root, d: 0, f: -1, i: -1, key: "" }];
      const children: [number, number, number][] = [];
      while (stack.length > 0) {
        const n = stack.pop()!;
        ids.push(n.id);
        depth.push(n.d);
        field.push(n.f);
        index.push(n.i);
        keys.push(n.key);
        children.length = 0;
        forEachChild(t, n.id, (c, f, i) => children.push([c, f, i]));
        kids.push(children.length > 0);
        if (children.length === 0 || !this.#isExpanded(n.key, n.d)) continue;
        for (let j = children.length - 1; j >= 0; j--) {
          const [c, f, i] = children[j]!;
          stack.push({ id: c, d: n.d + 1, f, i, key: `${n.key}/${f}.${i}` });
        }
      }
    }
    this.#ids = ids;
    this.#depth = depth;
    this.#field = field;
    this.#index = index;
    this.#keys = keys;
    this.#hasKids = kids;
    this.#list.update(ids.length);
  }

  // [css class, text] parts of row i's label.
  #label(i: number): [string, string][] {
    const t = this.#tree!;
    const id = this.#ids[i]!;
    const k = t.kind[id]!;
    const spec = KINDS[k]!;
    const parts: [string, string][] = [];
    if (this.#field[i]! >= 0) {
      const parentKind = t.kind[t.parent[id]!]!;
      const name = KINDS[parentKind]!.fields[this.#field[i]!]!.name;
      parts.push(["field", this.#index[i]! >= 0 ? `${name}[${this.#index[i]}]: ` : `${name}: `]);
    }
    parts.push(["kind", spec.name]);
    const attrs = scalarFields(t, id);
    if (attrs !== "") parts.push(["attrs", ` ${attrs}`]);
    const r = nodeRange(t, id);
    if (r !== undefined) parts.push(["pos", `  ${r.lineno}:${r.col_offset}-${r.end_lineno}:${r.end_col_offset}`]);
    return parts;
  }

  #renderRow(row: HTMLDivElement, i: number): void {
    const id = this.#ids[i]!;
    row.setAttribute("role", "treeitem");
    row.dataset.node = String(id);
    if (id === this.#selected) row.classList.add("selected");
    row.style.paddingLeft = `${this.#depth[i]! * 14}px`;
    const tw = document.createElement("span");
    tw.className = "twisty";
    tw.textContent = this.#hasKids[i] ? (this.#isExpanded(this.#keys[i]!, this.#depth[i]!) ? "▾" : "▸") : "";
    row.append(tw);
    for (const [cls, text] of this.#label(i)) {
      const s = document.createElement("span");
      s.className = cls;
      s.textContent = text;
      row.append(s);
    }
  }
}

// The fields that are not nodes (identifiers, constants, ints, operators, contexts), as
// `name=value` the way ast.dump writes them; None and derived-empty fields are left out.
function scalarFields(t: Tree, id: NodeId): string {
  const spec = KINDS[t.kind[id]!]!;
  let v: Record<string, unknown> | null = null;
  const out: string[] = [];
  for (const f of spec.fields) {
    if (f.category.startsWith("node")) continue;
    v ??= view(t, id) as unknown as Record<string, unknown>;
    const x = v[f.name];
    if (x === undefined || (x === null && f.category !== "constant")) continue;
    out.push(`${f.name}=${formatScalar(x, f.category)}`);
  }
  return out.join(" ");
}

function formatScalar(x: unknown, category: string): string {
  if (Array.isArray(x)) return `[${x.map((y) => formatScalar(y, category.replace("*", ""))).join(", ")}]`;
  if (category.startsWith("ident")) return reprStr(String(x));
  if (category === "constant") return pyRepr(x as PyValue);
  if (category === "ctx" || category.startsWith("op")) return `${String(x)}()`;
  return String(x);
}
