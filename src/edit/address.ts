// Naming a node of a tree in text, for edit scripts kept as data: a field path from the root
// (`body[0].value.args[1]`) or a kind and occurrence (`Call#1`: the second Call in source order).
import type { NodeId, Tree } from "../ast/tree.js";
import { KINDS, KIND_NAMES } from "../schema/generated/nodes.js";

/**
 * The node `address` names in `tree`, or an error message. A path is field names (CPython's)
 * joined by `.`, with `[i]` to pick item i of a list field; "" is the root. `Kind#n` is the n-th
 * (from 0) node of that kind in source order (by start offset; an enclosing node before the
 * nodes it contains).
 */
export function findNode(tree: Tree, address: string): NodeId | string {
  const occ = /^([A-Za-z_]+)#(\d+)$/.exec(address);
  if (occ !== null) {
    const k = KIND_NAMES.indexOf(occ[1]!);
    if (k <= 0) return `unknown node kind \`${occ[1]}\``;
    const ids: number[] = [];
    for (let id = 0; id < tree.count; id++) if (tree.kind[id] === k) ids.push(id);
    ids.sort((a, b) => tree.start[a]! - tree.start[b]! || tree.end[b]! - tree.end[a]! || a - b);
    const n = Number(occ[2]);
    return n < ids.length ? ids[n]! : `there are only ${ids.length} ${occ[1]} nodes`;
  }
  let id: NodeId = tree.root;
  if (address === "") return id;
  for (const step of address.split(".")) {
    const m = /^([A-Za-z_]+)(?:\[(\d+)\])?$/.exec(step);
    if (m === null) return `bad path step \`${step}\``;
    const spec = KINDS[tree.kind[id]!]!;
    const fi = spec.fields.findIndex((f) => f.name === m[1]);
    if (fi < 0) return `${spec.name} has no field \`${m[1]}\``;
    const cat = spec.fields[fi]!.category;
    const raw = tree.field(id, fi);
    if (cat === "node*") {
      if (m[2] === undefined) return `\`${m[1]}\` is a list: give an index`;
      const items = tree.listItems(raw);
      const j = Number(m[2]);
      if (j >= items.length || items[j] === 0) return `${spec.name}.${m[1]} has no item ${j}`;
      id = items[j]!;
    } else if (cat === "node" || cat === "node?") {
      if (m[2] !== undefined) return `\`${m[1]}\` is not a list`;
      if (raw === 0) return `${spec.name}.${m[1]} is None`;
      id = raw;
    } else return `${spec.name}.${m[1]} is not a node field`;
  }
  return id;
}
