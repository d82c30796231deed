// fromJSON: a Tree from plain objects of the shape toJSON() writes (materialize.ts), the inverse
// of toJSON. The tree is built (ast/build.ts): identifiers in a table, positions explicit.
import { Builder, Task, TO_ROOT } from "./build.js";
import type { Tree } from "./tree.js";

/**
 * Builds a Tree from plain nodes: the inverse of `tree.toJSON()`, so `fromJSON(tree.toJSON())`
 * dumps exactly as `tree` does, positions included. The shape is toJSON's: `_type` (CPython's
 * class name), each field by CPython's name, `null` for None, `{ _type: "Load" }` for contexts
 * and operators (a bare name such as `"Load"` is accepted too), constants as `plainConstant`
 * encodes them (a PyValue, as views give it, is accepted too), and optionally `lineno`,
 * `col_offset`, `end_lineno`, `end_col_offset`. As with CPython's constructors, list fields may
 * be omitted (`[]`), optional fields too (None), and `ctx` (Load); a position that is omitted or
 * null is missing, as on a node CPython's constructors make (dump leaves it out; see
 * fixMissingLocations). Node views may stand for nodes anywhere: they are copied.
 *
 * The root may be any node kind (the tree's root is then that node, not a Module). Identifiers
 * may be any string (CPython's constructors check nothing either). Not representable, so
 * rejected: a non-null `type_comment` and a non-empty `Module.type_ignores` (quarry has no type
 * comments), positions and ints outside 32 bits.
 *
 * Iterative: any depth works. Bad input throws a BuildError whose message names the path, e.g.
 * `fromJSON: body[3].value.func: unknown node type "Nmae"`; it never crashes otherwise.
 */
export function fromJSON(plain: unknown): Tree {
  const b = new Builder("fromJSON");
  b.push(Task.Plain, plain, 0, TO_ROOT, null, null, -1);
  return b.run();
}
