// The edit script and its result, as plain data: what a caller asks for and what applyEdits()
// answers. Nothing here computes anything.
import type { NodeId, Tree } from "../ast/tree.js";
import type { PySyntaxError } from "../core/diagnostics.js";
import type { PlainInput } from "../ast/materialize.js";

/**
 * A node of some tree, to be written out as Python source (see nodeText): a node built with
 * fromJSON, or one taken from another parse. `id` defaults to the tree's root.
 */
export interface NodeRef {
  readonly tree: Tree;
  readonly id?: NodeId;
}

/**
 * What goes in: source text (used as written, re-indented for statements), a node of some tree,
 * or a plain node (`ast.Call({...})`); nodes are written with CPython-exact `unparse`.
 */
export type Replacement = string | NodeRef | PlainInput;

/** Replaces the node's source (a statement with its decorators) by `with`. */
export interface ReplaceEdit {
  readonly op: "replace";
  readonly node: NodeId;
  readonly with: Replacement;
  /**
   * For a decorated FunctionDef, AsyncFunctionDef or ClassDef: replace from `def`/`class` on
   * (the node's own range, as CPython positions it) and leave the decorators where they are.
   * Ignored for other nodes. Default false (the decorators are replaced too).
   */
  readonly keepDecorators?: boolean;
}

/**
 * Inserts a new item before or after `node`, which must be an item of a list field (a statement
 * of a body, an argument, an element, a decorator, an import name, a parameter...). The item's
 * separator (comma, newline and indentation, `@`, ` = `, ` and `...) is added.
 */
export interface InsertBesideEdit {
  readonly op: "insertBefore" | "insertAfter";
  readonly node: NodeId;
  readonly with: Replacement;
}

/**
 * Inserts a new item at `index` (0..length) of list field `field` of `parent`: the way to add to
 * an empty list (call arguments, list elements, decorators, parameters, a module's body).
 */
export interface InsertEdit {
  readonly op: "insert";
  readonly parent: NodeId;
  readonly field: string;
  readonly index: number;
  readonly with: Replacement;
}

/** Removes an item of a list field with its separator; the only statement of a body becomes `pass`. */
export interface RemoveEdit {
  readonly op: "remove";
  readonly node: NodeId;
}

/**
 * Sets an identifier field: FunctionDef/ClassDef `name`, Name `id`, arg `arg`, keyword `arg`,
 * Attribute `attr`, alias `name`/`asname`, and the other `ident` fields that are written in the
 * source (ExceptHandler, MatchAs, MatchStar, type parameters...). `field` defaults to the kind's
 * identifier field. `name: null` removes an alias's `as` name; setting an absent `asname` adds one.
 */
export interface SetIdentifierEdit {
  readonly op: "setIdentifier";
  readonly node: NodeId;
  readonly field?: string;
  readonly name: string | null;
}

/** One edit of an edit script. NodeIds are those of the tree passed to applyEdits. */
export type Edit = ReplaceEdit | InsertBesideEdit | InsertEdit | RemoveEdit | SetIdentifierEdit;

/** One byte-range replacement an edit resolved to, in the ORIGINAL source (UTF-8 byte offsets). */
export interface TextChange {
  /** Index of the edit in the script. */
  readonly edit: number;
  readonly start: number;
  readonly end: number;
  /** The text written in place of [start, end), with the file's newline style. */
  readonly text: string;
}

/** Two edits whose byte ranges overlap: neither is applied (nothing is guessed). */
export interface EditConflict {
  /** Indices of the two edits in the script, a < b. */
  readonly a: number;
  readonly b: number;
  /** Both edits named, e.g. "edit 0 (remove Call at 3:4) overlaps edit 2 (replace Name at 3:6)". */
  readonly message: string;
}

/** Why an edit script was refused. */
export type EditError =
  | {
      /** An edit the tree cannot take (bad node id, not a list item, unknown field, ...). */
      readonly kind: "invalid-edit";
      readonly code: string;
      readonly edit: number;
      readonly message: string;
    }
  | {
      /** Some edits overlap: see `conflicts`. */
      readonly kind: "conflict";
      readonly code: string;
      readonly message: string;
    }
  | {
      /**
       * The edited text is not valid Python: CPython's SyntaxError for it, positioned in
       * `text` (the refused new source, for showing the error on).
       */
      readonly kind: "syntax";
      readonly code: string;
      readonly message: string;
      readonly syntaxError: PySyntaxError;
      readonly text: string;
    }
  | {
      /** The text is valid but a replaced expression did not come out as one node at its place. */
      readonly kind: "structure";
      readonly code: string;
      /** The first such edit. */
      readonly edit: number;
      /** Every edit whose replacement did not stand as one expression, ascending. */
      readonly edits: readonly number[];
      readonly message: string;
      readonly text: string;
    };

/** What applyEdits answers; it never throws on bad input. */
export interface EditResult {
  /** The new source (valid Python, parsed again), or null when the script was refused. */
  readonly text: string | null;
  /** The byte-range replacements the edits resolved to, in source order (also when refused for a syntax error). */
  readonly changes: readonly TextChange[];
  /** Overlapping edits (then `error.kind` is "conflict" and `text` is null). */
  readonly conflicts: readonly EditConflict[];
  readonly error: EditError | null;
}

/** Options of applyEdits. */
export interface EditOptions {
  /**
   * The exact input the tree was parsed from, when it differs from `tree.source` (which has
   * "\r\n" turned into "\n" and any BOM dropped): untouched bytes of THIS text are kept, CRLF
   * line ends included, and inserted lines take its newline style. A bytes input must be UTF-8.
   */
  readonly source?: string | Uint8Array;
  /**
   * Default true: an expression replacement that does not stand as one node at its place (for
   * `a * b` with `a` replaced by `x + y`) is retried in parentheses.
   */
  readonly parenthesize?: boolean;
}
